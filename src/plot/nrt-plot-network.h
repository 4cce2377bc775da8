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
  /* NOTE: the diagram does not draw gradients yet; these may stay NULL. */
  const float *const *kernel_grads; /* same shapes as kernels, or NULL before a step */
  const float *const *bias_grads;
  /* Response maps: heatmaps[c][i] is neuron i of column c over the input
   * plane, a heatmap_size x heatmap_size grid of values in [-1, 1] (row 0 at
   * the top), or NULL when the inputs are not 2-D. */
  const float *const *const *heatmaps;
  int heatmap_size;
  int max_shown;                 /* neurons drawn per column before summarising; 0 means 16 */
  /* Neuron to highlight, or -1: its links are drawn opaque, and its
   * heatmap, if any, 3 times larger on top. Summarised neurons are ignored. */
  int hover_column, hover_index;
  const char *title;             /* NULL for none */
  /* A row at the bottom naming the colours of positive and negative
   * weights and, with heatmaps, the range of the neurons' outputs. FALSE
   * leaves the row and its room out. */
  gboolean show_legend;
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

/* Finds what nrt_plot_network draws at (x, y) for the same plot and size:
 * a neuron first, then a bias marker, then the nearest link within a few
 * units of its curve. Summarised neurons are never returned, and links are
 * returned only when their layer's kernel is given. The enlarged hovered
 * neuron is not hit-tested, so moving the pointer over it reaches the
 * neurons it covers. */
NrtNetworkHit nrt_plot_network_hit_test (const NrtNetworkPlot *plot, double width, double height,
                                         double x, double y);

/* Layout queries, computed by the same code as drawing and hit-testing. */
typedef struct {
  double x, y, width, height;
} NrtNetworkBox;

/* Fills box with the square of neuron index in column. Returns FALSE when
 * that neuron is not drawn: out of range, summarised, or the drawing is too
 * small for the network. */
gboolean nrt_plot_network_get_neuron_box (const NrtNetworkPlot *plot, double width, double height,
                                          int column, int index, NrtNetworkBox *box);

/* Fills box with the bias marker of neuron index in column (1 or more).
 * Returns FALSE when no marker is drawn: no bias given, the neuron not drawn,
 * or neurons too small to carry a marker. */
gboolean nrt_plot_network_get_bias_box (const NrtNetworkPlot *plot, double width, double height,
                                        int column, int index, NrtNetworkBox *box);

/* Computes the point at t (0 at neuron from of column - 1, 1 at neuron to of
 * column) along the link's drawn curve. t = 0.5 is the midpoint of the two
 * ends, because the curve is symmetric. Returns FALSE when either neuron is
 * not drawn. */
gboolean nrt_plot_network_get_link_point (const NrtNetworkPlot *plot, double width, double height,
                                          int column, int from, int to, double t,
                                          double *x, double *y);

/* Returns how many neurons of column the "⋯ N more" label stands for, 0 when
 * every neuron is drawn, or -1 when column is out of range or nothing is
 * drawn. When the count is positive and label_box is not NULL, fills it with
 * the label's box. */
int nrt_plot_network_get_n_hidden (const NrtNetworkPlot *plot, double width, double height,
                                   int column, NrtNetworkBox *label_box);

G_END_DECLS
