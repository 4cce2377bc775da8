/* nrt-graph-layout.h: the layered layout behind NrtGraphLayout and the node
 * labels it is sized for.
 *
 * Private to src/plot. The layout follows Sugiyama's scheme: layers by
 * longest path, dummy nodes where an edge spans several layers, barycenter
 * sweeps to reduce crossings, then x positions that keep every box apart.
 * All lengths are in layout units, in which labels are set at
 * NRT_GRAPH_FONT_SIZE points; the renderer scales the whole diagram.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "nrt-plot-axes.h"
#include "nrt-plot-graph.h"

G_BEGIN_DECLS

#define NRT_GRAPH_FONT_SIZE 10.0
#define NRT_GRAPH_LABEL_SIZE 256

/* How a node is coloured. */
typedef enum {
  NRT_GRAPH_NODE_INPUT,
  NRT_GRAPH_NODE_PARAMETER,
  NRT_GRAPH_NODE_CONSTANT,
  NRT_GRAPH_NODE_OP,
  NRT_GRAPH_NODE_LOSS,
  NRT_GRAPH_NODE_N_STYLES
} NrtGraphNodeStyle;

typedef struct {
  double x, y;             /* centre of the box */
  double width;
  double height;           /* with room for the value and gradient lines */
  double label_height;     /* with the name line only */
  int layer;
  NrtGraphNodeStyle style;
} NrtGraphLayoutNode;

/* One edge from source's bottom to target's top. An edge that spans more
 * than one layer passes through one bend per layer in between: a vertical
 * run at x bend_x[i] from that layer's top to its bottom. */
typedef struct {
  int source, target;
  double source_x, target_x;   /* where the edge leaves and enters the boxes */
  int first_bend, n_bends;     /* range of bend_x and bend_layer */
} NrtGraphLayoutEdge;

struct NrtGraphLayout {
  int n_nodes;
  NrtGraphLayoutNode *nodes;   /* n_nodes, indexed by node id */
  int n_edges;
  NrtGraphLayoutEdge *edges;
  int n_bends;
  double *bend_x;
  int *bend_layer;
  int n_layers;
  double *layer_top, *layer_bottom;   /* n_layers each */
  double width, height;               /* every box lies within [0, width] × [0, height] */
  int n_styles_used[NRT_GRAPH_NODE_N_STYLES];
};

/* Sets style to the fixed label font of the layout, for measuring and
 * drawing in layout units. */
void nrt_graph_label_style_init (NrtPlotStyle *style, cairo_t *cr);

/* Writes node id's name line as Pango markup: the name in bold, the op or
 * the node kind, and the shape, such as "<b>dense/matmul</b> · matmul
 * (None, 25)", or the name and shape alone when the name is the op's.
 * A batched node's first dimension is batch, or None when batch is below 1. */
void nrt_graph_format_node_label (NrtGraph *graph, int id, int batch, char *buffer, gsize size);

G_END_DECLS
