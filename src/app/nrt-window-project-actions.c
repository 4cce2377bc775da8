/* nrt-window-project-actions.c: the window's file actions (win.open,
 * win.open-project, win.save, win.save-as, win.save-project and
 * win.open-recent) and the Open Recent menu. Also the title, which names the
 * project and marks unsaved changes, and the Save, Discard or Cancel
 * question before closing them or opening another project over them.
 *
 * Saving while training captures the newest snapshot the window shows and
 * lets training go on, so the file contains a consistent state: the
 * weights, the optimizer state and the history of one epoch. */
#define G_LOG_DOMAIN "neurite-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "nrt-dialogs.h"
#include "nrt-window-private.h"

/* The Open Recent menu lists at most this many projects, newest first. */
#define MAX_RECENT_ITEMS 10

#define PROJECT_MIME_TYPE "application/x-neurite-project"
#define PROJECT_SUFFIX ".neurite"

/* Set on the window by the Discard and Save responses, so that the close
 * they lead to does not ask again. */
#define CLOSE_CONFIRMED_KEY "neurite-close-confirmed"

/* The project file to open once the question about unsaved changes gets
 * the Save or Discard response. */
#define PENDING_OPEN_KEY "neurite-pending-open"

typedef enum {
  AFTER_SAVE_NOTHING,
  AFTER_SAVE_CLOSE,
  AFTER_SAVE_OPEN
} AfterSave;

static void open_pending (NrtWindow *self);
static void open_or_ask (NrtWindow *self, const char *path);

gboolean
nrt_window_project_is_modified (NrtWindow *self)
{
  return self->modified || self->run != self->saved_run || self->epoch != self->saved_epoch;
}

void
nrt_window_project_mark_saved (NrtWindow *self)
{
  self->saved_run = self->run;
  self->saved_epoch = self->epoch;
  self->modified = FALSE;
  nrt_window_project_update_title (self);
}

void
nrt_window_project_update_title (NrtWindow *self)
{
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  gboolean modified = nrt_window_project_is_modified (self);

  if (self->project_path != NULL)
    {
      g_autofree char *base = g_path_get_basename (self->project_path);

      name = g_filename_display_name (base);
    }
  else if (modified)
    name = g_strdup (_("Unsaved project"));

  /* TRANSLATORS: the window title: an asterisk marks unsaved changes, then
   * the project's file name. */
  if (name != NULL)
    title = g_strdup_printf (_("%s%s – Neurite"), modified ? "*" : "", name);
  else
    title = g_strdup ("Neurite");
  if (g_strcmp0 (gtk_window_get_title (GTK_WINDOW (self)), title) != 0)
    gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
show_save_error (NrtWindow *self, const char *message)
{
  g_warning ("%s", message);
  nrt_show_error_dialog (GTK_WINDOW (self), _("Could not save the project"), message);
}

/* Saves to path, adding the .neurite suffix when it has none, and then
 * closes the window or opens the pending project when after requests it.
 * Returns whether it saved. */
static gboolean
save_to (NrtWindow *self, const char *path, AfterSave after)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *full_path = NULL;

  if (g_str_has_suffix (path, PROJECT_SUFFIX))
    full_path = g_strdup (path);
  else
    full_path = g_strconcat (path, PROJECT_SUFFIX, NULL);

  if (!nrt_window_check_export_path (self, full_path, TRUE, &error)
      || !nrt_window_project_save (self, full_path, &error))
    {
      show_save_error (self, error->message);
      return FALSE;
    }
  nrt_window_hide_error (self);
  if (after == AFTER_SAVE_CLOSE)
    {
      g_object_set_data (G_OBJECT (self), CLOSE_CONFIRMED_KEY, GINT_TO_POINTER (TRUE));
      gtk_window_close (GTK_WINDOW (self));
    }
  else if (after == AFTER_SAVE_OPEN)
    open_pending (self);
  return TRUE;
}

