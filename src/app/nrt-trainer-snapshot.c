/* nrt-trainer-snapshot.c: what the training worker publishes for the UI.
 *
 * On the worker's side, the views of a run (the points of the data, the
 * decision-region image, the parameters with every neuron's response map,
 * and the predictions on every part) moved into the shared slot. On the
 * UI's side, taking them out of the slot without waiting.
 */
#define G_LOG_DOMAIN "neurite-trainer"

#include "config.h"

#include <string.h>

#include "core/nrt-model.h"

#include "nrt-trainer-private.h"

static void
trainer_data_clear (gpointer mem)
{
  NrtTrainerData *data = mem;

  g_clear_pointer (&data->splits, nrt_trainer_splits_unref);
  g_free (data->points);
  g_free (data->point_classes);
  g_free (data->point_values);
  g_free (data->point_is_test);
  g_free (data->point_is_validation);
  g_strfreev (data->class_names);
  g_free (data->x_label);
  g_free (data->y_label);
}

NrtTrainerData *
nrt_trainer_data_ref (NrtTrainerData *data)
{
  return g_atomic_rc_box_acquire (data);
}

void
nrt_trainer_data_unref (NrtTrainerData *data)
{
  g_atomic_rc_box_release_full (data, trainer_data_clear);
}

static void
trainer_weights_clear (gpointer mem)
{
  NrtTrainerWeights *weights = mem;

  g_free (weights->params);
  g_free (weights->slots);
  g_free (weights->grads);
  g_free (weights->heatmaps);
}

NrtTrainerWeights *
nrt_trainer_weights_ref (NrtTrainerWeights *weights)
{
  return g_atomic_rc_box_acquire (weights);
}

void
nrt_trainer_weights_unref (NrtTrainerWeights *weights)
{
  g_atomic_rc_box_release_full (weights, trainer_weights_clear);
}

void
nrt_trainer_snapshot_clear (NrtTrainerSnapshot *snapshot)
{
  g_clear_pointer (&snapshot->train_loss, g_array_unref);
  g_clear_pointer (&snapshot->test_loss, g_array_unref);
  g_clear_pointer (&snapshot->logs, g_array_unref);
  g_clear_pointer (&snapshot->regions, cairo_surface_destroy);
  g_clear_pointer (&snapshot->data, nrt_trainer_data_unref);
  g_clear_pointer (&snapshot->weights, nrt_trainer_weights_unref);
  g_clear_pointer (&snapshot->evaluation, nrt_trainer_evaluation_unref);
  g_clear_pointer (&snapshot->error, g_free);
  memset (snapshot, 0, sizeof *snapshot);
}

/* Worker side */

/* Copies the parameters, the optimizer state and the last gradient, and
 * computes every neuron's response map over the plane. Returns NULL
 * without a model. The response maps reuse the run's buffers; only the
 * published copy is allocated, at most once per snapshot. */
static NrtTrainerWeights *
worker_make_weights (Worker *worker)
{
  NrtTrainerWeights *weights;
  NrtOptimizer *optimizer;

  if (worker->model == NULL)
    return NULL;

  weights = g_atomic_rc_box_new0 (NrtTrainerWeights);
  weights->epoch = worker->epoch;
  weights->n_params = nrt_model_get_n_params (worker->model);
  weights->params = g_memdup2 (nrt_model_get_params (worker->model),
                               weights->n_params * sizeof (float));

  optimizer = nrt_model_get_optimizer (worker->model);
  weights->iterations = nrt_optimizer_get_iterations (optimizer);
  weights->n_slots = nrt_optimizer_get_n_slots (optimizer);
  if (weights->n_slots > 0)
    weights->slots = g_new (float, (gsize) weights->n_slots * weights->n_params);
  for (int i = 0; i < weights->n_slots; i++)
    memcpy (weights->slots + (gsize) i * weights->n_params, nrt_optimizer_get_slot (optimizer, i),
            weights->n_params * sizeof (float));

  weights->grads = g_memdup2 (nrt_model_get_grads (worker->model),
                              weights->n_params * sizeof (float));
  weights->has_grads = worker->has_grads;
  weights->n_neurons = worker->n_neurons;
  nrt_trainer_worker_fill_heatmaps (worker, weights);
  return weights;
}

/* Moves what the worker has not published yet into the slot. The region
 * image is rendered before taking the lock, which is then held only to
 * move pointers and append a few rows. */
