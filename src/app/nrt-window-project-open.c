/* nrt-window-project-open.c: opening a .neurite project in the window.
 *
 * The file is read and checked first, then its data is loaded: a built-in
 * dataset at once, a CSV file in a worker thread after its checksum. Only
 * when the data and the model fit together do the controls change, so a
 * file that cannot be opened leaves the current work as it was. A missing
 * or changed CSV file gets a dialog that offers to locate it. */
#define G_LOG_DOMAIN "neurite-window"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/nrt-features.h"
#include "core/nrt-loss.h"
#include "io/nrt-builtins.h"

#include "nrt-dialogs.h"
#include "nrt-layer-row.h"
#include "nrt-window-private.h"

/* An open in progress: the project and the file it came from. */
typedef struct {
  NrtWindow *window;          /* a reference */
  char *path;
  NrtProject *project;
  char *data_path;            /* the CSV file to read: the saved one or the located one */
} ProjectOpen;

static void
project_open_free (ProjectOpen *open)
{
  g_clear_object (&open->window);
  g_free (open->path);
  nrt_project_free (open->project);
  g_free (open->data_path);
  g_free (open);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProjectOpen, project_open_free)

/* Shows message in a modal dialog with a Close button. The window keeps
 * its current work. */
void
nrt_window_project_show_error (NrtWindow *self, const char *message)
{
  g_warning ("%s", message);
  nrt_show_error_dialog (GTK_WINDOW (self), _("Could not open the project"), message);
}

/* Rejects what the window's controls cannot show, naming the JSON member.
 * neurite-cli can continue such projects. */
static gboolean
check_controls (const ProjectOpen *open, GError **error)
{
  const NrtProject *project = open->project;
  const NrtOptimizerConfig *optimizer;
  const NrtLossConfig *loss = nrt_model_get_loss (project->model);
  int n_layers = nrt_model_get_n_layers (project->model);
  g_autofree char *name = g_filename_display_name (open->path);
  const char *member = NULL;
  g_autofree char *reason = NULL;

  optimizer = nrt_optimizer_get_config (nrt_model_get_optimizer (project->model));

  if (n_layers - 1 > NRT_WINDOW_MAX_HIDDEN_LAYERS)
    {
      member = "model.layers";
      reason = g_strdup_printf (_("the model has %d hidden layers, and the window shows at most "
                                  "%d"), n_layers - 1, NRT_WINDOW_MAX_HIDDEN_LAYERS);
    }
  if (member == NULL && project->fit.seed > 999999)
    {
      member = "fit.seed";
      reason = g_strdup (_("the window’s seed goes from 0 to 999999"));
    }
  if (member == NULL && project->fit.batch_size > 1024)
    {
      member = "fit.batch_size";
      reason = g_strdup (_("the window’s batch size goes from 1 to 1024"));
    }
  if (member == NULL && (project->fit.validation_split > 0.9 || project->fit.test_split > 0.9))
    {
      member = "fit.validation_split";
      reason = g_strdup (_("the window holds out at most 0.9 for validation and for the test"));
    }
  if (member == NULL && (optimizer->learning_rate < 0.0001 || optimizer->learning_rate > 10))
    {
      member = "compile.optimizer.learning_rate";
      reason = g_strdup (_("the window’s learning rate goes from 0.0001 to 10"));
    }
  if (member == NULL && project->dataset.kind == NRT_PROJECT_DATASET_BUILTIN)
    {
      const NrtBuiltinDataset *builtin = nrt_builtins_find (project->dataset.builtin_id);

      if (builtin == NULL)
        {
          member = "dataset.id";
          reason = g_strdup_printf (_("this Neurite has no built-in dataset “%s”"),
                                    project->dataset.builtin_id);
        }
      else if (builtin->is_generator
               && (project->dataset.samples < 20 || project->dataset.samples > 5000
                   || project->dataset.noise < 0 || project->dataset.noise > 1))
        {
          member = "dataset.samples";
          reason = g_strdup (_("the window generates 20 to 5000 samples with a noise from 0 "
                               "to 1"));
        }
    }
  if (member == NULL && loss->kind >= NRT_LOSS_COUNT)
    member = "compile.loss";

  if (member == NULL)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               _("The project “%s” cannot be shown in the window: %s: %s. Continue it with "
                 "neurite-cli train --project."),
               name, member, reason != NULL ? reason : _("unsupported value"));
  return FALSE;
}

