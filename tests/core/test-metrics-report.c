/* test-metrics-report.c: the evaluation report against scikit-learn's
 * definitions, on small cases worked out by hand (shown at each test) and
 * regression values from NumPy 1.24 in float64.
 */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/nrt-metrics.h"

#define TOL 1e-9

static void
assert_close (double actual, double expected, double tolerance)
{
  if (!(fabs (actual - expected) <= tolerance))
    g_test_fail_printf ("got %.12g, expected %.12g: difference %.3g > %.3g", actual, expected,
                        fabs (actual - expected), tolerance);
}

/* Returns a dataset of n samples with one feature (unused by the report)
 * and the targets y (n, n_targets). */
static NrtDataset *
targets_dataset (NrtTask task, int n, int n_targets, int n_classes, const float *y)
{
  NrtError err = { 0 };
  NrtDataset *data = nrt_dataset_new_full (n, 1, task, n_targets, n_classes, &err);

  if (data == NULL)
    g_error ("nrt_dataset_new_full failed: %s", err.message);
  memcpy (data->y, y, (size_t) n * n_targets * sizeof (float));
  return data;
}

static NrtMetricsReport *
report_or_fail (const NrtDataset *data, const float *outputs, int units,
                const NrtLossConfig *loss)
{
  NrtError err = { 0 };
  NrtMetricsReport *report = nrt_metrics_report_new (data, outputs, units, loss, &err);

  if (report == NULL)
    g_error ("nrt_metrics_report_new failed: %s", err.message);
  return report;
}

/* Labels [0, 1, 1, 0, 1, 0] and probabilities [0.2, 0.7, 0.4, 0.6, 0.9,
 * 0.1] predict [0, 1, 0, 1, 1, 0]: confusion [[2, 1], [1, 2]], accuracy
 * 4/6, and for both classes precision = recall = F1 = 2/3. */
static void
test_binary (void)
{
  const float y[6] = { 0, 1, 1, 0, 1, 0 };
  const float probabilities[6] = { 0.2f, 0.7f, 0.4f, 0.6f, 0.9f, 0.1f };
  const float logits[6] = { -1.4f, 0.8f, -0.4f, 0.4f, 2.2f, -2.2f };
  const int confusion[4] = { 2, 1, 1, 2 };
  const NrtLossConfig bce = { NRT_LOSS_BINARY_CROSSENTROPY, 0 };
  const NrtLossConfig bce_logits = { NRT_LOSS_BINARY_CROSSENTROPY, 1 };
  NrtDataset *data = targets_dataset (NRT_TASK_CLASSIFICATION, 6, 1, 2, y);
  NrtMetricsReport *reports[2];

  /* The logits are those probabilities' signs on the logit scale, so both
   * give the same predictions. */
  reports[0] = report_or_fail (data, probabilities, 1, &bce);
  reports[1] = report_or_fail (data, logits, 1, &bce_logits);
  for (int r = 0; r < 2; r++)
    {
      const NrtMetricsReport *report = reports[r];

      g_assert_cmpint (report->task, ==, NRT_TASK_CLASSIFICATION);
      g_assert_cmpint (report->n_samples, ==, 6);
      g_assert_cmpint (report->n_classes, ==, 2);
      g_assert_true (isnan (report->loss));
      g_assert_cmpmem (report->confusion, 4 * sizeof (int), confusion, sizeof confusion);
      assert_close (report->accuracy, 4.0 / 6.0, TOL);
      for (int c = 0; c < 2; c++)
        {
          assert_close (report->precision[c], 2.0 / 3.0, TOL);
          assert_close (report->recall[c], 2.0 / 3.0, TOL);
          assert_close (report->f1[c], 2.0 / 3.0, TOL);
          g_assert_cmpint (report->support[c], ==, 3);
        }
      assert_close (report->macro_f1, 2.0 / 3.0, TOL);
      g_assert_true (isnan (report->r2));
      nrt_metrics_report_free (reports[r]);
    }
  nrt_dataset_free (data);
}

/* Labels [0, 0, 1, 1, 2, 2, 2], predicted (argmax) [0, 1, 1, 1, 2, 0, 1]:
 *   confusion [[1, 1, 0], [0, 2, 0], [1, 1, 1]], accuracy 4/7;
 *   precision 1/2, 2/4, 1/1; recall 1/2, 2/2, 1/3;
 *   F1 = 2 tp / (2 tp + fp + fn): 2/4, 4/6, 2/4; macro F1 5/9. */
