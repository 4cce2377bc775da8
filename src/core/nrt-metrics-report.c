/* nrt-metrics-report.c: the evaluation report of one set of predictions,
 * with scikit-learn's definitions of each metric.
 *
 * Classification: precision_c = tp / (tp + fp), recall_c = tp / (tp + fn)
 * and F1_c = 2 tp / (2 tp + fp + fn), which equals 2 P R / (P + R), each 0
 * when its denominator is 0 (zero_division=0). Regression, per target j:
 * MAE_j = mean |y - p|, RMSE_j = sqrt(mean (y - p)^2) and R²_j = 1 -
 * SS_res / SS_tot, then the mean over the targets.
 */
#include "nrt-metrics.h"

#include <math.h>
#include <stdlib.h>

/* Returns a / b, or 0 when b is 0, as scikit-learn's zero_division=0 does. */
static double
ratio (double a, double b)
{
  return b != 0.0 ? a / b : 0.0;
}

static NrtMetricsReport *
report_new (const NrtDataset *data, int n_classes, NrtError *err)
{
  NrtMetricsReport *report = calloc (1, sizeof *report);

  if (report == NULL)
    goto no_memory;
  report->task = data->task;
  report->n_samples = data->n_samples;
  report->n_targets = data->n_targets;
  report->n_classes = n_classes;
  report->loss = NAN;
  report->accuracy = NAN;
  report->exact_match = NAN;
  report->macro_f1 = NAN;
  report->mae = NAN;
  report->rmse = NAN;
  report->r2 = NAN;
  if (n_classes == 0)
    return report;

  /* A multi-label report has one 2x2 matrix per label. */
  report->confusion = calloc (data->task == NRT_TASK_MULTILABEL ? (size_t) n_classes * 4
                                                                : (size_t) n_classes * n_classes,
                              sizeof (int));
  report->precision = calloc ((size_t) n_classes, sizeof (double));
  report->recall = calloc ((size_t) n_classes, sizeof (double));
  report->f1 = calloc ((size_t) n_classes, sizeof (double));
  report->support = calloc ((size_t) n_classes, sizeof (int));
  if (report->confusion == NULL || report->precision == NULL || report->recall == NULL
      || report->f1 == NULL || report->support == NULL)
    goto no_memory;
  return report;

no_memory:
  nrt_metrics_report_free (report);
  nrt_error_set (err, NRT_ERROR_NO_MEMORY,
                 "out of memory for the metrics report of %d classes", n_classes);
  return NULL;
}

void
nrt_metrics_report_free (NrtMetricsReport *report)
{
  if (report == NULL)
    return;

  free (report->confusion);
  free (report->precision);
  free (report->recall);
  free (report->f1);
  free (report->support);
  free (report);
}

/* Sets precision, recall and F1 of class c from its counts. */
static void
set_class_scores (NrtMetricsReport *report, int c, long tp, long fp, long fn)
{
  report->precision[c] = ratio ((double) tp, (double) (tp + fp));
  report->recall[c] = ratio ((double) tp, (double) (tp + fn));
  report->f1[c] = ratio (2.0 * (double) tp, (double) (2 * tp + fp + fn));
}

static NrtStatus
fill_classification (NrtMetricsReport *report, const NrtDataset *data, const float *outputs,
                     int units, int from_logits, NrtError *err)
{
  int k = data->n_classes;
  long correct = 0;
  double f1_sum = 0.0;
  int n_present = 0;

  for (int i = 0; i < data->n_samples; i++)
    {
      float label = data->y[i];
      int predicted;

      if (!(label >= 0.0f && label < (float) k) || label != floorf (label))
        return nrt_error_set (err, NRT_ERROR_INVALID,
                              "sample %d has class label %g, but the dataset has %d classes, "
                              "so labels are integers from 0 to %d",
                              i, (double) label, k, k - 1);
      predicted = nrt_metrics_predict_class (outputs + (size_t) i * units, units, from_logits);
      report->confusion[(size_t) label * k + predicted]++;
      correct += predicted == (int) label;
    }
  report->accuracy = (double) correct / data->n_samples;
  report->exact_match = report->accuracy;

  /* tp is the diagonal, tp + fn the row sum and tp + fp the column sum. */
  for (int c = 0; c < k; c++)
    {
      long tp = report->confusion[(size_t) c * k + c];
      long row = 0, column = 0;

      for (int j = 0; j < k; j++)
        {
          row += report->confusion[(size_t) c * k + j];
          column += report->confusion[(size_t) j * k + c];
        }
      report->support[c] = (int) row;
      set_class_scores (report, c, tp, column - tp, row - tp);

      /* scikit-learn's default labels are those that occur in the targets
       * or the predictions, so a class absent from both stays out of the
       * macro average. */
      if (row > 0 || column > 0)
        {
          f1_sum += report->f1[c];
          n_present++;
        }
    }
  report->macro_f1 = ratio (f1_sum, n_present);
  return NRT_OK;
}

