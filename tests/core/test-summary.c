/* test-summary.c: the Keras-style model summary, its agreement with the
 * computation graph, and every layer's activations from
 * nrt_model_predict_layers.
 */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/nrt-fit.h"
#include "core/nrt-model.h"
#include "core/nrt-rng.h"
#include "core/nrt-summary.h"
#include "alloc-count.h"

/* float32 matrix products and activations against a float64 reference, on
 * values of order 1 with at most 5 terms per sum, differ by rounding of a
 * few units of 6e-8, far below this. */
#define REFERENCE_TOL 1e-5

static NrtModel *
new_model (int n_inputs, const int *units, const NrtActivation *activations, int n_layers)
{
  NrtDenseConfig layers[8];
  NrtError err = { 0 };
  NrtModel *model;

  g_assert_cmpint (n_layers, <=, (int) G_N_ELEMENTS (layers));
  for (int i = 0; i < n_layers; i++)
    {
      layers[i] = nrt_dense_config_default (units[i]);
      if (activations != NULL)
        layers[i].activation = activations[i];
    }
  model = nrt_model_new (n_inputs, layers, n_layers, &err);
  if (model == NULL)
    g_error ("nrt_model_new failed: %s", err.message);
  return model;
}

static void
compile_or_fail (NrtModel *model, NrtLossKind kind, int from_logits)
{
  NrtLossConfig loss = { kind, from_logits };
  NrtOptimizerConfig optimizer = nrt_optimizer_config_default (NRT_OPTIMIZER_ADAM);
  NrtError err = { 0 };

  if (nrt_model_compile (model, &loss, &optimizer, &err) != NRT_OK)
    g_error ("nrt_model_compile failed: %s", err.message);
}

static void
test_summary_rows (void)
{
  const int units[3] = { 25, 15, 4 };
  /* Keras counts inputs * units + units per Dense layer:
   * 2 * 25 + 25 = 75, 25 * 15 + 15 = 390, 15 * 4 + 4 = 64. */
  const size_t expected_params[3] = { 75, 390, 64 };
  const char *const expected_names[3] = { "dense", "dense_1", "dense_2" };
  NrtModel *model = new_model (2, units, NULL, 3);
  NrtSummary *summary = nrt_summary_new (model);

  g_assert_nonnull (summary);
  g_assert_cmpint (summary->n_rows, ==, 3);
  for (int i = 0; i < 3; i++)
    {
      const NrtSummaryRow *row = &summary->rows[i];

      g_assert_cmpstr (row->name, ==, expected_names[i]);
      g_assert_cmpstr (row->type, ==, "Dense");
      g_assert_cmpint (row->n_dims, ==, 1);
      g_assert_cmpint (row->output_shape[0], ==, units[i]);
      g_assert_cmpuint (row->n_params, ==, expected_params[i]);
    }
  g_assert_cmpuint (summary->total_params, ==, 529);
  g_assert_cmpuint (summary->trainable_params, ==, 529);
  g_assert_cmpuint (summary->non_trainable_params, ==, 0);
  g_assert_cmpuint (summary->total_params, ==, nrt_model_get_n_params (model));

  nrt_summary_free (summary);
  nrt_model_free (model);
}

static void
test_summary_without_bias (void)
{
  NrtDenseConfig layers[2] = { nrt_dense_config_default (3), nrt_dense_config_default (1) };
  NrtModel *model;
  NrtSummary *summary;

  /* Dense(3, use_bias=False) on 4 inputs has its kernel alone: 12. */
  layers[0].use_bias = 0;
  model = nrt_model_new (4, layers, 2, NULL);
  g_assert_nonnull (model);
  summary = nrt_summary_new (model);
  g_assert_cmpuint (summary->rows[0].n_params, ==, 12);
  g_assert_cmpuint (summary->rows[1].n_params, ==, 4);
  g_assert_cmpuint (summary->total_params, ==, 16);
  g_assert_cmpuint (summary->total_params, ==, nrt_model_get_n_params (model));

  nrt_summary_free (summary);
  nrt_model_free (model);
  g_assert_null (nrt_summary_new (NULL));
  nrt_summary_free (NULL);
}

