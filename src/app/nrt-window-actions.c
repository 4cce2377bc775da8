/* nrt-window-actions.c: the window's actions (win.train, win.step,
 * win.reset, win.add-layer, win.remove-layer, win.open-dataset,
 * win.import-csv, win.dataset, win.loss, win.plane, win.shuffle, win.view
 * and the actions of the inside views).
 *
 * They live in the window's GActionMap, which GtkApplication exports on the
 * session bus, so that buttons, menus, shortcuts and D-Bus callers share one
 * path. */
#define G_LOG_DOMAIN "neurite-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "nrt-layer-row.h"
#include "nrt-window-private.h"

static int
count_layers (NrtWindow *self)
{
  int n = 0;

  while (gtk_list_box_get_row_at_index (self->layers_list, n) != NULL)
    n++;
  return n;
}

static void
set_action_enabled (NrtWindow *self, const char *name, gboolean enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  if (action != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

void
nrt_window_update_action_states (NrtWindow *self)
{
  int n = count_layers (self);

  set_action_enabled (self, "add-layer", n < NRT_WINDOW_MAX_HIDDEN_LAYERS);
  set_action_enabled (self, "remove-layer", n > 0);
  /* Training waits until the output layer and the loss suit the data. */
  set_action_enabled (self, "train", self->fits);
  set_action_enabled (self, "step", self->fits);
}

void
nrt_window_set_playing (NrtWindow *self, gboolean playing)
{
  g_action_group_change_action_state (G_ACTION_GROUP (self), "train",
                                      g_variant_new_boolean (playing));
}

/* win.train: a boolean state; activating it without a parameter toggles it. */
static void
train_change_state (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  NrtWindow *self = NRT_WINDOW (user_data);
  gboolean playing = g_variant_get_boolean (value);

  g_simple_action_set_state (action, value);
  /* The button's child label carries the mnemonic and the accessible name;
   * gtk_button_set_label would replace it with a label that GTK 4.8 names
   * twice. */
  gtk_label_set_text_with_mnemonic (self->play_label, playing ? _("_Pause") : _("_Play"));
  if (self->trainer == NULL)
    return;

  if (playing)
    {
      /* Training moves the weights on, so the graph follows them again. */
      nrt_window_end_stepping (self);
      nrt_trainer_play (self->trainer);
    }
  else
    nrt_trainer_pause (self->trainer);
}

static void
step_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  NrtWindow *self = NRT_WINDOW (user_data);

  nrt_trainer_step (self->trainer);
}

static void
reset_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  NrtWindow *self = NRT_WINDOW (user_data);

  nrt_window_restart (self);
}

static void
add_layer_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  NrtWindow *self = NRT_WINDOW (user_data);
  GtkListBoxRow *last;
  NrtDenseConfig config = { 4, NRT_ACTIVATION_TANH, TRUE, NRT_INITIALIZER_GLOROT_UNIFORM };
  int n = count_layers (self);

  if (n >= NRT_WINDOW_MAX_HIDDEN_LAYERS)
    return;

  /* A new layer copies the last one, which is what a person adds most often. */
  last = gtk_list_box_get_row_at_index (self->layers_list, n - 1);
  if (last != NULL)
    config = nrt_layer_row_get_config (NRT_LAYER_ROW (last));
  nrt_window_append_layer (self, config.units, config.activation);
  nrt_window_restart (self);
}

static void
remove_layer_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  NrtWindow *self = NRT_WINDOW (user_data);
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->layers_list);

  if (row == NULL)
    row = gtk_list_box_get_row_at_index (self->layers_list, count_layers (self) - 1);
  if (row == NULL)
    return;

  gtk_list_box_remove (self->layers_list, GTK_WIDGET (row));
  nrt_window_renumber_layers (self);
  nrt_window_restart (self);
}

static void
chooser_response_cb (GtkNativeDialog *dialog, int response, NrtWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        nrt_window_import_csv (self, file);
    }

  gtk_native_dialog_destroy (dialog);
  g_clear_object (&self->chooser);
}