/* Returns the output units the window would give dataset with loss: the
 * rule of nrt_window_get_output_units. */
static int
expected_output_units (const NrtDataset *dataset, NrtLossKind loss)
{
  if (dataset->task == NRT_TASK_CLASSIFICATION)
    {
      if (dataset->n_classes > 2 || loss == NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY)
        return dataset->n_classes;
      return 1;
    }
  return dataset->n_targets;
}

/* Checks that the model of the project fits dataset: its inputs, output
 * units and loss. */
static gboolean
check_data (const ProjectOpen *open, const NrtDataset *dataset, GError **error)
{
  const NrtProject *project = open->project;
  const NrtLossConfig *loss = nrt_model_get_loss (project->model);
  unsigned derived = project->dataset.derived_features;
  int n_outputs = nrt_model_get_n_outputs (project->model);
  int n_inputs = dataset->n_features;
  g_autofree char *name = g_filename_display_name (open->path);
  NrtError err = { 0 };

  if (derived != 0 && dataset->n_features != 2)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Invalid project file “%s”: dataset.derived_features: derived features "
                     "need data of 2 features, and the data has %d."),
                   name, dataset->n_features);
      return FALSE;
    }
  /* The count includes the two features they are computed from. */
  if (derived != 0)
    n_inputs = nrt_derived_features_count (derived);
  if (nrt_model_get_n_inputs (project->model) != n_inputs)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Invalid project file “%s”: model.inputs: the model takes %d inputs, but "
                     "the data and its derived features give %d."),
                   name, nrt_model_get_n_inputs (project->model), n_inputs);
      return FALSE;
    }
  if (n_outputs != expected_output_units (dataset, loss->kind))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The project “%s” cannot be shown in the window: model.layers: the output "
                     "layer has %d units, and the window gives this data and loss %d. Continue "
                     "it with neurite-cli train --project."),
                   name, n_outputs, expected_output_units (dataset, loss->kind));
      return FALSE;
    }
  if (nrt_loss_check_targets (loss, n_outputs, dataset->y, (size_t) dataset->n_samples, &err)
      != NRT_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Invalid project file “%s”: compile.loss: the labels of the data do not "
                     "fit the loss: %s"),
                   name, err.message);
      return FALSE;
    }
  return TRUE;
}

/* Copies the project's weights, optimizer state and history for the
 * worker. */
static NrtTrainerResume *
resume_new (NrtProject *project)
{
  NrtTrainerResume *resume = g_new0 (NrtTrainerResume, 1);
  NrtOptimizer *optimizer = nrt_model_get_optimizer (project->model);
  gsize n_params = nrt_model_get_n_params (project->model);

  resume->epochs_done = project->fit.epochs_done;
  resume->iterations = nrt_optimizer_get_iterations (optimizer);
  resume->n_params = n_params;
  resume->params = g_memdup2 (nrt_model_get_params (project->model), n_params * sizeof (float));
  resume->n_slots = nrt_optimizer_get_n_slots (optimizer);
  if (resume->n_slots > 0)
    resume->slots = g_new (float, (gsize) resume->n_slots * n_params);
  for (int i = 0; i < resume->n_slots; i++)
    memcpy (resume->slots + (gsize) i * n_params, nrt_optimizer_get_slot (optimizer, i),
            n_params * sizeof (float));
  resume->history = g_array_ref (project->history);
  return resume;
}

/* Sets a split's spin button to fraction with as many digits as it needs,
 * at least 2 and at most 6. A spin button that showed 0.13 for 0.125 would
 * set its value to the text it shows once it loses the focus. */
static void
set_fraction (GtkSpinButton *spin, double fraction)
{
  guint digits = 2;

  while (digits < 6 && fabs (fraction * pow (10, digits) - round (fraction * pow (10, digits)))
                       > 1e-6)
    digits++;
  gtk_spin_button_set_digits (spin, MAX (digits, gtk_spin_button_get_digits (spin)));
  gtk_spin_button_set_value (spin, fraction);
}

/* Sets the layer list, the loss, the optimizer and the fit controls from
 * the project. Call it with self->updating raised, so that no control
 * starts a run. */
