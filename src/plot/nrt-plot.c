/* nrt-plot.c: class colours, themes and export of any renderer to PNG, SVG
 * or PDF. */
#define G_LOG_DOMAIN "Neurite-Plot"

#include "config.h"

#include "nrt-plot.h"
#include "nrt-plot-axes.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/* cairo 1.16 rejects image surfaces wider or taller than this with
 * CAIRO_STATUS_INVALID_SIZE. */
#define MAX_EXPORT_SIZE 32767

/* The range of NrtPlotExportOptions.scale. */
#define MIN_EXPORT_SCALE 0.25
#define MAX_EXPORT_SCALE 8.0

/* TensorFlow Playground's class colours: #f59322 and #0877bd. */
static const NrtColor binary_palette[2] = {
  { 0xf5 / 255.0, 0x93 / 255.0, 0x22 / 255.0 },
  { 0x08 / 255.0, 0x77 / 255.0, 0xbd / 255.0 },
};

/* Tableau 10, the default colour cycle of matplotlib ("tab10"). */
static const NrtColor category_palette[10] = {
  { 0x1f / 255.0, 0x77 / 255.0, 0xb4 / 255.0 },
  { 0xff / 255.0, 0x7f / 255.0, 0x0e / 255.0 },
  { 0x2c / 255.0, 0xa0 / 255.0, 0x2c / 255.0 },
  { 0xd6 / 255.0, 0x27 / 255.0, 0x28 / 255.0 },
  { 0x94 / 255.0, 0x67 / 255.0, 0xbd / 255.0 },
  { 0x8c / 255.0, 0x56 / 255.0, 0x4b / 255.0 },
  { 0xe3 / 255.0, 0x77 / 255.0, 0xc2 / 255.0 },
  { 0x7f / 255.0, 0x7f / 255.0, 0x7f / 255.0 },
  { 0xbc / 255.0, 0xbd / 255.0, 0x22 / 255.0 },
  { 0x17 / 255.0, 0xbe / 255.0, 0xcf / 255.0 },
};

static const NrtColor unknown_class_color = { 0.55, 0.55, 0.55 };

NrtColor
nrt_plot_class_color (int class_index, int n_classes)
{
  if (class_index < 0)
    return unknown_class_color;

  if (n_classes <= 2 && class_index < 2)
    return binary_palette[class_index];

  return category_palette[class_index % G_N_ELEMENTS (category_palette)];
}

/* Contrast ratios with the background, as WCAG 2.1 defines them: text
 * 15:1 in the light theme and 13.8:1 in the dark one, muted text 5.7:1 and
 * 7.4:1, frames 8.5:1 and 8.3:1, outlines 3.4:1 and 6.2:1. Grid lines are
 * faint on purpose, so that they stay behind the data. */
static const NrtPlotTheme light_theme = {
  .background = { 1.0, 1.0, 1.0 },
  .text = { 0.15, 0.15, 0.15 },
  .muted_text = { 0.40, 0.40, 0.40 },
  .frame = { 0.30, 0.30, 0.30 },
  .grid = { 0.90, 0.90, 0.90 },
  .outline = { 0.55, 0.55, 0.55 },
  .panel = { 1.0, 1.0, 1.0 },
};

static const NrtPlotTheme dark_theme = {
  .background = { 0.12, 0.12, 0.13 },
  .text = { 0.92, 0.92, 0.92 },
  .muted_text = { 0.68, 0.68, 0.70 },
  .frame = { 0.72, 0.72, 0.74 },
  .grid = { 0.26, 0.26, 0.28 },
  .outline = { 0.62, 0.62, 0.65 },
  .panel = { 0.18, 0.18, 0.20 },
};

/* Its address is the key of the theme attached to a surface. */
static const cairo_user_data_key_t theme_key;

const NrtPlotTheme *
nrt_plot_theme_lookup (NrtPlotThemeKind kind)
{
  return kind == NRT_PLOT_THEME_DARK ? &dark_theme : &light_theme;
}