void
nrt_window_open_csv (NrtWindow *self)
{
  g_autoptr (GtkFileFilter) csv_filter = gtk_file_filter_new ();
  g_autoptr (GtkFileFilter) all_filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  self->chooser = gtk_file_chooser_native_new (_("Open CSV"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  gtk_file_filter_set_name (csv_filter, _("CSV files"));
  gtk_file_filter_add_mime_type (csv_filter, "text/csv");
  gtk_file_filter_add_suffix (csv_filter, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), csv_filter);
  gtk_file_filter_set_name (all_filter, _("All files"));
  gtk_file_filter_add_pattern (all_filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all_filter);

  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
open_dataset_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  nrt_window_open_csv (NRT_WINDOW (user_data));
}

/* The error bar shows an import's notes as information, and turns back into
 * an error bar once hidden. */
static void
error_bar_revealed_cb (GtkInfoBar *bar, GParamSpec *pspec, gpointer user_data)
{
  if (gtk_info_bar_get_revealed (bar))
    return;
  gtk_info_bar_set_message_type (bar, GTK_MESSAGE_ERROR);
  g_signal_handlers_disconnect_by_func (bar, error_bar_revealed_cb, user_data);
}

static void
import_dialog_imported_cb (NrtImportDialog *dialog, NrtWindow *self)
{
  g_autoptr (NrtCsvReport) report = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *name = g_path_get_basename (nrt_import_dialog_get_path (dialog));
  g_autofree char *valid_text = NULL;
  NrtDataset *dataset = nrt_import_dialog_steal_result (dialog, &report);

  if (dataset == NULL)
    return;

  g_string_append_printf (text, ngettext ("Imported “%s”: %d row", "Imported “%s”: %d rows",
                                          dataset->n_samples),
                          name, dataset->n_samples);
  g_string_append_printf (text, ngettext (", %d feature.", ", %d features.", dataset->n_features),
                          dataset->n_features);
  for (guint i = 0; report != NULL && report->notes != NULL && i < report->notes->len; i++)
    g_string_append_printf (text, "\n%s", (const char *) g_ptr_array_index (report->notes, i));
  /* Notes quote the file's fields, which need not be valid UTF-8. */
  valid_text = g_utf8_make_valid (text->str, -1);

  nrt_window_take_csv (self, nrt_import_dialog_get_path (dialog),
                       nrt_import_dialog_get_options (dialog), dataset);

  /* Shown after taking the dataset, whose new run hides the bar. */
  g_signal_handlers_disconnect_by_func (self->error_bar, error_bar_revealed_cb, NULL);
  gtk_info_bar_set_message_type (self->error_bar, GTK_MESSAGE_INFO);
  nrt_window_show_error (self, valid_text);
  g_signal_connect (self->error_bar, "notify::revealed", G_CALLBACK (error_bar_revealed_cb), NULL);
}

static void
import_dialog_destroy_cb (NrtWindow *self)
{
  self->import_dialog = NULL;
}

/* Opens the import dialog on file, replacing a dialog that is open. */
void
nrt_window_import_csv (NrtWindow *self, GFile *file)
{
  g_autofree char *path = g_file_get_path (file);

  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("Could not open “%s”: only local files can be opened."), uri);
      nrt_window_show_error (self, message);
      return;
    }

  if (self->import_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->import_dialog));
  self->import_dialog = nrt_import_dialog_new (GTK_WINDOW (self), path);
  g_signal_connect_object (self->import_dialog, "destroy", G_CALLBACK (import_dialog_destroy_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->import_dialog, "imported",
                           G_CALLBACK (import_dialog_imported_cb), self, 0);
  gtk_window_present (GTK_WINDOW (self->import_dialog));
}

/* win.import-csv: opens the import dialog on a local path, without the
 * file chooser. */
static void
import_csv_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  g_autoptr (GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));

  nrt_window_import_csv (NRT_WINDOW (user_data), file);
}

/* win.dataset: selects a built-in dataset by its id, such as "iris", as
 * the dataset drop-down does. */
static void
dataset_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  NrtWindow *self = NRT_WINDOW (user_data);
  const char *id = g_variant_get_string (parameter, NULL);

  if (!nrt_window_select_builtin (self, id))
    g_warning ("Unknown built-in dataset “%s”: expected an id such as circle or iris", id);
}

/* win.loss: the loss by its Keras name, such as "huber", as the loss
 * drop-down selects it. */
static void
loss_change_state (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  NrtWindow *self = NRT_WINDOW (user_data);
  const char *name = g_variant_get_string (value, NULL);
  int kind = nrt_loss_from_name (name);

  if (kind < 0)
    {
      g_warning ("Unknown loss “%s”: expected a Keras name such as mean_squared_error or "
                 "sparse_categorical_crossentropy", name);
      return;
    }
  /* The drop-down's handler restarts the run and updates this state. */
  gtk_drop_down_set_selected (self->loss_dropdown, (guint) kind);
}

