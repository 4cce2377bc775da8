/* nrt-csv.c: CSV import through libcsv.
 *
 * libcsv tokenises (RFC 4180 quoting, strict mode) and calls back once per
 * field and once per row end. The callbacks check each row against the
 * header as it arrives, so an error names the line where it occurs. The
 * label column is typed (classes or regression) once every row is read.
 */
#define G_LOG_DOMAIN "neurite-csv"

#include "config.h"

#include "nrt-csv.h"

#include <csv.h>
#include <errno.h>
#include <float.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/* Bytes handed to libcsv per call; the reader stops at the first error
 * between two chunks. */
#define PARSE_CHUNK_SIZE 65536

/* Characters of a value quoted in an error message before "…". */
#define MAX_SHOWN_CHARS 40

/* Header names listed in a missing-label error before "…". */
#define MAX_LISTED_COLUMNS 20

/* Integers up to 2^53 convert to double and back exactly. */
#define MAX_EXACT_INTEGER 9007199254740992.0

typedef struct {
  const char *display_name;
  const char *label_column;

  /* The row being read: its fields live in row_chunk until the row ends. */
  GStringChunk *row_chunk;
  GPtrArray *row_fields;
  gulong row_line;            /* 1-based line where the row starts */
  gulong row_newlines;        /* line breaks inside its quoted fields */
  int last_terminator;        /* the character that ended the previous row */
  gulong blank_line;          /* first empty line not yet followed by a row; 0 if none */

  /* Header, read from the first row. */
  GPtrArray *column_names;    /* char *, owned */
  int label_index;            /* -1 until the header is read */

  /* Data rows. */
  GArray *features;           /* float, (n_rows, n_columns - 1) */
  GStringChunk *label_chunk;
  GPtrArray *labels;          /* const char * into label_chunk, one per row */
  GArray *row_lines;          /* gulong, the line of each row, for label errors */

  GError *error;
} CsvReader;

G_DEFINE_QUARK (nrt-csv-error-quark, nrt_csv_error)

/* Returns a UTF-8 copy of text[0..length), cut to MAX_SHOWN_CHARS
 * characters, for error messages. */
static char *
printable_value (const char *text, gsize length)
{
  g_autofree char *valid = g_utf8_make_valid (text, (gssize) length);
  const char *cut;

  if (g_utf8_strlen (valid, -1) <= MAX_SHOWN_CHARS)
    return g_steal_pointer (&valid);
  cut = g_utf8_offset_to_pointer (valid, MAX_SHOWN_CHARS);
  return g_strdup_printf ("%.*s…", (int) (cut - valid), valid);
}

typedef enum {
  NUMBER_VALID,
  NUMBER_EMPTY,
  NUMBER_INVALID,        /* not a number at all */
  NUMBER_NOT_FINITE,     /* "inf" or "nan" */
  NUMBER_OUT_OF_RANGE    /* a number beyond the float32 range */
} NumberStatus;

/* Parses a whole field as a number that fits a float; whitespace around it
 * is allowed. */
static NumberStatus
parse_number (const char *text, double *value)
{
  const char *start = text;
  const char *end = text + strlen (text);
  char *parse_end = NULL;

  while (start < end && g_ascii_isspace (*start))
    start++;
  while (end > start && g_ascii_isspace (end[-1]))
    end--;
  if (start == end)
    return NUMBER_EMPTY;

  errno = 0;
  *value = g_ascii_strtod (start, &parse_end);
  if (parse_end != end)
    return NUMBER_INVALID;
  /* g_ascii_strtod sets ERANGE and returns ±HUGE_VAL for "1e400". */
  if (errno == ERANGE && isinf (*value))
    return NUMBER_OUT_OF_RANGE;
  if (!isfinite (*value))
    return NUMBER_NOT_FINITE;
  if (fabs (*value) > FLT_MAX)
    return NUMBER_OUT_OF_RANGE;
  return NUMBER_VALID;
}

/* Sets the reader's error with the location prefix "file, line L, column
 * C “name”: " before problem. column is 0-based. */
