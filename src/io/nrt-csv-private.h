/* nrt-csv-private.h: the parts of CSV import shared by its source files.
 *
 * A CsvPass streams a GInputStream through libcsv in blocks and hands each
 * row, fields trimmed, to a callback. The sniff, the scan and the load each
 * run one or more passes over the same seekable stream.
 */
#pragma once

#include <gio/gio.h>
#include <glib.h>

#include "nrt-csv.h"

/* The largest and smallest blocks read from the stream and handed to
 * libcsv per call. Cancellation and progress are checked between blocks. */
#define CSV_BLOCK_SIZE 65536
#define CSV_MIN_BLOCK_SIZE 4096

/* Characters of a value quoted in a message before "…". */
#define CSV_MAX_SHOWN_CHARS 40

/* Characters of a column name quoted in a message or note before "…". */
#define CSV_MAX_SHOWN_NAME_CHARS 60

/* Names or categories listed in one message or note before "…". */
#define CSV_MAX_LISTED 20

typedef enum {
  CSV_NUMBER_VALID,
  CSV_NUMBER_EMPTY,
  CSV_NUMBER_INVALID,        /* not a number at all */
  CSV_NUMBER_NOT_FINITE,     /* "inf" or "nan", in any case */
  CSV_NUMBER_OUT_OF_RANGE,   /* a number beyond the float32 range */
  CSV_NUMBER_WRONG_SEPARATOR /* a number only with the other decimal separator */
} CsvNumberStatus;

/* The last three statuses are values shaped like numbers that are not
 * valid ones. They count as numbers when a column's kind is chosen, so that
 * such a column is numeric and each of its bad values is an error. */
#define CSV_NUMBER_IS_MALFORMED(status) \
  ((status) == CSV_NUMBER_NOT_FINITE || (status) == CSV_NUMBER_OUT_OF_RANGE \
   || (status) == CSV_NUMBER_WRONG_SEPARATOR)

/* The layout of a file, detected or given by the options. */
typedef struct {
  char delimiter;
  gboolean has_header;
  gboolean decimal_comma;
} CsvFormat;

typedef struct _CsvPass CsvPass;

/* Receives one row of trimmed, NUL-terminated fields, which live until the
 * callback returns; pass->row_line is its first line. Returns FALSE to stop
 * the pass, after setting pass->error or pass->stopped. */
typedef gboolean (*CsvRowFunc) (CsvPass *pass, GPtrArray *fields, gpointer user_data);

struct _CsvPass {
  /* Set by the caller after csv_pass_init. */
  const char *display_name;
  char delimiter;
  GPtrArray *column_names;    /* borrowed, names columns in messages; NULL before the header */
  goffset max_bytes;          /* 0: read to the end */
  CsvRowFunc on_row;
  gpointer user_data;
  NrtCsvProgressFunc progress;
  gpointer progress_data;
  double progress_start;      /* the pass covers [start, start + span] of the whole read */
  double progress_span;
  goffset total_bytes;        /* the stream's size, for progress; 0 when unknown */

  /* State of the pass. */
  GStringChunk *row_chunk;
  GPtrArray *row_fields;      /* char *, into row_chunk */
  gint64 row_line;            /* 1-based line where the row starts */
  gint64 row_newlines;        /* line breaks inside its quoted fields */
  int last_terminator;        /* the character that ended the previous row */
  gint64 blank_line;          /* first empty line not yet followed by a row; 0 if none */
  gint64 block_line;          /* line at the start of the current block */
  gboolean block_prev_cr;     /* the previous block ended with CR */
  double progress_reported;
  gboolean stopped;           /* the row callback asked to stop without an error */
  gboolean reached_end;       /* every byte of the stream was parsed */
  GError *error;
};

void csv_pass_init (CsvPass *pass, const char *display_name, char delimiter);
void csv_pass_clear (CsvPass *pass);

/* Seeks stream to its start and parses it, calling pass->on_row for every
 * row. Returns FALSE with error set on failure or cancellation; a pass
 * stopped by its callback without an error returns TRUE. */
gboolean csv_pass_run (CsvPass *pass, GInputStream *stream, GCancellable *cancellable,
                       GError **error);

/* Parses a whole field as a finite float32 number; whitespace around it is
 * allowed. With decimal_comma, "1,5" is 1.5 and a point is rejected. A field
 * that parses only with the other separator is CSV_NUMBER_WRONG_SEPARATOR. */
CsvNumberStatus csv_parse_number (const char *text, gboolean decimal_comma, double *value);

/* Returns a UTF-8 copy of text[0..length), cut to CSV_MAX_SHOWN_CHARS
 * characters. */
char *csv_printable_value (const char *text, gsize length);

/* Returns a copy of a column name cut to CSV_MAX_SHOWN_NAME_CHARS
 * characters, for messages and notes. name is valid UTF-8. */
char *csv_shown_name (const char *name);

/* Returns why field is not a valid number, and what was expected. */
char *csv_number_problem (CsvNumberStatus status, const char *field, gboolean decimal_comma);

/* Returns the delimiter's name for messages: "comma", "semicolon", "tab". */
const char *csv_delimiter_name (char delimiter);

/* Sets error with the prefix "file, line L, column C “name”: " before
 * problem, the name cut as csv_shown_name does. column is 0-based; a
 * column past column_names is a "field". */
void csv_set_field_error (GError **error, const char *display_name, GPtrArray *column_names,
                          NrtCsvError code, gint64 line, int column, const char *problem);

