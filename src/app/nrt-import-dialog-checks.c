/* nrt-import-dialog-checks.c: the checks that decide whether Import may
 * run, each with a sentence that explains why not, and the summary of the
 * missing values.
 *
 * Import is blocked by a binary file, a header row without data rows, a
 * single column, a label column with one class, an unfinished scan, no label
 * or feature column, or missing values without a choice of what to do. */
#define G_LOG_DOMAIN "neurite-import"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "nrt-import-dialog-private.h"

int
nrt_import_dialog_count_roles (NrtImportDialog *self, NrtImportRole role)
{
  int n = 0;

  for (int i = 0; i < self->n_roles; i++)
    n += self->roles[i] == role;
  return n;
}

/* Characters of a column name quoted in a reason before "…". */
#define MAX_SHOWN_NAME_CHARS 40

static char *
dup_shown_name (const char *name)
{
  g_autofree char *valid = g_utf8_make_valid (name, -1);
  g_autofree char *start = NULL;

  if (g_utf8_strlen (valid, -1) <= MAX_SHOWN_NAME_CHARS)
    return g_steal_pointer (&valid);
  start = g_utf8_substring (valid, 0, MAX_SHOWN_NAME_CHARS - 1);
  return g_strconcat (start, "…", NULL);
}

/* Bytes read from the start of a file to tell text from binary data. */
#define TEXT_CHECK_BYTES 65536

/* Returns why path is not a text file, or NULL: a NUL byte or another
 * control character that CSV text does not contain (tab, line feed,
 * vertical tab, form feed and carriage return are text) within its first
 * TEXT_CHECK_BYTES bytes. Bytes that are not UTF-8 are left to the reader,
 * which replaces them, and so is a file that cannot be read, whose
 * message the reader gives. */
char *
nrt_import_dialog_dup_binary_problem (const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileInputStream) stream = NULL;
  g_autofree guint8 *buffer = g_malloc (TEXT_CHECK_BYTES);
  g_autofree char *basename = NULL;
  gsize n_read = 0;
  gint64 line = 1;

  stream = g_file_read (file, NULL, NULL);
  if (stream == NULL
      || !g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, TEXT_CHECK_BYTES, &n_read,
                                   NULL, NULL))
    return NULL;

  for (gsize i = 0; i < n_read; i++)
    {
      guint8 byte = buffer[i];

      if (byte == '\n')
        line++;
      if (byte >= 0x20 || byte == '\t' || byte == '\n' || byte == '\v' || byte == '\f'
          || byte == '\r')
        continue;

      basename = g_filename_display_basename (path);
      return g_strdup_printf (_("“%s” is not a text CSV file: found the byte 0x%02X on line %"
                                G_GINT64_FORMAT ", which text does not contain. Choose a "
                                "CSV file saved as text."), basename, byte, line);
    }
  return NULL;
}

/* Returns why the file cannot be imported under any roles (no data rows, or
 * one column only), or NULL. A preview that read the whole file already
 * shows this, and a scan always does. */
static char *
dup_file_problem (NrtImportDialog *self)
{
  const NrtCsvScan *columns = nrt_import_dialog_get_current_columns (self);
  g_autofree char *basename = g_filename_display_basename (self->path);

  if (columns == NULL)
    return NULL;
  if (columns->complete && columns->n_rows == 0)
    return g_strdup_printf (_("“%s” has a header row but no data rows: expected at least one "
                              "row of values after the header."), basename);
  if (columns->n_columns == 1)
    {
      g_autofree char *name = dup_shown_name (columns->columns[0].name);

      return g_strdup_printf (_("“%s” has only one column, “%s”: expected feature columns and "
                                "a label column, separated by commas, semicolons or tabs. "
                                "Choose the delimiter that the file uses."), basename, name);
    }
  return NULL;
}

/* Returns why classification cannot use the only label column, or NULL:
 * its values are all one class. */
