/* nrt-window-actions.c: the window's actions (win.train, win.step,
 * win.reset, win.add-layer, win.remove-layer, win.open-dataset).
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
        nrt_window_load_csv (self, file);
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

/* win.view: the visible page, "training", "network", "graph",
 * "expressions" or "summary". */
static void
view_change_state (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  NrtWindow *self = NRT_WINDOW (user_data);
  const char *name = g_variant_get_string (value, NULL);

  if (gtk_stack_get_child_by_name (self->view_stack, name) == NULL)
    {
      g_warning ("Unknown view “%s”: expected training, network, graph, expressions or summary",
                 name);
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
  nrt_window_update_inside_actions (self);
}
