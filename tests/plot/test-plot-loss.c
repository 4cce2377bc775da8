/* test-plot-loss.c: loss curves rendered to PNG files. */
#include <float.h>
#include <math.h>

#include "plot/nrt-plot-loss.h"
#include "plot-test-utils.h"

#define N_EPOCHS 50
#define WIDTH 640
#define HEIGHT 400

/* Tableau 10 blue and orange, the training and test colours, as 0-255 */
#define TRAIN_R 0x1f
#define TRAIN_G 0x77
#define TRAIN_B 0xb4
#define TEST_R 0xff
#define TEST_G 0x7f
#define TEST_B 0x0e
#define COLOR_TOLERANCE 8

typedef struct {
  char *dir;
  double train[N_EPOCHS];
  double test[N_EPOCHS];
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  int i;

  fixture->dir = plot_test_make_dir ();
  for (i = 0; i < N_EPOCHS; i++)
    {
      fixture->train[i] = 0.05 + 0.65 * exp (-i / 8.0);
      fixture->test[i] = 0.09 + 0.62 * exp (-i / 10.0);
    }
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  plot_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

static cairo_surface_t *
render (Fixture *fixture, const char *name, const NrtLossCurves *curves)
{
  return plot_test_export_png (fixture->dir, name, WIDTH, HEIGHT,
                               nrt_plot_loss_curves_draw_func, (gpointer) curves);
}

static void
test_falling_curves (Fixture *fixture, gconstpointer data)
{
  NrtLossCurves curves = { fixture->train, fixture->test, N_EPOCHS, FALSE, "Loss" };
  cairo_surface_t *image;
  PlotTestStats stats;
  int n_train, n_test;

  image = render (fixture, "loss.png", &curves);
  stats = plot_test_count_pixels (image);
  g_test_message ("non-white %d, distinct %d", stats.n_non_white, stats.n_distinct);
  /* Axes, labels and two curves: a few percent of the pixels at least. */
  g_assert_cmpint (stats.n_non_white, >, WIDTH * HEIGHT / 50);
  g_assert_cmpint (stats.n_distinct, >, 20);

  /* Each curve is about 600 px long and 2 px wide; the dashed test curve is
   * drawn for about 60 % of its length. */
  n_train = plot_test_count_color (image, TRAIN_R, TRAIN_G, TRAIN_B, COLOR_TOLERANCE);
  n_test = plot_test_count_color (image, TEST_R, TEST_G, TEST_B, COLOR_TOLERANCE);
  g_test_message ("training pixels %d, test pixels %d", n_train, n_test);
  g_assert_cmpint (n_train, >, 300);
  g_assert_cmpint (n_test, >, 200);

  cairo_surface_destroy (image);
}

static void
test_log_scale_with_zeros (Fixture *fixture, gconstpointer data)
{
  NrtLossCurves curves = { fixture->train, fixture->test, N_EPOCHS, TRUE, NULL };
  cairo_surface_t *image;
  int n_train;

  /* Zeros, negatives, NaN and inf leave gaps in the curve. */
  fixture->train[3] = 0.0;
  fixture->train[10] = -1.0;
  fixture->train[20] = NAN;
  fixture->train[21] = INFINITY;
  fixture->test[0] = 0.0;
  fixture->test[49] = -INFINITY;

  image = render (fixture, "log.png", &curves);
  n_train = plot_test_count_color (image, TRAIN_R, TRAIN_G, TRAIN_B, COLOR_TOLERANCE);
  g_assert_cmpint (n_train, >, 200);
  cairo_surface_destroy (image);

  /* All values zero: axes and a hint, no curve. */
  for (int i = 0; i < N_EPOCHS; i++)
    fixture->train[i] = 0.0;
  curves.test_loss = NULL;
  image = render (fixture, "log-zeros.png", &curves);
  g_assert_cmpint (plot_test_count_color (image, TRAIN_R, TRAIN_G, TRAIN_B, COLOR_TOLERANCE),
                   ==, 0);
  g_assert_cmpint (plot_test_count_pixels (image).n_non_white, >, 1000);
  cairo_surface_destroy (image);
}

static void
test_empty_state (Fixture *fixture, gconstpointer data)
{
  NrtLossCurves curves = { fixture->train, fixture->test, 0, FALSE, NULL };
  NrtLossCurves no_arrays = { NULL, NULL, 10, FALSE, NULL };
  cairo_surface_t *image;
  PlotTestStats stats;

  /* The frame, tick labels and the hint are drawn, but no curve. */
  image = render (fixture, "empty.png", &curves);
  stats = plot_test_count_pixels (image);
  g_assert_cmpint (stats.n_non_white, >, 1000);
  g_assert_cmpint (plot_test_count_color (image, TRAIN_R, TRAIN_G, TRAIN_B, COLOR_TOLERANCE),
                   ==, 0);
  cairo_surface_destroy (image);

  image = render (fixture, "null-arrays.png", &no_arrays);
  g_assert_cmpint (plot_test_count_pixels (image).n_non_white, >, 1000);
  cairo_surface_destroy (image);

  image = render (fixture, "null-curves.png", NULL);
  g_assert_cmpint (plot_test_count_pixels (image).n_non_white, >, 1000);
  cairo_surface_destroy (image);
}

static void
test_single_epoch (Fixture *fixture, gconstpointer data)
{
  NrtLossCurves curves = { fixture->train, NULL, 1, FALSE, NULL };
  cairo_surface_t *image;
  int n_train;

  /* One value has no neighbour, so it is drawn as a dot of radius 3 units
   * (about 3 px here) in the middle of the plot, where the y range is
   * centred on it and the x range is 0..2. The middle half of the image
   * leaves out the legend's sample line in the top right corner. */
  image = render (fixture, "single.png", &curves);
  n_train = plot_test_count_color_in (image, WIDTH / 4, HEIGHT / 4, 3 * WIDTH / 4, 3 * HEIGHT / 4,
                                      TRAIN_R, TRAIN_G, TRAIN_B, COLOR_TOLERANCE);
  g_test_message ("training pixels in the middle %d", n_train);
  g_assert_cmpint (n_train, >, 10);
  cairo_surface_destroy (image);
}

static void
test_equal_and_huge_values (Fixture *fixture, gconstpointer data)
{
  NrtLossCurves curves = { fixture->train, fixture->test, N_EPOCHS, FALSE, NULL };
  cairo_surface_t *image;
  int i;

  for (i = 0; i < N_EPOCHS; i++)
    {
      fixture->train[i] = 0.5;
      fixture->test[i] = 0.5;
    }
  image = render (fixture, "equal.png", &curves);
  g_assert_cmpint (plot_test_count_pixels (image).n_non_white, >, 1000);
  cairo_surface_destroy (image);

  curves.log_scale = TRUE;
  image = render (fixture, "equal-log.png", &curves);
  g_assert_cmpint (plot_test_count_pixels (image).n_non_white, >, 1000);
  cairo_surface_destroy (image);

  /* A diverging run up to 1e294. DBL_MAX and the overflowed inf values are
   * beyond 1e300 and skipped. */
  for (i = 0; i < N_EPOCHS; i++)
    {
      fixture->train[i] = pow (10.0, i * 7);
      fixture->test[i] = -DBL_MAX;
    }
  fixture->train[0] = DBL_MAX;
  image = render (fixture, "huge-log.png", &curves);
  g_assert_cmpint (plot_test_count_color (image, TRAIN_R, TRAIN_G, TRAIN_B, COLOR_TOLERANCE),
                   >, 100);
  cairo_surface_destroy (image);

  curves.log_scale = FALSE;
  image = render (fixture, "huge.png", &curves);
  g_assert_cmpint (plot_test_count_pixels (image).n_non_white, >, 1000);
  cairo_surface_destroy (image);
}

static void
test_bad_sizes (void)
{
  static const double sizes[][2] = {
    { 0.0, 0.0 }, { -5.0, 100.0 }, { 100.0, NAN }, { INFINITY, 100.0 }, { 1.0, 1.0 },
    { 30.0, 20.0 }, { 5000.0, 3.0 },
  };
  double train[3] = { 1.0, 0.5, 0.25 };
  NrtLossCurves curves = { train, train, 3, TRUE, "title" };
  cairo_surface_t *surface;
  cairo_t *cr;
  guint i;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 64, 64);
  cr = cairo_create (surface);
  for (i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      nrt_plot_loss_curves (cr, sizes[i][0], sizes[i][1], &curves);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/plot/loss/falling-curves", Fixture, NULL,
              fixture_set_up, test_falling_curves, fixture_tear_down);
  g_test_add ("/plot/loss/log-scale-with-zeros", Fixture, NULL,
              fixture_set_up, test_log_scale_with_zeros, fixture_tear_down);
  g_test_add ("/plot/loss/empty-state", Fixture, NULL,
              fixture_set_up, test_empty_state, fixture_tear_down);
  g_test_add ("/plot/loss/single-epoch", Fixture, NULL,
              fixture_set_up, test_single_epoch, fixture_tear_down);
  g_test_add ("/plot/loss/equal-and-huge-values", Fixture, NULL,
              fixture_set_up, test_equal_and_huge_values, fixture_tear_down);
  g_test_add_func ("/plot/loss/bad-sizes", test_bad_sizes);

  return g_test_run ();
}
