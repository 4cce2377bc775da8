/* nrt-expr-panel-graph.c: the computation graph in the expression panel.
 * This file contains its layout, the drawing area with zoom and fit, the
 * popover with a node's value and derivative, and the export of the drawing. */
#define G_LOG_DOMAIN "neurite-expr-panel"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "nrt-export.h"
#include "nrt-expr-panel-private.h"

/* Zoom factors relative to the layout's natural size. nrt_plot_graph
 * scales up by at most 1.5, so more zoom would only add empty margin. */
#define ZOOM_MIN 0.2
#define ZOOM_MAX 1.5
#define ZOOM_FACTOR 1.25

/* Room for the title and legend rows above the diagram, in pixels at
 * zoom 1, when the drawing area is sized for a zoom level. */
#define TITLE_ROOM 64

/* Graphs with more nodes than this are neither laid out nor drawn, because
 * the layout runs on the UI thread and its time grows faster than linearly
 * with the node count: 0.25 s for about 3,000 nodes in this panel's test
 * program under Xvfb. Fitted into the view, such graphs are unreadable anyway. */
#define GRAPH_MAX_NODES 300

/* The largest drawing area side, in pixels. cairo image surfaces are
 * limited to 32767 pixels a side, and GL drivers commonly limit textures to 16384. */
#define GRAPH_MAX_PIXELS 16000

/* Opacity of the graph of the last good program while the text has a
 * syntax error. */
#define STALE_ALPHA 0.3

/* ---- the graph layout, once per program ---- */

/* Returns a string that changes whenever the graph's nodes or edges do. */
static char *
describe_graph_structure (NrtGraph *graph)
{
  GString *signature = g_string_new (NULL);

  for (int id = 0; id < nrt_graph_get_n_nodes (graph); id++)
    {
      const NrtNode *node = nrt_graph_get_node (graph, id);

      g_string_append_printf (signature, "%d:%d:%s(", (int) node->kind, (int) node->op, node->name);
      for (int k = 0; k < node->n_inputs; k++)
        g_string_append_printf (signature, "%d,", node->inputs[k]);
      g_string_append (signature, ")\n");
    }
  return g_string_free (signature, FALSE);
}

static void nrt_expr_panel_apply_zoom (NrtExprPanel *self);

/* Returns the note that replaces a graph of more than GRAPH_MAX_NODES
 * nodes, or NULL when the graph is small enough to draw. */
static char *
describe_graph_too_large (NrtGraph *graph)
{
  int n_nodes = nrt_graph_get_n_nodes (graph);

  if (n_nodes <= GRAPH_MAX_NODES)
    return NULL;
  /* TRANSLATORS: the first %d is the graph's node count, the second the limit. */
  return g_strdup_printf (_("The graph has %d nodes; graphs of up to %d nodes are drawn. "
                            "The values and derivatives are below."),
                          n_nodes, GRAPH_MAX_NODES);
}

void
nrt_expr_panel_update_layout (NrtExprPanel *self)
{
  NrtGraph *graph = nrt_expr_get_graph (self->expr);
  g_autofree char *signature = NULL;
  g_autoptr (GError) error = NULL;

  /* Step 1: a graph too large to lay out gets a note in its place. */
  g_clear_pointer (&self->graph_note, g_free);
  self->graph_note = describe_graph_too_large (graph);
  if (self->graph_note != NULL)
    {
      g_clear_pointer (&self->layout, nrt_graph_layout_free);
      g_clear_pointer (&self->layout_signature, g_free);
      gtk_popover_popdown (self->node_popover);
      nrt_expr_panel_apply_zoom (self);
      return;
    }

  /* Step 2: a new layout only when the structure changed. */
  signature = describe_graph_structure (graph);
  if (self->layout != NULL && g_strcmp0 (signature, self->layout_signature) == 0)
    return;

  g_clear_pointer (&self->layout, nrt_graph_layout_free);
  g_clear_pointer (&self->layout_signature, g_free);
  self->layout = nrt_graph_layout_new (graph, &error);
  if (self->layout == NULL)
    {
      g_warning ("Could not lay out the expression graph: %s", error->message);
      nrt_expr_panel_apply_zoom (self);
      return;
    }
  self->layout_signature = g_steal_pointer (&signature);
  gtk_popover_popdown (self->node_popover);
  nrt_expr_panel_apply_zoom (self);
}

