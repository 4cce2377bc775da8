/* nrt-cli-history.h: the per-epoch metrics of a training run, written as
 * CSV in the layout of Keras's CSVLogger.
 *
 * The header is "epoch" followed by the metric names in sorted order, as
 * CSVLogger sorts its keys: accuracy, loss, val_accuracy, val_loss, with only
 * the metrics the run computes. Epochs count from 0. Each number is the
 * shortest decimal that reads back as the same double, as Python's str()
 * writes a float ("0.0712345", "1.0", "1e-05", "nan").
 */
#pragma once

#include <glib.h>

#include "core/nrt-fit.h"

G_BEGIN_DECLS

typedef struct NrtCliHistory NrtCliHistory;

/* Creates an empty history whose columns are the loss, plus the accuracy
 * when has_accuracy, plus their validation twins when has_validation. */
NrtCliHistory *nrt_cli_history_new (gboolean has_accuracy, gboolean has_validation);
void nrt_cli_history_free (NrtCliHistory *history);

/* Appends the row of a finished epoch; logs->epoch is its index. */
void nrt_cli_history_append (NrtCliHistory *history, const NrtLogs *logs);

int nrt_cli_history_get_n_epochs (const NrtCliHistory *history);
gboolean nrt_cli_history_has_validation (const NrtCliHistory *history);

/* Copies each epoch's loss into loss and, when val_loss is not NULL and the
 * history has validation, its validation loss into val_loss. Each receives
 * nrt_cli_history_get_n_epochs values. */
void nrt_cli_history_get_losses (const NrtCliHistory *history, double *loss, double *val_loss);

/* Returns the whole CSV text, header and rows, each line ending in "\n". */
char *nrt_cli_history_to_csv (const NrtCliHistory *history);

/* Returns the CSV text of n_epochs logs, as nrt_history_csv_format writes
 * it. Without epochs the header lists the loss, the accuracy when
 * has_accuracy and their validation twins when has_validation, as a run
 * that computes them would. Free with g_free. */
char *nrt_cli_history_csv_from_logs (const NrtLogs *logs, gsize n_epochs, gboolean has_accuracy,
                                     gboolean has_validation);

/* Writes the CSV to path atomically: a reader sees either the old file or
 * the complete new one, since a temporary file in the same folder is
 * written and then renamed. On failure, error is in G_FILE_ERROR and its
 * message names path, never the temporary file. */
gboolean nrt_cli_history_write (const NrtCliHistory *history, const char *path, GError **error);

/* Formats value into buffer (G_ASCII_DTOSTR_BUF_SIZE bytes) as
 * nrt_history_csv_format_double does. Returns buffer. */
char *nrt_cli_format_double (double value, char *buffer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NrtCliHistory, nrt_cli_history_free)

G_END_DECLS
