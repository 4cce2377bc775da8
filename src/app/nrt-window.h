/* nrt-window.h: the main window, where a person picks the data, assembles
 * the network and watches it train. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define NRT_TYPE_WINDOW (nrt_window_get_type ())
G_DECLARE_FINAL_TYPE (NrtWindow, nrt_window, NRT, WINDOW, GtkApplicationWindow)

NrtWindow *nrt_window_new (GtkApplication *application);

G_END_DECLS
