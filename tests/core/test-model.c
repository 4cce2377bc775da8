/* test-model.c: the model's layout, lowering, initializers and compile
 * checks.
 */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/nrt-fit.h"
#include "core/nrt-metrics.h"
#include "core/nrt-model.h"

static NrtModel *
new_model (int n_inputs, const NrtDenseConfig *layers, int n_layers)
{
  NrtError err = { 0 };
  NrtModel *model = nrt_model_new (n_inputs, layers, n_layers, &err);

  if (model == NULL)
    g_error ("nrt_model_new failed: %s", err.message);
  return model;
}

static void
compile_or_fail (NrtModel *model, NrtLossKind kind, int from_logits, NrtOptimizerKind optimizer)
{
  NrtLossConfig loss = { kind, from_logits };
  NrtOptimizerConfig config = nrt_optimizer_config_default (optimizer);
  NrtError err = { 0 };

  if (nrt_model_compile (model, &loss, &config, &err) != NRT_OK)
    g_error ("nrt_model_compile failed: %s", err.message);
}

static void
test_layout (void)
{
  NrtDenseConfig layers[3] = {
    nrt_dense_config_default (3), nrt_dense_config_default (4), nrt_dense_config_default (1),
  };
  NrtModel *model;
  float *params;

  layers[1].use_bias = 0;
  model = new_model (2, layers, 3);
  params = nrt_model_get_params (model);

  /* Keras's layout: kernel (inputs, units) then bias, layer after layer. */
  g_assert_cmpuint (nrt_model_get_n_params (model), ==, 2 * 3 + 3 + 3 * 4 + 4 * 1 + 1);
  g_assert_true (nrt_model_get_kernel (model, 0) == params);
  g_assert_true (nrt_model_get_bias (model, 0) == params + 6);
  g_assert_true (nrt_model_get_kernel (model, 1) == params + 9);
  g_assert_null (nrt_model_get_bias (model, 1));
  g_assert_true (nrt_model_get_kernel (model, 2) == params + 21);
  g_assert_true (nrt_model_get_bias (model, 2) == params + 25);
  g_assert_null (nrt_model_get_kernel (model, 3));

  g_assert_cmpint (nrt_model_get_n_inputs (model), ==, 2);
  g_assert_cmpint (nrt_model_get_n_outputs (model), ==, 1);
  g_assert_cmpint (nrt_model_get_n_layers (model), ==, 3);
  g_assert_cmpint (nrt_model_get_layer (model, 1)->units, ==, 4);
  g_assert_cmpstr (nrt_model_get_layer_name (model, 0), ==, "dense");
  g_assert_cmpstr (nrt_model_get_layer_name (model, 1), ==, "dense_1");
  g_assert_cmpstr (nrt_model_get_layer_name (model, 2), ==, "dense_2");

  /* Before compiling there is no graph, loss or optimizer. */
  g_assert_null (nrt_model_get_graph (model));
  g_assert_null (nrt_model_get_loss (model));
  g_assert_null (nrt_model_get_optimizer (model));
  g_assert_cmpint (nrt_model_get_loss_node (model), ==, -1);

  /* A layer without a bias lowers to matmul and activation only. */
  compile_or_fail (model, NRT_LOSS_MEAN_SQUARED_ERROR, 0, NRT_OPTIMIZER_SGD);
  g_assert_cmpint (nrt_graph_find_node (nrt_model_get_graph (model), "dense_1/bias"), ==, -1);
  g_assert_cmpint (nrt_graph_find_node (nrt_model_get_graph (model), "dense_1/bias_add"), ==, -1);
  g_assert_cmpint (nrt_graph_find_node (nrt_model_get_graph (model), "dense_1/linear"), >=, 0);
  nrt_model_free (model);
}

