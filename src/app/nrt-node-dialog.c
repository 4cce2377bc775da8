/* nrt-node-dialog.c: the window that shows one node's tensors. */
#define G_LOG_DOMAIN "neurite-node-dialog"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "plot/nrt-plot-graph.h"

#include "nrt-node-dialog.h"

struct _NrtNodeDialog
{
  GtkWindow parent_instance;

  NrtTensor *value;            /* copies, so that later steps do not change them */
  NrtTensor *grad;             /* NULL for inputs and constants */
  NrtTensorHeatmapPlot value_plot;
  NrtTensorHeatmapPlot grad_plot;
};

G_DEFINE_FINAL_TYPE (NrtNodeDialog, nrt_node_dialog, GTK_TYPE_WINDOW)

static NrtTensor *
copy_tensor (const NrtTensor *tensor)
{
  NrtTensor *copy;

  if (tensor == NULL)
    return NULL;
  copy = nrt_tensor_new (tensor->ndim, tensor->shape);
  if (copy != NULL && tensor->size > 0)
    memcpy (copy->data, tensor->data, tensor->size * sizeof (float));
  return copy;
}

static void
draw_heatmap (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  const NrtTensorHeatmapPlot *plot = data;

  if (plot->tensor != NULL)
    nrt_plot_tensor_heatmap (cr, width, height, plot->tensor, plot->title);
}

static GtkWidget *
heatmap_area (NrtTensorHeatmapPlot *plot, const char *accessible_label)
{
  GtkWidget *area = gtk_drawing_area_new ();

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 320);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 220);
  gtk_widget_set_hexpand (area, TRUE);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_heatmap, plot, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (area), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_label, -1);
  return area;
}

/* Writes the multi-index of flat element i of tensor, such as "[3, 1]". */
static void
format_index (const NrtTensor *tensor, gsize i, char *buffer, gsize size)
{
  int index[NRT_MAX_DIMS] = { 0 };
  GString *text = g_string_new ("[");

  for (int d = tensor->ndim - 1; d >= 0; d--)
    {
      index[d] = (int) (i % (gsize) tensor->shape[d]);
      i /= (gsize) tensor->shape[d];
    }
  for (int d = 0; d < tensor->ndim; d++)
    g_string_append_printf (text, "%s%d", d > 0 ? ", " : "", index[d]);
  g_string_append (text, "]");
  g_strlcpy (buffer, text->str, size);
  g_string_free (text, TRUE);
}

static GtkWidget *
cell_label (const char *text, gboolean heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  else
    gtk_widget_add_css_class (label, "monospace");
  return label;
}

/* Builds the element table, capped at NRT_NODE_DIALOG_MAX_ROWS rows. */
static GtkWidget *
element_table (NrtNodeDialog *self)
{
  GtkWidget *grid = gtk_grid_new ();
  gsize rows = MIN (self->value->size, NRT_NODE_DIALOG_MAX_ROWS);

  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
  gtk_grid_attach (GTK_GRID (grid), cell_label (_("Index"), TRUE), 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), cell_label (_("Value"), TRUE), 1, 0, 1, 1);
  if (self->grad != NULL)
    gtk_grid_attach (GTK_GRID (grid), cell_label (_("Gradient"), TRUE), 2, 0, 1, 1);

  for (gsize i = 0; i < rows; i++)
    {
      char index[64], value[32], grad[32];

      format_index (self->value, i, index, sizeof index);
      g_snprintf (value, sizeof value, "%.6g", self->value->data[i]);
      gtk_grid_attach (GTK_GRID (grid), cell_label (index, FALSE), 0, (int) i + 1, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), cell_label (value, FALSE), 1, (int) i + 1, 1, 1);
      if (self->grad != NULL)
        {
          g_snprintf (grad, sizeof grad, "%.6g", self->grad->data[i]);
          gtk_grid_attach (GTK_GRID (grid), cell_label (grad, FALSE), 2, (int) i + 1, 1, 1);
        }
    }
  return grid;
}

static void
nrt_node_dialog_finalize (GObject *object)
{
  NrtNodeDialog *self = NRT_NODE_DIALOG (object);

  g_clear_pointer (&self->value, nrt_tensor_free);
  g_clear_pointer (&self->grad, nrt_tensor_free);
  g_free ((char *) self->value_plot.title);
  g_free ((char *) self->grad_plot.title);

  G_OBJECT_CLASS (nrt_node_dialog_parent_class)->finalize (object);
}

static void
nrt_node_dialog_class_init (NrtNodeDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = nrt_node_dialog_finalize;
}

static void
nrt_node_dialog_init (NrtNodeDialog *self)
{
}

GtkWidget *
nrt_node_dialog_new (GtkWindow *parent, const NrtNode *node)
{
  NrtNodeDialog *self = g_object_new (NRT_TYPE_NODE_DIALOG, NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *maps = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *note;
  char shape[64];
  g_autofree char *title = NULL;
  g_autofree char *caption = NULL;

  g_return_val_if_fail (node != NULL && node->value != NULL, NULL);

  /* Step 1: the copies and the window. */
  self->value = copy_tensor (node->value);
  self->grad = copy_tensor (node->grad);
  nrt_shape_format (node->value->ndim, node->value->shape, shape, sizeof shape);
  title = g_strdup_printf ("%s %s", node->name, shape);
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 720, 600);

  /* Step 2: the heatmaps of value and gradient. */
  self->value_plot.tensor = self->value;
  self->value_plot.title = g_strdup (_("Value"));
  gtk_box_append (GTK_BOX (maps), heatmap_area (&self->value_plot, _("Value heatmap")));
  if (self->grad != NULL)
    {
      self->grad_plot.tensor = self->grad;
      self->grad_plot.title = g_strdup (_("Gradient d(loss)/d(value)"));
      gtk_box_append (GTK_BOX (maps), heatmap_area (&self->grad_plot, _("Gradient heatmap")));
    }
  gtk_box_append (GTK_BOX (box), maps);

  /* Step 3: the elements, with a note when the table is cut. */
  if (self->value->size > NRT_NODE_DIALOG_MAX_ROWS)
    caption = g_strdup_printf (_("The first %d of %" G_GSIZE_FORMAT " elements, in row-major "
                                 "order:"),
                               NRT_NODE_DIALOG_MAX_ROWS, self->value->size);
  else
    caption = g_strdup_printf (_("All %" G_GSIZE_FORMAT " elements, in row-major order:"),
                               self->value->size);
  note = gtk_label_new (caption);
  gtk_label_set_xalign (GTK_LABEL (note), 0.0);
  gtk_box_append (GTK_BOX (box), note);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), element_table (self));
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (scrolled), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Elements"), -1);
  gtk_box_append (GTK_BOX (box), scrolled);

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_window_set_child (GTK_WINDOW (self), box);
  return GTK_WIDGET (self);
}
