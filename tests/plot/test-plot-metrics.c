/* test-plot-metrics.c: the confusion matrix, metric tables and regression
 * scatter rendered to PNG, SVG and PDF files. The reports are filled by
 * hand, so these tests do not depend on how the core computes them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot/nrt-plot-metrics.h"
#include "plot-test-utils.h"

#define WIDTH 640
#define HEIGHT 400
#define N_CLASSES 3

/* The light blue behind ratios in the tables (0.85, 0.91, 0.97) as 0-255 */
#define BAR_R 217
#define BAR_G 232
#define BAR_B 247
/* Tableau 10 blue, the colour of the first regression target */
#define POINT_R 0x1f
#define POINT_G 0x77
#define POINT_B 0xb4

static const char *const class_names[N_CLASSES] = { "setosa", "versicolor", "virginica" };

/* Rows are true classes and columns predicted ones. Every cell is
 * non-zero, so every cell is tinted and the tinted pixels outline the
 * grid. */
static int confusion[N_CLASSES * N_CLASSES] = {
  40, 5, 5,
  4, 42, 4,
  2, 3, 45,
};
static double precision[N_CLASSES] = { 40.0 / 46, 42.0 / 50, 45.0 / 54 };
static double recall[N_CLASSES] = { 0.8, 0.84, 0.9 };
static double f1[N_CLASSES] = { 0.8247, 0.84, 0.8654 };
static int support[N_CLASSES] = { 50, 50, 50 };

typedef struct {
  char *dir;
  NrtMetricsReport report;
  NrtMetricsPlot plot;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  fixture->dir = plot_test_make_dir ();
  fixture->report = (NrtMetricsReport) {
    .task = NRT_TASK_CLASSIFICATION,
    .n_samples = 150,
    .loss = NAN,
    .n_classes = N_CLASSES,
    .accuracy = 127.0 / 150,
    .confusion = confusion,
    .precision = precision,
    .recall = recall,
    .f1 = f1,
    .support = support,
    .macro_f1 = (0.8247 + 0.84 + 0.8654) / 3,
    .n_targets = 1,
  };
  fixture->plot = (NrtMetricsPlot) { &fixture->report, class_names, NULL, NULL, "Test split" };
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  plot_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

/* Light blue of the "Blues" ramp: blue clearly above red. Text, grid lines
 * and the white background are grey, so they never count. */
static gboolean
is_tinted (PlotTestPixel pixel)
{
  return pixel.b >= pixel.r + 4 && pixel.b >= 60;
}

static int
brightness (PlotTestPixel pixel)
{
  return pixel.r + pixel.g + pixel.b;
}

typedef struct {
  int x0, y0, x1, y1;   /* inclusive bounds */
} Box;

/* Finds the bounds of the tinted pixels in columns 0 to max_x - 1. */
static Box
find_tinted_box_before (cairo_surface_t *image, int max_x)
{
  Box box = { G_MAXINT, G_MAXINT, -1, -1 };
  int height = cairo_image_surface_get_height (image);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < max_x; x++)
      if (is_tinted (plot_test_get_pixel (image, x, y)))
        {
          box.x0 = MIN (box.x0, x);
          box.y0 = MIN (box.y0, y);
          box.x1 = MAX (box.x1, x);
          box.y1 = MAX (box.y1, y);
        }
  return box;
}

static Box
find_tinted_box (cairo_surface_t *image)
{
  return find_tinted_box_before (image, cairo_image_surface_get_width (image));
}

/* Returns a pixel near the top left corner of cell (row, column), away
 * from the count written in its middle. */
static PlotTestPixel
cell_corner_pixel (cairo_surface_t *image, Box grid, int row, int column)
{
  double side = (grid.x1 - grid.x0 + 1) / (double) N_CLASSES;

  return plot_test_get_pixel (image, (int) (grid.x0 + column * side + 4),
                              (int) (grid.y0 + row * side + 4));
}

