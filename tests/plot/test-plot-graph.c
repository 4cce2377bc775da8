/* test-plot-graph.c: computation graph layout and drawing, tensor summaries
 * and heatmaps. */
#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "core/nrt-graph.h"
#include "core/nrt-model.h"
#include "plot/nrt-plot-graph.h"
#include "plot-test-utils.h"

#define WIDTH 800
#define HEIGHT 600

/* The node fills of nrt-plot-graph.c as 0-255 channels, and the colour of
 * the active node's outline. */
#define INPUT_FILL 204, 227, 247
#define PARAMETER_FILL 214, 237, 209
#define OP_FILL 255, 242, 204
#define LOSS_FILL 247, 204, 204
#define ACTIVE_OUTLINE 217, 84, 26
#define DONE_CHECK 43, 140, 43

/* Playground's orange and blue, the ends of the heatmap scale. */
#define ORANGE 0xf5, 0x93, 0x22
#define BLUE 0x08, 0x77, 0xbd

/* The graph of tanh(x · W + b) with a mean squared error against y, x of 2
 * features, W (2, 3), b (3); W and b are views into params and grads. */
typedef struct {
  NrtGraph *graph;
  float params[9];
  float grads[9];
  int x, kernel, bias, matmul, bias_add, tanh, target, loss;
} HandGraph;

static void
hand_graph_init (HandGraph *hand, gboolean build)
{
  NrtError err = { 0 };
  int two = 2, three = 3, kernel_shape[2] = { 2, 3 };
  int inputs[2];
  int i;

  for (i = 0; i < 9; i++)
    hand->params[i] = 0.1f * (i - 4);
  memset (hand->grads, 0, sizeof hand->grads);
  hand->graph = nrt_graph_new ();
  g_assert_nonnull (hand->graph);

  hand->x = nrt_graph_add_input (hand->graph, "x", 1, &two, &err);
  hand->kernel = nrt_graph_add_parameter (hand->graph, "dense/kernel", 2, kernel_shape,
                                          hand->params, hand->grads, &err);
  hand->bias = nrt_graph_add_parameter (hand->graph, "dense/bias", 1, &three, hand->params + 6,
                                        hand->grads + 6, &err);
  inputs[0] = hand->x;
  inputs[1] = hand->kernel;
  hand->matmul = nrt_graph_add_op (hand->graph, NRT_OP_MATMUL, "dense/matmul", inputs, 2, 0,
                                   &err);
  inputs[0] = hand->matmul;
  inputs[1] = hand->bias;
  hand->bias_add = nrt_graph_add_op (hand->graph, NRT_OP_BIAS_ADD, "dense/bias_add", inputs, 2,
                                     0, &err);
  inputs[0] = hand->bias_add;
  hand->tanh = nrt_graph_add_op (hand->graph, NRT_OP_TANH, "dense/tanh", inputs, 1, 0, &err);
  hand->target = nrt_graph_add_input (hand->graph, "y", 1, &three, &err);
  inputs[0] = hand->tanh;
  inputs[1] = hand->target;
  hand->loss = nrt_graph_add_op (hand->graph, NRT_OP_MEAN_SQUARED_ERROR, "mean_squared_error",
                                 inputs, 2, 0, &err);
  g_assert_cmpstr (err.message, ==, "");
  g_assert_cmpint (hand->loss, ==, 7);

  if (!build)
    return;

  /* Two samples, x = [[1, 2], [-1, 0.5]], y = [[0, 1, 0], [1, 0, 1]]. */
  g_assert_cmpint (nrt_graph_build (hand->graph, 2, &err), ==, NRT_OK);
  {
    const float x[4] = { 1.0f, 2.0f, -1.0f, 0.5f };
    const float y[6] = { 0, 1, 0, 1, 0, 1 };

    memcpy (nrt_graph_get_node (hand->graph, hand->x)->value->data, x, sizeof x);
    memcpy (nrt_graph_get_node (hand->graph, hand->target)->value->data, y, sizeof y);
  }
  nrt_graph_forward (hand->graph);
  nrt_graph_backward (hand->graph, hand->loss);
}

/* The scalar graph of J = (w·x − y)² / 2 with w = 1, x = 2, y = 6: by hand,
 * w·x − y = −4, J = 16 / 2 = 8, dJ/d(w·x − y) = −4 and dJ/dw = −4 · x = −8. */
typedef struct {
  NrtGraph *graph;
  float w, w_grad;
  int product, difference, square, loss;
} ScalarGraph;

