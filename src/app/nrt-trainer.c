/* nrt-trainer.c: the training worker thread.
 *
 * The worker trains one epoch per nrt_model_fit call, so that it can take
 * commands between epochs, and publishes into one mutex-protected slot at
 * most PUBLISH_INTERVAL_US apart while it plays. The UI copies pointers out of
 * the slot with a trylock, so neither side ever waits for the other's work.
 * What a snapshot holds, and the hand-off itself, are in
 * nrt-trainer-snapshot.c; the plane of the regions in nrt-trainer-plane.c;
 * the parts, the model and the predictions on every part in
 * nrt-trainer-evaluation.c.
 */
#define G_LOG_DOMAIN "neurite-trainer"

#include "config.h"

#include <math.h>
#include <stdatomic.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/nrt-fit.h"
#include "core/nrt-model.h"

#include "nrt-trainer-private.h"

/* At most 100 epochs a second, so that a person can watch the regions
 * form on the small built-in datasets, whose epochs take well under 10 ms. */
#define EPOCH_INTERVAL_US (G_USEC_PER_SEC / 100)

typedef enum {
  COMMAND_RESET,
  COMMAND_PLAY,
  COMMAND_PAUSE,
  COMMAND_STEP,
  COMMAND_SET_LEARNING_RATE,
  COMMAND_SET_PARAMETER,
  COMMAND_SET_PLANE,
  COMMAND_APPLY_GRADIENTS,
  COMMAND_QUIT
} CommandKind;

typedef struct {
  CommandKind kind;
  guint run;                   /* COMMAND_RESET */
  NrtTrainerConfig *config;    /* COMMAND_RESET, owned */
  double learning_rate;        /* COMMAND_SET_LEARNING_RATE */
  gsize index;                 /* COMMAND_SET_PARAMETER */
  float value;                 /* COMMAND_SET_PARAMETER */
  float *grads;                /* COMMAND_APPLY_GRADIENTS, owned, n_params floats */
  gsize n_params;              /* COMMAND_APPLY_GRADIENTS */
  NrtPlane plane;              /* COMMAND_SET_PLANE */
} Command;

NrtTrainerConfig *
nrt_trainer_config_new (void)
{
  NrtTrainerConfig *config = g_new0 (NrtTrainerConfig, 1);

  config->plane.kind = NRT_PLANE_FEATURES;
  config->plane.feature_u = 0;
  config->plane.feature_v = 1;
  config->loss.kind = NRT_LOSS_BINARY_CROSSENTROPY;
  config->optimizer = nrt_optimizer_config_default (NRT_OPTIMIZER_ADAM);
  config->batch_size = 32;
  config->shuffle = TRUE;
  return config;
}

void
nrt_trainer_config_free (NrtTrainerConfig *config)
{
  if (config == NULL)
    return;

  g_clear_pointer (&config->dataset, nrt_dataset_free);
  g_free (config->layers);
  g_clear_pointer (&config->resume, nrt_trainer_resume_free);
  g_free (config);
}

/* Worker side */

void
nrt_trainer_worker_set_error (Worker *worker, const char *message)
{
  g_warning ("Training stopped: %s", message);
  g_free (worker->new_error);
  worker->new_error = g_strdup (message);
  worker->new_stopped = TRUE;
  worker->playing = FALSE;
  worker->pending_steps = 0;
  worker->dirty = TRUE;
}

/* Publishes message as an error that leaves training as it is. */
static void
worker_report_problem (Worker *worker, const char *message)
{
  g_warning ("%s", message);
  g_free (worker->new_error);
  worker->new_error = g_strdup (message);
  worker->dirty = TRUE;
}

static void
worker_free_run (Worker *worker)
{
  g_clear_pointer (&worker->model, nrt_model_free);
  g_clear_pointer (&worker->splits, nrt_trainer_splits_unref);
  worker->train = NULL;
  worker->held_out = NULL;
  nrt_trainer_worker_free_views (worker);
  g_clear_pointer (&worker->config, nrt_trainer_config_free);
}

/* The rows of every part. */
static gsize
worker_count_rows (const Worker *worker)
{
  gsize n = 0;

  for (int s = 0; worker->splits != NULL && s < NRT_SPLIT_COUNT; s++)
    if (worker->splits->parts[s] != NULL)
      n += (gsize) worker->splits->parts[s]->n_samples;
  return n;
}

/* Returns the loss of the held-out part in evaluation, or NaN without a
 * held-out part. */