static void
test_confusion_diagonal_darker (Fixture *fixture, gconstpointer data)
{
  cairo_surface_t *image;
  Box grid;
  double side_x, side_y;

  image = plot_test_export_png (fixture->dir, "confusion.png", 600, 600,
                                nrt_plot_confusion_draw_func, &fixture->plot);
  grid = find_tinted_box (image);
  g_test_message ("grid from (%d, %d) to (%d, %d)", grid.x0, grid.y0, grid.x1, grid.y1);
  g_assert_cmpint (grid.x1, >, grid.x0);

  /* The cells are square, so the grid is too, within a pixel of rounding. */
  side_x = (grid.x1 - grid.x0 + 1) / (double) N_CLASSES;
  side_y = (grid.y1 - grid.y0 + 1) / (double) N_CLASSES;
  g_assert_cmpfloat (fabs (side_x - side_y), <=, 1.0);
  g_assert_cmpfloat (side_x, >, 60.0);

  /* Row shares: the diagonal takes 80 % to 90 % of each row and no other
   * cell more than 10 %, so every diagonal cell is darker than every other
   * cell. */
  for (int t = 0; t < N_CLASSES; t++)
    for (int p = 0; p < N_CLASSES; p++)
      {
        int diagonal = brightness (cell_corner_pixel (image, grid, t, t));
        int other = brightness (cell_corner_pixel (image, grid, t, p));

        if (p == t)
          continue;
        g_test_message ("row %d: diagonal %d, column %d: %d", t, diagonal, p, other);
        g_assert_cmpint (diagonal + 150, <, other);
      }

  cairo_surface_destroy (image);
}

static void
test_confusion_text_placement (Fixture *fixture, gconstpointer data)
{
  cairo_surface_t *image;
  Box grid;
  int side, dark, light;

  image = plot_test_export_png (fixture->dir, "confusion-text.png", 600, 600,
                                nrt_plot_confusion_draw_func, &fixture->plot);
  grid = find_tinted_box (image);
  side = (grid.x1 - grid.x0 + 1) / N_CLASSES;

  /* The count of a light cell (row 0, column 1: 5) is dark text in the
   * middle of the cell. The count of a dark diagonal cell is white. */
  dark = plot_test_count_color_in (image, grid.x0 + side + side / 4, grid.y0 + side / 4,
                                   grid.x0 + 2 * side - side / 4, grid.y0 + side - side / 4,
                                   38, 38, 38, 40);
  light = plot_test_count_color_in (image, grid.x0 + side / 4, grid.y0 + side / 4,
                                    grid.x0 + side - side / 4, grid.y0 + side - side / 4,
                                    255, 255, 255, 30);
  g_test_message ("dark text pixels in a light cell %d, white in a dark cell %d", dark, light);
  g_assert_cmpint (dark, >, 20);
  g_assert_cmpint (light, >, 20);

  /* Each row name sits left of its row, and each column name below its
   * column, in the text colour. */
  for (int c = 0; c < N_CLASSES; c++)
    {
      int row_name = plot_test_count_color_in (image, 0, grid.y0 + c * side,
                                                grid.x0 - 2, grid.y0 + (c + 1) * side,
                                                38, 38, 38, 60);
      int column_name = plot_test_count_color_in (image, grid.x0 + c * side, grid.y1 + 3,
                                                   grid.x0 + (c + 1) * side, HEIGHT + 200,
                                                   38, 38, 38, 60);

      g_test_message ("class %d: row name pixels %d, column name pixels %d", c, row_name,
                      column_name);
      g_assert_cmpint (row_name, >, 30);
      g_assert_cmpint (column_name, >, 30);
    }

  cairo_surface_destroy (image);
}

static void
test_confusion_empty_row (Fixture *fixture, gconstpointer data)
{
  int counts[4] = { 0, 0, 3, 7 };
  double zeros[2] = { 0.0, 0.0 };
  int supports[2] = { 0, 10 };
  NrtMetricsReport report = {
    .task = NRT_TASK_CLASSIFICATION, .n_samples = 10, .n_classes = 2, .accuracy = 0.7,
    .confusion = counts, .precision = zeros, .recall = zeros, .f1 = zeros, .support = supports,
  };
  NrtMetricsPlot plot = { &report, NULL, NULL, NULL, NULL };
  cairo_surface_t *image;
  Box grid;

  /* Class 0 has no samples: its row stays white, with no division by 0.
   * Only the bottom row is tinted. */
  image = plot_test_export_png (fixture->dir, "empty-row.png", 400, 400,
                                nrt_plot_confusion_draw_func, &plot);
  grid = find_tinted_box (image);
  g_test_message ("tinted from (%d, %d) to (%d, %d)", grid.x0, grid.y0, grid.x1, grid.y1);
  g_assert_cmpint (grid.x1 - grid.x0, >, 2 * (grid.y1 - grid.y0) - 4);
  cairo_surface_destroy (image);
}

