/* nrt-window-project.c: the window as a project: describing what it shows
 * as an NrtProject and writing it to a .neurite file. Opening a file is in
 * nrt-window-project-open.c, and the actions, the title and the recent
 * files in nrt-window-project-actions.c. */
#define G_LOG_DOMAIN "neurite-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "io/nrt-builtins.h"

#include "nrt-window-private.h"

/* Fills the data source of project from the dataset the window shows. */
static gboolean
describe_dataset (NrtWindow *self, NrtProject *project, const NrtTrainerConfig *config,
                  GError **error)
{
  NrtProjectDataset *dataset = &project->dataset;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *display_name = NULL;
  const NrtBuiltinDataset *builtins;
  int n_builtins = 0;

  builtins = nrt_builtins_list (&n_builtins);
  dataset->derived_features = config->derived_features;
  /* The window's dataset contains the features as loaded, and the worker adds
   * the derived ones. */
  nrt_project_dataset_set_names (dataset, self->dataset, self->dataset->n_features);

  if (self->selected_dataset < (guint) n_builtins)
    {
      dataset->kind = NRT_PROJECT_DATASET_BUILTIN;
      dataset->builtin_id = g_strdup (builtins[self->selected_dataset].id);
      dataset->samples = gtk_spin_button_get_value_as_int (self->samples_spin);
      dataset->noise = gtk_spin_button_get_value (self->noise_spin);
      return TRUE;
    }

  if (self->csv_path == NULL || self->csv_options == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The window shows no dataset that a project can name."));
      return FALSE;
    }

  /* The checksum is of the file as loaded, so a file changed on disk since
   * then is reported as changed when the project is opened. */
  dataset->kind = NRT_PROJECT_DATASET_CSV;
  dataset->path = g_canonicalize_filename (self->csv_path, NULL);
  if (self->csv_sha256 != NULL)
    dataset->sha256 = g_strdup (self->csv_sha256);
  else
    dataset->sha256 = nrt_project_compute_sha256 (self->csv_path, &local_error);
  if (dataset->sha256 == NULL)
    {
      display_name = g_filename_display_name (self->csv_path);
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("The data file “%s” was not found. It may have been moved or deleted. "
                       "Put the file back at that path, or open the CSV file again with "
                       "Open CSV…."), display_name);
      else
        g_set_error (error, local_error->domain, local_error->code,
                     _("The data file “%s” cannot be read: %s. Make it readable at that "
                       "path, or open the CSV file again with Open CSV…."),
                     display_name, local_error->message);
      return FALSE;
    }
  dataset->csv = *self->csv_options;
  dataset->csv.labels = g_strdupv (self->csv_options->labels);
  dataset->csv.features = g_strdupv (self->csv_options->features);
  return TRUE;
}

/* Copies the newest published weights, optimizer state and history into
 * project->model when they belong to a model of the same layout. */
static void
describe_training (NrtWindow *self, NrtProject *project)
{
  const NrtTrainerWeights *weights = self->weights;
  NrtOptimizer *optimizer = nrt_model_get_optimizer (project->model);
  gsize n_params = nrt_model_get_n_params (project->model);
  NrtError err = { 0 };

  if (weights == NULL || weights->n_params != n_params
      || weights->n_slots != nrt_optimizer_get_n_slots (optimizer))
    return;

  memcpy (nrt_model_get_params (project->model), weights->params, n_params * sizeof (float));
  for (int i = 0; i < weights->n_slots; i++)
    memcpy (nrt_optimizer_get_slot (optimizer, i), weights->slots + (gsize) i * n_params,
            n_params * sizeof (float));
  if (nrt_optimizer_set_iterations (optimizer, weights->iterations, &err) != NRT_OK)
    g_warning ("Could not copy the optimizer's step count: %s", err.message);

  /* The worker publishes the history rows of an epoch with the weights
   * after it, so the history has at least weights->epoch rows. */
  project->fit.epochs_done = weights->epoch;
  for (guint i = 0; i < self->history->len; i++)
    {
      const NrtLogs *logs = &g_array_index (self->history, NrtLogs, i);

      if (logs->epoch < weights->epoch)
        g_array_append_val (project->history, *logs);
    }
  if (project->history->len != (guint) weights->epoch)
    {
      g_warning ("The history has %u of %d epochs; saving the weights of epoch 0",
                 project->history->len, weights->epoch);
      g_array_set_size (project->history, 0);
      project->fit.epochs_done = 0;
    }
}

