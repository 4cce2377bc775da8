/* nrt-import-dialog-private.h: the import dialog's fields, shared by
 * nrt-import-dialog.c (the type and its lifecycle),
 * nrt-import-dialog-actions.c (the actions and the options and roles they
 * set), nrt-import-dialog-checks.c (why Import cannot run yet),
 * nrt-import-dialog-columns.c (the preview, the column table and the task
 * guess) and nrt-import-dialog-jobs.c (the scan and load workers). */
#pragma once

#include "nrt-import-dialog.h"

G_BEGIN_DECLS

typedef enum {
  NRT_IMPORT_ROLE_FEATURE,
  NRT_IMPORT_ROLE_LABEL,
  NRT_IMPORT_ROLE_IGNORED
} NrtImportRole;

/* A scan or load running in a worker. The dialog and the task each hold a
 * reference (g_atomic_rc_box), so the worker never touches the dialog. */
typedef struct {
  gboolean is_load;
  char *path;
  NrtCsvOptions *options;       /* the job's own copy */
  GCancellable *cancellable;
  int progress;                 /* per mille of the file's bytes, read with g_atomic_int_get */
} NrtImportJob;

struct _NrtImportDialog
{
  GtkWindow parent_instance;

  /* Template children, in alphabetical order. */
  GtkLabel *blocker_label;
  GtkGrid *columns_grid;
  GtkInfoBar *error_bar;
  GtkLabel *error_label;
  GtkLabel *file_label;
  GtkBox *missing_box;
  GtkLabel *missing_label;
  GtkGrid *preview_grid;
  GtkBox *progress_box;
  GtkProgressBar *progress_bar;
  GtkLabel *progress_label;
  GtkButton *scan_button;
  GtkLabel *task_label;

  char *path;
  char *binary_problem;         /* why the file is not text, or NULL */
  GSimpleActionGroup *actions;
  NrtCsvOptions options;        /* parsing, missing values and task; labels and features are
                                 * filled from roles when a job starts */
  NrtCsvScan *preview;          /* the first rows under the current parsing options, or NULL */
  NrtCsvScan *scan;             /* the whole file under those options, or NULL until scanned */
  NrtImportRole *roles;         /* (n_roles) one per column */
  int n_roles;
  GtkDropDown **role_dropdowns; /* (n_roles) in the column table */
  GtkLabel **detail_labels;     /* (n_roles) in the column table */
  gboolean task_chosen;         /* the person set the task, so no guess replaces it */
  guint updating;               /* > 0 while the code sets states, so handlers do not react */

  NrtImportJob *job;            /* the running scan or load, or NULL */
  guint progress_tick;          /* tick callback on progress_bar while a job runs */

  NrtDataset *dataset;          /* the successful load's result, until stolen */
  NrtCsvReport *report;
  NrtCsvOptions *loaded_options; /* the options of that load */

  GDBusConnection *dbus_connection;
  guint dbus_export_id;         /* 0 when the actions are not exported */
};

/* nrt-import-dialog.c */
void nrt_import_dialog_show_error (NrtImportDialog *self, const char *message);
void nrt_import_dialog_hide_error (NrtImportDialog *self);
const NrtCsvScan *nrt_import_dialog_get_current_columns (NrtImportDialog *self);
void nrt_import_dialog_finish_import (NrtImportDialog *self, NrtDataset *dataset,
                                      NrtCsvReport *report, NrtCsvOptions *options);

/* nrt-import-dialog-actions.c */
void nrt_import_dialog_init_actions (NrtImportDialog *self);
void nrt_import_dialog_export_actions (NrtImportDialog *self, GtkWindow *parent);
void nrt_import_dialog_reparse (NrtImportDialog *self);
void nrt_import_dialog_update_state (NrtImportDialog *self);
void nrt_import_dialog_fill_job_options (NrtImportDialog *self, NrtCsvOptions *options);
GtkDropDown *nrt_import_dialog_new_role_dropdown (NrtImportDialog *self, int column);

/* nrt-import-dialog-checks.c */
int nrt_import_dialog_count_roles (NrtImportDialog *self, NrtImportRole role);
char *nrt_import_dialog_dup_binary_problem (const char *path);
char *nrt_import_dialog_describe_missing (NrtImportDialog *self, char **blocker,
                                         gboolean *has_missing);
char *nrt_import_dialog_dup_blocker (NrtImportDialog *self, const char *missing_blocker);

/* nrt-import-dialog-columns.c */
void nrt_import_dialog_rebuild_preview (NrtImportDialog *self);
void nrt_import_dialog_rebuild_columns (NrtImportDialog *self);
void nrt_import_dialog_update_details (NrtImportDialog *self);
NrtCsvTask nrt_import_dialog_guess_task (NrtImportDialog *self, char **reason);

/* nrt-import-dialog-jobs.c */
void nrt_import_dialog_start_scan (NrtImportDialog *self);
void nrt_import_dialog_start_load (NrtImportDialog *self);
void nrt_import_dialog_cancel_job (NrtImportDialog *self);
void nrt_import_job_release (NrtImportJob *job);

G_END_DECLS
