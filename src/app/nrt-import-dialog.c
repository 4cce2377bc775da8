/* nrt-import-dialog.c: the import dialog's type: its construction and
 * disposal, the error bar, the "imported" signal that hands over the loaded
 * dataset, and deep copies of the reader's options. Its actions are in
 * nrt-import-dialog-actions.c, the checks before Import in
 * nrt-import-dialog-checks.c. */
#define G_LOG_DOMAIN "neurite-import"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "nrt-import-dialog-private.h"

G_DEFINE_FINAL_TYPE (NrtImportDialog, nrt_import_dialog, GTK_TYPE_WINDOW)

enum {
  SIGNAL_IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

NrtCsvOptions *
nrt_import_options_copy (const NrtCsvOptions *options)
{
  NrtCsvOptions *copy = g_new (NrtCsvOptions, 1);

  *copy = *options;
  copy->labels = g_strdupv (options->labels);
  copy->features = g_strdupv (options->features);
  return copy;
}

void
nrt_import_options_free (NrtCsvOptions *options)
{
  if (options == NULL)
    return;
  g_strfreev (options->labels);
  g_strfreev (options->features);
  g_free (options);
}

void
nrt_import_dialog_show_error (NrtImportDialog *self, const char *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_info_bar_set_revealed (self->error_bar, TRUE);
}

void
nrt_import_dialog_hide_error (NrtImportDialog *self)
{
  gtk_info_bar_set_revealed (self->error_bar, FALSE);
}

static void
error_bar_response_cb (NrtImportDialog *self, int response)
{
  nrt_import_dialog_hide_error (self);
}

/* The columns as the newest read describes them: the scan when there is
 * one, else the preview. */
const NrtCsvScan *
nrt_import_dialog_get_current_columns (NrtImportDialog *self)
{
  return self->scan != NULL ? self->scan : self->preview;
}

const char *
nrt_import_dialog_get_path (NrtImportDialog *self)
{
  g_return_val_if_fail (NRT_IS_IMPORT_DIALOG (self), NULL);

  return self->path;
}

const NrtCsvOptions *
nrt_import_dialog_get_options (NrtImportDialog *self)
{
  g_return_val_if_fail (NRT_IS_IMPORT_DIALOG (self), NULL);

  return self->loaded_options;
}

NrtDataset *
nrt_import_dialog_steal_result (NrtImportDialog *self, NrtCsvReport **report)
{
  g_return_val_if_fail (NRT_IS_IMPORT_DIALOG (self), NULL);

  if (report != NULL)
    *report = g_steal_pointer (&self->report);
  return g_steal_pointer (&self->dataset);
}

/* Hands the load's result to the "imported" handlers, then closes the
 * dialog. Takes ownership of the three arguments. */
void
nrt_import_dialog_finish_import (NrtImportDialog *self, NrtDataset *dataset,
                                 NrtCsvReport *report, NrtCsvOptions *options)
{
  g_clear_pointer (&self->dataset, nrt_dataset_free);
  g_clear_pointer (&self->report, nrt_csv_report_free);
  g_clear_pointer (&self->loaded_options, nrt_import_options_free);
  self->dataset = dataset;
  self->report = report;
  self->loaded_options = options;

  g_object_ref (self);
  g_signal_emit (self, signals[SIGNAL_IMPORTED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

static void
nrt_import_dialog_dispose (GObject *object)
{
  NrtImportDialog *self = NRT_IMPORT_DIALOG (object);

  nrt_import_dialog_cancel_job (self);
  if (self->dbus_export_id != 0)
    g_dbus_connection_unexport_action_group (self->dbus_connection, self->dbus_export_id);
  self->dbus_export_id = 0;
  g_clear_object (&self->dbus_connection);
  g_clear_pointer (&self->role_dropdowns, g_free);
  g_clear_pointer (&self->detail_labels, g_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), NRT_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (nrt_import_dialog_parent_class)->dispose (object);
}

static void
nrt_import_dialog_finalize (GObject *object)
{
  NrtImportDialog *self = NRT_IMPORT_DIALOG (object);

  g_free (self->path);
  g_free (self->binary_problem);
  g_clear_object (&self->actions);
  g_clear_pointer (&self->preview, nrt_csv_scan_free);
  g_clear_pointer (&self->scan, nrt_csv_scan_free);
  g_free (self->roles);
  g_clear_pointer (&self->dataset, nrt_dataset_free);
  g_clear_pointer (&self->report, nrt_csv_report_free);
  g_clear_pointer (&self->loaded_options, nrt_import_options_free);

  G_OBJECT_CLASS (nrt_import_dialog_parent_class)->finalize (object);
}

static void
nrt_import_dialog_class_init (NrtImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nrt_import_dialog_dispose;
  object_class->finalize = nrt_import_dialog_finalize;

  /* Emitted once a load succeeds, before the dialog closes. */
  signals[SIGNAL_IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/neurite/Neurite/nrt-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, NrtImportDialog, blocker_label);
  gtk_widget_class_bind_template_child (widget_class, NrtImportDialog, columns_grid);
  gtk_widget_class_bind_template_child (widget_class, NrtImportDialog, error_bar);
  gtk_widget_class_bind_template_child (widget_class, NrtImportDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, NrtImportDialog, file_label);
  gtk_widget_class_bind_template_child (widget_class, NrtImportDialog, missing_box);
  gtk_widget_class_bind_template_child (widget_class, NrtImportDialog, missing_label);
  gtk_widget_class_bind_template_child (widget_class, NrtImportDialog, preview_grid);
  gtk_widget_class_bind_template_child (widget_class, NrtImportDialog, progress_box);
  gtk_widget_class_bind_template_child (widget_class, NrtImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, NrtImportDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, NrtImportDialog, scan_button);
  gtk_widget_class_bind_template_child (widget_class, NrtImportDialog, task_label);
  gtk_widget_class_bind_template_callback (widget_class, error_bar_response_cb);

  /* GtkWindow installs the "window.close" action, but GTK 4.8 binds no key to it. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
nrt_import_dialog_init (NrtImportDialog *self)
{
  /* The group comes first, so that the template's buttons find their actions. */
  nrt_import_dialog_init_actions (self);

  self->options = nrt_csv_options_default ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

NrtImportDialog *
nrt_import_dialog_new (GtkWindow *parent, const char *path)
{
  NrtImportDialog *self;
  g_autofree char *basename = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  basename = g_path_get_basename (path);
  title = g_strdup_printf (_("Import “%s”"), basename);
  self = g_object_new (NRT_TYPE_IMPORT_DIALOG, "title", title, "transient-for", parent,
                       "modal", TRUE, NULL);
  self->path = g_strdup (path);
  self->binary_problem = nrt_import_dialog_dup_binary_problem (path);
  nrt_import_dialog_export_actions (self, parent);
  nrt_import_dialog_reparse (self);
  return self;
}
