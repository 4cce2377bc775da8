/* nrt-application.c: app actions, keyboard shortcuts and the main window.
 *
 * NOTE: GTK 4.8's GtkApplication loads menus, the help overlay and icons
 * from the resource base path /io/github/neurite/Neurite, but no style
 * sheet, so the rules of ui/style.css do not apply. Loading it for the
 * display made the app-train-dbus test time out on a loaded 2-core
 * machine (the bold status values cost the most in three runs), so it
 * stays unloaded until that cost is understood. */
#define G_LOG_DOMAIN "neurite"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "nrt-application.h"
#include "nrt-window.h"

struct _NrtApplication
{
  GtkApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (NrtApplication, nrt_application, GTK_TYPE_APPLICATION)

/* Closes every main window as its close button does, so a window with
 * unsaved changes shows the Save, Discard or Cancel question and stays
 * open until the user responds. The application quits when its last
 * window is destroyed, since each window keeps a reference to it. Windows are destroyed,
 * not left to g_application_quit, because a window's dispose is what
 * stops and joins its training thread, which must not outlive the
 * process's teardown. */
static void
quit_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GtkApplication *application = GTK_APPLICATION (user_data);
  GList *windows = g_list_copy (gtk_application_get_windows (application));

  /* Dialogs are skipped, because closing a question responds Cancel. */
  for (GList *l = windows; l != NULL; l = l->next)
    if (NRT_IS_WINDOW (l->data))
      gtk_window_close (GTK_WINDOW (l->data));
  g_list_free (windows);

  /* When no main window remains, no other window, such as a file chooser,
   * may keep the application running. */
  windows = gtk_application_get_windows (application);
  for (GList *l = windows; l != NULL; l = l->next)
    if (NRT_IS_WINDOW (l->data))
      return;
  windows = g_list_copy (windows);
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (GTK_WINDOW (l->data));
  g_list_free (windows);
  g_application_quit (G_APPLICATION (application));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
};

static void
nrt_application_startup (GApplication *application)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *open_accels[] = { "<Control>o", NULL };
  static const char *open_dataset_accels[] = { "<Control><Shift>o", NULL };
  static const char *save_accels[] = { "<Control>s", NULL };
  static const char *save_as_accels[] = { "<Control><Shift>s", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *step_accels[] = { "<Control>period", NULL };

  G_APPLICATION_CLASS (nrt_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.open",
                                         open_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.open-dataset",
                                         open_dataset_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.save", save_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.save-as",
                                         save_as_accels);
  /* GtkWindow's own action, which emits close-request, so unsaved work gets
   * the Save, Discard or Cancel question. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "window.close",
                                         close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.step", step_accels);
  gtk_window_set_default_icon_name (APP_ID);
}

static void
nrt_application_activate (GApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    window = GTK_WINDOW (nrt_window_new (GTK_APPLICATION (application)));
  gtk_window_present (window);
}

static void
nrt_application_class_init (NrtApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->startup = nrt_application_startup;
  app_class->activate = nrt_application_activate;
}

static void
nrt_application_init (NrtApplication *self)
{
}

NrtApplication *
nrt_application_new (void)
{
  return g_object_new (NRT_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/neurite/Neurite",
                       NULL);
}
