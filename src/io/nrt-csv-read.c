/* nrt-csv-read.c: one streamed pass over a CSV file through libcsv, and the
 * helpers for numbers and messages that every pass shares.
 *
 * libcsv tokenises (RFC 4180 quoting, strict mode) and calls back once per
 * field and once per row end. A pass checks each row's framing (blank
 * lines, NUL bytes, quoting) as it arrives, so an error names the line where
 * it occurs. The pass's row callback gives the row its meaning.
 */
#define G_LOG_DOMAIN "neurite-csv"

#include "config.h"

#include "nrt-csv-private.h"

#include <csv.h>
#include <errno.h>
#include <float.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/* Numbers longer than this are parsed from a heap copy. */
#define NUMBER_BUFFER_SIZE 128

char *
csv_printable_value (const char *text, gsize length)
{
  g_autofree char *valid = g_utf8_make_valid (text, (gssize) length);
  const char *cut;

  if (g_utf8_strlen (valid, -1) <= CSV_MAX_SHOWN_CHARS)
    return g_steal_pointer (&valid);
  cut = g_utf8_offset_to_pointer (valid, CSV_MAX_SHOWN_CHARS);
  return g_strdup_printf ("%.*s…", (int) (cut - valid), valid);
}

char *
csv_shown_name (const char *name)
{
  const char *cut;

  if (g_utf8_strlen (name, -1) <= CSV_MAX_SHOWN_NAME_CHARS)
    return g_strdup (name);
  cut = g_utf8_offset_to_pointer (name, CSV_MAX_SHOWN_NAME_CHARS);
  return g_strdup_printf ("%.*s…", (int) (cut - name), name);
}

/* Parses number[0..length), which has no spaces around it, with the given
 * decimal separator. A comma separator is replaced in place by a point. */
static CsvNumberStatus
parse_trimmed_number (char *number, gsize length, gboolean decimal_comma, double *value)
{
  char *parse_end = NULL;

  /* g_ascii_strtod reads a point only, whatever the locale. */
  if (decimal_comma)
    {
      if (memchr (number, '.', length) != NULL)
        return CSV_NUMBER_INVALID;
      for (char *comma = memchr (number, ',', length); comma != NULL;
           comma = memchr (comma, ',', length - (gsize) (comma - number)))
        *comma = '.';
    }
  else if (memchr (number, ',', length) != NULL)
    return CSV_NUMBER_INVALID;

  errno = 0;
  *value = g_ascii_strtod (number, &parse_end);
  if (parse_end != number + length)
    return CSV_NUMBER_INVALID;
  /* g_ascii_strtod sets ERANGE and returns ±HUGE_VAL for "1e400". */
  if (errno == ERANGE && isinf (*value))
    return CSV_NUMBER_OUT_OF_RANGE;
  if (!isfinite (*value))
    return CSV_NUMBER_NOT_FINITE;
  if (fabs (*value) > FLT_MAX)
    return CSV_NUMBER_OUT_OF_RANGE;
  return CSV_NUMBER_VALID;
}

CsvNumberStatus
csv_parse_number (const char *text, gboolean decimal_comma, double *value)
{
  const char *start = text;
  const char *end = text + strlen (text);
  char buffer[NUMBER_BUFFER_SIZE];
  g_autofree char *heap = NULL;
  char *number;
  gsize length;
  CsvNumberStatus status;
  double other_value = 0.0;

  while (start < end && g_ascii_isspace (*start))
    start++;
  while (end > start && g_ascii_isspace (end[-1]))
    end--;
  if (start == end)
    return CSV_NUMBER_EMPTY;

  length = (gsize) (end - start);
  if (length < sizeof buffer)
    number = buffer;
  else
    number = heap = g_malloc (length + 1);
  memcpy (number, start, length);
  number[length] = '\0';

  status = parse_trimmed_number (number, length, decimal_comma, value);
  if (status != CSV_NUMBER_INVALID)
    return status;

  /* The first parse may have turned commas into points. */
  memcpy (number, start, length);
  if (parse_trimmed_number (number, length, !decimal_comma, &other_value)
      != CSV_NUMBER_INVALID)
    return CSV_NUMBER_WRONG_SEPARATOR;
  return CSV_NUMBER_INVALID;
}

