/* nrt-cli-predictions.h: the --predictions CSV file of the test part. */
#pragma once

#include <glib.h>

#include "core/nrt-loss.h"
#include "nrt-cli-evaluate.h"

G_BEGIN_DECLS

/* Returns the CSV text of a result: a header row, then one row per sample.
 * A row has the feature values as loaded, the true label columns (left out
 * when result->without_labels) and the predicted ones ("predicted_NAME"). For a cross-entropy loss it ends with
 * probability columns, one per class ("probability_CLASS") or, for
 * multi-label data, one per label ("probability_LABEL"). Classes are
 * written by name. Logits become probabilities through softmax, or through
 * sigmoid for a single unit and for labels. Free with g_free. */
char *nrt_cli_predictions_to_csv (const NrtCliSplitResult *result, const NrtLossConfig *loss);

/* Writes the CSV of result to path atomically. Returns FALSE with an error
 * in G_FILE_ERROR whose message names path. */
gboolean nrt_cli_write_predictions (const NrtCliSplitResult *result, const NrtLossConfig *loss,
                                    const char *path, GError **error);

G_END_DECLS