static void
test_summary_format (void)
{
  /* Keras 2.9 to 2.12 print this for Sequential([Input((2,)), Dense(25),
   * Dense(15), Dense(4)]).summary(). Keras is not installed here, so the
   * text was laid out by hand from its print_summary rules: 65-character
   * lines, columns ending at 29, 55 and 65, a leading space before the
   * first column, a line of spaces after each layer. */
  const char *expected =
    "Model: \"sequential\"\n"
    "_________________________________________________________________\n"
    " Layer (type)                Output Shape              Param #   \n"
    "=================================================================\n"
    " dense (Dense)               (None, 25)                75        \n"
    "                                                                 \n"
    " dense_1 (Dense)             (None, 15)                390       \n"
    "                                                                 \n"
    " dense_2 (Dense)             (None, 4)                 64        \n"
    "                                                                 \n"
    "=================================================================\n"
    "Total params: 529\n"
    "Trainable params: 529\n"
    "Non-trainable params: 0\n"
    "_________________________________________________________________\n";
  const int units[3] = { 25, 15, 4 };
  NrtModel *model = new_model (2, units, NULL, 3);
  NrtSummary *summary = nrt_summary_new (model);
  char *text = nrt_summary_format (summary, "sequential");
  char *unnamed = nrt_summary_format (summary, NULL);
  char *named = nrt_summary_format (summary, "blobs");

  g_assert_nonnull (text);
  g_assert_cmpstr (text, ==, expected);
  g_assert_cmpstr (unnamed, ==, expected);
  g_assert_true (g_str_has_prefix (named, "Model: \"blobs\"\n"));
  g_assert_null (nrt_summary_format (NULL, "sequential"));

  free (text);
  free (unnamed);
  free (named);
  nrt_summary_free (summary);
  nrt_model_free (model);
}

/* The summary from the configuration alone equals the one from the built
 * model, with and without a bias. */
static void
test_summary_from_config_matches_model (void)
{
  NrtDenseConfig layers[3] = {
    nrt_dense_config_default (25), nrt_dense_config_default (15), nrt_dense_config_default (4),
  };
  NrtError err = { 0 };
  NrtModel *model;
  NrtSummary *from_model;
  NrtSummary *from_config;

  layers[0].activation = NRT_ACTIVATION_RELU;
  layers[1].use_bias = 0;
  model = nrt_model_new (2, layers, 3, &err);
  g_assert_nonnull (model);
  from_model = nrt_summary_new (model);
  from_config = nrt_summary_new_from_config (2, layers, 3, &err);
  g_assert_nonnull (from_config);

  g_assert_cmpint (from_config->n_rows, ==, from_model->n_rows);
  for (int l = 0; l < from_model->n_rows; l++)
    {
      g_assert_cmpstr (from_config->rows[l].name, ==, from_model->rows[l].name);
      g_assert_cmpstr (from_config->rows[l].type, ==, from_model->rows[l].type);
      g_assert_cmpint (from_config->rows[l].n_dims, ==, from_model->rows[l].n_dims);
      g_assert_cmpint (from_config->rows[l].output_shape[0], ==,
                       from_model->rows[l].output_shape[0]);
      g_assert_cmpuint (from_config->rows[l].n_params, ==, from_model->rows[l].n_params);
    }
  /* By hand: 2*25 + 25, 25*15 without a bias, 15*4 + 4. */
  g_assert_cmpuint (from_config->total_params, ==, 75 + 375 + 64);
  g_assert_cmpuint (from_config->total_params, ==, from_model->total_params);
  g_assert_cmpuint (from_config->trainable_params, ==, from_model->trainable_params);
  g_assert_cmpuint (from_config->non_trainable_params, ==, 0);

  nrt_summary_free (from_config);
  nrt_summary_free (from_model);
  nrt_model_free (model);
}

/* A model whose weights cannot be allocated still has a summary. The
 * float32 parameters of INT_MAX inputs to INT_MAX units take about 16 EiB,
 * beyond the virtual address space of any 64-bit machine, so creating the
 * model fails on every machine. */
