/* nrt-code-view-private.h: the Code page widget's fields, shared by
 * nrt-code-view.c (the text and Copy) and nrt-code-view-save.c (Save…). */
#pragma once

#include "nrt-code-view.h"

G_BEGIN_DECLS

struct _NrtCodeView
{
  GtkBox parent_instance;

  /* Template children, in alphabetical order. */
  GtkButton *copy_button;
  GtkButton *save_button;
  GtkScrolledWindow *scroll;
  GtkLabel *status_label;
  GtkTextView *text_view;

  NrtCodeFramework framework;
  NrtProject *project;            /* the model shown, or NULL */
  char *reason;                   /* why there is no model, or NULL */
  guint status_timeout;           /* restores the status label after a notice, or 0 */
  GtkFileChooserNative *chooser;  /* the open save dialog, or NULL */
  char *project_path;             /* the window's project file, which saving rejects, or NULL */
};

/* Returns the script of the shown framework and project, naming
 * weights_name as its default weights file. The project must not be NULL.
 * Free with g_string_free. */
GString *nrt_code_view_generate (NrtCodeView *self, const char *weights_name);

/* Shows notice in the status label for a few seconds. */
void nrt_code_view_show_notice (NrtCodeView *self, const char *notice);

G_END_DECLS
