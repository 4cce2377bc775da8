/* nrt-csv-scan.c: the first pass over a CSV file, which counts its rows and
 * describes each column: kind, missing and non-numeric values, range,
 * mean and distinct values.
 */
#define G_LOG_DOMAIN "neurite-csv"

#include "config.h"

#include "nrt-csv-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/* Integers up to 2^53 convert to double and back exactly. */
#define MAX_EXACT_INTEGER 9007199254740992.0

static void
column_init (CsvColumnStats *column)
{
  column->min = INFINITY;
  column->max = -INFINITY;
  column->all_integer = TRUE;
  column->texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  column->numbers = g_hash_table_new_full (g_double_hash, g_double_equal, g_free, NULL);
}

static void
column_clear (CsvColumnStats *column)
{
  g_clear_pointer (&column->texts, g_hash_table_unref);
  g_clear_pointer (&column->numbers, g_hash_table_unref);
  g_clear_pointer (&column->first_text_value, g_free);
  g_clear_pointer (&column->first_non_integer_value, g_free);
  g_clear_pointer (&column->first_non_binary_value, g_free);
}

/* Counts field in the column's distinct texts. A full table stops
 * counting: its column is numeric or has too many categories, and neither
 * needs the counts. */
static void
column_add_text (CsvColumnStats *column, const char *field)
{
  gsize *count;

  if (column->texts_full)
    return;

  count = g_hash_table_lookup (column->texts, field);

  if (count != NULL)
    {
      (*count)++;
      return;
    }
  count = g_new (gsize, 1);
  *count = 1;
  g_hash_table_insert (column->texts, g_strdup (field), count);
  if (!g_utf8_validate (field, -1, NULL))
    column->invalid_utf8_text = TRUE;
  if (!column->uncapped && g_hash_table_size (column->texts) > NRT_CSV_MAX_CATEGORIES)
    column->texts_full = TRUE;
}

static void
column_add_number (CsvColumnStats *column, const char *field, double value, gint64 line)
{
  column->n_numeric++;
  column->sum += value;
  column->min = MIN (column->min, value);
  column->max = MAX (column->max, value);

  if (value != nearbyint (value) || fabs (value) > MAX_EXACT_INTEGER)
    {
      column->all_integer = FALSE;
      if (column->first_non_integer_line == 0)
        {
          column->first_non_integer_line = line;
          column->first_non_integer_value = g_strdup (field);
        }
    }
  if (value != 0.0 && value != 1.0 && column->first_non_binary_line == 0)
    {
      column->first_non_binary_line = line;
      column->first_non_binary_value = g_strdup (field);
    }

  if (!column->numbers_full && !g_hash_table_contains (column->numbers, &value))
    {
      g_hash_table_add (column->numbers, g_memdup2 (&value, sizeof value));
      if (g_hash_table_size (column->numbers) > NRT_CSV_MAX_CATEGORIES)
        column->numbers_full = TRUE;
    }
}

/* Adds field to the column's statistics and returns its problem: missing,
 * non-numeric (for now, since the column's kind is known only at the end)
 * or none. */
static NrtCsvProblemFlags
column_add_value (CsvColumnStats *column, const char *field, gboolean decimal_comma,
                  gint64 line)
{
  double value = 0.0;
  CsvNumberStatus status = csv_parse_number (field, decimal_comma, &value);

  if (status == CSV_NUMBER_EMPTY)
    {
      column->n_missing++;
      if (column->first_missing_line == 0)
        column->first_missing_line = line;
      return NRT_CSV_PROBLEM_MISSING;
    }

  column->n_values++;
  column_add_text (column, field);
  if (status == CSV_NUMBER_VALID)
    {
      column_add_number (column, field, value, line);
      return 0;
    }

  column->n_text++;
  if (CSV_NUMBER_IS_MALFORMED (status))
    column->n_malformed++;
  if (column->first_text_line == 0)
    {
      column->first_text_line = line;
      column->first_text_value = g_strdup (field);
    }
  return NRT_CSV_PROBLEM_NON_NUMERIC;
}

/* Counts one more row with the problems in flags (n_columns bytes, at
 * least one set). Past NRT_CSV_MAX_ROW_PROBLEMS distinct sets, the table
 * is dropped, so that the scan reports no sets. */
