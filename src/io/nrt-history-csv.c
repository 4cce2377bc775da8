/* nrt-history-csv.c: a training history in the layout of Keras's CSVLogger. */
#include "config.h"

#include "nrt-history-csv.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "nrt-number-format-private.h"

char *
nrt_history_csv_format_double (double value, char *buffer)
{
  g_return_val_if_fail (buffer != NULL, NULL);

  nrt_format_shortest (value, FALSE, buffer);
  /* Python writes 1.0 where the shortest digits are 1. */
  if (isfinite (value) && strpbrk (buffer, ".e") == NULL)
    g_strlcat (buffer, ".0", G_ASCII_DTOSTR_BUF_SIZE);
  return buffer;
}

/* Appends ",value" to line. */
static void
append_value (GString *line, double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (line, ',');
  g_string_append (line, nrt_history_csv_format_double (value, buffer));
}

char *
nrt_history_csv_format (const NrtLogs *logs, gsize n_epochs)
{
  gboolean has_accuracy, has_validation;
  GString *csv;

  g_return_val_if_fail (logs != NULL || n_epochs == 0, NULL);

  has_accuracy = n_epochs > 0 && logs[0].has_accuracy;
  has_validation = n_epochs > 0 && logs[0].has_validation;

  /* The column names are sorted, as CSVLogger sorts its keys. */
  csv = g_string_new ("epoch");
  if (has_accuracy)
    g_string_append (csv, ",accuracy");
  g_string_append (csv, ",loss");
  if (has_validation && has_accuracy)
    g_string_append (csv, ",val_accuracy");
  if (has_validation)
    g_string_append (csv, ",val_loss");
  g_string_append_c (csv, '\n');

  for (gsize i = 0; i < n_epochs; i++)
    {
      const NrtLogs *row = &logs[i];

      g_string_append_printf (csv, "%d", row->epoch);
      if (has_accuracy)
        append_value (csv, row->accuracy);
      append_value (csv, row->loss);
      if (has_validation && has_accuracy)
        append_value (csv, row->val_accuracy);
      if (has_validation)
        append_value (csv, row->val_loss);
      g_string_append_c (csv, '\n');
    }

  return g_string_free (csv, FALSE);
}

gboolean
nrt_history_csv_write (const NrtLogs *logs, gsize n_epochs, const char *path, GError **error)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *csv = NULL;

  g_return_val_if_fail (logs != NULL || n_epochs == 0, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* GIO writes a temporary file and renames it over path, and its messages
   * name path, where g_file_set_contents_full's name the temporary file. */
  csv = nrt_history_csv_format (logs, n_epochs);
  file = g_file_new_for_path (path);
  if (!g_file_replace_contents (file, csv, strlen (csv), NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                                NULL, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not write the history: %s"), local_error->message);
      return FALSE;
    }
  return TRUE;
}
