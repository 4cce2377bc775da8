/* test-plot-formats.c: every renderer written as PNG, SVG and PDF in both
 * themes and read back by other programs: cairo's PNG reader, rsvg-convert
 * (Debian package librsvg2-bin) for the SVG files, and pdftoppm and
 * pdftotext (poppler-utils) for the PDF files. */
#include <gio/gio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/nrt-graph.h"
#include "plot/nrt-plot.h"
#include "plot/nrt-plot-digits.h"
#include "plot/nrt-plot-graph.h"
#include "plot/nrt-plot-loss.h"
#include "plot/nrt-plot-metrics.h"
#include "plot/nrt-plot-network.h"
#include "plot/nrt-plot-regions.h"
#include "plot-test-utils.h"

/* Pixels for PNG and points for SVG and PDF. The SVG and PDF files are
 * rasterized at 72 dpi, one pixel per point, so all three pictures have
 * this size. */
#define WIDTH 640
#define HEIGHT 400

/* A pixel is ink when a channel differs from the background by more than
 * INK_DIFFERENCE. A picture with fewer than MIN_INK ink pixels (0.5 % of
 * it) counts as blank. */
#define INK_DIFFERENCE 32
#define MIN_INK (WIDTH * HEIGHT / 200)

#define HEATMAP_SIDE 8
#define DIGIT_SIDE 8
#define N_DIGITS 4
#define N_CLASSES 3
#define N_REGRESSION 40

typedef struct {
  const char *name;
  NrtPlotDrawFunc draw_func;
  gconstpointer data;
  const char *const *texts;   /* NULL-terminated, each expected in the PDF's text */
} Renderer;

/* The data of every renderer, filled by hand. */
typedef struct {
  char *dir;

  double train_loss[6], validation_loss[6];
  NrtLossCurves loss;

  float region_values[12 * 12 * N_CLASSES];
  float region_points[2 * 6];
  int region_classes[6];
  NrtRegionsPlot regions;

  int network_sizes[3];
  float kernel_1[2 * 4], kernel_2[4 * 1];
  float bias_1[4], bias_2[1];
  const float *kernels[2];
  const float *biases[2];
  float heatmap_values[7][HEATMAP_SIDE * HEATMAP_SIDE];
  const float *heatmap_columns[3][4];
  const float *const *heatmaps[3];
  NrtNetworkPlot network;

  NrtGraph *graph;
  float graph_params[6], graph_grads[6];
  NrtGraphLayout *layout;
  NrtGraphPlot graph_plot;

  NrtMetricsReport classification;
  NrtMetricsPlot confusion;
  NrtMetricsPlot class_table;

  float y_true[N_REGRESSION], y_pred[N_REGRESSION];
  NrtMetricsReport regression;
  NrtMetricsPlot scatter;

  float digit_features[N_DIGITS * DIGIT_SIDE * DIGIT_SIDE];
  int digit_rows[N_DIGITS], digit_true[N_DIGITS], digit_predicted[N_DIGITS];
  NrtDigitsGrid digits;
} Fixture;

static const char *const class_names[N_CLASSES] = { "setosa", "versicolor", "virginica" };
static const char *const network_titles[3] = { "Input", "dense (tanh)", "dense_1 (sigmoid)" };

static int confusion_counts[N_CLASSES * N_CLASSES] = { 40, 5, 5, 4, 42, 4, 2, 3, 45 };
static double class_precision[N_CLASSES] = { 40.0 / 46, 42.0 / 50, 45.0 / 54 };
static double class_recall[N_CLASSES] = { 0.8, 0.84, 0.9 };
static double class_f1[N_CLASSES] = { 0.8247, 0.84, 0.8654 };
static int class_support[N_CLASSES] = { 50, 50, 50 };

static const char *const loss_texts[] = { "Loss curves", "Epoch", "Loss", "Training",
                                          "Validation", NULL };
static const char *const regions_texts[] = { "Decision regions", "petal length",
                                             "petal width", "setosa", "virginica", NULL };
static const char *const network_texts[] = { "Network diagram", "Input", "dense (tanh)",
                                             "Positive weight", "Negative weight", NULL };
static const char *const graph_texts[] = { "Computation graph", "parameter", "input", NULL };
static const char *const confusion_texts[] = { "Confusion matrix", "True class",
                                               "Predicted class", "versicolor", NULL };
static const char *const table_texts[] = { "Metrics per class", "Precision", "Recall",
                                           "Support", NULL };
