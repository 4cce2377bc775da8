/* test-plot-regions.c: decision-region images and plots. */
#include <math.h>

#include "plot/nrt-plot-regions.h"
#include "plot-test-utils.h"

#define GRID_SIDE 60
#define WIDTH 600
#define HEIGHT 480

static void
assert_orange (PlotTestPixel pixel)
{
  g_test_message ("pixel %d %d %d", pixel.r, pixel.g, pixel.b);
  g_assert_cmpint (pixel.a, ==, 255);
  g_assert_cmpint (pixel.r, >, 200);
  g_assert_cmpint (pixel.r, >, pixel.b + 100);
  g_assert_cmpint (pixel.g, >, pixel.b);
}

static void
assert_blue (PlotTestPixel pixel)
{
  g_test_message ("pixel %d %d %d", pixel.r, pixel.g, pixel.b);
  g_assert_cmpint (pixel.a, ==, 255);
  g_assert_cmpint (pixel.b, >, 150);
  g_assert_cmpint (pixel.b, >, pixel.r + 100);
}

static void
assert_near_white (PlotTestPixel pixel, int min_channel)
{
  g_test_message ("pixel %d %d %d", pixel.r, pixel.g, pixel.b);
  g_assert_cmpint (pixel.r, >=, min_channel);
  g_assert_cmpint (pixel.g, >=, min_channel);
  g_assert_cmpint (pixel.b, >=, min_channel);
}

static void
test_binary_image (void)
{
  /* P(class 1) of 0, 0.5, 1 and 0.45 */
  float values[4] = { 0.0f, 0.5f, 1.0f, 0.45f };
  NrtRegionGrid grid = { 4, 1, 1, 2, values, 0.0, 0.0 };
  cairo_surface_t *image;

  image = nrt_plot_regions_render_image (&grid);
  g_assert_nonnull (image);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 4);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 1);

  assert_orange (plot_test_get_pixel (image, 0, 0));
  assert_near_white (plot_test_get_pixel (image, 1, 0), 254);
  assert_blue (plot_test_get_pixel (image, 2, 0));
  /* 0.45 is unsure: 6 % of the way to orange, so every channel stays above
   * 255 - 0.06 × (255 - 0x22) = 241.7. */
  assert_near_white (plot_test_get_pixel (image, 3, 0), 241);

  cairo_surface_destroy (image);
}

static void
test_multiclass_image (void)
{
  /* One row: one-hot cells for classes 0..3, then a uniform cell. */
  float values[5 * 4] = {
    1, 0, 0, 0,
    0, 1, 0, 0,
    0, 0, 1, 0,
    0, 0, 0, 1,
    0.25f, 0.25f, 0.25f, 0.25f,
  };
  NrtRegionGrid grid = { 5, 1, 4, 4, values, 0.0, 0.0 };
  cairo_surface_t *image;
  int k;

  image = nrt_plot_regions_render_image (&grid);
  g_assert_nonnull (image);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 5);

  /* A sure cell is the class colour moved 60 % from white: channel =
   * 255 - 0.6 × (255 - class channel), to within rounding. */
  for (k = 0; k < 4; k++)
    {
      NrtColor color = nrt_plot_class_color (k, 4);
      PlotTestPixel pixel = plot_test_get_pixel (image, k, 0);
      double expected_r = 255.0 - 0.6 * (255.0 - color.r * 255.0);
      double expected_g = 255.0 - 0.6 * (255.0 - color.g * 255.0);
      double expected_b = 255.0 - 0.6 * (255.0 - color.b * 255.0);
      double max_difference = MAX (fabs (pixel.r - expected_r),
                                   MAX (fabs (pixel.g - expected_g), fabs (pixel.b - expected_b)));

      if (max_difference > 1.0)
        g_test_message ("class %d: max channel difference %g", k, max_difference);
      g_assert_cmpfloat (max_difference, <=, 1.0);
    }
  assert_near_white (plot_test_get_pixel (image, 4, 0), 255);

  cairo_surface_destroy (image);
}

static void
test_regression_image (void)
{
  float values[4] = { -2.0f, 0.0f, 2.0f, NAN };
  NrtRegionGrid grid = { 4, 1, 1, 0, values, -2.0, 2.0 };
  cairo_surface_t *image;

  image = nrt_plot_regions_render_image (&grid);
  g_assert_nonnull (image);
  assert_orange (plot_test_get_pixel (image, 0, 0));
  assert_near_white (plot_test_get_pixel (image, 1, 0), 254);
  assert_blue (plot_test_get_pixel (image, 2, 0));
  /* NaN is light grey: neither white nor a class colour */
  g_assert_cmpint (plot_test_get_pixel (image, 3, 0).r, ==, plot_test_get_pixel (image, 3, 0).b);
  g_assert_cmpint (plot_test_get_pixel (image, 3, 0).r, <, 240);
  cairo_surface_destroy (image);

  /* value_min == value_max: every cell is white, no division by zero */
  grid.value_max = grid.value_min;
  image = nrt_plot_regions_render_image (&grid);
  assert_near_white (plot_test_get_pixel (image, 2, 0), 255);
  cairo_surface_destroy (image);
}

