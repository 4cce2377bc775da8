/* test-losses.c: loss values against Keras's documented examples, stability
 * at extreme inputs, and the loss and layer name tables.
 *
 * Keras examples are checked to 1e-3, the precision the documentation
 * prints. Other golden values come from PyTorch 1.13 in float64
 * (torch.nn.functional.binary_cross_entropy_with_logits, cross_entropy,
 * l1_loss and huber_loss) or NumPy, as noted at each test.
 */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/nrt-graph.h"
#include "core/nrt-layer.h"
#include "core/nrt-loss.h"

#define KERAS_TOL 1e-3
#define VALUE_TOL 1e-5

/* Evaluates loss op on pred (rows, cols) and target (rows, target_cols).
 * Writes d(loss)/d(pred) into grad when it is not NULL. */
static float
eval_loss (NrtOpId op, int from_logits, int rows, int cols, const float *pred,
           int target_cols, const float *target, float *grad)
{
  const int pred_shape[2] = { rows, cols }, target_shape[2] = { rows, target_cols };
  NrtError err = { 0 };
  NrtGraph *graph = nrt_graph_new ();
  float *pred_copy = g_memdup2 (pred, (size_t) rows * cols * sizeof (float));
  float *grad_buffer = g_new0 (float, (size_t) rows * cols);
  int inputs[2], loss;
  float value;

  inputs[0] = nrt_graph_add_parameter (graph, "pred", 2, pred_shape, pred_copy, grad_buffer, &err);
  inputs[1] = nrt_graph_add_constant (graph, "target", 2, target_shape, target, &err);
  loss = nrt_graph_add_op (graph, op, "loss", inputs, 2, from_logits, &err);
  if (loss < 0)
    g_error ("adding loss: %s", err.message);
  g_assert_cmpint (nrt_graph_build (graph, 1, &err), ==, NRT_OK);

  nrt_graph_forward (graph);
  value = nrt_graph_get_node (graph, loss)->value->data[0];
  nrt_graph_backward (graph, loss);
  if (grad != NULL)
    memcpy (grad, grad_buffer, (size_t) rows * cols * sizeof (float));

  nrt_graph_free (graph);
  g_free (pred_copy);
  g_free (grad_buffer);
  return value;
}

static void
assert_close (double actual, double expected, double tolerance)
{
  if (!(fabs (actual - expected) <= tolerance))
    g_test_fail_printf ("got %.9g, expected %.9g: difference %.3g > %.3g",
                        actual, expected, fabs (actual - expected), tolerance);
}

static void
assert_all_finite (const float *values, int n)
{
  for (int i = 0; i < n; i++)
    if (!isfinite (values[i]))
      g_test_fail_printf ("value %d is %g, not finite", i, values[i]);
}

/* Keras BinaryCrossentropy(from_logits=True) example: y_true [0, 1, 0, 0],
 * y_pred [-18.6, 0.51, 2.94, -12.8] gives 0.865, taken here as 4 samples of
 * one unit. PyTorch in float64 gives 0.8654579. */
static void
test_bce_from_logits_keras (void)
{
  const float y[4] = { 0, 1, 0, 0 };
  const float z[4] = { -18.6f, 0.51f, 2.94f, -12.8f };

  assert_close (eval_loss (NRT_OP_BINARY_CROSSENTROPY, 1, 4, 1, z, 1, y, NULL),
                0.8654, KERAS_TOL);
  assert_close (eval_loss (NRT_OP_BINARY_CROSSENTROPY, 1, 4, 1, z, 1, y, NULL),
                0.8654579497810972, VALUE_TOL);
}

/* Keras SparseCategoricalCrossentropy example: labels [1, 2], probabilities
 * [[0.05, 0.95, 0], [0.1, 0.8, 0.1]] give 1.177 (-(log 0.95 + log 0.1) / 2). */