static const char *const scatter_texts[] = { "Predictions", "True value", "Predicted value",
                                             "y = x", "RMSE", NULL };
static const char *const digits_texts[] = { "Misclassified digits", "predicted", NULL };

static void
fill_loss (Fixture *fixture)
{
  for (int i = 0; i < 6; i++)
    {
      fixture->train_loss[i] = 1.0 / (i + 1.0);
      fixture->validation_loss[i] = 1.1 / (i + 1.0) + 0.05;
    }
  fixture->loss = (NrtLossCurves) {
    fixture->train_loss, fixture->validation_loss, 6, FALSE, "Loss curves", "Validation",
  };
}

static void
fill_regions (Fixture *fixture)
{
  static const float points[2 * 6] = { -0.8f, 0.5f, -0.6f, -0.2f, 0.0f, 0.7f,
                                       0.1f, -0.6f, 0.7f, 0.4f, 0.8f, -0.5f };

  /* Class k is most probable in the k-th third of the plane from the left. */
  for (int row = 0; row < 12; row++)
    for (int column = 0; column < 12; column++)
      for (int k = 0; k < N_CLASSES; k++)
        fixture->region_values[(row * 12 + column) * N_CLASSES + k]
          = column / 4 == k ? 0.8f : 0.1f;
  memcpy (fixture->region_points, points, sizeof points);
  for (int i = 0; i < 6; i++)
    fixture->region_classes[i] = i / 2;

  fixture->regions = (NrtRegionsPlot) {
    .x_min = -1.0, .x_max = 1.0, .y_min = -1.0, .y_max = 1.0,
    .image = nrt_plot_regions_render_image (&(NrtRegionGrid) {
      12, 12, N_CLASSES, N_CLASSES, fixture->region_values, 0.0, 1.0 }),
    .points = fixture->region_points, .point_classes = fixture->region_classes,
    .n_points = 6, .n_classes = N_CLASSES,
    .x_label = "petal length", .y_label = "petal width", .title = "Decision regions",
    .class_names = class_names,
  };
  g_assert_nonnull (fixture->regions.image);
}

static void
fill_network (Fixture *fixture)
{
  int index = 0;

  fixture->network_sizes[0] = 2;
  fixture->network_sizes[1] = 4;
  fixture->network_sizes[2] = 1;
  for (int i = 0; i < 8; i++)
    fixture->kernel_1[i] = 0.3f * (i - 3.5f);
  for (int i = 0; i < 4; i++)
    {
      fixture->kernel_2[i] = i % 2 == 0 ? 0.9f : -0.7f;
      fixture->bias_1[i] = 0.1f * (i - 2);
    }
  fixture->bias_2[0] = 0.2f;
  fixture->kernels[0] = fixture->kernel_1;
  fixture->kernels[1] = fixture->kernel_2;
  fixture->biases[0] = fixture->bias_1;
  fixture->biases[1] = fixture->bias_2;

  /* Each neuron's heatmap is a ramp from -1 to 1 along its own direction. */
  for (int c = 0; c < 3; c++)
    {
      for (int n = 0; n < fixture->network_sizes[c]; n++, index++)
        {
          for (int p = 0; p < HEATMAP_SIDE * HEATMAP_SIDE; p++)
            {
              int row = p / HEATMAP_SIDE, column = p % HEATMAP_SIDE;

              fixture->heatmap_values[index][p]
                = (index % 2 == 0 ? column : row) * 2.0f / (HEATMAP_SIDE - 1) - 1.0f;
            }
          fixture->heatmap_columns[c][n] = fixture->heatmap_values[index];
        }
      fixture->heatmaps[c] = fixture->heatmap_columns[c];
    }

  fixture->network = (NrtNetworkPlot) {
    .n_columns = 3, .sizes = fixture->network_sizes, .titles = network_titles,
    .kernels = fixture->kernels, .biases = fixture->biases,
    .heatmaps = fixture->heatmaps, .heatmap_size = HEATMAP_SIDE,
    .hover_column = -1, .hover_index = -1, .title = "Network diagram", .show_legend = TRUE,
  };
}

/* The graph of mean_squared_error (tanh (x · W), y) for x of 2 features and
 * W of shape (2, 3), run forward and backward on one sample. */