static void
test_image_bad_input (void)
{
  float values[4] = { NAN, INFINITY, -INFINITY, 0.5f };
  NrtRegionGrid grid = { 2, 2, 1, 2, values, 0.0, 0.0 };
  NrtRegionGrid bad;
  cairo_surface_t *image;

  g_assert_null (nrt_plot_regions_render_image (NULL));

  bad = grid;
  bad.values = NULL;
  g_assert_null (nrt_plot_regions_render_image (&bad));
  bad = grid;
  bad.grid_width = 0;
  g_assert_null (nrt_plot_regions_render_image (&bad));
  bad = grid;
  bad.grid_height = -3;
  g_assert_null (nrt_plot_regions_render_image (&bad));
  bad = grid;
  bad.n_outputs = 0;
  g_assert_null (nrt_plot_regions_render_image (&bad));
  bad = grid;
  bad.grid_width = 40000;
  g_assert_null (nrt_plot_regions_render_image (&bad));

  image = nrt_plot_regions_render_image (&grid);
  g_assert_nonnull (image);
  assert_near_white (plot_test_get_pixel (image, 1, 1), 254);
  cairo_surface_destroy (image);
}

static void
test_class_colors (void)
{
  NrtColor orange = nrt_plot_class_color (0, 2);
  NrtColor blue = nrt_plot_class_color (1, 2);
  int i, j;

  /* Playground's #f59322 and #0877bd */
  g_assert_cmpint ((int) lround (orange.r * 255), ==, 0xf5);
  g_assert_cmpint ((int) lround (orange.g * 255), ==, 0x93);
  g_assert_cmpint ((int) lround (orange.b * 255), ==, 0x22);
  g_assert_cmpint ((int) lround (blue.r * 255), ==, 0x08);
  g_assert_cmpint ((int) lround (blue.b * 255), ==, 0xbd);

  /* Ten classes differ pairwise by at least 0.1 in some channel; the
   * eleventh repeats the first. */
  for (i = 0; i < 10; i++)
    {
      for (j = i + 1; j < 10; j++)
        {
          NrtColor a = nrt_plot_class_color (i, 10);
          NrtColor b = nrt_plot_class_color (j, 10);
          double difference = MAX (fabs (a.r - b.r), MAX (fabs (a.g - b.g), fabs (a.b - b.b)));

          g_assert_cmpfloat (difference, >=, 0.1);
        }
    }
  g_assert_cmpfloat (nrt_plot_class_color (10, 11).r, ==, nrt_plot_class_color (0, 11).r);
  g_assert_cmpfloat (nrt_plot_class_color (-1, 3).r, ==, nrt_plot_class_color (-1, 3).g);
}