static void
scalar_graph_init (ScalarGraph *scalar)
{
  NrtError err = { 0 };
  const float x = 2.0f, y = 6.0f, two = 2.0f;
  int w_id, x_id, y_id, exponent_id, divisor_id;
  int inputs[2];

  scalar->w = 1.0f;
  scalar->w_grad = 0.0f;
  scalar->graph = nrt_graph_new ();
  w_id = nrt_graph_add_parameter (scalar->graph, "w", 0, NULL, &scalar->w, &scalar->w_grad, &err);
  x_id = nrt_graph_add_constant (scalar->graph, "x", 0, NULL, &x, &err);
  y_id = nrt_graph_add_constant (scalar->graph, "y", 0, NULL, &y, &err);
  exponent_id = nrt_graph_add_constant (scalar->graph, "2", 0, NULL, &two, &err);
  divisor_id = nrt_graph_add_constant (scalar->graph, "2", 0, NULL, &two, &err);
  inputs[0] = w_id;
  inputs[1] = x_id;
  scalar->product = nrt_graph_add_op (scalar->graph, NRT_OP_MUL, "w*x", inputs, 2, 0, &err);
  inputs[0] = scalar->product;
  inputs[1] = y_id;
  scalar->difference = nrt_graph_add_op (scalar->graph, NRT_OP_SUB, "w*x - y", inputs, 2, 0,
                                         &err);
  inputs[0] = scalar->difference;
  inputs[1] = exponent_id;
  scalar->square = nrt_graph_add_op (scalar->graph, NRT_OP_POW, "(w*x - y)^2", inputs, 2, 0,
                                     &err);
  inputs[0] = scalar->square;
  inputs[1] = divisor_id;
  scalar->loss = nrt_graph_add_op (scalar->graph, NRT_OP_DIV, "J", inputs, 2, 0, &err);
  g_assert_cmpstr (err.message, ==, "");

  g_assert_cmpint (nrt_graph_build (scalar->graph, 1, &err), ==, NRT_OK);
  nrt_graph_forward (scalar->graph);
  nrt_graph_backward (scalar->graph, scalar->loss);
}

/* Dense(4, tanh) then Dense(1, sigmoid) on 2 inputs with binary
 * cross-entropy, after one forward and backward pass on 4 samples. */
static NrtModel *
dense_model_new (void)
{
  NrtError err = { 0 };
  NrtDenseConfig layers[2];
  NrtLossConfig loss = { NRT_LOSS_BINARY_CROSSENTROPY, 0 };
  NrtOptimizerConfig optimizer = nrt_optimizer_config_default (NRT_OPTIMIZER_SGD);
  const float x[8] = { 0.5f, -1.0f, 1.5f, 0.2f, -0.7f, 0.9f, 0.0f, -0.3f };
  const float y[4] = { 1.0f, 0.0f, 1.0f, 0.0f };
  NrtModel *model;
  NrtGraph *graph;

  layers[0] = nrt_dense_config_default (4);
  layers[0].activation = NRT_ACTIVATION_TANH;
  layers[1] = nrt_dense_config_default (1);
  layers[1].activation = NRT_ACTIVATION_SIGMOID;
  model = nrt_model_new (2, layers, 2, &err);
  g_assert_nonnull (model);
  g_assert_cmpint (nrt_model_compile (model, &loss, &optimizer, &err), ==, NRT_OK);

  graph = nrt_model_get_graph (model);
  g_assert_nonnull (graph);
  nrt_graph_set_batch (graph, 4);
  memcpy (nrt_graph_get_node (graph, nrt_graph_find_node (graph, "x"))->value->data, x,
          sizeof x);
  memcpy (nrt_graph_get_node (graph, nrt_graph_find_node (graph, "y"))->value->data, y,
          sizeof y);
  nrt_graph_forward (graph);
  nrt_graph_backward (graph, nrt_model_get_loss_node (model));

  return model;
}

/* A chain of n nodes: an input, then tanh after tanh. */
static NrtGraph *
chain_graph_new (int n)
{
  NrtError err = { 0 };
  NrtGraph *graph = nrt_graph_new ();
  int n_features = 1, previous, i;

  previous = nrt_graph_add_input (graph, "x", 1, &n_features, &err);
  for (i = 1; i < n; i++)
    {
      char name[32];

      g_snprintf (name, sizeof name, "tanh_%d", i);
      previous = nrt_graph_add_op (graph, NRT_OP_TANH, name, &previous, 1, 0, &err);
    }
  g_assert_cmpstr (err.message, ==, "");
  g_assert_cmpint (nrt_graph_get_n_nodes (graph), ==, n);

  return graph;
}