static void
fill_graph (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  NrtError err = { 0 };
  int two = 2, three = 3, kernel_shape[2] = { 2, 3 };
  int x, kernel, matmul, activation, target, loss;
  int inputs[2];

  for (int i = 0; i < 6; i++)
    fixture->graph_params[i] = 0.2f * (i - 2.5f);
  fixture->graph = nrt_graph_new ();
  x = nrt_graph_add_input (fixture->graph, "x", 1, &two, &err);
  kernel = nrt_graph_add_parameter (fixture->graph, "dense/kernel", 2, kernel_shape,
                                    fixture->graph_params, fixture->graph_grads, &err);
  inputs[0] = x;
  inputs[1] = kernel;
  matmul = nrt_graph_add_op (fixture->graph, NRT_OP_MATMUL, "dense/matmul", inputs, 2, 0, &err);
  activation = nrt_graph_add_op (fixture->graph, NRT_OP_TANH, "dense/tanh", &matmul, 1, 0, &err);
  target = nrt_graph_add_input (fixture->graph, "y", 1, &three, &err);
  inputs[0] = activation;
  inputs[1] = target;
  loss = nrt_graph_add_op (fixture->graph, NRT_OP_MEAN_SQUARED_ERROR, "mean_squared_error",
                           inputs, 2, 0, &err);
  g_assert_cmpstr (err.message, ==, "");
  g_assert_cmpint (nrt_graph_build (fixture->graph, 1, &err), ==, NRT_OK);
  nrt_graph_get_node (fixture->graph, x)->value->data[0] = 1.0f;
  nrt_graph_get_node (fixture->graph, x)->value->data[1] = -0.5f;
  nrt_graph_forward (fixture->graph);
  nrt_graph_backward (fixture->graph, loss);

  fixture->layout = nrt_graph_layout_new (fixture->graph, &error);
  g_assert_no_error (error);
  fixture->graph_plot = (NrtGraphPlot) {
    fixture->graph, fixture->layout, TRUE, -1, NULL, "Computation graph",
  };
}

static void
fill_metrics (Fixture *fixture)
{
  fixture->classification = (NrtMetricsReport) {
    .task = NRT_TASK_CLASSIFICATION, .n_samples = 150, .loss = NAN,
    .n_classes = N_CLASSES, .accuracy = 127.0 / 150, .confusion = confusion_counts,
    .precision = class_precision, .recall = class_recall, .f1 = class_f1,
    .support = class_support, .macro_f1 = (0.8247 + 0.84 + 0.8654) / 3, .n_targets = 1,
  };
  fixture->confusion = (NrtMetricsPlot) {
    &fixture->classification, class_names, NULL, NULL, "Confusion matrix",
  };
  fixture->class_table = (NrtMetricsPlot) {
    &fixture->classification, class_names, NULL, NULL, "Metrics per class",
  };

  /* Predictions off by ±0.5 alternately: MAE = RMSE = 0.5. */
  for (int i = 0; i < N_REGRESSION; i++)
    {
      fixture->y_true[i] = 0.25f * i;
      fixture->y_pred[i] = fixture->y_true[i] + (i % 2 == 0 ? 0.5f : -0.5f);
    }
  fixture->regression = (NrtMetricsReport) {
    .task = NRT_TASK_REGRESSION, .n_samples = N_REGRESSION, .loss = NAN, .n_targets = 1,
    .mae = 0.5, .rmse = 0.5, .r2 = 0.98,
  };
  fixture->scatter = (NrtMetricsPlot) {
    &fixture->regression, NULL, fixture->y_true, fixture->y_pred, "Predictions",
  };
}

static void
fill_digits (Fixture *fixture)
{
  int n_pixels = DIGIT_SIDE * DIGIT_SIDE;

  /* Ink (16, as in the 8 × 8 digits) on a diagonal band. */
  for (int i = 0; i < N_DIGITS; i++)
    {
      for (int p = 0; p < n_pixels; p++)
        fixture->digit_features[i * n_pixels + p]
          = abs (p / DIGIT_SIDE - p % DIGIT_SIDE - i + 1) <= 1 ? 16.0f : 0.0f;
      fixture->digit_rows[i] = i;
      fixture->digit_true[i] = i;
      fixture->digit_predicted[i] = (i + 3) % 10;
    }
  fixture->digits = (NrtDigitsGrid) {
    .features = fixture->digit_features, .n_samples = N_DIGITS, .n_features = n_pixels,
    .rows = fixture->digit_rows, .true_classes = fixture->digit_true,
    .predicted_classes = fixture->digit_predicted, .n_images = N_DIGITS, .n_classes = 10,
    .title = "Misclassified digits",
  };
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  fixture->dir = plot_test_make_dir ();
  fill_loss (fixture);
  fill_regions (fixture);
  fill_network (fixture);
  fill_graph (fixture);
  fill_metrics (fixture);
  fill_digits (fixture);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  cairo_surface_destroy (fixture->regions.image);
  nrt_graph_layout_free (fixture->layout);
  nrt_graph_free (fixture->graph);
  plot_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

/* Runs argv, asserts that it exits with status 0 and returns its standard
 * output. */
static char *
run_tool (const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *joined = g_strjoinv (" ", (char **) argv);
  char *output = NULL;
  g_autofree char *errors = NULL;
  int wait_status = 0;

  g_test_message ("running %s", joined);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &output, &errors,
                &wait_status, &error);
  g_assert_no_error (error);
  if (errors != NULL && errors[0] != '\0')
    g_test_message ("%s wrote to standard error: %s", argv[0], errors);
  g_spawn_check_wait_status (wait_status, &error);
  g_assert_no_error (error);
  return output;
}