static void
test_summary_from_config_larger_than_memory (void)
{
  NrtDenseConfig layer = nrt_dense_config_default (G_MAXINT);
  NrtDenseConfig wide = nrt_dense_config_default (100000);
  NrtError err = { 0 };
  NrtSummary *summary;

  if (sizeof (size_t) < 8)
    {
      g_test_skip ("needs a 64-bit size_t");
      return;
    }

  g_assert_null (nrt_model_new (G_MAXINT, &layer, 1, &err));
  g_assert_cmpint (err.status, ==, NRT_ERROR_NO_MEMORY);
  /* (2^31 - 1)^2 + (2^31 - 1) = 4611686016279904256, by Python's integers. */
  g_assert_cmpstr (err.message, ==,
                   "out of memory allocating a model of 1 layer and 4611686016279904256 "
                   "parameters");

  summary = nrt_summary_new_from_config (G_MAXINT, &layer, 1, &err);
  g_assert_nonnull (summary);
  g_assert_cmpuint (summary->total_params, ==, G_GUINT64_CONSTANT (4611686016279904256));
  nrt_summary_free (summary);

  /* 100000 * 100000 + 100000 = 10000100000, by hand. */
  wide.activation = NRT_ACTIVATION_RELU;
  summary = nrt_summary_new_from_config (100000, &wide, 1, &err);
  g_assert_nonnull (summary);
  g_assert_cmpuint (summary->rows[0].n_params, ==, G_GUINT64_CONSTANT (10000100000));
  g_assert_cmpuint (summary->total_params, ==, G_GUINT64_CONSTANT (10000100000));
  nrt_summary_free (summary);
}

/* Invalid configurations and parameter counts above SIZE_MAX are errors. */
static void
test_summary_from_config_errors (void)
{
  NrtDenseConfig layers[5];
  NrtError err = { 0 };

  for (int l = 0; l < 5; l++)
    layers[l] = nrt_dense_config_default (G_MAXINT);

  g_assert_null (nrt_summary_new_from_config (0, layers, 1, &err));
  g_assert_cmpint (err.status, ==, NRT_ERROR_INVALID);
  g_assert_cmpstr (err.message, ==, "invalid input width 0: a model needs at least 1 input");
  g_assert_null (nrt_summary_new_from_config (2, layers, 0, &err));
  g_assert_cmpstr (err.message, ==, "invalid layer count 0: a model needs at least 1 layer");
  g_assert_null (nrt_summary_new_from_config (2, NULL, 1, &err));
  g_assert_cmpint (err.status, ==, NRT_ERROR_INVALID);

  layers[1].units = 0;
  g_assert_null (nrt_summary_new_from_config (2, layers, 2, &err));
  g_assert_cmpstr (err.message, ==,
                   "invalid units 0 in layer 1: a Dense layer needs at least 1 unit");
  layers[1].units = G_MAXINT;

  /* Each layer of INT_MAX inputs and units has (2^31 - 1) * 2^31 parameters,
   * so four sum to 2^64 - 2^33, within a 64-bit size_t, and a fifth
   * overflows it. */
  if (sizeof (size_t) == 8)
    {
      NrtSummary *summary = nrt_summary_new_from_config (G_MAXINT, layers, 4, &err);

      g_assert_nonnull (summary);
      g_assert_cmpuint (summary->total_params, ==, G_MAXUINT64 - G_GUINT64_CONSTANT (0x1FFFFFFFF));
      nrt_summary_free (summary);

      g_assert_null (nrt_summary_new_from_config (G_MAXINT, layers, 5, &err));
      g_assert_cmpint (err.status, ==, NRT_ERROR_INVALID);
      g_assert_cmpstr (err.message, ==,
                       "the parameter count of the model exceeds 18446744073709551615 at "
                       "layer 4; use fewer or smaller layers");
    }
}

