/* nrt-cli-history.c: the per-epoch metrics of a run, as CSVLogger writes them. */
#include "config.h"

#include "nrt-cli-history.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "nrt-cli-file.h"

typedef struct {
  int epoch;
  double accuracy;
  double loss;
  double val_accuracy;
  double val_loss;
} HistoryRow;

struct NrtCliHistory {
  gboolean has_accuracy;
  gboolean has_validation;
  GArray *rows;   /* of HistoryRow, in epoch order */
};

NrtCliHistory *
nrt_cli_history_new (gboolean has_accuracy, gboolean has_validation)
{
  NrtCliHistory *history = g_new0 (NrtCliHistory, 1);

  history->has_accuracy = has_accuracy;
  history->has_validation = has_validation;
  history->rows = g_array_new (FALSE, TRUE, sizeof (HistoryRow));
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
  HistoryRow row;

  g_return_if_fail (history != NULL && logs != NULL);

  row.epoch = logs->epoch;
  row.accuracy = logs->accuracy;
  row.loss = logs->loss;
  row.val_accuracy = logs->val_accuracy;
  row.val_loss = logs->val_loss;
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
      const HistoryRow *row = &g_array_index (history->rows, HistoryRow, i);

      loss[i] = row->loss;
      if (val_loss != NULL && history->has_validation)
        val_loss[i] = row->val_loss;
    }
}

char *
nrt_cli_format_double (double value, char *buffer)
{
  /* Python's repr picks the shortest digit string that reads back exactly;
   * trying each precision in turn finds the same digits, because glibc's
   * printf rounds correctly. 17 significant digits always suffice. */
  if (isnan (value))
    return strcpy (buffer, "nan");
  if (isinf (value))
    return strcpy (buffer, value > 0 ? "inf" : "-inf");

  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buffer, G_ASCII_DTOSTR_BUF_SIZE, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }

  /* Python writes 1.0 where %g writes 1. */
  if (strpbrk (buffer, ".e") == NULL)
    g_strlcat (buffer, ".0", G_ASCII_DTOSTR_BUF_SIZE);
  return buffer;
}

/* Appends ",value" to line. */
static void
append_value (GString *line, double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (line, ',');
  g_string_append (line, nrt_cli_format_double (value, buffer));
}

char *
nrt_cli_history_to_csv (const NrtCliHistory *history)
{
  GString *csv;

  g_return_val_if_fail (history != NULL, NULL);

  csv = g_string_new ("epoch");
  if (history->has_accuracy)
    g_string_append (csv, ",accuracy");
  g_string_append (csv, ",loss");
  if (history->has_validation && history->has_accuracy)
    g_string_append (csv, ",val_accuracy");
  if (history->has_validation)
    g_string_append (csv, ",val_loss");
  g_string_append_c (csv, '\n');

  for (guint i = 0; i < history->rows->len; i++)
    {
      const HistoryRow *row = &g_array_index (history->rows, HistoryRow, i);

      g_string_append_printf (csv, "%d", row->epoch);
      if (history->has_accuracy)
        append_value (csv, row->accuracy);
      append_value (csv, row->loss);
      if (history->has_validation && history->has_accuracy)
        append_value (csv, row->val_accuracy);
      if (history->has_validation)
        append_value (csv, row->val_loss);
      g_string_append_c (csv, '\n');
    }

  return g_string_free (csv, FALSE);
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