/* Returns whether every program the test runs is installed, after marking
 * the test skipped when one is not. */
static gboolean
have_tools (void)
{
  static const char *const tools[][2] = {
    { "rsvg-convert", "librsvg2-bin" },
    { "pdftoppm", "poppler-utils" },
    { "pdftotext", "poppler-utils" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    {
      g_autofree char *path = g_find_program_in_path (tools[i][0]);

      if (path == NULL)
        {
          g_autofree char *message = g_strdup_printf ("%s is not installed (Debian package %s)",
                                                       tools[i][0], tools[i][1]);

          g_test_skip (message);
          return FALSE;
        }
    }
  return TRUE;
}

/* Reads the PNG at path and checks that it is WIDTH × HEIGHT, has the
 * theme's background in its top left corner and is not blank. */
static void
assert_picture (const char *path, const NrtPlotTheme *theme)
{
  cairo_surface_t *image = cairo_image_surface_create_from_png (path);
  int background[3] = { (int) lround (theme->background.r * 255.0),
                        (int) lround (theme->background.g * 255.0),
                        (int) lround (theme->background.b * 255.0) };
  PlotTestPixel corner;
  int n_ink = 0;

  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, WIDTH);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, HEIGHT);

  /* Each program rounds the colour to 8 bits its own way. */
  corner = plot_test_get_pixel (image, 0, 0);
  g_assert_cmpint (abs (corner.r - background[0]), <=, 2);
  g_assert_cmpint (abs (corner.g - background[1]), <=, 2);
  g_assert_cmpint (abs (corner.b - background[2]), <=, 2);

  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      {
        PlotTestPixel pixel = plot_test_get_pixel (image, x, y);

        if (abs (pixel.r - corner.r) > INK_DIFFERENCE || abs (pixel.g - corner.g) > INK_DIFFERENCE
            || abs (pixel.b - corner.b) > INK_DIFFERENCE)
          n_ink++;
      }
  g_test_message ("%s: %d ink pixels", path, n_ink);
  g_assert_cmpint (n_ink, >=, MIN_INK);

  cairo_surface_destroy (image);
}

/* Removes the white space from text in place. pdftotext guesses spaces
 * from the gaps between glyphs, and may join "y = x" into "y=x" or split a
 * vertical label into lines. */
static void
strip_spaces (char *text)
{
  char *out = text;

  for (const char *in = text; *in != '\0'; in++)
    if (!g_ascii_isspace (*in))
      *out++ = *in;
  *out = '\0';
}

/* Exports renderer as path with the theme, asserting success. */
static void
export (const Renderer *renderer, const char *path, NrtPlotThemeKind theme)
{
  g_autoptr (GError) error = NULL;
  NrtPlotExportOptions options = { WIDTH, HEIGHT, 1.0, theme };

  g_assert_true (nrt_plot_export_with_options (path, &options, renderer->draw_func,
                                               (gpointer) renderer->data, &error));
  g_assert_no_error (error);
}