static NrtStatus
fill_multilabel (NrtMetricsReport *report, const NrtDataset *data, const float *outputs,
                 float threshold, NrtError *err)
{
  int n_labels = data->n_targets;
  long right = 0, exact = 0;
  double f1_sum = 0.0;

  for (int i = 0; i < data->n_samples; i++)
    {
      int all_right = 1;

      for (int j = 0; j < n_labels; j++)
        {
          size_t index = (size_t) i * n_labels + j;
          float label = data->y[index];
          int predicted = outputs[index] > threshold;

          if (label != 0.0f && label != 1.0f)
            return nrt_error_set (err, NRT_ERROR_INVALID,
                                  "sample %d has the value %g in label column \"%s\", but a "
                                  "multi-label target is 0 or 1",
                                  i, (double) label,
                                  data->target_names != NULL ? data->target_names[j] : "?");
          /* confusion[j] is the 2x2 matrix [true][predicted] of label j. */
          report->confusion[(size_t) j * 4 + (size_t) label * 2 + predicted]++;
          right += predicted == (int) label;
          all_right = all_right && predicted == (int) label;
        }
      exact += all_right;
    }
  report->accuracy = (double) right / ((double) data->n_samples * n_labels);
  report->exact_match = (double) exact / data->n_samples;

  /* Every label column counts in the macro average, as in scikit-learn's
   * multi-label metrics. */
  for (int j = 0; j < n_labels; j++)
    {
      const int *matrix = report->confusion + (size_t) j * 4;
      long tp = matrix[3], fp = matrix[1], fn = matrix[2];

      report->support[j] = (int) (tp + fn);
      set_class_scores (report, j, tp, fp, fn);
      f1_sum += report->f1[j];
    }
  report->macro_f1 = f1_sum / n_labels;
  return NRT_OK;
}

/* With constant targets SS_tot is 0, and R² is 1 for exact predictions and
 * 0 otherwise, as scikit-learn's r2_score with force_finite=True. */
static void
fill_regression (NrtMetricsReport *report, const NrtDataset *data, const float *outputs)
{
  int n = data->n_samples, m = data->n_targets;
  double mae_sum = 0.0, rmse_sum = 0.0, r2_sum = 0.0;

  for (int j = 0; j < m; j++)
    {
      double mean = 0.0, absolute = 0.0, ss_res = 0.0, ss_tot = 0.0;

      for (int i = 0; i < n; i++)
        mean += data->y[(size_t) i * m + j];
      mean /= n;
      for (int i = 0; i < n; i++)
        {
          double y = data->y[(size_t) i * m + j];
          double d = y - outputs[(size_t) i * m + j];

          absolute += fabs (d);
          ss_res += d * d;
          ss_tot += (y - mean) * (y - mean);
        }
      mae_sum += absolute / n;
      rmse_sum += sqrt (ss_res / n);
      if (ss_tot > 0.0)
        r2_sum += 1.0 - ss_res / ss_tot;
      else
        r2_sum += ss_res == 0.0 ? 1.0 : 0.0;
    }
  report->mae = mae_sum / m;
  report->rmse = rmse_sum / m;
  report->r2 = r2_sum / m;
}

/* Checks that the number of output units fits the dataset's task. */
static NrtStatus
check_units (const NrtDataset *data, int units, NrtError *err)
{
  switch (data->task)
    {
    case NRT_TASK_CLASSIFICATION:
      if (units == 1 && data->n_classes != 2)
        return nrt_error_set (err, NRT_ERROR_SHAPE,
                              "one output unit predicts two classes, but the dataset has %d; "
                              "give the last layer one unit per class",
                              data->n_classes);
      if (units != 1 && units != data->n_classes)
        return nrt_error_set (err, NRT_ERROR_SHAPE,
                              "the model has %d output units, but the dataset has %d classes; "
                              "give the last layer one unit per class",
                              units, data->n_classes);
      return NRT_OK;

    case NRT_TASK_MULTILABEL:
    case NRT_TASK_REGRESSION:
      if (units != data->n_targets)
        return nrt_error_set (err, NRT_ERROR_SHAPE,
                              "the model has %d output units, but the dataset has %d target "
                              "%s; give the last layer one unit per column",
                              units, data->n_targets,
                              data->n_targets == 1 ? "column" : "columns");
      return NRT_OK;
    }
  return nrt_error_set (err, NRT_ERROR_INVALID, "unknown task %d", (int) data->task);
}

NrtMetricsReport *
nrt_metrics_report_new (const NrtDataset *data, const float *outputs, int units,
                        const NrtLossConfig *loss, NrtError *err)
{
  NrtMetricsReport *report;
  NrtStatus status = NRT_OK;
  int from_logits;

  if (data == NULL || outputs == NULL)
    {
      nrt_error_set (err, NRT_ERROR_INVALID, "invalid report: the dataset or outputs are NULL");
      return NULL;
    }
  if (data->n_samples < 1 || data->y == NULL)
    {
      nrt_error_set (err, NRT_ERROR_INVALID,
                     "cannot report metrics of %d samples; it needs at least 1",
                     data->n_samples);
      return NULL;
    }
  if (units < 1)
    {
      nrt_error_set (err, NRT_ERROR_INVALID, "invalid number of output units %d", units);
      return NULL;
    }
  if (check_units (data, units, err) != NRT_OK)
    return NULL;

  /* Without a loss the outputs are read as probabilities. */
  from_logits = loss != NULL && nrt_loss_is_crossentropy (loss->kind) && loss->from_logits;
  switch (data->task)
    {
    case NRT_TASK_CLASSIFICATION:
      report = report_new (data, data->n_classes, err);
      if (report != NULL)
        status = fill_classification (report, data, outputs, units, from_logits, err);
      break;

    case NRT_TASK_MULTILABEL:
      report = report_new (data, data->n_targets, err);
      if (report != NULL)
        status = fill_multilabel (report, data, outputs, from_logits ? 0.0f : 0.5f, err);
      break;

    case NRT_TASK_REGRESSION:
    default:
      report = report_new (data, 0, err);
      if (report != NULL)
        fill_regression (report, data, outputs);
      break;
    }

  if (status != NRT_OK)
    {
      nrt_metrics_report_free (report);
      return NULL;
    }
  return report;
}