static char *
dup_label_problem (NrtImportDialog *self)
{
  const NrtCsvColumnInfo *info = NULL;
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;

  if (self->scan == NULL || self->options.task != NRT_CSV_TASK_CLASSIFICATION
      || nrt_import_dialog_count_roles (self, NRT_IMPORT_ROLE_LABEL) != 1)
    return NULL;
  for (int i = 0; i < self->n_roles && i < self->scan->n_columns; i++)
    if (self->roles[i] == NRT_IMPORT_ROLE_LABEL)
      info = &self->scan->columns[i];
  if (info == NULL || info->n_distinct != 1)
    return NULL;

  name = dup_shown_name (info->name);
  if (info->categories != NULL && info->categories[0] != NULL)
    value = dup_shown_name (info->categories[0]);
  else
    value = g_strdup_printf ("%g", info->min);
  return g_strdup_printf (_("The label column “%s” has only one class, “%s”: a classifier "
                            "needs at least two. Choose another label column."), name, value);
}

/* Returns the NrtCsvProblemFlags that the load treats as missing values in
 * column under the current roles and task. */
static guint8
load_problems (NrtImportDialog *self, int column)
{
  const NrtCsvColumnInfo *info = &self->scan->columns[column];

  switch (self->roles[column])
    {
    case NRT_IMPORT_ROLE_FEATURE:
      if (info->kind == NRT_CSV_COLUMN_NUMERIC)
        return NRT_CSV_PROBLEM_MISSING | NRT_CSV_PROBLEM_NON_NUMERIC;
      if (info->kind == NRT_CSV_COLUMN_CATEGORICAL)
        return NRT_CSV_PROBLEM_MISSING;
      return 0;
    case NRT_IMPORT_ROLE_LABEL:
      if (self->options.task == NRT_CSV_TASK_REGRESSION)
        return NRT_CSV_PROBLEM_MISSING | NRT_CSV_PROBLEM_NON_NUMERIC;
      return NRT_CSV_PROBLEM_MISSING;
    case NRT_IMPORT_ROLE_IGNORED:
    default:
      return 0;
    }
}

/* Counts the values of column that the load would find missing or not
 * numeric under the current roles and task. */
static gint64
count_problems (NrtImportDialog *self, int column)
{
  const NrtCsvColumnInfo *info = &self->scan->columns[column];
  guint8 problems = load_problems (self, column);
  gint64 count = 0;

  if (problems & NRT_CSV_PROBLEM_MISSING)
    count += info->n_missing;
  if (problems & NRT_CSV_PROBLEM_NON_NUMERIC)
    count += info->n_non_numeric;
  return count;
}

/* Counts the rows that dropping removes: those with a problem that the
 * load reads in any column. Returns -1 when the scan recorded no sets of
 * row problems, because the rows had too many distinct sets. */
static gint64
count_dropped_rows (NrtImportDialog *self)
{
  const NrtCsvScan *scan = self->scan;
  int n_columns = MIN (scan->n_columns, self->n_roles);
  g_autofree guint8 *seen = g_new0 (guint8, MAX (n_columns, 1));
  gint64 dropped = 0;

  if (scan->n_row_problems < 0)
    return -1;

  for (int j = 0; j < n_columns; j++)
    seen[j] = load_problems (self, j);
  for (int k = 0; k < scan->n_row_problems; k++)
    {
      const guint8 *flags = scan->row_problems[k].flags;
      gboolean dropped_row = FALSE;

      for (int j = 0; j < n_columns && !dropped_row; j++)
        dropped_row = (flags[j] & seen[j]) != 0;
      if (dropped_row)
        dropped += scan->row_problems[k].n_rows;
    }
  return dropped;
}

/* Summarizes the missing and non-numeric values of the columns to import
 * and what dropping or filling would do. Sets *blocker to the reason Import
 * must wait for a choice, or NULL, and *has_missing to whether any value
 * is missing. Returns NULL before the scan. */