/* A scalar expression with many constants: s = ((a + 1) * 2 + (a + 3)) * 4
 * + (b - 5) * (a + 6), so that a has several consumers. */
static NrtGraph *
constants_graph_new (void)
{
  NrtError err = { 0 };
  NrtGraph *graph = nrt_graph_new ();
  /* Parameters are views, so their buffers outlive this function: a, its
   * gradient, b, its gradient. */
  static float parameters[4] = { 0.5f, 0.0f, -1.0f, 0.0f };
  float numbers[6] = { 1, 2, 3, 4, 5, 6 };
  int c[6], in[2], a_id, b_id, t1, t2, t3, t4, t5, t6, t7, t8, i;

  a_id = nrt_graph_add_parameter (graph, "a", 0, NULL, &parameters[0], &parameters[1], &err);
  b_id = nrt_graph_add_parameter (graph, "b", 0, NULL, &parameters[2], &parameters[3], &err);
  for (i = 0; i < 6; i++)
    {
      char name[8];

      g_snprintf (name, sizeof name, "%d", i + 1);
      c[i] = nrt_graph_add_constant (graph, name, 0, NULL, &numbers[i], &err);
    }
  in[0] = a_id, in[1] = c[0];
  t1 = nrt_graph_add_op (graph, NRT_OP_ADD, "a + 1", in, 2, 0, &err);
  in[0] = t1, in[1] = c[1];
  t2 = nrt_graph_add_op (graph, NRT_OP_MUL, "(a + 1) * 2", in, 2, 0, &err);
  in[0] = a_id, in[1] = c[2];
  t3 = nrt_graph_add_op (graph, NRT_OP_ADD, "a + 3", in, 2, 0, &err);
  in[0] = t2, in[1] = t3;
  t4 = nrt_graph_add_op (graph, NRT_OP_ADD, "sum", in, 2, 0, &err);
  in[0] = t4, in[1] = c[3];
  t5 = nrt_graph_add_op (graph, NRT_OP_MUL, "sum * 4", in, 2, 0, &err);
  in[0] = b_id, in[1] = c[4];
  t6 = nrt_graph_add_op (graph, NRT_OP_SUB, "b - 5", in, 2, 0, &err);
  in[0] = a_id, in[1] = c[5];
  t7 = nrt_graph_add_op (graph, NRT_OP_ADD, "a + 6", in, 2, 0, &err);
  in[0] = t6, in[1] = t7;
  t8 = nrt_graph_add_op (graph, NRT_OP_MUL, "(b - 5) * (a + 6)", in, 2, 0, &err);
  in[0] = t5, in[1] = t8;
  nrt_graph_add_op (graph, NRT_OP_ADD, "s", in, 2, 0, &err);
  g_assert_cmpstr (err.message, ==, "");

  return graph;
}

static NrtGraphLayout *
layout_new_checked (NrtGraph *graph)
{
  g_autoptr (GError) error = NULL;
  NrtGraphLayout *layout;

  layout = nrt_graph_layout_new (graph, &error);
  g_assert_no_error (error);
  g_assert_nonnull (layout);
  g_assert_cmpint (nrt_graph_layout_get_n_nodes (layout), ==, nrt_graph_get_n_nodes (graph));

  return layout;
}

/* Asserts that no two boxes overlap, that every box lies within the
 * layout's size, and that every edge runs downwards: the source's box ends
 * above the top of its consumer's box. */
static void
assert_layout_valid (NrtGraph *graph, const NrtGraphLayout *layout)
{
  int n = nrt_graph_get_n_nodes (graph);
  double width, height;
  int i, j, k;

  nrt_graph_layout_get_size (layout, &width, &height);
  for (i = 0; i < n; i++)
    {
      double x, y, w, h;

      g_assert_true (nrt_graph_layout_get_node_box (layout, i, &x, &y, &w, &h));
      g_assert_cmpfloat (w, >, 0.0);
      g_assert_cmpfloat (h, >, 0.0);
      g_assert_cmpfloat (x, >=, -1e-9);
      g_assert_cmpfloat (y, >=, -1e-9);
      g_assert_cmpfloat (x + w, <=, width + 1e-9);
      g_assert_cmpfloat (y + h, <=, height + 1e-9);

      for (j = i + 1; j < n; j++)
        {
          double x2, y2, w2, h2;
          gboolean overlap;

          g_assert_true (nrt_graph_layout_get_node_box (layout, j, &x2, &y2, &w2, &h2));
          overlap = x < x2 + w2 && x2 < x + w && y < y2 + h2 && y2 < y + h;
          if (overlap)
            g_test_message ("boxes of nodes %d and %d overlap: (%g, %g, %g, %g) and "
                            "(%g, %g, %g, %g)", i, j, x, y, w, h, x2, y2, w2, h2);
          g_assert_false (overlap);
        }

      for (k = 0; k < nrt_graph_get_node (graph, i)->n_inputs; k++)
        {
          int source = nrt_graph_get_node (graph, i)->inputs[k];
          double source_y, source_height;

          g_assert_true (nrt_graph_layout_get_node_box (layout, source, NULL, &source_y, NULL,
                                                        &source_height));
          if (!(source_y + source_height < y))
            g_test_message ("edge %d -> %d does not run down: source bottom %g, target top %g",
                            source, i, source_y + source_height, y);
          g_assert_cmpfloat (source_y + source_height, <, y);
        }
    }
}