static void
loss_dropdown_changed_cb (NrtWindow *self)
{
  guint kind = gtk_drop_down_get_selected (self->loss_dropdown);
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "loss");

  if (kind < NRT_LOSS_COUNT && action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action),
                               g_variant_new_string (nrt_loss_name ((NrtLossKind) kind)));
}

/* win.plane: the plane of the decision regions, for data of more than 2
 * features: "pca", or the 0-based indices of the horizontal and vertical
 * features, such as "0,2". Changing it redraws the regions of the same
 * run. */
static void
plane_change_state (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  NrtWindow *self = NRT_WINDOW (user_data);
  g_autoptr (GError) error = NULL;

  /* The controls' handler updates this state. */
  if (!nrt_window_data_set_plane (self, g_variant_get_string (value, NULL), &error))
    g_warning ("Could not set the plane of the regions: %s", error->message);
}

/* win.shuffle: whether the following runs shuffle the training rows before
 * every epoch, which the Shuffle check button shows. Changing it starts a
 * new run, as the batch size does. */
static void
shuffle_change_state (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  g_simple_action_set_state (action, value);
  nrt_window_restart (NRT_WINDOW (user_data));
}

gboolean
nrt_window_get_shuffle (NrtWindow *self)
{
  g_autoptr (GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (self),
                                                                "shuffle");

  return state == NULL || g_variant_get_boolean (state);
}

/* win.view: the visible page, "training", "evaluation", "network",
 * "graph", "expressions", "summary" or "code". */
static void
view_change_state (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  NrtWindow *self = NRT_WINDOW (user_data);
  const char *name = g_variant_get_string (value, NULL);

  if (gtk_stack_get_child_by_name (self->view_stack, name) == NULL)
    {
      g_warning ("Unknown view “%s”: expected training, evaluation, network, graph, "
                 "expressions, summary or code", name);
      return;
    }
  g_simple_action_set_state (action, value);
  gtk_stack_set_visible_child_name (self->view_stack, name);
}

static void
view_stack_changed_cb (NrtWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->view_stack);
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "view");

  if (name != NULL && action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (name));
  nrt_window_inside_page_changed (self);
  nrt_window_code_page_changed (self);
}

static void
graph_forward_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  nrt_window_graph_forward (NRT_WINDOW (user_data));
}

static void
graph_backward_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  nrt_window_graph_backward (NRT_WINDOW (user_data));
}

static void
graph_reset_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  nrt_window_graph_reset (NRT_WINDOW (user_data));
}

static void
graph_apply_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  nrt_window_graph_apply (NRT_WINDOW (user_data));
}

static void
export_view_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  nrt_window_export_view (NRT_WINDOW (user_data));
}

static void
zoom_in_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  nrt_window_zoom (NRT_WINDOW (user_data), 1.25);
}

static void
zoom_out_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  nrt_window_zoom (NRT_WINDOW (user_data), 0.8);
}

static const GActionEntry window_actions[] = {
  { "train", NULL, NULL, "false", train_change_state },
  { "step", step_activated },
  { "reset", reset_activated },
  { "add-layer", add_layer_activated },
  { "remove-layer", remove_layer_activated },
  { "open-dataset", open_dataset_activated },
  { "import-csv", import_csv_activated, "s" },
  { "dataset", dataset_activated, "s" },
  { "loss", NULL, "s", "'mean_squared_error'", loss_change_state },
  { "plane", NULL, "s", "'pca'", plane_change_state },
  { "shuffle", NULL, NULL, "true", shuffle_change_state },
  { "view", NULL, "s", "'training'", view_change_state },
  { "graph-forward", graph_forward_activated },
  { "graph-backward", graph_backward_activated },
  { "graph-reset", graph_reset_activated },
  { "graph-apply", graph_apply_activated },
  { "export-view", export_view_activated },
  { "zoom-in", zoom_in_activated },
  { "zoom-out", zoom_out_activated },
};

void
nrt_window_add_actions (NrtWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), window_actions,
                                   G_N_ELEMENTS (window_actions), self);
  g_signal_connect_object (self->view_stack, "notify::visible-child-name",
                           G_CALLBACK (view_stack_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->loss_dropdown, "notify::selected",
                           G_CALLBACK (loss_dropdown_changed_cb), self, G_CONNECT_SWAPPED);
  loss_dropdown_changed_cb (self);
  nrt_window_update_inside_actions (self);
}