char *
csv_number_problem (CsvNumberStatus status, const char *field, gboolean decimal_comma)
{
  g_autofree char *printable = csv_printable_value (field, strlen (field));

  switch (status)
    {
    case CSV_NUMBER_EMPTY:
      return g_strdup (_("the value is empty; expected a number"));
    case CSV_NUMBER_NOT_FINITE:
      return g_strdup_printf (_("“%s” is not a finite number; expected a finite number such "
                                "as 2.5 or -1e-3"),
                              printable);
    case CSV_NUMBER_OUT_OF_RANGE:
      return g_strdup_printf (_("“%s” is out of range; expected a number within ±3.4e38, "
                                "the range of 32-bit floats"),
                              printable);
    case CSV_NUMBER_WRONG_SEPARATOR:
      if (decimal_comma)
        return g_strdup_printf (_("“%s” has a point as the decimal separator, but the file "
                                  "is read with a comma; expected a number such as 2,5"),
                                printable);
      return g_strdup_printf (_("“%s” has a comma as the decimal separator, but the file is "
                                "read with a point; expected a number such as 2.5"),
                              printable);
    case CSV_NUMBER_INVALID:
    case CSV_NUMBER_VALID:
    default:
      if (decimal_comma)
        return g_strdup_printf (_("“%s” is not a number; expected a number such as 2,5 or "
                                  "-1e-3, with a comma as the decimal separator"),
                                printable);
      return g_strdup_printf (_("“%s” is not a number; expected a number such as 2.5 or "
                                "-1e-3, with a point as the decimal separator"),
                              printable);
    }
}

const char *
csv_delimiter_name (char delimiter)
{
  switch (delimiter)
    {
    case ';':
      return _("semicolon");
    case '\t':
      return _("tab");
    case ',':
    default:
      return _("comma");
    }
}

void
csv_set_field_error (GError **error, const char *display_name, GPtrArray *column_names,
                     NrtCsvError code, gint64 line, int column, const char *problem)
{
  g_autofree char *location = NULL;

  if (error == NULL || *error != NULL)
    return;

  if (column_names != NULL && column < (int) column_names->len)
    {
      g_autofree char *name = csv_shown_name (g_ptr_array_index (column_names, column));

      location = g_strdup_printf (_("“%s”, line %lld, column %d “%s”"), display_name,
                                  (long long) line, column + 1, name);
    }
  else
    location = g_strdup_printf (_("“%s”, line %lld, field %d"), display_name, (long long) line,
                                column + 1);
  g_set_error (error, NRT_CSV_ERROR, code, "%s: %s", location, problem);
}

void
csv_set_ragged_error (GError **error, const char *display_name, GPtrArray *column_names,
                      char delimiter, gint64 line, GPtrArray *fields)
{
  int n_columns = (int) column_names->len;
  int column = MIN ((int) fields->len, n_columns);
  g_autofree char *problem = NULL;

  /* Point at the first missing column, or at the first extra field. */
  if ((int) fields->len < n_columns)
    problem = g_strdup_printf (_("the row has %u fields but the header has %d columns, so "
                                 "this column has no value; add the missing fields or fix "
                                 "the delimiters (%s)"),
                               fields->len, n_columns, csv_delimiter_name (delimiter));
  else
    {
      const char *extra = g_ptr_array_index (fields, n_columns);
      g_autofree char *value = csv_printable_value (extra, strlen (extra));

      problem = g_strdup_printf (_("the row has %u fields but the header has %d columns; the "
                                   "extra value is “%s”. Quote the fields that contain the "
                                   "delimiter (%s), or remove the extra fields"),
                                 fields->len, n_columns, value, csv_delimiter_name (delimiter));
    }
  csv_set_field_error (error, display_name, column_names, NRT_CSV_ERROR_RAGGED, line, column,
                       problem);
}

GPtrArray *
csv_column_names (const char *display_name, GPtrArray *fields, gint64 line,
                  gboolean has_header, GError **error)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) column_of_name = g_hash_table_new (g_str_hash, g_str_equal);

  /* Not translated: a label is chosen by name, and a saved choice must
   * find the same column in every language. */
  if (!has_header)
    {
      for (guint i = 0; i < fields->len; i++)
        g_ptr_array_add (names, g_strdup_printf ("column %u", i + 1));
      return g_steal_pointer (&names);
    }

  /* Features are named in messages and plots, and a label is chosen by
   * name, so each name must find one column. */
  for (guint i = 0; i < fields->len; i++)
    {
      char *name = g_utf8_make_valid (g_ptr_array_index (fields, i), -1);
      gpointer first;

      g_ptr_array_add (names, name);
      if (*name == '\0')
        {
          g_set_error (error, NRT_CSV_ERROR, NRT_CSV_ERROR_BAD_HEADER,
                       _("“%s”, line %lld: the header name of column %u is empty; give every "
                         "column a name in the header row"),
                       display_name, (long long) line, i + 1);
          return NULL;
        }

      /* The table stores column + 1, since NULL means "absent". */
      first = g_hash_table_lookup (column_of_name, name);
      if (first != NULL)
        {
          g_autofree char *cut_name = csv_shown_name (name);

          g_set_error (error, NRT_CSV_ERROR, NRT_CSV_ERROR_BAD_HEADER,
                       _("“%s”, line %lld: columns %u and %u are both named “%s”; rename one "
                         "of them in the header row, so that each name refers to one column"),
                       display_name, (long long) line, GPOINTER_TO_UINT (first), i + 1,
                       cut_name);
          return NULL;
        }
      g_hash_table_insert (column_of_name, name, GUINT_TO_POINTER (i + 1));
    }
  return g_steal_pointer (&names);
}