/* Returns the number of bar pixels in each band of rows that contains
 * some, top to bottom, in bands (at most max_bands). */
static int
count_bar_bands (cairo_surface_t *image, int *bands, int max_bands)
{
  int width = cairo_image_surface_get_width (image);
  int height = cairo_image_surface_get_height (image);
  int n_bands = 0;
  gboolean in_band = FALSE;

  for (int y = 0; y < height; y++)
    {
      int n = plot_test_count_color_in (image, 0, y, width, y + 1, BAR_R, BAR_G, BAR_B, 3);

      if (n > 0 && !in_band && n_bands < max_bands)
        bands[n_bands++] = 0;
      if (n > 0 && n_bands > 0)
        bands[n_bands - 1] += n;
      in_band = n > 0;
    }
  return n_bands;
}

static void
test_class_table_bars (Fixture *fixture, gconstpointer data)
{
  double weak_precision[N_CLASSES] = { 1.0, 0.2, 0.6 };
  double weak_recall[N_CLASSES] = { 1.0, 0.2, 0.6 };
  double weak_f1[N_CLASSES] = { 1.0, 0.2, 0.6 };
  cairo_surface_t *image;
  int bands[8] = { 0 };
  int n_bands;

  fixture->report.precision = weak_precision;
  fixture->report.recall = weak_recall;
  fixture->report.f1 = weak_f1;
  image = plot_test_export_png (fixture->dir, "class-table.png", WIDTH, HEIGHT,
                                nrt_plot_class_metrics_draw_func, &fixture->plot);

  /* Three class rows with three bars each, then the accuracy row (one bar)
   * and the macro average row (three). Bar length follows the ratio. */
  n_bands = count_bar_bands (image, bands, G_N_ELEMENTS (bands));
  for (int i = 0; i < n_bands; i++)
    g_test_message ("band %d: %d bar pixels", i, bands[i]);
  g_assert_cmpint (n_bands, ==, 5);
  g_assert_cmpint (bands[0], >, bands[2]);
  g_assert_cmpint (bands[2], >, bands[1]);
  g_assert_cmpint (bands[1], >, 0);
  cairo_surface_destroy (image);
}

static void
test_class_table_many_classes (Fixture *fixture, gconstpointer data)
{
  enum { MANY = 60 };
  int counts[MANY * MANY] = { 0 };
  double ratios[MANY];
  int supports[MANY];
  NrtMetricsReport report = {
    .task = NRT_TASK_CLASSIFICATION, .n_samples = MANY, .n_classes = MANY, .accuracy = 1.0,
    .confusion = counts, .precision = ratios, .recall = ratios, .f1 = ratios,
    .support = supports, .macro_f1 = 1.0,
  };
  NrtMetricsPlot plot = { &report, NULL, NULL, NULL, "Many classes" };
  cairo_surface_t *image;
  int bands[MANY + 4] = { 0 };
  int n_bands;

  for (int c = 0; c < MANY; c++)
    {
      counts[c * MANY + c] = 1;
      ratios[c] = 1.0;
      supports[c] = 1;
    }

  /* 62 rows cannot fit in 300 pixels at 5 pt: some class rows give way to
   * a row that counts them, and the two summary rows stay. */
  image = plot_test_export_png (fixture->dir, "many.png", 400, 300,
                                nrt_plot_class_metrics_draw_func, &plot);
  n_bands = count_bar_bands (image, bands, G_N_ELEMENTS (bands));
  g_test_message ("%d bands of bars", n_bands);
  g_assert_cmpint (n_bands, >, 5);
  g_assert_cmpint (n_bands, <, MANY + 2);
  cairo_surface_destroy (image);

  image = plot_test_export_png (fixture->dir, "many-confusion.png", 400, 300,
                                nrt_plot_confusion_draw_func, &plot);
  g_assert_cmpint (plot_test_count_pixels (image).n_non_white, >, 1000);
  cairo_surface_destroy (image);
}

