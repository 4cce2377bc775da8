/* nrt-trainer-evaluation.c: the parts of a run, its model, and the
 * predictions on every part that the metrics page shows. */
#define G_LOG_DOMAIN "neurite-trainer"

#include "config.h"

#include <math.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "core/nrt-features.h"
#include "core/nrt-fit.h"

#include "nrt-trainer-private.h"

static void
trainer_splits_clear (gpointer mem)
{
  NrtTrainerSplits *splits = mem;

  for (int s = 0; s < NRT_SPLIT_COUNT; s++)
    g_clear_pointer (&splits->parts[s], nrt_dataset_free);
}

NrtTrainerSplits *
nrt_trainer_splits_ref (NrtTrainerSplits *splits)
{
  return g_atomic_rc_box_acquire (splits);
}

void
nrt_trainer_splits_unref (NrtTrainerSplits *splits)
{
  g_atomic_rc_box_release_full (splits, trainer_splits_clear);
}

/* Returns the rows of the training part when the last validation_fraction
 * of n rows are held out for validation. That is floor(n * (1 -
 * validation_fraction)), the count of neurite-cli train without
 * --test-split, or n without a validation fraction. Returns -1 with error
 * set when a part would have no rows. */
static int
count_last_rows_train (int n, double validation_fraction, GError **error)
{
  int n_train = n;

  if (validation_fraction > 0)
    n_train = (int) floor (n * (1.0 - validation_fraction));
  if (n_train < 1 || (validation_fraction > 0 && n_train == n))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Holding out the last %g of the %d rows for validation leaves %d rows for "
                     "training and %d for validation, and each part needs at least one row. "
                     "Change the validation split."),
                   validation_fraction, n, n_train, n - n_train);
      return -1;
    }
  return n_train;
}

/* Fills the training part with the first rows of data and the validation
 * part with the rest (count_last_rows_train), in file order. */
static gboolean
split_last_rows (const NrtDataset *data, double validation_fraction, NrtTrainerSplits *splits,
                 GError **error)
{
  g_autofree int *indices = NULL;
  NrtError err = { 0 };
  int n = data->n_samples;
  int n_train = count_last_rows_train (n, validation_fraction, error);

  if (n_train < 0)
    return FALSE;

  indices = g_new (int, n);
  for (int i = 0; i < n; i++)
    indices[i] = i;
  splits->parts[NRT_SPLIT_TRAIN] = nrt_dataset_subset (data, indices, n_train, &err);
  if (splits->parts[NRT_SPLIT_TRAIN] != NULL && n_train < n)
    splits->parts[NRT_SPLIT_VALIDATION] = nrt_dataset_subset (data, indices + n_train,
                                                              n - n_train, &err);
  if (splits->parts[NRT_SPLIT_TRAIN] == NULL
      || (n_train < n && splits->parts[NRT_SPLIT_VALIDATION] == NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Splitting the data failed: %s"), err.message);
      return FALSE;
    }
  return TRUE;
}

/* Sets error when config holds out the last rows and a test part. */
static gboolean
check_last_rows_config (const NrtTrainerConfig *config, GError **error)
{
  if (config->test_fraction > 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The last rows are held out for validation only, and the test split is "
                     "%g. Set the test split to 0."),
                   config->test_fraction);
      return FALSE;
    }
  return TRUE;
}

gboolean
nrt_trainer_config_assign_parts (const NrtTrainerConfig *config, guint8 *assignment,
                                 GError **error)
{
  const NrtDataset *data;
  NrtError err = { 0 };
  int n_train;

  g_return_val_if_fail (config != NULL && config->dataset != NULL && assignment != NULL, FALSE);

  data = config->dataset;
  if (config->split_kind == NRT_TRAINER_SPLIT_LAST_ROWS)
    {
      if (!check_last_rows_config (config, error))
        return FALSE;
      n_train = count_last_rows_train (data->n_samples, config->validation_fraction, error);
      if (n_train < 0)
        return FALSE;
      for (int i = 0; i < data->n_samples; i++)
        assignment[i] = i < n_train ? NRT_PART_TRAIN : NRT_PART_VALIDATION;
      return TRUE;
    }

  if (nrt_dataset_assign3 (data, config->validation_fraction, config->test_fraction, 1,
                           config->seed, assignment, &err) != NRT_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Splitting the data failed: %s"), err.message);
      return FALSE;
    }
  return TRUE;
}

