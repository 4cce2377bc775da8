/* test-normalization.c: Keras's Normalization layer: the normalize op, its
 * gradient, adapt, lowering, predict and the summary row.
 */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/nrt-fit.h"
#include "core/nrt-graph.h"
#include "core/nrt-model.h"
#include "core/nrt-summary.h"
#include "gradcheck.h"

#define N_SAMPLES 4
#define N_FEATURES 3

/* A table whose third column is constant, so its variance is 0 and the
 * layer divides by the epsilon 1e-7. */
static const float table[N_SAMPLES][N_FEATURES] = {
  { 1.0f, -2.0f, 5.0f },
  { 3.0f, 0.5f, 5.0f },
  { -4.0f, 8.0f, 5.0f },
  { 6.0f, 2.5f, 5.0f },
};

/* From NumPy: x.mean(axis=0) and x.var(axis=0) (ddof=0, the population
 * variance), in float64. */
static const double table_mean[N_FEATURES] = { 1.5, 2.25, 5.0 };
static const double table_variance[N_FEATURES] = { 13.25, 13.5625, 0.0 };

/* From NumPy: (x - mean) / np.maximum(np.sqrt(var), 1e-7). */
static const double table_normalized[N_SAMPLES][N_FEATURES] = {
  { -0.13736056, -1.1540352, 0.0 },
  { 0.41208169, -0.47519096, 0.0 },
  { -1.5109662, 1.56134174, 0.0 },
  { 1.23624508, 0.06788442, 0.0 },
};

static NrtDataset *
new_table_dataset (void)
{
  NrtError err = { 0 };
  NrtDataset *data = nrt_dataset_new (N_SAMPLES, N_FEATURES, 2, &err);

  if (data == NULL)
    g_error ("nrt_dataset_new failed: %s", err.message);
  memcpy (data->x, table, sizeof table);
  for (int i = 0; i < N_SAMPLES; i++)
    data->y[i] = (float) (i % 2);
  return data;
}

/* A model whose only layer is Dense(3, linear) with an identity kernel and
 * no bias, so predict returns the normalized inputs. */
static NrtModel *
new_identity_model (void)
{
  NrtDenseConfig layer = nrt_dense_config_default (N_FEATURES);
  NrtError err = { 0 };
  NrtModel *model;
  float *kernel;

  layer.activation = NRT_ACTIVATION_LINEAR;
  layer.use_bias = 0;
  model = nrt_model_new (N_FEATURES, &layer, 1, &err);
  if (model == NULL)
    g_error ("nrt_model_new failed: %s", err.message);
  kernel = nrt_model_get_kernel (model, 0);
  for (int i = 0; i < N_FEATURES; i++)
    for (int j = 0; j < N_FEATURES; j++)
      kernel[i * N_FEATURES + j] = i == j ? 1.0f : 0.0f;
  return model;
}

/* Tolerance 1e-6: the float32 statistics of numbers of order 10 are within
 * a few ulps (about 1e-6) of NumPy's float64 values. */
static void
test_adapt_numpy (void)
{
  NrtDataset *data = new_table_dataset ();
  NrtModel *model = new_identity_model ();
  NrtError err = { 0 };
  const float *mean, *variance;

  g_assert_false (nrt_model_has_normalization (model));
  g_assert_null (nrt_model_get_normalization_mean (model));
  g_assert_cmpint (nrt_model_adapt_normalization (model, data, &err), ==, NRT_OK);
  g_assert_true (nrt_model_has_normalization (model));

  mean = nrt_model_get_normalization_mean (model);
  variance = nrt_model_get_normalization_variance (model);
  for (int j = 0; j < N_FEATURES; j++)
    {
      g_assert_cmpfloat_with_epsilon (mean[j], table_mean[j], 1e-6);
      g_assert_cmpfloat_with_epsilon (variance[j], table_variance[j], 1e-6);
    }

  /* The statistics stay out of the trainable parameters. */
  g_assert_cmpuint (nrt_model_get_n_params (model), ==, N_FEATURES * N_FEATURES);

  nrt_model_free (model);
  nrt_dataset_free (data);
}