void
nrt_plot_set_theme (cairo_t *cr, NrtPlotThemeKind kind)
{
  g_return_if_fail (cr != NULL);
  g_return_if_fail (kind == NRT_PLOT_THEME_LIGHT || kind == NRT_PLOT_THEME_DARK);

  /* The themes are static, so the surface needs no destroy function. */
  cairo_surface_set_user_data (cairo_get_target (cr), &theme_key,
                               (void *) nrt_plot_theme_lookup (kind), NULL);
}

const NrtPlotTheme *
nrt_plot_get_theme (cairo_t *cr)
{
  const NrtPlotTheme *theme;

  g_return_val_if_fail (cr != NULL, &light_theme);

  theme = cairo_surface_get_user_data (cairo_get_target (cr), &theme_key);
  return theme != NULL ? theme : &light_theme;
}

typedef enum {
  EXPORT_FORMAT_PNG,
  EXPORT_FORMAT_SVG,
  EXPORT_FORMAT_PDF,
} ExportFormat;

static gboolean
parse_format (const char *path, ExportFormat *format, GError **error)
{
  g_autofree char *basename = g_path_get_basename (path);
  const char *extension = strrchr (basename, '.');

  if (extension == NULL || extension == basename)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Cannot export the plot to “%s”: the file name has no extension. "
                     "Use .png, .svg or .pdf."),
                   path);
      return FALSE;
    }

  if (g_ascii_strcasecmp (extension, ".png") == 0)
    *format = EXPORT_FORMAT_PNG;
  else if (g_ascii_strcasecmp (extension, ".svg") == 0)
    *format = EXPORT_FORMAT_SVG;
  else if (g_ascii_strcasecmp (extension, ".pdf") == 0)
    *format = EXPORT_FORMAT_PDF;
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Cannot export the plot to “%s”: unknown file extension “%s”. "
                     "Use .png, .svg or .pdf."),
                   path, extension);
      return FALSE;
    }

  return TRUE;
}

static gboolean
set_write_error (const char *path, cairo_status_t status, GError **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               _("Failed to write the plot to “%s”: %s"),
               path, cairo_status_to_string (status));
  return FALSE;
}

/* Runs draw_func on a fresh context for surface, in theme and scaled by
 * scale, and returns the first error of the context or the surface. */
static cairo_status_t
draw_on_surface (cairo_surface_t *surface, const NrtPlotExportOptions *options,
                 NrtPlotDrawFunc draw_func, gpointer data)
{
  const NrtPlotTheme *theme = nrt_plot_theme_lookup (options->theme);
  cairo_t *cr;
  cairo_status_t status;

  cr = cairo_create (surface);
  nrt_plot_set_theme (cr, options->theme);

  /* The paint covers the whole surface, including the strip that rounding
   * the scaled size up adds at the right and bottom. */
  nrt_plot_set_color (cr, theme->background);
  cairo_paint (cr);
  nrt_plot_set_color (cr, theme->text);

  cairo_save (cr);
  cairo_scale (cr, options->scale, options->scale);
  draw_func (cr, options->width, options->height, data);
  cairo_restore (cr);

  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status != CAIRO_STATUS_SUCCESS)
    return status;

  return cairo_surface_status (surface);
}

/* Returns the pixels of a PNG side of size user units at scale. The small
 * allowance keeps a product such as 100 × 0.3 = 30.000000000000004 from
 * rounding up to 31. */
static int
scaled_pixels (int size, double scale)
{
  return (int) ceil (size * scale - 1e-6);
}

/* Checks options against path's format. Returns FALSE with
 * G_IO_ERROR_INVALID_ARGUMENT or, for the extension,
 * G_IO_ERROR_NOT_SUPPORTED. */