static void
check_formats (Fixture *fixture, const Renderer *renderer)
{
  const NrtPlotThemeKind kinds[] = { NRT_PLOT_THEME_LIGHT, NRT_PLOT_THEME_DARK };
  const char *const theme_names[] = { "light", "dark" };

  if (!have_tools ())
    return;

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      const NrtPlotTheme *theme = nrt_plot_theme_lookup (kinds[k]);
      g_autofree char *stem = g_strdup_printf ("%s-%s", renderer->name, theme_names[k]);
      g_autofree char *png = g_strdup_printf ("%s/%s.png", fixture->dir, stem);
      g_autofree char *svg = g_strdup_printf ("%s/%s.svg", fixture->dir, stem);
      g_autofree char *svg_png = g_strdup_printf ("%s/%s-svg.png", fixture->dir, stem);
      g_autofree char *pdf = g_strdup_printf ("%s/%s.pdf", fixture->dir, stem);
      g_autofree char *pdf_stem = g_strdup_printf ("%s/%s-pdf", fixture->dir, stem);
      g_autofree char *pdf_png = g_strdup_printf ("%s.png", pdf_stem);
      g_autofree char *text = NULL;
      g_autofree char *output = NULL;

      /* PNG, read back by cairo. */
      export (renderer, png, kinds[k]);
      assert_picture (png, theme);

      /* SVG, rasterized at 72 dpi so that one point is one pixel. */
      export (renderer, svg, kinds[k]);
      {
        const char *argv[] = { "rsvg-convert", "--dpi-x", "72", "--dpi-y", "72",
                               "--output", svg_png, svg, NULL };

        output = run_tool (argv);
        g_clear_pointer (&output, g_free);
      }
      assert_picture (svg_png, theme);

      /* PDF, rasterized at 72 dpi into pdf_stem.png, then its text. */
      export (renderer, pdf, kinds[k]);
      {
        const char *argv[] = { "pdftoppm", "-png", "-r", "72", "-singlefile", pdf, pdf_stem,
                               NULL };

        output = run_tool (argv);
        g_clear_pointer (&output, g_free);
      }
      assert_picture (pdf_png, theme);
      {
        const char *argv[] = { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL };

        text = run_tool (argv);
      }
      strip_spaces (text);
      for (guint t = 0; renderer->texts[t] != NULL; t++)
        {
          g_autofree char *expected = g_strdup (renderer->texts[t]);

          strip_spaces (expected);
          if (strstr (text, expected) == NULL)
            g_test_message ("%s is not in the text of %s: %s", expected, pdf, text);
          g_assert_nonnull (strstr (text, expected));
        }
    }
}

static void
test_loss (Fixture *fixture, gconstpointer data)
{
  Renderer renderer = { "loss", nrt_plot_loss_curves_draw_func, &fixture->loss, loss_texts };

  check_formats (fixture, &renderer);
}

static void
test_regions (Fixture *fixture, gconstpointer data)
{
  Renderer renderer = { "regions", nrt_plot_regions_draw_func, &fixture->regions,
                        regions_texts };

  check_formats (fixture, &renderer);
}

static void
test_network (Fixture *fixture, gconstpointer data)
{
  Renderer renderer = { "network", nrt_plot_network_draw_func, &fixture->network,
                        network_texts };

  check_formats (fixture, &renderer);
}

static void
test_graph (Fixture *fixture, gconstpointer data)
{
  Renderer renderer = { "graph", nrt_plot_graph_draw_func, &fixture->graph_plot, graph_texts };

  check_formats (fixture, &renderer);
}

static void
test_confusion (Fixture *fixture, gconstpointer data)
{
  Renderer renderer = { "confusion", nrt_plot_confusion_draw_func, &fixture->confusion,
                        confusion_texts };

  check_formats (fixture, &renderer);
}

static void
test_class_table (Fixture *fixture, gconstpointer data)
{
  Renderer renderer = { "table", nrt_plot_class_metrics_draw_func, &fixture->class_table,
                        table_texts };

  check_formats (fixture, &renderer);
}

static void
test_scatter (Fixture *fixture, gconstpointer data)
{
  Renderer renderer = { "scatter", nrt_plot_regression_scatter_draw_func, &fixture->scatter,
                        scatter_texts };

  check_formats (fixture, &renderer);
}

static void
test_digits (Fixture *fixture, gconstpointer data)
{
  Renderer renderer = { "digits", nrt_plot_digits_draw_func, &fixture->digits, digits_texts };

  check_formats (fixture, &renderer);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/plot/formats/loss", test_loss);
  ADD ("/plot/formats/regions", test_regions);
  ADD ("/plot/formats/network", test_network);
  ADD ("/plot/formats/graph", test_graph);
  ADD ("/plot/formats/confusion", test_confusion);
  ADD ("/plot/formats/class-table", test_class_table);
  ADD ("/plot/formats/scatter", test_scatter);
  ADD ("/plot/formats/digits", test_digits);
#undef ADD

  return g_test_run ();
}