static void
set_controls (NrtWindow *self, const NrtProject *project)
{
  NrtModel *model = project->model;
  const NrtLossConfig *loss = nrt_model_get_loss (model);
  const NrtOptimizerConfig *optimizer = nrt_optimizer_get_config (nrt_model_get_optimizer (model));
  int n_layers = nrt_model_get_n_layers (model);
  unsigned derived = project->dataset.derived_features;
  gboolean output_bias;
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (self->layers_list, 0)) != NULL)
    gtk_list_box_remove (self->layers_list, GTK_WIDGET (row));
  for (int i = 0; i < n_layers - 1; i++)
    {
      const NrtDenseConfig *layer = nrt_model_get_layer (model, i);
      GtkWidget *added = nrt_window_append_layer (self, layer->units, layer->activation);

      nrt_layer_row_set_use_bias (NRT_LAYER_ROW (added), layer->use_bias);
    }
  nrt_window_renumber_layers (self);
  gtk_drop_down_set_selected (self->output_activation_dropdown,
                              nrt_model_get_layer (model, n_layers - 1)->activation);
  /* Like a layer row's, the output layer's Bias check box shows only for a
   * layer without bias. */
  output_bias = nrt_model_get_layer (model, n_layers - 1)->use_bias;
  gtk_check_button_set_active (self->output_bias_check, output_bias);
  gtk_widget_set_visible (GTK_WIDGET (self->output_bias_check), !output_bias);

  gtk_drop_down_set_selected (self->loss_dropdown, loss->kind);
  gtk_widget_set_sensitive (GTK_WIDGET (self->from_logits_check),
                            nrt_loss_is_crossentropy (loss->kind));
  gtk_check_button_set_active (self->from_logits_check, loss->from_logits);
  gtk_drop_down_set_selected (self->optimizer_dropdown, optimizer->kind);
  self->optimizer_settings = *optimizer;
  gtk_spin_button_set_value (self->learning_rate_spin, optimizer->learning_rate);
  gtk_spin_button_set_value (self->batch_size_spin, project->fit.batch_size);

  set_fraction (self->validation_spin, project->fit.validation_split);
  set_fraction (self->test_spin, project->fit.test_split);
  nrt_window_data_set_split_kind (self, project->fit.split == NRT_PROJECT_SPLIT_LAST_ROWS
                                        ? NRT_TRAINER_SPLIT_LAST_ROWS
                                        : NRT_TRAINER_SPLIT_RANDOM);
  g_action_group_change_action_state (G_ACTION_GROUP (self), "shuffle",
                                      g_variant_new_boolean (project->fit.shuffle));
  gtk_switch_set_active (self->normalize_switch, nrt_model_has_normalization (model));
  gtk_toggle_button_set_active (self->x1_squared_toggle, (derived & NRT_DERIVED_X1_SQUARED) != 0);
  gtk_toggle_button_set_active (self->x2_squared_toggle, (derived & NRT_DERIVED_X2_SQUARED) != 0);
  gtk_toggle_button_set_active (self->x1_times_x2_toggle,
                                (derived & NRT_DERIVED_X1_TIMES_X2) != 0);
  gtk_toggle_button_set_active (self->sin_x1_toggle, (derived & NRT_DERIVED_SIN_X1) != 0);
  gtk_toggle_button_set_active (self->sin_x2_toggle, (derived & NRT_DERIVED_SIN_X2) != 0);
}

/* Restores the page, the plane and the log scale of the project. */
static void
set_view (NrtWindow *self, const NrtProjectView *view)
{
  g_autoptr (GError) error = NULL;

  if (view->page == NULL)
    return;

  if (gtk_stack_get_child_by_name (self->view_stack, view->page) != NULL)
    g_action_group_change_action_state (G_ACTION_GROUP (self), "view",
                                        g_variant_new_string (view->page));
  else
    g_warning ("The project's view.page “%s” is not a page of this window", view->page);
  if (view->plane != NULL && self->dataset->n_features > 2
      && !nrt_window_data_set_plane (self, view->plane, &error))
    g_warning ("The project's view.plane is invalid: %s", error->message);
  gtk_check_button_set_active (self->log_scale_check, view->log_scale);
}

/* Makes the window show the project with dataset, which it takes, and
 * continues the saved run. Returns FALSE with error set, and without
 * changing the window, when they do not fit together. */
