/* nrt-plot-metrics-private.h: pieces shared by the metrics renderers.
 *
 * nrt-plot-metrics.c contains the confusion matrix and the combined
 * figure, nrt-plot-metrics-table.c the class and label tables, and
 * nrt-plot-metrics-scatter.c the regression scatter.
 */
#pragma once

#include "nrt-plot-axes.h"
#include "nrt-plot-metrics.h"

G_BEGIN_DECLS

/* Below this font size text is left out instead of shrunk further, in
 * points as Pango takes them. */
#define NRT_PLOT_METRICS_MIN_FONT_SIZE 5.0

/* Checks the size, paints the background, sets up style and draws the
 * title of plot (none when plot is NULL). Stores in top the y where the
 * figure below the title starts. Returns FALSE when width or height is not
 * a positive finite number, after drawing nothing. */
gboolean nrt_plot_metrics_begin (cairo_t *cr, double width, double height,
                                 const NrtMetricsPlot *plot, NrtPlotStyle *style,
                                 double *top);

/* Returns TRUE when plot has a report. Otherwise draws the "No evaluation
 * yet" hint in the area below top and returns FALSE. */
gboolean nrt_plot_metrics_has_report (cairo_t *cr, const NrtPlotStyle *style, double width,
                                      double height, double top, const NrtMetricsPlot *plot);

/* Returns the markup-escaped name of entry index of plot->names, or the
 * index as a number when plot->names is NULL or the entry is NULL. Free it
 * with g_free. */
char *nrt_plot_metrics_dup_name (const NrtMetricsPlot *plot, int index);

/* Draws title centred at the top and returns the y where the figure below
 * it starts. A NULL title takes only a margin. */
double nrt_plot_metrics_draw_title (cairo_t *cr, const NrtPlotStyle *style, double width,
                                    const char *title);

/* Draws plain text (not markup) centred in the rectangle, for empty states. */
void nrt_plot_metrics_draw_hint (cairo_t *cr, const NrtPlotStyle *style, double x, double y,
                                 double width, double height, const char *text);

/* Draws markup as nrt_plot_text_draw does, in the given colour. */
void nrt_plot_metrics_text_draw_colored (cairo_t *cr, const NrtPlotStyle *style,
                                         const char *markup, NrtColor color,
                                         double x, double y, double align_x, double align_y);

/* Returns style with its text and spacing scaled by factor. */
NrtPlotStyle nrt_plot_metrics_scale_style (cairo_t *cr, const NrtPlotStyle *style,
                                           double factor);

G_END_DECLS
