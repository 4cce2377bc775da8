/* nrt-csv-sniff.c: detection of a CSV file's delimiter, decimal separator
 * and header row from its first rows, and the preview built on it.
 */
#define G_LOG_DOMAIN "neurite-csv"

#include "config.h"

#include "nrt-csv-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Detection reads at most this much of the file, and this many rows. */
#define SNIFF_BYTES 65536
#define SNIFF_ROWS 100

/* The preview reads at most this much of the file. */
#define PREVIEW_BYTES (1024 * 1024)

/* Candidates in the order of preference when several fit, because a file
 * whose rows split evenly at tabs or semicolons most likely uses commas
 * inside its values (decimal commas, text). */
static const char delimiter_candidates[] = { '\t', ';', ',' };

typedef struct {
  GPtrArray *rows;            /* char **, owned */
} Sample;

static gboolean
sample_row (CsvPass *pass, GPtrArray *fields, gpointer user_data)
{
  Sample *sample = user_data;
  char **row = g_new0 (char *, fields->len + 1);

  for (guint i = 0; i < fields->len; i++)
    row[i] = g_strdup (g_ptr_array_index (fields, i));
  g_ptr_array_add (sample->rows, row);
  if (sample->rows->len >= SNIFF_ROWS)
    {
      pass->stopped = TRUE;
      return FALSE;
    }
  return TRUE;
}

/* Returns the first rows of stream split at delimiter. A malformed row ends
 * the sample without an error: the full read reports it. Returns NULL only
 * when the read itself fails or is cancelled. */
static GPtrArray *
read_sample (GInputStream *stream, const char *display_name, char delimiter,
             GCancellable *cancellable, GError **error)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  Sample sample = { rows };
  g_autoptr (GError) local_error = NULL;
  CsvPass pass;

  csv_pass_init (&pass, display_name, delimiter);
  pass.max_bytes = SNIFF_BYTES;
  pass.on_row = sample_row;
  pass.user_data = &sample;
  csv_pass_run (&pass, stream, cancellable, &local_error);
  csv_pass_clear (&pass);

  if (local_error != NULL && local_error->domain != NRT_CSV_ERROR)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/* Returns TRUE when every row of rows has the same number of fields, at
 * least two. */
static gboolean
rows_are_consistent (GPtrArray *rows)
{
  guint n_fields;

  if (rows->len == 0)
    return FALSE;
  n_fields = g_strv_length (g_ptr_array_index (rows, 0));
  if (n_fields < 2)
    return FALSE;
  for (guint i = 1; i < rows->len; i++)
    if (g_strv_length (g_ptr_array_index (rows, i)) != n_fields)
      return FALSE;
  return TRUE;
}

static gboolean
detect_delimiter (GInputStream *stream, const char *display_name, char *delimiter,
                  GCancellable *cancellable, GError **error)
{
  char widest = ',';
  guint widest_fields = 1;

  for (gsize c = 0; c < G_N_ELEMENTS (delimiter_candidates); c++)
    {
      g_autoptr (GPtrArray) rows = read_sample (stream, display_name, delimiter_candidates[c],
                                                cancellable, error);
      guint n_fields;

      if (rows == NULL)
        return FALSE;
      if (rows_are_consistent (rows))
        {
          *delimiter = delimiter_candidates[c];
          return TRUE;
        }

      /* A ragged file: take the delimiter that splits the first row most,
       * so that the full read names the ragged row in its own terms. */
      n_fields = rows->len > 0 ? g_strv_length (g_ptr_array_index (rows, 0)) : 0;
      if (n_fields > widest_fields)
        {
          widest = delimiter_candidates[c];
          widest_fields = n_fields;
        }
    }
  *delimiter = widest;
  return TRUE;
}

/* A decimal comma when numbers written with a comma are at least as many
 * as numbers written with a point. */
