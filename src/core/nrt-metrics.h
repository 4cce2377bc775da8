/* nrt-metrics.h: accuracy as Keras's "accuracy" metric resolves it, and the
 * evaluation report of the metrics panel.
 *
 * Accuracy follows the loss, as Keras's compile does:
 * - binary_crossentropy and mean_squared_error on classes: binary accuracy
 *   of every output unit, class 1 when the output exceeds the threshold (0.5
 *   on probabilities, 0 on logits). With several units (multi-label), each
 *   sample scores the fraction of its units that are right.
 * - sparse_categorical_crossentropy: the predicted class is the argmax of
 *   the outputs.
 */
#pragma once

#include <stddef.h>

#include "nrt-dataset.h"
#include "nrt-error.h"
#include "nrt-loss.h"

/* Returns the sum over n samples of each sample's accuracy, from 0 to 1.
 * outputs: (n, units); targets: (n, 1) class indices stored as floats for
 * sparse_categorical_crossentropy and for one unit, (n, units) 0 or 1
 * otherwise. */
double nrt_metrics_sum_accuracy (const NrtLossConfig *loss, const float *outputs,
                                 const float *targets, int n, int units);

/* The class a classifier predicts from one row of outputs: the argmax for
 * several units, or 1 when the single unit exceeds the threshold (0.5, or 0
 * when from_logits). */
int nrt_metrics_predict_class (const float *row, int units, int from_logits);

/* Metrics of one set of predictions.
 *
 * Classification (n_classes classes): the confusion matrix and each class's
 * precision, recall and F1, as scikit-learn's classification_report defines
 * them (a ratio whose denominator is 0 is 0). Multi-label (n_targets
 * labels): the same per label, with classes standing for labels and each
 * label's counts in a 2x2 matrix. Regression (n_targets targets): MAE, RMSE
 * and R², each the mean over the targets of the per-target value
 * (scikit-learn's multioutput="uniform_average"); R² is 1 - SS_res / SS_tot
 * and 0 when SS_tot is 0 and the predictions are not exact. */
typedef struct {
  NrtTask task;
  int n_samples;
  double loss;            /* NaN unless set by the caller */
  /* Classification and multi-label */
  int n_classes;          /* classes, or labels for multi-label */
  double accuracy;        /* classification: correct / n; multi-label: binary accuracy */
  double exact_match;     /* multi-label: fraction of samples with every label right */
  int *confusion;         /* classification: (n_classes, n_classes), row = true class,
                           * column = predicted; multi-label: (n_classes, 2, 2) */
  double *precision;      /* (n_classes) */
  double *recall;         /* (n_classes) */
  double *f1;             /* (n_classes) */
  int *support;           /* (n_classes) samples whose true class is c (label c is 1) */
  double macro_f1;        /* unweighted mean of f1 */
  /* Regression */
  int n_targets;
  double mae;
  double rmse;
  double r2;
} NrtMetricsReport;

/* Computes the report of outputs (n, units) against the dataset's targets
 * (data->y, n = data->n_samples), for a model compiled with loss. A
 * classification dataset with one output unit is binary (threshold as
 * above). Returns NULL with err set when the shapes do not fit or n is 0.
 * Free the report with nrt_metrics_report_free. */
NrtMetricsReport *nrt_metrics_report_new (const NrtDataset *data, const float *outputs,
                                          int units, const NrtLossConfig *loss, NrtError *err);
void nrt_metrics_report_free (NrtMetricsReport *report);
