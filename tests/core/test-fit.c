/* test-fit.c: training, evaluation and prediction.
 *
 * The golden values come from NumPy in float64, running full-batch or
 * mini-batch gradient descent with Keras's update and loss-tracking rules.
 * Each test states the setup NumPy ran.
 */
#include <glib.h>
#include <math.h>
#include <stdatomic.h>
#include <string.h>

#include "core/nrt-fit.h"
#include "core/nrt-model.h"
#include "alloc-count.h"

static NrtModel *
new_model (int n_inputs, const NrtDenseConfig *layers, int n_layers, NrtLossKind loss_kind,
           int from_logits, const NrtOptimizerConfig *optimizer)
{
  NrtLossConfig loss = { loss_kind, from_logits };
  NrtError err = { 0 };
  NrtModel *model = nrt_model_new (n_inputs, layers, n_layers, &err);

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

/* Three classes of 10 points each, around (-1, 0), (1, 0) and (0, 1.5),
 * placed on a fixed pattern so the data needs no generator. */
static void
fill_three_classes (NrtDataset *data, float *x, float *y)
{
  static const float centers[3][2] = { { -1.0f, 0.0f }, { 1.0f, 0.0f }, { 0.0f, 1.5f } };

  for (int i = 0; i < 30; i++)
    {
      int c = i % 3;
      float dx = 0.3f * (float) ((i * 7) % 5 - 2);
      float dy = 0.2f * (float) ((i * 3) % 5 - 2);

      x[2 * i] = centers[c][0] + dx;
      x[2 * i + 1] = centers[c][1] + dy;
      y[i] = (float) c;
    }
  *data = (NrtDataset) { .n_samples = 30, .n_features = 2, .x = x, .y = y, .n_targets = 1,
                         .n_classes = 3 };
}

static NrtModel *
new_three_class_model (void)
{
  NrtDenseConfig layers[2] = { nrt_dense_config_default (4), nrt_dense_config_default (3) };
  NrtOptimizerConfig adam = nrt_optimizer_config_default (NRT_OPTIMIZER_ADAM);

  layers[0].activation = NRT_ACTIVATION_TANH;
  layers[1].activation = NRT_ACTIVATION_SOFTMAX;
  adam.learning_rate = 0.01f;
  return new_model (2, layers, 2, NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 0, &adam);
}

/* ---- logistic regression against NumPy ---- */

typedef struct {
  double *epoch_losses;   /* (n_epochs) */
  int n_epochs;
} EpochRecord;

static int
record_epochs_cb (NrtFitEvent event, const NrtLogs *logs, void *user_data)
{
  EpochRecord *record = user_data;

  if (event == NRT_FIT_EPOCH_END && logs->epoch < record->n_epochs)
    record->epoch_losses[logs->epoch] = logs->loss;
  return 0;
}

static void
test_logistic_regression (void)
{
  /* NumPy float64: full-batch gradient descent with lr 0.9 from zero
   * weights on this data. Epochs are counted from 0, and each epoch's loss
   * is that of its forward pass, before its update. */
  float x[] = { 0.5f, 1.5f, 1.0f, 1.0f, 1.5f, 0.5f, 3.0f, 0.5f, 2.0f, 2.0f, 1.0f, 2.5f };
  float y[] = { 0, 0, 0, 1, 1, 1 };
  const int epochs[] = { 0, 1, 1001, 9001 };
  const double expected_losses[] = {
    0.6931471805599453, 0.6509898706978231, 0.01898509708803803, 0.0020952495092537446,
  };
  const double expected_kernel[] = { 8.2131303275, 8.0122502997 };
  const double expected_bias = -22.30524170919523;
  NrtDataset data = { .n_samples = 6, .n_features = 2, .x = x, .y = y, .n_targets = 1,
                      .n_classes = 2 };
  NrtDenseConfig layer = nrt_dense_config_default (1);
  NrtOptimizerConfig sgd = nrt_optimizer_config_default (NRT_OPTIMIZER_SGD);
  NrtFitConfig config = nrt_fit_config_default ();
  EpochRecord record = { g_new0 (double, 10000), 10000 };
  NrtError err = { 0 };
  NrtModel *model;

  layer.activation = NRT_ACTIVATION_SIGMOID;
  layer.kernel_initializer = NRT_INITIALIZER_ZEROS;
  sgd.learning_rate = 0.9f;
  model = new_model (2, &layer, 1, NRT_LOSS_BINARY_CROSSENTROPY, 0, &sgd);
  config.epochs = 10000;
  config.batch_size = 6;
  config.shuffle = 0;

  g_assert_cmpint (nrt_model_fit (model, &data, &config, record_epochs_cb, &record, &err), ==,
                   NRT_OK);
  for (size_t i = 0; i < G_N_ELEMENTS (epochs); i++)
    assert_relative (record.epoch_losses[epochs[i]], expected_losses[i], 1e-4);
  assert_relative (nrt_model_get_kernel (model, 0)[0], expected_kernel[0], 1e-4);
  assert_relative (nrt_model_get_kernel (model, 0)[1], expected_kernel[1], 1e-4);
  assert_relative (nrt_model_get_bias (model, 0)[0], expected_bias, 1e-4);

  g_free (record.epoch_losses);
  nrt_model_free (model);
}

/* ---- mini-batches ---- */

typedef struct {
  int n_batch_events;
  int n_epoch_events;
  int samples_seen[16];
  int n_batches;
  int epoch_end_batch;
  int first_epoch, last_epoch;
} BatchRecord;

static int
record_batches_cb (NrtFitEvent event, const NrtLogs *logs, void *user_data)
{
  BatchRecord *record = user_data;

  if (event == NRT_FIT_BATCH_END)
    {
      if (record->n_batch_events < 16)
        record->samples_seen[record->n_batch_events] = logs->samples_seen;
      record->n_batch_events++;
      record->n_batches = logs->n_batches;
      return 0;
    }

  if (record->n_epoch_events == 0)
    record->first_epoch = logs->epoch;
  record->last_epoch = logs->epoch;
  record->epoch_end_batch = logs->batch;
  record->n_epoch_events++;
  return 0;
}

/* Ten samples of y = 2 x0 - x1 + 0.5, written out so that NumPy saw the
 * same numbers. */
static float linear_x[] = {
  -1.0f, -1.0f, -0.7f, 0.0f, -0.4f, 1.0f, -0.1f, -1.0f, 0.2f, 0.0f,
  0.5f, 1.0f, 0.8f, -1.0f, 1.1f, 0.0f, 1.4f, 1.0f, 1.7f, -1.0f,
};
static float linear_y[] = { -0.5f, -0.9f, -1.3f, 1.3f, 0.9f, 0.5f, 3.1f, 2.7f, 2.3f, 4.9f };

static void
test_partial_last_batch (void)
{
  NrtDataset data = { .n_samples = 10, .n_features = 2, .x = linear_x, .y = linear_y,
                      .n_targets = 1, .task = NRT_TASK_REGRESSION };
  NrtDenseConfig layer = nrt_dense_config_default (1);
  NrtOptimizerConfig sgd = nrt_optimizer_config_default (NRT_OPTIMIZER_SGD);
  NrtFitConfig config = nrt_fit_config_default ();
  EpochRecord epochs = { (double[2]) { 0 }, 2 };
  BatchRecord batches = { 0 };
  NrtError err = { 0 };
  NrtModel *model;

  layer.kernel_initializer = NRT_INITIALIZER_ZEROS;
  sgd.learning_rate = 0.05f;
  model = new_model (2, &layer, 1, NRT_LOSS_MEAN_SQUARED_ERROR, 0, &sgd);
  config.epochs = 2;
  config.batch_size = 4;
  config.shuffle = 0;

  /* 10 samples in batches of 4: 4, 4 and a last batch of 2. */
  g_assert_cmpint (nrt_model_fit (model, &data, &config, record_batches_cb, &batches, &err), ==,
                   NRT_OK);
  g_assert_cmpint (batches.n_batch_events, ==, 6);
  g_assert_cmpint (batches.n_batches, ==, 3);
  g_assert_cmpint (batches.epoch_end_batch, ==, 3);
  g_assert_cmpint (batches.samples_seen[0], ==, 4);
  g_assert_cmpint (batches.samples_seen[1], ==, 8);
  g_assert_cmpint (batches.samples_seen[2], ==, 10);
  g_assert_cmpint (nrt_optimizer_get_iterations (nrt_model_get_optimizer (model)), ==, 6);

  /* NumPy float64: Dense(1) from zeros, SGD lr 0.05, batches of 4 in order,
   * epoch loss = sum of batch MSE times batch size / 10. */
  nrt_model_init_weights (model, 0);
  g_assert_cmpint (nrt_model_fit (model, &data, &config, record_epochs_cb, &epochs, &err), ==,
                   NRT_OK);
  assert_relative (epochs.epoch_losses[0], 4.493790746356609, 1e-5);
  assert_relative (epochs.epoch_losses[1], 1.6985932092674942, 1e-5);
  assert_relative (nrt_model_get_kernel (model, 0)[0], 1.10876089, 1e-5);
  assert_relative (nrt_model_get_kernel (model, 0)[1], -0.39894908, 1e-5);
  assert_relative (nrt_model_get_bias (model, 0)[0], 0.688734754330271, 1e-5);
  nrt_model_free (model);
}

static void
test_graph_growth (void)
{
  float x[80], y[40], outputs[40];
  NrtDataset data = { .n_samples = 40, .n_features = 2, .x = x, .y = y, .n_targets = 1,
                      .task = NRT_TASK_REGRESSION };
  NrtDenseConfig layer = nrt_dense_config_default (1);
  NrtOptimizerConfig sgd = nrt_optimizer_config_default (NRT_OPTIMIZER_SGD);
  NrtFitConfig config = nrt_fit_config_default ();
  NrtError err = { 0 };
  NrtLogs logs;
  NrtModel *model;
  double loss_sum = 0.0;

  /* The linear data four times over, trained in one batch of 40, larger
   * than the 32 the graph is compiled for. */
  for (int i = 0; i < 40; i++)
    {
      x[2 * i] = linear_x[2 * (i % 10)];
      x[2 * i + 1] = linear_x[2 * (i % 10) + 1];
      y[i] = linear_y[i % 10];
    }
  model = new_model (2, &layer, 1, NRT_LOSS_MEAN_SQUARED_ERROR, 0, &sgd);
  g_assert_cmpint (nrt_graph_get_max_batch (nrt_model_get_graph (model)), ==, 32);
  config.batch_size = 40;
  config.epochs = 2;
  g_assert_cmpint (nrt_model_fit (model, &data, &config, NULL, NULL, &err), ==, NRT_OK);
  g_assert_cmpint (nrt_graph_get_max_batch (nrt_model_get_graph (model)), ==, 40);

  /* predict and evaluate run on the grown graph and agree. */
  g_assert_cmpint (nrt_model_predict (model, x, 40, outputs, &err), ==, NRT_OK);
  for (int i = 0; i < 40; i++)
    loss_sum += (outputs[i] - y[i]) * (double) (outputs[i] - y[i]);
  g_assert_cmpint (nrt_model_evaluate (model, &data, 40, &logs, &err), ==, NRT_OK);
  g_assert_false (logs.has_accuracy);
  assert_relative (logs.loss, loss_sum / 40, 1e-5);
  nrt_model_free (model);
}

static void
fit_three_classes (NrtModel *model, const NrtDataset *data, int initial_epoch, int epochs,
                   uint64_t seed, BatchRecord *record)
{
  NrtFitConfig config = nrt_fit_config_default ();
  NrtError err = { 0 };

  config.initial_epoch = initial_epoch;
  config.epochs = epochs;
  config.batch_size = 4;
  config.seed = seed;
  if (nrt_model_fit (model, data, &config, record != NULL ? record_batches_cb : NULL, record,
                     &err)
      != NRT_OK)
    g_error ("nrt_model_fit failed: %s", err.message);
}

static void
test_seeds (void)
{
  float x[60], y[30];
  NrtDataset data;
  NrtModel *first = new_three_class_model ();
  NrtModel *second = new_three_class_model ();
  NrtModel *other = new_three_class_model ();
  size_t size = nrt_model_get_n_params (first) * sizeof (float);

  fill_three_classes (&data, x, y);
  fit_three_classes (first, &data, 0, 5, 123, NULL);
  fit_three_classes (second, &data, 0, 5, 123, NULL);
  fit_three_classes (other, &data, 0, 5, 124, NULL);

  /* The same seed gives bit-identical weights; another seed another order. */
  g_assert_cmpmem (nrt_model_get_params (first), size, nrt_model_get_params (second), size);
  g_assert_true (memcmp (nrt_model_get_params (first), nrt_model_get_params (other), size) != 0);
  nrt_model_free (first);
  nrt_model_free (second);
  nrt_model_free (other);
}

static void
test_resume (void)
{
  float x[60], y[30];
  NrtDataset data;
  NrtModel *whole = new_three_class_model ();
  NrtModel *resumed = new_three_class_model ();
  size_t size = nrt_model_get_n_params (whole) * sizeof (float);
  BatchRecord record = { 0 };

  /* 10 epochs in one call equal 5 epochs and 5 more from initial_epoch 5,
   * because epoch e's shuffle depends only on the seed and e. */
  fill_three_classes (&data, x, y);
  fit_three_classes (whole, &data, 0, 10, 9, NULL);
  fit_three_classes (resumed, &data, 0, 5, 9, NULL);
  fit_three_classes (resumed, &data, 5, 5, 9, &record);
  g_assert_cmpint (record.first_epoch, ==, 5);
  g_assert_cmpint (record.last_epoch, ==, 9);
  g_assert_cmpmem (nrt_model_get_params (whole), size, nrt_model_get_params (resumed), size);
  nrt_model_free (whole);
  nrt_model_free (resumed);
}

/* ---- stops ---- */

typedef struct {
  atomic_int *cancel;
  int cancel_at_batch;
  int stop_at_epoch;
  int n_batch_events;
} StopRecord;

static int
stop_cb (NrtFitEvent event, const NrtLogs *logs, void *user_data)
{
  StopRecord *record = user_data;

  if (event == NRT_FIT_BATCH_END)
    {
      record->n_batch_events++;
      if (record->cancel != NULL && logs->batch == record->cancel_at_batch)
        atomic_store (record->cancel, 1);
      return 0;
    }
  return logs->epoch == record->stop_at_epoch;
}

static void
test_cancel (void)
{
  float x[60], y[30];
  NrtDataset data;
  NrtModel *model = new_three_class_model ();
  NrtFitConfig config = nrt_fit_config_default ();
  atomic_int cancel = 0;
  StopRecord record = { &cancel, 1, -1, 0 };
  NrtError err = { 0 };

  fill_three_classes (&data, x, y);
  config.epochs = 3;
  config.batch_size = 4;
  config.cancel = &cancel;

  /* The flag raised during batch 1 stops the fit before batch 2. */
  g_assert_cmpint (nrt_model_fit (model, &data, &config, stop_cb, &record, &err), ==,
                   NRT_ERROR_CANCELLED);
  g_assert_cmpint (record.n_batch_events, ==, 2);
  g_assert_cmpint (nrt_optimizer_get_iterations (nrt_model_get_optimizer (model)), ==, 2);
  g_assert_nonnull (strstr (err.message, "cancelled"));

  /* A flag raised before the call stops it before any step. */
  g_assert_cmpint (nrt_model_fit (model, &data, &config, NULL, NULL, &err), ==,
                   NRT_ERROR_CANCELLED);
  g_assert_cmpint (nrt_optimizer_get_iterations (nrt_model_get_optimizer (model)), ==, 2);
  nrt_model_free (model);
}

static void
test_callback_stop (void)
{
  float x[60], y[30];
  NrtDataset data;
  NrtModel *model = new_three_class_model ();
  NrtFitConfig config = nrt_fit_config_default ();
  StopRecord record = { NULL, -1, 1, 0 };
  NrtError err = { 0 };

  fill_three_classes (&data, x, y);
  config.epochs = 5;
  config.batch_size = 4;

  /* 30 samples in batches of 4 make 8 batches; the stop after epoch 1 leaves
   * 16 steps. */
  g_assert_cmpint (nrt_model_fit (model, &data, &config, stop_cb, &record, &err), ==,
                   NRT_ERROR_STOPPED);
  g_assert_cmpint (record.n_batch_events, ==, 16);
  g_assert_cmpint (nrt_optimizer_get_iterations (nrt_model_get_optimizer (model)), ==, 16);
  g_assert_nonnull (strstr (err.message, "epoch 1"));
  nrt_model_free (model);
}

static void
test_not_finite (void)
{
  /* Large features and targets with a huge learning rate make every step
   * overshoot and multiply the error, until its square overflows float32. */
  float x[] = { 10.0f, -8.0f, 9.0f, 7.0f };
  float y[] = { 1e4f, -2e4f };
  NrtDataset data = { .n_samples = 2, .n_features = 2, .x = x, .y = y, .n_targets = 1,
                      .task = NRT_TASK_REGRESSION };
  NrtDenseConfig layer = nrt_dense_config_default (1);
  NrtOptimizerConfig sgd = nrt_optimizer_config_default (NRT_OPTIMIZER_SGD);
  NrtFitConfig config = nrt_fit_config_default ();
  NrtError err = { 0 };
  NrtLogs logs;
  NrtModel *model;
  float *params;
  float snapshots[64][3];
  int n_steps;

  layer.kernel_initializer = NRT_INITIALIZER_ZEROS;
  sgd.learning_rate = 1.0f;
  model = new_model (2, &layer, 1, NRT_LOSS_MEAN_SQUARED_ERROR, 0, &sgd);
  params = nrt_model_get_params (model);
  config.epochs = 1;
  config.batch_size = 2;
  config.shuffle = 0;

  /* One full-batch epoch per call, so the weights after each step can be
   * recorded until the loss overflows. */
  memcpy (snapshots[0], params, sizeof snapshots[0]);
  for (n_steps = 0; n_steps < 63; n_steps++)
    {
      NrtStatus status = nrt_model_fit (model, &data, &config, NULL, NULL, &err);

      if (status != NRT_OK)
        {
          g_assert_cmpint (status, ==, NRT_ERROR_NOT_FINITE);
          break;
        }
      memcpy (snapshots[n_steps + 1], params, sizeof snapshots[0]);
    }
  g_assert_cmpint (n_steps, >, 1);
  g_assert_cmpint (n_steps, <, 63);
  g_assert_nonnull (strstr (err.message, "epoch 0, batch 0"));
  g_assert_nonnull (strstr (err.message, "lower learning rate"));

  /* The weights after n_steps steps gave a non-finite loss; fit restored
   * those from before the last step, whose loss was finite. */
  for (int i = 0; i < 3; i++)
    g_assert_true (isfinite (params[i]));
  g_assert_cmpmem (params, sizeof snapshots[0], snapshots[n_steps - 1], sizeof snapshots[0]);
  g_assert_cmpint (nrt_model_evaluate (model, &data, 2, &logs, &err), ==, NRT_OK);
  g_assert_true (isfinite (logs.loss));
  nrt_model_free (model);
}

static void
test_not_finite_within_epoch (void)
{
  /* The same data in batches of one: the stop comes inside an epoch. */
  float x[] = { 10.0f, -8.0f, 9.0f, 7.0f };
  float y[] = { 1e4f, -2e4f };
  NrtDataset data = { .n_samples = 2, .n_features = 2, .x = x, .y = y, .n_targets = 1,
                      .task = NRT_TASK_REGRESSION };
  NrtDenseConfig layer = nrt_dense_config_default (1);
  NrtOptimizerConfig sgd = nrt_optimizer_config_default (NRT_OPTIMIZER_SGD);
  NrtFitConfig config = nrt_fit_config_default ();
  NrtError err = { 0 };
  NrtModel *model;

  layer.kernel_initializer = NRT_INITIALIZER_ZEROS;
  sgd.learning_rate = 1.0f;
  model = new_model (2, &layer, 1, NRT_LOSS_MEAN_SQUARED_ERROR, 0, &sgd);
  config.epochs = 100;
  config.batch_size = 1;
  config.shuffle = 0;

  g_assert_cmpint (nrt_model_fit (model, &data, &config, NULL, NULL, &err), ==,
                   NRT_ERROR_NOT_FINITE);
  g_test_message ("%s", err.message);
  for (int i = 0; i < 3; i++)
    g_assert_true (isfinite (nrt_model_get_params (model)[i]));
  nrt_model_free (model);
}

/* ---- data checks ---- */

typedef struct {
  const char *name;
  NrtLossKind loss;
  int n_features;
  float bad_target;       /* written into sample 3, or NAN in the features when feature_nan */
  int feature_nan;
  NrtStatus expected_status;
  const char *expected;   /* a phrase of the error message */
} DataCase;

static void
test_data_errors (void)
{
  const DataCase cases[] = {
    { "features", NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 3, 0, 0, NRT_ERROR_SHAPE, "3 features" },
    { "class index", NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 2, 3.0f, 0, NRT_ERROR_INVALID,
      "from 0 to 2" },
    { "fraction", NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 2, 1.5f, 0, NRT_ERROR_INVALID,
      "class index" },
    { "negative", NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 2, -1.0f, 0, NRT_ERROR_INVALID,
      "sample 3" },
    { "binary label", NRT_LOSS_BINARY_CROSSENTROPY, 2, 2.0f, 0, NRT_ERROR_INVALID,
      "labels 0 or 1" },
    { "target nan", NRT_LOSS_MEAN_SQUARED_ERROR, 2, NAN, 0, NRT_ERROR_INVALID, "target of sample 3" },
    { "feature nan", NRT_LOSS_MEAN_SQUARED_ERROR, 2, 0, 1, NRT_ERROR_INVALID, "feature 1 of sample 3" },
  };
  float x[60], y[30];
  NrtDataset data;

  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      NrtDenseConfig layer = nrt_dense_config_default (cases[i].loss
                                                       == NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY
                                                       ? 3 : 1);
      NrtOptimizerConfig sgd = nrt_optimizer_config_default (NRT_OPTIMIZER_SGD);
      NrtFitConfig config = nrt_fit_config_default ();
      NrtError err = { 0 };
      NrtLogs logs;
      NrtModel *model;

      g_test_message ("case %s", cases[i].name);
      if (cases[i].loss == NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY)
        layer.activation = NRT_ACTIVATION_SOFTMAX;
      else if (cases[i].loss == NRT_LOSS_BINARY_CROSSENTROPY)
        layer.activation = NRT_ACTIVATION_SIGMOID;
      model = new_model (2, &layer, 1, cases[i].loss, 0, &sgd);

      fill_three_classes (&data, x, y);
      if (cases[i].loss == NRT_LOSS_BINARY_CROSSENTROPY)
        for (int j = 0; j < 30; j++)
          y[j] = y[j] > 0.0f;
      data.n_features = cases[i].n_features;
      if (cases[i].n_features == 2)
        {
          if (cases[i].feature_nan)
            x[2 * 3 + 1] = NAN;
          else
            y[3] = cases[i].bad_target;
        }

      g_assert_cmpint (nrt_model_fit (model, &data, &config, NULL, NULL, &err), ==,
                       cases[i].expected_status);
      g_assert_nonnull (strstr (err.message, cases[i].expected));
      g_assert_cmpint (nrt_model_evaluate (model, &data, 8, &logs, &err), ==,
                       cases[i].expected_status);
      /* Nothing trained. */
      g_assert_cmpint (nrt_optimizer_get_iterations (nrt_model_get_optimizer (model)), ==, 0);
      nrt_model_free (model);
    }
}