static gboolean
apply_project (ProjectOpen *open, NrtDataset *dataset, GError **error)
{
  NrtWindow *self = open->window;
  NrtProject *project = open->project;
  guint previous_run = self->run;

  if (!check_data (open, dataset, error))
    {
      nrt_dataset_free (dataset);
      return FALSE;
    }

  /* Step 1: the data, with every restart held back until the controls
   * are set. */
  self->updating++;
  if (project->dataset.kind == NRT_PROJECT_DATASET_BUILTIN)
    {
      const NrtBuiltinDataset *builtins;
      int n = 0;

      builtins = nrt_builtins_list (&n);
      for (int i = 0; i < n; i++)
        if (g_str_equal (builtins[i].id, project->dataset.builtin_id))
          {
            gtk_spin_button_set_value (self->samples_spin, project->dataset.samples);
            gtk_spin_button_set_value (self->noise_spin, project->dataset.noise);
            gtk_spin_button_set_value (self->seed_spin, (double) project->fit.seed);
            gtk_drop_down_set_selected (self->dataset_dropdown, (guint) i);
            self->selected_dataset = (guint) i;
            nrt_window_take_dataset (self, g_steal_pointer (&dataset), &builtins[i]);
          }
    }
  else
    {
      gtk_spin_button_set_value (self->seed_spin, (double) project->fit.seed);
      nrt_window_take_csv (self, open->data_path, &project->dataset.csv,
                           g_steal_pointer (&dataset));
    }
  /* Only an unknown id, which check_controls rejects, leaves dataset. */
  g_clear_pointer (&dataset, nrt_dataset_free);

  /* Step 2: the controls, then one restart that continues the saved run.
   * NOTE: without a validation part the window's second curve and the
   * history's val_ values are the test part's, also when the saved history
   * has no val_ values (fit.validation_data "validation"), so a resumed
   * history can mix both. */
  set_controls (self, project);
  self->updating--;
  nrt_window_update_from_logits (self);
  nrt_window_update_output_label (self);
  g_clear_pointer (&self->pending_resume, nrt_trainer_resume_free);
  self->pending_resume = resume_new (project);
  nrt_window_restart (self);
  g_clear_pointer (&self->pending_resume, nrt_trainer_resume_free);
  if (self->run == previous_run)
    {
      g_autofree char *name = g_filename_display_name (open->path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The project “%s” does not fit the window’s controls; its settings are "
                     "shown, and the message above the plots says why."),
                   name);
      return FALSE;
    }

  /* Step 3: the view, and the window's file. */
  set_view (self, &project->view);
  g_free (self->project_path);
  self->project_path = g_strdup (open->path);
  nrt_code_view_set_project_path (self->code_view, open->path);
  self->saved_run = self->run;
  self->saved_epoch = project->fit.epochs_done;
  self->epoch = project->fit.epochs_done;
  self->modified = FALSE;
  nrt_window_project_update_title (self);
  nrt_window_project_add_recent (self, open->path);
  return TRUE;
}

static void
finish_open (ProjectOpen *open, NrtDataset *dataset)
{
  g_autoptr (GError) error = NULL;

  if (!apply_project (open, dataset, &error))
    nrt_window_project_show_error (open->window, error->message);
}

static void
load_csv_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ProjectOpen *open = task_data;
  GError *error = NULL;
  NrtDataset *dataset;

  dataset = nrt_csv_load_with_options (open->data_path, &open->project->dataset.csv, NULL, NULL,
                                       cancellable, NULL, &error);
  if (dataset == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, dataset, (GDestroyNotify) nrt_dataset_free);
}

static void
load_csv_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ProjectOpen *open = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  NrtDataset *dataset;

  dataset = g_task_propagate_pointer (G_TASK (result), &error);
  if (dataset == NULL)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("Could not read the data of the project “%s”: %s"),
                                 open->path, error->message);
      nrt_window_project_show_error (open->window, message);
      return;
    }
  finish_open (open, dataset);
}

static void
load_csv (ProjectOpen *open)
{
  g_autoptr (GTask) task = g_task_new (open->window, NULL, load_csv_cb, NULL);

  g_task_set_source_tag (task, load_csv);
  g_task_set_task_data (task, open, (GDestroyNotify) project_open_free);
  g_task_run_in_thread (task, load_csv_thread);
}

static void locate_response_cb (GtkNativeDialog *chooser, int response, ProjectOpen *open);
static void locate_dialog_response_cb (GtkDialog *dialog, int response, gpointer user_data);

