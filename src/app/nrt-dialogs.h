/* nrt-dialogs.h: the set-up and tear-down that the application's message
 * dialogs and file choosers share. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Shows a modal error dialog over parent (none for NULL) with title as its
 * primary text, message as its secondary text and a Close button, which
 * destroys it. */
void nrt_show_error_dialog (GtkWindow *parent, const char *title, const char *message);

/* Ends a file chooser from its "response" handler: returns the chosen file
 * for GTK_RESPONSE_ACCEPT, else NULL, then destroys chooser and drops the
 * reference that gtk_file_chooser_native_new returned. Free the file with
 * g_object_unref. */
GFile *nrt_file_chooser_finish (GtkNativeDialog *chooser, int response);

/* Returns whether paths a and b name the same file: the same absolute
 * path, or, when both exist, the same device and inode, as through a
 * link. Save dialogs use it to reject a file that must not be overwritten. */
gboolean nrt_is_same_file (const char *a, const char *b);

G_END_DECLS