static void
test_summary_thousands (void)
{
  const int digits_units[3] = { 25, 15, 10 };
  const int wide_units[1] = { 1000 };
  NrtModel *model;
  NrtSummary *summary;
  char *text;

  /* 64 -> 25 -> 15 -> 10, as for the 8x8 digits: 1625 + 390 + 160 = 2175.
   * Rows have no separators, the totals have Python's "{:,}" ones. */
  model = new_model (64, digits_units, NULL, 3);
  summary = nrt_summary_new (model);
  text = nrt_summary_format (summary, "sequential");
  g_assert_nonnull (strstr (text, " dense (Dense)               (None, 25)                1625      \n"));
  g_assert_nonnull (strstr (text, "\nTotal params: 2,175\n"));
  g_assert_nonnull (strstr (text, "\nTrainable params: 2,175\n"));
  g_assert_nonnull (strstr (text, "\nNon-trainable params: 0\n"));
  free (text);
  nrt_summary_free (summary);
  nrt_model_free (model);

  /* 1000 -> 1000: 1000 * 1000 + 1000 = 1,001,000. */
  model = new_model (1000, wide_units, NULL, 1);
  summary = nrt_summary_new (model);
  text = nrt_summary_format (summary, "sequential");
  g_assert_nonnull (strstr (text, " dense (Dense)               (None, 1000)              1001000   \n"));
  g_assert_nonnull (strstr (text, "\nTotal params: 1,001,000\n"));
  free (text);
  nrt_summary_free (summary);
  nrt_model_free (model);
}

static void
test_summary_long_field_wraps (void)
{
  NrtSummary summary = { 0 };
  NrtSummaryRow row = { 0 };
  char *text;

  /* A name of 30 characters plus " (Dense)" overflows the first column's
   * 27 characters, so Keras continues it on the next line. */
  snprintf (row.name, sizeof row.name, "a_layer_with_a_very_long_name_");
  snprintf (row.type, sizeof row.type, "Dense");
  row.n_dims = 1;
  row.output_shape[0] = 3;
  row.n_params = 9;
  summary.rows = &row;
  summary.n_rows = 1;
  summary.total_params = summary.trainable_params = 9;

  text = nrt_summary_format (&summary, "sequential");
  g_assert_nonnull (strstr (text, "\n a_layer_with_a_very_long_na  (None, 3)                9         \n"
                                  " me_ (Dense)                                                     \n"));
  free (text);
}

/* Checks that the compiled graph's parameter nodes are, in order, each
 * summary row's "<name>/kernel" (inputs, units) and "<name>/bias" (units),
 * that their sizes add up to the row's count, and that there are no
 * others. */
static void
assert_graph_matches_summary (NrtModel *model)
{
  NrtSummary *summary = nrt_summary_new (model);
  NrtGraph *graph = nrt_model_get_graph (model);
  size_t layer_params[8] = { 0 }, total = 0;
  int row = 0, expect_bias = 0, n_parameter_nodes = 0;

  g_assert_nonnull (graph);
  g_assert_cmpint (summary->n_rows, <=, (int) G_N_ELEMENTS (layer_params));
  for (int id = 0; id < nrt_graph_get_n_nodes (graph); id++)
    {
      NrtNode *node = nrt_graph_get_node (graph, id);
      const NrtDenseConfig *config;
      int shape[NRT_MAX_DIMS], ndim, fan_in;
      char expected[96];

      if (node->kind != NRT_NODE_PARAMETER)
        continue;
      n_parameter_nodes++;
      g_assert_cmpint (row, <, summary->n_rows);
      config = nrt_model_get_layer (model, row);
      fan_in = row == 0 ? nrt_model_get_n_inputs (model) : summary->rows[row - 1].output_shape[0];
      ndim = nrt_graph_get_node_shape (graph, id, shape);

      if (!expect_bias)
        {
          g_snprintf (expected, sizeof expected, "%s/kernel", summary->rows[row].name);
          g_assert_cmpstr (node->name, ==, expected);
          g_assert_cmpint (ndim, ==, 2);
          g_assert_cmpint (shape[0], ==, fan_in);
          g_assert_cmpint (shape[1], ==, summary->rows[row].output_shape[0]);
        }
      else
        {
          g_snprintf (expected, sizeof expected, "%s/bias", summary->rows[row].name);
          g_assert_cmpstr (node->name, ==, expected);
          g_assert_cmpint (ndim, ==, 1);
          g_assert_cmpint (shape[0], ==, summary->rows[row].output_shape[0]);
        }
      g_assert_nonnull (node->grad);
      layer_params[row] += node->value->size;
      total += node->value->size;

      /* The kernel is followed by the bias when the layer has one. */
      if (!expect_bias && config->use_bias)
        {
          expect_bias = 1;
        }
      else
        {
          expect_bias = 0;
          row++;
        }
    }

  g_assert_cmpint (row, ==, summary->n_rows);
  g_assert_false (expect_bias);
  for (int i = 0; i < summary->n_rows; i++)
    g_assert_cmpuint (layer_params[i], ==, summary->rows[i].n_params);
  g_assert_cmpuint (total, ==, summary->total_params);
  g_test_message ("%d parameter nodes, %zu parameters", n_parameter_nodes, total);
  nrt_summary_free (summary);
}