static void
test_config_errors (void)
{
  float x[60], y[30];
  float bad_x[90];
  NrtDataset data, validation;
  NrtDenseConfig layer = nrt_dense_config_default (3);
  NrtOptimizerConfig sgd = nrt_optimizer_config_default (NRT_OPTIMIZER_SGD);
  NrtFitConfig config = nrt_fit_config_default ();
  NrtError err = { 0 };
  NrtLogs logs;
  NrtModel *model;

  fill_three_classes (&data, x, y);
  layer.activation = NRT_ACTIVATION_SOFTMAX;
  model = nrt_model_new (2, &layer, 1, &err);

  /* Training needs a compiled model. */
  g_assert_cmpint (nrt_model_fit (model, &data, &config, NULL, NULL, &err), ==, NRT_ERROR_INVALID);
  g_assert_nonnull (strstr (err.message, "not compiled"));
  g_assert_cmpint (nrt_model_evaluate (model, &data, 8, &logs, &err), ==, NRT_ERROR_INVALID);

  {
    NrtLossConfig loss = { NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 0 };

    g_assert_cmpint (nrt_model_compile (model, &loss, &sgd, &err), ==, NRT_OK);
  }
  config.batch_size = 0;
  g_assert_cmpint (nrt_model_fit (model, &data, &config, NULL, NULL, &err), ==, NRT_ERROR_INVALID);
  g_assert_nonnull (strstr (err.message, "batch size 0"));
  config.batch_size = 8;
  config.epochs = -1;
  g_assert_cmpint (nrt_model_fit (model, &data, &config, NULL, NULL, &err), ==, NRT_ERROR_INVALID);
  g_assert_nonnull (strstr (err.message, "epochs -1"));
  config.epochs = 1;
  config.initial_epoch = -2;
  g_assert_cmpint (nrt_model_fit (model, &data, &config, NULL, NULL, &err), ==, NRT_ERROR_INVALID);
  config.initial_epoch = 0;

  /* The validation data is checked as well. */
  validation = data;
  validation.n_features = 3;
  validation.x = bad_x;
  memset (bad_x, 0, sizeof bad_x);
  config.validation = &validation;
  g_assert_cmpint (nrt_model_fit (model, &data, &config, NULL, NULL, &err), ==, NRT_ERROR_SHAPE);
  g_assert_nonnull (strstr (err.message, "validation"));
  g_assert_cmpint (nrt_optimizer_get_iterations (nrt_model_get_optimizer (model)), ==, 0);

  /* No epochs is a valid no-op. */
  config.validation = NULL;
  config.epochs = 0;
  g_assert_cmpint (nrt_model_fit (model, &data, &config, NULL, NULL, &err), ==, NRT_OK);
  nrt_model_free (model);
}