static void
set_field_error (CsvReader *reader, NrtCsvError code, gulong line, int column,
                 const char *problem)
{
  g_autofree char *location = NULL;

  if (reader->error != NULL)
    return;

  /* A field past the last header column has no name. */
  if (reader->column_names != NULL && column < (int) reader->column_names->len)
    location = g_strdup_printf (_("“%s”, line %lu, column %d “%s”"),
                                reader->display_name, line, column + 1,
                                (const char *) g_ptr_array_index (reader->column_names, column));
  else
    location = g_strdup_printf (_("“%s”, line %lu, field %d"),
                                reader->display_name, line, column + 1);
  g_set_error (&reader->error, NRT_CSV_ERROR, code, "%s: %s", location, problem);
}

/* Returns "a, b, c" for the header names, at most MAX_LISTED_COLUMNS of them. */
static char *
list_columns (GPtrArray *names)
{
  GString *list = g_string_new (NULL);

  for (guint i = 0; i < names->len && i < MAX_LISTED_COLUMNS; i++)
    {
      if (i > 0)
        g_string_append (list, ", ");
      g_string_append_printf (list, "“%s”", (const char *) g_ptr_array_index (names, i));
    }
  if (names->len > MAX_LISTED_COLUMNS)
    g_string_append (list, ", …");
  return g_string_free (list, FALSE);
}

/* Rejects an empty header name and a name given twice: features are named
 * in messages and plots, and --label picks a column by name, so each name
 * must find one column. */
static gboolean
check_header_names (CsvReader *reader)
{
  GPtrArray *names = reader->column_names;
  g_autoptr (GHashTable) column_of_name = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      const char *rest = name;
      gpointer first;

      /* libcsv trims spaces around unquoted fields, but not inside quotes. */
      while (g_ascii_isspace (*rest))
        rest++;
      if (*rest == '\0')
        {
          g_set_error (&reader->error, NRT_CSV_ERROR, NRT_CSV_ERROR_BAD_HEADER,
                       _("“%s”, line %lu: the header name of column %u is empty; give every "
                         "column a name in the header row"),
                       reader->display_name, reader->row_line, i + 1);
          return FALSE;
        }

      /* The table stores column + 1, since NULL means "absent". */
      first = g_hash_table_lookup (column_of_name, name);
      if (first != NULL)
        {
          g_set_error (&reader->error, NRT_CSV_ERROR, NRT_CSV_ERROR_BAD_HEADER,
                       _("“%s”, line %lu: columns %u and %u are both named “%s”; rename one "
                         "of them in the header row, so that each name refers to one column"),
                       reader->display_name, reader->row_line, GPOINTER_TO_UINT (first), i + 1,
                       name);
          return FALSE;
        }
      g_hash_table_insert (column_of_name, (gpointer) name, GUINT_TO_POINTER (i + 1));
    }
  return TRUE;
}

static void
read_header (CsvReader *reader)
{
  GPtrArray *fields = reader->row_fields;

  reader->column_names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < fields->len; i++)
    {
      const char *field = g_ptr_array_index (fields, i);

      g_ptr_array_add (reader->column_names, g_utf8_make_valid (field, -1));
    }

  if (!check_header_names (reader))
    return;

  if (fields->len < 2)
    {
      g_set_error (&reader->error, NRT_CSV_ERROR, NRT_CSV_ERROR_NO_FEATURES,
                   _("“%s”, line %lu: the header has only one column, “%s”; expected one "
                     "or more feature columns and a label column, separated by commas"),
                   reader->display_name, reader->row_line,
                   (const char *) g_ptr_array_index (reader->column_names, 0));
      return;
    }

  if (reader->label_column == NULL)
    {
      reader->label_index = (int) fields->len - 1;
      return;
    }
  for (guint i = 0; i < fields->len; i++)
    if (strcmp (g_ptr_array_index (fields, i), reader->label_column) == 0)
      {
        reader->label_index = (int) i;
        return;
      }

  {
    g_autofree char *columns = list_columns (reader->column_names);
    g_autofree char *label = g_utf8_make_valid (reader->label_column, -1);

    g_set_error (&reader->error, NRT_CSV_ERROR, NRT_CSV_ERROR_NO_LABEL,
                 _("“%s”, line %lu: no column is named “%s”; the header has %u columns: %s. "
                   "Choose one of them as the label column"),
                 reader->display_name, reader->row_line, label, fields->len, columns);
  }
}

