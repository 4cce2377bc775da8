/* test-plot-theme.c: the light and dark themes, PNG scales and the range
 * checks of nrt_plot_export_with_options. */
#include <gio/gio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot/nrt-plot.h"
#include "plot/nrt-plot-loss.h"
#include "plot/nrt-plot-regions.h"
#include "plot-test-utils.h"

#define WIDTH 640
#define HEIGHT 400

/* WCAG 2.1 requires a contrast ratio of at least 4.5:1 for body text and
 * 7:1 for the enhanced level (success criteria 1.4.3 and 1.4.6), and 3:1
 * for lines and other graphical objects (1.4.11). */
#define TEXT_CONTRAST 7.0
#define MUTED_TEXT_CONTRAST 4.5
#define GRAPHICS_CONTRAST 3.0

static const double train_loss[] = { 0.9, 0.6, 0.45, 0.4, 0.38, 0.37, 0.36 };
static const double test_loss[] = { 0.95, 0.7, 0.55, 0.5, 0.49, 0.5, 0.52 };
static const NrtLossCurves curves = {
  train_loss, test_loss, G_N_ELEMENTS (train_loss), FALSE, "Loss", "Validation",
};

/* The relative luminance of WCAG 2.1 for a channel in [0, 1]. */
static double
linear_channel (double c)
{
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
luminance (double r, double g, double b)
{
  return 0.2126 * linear_channel (r) + 0.7152 * linear_channel (g)
         + 0.0722 * linear_channel (b);
}

static double
contrast_ratio (NrtColor a, NrtColor b)
{
  double la = luminance (a.r, a.g, a.b);
  double lb = luminance (b.r, b.g, b.b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

static NrtColor
pixel_color (PlotTestPixel pixel)
{
  return (NrtColor) { pixel.r / 255.0, pixel.g / 255.0, pixel.b / 255.0 };
}

/* Counts the pixels within columns x0 to x1 - 1 whose contrast with
 * background is at least ratio. */
static int
count_contrasting (cairo_surface_t *image, int x0, int x1, NrtColor background, double ratio)
{
  int height = cairo_image_surface_get_height (image);
  int count = 0;

  for (int y = 0; y < height; y++)
    for (int x = x0; x < x1; x++)
      if (contrast_ratio (pixel_color (plot_test_get_pixel (image, x, y)), background) >= ratio)
        count++;
  return count;
}

static void
assert_background (cairo_surface_t *image, int x, int y, NrtColor expected)
{
  PlotTestPixel pixel = plot_test_get_pixel (image, x, y);

  g_test_message ("pixel (%d, %d) is %d %d %d", x, y, pixel.r, pixel.g, pixel.b);
  g_assert_cmpint (pixel.a, ==, 255);
  g_assert_cmpint (abs (pixel.r - (int) lround (expected.r * 255.0)), <=, 1);
  g_assert_cmpint (abs (pixel.g - (int) lround (expected.g * 255.0)), <=, 1);
  g_assert_cmpint (abs (pixel.b - (int) lround (expected.b * 255.0)), <=, 1);
}

/* Exports draw_func to dir/name as a PNG with options, asserts success and
 * returns the file read back. */
static cairo_surface_t *
export_png (const char *dir, const char *name, const NrtPlotExportOptions *options,
            NrtPlotDrawFunc draw_func, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  cairo_surface_t *image;

  g_assert_true (nrt_plot_export_with_options (path, options, draw_func, (gpointer) data,
                                               &error));
  g_assert_no_error (error);
  image = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  return image;
}

static void
test_lookup_contrast (void)
{
  const NrtPlotThemeKind kinds[] = { NRT_PLOT_THEME_LIGHT, NRT_PLOT_THEME_DARK };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      const NrtPlotTheme *theme = nrt_plot_theme_lookup (kinds[k]);

      g_test_message ("theme %u: text %.1f, muted %.1f, frame %.1f, outline %.1f, "
                      "text on panel %.1f",
                      k, contrast_ratio (theme->text, theme->background),
                      contrast_ratio (theme->muted_text, theme->background),
                      contrast_ratio (theme->frame, theme->background),
                      contrast_ratio (theme->outline, theme->background),
                      contrast_ratio (theme->text, theme->panel));
      g_assert_cmpfloat (contrast_ratio (theme->text, theme->background), >=, TEXT_CONTRAST);
      g_assert_cmpfloat (contrast_ratio (theme->text, theme->panel), >=, TEXT_CONTRAST);
      g_assert_cmpfloat (contrast_ratio (theme->muted_text, theme->background), >=,
                         MUTED_TEXT_CONTRAST);
      g_assert_cmpfloat (contrast_ratio (theme->frame, theme->background), >=,
                         GRAPHICS_CONTRAST);
      g_assert_cmpfloat (contrast_ratio (theme->outline, theme->background), >=,
                         GRAPHICS_CONTRAST);
    }

  /* The light background is white, for print, and the dark one has a
   * luminance below 0.05. */
  g_assert_cmpfloat (nrt_plot_theme_lookup (NRT_PLOT_THEME_LIGHT)->background.r, ==, 1.0);
  g_assert_cmpfloat (luminance (nrt_plot_theme_lookup (NRT_PLOT_THEME_DARK)->background.r,
                                nrt_plot_theme_lookup (NRT_PLOT_THEME_DARK)->background.g,
                                nrt_plot_theme_lookup (NRT_PLOT_THEME_DARK)->background.b),
                     <, 0.05);
}

static void
test_set_and_get (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 4, 4);
  cairo_t *cr = cairo_create (surface);
  cairo_t *other = cairo_create (surface);

  /* No theme set means light. */
  g_assert_true (nrt_plot_get_theme (cr) == nrt_plot_theme_lookup (NRT_PLOT_THEME_LIGHT));

  /* The theme belongs to the surface, so a second context on it gets it. */
  nrt_plot_set_theme (cr, NRT_PLOT_THEME_DARK);
  g_assert_true (nrt_plot_get_theme (cr) == nrt_plot_theme_lookup (NRT_PLOT_THEME_DARK));
  g_assert_true (nrt_plot_get_theme (other) == nrt_plot_theme_lookup (NRT_PLOT_THEME_DARK));

  nrt_plot_set_theme (other, NRT_PLOT_THEME_LIGHT);
  g_assert_true (nrt_plot_get_theme (cr) == nrt_plot_theme_lookup (NRT_PLOT_THEME_LIGHT));

  cairo_destroy (other);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* Renders the loss curves in both themes: the corner takes the theme's
 * background, text and frame stand out from it, and the dark picture has
 * no white left, such as a legend box painted white. */
static void
test_loss_themes (void)
{
  g_autofree char *dir = plot_test_make_dir ();
  const NrtPlotThemeKind kinds[] = { NRT_PLOT_THEME_LIGHT, NRT_PLOT_THEME_DARK };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      const NrtPlotTheme *theme = nrt_plot_theme_lookup (kinds[k]);
      NrtPlotExportOptions options = { WIDTH, HEIGHT, 1.0, kinds[k] };
      g_autofree char *name = g_strdup_printf ("loss-%u.png", k);
      cairo_surface_t *image = export_png (dir, name, &options, nrt_plot_loss_curves_draw_func,
                                           &curves);
      int n_text, n_frame, n_contrasting;

      assert_background (image, 0, 0, theme->background);
      assert_background (image, WIDTH - 1, HEIGHT - 1, theme->background);

      /* Tolerances: antialiasing leaves only glyph stems and the frame's
       * whole pixels at the exact colours. */
      n_text = plot_test_count_color (image, (int) lround (theme->text.r * 255.0),
                                      (int) lround (theme->text.g * 255.0),
                                      (int) lround (theme->text.b * 255.0), 24);
      n_frame = plot_test_count_color (image, (int) lround (theme->frame.r * 255.0),
                                       (int) lround (theme->frame.g * 255.0),
                                       (int) lround (theme->frame.b * 255.0), 12);
      n_contrasting = count_contrasting (image, 0, WIDTH, theme->background, TEXT_CONTRAST);
      g_test_message ("theme %u: text %d, frame %d, contrasting %d", k, n_text, n_frame,
                      n_contrasting);
      g_assert_cmpint (n_text, >, 100);
      g_assert_cmpint (n_frame, >, 150);
      g_assert_cmpint (n_contrasting, >, 300);
      if (kinds[k] == NRT_PLOT_THEME_DARK)
        g_assert_cmpint (plot_test_count_color (image, 255, 255, 255, 6), ==, 0);
      cairo_surface_destroy (image);
    }

  plot_test_remove_dir (dir);
}

/* Renders decision regions with points in both themes. The plane keeps its
 * pale colours in either theme, while the tick labels and the axis title
 * left of it take the theme's text colour. */
static void
test_regions_themes (void)
{
  g_autofree char *dir = plot_test_make_dir ();
  const NrtPlotThemeKind kinds[] = { NRT_PLOT_THEME_LIGHT, NRT_PLOT_THEME_DARK };
  static const char *const names[] = { "negative", "positive" };
  float values[16 * 16];
  float points[] = { -0.5f, -0.5f, 0.5f, 0.5f, -0.4f, 0.3f };
  int classes[] = { 0, 1, 0 };
  NrtRegionGrid grid = { 16, 16, 1, 2, values, 0.0, 1.0 };
  NrtRegionsPlot plot = {
    .x_min = -1.0, .x_max = 1.0, .y_min = -1.0, .y_max = 1.0,
    .points = points, .point_classes = classes, .n_points = 3, .n_classes = 2,
    .title = "Regions", .class_names = names,
  };

  /* P(class 1) rises from left to right. */
  for (int row = 0; row < 16; row++)
    for (int column = 0; column < 16; column++)
      values[row * 16 + column] = column / 15.0f;
  plot.image = nrt_plot_regions_render_image (&grid);
  g_assert_nonnull (plot.image);

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      const NrtPlotTheme *theme = nrt_plot_theme_lookup (kinds[k]);
      NrtPlotExportOptions options = { WIDTH, HEIGHT, 1.0, kinds[k] };
      g_autofree char *name = g_strdup_printf ("regions-%u.png", k);
      cairo_surface_t *image = export_png (dir, name, &options, nrt_plot_regions_draw_func,
                                           &plot);
      int n_left;

      assert_background (image, 0, 0, theme->background);
      assert_background (image, WIDTH - 1, HEIGHT - 1, theme->background);

      /* The square plane starts at about column 140, so the first 130
       * columns contain only the y-axis ticks and title on the background. */
      n_left = count_contrasting (image, 0, 130, theme->background, TEXT_CONTRAST);
      g_test_message ("theme %u: contrasting pixels left of the ticks %d", k, n_left);
      g_assert_cmpint (n_left, >, 20);
      cairo_surface_destroy (image);
    }

  cairo_surface_destroy (plot.image);
  plot_test_remove_dir (dir);
}