NrtTrainerSplits *
nrt_trainer_splits_new (const NrtTrainerConfig *config, GError **error)
{
  g_autoptr (NrtTrainerSplits) splits = NULL;
  NrtDataset *derived = NULL;
  const NrtDataset *inputs;
  NrtError err = { 0 };
  NrtStatus status;

  g_return_val_if_fail (config != NULL && config->dataset != NULL, NULL);

  /* Step 1: the derived features, which only two-feature data has. */
  inputs = config->dataset;
  if (config->derived_features != 0 && config->dataset->n_features == 2)
    {
      derived = nrt_dataset_with_derived_features (config->dataset, config->derived_features,
                                                   &err);
      if (derived == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("Computing the derived features failed: %s"), err.message);
          return NULL;
        }
      inputs = derived;
    }

  /* Step 2: the last rows for validation, or random parts stratified so
   * that each keeps the class balance. */
  splits = g_atomic_rc_box_new0 (NrtTrainerSplits);
  if (config->split_kind == NRT_TRAINER_SPLIT_LAST_ROWS)
    {
      gboolean split = check_last_rows_config (config, error)
                       && split_last_rows (inputs, config->validation_fraction, splits, error);

      g_clear_pointer (&derived, nrt_dataset_free);
      return split ? g_steal_pointer (&splits) : NULL;
    }
  status = nrt_dataset_split3 (inputs, config->validation_fraction, config->test_fraction, 1,
                               config->seed, &splits->parts[NRT_SPLIT_TRAIN],
                               &splits->parts[NRT_SPLIT_VALIDATION],
                               &splits->parts[NRT_SPLIT_TEST], &err);
  g_clear_pointer (&derived, nrt_dataset_free);
  if (status != NRT_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Splitting the data failed: %s"), err.message);
      return NULL;
    }
  return g_steal_pointer (&splits);
}

/* Checks that every part's targets fit the output layer and the loss:
 * one label column for sparse_categorical_crossentropy, one column per
 * output unit for the other losses. */
static gboolean
check_targets (const NrtTrainerConfig *config, const NrtTrainerSplits *splits, int n_outputs,
               GError **error)
{
  const NrtDataset *train = splits->parts[NRT_SPLIT_TRAIN];
  gboolean sparse = config->loss.kind == NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY;
  NrtError err = { 0 };

  if (sparse && train->n_targets != 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The loss sparse_categorical_crossentropy needs one label column, and the "
                     "data has %d. Choose binary_crossentropy with one sigmoid unit per label."),
                   train->n_targets);
      return FALSE;
    }
  if (!sparse && train->n_targets != n_outputs)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The output layer's units (%d) must match the data's target columns "
                     "(%d). Set the output units to %d."),
                   n_outputs, train->n_targets, train->n_targets);
      return FALSE;
    }

  for (int s = 0; s < NRT_SPLIT_COUNT; s++)
    {
      const NrtDataset *part = splits->parts[s];

      if (part == NULL)
        continue;
      if (nrt_loss_check_targets (&config->loss, n_outputs, part->y, (size_t) part->n_samples,
                                  &err) != NRT_OK)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("The labels do not fit the loss: %s"), err.message);
          return FALSE;
        }
    }
  return TRUE;
}

NrtModel *
nrt_trainer_model_new (const NrtTrainerConfig *config, const NrtTrainerSplits *splits,
                       GError **error)
{
  const NrtDataset *train;
  NrtModel *model;
  NrtError err = { 0 };

  g_return_val_if_fail (config != NULL && splits != NULL, NULL);
  g_return_val_if_fail (splits->parts[NRT_SPLIT_TRAIN] != NULL, NULL);

  train = splits->parts[NRT_SPLIT_TRAIN];

  /* Step 1: the layers, the loss and the optimizer, in the command line's
   * order, so that the same seed gives both the same initial weights. */
  model = nrt_model_new (train->n_features, config->layers, config->n_layers, &err);
  if (model == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The network is invalid: %s"), err.message);
      return NULL;
    }
  if (nrt_model_compile (model, &config->loss, &config->optimizer, &err) != NRT_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The loss does not fit the network: %s"), err.message);
      nrt_model_free (model);
      return NULL;
    }
  if (!check_targets (config, splits, nrt_model_get_n_outputs (model), error))
    {
      nrt_model_free (model);
      return NULL;
    }
  nrt_model_init_weights (model, config->seed);

  /* Step 2: the normalization, adapted to the training part only, so that
   * the held-out parts stay unseen. */
  if (config->normalize && nrt_model_adapt_normalization (model, train, &err) != NRT_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Adapting the normalization failed: %s"), err.message);
      nrt_model_free (model);
      return NULL;
    }
  return model;
}

