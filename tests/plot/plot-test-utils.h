/* plot-test-utils.h: rendering to PNG files and counting pixels in tests. */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "plot/nrt-plot.h"

G_BEGIN_DECLS

typedef struct {
  guint8 r, g, b, a;
} PlotTestPixel;

typedef struct {
  int n_non_white;      /* pixels that are not opaque white */
  int n_distinct;       /* distinct ARGB values */
} PlotTestStats;

/* Creates a fresh temporary directory; plot_test_remove_dir deletes it and
 * the files in it. */
char *plot_test_make_dir (void);
void plot_test_remove_dir (const char *dir);

/* Exports draw_func to dir/name as PNG, asserts success, and returns the
 * file read back, checked to be width by height pixels. */
cairo_surface_t *plot_test_export_png (const char *dir, const char *name, int width, int height,
                                       NrtPlotDrawFunc draw_func, gpointer data);

PlotTestPixel plot_test_get_pixel (cairo_surface_t *surface, int x, int y);
PlotTestStats plot_test_count_pixels (cairo_surface_t *surface);

/* Returns the number of pixels within tolerance (per channel, 0-255) of
 * (r, g, b). */
int plot_test_count_color (cairo_surface_t *surface, int r, int g, int b, int tolerance);

/* Counts as plot_test_count_color within columns x0 to x1 - 1 and rows y0
 * to y1 - 1. */
int plot_test_count_color_in (cairo_surface_t *surface, int x0, int y0, int x1, int y1,
                              int r, int g, int b, int tolerance);

G_END_DECLS
