/* nrt-window.c: the main window's controls, the data it loads and the
 * hand-off from the training worker. The actions live in
 * nrt-window-actions.c, the split and plane controls in nrt-window-data.c,
 * and the output layer and loss of each task in nrt-window-task.c. */
#define G_LOG_DOMAIN "neurite-window"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "io/nrt-builtins.h"
#include "io/nrt-csv.h"

#include "nrt-layer-row.h"
#include "nrt-window-private.h"

G_DEFINE_FINAL_TYPE (NrtWindow, nrt_window, GTK_TYPE_APPLICATION_WINDOW)

/* The example the window opens on. nrt-window.ui sets its noise (0.1) and
 * learning rate (0.001, Keras's default for Adam). At up to 100 epochs a
 * second, the regions take shape within about two seconds of Play. The
 * overlapping points keep the loss above 0, so later gradients are not all 0. */
#define DEFAULT_DATASET "circle"
static const NrtDenseConfig default_hidden_layers[] = {
  { 6, NRT_ACTIVATION_TANH, TRUE, NRT_INITIALIZER_GLOROT_UNIFORM },
  { 3, NRT_ACTIVATION_TANH, TRUE, NRT_INITIALIZER_GLOROT_UNIFORM },
};

/* The dataset drop-down shows at most this many characters of a title, so
 * that a long title such as "Breast cancer (Wisconsin diagnostic)" does not
 * widen the controls. */
#define DATASET_TITLE_MAX_CHARS 24

static int
n_builtins (void)
{
  int n = 0;

  nrt_builtins_list (&n);
  return n;
}

static guint
csv_item_position (NrtWindow *self)
{
  return self->csv_path != NULL ? (guint) n_builtins () : GTK_INVALID_LIST_POSITION;
}

static guint
open_item_position (NrtWindow *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->dataset_items)) - 1;
}

void
nrt_window_show_error (NrtWindow *self, const char *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_info_bar_set_revealed (self->error_bar, TRUE);
}

void
nrt_window_hide_error (NrtWindow *self)
{
  gtk_info_bar_set_revealed (self->error_bar, FALSE);
  /* GTK 4.8 does not tell assistive technologies that the bar is hidden,
   * so its old message must not stay readable. */
  gtk_label_set_label (self->error_label, "");
}

static void
nrt_window_error_bar_response_cb (NrtWindow *self, int response)
{
  nrt_window_hide_error (self);
}

/* Enables the noise control for the generators that use noise, and explains
 * in its tooltip why it is disabled otherwise. */
static void
nrt_window_update_noise_control (NrtWindow *self, const NrtBuiltinDataset *builtin)
{
  const char *tooltip;
  gboolean uses_noise = FALSE;

  if (builtin == NULL || !builtin->is_generator)
    tooltip = _("Noise applies to generated datasets only.");
  else if (builtin->generator == NRT_GENERATOR_BLOBS)
    tooltip = _("The four blobs ignore noise: each cluster spreads with a fixed standard "
                "deviation of 1.");
  else
    {
      uses_noise = TRUE;
      tooltip = _("Noise of the generated points, from 0 to 1. TensorFlow Playground’s noise "
                  "slider, 0 to 50, covers 0 to 0.5 of this range.");
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->noise_spin), uses_noise);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->noise_spin), tooltip);
}

/* Takes dataset as the data of the following runs. builtin is the built-in
 * entry it came from, or NULL for a CSV file. */
void
nrt_window_take_dataset (NrtWindow *self, NrtDataset *dataset, const NrtBuiltinDataset *builtin)
{
  gboolean generated = builtin != NULL && builtin->is_generator;
  gboolean task_changed;
  gboolean kind_changed;

  task_changed = !nrt_window_same_task (self->dataset, dataset);
  kind_changed = self->dataset == NULL || generated != self->dataset_is_generated;
  g_clear_pointer (&self->dataset, nrt_dataset_free);
  self->dataset = dataset;
  self->dataset_is_generated = generated;

  nrt_window_update_noise_control (self, builtin);
  gtk_widget_set_sensitive (GTK_WIDGET (self->samples_spin), generated);
  nrt_window_data_dataset_changed (self, kind_changed);
  if (task_changed)
    nrt_window_apply_task_defaults (self);
  nrt_window_update_output_label (self);
  nrt_window_restart (self);
}

