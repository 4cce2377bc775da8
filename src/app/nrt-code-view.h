/* nrt-code-view.h: the Code page, a read-only Python script that rebuilds
 * the window's model in Keras, PyTorch or NumPy, with Copy and Save…
 * buttons.
 *
 * The view keeps the NrtProject that it was given last and generates the
 * text from it with nrt_codegen_keras, nrt_codegen_pytorch or
 * nrt_codegen_numpy. Saving writes the script and, beside it, the .npz
 * archive of the project's weights that the script loads.
 */
#pragma once

#include <gtk/gtk.h>

#include "io/nrt-project.h"

G_BEGIN_DECLS

typedef enum {
  NRT_CODE_FRAMEWORK_KERAS,
  NRT_CODE_FRAMEWORK_PYTORCH,
  NRT_CODE_FRAMEWORK_NUMPY,
  NRT_CODE_FRAMEWORK_COUNT
} NrtCodeFramework;

/* Returns the id of framework: "keras", "pytorch" or "numpy". */
const char *nrt_code_framework_get_id (NrtCodeFramework framework);

/* Returns the framework whose id is id, or -1 for an unknown id. */
int nrt_code_framework_from_id (const char *id);

/* The weights file that the shown script names, relative to the current
 * folder of the process that runs it. Saving replaces it with the saved
 * script's name and .npz. */
#define NRT_CODE_VIEW_WEIGHTS_NAME "model.npz"

#define NRT_TYPE_CODE_VIEW (nrt_code_view_get_type ())
G_DECLARE_FINAL_TYPE (NrtCodeView, nrt_code_view, NRT, CODE_VIEW, GtkBox)

GtkWidget *nrt_code_view_new (void);

/* Shows the script of framework. The property "framework" is its id,
 * and the view's action "code.framework" (parameter and state "s") sets it
 * from the buttons. */
void nrt_code_view_set_framework (NrtCodeView *self, NrtCodeFramework framework);
NrtCodeFramework nrt_code_view_get_framework (NrtCodeView *self);

/* Takes project, whose model must have at least one layer, and shows its
 * script. With project NULL the view shows reason in place of the code and
 * disables Copy and Save…. The text is replaced only when it changed, and
 * the scroll position stays. */
void nrt_code_view_take_project (NrtCodeView *self, NrtProject *project, const char *reason);

/* Returns the text shown, the script or the reason. Free with g_free. */
char *nrt_code_view_dup_text (NrtCodeView *self);

/* Puts the text shown on the clipboard of the view's display and shows a
 * notice in the status label. Does nothing without a project. */
void nrt_code_view_copy (NrtCodeView *self);

/* Sets the project file open in the window, or NULL for none. Saving
 * rejects it as the script or the weights file. */
void nrt_code_view_set_project_path (NrtCodeView *self, const char *project_path);

/* Writes the script of the shown framework to script_path and the project's
 * weights to the .npz file beside it: the script's name with ".npz" in place
 * of ".py" (or appended), which the script names as its default weights
 * file. Both files are replaced atomically. Returns FALSE with error set,
 * naming the file, when there is no project, when either file is the
 * model's CSV data file or the open project file, or when a write fails. */
gboolean nrt_code_view_save (NrtCodeView *self, const char *script_path, GError **error);

/* Opens a save dialog for the script and saves the pair as
 * nrt_code_view_save does, showing errors in a message dialog. */
void nrt_code_view_save_with_dialog (NrtCodeView *self);

G_END_DECLS