static void
test_scce_keras (void)
{
  const float labels[2] = { 1, 2 };
  const float p[6] = { 0.05f, 0.95f, 0.0f, 0.1f, 0.8f, 0.1f };

  assert_close (eval_loss (NRT_OP_SPARSE_CATEGORICAL_CROSSENTROPY, 0, 2, 3, p, 1, labels, NULL),
                1.177, KERAS_TOL);
  assert_close (eval_loss (NRT_OP_SPARSE_CATEGORICAL_CROSSENTROPY, 0, 2, 3, p, 1, labels, NULL),
                1.176939193690798, VALUE_TOL);
}

/* Keras mean_squared_error example: y [1, 0, 1], p [0.9, 0.1, 0.8] gives
 * (0.01 + 0.01 + 0.04) / 3 = 0.02, whether the three values are one sample
 * of three units or three samples of one unit. */
static void
test_mse_keras (void)
{
  const float y[3] = { 1, 0, 1 };
  const float p[3] = { 0.9f, 0.1f, 0.8f };

  assert_close (eval_loss (NRT_OP_MEAN_SQUARED_ERROR, 0, 1, 3, p, 3, y, NULL), 0.02, KERAS_TOL);
  assert_close (eval_loss (NRT_OP_MEAN_SQUARED_ERROR, 0, 3, 1, p, 1, y, NULL), 0.02, KERAS_TOL);
  assert_close (eval_loss (NRT_OP_MEAN_SQUARED_ERROR, 0, 1, 3, p, 3, y, NULL), 0.02, VALUE_TOL);
}

/* Keras's documented examples. MeanAbsoluteError of y [[0, 1], [0, 0]] and
 * p [[1, 1], [1, 0]] is 0.5. Huber of the same y and p [[0.6, 0.4],
 * [0.4, 0.6]] is 0.155, and of y [0, 1, 1] and p [1, 0, 1] it is 0.333. */
static void
test_mae_huber_keras (void)
{
  const float y[4] = { 0, 1, 0, 0 };
  const float mae_p[4] = { 1, 1, 1, 0 };
  const float huber_p[4] = { 0.6f, 0.4f, 0.4f, 0.6f };
  const float y3[3] = { 0, 1, 1 };
  const float p3[3] = { 1, 0, 1 };

  assert_close (eval_loss (NRT_OP_MEAN_ABSOLUTE_ERROR, 0, 2, 2, mae_p, 2, y, NULL), 0.5,
                KERAS_TOL);
  assert_close (eval_loss (NRT_OP_HUBER, 0, 2, 2, huber_p, 2, y, NULL), 0.155, KERAS_TOL);
  assert_close (eval_loss (NRT_OP_HUBER, 0, 1, 3, p3, 3, y3, NULL), 0.333, KERAS_TOL);
}

/* Values and gradients on both sides of Huber's delta, from PyTorch 1.13 in
 * float64:
 *   p = [[0.5, -2, 3], [1.25, 0, -0.75]], t = [[1, 0.5, 0], [1, 0, 1.5]]
 *   torch.nn.functional.l1_loss(p, t) = 1.4166666666666667, gradient
 *   [-1, -1, 1, 1, 0, -1] / 6 (PyTorch's subgradient at p == t is 0);
 *   torch.nn.functional.huber_loss(p, t, delta=1.0) = 1.0677083333333333,
 *   gradient [-0.5, -1, 1, 0.25, 0, -1] / 6. */