/* Averages each 2 × 2 block of a scale 2 picture and compares it with the
 * scale 1 picture: the same layout gives a small mean difference, and a
 * layout drawn at twice the size would not. */
static void
test_scale_two (void)
{
  g_autofree char *dir = plot_test_make_dir ();
  NrtPlotExportOptions options = { 320, 200, 1.0, NRT_PLOT_THEME_LIGHT };
  cairo_surface_t *small, *large;
  double total_difference = 0.0, mean_difference;
  int n_exact = 0;

  small = export_png (dir, "small.png", &options, nrt_plot_loss_curves_draw_func, &curves);
  options.scale = 2.0;
  large = export_png (dir, "large.png", &options, nrt_plot_loss_curves_draw_func, &curves);

  g_assert_cmpint (cairo_image_surface_get_width (small), ==, 320);
  g_assert_cmpint (cairo_image_surface_get_height (small), ==, 200);
  g_assert_cmpint (cairo_image_surface_get_width (large), ==, 640);
  g_assert_cmpint (cairo_image_surface_get_height (large), ==, 400);

  for (int y = 0; y < 200; y++)
    for (int x = 0; x < 320; x++)
      {
        PlotTestPixel pixel = plot_test_get_pixel (small, x, y);
        int sum = 0;

        for (int dy = 0; dy < 2; dy++)
          for (int dx = 0; dx < 2; dx++)
            sum += plot_test_get_pixel (large, 2 * x + dx, 2 * y + dy).g;
        total_difference += fabs (sum / 4.0 - pixel.g);
        if (abs ((int) lround (sum / 4.0) - pixel.g) <= 2)
          n_exact++;
      }
  mean_difference = total_difference / (320 * 200);
  g_test_message ("mean difference of the green channel %.2f, matching pixels %d of %d",
                  mean_difference, n_exact, 320 * 200);
  /* Text hinting and antialiasing differ between the two sizes, so only
   * most pixels match. A layout at another size shifts every line. */
  g_assert_cmpfloat (mean_difference, <, 4.0);
  g_assert_cmpint (n_exact, >, 320 * 200 * 9 / 10);

  /* The background at the top left corner, in both. */
  g_assert_cmpint (plot_test_get_pixel (small, 1, 1).g, ==, 255);
  g_assert_cmpint (plot_test_get_pixel (large, 2, 2).g, ==, 255);

  cairo_surface_destroy (small);
  cairo_surface_destroy (large);
  plot_test_remove_dir (dir);
}

