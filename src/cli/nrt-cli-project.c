/* nrt-cli-project.c: train's --project and --save. */
#define G_LOG_DOMAIN "neurite-cli"

#include "config.h"

#include "nrt-cli-project.h"

#include <glib/gi18n-lib.h>

#include "core/nrt-features.h"
#include "core/nrt-loss.h"
#include "io/nrt-builtins.h"
#include "nrt-cli-options.h"

/* Rejects an option that --project replaces. Returns FALSE with a usage
 * error naming the first such option. */
static gboolean
check_no_model_options (const NrtCliModelArgs *args, GError **error)
{
  struct {
    gboolean given;
    const char *option;
  } options[] = {
    { args->data_path != NULL, "--data" },
    { args->labels != NULL, "--label" },
    { args->features != NULL, "--features" },
    { args->delimiter != NULL, "--delimiter" },
    { args->decimal_comma, "--decimal-comma" },
    { args->no_header, "--no-header" },
    { args->missing != NULL, "--missing" },
    { args->task != NULL, "--task" },
    { args->dataset_id != NULL, "--dataset" },
    { args->samples != NULL, "--samples" },
    { args->noise != NULL, "--noise" },
    { args->layers != NULL, "--layers" },
    { args->kernel_initializer != NULL, "--kernel-initializer" },
    { args->normalize, "--normalize" },
    { args->loss != NULL, "--loss" },
    { args->from_logits, "--from-logits" },
    { args->optimizer != NULL, "--optimizer" },
    { args->learning_rate != NULL, "--learning-rate" },
    { args->momentum != NULL, "--momentum" },
    { args->batch_size != NULL, "--batch-size" },
    { args->seed != NULL, "--seed" },
    { args->validation_split != NULL, "--validation-split" },
    { args->test_split != NULL, "--test-split" },
    { args->no_shuffle, "--no-shuffle" },
  };

  for (size_t i = 0; i < G_N_ELEMENTS (options); i++)
    if (options[i].given)
      {
        g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                     _("The option %s cannot be combined with --project, which takes the data, "
                       "the model and the training settings from the project file; leave out "
                       "%s"),
                     options[i].option, options[i].option);
        return FALSE;
      }
  return TRUE;
}

/* Fills the data and training choices of run from its project. The
 * choices borrow the project's strings. */
static gboolean
choose_from_project (NrtCliRun *run, GError **error)
{
  NrtProject *project = run->project;
  NrtCliDataChoice *data = &run->data_choice;
  NrtCliTrainingChoice *training = &run->training;
  const NrtLossConfig *loss = nrt_model_get_loss (project->model);

  if (project->dataset.kind == NRT_PROJECT_DATASET_BUILTIN)
    {
      data->builtin = nrt_builtins_find (project->dataset.builtin_id);
      if (data->builtin == NULL)
        {
          g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                       _("The project names the dataset “%s”, which this Neurite does not "
                         "have"), project->dataset.builtin_id);
          return FALSE;
        }
      data->samples = project->dataset.samples;
      data->noise = project->dataset.noise;
    }
  else
    {
      data->data_path = project->dataset.path;
      data->csv = project->dataset.csv;
    }

  training->loss_kind = loss->kind;
  training->from_logits = loss->from_logits;
  training->optimizer = *nrt_optimizer_get_config (nrt_model_get_optimizer (project->model));
  training->validation_split = project->fit.validation_split;
  training->validation_split_text = project->fit.validation_split > 0 ? "fit.validation_split"
                                                                      : NULL;
  training->test_split = project->fit.test_split;
  training->test_split_text = project->fit.test_split > 0 ? "fit.test_split" : NULL;
  training->batch_size = project->fit.batch_size;
  training->seed = project->fit.seed;
  training->shuffle = project->fit.shuffle;
  run->random_split = project->fit.split == NRT_PROJECT_SPLIT_RANDOM;
  run->validate_on_test = project->fit.validation_data == NRT_PROJECT_VALIDATION_DATA_TEST;
  return TRUE;
}

gboolean
nrt_cli_project_add_derived_features (const NrtProject *project, NrtDataset **data,
                                      const char *data_path, GError **error)
{
  unsigned flags = project->dataset.derived_features;
  NrtDataset *derived;
  NrtError err = { 0 };

  if (flags == 0)
    return TRUE;

  if ((*data)->n_features != 2)
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                   _("The project computes derived features (dataset.derived_features) from "
                     "two features, but “%s” has %d; give a file with the two feature "
                     "columns the project was trained on"),
                   data_path, (*data)->n_features);
      return FALSE;
    }
  derived = nrt_dataset_with_derived_features (*data, flags, &err);
  if (derived == NULL)
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                   _("Computing the derived features failed: %s"), err.message);
      return FALSE;
    }
  nrt_dataset_free (*data);
  *data = derived;
  return TRUE;
}

/* Moves the project's model and history into run, after checking that
 * the model fits the loaded data. */
static gboolean
restore_model (NrtCliRun *run, const char *path, GError **error)
{
  NrtProject *project = run->project;
  NrtError err = { 0 };

  if (nrt_model_get_n_inputs (project->model) != run->data->n_features)
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                   _("The model in “%s” takes %d inputs, but its data has %d features"),
                   path, nrt_model_get_n_inputs (project->model), run->data->n_features);
      return FALSE;
    }
  run->loss = *nrt_model_get_loss (project->model);
  if (nrt_loss_check_targets (&run->loss, nrt_model_get_n_outputs (project->model), run->data->y,
                              run->data->n_samples, &err) != NRT_OK)
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                   _("The labels of the data do not fit the loss in “%s”: %s"), path,
                   err.message);
      return FALSE;
    }
  run->model = g_steal_pointer (&project->model);

  run->initial_epoch = project->fit.epochs_done;
  run->epochs_done = project->fit.epochs_done;
  run->logs = g_array_ref (project->history);
  for (guint i = 0; i < project->history->len; i++)
    {
      const NrtLogs *logs = &g_array_index (project->history, NrtLogs, i);

      if (run->history == NULL)
        run->history = nrt_cli_history_new (logs->has_accuracy, logs->has_validation);
      nrt_cli_history_append (run->history, logs);
    }
  return TRUE;
}

