/* nrt-ops.c: the op table of the computation graph.
 *
 * Each op has shape inference, forward and backward side by side; the formula
 * heads its section. Forward writes node->value; backward adds (+=) into the
 * gradients of the inputs, skipping every input whose grad is NULL (inputs
 * and constants). The loss ops never send a gradient into their target.
 *
 * The losses return the mean over the batch of the per-sample loss, as Keras
 * does with its default reduction. They sum in double so that a batch of
 * thousands of samples does not lose float32 precision.
 */
#include "nrt-ops-private.h"

#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* Splits a tensor into rows along its last axis: rows = size / cols. */
static void
tensor_rows_cols (const NrtTensor *tensor, int *rows, int *cols)
{
  *cols = tensor->ndim > 0 ? tensor->shape[tensor->ndim - 1] : 1;
  *rows = (int) (tensor->size / (size_t) *cols);
}

static int
shape_equal (const NrtShape *a, const NrtShape *b)
{
  if (a->ndim != b->ndim)
    return 0;
  for (int i = 0; i < a->ndim; i++)
    if (a->shape[i] != b->shape[i])
      return 0;
  return 1;
}

static NrtStatus
shape_error (char *reason, size_t reason_size, const char *format, ...)
  __attribute__ ((format (printf, 3, 4)));

static NrtStatus
shape_error (char *reason, size_t reason_size, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  vsnprintf (reason, reason_size, format, args);
  va_end (args);
  return NRT_ERROR_SHAPE;
}

/* Seed of a loss op's backward: d(total)/d(loss), normally 1. */
static float
loss_seed (const NrtNode *node)
{
  return node->grad != NULL ? node->grad->data[0] : 1.0f;
}

/* ---- matmul: y = x · W, x (B, n), W (n, m), y (B, m) ---- */

static NrtStatus
matmul_infer (const NrtShape *in, NrtShape *out, char *reason, size_t reason_size)
{
  if (in[0].ndim != 2 || in[1].ndim != 2)
    return shape_error (reason, reason_size,
                        "matmul needs two 2-d inputs, not ranks %d and %d",
                        in[0].ndim, in[1].ndim);
  if (in[1].shape[0] == NRT_BATCH_DIM)
    return shape_error (reason, reason_size,
                        "the right operand must not have a batch dimension");
  if (in[0].shape[1] != in[1].shape[0])
    return shape_error (reason, reason_size,
                        "the inner dimensions %d and %d differ",
                        in[0].shape[1], in[1].shape[0]);

  out->ndim = 2;
  out->shape[0] = in[0].shape[0];
  out->shape[1] = in[1].shape[1];
  return NRT_OK;
}

static void
matmul_forward (NrtNode *node, NrtNode *const *in)
{
  const NrtTensor *x = in[0]->value, *w = in[1]->value;
  int m = x->shape[0], k = x->shape[1], n = w->shape[1];

  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k,
               1.0f, x->data, k, w->data, n, 0.0f, node->value->data, n);
}

static void
matmul_backward (NrtNode *node, NrtNode *const *in)
{
  const NrtTensor *x = in[0]->value, *w = in[1]->value;
  const float *dy = node->grad->data;
  int m = x->shape[0], k = x->shape[1], n = w->shape[1];

  /* dx (B, n) += dy (B, m) · W^T */
  if (in[0]->grad != NULL)
    cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, m, k, n,
                 1.0f, dy, n, w->data, n, 1.0f, in[0]->grad->data, k);

  /* dW (n, m) += x^T · dy */
  if (in[1]->grad != NULL)
    cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, k, n, m,
                 1.0f, x->data, k, dy, n, 1.0f, in[1]->grad->data, n);
}

/* ---- bias_add: y[i, j] = x[i, j] + b[j], x (..., m), b (m) ---- */