/* ---- evaluate, predict and validation ---- */

static void
test_evaluate_predict (void)
{
  float x[60], y[30], outputs[90];
  NrtDataset data;
  NrtModel *model = new_three_class_model ();
  NrtLogs logs, small_batches;
  NrtError err = { 0 };
  double loss_sum = 0.0;
  int correct = 0;

  fill_three_classes (&data, x, y);
  fit_three_classes (model, &data, 0, 3, 5, NULL);

  /* The mean per-sample loss and the accuracy, computed from predict. */
  g_assert_cmpint (nrt_model_predict (model, x, 30, outputs, &err), ==, NRT_OK);
  for (int i = 0; i < 30; i++)
    {
      const float *p = outputs + 3 * i;
      int best = 0;

      for (int k = 1; k < 3; k++)
        if (p[k] > p[best])
          best = k;
      correct += best == (int) y[i];
      loss_sum -= log (p[(int) y[i]]);
    }

  g_assert_cmpint (nrt_model_evaluate (model, &data, 100, &logs, &err), ==, NRT_OK);
  assert_relative (logs.loss, loss_sum / 30, 1e-5);
  g_assert_true (logs.has_accuracy);
  g_assert_cmpfloat (logs.accuracy, ==, correct / 30.0);
  g_assert_cmpint (logs.samples_seen, ==, 30);

  /* Batches of 7 (the last one of 2) weigh each sample alike. */
  g_assert_cmpint (nrt_model_evaluate (model, &data, 7, &small_batches, &err), ==, NRT_OK);
  g_assert_cmpint (small_batches.n_batches, ==, 5);
  assert_relative (small_batches.loss, logs.loss, 1e-6);
  g_assert_cmpfloat (small_batches.accuracy, ==, logs.accuracy);
  nrt_model_free (model);
}