/* Predict before and after compiling, and predict_layers, give NumPy's
 * normalized table; tolerance 1e-6 as above. */
static void
test_predict_normalized (void)
{
  NrtDataset *data = new_table_dataset ();
  NrtModel *model = new_identity_model ();
  NrtLossConfig loss = { NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 1 };
  NrtOptimizerConfig optimizer = nrt_optimizer_config_default (NRT_OPTIMIZER_SGD);
  NrtError err = { 0 };
  float outputs[N_SAMPLES * N_FEATURES];
  float *layer_outputs[1] = { outputs };
  double max_diff = 0;

  g_assert_cmpint (nrt_model_adapt_normalization (model, data, &err), ==, NRT_OK);

  for (int pass = 0; pass < 3; pass++)
    {
      if (pass == 1)
        g_assert_cmpint (nrt_model_compile (model, &loss, &optimizer, &err), ==, NRT_OK);

      memset (outputs, 0, sizeof outputs);
      if (pass < 2)
        g_assert_cmpint (nrt_model_predict (model, &table[0][0], N_SAMPLES, outputs, &err), ==,
                         NRT_OK);
      else
        g_assert_cmpint (nrt_model_predict_layers (model, &table[0][0], N_SAMPLES, layer_outputs,
                                                   &err), ==, NRT_OK);
      for (int i = 0; i < N_SAMPLES; i++)
        for (int j = 0; j < N_FEATURES; j++)
          max_diff = fmax (max_diff,
                           fabs (outputs[i * N_FEATURES + j] - table_normalized[i][j]));
      if (max_diff > 1e-6)
        g_test_message ("pass %d: max difference %g", pass, max_diff);
      g_assert_cmpfloat (max_diff, <=, 1e-6);
    }

  /* The training graph has the layer's nodes before the first matmul. */
  g_assert_cmpint (nrt_graph_find_node (nrt_model_get_graph (model), "normalization"), >=, 0);
  g_assert_cmpint (nrt_graph_find_node (nrt_model_get_graph (model), "normalization"), <,
                   nrt_graph_find_node (nrt_model_get_graph (model), "dense/matmul"));

  nrt_model_free (model);
  nrt_dataset_free (data);
}

/* Adapting after compile lowers the graph again with the new statistics. */
static void
test_adapt_after_compile (void)
{
  NrtDataset *data = new_table_dataset ();
  NrtModel *model = new_identity_model ();
  NrtLossConfig loss = { NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 1 };
  NrtOptimizerConfig optimizer = nrt_optimizer_config_default (NRT_OPTIMIZER_SGD);
  NrtError err = { 0 };
  NrtLogs logs;
  float outputs[N_SAMPLES * N_FEATURES];

  g_assert_cmpint (nrt_model_compile (model, &loss, &optimizer, &err), ==, NRT_OK);
  g_assert_cmpint (nrt_graph_find_node (nrt_model_get_graph (model), "normalization"), ==, -1);
  g_assert_cmpint (nrt_model_adapt_normalization (model, data, &err), ==, NRT_OK);
  g_assert_cmpint (nrt_graph_find_node (nrt_model_get_graph (model), "normalization"), >=, 0);

  g_assert_cmpint (nrt_model_predict (model, &table[0][0], N_SAMPLES, outputs, &err), ==, NRT_OK);
  g_assert_cmpfloat_with_epsilon (outputs[0], table_normalized[0][0], 1e-6);
  g_assert_cmpint (nrt_model_evaluate (model, data, 2, &logs, &err), ==, NRT_OK);
  g_assert_true (isfinite (logs.loss));

  nrt_model_free (model);
  nrt_dataset_free (data);
}

