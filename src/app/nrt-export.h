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
 * for PNG, SVG and PDF and choices of size, PNG scale (1× to 4×) and theme
 * (light or dark), then renders draw_func into that file with
 * nrt_plot_export_with_options. The dialog starts on the scale and theme
 * chosen last in this process, and SVG and PDF files ignore the scale.
 * The format follows the file name's
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

/* One picture that the save dialog offers. When a dialog offers more
 * than one, a "Content" choice lists them by label. */
typedef struct {
  const char *id;              /* the choice's option id, such as "regions" */
  const char *label;           /* the option's translated label */
  const char *file_name;       /* the suggested file name, such as "regions.png" */
  int width;                   /* the default size, usually the view's allocation */
  int height;
  NrtPlotDrawFunc draw_func;
} NrtExportPart;

/* nrt_export_view for n_parts pictures that share data: the dialog adds a
 * "Content" choice and suggests the first part's file name and size. The
 * parts are copied, and data is owned as nrt_export_view owns it. */
void nrt_export_view_parts (GtkWindow *parent, const NrtExportPart *parts, int n_parts,
                            gpointer data, GDestroyNotify data_free);

/* Returns path with ".png" appended when its base name has no extension,
 * otherwise a copy of path. Free the result with g_free. */
char *nrt_export_ensure_extension (const char *path);

/* Writes the view without a dialog, as nrt_export_view does once a name is
 * chosen: appends ".png" to a path without an extension, then calls
 * nrt_plot_export. Does not take data. Returns FALSE with error set as
 * nrt_plot_export does. */
gboolean nrt_export_to_file (const char *path, int width, int height, NrtPlotDrawFunc draw_func,
                             gpointer data, GError **error);

/* nrt_export_to_file with a PNG scale and a theme, through
 * nrt_plot_export_with_options. Returns FALSE with error set as that
 * function does, for example for an SVG or PDF file with a scale other
 * than 1. */
gboolean nrt_export_to_file_with_options (const char *path, const NrtPlotExportOptions *options,
                                          NrtPlotDrawFunc draw_func, gpointer data,
                                          GError **error);

G_END_DECLS