static GtkFileFilter *
project_filter_new (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Neurite projects"));
  gtk_file_filter_add_pattern (filter, "*" PROJECT_SUFFIX);
  gtk_file_filter_add_mime_type (filter, PROJECT_MIME_TYPE);
  return filter;
}

static void
save_as_response_cb (GtkNativeDialog *chooser, int response, NrtWindow *self)
{
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;
  AfterSave after = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "after-save"));

  file = nrt_file_chooser_finish (chooser, response);
  if (file == NULL)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      show_save_error (self, _("Only local files can be saved. Choose a folder on this "
                               "computer."));
      return;
    }
  save_to (self, path, after);
}

static void
ask_save_path (NrtWindow *self, AfterSave after)
{
  GtkFileChooserNative *chooser;
  g_autoptr (GtkFileFilter) filter = project_filter_new ();
  g_autofree char *name = NULL;

  chooser = gtk_file_chooser_native_new (_("Save Project"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (self->project_path != NULL)
    {
      g_autoptr (GFile) file = g_file_new_for_path (self->project_path);

      gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, NULL);
    }
  else
    {
      /* TRANSLATORS: the suggested file name of a new project. */
      name = g_strconcat (_("project"), PROJECT_SUFFIX, NULL);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "after-save", GINT_TO_POINTER (after));
  g_signal_connect_object (chooser, "response", G_CALLBACK (save_as_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  NrtWindow *self = NRT_WINDOW (user_data);

  if (self->project_path != NULL)
    save_to (self, self->project_path, AFTER_SAVE_NOTHING);
  else
    ask_save_path (self, AFTER_SAVE_NOTHING);
}

static void
save_as_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  ask_save_path (NRT_WINDOW (user_data), AFTER_SAVE_NOTHING);
}

/* win.save-project: saves to the path given, for D-Bus callers and tests. */
static void
save_project_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  save_to (NRT_WINDOW (user_data), g_variant_get_string (parameter, NULL), AFTER_SAVE_NOTHING);
}

static void
open_response_cb (GtkNativeDialog *chooser, int response, NrtWindow *self)
{
  g_autoptr (GFile) file = nrt_file_chooser_finish (chooser, response);
  g_autofree char *path = NULL;

  if (file == NULL)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    nrt_window_project_show_error (self, _("Only local files can be opened."));
  else
    open_or_ask (self, path);
}

static void
open_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  NrtWindow *self = NRT_WINDOW (user_data);
  GtkFileChooserNative *chooser;
  g_autoptr (GtkFileFilter) filter = project_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Open Project"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (open_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* win.open-project: opens the path given, for D-Bus callers and tests. */
static void
open_project_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  open_or_ask (NRT_WINDOW (user_data), g_variant_get_string (parameter, NULL));
}

/* Recent files */

void
nrt_window_project_add_recent (NrtWindow *self, const char *path)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  static const char *groups[] = { "neurite", NULL };
  GtkRecentData data = {
    .mime_type = (char *) PROJECT_MIME_TYPE,
    .app_name = (char *) "neurite",
    .app_exec = (char *) "neurite %u",
    .groups = (char **) groups,
  };

  if (uri == NULL || !gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data))
    g_warning ("Could not add “%s” to the recent files", path);
}

/* Lists the newest .neurite files of the recent files in the Open Recent
 * menu, or one disabled item when there is none. */