void
nrt_trainer_worker_publish (NrtTrainer *trainer, Worker *worker)
{
  cairo_surface_t *regions = nrt_trainer_worker_render_regions (worker);
  NrtTrainerWeights *weights = worker_make_weights (worker);
  NrtTrainerWeights *old_weights = NULL;
  NrtTrainerSnapshot *slot = &trainer->slot;
  cairo_surface_t *old_regions = NULL;
  NrtTrainerData *old_data = NULL;
  NrtTrainerEvaluation *old_evaluation = NULL;
  char *old_error = NULL;

  g_mutex_lock (&trainer->lock);

  if (slot->run != worker->run)
    {
      /* Values of an earlier run that the UI never took are dropped; this
       * happens once per reset, so freeing under the lock is rare. */
      if (slot->train_loss != NULL)
        g_array_set_size (slot->train_loss, 0);
      if (slot->test_loss != NULL)
        g_array_set_size (slot->test_loss, 0);
      if (slot->logs != NULL)
        g_array_set_size (slot->logs, 0);
      g_clear_pointer (&slot->regions, cairo_surface_destroy);
      g_clear_pointer (&slot->data, nrt_trainer_data_unref);
      g_clear_pointer (&slot->weights, nrt_trainer_weights_unref);
      g_clear_pointer (&slot->evaluation, nrt_trainer_evaluation_unref);
      g_clear_pointer (&slot->error, g_free);
      slot->stopped = FALSE;
    }
  slot->run = worker->run;
  slot->epoch = worker->epoch;
  if (slot->train_loss == NULL)
    slot->train_loss = g_array_new (FALSE, FALSE, sizeof (double));
  if (slot->test_loss == NULL)
    slot->test_loss = g_array_new (FALSE, FALSE, sizeof (double));
  if (slot->logs == NULL)
    slot->logs = g_array_new (FALSE, FALSE, sizeof (NrtLogs));
  g_array_append_vals (slot->logs, worker->new_logs->data, worker->new_logs->len);
  g_array_append_vals (slot->train_loss, worker->new_train_loss->data, worker->new_train_loss->len);
  g_array_append_vals (slot->test_loss, worker->new_test_loss->data, worker->new_test_loss->len);
  slot->current_train_loss = worker->current_train_loss;
  slot->current_test_loss = worker->current_test_loss;
  if (regions != NULL)
    {
      old_regions = slot->regions;
      slot->regions = regions;
    }
  if (weights != NULL)
    {
      old_weights = slot->weights;
      slot->weights = weights;
    }
  if (worker->new_data != NULL)
    {
      old_data = slot->data;
      slot->data = g_steal_pointer (&worker->new_data);
    }
  if (worker->new_evaluation != NULL)
    {
      old_evaluation = slot->evaluation;
      slot->evaluation = g_steal_pointer (&worker->new_evaluation);
    }
  if (worker->new_error != NULL)
    {
      old_error = slot->error;
      slot->error = g_steal_pointer (&worker->new_error);
    }
  slot->stopped = slot->stopped || worker->new_stopped;
  trainer->slot_full = TRUE;

  g_mutex_unlock (&trainer->lock);

  g_array_set_size (worker->new_train_loss, 0);
  g_array_set_size (worker->new_test_loss, 0);
  g_array_set_size (worker->new_logs, 0);
  worker->new_stopped = FALSE;
  worker->dirty = FALSE;
  worker->last_publish = g_get_monotonic_time ();
  g_clear_pointer (&old_regions, cairo_surface_destroy);
  g_clear_pointer (&old_data, nrt_trainer_data_unref);
  g_clear_pointer (&old_weights, nrt_trainer_weights_unref);
  g_clear_pointer (&old_evaluation, nrt_trainer_evaluation_unref);
  g_free (old_error);
}

/* UI side */

gboolean
nrt_trainer_take_snapshot (NrtTrainer *trainer, NrtTrainerSnapshot *snapshot)
{
  if (!g_mutex_trylock (&trainer->lock))
    return FALSE;

  if (!trainer->slot_full)
    {
      g_mutex_unlock (&trainer->lock);
      return FALSE;
    }

  *snapshot = trainer->slot;
  memset (&trainer->slot, 0, sizeof trainer->slot);
  trainer->slot.run = snapshot->run;
  trainer->slot_full = FALSE;

  g_mutex_unlock (&trainer->lock);
  return TRUE;
}