static void
test_fit_bounds (void)
{
  float points[] = { 0.0f, 1.0f, 2.0f, 5.0f, NAN, 100.0f, 1.0f, INFINITY };
  double x_min, x_max, y_min, y_max;

  /* x spans 0..2 and y 1..5, after skipping the NaN and inf points. With
   * 5 % margins: x -0.1 .. 2.1 and y 0.8 .. 5.2 */
  nrt_plot_regions_fit_bounds (points, 4, FALSE, &x_min, &x_max, &y_min, &y_max);
  g_assert_cmpfloat_with_epsilon (x_min, -0.1, 1e-9);
  g_assert_cmpfloat_with_epsilon (x_max, 2.1, 1e-9);
  g_assert_cmpfloat_with_epsilon (y_min, 0.8, 1e-9);
  g_assert_cmpfloat_with_epsilon (y_max, 5.2, 1e-9);

  /* Square: both spans become 4, centred on 1 and 3, plus 5 % each side */
  nrt_plot_regions_fit_bounds (points, 4, TRUE, &x_min, &x_max, &y_min, &y_max);
  g_assert_cmpfloat_with_epsilon (x_min, -1.2, 1e-9);
  g_assert_cmpfloat_with_epsilon (x_max, 3.2, 1e-9);
  g_assert_cmpfloat_with_epsilon (y_min, 0.8, 1e-9);
  g_assert_cmpfloat_with_epsilon (y_max, 5.2, 1e-9);

  nrt_plot_regions_fit_bounds (NULL, 0, FALSE, &x_min, &x_max, &y_min, &y_max);
  g_assert_cmpfloat_with_epsilon (x_min, -1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (y_max, 1.0, 1e-9);

  /* A single point (2, 5) gets a plane 2 wide centred on it. */
  nrt_plot_regions_fit_bounds (points + 2, 1, FALSE, &x_min, &x_max, &y_min, &y_max);
  g_assert_cmpfloat_with_epsilon (x_min, 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (x_max, 3.0, 1e-9);
}

/* A circle-like binary grid over [-6, 6]²: class 1 inside radius 3. */
static void
fill_circle_grid (float *values)
{
  int row, column;

  for (row = 0; row < GRID_SIDE; row++)
    {
      for (column = 0; column < GRID_SIDE; column++)
        {
          double x = -6.0 + 12.0 * column / (GRID_SIDE - 1);
          double y = 6.0 - 12.0 * row / (GRID_SIDE - 1);
          double r = sqrt (x * x + y * y);

          values[row * GRID_SIDE + column] = (float) (1.0 / (1.0 + exp (8.0 * (r - 3.0))));
        }
    }
}

static void
test_plot_png (void)
{
  static const char *const names[] = { "outside", "inside" };
  g_autofree char *dir = plot_test_make_dir ();
  g_autofree float *values = g_new (float, GRID_SIDE * GRID_SIDE);
  float points[] = { 0.0f, 0.0f, 1.0f, -1.0f, 5.0f, 5.0f, -4.5f, 0.5f, NAN, 1.0f };
  int classes[] = { 1, 1, 0, 0, 1 };
  gboolean is_test[] = { FALSE, TRUE, FALSE, TRUE, FALSE };
  NrtRegionGrid grid = { GRID_SIDE, GRID_SIDE, 1, 2, NULL, 0.0, 0.0 };
  NrtRegionsPlot plot = {
    .x_min = -6.0, .x_max = 6.0, .y_min = -6.0, .y_max = 6.0,
    .points = points, .point_classes = classes, .point_is_test = is_test, .n_points = 5,
    .n_classes = 2, .title = "Circle", .class_names = names,
  };
  cairo_surface_t *png;
  PlotTestStats stats;
  int n_orange, n_blue;

  fill_circle_grid (values);
  grid.values = values;
  plot.image = nrt_plot_regions_render_image (&grid);
  g_assert_nonnull (plot.image);

  png = plot_test_export_png (dir, "regions.png", WIDTH, HEIGHT, nrt_plot_regions_draw_func, &plot);
  stats = plot_test_count_pixels (png);
  g_test_message ("non-white %d, distinct %d", stats.n_non_white, stats.n_distinct);
  /* The square plane takes most of the 480 px height. */
  g_assert_cmpint (stats.n_non_white, >, 300 * 300);
  g_assert_cmpint (stats.n_distinct, >, 50);

  /* Tinted orange (249, 190, 122) outside the circle and tinted blue
   * (107, 173, 215) inside it, from 255 - 0.6 × (255 - channel) */
  n_orange = plot_test_count_color (png, 249, 190, 122, 6);
  n_blue = plot_test_count_color (png, 107, 173, 215, 6);
  g_test_message ("orange %d, blue %d", n_orange, n_blue);
  g_assert_cmpint (n_orange, >, 20000);
  g_assert_cmpint (n_blue, >, 5000);
  cairo_surface_destroy (png);

  /* Nearest filtering draws too. So does a plot without an image and with a
   * reversed plane, which falls back to the points' bounds. */
  plot.nearest_filter = TRUE;
  png = plot_test_export_png (dir, "nearest.png", 300, 200, nrt_plot_regions_draw_func, &plot);
  cairo_surface_destroy (png);
  cairo_surface_destroy (plot.image);
  plot.image = NULL;
  plot.x_min = 3.0;
  plot.x_max = -3.0;
  png = plot_test_export_png (dir, "no-image.png", 300, 200, nrt_plot_regions_draw_func, &plot);
  g_assert_cmpint (plot_test_count_pixels (png).n_non_white, >, 1000);
  cairo_surface_destroy (png);

  png = plot_test_export_png (dir, "null.png", 300, 200, nrt_plot_regions_draw_func, NULL);
  g_assert_cmpint (plot_test_count_pixels (png).n_non_white, >, 1000);
  cairo_surface_destroy (png);

  plot_test_remove_dir (dir);
}

static void
test_plot_bad_sizes (void)
{
  static const double sizes[][2] = {
    { 0.0, 0.0 }, { -5.0, 100.0 }, { 100.0, NAN }, { 1.0, 1.0 }, { 30.0, 20.0 }, { 4000.0, 3.0 },
  };
  float points[] = { 0.0f, 0.0f };
  NrtRegionsPlot plot = { -1.0, 1.0, -1.0, 1.0, .points = points, .n_points = 1 };
  cairo_surface_t *surface;
  cairo_t *cr;
  guint i;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 64, 64);
  cr = cairo_create (surface);
  for (i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      nrt_plot_regions (cr, sizes[i][0], sizes[i][1], &plot);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plot/regions/binary-image", test_binary_image);
  g_test_add_func ("/plot/regions/multiclass-image", test_multiclass_image);
  g_test_add_func ("/plot/regions/regression-image", test_regression_image);
  g_test_add_func ("/plot/regions/image-bad-input", test_image_bad_input);
  g_test_add_func ("/plot/regions/class-colors", test_class_colors);
  g_test_add_func ("/plot/regions/fit-bounds", test_fit_bounds);
  g_test_add_func ("/plot/regions/plot-png", test_plot_png);
  g_test_add_func ("/plot/regions/plot-bad-sizes", test_plot_bad_sizes);

  return g_test_run ();
}
