/* nrt-ops-loss.c: the loss ops, each reducing (prediction, target) to a
 * scalar. Their table entries are in nrt-ops.c.
 *
 * The losses return the mean over the batch of the per-sample loss, as Keras
 * does with its default reduction. They sum in double so that a batch of
 * thousands of samples does not lose float32 precision. They never send a
 * gradient into their target.
 */
#include "nrt-ops-private.h"

#include <math.h>

/* Seed of a loss op's backward: d(total)/d(loss), normally 1. */
static float
loss_seed (const NrtNode *node)
{
  return node->grad != NULL ? node->grad->data[0] : 1.0f;
}

/* ---- losses on (prediction, target) of the same shape, reduced to a scalar ---- */

NrtStatus
nrt_op_paired_loss_infer (const NrtShape *in, NrtShape *out, char *reason, size_t reason_size)
{
  if (in[0].ndim < 1)
    return nrt_op_shape_error (reason, reason_size, "the prediction must have rank 1 or more");
  if (!nrt_op_shape_equal (&in[0], &in[1]))
    return nrt_op_shape_error (reason, reason_size,
                               "the prediction and the target must have the same shape");

  out->ndim = 0;
  return NRT_OK;
}

/* Sets the loss to the mean over all elements of term (p - t), summed in
 * double. Dividing by the element count is Keras's mean over the last axis
 * followed by the mean over the batch. */
static void
paired_loss_forward (NrtNode *node, NrtNode *const *in, double (*term) (double d))
{
  const float *p = in[0]->value->data, *t = in[1]->value->data;
  size_t size = in[0]->value->size;
  double sum = 0.0;

  for (size_t i = 0; i < size; i++)
    sum += term ((double) p[i] - t[i]);
  node->value->data[0] = (float) (sum / (double) size);
}

/* Adds step (p - t, factor * seed / size) to each element of the
 * prediction's gradient, in float. */
static void
paired_loss_backward (NrtNode *node, NrtNode *const *in, float factor,
                      float (*step) (float d, float scale))
{
  const float *p = in[0]->value->data, *t = in[1]->value->data;
  size_t size = in[0]->value->size;
  float scale;

  if (in[0]->grad == NULL)
    return;

  scale = factor * loss_seed (node) / (float) size;
  for (size_t i = 0; i < size; i++)
    in[0]->grad->data[i] += step (p[i] - t[i], scale);
}

/* mean_squared_error: L = sum (p - t)^2 / size, dp += 2 (p - t) / size. */
static double
squared_error (double d)
{
  return d * d;
}

static float
squared_error_step (float d, float scale)
{
  return scale * d;
}

void
nrt_op_mean_squared_error_forward (NrtNode *node, NrtNode *const *in)
{
  paired_loss_forward (node, in, squared_error);
}

void
nrt_op_mean_squared_error_backward (NrtNode *node, NrtNode *const *in)
{
  paired_loss_backward (node, in, 2.0f, squared_error_step);
}

/* mean_absolute_error: L = sum |p - t| / size, dp += sign(p - t) / size,
 * with the subgradient 0 where p == t, as the abs op takes it. */
static float
absolute_error_step (float d, float scale)
{
  return d > 0.0f ? scale : (d < 0.0f ? -scale : 0.0f);
}

void
nrt_op_mean_absolute_error_forward (NrtNode *node, NrtNode *const *in)
{
  paired_loss_forward (node, in, fabs);
}

void
nrt_op_mean_absolute_error_backward (NrtNode *node, NrtNode *const *in)
{
  paired_loss_backward (node, in, 1.0f, absolute_error_step);
}

/* The delta of Keras's Huber loss at its default. */
#define HUBER_DELTA 1.0

/* huber with d = p - t: h(d) = d^2 / 2 for |d| <= delta and
 * delta (|d| - delta / 2) beyond, L = sum h(d) / size. Keras takes the
 * quadratic branch at |d| == delta, where both branches and their slopes
 * agree. */
static double
huber_term (double d)
{
  d = fabs (d);
  return d <= HUBER_DELTA ? 0.5 * d * d : HUBER_DELTA * (d - 0.5 * HUBER_DELTA);
}