/* Loads the selected built-in dataset; generators use the noise, sample
 * count and seed controls. */
static void
nrt_window_load_builtin (NrtWindow *self, guint position)
{
  const NrtBuiltinDataset *builtins;
  g_autoptr (GError) error = NULL;
  NrtDataset *dataset;
  int n = 0;

  builtins = nrt_builtins_list (&n);
  g_return_if_fail (position < (guint) n);

  dataset = nrt_builtins_load (builtins[position].id,
                               gtk_spin_button_get_value_as_int (self->samples_spin),
                               gtk_spin_button_get_value (self->noise_spin),
                               (guint64) gtk_spin_button_get_value_as_int (self->seed_spin),
                               &error);
  if (dataset == NULL)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("Could not load the dataset “%s”: %s"),
                                 _(builtins[position].title), error->message);
      nrt_window_show_error (self, message);
      return;
    }
  nrt_window_take_dataset (self, dataset, &builtins[position]);
}

/* A read of the CSV file in the list, with the options of its import. */
typedef struct {
  char *path;
  NrtCsvOptions *options;
} CsvLoad;

static void
csv_load_free (CsvLoad *load)
{
  g_free (load->path);
  nrt_import_options_free (load->options);
  g_free (load);
}

static void
nrt_window_load_csv_thread (GTask *task, gpointer source, gpointer task_data,
                            GCancellable *cancellable)
{
  CsvLoad *load = task_data;
  GError *error = NULL;
  NrtDataset *dataset;

  dataset = nrt_csv_load_with_options (load->path, load->options, NULL, NULL, cancellable, NULL,
                                       &error);
  if (dataset == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, dataset, (GDestroyNotify) nrt_dataset_free);
}

static void
nrt_window_load_csv_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  NrtWindow *self = NRT_WINDOW (source);
  g_autoptr (GError) error = NULL;
  CsvLoad *load = g_task_get_task_data (G_TASK (result));
  NrtDataset *dataset;

  dataset = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (dataset == NULL)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("Could not open the CSV file: %s"), error->message);
      nrt_window_show_error (self, message);
      return;
    }
  nrt_window_take_csv (self, load->path, load->options, dataset);
}

/* Makes the file the item just before "Open CSV…", replacing an earlier
 * file, and takes dataset, read from it with options. The options are
 * copied for later reloads. */
void
nrt_window_take_csv (NrtWindow *self, const char *path, const NrtCsvOptions *options,
                     NrtDataset *dataset)
{
  g_autofree char *name = g_path_get_basename (path);
  char *path_copy = g_strdup (path);
  NrtCsvOptions *options_copy = nrt_import_options_copy (options);
  guint position = (guint) n_builtins ();

  self->updating++;
  if (self->csv_path != NULL)
    gtk_string_list_splice (self->dataset_items, position, 1, (const char *const[]) { name, NULL });
  else
    gtk_string_list_splice (self->dataset_items, position, 0, (const char *const[]) { name, NULL });
  g_free (self->csv_path);
  self->csv_path = path_copy;
  /* The checksum of the rows just read is computed once, because the
   * project names this content and the Code page describes the window
   * every second. */
  g_free (self->csv_sha256);
  self->csv_sha256 = nrt_project_compute_sha256 (path, NULL);
  nrt_import_options_free (self->csv_options);
  self->csv_options = options_copy;
  gtk_drop_down_set_selected (self->dataset_dropdown, position);
  self->selected_dataset = position;
  self->updating--;

  nrt_window_take_dataset (self, dataset, NULL);
}

/* Reads the file again in a worker, with the options of its import (the
 * reader's defaults for a file that was not imported through the dialog). */
void
nrt_window_load_csv (NrtWindow *self, GFile *file)
{
  g_autoptr (GTask) task = NULL;
  NrtCsvOptions defaults = nrt_csv_options_default ();
  char *path = g_file_get_path (file);
  CsvLoad *load;

  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("Could not open “%s”: only local files can be opened."), uri);
      nrt_window_show_error (self, message);
      return;
    }

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  load = g_new0 (CsvLoad, 1);
  load->path = path;
  load->options = nrt_import_options_copy (self->csv_options != NULL ? self->csv_options
                                                                     : &defaults);
  task = g_task_new (self, self->load_cancellable, nrt_window_load_csv_cb, NULL);
  g_task_set_source_tag (task, nrt_window_load_csv);
  g_task_set_task_data (task, load, (GDestroyNotify) csv_load_free);
  g_task_run_in_thread (task, nrt_window_load_csv_thread);
}

