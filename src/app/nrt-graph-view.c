/* nrt-graph-view.c: the computation graph widget. Clicking a node emits
 * "node-activated" with its id, so that the window can open the node's
 * tensors. */
#define G_LOG_DOMAIN "neurite-graph-view"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "plot/nrt-plot-graph.h"

#include "nrt-graph-view.h"
#include "nrt-network-view.h"

/* Size of the drawing at zoom 1 when the scrolled window is not allocated. */
#define BASE_WIDTH 480
#define BASE_HEIGHT 360

struct _NrtGraphView
{
  GtkDrawingArea parent_instance;

  NrtInspector *inspector;     /* borrowed, or NULL */
  gboolean stepping;
  double zoom;
};

G_DEFINE_FINAL_TYPE (NrtGraphView, nrt_graph_view, GTK_TYPE_DRAWING_AREA)

enum {
  SIGNAL_NODE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
fill_plot (NrtGraphView *self, NrtGraphPlot *plot)
{
  *plot = (NrtGraphPlot) { 0 };
  plot->active_node = -1;
  if (self->inspector == NULL)
    return FALSE;

  plot->graph = nrt_inspector_get_graph (self->inspector);
  plot->layout = nrt_inspector_get_layout (self->inspector);
  plot->show_values = TRUE;
  if (self->stepping)
    {
      plot->active_node = nrt_inspector_step_get_active (self->inspector);
      plot->done = nrt_inspector_step_get_done (self->inspector);
    }
  return TRUE;
}

static void
nrt_graph_view_draw (GtkDrawingArea *area, cairo_t *cr, int width, int height,
                     gpointer user_data)
{
  NrtGraphView *self = NRT_GRAPH_VIEW (area);
  NrtGraphPlot plot;

  if (!fill_plot (self, &plot))
    return;
  nrt_plot_graph (cr, width, height, &plot);
}

void
nrt_graph_view_draw_export (cairo_t *cr, double width, double height, gpointer view)
{
  NrtGraphView *self = NRT_GRAPH_VIEW (view);
  NrtGraphPlot plot;

  if (fill_plot (self, &plot))
    nrt_plot_graph (cr, width, height, &plot);
}

static int
hit_test (NrtGraphView *self, double x, double y)
{
  NrtGraphPlot plot;

  if (!fill_plot (self, &plot))
    return -1;
  return nrt_plot_graph_hit_test (&plot, gtk_widget_get_width (GTK_WIDGET (self)),
                                  gtk_widget_get_height (GTK_WIDGET (self)), x, y);
}

static gboolean
nrt_graph_view_query_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard,
                              GtkTooltip *tooltip)
{
  NrtGraphView *self = NRT_GRAPH_VIEW (widget);
  int id = hit_test (self, x, y);
  char value[96], grad[96];
  g_autofree char *text = NULL;
  NrtNode *node;

  if (id < 0)
    return FALSE;

  node = nrt_graph_get_node (nrt_inspector_get_graph (self->inspector), id);
  nrt_plot_format_tensor_summary (node->value, value, sizeof value);
  if (node->grad != NULL)
    {
      nrt_plot_format_tensor_summary (node->grad, grad, sizeof grad);
      text = g_strdup_printf (_("%s\nvalue: %s\ngradient: %s\nClick to see every element."),
                              node->name, value, grad);
    }
  else
    text = g_strdup_printf (_("%s\nvalue: %s\nClick to see every element."), node->name, value);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
released_cb (GtkGestureClick *gesture, int n_press, double x, double y, NrtGraphView *self)
{
  int id = hit_test (self, x, y);

  if (id >= 0)
    g_signal_emit (self, signals[SIGNAL_NODE_ACTIVATED], 0, id);
}

/* Ctrl + scroll zooms; plain scrolling is left to the scrolled window. */
static gboolean
scroll_cb (GtkEventControllerScroll *controller, double dx, double dy, NrtGraphView *self)
{
  GdkModifierType state;

  state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  if ((state & GDK_CONTROL_MASK) == 0)
    return FALSE;
  nrt_graph_view_set_zoom (self, self->zoom * (dy < 0 ? 1.25 : 0.8));
  return TRUE;
}

static void
nrt_graph_view_class_init (NrtGraphViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->query_tooltip = nrt_graph_view_query_tooltip;

  /* Emitted when a person clicks a node: (node id). */
  signals[SIGNAL_NODE_ACTIVATED] =
    g_signal_new ("node-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  gtk_widget_class_set_css_name (widget_class, "graphview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
nrt_graph_view_init (NrtGraphView *self)
{
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  GtkGesture *click = gtk_gesture_click_new ();

  /* Small enough that the built-in example's graph fits the page's width. */
  self->zoom = 0.75;
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self), BASE_WIDTH);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self), BASE_HEIGHT);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), nrt_graph_view_draw, NULL, NULL);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);

  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

GtkWidget *
nrt_graph_view_new (void)
{
  return g_object_new (NRT_TYPE_GRAPH_VIEW, NULL);
}

void
nrt_graph_view_set_inspector (NrtGraphView *self, NrtInspector *inspector)
{
  g_return_if_fail (NRT_IS_GRAPH_VIEW (self));

  self->inspector = inspector;
  nrt_graph_view_set_zoom (self, self->zoom);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
nrt_graph_view_set_stepping (NrtGraphView *self, gboolean stepping)
{
  g_return_if_fail (NRT_IS_GRAPH_VIEW (self));

  self->stepping = stepping;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
nrt_graph_view_refresh (NrtGraphView *self)
{
  g_return_if_fail (NRT_IS_GRAPH_VIEW (self));

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
nrt_graph_view_set_zoom (NrtGraphView *self, double zoom)
{
  double width = BASE_WIDTH, height = BASE_HEIGHT;

  g_return_if_fail (NRT_IS_GRAPH_VIEW (self));

  /* Zoom 1 draws the layout at its natural size, where labels are set at
   * the renderer's font size; the scrolled window scrolls the rest. */
  self->zoom = CLAMP (zoom, NRT_GRAPH_VIEW_MIN_ZOOM, NRT_VIEW_MAX_ZOOM);
  if (self->inspector != NULL)
    nrt_graph_layout_get_size (nrt_inspector_get_layout (self->inspector), &width, &height);
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self), (int) ceil (width * self->zoom));
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self), (int) ceil (height * self->zoom));
}

/* Centres adjustment on the span [start, start + length] when that span is
 * not fully visible. */
static void
reveal_span (GtkAdjustment *adjustment, double start, double length)
{
  double value = gtk_adjustment_get_value (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);

  if (start >= value && start + length <= value + page)
    return;
  gtk_adjustment_set_value (adjustment, start + length / 2 - page / 2);
}

void
nrt_graph_view_scroll_to_node (NrtGraphView *self, int node)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  NrtGraphPlot plot;
  double x, y, width, height;

  g_return_if_fail (NRT_IS_GRAPH_VIEW (self));

  if (scrolled == NULL || node < 0 || !fill_plot (self, &plot)
      || !nrt_plot_graph_get_node_area (&plot, gtk_widget_get_width (GTK_WIDGET (self)),
                                        gtk_widget_get_height (GTK_WIDGET (self)), node, &x, &y,
                                        &width, &height))
    return;

  reveal_span (gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scrolled)), x, width);
  reveal_span (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)), y, height);
}

double
nrt_graph_view_get_zoom (NrtGraphView *self)
{
  g_return_val_if_fail (NRT_IS_GRAPH_VIEW (self), 1.0);

  return self->zoom;
}
