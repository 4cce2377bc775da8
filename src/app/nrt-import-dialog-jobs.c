/* nrt-import-dialog-jobs.c: the import dialog's workers. A scan describes
 * the whole file's columns; a load reads it into a dataset. Each runs in a
 * GTask thread on its own copy of the path and options, publishes its
 * progress through an atomic integer that a tick callback shows, and stops
 * when its cancellable is cancelled. The dialog applies a result only if
 * the job is still its current one. */
#define G_LOG_DOMAIN "neurite-import"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "nrt-import-dialog-private.h"

static void
job_clear (NrtImportJob *job)
{
  g_free (job->path);
  nrt_import_options_free (job->options);
  g_clear_object (&job->cancellable);
}

void
nrt_import_job_release (NrtImportJob *job)
{
  g_atomic_rc_box_release_full (job, (GDestroyNotify) job_clear);
}

static NrtImportJob *
job_new (NrtImportDialog *self, gboolean is_load)
{
  NrtImportJob *job = g_atomic_rc_box_new0 (NrtImportJob);

  job->is_load = is_load;
  job->path = g_strdup (self->path);
  job->options = g_new0 (NrtCsvOptions, 1);
  nrt_import_dialog_fill_job_options (self, job->options);
  job->cancellable = g_cancellable_new ();
  return job;
}

/* Runs in the reading thread. */
static void
job_progress_cb (double fraction, gpointer user_data)
{
  NrtImportJob *job = user_data;

  g_atomic_int_set (&job->progress, (int) CLAMP (fraction * 1000.0, 0.0, 1000.0));
}

static gboolean
progress_tick_cb (GtkWidget *widget, GdkFrameClock *frame_clock, gpointer user_data)
{
  NrtImportDialog *self = NRT_IMPORT_DIALOG (user_data);

  if (self->job == NULL)
    return G_SOURCE_CONTINUE;
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 g_atomic_int_get (&self->job->progress) / 1000.0);
  return G_SOURCE_CONTINUE;
}

/* Makes job the current one and shows its progress. */
static void
begin_job (NrtImportDialog *self, NrtImportJob *job)
{
  nrt_import_dialog_cancel_job (self);
  self->job = job;
  gtk_label_set_label (self->progress_label,
                       job->is_load ? _("Importing…") : _("Scanning the whole file…"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  if (self->progress_tick == 0)
    self->progress_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->progress_bar),
                                                        progress_tick_cb, self, NULL);
}

static void
end_job (NrtImportDialog *self)
{
  g_clear_pointer (&self->job, nrt_import_job_release);
  if (self->progress_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->progress_bar), self->progress_tick);
  self->progress_tick = 0;
}

void
nrt_import_dialog_cancel_job (NrtImportDialog *self)
{
  if (self->job == NULL)
    return;
  g_cancellable_cancel (self->job->cancellable);
  end_job (self);
}

/* Returns whether result belongs to the dialog's current job; a result of
 * a cancelled or replaced job is dropped. */
static gboolean
is_current (NrtImportDialog *self, GAsyncResult *result)
{
  NrtImportJob *job = g_task_get_task_data (G_TASK (result));

  return self->job == job && !g_cancellable_is_cancelled (job->cancellable);
}

static void
scan_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  NrtImportJob *job = task_data;
  GError *error = NULL;
  NrtCsvScan *scan;

  scan = nrt_csv_scan (job->path, job->options, NRT_IMPORT_DIALOG_PREVIEW_ROWS,
                       job_progress_cb, job, cancellable, &error);
  if (scan == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, scan, (GDestroyNotify) nrt_csv_scan_free);
}

/* Columns that the scan finds empty are left out, as the reader would. */
static void
ignore_empty_columns (NrtImportDialog *self)
{
  for (int i = 0; i < self->scan->n_columns && i < self->n_roles; i++)
    if (self->scan->columns[i].kind == NRT_CSV_COLUMN_EMPTY)
      self->roles[i] = NRT_IMPORT_ROLE_IGNORED;
}

