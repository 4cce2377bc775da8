/* test-plot-digits.c: misclassified examples drawn as grey pictures. */
#include <math.h>

#include "plot/nrt-plot-digits.h"
#include "plot-test-utils.h"

#define WIDTH 640
#define HEIGHT 400
#define SIDE 8
#define N_PIXELS (SIDE * SIDE)
#define N_SAMPLES 6

typedef struct {
  char *dir;
  float features[N_SAMPLES * N_PIXELS];
  int rows[N_SAMPLES];
  int true_classes[N_SAMPLES];
  int predicted_classes[N_SAMPLES];
  NrtDigitsGrid grid;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  fixture->dir = plot_test_make_dir ();

  /* Every image is 16 (ink, as in the 8x8 digits) in its top half and 0
   * below, so each picture is black above and white below. */
  for (int i = 0; i < N_SAMPLES; i++)
    {
      for (int p = 0; p < N_PIXELS; p++)
        fixture->features[i * N_PIXELS + p] = p < N_PIXELS / 2 ? 16.0f : 0.0f;
      fixture->rows[i] = i;
      fixture->true_classes[i] = i;
      fixture->predicted_classes[i] = (i + 1) % 10;
    }
  fixture->grid = (NrtDigitsGrid) {
    .features = fixture->features,
    .n_samples = N_SAMPLES,
    .n_features = N_PIXELS,
    .rows = fixture->rows,
    .true_classes = fixture->true_classes,
    .predicted_classes = fixture->predicted_classes,
    .n_images = N_SAMPLES,
    .n_classes = 10,
    .title = "Misclassified",
  };
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  plot_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

static gboolean
is_black (PlotTestPixel pixel)
{
  return pixel.r < 8 && pixel.g < 8 && pixel.b < 8;
}

static void
test_side (void)
{
  g_assert_cmpint (nrt_plot_digits_side (64), ==, 8);
  g_assert_cmpint (nrt_plot_digits_side (16), ==, 4);
  g_assert_cmpint (nrt_plot_digits_side (784), ==, 28);
  g_assert_cmpint (nrt_plot_digits_side (9), ==, 0);
  g_assert_cmpint (nrt_plot_digits_side (63), ==, 0);
  g_assert_cmpint (nrt_plot_digits_side (65), ==, 0);
  g_assert_cmpint (nrt_plot_digits_side (0), ==, 0);
  g_assert_cmpint (nrt_plot_digits_side (-16), ==, 0);
}

/* Returns the number of separate runs of black pixels along row y. */
static int
count_black_runs (cairo_surface_t *image, int y)
{
  int runs = 0;
  gboolean in_run = FALSE;

  for (int x = 0; x < cairo_image_surface_get_width (image); x++)
    {
      gboolean black = is_black (plot_test_get_pixel (image, x, y));

      runs += black && !in_run;
      in_run = black;
    }
  return runs;
}

static void
test_pictures_and_captions (Fixture *fixture, gconstpointer data)
{
  cairo_surface_t *image;
  int x0 = -1, y0 = -1, half = 0, max_runs = 0;
  int caption_pixels;

  image = plot_test_export_png (fixture->dir, "digits.png", WIDTH, HEIGHT,
                                nrt_plot_digits_draw_func, &fixture->grid);

  /* The first black pixel in reading order is the top left corner of the
   * first picture's ink. */
  for (int y = 0; y < HEIGHT && x0 < 0; y++)
    for (int x = 0; x < WIDTH && x0 < 0; x++)
      if (is_black (plot_test_get_pixel (image, x, y)))
        {
          x0 = x;
          y0 = y;
        }
  g_assert_cmpint (x0, >=, 0);
  while (y0 + half < HEIGHT && is_black (plot_test_get_pixel (image, x0 + 1, y0 + half)))
    half++;
  g_test_message ("first picture at (%d, %d), black half %d px tall", x0, y0, half);

  /* 8 image rows of at least 3 px each make the black half 12 px or more,
   * and below it the lower half is white. */
  g_assert_cmpint (half, >=, 12);
  for (int dy = 1; dy < half - 1; dy++)
    {
      PlotTestPixel pixel = plot_test_get_pixel (image, x0 + half / 2, y0 + half + dy);

      g_assert_cmpint (pixel.r, >, 240);
    }

  /* All six pictures are drawn: the rows of the grid together show six
   * separate black runs. */
  for (int y = 0; y < HEIGHT; y++)
    {
      int runs = count_black_runs (image, y);

      if (runs > 0 && (y == 0 || count_black_runs (image, y - 1) == 0))
        max_runs += runs;
    }
  g_test_message ("black runs over the grid rows: %d", max_runs);
  g_assert_cmpint (max_runs, ==, N_SAMPLES);

  /* The caption sits under the picture, in the text colour. */
  caption_pixels = plot_test_count_color_in (image, x0 - 60, y0 + 2 * half + 2,
                                             x0 + 2 * half + 60, y0 + 2 * half + 30,
                                             38, 38, 38, 60);
  g_test_message ("caption pixels %d", caption_pixels);
  g_assert_cmpint (caption_pixels, >, 40);

  cairo_surface_destroy (image);
}

static void
test_not_a_square (Fixture *fixture, gconstpointer data)
{
  cairo_surface_t *image;

  /* 10 features are not a square: a hint and no picture. */
  fixture->grid.n_features = 10;
  image = plot_test_export_png (fixture->dir, "not-square.png", WIDTH, HEIGHT,
                                nrt_plot_digits_draw_func, &fixture->grid);
  g_assert_cmpint (plot_test_count_color (image, 0, 0, 0, 8), ==, 0);
  g_assert_cmpint (plot_test_count_color (image, 38, 38, 38, 60), >, 20);
  cairo_surface_destroy (image);

  /* No images and no grid: hints too. */
  fixture->grid.n_features = N_PIXELS;
  fixture->grid.n_images = 0;
  image = plot_test_export_png (fixture->dir, "none.png", WIDTH, HEIGHT,
                                nrt_plot_digits_draw_func, &fixture->grid);
  g_assert_cmpint (plot_test_count_color (image, 0, 0, 0, 8), ==, 0);
  cairo_surface_destroy (image);
  image = plot_test_export_png (fixture->dir, "null.png", WIDTH, HEIGHT,
                                nrt_plot_digits_draw_func, NULL);
  g_assert_cmpint (plot_test_count_color (image, 38, 38, 38, 60), >, 20);
  cairo_surface_destroy (image);
}

static void
test_crowded_grid (Fixture *fixture, gconstpointer data)
{
  enum { MANY = 400 };
  g_autofree int *rows = g_new (int, MANY);
  g_autofree int *classes = g_new (int, MANY);
  cairo_surface_t *image, *roomy;
  int n_black, n_black_roomy;

  for (int i = 0; i < MANY; i++)
    {
      rows[i] = i % N_SAMPLES;
      classes[i] = i % 10;
    }
  /* One row index out of range draws an empty picture. */
  rows[1] = 1000;
  fixture->grid.rows = rows;
  fixture->grid.true_classes = classes;
  fixture->grid.predicted_classes = classes;
  fixture->grid.n_images = MANY;
  fixture->grid.n_total = 1000;

  /* 400 pictures of at least 24 px with captions do not fit in 300 × 200,
   * so fewer are drawn, and a larger drawing shows more of them. */
  image = plot_test_export_png (fixture->dir, "crowded.png", 300, 200,
                                nrt_plot_digits_draw_func, &fixture->grid);
  roomy = plot_test_export_png (fixture->dir, "roomy.png", 1200, 900,
                                nrt_plot_digits_draw_func, &fixture->grid);
  n_black = plot_test_count_color (image, 0, 0, 0, 8);
  n_black_roomy = plot_test_count_color (roomy, 0, 0, 0, 8);
  g_test_message ("black pixels: %d in 300 x 200, %d in 1200 x 900", n_black, n_black_roomy);
  g_assert_cmpint (n_black, >, 0);
  g_assert_cmpint (n_black_roomy, >, 4 * n_black);
  cairo_surface_destroy (image);
  cairo_surface_destroy (roomy);
}

static void
test_bad_values (Fixture *fixture, gconstpointer data)
{
  cairo_surface_t *image;

  /* NaN and infinite pixels are mid grey, and the others keep their
   * shades. */
  fixture->features[0] = NAN;
  fixture->features[1] = INFINITY;
  fixture->features[N_PIXELS] = -INFINITY;
  image = plot_test_export_png (fixture->dir, "nan.png", WIDTH, HEIGHT,
                                nrt_plot_digits_draw_func, &fixture->grid);
  g_assert_cmpint (plot_test_count_color (image, 0, 0, 0, 8), >, 100);
  g_assert_cmpint (plot_test_count_color (image, 128, 128, 128, 4), >, 0);
  cairo_surface_destroy (image);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plot/digits/side", test_side);
  g_test_add ("/plot/digits/pictures-and-captions", Fixture, NULL, fixture_set_up,
              test_pictures_and_captions, fixture_tear_down);
  g_test_add ("/plot/digits/not-a-square", Fixture, NULL, fixture_set_up, test_not_a_square,
              fixture_tear_down);
  g_test_add ("/plot/digits/crowded-grid", Fixture, NULL, fixture_set_up, test_crowded_grid,
              fixture_tear_down);
  g_test_add ("/plot/digits/bad-values", Fixture, NULL, fixture_set_up, test_bad_values,
              fixture_tear_down);

  return g_test_run ();
}
