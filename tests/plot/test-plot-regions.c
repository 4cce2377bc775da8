/* test-plot-regions.c: decision-region images and plots. */
#include <math.h>
#include <stdlib.h>

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

/* Red of the misclassification ring: 0.86 × 255 and 0.08 × 255. */
#define RING_R 219
#define RING_G 20
#define RING_B 20

/* Two points on a plane [-1, 1]² of a 600 × 480 plot: the plane is a
 * square about 400 px wide from x ≈ 50, so x = -0.5 lies left of column
 * 250, x = 0.5 right of it, and the legend starts right of the plane. */
static void
test_plot_wrong_marks (void)
{
  g_autofree char *dir = plot_test_make_dir ();
  float points[] = { -0.5f, 0.0f, 0.5f, 0.0f };
  int classes[] = { 0, 1 };
  gboolean is_wrong[] = { TRUE, FALSE };
  NrtRegionsPlot plot = {
    .x_min = -1.0, .x_max = 1.0, .y_min = -1.0, .y_max = 1.0,
    .points = points, .point_classes = classes, .n_points = 2, .n_classes = 2,
  };
  cairo_surface_t *png;
  int left, middle, legend;

  /* Without flags, nothing is red. */
  png = plot_test_export_png (dir, "no-marks.png", WIDTH, HEIGHT, nrt_plot_regions_draw_func,
                              &plot);
  g_assert_cmpint (plot_test_count_color (png, RING_R, RING_G, RING_B, 40), ==, 0);
  cairo_surface_destroy (png);

  /* With the first point wrong: a ring around it, none around the second,
   * and one in the legend. */
  plot.point_is_wrong = is_wrong;
  png = plot_test_export_png (dir, "marks.png", WIDTH, HEIGHT, nrt_plot_regions_draw_func,
                              &plot);
  left = plot_test_count_color_in (png, 0, 0, 250, HEIGHT, RING_R, RING_G, RING_B, 40);
  middle = plot_test_count_color_in (png, 250, 0, 440, HEIGHT, RING_R, RING_G, RING_B, 40);
  legend = plot_test_count_color_in (png, 460, 0, WIDTH, HEIGHT, RING_R, RING_G, RING_B, 40);
  g_test_message ("red pixels: left %d, middle %d, legend %d", left, middle, legend);
  /* Antialiasing leaves only the pixels that the ring's line covers whole
   * in its full red: a dozen or so around a point. */
  g_assert_cmpint (left, >, 8);
  g_assert_cmpint (middle, ==, 0);
  g_assert_cmpint (legend, >, 5);
  cairo_surface_destroy (png);

  plot_test_remove_dir (dir);
}

/* Validation points are squares as wide as the circles of the other
 * points, so a validation point covers more of its class colour than the
 * same point drawn as a test circle, by the corners of the square. */
static void
test_plot_validation_squares (void)
{
  g_autofree char *dir = plot_test_make_dir ();
  NrtColor blue = nrt_plot_class_color (1, 2);
  int blue_r = (int) lround (blue.r * 255);
  int blue_g = (int) lround (blue.g * 255);
  int blue_b = (int) lround (blue.b * 255);
  float points[] = { 0.0f, 0.0f };
  int classes[] = { 1 };
  gboolean is_test[] = { TRUE };
  gboolean is_validation[] = { TRUE };
  NrtRegionsPlot plot = {
    .x_min = -1.0, .x_max = 1.0, .y_min = -1.0, .y_max = 1.0,
    .points = points, .point_classes = classes, .n_points = 1, .n_classes = 2,
    .point_is_test = is_test,
  };
  cairo_surface_t *png;
  int circle, square;

  png = plot_test_export_png (dir, "circle.png", WIDTH, HEIGHT, nrt_plot_regions_draw_func,
                              &plot);
  circle = plot_test_count_color_in (png, 0, 0, 440, HEIGHT, blue_r, blue_g, blue_b, 10);
  cairo_surface_destroy (png);

  plot.point_is_test = NULL;
  plot.point_is_validation = is_validation;
  png = plot_test_export_png (dir, "square.png", WIDTH, HEIGHT, nrt_plot_regions_draw_func,
                              &plot);
  square = plot_test_count_color_in (png, 0, 0, 440, HEIGHT, blue_r, blue_g, blue_b, 10);
  cairo_surface_destroy (png);

  g_test_message ("class-colour pixels: circle %d, square %d", circle, square);
  g_assert_cmpint (circle, >, 10);
  g_assert_cmpint (square, >, circle);

  plot_test_remove_dir (dir);
}

