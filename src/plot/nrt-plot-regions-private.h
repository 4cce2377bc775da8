/* nrt-plot-regions-private.h: shared by nrt-plot-regions.c (the region
 * image and the layout) and nrt-plot-regions-points.c (the points, their
 * marks and the legend). */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "nrt-plot-axes.h"
#include "nrt-plot-regions.h"

G_BEGIN_DECLS

static const NrtColor white = { 1.0, 1.0, 1.0 };

/* The colour of cells and points whose values are all NaN or infinite. */
static const NrtColor no_value_color = { 0.85, 0.85, 0.85 };

/* Returns color moved amount (clamped to [0, 1]) of the way from white. */
NrtColor nrt_plot_regions_mix_with_white (NrtColor color, double amount);

/* Returns the legend rows of plot: the classes or the ends of the value
 * scale, the parts of the data, and the ring of misclassified points. Free
 * the array with g_array_unref. */
GArray *nrt_plot_regions_collect_legend (const NrtRegionsPlot *plot);

/* Returns the width the legend rows take, 0 without rows. */
double nrt_plot_regions_measure_legend (cairo_t *cr, const NrtPlotStyle *style, GArray *entries);

/* Draws the legend rows from (x, y) down, as many as fit in max_height. */
void nrt_plot_regions_draw_legend (cairo_t *cr, const NrtPlotStyle *style, GArray *entries,
                                   double x, double y, double max_height);

/* Draws the points of plot over area, training points first, then
 * validation, then test, then the rings of the misclassified ones. */
void nrt_plot_regions_draw_points (cairo_t *cr, const NrtPlotStyle *style,
                                   const NrtPlotRect *area, const NrtPlotAxis *x_axis,
                                   const NrtPlotAxis *y_axis, const NrtRegionsPlot *plot);

G_END_DECLS
