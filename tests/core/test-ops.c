/* test-ops.c: forward values and finite-difference gradient checks of every op.
 *
 * Each gradient check builds a small graph that ends in a scalar loss, takes
 * the analytic gradient of every parameter from nrt_graph_backward, and
 * compares it with the central difference (L(x + h) - L(x - h)) / 2h.
 *
 * Tolerance: h = 1e-3 in float32. The truncation error of the central
 * difference is about h^2 |f'''| / 6, near 1e-7 for these smooth functions;
 * the rounding error is about eps_f32 |L| / h = 6e-8 |L| / 1e-3, near 1e-4
 * for losses of order 1. A check passes when
 * |analytic - numeric| <= 1e-2 * max(|analytic|, |numeric|) + 5e-4, so the
 * absolute term covers rounding and the 1% relative term catches any wrong
 * formula, which would be off by a factor, a sign or a missing term.
 */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/nrt-graph.h"
#include "core/nrt-rng.h"
#include "gradcheck.h"

#define VALUE_TOL 1e-6

/* x (3, 4) -> op -> mean_squared_error against a random target (3, 4). */
static void
check_unary_op (NrtOpId op, double low, double high)
{
  const int shape[2] = { 3, 4 };
  Case c;
  int x, y, t;

  case_init (&c, 100 + op);
  x = case_add_parameter (&c, "x", 2, shape, low, high);
  y = case_add_op (&c, op, "y", x, -1, 0);
  t = case_add_constant (&c, "t", 2, shape, -1.0, 1.0);
  c.loss = case_add_op (&c, NRT_OP_MEAN_SQUARED_ERROR, "loss", y, t, 0);
  check_gradients (&c);
  case_clear (&c);
}

static void
test_grad_matmul (void)
{
  const int x_shape[2] = { 3, 4 }, w_shape[2] = { 4, 2 }, t_shape[2] = { 3, 2 };
  Case c;
  int x, w, y, t;

  case_init (&c, 1);
  x = case_add_parameter (&c, "x", 2, x_shape, -1.0, 1.0);
  w = case_add_parameter (&c, "w", 2, w_shape, -1.0, 1.0);
  y = case_add_op (&c, NRT_OP_MATMUL, "y", x, w, 0);
  t = case_add_constant (&c, "t", 2, t_shape, -1.0, 1.0);
  c.loss = case_add_op (&c, NRT_OP_MEAN_SQUARED_ERROR, "loss", y, t, 0);
  check_gradients (&c);
  case_clear (&c);
}

/* x · x with one parameter as both inputs: both backward terms must add
 * into the same gradient buffer. */
static void
test_grad_matmul_shared (void)
{
  const int shape[2] = { 3, 3 };
  Case c;
  int x, y, t;

  case_init (&c, 10);
  x = case_add_parameter (&c, "x", 2, shape, -1.0, 1.0);
  y = case_add_op (&c, NRT_OP_MATMUL, "y", x, x, 0);
  t = case_add_constant (&c, "t", 2, shape, -1.0, 1.0);
  c.loss = case_add_op (&c, NRT_OP_MEAN_SQUARED_ERROR, "loss", y, t, 0);
  check_gradients (&c);
  case_clear (&c);
}

static void
test_grad_bias_add (void)
{
  const int x_shape[2] = { 3, 2 }, b_shape[1] = { 2 };
  Case c;
  int x, b, y, t;

  case_init (&c, 2);
  x = case_add_parameter (&c, "x", 2, x_shape, -1.0, 1.0);
  b = case_add_parameter (&c, "b", 1, b_shape, -1.0, 1.0);
  y = case_add_op (&c, NRT_OP_BIAS_ADD, "y", x, b, 0);
  t = case_add_constant (&c, "t", 2, x_shape, -1.0, 1.0);
  c.loss = case_add_op (&c, NRT_OP_MEAN_SQUARED_ERROR, "loss", y, t, 0);
  check_gradients (&c);
  case_clear (&c);
}

static void
test_grad_linear (void)
{
  check_unary_op (NRT_OP_LINEAR, -2.0, 2.0);
}

static void
test_grad_sigmoid (void)
{
  check_unary_op (NRT_OP_SIGMOID, -4.0, 4.0);
}