static double
get_held_out_loss (const Worker *worker, const NrtTrainerEvaluation *evaluation)
{
  for (int s = NRT_SPLIT_VALIDATION; s < NRT_SPLIT_COUNT; s++)
    if (worker->held_out != NULL && worker->held_out == worker->splits->parts[s])
      return evaluation->reports[s]->loss;
  return NAN;
}

/* Predicts every part and queues the evaluation for publishing. With
 * update_losses, also takes the current losses from it; after an epoch they
 * are the epoch's instead, as the curves show them. Returns FALSE after
 * publishing an error. */
static gboolean
worker_evaluate (Worker *worker, gboolean update_losses)
{
  NrtTrainerEvaluation *evaluation;
  gint64 start = g_get_monotonic_time ();
  gint64 duration;

  evaluation = nrt_trainer_worker_evaluate_parts (worker);
  if (evaluation == NULL)
    return FALSE;

  if (update_losses)
    {
      worker->current_train_loss = evaluation->reports[NRT_SPLIT_TRAIN]->loss;
      worker->current_test_loss = get_held_out_loss (worker, evaluation);
    }

  g_clear_pointer (&worker->new_evaluation, nrt_trainer_evaluation_unref);
  worker->new_evaluation = evaluation;
  worker->evaluated_epoch = worker->epoch;
  worker->dirty = TRUE;

  /* While playing, the evaluations take at most 1 / EVALUATION_MAX_SHARE of
   * the time. */
  duration = g_get_monotonic_time () - start;
  worker->next_evaluation = g_get_monotonic_time ()
                            + MAX (EVALUATION_INTERVAL_US, EVALUATION_MAX_SHARE * duration);
  return TRUE;
}

/* Whether to evaluate after an epoch: always when not playing (a step), at
 * the end of the first epoch, then at most every EVALUATION_INTERVAL_US
 * while playing, unless the data is too large to evaluate while playing. */
static gboolean
worker_evaluation_due (const Worker *worker)
{
  if (worker->model == NULL || worker->evaluated_epoch == worker->epoch)
    return FALSE;
  if (!worker->playing || worker->epoch == 1)
    return TRUE;
  if (worker_count_rows (worker) > EVALUATION_MAX_ROWS_WHILE_PLAYING)
    return FALSE;
  return g_get_monotonic_time () >= worker->next_evaluation;
}

/* Sets the first plane of a run: config's, or the first two features when
 * that plane does not fit the data. */
static void
worker_set_first_plane (Worker *worker)
{
  static const NrtPlane default_plane = { NRT_PLANE_FEATURES, 0, 1 };
  g_autoptr (GError) error = NULL;

  if (nrt_trainer_worker_set_plane (worker, &worker->config->plane, &error))
    return;

  /* Data of one feature has no plane, and is no error. */
  if (worker->config->dataset->n_features < 2)
    return;

  worker_report_problem (worker, error->message);
  g_clear_error (&error);
  if (!nrt_trainer_worker_set_plane (worker, &default_plane, &error))
    worker_report_problem (worker, error->message);
}

/* Builds the parts, the plane and the model of a new run. On failure,
 * keeps no model and publishes the error. */
