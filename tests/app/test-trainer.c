/* test-trainer.c: the training worker's pipeline without a display: the
 * parts of a run, the predictions on every part, and the plane of the
 * decision regions. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib.h>

#include "core/nrt-features.h"
#include "core/nrt-metrics.h"
#include "core/nrt-pca.h"

#include "nrt-trainer.h"

/* Classes of 50, 30 and 20 rows: every fraction below gives whole counts
 * per class, so the stratified parts are known without rounding. */
#define N_ROWS 100
#define N_FEATURES 4
static const int class_sizes[3] = { 50, 30, 20 };

/* Four features around a centre that depends on the class, with a
 * deterministic spread of ±0.5, so that a small network separates them
 * in a few epochs. */
static NrtDataset *
make_three_class_data (void)
{
  NrtError err = { 0 };
  NrtDataset *data = nrt_dataset_new (N_ROWS, N_FEATURES, 3, &err);
  GRand *rand = g_rand_new_with_seed (11);
  int row = 0;

  g_assert_nonnull (data);
  for (int c = 0; c < 3; c++)
    for (int i = 0; i < class_sizes[c]; i++, row++)
      {
        for (int f = 0; f < N_FEATURES; f++)
          data->x[row * N_FEATURES + f] = (float) ((f % 2 == 0 ? 2.0 : -1.0) * c
                                                   + g_rand_double_range (rand, -0.5, 0.5));
        data->y[row] = (float) c;
      }
  g_rand_free (rand);
  return data;
}

/* Two regression targets of two features: y1 = x1 + x2, y2 = x1 - 2 x2. */
static NrtDataset *
make_two_target_data (void)
{
  NrtError err = { 0 };
  NrtDataset *data = nrt_dataset_new_full (N_ROWS, 2, NRT_TASK_REGRESSION, 2, 0, &err);
  GRand *rand = g_rand_new_with_seed (5);

  g_assert_nonnull (data);
  for (int i = 0; i < N_ROWS; i++)
    {
      float x1 = (float) g_rand_double_range (rand, -1.0, 1.0);
      float x2 = (float) g_rand_double_range (rand, -1.0, 1.0);

      data->x[2 * i] = x1;
      data->x[2 * i + 1] = x2;
      data->y[2 * i] = x1 + x2;
      data->y[2 * i + 1] = x1 - 2.0f * x2;
    }
  g_rand_free (rand);
  return data;
}

/* Two labels of two features: x1 > 0 and x2 > 0. */
static NrtDataset *
make_two_label_data (void)
{
  NrtError err = { 0 };
  NrtDataset *data = nrt_dataset_new_full (N_ROWS, 2, NRT_TASK_MULTILABEL, 2, 0, &err);
  GRand *rand = g_rand_new_with_seed (3);

  g_assert_nonnull (data);
  for (int i = 0; i < N_ROWS; i++)
    {
      float x1 = (float) g_rand_double_range (rand, -1.0, 1.0);
      float x2 = (float) g_rand_double_range (rand, -1.0, 1.0);

      data->x[2 * i] = x1;
      data->x[2 * i + 1] = x2;
      data->y[2 * i] = x1 > 0.0f;
      data->y[2 * i + 1] = x2 > 0.0f;
    }
  g_rand_free (rand);
  return data;
}

/* One hidden layer of 8 relu units and an output layer of units. */
static NrtTrainerConfig *
make_config (NrtDataset *dataset, int units, NrtActivation output_activation,
             NrtLossKind loss)
{
  NrtTrainerConfig *config = nrt_trainer_config_new ();

  config->dataset = dataset;
  config->n_layers = 2;
  config->layers = g_new (NrtDenseConfig, 2);
  config->layers[0] = nrt_dense_config_default (8);
  config->layers[0].activation = NRT_ACTIVATION_RELU;
  config->layers[1] = nrt_dense_config_default (units);
  config->layers[1].activation = output_activation;
  config->loss.kind = loss;
  config->optimizer.learning_rate = 0.01f;
  config->batch_size = 16;
  config->seed = 7;
  config->normalize = TRUE;
  return config;
}

/* What the snapshots of one run brought, newest last. */
typedef struct {
  guint run;
  NrtTrainerData *data;
  NrtTrainerEvaluation *evaluation;
  GArray *test_loss;
  char *error;
  gboolean stopped;
  int n_region_images;
  int heatmap_neurons;        /* maps in the newest weights, 0 without maps */
} Received;