static void
test_graph_nodes (void)
{
  NrtDenseConfig layers[2] = { nrt_dense_config_default (3), nrt_dense_config_default (2) };
  const char *const expected_names[] = {
    "x", "dense/kernel", "dense/matmul", "dense/bias", "dense/bias_add", "dense/relu",
    "dense_1/kernel", "dense_1/matmul", "dense_1/bias", "dense_1/bias_add", "dense_1/linear",
    "y", "sparse_categorical_crossentropy",
  };
  NrtModel *model;
  NrtGraph *graph;
  NrtNode *node;

  layers[0].activation = NRT_ACTIVATION_RELU;
  model = new_model (2, layers, 2);
  compile_or_fail (model, NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 1, NRT_OPTIMIZER_ADAM);
  graph = nrt_model_get_graph (model);
  g_assert_nonnull (graph);

  g_assert_cmpint (nrt_graph_get_n_nodes (graph), ==, G_N_ELEMENTS (expected_names));
  for (int i = 0; i < nrt_graph_get_n_nodes (graph); i++)
    g_assert_cmpstr (nrt_graph_get_node (graph, i)->name, ==, expected_names[i]);

  /* Parameter nodes are views into the flat buffers. */
  node = nrt_graph_get_node (graph, nrt_graph_find_node (graph, "dense_1/kernel"));
  g_assert_cmpint (node->kind, ==, NRT_NODE_PARAMETER);
  g_assert_true (node->value->data == nrt_model_get_kernel (model, 1));
  g_assert_true (node->grad->data == nrt_model_get_grads (model) + 3 * 2 + 3);
  node = nrt_graph_get_node (graph, nrt_graph_find_node (graph, "dense/bias"));
  g_assert_true (node->value->data == nrt_model_get_bias (model, 0));

  node = nrt_graph_get_node (graph, nrt_model_get_output_node (model));
  g_assert_cmpstr (node->name, ==, "dense_1/linear");
  node = nrt_graph_get_node (graph, nrt_model_get_loss_node (model));
  g_assert_cmpint (node->op, ==, NRT_OP_SPARSE_CATEGORICAL_CROSSENTROPY);
  g_assert_cmpint (node->from_logits, ==, 1);
  g_assert_cmpint (nrt_model_get_loss (model)->kind, ==, NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY);
  nrt_model_free (model);
}

static void
test_glorot_limits (void)
{
  NrtDenseConfig layers[2] = { nrt_dense_config_default (50), nrt_dense_config_default (20) };
  const int fan_in[2] = { 30, 50 };
  NrtModel *model, *same, *other;
  size_t n_params;

  model = new_model (30, layers, 2);
  nrt_model_init_weights (model, 42);

  for (int layer = 0; layer < 2; layer++)
    {
      /* limit = sqrt(6 / (fan_in + fan_out)), Glorot and Bengio (2010). */
      float limit = (float) sqrt (6.0 / (fan_in[layer] + layers[layer].units));
      const float *kernel = nrt_model_get_kernel (model, layer);
      const float *bias = nrt_model_get_bias (model, layer);
      int size = fan_in[layer] * layers[layer].units;
      double max_abs = 0.0, sum = 0.0;

      for (int i = 0; i < size; i++)
        {
          max_abs = fmax (max_abs, fabsf (kernel[i]));
          sum += kernel[i];
        }
      g_assert_cmpfloat (max_abs, <=, limit);
      /* With 1,000+ draws, the largest comes within 1% of the limit and the
       * mean is near 0 (its standard deviation is limit / sqrt(3 size)). */
      g_assert_cmpfloat (max_abs, >, 0.99 * limit);
      g_assert_cmpfloat (fabs (sum / size), <, 4.0 * limit / sqrt (3.0 * size));
      for (int i = 0; i < layers[layer].units; i++)
        g_assert_cmpfloat (bias[i], ==, 0.0f);
    }

  /* The same seed gives the same weights; another seed others. */
  same = new_model (30, layers, 2);
  other = new_model (30, layers, 2);
  nrt_model_init_weights (same, 42);
  nrt_model_init_weights (other, 43);
  n_params = nrt_model_get_n_params (model);
  g_assert_cmpmem (nrt_model_get_params (model), n_params * sizeof (float),
                   nrt_model_get_params (same), n_params * sizeof (float));
  g_assert_true (memcmp (nrt_model_get_params (model), nrt_model_get_params (other),
                         n_params * sizeof (float)) != 0);
  nrt_model_free (model);
  nrt_model_free (same);
  nrt_model_free (other);
}

static void
test_zeros_initializer (void)
{
  NrtDenseConfig layer = nrt_dense_config_default (3);
  NrtModel *model;

  layer.kernel_initializer = NRT_INITIALIZER_ZEROS;
  model = new_model (4, &layer, 1);
  nrt_model_init_weights (model, 7);
  for (size_t i = 0; i < nrt_model_get_n_params (model); i++)
    g_assert_cmpfloat (nrt_model_get_params (model)[i], ==, 0.0f);
  nrt_model_free (model);
}