/* Returns the explanation of why field is not a valid feature value. */
static char *
number_problem (NumberStatus status, const char *field)
{
  g_autofree char *printable = printable_value (field, strlen (field));

  switch (status)
    {
    case NUMBER_EMPTY:
      return g_strdup (_("the value is empty; expected a number. Fill in the missing value "
                         "or remove the row"));
    case NUMBER_NOT_FINITE:
      return g_strdup_printf (_("“%s” is not a finite number; expected a finite number such "
                                "as 2.5 or -1e-3"),
                              printable);
    case NUMBER_OUT_OF_RANGE:
      return g_strdup_printf (_("“%s” is out of range; expected a number within ±3.4e38, "
                                "the range of 32-bit floats"),
                              printable);
    case NUMBER_INVALID:
    case NUMBER_VALID:
    default:
      return g_strdup_printf (_("“%s” is not a number; expected a number such as 2.5 or "
                                "-1e-3, with a dot as the decimal separator"),
                              printable);
    }
}

static void
read_data_row (CsvReader *reader)
{
  GPtrArray *fields = reader->row_fields;
  int n_columns = (int) reader->column_names->len;

  if ((int) fields->len != n_columns)
    {
      g_autofree char *problem = NULL;
      int column = MIN ((int) fields->len, n_columns);

      /* Point at the first missing column, or at the first extra field. */
      if ((int) fields->len < n_columns)
        problem = g_strdup_printf (_("the row has %u fields but the header has %d columns, "
                                     "so this column has no value; add the missing fields "
                                     "or fix the separators"),
                                   fields->len, n_columns);
      else
        {
          const char *extra = g_ptr_array_index (fields, n_columns);
          g_autofree char *value = printable_value (extra, strlen (extra));

          problem = g_strdup_printf (_("the row has %u fields but the header has %d columns; "
                                       "the extra value is “%s”. Quote fields that contain "
                                       "commas, or remove the extra fields"),
                                     fields->len, n_columns, value);
        }
      set_field_error (reader, NRT_CSV_ERROR_RAGGED, reader->row_line, column, problem);
      return;
    }

  for (int j = 0; j < n_columns; j++)
    {
      const char *field = g_ptr_array_index (fields, j);
      double value = 0.0;
      NumberStatus status;

      if (j == reader->label_index)
        continue;
      status = parse_number (field, &value);
      if (status != NUMBER_VALID)
        {
          g_autofree char *problem = number_problem (status, field);

          set_field_error (reader, NRT_CSV_ERROR_NOT_NUMERIC, reader->row_line, j, problem);
          return;
        }
      {
        float feature = (float) value;

        g_array_append_val (reader->features, feature);
      }
    }

  {
    const char *label = g_ptr_array_index (fields, reader->label_index);
    g_autofree char *stripped = g_strstrip (g_strdup (label));

    if (*stripped == '\0')
      {
        set_field_error (reader, NRT_CSV_ERROR_MISSING_VALUE, reader->row_line,
                         reader->label_index,
                         _("the label is empty; expected a class name or a number. Fill in "
                           "the label or remove the row"));
        return;
      }
    g_ptr_array_add (reader->labels, g_string_chunk_insert_const (reader->label_chunk,
                                                                   stripped));
    g_array_append_val (reader->row_lines, reader->row_line);
  }
}

/* libcsv's field callback. CSV_APPEND_NULL terminates field. */
static void
on_field (void *field, size_t length, void *user_data)
{
  CsvReader *reader = user_data;
  const char *text = field != NULL ? field : "";

  if (reader->error != NULL)
    return;

  if (memchr (text, '\0', length) != NULL)
    {
      set_field_error (reader, NRT_CSV_ERROR_SYNTAX, reader->row_line,
                       (int) reader->row_fields->len,
                       _("the field contains a NUL byte; expected text. Is this a CSV file?"));
      return;
    }
  for (size_t i = 0; i < length; i++)
    if (text[i] == '\n')
      reader->row_newlines++;
  g_ptr_array_add (reader->row_fields,
                   g_string_chunk_insert_len (reader->row_chunk, text, (gssize) length));
}

/* libcsv's row callback. CSV_REPALL_NL makes libcsv report every unquoted
 * line break, so an empty line arrives as a row of no fields, and so does
 * the LF of a CRLF pair. terminator is -1 at the end of the data. */