gboolean
nrt_cli_project_check_options (const NrtCliModelArgs *args, GError **error)
{
  NrtCliTrainingChoice training = { 0 };

  return check_no_model_options (args, error)
         && nrt_cli_resolve_training (args, 1, &training, error);
}

gboolean
nrt_cli_project_prepare (NrtCliRun *run, const char *path, const NrtCliModelArgs *args,
                         GError **error)
{
  g_autoptr (GError) local_error = NULL;
  int epochs;

  /* --epochs and the other defaults are checked as train checks them, then
   * the saved settings replace all but --epochs. */
  if (!check_no_model_options (args, error)
      || !nrt_cli_resolve_training (args, 1, &run->training, error))
    return FALSE;
  epochs = run->training.epochs;

  run->project = nrt_project_load (path, &local_error);
  if (run->project == NULL || !nrt_project_check_dataset (run->project, &local_error))
    {
      g_set_error_literal (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED, local_error->message);
      return FALSE;
    }
  if (!choose_from_project (run, error))
    return FALSE;
  run->training.epochs = epochs;

  run->derived_features = run->project->dataset.derived_features;
  return nrt_cli_run_load_data (run, error)
         && nrt_cli_project_add_derived_features (run->project, &run->data,
                                                  run->project->dataset.kind
                                                  == NRT_PROJECT_DATASET_CSV
                                                  ? run->project->dataset.path
                                                  : run->project->dataset.builtin_id,
                                                  error)
         && nrt_cli_run_split (run, error)
         && restore_model (run, path, error);
}

/* Stores the task and the names of data in dataset, so that predict can
 * read a file of other rows as the training read this one. data contains
 * the derived features last, which the names leave out. */
static void
store_data_names (NrtProjectDataset *dataset, const NrtDataset *data, unsigned derived_features)
{
  /* nrt_derived_features_count counts the two base features too. */
  int n_loaded = derived_features != 0
                 ? data->n_features - nrt_derived_features_count (derived_features) + 2
                 : data->n_features;

  nrt_project_dataset_set_names (dataset, data, n_loaded);
}

gboolean
nrt_cli_project_save (const NrtCliRun *run, const char *path, GError **error)
{
  g_autoptr (NrtProject) project = nrt_project_new ();
  g_autoptr (GError) local_error = NULL;
  const NrtCliDataChoice *data = &run->data_choice;
  gboolean saved;

  if (data->builtin != NULL)
    {
      project->dataset.kind = NRT_PROJECT_DATASET_BUILTIN;
      project->dataset.builtin_id = g_strdup (data->builtin->id);
      project->dataset.samples = data->samples;
      project->dataset.noise = data->noise;
    }
  else
    {
      /* An absolute path lets the project be resumed from another folder.
       * NOTE: the checksum is taken now, after the training, so a file
       * changed during the training is saved with its new checksum. */
      project->dataset.kind = NRT_PROJECT_DATASET_CSV;
      project->dataset.path = g_canonicalize_filename (data->data_path, NULL);
      project->dataset.sha256 = nrt_project_compute_sha256 (data->data_path, &local_error);
      if (project->dataset.sha256 == NULL)
        {
          g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                       _("Could not write the project file “%s”: %s"), path,
                       local_error->message);
          return FALSE;
        }
      project->dataset.csv = data->csv;
      project->dataset.csv.labels = g_strdupv (data->csv.labels);
      project->dataset.csv.features = g_strdupv (data->csv.features);
    }

  if (run->data != NULL)
    store_data_names (&project->dataset, run->data, run->derived_features);

  project->fit.epochs_done = run->epochs_done;
  project->fit.batch_size = run->training.batch_size;
  project->fit.shuffle = run->training.shuffle;
  project->fit.seed = run->training.seed;
  project->fit.validation_split = run->training.validation_split;
  project->fit.test_split = run->training.test_split;
  project->fit.split = run->training.test_split > 0 || run->random_split
                       ? NRT_PROJECT_SPLIT_RANDOM : NRT_PROJECT_SPLIT_LAST_ROWS;
  project->fit.validation_data = run->validate_on_test
                                 ? NRT_PROJECT_VALIDATION_DATA_TEST
                                 : NRT_PROJECT_VALIDATION_DATA_VALIDATION;
  project->dataset.derived_features = run->derived_features;
  /* A resumed project keeps the app's view of it. */
  if (run->project != NULL)
    {
      project->view.page = g_strdup (run->project->view.page);
      project->view.plane = g_strdup (run->project->view.plane);
      project->view.log_scale = run->project->view.log_scale;
    }
  if (run->logs != NULL)
    g_array_append_vals (project->history, run->logs->data, run->logs->len);

  /* The project borrows the model for the write; it must not free it. */
  project->model = run->model;
  saved = nrt_project_save (project, path, &local_error);
  project->model = NULL;
  if (!saved)
    {
      g_set_error_literal (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED, local_error->message);
      return FALSE;
    }
  return TRUE;
}