static void
test_mae_huber_torch (void)
{
  const float p[6] = { 0.5f, -2.0f, 3.0f, 1.25f, 0.0f, -0.75f };
  const float t[6] = { 1.0f, 0.5f, 0.0f, 1.0f, 0.0f, 1.5f };
  const double mae_grad[6] = { -1, -1, 1, 1, 0, -1 };
  const double huber_grad[6] = { -0.5, -1, 1, 0.25, 0, -1 };
  float grad[6];

  assert_close (eval_loss (NRT_OP_MEAN_ABSOLUTE_ERROR, 0, 2, 3, p, 3, t, grad),
                1.4166666666666667, VALUE_TOL);
  for (int i = 0; i < 6; i++)
    assert_close (grad[i], mae_grad[i] / 6, VALUE_TOL);

  assert_close (eval_loss (NRT_OP_HUBER, 0, 2, 3, p, 3, t, grad), 1.0677083333333333, VALUE_TOL);
  for (int i = 0; i < 6; i++)
    assert_close (grad[i], huber_grad[i] / 6, VALUE_TOL);
}

/* Logits of ±100 overflow exp in float32 unless the stable forms are used.
 * Exact values: softplus(100) = 100 to float precision, and the correctly
 * classified cases are below 1e-40. */
static void
test_bce_extreme_logits (void)
{
  const float z[2] = { 100.0f, -100.0f };
  const float wrong[2] = { 0, 1 }, right[2] = { 1, 0 };
  float grad[2];

  assert_close (eval_loss (NRT_OP_BINARY_CROSSENTROPY, 1, 2, 1, z, 1, wrong, grad), 100.0, VALUE_TOL);
  assert_all_finite (grad, 2);
  /* d/dz = (sigmoid(z) - y) / 2 = +0.5 and -0.5 */
  assert_close (grad[0], 0.5, VALUE_TOL);
  assert_close (grad[1], -0.5, VALUE_TOL);

  assert_close (eval_loss (NRT_OP_BINARY_CROSSENTROPY, 1, 2, 1, z, 1, right, grad), 0.0, VALUE_TOL);
  assert_all_finite (grad, 2);
}

/* Cross-entropy of logits [100, -100, 0] is 200 for label 1 (PyTorch) and
 * about 0 for label 0. */
static void
test_scce_extreme_logits (void)
{
  const float z[6] = { 100.0f, -100.0f, 0.0f, 100.0f, -100.0f, 0.0f };
  const float labels[2] = { 1, 0 };
  float grad[6];

  assert_close (eval_loss (NRT_OP_SPARSE_CATEGORICAL_CROSSENTROPY, 1, 2, 3, z, 1, labels, grad),
                100.0, VALUE_TOL);
  assert_all_finite (grad, 6);
  /* Row 0: (softmax - onehot(1)) / 2 = (1, -1, 0) / 2 */
  assert_close (grad[0], 0.5, VALUE_TOL);
  assert_close (grad[1], -0.5, VALUE_TOL);
}

/* Probabilities of exactly 0 and 1 are clipped to [1e-7, 1 - 1e-7] in
 * float32: -log(1e-7) = 16.1180956 and -log(1 - 0.99999988) = 15.9423852
 * (NumPy), and the gradient is 0 outside the clip range. */
static void
test_bce_clipped_probabilities (void)
{
  const float p[2] = { 0.0f, 1.0f };
  const float y[2] = { 1, 0 };
  float grad[2];

  assert_close (eval_loss (NRT_OP_BINARY_CROSSENTROPY, 0, 2, 1, p, 1, y, grad),
                16.030240396075484, VALUE_TOL);
  g_assert_cmpfloat (grad[0], ==, 0.0f);
  g_assert_cmpfloat (grad[1], ==, 0.0f);
}

/* A zero probability for the true class costs -log(1e-7) = 16.118, not inf. */
static void
test_scce_zero_probability (void)
{
  const float p[3] = { 1.0f, 0.0f, 0.0f };
  const float labels[1] = { 1 };
  float grad[3];

  assert_close (eval_loss (NRT_OP_SPARSE_CATEGORICAL_CROSSENTROPY, 0, 1, 3, p, 1, labels, grad),
                16.118095639272223, VALUE_TOL);
  assert_all_finite (grad, 3);
}

/* The op clamps a class index outside [0, k) instead of reading outside the
 * row: 7 counts as class 2, -1 and NaN as class 0. */