static gboolean
check_options (const char *path, const NrtPlotExportOptions *options, ExportFormat *format,
               GError **error)
{
  int width = options->width;
  int height = options->height;

  if (width < 1 || height < 1 || width > MAX_EXPORT_SIZE || height > MAX_EXPORT_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Cannot export the plot to “%s”: invalid size %d × %d. "
                     "Width and height must be between 1 and %d."),
                   path, width, height, MAX_EXPORT_SIZE);
      return FALSE;
    }

  /* The negated test also rejects NaN. */
  if (!(options->scale >= MIN_EXPORT_SCALE && options->scale <= MAX_EXPORT_SCALE))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Cannot export the plot to “%s”: invalid scale %g. "
                     "The scale must be between %g and %g."),
                   path, options->scale, MIN_EXPORT_SCALE, MAX_EXPORT_SCALE);
      return FALSE;
    }

  if (options->theme != NRT_PLOT_THEME_LIGHT && options->theme != NRT_PLOT_THEME_DARK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Cannot export the plot to “%s”: unknown theme %d. "
                     "Use the light or the dark theme."),
                   path, (int) options->theme);
      return FALSE;
    }

  if (!parse_format (path, format, error))
    return FALSE;

  if (*format != EXPORT_FORMAT_PNG && options->scale != 1.0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Cannot export the plot to “%s”: a scale of %g applies only to PNG files. "
                     "SVG and PDF are vector formats, so use a scale of 1."),
                   path, options->scale);
      return FALSE;
    }

  if (*format == EXPORT_FORMAT_PNG
      && (scaled_pixels (width, options->scale) > MAX_EXPORT_SIZE
          || scaled_pixels (height, options->scale) > MAX_EXPORT_SIZE))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Cannot export the plot to “%s”: %d × %d at scale %g gives "
                     "%d × %d pixels, more than %d on a side. "
                     "Use a smaller size or scale."),
                   path, width, height, options->scale, scaled_pixels (width, options->scale),
                   scaled_pixels (height, options->scale), MAX_EXPORT_SIZE);
      return FALSE;
    }

  return TRUE;
}

gboolean
nrt_plot_export_with_options (const char *path, const NrtPlotExportOptions *options,
                              NrtPlotDrawFunc draw_func, gpointer data, GError **error)
{
  ExportFormat format;
  cairo_surface_t *surface;
  cairo_status_t status;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (draw_func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_options (path, options, &format, error))
    return FALSE;

  /* Create the surface. SVG and PDF surfaces open the file here, so an
   * unwritable path shows as the surface's status. */
  switch (format)
    {
    case EXPORT_FORMAT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                            scaled_pixels (options->width, options->scale),
                                            scaled_pixels (options->height, options->scale));
      break;
    case EXPORT_FORMAT_SVG:
      surface = cairo_svg_surface_create (path, options->width, options->height);
      break;
    case EXPORT_FORMAT_PDF:
    default:
      surface = cairo_pdf_surface_create (path, options->width, options->height);
      break;
    }
  status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return set_write_error (path, status, error);
    }

  /* Draw, then write: finishing a vector surface flushes it to the file. */
  status = draw_on_surface (surface, options, draw_func, data);
  if (status == CAIRO_STATUS_SUCCESS)
    {
      if (format == EXPORT_FORMAT_PNG)
        {
          status = cairo_surface_write_to_png (surface, path);
        }
      else
        {
          cairo_surface_finish (surface);
          status = cairo_surface_status (surface);
        }
    }
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    return set_write_error (path, status, error);

  return TRUE;
}

gboolean
nrt_plot_export (const char *path, int width, int height, NrtPlotDrawFunc draw_func,
                 gpointer data, GError **error)
{
  NrtPlotExportOptions options = { width, height, 1.0, NRT_PLOT_THEME_LIGHT };

  return nrt_plot_export_with_options (path, &options, draw_func, data, error);
}

gboolean
nrt_plot_format_from_path (const char *path, NrtPlotFormat *format, GError **error)
{
  ExportFormat export_format;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!parse_format (path, &export_format, error))
    return FALSE;
  if (format == NULL)
    return TRUE;

  switch (export_format)
    {
    case EXPORT_FORMAT_PNG:
      *format = NRT_PLOT_FORMAT_PNG;
      break;
    case EXPORT_FORMAT_SVG:
      *format = NRT_PLOT_FORMAT_SVG;
      break;
    case EXPORT_FORMAT_PDF:
    default:
      *format = NRT_PLOT_FORMAT_PDF;
      break;
    }
  return TRUE;
}