static void
received_clear (Received *received)
{
  g_clear_pointer (&received->data, nrt_trainer_data_unref);
  g_clear_pointer (&received->evaluation, nrt_trainer_evaluation_unref);
  g_clear_pointer (&received->test_loss, g_array_unref);
  g_clear_pointer (&received->error, g_free);
}

/* Takes one snapshot, waiting for it, and keeps what it brings. */
static void
receive (NrtTrainer *trainer, Received *received)
{
  NrtTrainerSnapshot snapshot = { 0 };

  while (!nrt_trainer_take_snapshot (trainer, &snapshot))
    g_usleep (1000);

  if (snapshot.run == received->run)
    {
      if (snapshot.data != NULL)
        {
          g_clear_pointer (&received->data, nrt_trainer_data_unref);
          received->data = g_steal_pointer (&snapshot.data);
        }
      if (snapshot.evaluation != NULL)
        {
          g_clear_pointer (&received->evaluation, nrt_trainer_evaluation_unref);
          received->evaluation = g_steal_pointer (&snapshot.evaluation);
        }
      if (snapshot.error != NULL)
        {
          g_free (received->error);
          received->error = g_steal_pointer (&snapshot.error);
        }
      if (received->test_loss == NULL)
        received->test_loss = g_array_new (FALSE, FALSE, sizeof (double));
      if (snapshot.test_loss != NULL)
        g_array_append_vals (received->test_loss, snapshot.test_loss->data,
                             snapshot.test_loss->len);
      received->stopped = received->stopped || snapshot.stopped;
      received->n_region_images += snapshot.regions != NULL;
      if (snapshot.weights != NULL)
        received->heatmap_neurons = snapshot.weights->heatmaps != NULL
                                    ? snapshot.weights->n_neurons : 0;
    }
  nrt_trainer_snapshot_clear (&snapshot);
}

/* Receives snapshots until an evaluation of epoch has arrived, or the run
 * stopped on an error. */
static void
receive_evaluation (NrtTrainer *trainer, Received *received, int epoch)
{
  while ((received->evaluation == NULL || received->evaluation->epoch < epoch)
         && !received->stopped)
    receive (trainer, received);
  if (received->error != NULL)
    g_test_message ("error: %s", received->error);
  g_assert_false (received->stopped);
}

static int
argmax (const float *row, int n)
{
  int best = 0;

  for (int k = 1; k < n; k++)
    if (row[k] > row[best])
      best = k;
  return best;
}

static void
test_trainer_stratified_parts (void)
{
  NrtTrainer *trainer = nrt_trainer_new ();
  NrtTrainerConfig *config;
  Received received = { 0 };
  const NrtTrainerSplits *splits;
  /* 10 % and 20 % of each class: 5, 3, 2 and 10, 6, 4 rows. */
  static const int expected[NRT_SPLIT_COUNT][3] = {
    { 35, 21, 14 }, { 5, 3, 2 }, { 10, 6, 4 },
  };

  config = make_config (make_three_class_data (), 3, NRT_ACTIVATION_SOFTMAX,
                        NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY);
  config->validation_fraction = 0.1;
  config->test_fraction = 0.2;
  received.run = nrt_trainer_reset (trainer, config);
  for (int i = 0; i < 3; i++)
    nrt_trainer_step (trainer);
  receive_evaluation (trainer, &received, 3);

  splits = received.evaluation->splits;
  for (int s = 0; s < NRT_SPLIT_COUNT; s++)
    {
      int counts[3] = { 0 };

      g_assert_nonnull (splits->parts[s]);
      g_assert_cmpint (splits->parts[s]->n_features, ==, N_FEATURES);
      nrt_dataset_count_classes (splits->parts[s], counts);
      for (int c = 0; c < 3; c++)
        {
          g_test_message ("part %d class %d: %d rows", s, c, counts[c]);
          g_assert_cmpint (counts[c], ==, expected[s][c]);
        }
    }

  /* The second loss curve is the validation part's. */
  g_assert_nonnull (received.data);
  g_assert_cmpint (received.data->n_validation, ==, 10);
  g_assert_cmpint (received.test_loss->len, ==, 3);
  for (guint e = 0; e < received.test_loss->len; e++)
    g_assert_false (isnan (g_array_index (received.test_loss, double, e)));

  received_clear (&received);
  nrt_trainer_free (trainer);
}

/* The accuracy of each part's report is the share of rows whose argmax
 * output is their class, counted here from the published outputs. The loss
 * is the mean of -log(p of the true class), probabilities clipped to
 * [1e-7, 1 - 1e-7] as Keras does. The rows of another argmax are the wrong
 * ones. */
