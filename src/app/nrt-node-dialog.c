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

  /* Template children, in alphabetical order. */
  GtkLabel *caption_label;
  GtkGrid *element_grid;
  GtkDrawingArea *grad_area;
  GtkDrawingArea *value_area;

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

/* Fills the element table, capped at NRT_NODE_DIALOG_MAX_ROWS rows. */
static void
fill_element_table (NrtNodeDialog *self)
{
  GtkGrid *grid = self->element_grid;
  gsize rows = MIN (self->value->size, NRT_NODE_DIALOG_MAX_ROWS);

  gtk_grid_attach (grid, cell_label (_("Index"), TRUE), 0, 0, 1, 1);
  gtk_grid_attach (grid, cell_label (_("Value"), TRUE), 1, 0, 1, 1);
  if (self->grad != NULL)
    gtk_grid_attach (grid, cell_label (_("Gradient"), TRUE), 2, 0, 1, 1);

  for (gsize i = 0; i < rows; i++)
    {
      char index[64], value[32], grad[32];

      format_index (self->value, i, index, sizeof index);
      g_snprintf (value, sizeof value, "%.6g", self->value->data[i]);
      gtk_grid_attach (grid, cell_label (index, FALSE), 0, (int) i + 1, 1, 1);
      gtk_grid_attach (grid, cell_label (value, FALSE), 1, (int) i + 1, 1, 1);
      if (self->grad != NULL)
        {
          g_snprintf (grad, sizeof grad, "%.6g", self->grad->data[i]);
          gtk_grid_attach (grid, cell_label (grad, FALSE), 2, (int) i + 1, 1, 1);
        }
    }
}

static void
nrt_node_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), NRT_TYPE_NODE_DIALOG);

  G_OBJECT_CLASS (nrt_node_dialog_parent_class)->dispose (object);
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
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nrt_node_dialog_dispose;
  object_class->finalize = nrt_node_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/neurite/Neurite/nrt-node-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, NrtNodeDialog, caption_label);
  gtk_widget_class_bind_template_child (widget_class, NrtNodeDialog, element_grid);
  gtk_widget_class_bind_template_child (widget_class, NrtNodeDialog, grad_area);
  gtk_widget_class_bind_template_child (widget_class, NrtNodeDialog, value_area);

  /* GtkWindow installs the "window.close" action, but GTK 4.8 binds no key to it. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
nrt_node_dialog_init (NrtNodeDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->value_area, draw_heatmap, &self->value_plot, NULL);
  gtk_drawing_area_set_draw_func (self->grad_area, draw_heatmap, &self->grad_plot, NULL);
}

GtkWidget *
nrt_node_dialog_new (GtkWindow *parent, const NrtNode *node)
{
  NrtNodeDialog *self;
  char shape[64];
  g_autofree char *title = NULL;
  g_autofree char *caption = NULL;

  g_return_val_if_fail (node != NULL && node->value != NULL, NULL);

  /* Step 1: the copies and the window. */
  nrt_shape_format (node->value->ndim, node->value->shape, shape, sizeof shape);
  title = g_strdup_printf ("%s %s", node->name, shape);
  self = g_object_new (NRT_TYPE_NODE_DIALOG, "title", title, "transient-for", parent, NULL);
  self->value = copy_tensor (node->value);
  self->grad = copy_tensor (node->grad);

  /* Step 2: the heatmaps of value and gradient. */
  self->value_plot.tensor = self->value;
  self->value_plot.title = g_strdup (_("Value"));
  if (self->grad != NULL)
    {
      self->grad_plot.tensor = self->grad;
      self->grad_plot.title = g_strdup (_("Gradient d(loss)/d(value)"));
      gtk_widget_set_visible (GTK_WIDGET (self->grad_area), TRUE);
    }

  /* Step 3: the elements, with a note when the table is cut. */
  if (self->value->size > NRT_NODE_DIALOG_MAX_ROWS)
    caption = g_strdup_printf (_("The first %d of %" G_GSIZE_FORMAT " elements, in row-major "
                                 "order:"),
                               NRT_NODE_DIALOG_MAX_ROWS, self->value->size);
  else
    caption = g_strdup_printf (_("All %" G_GSIZE_FORMAT " elements, in row-major order:"),
                               self->value->size);
  gtk_label_set_label (self->caption_label, caption);
  fill_element_table (self);
  return GTK_WIDGET (self);
}