static void
test_invalid_layers (void)
{
  NrtDenseConfig layer = nrt_dense_config_default (2);
  NrtDenseConfig bad_units = nrt_dense_config_default (0);
  NrtDenseConfig bad_activation = nrt_dense_config_default (2);
  NrtError err = { 0 };

  bad_activation.activation = NRT_ACTIVATION_COUNT;
  g_assert_null (nrt_model_new (0, &layer, 1, &err));
  g_assert_cmpint (err.status, ==, NRT_ERROR_INVALID);
  g_assert_nonnull (strstr (err.message, "inputs"));
  g_assert_null (nrt_model_new (2, &layer, 0, &err));
  g_assert_nonnull (strstr (err.message, "layer"));
  g_assert_null (nrt_model_new (2, &bad_units, 1, &err));
  g_assert_nonnull (strstr (err.message, "units 0"));
  g_assert_null (nrt_model_new (2, &bad_activation, 1, &err));
  g_assert_nonnull (strstr (err.message, "activation"));
}

typedef struct {
  int units;
  NrtActivation activation;
  NrtLossKind loss;
  int from_logits;
  const char *expected;   /* a phrase of the error message */
} CompileCase;

static void
test_compile_errors (void)
{
  const CompileCase cases[] = {
    { 1, NRT_ACTIVATION_SOFTMAX, NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 0, "at least 2" },
    { 1, NRT_ACTIVATION_SIGMOID, NRT_LOSS_BINARY_CROSSENTROPY, 1, "outputs probabilities" },
    { 1, NRT_ACTIVATION_SOFTMAX, NRT_LOSS_BINARY_CROSSENTROPY, 1, "outputs probabilities" },
    { 1, NRT_ACTIVATION_LINEAR, NRT_LOSS_BINARY_CROSSENTROPY, 0, "use sigmoid" },
    { 3, NRT_ACTIVATION_SOFTMAX, NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 1, "outputs probabilities" },
    { 3, NRT_ACTIVATION_RELU, NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 0, "use softmax" },
    { 1, NRT_ACTIVATION_LINEAR, NRT_LOSS_COUNT, 0, "unknown loss" },
  };
  NrtOptimizerConfig optimizer = nrt_optimizer_config_default (NRT_OPTIMIZER_SGD);

  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      NrtDenseConfig layer = nrt_dense_config_default (cases[i].units);
      NrtLossConfig loss = { cases[i].loss, cases[i].from_logits };
      NrtError err = { 0 };
      NrtModel *model;

      layer.activation = cases[i].activation;
      model = new_model (2, &layer, 1);
      g_test_message ("case %zu: %s", i, cases[i].expected);
      g_assert_cmpint (nrt_model_compile (model, &loss, &optimizer, &err), ==, NRT_ERROR_INVALID);
      g_assert_nonnull (strstr (err.message, cases[i].expected));
      g_assert_null (nrt_model_get_graph (model));
      nrt_model_free (model);
    }
}

/* Losses that take one target per unit accept any number of units, and
 * size the target input "y" to match. */
static void
test_compile_multi_output (void)
{
  const struct {
    NrtActivation activation;
    NrtLossKind loss;
    int from_logits;
  } cases[] = {
    { NRT_ACTIVATION_SIGMOID, NRT_LOSS_BINARY_CROSSENTROPY, 0 },
    { NRT_ACTIVATION_LINEAR, NRT_LOSS_BINARY_CROSSENTROPY, 1 },
    { NRT_ACTIVATION_LINEAR, NRT_LOSS_MEAN_SQUARED_ERROR, 0 },
    { NRT_ACTIVATION_LINEAR, NRT_LOSS_MEAN_ABSOLUTE_ERROR, 0 },
    { NRT_ACTIVATION_RELU, NRT_LOSS_HUBER, 0 },
  };

  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      NrtDenseConfig layer = nrt_dense_config_default (3);
      NrtGraph *graph;
      NrtModel *model;
      int target;

      layer.activation = cases[i].activation;
      model = new_model (2, &layer, 1);
      g_test_message ("case %zu: %s", i, nrt_loss_name (cases[i].loss));
      compile_or_fail (model, cases[i].loss, cases[i].from_logits, NRT_OPTIMIZER_SGD);
      graph = nrt_model_get_graph (model);
      target = nrt_graph_find_node (graph, "y");
      g_assert_cmpint (target, >=, 0);
      g_assert_cmpint (nrt_graph_get_node (graph, target)->value->ndim, ==, 2);
      g_assert_cmpint (nrt_graph_get_node (graph, target)->value->shape[1], ==, 3);
      g_assert_cmpint (nrt_model_get_loss (model)->from_logits, ==, cases[i].from_logits);
      nrt_model_free (model);
    }
}