static void
worker_start_run (Worker *worker, guint run, NrtTrainerConfig *config)
{
  g_autoptr (GError) error = NULL;

  worker_free_run (worker);
  worker->run = run;
  worker->config = config;
  worker->epoch = 0;
  worker->pending_steps = 0;
  worker->evaluated_epoch = -1;
  worker->current_train_loss = NAN;
  worker->current_test_loss = NAN;
  g_array_set_size (worker->new_train_loss, 0);
  g_array_set_size (worker->new_test_loss, 0);
  g_array_set_size (worker->new_logs, 0);
  g_clear_pointer (&worker->new_data, nrt_trainer_data_unref);
  g_clear_pointer (&worker->new_evaluation, nrt_trainer_evaluation_unref);
  g_clear_pointer (&worker->new_error, g_free);
  worker->new_stopped = FALSE;
  worker->dirty = TRUE;

  /* Step 1: the parts. The second loss curve is the validation part's, or
   * the test part's when there is no validation part. */
  worker->splits = nrt_trainer_splits_new (config, &error);
  if (worker->splits == NULL)
    {
      nrt_trainer_worker_set_error (worker, error->message);
      return;
    }
  worker->train = worker->splits->parts[NRT_SPLIT_TRAIN];
  worker->held_out = worker->splits->parts[NRT_SPLIT_VALIDATION];
  if (worker->held_out == NULL)
    worker->held_out = worker->splits->parts[NRT_SPLIT_TEST];

  /* Step 2: the buffers of the views, and the plane with the points. */
  nrt_trainer_worker_prepare_views (worker);
  worker_set_first_plane (worker);

  /* Step 3: the model, compiled, seeded and normalized. */
  worker->model = nrt_trainer_model_new (config, worker->splits, &error);
  if (worker->model == NULL)
    {
      nrt_trainer_worker_set_error (worker, error->message);
      return;
    }

  /* Step 4: a saved run's weights, optimizer state and history. */
  if (config->resume != NULL && !nrt_trainer_worker_resume (worker, &error))
    {
      g_clear_pointer (&worker->model, nrt_model_free);
      nrt_trainer_worker_set_error (worker, error->message);
      return;
    }

  /* Step 5: the losses and predictions before the next epoch. A resumed
   * run shows the losses of its last epoch, as the saved run did. When its
   * history has no val_ values, as after neurite-cli train --test-split
   * without --validation-split, the held-out loss comes from this
   * evaluation, which the Evaluation page shows too. */
  if (!worker_evaluate (worker, config->resume == NULL))
    return;
  if (config->resume != NULL && isnan (worker->current_test_loss))
    worker->current_test_loss = get_held_out_loss (worker, worker->new_evaluation);
}

static int
worker_fit_cb (NrtFitEvent event, const NrtLogs *logs, void *user_data)
{
  NrtLogs *result = user_data;

  if (event == NRT_FIT_EPOCH_END)
    *result = *logs;
  return 0;
}

/* Trains one epoch and records its losses. */
static void
worker_train_epoch (NrtTrainer *trainer, Worker *worker)
{
  NrtFitConfig fit = nrt_fit_config_default ();
  NrtLogs result = { .loss = NAN, .val_loss = NAN };
  NrtError err = { 0 };
  NrtStatus status;

  fit.epochs = 1;
  fit.initial_epoch = worker->epoch;
  fit.batch_size = worker->config->batch_size;
  fit.shuffle = worker->config->shuffle;
  fit.seed = worker->config->seed;
  fit.validation = worker->held_out;
  fit.cancel = &trainer->cancel;

  status = nrt_model_fit (worker->model, worker->train, &fit, worker_fit_cb, &result, &err);
  if (status == NRT_ERROR_CANCELLED)
    return;
  if (status == NRT_ERROR_NOT_FINITE)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("The loss became NaN or infinite in epoch %d, so training "
                                   "paused with the last finite weights. Lower the learning "
                                   "rate, then press Reset."),
                                 worker->epoch + 1);
      nrt_trainer_worker_set_error (worker, message);
      return;
    }
  if (status != NRT_OK)
    {
      g_autofree char *message = g_strdup_printf (_("Training failed: %s"), err.message);
      nrt_trainer_worker_set_error (worker, message);
      return;
    }

  worker->epoch++;
  worker->has_grads = TRUE;
  worker->current_train_loss = result.loss;
  worker->current_test_loss = result.has_validation ? result.val_loss : NAN;
  g_array_append_val (worker->new_train_loss, worker->current_train_loss);
  g_array_append_val (worker->new_test_loss, worker->current_test_loss);
  g_array_append_val (worker->new_logs, result);
  worker->dirty = TRUE;
}

static void
worker_set_parameter (Worker *worker, gsize index, float value)
{
  gsize n_params;

  if (worker->model == NULL)
    return;

  n_params = nrt_model_get_n_params (worker->model);
  if (index >= n_params || !isfinite (value))
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("Could not set parameter %" G_GSIZE_FORMAT " to %g: the "
                                   "model has %" G_GSIZE_FORMAT " parameters and takes finite "
                                   "values only."),
                                 index, value, n_params);
      nrt_trainer_worker_set_error (worker, message);
      return;
    }
  nrt_model_get_params (worker->model)[index] = value;
  worker->evaluated_epoch = -1;
  worker_evaluate (worker, TRUE);
  worker->dirty = TRUE;
}

/* Runs one optimizer update, as fit does after a batch, so that Adam's
 * moments and step count advance as they would in training. */