static void
trainer_evaluation_clear (gpointer mem)
{
  NrtTrainerEvaluation *evaluation = mem;

  for (int s = 0; s < NRT_SPLIT_COUNT; s++)
    {
      g_free (evaluation->outputs[s]);
      g_clear_pointer (&evaluation->reports[s], nrt_metrics_report_free);
    }
  g_clear_pointer (&evaluation->splits, nrt_trainer_splits_unref);
}

NrtTrainerEvaluation *
nrt_trainer_evaluation_ref (NrtTrainerEvaluation *evaluation)
{
  return g_atomic_rc_box_acquire (evaluation);
}

void
nrt_trainer_evaluation_unref (NrtTrainerEvaluation *evaluation)
{
  g_atomic_rc_box_release_full (evaluation, trainer_evaluation_clear);
}

gboolean
nrt_trainer_evaluation_is_wrong (const NrtTrainerEvaluation *evaluation, NrtSplit split, int i)
{
  const NrtDataset *part;
  const NrtLossConfig *loss;
  const float *row;
  const float *targets;
  gboolean logits;
  float threshold;

  g_return_val_if_fail (evaluation != NULL && split < NRT_SPLIT_COUNT, FALSE);
  part = evaluation->splits->parts[split];
  g_return_val_if_fail (part != NULL && i >= 0 && i < part->n_samples, FALSE);

  loss = &evaluation->loss;
  logits = loss->from_logits && nrt_loss_is_crossentropy (loss->kind);
  threshold = logits ? 0.0f : 0.5f;
  row = evaluation->outputs[split] + (gsize) i * evaluation->units;
  targets = part->y + (gsize) i * part->n_targets;

  switch (part->task)
    {
    case NRT_TASK_CLASSIFICATION:
      return nrt_metrics_predict_class (row, evaluation->units, logits) != (int) targets[0];

    case NRT_TASK_MULTILABEL:
      for (int k = 0; k < evaluation->units && k < part->n_targets; k++)
        if ((row[k] > threshold) != (targets[k] > 0.5f))
          return TRUE;
      return FALSE;

    case NRT_TASK_REGRESSION:
    default:
      return FALSE;
    }
}

/* Predicts part s into evaluation and computes its report, with the loss
 * of nrt_model_evaluate. Returns FALSE with err set on failure. */
static gboolean
evaluate_part (Worker *worker, NrtTrainerEvaluation *evaluation, int s, NrtError *err)
{
  const NrtDataset *part = evaluation->splits->parts[s];
  NrtLogs logs = { 0 };

  evaluation->outputs[s] = g_new (float, (gsize) part->n_samples * evaluation->units);
  if (nrt_model_predict (worker->model, part->x, part->n_samples, evaluation->outputs[s], err)
      != NRT_OK)
    return FALSE;

  evaluation->reports[s] = nrt_metrics_report_new (part, evaluation->outputs[s],
                                                   evaluation->units, &evaluation->loss, err);
  if (evaluation->reports[s] == NULL)
    return FALSE;

  if (nrt_model_evaluate (worker->model, part, worker->config->batch_size, &logs, err) != NRT_OK)
    return FALSE;
  evaluation->reports[s]->loss = logs.loss;
  return TRUE;
}

NrtTrainerEvaluation *
nrt_trainer_worker_evaluate_parts (Worker *worker)
{
  g_autoptr (NrtTrainerEvaluation) evaluation = NULL;
  NrtError err = { 0 };

  if (worker->model == NULL || worker->splits == NULL)
    return NULL;

  evaluation = g_atomic_rc_box_new0 (NrtTrainerEvaluation);
  evaluation->run = worker->run;
  evaluation->epoch = worker->epoch;
  evaluation->splits = nrt_trainer_splits_ref (worker->splits);
  evaluation->units = nrt_model_get_n_outputs (worker->model);
  evaluation->loss = worker->config->loss;

  for (int s = 0; s < NRT_SPLIT_COUNT; s++)
    {
      const NrtDataset *part = worker->splits->parts[s];

      if (part == NULL || part->n_samples == 0)
        continue;
      if (!evaluate_part (worker, evaluation, s, &err))
        {
          g_autofree char *message = g_strdup_printf (_("Evaluating the model failed: %s"),
                                                      err.message);
          nrt_trainer_worker_set_error (worker, message);
          return NULL;
        }
    }
  return g_steal_pointer (&evaluation);
}