static void
fill_recent_menu (NrtWindow *self)
{
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  GPtrArray *projects = g_ptr_array_new ();
  int n = 0;

  for (GList *l = items; l != NULL; l = l->next)
    if (g_str_has_suffix (gtk_recent_info_get_uri (l->data), PROJECT_SUFFIX))
      g_ptr_array_add (projects, l->data);

  g_menu_remove_all (self->recent_menu);
  /* Newest first: the manager's order is not specified. */
  while (n < MAX_RECENT_ITEMS && projects->len > 0)
    {
      GtkRecentInfo *newest = NULL;
      guint newest_index = 0;
      g_autofree char *path = NULL;
      g_autoptr (GMenuItem) item = NULL;

      for (guint i = 0; i < projects->len; i++)
        {
          GtkRecentInfo *info = g_ptr_array_index (projects, i);

          if (newest == NULL
              || g_date_time_compare (gtk_recent_info_get_modified (info),
                                      gtk_recent_info_get_modified (newest)) > 0)
            {
              newest = info;
              newest_index = i;
            }
        }
      g_ptr_array_remove_index (projects, newest_index);
      path = g_filename_from_uri (gtk_recent_info_get_uri (newest), NULL, NULL);
      if (path == NULL)
        continue;
      item = g_menu_item_new (gtk_recent_info_get_display_name (newest), NULL);
      g_menu_item_set_action_and_target_value (item, "win.open-recent",
                                               g_variant_new_string (path));
      g_menu_append_item (self->recent_menu, item);
      n++;
    }
  if (n == 0)
    {
      g_autoptr (GMenuItem) item = g_menu_item_new (_("No Recent Projects"), "win.no-recent");

      g_menu_append_item (self->recent_menu, item);
    }

  g_ptr_array_unref (projects);
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}

/* win.open-recent: opens a path of the Open Recent menu. A file that no
 * longer exists gets a message and leaves the list. */
static void
open_recent_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  NrtWindow *self = NRT_WINDOW (user_data);
  const char *path = g_variant_get_string (parameter, NULL);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autofree char *message = NULL;

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      open_or_ask (self, path);
      return;
    }

  if (uri != NULL)
    gtk_recent_manager_remove_item (gtk_recent_manager_get_default (), uri, NULL);
  message = g_strdup_printf (_("The project “%s” was not found. It may have been moved or "
                               "deleted, so it was removed from the recent projects."),
                             path);
  nrt_window_project_show_error (self, message);
}

/* The question about unsaved changes */

static void
open_pending (NrtWindow *self)
{
  g_autofree char *path = g_object_steal_data (G_OBJECT (self), PENDING_OPEN_KEY);

  if (path != NULL)
    nrt_window_project_open (self, path);
}

typedef struct {
  NrtWindow *window;  /* owned */
  AfterSave after;
  int response;
} ChangesResponse;

static void
changes_response_free (ChangesResponse *pending)
{
  g_object_unref (pending->window);
  g_free (pending);
}

static gboolean
apply_changes_response_cb (gpointer user_data)
{
  ChangesResponse *pending = user_data;
  NrtWindow *self = pending->window;

  if (pending->response == GTK_RESPONSE_REJECT && pending->after == AFTER_SAVE_CLOSE)
    {
      g_object_set_data (G_OBJECT (self), CLOSE_CONFIRMED_KEY, GINT_TO_POINTER (TRUE));
      gtk_window_close (GTK_WINDOW (self));
    }
  else if (pending->response == GTK_RESPONSE_REJECT && pending->after == AFTER_SAVE_OPEN)
    open_pending (self);
  else if (pending->response == GTK_RESPONSE_ACCEPT)
    {
      if (self->project_path != NULL)
        save_to (self, self->project_path, pending->after);
      else
        ask_save_path (self, pending->after);
    }
  else
    g_object_set_data (G_OBJECT (self), PENDING_OPEN_KEY, NULL);
  return G_SOURCE_REMOVE;
}

/* Applies the response from an idle callback, once the dialog's "response"
 * emission has ended. The emission holds the last reference to the
 * dialog, whose dispose then touches its transient parent, so the window
 * must not be destroyed before it ends. */
static void
changes_response_cb (GtkDialog *dialog, int response, NrtWindow *self)
{
  ChangesResponse *pending = g_new0 (ChangesResponse, 1);

  pending->window = g_object_ref (self);
  pending->after = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "after-save"));
  pending->response = response;
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, apply_changes_response_cb, pending,
                   (GDestroyNotify) changes_response_free);
}

/* Asks Save, Discard or Cancel about the unsaved changes before the window
 * closes (after is AFTER_SAVE_CLOSE) or opens the pending project
 * (AFTER_SAVE_OPEN). Cancel does neither. */
