/* nrt-graph-layout-private.h: the virtual graph that the layout steps of
 * nrt_graph_layout_new work on.
 *
 * nrt-graph-layout-layers.c builds it: layers, and dummy nodes where an
 * edge spans several layers. nrt-graph-layout-order.c orders each layer to
 * reduce crossings and assigns coordinates. nrt-graph-layout.c sizes the
 * boxes, calls these steps and routes the edges.
 */
#pragma once

#include <glib.h>

#include "nrt-graph-layout.h"

G_BEGIN_DECLS

/* The graph of the layout steps: the real nodes 0..n_real-1, then one dummy
 * per layer crossed by a long edge. Every virtual edge joins adjacent
 * layers; preds and succs are its two adjacency lists in CSR form. */
typedef struct {
  int n_real, n_virtual, n_layers;
  int *layer;                 /* n_virtual */
  double *width;              /* n_virtual */
  double *x;                  /* n_virtual box centres */
  int *pos;                   /* n_virtual: index within its layer */
  int *pred_start, *preds;    /* CSR, n_virtual + 1 offsets */
  int *succ_start, *succs;
  int *layer_start;           /* n_layers + 1 offsets into order */
  int *order;                 /* n_virtual node ids, layer by layer, left to right */
} Virtual;

/* Layers and dummies (nrt-graph-layout-layers.c). */
void nrt_graph_layout_build_virtual (Virtual *v, const NrtGraphLayout *layout,
                                     const int *edge_source, const int *edge_target, int n_edges,
                                     int *edge_first_dummy);
void nrt_graph_layout_clear_virtual (Virtual *v);

/* Order and coordinates (nrt-graph-layout-order.c). */
void nrt_graph_layout_reduce_crossings (Virtual *v);
void nrt_graph_layout_assign_x (Virtual *v);
void nrt_graph_layout_assign_y (const Virtual *v, NrtGraphLayout *layout, double min_band);

G_END_DECLS