/* Grey of points without a class, 0.35 × 255, and the dark outline of
 * held-out points, 0.15 × 255, as nrt-plot-regions-points.c draws them. */
#define POINT_GREY 89
#define OUTLINE_GREY 38

/* Rows of the legend's marker column, columns 490 to 513 right of the
 * plane, above the tick label at its bottom right corner: the first and
 * last row of each run of rows that are not all white. */
static int
find_legend_markers (cairo_surface_t *png, int *top, int *bottom, int max_markers)
{
  int n = 0;
  gboolean inside = FALSE;

  for (int y = 0; y < 400; y++)
    {
      gboolean blank = TRUE;

      for (int x = 490; x < 514 && blank; x++)
        {
          PlotTestPixel pixel = plot_test_get_pixel (png, x, y);

          blank = pixel.r > 250 && pixel.g > 250 && pixel.b > 250;
        }
      if (!blank && !inside && n < max_markers)
        top[n++] = y;
      if (!blank)
        bottom[n - 1] = y;
      inside = !blank;
    }
  return n;
}

/* Asserts that two counts of pixels differ by at most half the first, or
 * by 5 pixels when that is more. A thin outline on a pixel boundary covers
 * about half as many pixels in full as one across pixel centres. */
static void
assert_similar_count (int expected, int found)
{
  g_assert_cmpint (abs (found - expected), <=, MAX (expected / 2, 5));
}

/* Checks that the legend's markers look like the points they stand for.
 * A training, a validation and a test point without classes, each in a box
 * of the plane, cover about as many pixels of grey fill and of dark outline
 * as their legend marker. The plane spans about x = 72 to 483 and y = 17 to
 * 428 in this plot. */
static void
test_plot_legend_markers (void)
{
  g_autofree char *dir = plot_test_make_dir ();
  float points[] = { -0.5f, 0.0f, 0.0f, 0.5f, 0.5f, 0.0f };
  gboolean is_validation[] = { FALSE, TRUE, FALSE };
  gboolean is_test[] = { FALSE, FALSE, TRUE };
  NrtRegionsPlot plot = {
    .x_min = -1.0, .x_max = 1.0, .y_min = -1.0, .y_max = 1.0,
    .points = points, .n_points = 3,
    .point_is_validation = is_validation, .point_is_test = is_test,
  };
  /* The boxes of the training, validation and test point, in that order,
   * which is the legend's order. */
  static const int boxes[3][4] = {
    { 150, 200, 200, 245 }, { 255, 98, 300, 143 }, { 357, 200, 403, 245 },
  };
  const char *const parts[3] = { "training", "validation", "test" };
  cairo_surface_t *png;
  int top[4], bottom[4];
  int n_markers;

  png = plot_test_export_png (dir, "legend.png", WIDTH, HEIGHT, nrt_plot_regions_draw_func,
                              &plot);
  n_markers = find_legend_markers (png, top, bottom, G_N_ELEMENTS (top));
  g_assert_cmpint (n_markers, ==, 3);

  for (int k = 0; k < 3; k++)
    {
      int point_fill = plot_test_count_color_in (png, boxes[k][0], boxes[k][1], boxes[k][2],
                                                 boxes[k][3], POINT_GREY, POINT_GREY,
                                                 POINT_GREY, 6);
      int point_outline = plot_test_count_color_in (png, boxes[k][0], boxes[k][1], boxes[k][2],
                                                    boxes[k][3], OUTLINE_GREY, OUTLINE_GREY,
                                                    OUTLINE_GREY, 12);
      int marker_fill = plot_test_count_color_in (png, 490, top[k], 514, bottom[k] + 1,
                                                  POINT_GREY, POINT_GREY, POINT_GREY, 6);
      int marker_outline = plot_test_count_color_in (png, 490, top[k], 514, bottom[k] + 1,
                                                     OUTLINE_GREY, OUTLINE_GREY, OUTLINE_GREY,
                                                     12);

      g_test_message ("%s: grey fill: point %d, legend %d; dark outline: point %d, legend %d",
                      parts[k], point_fill, marker_fill, point_outline, marker_outline);
      g_assert_cmpint (point_fill, >, 5);
      assert_similar_count (point_fill, marker_fill);
      assert_similar_count (point_outline, marker_outline);
    }
  cairo_surface_destroy (png);

  plot_test_remove_dir (dir);
}