static gboolean
detect_decimal_comma (GPtrArray *rows)
{
  gint64 n_comma = 0;
  gint64 n_point = 0;

  for (guint i = 0; i < rows->len; i++)
    for (char **field = g_ptr_array_index (rows, i); *field != NULL; field++)
      {
        double value;

        if (strchr (*field, ',') != NULL
            && csv_parse_number (*field, TRUE, &value) == CSV_NUMBER_VALID)
          n_comma++;
        else if (strchr (*field, '.') != NULL
                 && csv_parse_number (*field, FALSE, &value) == CSV_NUMBER_VALID)
          n_point++;
      }
  return n_comma > 0 && n_comma >= n_point;
}

static gboolean
is_text (const char *field, gboolean decimal_comma)
{
  double value;

  return csv_parse_number (field, decimal_comma, &value) != CSV_NUMBER_VALID && *field != '\0';
}

/* A header when the first row has text where a later row has a number, or
 * when every field of the first row is text.
 * NOTE: a file without a header whose first row is all text, such as one
 * of categories only, is read as having one; NRT_CSV_HEADER_NO fixes it. */
static gboolean
detect_header (GPtrArray *rows, gboolean decimal_comma)
{
  char **first;
  gboolean all_text = TRUE;

  if (rows->len == 0)
    return TRUE;

  first = g_ptr_array_index (rows, 0);
  for (guint j = 0; first[j] != NULL; j++)
    {
      if (!is_text (first[j], decimal_comma))
        {
          all_text = FALSE;
          continue;
        }
      for (guint i = 1; i < rows->len; i++)
        {
          char **row = g_ptr_array_index (rows, i);
          double value;

          if (j < g_strv_length (row)
              && csv_parse_number (row[j], decimal_comma, &value) == CSV_NUMBER_VALID)
            return TRUE;
        }
    }
  return all_text;
}

gboolean
csv_detect_format (GInputStream *stream, const char *display_name,
                   const NrtCsvOptions *options, CsvFormat *format,
                   GCancellable *cancellable, GError **error)
{
  g_autoptr (GPtrArray) rows = NULL;

  format->delimiter = options->delimiter;
  if (format->delimiter == 0
      && !detect_delimiter (stream, display_name, &format->delimiter, cancellable, error))
    return FALSE;

  rows = read_sample (stream, display_name, format->delimiter, cancellable, error);
  if (rows == NULL)
    return FALSE;

  if (options->decimal_comma >= 0)
    format->decimal_comma = options->decimal_comma != 0;
  else
    format->decimal_comma = format->delimiter != ',' && detect_decimal_comma (rows);

  switch (options->header)
    {
    case NRT_CSV_HEADER_YES:
      format->has_header = TRUE;
      break;
    case NRT_CSV_HEADER_NO:
      format->has_header = FALSE;
      break;
    case NRT_CSV_HEADER_DETECT:
    default:
      format->has_header = detect_header (rows, format->decimal_comma);
      break;
    }
  return g_seekable_seek (G_SEEKABLE (stream), 0, G_SEEK_SET, cancellable, error);
}

GInputStream *
csv_open_and_detect (const char *path, const NrtCsvOptions *options, char **display_name,
                     goffset *size, CsvFormat *format, GCancellable *cancellable,
                     GError **error)
{
  g_autoptr (GInputStream) stream = NULL;

  stream = csv_open_file (path, display_name, size, cancellable, error);
  if (stream == NULL)
    return NULL;
  if (!csv_detect_format (stream, *display_name, options, format, cancellable, error))
    return NULL;
  return g_steal_pointer (&stream);
}

NrtCsvScan *
nrt_csv_preview (const char *path, const NrtCsvOptions *options, int max_preview_rows,
                 GError **error)
{
  g_autoptr (GInputStream) stream = NULL;
  g_autofree char *display_name = NULL;
  CsvTable table = { 0 };
  CsvFormat format;
  goffset size = 0;
  NrtCsvScan *scan = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stream = csv_open_and_detect (path, options, &display_name, &size, &format, NULL, error);
  if (stream == NULL)
    return NULL;

  table.max_rows = MAX (max_preview_rows, 0);
  table.max_preview_rows = MAX (max_preview_rows, 0);
  if (csv_table_read (&table, stream, display_name, &format, PREVIEW_BYTES, NULL, NULL, 0.0,
                      1.0, size, NULL, error))
    scan = csv_table_to_scan (&table);
  csv_table_clear (&table);
  return scan;
}
