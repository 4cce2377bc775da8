/* nrt-csv.h: CSV import into an NrtDataset, through libcsv.
 *
 * Reading a file has three steps, each usable on its own:
 * - nrt_csv_preview reads the start of the file, detects the delimiter,
 *   the header row and the decimal separator, and returns the first rows as
 *   text, for the import dialog's live preview;
 * - nrt_csv_scan reads the whole file once and describes every column: its
 *   kind (numeric, categorical text or empty), its missing and non-numeric
 *   values with the line of the first one, its categories;
 * - nrt_csv_load_with_options reads it into a dataset of float32.
 * The file is streamed in blocks, never held whole in memory: loading keeps
 * about the dataset's own size (n_rows * n_columns floats) plus the columns'
 * category tables.
 *
 * Parsing: RFC 4180 quoting (delimiters, quotes and line ends inside quoted
 * fields), a UTF-8 byte order mark, CRLF or LF line ends, spaces around
 * fields and blank lines at the end are accepted. A blank line followed by
 * more rows is an error, as is a row with the wrong number of fields, so no
 * row is ever dropped silently.
 *
 * Columns: a column whose every non-empty value is a number is numeric. A
 * column where fewer than half of the non-empty values are numbers is
 * categorical: a feature becomes one one-hot column per category, named
 * "column=category", categories in byte order. For this count, values
 * shaped like numbers that are not valid ones are numbers: infinities and
 * NaN in any case ("inf", "-Infinity", "NaN"), numbers beyond the float32
 * range (±3.4e38) and numbers written with the other decimal separator. A
 * numeric column with some text values has non-numeric values, treated as
 * missing values are. A numeric column with no valid number at all is an
 * error (NRT_CSV_ERROR_BAD_OPTION) that names its first value. A column
 * with no value at all is empty and left out of the features, with a note
 * in the report.
 *
 * Labels: a label column with text, or with integers of at most
 * NRT_CSV_MAX_INTEGER_CLASSES distinct values, contains classes, unless the
 * task is set to regression, which is an error on a categorical label
 * column (NRT_CSV_ERROR_BAD_OPTION). The classes are sorted (numeric order for
 * numbers, byte order for text) and their names kept. Several label columns
 * of 0 and 1 make a multi-label task; several numeric label columns with
 * the regression task make a multi-output regression.
 *
 * Missing values: an empty field or a non-numeric value in a numeric
 * feature column is an error naming the file, line, column and value, unless
 * options->missing says to drop those rows or fill them with the column's
 * mean over the rows where it has a number. A row with a missing label is an
 * error, or dropped under NRT_CSV_MISSING_DROP; it is never filled. The
 * report counts every dropped row and filled value.
 */
#pragma once

#include <gio/gio.h>
#include <glib.h>

#include "core/nrt-dataset.h"

G_BEGIN_DECLS

#define NRT_CSV_MAX_INTEGER_CLASSES 50
/* A categorical feature with more categories than this is an error: it is
 * almost always an identifier or free text, not a category. */
#define NRT_CSV_MAX_CATEGORIES 1000

#define NRT_CSV_ERROR (nrt_csv_error_quark ())

typedef enum {
  NRT_CSV_ERROR_EMPTY,          /* no header or no data rows */
  NRT_CSV_ERROR_SYNTAX,         /* malformed quoting */
  NRT_CSV_ERROR_RAGGED,         /* a row with the wrong number of fields */
  NRT_CSV_ERROR_NOT_NUMERIC,    /* a feature value that is not a finite number */
  NRT_CSV_ERROR_NO_LABEL,       /* a named label or feature column does not exist */
  NRT_CSV_ERROR_SINGLE_CLASS,   /* the label has only one class */
  NRT_CSV_ERROR_NO_FEATURES,    /* no feature column is left */
  NRT_CSV_ERROR_MISSING_VALUE,  /* an empty field where a value is needed */
  NRT_CSV_ERROR_BAD_HEADER,     /* an empty header name, or one name for two columns */
  NRT_CSV_ERROR_BAD_OPTION,     /* options that contradict each other or the file */
  NRT_CSV_ERROR_TOO_MANY_CATEGORIES
} NrtCsvError;