/* Regression points take the diverging colour of their value: the
 * largest value full blue (#0877bd), the smallest full orange (#f59322),
 * where points without values are grey. The legend shows both ends of the
 * scale, also with an empty list of class names, as the app passes. */
static void
test_plot_point_values (void)
{
  g_autofree char *dir = plot_test_make_dir ();
  float points[] = { -0.5f, 0.0f, 0.5f, 0.0f };
  float values[] = { 10.0f, 30.0f };
  static const char *const no_names[] = { NULL };
  NrtRegionsPlot plot = {
    .x_min = -1.0, .x_max = 1.0, .y_min = -1.0, .y_max = 1.0,
    .points = points, .n_points = 2, .class_names = no_names,
  };
  cairo_surface_t *png;

  png = plot_test_export_png (dir, "grey.png", WIDTH, HEIGHT, nrt_plot_regions_draw_func,
                              &plot);
  g_assert_cmpint (plot_test_count_color (png, 0x08, 0x77, 0xbd, 10), ==, 0);
  g_assert_cmpint (plot_test_count_color (png, 0xf5, 0x93, 0x22, 10), ==, 0);
  cairo_surface_destroy (png);

  plot.point_values = values;
  plot.value_min = 10.0;
  plot.value_max = 30.0;
  png = plot_test_export_png (dir, "values.png", WIDTH, HEIGHT, nrt_plot_regions_draw_func,
                              &plot);
  /* The plane's points, left of the legend. */
  g_assert_cmpint (plot_test_count_color_in (png, 0, 0, 250, HEIGHT, 0xf5, 0x93, 0x22, 10),
                   >, 10);
  g_assert_cmpint (plot_test_count_color_in (png, 250, 0, 440, HEIGHT, 0x08, 0x77, 0xbd, 10),
                   >, 10);
  g_assert_cmpint (plot_test_count_color_in (png, 0, 0, 250, HEIGHT, 0x08, 0x77, 0xbd, 10),
                   ==, 0);
  /* The legend names both ends of the scale in their colours. */
  g_assert_cmpint (plot_test_count_color_in (png, 460, 0, WIDTH, HEIGHT, 0xf5, 0x93, 0x22, 10),
                   >, 5);
  g_assert_cmpint (plot_test_count_color_in (png, 460, 0, WIDTH, HEIGHT, 0x08, 0x77, 0xbd, 10),
                   >, 5);
  cairo_surface_destroy (png);

  plot_test_remove_dir (dir);
}

/* Above 4,000 points the screen gets copies of each marker's image instead
 * of paths: 4,900 points on a 70 × 70 lattice, class 0 left of x = 0 and
 * class 1 right, every point of the top row misclassified. Each side shows
 * its full class colour, and the rings their red, in the top part only. */
