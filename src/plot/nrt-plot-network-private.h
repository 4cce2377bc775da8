/* nrt-plot-network-private.h: the layout of the network diagram, shared by
 * its drawing, its hit-testing and its layout queries.
 *
 * One function, nrt_network_layout_init, places every column, neuron, label
 * and bias marker. Drawing, hit-testing and the layout queries all call it,
 * so what is hit is always what is drawn. The layout lives in
 * nrt-plot-network-layout.c, the links and bias markers in
 * nrt-plot-network-weights.c, the drawing in nrt-plot-network.c and the
 * hit-testing and queries in nrt-plot-network-hit.c.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "nrt-plot-axes.h"
#include "nrt-plot-network.h"

G_BEGIN_DECLS

/* Links without a kernel, and NaN or infinite values. */
static const NrtColor no_value_color = { 0.6, 0.6, 0.6 };

typedef struct {
  int size;          /* neurons in the column; negative sizes count as 0 */
  int n_shown;       /* neurons drawn */
  int n_head;        /* shown neurons 0 .. n_head - 1 are the first ones, the rest the last */
  int n_hidden;      /* neurons summarised by the "more" label */
  double x;          /* centre of the column */
  double top;        /* top edge of the first shown neuron */
} ColumnLayout;

typedef struct {
  NrtPlotStyle style;
  gboolean drawable;          /* FALSE: draw only message */
  const char *message;        /* translated, when not drawable */
  int n_columns;
  ColumnLayout *columns;      /* n_columns entries */
  double neuron_size;         /* side of a neuron square */
  double gap;                 /* vertical gap between neurons */
  double label_block;         /* height of the "more" label between the gaps around it */
  double column_spacing;      /* distance between column centres, 0 for one column */
  double names_width;         /* room left of column 0 for the input names */
  gboolean show_names;        /* rows tall enough for one line of text */
  double title_y;             /* top of the plot title */
  double column_titles_y;     /* top of the column titles */
  double legend_y;            /* centre of the legend row, or -1 without one */
  double area_top, area_height;
} NetworkLayout;

/* The link from shown position from_k of column - 1 to shown position to_k
 * of column: a cubic Bézier curve from the right edge of one neuron to the
 * left edge of the other, leaving and arriving horizontally. */
typedef struct {
  double x0, y0, x3, y3;
} LinkCurve;

/* Stroke width and alpha of the links of one layer. */
typedef struct {
  double max_abs;      /* largest finite |w| of the layer */
  double min_width, max_width;
  double alpha;
} LinkStyle;

/* Placement (nrt-plot-network-layout.c). */
gboolean nrt_network_has_heatmaps (const NrtNetworkPlot *plot);
gboolean nrt_network_layout_init (NetworkLayout *layout, cairo_t *cr, double width,
                                  double height, const NrtNetworkPlot *plot);
void nrt_network_layout_clear (NetworkLayout *layout);
const float *nrt_network_get_heatmap (const NrtNetworkPlot *plot, int column, int index);
const float *nrt_network_get_kernel (const NrtNetworkPlot *plot, int column);
const float *nrt_network_get_biases (const NrtNetworkPlot *plot, int column);
int nrt_network_shown_to_index (const ColumnLayout *column, int k);
int nrt_network_index_to_shown (const ColumnLayout *column, int index);
char *nrt_network_dup_input_name (const NrtNetworkPlot *plot, int index);
char *nrt_network_dup_column_title (const NrtNetworkPlot *plot, int column);
char *nrt_network_fit_text_markup (cairo_t *cr, const NrtPlotStyle *style, const char *text,
                                   gboolean bold, double max_width);
NrtPlotRect nrt_network_neuron_rect (const NetworkLayout *layout, const ColumnLayout *column,
                                     int k);
double nrt_network_more_label_centre_y (const NetworkLayout *layout,
                                        const ColumnLayout *column);
void nrt_network_column_text_band (const NetworkLayout *layout, int c, double width,
                                   double *left, double *right);
double nrt_network_place_text (double x, double text_width, double left, double right);

/* Links and bias markers (nrt-plot-network-weights.c). */
NrtColor nrt_network_sign_color (double value);
gboolean nrt_network_bias_rect (const NetworkLayout *layout, const NrtNetworkPlot *plot,
                                int column_index, int k, NrtPlotRect *rect);
LinkCurve nrt_network_link_curve (const NetworkLayout *layout, int column_index, int from_k,
                                  int to_k);
void nrt_network_link_curve_point (const LinkCurve *curve, double t, double *x, double *y);
double nrt_network_link_curve_distance (const LinkCurve *curve, double x, double y);
LinkStyle nrt_network_link_style (const NetworkLayout *layout, const NrtNetworkPlot *plot,
                                  int column_index);
double nrt_network_link_width (const LinkStyle *style, double weight);
double nrt_network_link_hit_tolerance (const NetworkLayout *layout, double stroke_width);
void nrt_network_draw_layer_links (cairo_t *cr, const NetworkLayout *layout,
                                   const NrtNetworkPlot *plot, int column_index,
                                   int only_column, int only_k);
void nrt_network_draw_bias (cairo_t *cr, const NetworkLayout *layout,
                            const NrtNetworkPlot *plot, int column_index, int k);

/* The legend row (nrt-plot-network-legend.c). Draws nothing when
 * layout->legend_y is negative or the row does not fit width. */
void nrt_network_draw_legend (cairo_t *cr, const NetworkLayout *layout,
                              const NrtNetworkPlot *plot, double width);

G_END_DECLS