static void
test_three_classes (void)
{
  const float y[7] = { 0, 0, 1, 1, 2, 2, 2 };
  const float outputs[21] = {
    0.8f, 0.1f, 0.1f,   0.2f, 0.5f, 0.3f,   0.1f, 0.7f, 0.2f,   0.3f, 0.4f, 0.3f,
    0.1f, 0.2f, 0.7f,   0.5f, 0.2f, 0.3f,   0.2f, 0.6f, 0.2f,
  };
  const int confusion[9] = { 1, 1, 0, 0, 2, 0, 1, 1, 1 };
  const double precision[3] = { 0.5, 0.5, 1.0 };
  const double recall[3] = { 0.5, 1.0, 1.0 / 3.0 };
  const double f1[3] = { 0.5, 2.0 / 3.0, 0.5 };
  const int support[3] = { 2, 2, 3 };
  const NrtLossConfig scce = { NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 0 };
  NrtDataset *data = targets_dataset (NRT_TASK_CLASSIFICATION, 7, 1, 3, y);
  NrtMetricsReport *report = report_or_fail (data, outputs, 3, &scce);

  g_assert_cmpmem (report->confusion, 9 * sizeof (int), confusion, sizeof confusion);
  assert_close (report->accuracy, 4.0 / 7.0, TOL);
  for (int c = 0; c < 3; c++)
    {
      assert_close (report->precision[c], precision[c], TOL);
      assert_close (report->recall[c], recall[c], TOL);
      assert_close (report->f1[c], f1[c], TOL);
      g_assert_cmpint (report->support[c], ==, support[c]);
    }
  assert_close (report->macro_f1, 5.0 / 9.0, TOL);
  nrt_metrics_report_free (report);
  nrt_dataset_free (data);
}

/* Four classes where class 3 is neither a label nor a prediction, and class
 * 2 a label never predicted. Labels [0, 1, 2, 0], predicted [0, 1, 0, 0]:
 * class 2's precision is 0/0, reported as 0, and its recall and F1 are 0.
 * Class 3 stays out of the macro average, as it does in scikit-learn's
 * default labels: macro F1 = (F1_0 + F1_1 + F1_2) / 3 = (0.8 + 1 + 0) / 3,
 * with F1_0 = 2 * 2 / (4 + 1 + 0). */
static void
test_absent_classes (void)
{
  const float y[4] = { 0, 1, 2, 0 };
  const float outputs[16] = {
    0.9f, 0.0f, 0.0f, 0.1f,   0.1f, 0.8f, 0.0f, 0.1f,
    0.6f, 0.1f, 0.2f, 0.1f,   0.7f, 0.1f, 0.1f, 0.1f,
  };
  const NrtLossConfig scce = { NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 0 };
  NrtDataset *data = targets_dataset (NRT_TASK_CLASSIFICATION, 4, 1, 4, y);
  NrtMetricsReport *report = report_or_fail (data, outputs, 4, &scce);

  assert_close (report->f1[0], 0.8, TOL);
  assert_close (report->precision[2], 0.0, TOL);
  assert_close (report->recall[2], 0.0, TOL);
  assert_close (report->f1[2], 0.0, TOL);
  g_assert_cmpint (report->support[3], ==, 0);
  assert_close (report->f1[3], 0.0, TOL);
  assert_close (report->macro_f1, 1.8 / 3.0, TOL);
  nrt_metrics_report_free (report);
  nrt_dataset_free (data);
}

/* Labels [[1, 0], [0, 1], [1, 1], [0, 0]] and probabilities predicting
 * [[1, 0], [0, 0], [1, 1], [1, 0]]:
 *   label 0: tp 2, fp 1, fn 0, tn 1: precision 2/3, recall 1, F1 4/5;
 *   label 1: tp 1, fp 0, fn 1, tn 2: precision 1, recall 1/2, F1 2/3;
 *   binary accuracy 6/8 (3 of 4 right for each label), exact match 2/4
 *   (samples 0 and 2), macro F1 (4/5 + 2/3) / 2 = 11/15. */
