/* nrt-cli-history.c: the per-epoch metrics of a run, as CSVLogger writes them. */
#include "config.h"

#include "nrt-cli-history.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "io/nrt-history-csv.h"
#include "nrt-cli-file.h"

struct NrtCliHistory {
  gboolean has_accuracy;
  gboolean has_validation;
  GArray *rows;   /* of NrtLogs, in epoch order, each with the history's column flags */
};

NrtCliHistory *
nrt_cli_history_new (gboolean has_accuracy, gboolean has_validation)
{
  NrtCliHistory *history = g_new0 (NrtCliHistory, 1);

  history->has_accuracy = has_accuracy;
  history->has_validation = has_validation;
  history->rows = g_array_new (FALSE, TRUE, sizeof (NrtLogs));
  return history;
}

void
nrt_cli_history_free (NrtCliHistory *history)
{
  if (history == NULL)
    return;

  g_array_unref (history->rows);
  g_free (history);
}

void
nrt_cli_history_append (NrtCliHistory *history, const NrtLogs *logs)
{
  NrtLogs row;

  g_return_if_fail (history != NULL && logs != NULL);

  /* The columns are the history's, whatever a later epoch reports. */
  row = *logs;
  row.has_accuracy = history->has_accuracy;
  row.has_validation = history->has_validation;
  g_array_append_val (history->rows, row);
}

int
nrt_cli_history_get_n_epochs (const NrtCliHistory *history)
{
  g_return_val_if_fail (history != NULL, 0);

  return (int) history->rows->len;
}

gboolean
nrt_cli_history_has_validation (const NrtCliHistory *history)
{
  g_return_val_if_fail (history != NULL, FALSE);

  return history->has_validation;
}

void
nrt_cli_history_get_losses (const NrtCliHistory *history, double *loss, double *val_loss)
{
  g_return_if_fail (history != NULL && loss != NULL);

  for (guint i = 0; i < history->rows->len; i++)
    {
      const NrtLogs *row = &g_array_index (history->rows, NrtLogs, i);

      loss[i] = row->loss;
      if (val_loss != NULL && history->has_validation)
        val_loss[i] = row->val_loss;
    }
}

char *
nrt_cli_format_double (double value, char *buffer)
{
  return nrt_history_csv_format_double (value, buffer);
}

char *
nrt_cli_history_csv_from_logs (const NrtLogs *logs, gsize n_epochs, gboolean has_accuracy,
                               gboolean has_validation)
{
  NrtLogs columns = { 0 };
  char *csv;

  if (n_epochs > 0)
    return nrt_history_csv_format (logs, n_epochs);

  /* The io layer takes the columns from the first entry, so a history
   * without epochs borrows the header of a one-epoch history. */
  columns.has_accuracy = has_accuracy;
  columns.has_validation = has_validation;
  csv = nrt_history_csv_format (&columns, 1);
  strchr (csv, '\n')[1] = '\0';
  return csv;
}

char *
nrt_cli_history_to_csv (const NrtCliHistory *history)
{
  g_return_val_if_fail (history != NULL, NULL);

  return nrt_cli_history_csv_from_logs ((const NrtLogs *) (gpointer) history->rows->data,
                                        history->rows->len, history->has_accuracy,
                                        history->has_validation);
}

gboolean
nrt_cli_history_write (const NrtCliHistory *history, const char *path, GError **error)
{
  g_autofree char *csv = NULL;
  g_autofree char *display_name = NULL;
  int saved_errno;

  g_return_val_if_fail (history != NULL && path != NULL, FALSE);

  csv = nrt_cli_history_to_csv (history);
  saved_errno = nrt_cli_write_file_atomically (path, csv, strlen (csv));
  if (saved_errno != 0)
    {
      display_name = g_filename_display_name (path);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not write the history to “%s”: %s"), display_name,
                   g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}