void
csv_pass_init (CsvPass *pass, const char *display_name, char delimiter)
{
  memset (pass, 0, sizeof *pass);
  pass->display_name = display_name;
  pass->delimiter = delimiter;
  pass->progress_span = 1.0;
  pass->row_chunk = g_string_chunk_new (4096);
  pass->row_fields = g_ptr_array_new ();
  pass->row_line = 1;
  pass->last_terminator = -1;
  pass->block_line = 1;
}

void
csv_pass_clear (CsvPass *pass)
{
  g_clear_pointer (&pass->row_chunk, g_string_chunk_free);
  g_clear_pointer (&pass->row_fields, g_ptr_array_unref);
  g_clear_error (&pass->error);
}

/* libcsv's field callback. CSV_APPEND_NULL terminates field. */
static void
on_field (void *field, size_t length, void *user_data)
{
  CsvPass *pass = user_data;
  const char *text = field != NULL ? field : "";

  if (pass->error != NULL || pass->stopped)
    return;

  if (memchr (text, '\0', length) != NULL)
    {
      csv_set_field_error (&pass->error, pass->display_name, pass->column_names,
                           NRT_CSV_ERROR_SYNTAX, pass->row_line, (int) pass->row_fields->len,
                           _("the field contains a NUL byte; expected text. Is this a CSV "
                             "file?"));
      return;
    }
  for (size_t i = 0; i < length; i++)
    if (text[i] == '\n')
      pass->row_newlines++;
  g_ptr_array_add (pass->row_fields,
                   g_strstrip (g_string_chunk_insert_len (pass->row_chunk, text,
                                                          (gssize) length)));
}

/* libcsv's row callback. CSV_REPALL_NL makes libcsv report every unquoted
 * line break, so an empty line arrives as a row of no fields, and so does
 * the LF of a CRLF pair. terminator is -1 at the end of the data. */
static void
on_row_end (int terminator, void *user_data)
{
  CsvPass *pass = user_data;
  gboolean crlf_tail = terminator == '\n' && pass->last_terminator == '\r';

  if (pass->error != NULL || pass->stopped)
    return;

  if (pass->row_fields->len == 0)
    {
      if (!crlf_tail)
        {
          if (pass->blank_line == 0)
            pass->blank_line = pass->row_line;
          pass->row_line++;
        }
      pass->last_terminator = terminator;
      return;
    }

  if (pass->blank_line != 0)
    {
      g_set_error (&pass->error, NRT_CSV_ERROR, NRT_CSV_ERROR_RAGGED,
                   _("“%s”, line %lld: the line is empty but more rows follow; remove the "
                     "empty line"),
                   pass->display_name, (long long) pass->blank_line);
      return;
    }

  pass->on_row (pass, pass->row_fields, pass->user_data);

  pass->row_line += 1 + pass->row_newlines;
  pass->row_newlines = 0;
  pass->last_terminator = terminator;
  g_ptr_array_set_size (pass->row_fields, 0);
  g_string_chunk_clear (pass->row_chunk);
}

/* Returns the number of line breaks in data[0..length), counting LF, CRLF
 * and a lone CR once each; *prev_cr carries a CR across blocks. */
static gint64
count_line_breaks (const char *data, gsize length, gboolean *prev_cr)
{
  gint64 breaks = 0;

  for (gsize i = 0; i < length; i++)
    {
      if (data[i] == '\r' || (data[i] == '\n' && !*prev_cr))
        breaks++;
      *prev_cr = data[i] == '\r';
    }
  return breaks;
}

/* Sets the error for the stray quote that stopped libcsv at block[offset],
 * showing the part of its line that is in the block. */
static void
set_syntax_error (CsvPass *pass, const char *block, gsize length, gsize offset)
{
  gboolean prev_cr = pass->block_prev_cr;
  gint64 line = pass->block_line + count_line_breaks (block, MIN (offset, length), &prev_cr);
  gsize line_start = MIN (offset, length);
  gsize line_end;
  g_autofree char *printable = NULL;
  g_autofree char *problem = NULL;

  while (line_start > 0 && block[line_start - 1] != '\n' && block[line_start - 1] != '\r')
    line_start--;
  line_end = line_start;
  while (line_end < length && block[line_end] != '\n' && block[line_end] != '\r')
    line_end++;
  printable = csv_printable_value (block + line_start, line_end - line_start);
  problem = g_strdup_printf (_("malformed quoting in “%s”; expected a field either without "
                               "double quotes or entirely inside them, with inner quotes "
                               "doubled (\"\")"),
                             printable);
  csv_set_field_error (&pass->error, pass->display_name, pass->column_names,
                       NRT_CSV_ERROR_SYNTAX, line, (int) pass->row_fields->len, problem);
}