static void
test_summary_matches_graph (void)
{
  const int two_units[2] = { 25, 15 };
  const int three_units[3] = { 25, 15, 4 };
  NrtDenseConfig layers[3] = {
    nrt_dense_config_default (5), nrt_dense_config_default (4), nrt_dense_config_default (1),
  };
  NrtModel *model;
  NrtGraph *graph;

  /* Two Dense layers: dense/kernel (2, 25), dense/bias (25),
   * dense_1/kernel (25, 15), dense_1/bias (15), and nothing else. */
  model = new_model (2, two_units, NULL, 2);
  compile_or_fail (model, NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 1);
  assert_graph_matches_summary (model);
  graph = nrt_model_get_graph (model);
  g_assert_cmpint (nrt_graph_find_node (graph, "dense/kernel"), >=, 0);
  g_assert_cmpint (nrt_graph_find_node (graph, "dense_1/bias"), >=, 0);
  nrt_model_free (model);

  model = new_model (2, three_units, NULL, 3);
  compile_or_fail (model, NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 1);
  assert_graph_matches_summary (model);
  nrt_model_free (model);

  /* A layer without a bias has a kernel node alone. */
  layers[1].use_bias = 0;
  model = nrt_model_new (3, layers, 3, NULL);
  compile_or_fail (model, NRT_LOSS_MEAN_SQUARED_ERROR, 0);
  assert_graph_matches_summary (model);
  g_assert_cmpint (nrt_graph_find_node (nrt_model_get_graph (model), "dense_1/bias"), ==, -1);
  nrt_model_free (model);
}

/* Writes n * n_features values drawn from U(-2, 2). */
static void
fill_inputs (float *x, int n, int n_features, uint64_t seed)
{
  NrtRng rng;

  nrt_rng_init (&rng, seed);
  for (int i = 0; i < n * n_features; i++)
    x[i] = (float) nrt_rng_uniform_range (&rng, -2.0, 2.0);
}

/* Computes activation (x kernel + bias) for n rows in float64, as NumPy's
 * np.tanh (x @ kernel + bias) and its relatives would, into out
 * (n, units). */
static void
reference_dense (const double *x, int n, int fan_in, const float *kernel, const float *bias,
                 int units, NrtActivation activation, double *out)
{
  for (int i = 0; i < n; i++)
    {
      double *row = out + (size_t) i * units;
      double max = -INFINITY, sum = 0.0;

      for (int j = 0; j < units; j++)
        {
          double z = bias[j];

          for (int k = 0; k < fan_in; k++)
            z += x[(size_t) i * fan_in + k] * kernel[(size_t) k * units + j];
          row[j] = z;
          max = fmax (max, z);
        }
      for (int j = 0; j < units; j++)
        {
          switch (activation)
            {
            case NRT_ACTIVATION_RELU:
              row[j] = fmax (row[j], 0.0);
              break;
            case NRT_ACTIVATION_TANH:
              row[j] = tanh (row[j]);
              break;
            case NRT_ACTIVATION_SIGMOID:
              row[j] = 1.0 / (1.0 + exp (-row[j]));
              break;
            case NRT_ACTIVATION_SOFTMAX:
              row[j] = exp (row[j] - max);
              sum += row[j];
              break;
            case NRT_ACTIVATION_LINEAR:
            case NRT_ACTIVATION_COUNT:
            default:
              break;
            }
        }
      if (activation == NRT_ACTIVATION_SOFTMAX)
        for (int j = 0; j < units; j++)
          row[j] /= sum;
    }
}