/* Offers to locate the project's CSV file, which is missing or changed.
 * Takes open. */
static void
ask_locate (ProjectOpen *open, const char *reason)
{
  g_autofree char *base = g_path_get_basename (open->path);
  g_autofree char *name = g_filename_display_name (base);
  GtkWidget *dialog;

  dialog = gtk_message_dialog_new (GTK_WINDOW (open->window),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_WARNING, GTK_BUTTONS_NONE,
                                   _("The data of the project “%s” is not available"), name);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            _("%s%s\n\nChoose Locate to pick a file with the "
                                              "same contents, or Cancel to keep the current "
                                              "work."),
                                            reason, g_str_has_suffix (reason, ".") ? "" : ".");
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL,
                          _("_Locate…"), GTK_RESPONSE_ACCEPT, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_object_set_data_full (G_OBJECT (dialog), "neurite-project-open", open,
                          (GDestroyNotify) project_open_free);
  g_signal_connect (dialog, "response", G_CALLBACK (locate_dialog_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
locate_dialog_response_cb (GtkDialog *dialog, int response, gpointer user_data)
{
  ProjectOpen *open = g_object_steal_data (G_OBJECT (dialog), "neurite-project-open");
  GtkFileChooserNative *chooser;
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response != GTK_RESPONSE_ACCEPT)
    {
      project_open_free (open);
      return;
    }

  chooser = gtk_file_chooser_native_new (_("Locate the Data"), GTK_WINDOW (open->window),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_pattern (filter, "*.CSV");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (locate_response_cb), open);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Opens the project with the located file when its SHA-256 is the saved
 * one. Another file is rejected: the saved weights, parts and history
 * were computed from the saved rows, so training would not continue as
 * saved. */
static void
locate_response_cb (GtkNativeDialog *chooser, int response, ProjectOpen *open)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *sha256 = NULL;

  file = nrt_file_chooser_finish (chooser, response);
  if (file == NULL)
    {
      project_open_free (open);
      return;
    }

  path = g_file_get_path (file);
  sha256 = path != NULL ? nrt_project_compute_sha256 (path, &error) : NULL;
  if (sha256 == NULL)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("Could not read the located file: %s"),
                                 error != NULL ? error->message : _("it is not a local file"));
      nrt_window_project_show_error (open->window, message);
      project_open_free (open);
      return;
    }
  if (g_ascii_strcasecmp (sha256, open->project->dataset.sha256) != 0)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("The file “%s” is not the data of the project: its SHA-256 "
                                   "is %s, and the project was trained on a file with the "
                                   "SHA-256 %s. Training would not continue as saved, so the "
                                   "project was not opened."),
                                 path, sha256, open->project->dataset.sha256);
      nrt_window_project_show_error (open->window, message);
      project_open_free (open);
      return;
    }

  g_free (open->data_path);
  open->data_path = g_steal_pointer (&path);
  load_csv (open);
}

void
nrt_window_project_open (NrtWindow *self, const char *path)
{
  g_autoptr (ProjectOpen) open = g_new0 (ProjectOpen, 1);
  g_autoptr (GError) error = NULL;
  NrtDataset *dataset;

  open->window = g_object_ref (self);
  open->path = g_strdup (path);
  open->project = nrt_project_load (path, &error);
  if (open->project == NULL || !check_controls (open, &error))
    {
      nrt_window_project_show_error (self, error->message);
      return;
    }

  /* A built-in dataset loads at once. */
  if (open->project->dataset.kind == NRT_PROJECT_DATASET_BUILTIN)
    {
      dataset = nrt_builtins_load (open->project->dataset.builtin_id,
                                   open->project->dataset.samples,
                                   open->project->dataset.noise, open->project->fit.seed,
                                   &error);
      if (dataset == NULL)
        {
          g_autofree char *message = NULL;

          message = g_strdup_printf (_("Could not load the dataset of the project “%s”: %s"),
                                     path, error->message);
          nrt_window_project_show_error (self, message);
          return;
        }
      finish_open (open, dataset);
      return;
    }

  /* A CSV file must have the saved checksum. */
  open->data_path = g_strdup (open->project->dataset.path);
  if (!nrt_project_check_dataset (open->project, &error))
    {
      ask_locate (g_steal_pointer (&open), error->message);
      return;
    }
  load_csv (g_steal_pointer (&open));
}
