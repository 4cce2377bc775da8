/* nrt-graph-view.h: the model's computation graph, laid out once per
 * network, with each node's op, shape and value and gradient summaries.
 * In a step-through it highlights the node computed last and marks the
 * nodes already done. */
#pragma once

#include <gtk/gtk.h>

#include "nrt-inspector.h"

G_BEGIN_DECLS

#define NRT_TYPE_GRAPH_VIEW (nrt_graph_view_get_type ())
G_DECLARE_FINAL_TYPE (NrtGraphView, nrt_graph_view, NRT, GRAPH_VIEW, GtkDrawingArea)

GtkWidget *nrt_graph_view_new (void);

/* Shows the graph of inspector, which the caller keeps alive until it sets
 * another one or NULL. */
void nrt_graph_view_set_inspector (NrtGraphView *self, NrtInspector *inspector);

/* With stepping on, the view highlights the inspector's step-through. */
void nrt_graph_view_set_stepping (NrtGraphView *self, gboolean stepping);

/* Redraws after the inspector's values changed. */
void nrt_graph_view_refresh (NrtGraphView *self);

/* Scrolls the enclosing scrolled window so that node is visible. */
void nrt_graph_view_scroll_to_node (NrtGraphView *self, int node);

/* Zoom factor: 1 draws the layout at its natural size. */
#define NRT_GRAPH_VIEW_MIN_ZOOM 0.25
void nrt_graph_view_set_zoom (NrtGraphView *self, double zoom);
double nrt_graph_view_get_zoom (NrtGraphView *self);

/* Draws the graph as the widget shows it, with the NrtPlotDrawFunc
 * signature; view is an NrtGraphView. */
void nrt_graph_view_draw_export (cairo_t *cr, double width, double height, gpointer view);

G_END_DECLS
