/* plot-test-utils.c: rendering to PNG files and counting pixels in tests. */
#include "plot-test-utils.h"

#include <glib/gstdio.h>
#include <stdint.h>
#include <stdlib.h>

char *
plot_test_make_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir;

  dir = g_dir_make_tmp ("neurite-plot-test-XXXXXX", &error);
  g_assert_no_error (error);

  return dir;
}

void
plot_test_remove_dir (const char *dir)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (dir);
}

cairo_surface_t *
plot_test_export_png (const char *dir, const char *name, int width, int height,
                      NrtPlotDrawFunc draw_func, gpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  cairo_surface_t *surface;
  gboolean ok;

  ok = nrt_plot_export (path, width, height, draw_func, data, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  surface = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, height);

  return surface;
}

static uint32_t
raw_pixel (cairo_surface_t *surface, int x, int y)
{
  unsigned char *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  return ((uint32_t *) (data + (size_t) y * stride))[x];
}

PlotTestPixel
plot_test_get_pixel (cairo_surface_t *surface, int x, int y)
{
  PlotTestPixel pixel;
  uint32_t value;

  cairo_surface_flush (surface);
  value = raw_pixel (surface, x, y);
  pixel.a = (value >> 24) & 0xff;
  pixel.r = (value >> 16) & 0xff;
  pixel.g = (value >> 8) & 0xff;
  pixel.b = value & 0xff;

  return pixel;
}

PlotTestStats
plot_test_count_pixels (cairo_surface_t *surface)
{
  g_autoptr (GHashTable) colors = g_hash_table_new (NULL, NULL);
  PlotTestStats stats = { 0, 0 };
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int x, y;

  cairo_surface_flush (surface);
  for (y = 0; y < height; y++)
    {
      for (x = 0; x < width; x++)
        {
          uint32_t value = raw_pixel (surface, x, y);

          if (value != 0xffffffffu)
            stats.n_non_white++;
          g_hash_table_add (colors, GUINT_TO_POINTER (value));
        }
    }
  stats.n_distinct = g_hash_table_size (colors);

  return stats;
}

int
plot_test_count_color (cairo_surface_t *surface, int r, int g, int b, int tolerance)
{
  return plot_test_count_color_in (surface, 0, 0, cairo_image_surface_get_width (surface),
                                   cairo_image_surface_get_height (surface), r, g, b, tolerance);
}

int
plot_test_count_color_in (cairo_surface_t *surface, int x0, int y0, int x1, int y1,
                          int r, int g, int b, int tolerance)
{
  int count = 0;
  int x, y;

  x0 = MAX (x0, 0);
  y0 = MAX (y0, 0);
  x1 = MIN (x1, cairo_image_surface_get_width (surface));
  y1 = MIN (y1, cairo_image_surface_get_height (surface));
  for (y = y0; y < y1; y++)
    {
      for (x = x0; x < x1; x++)
        {
          PlotTestPixel pixel = plot_test_get_pixel (surface, x, y);

          if (abs (pixel.r - r) <= tolerance && abs (pixel.g - g) <= tolerance
              && abs (pixel.b - b) <= tolerance)
            count++;
        }
    }

  return count;
}
