/* nrt-import-dialog.h: the dialog that reads a CSV file into a dataset.
 *
 * It previews the first rows and scans the whole file in a worker to
 * describe every column. The person chooses the parsing options, each
 * column's role, the task and what to do with missing values, then the file
 * loads in a worker. The options live in the action group "import" on the dialog
 * (see nrt-import-dialog-actions.c for the list), which is also exported on the
 * application's D-Bus connection so that tests can drive the dialog. */
#pragma once

#include <gtk/gtk.h>

#include "io/nrt-csv.h"

G_BEGIN_DECLS

#define NRT_TYPE_IMPORT_DIALOG (nrt_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (NrtImportDialog, nrt_import_dialog, NRT, IMPORT_DIALOG, GtkWindow)

/* Rows shown in the preview. */
#define NRT_IMPORT_DIALOG_PREVIEW_ROWS 8

/* Opens a modal dialog, transient for parent, on the local file path. The
 * dialog emits "imported" once a load succeeds, then destroys itself; the
 * handler takes the result with nrt_import_dialog_steal_result. */
NrtImportDialog *nrt_import_dialog_new (GtkWindow *parent, const char *path);

const char *nrt_import_dialog_get_path (NrtImportDialog *self);

/* The options of the successful load, for reloading the file later. */
const NrtCsvOptions *nrt_import_dialog_get_options (NrtImportDialog *self);

/* Hands over the loaded dataset and its report, once, from an "imported"
 * handler. Returns NULL before a load succeeds or after a first call.
 * report may be NULL; otherwise the caller frees *report. */
NrtDataset *nrt_import_dialog_steal_result (NrtImportDialog *self, NrtCsvReport **report);

/* D-Bus object path of the dialog's action group: the window's path under
 * the application's, followed by "/import". NULL when the parent is not a
 * GtkApplicationWindow of a registered application. */
char *nrt_import_dialog_dup_dbus_path (GtkWindow *parent);

/* Deep copies of the reader's options, for keeping them past the dialog. */
NrtCsvOptions *nrt_import_options_copy (const NrtCsvOptions *options);
void nrt_import_options_free (NrtCsvOptions *options);

G_END_DECLS