static void
test_grad_tanh (void)
{
  check_unary_op (NRT_OP_TANH, -2.0, 2.0);
}

static void
test_grad_relu (void)
{
  const int shape[2] = { 3, 4 };
  Case c;
  int x, y, t;

  /* Inputs at least 0.2 away from the kink at 0, far more than h. */
  case_init (&c, 3);
  x = case_add_parameter (&c, "x", 2, shape, 0.2, 2.0);
  for (size_t k = 0; k < c.sizes[0]; k += 2)
    c.values[0][k] = -c.values[0][k];
  y = case_add_op (&c, NRT_OP_RELU, "y", x, -1, 0);
  t = case_add_constant (&c, "t", 2, shape, -1.0, 1.0);
  c.loss = case_add_op (&c, NRT_OP_MEAN_SQUARED_ERROR, "loss", y, t, 0);
  check_gradients (&c);
  case_clear (&c);
}

static void
test_grad_softmax (void)
{
  check_unary_op (NRT_OP_SOFTMAX, -3.0, 3.0);
}

static void
test_grad_mean_squared_error (void)
{
  const int shape[2] = { 3, 2 };
  Case c;
  int p, t;

  case_init (&c, 4);
  p = case_add_parameter (&c, "p", 2, shape, -2.0, 2.0);
  t = case_add_constant (&c, "t", 2, shape, -2.0, 2.0);
  c.loss = case_add_op (&c, NRT_OP_MEAN_SQUARED_ERROR, "loss", p, t, 0);
  check_gradients (&c);
  case_clear (&c);
}

/* mean_absolute_error or huber on (3, 2) with fixed values. The
 * differences p - t are -2.5, -0.6, -0.2, 0.3, 0.8 and 1.7, so both of
 * Huber's branches are checked. None lies within the step of MAE's kink at
 * 0 or of Huber's at +-1. */
static void
check_absolute_loss (NrtOpId op)
{
  const int shape[2] = { 3, 2 };
  const float predictions[6] = { -1.5f, 0.4f, 0.3f, -0.2f, 1.3f, 1.2f };
  const float targets[6] = { 1.0f, 1.0f, 0.5f, -0.5f, 0.5f, -0.5f };
  NrtError err = { 0 };
  Case c;
  int p, t;

  case_init (&c, 7);
  p = case_add_parameter (&c, "p", 2, shape, 0.0, 1.0);
  memcpy (c.values[c.n_params - 1], predictions, sizeof predictions);
  t = nrt_graph_add_constant (c.graph, "t", 2, shape, targets, &err);
  g_assert_cmpint (t, >=, 0);
  c.loss = case_add_op (&c, op, "loss", p, t, 0);
  check_gradients (&c);
  case_clear (&c);
}

static void
test_grad_mean_absolute_error (void)
{
  check_absolute_loss (NRT_OP_MEAN_ABSOLUTE_ERROR);
}

static void
test_grad_huber (void)
{
  check_absolute_loss (NRT_OP_HUBER);
}

/* binary_crossentropy on (4, 3); targets are 0, 1 and one soft label. */
static void
check_binary_crossentropy (int from_logits)
{
  const int shape[2] = { 4, 3 };
  const float targets[12] = { 0, 1, 1, 0, 1, 0, 0.3f, 1, 0, 1, 0, 1 };
  NrtError err = { 0 };
  Case c;
  int p, t;

  case_init (&c, 5 + from_logits);
  if (from_logits)
    p = case_add_parameter (&c, "z", 2, shape, -4.0, 4.0);
  else
    p = case_add_parameter (&c, "p", 2, shape, 0.05, 0.95);
  t = nrt_graph_add_constant (c.graph, "t", 2, shape, targets, &err);
  g_assert_cmpint (t, >=, 0);
  c.loss = case_add_op (&c, NRT_OP_BINARY_CROSSENTROPY, "loss", p, t, from_logits);
  check_gradients (&c);
  case_clear (&c);
}

static void
test_grad_bce_logits (void)
{
  check_binary_crossentropy (1);
}

static void
test_grad_bce_probabilities (void)
{
  check_binary_crossentropy (0);
}

/* sparse_categorical_crossentropy on (4, 3) with labels 0, 2, 1, 2. On
 * probabilities the rows do not sum to 1, which exercises the row
 * normalisation's gradient as well. */