typedef struct {
  double val_loss;
  double val_accuracy;
  int has_validation;
} ValidationRecord;

static int
validation_cb (NrtFitEvent event, const NrtLogs *logs, void *user_data)
{
  ValidationRecord *record = user_data;

  if (event == NRT_FIT_EPOCH_END)
    {
      record->val_loss = logs->val_loss;
      record->val_accuracy = logs->val_accuracy;
      record->has_validation = logs->has_validation;
    }
  return 0;
}

static void
test_validation (void)
{
  float x[60], y[30];
  NrtDataset data;
  NrtModel *model = new_three_class_model ();
  NrtFitConfig config = nrt_fit_config_default ();
  ValidationRecord record = { 0 };
  NrtError err = { 0 };
  NrtLogs logs;

  fill_three_classes (&data, x, y);
  config.epochs = 2;
  config.batch_size = 4;
  config.validation = &data;

  /* The last epoch's validation is evaluate on the final weights. */
  g_assert_cmpint (nrt_model_fit (model, &data, &config, validation_cb, &record, &err), ==,
                   NRT_OK);
  g_assert_true (record.has_validation);
  g_assert_cmpint (nrt_model_evaluate (model, &data, 4, &logs, &err), ==, NRT_OK);
  g_assert_cmpfloat (record.val_loss, ==, logs.loss);
  g_assert_cmpfloat (record.val_accuracy, ==, logs.accuracy);
  nrt_model_free (model);
}

