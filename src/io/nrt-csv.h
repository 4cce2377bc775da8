/* nrt-csv.h: CSV import into an NrtDataset, through libcsv.
 *
 * The file has a header row. Every column but the label is a numeric
 * feature. The label column is the last one unless named. Labels that are
 * all integers with at most NRT_CSV_MAX_INTEGER_CLASSES distinct values, or
 * that include any text, are class labels, mapped to class indices in sorted
 * order (numeric order for numbers, byte order for text); the names are kept
 * as the dataset's class names. Other numeric labels are regression targets.
 *
 * Every header name must be non-empty and unique, since features and the
 * label are referred to by name.
 *
 * Features must parse whole as finite numbers within the float32 range
 * (g_ascii_strtod, so the decimal separator is a dot); spaces around a value
 * are allowed. A UTF-8 byte order mark, CRLF line ends and empty lines at the
 * end are accepted. An empty line followed by more rows is an error, as is
 * an empty label, so no row is ever dropped silently.
 */
#pragma once

#include <glib.h>

#include "core/nrt-dataset.h"

G_BEGIN_DECLS

#define NRT_CSV_MAX_INTEGER_CLASSES 50

#define NRT_CSV_ERROR (nrt_csv_error_quark ())

typedef enum {
  NRT_CSV_ERROR_EMPTY,          /* no header or no data rows */
  NRT_CSV_ERROR_SYNTAX,         /* malformed quoting */
  NRT_CSV_ERROR_RAGGED,         /* a row with the wrong number of fields */
  NRT_CSV_ERROR_NOT_NUMERIC,    /* a feature value that is not a finite number */
  NRT_CSV_ERROR_NO_LABEL,       /* the named label column does not exist */
  NRT_CSV_ERROR_SINGLE_CLASS,   /* the label has only one class */
  NRT_CSV_ERROR_NO_FEATURES,   /* only a label column */
  NRT_CSV_ERROR_MISSING_VALUE,  /* an empty label field */
  NRT_CSV_ERROR_BAD_HEADER      /* an empty header name, or one name for two columns */
} NrtCsvError;

GQuark nrt_csv_error_quark (void);

/* Loads path. label_column is a header name, or NULL for the last column.
 * Returns NULL with error set on failure. The message names the file and,
 * where they apply, the line, the column and the value, and what was expected.
 * A file that cannot be read keeps GIO's G_IO_ERROR domain and code; its
 * message names the path once, gives the reason and what to do.
 * Free the result with nrt_dataset_free. */
NrtDataset *nrt_csv_load (const char *path, const char *label_column, GError **error);

/* Same as nrt_csv_load on a buffer; display_name stands for the file in messages. */
NrtDataset *nrt_csv_load_from_data (const char *data, gsize length, const char *display_name,
                                    const char *label_column, GError **error);

G_END_DECLS