static void
check_sparse_categorical_crossentropy (int from_logits)
{
  const int shape[2] = { 4, 3 }, label_shape[2] = { 4, 1 };
  const float labels[4] = { 0, 2, 1, 2 };
  NrtError err = { 0 };
  Case c;
  int p, t;

  case_init (&c, 7 + from_logits);
  if (from_logits)
    p = case_add_parameter (&c, "z", 2, shape, -3.0, 3.0);
  else
    p = case_add_parameter (&c, "p", 2, shape, 0.1, 1.0);
  t = nrt_graph_add_constant (c.graph, "labels", 2, label_shape, labels, &err);
  g_assert_cmpint (t, >=, 0);
  c.loss = case_add_op (&c, NRT_OP_SPARSE_CATEGORICAL_CROSSENTROPY, "loss", p, t, from_logits);
  check_gradients (&c);
  case_clear (&c);
}

static void
test_grad_scce_logits (void)
{
  check_sparse_categorical_crossentropy (1);
}

static void
test_grad_scce_probabilities (void)
{
  check_sparse_categorical_crossentropy (0);
}

/* A two-layer network, tanh then softmax, into sparse_categorical_crossentropy
 * on probabilities: the chain rule across ops, and a batched input whose grad
 * is NULL. */
static void
test_grad_network (void)
{
  const int w1_shape[2] = { 3, 4 }, b1_shape[1] = { 4 }, w2_shape[2] = { 4, 3 };
  const int x_shape[1] = { 3 }, y_shape[1] = { 1 };
  const float labels[5] = { 0, 1, 2, 1, 0 };
  NrtError err = { 0 };
  NrtNode *x_node, *y_node;
  Case c;
  int x, y, w1, b1, w2, h, a, z, s;

  case_init (&c, 9);
  x = nrt_graph_add_input (c.graph, "x", 1, x_shape, &err);
  y = nrt_graph_add_input (c.graph, "y", 1, y_shape, &err);
  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  w1 = case_add_parameter (&c, "w1", 2, w1_shape, -1.0, 1.0);
  b1 = case_add_parameter (&c, "b1", 1, b1_shape, -0.5, 0.5);
  w2 = case_add_parameter (&c, "w2", 2, w2_shape, -1.0, 1.0);
  h = case_add_op (&c, NRT_OP_MATMUL, "h", x, w1, 0);
  h = case_add_op (&c, NRT_OP_BIAS_ADD, "h_bias", h, b1, 0);
  a = case_add_op (&c, NRT_OP_TANH, "a", h, -1, 0);
  z = case_add_op (&c, NRT_OP_MATMUL, "z", a, w2, 0);
  s = case_add_op (&c, NRT_OP_SOFTMAX, "s", z, -1, 0);
  c.loss = case_add_op (&c, NRT_OP_SPARSE_CATEGORICAL_CROSSENTROPY, "loss", s, y, 0);

  /* check_gradients builds for a batch of 1; rebuild for 5 samples. */
  if (nrt_graph_build (c.graph, 5, &err) != NRT_OK)
    g_error ("building: %s", err.message);
  x_node = nrt_graph_get_node (c.graph, x);
  y_node = nrt_graph_get_node (c.graph, y);
  g_assert_null (x_node->grad);
  for (int i = 0; i < 15; i++)
    x_node->value->data[i] = (float) nrt_rng_uniform_range (&c.rng, -2.0, 2.0);
  memcpy (y_node->value->data, labels, sizeof labels);

  case_loss (&c);
  check_gradients_built (&c);
  case_clear (&c);
}

/* ---- forward values ---- */

/* Runs a single unary op on a (rows, cols) constant and returns a copy of its
 * output; free it with g_free. */
static float *
run_unary (NrtOpId op, const float *x, int rows, int cols)
{
  const int shape[2] = { rows, cols };
  NrtError err = { 0 };
  NrtGraph *graph = nrt_graph_new ();
  int inputs[1], y;
  float *result;

  inputs[0] = nrt_graph_add_constant (graph, "x", 2, shape, x, &err);
  y = nrt_graph_add_op (graph, op, "y", inputs, 1, 0, &err);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (nrt_graph_build (graph, 1, &err), ==, NRT_OK);
  nrt_graph_forward (graph);
  result = g_memdup2 (nrt_graph_get_node (graph, y)->value->data,
                      (size_t) rows * cols * sizeof (float));
  nrt_graph_free (graph);
  return result;
}

