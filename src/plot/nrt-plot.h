/* nrt-plot.h: shared pieces of the cairo renderers and file export.
 *
 * Every renderer draws into any cairo_t, in user units, within a rectangle
 * of width by height starting at the current origin. The app draws them in
 * widgets; the CLI and the tests draw them into PNG, SVG and PDF surfaces.
 * Each renderer paints the background of the surface's theme (see
 * nrt_plot_set_theme) over its rectangle first, uses Pango for text, and
 * scales text and line widths with the rectangle's size.
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

/* The colours around the data: background, text, axes and outlines. The
 * class and weight colours are the same in both themes. */
typedef enum {
  NRT_PLOT_THEME_LIGHT,
  NRT_PLOT_THEME_DARK,
} NrtPlotThemeKind;

typedef struct {
  NrtColor background;        /* painted first over the whole rectangle */
  NrtColor text;              /* titles, labels, tick numbers, table cells */
  NrtColor muted_text;        /* secondary text such as units and notes */
  NrtColor frame;             /* axis lines and plot frames */
  NrtColor grid;              /* grid lines of plots */
  NrtColor outline;           /* outlines of neurons, legend boxes and swatches, graph
                               * edges and table rules */
  NrtColor panel;             /* fills of boxes drawn over the background */
} NrtPlotTheme;

/* Returns the colours of kind, which live as long as the program. */
const NrtPlotTheme *nrt_plot_theme_lookup (NrtPlotThemeKind kind);

/* Makes every renderer that draws on cr's target surface use kind, by
 * attaching it to that surface (cairo_surface_set_user_data). A surface
 * without one is drawn in the light theme. */
void nrt_plot_set_theme (cairo_t *cr, NrtPlotThemeKind kind);

/* Returns the theme attached to cr's target surface (cairo_get_target), or
 * the light theme. Renderers call this wherever they take a colour from the
 * theme. */
const NrtPlotTheme *nrt_plot_get_theme (cairo_t *cr);

/* What nrt_plot_export_with_options writes. width and height are the size
 * the renderer draws at, in pixels for PNG and points for SVG and PDF,
 * from 1 to 32767. scale multiplies the pixels of a PNG (2 gives a file
 * of 2 width × 2 height pixels with the same layout, for print), from 0.25
 * to 8, and must be 1 for SVG and PDF, which are vector formats. */
typedef struct {
  int width;
  int height;
  double scale;
  NrtPlotThemeKind theme;
} NrtPlotExportOptions;

/* nrt_plot_export with a scale and a theme. The PNG's pixel size,
 * width × scale by height × scale rounded up, must also stay within
 * 32767. Returns FALSE with G_IO_ERROR_INVALID_ARGUMENT, naming the file,
 * for a size or scale out of range, else as nrt_plot_export. */
gboolean nrt_plot_export_with_options (const char *path, const NrtPlotExportOptions *options,
                                       NrtPlotDrawFunc draw_func, gpointer data,
                                       GError **error);

G_END_DECLS