static void
on_row_end (int terminator, void *user_data)
{
  CsvReader *reader = user_data;
  gboolean crlf_tail = terminator == '\n' && reader->last_terminator == '\r';

  if (reader->error != NULL)
    return;

  if (reader->row_fields->len == 0)
    {
      if (!crlf_tail)
        {
          if (reader->blank_line == 0)
            reader->blank_line = reader->row_line;
          reader->row_line++;
        }
      reader->last_terminator = terminator;
      return;
    }

  if (reader->blank_line != 0)
    {
      g_set_error (&reader->error, NRT_CSV_ERROR, NRT_CSV_ERROR_RAGGED,
                   _("“%s”, line %lu: the line is empty but more rows follow; remove the "
                     "empty line"),
                   reader->display_name, reader->blank_line);
      return;
    }

  if (reader->column_names == NULL)
    read_header (reader);
  else
    read_data_row (reader);

  reader->row_line += 1 + reader->row_newlines;
  reader->row_newlines = 0;
  reader->last_terminator = terminator;
  g_ptr_array_set_size (reader->row_fields, 0);
  g_string_chunk_clear (reader->row_chunk);
}

/* Returns the 1-based line of data[offset], counting LF, CRLF and lone CR
 * as line breaks. */
static gulong
line_of_offset (const char *data, gsize length, gsize offset)
{
  gulong line = 1;

  for (gsize i = 0; i < offset && i < length; i++)
    if (data[i] == '\n' || (data[i] == '\r' && (i + 1 == length || data[i + 1] != '\n')))
      line++;
  return line;
}

static void
set_syntax_error (CsvReader *reader, const char *data, gsize length, gsize offset)
{
  gulong line = line_of_offset (data, length, offset);
  gsize line_start = MIN (offset, length);
  gsize line_end;
  g_autofree char *printable = NULL;
  g_autofree char *problem = NULL;

  /* Show the line where libcsv stopped, which contains the stray quote. */
  while (line_start > 0 && data[line_start - 1] != '\n' && data[line_start - 1] != '\r')
    line_start--;
  line_end = line_start;
  while (line_end < length && data[line_end] != '\n' && data[line_end] != '\r')
    line_end++;
  printable = printable_value (data + line_start, line_end - line_start);
  problem = g_strdup_printf (_("malformed quoting in “%s”; expected a field either "
                               "without double quotes or entirely inside them, with inner "
                               "quotes doubled (\"\")"),
                             printable);
  set_field_error (reader, NRT_CSV_ERROR_SYNTAX, line, (int) reader->row_fields->len,
                   problem);
}