static void
test_label_table (Fixture *fixture, gconstpointer data)
{
  /* Two labels; each 2x2 matrix is [[TN, FP], [FN, TP]]. */
  int counts[8] = { 5, 1, 2, 2, 3, 0, 1, 6 };
  double label_precision[2] = { 2.0 / 3, 1.0 };
  double label_recall[2] = { 0.5, 6.0 / 7 };
  double label_f1[2] = { 4.0 / 7, 12.0 / 13 };
  int label_support[2] = { 4, 7 };
  NrtMetricsReport report = {
    .task = NRT_TASK_MULTILABEL, .n_samples = 10, .n_classes = 2, .accuracy = 0.8,
    .exact_match = 0.6, .confusion = counts, .precision = label_precision,
    .recall = label_recall, .f1 = label_f1, .support = label_support, .n_targets = 2,
  };
  const char *const names[2] = { "spam", "urgent" };
  NrtMetricsPlot plot = { &report, names, NULL, NULL, NULL };
  cairo_surface_t *image;
  int bands[8] = { 0 };

  /* Two label rows of three bars, binary accuracy, exact match, and the
   * macro average. */
  image = plot_test_export_png (fixture->dir, "labels.png", WIDTH, HEIGHT,
                                nrt_plot_label_metrics_draw_func, &plot);
  g_assert_cmpint (count_bar_bands (image, bands, G_N_ELEMENTS (bands)), ==, 5);
  cairo_surface_destroy (image);

  /* The combined figure draws the same table for a multi-label report. */
  image = plot_test_export_png (fixture->dir, "labels-combined.png", WIDTH, HEIGHT,
                                nrt_plot_metrics_draw_func, &plot);
  g_assert_cmpint (count_bar_bands (image, bands, G_N_ELEMENTS (bands)), ==, 5);
  cairo_surface_destroy (image);
}

static gboolean
is_point_color (PlotTestPixel pixel)
{
  /* Points are drawn translucent, so blend toward white: any pixel whose
   * blue clearly exceeds its red and whose red is not white. */
  return pixel.b > pixel.r + 30 && pixel.r < 235;
}

static void
test_regression_on_diagonal (Fixture *fixture, gconstpointer data)
{
  enum { N = 200 };
  float y_true[N], y_pred[N];
  NrtMetricsReport report = {
    .task = NRT_TASK_REGRESSION, .n_samples = N, .n_targets = 1, .mae = 0.0, .rmse = 0.0,
    .r2 = 1.0,
  };
  NrtMetricsPlot plot = { &report, NULL, y_true, y_pred, "Exact predictions" };
  cairo_surface_t *image;
  Box box = { WIDTH, HEIGHT, -1, -1 };
  int n_points = 0, n_off = 0;

  for (int i = 0; i < N; i++)
    y_true[i] = y_pred[i] = 10.0f + 0.5f * i;

  image = plot_test_export_png (fixture->dir, "scatter.png", WIDTH, HEIGHT,
                                nrt_plot_regression_scatter_draw_func, &plot);
  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      if (is_point_color (plot_test_get_pixel (image, x, y)))
        {
          box.x0 = MIN (box.x0, x);
          box.y0 = MIN (box.y0, y);
          box.x1 = MAX (box.x1, x);
          box.y1 = MAX (box.y1, y);
        }
  g_test_message ("points from (%d, %d) to (%d, %d)", box.x0, box.y0, box.x1, box.y1);
  g_assert_cmpint (box.x1 - box.x0, >, 100);

  /* Exact predictions lie on y = x, which runs from the bottom left to the
   * top right of the points' square box, since both axes share one scale. */
  g_assert_cmpint (abs ((box.x1 - box.x0) - (box.y1 - box.y0)), <=, 2);
  for (int y = box.y0; y <= box.y1; y++)
    for (int x = box.x0; x <= box.x1; x++)
      if (is_point_color (plot_test_get_pixel (image, x, y)))
        {
          double fx = (x - box.x0) / (double) (box.x1 - box.x0);
          double fy = (box.y1 - y) / (double) (box.y1 - box.y0);

          n_points++;
          n_off += fabs (fx - fy) > 0.05;
        }
  g_test_message ("%d point pixels, %d off the diagonal", n_points, n_off);
  g_assert_cmpint (n_points, >, 500);
  g_assert_cmpint (n_off, ==, 0);
  cairo_surface_destroy (image);
}

