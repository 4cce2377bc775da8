/* nrt-history-csv.h: a training history as CSV in the layout of Keras's
 * CSVLogger.
 *
 * The header is "epoch" followed by the metric names in sorted order, as
 * CSVLogger sorts its keys: accuracy, loss, val_accuracy, val_loss, with only
 * the metrics that the logs have. Epochs count from 0. Each number is the
 * shortest decimal that reads back as the same double, as Python's str()
 * writes a float ("0.0712345", "1.0", "1e-05", "nan").
 */
#pragma once

#include <glib.h>

#include "core/nrt-fit.h"

G_BEGIN_DECLS

/* Returns the CSV text of n_epochs logs (header, then a row per entry, each
 * line ending in "\n"). The columns follow the first entry's has_accuracy
 * and has_validation; with no entries, the header has only epoch and loss.
 * Free with g_free. */
char *nrt_history_csv_format (const NrtLogs *logs, gsize n_epochs);

/* Formats value into buffer (G_ASCII_DTOSTR_BUF_SIZE bytes) as Python's
 * repr writes a float: the shortest decimal that reads back as value,
 * positional from 1e-4 up to 1e16 ("110.0", "0.0001") and in exponent form
 * outside ("1e-05", "1e+16"). The decimal separator is always '.'. Returns
 * buffer. */
char *nrt_history_csv_format_double (double value, char *buffer);

/* Writes the text to path atomically (g_file_replace_contents): a reader
 * sees the old file or the complete new one. The error, in G_IO_ERROR,
 * names path. */
gboolean nrt_history_csv_write (const NrtLogs *logs, gsize n_epochs, const char *path,
                                GError **error);

G_END_DECLS