static void
test_compile_invalid_optimizer (void)
{
  NrtDenseConfig layer = nrt_dense_config_default (1);
  NrtLossConfig loss = { NRT_LOSS_MEAN_SQUARED_ERROR, 0 };
  NrtOptimizerConfig optimizer = nrt_optimizer_config_default (NRT_OPTIMIZER_SGD);
  NrtError err = { 0 };
  NrtModel *model = new_model (2, &layer, 1);

  /* A failed compile keeps the previous compilation. */
  compile_or_fail (model, NRT_LOSS_MEAN_SQUARED_ERROR, 0, NRT_OPTIMIZER_ADAM);
  optimizer.learning_rate = 0.0f;
  g_assert_cmpint (nrt_model_compile (model, &loss, &optimizer, &err), ==, NRT_ERROR_INVALID);
  g_assert_nonnull (strstr (err.message, "learning rate"));
  g_assert_nonnull (nrt_model_get_graph (model));
  g_assert_cmpint (nrt_optimizer_get_config (nrt_model_get_optimizer (model))->kind, ==,
                   NRT_OPTIMIZER_ADAM);
  nrt_model_free (model);
}

static void
test_recompile_keeps_weights (void)
{
  NrtDenseConfig layer = nrt_dense_config_default (1);
  NrtModel *model = new_model (3, &layer, 1);
  float before[4];
  float grads[4] = { 1.0f, 1.0f, 1.0f, 1.0f };

  compile_or_fail (model, NRT_LOSS_MEAN_SQUARED_ERROR, 0, NRT_OPTIMIZER_ADAM);
  nrt_optimizer_step (nrt_model_get_optimizer (model), nrt_model_get_params (model), grads);
  memcpy (before, nrt_model_get_params (model), sizeof before);
  compile_or_fail (model, NRT_LOSS_MEAN_SQUARED_ERROR, 0, NRT_OPTIMIZER_SGD);
  g_assert_cmpmem (before, sizeof before, nrt_model_get_params (model), sizeof before);
  g_assert_cmpint (nrt_optimizer_get_iterations (nrt_model_get_optimizer (model)), ==, 0);
  nrt_model_free (model);
}

static void
test_predict (void)
{
  NrtDenseConfig layers[2] = { nrt_dense_config_default (2), nrt_dense_config_default (1) };
  /* 40 samples need two chunks of the graph's default 32. */
  enum { N = 40 };
  float x[N * 2], before[N], after[N];
  NrtError err = { 0 };
  NrtModel *model;
  /* kernel0 (2, 2), bias0 (2), kernel1 (2, 1), bias1 (1). */
  const float weights[] = { 1.0f, -1.0f, 2.0f, 0.5f, 0.1f, -0.2f, 3.0f, -2.0f, 0.25f };
  float *params;
  double max_diff = 0.0;

  layers[0].activation = NRT_ACTIVATION_RELU;
  model = new_model (2, layers, 2);
  params = nrt_model_get_params (model);
  memcpy (params, weights, sizeof weights);
  for (int i = 0; i < N * 2; i++)
    x[i] = (float) (i % 7) - 3.0f + 0.5f * (float) (i % 3);

  /* Before compiling, predict lowers an inference graph. */
  g_assert_cmpint (nrt_model_predict (model, x, N, before, &err), ==, NRT_OK);
  for (int i = 0; i < N; i++)
    {
      /* By hand: relu(x W0 + b0) W1 + b1. */
      double h0 = fmax (0.0, x[2 * i] * 1.0 + x[2 * i + 1] * 2.0 + 0.1);
      double h1 = fmax (0.0, x[2 * i] * -1.0 + x[2 * i + 1] * 0.5 - 0.2);
      double expected = h0 * 3.0 + h1 * -2.0 + 0.25;

      max_diff = fmax (max_diff, fabs (before[i] - expected));
    }
  g_assert_cmpfloat (max_diff, <=, 1e-5);

  /* After compiling, the training graph gives the same outputs. */
  compile_or_fail (model, NRT_LOSS_MEAN_SQUARED_ERROR, 0, NRT_OPTIMIZER_SGD);
  g_assert_cmpint (nrt_model_predict (model, x, N, after, &err), ==, NRT_OK);
  g_assert_cmpmem (before, sizeof before, after, sizeof after);

  g_assert_cmpint (nrt_model_predict (model, x, 0, after, &err), ==, NRT_OK);
  g_assert_cmpint (nrt_model_predict (model, x, -1, after, &err), ==, NRT_ERROR_INVALID);
  g_assert_cmpint (nrt_model_predict (model, NULL, 2, after, &err), ==, NRT_ERROR_INVALID);
  nrt_model_free (model);
}