static NrtStatus
bias_add_infer (const NrtShape *in, NrtShape *out, char *reason, size_t reason_size)
{
  int last;

  if (in[0].ndim < 1 || in[1].ndim != 1)
    return shape_error (reason, reason_size,
                        "bias_add needs an input of rank 1 or more and a 1-d bias, "
                        "not ranks %d and %d", in[0].ndim, in[1].ndim);
  last = in[0].shape[in[0].ndim - 1];
  if (last == NRT_BATCH_DIM || in[1].shape[0] == NRT_BATCH_DIM)
    return shape_error (reason, reason_size,
                        "the last axis of the input and the bias must not be the batch");
  if (last != in[1].shape[0])
    return shape_error (reason, reason_size,
                        "the input's last dimension %d differs from the bias size %d",
                        last, in[1].shape[0]);

  *out = in[0];
  return NRT_OK;
}

static void
bias_add_forward (NrtNode *node, NrtNode *const *in)
{
  const float *x = in[0]->value->data, *b = in[1]->value->data;
  float *y = node->value->data;
  int rows, cols;

  tensor_rows_cols (node->value, &rows, &cols);
  for (int i = 0; i < rows; i++)
    for (int j = 0; j < cols; j++)
      y[i * cols + j] = x[i * cols + j] + b[j];
}

static void
bias_add_backward (NrtNode *node, NrtNode *const *in)
{
  const float *dy = node->grad->data;
  int rows, cols;

  tensor_rows_cols (node->value, &rows, &cols);

  if (in[0]->grad != NULL)
    {
      float *dx = in[0]->grad->data;

      for (size_t i = 0; i < node->grad->size; i++)
        dx[i] += dy[i];
    }

  /* db[j] += sum over rows of dy[i, j] */
  if (in[1]->grad != NULL)
    {
      float *db = in[1]->grad->data;

      for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++)
          db[j] += dy[i * cols + j];
    }
}

/* ---- element-wise activations: y = f(x), any shape ---- */

static NrtStatus
same_shape_infer (const NrtShape *in, NrtShape *out, char *reason, size_t reason_size)
{
  *out = in[0];
  return NRT_OK;
}

/* linear: y = x, dx += dy */
static void
linear_forward (NrtNode *node, NrtNode *const *in)
{
  memcpy (node->value->data, in[0]->value->data, node->value->size * sizeof (float));
}

static void
linear_backward (NrtNode *node, NrtNode *const *in)
{
  if (in[0]->grad == NULL)
    return;

  for (size_t i = 0; i < node->grad->size; i++)
    in[0]->grad->data[i] += node->grad->data[i];
}

/* sigmoid: y = 1 / (1 + exp(-x)), dx += dy * y * (1 - y) */
static void
sigmoid_forward (NrtNode *node, NrtNode *const *in)
{
  const float *x = in[0]->value->data;
  float *y = node->value->data;

  /* exp never overflows: its argument is at most 0. */
  for (size_t i = 0; i < node->value->size; i++)
    {
      if (x[i] >= 0.0f)
        y[i] = 1.0f / (1.0f + expf (-x[i]));
      else
        {
          float e = expf (x[i]);

          y[i] = e / (1.0f + e);
        }
    }
}

static void
sigmoid_backward (NrtNode *node, NrtNode *const *in)
{
  const float *y = node->value->data, *dy = node->grad->data;

  if (in[0]->grad == NULL)
    return;

  for (size_t i = 0; i < node->grad->size; i++)
    in[0]->grad->data[i] += dy[i] * y[i] * (1.0f - y[i]);
}

/* tanh: y = tanh(x), dx += dy * (1 - y^2) */
static void
tanh_forward (NrtNode *node, NrtNode *const *in)
{
  for (size_t i = 0; i < node->value->size; i++)
    node->value->data[i] = tanhf (in[0]->value->data[i]);
}

static void
tanh_backward (NrtNode *node, NrtNode *const *in)
{
  const float *y = node->value->data, *dy = node->grad->data;

  if (in[0]->grad == NULL)
    return;

  for (size_t i = 0; i < node->grad->size; i++)
    in[0]->grad->data[i] += dy[i] * (1.0f - y[i] * y[i]);
}

/* relu: y = max(x, 0), dx += dy where x > 0 (the subgradient at 0 is 0) */
static void
relu_forward (NrtNode *node, NrtNode *const *in)
{
  for (size_t i = 0; i < node->value->size; i++)
    {
      float x = in[0]->value->data[i];

      node->value->data[i] = x > 0.0f ? x : 0.0f;
    }
}