static void
test_multilabel (void)
{
  const float y[8] = { 1, 0, 0, 1, 1, 1, 0, 0 };
  const float outputs[8] = { 0.9f, 0.2f, 0.3f, 0.4f, 0.8f, 0.7f, 0.6f, 0.1f };
  /* [label][true][predicted] */
  const int confusion[8] = { 1, 1, 0, 2, 2, 0, 1, 1 };
  const NrtLossConfig bce = { NRT_LOSS_BINARY_CROSSENTROPY, 0 };
  NrtDataset *data = targets_dataset (NRT_TASK_MULTILABEL, 4, 2, 0, y);
  NrtMetricsReport *report = report_or_fail (data, outputs, 2, &bce);

  g_assert_cmpint (report->task, ==, NRT_TASK_MULTILABEL);
  g_assert_cmpint (report->n_classes, ==, 2);
  g_assert_cmpmem (report->confusion, 8 * sizeof (int), confusion, sizeof confusion);
  assert_close (report->accuracy, 0.75, TOL);
  assert_close (report->exact_match, 0.5, TOL);
  assert_close (report->precision[0], 2.0 / 3.0, TOL);
  assert_close (report->recall[0], 1.0, TOL);
  assert_close (report->f1[0], 0.8, TOL);
  assert_close (report->precision[1], 1.0, TOL);
  assert_close (report->recall[1], 0.5, TOL);
  assert_close (report->f1[1], 2.0 / 3.0, TOL);
  g_assert_cmpint (report->support[0], ==, 2);
  g_assert_cmpint (report->support[1], ==, 2);
  assert_close (report->macro_f1, 11.0 / 15.0, TOL);
  nrt_metrics_report_free (report);
  nrt_dataset_free (data);
}

/* The first example of scikit-learn's r2_score documentation, y [3, -0.5,
 * 2, 7] and p [2.5, 0, 2, 8], whose R² it gives as 0.948...: MAE 0.5, RMSE
 * sqrt(0.375) and R² 1 - 1.5 / 29.1875. NumPy:
 *   np.abs(y - p).mean(), np.sqrt(((y - p) ** 2).mean()),
 *   1 - ((y - p) ** 2).sum() / ((y - y.mean()) ** 2).sum() */
static void
test_regression_one_target (void)
{
  const float y[4] = { 3.0f, -0.5f, 2.0f, 7.0f };
  const float p[4] = { 2.5f, 0.0f, 2.0f, 8.0f };
  const NrtLossConfig mse = { NRT_LOSS_MEAN_SQUARED_ERROR, 0 };
  NrtDataset *data = targets_dataset (NRT_TASK_REGRESSION, 4, 1, 0, y);
  NrtMetricsReport *report = report_or_fail (data, p, 1, &mse);

  g_assert_cmpint (report->task, ==, NRT_TASK_REGRESSION);
  g_assert_cmpint (report->n_targets, ==, 1);
  g_assert_cmpint (report->n_classes, ==, 0);
  g_assert_null (report->confusion);
  g_assert_true (isnan (report->accuracy));
  assert_close (report->mae, 0.5, TOL);
  assert_close (report->rmse, 0.6123724356957945, 1e-7);
  assert_close (report->r2, 0.9486081370449679, 1e-7);
  nrt_metrics_report_free (report);
  nrt_dataset_free (data);
}

/* The multi-output example of scikit-learn's r2_score documentation, y
 * [[0.5, 1], [-1, 1], [7, -6]] and p [[0, 2], [-1, 2], [8, -5]], averaged
 * over the two targets (multioutput="uniform_average"). The 0.938... that
 * its versions up to 0.18 print is the variance-weighted average instead.
 * NumPy, per column then the mean: MAE 0.75, RMSE 0.8227486121839513, R²
 * 0.9368005266622779 (0.96543779 and 0.90816327). */
static void
test_regression_two_targets (void)
{
  const float y[6] = { 0.5f, 1.0f, -1.0f, 1.0f, 7.0f, -6.0f };
  const float p[6] = { 0.0f, 2.0f, -1.0f, 2.0f, 8.0f, -5.0f };
  const NrtLossConfig huber = { NRT_LOSS_HUBER, 0 };
  NrtDataset *data = targets_dataset (NRT_TASK_REGRESSION, 3, 2, 0, y);
  NrtMetricsReport *report = report_or_fail (data, p, 2, &huber);

  g_assert_cmpint (report->n_targets, ==, 2);
  assert_close (report->mae, 0.75, TOL);
  assert_close (report->rmse, 0.8227486121839513, 1e-7);
  assert_close (report->r2, 0.9368005266622779, 1e-7);
  nrt_metrics_report_free (report);
  nrt_dataset_free (data);
}