/* Asserts that hit-testing each node's drawn centre returns that node, and
 * that the drawing has the node's fill just inside its left edge, so the
 * drawing and the hit test share one transform. */
static void
assert_hit_test (const NrtGraphPlot *plot, int width, int height, cairo_surface_t *png)
{
  int n = nrt_graph_layout_get_n_nodes (plot->layout);
  int i;

  for (i = 0; i < n; i++)
    {
      double x, y, w, h;

      g_assert_true (nrt_plot_graph_get_node_area (plot, width, height, i, &x, &y, &w, &h));
      g_assert_cmpfloat (x, >=, 0.0);
      g_assert_cmpfloat (y, >=, 0.0);
      g_assert_cmpfloat (x + w, <=, width);
      g_assert_cmpfloat (y + h, <=, height);
      g_assert_cmpint (nrt_plot_graph_hit_test (plot, width, height, x + w / 2.0, y + h / 2.0),
                       ==, i);

      if (png != NULL && w >= 12.0 && h >= 12.0)
        {
          PlotTestPixel inside = plot_test_get_pixel (png, (int) (x + 4.0), (int) (y + h / 2.0));
          PlotTestPixel outside = plot_test_get_pixel (png, (int) floor (x - 3.0),
                                                       (int) (y + h / 2.0));

          g_test_message ("node %d: inside %d %d %d, outside %d %d %d", i, inside.r, inside.g,
                          inside.b, outside.r, outside.g, outside.b);
          /* Every fill is pale but not white; the background is white. */
          g_assert_true (inside.r < 255 || inside.g < 255 || inside.b < 255);
          g_assert_cmpint (MIN (inside.r, MIN (inside.g, inside.b)), >=, 190);
        }
    }
  g_assert_cmpint (nrt_plot_graph_hit_test (plot, width, height, 0.5, height - 0.5), ==, -1);
  g_assert_cmpint (nrt_plot_graph_hit_test (plot, width, height, NAN, 10.0), ==, -1);
}

static double
centre_y (const NrtGraphLayout *layout, int node)
{
  double y, height;

  g_assert_true (nrt_graph_layout_get_node_box (layout, node, NULL, &y, NULL, &height));

  return y + height / 2.0;
}

static void
test_layout_hand_graph (void)
{
  HandGraph hand;
  NrtGraphLayout *layout;
  double x_y, loss_y;

  hand_graph_init (&hand, FALSE);
  layout = layout_new_checked (hand.graph);
  assert_layout_valid (hand.graph, layout);

  /* The data path runs from x down to the loss, each parameter sitting one
   * layer above its consumer, and the target beside the prediction. Boxes
   * of one layer share their centre. */
  x_y = centre_y (layout, hand.x);
  g_assert_cmpfloat (x_y, ==, centre_y (layout, hand.kernel));
  g_assert_cmpfloat (x_y, <, centre_y (layout, hand.matmul));
  g_assert_cmpfloat (centre_y (layout, hand.bias), ==, centre_y (layout, hand.matmul));
  g_assert_cmpfloat (centre_y (layout, hand.target), ==, centre_y (layout, hand.tanh));
  loss_y = centre_y (layout, hand.loss);
  for (int i = 0; i < hand.loss; i++)
    g_assert_cmpfloat (centre_y (layout, i), <, loss_y);
  g_assert_false (nrt_graph_layout_get_node_box (layout, hand.loss + 1, NULL, NULL, NULL, NULL));
  g_assert_false (nrt_graph_layout_get_node_box (layout, -1, NULL, NULL, NULL, NULL));

  nrt_graph_layout_free (layout);
  nrt_graph_free (hand.graph);
}