static void
assert_values (const float *actual, const double *expected, int n, double tolerance)
{
  double max_diff = 0.0;

  for (int i = 0; i < n; i++)
    max_diff = fmax (max_diff, fabs (actual[i] - expected[i]));
  if (max_diff > tolerance)
    g_test_fail_printf ("values differ: max difference %.3g > %.3g", max_diff, tolerance);
  for (int i = 0; i < n; i++)
    g_assert_cmpfloat (fabs (actual[i] - expected[i]), <=, tolerance);
}

/* Expected values from NumPy 1.24: 1 / (1 + np.exp(-x)), np.tanh(x), and
 * np.maximum(x, 0) for x = [-2, -0.5, 0, 0.5, 3]. */
static void
test_forward_activations (void)
{
  const float x[5] = { -2.0f, -0.5f, 0.0f, 0.5f, 3.0f };
  const double sigmoid[5] = { 0.119202922, 0.377540669, 0.5, 0.622459331, 0.952574127 };
  const double tanh_x[5] = { -0.96402758, -0.462117157, 0.0, 0.462117157, 0.995054754 };
  const double relu[5] = { 0.0, 0.0, 0.0, 0.5, 3.0 };
  const double linear[5] = { -2.0, -0.5, 0.0, 0.5, 3.0 };
  float *y;

  y = run_unary (NRT_OP_SIGMOID, x, 1, 5);
  assert_values (y, sigmoid, 5, VALUE_TOL);
  g_free (y);
  y = run_unary (NRT_OP_TANH, x, 1, 5);
  assert_values (y, tanh_x, 5, VALUE_TOL);
  g_free (y);
  y = run_unary (NRT_OP_RELU, x, 1, 5);
  assert_values (y, relu, 5, 0.0);
  g_free (y);
  y = run_unary (NRT_OP_LINEAR, x, 1, 5);
  assert_values (y, linear, 5, 0.0);
  g_free (y);
}

/* Sigmoid saturates to exactly 0 and 1 without overflow at ±100. */
static void
test_forward_sigmoid_extreme (void)
{
  const float x[2] = { -100.0f, 100.0f };
  float *y = run_unary (NRT_OP_SIGMOID, x, 1, 2);

  g_assert_true (isfinite (y[0]) && isfinite (y[1]));
  g_assert_cmpfloat_with_epsilon (y[0], 0.0, 1e-30);
  g_assert_cmpfloat (y[1], ==, 1.0f);
  g_free (y);
}

/* Expected values from NumPy: e = np.exp(z - z.max(1, keepdims=True)),
 * e / e.sum(1, keepdims=True). The second row would overflow exp without
 * subtracting the maximum. */
static void
test_forward_softmax (void)
{
  const float z[6] = { 1, 2, 3, -1, 0, 1000 };
  const double expected[6] = { 0.090030573, 0.244728471, 0.665240956, 0, 0, 1 };
  float *y = run_unary (NRT_OP_SOFTMAX, z, 2, 3);

  assert_values (y, expected, 6, VALUE_TOL);
  g_free (y);
}

/* [[1, 2], [3, 4], [5, 6]] · [[1, 0, -1], [2, 1, 0]], by hand and NumPy,
 * then + [0.5, -1, 2] by bias_add. */
static void
test_forward_matmul_bias_add (void)
{
  const int x_shape[2] = { 3, 2 }, w_shape[2] = { 2, 3 }, b_shape[1] = { 3 };
  const float x[6] = { 1, 2, 3, 4, 5, 6 };
  const float w[6] = { 1, 0, -1, 2, 1, 0 };
  const float b[3] = { 0.5f, -1.0f, 2.0f };
  const double product[9] = { 5, 2, -1, 11, 4, -3, 17, 6, -5 };
  const double sum[9] = { 5.5, 1, 1, 11.5, 3, -1, 17.5, 5, -3 };
  NrtError err = { 0 };
  NrtGraph *graph = nrt_graph_new ();
  int ids[2], y, yb;

  ids[0] = nrt_graph_add_constant (graph, "x", 2, x_shape, x, &err);
  ids[1] = nrt_graph_add_constant (graph, "w", 2, w_shape, w, &err);
  y = nrt_graph_add_op (graph, NRT_OP_MATMUL, "y", ids, 2, 0, &err);
  ids[0] = y;
  ids[1] = nrt_graph_add_constant (graph, "b", 1, b_shape, b, &err);
  yb = nrt_graph_add_op (graph, NRT_OP_BIAS_ADD, "yb", ids, 2, 0, &err);
  g_assert_cmpint (yb, >=, 0);
  g_assert_cmpint (nrt_graph_build (graph, 1, &err), ==, NRT_OK);
  nrt_graph_forward (graph);
  assert_values (nrt_graph_get_node (graph, y)->value->data, product, 9, 0.0);
  assert_values (nrt_graph_get_node (graph, yb)->value->data, sum, 9, 0.0);
  nrt_graph_free (graph);
}