/* ---- the graph view ---- */

static void
nrt_expr_panel_fill_plot (NrtExprPanel *self, NrtGraphPlot *plot)
{
  memset (plot, 0, sizeof *plot);
  plot->graph = nrt_expr_get_graph (self->expr);
  plot->layout = self->layout;
  plot->show_values = TRUE;
  plot->active_node = -1;
  plot->title = self->graph_title;
}

/* Draws message in the widget's text colour, wrapped, from the top left. */
static void
draw_message (GtkWidget *widget, cairo_t *cr, int width, double y, const char *message)
{
  g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (widget, message);
  GdkRGBA color;

  pango_layout_set_width (layout, MAX (1, width - 24) * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  /* gtk_widget_get_color is GTK 4.10, so this reads the style context as 4.8 does. */
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_move_to (cr, 12, y);
  pango_cairo_show_layout (cr, layout);
}

/* Draws message on a pale yellow band across the top. The renderer paints
 * the area white whatever the theme, so the text is dark, not the theme's. */
static void
draw_banner (GtkWidget *widget, cairo_t *cr, int width, const char *message)
{
  g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (widget, message);
  int text_height;

  pango_layout_set_width (layout, MAX (1, width - 24) * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_get_pixel_size (layout, NULL, &text_height);

  cairo_rectangle (cr, 0, 0, width, text_height + 16);
  cairo_set_source_rgb (cr, 1.0, 0.95, 0.78);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 0.75, 0.6, 0.2);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);
  cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
  cairo_move_to (cr, 12, 8);
  pango_cairo_show_layout (cr, layout);
}

void
nrt_expr_panel_graph_draw (GtkDrawingArea *area, cairo_t *cr, int width, int height,
                           gpointer user_data)
{
  NrtExprPanel *self = user_data;
  NrtGraphPlot plot;

  /* GTK may draw a widget that has no size yet, and cairo fails on it. */
  if (width < 1 || height < 1)
    return;

  if (self->graph_note != NULL)
    {
      draw_message (GTK_WIDGET (area), cr, width, 12, self->graph_note);
      return;
    }
  if (self->expr == NULL || self->layout == NULL)
    {
      draw_message (GTK_WIDGET (area), cr, width, 12,
                    self->expr == NULL ? _("The graph appears here once the program parses.")
                                       : _("The graph could not be laid out."));
      return;
    }

  nrt_expr_panel_fill_plot (self, &plot);
  if (!nrt_expr_panel_has_error (self))
    {
      nrt_plot_graph (cr, width, height, &plot);
      return;
    }

  /* The last good graph, faded, under a note that gives the reason. */
  cairo_push_group (cr);
  nrt_plot_graph (cr, width, height, &plot);
  cairo_pop_group_to_source (cr);
  cairo_paint_with_alpha (cr, STALE_ALPHA);
  draw_banner (GTK_WIDGET (area), cr, width,
               _("Syntax error: this is the graph of the last program that parsed. "
                 "Fix the program to update it."));
}

static void
nrt_expr_panel_show_node (NrtExprPanel *self, int id, double x, double y)
{
  NrtGraph *graph = nrt_expr_get_graph (self->expr);
  const NrtNode *node = nrt_graph_get_node (graph, id);
  const char *output = nrt_expr_get_output_name (self->expr);
  const char *name = node->name;
  g_autofree char *value = NULL;
  g_autofree char *derivative = NULL;
  g_autofree char *markup = NULL;
  g_autofree char *where = g_strdup ("");
  NrtGraphPlot plot;
  GdkRectangle rect = { (int) x, (int) y, 1, 1 };
  double box_x, box_y, box_width, box_height;

  /* An assignment's node carries its full source text, which node->name
   * may have cut at 63 bytes. */
  for (int s = 0; s < nrt_expr_get_n_statements (self->expr); s++)
    if (nrt_expr_get_statement_node (self->expr, s) == id)
      {
        name = nrt_expr_get_statement_text (self->expr, s);
        g_free (where);
        /* TRANSLATORS: where an assignment is in the program. */
        where = g_strdup_printf (_("Assignment on line %d\n"),
                                 nrt_expr_get_statement_line (self->expr, s));
      }

  value = format_number (node->value != NULL ? node->value->data[0] : NAN);
  if (node->grad != NULL)
    derivative = format_number (node->grad->data[0]);
  else
    derivative = g_strdup (_("none, since constants are not differentiated"));
  /* TRANSLATORS: a graph node's details: its name, where it comes from, value and derivative. */
  markup = g_markup_printf_escaped (_("<b>%s</b>\n%sValue: %s\nd%s/d(this node): %s"), name, where,
                                    value, output, derivative);
  gtk_label_set_markup (self->node_label, markup);

  nrt_expr_panel_fill_plot (self, &plot);
  if (nrt_plot_graph_get_node_area (&plot, gtk_widget_get_width (GTK_WIDGET (self->graph_area)),
                                    gtk_widget_get_height (GTK_WIDGET (self->graph_area)), id,
                                    &box_x, &box_y, &box_width, &box_height))
    {
      rect.x = (int) box_x;
      rect.y = (int) box_y;
      rect.width = MAX (1, (int) box_width);
      rect.height = MAX (1, (int) box_height);
    }
  gtk_popover_set_pointing_to (self->node_popover, &rect);
  gtk_popover_popup (self->node_popover);
}