static void
test_trainer_evaluation_reports (void)
{
  NrtTrainer *trainer = nrt_trainer_new ();
  NrtTrainerConfig *config;
  Received received = { 0 };
  const NrtTrainerEvaluation *evaluation;

  config = make_config (make_three_class_data (), 3, NRT_ACTIVATION_SOFTMAX,
                        NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY);
  config->test_fraction = 0.2;
  received.run = nrt_trainer_reset (trainer, config);
  for (int i = 0; i < 2; i++)
    nrt_trainer_step (trainer);
  receive_evaluation (trainer, &received, 2);

  evaluation = received.evaluation;
  g_assert_cmpint (evaluation->run, ==, received.run);
  g_assert_cmpint (evaluation->units, ==, 3);
  g_assert_null (evaluation->splits->parts[NRT_SPLIT_VALIDATION]);
  g_assert_null (evaluation->outputs[NRT_SPLIT_VALIDATION]);
  g_assert_null (evaluation->reports[NRT_SPLIT_VALIDATION]);
  for (int s = 0; s < NRT_SPLIT_COUNT; s++)
    {
      const NrtDataset *part = evaluation->splits->parts[s];
      const NrtMetricsReport *report = evaluation->reports[s];
      int correct = 0;
      double loss = 0.0;

      if (s == NRT_SPLIT_VALIDATION)
        continue;
      g_assert_nonnull (report);
      g_assert_cmpint (report->n_samples, ==, part->n_samples);
      for (int i = 0; i < part->n_samples; i++)
        {
          const float *row = evaluation->outputs[s] + 3 * i;
          int label = (int) part->y[i];
          double p = CLAMP ((double) row[label], 1e-7, 1.0 - 1e-7);

          correct += argmax (row, 3) == label;
          g_assert_cmpint (nrt_trainer_evaluation_is_wrong (evaluation, s, i), ==,
                           argmax (row, 3) != label);
          loss -= log (p);
        }
      loss /= part->n_samples;
      g_test_message ("part %d: accuracy %g (%d of %d), loss %g, report loss %g", s,
                      report->accuracy, correct, part->n_samples, loss, report->loss);
      g_assert_cmpfloat_with_epsilon (report->accuracy, (double) correct / part->n_samples,
                                      1e-12);
      g_assert_cmpfloat_with_epsilon (report->loss, loss, 1e-4);
    }
  g_assert_cmpint (evaluation->splits->parts[NRT_SPLIT_TRAIN]->n_samples, ==, 80);
  g_assert_cmpint (evaluation->splits->parts[NRT_SPLIT_TEST]->n_samples, ==, 20);

  received_clear (&received);
  nrt_trainer_free (trainer);
}

/* Checks that the first point of data is the first training row projected
 * on the principal components of the training part. */
static void
assert_first_point_projected (const NrtTrainerData *data)
{
  const NrtDataset *train = data->splits->parts[NRT_SPLIT_TRAIN];
  NrtError err = { 0 };
  NrtPca *pca;
  float z[2];

  pca = nrt_pca_fit (train->x, train->n_samples, N_FEATURES, 2, &err);
  g_assert_nonnull (pca);
  nrt_pca_transform (pca, train->x, 1, z);
  g_assert_cmpfloat_with_epsilon (data->points[0], z[0], 1e-6);
  g_assert_cmpfloat_with_epsilon (data->points[1], z[1], 1e-6);
  nrt_pca_free (pca);
}

/* A plane of two of four features shows every row at those features'
 * values. The PCA plane names its axes by their share of the variance. An
 * invalid plane is reported without stopping the run. */