static void
worker_apply_gradients (Worker *worker, const float *grads, gsize n_params)
{
  if (worker->model == NULL)
    return;

  if (n_params != nrt_model_get_n_params (worker->model))
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("Could not apply the step: it has %" G_GSIZE_FORMAT
                                   " gradients and the model has %" G_GSIZE_FORMAT
                                   " parameters. Press Reset step and walk through again."),
                                 n_params, nrt_model_get_n_params (worker->model));
      nrt_trainer_worker_set_error (worker, message);
      return;
    }
  nrt_optimizer_step (nrt_model_get_optimizer (worker->model),
                      nrt_model_get_params (worker->model), grads);
  worker->evaluated_epoch = -1;
  worker_evaluate (worker, TRUE);
  worker->dirty = TRUE;
}

static void
worker_change_plane (Worker *worker, const NrtPlane *plane)
{
  g_autoptr (GError) error = NULL;

  if (!nrt_trainer_worker_set_plane (worker, plane, &error))
    worker_report_problem (worker, error->message);
}

/* Returns FALSE on COMMAND_QUIT. */
static gboolean
worker_handle (NrtTrainer *trainer, Worker *worker, Command *command)
{
  switch (command->kind)
    {
    case COMMAND_RESET:
      atomic_store (&trainer->cancel, 0);
      worker_start_run (worker, command->run, g_steal_pointer (&command->config));
      break;

    case COMMAND_PLAY:
      if (worker->model != NULL)
        {
          worker->playing = TRUE;
          worker->next_epoch = g_get_monotonic_time ();
        }
      else
        worker->new_stopped = worker->dirty = TRUE;
      break;

    case COMMAND_PAUSE:
      worker->playing = FALSE;
      worker->dirty = TRUE;
      if (worker->model != NULL && worker->evaluated_epoch != worker->epoch)
        worker_evaluate (worker, FALSE);
      break;

    case COMMAND_STEP:
      if (worker->model != NULL)
        worker->pending_steps++;
      break;

    case COMMAND_SET_LEARNING_RATE:
      if (worker->config != NULL)
        worker->config->optimizer.learning_rate = (float) command->learning_rate;
      if (worker->model != NULL)
        nrt_optimizer_set_learning_rate (nrt_model_get_optimizer (worker->model),
                                         (float) command->learning_rate);
      break;

    case COMMAND_SET_PARAMETER:
      worker_set_parameter (worker, command->index, command->value);
      break;

    case COMMAND_APPLY_GRADIENTS:
      worker_apply_gradients (worker, command->grads, command->n_params);
      break;

    case COMMAND_SET_PLANE:
      worker_change_plane (worker, &command->plane);
      break;

    case COMMAND_QUIT:
    default:
      return FALSE;
    }
  return TRUE;
}

static void
command_free (Command *command)
{
  nrt_trainer_config_free (command->config);
  g_free (command->grads);
  g_free (command);
}

static gpointer
trainer_worker (gpointer user_data)
{
  NrtTrainer *trainer = user_data;
  Worker worker = { 0 };
  gboolean running = TRUE;

  worker.new_train_loss = g_array_new (FALSE, FALSE, sizeof (double));
  worker.new_test_loss = g_array_new (FALSE, FALSE, sizeof (double));
  worker.new_logs = g_array_new (FALSE, FALSE, sizeof (NrtLogs));

  while (running)
    {
      gboolean busy = worker.model != NULL && (worker.playing || worker.pending_steps > 0);
      Command *command;
      gint64 now = g_get_monotonic_time ();

      /* Step 1: wait for a command, or only until the next epoch is due. */
      if (!busy)
        command = g_async_queue_pop (trainer->commands);
      else if (worker.pending_steps == 0 && worker.next_epoch > now)
        command = g_async_queue_timeout_pop (trainer->commands, worker.next_epoch - now);
      else
        command = g_async_queue_try_pop (trainer->commands);

      if (command != NULL)
        {
          running = worker_handle (trainer, &worker, command);
          command_free (command);
          if (running && worker.dirty && !(worker.playing && worker.model != NULL))
            nrt_trainer_worker_publish (trainer, &worker);
          continue;
        }

      /* Step 2: one epoch. */
      if (worker.model != NULL && (worker.playing || worker.pending_steps > 0))
        {
          if (worker.pending_steps > 0)
            worker.pending_steps--;
          worker.next_epoch = g_get_monotonic_time () + EPOCH_INTERVAL_US;
          worker_train_epoch (trainer, &worker);
          if (worker_evaluation_due (&worker))
            worker_evaluate (&worker, FALSE);
        }

      /* Step 3: publish, throttled while playing. */
      if (worker.dirty
          && (!worker.playing
              || g_get_monotonic_time () - worker.last_publish >= PUBLISH_INTERVAL_US))
        nrt_trainer_worker_publish (trainer, &worker);
    }

  worker_free_run (&worker);
  g_clear_pointer (&worker.new_data, nrt_trainer_data_unref);
  g_clear_pointer (&worker.new_evaluation, nrt_trainer_evaluation_unref);
  g_clear_pointer (&worker.new_error, g_free);
  g_array_unref (worker.new_train_loss);
  g_array_unref (worker.new_test_loss);
  g_array_unref (worker.new_logs);
  return NULL;
}