static void
test_scce_label_out_of_range (void)
{
  const float z[9] = { 1, 2, 3, 1, 2, 3, 1, 2, 3 };
  const float bad[3] = { 7.0f, -1.0f, NAN };
  const float clamped[3] = { 2.0f, 0.0f, 0.0f };
  float grad[9];

  assert_close (eval_loss (NRT_OP_SPARSE_CATEGORICAL_CROSSENTROPY, 1, 3, 3, z, 1, bad, grad),
                eval_loss (NRT_OP_SPARSE_CATEGORICAL_CROSSENTROPY, 1, 3, 3, z, 1, clamped, NULL),
                0.0);
  assert_all_finite (grad, 9);
}

static void
test_check_targets (void)
{
  const NrtLossConfig scce = { NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 0 };
  const NrtLossConfig mse = { NRT_LOSS_MEAN_SQUARED_ERROR, 0 };
  const NrtLossConfig mae = { NRT_LOSS_MEAN_ABSOLUTE_ERROR, 0 };
  const NrtLossConfig huber = { NRT_LOSS_HUBER, 0 };
  const float good[3] = { 0, 2, 1 };
  const float too_large[3] = { 0, 3, 1 };
  const float fractional[2] = { 0.5f, 1 };
  const float missing[2] = { 1, NAN };
  NrtError err = { 0 };

  g_assert_cmpint (nrt_loss_check_targets (&scce, 3, good, 3, &err), ==, NRT_OK);
  g_assert_cmpint (nrt_loss_check_targets (&scce, 3, too_large, 3, &err), ==, NRT_ERROR_INVALID);
  g_assert_nonnull (strstr (err.message, "sample 1"));
  g_assert_nonnull (strstr (err.message, "from 0 to 2"));
  g_assert_cmpint (nrt_loss_check_targets (&scce, 3, fractional, 2, &err), ==, NRT_ERROR_INVALID);
  g_assert_cmpint (nrt_loss_check_targets (&mse, 1, good, 3, &err), ==, NRT_OK);
  g_assert_cmpint (nrt_loss_check_targets (&mse, 1, missing, 2, &err), ==, NRT_ERROR_INVALID);
  g_assert_nonnull (strstr (err.message, "sample 1"));

  /* Two outputs per sample: the NaN is the second value of sample 0. */
  g_assert_cmpint (nrt_loss_check_targets (&mae, 2, missing, 1, &err), ==, NRT_ERROR_INVALID);
  g_assert_nonnull (strstr (err.message, "sample 0"));
  g_assert_cmpint (nrt_loss_check_targets (&huber, 1, missing, 2, &err), ==, NRT_ERROR_INVALID);
  g_assert_cmpint (nrt_loss_check_targets (&huber, 3, good, 1, &err), ==, NRT_OK);
}

