/* nrt-plot-graph.h: a computation graph drawn as a layered diagram, top to
 * bottom from the inputs to the loss, with each node's op, shape and a
 * summary of its value and gradient.
 *
 * The layout is computed once per graph structure (nrt_graph_layout_new) and
 * reused while the values change. It never overlaps nodes.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "core/nrt-graph.h"

G_BEGIN_DECLS

typedef struct NrtGraphLayout NrtGraphLayout;

/* Lays out graph's nodes; returns NULL with error set on failure. The layout
 * keeps no pointer to graph. Sizes are in the same user units as drawing. */
NrtGraphLayout *nrt_graph_layout_new (NrtGraph *graph, GError **error);
void nrt_graph_layout_free (NrtGraphLayout *layout);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NrtGraphLayout, nrt_graph_layout_free)

/* Natural size of the diagram; drawing into another size scales it to fit. */
void nrt_graph_layout_get_size (const NrtGraphLayout *layout, double *width, double *height);

int nrt_graph_layout_get_n_nodes (const NrtGraphLayout *layout);

/* Writes the box of node in layout units, top left corner and size, with
 * room for the value and gradient lines. Returns FALSE, leaving the outputs
 * alone, for a NULL layout or an unknown node. */
gboolean nrt_graph_layout_get_node_box (const NrtGraphLayout *layout, int node, double *x,
                                        double *y, double *width, double *height);

typedef struct {
  NrtGraph *graph;               /* the graph laid out, with current values and gradients */
  const NrtGraphLayout *layout;
  gboolean show_values;          /* value and gradient summaries under each label */
  int active_node;               /* node to highlight in a step-through, or -1 */
  const gboolean *done;          /* per node: already computed in this step-through, or NULL */
  const char *title;             /* NULL for none */
} NrtGraphPlot;

void nrt_plot_graph (cairo_t *cr, double width, double height, const NrtGraphPlot *plot);
void nrt_plot_graph_draw_func (cairo_t *cr, double width, double height, gpointer plot);

/* Returns the node drawn at (x, y) for the same plot and size, or -1. */
int nrt_plot_graph_hit_test (const NrtGraphPlot *plot, double width, double height, double x,
                             double y);

/* Writes where node's box is drawn for the same plot and size, in the
 * plot's user units, to place a tooltip or a popover. Returns FALSE,
 * leaving the outputs alone, when the node is not drawn. */
gboolean nrt_plot_graph_get_node_area (const NrtGraphPlot *plot, double width, double height,
                                       int node, double *x, double *y, double *node_width,
                                       double *node_height);

/* Writes the summary of a tensor: the number itself for a scalar, otherwise
 * "mean 0.12, norm 3.4". */
void nrt_plot_format_tensor_summary (const NrtTensor *tensor, char *buffer, gsize size);

/* Draws a tensor as a heatmap (rows by columns; 1-D as one row, scalars as
 * one cell) with a diverging colour scale centred on 0 and a colour bar. */
void nrt_plot_tensor_heatmap (cairo_t *cr, double width, double height, const NrtTensor *tensor,
                              const char *title);

typedef struct {
  const NrtTensor *tensor;
  const char *title;             /* NULL for none */
} NrtTensorHeatmapPlot;

/* nrt_plot_tensor_heatmap with the NrtPlotDrawFunc signature, for
 * nrt_plot_export: plot is a const NrtTensorHeatmapPlot *. */
void nrt_plot_tensor_heatmap_draw_func (cairo_t *cr, double width, double height, gpointer plot);

G_END_DECLS
