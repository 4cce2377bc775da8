/* test-trainer-resume.c: the training worker continues a saved run
 * exactly. 5 epochs, a capture of the published state, then a new run
 * resumed from it for 5 more epochs must give the parameters, the optimizer
 * state and the history of 10 uninterrupted epochs, bit for bit. */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "nrt-trainer.h"

#define N_ROWS 120
#define N_FEATURES 2

/* Two classes split by the line x1 + x2 = 0, with a deterministic spread. */
static NrtDataset *
make_data (void)
{
  NrtError err = { 0 };
  NrtDataset *data = nrt_dataset_new (N_ROWS, N_FEATURES, 2, &err);
  GRand *rand = g_rand_new_with_seed (17);

  g_assert_nonnull (data);
  for (int i = 0; i < N_ROWS; i++)
    {
      float x1 = (float) g_rand_double_range (rand, -2.0, 2.0);
      float x2 = (float) g_rand_double_range (rand, -2.0, 2.0);

      data->x[2 * i] = x1;
      data->x[2 * i + 1] = x2;
      data->y[i] = x1 + x2 > 0.0f;
    }
  g_rand_free (rand);
  return data;
}

static NrtTrainerConfig *
make_config (const NrtOptimizerConfig *optimizer)
{
  NrtTrainerConfig *config = nrt_trainer_config_new ();

  config->dataset = make_data ();
  config->validation_fraction = 0.2;
  config->test_fraction = 0.2;
  config->normalize = TRUE;
  config->n_layers = 2;
  config->layers = g_new (NrtDenseConfig, 2);
  config->layers[0] = nrt_dense_config_default (5);
  config->layers[0].activation = NRT_ACTIVATION_TANH;
  config->layers[1] = nrt_dense_config_default (1);
  config->layers[1].activation = NRT_ACTIVATION_SIGMOID;
  config->loss.kind = NRT_LOSS_BINARY_CROSSENTROPY;
  config->optimizer = *optimizer;
  config->batch_size = 16;
  config->seed = 3;
  return config;
}

/* The state of a run as the UI thread receives it: the newest weights and
 * every history row published so far. */
typedef struct {
  NrtTrainerWeights *weights;
  GArray *history;
} Capture;

static void
capture_clear (Capture *capture)
{
  g_clear_pointer (&capture->weights, nrt_trainer_weights_unref);
  g_clear_pointer (&capture->history, g_array_unref);
}

/* Takes snapshots of run until the published weights are those after
 * epochs epochs. Fails the test after 60 s. */
static void
wait_for_epoch (NrtTrainer *trainer, guint run, int epochs, Capture *capture)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  if (capture->history == NULL)
    capture->history = g_array_new (FALSE, FALSE, sizeof (NrtLogs));

  while (capture->weights == NULL || capture->weights->epoch != epochs)
    {
      NrtTrainerSnapshot snapshot = { 0 };

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!nrt_trainer_take_snapshot (trainer, &snapshot))
        {
          g_usleep (1000);
          continue;
        }
      g_assert_null (snapshot.error);
      if (snapshot.run == run)
        {
          if (snapshot.logs != NULL)
            g_array_append_vals (capture->history, snapshot.logs->data, snapshot.logs->len);
          if (snapshot.weights != NULL)
            {
              g_clear_pointer (&capture->weights, nrt_trainer_weights_unref);
              capture->weights = g_steal_pointer (&snapshot.weights);
            }
        }
      nrt_trainer_snapshot_clear (&snapshot);
    }
}

static void
run_epochs (NrtTrainer *trainer, guint run, int from, int to, Capture *capture)
{
  for (int e = from; e < to; e++)
    nrt_trainer_step (trainer);
  wait_for_epoch (trainer, run, to, capture);
}

static NrtTrainerResume *
resume_from (const Capture *capture)
{
  const NrtTrainerWeights *weights = capture->weights;
  NrtTrainerResume *resume = g_new0 (NrtTrainerResume, 1);

  resume->epochs_done = weights->epoch;
  resume->iterations = weights->iterations;
  resume->n_params = weights->n_params;
  resume->params = g_memdup2 (weights->params, weights->n_params * sizeof (float));
  resume->n_slots = weights->n_slots;
  if (weights->n_slots > 0)
    resume->slots = g_memdup2 (weights->slots,
                               (gsize) weights->n_slots * weights->n_params * sizeof (float));
  resume->history = g_array_ref (capture->history);
  return resume;
}

