/* nrt-plot.h: shared pieces of the cairo renderers and file export.
 *
 * Every renderer draws into any cairo_t, in user units, within a rectangle
 * of width by height starting at the current origin. The app draws them in
 * widgets; the CLI and the tests draw them into PNG, SVG and PDF surfaces.
 * Each renderer paints a white background over its rectangle first, uses
 * Pango for text, and scales text and line widths with the rectangle's size.
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
 * for SVG and PDF, from 1 to 32767. Returns FALSE with error set, naming the
 * file: G_IO_ERROR_INVALID_ARGUMENT for a size out of range,
 * G_IO_ERROR_NOT_SUPPORTED for a missing or unknown extension, and
 * G_IO_ERROR_FAILED with cairo's status text when writing fails. */
gboolean nrt_plot_export (const char *path, int width, int height, NrtPlotDrawFunc draw_func,
                          gpointer data, GError **error);

/* The file formats of nrt_plot_export. */
typedef enum {
  NRT_PLOT_FORMAT_PNG,
  NRT_PLOT_FORMAT_SVG,
  NRT_PLOT_FORMAT_PDF,
} NrtPlotFormat;

/* Finds the format that nrt_plot_export would choose for path, by the same
 * rule, so that a caller can check a file name before long work. Returns
 * FALSE with the G_IO_ERROR_NOT_SUPPORTED error of nrt_plot_export for a
 * missing or unknown extension. format may be NULL to only check path.
 * The file is not touched. */
gboolean nrt_plot_format_from_path (const char *path, NrtPlotFormat *format, GError **error);

G_END_DECLS