/* Reloads the data of the selected item, for a change of dataset or of the
 * generator settings. */
static void
nrt_window_reload_data (NrtWindow *self)
{
  guint position = gtk_drop_down_get_selected (self->dataset_dropdown);

  if (position == csv_item_position (self))
    {
      g_autoptr (GFile) file = g_file_new_for_path (self->csv_path);

      nrt_window_load_csv (self, file);
    }
  else if (position < (guint) n_builtins ())
    nrt_window_load_builtin (self, position);
}

/* Selects the built-in dataset with this id, such as "iris", which loads
 * it. Returns FALSE for an unknown id. */
gboolean
nrt_window_select_builtin (NrtWindow *self, const char *id)
{
  const NrtBuiltinDataset *builtins;
  int n = 0;

  builtins = nrt_builtins_list (&n);
  for (int i = 0; i < n; i++)
    if (g_str_equal (builtins[i].id, id))
      {
        gtk_drop_down_set_selected (self->dataset_dropdown, (guint) i);
        return TRUE;
      }
  return FALSE;
}

static void
nrt_window_dataset_selected_cb (NrtWindow *self)
{
  guint position = gtk_drop_down_get_selected (self->dataset_dropdown);

  if (self->updating > 0 || position == GTK_INVALID_LIST_POSITION)
    return;

  if (position == open_item_position (self))
    {
      /* The drop-down shows the current data until a file is loaded. */
      self->updating++;
      gtk_drop_down_set_selected (self->dataset_dropdown, self->selected_dataset);
      self->updating--;
      gtk_widget_activate_action (GTK_WIDGET (self), "win.open-dataset", NULL);
      return;
    }

  self->selected_dataset = position;
  nrt_window_reload_data (self);
}

static void
nrt_window_generator_changed_cb (NrtWindow *self)
{
  if (self->updating > 0)
    return;

  /* A file's data does not depend on the seed; only the split does. */
  if (self->dataset_is_generated)
    nrt_window_reload_data (self);
  else
    nrt_window_restart (self);
}

static void
nrt_window_network_changed_cb (NrtWindow *self)
{
  if (self->updating > 0)
    return;

  nrt_window_update_output_label (self);
  nrt_window_restart (self);
}

static void
nrt_window_loss_changed_cb (NrtWindow *self)
{
  if (self->updating > 0)
    return;

  nrt_window_update_from_logits (self);
  nrt_window_network_changed_cb (self);
}

static void
nrt_window_learning_rate_changed_cb (NrtWindow *self)
{
  nrt_trainer_set_learning_rate (self->trainer, gtk_spin_button_get_value (self->learning_rate_spin));
  nrt_window_code_changed (self);
}

void
nrt_window_renumber_layers (NrtWindow *self)
{
  GtkListBoxRow *row;
  int n = 0;

  while (gtk_list_box_get_row_at_index (self->layers_list, n) != NULL)
    n++;
  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->layers_list, i)) != NULL; i++)
    nrt_layer_row_set_position (NRT_LAYER_ROW (row), i + 1, n);
  nrt_window_update_action_states (self);
}

static void
nrt_window_layer_move_cb (NrtLayerRow *row, int direction, NrtWindow *self)
{
  int position = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) + direction;

  if (position < 0 || gtk_list_box_get_row_at_index (self->layers_list, position) == NULL)
    return;

  g_object_ref (row);
  gtk_list_box_remove (self->layers_list, GTK_WIDGET (row));
  gtk_list_box_insert (self->layers_list, GTK_WIDGET (row), position);
  gtk_list_box_select_row (self->layers_list, GTK_LIST_BOX_ROW (row));
  g_object_unref (row);

  nrt_window_renumber_layers (self);
  nrt_window_restart (self);
}

