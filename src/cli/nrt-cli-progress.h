/* nrt-cli-progress.h: a progress display in the layout of Keras's Progbar
 * (verbose=1), as tf.keras 2.x prints it during fit:
 *
 *   Epoch 1/10
 *   63/63 [==============================] - 0s 968us/step - loss: 1.1582 - accuracy: 0.7200
 *
 * On a terminal the bar is redrawn in place during the epoch, with the
 * estimated time left ("ETA: 2s") in place of the times; elsewhere only the
 * final line of each epoch is printed.
 */
#pragma once

#include <stdio.h>

#include <glib.h>

#include "core/nrt-fit.h"

G_BEGIN_DECLS

/* Minimum time between two redraws of the bar on a terminal, in microseconds
 * (Keras's Progbar uses 0.05 s). */
#define NRT_CLI_PROGRESS_INTERVAL_US 50000

/* Width of the bar between the brackets, in characters, as in Keras. */
#define NRT_CLI_PROGRESS_BAR_WIDTH 30

typedef struct NrtCliProgress NrtCliProgress;

/* Creates a display writing to stream for a run of n_epochs epochs. When
 * dynamic is TRUE (stream is a terminal) the bar is redrawn in place, and
 * those in-place lines are cut to columns - 1 characters so that they never
 * wrap; columns <= 0 means no limit. */
NrtCliProgress *nrt_cli_progress_new (FILE *stream, int n_epochs, gboolean dynamic, int columns);
void nrt_cli_progress_free (NrtCliProgress *progress);

/* Prints "Epoch N/M" and starts the epoch's clock; epoch counts from 0. */
void nrt_cli_progress_begin_epoch (NrtCliProgress *progress, int epoch);

/* Redraws the bar after a batch, when dynamic and the interval has passed. */
void nrt_cli_progress_update (NrtCliProgress *progress, const NrtLogs *logs);

/* Prints the epoch's final line, with the validation metrics if any. */
void nrt_cli_progress_end_epoch (NrtCliProgress *progress, const NrtLogs *logs);

/* Ends a line left open by an in-place bar, for a training that stopped
 * inside an epoch, so that the next message starts on its own line. */
void nrt_cli_progress_finish (NrtCliProgress *progress);

/* Formats one line of the bar after current of target batches, with the
 * running metrics of logs. A final line shows the epoch's wall time, the
 * time per step and any validation metrics. Other lines show the estimated
 * time left. Free the result with g_free. */
char *nrt_cli_progress_format_line (int current, int target, double elapsed_seconds,
                                    const NrtLogs *logs, gboolean final);

/* Formats a metric's value into buffer (G_ASCII_DTOSTR_BUF_SIZE bytes) as
 * Keras's Progbar does: "%.4f", or "%.4e" when |value| <= 1e-3. Returns
 * buffer. */
char *nrt_cli_format_metric (double value, char *buffer);

/* Appends Keras's time per step: " 968us/step", " 12ms/step" or " 2s/step". */
void nrt_cli_progress_append_step_time (GString *line, double seconds_per_step);

G_END_DECLS