static void
parse_all (CsvReader *reader, const char *data, gsize length)
{
  struct csv_parser parser;
  gsize offset = 0;

  if (csv_init (&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL | CSV_APPEND_NULL) != 0)
    {
      g_set_error (&reader->error, NRT_CSV_ERROR, NRT_CSV_ERROR_SYNTAX,
                   _("“%s”: could not start the CSV parser (out of memory)"),
                   reader->display_name);
      return;
    }

  while (offset < length && reader->error == NULL)
    {
      gsize chunk = MIN (length - offset, (gsize) PARSE_CHUNK_SIZE);
      gsize parsed = csv_parse (&parser, data + offset, chunk, on_field, on_row_end, reader);

      if (parsed != chunk && reader->error == NULL)
        {
          if (csv_error (&parser) == CSV_EPARSE)
            set_syntax_error (reader, data, length, offset + parsed);
          else
            g_set_error (&reader->error, NRT_CSV_ERROR, NRT_CSV_ERROR_SYNTAX,
                         _("“%s”, line %lu: the CSV parser failed: %s"),
                         reader->display_name, line_of_offset (data, length, offset + parsed),
                         csv_strerror (csv_error (&parser)));
        }
      offset += chunk;
    }

  if (reader->error == NULL
      && csv_fini (&parser, on_field, on_row_end, reader) != 0
      && reader->error == NULL)
    {
      /* CSV_STRICT_FINI: the data ends inside a quoted field. */
      set_field_error (reader, NRT_CSV_ERROR_SYNTAX, reader->row_line,
                       (int) reader->row_fields->len,
                       _("a quoted field starts here but has no closing double quote"));
    }
  csv_free (&parser);
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void
set_single_class_error (CsvReader *reader, const char *class_name)
{
  g_autofree char *printable = printable_value (class_name, strlen (class_name));

  g_set_error (&reader->error, NRT_CSV_ERROR, NRT_CSV_ERROR_SINGLE_CLASS,
               _("“%s”, column %d “%s”: every row has the label “%s”; a classifier needs "
                 "at least two classes. Choose another label column or add rows of "
                 "other classes"),
               reader->display_name, reader->label_index + 1,
               (const char *) g_ptr_array_index (reader->column_names, reader->label_index),
               printable);
}

/* Types the label column and fills dataset->y and its class names. Returns
 * the dataset, or NULL with reader->error set. */
static NrtDataset *
build_dataset (CsvReader *reader)
{
  guint n_rows = reader->labels->len;
  int n_features = (int) reader->column_names->len - 1;
  g_autofree double *values = g_new (double, n_rows);
  g_autofree double *sorted = NULL;
  g_autofree const char **names = NULL;
  g_autoptr (GHashTable) class_of_name = NULL;
  gboolean numeric = TRUE;
  gboolean integer = TRUE;
  guint n_distinct = 0;
  int n_classes = 0;
  NrtDataset *dataset;
  NrtError err = { NRT_OK, "" };

  /* Step 1: numeric or text labels. A label beyond the float32 range is
   * numeric, and is rejected below if the labels are regression targets. */
  for (guint i = 0; i < n_rows && numeric; i++)
    {
      NumberStatus status = parse_number (g_ptr_array_index (reader->labels, i), &values[i]);

      numeric = status == NUMBER_VALID || status == NUMBER_OUT_OF_RANGE;
      if (numeric && (values[i] != nearbyint (values[i]) || fabs (values[i]) > MAX_EXACT_INTEGER))
        integer = FALSE;
    }

  /* Step 2: the classes, sorted. */
  if (numeric && integer)
    {
      sorted = g_memdup2 (values, n_rows * sizeof (double));
      qsort (sorted, n_rows, sizeof (double), compare_doubles);
      for (guint i = 0; i < n_rows; i++)
        if (i == 0 || sorted[i] != sorted[n_distinct - 1])
          sorted[n_distinct++] = sorted[i];
      if (n_distinct <= NRT_CSV_MAX_INTEGER_CLASSES)
        n_classes = (int) n_distinct;
    }
  else if (!numeric)
    {
      GHashTableIter iter;
      gpointer key;

      class_of_name = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < n_rows; i++)
        g_hash_table_insert (class_of_name, g_ptr_array_index (reader->labels, i), NULL);
      n_distinct = g_hash_table_size (class_of_name);
      names = g_new (const char *, n_distinct);
      g_hash_table_iter_init (&iter, class_of_name);
      for (guint i = 0; g_hash_table_iter_next (&iter, &key, NULL); i++)
        names[i] = key;
      qsort (names, n_distinct, sizeof (const char *), compare_strings);
      /* Store index + 1, because a NULL value means "absent". */
      for (guint i = 0; i < n_distinct; i++)
        g_hash_table_insert (class_of_name, (gpointer) names[i], GUINT_TO_POINTER (i + 1));
      n_classes = (int) n_distinct;
    }

  if (n_classes == 1)
    {
      g_autofree char *name = numeric ? g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sorted[0])
                                      : g_strdup (names[0]);

      set_single_class_error (reader, name);
      return NULL;
    }

  /* Step 3: the dataset. */
  dataset = nrt_dataset_new ((int) n_rows, n_features, n_classes, &err);
  if (dataset == NULL)
    {
      g_set_error (&reader->error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("“%s”: could not store %u rows of %d features: %s"),
                   reader->display_name, n_rows, n_features, err.message);
      return NULL;
    }
  memcpy (dataset->x, reader->features->data, (gsize) n_rows * n_features * sizeof (float));

  for (int j = 0, f = 0; j < (int) reader->column_names->len; j++)
    if (j != reader->label_index)
      nrt_dataset_set_feature_name (dataset, f++, g_ptr_array_index (reader->column_names, j),
                                    NULL);

  for (guint i = 0; i < n_rows; i++)
    {
      if (n_classes > 0 && numeric)
        {
          double *found = bsearch (&values[i], sorted, n_distinct, sizeof (double),
                                   compare_doubles);

          dataset->y[i] = (float) (found - sorted);
        }
      else if (n_classes > 0)
        dataset->y[i] = (float) (GPOINTER_TO_UINT (g_hash_table_lookup (
                                   class_of_name, g_ptr_array_index (reader->labels, i))) - 1);
      else if (fabs (values[i]) <= FLT_MAX)
        dataset->y[i] = (float) values[i];
      else
        {
          const char *label = g_ptr_array_index (reader->labels, i);
          g_autofree char *printable = printable_value (label, strlen (label));
          g_autofree char *problem = g_strdup_printf (_("the regression target “%s” is out "
                                                        "of range; expected a number within "
                                                        "±3.4e38, the range of 32-bit floats"),
                                                      printable);

          set_field_error (reader, NRT_CSV_ERROR_NOT_NUMERIC,
                           g_array_index (reader->row_lines, gulong, i), reader->label_index,
                           problem);
          nrt_dataset_free (dataset);
          return NULL;
        }
    }

  for (int c = 0; c < n_classes; c++)
    {
      g_autofree char *name = numeric ? g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sorted[c])
                                      : g_utf8_make_valid (names[c], -1);

      nrt_dataset_set_class_name (dataset, c, name, NULL);
    }
  return dataset;
}