static void
test_layout_dense_model (void)
{
  NrtModel *model = dense_model_new ();
  NrtGraph *graph = nrt_model_get_graph (model);
  NrtGraphLayout *layout = layout_new_checked (graph);
  int loss = nrt_model_get_loss_node (model);
  double loss_y, y;
  int i;

  assert_layout_valid (graph, layout);
  nrt_graph_layout_get_node_box (layout, loss, NULL, &loss_y, NULL, NULL);
  for (i = 0; i < nrt_graph_get_n_nodes (graph); i++)
    {
      nrt_graph_layout_get_node_box (layout, i, NULL, &y, NULL, NULL);
      if (i != loss)
        g_assert_cmpfloat (y, <, loss_y);
    }

  nrt_graph_layout_free (layout);
  nrt_model_free (model);
}

static void
test_layout_scalar_graphs (void)
{
  ScalarGraph scalar;
  NrtGraph *constants = constants_graph_new ();
  NrtGraphLayout *layout;

  scalar_graph_init (&scalar);
  layout = layout_new_checked (scalar.graph);
  assert_layout_valid (scalar.graph, layout);
  nrt_graph_layout_free (layout);
  nrt_graph_free (scalar.graph);

  layout = layout_new_checked (constants);
  assert_layout_valid (constants, layout);
  nrt_graph_layout_free (layout);
  nrt_graph_free (constants);
}

static void
test_layout_chain (void)
{
  NrtGraph *graph = chain_graph_new (300);
  NrtGraphLayout *layout = layout_new_checked (graph);
  g_autofree char *dir = plot_test_make_dir ();
  NrtGraphPlot plot = { graph, layout, TRUE, -1, NULL, NULL };
  cairo_surface_t *png;

  assert_layout_valid (graph, layout);
  png = plot_test_export_png (dir, "chain.png", WIDTH, HEIGHT, nrt_plot_graph_draw_func, &plot);
  g_assert_cmpint (plot_test_count_pixels (png).n_non_white, >, 100);
  assert_hit_test (&plot, WIDTH, HEIGHT, NULL);

  cairo_surface_destroy (png);
  plot_test_remove_dir (dir);
  nrt_graph_layout_free (layout);
  nrt_graph_free (graph);
}