/* A scale that does not divide the size rounds the pixels up. */
static void
test_scale_rounds_up (void)
{
  g_autofree char *dir = plot_test_make_dir ();
  NrtPlotExportOptions options = { 333, 211, 1.5, NRT_PLOT_THEME_DARK };
  cairo_surface_t *image;

  image = export_png (dir, "odd.png", &options, nrt_plot_loss_curves_draw_func, &curves);
  /* 333 × 1.5 = 499.5 and 211 × 1.5 = 316.5. */
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 500);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 317);
  /* The strip that rounding adds has the background too. */
  assert_background (image, 499, 316, nrt_plot_theme_lookup (NRT_PLOT_THEME_DARK)->background);
  cairo_surface_destroy (image);

  /* 100 × 0.3 is 30.000000000000004 in binary floating point. */
  options = (NrtPlotExportOptions) { 100, 100, 0.3, NRT_PLOT_THEME_LIGHT };
  image = export_png (dir, "tenth.png", &options, nrt_plot_loss_curves_draw_func, &curves);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 30);
  cairo_surface_destroy (image);

  plot_test_remove_dir (dir);
}

typedef struct {
  const char *name;
  int width, height;
  double scale;
  NrtPlotThemeKind theme;
} BadOptions;

static void
test_invalid_options (void)
{
  static const BadOptions cases[] = {
    { "zero.png", 100, 100, 0.0, NRT_PLOT_THEME_LIGHT },
    { "nine.png", 100, 100, 9.0, NRT_PLOT_THEME_LIGHT },
    { "nan.png", 100, 100, NAN, NRT_PLOT_THEME_LIGHT },
    { "infinite.png", 100, 100, INFINITY, NRT_PLOT_THEME_LIGHT },
    { "negative.png", 100, 100, -1.0, NRT_PLOT_THEME_LIGHT },
    { "small.png", 100, 100, 0.2, NRT_PLOT_THEME_LIGHT },
    { "vector.svg", 100, 100, 2.0, NRT_PLOT_THEME_LIGHT },
    { "vector.pdf", 100, 100, 0.5, NRT_PLOT_THEME_DARK },
    { "too-wide.png", 20000, 10, 2.0, NRT_PLOT_THEME_LIGHT },
    { "too-tall.png", 10, 5000, 8.0, NRT_PLOT_THEME_LIGHT },
    { "no-size.png", 0, 100, 1.0, NRT_PLOT_THEME_LIGHT },
    { "theme.png", 100, 100, 1.0, (NrtPlotThemeKind) 7 },
  };
  g_autofree char *dir = plot_test_make_dir ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *path = g_build_filename (dir, cases[i].name, NULL);
      NrtPlotExportOptions options = {
        cases[i].width, cases[i].height, cases[i].scale, cases[i].theme,
      };

      g_assert_false (nrt_plot_export_with_options (path, &options,
                                                    nrt_plot_loss_curves_draw_func,
                                                    (gpointer) &curves, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, path));
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }

  plot_test_remove_dir (dir);
}

