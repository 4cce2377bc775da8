/* nrt-export.h: saving a view as a PNG, SVG or PDF file.
 *
 * Every view that the app can export draws through an NrtPlotDrawFunc, the
 * same renderers that the CLI uses, so the file shows what the widget shows
 * at the size that the person chooses.
 */
#pragma once

#include <gtk/gtk.h>

#include "plot/nrt-plot.h"

G_BEGIN_DECLS

/* Size presets offered in the save dialog, beside the view's own size. For
 * PNG the sizes are pixels, for SVG and PDF points (1/72 inch). A4
 * landscape is 842 × 595 points, and 1754 × 1240 pixels (150 dpi) for PNG. */
#define NRT_EXPORT_A4_LANDSCAPE_POINTS_WIDTH 842
#define NRT_EXPORT_A4_LANDSCAPE_POINTS_HEIGHT 595
#define NRT_EXPORT_A4_LANDSCAPE_PIXELS_WIDTH 1754
#define NRT_EXPORT_A4_LANDSCAPE_PIXELS_HEIGHT 1240

/* Asks for a file name in a save dialog (GtkFileChooserNative) with filters
 * for PNG, SVG and PDF and a choice of size, then renders draw_func into
 * that file with nrt_plot_export. The format follows the file name's
 * extension. A name without one gets the extension of the selected
 * filter, or ".png" when the filter is "All supported formats". Errors
 * are shown in a GtkMessageDialog that names the file and the cause.
 *
 * Returns at once; the dialog is modal to parent (which may be NULL).
 * suggested_name is the initial file name, such as "graph.png", and is
 * copied. width and height are the default size, usually the view's
 * allocation, from 1 to 32767.
 *
 * Ownership: the export takes data. It calls draw_func (cr, width, height,
 * data) at most once, after the person confirms, then calls data_free
 * (data) when the dialog returns its response, whether the file was saved,
 * the dialog was cancelled or the export failed. data must therefore own everything
 * that draw_func reads, or hold references to it (g_object_ref on a widget
 * with g_object_unref as data_free), because the view may change or be
 * destroyed while the dialog is open. data_free may be NULL. */
void nrt_export_view (GtkWindow *parent, const char *suggested_name, int width, int height,
                      NrtPlotDrawFunc draw_func, gpointer data, GDestroyNotify data_free);

/* Returns path with ".png" appended when its base name has no extension,
 * otherwise a copy of path. Free the result with g_free. */
char *nrt_export_ensure_extension (const char *path);

/* Writes the view without a dialog, as nrt_export_view does once a name is
 * chosen: appends ".png" to a path without an extension, then calls
 * nrt_plot_export. Does not take data. Returns FALSE with error set as
 * nrt_plot_export does. */
gboolean nrt_export_to_file (const char *path, int width, int height, NrtPlotDrawFunc draw_func,
                             gpointer data, GError **error);

G_END_DECLS