static double
max_difference (const float *values, const double *reference, size_t n)
{
  double max_diff = 0.0;

  for (size_t i = 0; i < n; i++)
    max_diff = fmax (max_diff, fabs (values[i] - reference[i]));
  return max_diff;
}

/* 2 -> Dense(5, relu) -> Dense(4, tanh) -> Dense(3, softmax) on 40
 * samples, two chunks of the graph's default 32. */
enum { N_SAMPLES = 40 };

static void
check_predict_layers (NrtModel *model, const float *x)
{
  const int units[3] = { 5, 4, 3 };
  const NrtActivation activations[3] = {
    NRT_ACTIVATION_RELU, NRT_ACTIVATION_TANH, NRT_ACTIVATION_SOFTMAX,
  };
  float hidden0[N_SAMPLES * 5], hidden1[N_SAMPLES * 4], output[N_SAMPLES * 3];
  float predicted[N_SAMPLES * 3], only_hidden1[N_SAMPLES * 4];
  float *const all[3] = { hidden0, hidden1, output };
  float *const one[3] = { NULL, only_hidden1, NULL };
  double x64[N_SAMPLES * 2], ref0[N_SAMPLES * 5], ref1[N_SAMPLES * 4], ref2[N_SAMPLES * 3];
  double diff0, diff1, diff2;
  NrtError err = { 0 };

  g_assert_cmpint (nrt_model_predict_layers (model, x, N_SAMPLES, all, &err), ==, NRT_OK);
  g_assert_cmpint (nrt_model_predict (model, x, N_SAMPLES, predicted, &err), ==, NRT_OK);

  /* The last layer is what predict returns, bit for bit: the same nodes
   * run in the same order. */
  g_assert_cmpmem (output, sizeof output, predicted, sizeof predicted);

  /* Each layer against a float64 computation from its kernel and bias,
   * layer by layer from the reference of the layer before. */
  for (int i = 0; i < N_SAMPLES * 2; i++)
    x64[i] = x[i];
  reference_dense (x64, N_SAMPLES, 2, nrt_model_get_kernel (model, 0),
                   nrt_model_get_bias (model, 0), units[0], activations[0], ref0);
  reference_dense (ref0, N_SAMPLES, units[0], nrt_model_get_kernel (model, 1),
                   nrt_model_get_bias (model, 1), units[1], activations[1], ref1);
  reference_dense (ref1, N_SAMPLES, units[1], nrt_model_get_kernel (model, 2),
                   nrt_model_get_bias (model, 2), units[2], activations[2], ref2);
  diff0 = max_difference (hidden0, ref0, G_N_ELEMENTS (hidden0));
  diff1 = max_difference (hidden1, ref1, G_N_ELEMENTS (hidden1));
  diff2 = max_difference (output, ref2, G_N_ELEMENTS (output));
  g_test_message ("max differences from float64: %.3g, %.3g, %.3g", diff0, diff1, diff2);
  g_assert_cmpfloat (diff0, <=, REFERENCE_TOL);
  g_assert_cmpfloat (diff1, <=, REFERENCE_TOL);
  g_assert_cmpfloat (diff2, <=, REFERENCE_TOL);

  /* A NULL entry skips a layer, and the others get the same values. */
  g_assert_cmpint (nrt_model_predict_layers (model, x, N_SAMPLES, one, &err), ==, NRT_OK);
  g_assert_cmpmem (only_hidden1, sizeof only_hidden1, hidden1, sizeof hidden1);
}

static void
test_predict_layers (void)
{
  const int units[3] = { 5, 4, 3 };
  const NrtActivation activations[3] = {
    NRT_ACTIVATION_RELU, NRT_ACTIVATION_TANH, NRT_ACTIVATION_SOFTMAX,
  };
  float x[N_SAMPLES * 2];
  NrtModel *model = new_model (2, units, activations, 3);
  float *params = nrt_model_get_params (model);
  NrtRng rng;

  /* Non-zero biases, so a layer that drops its bias shows up. */
  nrt_rng_init (&rng, 23);
  for (size_t i = 0; i < nrt_model_get_n_params (model); i++)
    params[i] = (float) nrt_rng_uniform_range (&rng, -1.0, 1.0);
  fill_inputs (x, N_SAMPLES, 2, 29);

  /* Before compiling this runs the inference graph, and after compiling
   * the training graph. */
  check_predict_layers (model, x);
  compile_or_fail (model, NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 0);
  check_predict_layers (model, x);
  nrt_model_free (model);
}