/* Constant targets have SS_tot = 0: R² is 1 for exact predictions and 0
 * otherwise (force_finite=True, the default of scikit-learn 1.3's
 * r2_score), never NaN. */
static void
test_r2_constant_targets (void)
{
  const float y[3] = { 2.0f, 2.0f, 2.0f };
  const float exact[3] = { 2.0f, 2.0f, 2.0f };
  const float off[3] = { 1.0f, 2.0f, 3.0f };
  NrtDataset *data = targets_dataset (NRT_TASK_REGRESSION, 3, 1, 0, y);
  NrtMetricsReport *report;

  report = report_or_fail (data, exact, 1, NULL);
  assert_close (report->r2, 1.0, TOL);
  assert_close (report->mae, 0.0, TOL);
  nrt_metrics_report_free (report);

  report = report_or_fail (data, off, 1, NULL);
  assert_close (report->r2, 0.0, TOL);
  assert_close (report->mae, 2.0 / 3.0, TOL);
  assert_close (report->rmse, sqrt (2.0 / 3.0), TOL);
  nrt_metrics_report_free (report);
  nrt_dataset_free (data);
}

static void
test_invalid (void)
{
  const float classes[3] = { 0, 2, 1 };
  const float bad_class[3] = { 0, 3, 1 };
  const float labels[4] = { 0, 1, 0.5f, 1 };
  const float outputs[9] = { 0 };
  NrtDataset *three = targets_dataset (NRT_TASK_CLASSIFICATION, 3, 1, 3, classes);
  NrtDataset *out_of_range = targets_dataset (NRT_TASK_CLASSIFICATION, 3, 1, 3, bad_class);
  NrtDataset *multilabel = targets_dataset (NRT_TASK_MULTILABEL, 2, 2, 0, labels);
  NrtDataset *regression = targets_dataset (NRT_TASK_REGRESSION, 3, 1, 0, classes);
  NrtError err = { 0 };

  g_assert_null (nrt_metrics_report_new (three, outputs, 1, NULL, &err));
  g_test_message ("message: %s", err.message);
  g_assert_cmpint (err.status, ==, NRT_ERROR_SHAPE);
  g_assert_nonnull (strstr (err.message, "dataset has 3"));
  g_assert_null (nrt_metrics_report_new (three, outputs, 2, NULL, &err));
  g_assert_nonnull (strstr (err.message, "2 output units"));

  g_assert_null (nrt_metrics_report_new (out_of_range, outputs, 3, NULL, &err));
  g_test_message ("message: %s", err.message);
  g_assert_cmpint (err.status, ==, NRT_ERROR_INVALID);
  g_assert_nonnull (strstr (err.message, "sample 1 has class label 3"));

  g_assert_null (nrt_metrics_report_new (multilabel, outputs, 2, NULL, &err));
  g_test_message ("message: %s", err.message);
  g_assert_nonnull (strstr (err.message, "sample 1 has the value 0.5 in label column \"y1\""));

  g_assert_null (nrt_metrics_report_new (regression, outputs, 2, NULL, &err));
  g_assert_nonnull (strstr (err.message, "1 target column;"));
  g_assert_null (nrt_metrics_report_new (regression, NULL, 1, NULL, &err));
  g_assert_cmpint (err.status, ==, NRT_ERROR_INVALID);
  g_assert_null (nrt_metrics_report_new (regression, outputs, 0, NULL, &err));
  g_assert_null (nrt_metrics_report_new (NULL, outputs, 1, NULL, &err));
  nrt_metrics_report_free (NULL);

  nrt_dataset_free (three);
  nrt_dataset_free (out_of_range);
  nrt_dataset_free (multilabel);
  nrt_dataset_free (regression);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/metrics-report/binary", test_binary);
  g_test_add_func ("/core/metrics-report/three-classes", test_three_classes);
  g_test_add_func ("/core/metrics-report/absent-classes", test_absent_classes);
  g_test_add_func ("/core/metrics-report/multilabel", test_multilabel);
  g_test_add_func ("/core/metrics-report/regression-one-target", test_regression_one_target);
  g_test_add_func ("/core/metrics-report/regression-two-targets", test_regression_two_targets);
  g_test_add_func ("/core/metrics-report/r2-constant-targets", test_r2_constant_targets);
  g_test_add_func ("/core/metrics-report/invalid", test_invalid);

  return g_test_run ();
}
