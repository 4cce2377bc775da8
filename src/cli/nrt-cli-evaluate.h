/* nrt-cli-evaluate.h: the final metrics of a trained model on each part of
 * the data, Keras's evaluate line for the test part, and the --metrics file.
 *
 * The metrics are computed after the training with the final weights, so
 * the training loss here differs from the last epoch's loss, which is a
 * running mean over the epoch's batches as the weights changed.
 */
#pragma once

#include <glib.h>

#include "core/nrt-metrics.h"
#include "nrt-cli-run.h"

G_BEGIN_DECLS

/* One part of the data and the trained model's results on it. */
typedef struct {
  const char *name;              /* "training", "validation" or "test" */
  const NrtDataset *data;        /* borrowed from the run */
  float *outputs;                /* (n_samples, n_outputs) model outputs, as the last layer
                                  * gives them: logits when it is linear */
  int n_outputs;
  NrtMetricsReport *report;      /* with the loss of nrt_model_evaluate */
  gboolean without_labels;       /* the data's targets are placeholders for a file without
                                  * label columns, so the predictions CSV leaves them out */
} NrtCliSplitResult;

/* Predicts data with run's model and computes its report into result.
 * Returns FALSE with an NRT_CLI_ERROR_FAILED error when the core fails. */
gboolean nrt_cli_evaluate_split (NrtCliRun *run, const char *name, const NrtDataset *data,
                                 NrtCliSplitResult *result, GError **error);
void nrt_cli_split_result_clear (NrtCliSplitResult *result);

/* Formats a report as Keras's evaluate prints it, after "name: ": "test:
 * loss: 0.0712 - accuracy: 0.9667" for classes and labels (the binary
 * accuracy for multi-label data), "test: loss: … - mae: … - rmse: … - r2: …"
 * for numeric targets. Free with g_free. */
char *nrt_cli_format_evaluation (const char *name, const NrtMetricsReport *report);

/* Writes the --metrics JSON file of the run to path, atomically, with one
 * object per result. The help text of train describes the layout. Returns
 * FALSE with an error in G_FILE_ERROR whose message names path. */
gboolean nrt_cli_write_metrics (const NrtCliRun *run, const NrtCliSplitResult *results,
                                int n_results, const char *path, GError **error);

G_END_DECLS
