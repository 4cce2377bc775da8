/* nrt-trainer-resume.c: continuing a saved run in the training worker. */
#define G_LOG_DOMAIN "neurite-trainer"

#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "core/nrt-fit.h"

#include "nrt-trainer-private.h"

void
nrt_trainer_resume_free (NrtTrainerResume *resume)
{
  if (resume == NULL)
    return;

  g_free (resume->params);
  g_free (resume->slots);
  g_clear_pointer (&resume->history, g_array_unref);
  g_free (resume);
}

gboolean
nrt_trainer_worker_resume (Worker *worker, GError **error)
{
  const NrtTrainerResume *resume = worker->config->resume;
  NrtOptimizer *optimizer = nrt_model_get_optimizer (worker->model);
  gsize n_params = nrt_model_get_n_params (worker->model);
  NrtError err = { 0 };

  /* Step 1: the saved state must have the model's layout. */
  if (resume->n_params != n_params || resume->n_slots != nrt_optimizer_get_n_slots (optimizer))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The saved run has %" G_GSIZE_FORMAT " parameters and %d optimizer "
                     "slots, but the model of the controls has %" G_GSIZE_FORMAT " and %d. "
                     "Press Reset to train this model from the start."),
                   resume->n_params, resume->n_slots, n_params,
                   nrt_optimizer_get_n_slots (optimizer));
      return FALSE;
    }
  if (resume->history != NULL && resume->history->len != (guint) resume->epochs_done)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The saved run has %d epochs done but a history of %u epochs."),
                   resume->epochs_done, resume->history->len);
      return FALSE;
    }

  /* Step 2: the parameters and the optimizer's moments and step count. */
  memcpy (nrt_model_get_params (worker->model), resume->params, n_params * sizeof (float));
  for (int i = 0; i < resume->n_slots; i++)
    memcpy (nrt_optimizer_get_slot (optimizer, i), resume->slots + (gsize) i * n_params,
            n_params * sizeof (float));
  if (nrt_optimizer_set_iterations (optimizer, resume->iterations, &err) != NRT_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The saved optimizer state is invalid: %s"), err.message);
      return FALSE;
    }

  /* Step 3: the history, published as if the epochs had just run, so the
   * loss curves start with the saved ones. */
  worker->epoch = resume->epochs_done;
  for (guint i = 0; resume->history != NULL && i < resume->history->len; i++)
    {
      const NrtLogs *logs = &g_array_index (resume->history, NrtLogs, i);
      double test_loss = logs->has_validation ? logs->val_loss : NAN;

      g_array_append_val (worker->new_logs, *logs);
      g_array_append_val (worker->new_train_loss, logs->loss);
      g_array_append_val (worker->new_test_loss, test_loss);
      worker->current_train_loss = logs->loss;
      worker->current_test_loss = test_loss;
    }
  worker->dirty = TRUE;
  return TRUE;
}