static void
test_plot_many_points (void)
{
  g_autofree char *dir = plot_test_make_dir ();
  enum { SIDE = 70, N = SIDE * SIDE };
  g_autofree float *points = g_new (float, 2 * N);
  g_autofree int *classes = g_new (int, N);
  g_autofree gboolean *is_wrong = g_new0 (gboolean, N);
  NrtRegionsPlot plot = {
    .x_min = -1.0, .x_max = 1.0, .y_min = -1.0, .y_max = 1.0,
    .points = points, .point_classes = classes, .point_is_wrong = is_wrong,
    .n_points = N, .n_classes = 2,
  };
  cairo_surface_t *png;
  int left_orange, right_blue, top_red, bottom_red;

  for (int row = 0; row < SIDE; row++)
    for (int col = 0; col < SIDE; col++)
      {
        int i = row * SIDE + col;

        points[2 * i] = (float) (-0.95 + 1.9 * col / (SIDE - 1));
        points[2 * i + 1] = (float) (0.95 - 1.9 * row / (SIDE - 1));
        classes[i] = points[2 * i] > 0.0f;
        is_wrong[i] = row == 0;
      }

  png = plot_test_export_png (dir, "many.png", WIDTH, HEIGHT, nrt_plot_regions_draw_func,
                              &plot);
  left_orange = plot_test_count_color_in (png, 0, 0, 250, HEIGHT, 0xf5, 0x93, 0x22, 10);
  right_blue = plot_test_count_color_in (png, 250, 0, 440, HEIGHT, 0x08, 0x77, 0xbd, 10);
  top_red = plot_test_count_color_in (png, 0, 0, 440, HEIGHT / 4, RING_R, RING_G, RING_B, 40);
  bottom_red = plot_test_count_color_in (png, 0, HEIGHT / 4, 440, HEIGHT, RING_R, RING_G,
                                         RING_B, 40);
  g_test_message ("orange %d, blue %d, red top %d, red below %d", left_orange, right_blue,
                  top_red, bottom_red);
  g_assert_cmpint (left_orange, >, 1000);
  g_assert_cmpint (right_blue, >, 1000);
  g_assert_cmpint (top_red, >, 100);
  g_assert_cmpint (bottom_red, ==, 0);
  cairo_surface_destroy (png);

  plot_test_remove_dir (dir);
}

/* With a points cache, the points of large data are drawn once: a second
 * plot shows them as the first did, even after the classes change, until
 * the cache is cleared. */
/* Counts the pixels of class 1's blue left of column 490, where the plane
 * of the points cache test ends and its legend, whose class 1 marker is
 * blue, has not begun. */
static int
count_plane_blue (cairo_surface_t *png)
{
  return plot_test_count_color_in (png, 0, 0, 490, HEIGHT, 0x08, 0x77, 0xbd, 10);
}

