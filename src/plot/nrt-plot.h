/* nrt-plot.h: shared pieces of the cairo renderers and file export.
 *
 * Every renderer draws into any cairo_t, in user units, within a rectangle
 * of width by height starting at the current origin. The app draws them in
 * widgets; the CLI and the tests draw them into PNG, SVG and PDF surfaces.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  double r, g, b;
} NrtColor;

/* Colour of class index class_index among n_classes, from a palette that
 * stays distinguishable for up to 10 classes and cycles after that. Binary
 * problems use orange for class 0 and blue for class 1, as Playground does. */
NrtColor nrt_plot_class_color (int class_index, int n_classes);

typedef void (*NrtPlotDrawFunc) (cairo_t *cr, double width, double height, gpointer data);

/* Renders draw_func into path, choosing PNG, SVG or PDF from the extension
 * (case-insensitive). width and height are in pixels for PNG and in points
 * for SVG and PDF. Returns FALSE with error set for an unknown extension or
 * a write failure, naming the file. */
gboolean nrt_plot_export (const char *path, int width, int height, NrtPlotDrawFunc draw_func,
                          gpointer data, GError **error);

G_END_DECLS