static void
scan_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  NrtImportDialog *self = NRT_IMPORT_DIALOG (source);
  g_autoptr (GError) error = NULL;
  NrtCsvScan *scan;

  scan = g_task_propagate_pointer (G_TASK (result), &error);
  if (!is_current (self, result))
    {
      g_clear_pointer (&scan, nrt_csv_scan_free);
      return;
    }
  end_job (self);

  if (scan == NULL)
    {
      nrt_import_dialog_show_error (self, error->message);
      nrt_import_dialog_update_state (self);
      return;
    }
  if (scan->n_columns != self->n_roles)
    {
      /* The preview read fewer rows than the scan; a row beyond them has
       * another number of fields, which the reader reports as an error. */
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("The scan found %d columns where the first rows have %d: "
                                   "check the delimiter."), scan->n_columns, self->n_roles);
      nrt_import_dialog_show_error (self, message);
      nrt_csv_scan_free (scan);
      nrt_import_dialog_update_state (self);
      return;
    }

  self->scan = scan;
  ignore_empty_columns (self);
  nrt_import_dialog_rebuild_columns (self);
  nrt_import_dialog_update_state (self);
}

void
nrt_import_dialog_start_scan (NrtImportDialog *self)
{
  g_autoptr (GTask) task = NULL;
  NrtImportJob *job = job_new (self, FALSE);

  g_clear_pointer (&self->scan, nrt_csv_scan_free);
  begin_job (self, job);

  task = g_task_new (self, job->cancellable, scan_done_cb, NULL);
  g_task_set_source_tag (task, nrt_import_dialog_start_scan);
  g_task_set_task_data (task, g_atomic_rc_box_acquire (job),
                        (GDestroyNotify) nrt_import_job_release);
  g_task_run_in_thread (task, scan_thread);
}

/* What a load returns: the dataset and its report. */
typedef struct {
  NrtDataset *dataset;
  NrtCsvReport *report;
} LoadResult;

static void
load_result_free (LoadResult *result)
{
  g_clear_pointer (&result->dataset, nrt_dataset_free);
  g_clear_pointer (&result->report, nrt_csv_report_free);
  g_free (result);
}

static void
load_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  NrtImportJob *job = task_data;
  LoadResult *result = g_new0 (LoadResult, 1);
  GError *error = NULL;

  result->dataset = nrt_csv_load_with_options (job->path, job->options, job_progress_cb, job,
                                               cancellable, &result->report, &error);
  if (result->dataset == NULL)
    {
      load_result_free (result);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, result, (GDestroyNotify) load_result_free);
}

static void
load_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  NrtImportDialog *self = NRT_IMPORT_DIALOG (source);
  NrtImportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  LoadResult *loaded;
  NrtCsvOptions *options;

  loaded = g_task_propagate_pointer (G_TASK (result), &error);
  if (!is_current (self, result))
    {
      g_clear_pointer (&loaded, load_result_free);
      return;
    }
  options = g_steal_pointer (&job->options);
  end_job (self);

  if (loaded == NULL)
    {
      nrt_import_options_free (options);
      nrt_import_dialog_show_error (self, error->message);
      nrt_import_dialog_update_state (self);
      return;
    }
  nrt_import_dialog_finish_import (self, g_steal_pointer (&loaded->dataset),
                                   g_steal_pointer (&loaded->report), options);
  load_result_free (loaded);
}

void
nrt_import_dialog_start_load (NrtImportDialog *self)
{
  g_autoptr (GTask) task = NULL;
  NrtImportJob *job = job_new (self, TRUE);

  begin_job (self, job);

  task = g_task_new (self, job->cancellable, load_done_cb, NULL);
  g_task_set_source_tag (task, nrt_import_dialog_start_load);
  g_task_set_task_data (task, g_atomic_rc_box_acquire (job),
                        (GDestroyNotify) nrt_import_job_release);
  g_task_run_in_thread (task, load_thread);
}