static void
test_plot_points_cache (void)
{
  g_autofree char *dir = plot_test_make_dir ();
  enum { SIDE = 70, N = SIDE * SIDE };
  g_autofree float *points = g_new (float, 2 * N);
  g_autofree int *classes = g_new (int, N);
  NrtRegionsPointsCache *cache = nrt_regions_points_cache_new ();
  NrtRegionsPlot plot = {
    .x_min = -1.0, .x_max = 1.0, .y_min = -1.0, .y_max = 1.0,
    .points = points, .point_classes = classes, .n_points = N, .n_classes = 2,
    .points_cache = cache,
  };
  cairo_surface_t *png;
  int blue_uncached, blue_first, blue_cached, blue_stale, blue_cleared;

  for (int i = 0; i < N; i++)
    {
      points[2 * i] = (float) (-0.95 + 1.9 * (i % SIDE) / (SIDE - 1));
      points[2 * i + 1] = (float) (0.95 - 1.9 * (i / SIDE) / (SIDE - 1));
      classes[i] = 1;
    }

  /* All points blue, drawn without the cache, then twice with it. */
  plot.points_cache = NULL;
  png = plot_test_export_png (dir, "uncached.png", WIDTH, HEIGHT, nrt_plot_regions_draw_func,
                              &plot);
  blue_uncached = count_plane_blue (png);
  cairo_surface_destroy (png);
  plot.points_cache = cache;
  png = plot_test_export_png (dir, "first.png", WIDTH, HEIGHT, nrt_plot_regions_draw_func,
                              &plot);
  blue_first = count_plane_blue (png);
  cairo_surface_destroy (png);
  png = plot_test_export_png (dir, "cached.png", WIDTH, HEIGHT, nrt_plot_regions_draw_func,
                              &plot);
  blue_cached = count_plane_blue (png);
  cairo_surface_destroy (png);

  /* All points orange: the cache still shows blue until it is cleared. */
  for (int i = 0; i < N; i++)
    classes[i] = 0;
  png = plot_test_export_png (dir, "stale.png", WIDTH, HEIGHT, nrt_plot_regions_draw_func,
                              &plot);
  blue_stale = count_plane_blue (png);
  cairo_surface_destroy (png);
  nrt_regions_points_cache_clear (cache);
  png = plot_test_export_png (dir, "cleared.png", WIDTH, HEIGHT, nrt_plot_regions_draw_func,
                              &plot);
  blue_cleared = count_plane_blue (png);
  cairo_surface_destroy (png);

  g_test_message ("blue pixels: uncached %d, first %d, cached %d, stale %d, cleared %d",
                  blue_uncached, blue_first, blue_cached, blue_stale, blue_cleared);
  g_assert_cmpint (blue_uncached, >, 10000);
  g_assert_cmpint (blue_first, ==, blue_uncached);
  g_assert_cmpint (blue_cached, ==, blue_first);
  g_assert_cmpint (blue_stale, ==, blue_first);
  g_assert_cmpint (blue_cleared, ==, 0);

  nrt_regions_points_cache_free (cache);
  plot_test_remove_dir (dir);
}

/* Classes without names are listed in the legend by index, each with a
 * marker in its colour right of the plane. */
static void
test_plot_legend_without_names (void)
{
  g_autofree char *dir = plot_test_make_dir ();
  float points[] = { -0.5f, 0.0f };
  int classes[] = { 0 };
  NrtRegionsPlot plot = {
    .x_min = -1.0, .x_max = 1.0, .y_min = -1.0, .y_max = 1.0,
    .points = points, .point_classes = classes, .n_points = 1, .n_classes = 2,
  };
  cairo_surface_t *png;

  png = plot_test_export_png (dir, "no-names.png", WIDTH, HEIGHT, nrt_plot_regions_draw_func,
                              &plot);
  /* The only blue is class 1's legend marker, since no point is of class 1. */
  g_assert_cmpint (plot_test_count_color_in (png, 490, 0, WIDTH, HEIGHT, 0x08, 0x77, 0xbd, 10),
                   >, 5);
  g_assert_cmpint (plot_test_count_color_in (png, 490, 0, WIDTH, HEIGHT, 0xf5, 0x93, 0x22, 10),
                   >, 5);
  g_assert_cmpint (plot_test_count_color_in (png, 0, 0, 490, HEIGHT, 0x08, 0x77, 0xbd, 10),
                   ==, 0);
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
  g_test_add_func ("/plot/regions/wrong-marks", test_plot_wrong_marks);
  g_test_add_func ("/plot/regions/validation-squares", test_plot_validation_squares);
  g_test_add_func ("/plot/regions/legend-markers", test_plot_legend_markers);
  g_test_add_func ("/plot/regions/point-values", test_plot_point_values);
  g_test_add_func ("/plot/regions/many-points", test_plot_many_points);
  g_test_add_func ("/plot/regions/points-cache", test_plot_points_cache);
  g_test_add_func ("/plot/regions/legend-without-names", test_plot_legend_without_names);
  g_test_add_func ("/plot/regions/plot-bad-sizes", test_plot_bad_sizes);

  return g_test_run ();
}