/* ---- no allocation per step ---- */

typedef struct {
  NrtModel *model;
  const float *input_data;      /* the graph's "x" buffer at the first batch */
  int n_pointer_changes;
  long allocations_at_first;    /* the counter at the end of the first batch */
  long max_new_allocations;     /* the maximum of allocations counted since then */
  int n_events;
} AllocationRecord;

static int
allocation_cb (NrtFitEvent event, const NrtLogs *logs, void *user_data)
{
  AllocationRecord *record = user_data;
  NrtGraph *graph = nrt_model_get_graph (record->model);
  const float *input_data = nrt_graph_get_node (graph, nrt_graph_find_node (graph, "x"))->value->data;

  if (record->n_events == 0)
    {
      record->input_data = input_data;
#ifdef COUNT_ALLOCATIONS
      record->allocations_at_first = alloc_count_get ();
#endif
    }
  else
    {
      record->n_pointer_changes += input_data != record->input_data;
#ifdef COUNT_ALLOCATIONS
      long new_allocations = alloc_count_get () - record->allocations_at_first;

      if (new_allocations > record->max_new_allocations)
        record->max_new_allocations = new_allocations;
#endif
    }
  record->n_events++;
  return 0;
}

static void
test_no_allocation_per_step (void)
{
  float x[60], y[30];
  NrtDataset data;
  NrtModel *model = new_three_class_model ();
  NrtFitConfig config = nrt_fit_config_default ();
  AllocationRecord record = { model, NULL, 0, 0, 0, 0 };
  float *params = nrt_model_get_params (model);
  NrtError err = { 0 };

  /* 30 samples in batches of 12 make 3 steps per epoch, the last one of 6
   * samples, and the validation runs after each epoch. */
  fill_three_classes (&data, x, y);
  config.epochs = 4;
  config.batch_size = 12;
  config.validation = &data;

  /* Every step and every validation run between the first callback and the
   * last must reuse the same buffers. */
  g_assert_cmpint (nrt_model_fit (model, &data, &config, allocation_cb, &record, &err), ==,
                   NRT_OK);
  g_assert_cmpint (record.n_events, ==, 4 * 3 + 4);
  g_assert_cmpint (record.n_pointer_changes, ==, 0);
  g_assert_true (nrt_model_get_params (model) == params);
#ifdef COUNT_ALLOCATIONS
  g_assert_cmpint (record.max_new_allocations, ==, 0);
#else
  g_test_message ("allocation counting is off in sanitized builds");
#endif
  nrt_model_free (model);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/fit/logistic-regression", test_logistic_regression);
  g_test_add_func ("/core/fit/partial-last-batch", test_partial_last_batch);
  g_test_add_func ("/core/fit/graph-growth", test_graph_growth);
  g_test_add_func ("/core/fit/seeds", test_seeds);
  g_test_add_func ("/core/fit/resume", test_resume);
  g_test_add_func ("/core/fit/cancel", test_cancel);
  g_test_add_func ("/core/fit/callback-stop", test_callback_stop);
  g_test_add_func ("/core/fit/not-finite", test_not_finite);
  g_test_add_func ("/core/fit/not-finite-within-epoch", test_not_finite_within_epoch);
  g_test_add_func ("/core/fit/data-errors", test_data_errors);
  g_test_add_func ("/core/fit/config-errors", test_config_errors);
  g_test_add_func ("/core/fit/evaluate-predict", test_evaluate_predict);
  g_test_add_func ("/core/fit/validation", test_validation);
  g_test_add_func ("/core/fit/no-allocation-per-step", test_no_allocation_per_step);
  return g_test_run ();
}
