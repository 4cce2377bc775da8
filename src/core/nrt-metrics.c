/* nrt-metrics.c: accuracy, as Keras's binary_accuracy and
 * sparse_categorical_accuracy compute it. The evaluation report is in
 * nrt-metrics-report.c.
 */
#include "nrt-metrics.h"

#include <stddef.h>

/* Returns the index of the largest of row[0..units), the first one on ties
 * as NumPy's argmax does. */
static int
argmax (const float *row, int units)
{
  int best = 0;

  for (int j = 1; j < units; j++)
    if (row[j] > row[best])
      best = j;
  return best;
}

int
nrt_metrics_predict_class (const float *row, int units, int from_logits)
{
  if (row == NULL || units <= 0)
    return 0;

  /* sigmoid(z) > 0.5 exactly when z > 0, so logits use threshold 0. */
  if (units == 1)
    return row[0] > (from_logits ? 0.0f : 0.5f);
  return argmax (row, units);
}

double
nrt_metrics_sum_accuracy (const NrtLossConfig *loss, const float *outputs, const float *targets,
                          int n, int units)
{
  double sum = 0.0;
  float threshold;

  if (loss == NULL || outputs == NULL || targets == NULL || n <= 0 || units <= 0)
    return 0.0;

  if (loss->kind == NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY)
    {
      for (int i = 0; i < n; i++)
        sum += (float) argmax (outputs + (size_t) i * units, units) == targets[i];
      return sum;
    }

  /* Binary accuracy of every unit; Keras's binary_accuracy averages the
   * units of a sample, so each sample adds its fraction of right units. */
  threshold = nrt_loss_is_crossentropy (loss->kind) && loss->from_logits ? 0.0f : 0.5f;
  for (int i = 0; i < n; i++)
    {
      const float *row = outputs + (size_t) i * units;
      const float *labels = targets + (size_t) i * units;
      int right = 0;

      for (int j = 0; j < units; j++)
        right += (row[j] > threshold ? 1.0f : 0.0f) == labels[j];
      sum += (double) right / units;
    }
  return sum;
}