static void
test_accuracy_metric (void)
{
  const NrtLossConfig bce = { NRT_LOSS_BINARY_CROSSENTROPY, 0 };
  const NrtLossConfig bce_logits = { NRT_LOSS_BINARY_CROSSENTROPY, 1 };
  const NrtLossConfig scce = { NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 0 };
  const float probabilities[] = { 0.7f, 0.4f, 0.5f };
  const float logits[] = { 0.3f, -0.1f, 0.0f };
  const float binary_targets[] = { 1.0f, 0.0f, 1.0f };
  const float scores[] = { 0.1f, 0.7f, 0.2f, 0.5f, 0.5f, 0.0f, 0.2f, 0.3f, 0.5f };
  const float class_targets[] = { 1.0f, 0.0f, 1.0f };
  /* Two labels per sample: (0.9, 0.2) against (1, 1) has one unit right,
   * (0.1, 0.8) against (0, 1) both, and (0.6, 0.6) against (0, 0) none. */
  const float multi_outputs[] = { 0.9f, 0.2f, 0.1f, 0.8f, 0.6f, 0.6f };
  const float multi_targets[] = { 1.0f, 1.0f, 0.0f, 1.0f, 0.0f, 0.0f };

  /* By hand: an output equal to the threshold counts as class 0, so the
   * third sample is wrong on both scales. */
  g_assert_cmpfloat (nrt_metrics_sum_accuracy (&bce, probabilities, binary_targets, 3, 1), ==,
                     2.0);
  g_assert_cmpfloat (nrt_metrics_sum_accuracy (&bce_logits, logits, binary_targets, 3, 1), ==,
                     2.0);
  /* Read as probabilities, the logit 0.3 falls below 0.5 and counts as class 0. */
  g_assert_cmpfloat (nrt_metrics_sum_accuracy (&bce, logits, binary_targets, 3, 1), ==, 1.0);
  /* Argmax picks the first of a tie, as NumPy's does. */
  g_assert_cmpfloat (nrt_metrics_sum_accuracy (&scce, scores, class_targets, 3, 3), ==, 2.0);
  g_assert_cmpfloat (nrt_metrics_sum_accuracy (&scce, scores, class_targets, 0, 3), ==, 0.0);
  /* Keras's binary_accuracy averages the units: 1/2 + 1 + 0. */
  g_assert_cmpfloat (nrt_metrics_sum_accuracy (&bce, multi_outputs, multi_targets, 3, 2), ==,
                     1.5);

  g_assert_cmpint (nrt_metrics_predict_class (probabilities, 1, 0), ==, 1);
  g_assert_cmpint (nrt_metrics_predict_class (probabilities + 2, 1, 0), ==, 0);
  g_assert_cmpint (nrt_metrics_predict_class (logits, 1, 1), ==, 1);
  g_assert_cmpint (nrt_metrics_predict_class (logits + 2, 1, 1), ==, 0);
  g_assert_cmpint (nrt_metrics_predict_class (scores, 3, 0), ==, 1);
  g_assert_cmpint (nrt_metrics_predict_class (scores + 3, 3, 0), ==, 0);
}

static void
log_cb (NrtLogLevel level, const char *message, void *user_data)
{
  int *n_messages = user_data;

  (*n_messages)++;
}

static void
test_log_func (void)
{
  NrtDenseConfig layer = nrt_dense_config_default (1);
  NrtModel *model = new_model (2, &layer, 1);
  int n_messages = 0;

  nrt_model_set_log_func (model, log_cb, &n_messages);
  compile_or_fail (model, NRT_LOSS_MEAN_SQUARED_ERROR, 0, NRT_OPTIMIZER_SGD);
  g_assert_cmpint (n_messages, >=, 1);
  nrt_model_free (model);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/model/layout", test_layout);
  g_test_add_func ("/core/model/graph-nodes", test_graph_nodes);
  g_test_add_func ("/core/model/glorot-limits", test_glorot_limits);
  g_test_add_func ("/core/model/zeros-initializer", test_zeros_initializer);
  g_test_add_func ("/core/model/invalid-layers", test_invalid_layers);
  g_test_add_func ("/core/model/compile-errors", test_compile_errors);
  g_test_add_func ("/core/model/compile-multi-output", test_compile_multi_output);
  g_test_add_func ("/core/model/compile-invalid-optimizer", test_compile_invalid_optimizer);
  g_test_add_func ("/core/model/recompile-keeps-weights", test_recompile_keeps_weights);
  g_test_add_func ("/core/model/predict", test_predict);
  g_test_add_func ("/core/model/accuracy-metric", test_accuracy_metric);
  g_test_add_func ("/core/model/log-func", test_log_func);
  return g_test_run ();
}
