/* nrt-metrics.c: accuracy, as Keras's binary_accuracy and
 * sparse_categorical_accuracy compute it.
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
nrt_metrics_count_correct (const float *outputs, const float *targets, int n, int units,
                           int from_logits)
{
  int correct = 0;

  if (outputs == NULL || targets == NULL || n <= 0 || units <= 0)
    return 0;

  if (units == 1)
    {
      /* sigmoid(z) > 0.5 exactly when z > 0, so logits use threshold 0. */
      float threshold = from_logits ? 0.0f : 0.5f;

      for (int i = 0; i < n; i++)
        {
          float predicted = outputs[i] > threshold ? 1.0f : 0.0f;

          correct += predicted == targets[i];
        }
      return correct;
    }

  for (int i = 0; i < n; i++)
    correct += (float) argmax (outputs + (size_t) i * units, units) == targets[i];
  return correct;
}