GtkWidget *
nrt_window_append_layer (NrtWindow *self, int units, NrtActivation activation)
{
  GtkWidget *row = nrt_layer_row_new (units, activation);

  g_signal_connect_object (row, "changed", G_CALLBACK (nrt_window_network_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "move", G_CALLBACK (nrt_window_layer_move_cb), self, 0);
  gtk_list_box_append (self->layers_list, row);
  nrt_window_renumber_layers (self);
  return row;
}

/* Collects the controls into a trainer configuration, or returns NULL when
 * there is no data yet. */
NrtTrainerConfig *
nrt_window_build_config (NrtWindow *self)
{
  g_autoptr (NrtTrainerConfig) config = nrt_trainer_config_new ();
  g_autofree int *indices = NULL;
  GtkListBoxRow *row;
  NrtError err = { 0 };
  int n_hidden = 0;

  if (self->dataset == NULL)
    return NULL;

  /* The worker owns its own copy of the data. */
  indices = g_new (int, self->dataset->n_samples);
  for (int i = 0; i < self->dataset->n_samples; i++)
    indices[i] = i;
  config->dataset = nrt_dataset_subset (self->dataset, indices, self->dataset->n_samples, &err);
  if (config->dataset == NULL)
    {
      nrt_window_show_error (self, err.message);
      return NULL;
    }

  while (gtk_list_box_get_row_at_index (self->layers_list, n_hidden) != NULL)
    n_hidden++;
  config->n_layers = n_hidden + 1;
  config->layers = g_new (NrtDenseConfig, config->n_layers);
  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->layers_list, i)) != NULL; i++)
    config->layers[i] = nrt_layer_row_get_config (NRT_LAYER_ROW (row));
  config->layers[n_hidden] = nrt_dense_config_default (nrt_window_get_output_units (self));
  config->layers[n_hidden].activation = gtk_drop_down_get_selected (self->output_activation_dropdown);
  config->layers[n_hidden].use_bias = gtk_check_button_get_active (self->output_bias_check);

  nrt_window_data_fill_config (self, config);
  config->seed = (guint64) gtk_spin_button_get_value_as_int (self->seed_spin);
  config->square_plane = self->dataset_is_generated;
  config->loss.kind = gtk_drop_down_get_selected (self->loss_dropdown);
  config->loss.from_logits = gtk_check_button_get_active (self->from_logits_check);
  config->optimizer = nrt_optimizer_config_default (gtk_drop_down_get_selected (self->optimizer_dropdown));
  if (self->optimizer_settings.kind == config->optimizer.kind)
    config->optimizer = self->optimizer_settings;
  config->optimizer.learning_rate = (float) gtk_spin_button_get_value (self->learning_rate_spin);
  config->batch_size = gtk_spin_button_get_value_as_int (self->batch_size_spin);
  config->shuffle = nrt_window_get_shuffle (self);
  return g_steal_pointer (&config);
}

/* Starts a new run from the controls: new model, new initial weights,
 * empty history. Playing goes on if it was on. When the output layer and
 * the loss do not suit the data, explains why, pauses and keeps the
 * previous run instead. */
void
nrt_window_restart (NrtWindow *self)
{
  NrtTrainerConfig *config;

  if (self->updating > 0)
    return;

  if (!nrt_window_update_fit (self))
    return;
  config = nrt_window_build_config (self);
  if (config == NULL)
    return;

  /* The worker measures the validation part when there is one, and the
   * test part otherwise. */
  gtk_label_set_label (self->test_loss_title, config->validation_fraction > 0
                                              ? _("Validation loss") : _("Test loss"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->test_loss_label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  config->validation_fraction > 0
                                  ? _("Validation loss after the last epoch")
                                  : _("Test loss after the last epoch"), -1);
  nrt_window_hide_error (self);
  config->resume = g_steal_pointer (&self->pending_resume);
  nrt_window_inside_restart (self, config);
  nrt_window_code_changed (self);
  self->run = nrt_trainer_reset (self->trainer, config);
  g_array_set_size (self->history, 0);
  nrt_window_project_update_title (self);
  nrt_loss_view_clear (self->loss_view);
  gtk_label_set_label (self->epoch_label, "0");
  gtk_label_set_label (self->train_loss_label, "–");
  gtk_label_set_label (self->test_loss_label, "–");
}

static void
format_loss (GtkLabel *label, double loss)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (loss))
    {
      gtk_label_set_label (label, "–");
      return;
    }
  g_snprintf (text, sizeof text, "%.4f", loss);
  gtk_label_set_label (label, text);
}