void
nrt_op_huber_forward (NrtNode *node, NrtNode *const *in)
{
  paired_loss_forward (node, in, huber_term);
}

/* huber: dp += clamp(d, -delta, delta) / size, in double unlike the
 * float steps of paired_loss_backward. */
void
nrt_op_huber_backward (NrtNode *node, NrtNode *const *in)
{
  const float *p = in[0]->value->data, *t = in[1]->value->data;
  size_t size = in[0]->value->size;
  double scale;

  if (in[0]->grad == NULL)
    return;

  scale = loss_seed (node) / (double) size;
  for (size_t i = 0; i < size; i++)
    {
      double d = (double) p[i] - t[i];

      if (d > HUBER_DELTA)
        d = HUBER_DELTA;
      else if (d < -HUBER_DELTA)
        d = -HUBER_DELTA;
      in[0]->grad->data[i] += (float) (scale * d);
    }
}

/* Clips a probability to [eps, 1 - eps] as Keras does before a logarithm. */
static inline float
clip_probability (float p)
{
  const float low = NRT_PROBABILITY_EPSILON, high = 1.0f - NRT_PROBABILITY_EPSILON;

  return p < low ? low : (p > high ? high : p);
}

/* Returns whether p lies inside the clip range, where the clip passes the
 * gradient through (as tf.clip_by_value's gradient does, bounds included). */
static inline int
probability_in_clip (float p)
{
  return p >= NRT_PROBABILITY_EPSILON && p <= 1.0f - NRT_PROBABILITY_EPSILON;
}

/* binary_crossentropy, mean over all elements like mean_squared_error:
 * from logits z: l = max(z, 0) - z t + log1p(exp(-|z|)), dz += (sigmoid(z) - t) / size;
 * from probabilities q = clip(p): l = -(t log q + (1 - t) log(1 - q)),
 * dp += (-t / q + (1 - t) / (1 - q)) / size inside the clip range, 0 outside. */
void
nrt_op_binary_crossentropy_forward (NrtNode *node, NrtNode *const *in)
{
  const float *p = in[0]->value->data, *t = in[1]->value->data;
  size_t size = in[0]->value->size;
  double sum = 0.0;

  for (size_t i = 0; i < size; i++)
    {
      if (node->from_logits)
        {
          double z = p[i];

          sum += fmax (z, 0.0) - z * t[i] + log1p (exp (-fabs (z)));
        }
      else
        {
          double q = clip_probability (p[i]);

          sum -= t[i] * log (q) + (1.0 - t[i]) * log (1.0 - q);
        }
    }
  node->value->data[0] = (float) (sum / (double) size);
}

void
nrt_op_binary_crossentropy_backward (NrtNode *node, NrtNode *const *in)
{
  const float *p = in[0]->value->data, *t = in[1]->value->data;
  size_t size = in[0]->value->size;
  double scale;

  if (in[0]->grad == NULL)
    return;

  scale = loss_seed (node) / (double) size;
  for (size_t i = 0; i < size; i++)
    {
      double d;

      if (node->from_logits)
        {
          double z = p[i];
          double s = z >= 0.0 ? 1.0 / (1.0 + exp (-z)) : exp (z) / (1.0 + exp (z));

          d = s - t[i];
        }
      else if (probability_in_clip (p[i]))
        {
          double q = p[i];

          d = -t[i] / q + (1.0 - t[i]) / (1.0 - q);
        }
      else
        d = 0.0;
      in[0]->grad->data[i] += (float) (scale * d);
    }
}

/* ---- sparse_categorical_crossentropy: pred (B, k), target (B, 1) or (B) class
 *      indices stored as floats ---- */