static void
report_progress (CsvPass *pass, goffset offset)
{
  double fraction;

  if (pass->progress == NULL || pass->total_bytes <= 0)
    return;

  fraction = pass->progress_start
             + pass->progress_span * MIN (1.0, (double) offset / (double) pass->total_bytes);
  if (fraction - pass->progress_reported >= 0.01)
    {
      pass->progress_reported = fraction;
      pass->progress (fraction, pass->progress_data);
    }
}

/* Tabs are part of a tab-separated file's framing, not spaces to trim. */
static int
is_space_only (unsigned char c)
{
  return c == ' ';
}

gboolean
csv_pass_run (CsvPass *pass, GInputStream *stream, GCancellable *cancellable, GError **error)
{
  struct csv_parser parser;
  gsize block_size = CSV_BLOCK_SIZE;
  g_autofree char *block = NULL;
  goffset offset = 0;

  g_assert (pass->on_row != NULL);

  /* Blocks of about 0.5 % of the file let progress move in steps of 1 %. */
  if (pass->total_bytes > 0)
    block_size = (gsize) CLAMP (pass->total_bytes / 200, CSV_MIN_BLOCK_SIZE, CSV_BLOCK_SIZE);
  block = g_malloc (block_size);

  if (!g_seekable_seek (G_SEEKABLE (stream), 0, G_SEEK_SET, cancellable, error))
    return FALSE;
  if (csv_init (&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL | CSV_APPEND_NULL) != 0)
    {
      g_set_error (error, NRT_CSV_ERROR, NRT_CSV_ERROR_SYNTAX,
                   _("“%s”: could not start the CSV parser (out of memory)"),
                   pass->display_name);
      return FALSE;
    }
  csv_set_delim (&parser, (unsigned char) pass->delimiter);
  if (pass->delimiter == '\t')
    csv_set_space_func (&parser, is_space_only);

  pass->progress_reported = pass->progress_start;
  while (pass->error == NULL && !pass->stopped)
    {
      gsize want = block_size;
      gsize n_read = 0;
      gsize start = 0;
      gsize parsed;
      g_autoptr (GError) read_error = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, &pass->error))
        break;
      if (pass->max_bytes > 0)
        {
          if (offset >= pass->max_bytes)
            break;
          want = MIN (want, (gsize) (pass->max_bytes - offset));
        }
      if (!g_input_stream_read_all (stream, block, want, &n_read, cancellable, &read_error))
        {
          if (g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_propagate_error (&pass->error, g_steal_pointer (&read_error));
          else
            g_set_error (&pass->error, read_error->domain, read_error->code,
                         _("Could not read the CSV file “%s”: %s"), pass->display_name,
                         read_error->message);
          break;
        }
      if (n_read == 0)
        {
          pass->reached_end = TRUE;
          break;
        }

      /* A UTF-8 byte order mark, as spreadsheet programs write. */
      if (offset == 0 && n_read >= 3 && memcmp (block, "\xEF\xBB\xBF", 3) == 0)
        start = 3;

      parsed = csv_parse (&parser, block + start, n_read - start, on_field, on_row_end, pass);
      if (parsed != n_read - start && pass->error == NULL && !pass->stopped)
        {
          if (csv_error (&parser) == CSV_EPARSE)
            set_syntax_error (pass, block, n_read, start + parsed);
          else
            g_set_error (&pass->error, NRT_CSV_ERROR, NRT_CSV_ERROR_SYNTAX,
                         _("“%s”, line %lld: the CSV parser failed: %s"), pass->display_name,
                         (long long) pass->row_line, csv_strerror (csv_error (&parser)));
        }
      pass->block_line += count_line_breaks (block, n_read, &pass->block_prev_cr);
      offset += (goffset) n_read;
      report_progress (pass, offset);
    }

  /* CSV_STRICT_FINI: csv_fini fails when the data ends inside a quoted
   * field. A pass cut at max_bytes leaves its last row unread. */
  if (pass->error == NULL && !pass->stopped && pass->reached_end
      && csv_fini (&parser, on_field, on_row_end, pass) != 0 && pass->error == NULL)
    csv_set_field_error (&pass->error, pass->display_name, pass->column_names,
                         NRT_CSV_ERROR_SYNTAX, pass->row_line, (int) pass->row_fields->len,
                         _("a quoted field starts here but has no closing double quote"));
  csv_free (&parser);

  if (pass->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&pass->error));
      return FALSE;
    }
  return TRUE;
}