static void
test_trainer_planes (void)
{
  NrtTrainer *trainer = nrt_trainer_new ();
  NrtTrainerConfig *config;
  Received received = { 0 };
  const NrtDataset *train;
  NrtPlane plane = { NRT_PLANE_FEATURES, 2, 0 };

  config = make_config (make_three_class_data (), 3, NRT_ACTIVATION_SOFTMAX,
                        NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY);
  config->test_fraction = 0.2;
  config->plane = plane;
  received.run = nrt_trainer_reset (trainer, config);
  receive_evaluation (trainer, &received, 0);

  /* Features 3 and 1 of the first training row. */
  g_assert_nonnull (received.data);
  g_assert_cmpint (received.data->n_points, ==, N_ROWS);
  g_assert_nonnull (received.data->points);
  train = received.data->splits->parts[NRT_SPLIT_TRAIN];
  g_assert_cmpfloat (received.data->points[0], ==, train->x[2]);
  g_assert_cmpfloat (received.data->points[1], ==, train->x[0]);
  g_assert_cmpstr (received.data->x_label, ==, "x3");
  g_assert_cmpstr (received.data->y_label, ==, "x1");
  g_assert_cmpint (received.data->point_classes[0], ==, (int) train->y[0]);
  g_assert_false (received.data->point_is_test[0]);
  g_assert_true (received.data->point_is_test[N_ROWS - 1]);

  /* Data of four features has regions too. */
  g_assert_cmpint (received.n_region_images, >, 0);

  /* The principal components. */
  g_clear_pointer (&received.data, nrt_trainer_data_unref);
  plane.kind = NRT_PLANE_PCA;
  nrt_trainer_set_plane (trainer, &plane);
  while (received.data == NULL)
    receive (trainer, &received);
  g_test_message ("axes: %s, %s", received.data->x_label, received.data->y_label);
  g_assert_true (g_str_has_prefix (received.data->x_label, "PC1 ("));
  g_assert_true (g_str_has_prefix (received.data->y_label, "PC2 ("));
  g_assert_cmpint (received.data->plane.kind, ==, NRT_PLANE_PCA);

  assert_first_point_projected (received.data);

  /* u == v is invalid. */
  plane = (NrtPlane) { NRT_PLANE_FEATURES, 1, 1 };
  nrt_trainer_set_plane (trainer, &plane);
  while (received.error == NULL)
    receive (trainer, &received);
  g_test_message ("error: %s", received.error);
  g_assert_false (received.stopped);

  received_clear (&received);
  nrt_trainer_free (trainer);
}

/* A regression of two targets trains on two linear outputs, and its
 * report's MAE is the mean over both targets of the mean |y - p|. */
static void
test_trainer_two_targets (void)
{
  NrtTrainer *trainer = nrt_trainer_new ();
  NrtTrainerConfig *config;
  Received received = { 0 };
  const NrtTrainerEvaluation *evaluation;
  const NrtDataset *test_part;
  double mae = 0.0;

  config = make_config (make_two_target_data (), 2, NRT_ACTIVATION_LINEAR,
                        NRT_LOSS_MEAN_SQUARED_ERROR);
  config->test_fraction = 0.25;
  received.run = nrt_trainer_reset (trainer, config);
  nrt_trainer_step (trainer);
  receive_evaluation (trainer, &received, 1);

  evaluation = received.evaluation;
  test_part = evaluation->splits->parts[NRT_SPLIT_TEST];
  g_assert_cmpint (test_part->n_samples, ==, 25);
  g_assert_cmpint (test_part->n_targets, ==, 2);
  for (int i = 0; i < test_part->n_samples; i++)
    for (int k = 0; k < 2; k++)
      mae += fabs (test_part->y[2 * i + k] - evaluation->outputs[NRT_SPLIT_TEST][2 * i + k]);
  mae /= 2.0 * test_part->n_samples;
  g_assert_cmpint (evaluation->reports[NRT_SPLIT_TEST]->n_targets, ==, 2);
  g_assert_cmpfloat_with_epsilon (evaluation->reports[NRT_SPLIT_TEST]->mae, mae, 1e-5);

  /* The points take the first target's value. */
  g_assert_nonnull (received.data->point_values);
  g_assert_null (received.data->point_classes);
  g_assert_cmpfloat (received.data->point_values[0], ==,
                     evaluation->splits->parts[NRT_SPLIT_TRAIN]->y[0]);

  received_clear (&received);
  nrt_trainer_free (trainer);
}

/* A multi-label model of two sigmoid units trains, and its report's
 * exact-match ratio is the share of rows whose two labels are both right,
 * each label predicted as output > 0.5. The other rows are the wrong ones
 * that the regions view rings. */