GQuark nrt_csv_error_quark (void);

typedef enum {
  NRT_CSV_HEADER_DETECT,        /* a header when the first row has text where later rows
                                 * have numbers, or when every column is text */
  NRT_CSV_HEADER_YES,
  NRT_CSV_HEADER_NO             /* columns are named "column 1", "column 2", ... */
} NrtCsvHeader;

typedef enum {
  NRT_CSV_MISSING_ERROR,        /* the first missing or non-numeric value is an error */
  NRT_CSV_MISSING_DROP,         /* rows with one are dropped, and counted */
  NRT_CSV_MISSING_MEAN          /* replaced by the column's mean, and counted */
} NrtCsvMissing;

typedef enum {
  NRT_CSV_TASK_DETECT,
  NRT_CSV_TASK_CLASSIFICATION,  /* multi-label when there are several label columns */
  NRT_CSV_TASK_REGRESSION
} NrtCsvTask;

typedef enum {
  NRT_CSV_COLUMN_NUMERIC,
  NRT_CSV_COLUMN_CATEGORICAL,
  NRT_CSV_COLUMN_EMPTY
} NrtCsvColumnKind;

typedef struct {
  char delimiter;               /* ',', ';' or '\t'; 0 detects it from the first lines */
  NrtCsvHeader header;
  int decimal_comma;            /* 1: "1,5" is 1.5; 0: point only; -1 detects it: a comma
                                 * when the delimiter is not ',' and numbers use commas */
  char **labels;                /* NULL-terminated column names, or NULL for the last column.
                                 * An item that is no column's name but an integer from 1 to
                                 * the column count names the column at that position. A
                                 * header name wins over a position: with the header "2,1,y",
                                 * the item "1" names the second column. */
  char **features;              /* NULL-terminated, as labels; NULL for every other column */
  NrtCsvMissing missing;
  NrtCsvTask task;
  char **class_names;           /* NULL-terminated, borrowed, or NULL to take the classes from
                                 * the file. With one label column, the task is classification
                                 * into these classes in this order: each label must equal
                                 * one of the names, and the file may contain any subset of
                                 * them. A label that is not a name is an error
                                 * (NRT_CSV_ERROR_BAD_OPTION) naming its line and value. */
} NrtCsvOptions;

/* Returns the defaults: detect everything, the last column as label,
 * missing values are errors. */
NrtCsvOptions nrt_csv_options_default (void);

typedef struct {
  char *name;                   /* the header's name, or "column N" */
  NrtCsvColumnKind kind;
  gint64 n_values;              /* non-empty fields */
  gint64 n_numeric;             /* fields that are finite float32 numbers */
  gint64 n_missing;             /* empty fields */
  gint64 n_non_numeric;         /* non-empty fields that are not numbers, in a numeric column */
  gint64 first_problem_line;    /* line of the first missing or non-numeric field, 0 if none */
  char *first_problem_value;    /* that field as written ("" when empty), or NULL */
  double min, max, mean;        /* over the numeric fields; NaN when there are none */
  gboolean all_integer;         /* every numeric field is an integer */
  int n_distinct;               /* distinct values, counted up to NRT_CSV_MAX_CATEGORIES + 1 */
  char **categories;            /* categorical: the sorted distinct values, NULL-terminated;
                                 * NULL otherwise */
} NrtCsvColumnInfo;

/* The problems of one row in one column. */
typedef enum {
  NRT_CSV_PROBLEM_MISSING = 1 << 0,     /* an empty field */
  NRT_CSV_PROBLEM_NON_NUMERIC = 1 << 1  /* a non-numeric value in a numeric column */
} NrtCsvProblemFlags;

/* The maximum number of distinct sets of problem columns that a scan
 * records. */
#define NRT_CSV_MAX_ROW_PROBLEMS 10000

/* The data rows with the same problems in the same columns. */
typedef struct {
  guint8 *flags;                /* (n_columns) NrtCsvProblemFlags, at least one set */
  gint64 n_rows;
} NrtCsvRowProblems;