static void
test_op_table (void)
{
  g_assert_cmpstr (nrt_op_name (NRT_OP_MATMUL), ==, "matmul");
  g_assert_cmpstr (nrt_op_name (NRT_OP_SPARSE_CATEGORICAL_CROSSENTROPY), ==,
                   "sparse_categorical_crossentropy");
  g_assert_null (nrt_op_name (NRT_OP_NONE));
  g_assert_null (nrt_op_name (NRT_OP_COUNT));
  g_assert_cmpint (nrt_op_n_inputs (NRT_OP_BIAS_ADD), ==, 2);
  g_assert_cmpint (nrt_op_n_inputs (NRT_OP_RELU), ==, 1);
  g_assert_cmpint (nrt_op_n_inputs (NRT_OP_COUNT), ==, -1);
  g_assert_true (nrt_op_is_loss (NRT_OP_BINARY_CROSSENTROPY));
  g_assert_false (nrt_op_is_loss (NRT_OP_SOFTMAX));
  g_assert_true (nrt_op_is_loss (NRT_OP_MEAN_ABSOLUTE_ERROR));
  g_assert_true (nrt_op_is_loss (NRT_OP_HUBER));
  g_assert_cmpstr (nrt_op_name (NRT_OP_HUBER), ==, "huber");

  /* Every op in the enum has a complete table entry. */
  for (int op = NRT_OP_NONE + 1; op < NRT_OP_COUNT; op++)
    {
      g_assert_nonnull (nrt_op_name (op));
      g_assert_cmpint (nrt_op_n_inputs (op), >=, 1);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/ops/table", test_op_table);
  g_test_add_func ("/core/ops/forward-activations", test_forward_activations);
  g_test_add_func ("/core/ops/forward-sigmoid-extreme", test_forward_sigmoid_extreme);
  g_test_add_func ("/core/ops/forward-softmax", test_forward_softmax);
  g_test_add_func ("/core/ops/forward-matmul-bias-add", test_forward_matmul_bias_add);
  g_test_add_func ("/core/ops/grad-matmul", test_grad_matmul);
  g_test_add_func ("/core/ops/grad-matmul-shared", test_grad_matmul_shared);
  g_test_add_func ("/core/ops/grad-bias-add", test_grad_bias_add);
  g_test_add_func ("/core/ops/grad-linear", test_grad_linear);
  g_test_add_func ("/core/ops/grad-sigmoid", test_grad_sigmoid);
  g_test_add_func ("/core/ops/grad-tanh", test_grad_tanh);
  g_test_add_func ("/core/ops/grad-relu", test_grad_relu);
  g_test_add_func ("/core/ops/grad-softmax", test_grad_softmax);
  g_test_add_func ("/core/ops/grad-mse", test_grad_mean_squared_error);
  g_test_add_func ("/core/ops/grad-mae", test_grad_mean_absolute_error);
  g_test_add_func ("/core/ops/grad-huber", test_grad_huber);
  g_test_add_func ("/core/ops/grad-bce-logits", test_grad_bce_logits);
  g_test_add_func ("/core/ops/grad-bce-probabilities", test_grad_bce_probabilities);
  g_test_add_func ("/core/ops/grad-scce-logits", test_grad_scce_logits);
  g_test_add_func ("/core/ops/grad-scce-probabilities", test_grad_scce_probabilities);
  g_test_add_func ("/core/ops/grad-network", test_grad_network);

  return g_test_run ();
}