static void
test_trainer_two_labels (void)
{
  NrtTrainer *trainer = nrt_trainer_new ();
  NrtTrainerConfig *config;
  Received received = { 0 };
  const NrtTrainerEvaluation *evaluation;
  const NrtDataset *train;
  const float *outputs;
  int exact = 0;

  config = make_config (make_two_label_data (), 2, NRT_ACTIVATION_SIGMOID,
                        NRT_LOSS_BINARY_CROSSENTROPY);
  config->test_fraction = 0.2;
  received.run = nrt_trainer_reset (trainer, config);
  nrt_trainer_step (trainer);
  receive_evaluation (trainer, &received, 1);

  evaluation = received.evaluation;
  train = evaluation->splits->parts[NRT_SPLIT_TRAIN];
  outputs = evaluation->outputs[NRT_SPLIT_TRAIN];
  for (int i = 0; i < train->n_samples; i++)
    {
      gboolean right = (outputs[2 * i] > 0.5f) == (train->y[2 * i] > 0.5f)
                       && (outputs[2 * i + 1] > 0.5f) == (train->y[2 * i + 1] > 0.5f);

      exact += right;
      g_assert_cmpint (nrt_trainer_evaluation_is_wrong (evaluation, NRT_SPLIT_TRAIN, i), ==,
                       !right);
    }
  g_assert_cmpint (evaluation->reports[NRT_SPLIT_TRAIN]->task, ==, NRT_TASK_MULTILABEL);
  g_assert_cmpfloat_with_epsilon (evaluation->reports[NRT_SPLIT_TRAIN]->exact_match,
                                  (double) exact / train->n_samples, 1e-12);

  /* The points carry neither classes nor values, and the regions render. */
  g_assert_null (received.data->point_classes);
  g_assert_null (received.data->point_values);
  g_assert_cmpint (received.n_region_images, >, 0);

  received_clear (&received);
  nrt_trainer_free (trainer);
}

/* Derived features widen the model's inputs: the parts hold x1, x2, x1²
 * and x1·x2, the points stay at (x1, x2), and the network view gets a
 * response map for each of the 4 inputs and 8 + 2 units. */
static void
test_trainer_derived_features (void)
{
  NrtTrainer *trainer = nrt_trainer_new ();
  NrtTrainerConfig *config;
  Received received = { 0 };
  const NrtDataset *train;

  config = make_config (make_two_target_data (), 2, NRT_ACTIVATION_LINEAR,
                        NRT_LOSS_MEAN_SQUARED_ERROR);
  config->derived_features = NRT_DERIVED_X1_SQUARED | NRT_DERIVED_X1_TIMES_X2;
  received.run = nrt_trainer_reset (trainer, config);
  nrt_trainer_step (trainer);
  receive_evaluation (trainer, &received, 1);
  while (received.heatmap_neurons == 0 && !received.stopped)
    receive (trainer, &received);

  train = received.evaluation->splits->parts[NRT_SPLIT_TRAIN];
  g_assert_cmpint (train->n_features, ==, 4);
  g_assert_cmpfloat_with_epsilon (train->x[2], train->x[0] * train->x[0], 1e-6);
  g_assert_cmpfloat_with_epsilon (train->x[3], train->x[0] * train->x[1], 1e-6);
  g_assert_cmpint (received.data->n_features, ==, 2);
  g_assert_cmpfloat (received.data->points[0], ==, train->x[0]);
  g_assert_cmpfloat (received.data->points[1], ==, train->x[1]);
  g_assert_cmpint (received.n_region_images, >, 0);
  g_assert_cmpint (received.heatmap_neurons, ==, 4 + 8 + 2);

  received_clear (&received);
  nrt_trainer_free (trainer);
}

/* An output layer of 3 units for 2 target columns is an error that names
 * both numbers. */
static void
test_trainer_units_mismatch (void)
{
  NrtTrainer *trainer = nrt_trainer_new ();
  NrtTrainerConfig *config;
  Received received = { 0 };

  config = make_config (make_two_target_data (), 3, NRT_ACTIVATION_LINEAR,
                        NRT_LOSS_MEAN_SQUARED_ERROR);
  received.run = nrt_trainer_reset (trainer, config);
  while (received.error == NULL)
    receive (trainer, &received);
  g_test_message ("error: %s", received.error);
  g_assert_nonnull (strstr (received.error, "(3)"));
  g_assert_nonnull (strstr (received.error, "(2)"));

  received_clear (&received);
  nrt_trainer_free (trainer);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* The worker logs the errors it publishes as warnings, which GTest makes
   * fatal, so only criticals stay fatal. The tests check the published
   * errors instead. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

  g_test_add_func ("/app/trainer/stratified-parts", test_trainer_stratified_parts);
  g_test_add_func ("/app/trainer/evaluation-reports", test_trainer_evaluation_reports);
  g_test_add_func ("/app/trainer/planes", test_trainer_planes);
  g_test_add_func ("/app/trainer/two-targets", test_trainer_two_targets);
  g_test_add_func ("/app/trainer/two-labels", test_trainer_two_labels);
  g_test_add_func ("/app/trainer/derived-features", test_trainer_derived_features);
  g_test_add_func ("/app/trainer/units-mismatch", test_trainer_units_mismatch);

  return g_test_run ();
}
