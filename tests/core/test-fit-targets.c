/* test-fit-targets.c: training and evaluation with several target columns
 * (multi-label and multi-output data) and with the mean_absolute_error and
 * huber losses.
 *
 * The regression golden values come from PyTorch 1.13 in float64: Dense
 * weights from zeros, full-batch SGD with learning rate 0.1, and each
 * epoch's loss taken in its forward pass, before its update:
 *   w = torch.zeros(2, units, requires_grad=True); b = torch.zeros(units, ...)
 *   for e in range(epochs):
 *       l = loss(x @ w + b, y); l.backward(); w -= 0.1 * w.grad; b -= 0.1 * b.grad
 * with loss torch.nn.functional.l1_loss, huber_loss(delta=1.0) or mse_loss.
 */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/nrt-fit.h"
#include "core/nrt-generators.h"
#include "core/nrt-model.h"
#include "alloc-count.h"

#define N_LINEAR 10
#define N_EPOCHS 50

/* Ten points with y1 = 2 x1 - x2 + 0.5 and y2 = x1 + x2 - 1. */
static const float linear_x[N_LINEAR][2] = {
  { -1.0f, 0.5f }, { -0.5f, -1.0f }, { 0.0f, 1.5f }, { 0.5f, 0.0f }, { 1.0f, -0.5f },
  { 1.5f, 1.0f }, { 2.0f, -1.5f }, { -1.5f, -0.5f }, { 2.5f, 0.5f }, { -2.0f, 1.0f },
};

static NrtDataset *
linear_dataset (int n_targets)
{
  NrtError err = { 0 };
  NrtDataset *data = nrt_dataset_new_full (N_LINEAR, 2, NRT_TASK_REGRESSION, n_targets, 0, &err);

  if (data == NULL)
    g_error ("nrt_dataset_new_full failed: %s", err.message);
  for (int i = 0; i < N_LINEAR; i++)
    {
      float x1 = linear_x[i][0], x2 = linear_x[i][1];

      data->x[2 * i] = x1;
      data->x[2 * i + 1] = x2;
      data->y[i * n_targets] = 2.0f * x1 - x2 + 0.5f;
      if (n_targets > 1)
        data->y[i * n_targets + 1] = x1 + x2 - 1.0f;
    }
  return data;
}

static NrtModel *
new_model (const NrtDenseConfig *layers, int n_layers, NrtLossKind loss_kind, int from_logits,
           const NrtOptimizerConfig *optimizer)
{
  NrtLossConfig loss = { loss_kind, from_logits };
  NrtError err = { 0 };
  NrtModel *model = nrt_model_new (2, layers, n_layers, &err);

  if (model == NULL)
    g_error ("nrt_model_new failed: %s", err.message);
  if (nrt_model_compile (model, &loss, optimizer, &err) != NRT_OK)
    g_error ("nrt_model_compile failed: %s", err.message);
  return model;
}

static void
assert_relative (double actual, double expected, double tolerance)
{
  double difference = fabs (actual - expected) / fabs (expected);

  g_test_message ("actual %.10g, expected %.10g, relative difference %g", actual, expected,
                  difference);
  g_assert_cmpfloat (difference, <=, tolerance);
}

static int
record_epochs_cb (NrtFitEvent event, const NrtLogs *logs, void *user_data)
{
  double *epoch_losses = user_data;

  if (event == NRT_FIT_EPOCH_END && logs->epoch < N_EPOCHS)
    epoch_losses[logs->epoch] = logs->loss;
  return 0;
}

/* Trains Dense(units, linear) from zero weights on the linear data with
 * full-batch SGD at learning rate 0.1 for N_EPOCHS epochs, recording each
 * epoch's loss. */
static NrtModel *
fit_linear (NrtLossKind loss, int units, double *epoch_losses)
{
  NrtDenseConfig layer = nrt_dense_config_default (units);
  NrtOptimizerConfig sgd = nrt_optimizer_config_default (NRT_OPTIMIZER_SGD);
  NrtFitConfig config = nrt_fit_config_default ();
  NrtDataset *data = linear_dataset (units);
  NrtError err = { 0 };
  NrtModel *model;

  layer.kernel_initializer = NRT_INITIALIZER_ZEROS;
  sgd.learning_rate = 0.1f;
  model = new_model (&layer, 1, loss, 0, &sgd);
  config.epochs = N_EPOCHS;
  config.batch_size = N_LINEAR;
  config.shuffle = 0;
  g_assert_cmpint (nrt_model_fit (model, data, &config, record_epochs_cb, epoch_losses, &err),
                   ==, NRT_OK);
  nrt_dataset_free (data);
  return model;
}

/* With MAE's sign gradient, some float64 residual reaches 0 between epochs
 * 15 and 20, where float32 rounding picks other signs. So the golden values
 * stop at epoch 10, and the smallest residual up to there is 0.475. */
