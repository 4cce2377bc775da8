/* nrt-plot.c: class colours and export of any renderer to PNG, SVG or PDF. */
#define G_LOG_DOMAIN "Neurite-Plot"

#include "config.h"

#include "nrt-plot.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

/* cairo 1.16 rejects image surfaces wider or taller than this with
 * CAIRO_STATUS_INVALID_SIZE. */
#define MAX_EXPORT_SIZE 32767

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

/* Runs draw_func on a fresh context for surface and returns the first error
 * of the context or the surface. */
static cairo_status_t
draw_on_surface (cairo_surface_t *surface, int width, int height,
                 NrtPlotDrawFunc draw_func, gpointer data)
{
  cairo_t *cr;
  cairo_status_t status;

  cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1.0, 1.0, 1.0);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.0, 0.0, 0.0);

  cairo_save (cr);
  draw_func (cr, width, height, data);
  cairo_restore (cr);

  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status != CAIRO_STATUS_SUCCESS)
    return status;

  return cairo_surface_status (surface);
}

gboolean
nrt_plot_export (const char *path, int width, int height, NrtPlotDrawFunc draw_func,
                 gpointer data, GError **error)
{
  ExportFormat format;
  cairo_surface_t *surface;
  cairo_status_t status;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (draw_func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (width < 1 || height < 1 || width > MAX_EXPORT_SIZE || height > MAX_EXPORT_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Cannot export the plot to “%s”: invalid size %d × %d. "
                     "Width and height must be between 1 and %d."),
                   path, width, height, MAX_EXPORT_SIZE);
      return FALSE;
    }

  if (!parse_format (path, &format, error))
    return FALSE;

  /* Create the surface. SVG and PDF surfaces open the file here, so an
   * unwritable path shows as the surface's status. */
  switch (format)
    {
    case EXPORT_FORMAT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      break;
    case EXPORT_FORMAT_SVG:
      surface = cairo_svg_surface_create (path, width, height);
      break;
    case EXPORT_FORMAT_PDF:
    default:
      surface = cairo_pdf_surface_create (path, width, height);
      break;
    }
  status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return set_write_error (path, status, error);
    }

  /* Draw, then write: finishing a vector surface flushes it to the file. */
  status = draw_on_surface (surface, width, height, draw_func, data);
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