char *
nrt_import_dialog_describe_missing (NrtImportDialog *self, char **blocker,
                                    gboolean *has_missing)
{
  gint64 total = 0, max_in_column = 0, n_rows, dropped_min, dropped_max;
  int n_columns = 0;
  const char *label_name = NULL;
  gint64 label_problems = 0;
  g_autofree char *in_columns = NULL;
  GString *text;

  *blocker = NULL;
  *has_missing = FALSE;
  if (self->scan == NULL)
    return NULL;

  n_rows = self->scan->n_rows;
  for (int i = 0; i < self->n_roles && i < self->scan->n_columns; i++)
    {
      gint64 problems = count_problems (self, i);

      if (problems == 0)
        continue;
      total += problems;
      max_in_column = MAX (max_in_column, problems);
      n_columns++;
      if (self->roles[i] == NRT_IMPORT_ROLE_LABEL && label_name == NULL)
        {
          label_name = self->scan->columns[i].name;
          label_problems = problems;
        }
    }
  if (total == 0)
    return g_strdup (_("No value is missing or non-numeric in the columns to import."));
  *has_missing = TRUE;

  /* Without the scan's sets of row problems, the counts per column bound
   * the rows that dropping removes: at least the largest count, at most
   * their sum. */
  dropped_min = count_dropped_rows (self);
  dropped_max = dropped_min;
  if (dropped_min < 0)
    {
      dropped_min = max_in_column;
      dropped_max = MIN (total, n_rows);
    }
  /* Two plurals, of the values and of the columns, need two messages. */
  in_columns = g_strdup_printf (ngettext ("in %d column", "in %d columns", n_columns), n_columns);
  text = g_string_new (NULL);
  /* TRANSLATORS: the second %s is "in N columns". */
  g_string_append_printf (text, ngettext ("%" G_GINT64_FORMAT " value is missing or not a "
                                          "number, %s. ",
                                          "%" G_GINT64_FORMAT " values are missing or not "
                                          "numbers, %s. ", (gulong) total),
                          total, in_columns);
  if (dropped_min == dropped_max)
    g_string_append_printf (text, ngettext ("Dropping removes %" G_GINT64_FORMAT " row of %"
                                            G_GINT64_FORMAT ".",
                                            "Dropping removes %" G_GINT64_FORMAT " rows of %"
                                            G_GINT64_FORMAT ".", (gulong) dropped_min),
                            dropped_min, n_rows);
  else
    g_string_append_printf (text, _("Dropping removes between %" G_GINT64_FORMAT " and %"
                                    G_GINT64_FORMAT " rows of %" G_GINT64_FORMAT "."),
                            dropped_min, dropped_max, n_rows);
  g_string_append (text, " ");
  g_string_append (text, _("Filling replaces each value with its column’s mean."));

  if (self->options.missing == NRT_CSV_MISSING_ERROR)
    *blocker = g_strdup (_("Choose what to do with the missing or non-numeric values: drop "
                           "their rows or fill them with the column mean."));
  else if (self->options.missing == NRT_CSV_MISSING_MEAN && label_name != NULL)
    *blocker = g_strdup_printf (ngettext ("The label column “%s” has %" G_GINT64_FORMAT
                                          " missing value, and a label is never filled: drop "
                                          "the rows instead.",
                                          "The label column “%s” has %" G_GINT64_FORMAT
                                          " missing values, and a label is never filled: drop "
                                          "the rows instead.", (gulong) label_problems),
                                label_name, label_problems);
  return g_string_free (text, FALSE);
}

/* Returns why Import cannot run now, or NULL when it can. */
char *
nrt_import_dialog_dup_blocker (NrtImportDialog *self, const char *missing_blocker)
{
  char *problem;

  if (self->binary_problem != NULL)
    return g_strdup (self->binary_problem);
  if (self->job != NULL && self->job->is_load)
    return g_strdup (_("Importing the file…"));
  problem = dup_file_problem (self);
  if (problem != NULL)
    return problem;
  if (self->job != NULL)
    return g_strdup (_("Import is available once the scan of the whole file has finished."));
  if (self->preview == NULL)
    return g_strdup (_("The file could not be read with these options: change them, or "
                       "close this window."));
  if (self->scan == NULL)
    return g_strdup (_("The whole file has not been scanned, so its missing values are not "
                       "counted: press Scan to read it."));
  if (nrt_import_dialog_count_roles (self, NRT_IMPORT_ROLE_LABEL) == 0)
    return g_strdup (_("Choose a label column: set one column’s role to Label."));
  if (nrt_import_dialog_count_roles (self, NRT_IMPORT_ROLE_FEATURE) == 0)
    return g_strdup (_("Choose at least one feature column."));
  problem = dup_label_problem (self);
  if (problem != NULL)
    return problem;
  return g_strdup (missing_blocker);
}