static void
relu_backward (NrtNode *node, NrtNode *const *in)
{
  const float *x = in[0]->value->data, *dy = node->grad->data;

  if (in[0]->grad == NULL)
    return;

  for (size_t i = 0; i < node->grad->size; i++)
    if (x[i] > 0.0f)
      in[0]->grad->data[i] += dy[i];
}

/* ---- softmax over the last axis: y_j = exp(x_j - max x) / sum_k exp(x_k - max x),
 *      dx_j += y_j * (dy_j - sum_k dy_k y_k) ---- */

static NrtStatus
softmax_infer (const NrtShape *in, NrtShape *out, char *reason, size_t reason_size)
{
  if (in[0].ndim < 1 || in[0].shape[in[0].ndim - 1] == NRT_BATCH_DIM)
    return shape_error (reason, reason_size,
                        "softmax needs a last axis of classes, not the batch axis");

  *out = in[0];
  return NRT_OK;
}

static void
softmax_forward (NrtNode *node, NrtNode *const *in)
{
  int rows, cols;

  tensor_rows_cols (node->value, &rows, &cols);
  for (int i = 0; i < rows; i++)
    {
      const float *x = in[0]->value->data + (size_t) i * cols;
      float *y = node->value->data + (size_t) i * cols;
      float max = x[0];
      double sum = 0.0;

      /* Subtracting the maximum keeps every exp in (0, 1]. */
      for (int j = 1; j < cols; j++)
        if (x[j] > max)
          max = x[j];
      for (int j = 0; j < cols; j++)
        {
          y[j] = expf (x[j] - max);
          sum += y[j];
        }
      for (int j = 0; j < cols; j++)
        y[j] = (float) (y[j] / sum);
    }
}

static void
softmax_backward (NrtNode *node, NrtNode *const *in)
{
  int rows, cols;

  if (in[0]->grad == NULL)
    return;

  tensor_rows_cols (node->value, &rows, &cols);
  for (int i = 0; i < rows; i++)
    {
      const float *y = node->value->data + (size_t) i * cols;
      const float *dy = node->grad->data + (size_t) i * cols;
      float *dx = in[0]->grad->data + (size_t) i * cols;
      double dot = 0.0;

      for (int j = 0; j < cols; j++)
        dot += (double) dy[j] * y[j];
      for (int j = 0; j < cols; j++)
        dx[j] += y[j] * (float) (dy[j] - dot);
    }
}

/* ---- losses on (prediction, target) of the same shape, reduced to a scalar ---- */

static NrtStatus
paired_loss_infer (const NrtShape *in, NrtShape *out, char *reason, size_t reason_size)
{
  if (in[0].ndim < 1)
    return shape_error (reason, reason_size, "the prediction must have rank 1 or more");
  if (!shape_equal (&in[0], &in[1]))
    return shape_error (reason, reason_size,
                        "the prediction and the target must have the same shape");

  out->ndim = 0;
  return NRT_OK;
}

/* mean_squared_error: L = sum (p - t)^2 / size, dp += 2 (p - t) / size.
 * Dividing by the element count is Keras's mean over the last axis followed
 * by the mean over the batch. */
static void
mean_squared_error_forward (NrtNode *node, NrtNode *const *in)
{
  const float *p = in[0]->value->data, *t = in[1]->value->data;
  size_t size = in[0]->value->size;
  double sum = 0.0;

  for (size_t i = 0; i < size; i++)
    {
      double d = (double) p[i] - t[i];

      sum += d * d;
    }
  node->value->data[0] = (float) (sum / (double) size);
}

