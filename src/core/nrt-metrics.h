/* nrt-metrics.h: accuracy, as Keras's "accuracy" metric resolves it.
 *
 * One output unit: binary accuracy, the prediction is class 1 when the output
 * exceeds the threshold (0.5 on probabilities, 0 on logits).
 * Several output units: the predicted class is the argmax of the outputs.
 */
#pragma once

/* Returns the number of correct predictions among n samples.
 * outputs: (n, units); targets: (n, 1), class indices stored as floats. */
int nrt_metrics_count_correct (const float *outputs, const float *targets, int n, int units,
                               int from_logits);