typedef struct {
  char delimiter;               /* as detected or given */
  gboolean has_header;
  gboolean decimal_comma;
  int n_columns;
  NrtCsvColumnInfo *columns;    /* (n_columns) */
  gint64 n_rows;                /* data rows; after nrt_csv_preview, the rows read so far */
  gboolean complete;            /* the whole file was read (always after nrt_csv_scan) */
  int n_preview_rows;
  char ***preview;              /* (n_preview_rows) NULL-terminated rows of n_columns fields,
                                 * the fields as parsed, quotes removed */
  NrtCsvRowProblems *row_problems; /* (n_row_problems) after nrt_csv_scan: each distinct set
                                 * of problems a row has, so that the rows that dropping
                                 * removes are counted exactly for any choice of columns */
  int n_row_problems;           /* -1 after nrt_csv_preview, or when the rows had more than
                                 * NRT_CSV_MAX_ROW_PROBLEMS distinct sets */
} NrtCsvScan;

void nrt_csv_scan_free (NrtCsvScan *scan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NrtCsvScan, nrt_csv_scan_free)

/* Progress of a long read: fraction from 0 to 1 of the file's bytes. Called
 * from the reading thread, at most about a hundred times per read. */
typedef void (*NrtCsvProgressFunc) (double fraction, gpointer user_data);

/* Reads the first max_preview_rows data rows of path (and at most 1 MiB)
 * with options (labels and features are not used), detecting what options
 * leave to detection. The column infos cover only the rows read. */
NrtCsvScan *nrt_csv_preview (const char *path, const NrtCsvOptions *options,
                             int max_preview_rows, GError **error);

/* Reads the whole file and describes its columns; also keeps the first
 * max_preview_rows rows. cancellable may be NULL; a cancelled read returns
 * NULL with G_IO_ERROR_CANCELLED. */
NrtCsvScan *nrt_csv_scan (const char *path, const NrtCsvOptions *options, int max_preview_rows,
                          NrtCsvProgressFunc progress, gpointer user_data,
                          GCancellable *cancellable, GError **error);

/* What a load did, for the person to see. */
typedef struct {
  char delimiter;
  gboolean has_header;
  gboolean decimal_comma;
  gint64 n_rows_read;           /* data rows in the file */
  gint64 n_rows_dropped;        /* rows dropped for a missing or non-numeric value */
  gint64 n_values_filled;       /* values replaced by their column's mean */
  GPtrArray *notes;             /* strings, one sentence each, translated. They give the
                                 * total of dropped rows, the dropped rows per column (a row
                                 * with problems in several columns counts in each), every
                                 * filled count, every one-hot mapping ("color: red →
                                 * color=red, …"), every ignored empty column, and the task
                                 * chosen and why. One note names the columns whose names,
                                 * categories or classes had bytes that are not UTF-8, which
                                 * were replaced by U+FFFD. Notes and messages cut column
                                 * names after 60 characters, with "…". */
} NrtCsvReport;

void nrt_csv_report_free (NrtCsvReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NrtCsvReport, nrt_csv_report_free)

/* Loads path with options. Returns NULL with error set on failure. The
 * message names the file and, where they apply, the line, the column and
 * the value, what was expected and what to do (such as "--missing drop or
 * mean"). A file that cannot be read keeps GIO's G_IO_ERROR domain and code;
 * its message names the path once, gives the reason and what to do. When
 * report is not NULL, *report receives the load's report. Free the result
 * with nrt_dataset_free. */
NrtDataset *nrt_csv_load_with_options (const char *path, const NrtCsvOptions *options,
                                       NrtCsvProgressFunc progress, gpointer user_data,
                                       GCancellable *cancellable, NrtCsvReport **report,
                                       GError **error);

/* The same on a buffer; display_name stands for the file in messages. */
NrtDataset *nrt_csv_load_data_with_options (const char *data, gsize length,
                                            const char *display_name,
                                            const NrtCsvOptions *options,
                                            NrtCsvReport **report, GError **error);

/* Loads with the default options, and label_column as the only label (NULL
 * for the last column). */
NrtDataset *nrt_csv_load (const char *path, const char *label_column, GError **error);
NrtDataset *nrt_csv_load_from_data (const char *data, gsize length, const char *display_name,
                                    const char *label_column, GError **error);

G_END_DECLS