static void
mean_squared_error_backward (NrtNode *node, NrtNode *const *in)
{
  const float *p = in[0]->value->data, *t = in[1]->value->data;
  size_t size = in[0]->value->size;
  float scale;

  if (in[0]->grad == NULL)
    return;

  scale = 2.0f * loss_seed (node) / (float) size;
  for (size_t i = 0; i < size; i++)
    in[0]->grad->data[i] += scale * (p[i] - t[i]);
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
static void
binary_crossentropy_forward (NrtNode *node, NrtNode *const *in)
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

static void
binary_crossentropy_backward (NrtNode *node, NrtNode *const *in)
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

static NrtStatus
sparse_categorical_crossentropy_infer (const NrtShape *in, NrtShape *out,
                                       char *reason, size_t reason_size)
{
  const NrtShape *pred = &in[0], *target = &in[1];

  if (pred->ndim != 2 || pred->shape[1] == NRT_BATCH_DIM)
    return shape_error (reason, reason_size,
                        "the prediction must be 2-d, (batch, classes)");
  if (!(target->ndim == 1 || (target->ndim == 2 && target->shape[1] == 1)))
    return shape_error (reason, reason_size,
                        "the target must hold one class index per sample, "
                        "shaped (batch, 1) or (batch,)");
  if (target->shape[0] != pred->shape[0])
    return shape_error (reason, reason_size,
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
static void
sparse_categorical_crossentropy_forward (NrtNode *node, NrtNode *const *in)
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

static void
sparse_categorical_crossentropy_backward (NrtNode *node, NrtNode *const *in)
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

/* ---- element-wise arithmetic: inputs of one shape (rank 0 included), y the same shape ----
 *
 * Formulas for the backward passes follow the chain rule term by term; each
 * adds into an input's gradient only when that gradient exists. */

static NrtStatus
same_shape_pair_infer (const NrtShape *in, NrtShape *out, char *reason, size_t reason_size)
{
  if (!shape_equal (&in[0], &in[1]))
    return shape_error (reason, reason_size,
                        "element-wise ops need inputs of the same shape");

  *out = in[0];
  return NRT_OK;
}

/* add: y = a + b; da += dy, db += dy */
static void
add_forward (NrtNode *node, NrtNode *const *in)
{
  const float *a = in[0]->value->data, *b = in[1]->value->data;

  for (size_t i = 0; i < node->value->size; i++)
    node->value->data[i] = a[i] + b[i];
}

static void
add_backward (NrtNode *node, NrtNode *const *in)
{
  const float *dy = node->grad->data;

  for (int k = 0; k < 2; k++)
    if (in[k]->grad != NULL)
      for (size_t i = 0; i < node->grad->size; i++)
        in[k]->grad->data[i] += dy[i];
}

/* sub: y = a - b; da += dy, db -= dy */
static void
sub_forward (NrtNode *node, NrtNode *const *in)
{
  const float *a = in[0]->value->data, *b = in[1]->value->data;

  for (size_t i = 0; i < node->value->size; i++)
    node->value->data[i] = a[i] - b[i];
}

static void
sub_backward (NrtNode *node, NrtNode *const *in)
{
  const float *dy = node->grad->data;

  if (in[0]->grad != NULL)
    for (size_t i = 0; i < node->grad->size; i++)
      in[0]->grad->data[i] += dy[i];
  if (in[1]->grad != NULL)
    for (size_t i = 0; i < node->grad->size; i++)
      in[1]->grad->data[i] -= dy[i];
}

/* mul: y = a b; da += dy b, db += dy a */
static void
mul_forward (NrtNode *node, NrtNode *const *in)
{
  const float *a = in[0]->value->data, *b = in[1]->value->data;

  for (size_t i = 0; i < node->value->size; i++)
    node->value->data[i] = a[i] * b[i];
}

static void
mul_backward (NrtNode *node, NrtNode *const *in)
{
  const float *a = in[0]->value->data, *b = in[1]->value->data, *dy = node->grad->data;

  if (in[0]->grad != NULL)
    for (size_t i = 0; i < node->grad->size; i++)
      in[0]->grad->data[i] += dy[i] * b[i];
  if (in[1]->grad != NULL)
    for (size_t i = 0; i < node->grad->size; i++)
      in[1]->grad->data[i] += dy[i] * a[i];
}

/* div: y = a / b; da += dy / b, db -= dy a / b^2. Division by 0 gives inf
 * or NaN as IEEE 754 defines, in both passes. */
static void
div_forward (NrtNode *node, NrtNode *const *in)
{
  const float *a = in[0]->value->data, *b = in[1]->value->data;

  for (size_t i = 0; i < node->value->size; i++)
    node->value->data[i] = a[i] / b[i];
}

static void
div_backward (NrtNode *node, NrtNode *const *in)
{
  const float *a = in[0]->value->data, *b = in[1]->value->data, *dy = node->grad->data;

  if (in[0]->grad != NULL)
    for (size_t i = 0; i < node->grad->size; i++)
      in[0]->grad->data[i] += dy[i] / b[i];
  if (in[1]->grad != NULL)
    for (size_t i = 0; i < node->grad->size; i++)
      in[1]->grad->data[i] -= dy[i] * a[i] / (b[i] * b[i]);
}

/* pow: y = a^b (powf, so a negative base needs an integer exponent);
 * da += dy b a^(b-1), taken as 0 where b = 0 so that 0^0 has a finite
 * gradient (as PyTorch does); db += dy a^b ln a where a > 0, and 0 where
 * a <= 0, since ln a is undefined there and a constant exponent is the
 * common case. */
static void
pow_forward (NrtNode *node, NrtNode *const *in)
{
  const float *a = in[0]->value->data, *b = in[1]->value->data;

  for (size_t i = 0; i < node->value->size; i++)
    node->value->data[i] = powf (a[i], b[i]);
}

static void
pow_backward (NrtNode *node, NrtNode *const *in)
{
  const float *a = in[0]->value->data, *b = in[1]->value->data;
  const float *y = node->value->data, *dy = node->grad->data;

  if (in[0]->grad != NULL)
    for (size_t i = 0; i < node->grad->size; i++)
      if (b[i] != 0.0f)
        in[0]->grad->data[i] += dy[i] * b[i] * powf (a[i], b[i] - 1.0f);
  if (in[1]->grad != NULL)
    for (size_t i = 0; i < node->grad->size; i++)
      if (a[i] > 0.0f)
        in[1]->grad->data[i] += dy[i] * y[i] * logf (a[i]);
}

/* neg: y = -a; da -= dy */
static void
neg_forward (NrtNode *node, NrtNode *const *in)
{
  for (size_t i = 0; i < node->value->size; i++)
    node->value->data[i] = -in[0]->value->data[i];
}

static void
neg_backward (NrtNode *node, NrtNode *const *in)
{
  if (in[0]->grad == NULL)
    return;

  for (size_t i = 0; i < node->grad->size; i++)
    in[0]->grad->data[i] -= node->grad->data[i];
}

/* exp: y = e^a; da += dy y */
static void
exp_forward (NrtNode *node, NrtNode *const *in)
{
  for (size_t i = 0; i < node->value->size; i++)
    node->value->data[i] = expf (in[0]->value->data[i]);
}

static void
exp_backward (NrtNode *node, NrtNode *const *in)
{
  const float *y = node->value->data, *dy = node->grad->data;

  if (in[0]->grad == NULL)
    return;

  for (size_t i = 0; i < node->grad->size; i++)
    in[0]->grad->data[i] += dy[i] * y[i];
}

/* log: y = ln a; da += dy / a. ln 0 = -inf and ln a = NaN for a < 0. */
static void
log_forward (NrtNode *node, NrtNode *const *in)
{
  for (size_t i = 0; i < node->value->size; i++)
    node->value->data[i] = logf (in[0]->value->data[i]);
}

static void
log_backward (NrtNode *node, NrtNode *const *in)
{
  const float *a = in[0]->value->data, *dy = node->grad->data;

  if (in[0]->grad == NULL)
    return;

  for (size_t i = 0; i < node->grad->size; i++)
    in[0]->grad->data[i] += dy[i] / a[i];
}

/* sqrt: y = sqrt(a); da += dy / (2 y), which is inf at a = 0. NaN for a < 0. */
static void
sqrt_forward (NrtNode *node, NrtNode *const *in)
{
  for (size_t i = 0; i < node->value->size; i++)
    node->value->data[i] = sqrtf (in[0]->value->data[i]);
}

static void
sqrt_backward (NrtNode *node, NrtNode *const *in)
{
  const float *y = node->value->data, *dy = node->grad->data;

  if (in[0]->grad == NULL)
    return;

  for (size_t i = 0; i < node->grad->size; i++)
    in[0]->grad->data[i] += dy[i] / (2.0f * y[i]);
}

/* abs: y = |a|; da += dy sign(a), with sign(0) = 0 as for relu's kink */
static void
abs_forward (NrtNode *node, NrtNode *const *in)
{
  for (size_t i = 0; i < node->value->size; i++)
    node->value->data[i] = fabsf (in[0]->value->data[i]);
}

static void
abs_backward (NrtNode *node, NrtNode *const *in)
{
  const float *a = in[0]->value->data, *dy = node->grad->data;

  if (in[0]->grad == NULL)
    return;

  for (size_t i = 0; i < node->grad->size; i++)
    {
      if (a[i] > 0.0f)
        in[0]->grad->data[i] += dy[i];
      else if (a[i] < 0.0f)
        in[0]->grad->data[i] -= dy[i];
    }
}

/* ---- the table, indexed by NrtOpId ---- */

static const NrtOpInfo op_table[NRT_OP_COUNT] = {
  [NRT_OP_MATMUL] = { "matmul", 2, 0, matmul_infer, matmul_forward, matmul_backward },
  [NRT_OP_BIAS_ADD] = { "bias_add", 2, 0, bias_add_infer, bias_add_forward, bias_add_backward },
  [NRT_OP_LINEAR] = { "linear", 1, 0, same_shape_infer, linear_forward, linear_backward },
  [NRT_OP_SIGMOID] = { "sigmoid", 1, 0, same_shape_infer, sigmoid_forward, sigmoid_backward },
  [NRT_OP_TANH] = { "tanh", 1, 0, same_shape_infer, tanh_forward, tanh_backward },
  [NRT_OP_RELU] = { "relu", 1, 0, same_shape_infer, relu_forward, relu_backward },
  [NRT_OP_SOFTMAX] = { "softmax", 1, 0, softmax_infer, softmax_forward, softmax_backward },
  [NRT_OP_MEAN_SQUARED_ERROR] = {
    "mean_squared_error", 2, 1, paired_loss_infer,
    mean_squared_error_forward, mean_squared_error_backward },
  [NRT_OP_BINARY_CROSSENTROPY] = {
    "binary_crossentropy", 2, 1, paired_loss_infer,
    binary_crossentropy_forward, binary_crossentropy_backward },
  [NRT_OP_SPARSE_CATEGORICAL_CROSSENTROPY] = {
    "sparse_categorical_crossentropy", 2, 1, sparse_categorical_crossentropy_infer,
    sparse_categorical_crossentropy_forward, sparse_categorical_crossentropy_backward },
  [NRT_OP_ADD] = { "add", 2, 0, same_shape_pair_infer, add_forward, add_backward },
  [NRT_OP_SUB] = { "sub", 2, 0, same_shape_pair_infer, sub_forward, sub_backward },
  [NRT_OP_MUL] = { "mul", 2, 0, same_shape_pair_infer, mul_forward, mul_backward },
  [NRT_OP_DIV] = { "div", 2, 0, same_shape_pair_infer, div_forward, div_backward },
  [NRT_OP_POW] = { "pow", 2, 0, same_shape_pair_infer, pow_forward, pow_backward },
  [NRT_OP_NEG] = { "neg", 1, 0, same_shape_infer, neg_forward, neg_backward },
  [NRT_OP_EXP] = { "exp", 1, 0, same_shape_infer, exp_forward, exp_backward },
  [NRT_OP_LOG] = { "log", 1, 0, same_shape_infer, log_forward, log_backward },
  [NRT_OP_SQRT] = { "sqrt", 1, 0, same_shape_infer, sqrt_forward, sqrt_backward },
  [NRT_OP_ABS] = { "abs", 1, 0, same_shape_infer, abs_forward, abs_backward },
};

const NrtOpInfo *
nrt_op_get_info (NrtOpId op)
{
  if (op <= NRT_OP_NONE || op >= NRT_OP_COUNT)
    return NULL;
  return &op_table[op];
}

const char *
nrt_op_name (NrtOpId op)
{
  const NrtOpInfo *info = nrt_op_get_info (op);

  return info != NULL ? info->name : NULL;
}

int
nrt_op_n_inputs (NrtOpId op)
{
  const NrtOpInfo *info = nrt_op_get_info (op);

  return info != NULL ? info->n_inputs : -1;
}

int
nrt_op_is_loss (NrtOpId op)
{
  const NrtOpInfo *info = nrt_op_get_info (op);

  return info != NULL && info->is_loss;
}