NrtStatus
nrt_op_sparse_categorical_crossentropy_infer (const NrtShape *in, NrtShape *out,
                                              char *reason, size_t reason_size)
{
  const NrtShape *pred = &in[0], *target = &in[1];

  if (pred->ndim != 2 || pred->shape[1] == NRT_BATCH_DIM)
    return nrt_op_shape_error (reason, reason_size,
                               "the prediction must be 2-d, (batch, classes)");
  if (!(target->ndim == 1 || (target->ndim == 2 && target->shape[1] == 1)))
    return nrt_op_shape_error (reason, reason_size,
                               "the target must hold one class index per sample, "
                               "shaped (batch, 1) or (batch,)");
  if (target->shape[0] != pred->shape[0])
    return nrt_op_shape_error (reason, reason_size,
                               "the prediction and the target differ in the batch dimension");

  out->ndim = 0;
  return NRT_OK;
}

/* Rounds a class index stored as a float and clamps it into [0, k), so a
 * wrong label can never index outside the row; NaN becomes class 0. Callers
 * reject such labels beforehand with nrt_loss_check_targets. */
static inline int
class_index (float label, int k)
{
  if (!(label >= 0.0f))
    return 0;
  if (label >= (float) (k - 1))
    return k - 1;
  return (int) (label + 0.5f);
}

/* Returns the row sum that normalises a row of probabilities. A row that
 * does not sum to a positive number is left as it is (divided by 1) rather
 * than producing NaN. */
static inline double
probability_row_sum (const float *p, int k)
{
  double sum = 0.0;

  for (int j = 0; j < k; j++)
    sum += p[j];
  return sum > 0.0 && isfinite (sum) ? sum : 1.0;
}

/* from logits z: l = logsumexp(z) - z_c, dz_j += (softmax(z)_j - [j = c]) / B;
 * from probabilities: r = p / sum(p), q = clip(r_c), l = -log q, and inside
 * the clip range dp_j += -([j = c] - r_c) / (q sum(p)) / B, 0 outside. Keras's
 * NumPy and JAX backends normalise the row and then clip, as here. */
void
nrt_op_sparse_categorical_crossentropy_forward (NrtNode *node, NrtNode *const *in)
{
  const NrtTensor *pred = in[0]->value;
  const float *labels = in[1]->value->data;
  int rows = pred->shape[0], k = pred->shape[1];
  double sum = 0.0;

  for (int i = 0; i < rows; i++)
    {
      const float *p = pred->data + (size_t) i * k;
      int c = class_index (labels[i], k);

      if (node->from_logits)
        {
          float max = p[0];
          double exp_sum = 0.0;

          for (int j = 1; j < k; j++)
            if (p[j] > max)
              max = p[j];
          for (int j = 0; j < k; j++)
            exp_sum += exp ((double) p[j] - max);
          sum += max + log (exp_sum) - p[c];
        }
      else
        {
          float r = (float) (p[c] / probability_row_sum (p, k));

          sum -= log (clip_probability (r));
        }
    }
  node->value->data[0] = (float) (sum / rows);
}

void
nrt_op_sparse_categorical_crossentropy_backward (NrtNode *node, NrtNode *const *in)
{
  const NrtTensor *pred = in[0]->value;
  const float *labels = in[1]->value->data;
  int rows = pred->shape[0], k = pred->shape[1];
  double scale;

  if (in[0]->grad == NULL)
    return;

  scale = loss_seed (node) / (double) rows;
  for (int i = 0; i < rows; i++)
    {
      const float *p = pred->data + (size_t) i * k;
      float *dp = in[0]->grad->data + (size_t) i * k;
      int c = class_index (labels[i], k);

      if (node->from_logits)
        {
          float max = p[0];
          double exp_sum = 0.0, log_sum;

          for (int j = 1; j < k; j++)
            if (p[j] > max)
              max = p[j];
          for (int j = 0; j < k; j++)
            exp_sum += exp ((double) p[j] - max);
          log_sum = max + log (exp_sum);
          for (int j = 0; j < k; j++)
            dp[j] += (float) (scale * (exp (p[j] - log_sum) - (j == c)));
        }
      else
        {
          double row_sum = probability_row_sum (p, k);
          float r = (float) (p[c] / row_sum);

          if (!probability_in_clip (r))
            continue;
          for (int j = 0; j < k; j++)
            dp[j] += (float) (scale * -((j == c) - r) / (r * row_sum));
        }
    }
}