static void
test_loss_names (void)
{
  g_assert_cmpstr (nrt_loss_name (NRT_LOSS_MEAN_SQUARED_ERROR), ==, "mean_squared_error");
  g_assert_cmpstr (nrt_loss_name (NRT_LOSS_BINARY_CROSSENTROPY), ==, "binary_crossentropy");
  g_assert_cmpstr (nrt_loss_name (NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY), ==,
                   "sparse_categorical_crossentropy");
  g_assert_cmpstr (nrt_loss_name (NRT_LOSS_MEAN_ABSOLUTE_ERROR), ==, "mean_absolute_error");
  g_assert_cmpstr (nrt_loss_name (NRT_LOSS_HUBER), ==, "huber");
  g_assert_null (nrt_loss_name (NRT_LOSS_COUNT));

  g_assert_cmpint (nrt_loss_from_name ("mse"), ==, NRT_LOSS_MEAN_SQUARED_ERROR);
  g_assert_cmpint (nrt_loss_from_name ("mean_squared_error"), ==, NRT_LOSS_MEAN_SQUARED_ERROR);
  g_assert_cmpint (nrt_loss_from_name ("sparse_categorical_crossentropy"), ==,
                   NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY);
  g_assert_cmpint (nrt_loss_from_name ("mae"), ==, NRT_LOSS_MEAN_ABSOLUTE_ERROR);
  g_assert_cmpint (nrt_loss_from_name ("hinge"), ==, -1);
  g_assert_cmpint (nrt_loss_from_name (NULL), ==, -1);

  for (int kind = 0; kind < NRT_LOSS_COUNT; kind++)
    {
      g_assert_cmpint (nrt_loss_from_name (nrt_loss_name (kind)), ==, kind);
      g_assert_true (nrt_op_is_loss (nrt_loss_op (kind)));
      g_assert_cmpstr (nrt_op_name (nrt_loss_op (kind)), ==, nrt_loss_name (kind));
    }

  g_assert_true (nrt_loss_is_crossentropy (NRT_LOSS_BINARY_CROSSENTROPY));
  g_assert_true (nrt_loss_is_crossentropy (NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY));
  g_assert_false (nrt_loss_is_crossentropy (NRT_LOSS_MEAN_SQUARED_ERROR));
  g_assert_false (nrt_loss_is_crossentropy (NRT_LOSS_MEAN_ABSOLUTE_ERROR));
  g_assert_false (nrt_loss_is_crossentropy (NRT_LOSS_HUBER));
}

static void
test_layer_names (void)
{
  NrtDenseConfig config = nrt_dense_config_default (8);

  g_assert_cmpint (config.units, ==, 8);
  g_assert_cmpint (config.activation, ==, NRT_ACTIVATION_LINEAR);
  g_assert_true (config.use_bias);
  g_assert_cmpint (config.kernel_initializer, ==, NRT_INITIALIZER_GLOROT_UNIFORM);

  for (int a = 0; a < NRT_ACTIVATION_COUNT; a++)
    g_assert_cmpint (nrt_activation_from_name (nrt_activation_name (a)), ==, a);
  for (int i = 0; i < NRT_INITIALIZER_COUNT; i++)
    g_assert_cmpint (nrt_initializer_from_name (nrt_initializer_name (i)), ==, i);
  g_assert_cmpstr (nrt_activation_name (NRT_ACTIVATION_RELU), ==, "relu");
  g_assert_cmpstr (nrt_initializer_name (NRT_INITIALIZER_GLOROT_UNIFORM), ==, "glorot_uniform");
  g_assert_cmpint (nrt_activation_from_name ("swish"), ==, -1);
  g_assert_cmpint (nrt_initializer_from_name ("he_normal"), ==, -1);
  g_assert_null (nrt_activation_name (NRT_ACTIVATION_COUNT));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/loss/bce-from-logits-keras", test_bce_from_logits_keras);
  g_test_add_func ("/core/loss/scce-keras", test_scce_keras);
  g_test_add_func ("/core/loss/mse-keras", test_mse_keras);
  g_test_add_func ("/core/loss/mae-huber-keras", test_mae_huber_keras);
  g_test_add_func ("/core/loss/mae-huber-torch", test_mae_huber_torch);
  g_test_add_func ("/core/loss/bce-extreme-logits", test_bce_extreme_logits);
  g_test_add_func ("/core/loss/scce-extreme-logits", test_scce_extreme_logits);
  g_test_add_func ("/core/loss/bce-clipped-probabilities", test_bce_clipped_probabilities);
  g_test_add_func ("/core/loss/scce-zero-probability", test_scce_zero_probability);
  g_test_add_func ("/core/loss/scce-label-out-of-range", test_scce_label_out_of_range);
  g_test_add_func ("/core/loss/check-targets", test_check_targets);
  g_test_add_func ("/core/loss/names", test_loss_names);
  g_test_add_func ("/core/layer/names", test_layer_names);

  return g_test_run ();
}