static void
test_mae_lowers_loss (void)
{
  double losses[N_EPOCHS];
  NrtModel *model = fit_linear (NRT_LOSS_MEAN_ABSOLUTE_ERROR, 1, losses);

  assert_relative (losses[0], 2.8, 1e-6);
  assert_relative (losses[1], 2.64775, 1e-5);
  assert_relative (losses[10], 1.2775, 1e-5);
  /* PyTorch ends at 0.12175 after 50 epochs. */
  g_assert_cmpfloat (losses[N_EPOCHS - 1], <, 0.25);
  nrt_model_free (model);
}

static void
test_huber_lowers_loss (void)
{
  double losses[N_EPOCHS];
  NrtModel *model = fit_linear (NRT_LOSS_HUBER, 1, losses);
  const float *kernel = nrt_model_get_kernel (model, 0);

  assert_relative (losses[0], 2.3125, 1e-6);
  assert_relative (losses[1], 2.160011640625, 1e-5);
  assert_relative (losses[N_EPOCHS - 1], 0.00045066900577217934, 1e-3);
  assert_relative (kernel[0], 2.006534156322552, 1e-4);
  assert_relative (kernel[1], -0.9718353698602127, 1e-4);
  assert_relative (nrt_model_get_bias (model, 0)[0], 0.48547981343706437, 1e-4);
  nrt_model_free (model);
}

/* Two targets at once: the kernel (2, 2) learns both linear maps. */
static void
test_mse_two_targets (void)
{
  const double expected_kernel[4] = {
    2.0029443524008967, 0.9926269342689288, -0.9873016935418624, 0.972671159494342,
  };
  const double expected_bias[2] = { 0.4936129423753, -0.9811059851195617 };
  double losses[N_EPOCHS];
  NrtModel *model = fit_linear (NRT_LOSS_MEAN_SQUARED_ERROR, 2, losses);
  const float *kernel = nrt_model_get_kernel (model, 0);
  const float *bias = nrt_model_get_bias (model, 0);

  assert_relative (losses[0], 6.8375, 1e-6);
  assert_relative (losses[1], 4.447412656249999, 1e-5);
  assert_relative (losses[N_EPOCHS - 1], 0.0005883871133828039, 1e-3);
  for (int i = 0; i < 4; i++)
    assert_relative (kernel[i], expected_kernel[i], 1e-4);
  for (int i = 0; i < 2; i++)
    assert_relative (bias[i], expected_bias[i], 1e-4);
  nrt_model_free (model);
}

/* ---- multi-label classification ---- */

/* The four default blobs of nrt-generators.h, with the labels "x1 > 0" and
 * "x2 > 0". */
static NrtDataset *
two_label_blobs (int n_samples, uint64_t seed)
{
  NrtGeneratorConfig config = nrt_generator_config_default (NRT_GENERATOR_BLOBS);
  NrtError err = { 0 };
  NrtDataset *blobs, *data;

  config.n_samples = n_samples;
  config.seed = seed;
  blobs = nrt_generate (&config, &err);
  if (blobs == NULL)
    g_error ("nrt_generate failed: %s", err.message);
  data = nrt_dataset_new_full (n_samples, 2, NRT_TASK_MULTILABEL, 2, 0, &err);
  if (data == NULL)
    g_error ("nrt_dataset_new_full failed: %s", err.message);
  memcpy (data->x, blobs->x, (size_t) n_samples * 2 * sizeof (float));
  for (int i = 0; i < n_samples; i++)
    {
      data->y[2 * i] = data->x[2 * i] > 0.0f;
      data->y[2 * i + 1] = data->x[2 * i + 1] > 0.0f;
    }
  nrt_dataset_free (blobs);
  return data;
}

typedef struct {
  int n_batch_events;
  long allocations_at_first;
  long max_new_allocations;
} AllocRecord;

static int
count_allocations_cb (NrtFitEvent event, const NrtLogs *logs, void *user_data)
{
  AllocRecord *record = user_data;

  if (event != NRT_FIT_BATCH_END)
    return 0;
#ifdef COUNT_ALLOCATIONS
  if (record->n_batch_events == 0)
    record->allocations_at_first = alloc_count_get ();
  else if (alloc_count_get () - record->allocations_at_first > record->max_new_allocations)
    record->max_new_allocations = alloc_count_get () - record->allocations_at_first;
#endif
  record->n_batch_events++;
  return 0;
}

/* Mean over samples and labels of (output > threshold) == label, computed
 * here from predict's outputs as Keras's binary_accuracy does. */
static double
binary_accuracy (NrtModel *model, const NrtDataset *data, float threshold)
{
  float *outputs = g_new (float, (gsize) data->n_samples * 2);
  NrtError err = { 0 };
  int right = 0;

  g_assert_cmpint (nrt_model_predict (model, data->x, data->n_samples, outputs, &err), ==,
                   NRT_OK);
  for (int i = 0; i < data->n_samples * 2; i++)
    right += (outputs[i] > threshold) == (data->y[i] == 1.0f);
  g_free (outputs);
  return (double) right / (data->n_samples * 2);
}