static void
test_regression_bad_values (Fixture *fixture, gconstpointer data)
{
  enum { N = 50000, TARGETS = 2 };
  g_autofree float *y_true = g_new (float, N * TARGETS);
  g_autofree float *y_pred = g_new (float, N * TARGETS);
  NrtMetricsReport report = {
    .task = NRT_TASK_REGRESSION, .n_samples = N, .n_targets = TARGETS, .mae = 0.5,
    .rmse = 0.7, .r2 = 0.48,
  };
  const char *const names[TARGETS] = { "price", "volume" };
  NrtMetricsPlot plot = { &report, names, y_true, y_pred, NULL };
  cairo_surface_t *image;
  int n_orange;

  for (int i = 0; i < N * TARGETS; i++)
    {
      y_true[i] = (float) (i % 1000) / 100.0f;
      y_pred[i] = y_true[i] + (float) ((i * 7919) % 101 - 50) / 100.0f;
    }
  y_true[3] = NAN;
  y_pred[10] = INFINITY;
  y_pred[11] = -1e38f;

  /* Many points, non-finite values, one huge value and two targets: the
   * first target blue, the second orange (Tableau 10), both drawn. */
  image = plot_test_export_png (fixture->dir, "scatter-many.png", WIDTH, HEIGHT,
                                nrt_plot_regression_scatter_draw_func, &plot);
  n_orange = 0;
  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      {
        PlotTestPixel pixel = plot_test_get_pixel (image, x, y);

        n_orange += pixel.r > pixel.b + 60;
      }
  g_test_message ("orange pixels %d", n_orange);
  g_assert_cmpint (n_orange, >, 100);
  cairo_surface_destroy (image);

  /* All values NaN: a hint and no crash. */
  for (int i = 0; i < N * TARGETS; i++)
    y_true[i] = NAN;
  image = plot_test_export_png (fixture->dir, "scatter-nan.png", WIDTH, HEIGHT,
                                nrt_plot_regression_scatter_draw_func, &plot);
  g_assert_cmpint (plot_test_count_pixels (image).n_non_white, >, 100);
  cairo_surface_destroy (image);
}

static void
test_hints (Fixture *fixture, gconstpointer data)
{
  NrtMetricsPlot no_report = { NULL, NULL, NULL, NULL, NULL };
  NrtPlotDrawFunc funcs[] = {
    nrt_plot_confusion_draw_func, nrt_plot_class_metrics_draw_func,
    nrt_plot_label_metrics_draw_func, nrt_plot_regression_scatter_draw_func,
    nrt_plot_metrics_draw_func,
  };
  gpointer plots[] = { NULL, &no_report, &fixture->plot };

  /* Each renderer draws a hint for a missing report or one of another
   * task, in the text colour, and nothing else. */
  for (guint f = 0; f < G_N_ELEMENTS (funcs); f++)
    for (guint p = 0; p < G_N_ELEMENTS (plots); p++)
      {
        g_autofree char *name = g_strdup_printf ("hint-%u-%u.png", f, p);
        cairo_surface_t *image;
        int n_text;

        if (p == 2 && (f == 0 || f == 1 || f == 4))
          continue;   /* a classification report suits these */
        image = plot_test_export_png (fixture->dir, name, 300, 200, funcs[f], plots[p]);
        n_text = plot_test_count_color (image, 38, 38, 38, 60);
        g_assert_cmpint (n_text, >, 20);
        g_assert_cmpint (plot_test_count_pixels (image).n_non_white, <, 300 * 200 / 8);
        cairo_surface_destroy (image);
      }
}