static void
test_render_dense_model (void)
{
  NrtModel *model = dense_model_new ();
  NrtGraph *graph = nrt_model_get_graph (model);
  NrtGraphLayout *layout = layout_new_checked (graph);
  g_autofree char *dir = plot_test_make_dir ();
  g_autofree char *svg_path = g_build_filename (dir, "graph.svg", NULL);
  g_autofree char *svg = NULL;
  g_autoptr (GError) error = NULL;
  NrtGraphPlot plot = { graph, layout, TRUE, -1, NULL, "Dense model" };
  const int sizes[3][2] = { { WIDTH, HEIGHT }, { 1600, 1000 }, { 300, 900 } };
  cairo_surface_t *png;
  PlotTestStats stats;
  int i;

  for (i = 0; i < 3; i++)
    {
      png = plot_test_export_png (dir, "graph.png", sizes[i][0], sizes[i][1],
                                  nrt_plot_graph_draw_func, &plot);
      stats = plot_test_count_pixels (png);
      g_assert_cmpint (stats.n_non_white, >, 2000);
      g_assert_cmpint (stats.n_distinct, >, 50);
      g_assert_cmpint (plot_test_count_color (png, INPUT_FILL, 2), >, 50);
      g_assert_cmpint (plot_test_count_color (png, PARAMETER_FILL, 2), >, 50);
      g_assert_cmpint (plot_test_count_color (png, OP_FILL, 2), >, 50);
      g_assert_cmpint (plot_test_count_color (png, LOSS_FILL, 2), >, 50);
      g_assert_cmpint (plot_test_count_color (png, ACTIVE_OUTLINE, 30), ==, 0);
      assert_hit_test (&plot, sizes[i][0], sizes[i][1], png);
      cairo_surface_destroy (png);
    }

  /* Without values the boxes are shorter, and hit-testing follows them. */
  plot.show_values = FALSE;
  png = plot_test_export_png (dir, "labels.png", WIDTH, HEIGHT, nrt_plot_graph_draw_func, &plot);
  assert_hit_test (&plot, WIDTH, HEIGHT, png);
  cairo_surface_destroy (png);

  g_assert_true (nrt_plot_export (svg_path, WIDTH, HEIGHT, nrt_plot_graph_draw_func, &plot,
                                  &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg_path, &svg, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (svg, "<svg"));
  g_assert_nonnull (strstr (svg, "width=\"800pt\""));
  g_assert_nonnull (strstr (svg, "height=\"600pt\""));
  g_assert_cmpuint (strlen (svg), >, 10000);

  plot_test_remove_dir (dir);
  nrt_graph_layout_free (layout);
  nrt_model_free (model);
}

static void
test_render_step_through (void)
{
  HandGraph hand;
  NrtGraphLayout *layout;
  g_autofree char *dir = plot_test_make_dir ();
  gboolean done[8] = { TRUE, TRUE, TRUE, TRUE, FALSE, FALSE, FALSE, FALSE };
  NrtGraphPlot plot = { NULL, NULL, TRUE, -1, NULL, NULL };
  cairo_surface_t *png;

  hand_graph_init (&hand, TRUE);
  layout = layout_new_checked (hand.graph);
  plot.graph = hand.graph;
  plot.layout = layout;

  png = plot_test_export_png (dir, "plain.png", WIDTH, HEIGHT, nrt_plot_graph_draw_func, &plot);
  g_assert_cmpint (plot_test_count_color (png, ACTIVE_OUTLINE, 20), ==, 0);
  g_assert_cmpint (plot_test_count_color (png, DONE_CHECK, 20), ==, 0);
  cairo_surface_destroy (png);

  plot.active_node = hand.bias_add;
  plot.done = done;
  png = plot_test_export_png (dir, "step.png", WIDTH, HEIGHT, nrt_plot_graph_draw_func, &plot);
  g_assert_cmpint (plot_test_count_color (png, ACTIVE_OUTLINE, 20), >, 100);
  g_assert_cmpint (plot_test_count_color (png, DONE_CHECK, 20), >, 20);
  assert_hit_test (&plot, WIDTH, HEIGHT, png);
  cairo_surface_destroy (png);

  plot_test_remove_dir (dir);
  nrt_graph_layout_free (layout);
  nrt_graph_free (hand.graph);
}

static void
assert_summary (const NrtTensor *tensor, const char *expected)
{
  char buffer[128];

  nrt_plot_format_tensor_summary (tensor, buffer, sizeof buffer);
  g_assert_cmpstr (buffer, ==, expected);
}

static void
test_summary (void)
{
  ScalarGraph scalar;
  float matrix[6] = { 1, 2, 3, 4, 5, 6 };
  float with_nan[2] = { 1.0f, NAN };
  float value = 0.5f;
  int shape[2] = { 2, 3 };
  NrtTensor *tensor;
  char small[4];

  /* J = 8 and dJ/d(w·x − y) = −4, by hand at scalar_graph_init. */
  scalar_graph_init (&scalar);
  assert_summary (nrt_graph_get_node (scalar.graph, scalar.loss)->value, "8");
  assert_summary (nrt_graph_get_node (scalar.graph, scalar.difference)->value, "-4");
  assert_summary (nrt_graph_get_node (scalar.graph, scalar.difference)->grad, "-4");
  assert_summary (nrt_graph_get_node (scalar.graph, 0)->grad, "-8");
  nrt_graph_free (scalar.graph);

  tensor = nrt_tensor_new_view (0, NULL, &value);
  assert_summary (tensor, "0.5");
  value = NAN;
  assert_summary (tensor, "NaN");
  value = -INFINITY;
  assert_summary (tensor, "-inf");
  nrt_tensor_free (tensor);

  /* Mean 21 / 6 = 3.5; norm sqrt (1 + 4 + 9 + 16 + 25 + 36) = sqrt (91) =
   * 9.539, written with 3 significant digits. */
  tensor = nrt_tensor_new_view (2, shape, matrix);
  assert_summary (tensor, "mean 3.5, norm 9.54");
  nrt_tensor_free (tensor);

  shape[0] = 2;
  tensor = nrt_tensor_new_view (1, shape, with_nan);
  assert_summary (tensor, "mean NaN, norm NaN");
  nrt_tensor_free (tensor);

  assert_summary (NULL, "no value");

  /* A short buffer gets a truncated, terminated string. */
  tensor = nrt_tensor_new_view (2, (int[]) { 2, 3 }, matrix);
  nrt_plot_format_tensor_summary (tensor, small, sizeof small);
  g_assert_cmpstr (small, ==, "mea");
  nrt_tensor_free (tensor);
}

static void
test_heatmap (void)
{
  g_autofree char *dir = plot_test_make_dir ();
  int shape[2] = { 25, 15 };
  NrtTensor *tensor = nrt_tensor_new (2, shape);
  NrtTensorHeatmapPlot heatmap = { tensor, "dense/kernel" };
  cairo_surface_t *png;
  int width, height;
  size_t i;

  /* Values in [0, 1]: no cell is orange, so orange pixels can only come
   * from the bottom (−max) end of the colour bar, in the lower half. The
   * largest value, 1, is the full blue of the bar's top end. */
  for (i = 0; i < tensor->size; i++)
    tensor->data[i] = (float) i / (float) (tensor->size - 1);
  png = plot_test_export_png (dir, "heatmap.png", 600, 400, nrt_plot_tensor_heatmap_draw_func,
                              &heatmap);
  width = cairo_image_surface_get_width (png);
  height = cairo_image_surface_get_height (png);
  g_assert_cmpint (plot_test_count_color_in (png, 0, height / 2, width, height, ORANGE, 12),
                   >, 20);
  g_assert_cmpint (plot_test_count_color_in (png, 0, 0, width, height / 2, ORANGE, 60), ==, 0);
  g_assert_cmpint (plot_test_count_color_in (png, 0, 0, width, height / 2, BLUE, 12), >, 20);
  /* The cells of the last row, near 1, are blue too. */
  g_assert_cmpint (plot_test_count_color_in (png, 0, height / 2, width, height, BLUE, 20), >, 20);
  g_assert_cmpint (plot_test_count_pixels (png).n_distinct, >, 100);
  cairo_surface_destroy (png);

  /* Cells narrower than a pixel are subsampled; it still renders. */
  nrt_tensor_free (tensor);
  shape[0] = 5000;
  shape[1] = 3;
  tensor = nrt_tensor_new (2, shape);
  for (i = 0; i < tensor->size; i++)
    tensor->data[i] = (float) sin ((double) i);
  heatmap.tensor = tensor;
  png = plot_test_export_png (dir, "tall.png", 300, 200, nrt_plot_tensor_heatmap_draw_func,
                              &heatmap);
  g_assert_cmpint (plot_test_count_pixels (png).n_non_white, >, 1000);
  cairo_surface_destroy (png);
  nrt_tensor_free (tensor);

  /* 1-D, scalar, all-NaN, empty and NULL tensors. */
  {
    float row[5] = { -2, -1, 0, 1, 2 };
    float nan_values[2] = { NAN, NAN };
    float scalar = 3.0f;
    NrtTensor *cases[4];
    int k;

    cases[0] = nrt_tensor_new_view (1, (int[]) { 5 }, row);
    cases[1] = nrt_tensor_new_view (0, NULL, &scalar);
    cases[2] = nrt_tensor_new_view (1, (int[]) { 2 }, nan_values);
    cases[3] = NULL;
    for (k = 0; k < 4; k++)
      {
        heatmap.tensor = cases[k];
        heatmap.title = k == 3 ? NULL : "case";
        png = plot_test_export_png (dir, "case.png", 200, 100, nrt_plot_tensor_heatmap_draw_func,
                                    &heatmap);
        g_assert_cmpint (plot_test_count_pixels (png).n_non_white, >, 20);
        cairo_surface_destroy (png);
        nrt_tensor_free (cases[k]);
      }
  }

  plot_test_remove_dir (dir);
}

static void
test_robustness (void)
{
  g_autofree char *dir = plot_test_make_dir ();
  g_autoptr (GError) error = NULL;
  HandGraph unbuilt, built;
  NrtGraph *empty = nrt_graph_new ();
  NrtGraphLayout *layout, *empty_layout, *built_layout;
  NrtGraphPlot plot = { NULL, NULL, TRUE, -1, NULL, "Nothing yet" };
  cairo_surface_t *png;
  NrtError err = { 0 };
  double width, height;
  int n_features = 1;

  /* No graph: the error message names the fix. */
  g_assert_null (nrt_graph_layout_new (NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "Compile"));

  /* A NULL plot, a NULL layout and an empty graph draw a message. */
  png = plot_test_export_png (dir, "null.png", 200, 100, nrt_plot_graph_draw_func, NULL);
  g_assert_cmpint (plot_test_count_pixels (png).n_non_white, >, 20);
  cairo_surface_destroy (png);
  png = plot_test_export_png (dir, "no-layout.png", 200, 100, nrt_plot_graph_draw_func, &plot);
  g_assert_cmpint (plot_test_count_pixels (png).n_non_white, >, 20);
  cairo_surface_destroy (png);
  g_assert_cmpint (nrt_plot_graph_hit_test (&plot, 200, 100, 100, 50), ==, -1);
  g_assert_false (nrt_plot_graph_get_node_area (&plot, 200, 100, 0, NULL, NULL, NULL, NULL));

  empty_layout = layout_new_checked (empty);
  nrt_graph_layout_get_size (empty_layout, &width, &height);
  g_assert_cmpfloat (width, ==, 0.0);
  g_assert_cmpfloat (height, ==, 0.0);
  plot.graph = empty;
  plot.layout = empty_layout;
  png = plot_test_export_png (dir, "empty.png", 200, 100, nrt_plot_graph_draw_func, &plot);
  g_assert_cmpint (plot_test_count_pixels (png).n_non_white, >, 20);
  cairo_surface_destroy (png);
  g_assert_cmpint (nrt_plot_graph_hit_test (&plot, 200, 100, 100, 50), ==, -1);

  /* An unbuilt graph has no values: labels only, boxes still hit. */
  hand_graph_init (&unbuilt, FALSE);
  layout = layout_new_checked (unbuilt.graph);
  plot.graph = unbuilt.graph;
  plot.layout = layout;
  png = plot_test_export_png (dir, "unbuilt.png", WIDTH, HEIGHT, nrt_plot_graph_draw_func, &plot);
  assert_hit_test (&plot, WIDTH, HEIGHT, png);
  cairo_surface_destroy (png);

  /* The layout of another graph: a message, and no hits. */
  hand_graph_init (&built, TRUE);
  built_layout = layout_new_checked (built.graph);
  plot.graph = empty;
  plot.layout = built_layout;
  png = plot_test_export_png (dir, "mismatch.png", 200, 100, nrt_plot_graph_draw_func, &plot);
  cairo_surface_destroy (png);
  nrt_graph_add_input (unbuilt.graph, "extra", 1, &n_features, &err);
  plot.graph = unbuilt.graph;
  plot.layout = layout;
  png = plot_test_export_png (dir, "mismatch.png", 200, 100, nrt_plot_graph_draw_func, &plot);
  g_assert_cmpint (plot_test_count_pixels (png).n_non_white, >, 20);
  cairo_surface_destroy (png);
  g_assert_cmpint (nrt_plot_graph_hit_test (&plot, WIDTH, HEIGHT, 10, 10), ==, -1);

  /* NaN values and gradients, a graph-less plot, and odd sizes. */
  built.params[0] = NAN;
  built.params[6] = INFINITY;
  nrt_graph_forward (built.graph);
  nrt_graph_backward (built.graph, built.loss);
  plot.graph = built.graph;
  plot.layout = built_layout;
  png = plot_test_export_png (dir, "nan.png", WIDTH, HEIGHT, nrt_plot_graph_draw_func, &plot);
  assert_hit_test (&plot, WIDTH, HEIGHT, png);
  cairo_surface_destroy (png);
  plot.graph = NULL;
  png = plot_test_export_png (dir, "boxes.png", 300, 200, nrt_plot_graph_draw_func, &plot);
  g_assert_cmpint (plot_test_count_pixels (png).n_non_white, >, 100);
  cairo_surface_destroy (png);
  plot.graph = built.graph;
  png = plot_test_export_png (dir, "tiny.png", 4, 3, nrt_plot_graph_draw_func, &plot);
  cairo_surface_destroy (png);
  g_assert_cmpint (nrt_plot_graph_hit_test (&plot, 0, HEIGHT, 10, 10), ==, -1);
  g_assert_cmpint (nrt_plot_graph_hit_test (NULL, WIDTH, HEIGHT, 10, 10), ==, -1);

  plot_test_remove_dir (dir);
  nrt_graph_layout_free (built_layout);
  nrt_graph_layout_free (layout);
  nrt_graph_layout_free (empty_layout);
  nrt_graph_layout_free (NULL);
  nrt_graph_free (built.graph);
  nrt_graph_free (unbuilt.graph);
  nrt_graph_free (empty);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plot/graph/layout-hand-graph", test_layout_hand_graph);
  g_test_add_func ("/plot/graph/layout-dense-model", test_layout_dense_model);
  g_test_add_func ("/plot/graph/layout-scalar-graphs", test_layout_scalar_graphs);
  g_test_add_func ("/plot/graph/layout-300-chain", test_layout_chain);
  g_test_add_func ("/plot/graph/render-dense-model", test_render_dense_model);
  g_test_add_func ("/plot/graph/render-step-through", test_render_step_through);
  g_test_add_func ("/plot/graph/tensor-summary", test_summary);
  g_test_add_func ("/plot/graph/heatmap", test_heatmap);
  g_test_add_func ("/plot/graph/robustness", test_robustness);

  return g_test_run ();
}