static void
count_row_problems (CsvTable *table, const guint8 *flags)
{
  g_autoptr (GBytes) key = g_bytes_new_static (flags, table->n_columns);
  gint64 *count = g_hash_table_lookup (table->row_problems, key);

  if (count != NULL)
    {
      (*count)++;
      return;
    }
  if (g_hash_table_size (table->row_problems) >= NRT_CSV_MAX_ROW_PROBLEMS)
    {
      g_clear_pointer (&table->row_problems, g_hash_table_unref);
      return;
    }
  count = g_new (gint64, 1);
  *count = 1;
  g_hash_table_insert (table->row_problems, g_bytes_new (flags, table->n_columns), count);
}

NrtCsvColumnKind
csv_column_kind (const CsvColumnStats *column)
{
  if (column->n_values == 0)
    return NRT_CSV_COLUMN_EMPTY;
  /* Fewer than half of the values are numbers, valid or malformed. */
  if (2 * (column->n_numeric + column->n_malformed) < column->n_values)
    return NRT_CSV_COLUMN_CATEGORICAL;
  return NRT_CSV_COLUMN_NUMERIC;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

const char **
csv_column_sorted_texts (const CsvColumnStats *column, guint *n_texts)
{
  guint n = 0;
  const char **texts = (const char **) g_hash_table_get_keys_as_array (column->texts, &n);

  qsort (texts, n, sizeof (const char *), compare_strings);
  if (n_texts != NULL)
    *n_texts = n;
  return texts;
}

typedef struct {
  CsvTable *table;
  const char *display_name;
} ScanRun;

static gboolean
scan_row (CsvPass *pass, GPtrArray *fields, gpointer user_data)
{
  ScanRun *run = user_data;
  CsvTable *table = run->table;

  if (table->column_names == NULL)
    {
      table->column_names = csv_column_names (run->display_name, fields, pass->row_line,
                                              table->format.has_header, &pass->error);
      if (table->column_names == NULL)
        return FALSE;
      table->header_line = table->format.has_header ? pass->row_line : 0;
      table->n_columns = (int) fields->len;
      table->columns = g_new0 (CsvColumnStats, table->n_columns);
      table->shown_names = g_ptr_array_new_with_free_func (g_free);
      for (int j = 0; j < table->n_columns; j++)
        {
          column_init (&table->columns[j]);
          table->columns[j].invalid_utf8_name
            = table->format.has_header
              && !g_utf8_validate (g_ptr_array_index (fields, j), -1, NULL);
          g_ptr_array_add (table->shown_names,
                           csv_shown_name (g_ptr_array_index (table->column_names, j)));
        }
      pass->column_names = table->column_names;

      if (table->on_header != NULL
          && !table->on_header (table, table->on_header_data, &pass->error))
        return FALSE;
      if (table->format.has_header)
        {
          if (table->max_rows == 0)
            pass->stopped = TRUE;
          return !pass->stopped;
        }
    }

  if ((int) fields->len != table->n_columns)
    {
      csv_set_ragged_error (&pass->error, run->display_name, table->column_names,
                            table->format.delimiter, pass->row_line, fields);
      return FALSE;
    }

  table->n_rows++;
  if (table->row_problems != NULL)
    {
      g_autofree guint8 *flags = g_new0 (guint8, table->n_columns);
      gboolean has_problem = FALSE;

      for (int j = 0; j < table->n_columns; j++)
        {
          flags[j] = column_add_value (&table->columns[j], g_ptr_array_index (fields, j),
                                       table->format.decimal_comma, pass->row_line);
          has_problem = has_problem || flags[j] != 0;
        }
      if (has_problem)
        count_row_problems (table, flags);
    }
  else
    for (int j = 0; j < table->n_columns; j++)
      column_add_value (&table->columns[j], g_ptr_array_index (fields, j),
                        table->format.decimal_comma, pass->row_line);

  if (table->preview != NULL && (int) table->preview->len < table->max_preview_rows)
    {
      char **row = g_new0 (char *, fields->len + 1);

      for (guint j = 0; j < fields->len; j++)
        row[j] = g_utf8_make_valid (g_ptr_array_index (fields, j), -1);
      g_ptr_array_add (table->preview, row);
    }

  if (table->max_rows >= 0 && table->n_rows >= table->max_rows)
    pass->stopped = TRUE;
  return !pass->stopped;
}

gboolean
csv_table_read (CsvTable *table, GInputStream *stream, const char *display_name,
                const CsvFormat *format, goffset max_bytes, NrtCsvProgressFunc progress,
                gpointer progress_data, double progress_start, double progress_span,
                goffset total_bytes, GCancellable *cancellable, GError **error)
{
  ScanRun run = { table, display_name };
  CsvPass pass;
  gboolean ok;

  table->format = *format;
  table->preview = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  csv_pass_init (&pass, display_name, format->delimiter);
  pass.max_bytes = max_bytes;
  pass.on_row = scan_row;
  pass.user_data = &run;
  pass.progress = progress;
  pass.progress_data = progress_data;
  pass.progress_start = progress_start;
  pass.progress_span = progress_span;
  pass.total_bytes = total_bytes;
  ok = csv_pass_run (&pass, stream, cancellable, error);
  table->complete = pass.reached_end && !pass.stopped;
  csv_pass_clear (&pass);
  if (!ok)
    return FALSE;

  if (table->column_names == NULL)
    {
      g_set_error (error, NRT_CSV_ERROR, NRT_CSV_ERROR_EMPTY,
                   _("“%s” is empty; expected a header row of column names and at least "
                     "one data row"),
                   display_name);
      return FALSE;
    }
  return TRUE;
}

void
csv_table_clear (CsvTable *table)
{
  for (int j = 0; j < table->n_columns && table->columns != NULL; j++)
    column_clear (&table->columns[j]);
  g_clear_pointer (&table->columns, g_free);
  g_clear_pointer (&table->column_names, g_ptr_array_unref);
  g_clear_pointer (&table->shown_names, g_ptr_array_unref);
  g_clear_pointer (&table->preview, g_ptr_array_unref);
  g_clear_pointer (&table->row_problems, g_hash_table_unref);
}

static void
column_info_fill (NrtCsvColumnInfo *info, const CsvColumnStats *column, const char *name)
{
  info->name = g_strdup (name);
  info->kind = csv_column_kind (column);
  info->n_values = column->n_values;
  info->n_numeric = column->n_numeric;
  info->n_missing = column->n_missing;
  info->all_integer = column->n_numeric > 0 && column->all_integer;
  info->min = column->n_numeric > 0 ? column->min : NAN;
  info->max = column->n_numeric > 0 ? column->max : NAN;
  info->mean = column->n_numeric > 0 ? column->sum / (double) column->n_numeric : NAN;

  /* Non-numeric values are a problem only in a numeric column; in a
   * categorical one they are its categories. */
  if (info->kind == NRT_CSV_COLUMN_NUMERIC)
    info->n_non_numeric = column->n_text;
  if (column->first_missing_line != 0
      && (info->n_non_numeric == 0 || column->first_missing_line < column->first_text_line))
    {
      info->first_problem_line = column->first_missing_line;
      info->first_problem_value = g_strdup ("");
    }
  else if (info->n_non_numeric > 0)
    {
      info->first_problem_line = column->first_text_line;
      info->first_problem_value = g_utf8_make_valid (column->first_text_value, -1);
    }

  /* A numeric column counts distinct numbers, so "2" and "2.0" are one. */
  if (info->kind == NRT_CSV_COLUMN_CATEGORICAL)
    info->n_distinct = (int) MIN (g_hash_table_size (column->texts),
                                  (guint) NRT_CSV_MAX_CATEGORIES + 1);
  else
    info->n_distinct = (int) MIN (g_hash_table_size (column->numbers),
                                  (guint) NRT_CSV_MAX_CATEGORIES + 1);

  if (info->kind == NRT_CSV_COLUMN_CATEGORICAL && !column->texts_full)
    {
      guint n = 0;
      g_autofree const char **texts = csv_column_sorted_texts (column, &n);

      info->categories = g_new0 (char *, n + 1);
      for (guint k = 0; k < n; k++)
        info->categories[k] = g_utf8_make_valid (texts[k], -1);
    }
}

/* Copies the table's sets of row problems into scan. A non-numeric value
 * is a problem only in a numeric column, so the flags of other columns are
 * cleared, and the sets that become equal are merged. */
static void
row_problems_to_scan (CsvTable *table, NrtCsvScan *scan)
{
  g_autoptr (GHashTable) merged = NULL;
  g_autofree guint8 *flags = g_new0 (guint8, MAX (table->n_columns, 1));
  GHashTableIter iter;
  gpointer key, value;
  int n = 0;

  scan->n_row_problems = -1;
  if (table->row_problems == NULL)
    return;

  merged = g_hash_table_new_full (g_bytes_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref,
                                  g_free);
  g_hash_table_iter_init (&iter, table->row_problems);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const guint8 *row_flags = g_bytes_get_data (key, NULL);
      gboolean has_problem = FALSE;
      g_autoptr (GBytes) merged_key = NULL;
      gint64 *count;

      for (int j = 0; j < table->n_columns; j++)
        {
          flags[j] = row_flags[j];
          if (scan->columns[j].kind != NRT_CSV_COLUMN_NUMERIC)
            flags[j] &= ~NRT_CSV_PROBLEM_NON_NUMERIC;
          has_problem = has_problem || flags[j] != 0;
        }
      if (!has_problem)
        continue;

      merged_key = g_bytes_new (flags, table->n_columns);
      count = g_hash_table_lookup (merged, merged_key);
      if (count == NULL)
        {
          count = g_new0 (gint64, 1);
          g_hash_table_insert (merged, g_bytes_ref (merged_key), count);
        }
      *count += *(gint64 *) value;
    }

  scan->row_problems = g_new0 (NrtCsvRowProblems, MAX (g_hash_table_size (merged), 1));
  g_hash_table_iter_init (&iter, merged);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      scan->row_problems[n].flags = g_memdup2 (g_bytes_get_data (key, NULL), table->n_columns);
      scan->row_problems[n].n_rows = *(gint64 *) value;
      n++;
    }
  scan->n_row_problems = n;
}