static void
describe_view (NrtWindow *self, NrtProject *project)
{
  GVariant *plane = g_action_group_get_action_state (G_ACTION_GROUP (self), "plane");

  project->view.page = g_strdup (gtk_stack_get_visible_child_name (self->view_stack));
  if (project->view.page == NULL)
    project->view.page = g_strdup ("training");
  if (plane != NULL && self->dataset->n_features > 2)
    project->view.plane = g_variant_dup_string (plane, NULL);
  g_clear_pointer (&plane, g_variant_unref);
  project->view.log_scale = gtk_check_button_get_active (self->log_scale_check);
}

NrtProject *
nrt_window_project_describe (NrtWindow *self, GError **error)
{
  g_autoptr (NrtTrainerConfig) config = NULL;
  g_autoptr (NrtTrainerSplits) splits = NULL;
  g_autoptr (NrtProject) project = NULL;

  g_return_val_if_fail (NRT_IS_WINDOW (self), NULL);

  if (self->dataset == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no data yet. Wait until the dataset has loaded."));
      return NULL;
    }
  config = nrt_window_build_config (self);
  if (config == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not copy the data of the window."));
      return NULL;
    }

  /* Step 1: the model of the controls, built as the worker builds it, so
   * that its normalization is adapted to the same training part. */
  splits = nrt_trainer_splits_new (config, error);
  if (splits == NULL)
    return NULL;
  project = nrt_project_new ();
  project->model = nrt_trainer_model_new (config, splits, error);
  if (project->model == NULL)
    return NULL;

  /* Step 2: the data source and the fit settings. The window draws its
   * parts at random, stratified by class, unless an opened project held
   * out its last rows. Its second loss curve is the validation part's, or
   * the test part's without one. */
  if (!describe_dataset (self, project, config, error))
    return NULL;
  project->fit.batch_size = config->batch_size;
  project->fit.shuffle = config->shuffle;
  project->fit.seed = config->seed;
  project->fit.validation_split = config->validation_fraction;
  project->fit.test_split = config->test_fraction;
  project->fit.split = config->split_kind == NRT_TRAINER_SPLIT_LAST_ROWS
                       ? NRT_PROJECT_SPLIT_LAST_ROWS
                       : NRT_PROJECT_SPLIT_RANDOM;
  project->fit.validation_data = config->validation_fraction == 0 && config->test_fraction > 0
                                 ? NRT_PROJECT_VALIDATION_DATA_TEST
                                 : NRT_PROJECT_VALIDATION_DATA_VALIDATION;

  /* Step 3: the run's newest weights, optimizer state and history. */
  describe_training (self, project);
  describe_view (self, project);
  return g_steal_pointer (&project);
}

gboolean
nrt_window_project_save (NrtWindow *self, const char *path, GError **error)
{
  g_autoptr (NrtProject) project = NULL;

  project = nrt_window_project_describe (self, error);
  if (project == NULL || !nrt_project_save (project, path, error))
    return FALSE;

  g_free (self->project_path);
  self->project_path = g_strdup (path);
  nrt_code_view_set_project_path (self->code_view, path);
  self->modified = FALSE;
  self->saved_run = self->run;
  self->saved_epoch = project->fit.epochs_done;
  nrt_window_project_update_title (self);
  nrt_window_project_add_recent (self, path);
  return TRUE;
}
