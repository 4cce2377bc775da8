/* nrt-dialogs.c: the set-up and tear-down that the application's message
 * dialogs and file choosers share. */
#include "config.h"

#include <glib/gstdio.h>

#include "nrt-dialogs.h"

void
nrt_show_error_dialog (GtkWindow *parent, const char *title, const char *message)
{
  GtkWidget *dialog;

  dialog = gtk_message_dialog_new (parent, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", title);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", message);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

GFile *
nrt_file_chooser_finish (GtkNativeDialog *chooser, int response)
{
  GFile *file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  return file;
}

gboolean
nrt_is_same_file (const char *a, const char *b)
{
  g_autofree char *canonical_a = g_canonicalize_filename (a, NULL);
  g_autofree char *canonical_b = g_canonicalize_filename (b, NULL);
  GStatBuf stat_a, stat_b;

  if (g_str_equal (canonical_a, canonical_b))
    return TRUE;
  return g_stat (a, &stat_a) == 0 && g_stat (b, &stat_b) == 0
         && stat_a.st_dev == stat_b.st_dev && stat_a.st_ino == stat_b.st_ino;
}
