/* test-plot-network.c: the network diagram, its layout queries and
 * hit-testing. */
#include <math.h>

#include "plot/nrt-plot-network.h"
#include "plot-test-utils.h"

#define WIDTH 800
#define HEIGHT 500
#define HEATMAP_SIZE 12

typedef struct {
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  fixture->dir = plot_test_make_dir ();
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  plot_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

static cairo_surface_t *
render (Fixture *fixture, const char *name, int width, int height, const NrtNetworkPlot *plot)
{
  return plot_test_export_png (fixture->dir, name, width, height, nrt_plot_network_draw_func,
                               (gpointer) plot);
}

/* Playground's blue #0877bd over white: blue well above red. */
static void
assert_blue (PlotTestPixel pixel)
{
  g_test_message ("pixel %d %d %d", pixel.r, pixel.g, pixel.b);
  g_assert_cmpint (pixel.b, >, 150);
  g_assert_cmpint (pixel.b, >, pixel.r + 100);
}

/* Playground's orange #f59322 over white: red well above blue. */
static void
assert_orange (PlotTestPixel pixel)
{
  g_test_message ("pixel %d %d %d", pixel.r, pixel.g, pixel.b);
  g_assert_cmpint (pixel.r, >, 200);
  g_assert_cmpint (pixel.r, >, pixel.b + 100);
  g_assert_cmpint (pixel.g, >, pixel.b);
}

static gboolean
boxes_overlap (const NrtNetworkBox *a, const NrtNetworkBox *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width
         && a->y < b->y + b->height && b->y < a->y + a->height;
}

/* Fills a side × side heatmap with a horizontal ramp from -1 to 1. */
static void
fill_ramp (float *values, int side, float scale)
{
  int row, column;

  for (row = 0; row < side; row++)
    {
      for (column = 0; column < side; column++)
        values[row * side + column] = scale * (2.0f * column / (side - 1) - 1.0f);
    }
}

static void
test_png_with_heatmaps (Fixture *fixture, gconstpointer data)
{
  static const int sizes[4] = { 2, 6, 3, 1 };
  static const char *const titles[4] = { "Input", "dense (tanh)", "dense_1 (tanh)",
                                         "dense_2 (sigmoid)" };
  static float kernel0[2 * 6], kernel1[6 * 3], kernel2[3 * 1];
  static float bias0[6], bias1[3], bias2[1];
  const float *kernels[3] = { kernel0, kernel1, kernel2 };
  const float *biases[3] = { bias0, bias1, bias2 };
  float maps[12][HEATMAP_SIZE * HEATMAP_SIZE];
  const float *column_maps[4][6];
  const float *const *heatmaps[4];
  NrtNetworkPlot plot = { 0 };
  cairo_surface_t *image;
  PlotTestStats stats;
  int i, c, n_blue, n_orange;

  for (i = 0; i < 12; i++)
    kernel0[i % 12] = (i % 3 == 0 ? -1.0f : 1.0f) * (0.2f + 0.1f * i);
  for (i = 0; i < 18; i++)
    kernel1[i] = (i % 2 == 0 ? 1.0f : -1.0f) * (0.1f + 0.05f * i);
  for (i = 0; i < 3; i++)
    kernel2[i] = i == 1 ? -1.5f : 0.8f;
  for (i = 0; i < 6; i++)
    bias0[i] = 0.1f * (i - 3);
  for (i = 0; i < 12; i++)
    fill_ramp (maps[i], HEATMAP_SIZE, i % 2 == 0 ? 1.0f : -1.0f);
  i = 0;
  for (c = 0; c < 4; c++)
    {
      int k;

      for (k = 0; k < sizes[c]; k++)
        column_maps[c][k] = maps[i++];
      heatmaps[c] = column_maps[c];
    }

  plot.n_columns = 4;
  plot.sizes = sizes;
  plot.titles = titles;
  plot.kernels = kernels;
  plot.biases = biases;
  plot.heatmaps = heatmaps;
  plot.heatmap_size = HEATMAP_SIZE;
  plot.hover_column = -1;
  plot.hover_index = -1;
  plot.title = "Network";

  image = render (fixture, "network.png", WIDTH, HEIGHT, &plot);
  stats = plot_test_count_pixels (image);
  g_test_message ("non-white %d, distinct %d", stats.n_non_white, stats.n_distinct);
  /* 12 heatmaps of at least 30 × 30 px, links and text. */
  g_assert_cmpint (stats.n_non_white, >, 12 * 30 * 30);
  g_assert_cmpint (stats.n_distinct, >, 100);

  /* Both ends of the ramps in full colour, within 8 of #0877bd and #f59322. */
  n_blue = plot_test_count_color (image, 0x08, 0x77, 0xbd, 8);
  n_orange = plot_test_count_color (image, 0xf5, 0x93, 0x22, 8);
  g_test_message ("blue %d, orange %d", n_blue, n_orange);
  g_assert_cmpint (n_blue, >, 200);
  g_assert_cmpint (n_orange, >, 200);

  cairo_surface_destroy (image);
}

static void
test_link_colors (Fixture *fixture, gconstpointer data)
{
  static const int sizes[2] = { 2, 1 };
  /* kernel (2, 1): x1 → y positive, x2 → y negative */
  static const float kernel[2] = { 1.0f, -1.0f };
  const float *kernels[1] = { kernel };
  NrtNetworkPlot plot = { 0 };
  cairo_surface_t *image;
  double x, y;
  int from;

  plot.n_columns = 2;
  plot.sizes = sizes;
  plot.kernels = kernels;
  plot.hover_column = -1;

  image = render (fixture, "links.png", 400, 300, &plot);
  for (from = 0; from < 2; from++)
    {
      g_assert_true (nrt_plot_network_get_link_point (&plot, 400, 300, 1, from, 0, 0.5, &x, &y));
      g_test_message ("link from %d: midpoint (%g, %g)", from, x, y);
      if (from == 0)
        assert_blue (plot_test_get_pixel (image, (int) x, (int) y));
      else
        assert_orange (plot_test_get_pixel (image, (int) x, (int) y));
    }
  cairo_surface_destroy (image);
}

static void
test_nan_weight_grey (Fixture *fixture, gconstpointer data)
{
  static const int sizes[2] = { 2, 1 };
  const float kernel[2] = { NAN, 1.0f };
  const float *kernels[1] = { kernel };
  NrtNetworkPlot plot = { 0 };
  cairo_surface_t *image;
  PlotTestPixel pixel;
  double x, y;

  plot.n_columns = 2;
  plot.sizes = sizes;
  plot.kernels = kernels;
  plot.hover_column = -1;

  image = render (fixture, "nan.png", 400, 300, &plot);
  g_assert_true (nrt_plot_network_get_link_point (&plot, 400, 300, 1, 0, 0, 0.5, &x, &y));
  pixel = plot_test_get_pixel (image, (int) x, (int) y);
  g_test_message ("pixel %d %d %d", pixel.r, pixel.g, pixel.b);
  /* Grey: equal channels, darker than the white background. */
  g_assert_cmpint (pixel.r, ==, pixel.b);
  g_assert_cmpint (pixel.r, <, 250);
  cairo_surface_destroy (image);
}

/* Checks that every drawn neuron is hit at its centre and that no two
 * neurons' boxes overlap; returns how many neurons are drawn. */
static int
check_drawn_neurons (const NrtNetworkPlot *plot, int width, int height)
{
  g_autoptr (GArray) boxes = g_array_new (FALSE, FALSE, sizeof (NrtNetworkBox));
  int n_drawn = 0;
  int c, i;
  guint a, b;

  for (c = 0; c < plot->n_columns; c++)
    {
      for (i = 0; i < plot->sizes[c]; i++)
        {
          NrtNetworkBox box;
          NrtNetworkHit hit;

          if (!nrt_plot_network_get_neuron_box (plot, width, height, c, i, &box))
            continue;
          n_drawn++;
          g_assert_cmpfloat (box.width, >=, 5.0);
          g_assert_cmpfloat (box.x, >=, 0.0);
          g_assert_cmpfloat (box.y, >=, 0.0);
          g_assert_cmpfloat (box.x + box.width, <=, width);
          g_assert_cmpfloat (box.y + box.height, <=, height);

          hit = nrt_plot_network_hit_test (plot, width, height, box.x + box.width / 2.0,
                                           box.y + box.height / 2.0);
          g_assert_cmpint (hit.kind, ==, NRT_NETWORK_HIT_NEURON);
          g_assert_cmpint (hit.column, ==, c);
          g_assert_cmpint (hit.index, ==, i);
          g_array_append_val (boxes, box);
        }
    }

  for (a = 0; a < boxes->len; a++)
    {
      for (b = a + 1; b < boxes->len; b++)
        {
          const NrtNetworkBox *first = &g_array_index (boxes, NrtNetworkBox, a);
          const NrtNetworkBox *second = &g_array_index (boxes, NrtNetworkBox, b);

          if (boxes_overlap (first, second))
            g_test_message ("boxes %u and %u overlap", a, b);
          g_assert_false (boxes_overlap (first, second));
        }
    }

  return n_drawn;
}

static void
test_wide_layer (Fixture *fixture, gconstpointer data)
{
  static const int sizes[3] = { 2, 100, 1 };
  static float kernel0[2 * 100], kernel1[100];
  const float *kernels[2] = { kernel0, kernel1 };
  NrtNetworkPlot plot = { 0 };
  NrtNetworkBox label;
  cairo_surface_t *image;
  PlotTestStats stats, hover_stats;
  int i, n_drawn, n_hidden, n_text;

  for (i = 0; i < 200; i++)
    kernel0[i] = sinf (i * 0.7f);
  for (i = 0; i < 100; i++)
    kernel1[i] = cosf (i * 0.3f);
  plot.n_columns = 3;
  plot.sizes = sizes;
  plot.kernels = kernels;
  plot.hover_column = -1;

  /* Default max_shown of 16: 8 first, 7 last, and the label for 85. */
  n_drawn = check_drawn_neurons (&plot, 600, 400);
  g_assert_cmpint (n_drawn, ==, 2 + 15 + 1);
  n_hidden = nrt_plot_network_get_n_hidden (&plot, 600, 400, 1, &label);
  g_assert_cmpint (n_hidden, ==, 85);
  g_assert_cmpint (nrt_plot_network_get_n_hidden (&plot, 600, 400, 0, NULL), ==, 0);
  g_assert_cmpint (nrt_plot_network_get_n_hidden (&plot, 600, 400, 3, NULL), ==, -1);
  for (i = 8; i < 93; i++)
    {
      NrtNetworkBox box;

      g_assert_false (nrt_plot_network_get_neuron_box (&plot, 600, 400, 1, i, &box));
    }

  /* The label's text: dark pixels in its block. */
  image = render (fixture, "wide.png", 600, 400, &plot);
  n_text = plot_test_count_color_in (image, (int) label.x - 20, (int) label.y,
                                     (int) (label.x + label.width) + 20,
                                     (int) (label.y + label.height), 0x26, 0x26, 0x26, 60);
  g_test_message ("label box (%g, %g, %g, %g), text pixels %d",
                  label.x, label.y, label.width, label.height, n_text);
  g_assert_cmpint (n_text, >, 20);

  /* Hovering a summarised neuron changes nothing. */
  stats = plot_test_count_pixels (image);
  cairo_surface_destroy (image);
  plot.hover_column = 1;
  plot.hover_index = 50;
  image = render (fixture, "wide-hover.png", 600, 400, &plot);
  hover_stats = plot_test_count_pixels (image);
  g_assert_cmpint (hover_stats.n_non_white, ==, stats.n_non_white);
  g_assert_cmpint (hover_stats.n_distinct, ==, stats.n_distinct);
  cairo_surface_destroy (image);
  plot.hover_column = -1;

  /* Asking for all 100: fewer fit at 5 px or more, still without overlap. */
  plot.max_shown = 1000;
  n_drawn = check_drawn_neurons (&plot, 600, 400);
  n_hidden = nrt_plot_network_get_n_hidden (&plot, 600, 400, 1, NULL);
  g_test_message ("max_shown 1000: %d drawn, %d hidden", n_drawn, n_hidden);
  g_assert_cmpint (n_hidden, >, 0);
  g_assert_cmpint (n_drawn - 3 + n_hidden, ==, 100);

  /* A tall drawing shows them all. */
  n_drawn = check_drawn_neurons (&plot, 600, 1200);
  g_assert_cmpint (n_drawn, ==, 103);
  g_assert_cmpint (nrt_plot_network_get_n_hidden (&plot, 600, 1200, 1, NULL), ==, 0);
}

static void
test_hit_scan_never_hidden (void)
{
  static const int sizes[3] = { 40, 100, 3 };
  NrtNetworkPlot plot = { 0 };
  int x, y, n_neuron_hits = 0;

  plot.n_columns = 3;
  plot.sizes = sizes;
  plot.hover_column = -1;

  /* Every 5 px: a neuron hit is always a drawn neuron whose box contains
   * the point. */
  for (y = 0; y < 400; y += 5)
    {
      for (x = 0; x < 600; x += 5)
        {
          NrtNetworkHit hit = nrt_plot_network_hit_test (&plot, 600, 400, x, y);
          NrtNetworkBox box;

          if (hit.kind != NRT_NETWORK_HIT_NEURON)
            continue;
          n_neuron_hits++;
          g_assert_true (nrt_plot_network_get_neuron_box (&plot, 600, 400, hit.column,
                                                          hit.index, &box));
          g_assert_cmpfloat (x, >=, box.x);
          g_assert_cmpfloat (x, <=, box.x + box.width);
          g_assert_cmpfloat (y, >=, box.y);
          g_assert_cmpfloat (y, <=, box.y + box.height);
        }
    }
  g_test_message ("neuron hits %d", n_neuron_hits);
  g_assert_cmpint (n_neuron_hits, >, 100);
}

static void
test_hit_link_and_bias (void)
{
  static const int sizes[3] = { 2, 3, 1 };
  static const float kernel0[6] = { 0.5f, -0.3f, 0.8f, -0.9f, 0.2f, 0.4f };
  static const float kernel1[3] = { 1.0f, -2.0f, 0.5f };
  static const float bias0[3] = { 0.1f, -0.5f, 0.0f };
  static const float bias1[1] = { 2.0f };
  const float *kernels[2] = { kernel0, kernel1 };
  const float *biases[2] = { bias0, bias1 };
  NrtNetworkPlot plot = { 0 };
  NrtNetworkHit hit;
  NrtNetworkBox box;
  int c, from, to, n_exact = 0;
  double x, y;

  plot.n_columns = 3;
  plot.sizes = sizes;
  plot.kernels = kernels;
  plot.biases = biases;
  plot.hover_column = -1;

  /* The midpoint of every link returns that weight, or another link through
   * the same midpoint: links from a to b and from a + 1 to b - 1 can cross
   * there. */
  for (c = 1; c < 3; c++)
    {
      for (from = 0; from < sizes[c - 1]; from++)
        {
          for (to = 0; to < sizes[c]; to++)
            {
              double hit_x, hit_y;

              g_assert_true (nrt_plot_network_get_link_point (&plot, WIDTH, HEIGHT, c, from,
                                                              to, 0.5, &x, &y));
              hit = nrt_plot_network_hit_test (&plot, WIDTH, HEIGHT, x, y);
              g_test_message ("layer %d link %d to %d at (%g, %g): kind %d %d %d %d",
                              c, from, to, x, y, hit.kind, hit.column, hit.from, hit.index);
              g_assert_cmpint (hit.kind, ==, NRT_NETWORK_HIT_WEIGHT);
              g_assert_cmpint (hit.column, ==, c);
              if (hit.from == from && hit.index == to)
                {
                  n_exact++;
                  continue;
                }
              g_assert_true (nrt_plot_network_get_link_point (&plot, WIDTH, HEIGHT, c, hit.from,
                                                              hit.index, 0.5, &hit_x, &hit_y));
              g_assert_cmpfloat (fabs (hit_x - x) + fabs (hit_y - y), <, 1e-6);
            }
        }
    }
  /* Layer 2's 3 links have distinct midpoints. In layer 1 the 2 inputs sit
   * at ±step / 2 and the 3 hidden neurons at 0 and ±step around one centre.
   * So the pairs 0 to 1 with 1 to 0, and 0 to 2 with 1 to 1, share their
   * midpoints. */
  g_assert_cmpint (n_exact, >=, 3 + 4);

  /* A quarter of the way along a link is still that link. */
  g_assert_true (nrt_plot_network_get_link_point (&plot, WIDTH, HEIGHT, 1, 0, 2, 0.25, &x, &y));
  hit = nrt_plot_network_hit_test (&plot, WIDTH, HEIGHT, x, y);
  g_assert_cmpint (hit.kind, ==, NRT_NETWORK_HIT_WEIGHT);
  g_assert_cmpint (hit.from, ==, 0);
  g_assert_cmpint (hit.index, ==, 2);

  /* The centre of every bias marker returns that bias. */
  for (c = 1; c < 3; c++)
    {
      for (to = 0; to < sizes[c]; to++)
        {
          g_assert_true (nrt_plot_network_get_bias_box (&plot, WIDTH, HEIGHT, c, to, &box));
          hit = nrt_plot_network_hit_test (&plot, WIDTH, HEIGHT, box.x + box.width / 2.0,
                                           box.y + box.height / 2.0);
          g_assert_cmpint (hit.kind, ==, NRT_NETWORK_HIT_BIAS);
          g_assert_cmpint (hit.column, ==, c);
          g_assert_cmpint (hit.index, ==, to);
        }
    }
  g_assert_false (nrt_plot_network_get_bias_box (&plot, WIDTH, HEIGHT, 0, 0, &box));

  /* Nothing is drawn at the bottom-left corner. */
  hit = nrt_plot_network_hit_test (&plot, WIDTH, HEIGHT, 1.0, HEIGHT - 1.0);
  g_assert_cmpint (hit.kind, ==, NRT_NETWORK_HIT_NONE);

  /* Without kernels the links are not hit. */
  plot.kernels = NULL;
  plot.biases = NULL;
  g_assert_true (nrt_plot_network_get_link_point (&plot, WIDTH, HEIGHT, 1, 0, 0, 0.5, &x, &y));
  hit = nrt_plot_network_hit_test (&plot, WIDTH, HEIGHT, x, y);
  g_assert_cmpint (hit.kind, ==, NRT_NETWORK_HIT_NONE);
}

static void
test_heatmaps_and_hover (Fixture *fixture, gconstpointer data)
{
  static const int sizes[2] = { 2, 2 };
  static const float kernel[4] = { 0.5f, -0.5f, 0.5f, -0.5f };
  const float *kernels[1] = { kernel };
  float positive[HEATMAP_SIZE * HEATMAP_SIZE], negative[HEATMAP_SIZE * HEATMAP_SIZE];
  const float *input_maps[2] = { positive, negative };
  const float *output_maps[2] = { negative, positive };
  const float *const *heatmaps[2] = { input_maps, output_maps };
  NrtNetworkPlot plot = { 0 };
  NrtNetworkBox box;
  cairo_surface_t *image;
  PlotTestStats plain_stats, hover_stats;
  double centre_x, centre_y, probe_y;
  int i;

  for (i = 0; i < HEATMAP_SIZE * HEATMAP_SIZE; i++)
    {
      positive[i] = 1.0f;
      negative[i] = -1.0f;
    }
  plot.n_columns = 2;
  plot.sizes = sizes;
  plot.kernels = kernels;
  plot.heatmaps = heatmaps;
  plot.heatmap_size = HEATMAP_SIZE;
  plot.hover_column = -1;
  plot.hover_index = -1;

  /* Each neuron shows its map: blue for +1, orange for -1. */
  image = render (fixture, "heatmaps.png", 600, 400, &plot);
  g_assert_true (nrt_plot_network_get_neuron_box (&plot, 600, 400, 0, 0, &box));
  assert_blue (plot_test_get_pixel (image, (int) (box.x + box.width / 2),
                                    (int) (box.y + box.height / 2)));
  g_assert_true (nrt_plot_network_get_neuron_box (&plot, 600, 400, 1, 0, &box));
  assert_orange (plot_test_get_pixel (image, (int) (box.x + box.width / 2),
                                      (int) (box.y + box.height / 2)));
  cairo_surface_destroy (image);

  /* Hovering neuron 1 of column 1 (blue) draws it larger: points just
   * outside its plain box, left of it and below it, turn blue. */
  g_assert_true (nrt_plot_network_get_neuron_box (&plot, 600, 400, 1, 1, &box));
  centre_x = box.x + box.width / 2.0;
  centre_y = box.y + box.height / 2.0;
  probe_y = MIN (centre_y + 1.2 * box.height / 2.0 + 2.0, 399.0);
  plot.hover_column = 1;
  plot.hover_index = 1;
  image = render (fixture, "hover.png", 600, 400, &plot);
  g_test_message ("hovered box (%g, %g, %g, %g)", box.x, box.y, box.width, box.height);
  assert_blue (plot_test_get_pixel (image, (int) (box.x - 0.4 * box.width), (int) centre_y));
  assert_blue (plot_test_get_pixel (image, (int) centre_x, (int) probe_y));
  cairo_surface_destroy (image);

  /* A hover index out of range is ignored: the drawing equals the plain
   * one. */
  plot.hover_index = -1;
  image = render (fixture, "plain.png", 600, 400, &plot);
  plain_stats = plot_test_count_pixels (image);
  cairo_surface_destroy (image);
  plot.hover_index = 7;
  image = render (fixture, "hover-none.png", 600, 400, &plot);
  hover_stats = plot_test_count_pixels (image);
  g_assert_cmpint (hover_stats.n_non_white, ==, plain_stats.n_non_white);
  g_assert_cmpint (hover_stats.n_distinct, ==, plain_stats.n_distinct);
  cairo_surface_destroy (image);
}

static void
render_quietly (Fixture *fixture, int width, int height, const NrtNetworkPlot *plot)
{
  cairo_surface_t *image = render (fixture, "robust.png", width, height, plot);
  NrtNetworkHit hit;

  cairo_surface_destroy (image);
  hit = nrt_plot_network_hit_test (plot, width, height, width / 2.0, height / 2.0);
  g_assert_cmpint (hit.kind, >=, NRT_NETWORK_HIT_NONE);
  hit = nrt_plot_network_hit_test (plot, width, height, -5.0, NAN);
  g_assert_cmpint (hit.kind, ==, NRT_NETWORK_HIT_NONE);
}

static void
test_robustness (Fixture *fixture, gconstpointer data)
{
  static const int one_sizes[3] = { 1, 1, 1 };
  static const int negative_sizes[3] = { 2, -4, 1 };
  static const int big_sizes[3] = { 1000, 1000, 1 };
  static const float one_kernel[1] = { INFINITY };
  static const float huge_kernel[1] = { 3e38f };
  const float *one_kernels[2] = { one_kernel, huge_kernel };
  const float *null_kernels[2] = { NULL, NULL };
  const float *const *null_heatmaps[3] = { NULL, NULL, NULL };
  g_autofree float *big_kernel0 = g_new0 (float, 1000 * 1000);
  g_autofree float *big_kernel1 = g_new0 (float, 1000);
  const float *big_kernels[2] = { big_kernel0, big_kernel1 };
  NrtNetworkPlot plot = { 0 };
  NrtNetworkBox box;
  cairo_surface_t *surface;
  cairo_t *cr;
  int i;

  plot.hover_column = -1;

  /* Nothing to draw: a message, never a crash. */
  render_quietly (fixture, 300, 200, NULL);
  render_quietly (fixture, 300, 200, &plot);
  plot.n_columns = 3;
  render_quietly (fixture, 300, 200, &plot);
  g_assert_cmpint (nrt_plot_network_get_n_hidden (&plot, 300, 200, 0, NULL), ==, -1);
  g_assert_false (nrt_plot_network_get_neuron_box (NULL, 300, 200, 0, 0, &box));

  /* One neuron per column, with an infinite and an enormous weight. */
  plot.sizes = one_sizes;
  plot.kernels = one_kernels;
  render_quietly (fixture, 300, 200, &plot);
  plot.kernels = null_kernels;
  plot.heatmaps = null_heatmaps;
  plot.heatmap_size = 8;
  plot.hover_column = 2;
  plot.hover_index = 0;
  render_quietly (fixture, 300, 200, &plot);
  plot.heatmap_size = -3;
  plot.hover_column = 99;
  render_quietly (fixture, 300, 200, &plot);

  /* A negative size counts as an empty column. */
  plot.sizes = negative_sizes;
  plot.kernels = NULL;
  render_quietly (fixture, 300, 200, &plot);
  g_assert_cmpint (nrt_plot_network_get_n_hidden (&plot, 300, 200, 1, NULL), ==, 0);

  /* 1000-neuron columns with a dense kernel, and any max_shown. */
  for (i = 0; i < 1000 * 1000; i++)
    big_kernel0[i] = (i % 7) - 3.0f;
  plot.sizes = big_sizes;
  plot.kernels = big_kernels;
  plot.hover_column = 0;
  plot.hover_index = 999;
  render_quietly (fixture, 640, 400, &plot);
  plot.max_shown = 100000;
  render_quietly (fixture, 640, 400, &plot);
  g_assert_cmpint (check_drawn_neurons (&plot, 640, 400), >, 6);
  plot.max_shown = -5;
  render_quietly (fixture, 640, 400, &plot);

  /* Tiny drawings: a short message or a few neurons. */
  render_quietly (fixture, 1, 1, &plot);
  render_quietly (fixture, 12, 9, &plot);
  render_quietly (fixture, 60, 40, &plot);
  g_assert_false (nrt_plot_network_get_neuron_box (&plot, 0, 0, 0, 0, &box));
  g_assert_false (nrt_plot_network_get_neuron_box (&plot, NAN, 100, 0, 0, &box));

  /* Sizes that are not finite draw nothing. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 4, 4);
  cr = cairo_create (surface);
  nrt_plot_network (cr, INFINITY, 10, &plot);
  nrt_plot_network (cr, 10, NAN, &plot);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_message_when_empty (Fixture *fixture, gconstpointer data)
{
  NrtNetworkPlot plot = { 0 };
  cairo_surface_t *image;
  PlotTestStats stats;

  plot.hover_column = -1;
  image = render (fixture, "empty.png", 300, 200, &plot);
  stats = plot_test_count_pixels (image);
  g_test_message ("non-white %d", stats.n_non_white);
  /* "No network to draw" in about 9 pt text */
  g_assert_cmpint (stats.n_non_white, >, 100);
  cairo_surface_destroy (image);
}

/* With show_legend, a row at the bottom shows the two link colours, and the
 * neurons move up out of its way. Without heatmaps, no blue or orange is
 * drawn there otherwise. */
static void
test_legend_row (Fixture *fixture, gconstpointer data)
{
  static const int sizes[2] = { 3, 2 };
  static const float kernel[3 * 2] = { 0.5f, -0.5f, 1.0f, -1.0f, 0.2f, -0.2f };
  const float *kernels[1] = { kernel };
  NrtNetworkPlot plot = {
    .n_columns = 2, .sizes = sizes, .kernels = kernels, .hover_column = -1,
    .hover_index = -1,
  };
  NrtNetworkBox without, with;
  cairo_surface_t *image;
  int legend_top = HEIGHT - 40;

  g_assert_true (nrt_plot_network_get_neuron_box (&plot, WIDTH, HEIGHT, 0, 2, &without));
  image = render (fixture, "no-legend.png", WIDTH, HEIGHT, &plot);
  g_assert_cmpint (plot_test_count_color_in (image, 0, legend_top, WIDTH, HEIGHT,
                                             0x08, 0x77, 0xbd, 20), ==, 0);
  cairo_surface_destroy (image);

  plot.show_legend = TRUE;
  g_assert_true (nrt_plot_network_get_neuron_box (&plot, WIDTH, HEIGHT, 0, 2, &with));
  g_test_message ("last input neuron ends at y = %g without the legend, %g with it",
                  without.y + without.height, with.y + with.height);
  g_assert_cmpfloat (with.y + with.height, <, without.y + without.height);
  g_assert_cmpfloat (with.y + with.height, <, legend_top);

  image = render (fixture, "legend.png", WIDTH, HEIGHT, &plot);
  g_assert_cmpint (plot_test_count_color_in (image, 0, legend_top, WIDTH, HEIGHT,
                                             0x08, 0x77, 0xbd, 20), >, 10);
  g_assert_cmpint (plot_test_count_color_in (image, 0, legend_top, WIDTH, HEIGHT,
                                             0xf5, 0x93, 0x22, 20), >, 10);
  cairo_surface_destroy (image);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/plot/network/png-with-heatmaps", Fixture, NULL, fixture_set_up,
              test_png_with_heatmaps, fixture_tear_down);
  g_test_add ("/plot/network/link-colors", Fixture, NULL, fixture_set_up, test_link_colors,
              fixture_tear_down);
  g_test_add ("/plot/network/nan-weight-grey", Fixture, NULL, fixture_set_up,
              test_nan_weight_grey, fixture_tear_down);
  g_test_add ("/plot/network/wide-layer", Fixture, NULL, fixture_set_up, test_wide_layer,
              fixture_tear_down);
  g_test_add_func ("/plot/network/hit-scan-never-hidden", test_hit_scan_never_hidden);
  g_test_add_func ("/plot/network/hit-link-and-bias", test_hit_link_and_bias);
  g_test_add ("/plot/network/heatmaps-and-hover", Fixture, NULL, fixture_set_up,
              test_heatmaps_and_hover, fixture_tear_down);
  g_test_add ("/plot/network/legend-row", Fixture, NULL, fixture_set_up, test_legend_row,
              fixture_tear_down);
  g_test_add ("/plot/network/robustness", Fixture, NULL, fixture_set_up, test_robustness,
              fixture_tear_down);
  g_test_add ("/plot/network/message-when-empty", Fixture, NULL, fixture_set_up,
              test_message_when_empty, fixture_tear_down);

  return g_test_run ();
}