static void
test_combined_classification (Fixture *fixture, gconstpointer data)
{
  cairo_surface_t *image;
  Box grid;
  int bands[8] = { 0 };

  /* The square matrix on the left half, and the table with its bars on
   * the right. The bars are light blue too, so the matrix is looked for in
   * the left half only. */
  image = plot_test_export_png (fixture->dir, "combined.png", 900, 420,
                                nrt_plot_metrics_draw_func, &fixture->plot);
  grid = find_tinted_box_before (image, 450);
  g_test_message ("grid from (%d, %d) to (%d, %d)", grid.x0, grid.y0, grid.x1, grid.y1);
  g_assert_cmpint (grid.x1 - grid.x0, >, 250);
  g_assert_cmpint (abs ((grid.x1 - grid.x0) - (grid.y1 - grid.y0)), <=, 2);
  g_assert_cmpint (plot_test_count_color_in (image, 0, 0, 450, 420, BAR_R, BAR_G, BAR_B, 3), ==, 0);
  g_assert_cmpint (count_bar_bands (image, bands, G_N_ELEMENTS (bands)), ==, 5);
  cairo_surface_destroy (image);
}

static void
assert_file_starts_with (const char *path, const char *magic)
{
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (strncmp (contents, magic, strlen (magic)) == 0);
}

static void
test_vector_exports (Fixture *fixture, gconstpointer data)
{
  g_autofree char *svg_path = g_build_filename (fixture->dir, "metrics.svg", NULL);
  g_autofree char *pdf_path = g_build_filename (fixture->dir, "metrics.pdf", NULL);
  g_autofree char *svg = NULL;
  g_autoptr (GError) error = NULL;
  int n_glyph_uses = 0;

  g_assert_true (nrt_plot_export (svg_path, 842, 595, nrt_plot_metrics_draw_func,
                                  &fixture->plot, &error));
  g_assert_no_error (error);
  g_assert_true (nrt_plot_export (pdf_path, 842, 595, nrt_plot_metrics_draw_func,
                                  &fixture->plot, &error));
  g_assert_no_error (error);
  assert_file_starts_with (pdf_path, "%PDF");
  assert_file_starts_with (svg_path, "<?xml");

  /* cairo 1.16 writes text into SVG as glyph outlines, each placed with a
   * <use> element, so the characters are counted rather than read. The
   * figure has at least the nine counts, 3 × 3 class names, 20 numbers in
   * the table and the titles: well over 150 characters. */
  g_assert_true (g_file_get_contents (svg_path, &svg, NULL, &error));
  for (const char *at = svg; (at = strstr (at, "xlink:href=\"#glyph")) != NULL; at++)
    n_glyph_uses++;
  g_test_message ("%d glyphs placed", n_glyph_uses);
  g_assert_cmpint (n_glyph_uses, >, 150);
  g_assert_nonnull (strstr (svg, "width=\"842pt\""));
}

static void
test_bad_sizes (Fixture *fixture, gconstpointer data)
{
  static const double sizes[][2] = {
    { 0.0, 0.0 }, { -5.0, 100.0 }, { 100.0, NAN }, { INFINITY, 100.0 }, { 1.0, 1.0 },
    { 30.0, 20.0 }, { 5000.0, 3.0 },
  };
  NrtPlotDrawFunc funcs[] = {
    nrt_plot_confusion_draw_func, nrt_plot_class_metrics_draw_func, nrt_plot_metrics_draw_func,
  };
  cairo_surface_t *surface;
  cairo_t *cr;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 64, 64);
  cr = cairo_create (surface);
  for (guint f = 0; f < G_N_ELEMENTS (funcs); f++)
    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
      {
        funcs[f] (cr, sizes[i][0], sizes[i][1], &fixture->plot);
        g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/plot/metrics/confusion-diagonal-darker", test_confusion_diagonal_darker);
  ADD ("/plot/metrics/confusion-text-placement", test_confusion_text_placement);
  ADD ("/plot/metrics/confusion-empty-row", test_confusion_empty_row);
  ADD ("/plot/metrics/class-table-bars", test_class_table_bars);
  ADD ("/plot/metrics/class-table-many-classes", test_class_table_many_classes);
  ADD ("/plot/metrics/label-table", test_label_table);
  ADD ("/plot/metrics/regression-on-diagonal", test_regression_on_diagonal);
  ADD ("/plot/metrics/regression-bad-values", test_regression_bad_values);
  ADD ("/plot/metrics/hints", test_hints);
  ADD ("/plot/metrics/combined-classification", test_combined_classification);
  ADD ("/plot/metrics/vector-exports", test_vector_exports);
  ADD ("/plot/metrics/bad-sizes", test_bad_sizes);
#undef ADD

  return g_test_run ();
}