static void
assert_captures_equal (const Capture *expected, const Capture *actual)
{
  const NrtTrainerWeights *a = expected->weights;
  const NrtTrainerWeights *b = actual->weights;

  g_assert_cmpint (b->epoch, ==, a->epoch);
  g_assert_cmpint (b->iterations, ==, a->iterations);
  g_assert_cmpmem (b->params, b->n_params * sizeof (float), a->params,
                   a->n_params * sizeof (float));
  g_assert_cmpint (b->n_slots, ==, a->n_slots);
  g_assert_cmpmem (b->slots, (gsize) b->n_slots * b->n_params * sizeof (float), a->slots,
                   (gsize) a->n_slots * a->n_params * sizeof (float));

  g_assert_cmpuint (actual->history->len, ==, expected->history->len);
  for (guint i = 0; i < expected->history->len; i++)
    {
      const NrtLogs *la = &g_array_index (expected->history, NrtLogs, i);
      const NrtLogs *lb = &g_array_index (actual->history, NrtLogs, i);

      g_assert_cmpint (lb->epoch, ==, la->epoch);
      g_assert_cmpfloat (lb->loss, ==, la->loss);
      g_assert_cmpfloat (lb->accuracy, ==, la->accuracy);
      g_assert_cmpfloat (lb->val_loss, ==, la->val_loss);
      g_assert_cmpfloat (lb->val_accuracy, ==, la->val_accuracy);
    }
}

static void
check_resume (const NrtOptimizerConfig *optimizer, int expected_slots)
{
  NrtTrainer *trainer = nrt_trainer_new ();
  Capture straight = { 0 };
  Capture saved = { 0 };
  Capture resumed = { 0 };
  NrtTrainerConfig *config;
  guint run;

  /* Step 1: 10 epochs without a stop, capturing the state after 5. */
  run = nrt_trainer_reset (trainer, make_config (optimizer));
  run_epochs (trainer, run, 0, 5, &saved);
  g_assert_cmpint (saved.weights->n_slots, ==, expected_slots);
  g_assert_cmpuint (saved.history->len, ==, 5);
  straight.history = g_array_copy (saved.history);
  straight.weights = nrt_trainer_weights_ref (saved.weights);
  run_epochs (trainer, run, 5, 10, &straight);

  /* Step 2: a new run from the captured state, 5 more epochs. */
  config = make_config (optimizer);
  config->resume = resume_from (&saved);
  run = nrt_trainer_reset (trainer, config);
  wait_for_epoch (trainer, run, 5, &resumed);
  run_epochs (trainer, run, 5, 10, &resumed);

  assert_captures_equal (&straight, &resumed);

  capture_clear (&straight);
  capture_clear (&saved);
  capture_clear (&resumed);
  nrt_trainer_free (trainer);
}

static void
test_resume_adam (void)
{
  NrtOptimizerConfig optimizer = nrt_optimizer_config_default (NRT_OPTIMIZER_ADAM);

  optimizer.learning_rate = 0.01f;
  check_resume (&optimizer, 2);
}

static void
test_resume_sgd_momentum (void)
{
  NrtOptimizerConfig optimizer = nrt_optimizer_config_default (NRT_OPTIMIZER_SGD);

  optimizer.learning_rate = 0.1f;
  optimizer.momentum = 0.9f;
  check_resume (&optimizer, 1);
}

/* A saved state of another layout is rejected with an error, and the run
 * keeps no model. */
static void
test_resume_wrong_layout (void)
{
  NrtOptimizerConfig optimizer = nrt_optimizer_config_default (NRT_OPTIMIZER_ADAM);
  NrtTrainer *trainer = nrt_trainer_new ();
  NrtTrainerConfig *config = make_config (&optimizer);
  NrtTrainerResume *resume = g_new0 (NrtTrainerResume, 1);
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  gboolean reported = FALSE;
  guint run;

  resume->n_params = 3;
  resume->params = g_new0 (float, 3);
  resume->n_slots = 2;
  resume->slots = g_new0 (float, 6);
  config->resume = resume;
  g_test_expect_message ("neurite-trainer", G_LOG_LEVEL_WARNING, "*3 parameters*");
  run = nrt_trainer_reset (trainer, config);

  while (!reported)
    {
      NrtTrainerSnapshot snapshot = { 0 };

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!nrt_trainer_take_snapshot (trainer, &snapshot))
        {
          g_usleep (1000);
          continue;
        }
      if (snapshot.run == run && snapshot.error != NULL)
        {
          g_assert_nonnull (strstr (snapshot.error, "3 parameters"));
          g_assert_null (snapshot.weights);
          reported = TRUE;
        }
      nrt_trainer_snapshot_clear (&snapshot);
    }
  nrt_trainer_free (trainer);
  g_test_assert_expected_messages ();
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/trainer/resume/adam", test_resume_adam);
  g_test_add_func ("/trainer/resume/sgd-momentum", test_resume_sgd_momentum);
  g_test_add_func ("/trainer/resume/wrong-layout", test_resume_wrong_layout);
  return g_test_run ();
}