void
nrt_expr_panel_graph_pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y,
                                 NrtExprPanel *self)
{
  NrtGraphPlot plot;
  int node;

  if (self->expr == NULL || self->layout == NULL)
    return;

  nrt_expr_panel_fill_plot (self, &plot);
  node = nrt_plot_graph_hit_test (&plot, gtk_widget_get_width (GTK_WIDGET (self->graph_area)),
                                  gtk_widget_get_height (GTK_WIDGET (self->graph_area)), x, y);
  if (node >= 0)
    nrt_expr_panel_show_node (self, node, x, y);
  else
    gtk_popover_popdown (self->node_popover);
}

/* Sizes the drawing area: the scroller's view when fitting, otherwise the
 * layout's natural size times the zoom, which the scroller pans. */
static void
nrt_expr_panel_apply_zoom (NrtExprPanel *self)
{
  double width = 0.0, height = 0.0;

  if (self->fit || self->layout == NULL)
    {
      gtk_drawing_area_set_content_width (self->graph_area, 0);
      gtk_drawing_area_set_content_height (self->graph_area, 0);
      gtk_widget_queue_draw (GTK_WIDGET (self->graph_area));
      return;
    }

  nrt_graph_layout_get_size (self->layout, &width, &height);
  width = CLAMP (ceil (width * self->zoom), 1.0, GRAPH_MAX_PIXELS);
  height = CLAMP (ceil ((height + TITLE_ROOM) * self->zoom), 1.0, GRAPH_MAX_PIXELS);
  gtk_drawing_area_set_content_width (self->graph_area, (int) width);
  gtk_drawing_area_set_content_height (self->graph_area, (int) height);
}

/* Returns the scale at which the fitted graph is drawn now, so that
 * zooming starts from the scale on screen. */
static double
nrt_expr_panel_get_fit_zoom (NrtExprPanel *self)
{
  double width = 0.0, height = 0.0;
  int view_width = gtk_widget_get_width (GTK_WIDGET (self->graph_scroller));
  int view_height = gtk_widget_get_height (GTK_WIDGET (self->graph_scroller));

  if (self->layout == NULL)
    return 1.0;
  nrt_graph_layout_get_size (self->layout, &width, &height);
  if (width <= 0.0 || height <= 0.0 || view_width <= 0 || view_height <= 0)
    return 1.0;
  return CLAMP (MIN (view_width / width, view_height / (height + TITLE_ROOM)), ZOOM_MIN, ZOOM_MAX);
}

static void
nrt_expr_panel_zoom_by (NrtExprPanel *self, double factor)
{
  double zoom = self->fit ? nrt_expr_panel_get_fit_zoom (self) : self->zoom;

  self->zoom = CLAMP (zoom * factor, ZOOM_MIN, ZOOM_MAX);
  self->fit = FALSE;
  self->updating++;
  gtk_toggle_button_set_active (self->fit_button, FALSE);
  self->updating--;
  nrt_expr_panel_apply_zoom (self);
}

void
nrt_expr_panel_zoom_in_clicked_cb (NrtExprPanel *self)
{
  nrt_expr_panel_zoom_by (self, ZOOM_FACTOR);
}

void
nrt_expr_panel_zoom_out_clicked_cb (NrtExprPanel *self)
{
  nrt_expr_panel_zoom_by (self, 1.0 / ZOOM_FACTOR);
}