NrtCsvScan *
csv_table_to_scan (CsvTable *table)
{
  NrtCsvScan *scan = g_new0 (NrtCsvScan, 1);

  scan->delimiter = table->format.delimiter;
  scan->has_header = table->format.has_header;
  scan->decimal_comma = table->format.decimal_comma;
  scan->n_columns = table->n_columns;
  scan->columns = g_new0 (NrtCsvColumnInfo, table->n_columns);
  for (int j = 0; j < table->n_columns; j++)
    column_info_fill (&scan->columns[j], &table->columns[j],
                      g_ptr_array_index (table->column_names, j));
  scan->n_rows = table->n_rows;
  scan->complete = table->complete;
  scan->n_preview_rows = (int) table->preview->len;
  scan->preview = (char ***) g_ptr_array_steal (table->preview, NULL);
  row_problems_to_scan (table, scan);
  return scan;
}

void
nrt_csv_scan_free (NrtCsvScan *scan)
{
  if (scan == NULL)
    return;

  for (int j = 0; j < scan->n_columns; j++)
    {
      g_free (scan->columns[j].name);
      g_free (scan->columns[j].first_problem_value);
      g_strfreev (scan->columns[j].categories);
    }
  g_free (scan->columns);
  for (int i = 0; i < scan->n_preview_rows; i++)
    g_strfreev (scan->preview[i]);
  g_free (scan->preview);
  for (int k = 0; k < scan->n_row_problems; k++)
    g_free (scan->row_problems[k].flags);
  g_free (scan->row_problems);
  g_free (scan);
}

NrtCsvScan *
nrt_csv_scan (const char *path, const NrtCsvOptions *options, int max_preview_rows,
              NrtCsvProgressFunc progress, gpointer user_data, GCancellable *cancellable,
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

  stream = csv_open_and_detect (path, options, &display_name, &size, &format, cancellable,
                                error);
  if (stream == NULL)
    return NULL;

  table.max_rows = -1;
  table.max_preview_rows = MAX (max_preview_rows, 0);
  table.row_problems = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                              (GDestroyNotify) g_bytes_unref, g_free);
  if (csv_table_read (&table, stream, display_name, &format, 0, progress, user_data, 0.0, 1.0,
                      size, cancellable, error))
    {
      scan = csv_table_to_scan (&table);
      if (progress != NULL)
        progress (1.0, user_data);
    }
  csv_table_clear (&table);
  return scan;
}