/* The ends of the scale's range are accepted, and SVG and PDF take scale 1
 * in either theme. */
static void
test_valid_edges (void)
{
  static const BadOptions cases[] = {
    { "quarter.png", 100, 100, 0.25, NRT_PLOT_THEME_LIGHT },
    { "eight.png", 50, 40, 8.0, NRT_PLOT_THEME_DARK },
    { "largest.png", 4095, 2, 8.0, NRT_PLOT_THEME_LIGHT },
    { "dark.svg", 200, 100, 1.0, NRT_PLOT_THEME_DARK },
    { "dark.pdf", 200, 100, 1.0, NRT_PLOT_THEME_DARK },
  };
  g_autofree char *dir = plot_test_make_dir ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *path = g_build_filename (dir, cases[i].name, NULL);
      NrtPlotExportOptions options = {
        cases[i].width, cases[i].height, cases[i].scale, cases[i].theme,
      };

      g_test_message ("%s", cases[i].name);
      g_assert_true (nrt_plot_export_with_options (path, &options,
                                                   nrt_plot_loss_curves_draw_func,
                                                   (gpointer) &curves, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
    }

  plot_test_remove_dir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plot/theme/lookup-contrast", test_lookup_contrast);
  g_test_add_func ("/plot/theme/set-and-get", test_set_and_get);
  g_test_add_func ("/plot/theme/loss", test_loss_themes);
  g_test_add_func ("/plot/theme/regions", test_regions_themes);
  g_test_add_func ("/plot/theme/scale-two", test_scale_two);
  g_test_add_func ("/plot/theme/scale-rounds-up", test_scale_rounds_up);
  g_test_add_func ("/plot/theme/invalid-options", test_invalid_options);
  g_test_add_func ("/plot/theme/valid-edges", test_valid_edges);

  return g_test_run ();
}