static void
test_adapt_rejects_bad_data (void)
{
  NrtModel *model = new_identity_model ();
  NrtError err = { 0 };
  NrtDataset *data = nrt_dataset_new (2, N_FEATURES + 1, 2, &err);

  g_assert_nonnull (data);
  g_assert_cmpint (nrt_model_adapt_normalization (model, data, &err), ==, NRT_ERROR_INVALID);
  g_assert_nonnull (strstr (err.message, "4 features"));
  g_assert_false (nrt_model_has_normalization (model));

  nrt_dataset_free (data);
  nrt_model_free (model);
}

/* Keras's summary of Sequential([Normalization(), Dense(3)]) on 3 features:
 * normalization has 2 * 3 + 1 = 7 non-trainable weights (mean, variance and
 * count), dense 9 trainable ones without a bias. */
static void
test_summary_row (void)
{
  NrtDataset *data = new_table_dataset ();
  NrtModel *model = new_identity_model ();
  NrtError err = { 0 };
  NrtSummary *summary;
  char *text;

  g_assert_cmpint (nrt_model_adapt_normalization (model, data, &err), ==, NRT_OK);
  summary = nrt_summary_new (model);
  g_assert_nonnull (summary);
  g_assert_cmpint (summary->n_rows, ==, 2);
  g_assert_cmpstr (summary->rows[0].name, ==, "normalization");
  g_assert_cmpstr (summary->rows[0].type, ==, "Normalization");
  g_assert_cmpint (summary->rows[0].output_shape[0], ==, N_FEATURES);
  g_assert_cmpuint (summary->rows[0].n_params, ==, 7);
  g_assert_cmpstr (summary->rows[1].name, ==, "dense");
  g_assert_cmpuint (summary->total_params, ==, 16);
  g_assert_cmpuint (summary->trainable_params, ==, 9);
  g_assert_cmpuint (summary->non_trainable_params, ==, 7);

  text = nrt_summary_format (summary, NULL);
  g_assert_nonnull (strstr (text, " normalization (Normalizati"));
  g_assert_nonnull (strstr (text, "Non-trainable params: 7\n"));
  free (text);

  nrt_summary_free (summary);
  nrt_model_free (model);
  nrt_dataset_free (data);
}

/* The op on hand-made constants, including a zero variance, which divides by
 * the epsilon 1e-7: (2 - 1) / 1e-7 = 1e7, checked to float32 precision. */
static void
test_op_forward_epsilon (void)
{
  NrtError err = { 0 };
  NrtGraph *graph = nrt_graph_new ();
  int n = 2, x, mean, variance, y;
  const float mean_values[2] = { 1.0f, -1.0f };
  const float variance_values[2] = { 0.0f, 4.0f };
  NrtNode *node;

  x = nrt_graph_add_input (graph, "x", 1, &n, &err);
  mean = nrt_graph_add_constant (graph, "mean", 1, &n, mean_values, &err);
  variance = nrt_graph_add_constant (graph, "variance", 1, &n, variance_values, &err);
  y = nrt_graph_add_op (graph, NRT_OP_NORMALIZE, "y", (int[]) { x, mean, variance }, 3, 0, &err);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (nrt_graph_build (graph, 1, &err), ==, NRT_OK);

  node = nrt_graph_get_node (graph, x);
  node->value->data[0] = 2.0f;
  node->value->data[1] = 3.0f;
  nrt_graph_forward (graph);
  node = nrt_graph_get_node (graph, y);
  g_assert_cmpfloat_with_epsilon (node->value->data[0], 1e7, 1.0);
  /* (3 - (-1)) / sqrt(4) = 2. */
  g_assert_cmpfloat_with_epsilon (node->value->data[1], 2.0, 1e-6);

  /* A mean of the wrong length is a shape error. */
  n = 3;
  mean = nrt_graph_add_constant (graph, "mean3", 1, &n, (float[]) { 0, 0, 0 }, &err);
  g_assert_cmpint (nrt_graph_add_op (graph, NRT_OP_NORMALIZE, "bad",
                                     (int[]) { x, mean, variance }, 3, 0, &err), ==, -1);
  g_assert_cmpint (err.status, ==, NRT_ERROR_SHAPE);

  nrt_graph_free (graph);
}