/* UI side */

NrtTrainer *
nrt_trainer_new (void)
{
  NrtTrainer *trainer = g_new0 (NrtTrainer, 1);

  g_mutex_init (&trainer->lock);
  atomic_init (&trainer->cancel, 0);
  trainer->commands = g_async_queue_new ();
  trainer->thread = g_thread_new ("neurite-trainer", trainer_worker, trainer);
  return trainer;
}

static void
trainer_send (NrtTrainer *trainer, CommandKind kind, NrtTrainerConfig *config, double value)
{
  Command *command = g_new0 (Command, 1);

  command->kind = kind;
  command->config = config;
  command->learning_rate = value;
  if (kind == COMMAND_RESET)
    command->run = trainer->last_run;
  g_async_queue_push (trainer->commands, command);
}

void
nrt_trainer_free (NrtTrainer *trainer)
{
  Command *command;

  if (trainer == NULL)
    return;

  atomic_store (&trainer->cancel, 1);
  trainer_send (trainer, COMMAND_QUIT, NULL, 0.0);
  g_thread_join (trainer->thread);

  while ((command = g_async_queue_try_pop (trainer->commands)) != NULL)
    command_free (command);
  g_async_queue_unref (trainer->commands);
  nrt_trainer_snapshot_clear (&trainer->slot);
  g_mutex_clear (&trainer->lock);
  g_free (trainer);
}

guint
nrt_trainer_reset (NrtTrainer *trainer, NrtTrainerConfig *config)
{
  g_return_val_if_fail (config != NULL && config->dataset != NULL, 0);
  g_return_val_if_fail (config->n_layers > 0, 0);

  trainer->last_run++;
  atomic_store (&trainer->cancel, 1);
  trainer_send (trainer, COMMAND_RESET, config, 0.0);
  return trainer->last_run;
}

void
nrt_trainer_play (NrtTrainer *trainer)
{
  trainer_send (trainer, COMMAND_PLAY, NULL, 0.0);
}

void
nrt_trainer_pause (NrtTrainer *trainer)
{
  trainer_send (trainer, COMMAND_PAUSE, NULL, 0.0);
}

void
nrt_trainer_step (NrtTrainer *trainer)
{
  trainer_send (trainer, COMMAND_STEP, NULL, 0.0);
}

void
nrt_trainer_set_learning_rate (NrtTrainer *trainer, double learning_rate)
{
  g_return_if_fail (learning_rate > 0.0);

  trainer_send (trainer, COMMAND_SET_LEARNING_RATE, NULL, learning_rate);
}

void
nrt_trainer_set_parameter (NrtTrainer *trainer, gsize flat_index, float value)
{
  Command *command = g_new0 (Command, 1);

  command->kind = COMMAND_SET_PARAMETER;
  command->index = flat_index;
  command->value = value;
  g_async_queue_push (trainer->commands, command);
}

void
nrt_trainer_set_plane (NrtTrainer *trainer, const NrtPlane *plane)
{
  Command *command;

  g_return_if_fail (plane != NULL);

  command = g_new0 (Command, 1);
  command->kind = COMMAND_SET_PLANE;
  command->plane = *plane;
  g_async_queue_push (trainer->commands, command);
}

void
nrt_trainer_apply_gradients (NrtTrainer *trainer, const float *grads, gsize n_params)
{
  Command *command;

  g_return_if_fail (grads != NULL && n_params > 0);

  command = g_new0 (Command, 1);
  command->kind = COMMAND_APPLY_GRADIENTS;
  command->grads = g_memdup2 (grads, n_params * sizeof (float));
  command->n_params = n_params;
  g_async_queue_push (trainer->commands, command);
}