static void
nrt_window_apply_snapshot (NrtWindow *self, NrtTrainerSnapshot *snapshot)
{
  char epoch[32];

  if (snapshot->data != NULL)
    {
      nrt_regions_view_set_data (self->regions_view, snapshot->data);
      nrt_loss_view_set_test_is_validation (self->loss_view, snapshot->data->n_validation > 0);
    }
  if (snapshot->regions != NULL)
    nrt_regions_view_take_image (self->regions_view, g_steal_pointer (&snapshot->regions));
  if (snapshot->logs != NULL)
    g_array_append_vals (self->history, snapshot->logs->data, snapshot->logs->len);
  if (snapshot->train_loss != NULL && snapshot->train_loss->len > 0)
    nrt_loss_view_append (self->loss_view,
                          (const double *) (gpointer) snapshot->train_loss->data,
                          (const double *) (gpointer) snapshot->test_loss->data,
                          snapshot->train_loss->len);

  g_snprintf (epoch, sizeof epoch, "%d", snapshot->epoch);
  gtk_label_set_label (self->epoch_label, epoch);
  format_loss (self->train_loss_label, snapshot->current_train_loss);
  format_loss (self->test_loss_label, snapshot->current_test_loss);

  nrt_window_inside_apply_snapshot (self, snapshot);
  nrt_window_project_update_title (self);
  nrt_window_code_changed (self);

  if (snapshot->error != NULL)
    nrt_window_show_error (self, snapshot->error);
  if (snapshot->stopped)
    nrt_window_set_playing (self, FALSE);
}

/* Runs once per frame: picks up the worker's newest snapshot, if the lock
 * is free, and never waits for it. */
static gboolean
nrt_window_tick_cb (GtkWidget *widget, GdkFrameClock *frame_clock, gpointer user_data)
{
  NrtWindow *self = NRT_WINDOW (widget);
  NrtTrainerSnapshot snapshot = { 0 };

  if (self->trainer == NULL || !nrt_trainer_take_snapshot (self->trainer, &snapshot))
    {
      nrt_window_inside_page_changed (self);
      return G_SOURCE_CONTINUE;
    }

  if (snapshot.run == self->run)
    nrt_window_apply_snapshot (self, &snapshot);
  nrt_trainer_snapshot_clear (&snapshot);
  return G_SOURCE_CONTINUE;
}

static void
nrt_window_setup_datasets (NrtWindow *self)
{
  const NrtBuiltinDataset *builtins;
  int n = 0;

  builtins = nrt_builtins_list (&n);
  self->dataset_items = gtk_string_list_new (NULL);
  for (int i = 0; i < n; i++)
    {
      gtk_string_list_append (self->dataset_items, _(builtins[i].title));
      if (g_str_equal (builtins[i].id, DEFAULT_DATASET))
        self->selected_dataset = (guint) i;
    }
  gtk_string_list_append (self->dataset_items, _("Open CSV…"));

  self->updating++;
  nrt_window_ellipsize_dropdown (self->dataset_dropdown, DATASET_TITLE_MAX_CHARS);
  gtk_drop_down_set_model (self->dataset_dropdown, G_LIST_MODEL (self->dataset_items));
  gtk_drop_down_set_selected (self->dataset_dropdown, self->selected_dataset);
  self->updating--;
}

static void
nrt_window_dispose (GObject *object)
{
  NrtWindow *self = NRT_WINDOW (object);

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  /* Joins the worker, which stops within one batch. */
  g_clear_pointer (&self->trainer, nrt_trainer_free);
  nrt_window_inside_dispose (self);
  nrt_window_exports_dispose (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), NRT_TYPE_WINDOW);

  G_OBJECT_CLASS (nrt_window_parent_class)->dispose (object);
}

static void
nrt_window_finalize (GObject *object)
{
  NrtWindow *self = NRT_WINDOW (object);

  g_clear_pointer (&self->dataset, nrt_dataset_free);
  g_clear_object (&self->dataset_items);
  g_clear_object (&self->feature_items);
  g_free (self->csv_path);
  g_free (self->csv_sha256);
  nrt_import_options_free (self->csv_options);
  nrt_window_project_finalize (self);

  G_OBJECT_CLASS (nrt_window_parent_class)->finalize (object);
}