/* Finite differences through normalize into a mean squared error, with
 * gradcheck.h's tolerances; the variances lie in [0.5, 2). */
static void
test_op_gradient (void)
{
  int x_shape[2] = { 3, 4 }, stat_shape = 4;
  int x, mean, variance, y, t;
  NrtError err = { 0 };
  Case c;

  case_init (&c, 7);
  x = case_add_parameter (&c, "x", 2, x_shape, -2.0, 2.0);
  mean = case_add_constant (&c, "mean", 1, &stat_shape, -1.0, 1.0);
  variance = case_add_constant (&c, "variance", 1, &stat_shape, 0.5, 2.0);
  y = nrt_graph_add_op (c.graph, NRT_OP_NORMALIZE, "y", (int[]) { x, mean, variance }, 3, 0,
                        &err);
  g_assert_cmpint (y, >=, 0);
  t = case_add_constant (&c, "t", 2, x_shape, -1.0, 1.0);
  c.loss = case_add_op (&c, NRT_OP_MEAN_SQUARED_ERROR, "loss", y, t, 0);
  check_gradients (&c);
  case_clear (&c);
}

/* Setting the statistics that adapt computed gives the same predictions,
 * bit for bit, and invalid statistics are rejected without a change. */
static void
test_set_normalization (void)
{
  NrtDataset *data = new_table_dataset ();
  NrtModel *adapted = new_identity_model ();
  NrtModel *model = new_identity_model ();
  NrtError err = { 0 };
  float expected[N_SAMPLES * N_FEATURES], outputs[N_SAMPLES * N_FEATURES];
  const float bad_variance[N_FEATURES] = { 1.0f, -1.0f, 1.0f };

  g_assert_cmpint (nrt_model_adapt_normalization (adapted, data, &err), ==, NRT_OK);
  g_assert_cmpint (nrt_model_set_normalization (model, nrt_model_get_normalization_mean (adapted),
                                                bad_variance, &err), ==, NRT_ERROR_INVALID);
  g_assert_nonnull (strstr (err.message, "feature 1"));
  g_assert_false (nrt_model_has_normalization (model));

  g_assert_cmpint (nrt_model_set_normalization (model, nrt_model_get_normalization_mean (adapted),
                                                nrt_model_get_normalization_variance (adapted),
                                                &err), ==, NRT_OK);
  g_assert_true (nrt_model_has_normalization (model));
  g_assert_cmpint (nrt_model_predict (adapted, &table[0][0], N_SAMPLES, expected, &err), ==,
                   NRT_OK);
  g_assert_cmpint (nrt_model_predict (model, &table[0][0], N_SAMPLES, outputs, &err), ==, NRT_OK);
  g_assert_cmpmem (outputs, sizeof outputs, expected, sizeof expected);

  nrt_model_free (adapted);
  nrt_model_free (model);
  nrt_dataset_free (data);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/normalization/op-forward-epsilon", test_op_forward_epsilon);
  g_test_add_func ("/core/normalization/op-gradient", test_op_gradient);
  g_test_add_func ("/core/normalization/adapt-numpy", test_adapt_numpy);
  g_test_add_func ("/core/normalization/predict-normalized", test_predict_normalized);
  g_test_add_func ("/core/normalization/adapt-after-compile", test_adapt_after_compile);
  g_test_add_func ("/core/normalization/adapt-bad-data", test_adapt_rejects_bad_data);
  g_test_add_func ("/core/normalization/summary-row", test_summary_row);
  g_test_add_func ("/core/normalization/set-statistics", test_set_normalization);
  return g_test_run ();
}
