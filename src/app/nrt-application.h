/* nrt-application.h: the application object, which owns the app actions
 * and opens the main window. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define NRT_TYPE_APPLICATION (nrt_application_get_type ())
G_DECLARE_FINAL_TYPE (NrtApplication, nrt_application, NRT, APPLICATION, GtkApplication)

NrtApplication *nrt_application_new (void);

G_END_DECLS