static void
ask_about_changes (NrtWindow *self, AfterSave after)
{
  g_autofree char *name = NULL;
  g_autofree char *question = NULL;
  GtkWidget *dialog;
  GtkWidget *discard;

  if (self->project_path != NULL)
    {
      g_autofree char *base = g_path_get_basename (self->project_path);

      name = g_filename_display_name (base);
    }
  if (after == AFTER_SAVE_OPEN && name != NULL)
    question = g_strdup_printf (_("Save the changes to “%s” before opening another project?"),
                                name);
  else if (after == AFTER_SAVE_OPEN)
    question = g_strdup (_("Save the project before opening another one?"));
  else if (name != NULL)
    question = g_strdup_printf (_("Save the changes to “%s” before closing?"), name);
  else
    question = g_strdup (_("Save the project before closing?"));
  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE, "%s", question);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                            _("The model, the data, the settings or the "
                                              "training changed since the last save. Without "
                                              "saving, these changes are lost."));
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
  discard = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Discard"), GTK_RESPONSE_REJECT);
  gtk_widget_add_css_class (discard, "destructive-action");
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Save"), GTK_RESPONSE_ACCEPT);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_object_set_data (G_OBJECT (dialog), "after-save", GINT_TO_POINTER (after));
  g_signal_connect_object (dialog, "response", G_CALLBACK (changes_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Opens the project at path, asking first when the window has unsaved
 * changes. */
static void
open_or_ask (NrtWindow *self, const char *path)
{
  if (!nrt_window_project_is_modified (self))
    {
      nrt_window_project_open (self, path);
      return;
    }

  g_object_set_data_full (G_OBJECT (self), PENDING_OPEN_KEY, g_strdup (path), g_free);
  ask_about_changes (self, AFTER_SAVE_OPEN);
}

static gboolean
close_request_cb (NrtWindow *self)
{
  if (g_object_get_data (G_OBJECT (self), CLOSE_CONFIRMED_KEY) != NULL
      || !nrt_window_project_is_modified (self))
    return FALSE;

  ask_about_changes (self, AFTER_SAVE_CLOSE);
  return TRUE;
}

/* A setting that starts no new run, such as the learning rate, the plane
 * or the log scale, still changes the project. */
static void
setting_changed_cb (NrtWindow *self)
{
  self->modified = TRUE;
  nrt_window_project_update_title (self);
}

static const GActionEntry project_actions[] = {
  { "open", open_activated },
  { "open-project", open_project_activated, "s" },
  { "open-recent", open_recent_activated, "s" },
  { "save", save_activated },
  { "save-as", save_as_activated },
  { "save-project", save_project_activated, "s" },
};

void
nrt_window_project_init (NrtWindow *self)
{
  self->history = g_array_new (FALSE, FALSE, sizeof (NrtLogs));
  self->optimizer_settings = nrt_optimizer_config_default (NRT_OPTIMIZER_ADAM);

  g_action_map_add_action_entries (G_ACTION_MAP (self), project_actions,
                                   G_N_ELEMENTS (project_actions), self);
  g_signal_connect (self, "close-request", G_CALLBACK (close_request_cb), NULL);
  g_signal_connect_object (self->learning_rate_spin, "value-changed",
                           G_CALLBACK (setting_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->log_scale_check, "toggled",
                           G_CALLBACK (setting_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pca_check, "toggled",
                           G_CALLBACK (setting_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->plane_u_dropdown, "notify::selected",
                           G_CALLBACK (setting_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->plane_v_dropdown, "notify::selected",
                           G_CALLBACK (setting_changed_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (fill_recent_menu), self, G_CONNECT_SWAPPED);
  fill_recent_menu (self);
}

void
nrt_window_project_finalize (NrtWindow *self)
{
  g_clear_pointer (&self->history, g_array_unref);
  g_clear_pointer (&self->pending_resume, nrt_trainer_resume_free);
  g_free (self->project_path);
}
