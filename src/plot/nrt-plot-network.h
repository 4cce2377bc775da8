/* nrt-plot-network.h: the network diagram: each layer a column of neurons,
 * links whose width follows |w| and colour its sign, biases, and for 2-D
 * inputs a small heatmap of each neuron's response over the input plane.
 *
 * Layers wider than max_shown neurons are summarised: the first and last
 * few neurons are drawn with an ellipsis and a count between them, so the
 * diagram never overlaps. Hit-testing maps a point back to what is drawn
 * there, for hover and click in the app.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  int n_columns;                 /* the input column, then one per Dense layer */
  const int *sizes;              /* n_columns neuron counts */
  const char *const *titles;     /* n_columns column titles ("Input", "dense (relu)"), or NULL */
  const char *const *input_names;/* sizes[0] names of the input features, or NULL */
  /* Layer l (1 <= l < n_columns) connects column l-1 to column l: */
  const float *const *kernels;   /* kernels[l-1]: (sizes[l-1], sizes[l]) row-major */
  const float *const *biases;    /* biases[l-1]: sizes[l], or NULL entries without bias */
  const float *const *kernel_grads; /* same shapes as kernels, or NULL before a step */
  const float *const *bias_grads;
  /* Response maps: heatmaps[c][i] is neuron i of column c over the input
   * plane, a heatmap_size x heatmap_size grid of values in [-1, 1] (row 0 at
   * the top), or NULL when the inputs are not 2-D. */
  const float *const *const *heatmaps;
  int heatmap_size;
  int max_shown;                 /* neurons drawn per column before summarising; 0 means 16 */
  int hover_column, hover_index; /* neuron to enlarge, or -1 */
  const char *title;             /* NULL for none */
} NrtNetworkPlot;

void nrt_plot_network (cairo_t *cr, double width, double height, const NrtNetworkPlot *plot);
void nrt_plot_network_draw_func (cairo_t *cr, double width, double height, gpointer plot);

typedef enum {
  NRT_NETWORK_HIT_NONE,
  NRT_NETWORK_HIT_NEURON,        /* column, index */
  NRT_NETWORK_HIT_WEIGHT,        /* column (the layer's output column), from, to */
  NRT_NETWORK_HIT_BIAS           /* column, index */
} NrtNetworkHitKind;

typedef struct {
  NrtNetworkHitKind kind;
  int column;
  int index;                     /* neuron or bias index in column; "to" for a weight */
  int from;                      /* input neuron index in column - 1, for a weight */
} NrtNetworkHit;

/* Finds what nrt_plot_network draws at (x, y) for the same plot and size. */
NrtNetworkHit nrt_plot_network_hit_test (const NrtNetworkPlot *plot, double width, double height,
                                         double x, double y);

G_END_DECLS
