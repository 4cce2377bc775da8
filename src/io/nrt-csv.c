/* nrt-csv.c: the public entry points of CSV import: options, opening a
 * file or a buffer as a stream, and the loads.
 *
 * nrt-csv-read.c runs one streamed pass through libcsv, nrt-csv-sniff.c
 * detects the format and builds the preview, nrt-csv-scan.c describes the
 * columns, nrt-csv-columns.c plans the features, nrt-csv-labels.c chooses
 * the task and nrt-csv-load.c fills the dataset.
 */
#define G_LOG_DOMAIN "neurite-csv"

#include "config.h"

#include "nrt-csv-private.h"

#include <glib/gi18n-lib.h>

G_DEFINE_QUARK (nrt-csv-error-quark, nrt_csv_error)

NrtCsvOptions
nrt_csv_options_default (void)
{
  NrtCsvOptions options = {
    .delimiter = 0,
    .header = NRT_CSV_HEADER_DETECT,
    .decimal_comma = -1,
    .labels = NULL,
    .features = NULL,
    .missing = NRT_CSV_MISSING_ERROR,
    .task = NRT_CSV_TASK_DETECT,
  };

  return options;
}

void
nrt_csv_report_free (NrtCsvReport *report)
{
  if (report == NULL)
    return;

  if (report->notes != NULL)
    g_ptr_array_unref (report->notes);
  g_free (report);
}

/* Sets error from GIO's read_error with a message that names the file
 * once, gives the reason and states what to do. GIO's own message repeats
 * the path after ours, so only its code is kept. */
static void
set_read_error (GError **error, const GError *read_error, const char *display_name)
{
  const char *reason;

  if (g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    reason = _("no such file; check the path");
  else if (g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
    reason = _("it is a folder; pass a CSV file, not a folder");
  else if (g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    reason = _("permission denied; check that you may read the file");
  else if (g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY))
    reason = _("a part of the path is not a folder; check the path");
  else
    {
      /* Other failures are rare, and GIO's message may carry details. */
      g_set_error (error, read_error->domain, read_error->code,
                   _("Could not read the CSV file: %s"), read_error->message);
      return;
    }

  g_set_error (error, read_error->domain, read_error->code,
               _("Could not read the CSV file “%s”: %s"), display_name, reason);
}

GInputStream *
csv_open_file (const char *path, char **display_name, goffset *size,
               GCancellable *cancellable, GError **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileInputStream) stream = NULL;
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GError) read_error = NULL;
  g_autofree char *name = g_filename_display_name (path);

  stream = g_file_read (file, cancellable, &read_error);
  if (stream != NULL)
    info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                           G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                           cancellable, &read_error);
  /* Some systems open a folder for reading and fail only on the first
   * read, so ask for its type as well. */
  if (info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    g_set_error_literal (&read_error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY, "");
  if (read_error != NULL)
    {
      if (g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&read_error));
      else
        set_read_error (error, read_error, name);
      return NULL;
    }

  *size = g_file_info_get_size (info);
  *display_name = g_steal_pointer (&name);
  return G_INPUT_STREAM (g_steal_pointer (&stream));
}

NrtDataset *
nrt_csv_load_with_options (const char *path, const NrtCsvOptions *options,
                           NrtCsvProgressFunc progress, gpointer user_data,
                           GCancellable *cancellable, NrtCsvReport **report, GError **error)
{
  g_autoptr (GInputStream) stream = NULL;
  g_autofree char *display_name = NULL;
  goffset size = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stream = csv_open_file (path, &display_name, &size, cancellable, error);
  if (stream == NULL)
    return NULL;
  return csv_load_stream (stream, size, display_name, options, progress, user_data,
                          cancellable, report, error);
}

NrtDataset *
nrt_csv_load_data_with_options (const char *data, gsize length, const char *display_name,
                                const NrtCsvOptions *options, NrtCsvReport **report,
                                GError **error)
{
  g_autoptr (GInputStream) stream = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The stream reads data in place; it does not copy or free it. */
  stream = g_memory_input_stream_new_from_data (data != NULL ? data : "", (gssize) length,
                                                NULL);
  return csv_load_stream (stream, (goffset) length, display_name, options, NULL, NULL, NULL,
                          report, error);
}

NrtDataset *
nrt_csv_load (const char *path, const char *label_column, GError **error)
{
  NrtCsvOptions options = nrt_csv_options_default ();
  char *labels[] = { (char *) label_column, NULL };

  if (label_column != NULL)
    options.labels = labels;
  return nrt_csv_load_with_options (path, &options, NULL, NULL, NULL, NULL, error);
}

NrtDataset *
nrt_csv_load_from_data (const char *data, gsize length, const char *display_name,
                        const char *label_column, GError **error)
{
  NrtCsvOptions options = nrt_csv_options_default ();
  char *labels[] = { (char *) label_column, NULL };

  if (label_column != NULL)
    options.labels = labels;
  return nrt_csv_load_data_with_options (data, length, display_name, &options, NULL, error);
}