static void
nrt_window_class_init (NrtWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nrt_window_dispose;
  object_class->finalize = nrt_window_finalize;

  g_type_ensure (NRT_TYPE_CODE_VIEW);
  g_type_ensure (NRT_TYPE_EXPR_PANEL);
  g_type_ensure (NRT_TYPE_GRAPH_VIEW);
  g_type_ensure (NRT_TYPE_LOSS_VIEW);
  g_type_ensure (NRT_TYPE_METRICS_VIEW);
  g_type_ensure (NRT_TYPE_NETWORK_VIEW);
  g_type_ensure (NRT_TYPE_REGIONS_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/neurite/Neurite/nrt-window.ui");
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, batch_size_spin);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, code_view);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, dataset_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, derived_box);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, epoch_label);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, error_bar);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, expr_panel);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, fit_bar);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, fit_label);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, from_logits_check);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, graph_scroll);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, graph_view);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, layers_list);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, learning_rate_spin);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, log_scale_check);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, loss_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, loss_view);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, metrics_view);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, network_scroll);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, network_view);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, noise_spin);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, normalize_switch);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, optimizer_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, output_activation_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, output_bias_check);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, output_label);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, pca_check);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, plane_box);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, plane_u_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, plane_v_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, play_button);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, play_label);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, recent_menu);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, regions_view);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, samples_spin);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, seed_spin);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, sin_x1_toggle);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, sin_x2_toggle);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, split_note_label);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, step_label);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, step_text);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, test_loss_label);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, test_loss_title);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, test_spin);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, train_loss_label);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, validation_spin);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, view_switcher);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, x1_squared_toggle);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, x1_times_x2_toggle);
  gtk_widget_class_bind_template_child (widget_class, NrtWindow, x2_squared_toggle);
  gtk_widget_class_bind_template_callback (widget_class, nrt_window_error_bar_response_cb);
  gtk_widget_class_bind_template_callback (widget_class, nrt_window_graph_node_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, nrt_window_parameter_edited_cb);
}

static void
nrt_window_init (NrtWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  nrt_window_add_actions (self);
  nrt_window_project_init (self);
  nrt_window_exports_init (self);
  self->trainer = nrt_trainer_new ();

  /* Step 1: the example network, before any signal can restart a run. */
  self->updating++;
  for (guint i = 0; i < G_N_ELEMENTS (default_hidden_layers); i++)
    nrt_window_append_layer (self, default_hidden_layers[i].units,
                             default_hidden_layers[i].activation);
  gtk_drop_down_set_selected (self->output_activation_dropdown, NRT_ACTIVATION_SIGMOID);
  gtk_drop_down_set_selected (self->loss_dropdown, NRT_LOSS_BINARY_CROSSENTROPY);
  gtk_drop_down_set_selected (self->optimizer_dropdown, NRT_OPTIMIZER_ADAM);
  nrt_window_update_from_logits (self);
  nrt_window_setup_datasets (self);
  self->updating--;

  /* Step 2: every control that changes the run. */
  g_signal_connect_object (self->dataset_dropdown, "notify::selected",
                           G_CALLBACK (nrt_window_dataset_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->noise_spin, "value-changed",
                           G_CALLBACK (nrt_window_generator_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->samples_spin, "value-changed",
                           G_CALLBACK (nrt_window_generator_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->seed_spin, "value-changed",
                           G_CALLBACK (nrt_window_generator_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->output_activation_dropdown, "notify::selected",
                           G_CALLBACK (nrt_window_network_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->output_bias_check, "toggled",
                           G_CALLBACK (nrt_window_network_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->loss_dropdown, "notify::selected",
                           G_CALLBACK (nrt_window_loss_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->from_logits_check, "toggled",
                           G_CALLBACK (nrt_window_network_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->optimizer_dropdown, "notify::selected",
                           G_CALLBACK (nrt_window_network_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->batch_size_spin, "value-changed",
                           G_CALLBACK (nrt_window_network_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->learning_rate_spin, "value-changed",
                           G_CALLBACK (nrt_window_learning_rate_changed_cb), self,
                           G_CONNECT_SWAPPED);
  nrt_window_data_init (self);

  /* Step 3: the data, which starts the first run. */
  gtk_widget_add_tick_callback (GTK_WIDGET (self), nrt_window_tick_cb, NULL, NULL);
  nrt_window_load_builtin (self, self->selected_dataset);
  nrt_window_project_mark_saved (self);
}

NrtWindow *
nrt_window_new (GtkApplication *application)
{
  return g_object_new (NRT_TYPE_WINDOW, "application", application, NULL);
}
