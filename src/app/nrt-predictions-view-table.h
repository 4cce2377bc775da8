/* nrt-predictions-view-table.h: the predicted class, confidence and error
 * of every row of one split, computed once from an evaluation and shared
 * by the predictions table and the misclassified pictures. */
#pragma once

#include <glib.h>

#include "nrt-trainer.h"

G_BEGIN_DECLS

/* The table is immutable once made. Its reference count (g_rc_box) is not
 * atomic, so only the UI thread may use it. */
typedef struct {
  NrtTrainerEvaluation *evaluation;   /* a reference */
  NrtSplit split;
  const NrtDataset *data;             /* evaluation->splits->parts[split] */
  const float *outputs;               /* (n_rows, units), evaluation->outputs[split] */
  const NrtMetricsReport *report;     /* evaluation->reports[split], may be NULL */
  int n_rows;
  int units;
  NrtTask task;

  /* Classification: the true and predicted class and the predicted class's
   * probability, (n_rows) each. NULL for the other tasks. */
  int *true_classes;
  int *predicted_classes;
  float *confidences;

  /* Multi-label: 1 where the label is predicted, (n_rows, n_targets);
   * NULL for the other tasks. */
  guint8 *predicted_labels;

  /* 1 for a row with a wrong class or any wrong label, (n_rows). All 0 for
   * regression, which has no wrong rows. */
  guint8 *wrong;
  int n_wrong;
} NrtPredictionsTable;

/* Computes the table of split in evaluation. Returns NULL when the split is
 * empty or when its outputs do not fit the data. Classification needs
 * n_classes units, or 1 unit for two classes, and the other tasks
 * n_targets units. Free the table with nrt_predictions_table_unref. */
NrtPredictionsTable *nrt_predictions_table_new (NrtTrainerEvaluation *evaluation, NrtSplit split);
NrtPredictionsTable *nrt_predictions_table_ref (NrtPredictionsTable *table);
void nrt_predictions_table_unref (NrtPredictionsTable *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NrtPredictionsTable, nrt_predictions_table_unref)

/* Returns the probability that the model gives the predicted class of
 * row: softmax or sigmoid of logits, the output itself otherwise (clamped
 * to [0, 1]). */
float nrt_predictions_confidence (const float *row, int units, int predicted_class,
                                  const NrtLossConfig *loss);

/* Returns the name of class_index, or NULL when the data has none. */
const char *nrt_predictions_table_get_class_name (const NrtPredictionsTable *table,
                                                  int class_index);

G_END_DECLS