NrtDataset *
nrt_csv_load_from_data (const char *data, gsize length, const char *display_name,
                        const char *label_column, GError **error)
{
  CsvReader reader = { 0 };
  NrtDataset *dataset = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A UTF-8 byte order mark, as spreadsheet programs write. */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      length -= 3;
    }

  reader.display_name = display_name;
  reader.label_column = label_column;
  reader.row_chunk = g_string_chunk_new (4096);
  reader.row_fields = g_ptr_array_new ();
  reader.row_line = 1;
  reader.last_terminator = -1;
  reader.label_index = -1;
  reader.features = g_array_new (FALSE, FALSE, sizeof (float));
  reader.label_chunk = g_string_chunk_new (4096);
  reader.labels = g_ptr_array_new ();
  reader.row_lines = g_array_new (FALSE, FALSE, sizeof (gulong));

  parse_all (&reader, data != NULL ? data : "", length);

  if (reader.error == NULL && reader.column_names == NULL)
    g_set_error (&reader.error, NRT_CSV_ERROR, NRT_CSV_ERROR_EMPTY,
                 _("“%s” is empty; expected a header row of column names and at least "
                   "one data row"),
                 display_name);
  else if (reader.error == NULL && reader.labels->len == 0)
    g_set_error (&reader.error, NRT_CSV_ERROR, NRT_CSV_ERROR_EMPTY,
                 _("“%s” has a header row but no data rows; expected at least one row "
                   "of values after the header"),
                 display_name);
  else if (reader.error == NULL && reader.labels->len > G_MAXINT)
    g_set_error (&reader.error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 _("“%s” has %u data rows; at most %d are supported"),
                 display_name, reader.labels->len, G_MAXINT);

  if (reader.error == NULL)
    dataset = build_dataset (&reader);

  if (reader.error != NULL)
    g_propagate_error (error, g_steal_pointer (&reader.error));

  g_string_chunk_free (reader.row_chunk);
  g_ptr_array_unref (reader.row_fields);
  if (reader.column_names != NULL)
    g_ptr_array_unref (reader.column_names);
  g_array_unref (reader.features);
  g_string_chunk_free (reader.label_chunk);
  g_ptr_array_unref (reader.labels);
  g_array_unref (reader.row_lines);
  return dataset;
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

NrtDataset *
nrt_csv_load (const char *path, const char *label_column, GError **error)
{
  g_autoptr (GFile) file = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  GError *read_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* TODO: the whole file is read into memory; a stream fed to csv_parse
   * would bound memory for files larger than RAM. */
  file = g_file_new_for_path (path);
  display_name = g_filename_display_name (path);
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &read_error))
    {
      set_read_error (error, read_error, display_name);
      g_error_free (read_error);
      return NULL;
    }

  return nrt_csv_load_from_data (contents, length, display_name, label_column, error);
}