void
nrt_expr_panel_fit_toggled_cb (NrtExprPanel *self)
{
  if (self->updating > 0)
    return;

  self->fit = gtk_toggle_button_get_active (self->fit_button);
  if (!self->fit)
    self->zoom = nrt_expr_panel_get_fit_zoom (self);
  nrt_expr_panel_apply_zoom (self);
}

/* ---- export ---- */

/* A copy of the program's graph that the export dialog owns, so that
 * editing the program while the dialog is open changes nothing in it. */
typedef struct {
  NrtExpr *expr;
  NrtGraphLayout *layout;
  char *title;
  NrtGraphPlot plot;
} GraphSnapshot;

static void
graph_snapshot_free (gpointer data)
{
  GraphSnapshot *snapshot = data;

  nrt_expr_free (snapshot->expr);
  g_clear_pointer (&snapshot->layout, nrt_graph_layout_free);
  g_free (snapshot->title);
  g_free (snapshot);
}

static void
graph_snapshot_draw (cairo_t *cr, double width, double height, gpointer data)
{
  GraphSnapshot *snapshot = data;

  nrt_plot_graph (cr, width, height, &snapshot->plot);
}

static GraphSnapshot *
nrt_expr_panel_snapshot_graph (NrtExprPanel *self, GError **error)
{
  GraphSnapshot *snapshot;
  NrtError err = { 0 };

  if (self->expr == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("There is no graph to export: the program has not parsed yet. "
                     "Fix its syntax error first."));
      return NULL;
    }
  if (self->graph_note != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("There is no graph to export: %s"), self->graph_note);
      return NULL;
    }

  snapshot = g_new0 (GraphSnapshot, 1);
  snapshot->expr = nrt_expr_parse (self->expr_source, &err, NULL);
  if (snapshot->expr == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not copy the program for export: %s"), err.message);
      graph_snapshot_free (snapshot);
      return NULL;
    }
  for (int i = 0; i < nrt_expr_get_n_inputs (self->expr); i++)
    nrt_expr_set_input_value (snapshot->expr, i, nrt_expr_get_input_value (self->expr, i));
  /* A NaN is drawn as such, so the export goes on. */
  nrt_expr_evaluate (snapshot->expr, NULL);

  snapshot->layout = nrt_graph_layout_new (nrt_expr_get_graph (snapshot->expr), error);
  if (snapshot->layout == NULL)
    {
      graph_snapshot_free (snapshot);
      return NULL;
    }
  snapshot->title = g_strdup (self->graph_title);
  snapshot->plot.graph = nrt_expr_get_graph (snapshot->expr);
  snapshot->plot.layout = snapshot->layout;
  snapshot->plot.show_values = TRUE;
  snapshot->plot.active_node = -1;
  snapshot->plot.title = snapshot->title;
  return snapshot;
}

void
nrt_expr_panel_export_clicked_cb (NrtExprPanel *self)
{
  g_autoptr (GError) error = NULL;
  GraphSnapshot *snapshot;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  int width = gtk_widget_get_width (GTK_WIDGET (self->graph_area));
  int height = gtk_widget_get_height (GTK_WIDGET (self->graph_area));

  snapshot = nrt_expr_panel_snapshot_graph (self, &error);
  if (snapshot == NULL)
    {
      g_warning ("Could not export the expression graph: %s", error->message);
      return;
    }
  nrt_export_view (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("expression-graph.png"),
                   width > 0 ? width : 800, height > 0 ? height : 600, graph_snapshot_draw,
                   snapshot, graph_snapshot_free);
}

gboolean
nrt_expr_panel_export_graph (NrtExprPanel *self, const char *path, int width, int height,
                             GError **error)
{
  GraphSnapshot *snapshot;
  gboolean written;

  g_return_val_if_fail (NRT_IS_EXPR_PANEL (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  snapshot = nrt_expr_panel_snapshot_graph (self, error);
  if (snapshot == NULL)
    return FALSE;
  written = nrt_export_to_file (path, width, height, graph_snapshot_draw, snapshot, error);
  graph_snapshot_free (snapshot);
  return written;
}

char *
nrt_expr_panel_dup_graph_note (NrtExprPanel *self)
{
  g_return_val_if_fail (NRT_IS_EXPR_PANEL (self), NULL);

  return g_strdup (self->graph_note);
}