/* Returns the column names of a first row: the header's names, checked to
 * be non-empty and distinct, or "column 1", "column 2", ... without a
 * header. Returns NULL with error set. */
GPtrArray *csv_column_names (const char *display_name, GPtrArray *fields, gint64 line,
                             gboolean has_header, GError **error);

/* Sets error for a row whose field count differs from the header's. */
void csv_set_ragged_error (GError **error, const char *display_name, GPtrArray *column_names,
                           char delimiter, gint64 line, GPtrArray *fields);

/* Opens path for reading. Sets *display_name to its name for messages and
 * *size to its size in bytes. Returns NULL with error set, in GIO's domain,
 * with a message that names the file once and states what to do. */
GInputStream *csv_open_file (const char *path, char **display_name, goffset *size,
                             GCancellable *cancellable, GError **error);

/* Detects what options leave to detection from the start of stream, and
 * seeks it back to its start. */
gboolean csv_detect_format (GInputStream *stream, const char *display_name,
                            const NrtCsvOptions *options, CsvFormat *format,
                            GCancellable *cancellable, GError **error);

/* Opens path as csv_open_file does, then detects its format as
 * csv_detect_format does. Returns NULL with error set when either fails. */
GInputStream *csv_open_and_detect (const char *path, const NrtCsvOptions *options,
                                   char **display_name, goffset *size, CsvFormat *format,
                                   GCancellable *cancellable, GError **error);

/* Statistics of one column over the rows read. */
typedef struct {
  gint64 n_values;            /* non-empty fields */
  gint64 n_numeric;           /* finite float32 numbers */
  gint64 n_missing;           /* empty fields */
  gint64 n_text;              /* non-empty fields that are not valid numbers */
  gint64 n_malformed;         /* of those, fields that CSV_NUMBER_IS_MALFORMED */
  gint64 first_missing_line;
  gint64 first_text_line;
  char *first_text_value;
  gint64 first_non_integer_line;   /* the first number that is not an integer */
  char *first_non_integer_value;
  gint64 first_non_binary_line;    /* the first number other than 0 and 1 */
  char *first_non_binary_value;
  double min, max, sum;       /* over the numeric fields */
  gboolean all_integer;
  GHashTable *texts;          /* distinct values (char *) -> their count (gsize *), owned */
  gboolean texts_full;        /* texts stopped growing at NRT_CSV_MAX_CATEGORIES + 1 */
  GHashTable *numbers;        /* distinct numbers (double *, owned) */
  gboolean numbers_full;
  gboolean uncapped;          /* keep every distinct text value (label columns) */
  gboolean invalid_utf8_name; /* the header name had bytes that are not UTF-8 */
  gboolean invalid_utf8_text; /* a distinct text value had bytes that are not UTF-8 */
} CsvColumnStats;

typedef struct _CsvTable CsvTable;

/* Called once the column names are known, before the first data row. */
typedef gboolean (*CsvHeaderFunc) (CsvTable *table, gpointer user_data, GError **error);

/* One read of a file: its format, column names and column statistics. */
struct _CsvTable {
  CsvFormat format;
  GPtrArray *column_names;    /* char *, owned */
  GPtrArray *shown_names;     /* char *, owned: column_names cut by csv_shown_name */
  gint64 header_line;         /* line of the header row; 0 without one */
  int n_columns;
  CsvColumnStats *columns;    /* (n_columns) */
  gint64 n_rows;              /* data rows read */
  gboolean complete;
  gint64 max_rows;            /* stop after this many data rows; -1 for all */
  int max_preview_rows;
  GPtrArray *preview;         /* char ** rows, owned */
  CsvHeaderFunc on_header;
  gpointer on_header_data;
  GHashTable *row_problems;   /* owned, GBytes of n_columns NrtCsvProblemFlags -> gint64 *
                               * rows with those flags. NULL unless the caller creates it,
                               * and after NRT_CSV_MAX_ROW_PROBLEMS distinct sets */
};

/* Reads stream with format into table, which the caller zero-fills and sets
 * max_rows, max_preview_rows and on_header of. Returns FALSE with error
 * set. */
gboolean csv_table_read (CsvTable *table, GInputStream *stream, const char *display_name,
                         const CsvFormat *format, goffset max_bytes,
                         NrtCsvProgressFunc progress, gpointer progress_data,
                         double progress_start, double progress_span, goffset total_bytes,
                         GCancellable *cancellable, GError **error);
void csv_table_clear (CsvTable *table);

/* The column's kind by the rules of nrt-csv.h: numbers and malformed
 * numbers count alike. */
NrtCsvColumnKind csv_column_kind (const CsvColumnStats *column);

/* Returns the column's distinct text values in byte order, NULL-terminated;
 * free the array with g_free, not the strings, which texts owns. */
const char **csv_column_sorted_texts (const CsvColumnStats *column, guint *n_texts);

/* Copies table into a public scan. */
NrtCsvScan *csv_table_to_scan (CsvTable *table);

/* Loads stream, of total_bytes bytes, as nrt_csv_load_with_options does. */
NrtDataset *csv_load_stream (GInputStream *stream, goffset total_bytes,
                             const char *display_name, const NrtCsvOptions *options,
                             NrtCsvProgressFunc progress, gpointer user_data,
                             GCancellable *cancellable, NrtCsvReport **report,
                             GError **error);