static void
check_two_labels (int from_logits)
{
  NrtDenseConfig layers[2] = { nrt_dense_config_default (8), nrt_dense_config_default (2) };
  NrtOptimizerConfig adam = nrt_optimizer_config_default (NRT_OPTIMIZER_ADAM);
  NrtFitConfig config = nrt_fit_config_default ();
  NrtDataset *train = two_label_blobs (400, 1);
  NrtDataset *test = two_label_blobs (200, 2);
  AllocRecord record = { 0 };
  NrtError err = { 0 };
  NrtLogs logs;
  NrtModel *model;

  layers[0].activation = NRT_ACTIVATION_TANH;
  layers[1].activation = from_logits ? NRT_ACTIVATION_LINEAR : NRT_ACTIVATION_SIGMOID;
  adam.learning_rate = 0.01f;
  model = new_model (layers, 2, NRT_LOSS_BINARY_CROSSENTROPY, from_logits, &adam);
  nrt_model_init_weights (model, 5);
  config.epochs = 30;
  config.seed = 3;
  config.validation = test;
  g_assert_cmpint (nrt_model_fit (model, train, &config, count_allocations_cb, &record, &err),
                   ==, NRT_OK);
  g_assert_cmpint (record.n_batch_events, ==, 30 * 13);
#ifdef COUNT_ALLOCATIONS
  g_assert_cmpint (record.max_new_allocations, ==, 0);
#else
  g_test_message ("allocation counting is off in sanitized builds");
#endif

  g_assert_cmpint (nrt_model_evaluate (model, test, 32, &logs, &err), ==, NRT_OK);
  g_assert_true (logs.has_accuracy);
  g_test_message ("test loss %g, binary accuracy %g", logs.loss, logs.accuracy);
  g_assert_cmpfloat (logs.accuracy, >=, 0.95);
  g_assert_cmpfloat (fabs (logs.accuracy - binary_accuracy (model, test, from_logits ? 0.0f
                                                                                    : 0.5f)),
                     <=, 1e-12);

  nrt_model_free (model);
  nrt_dataset_free (train);
  nrt_dataset_free (test);
}

static void
test_two_labels_probabilities (void)
{
  check_two_labels (0);
}

static void
test_two_labels_logits (void)
{
  check_two_labels (1);
}

/* The target columns must match what the loss takes. */
static void
test_target_errors (void)
{
  NrtDenseConfig two_sigmoid = nrt_dense_config_default (2);
  NrtDenseConfig three_softmax = nrt_dense_config_default (3);
  NrtOptimizerConfig sgd = nrt_optimizer_config_default (NRT_OPTIMIZER_SGD);
  NrtFitConfig config = nrt_fit_config_default ();
  NrtDataset *one_column = nrt_dataset_new (4, 2, 2, NULL);
  NrtDataset *two_labels = two_label_blobs (8, 1);
  NrtError err = { 0 };
  NrtLogs logs;
  NrtModel *model;

  /* Two sigmoid units against one label column. */
  two_sigmoid.activation = NRT_ACTIVATION_SIGMOID;
  model = new_model (&two_sigmoid, 1, NRT_LOSS_BINARY_CROSSENTROPY, 0, &sgd);
  g_assert_cmpint (nrt_model_fit (model, one_column, &config, NULL, NULL, &err), ==,
                   NRT_ERROR_SHAPE);
  g_test_message ("message: %s", err.message);
  g_assert_nonnull (strstr (err.message, "1 target column, but the model has 2 output units"));
  g_assert_nonnull (strstr (err.message, "give the last layer 1 unit"));
  g_assert_cmpint (nrt_model_evaluate (model, one_column, 4, &logs, &err), ==, NRT_ERROR_SHAPE);

  /* A label that is neither 0 nor 1 names its column. */
  two_labels->y[2 * 5 + 1] = 0.5f;
  g_assert_cmpint (nrt_model_fit (model, two_labels, &config, NULL, NULL, &err), ==,
                   NRT_ERROR_INVALID);
  g_test_message ("message: %s", err.message);
  g_assert_nonnull (strstr (err.message, "target \"y2\" of sample 5"));
  nrt_model_free (model);

  /* sparse_categorical_crossentropy takes one column of class indices. */
  three_softmax.activation = NRT_ACTIVATION_SOFTMAX;
  model = new_model (&three_softmax, 1, NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 0, &sgd);
  g_assert_cmpint (nrt_model_fit (model, two_labels, &config, NULL, NULL, &err), ==,
                   NRT_ERROR_SHAPE);
  g_test_message ("message: %s", err.message);
  g_assert_nonnull (strstr (err.message, "2 target columns"));
  g_assert_cmpint (nrt_optimizer_get_iterations (nrt_model_get_optimizer (model)), ==, 0);
  nrt_model_free (model);

  nrt_dataset_free (one_column);
  nrt_dataset_free (two_labels);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/fit-targets/mae-lowers-loss", test_mae_lowers_loss);
  g_test_add_func ("/core/fit-targets/huber-lowers-loss", test_huber_lowers_loss);
  g_test_add_func ("/core/fit-targets/mse-two-targets", test_mse_two_targets);
  g_test_add_func ("/core/fit-targets/two-labels-probabilities", test_two_labels_probabilities);
  g_test_add_func ("/core/fit-targets/two-labels-logits", test_two_labels_logits);
  g_test_add_func ("/core/fit-targets/target-errors", test_target_errors);

  return g_test_run ();
}