static void
test_predict_layers_errors (void)
{
  const int units[2] = { 3, 2 };
  float x[4] = { 0.5f, -1.0f, 2.0f, 0.0f }, out0[6], out1[4];
  float *const outputs[2] = { out0, out1 };
  float *const none[2] = { NULL, NULL };
  NrtModel *model = new_model (2, units, NULL, 2);
  NrtError err = { 0 };

  g_assert_cmpint (nrt_model_predict_layers (NULL, x, 2, outputs, &err), ==, NRT_ERROR_INVALID);
  g_assert_nonnull (strstr (err.message, "model"));
  g_assert_cmpint (nrt_model_predict_layers (model, x, -1, outputs, &err), ==, NRT_ERROR_INVALID);
  g_assert_nonnull (strstr (err.message, "-1"));
  g_assert_cmpint (nrt_model_predict_layers (model, NULL, 2, outputs, &err), ==, NRT_ERROR_INVALID);
  g_assert_cmpint (nrt_model_predict_layers (model, x, 2, NULL, &err), ==, NRT_ERROR_INVALID);
  g_assert_nonnull (strstr (err.message, "layer output"));
  g_assert_cmpint (nrt_model_predict_layers (model, x, 0, NULL, &err), ==, NRT_OK);
  g_assert_cmpint (nrt_model_predict_layers (model, x, 2, none, &err), ==, NRT_OK);
  g_assert_cmpint (nrt_model_predict_layers (model, x, 2, outputs, NULL), ==, NRT_OK);
  nrt_model_free (model);
}

static void
test_predict_layers_no_allocation (void)
{
#ifdef COUNT_ALLOCATIONS
  const int units[2] = { 8, 3 };
  /* 100 samples run in four chunks of the 32 the graph holds. */
  float x[100 * 2], out0[100 * 8], out1[100 * 3];
  float *const outputs[2] = { out0, out1 };
  NrtModel *model = new_model (2, units, NULL, 2);
  NrtError err = { 0 };
  long before;

  fill_inputs (x, 100, 2, 31);
  compile_or_fail (model, NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 1);

  /* Compiling built the training graph, so even the first call runs on
   * its buffers alone. */
  before = alloc_count_get ();
  g_assert_cmpint (nrt_model_predict_layers (model, x, 100, outputs, &err), ==, NRT_OK);
  g_assert_cmpint (nrt_model_predict_layers (model, x, 100, outputs, &err), ==, NRT_OK);
  g_assert_cmpint (alloc_count_get () - before, ==, 0);

  /* The counter does see the core's allocations. */
  before = alloc_count_get ();
  nrt_summary_free (nrt_summary_new (model));
  g_assert_cmpint (alloc_count_get () - before, ==, 2);
  nrt_model_free (model);
#else
  g_test_skip ("allocation counting needs glibc's allocator, which AddressSanitizer replaces");
#endif
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/summary/rows", test_summary_rows);
  g_test_add_func ("/core/summary/without-bias", test_summary_without_bias);
  g_test_add_func ("/core/summary/format", test_summary_format);
  g_test_add_func ("/core/summary/thousands", test_summary_thousands);
  g_test_add_func ("/core/summary/long-field-wraps", test_summary_long_field_wraps);
  g_test_add_func ("/core/summary/matches-graph", test_summary_matches_graph);
  g_test_add_func ("/core/summary/from-config-matches-model",
                   test_summary_from_config_matches_model);
  g_test_add_func ("/core/summary/from-config-larger-than-memory",
                   test_summary_from_config_larger_than_memory);
  g_test_add_func ("/core/summary/from-config-errors", test_summary_from_config_errors);
  g_test_add_func ("/core/model/predict-layers", test_predict_layers);
  g_test_add_func ("/core/model/predict-layers-errors", test_predict_layers_errors);
  g_test_add_func ("/core/model/predict-layers-no-allocation", test_predict_layers_no_allocation);

  return g_test_run ();
}
