/* nrt-ops-nn.c: the neural-network ops: matmul, bias_add, the activations
 * linear, sigmoid, tanh and relu, softmax, and normalize. Their table entries are in
 * nrt-ops.c, which describes the conventions that every op follows.
 */
#include "nrt-ops-private.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

/* Splits a tensor into rows along its last axis: rows = size / cols. */
static void
tensor_rows_cols (const NrtTensor *tensor, int *rows, int *cols)
{
  *cols = tensor->ndim > 0 ? tensor->shape[tensor->ndim - 1] : 1;
  *rows = (int) (tensor->size / (size_t) *cols);
}

/* ---- matmul: y = x · W, x (B, n), W (n, m), y (B, m) ---- */

NrtStatus
nrt_op_matmul_infer (const NrtShape *in, NrtShape *out, char *reason, size_t reason_size)
{
  if (in[0].ndim != 2 || in[1].ndim != 2)
    return nrt_op_shape_error (reason, reason_size,
                               "matmul needs two 2-d inputs, not ranks %d and %d",
                               in[0].ndim, in[1].ndim);
  if (in[1].shape[0] == NRT_BATCH_DIM)
    return nrt_op_shape_error (reason, reason_size,
                               "the right operand must not have a batch dimension");
  if (in[0].shape[1] != in[1].shape[0])
    return nrt_op_shape_error (reason, reason_size,
                               "the inner dimensions %d and %d differ",
                               in[0].shape[1], in[1].shape[0]);

  out->ndim = 2;
  out->shape[0] = in[0].shape[0];
  out->shape[1] = in[1].shape[1];
  return NRT_OK;
}

void
nrt_op_matmul_forward (NrtNode *node, NrtNode *const *in)
{
  const NrtTensor *x = in[0]->value, *w = in[1]->value;
  int m = x->shape[0], k = x->shape[1], n = w->shape[1];

  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k,
               1.0f, x->data, k, w->data, n, 0.0f, node->value->data, n);
}

void
nrt_op_matmul_backward (NrtNode *node, NrtNode *const *in)
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

NrtStatus
nrt_op_bias_add_infer (const NrtShape *in, NrtShape *out, char *reason, size_t reason_size)
{
  int last;

  if (in[0].ndim < 1 || in[1].ndim != 1)
    return nrt_op_shape_error (reason, reason_size,
                               "bias_add needs an input of rank 1 or more and a 1-d bias, "
                               "not ranks %d and %d", in[0].ndim, in[1].ndim);
  last = in[0].shape[in[0].ndim - 1];
  if (last == NRT_BATCH_DIM || in[1].shape[0] == NRT_BATCH_DIM)
    return nrt_op_shape_error (reason, reason_size,
                               "the last axis of the input and the bias must not be the batch");
  if (last != in[1].shape[0])
    return nrt_op_shape_error (reason, reason_size,
                               "the input's last dimension %d differs from the bias size %d",
                               last, in[1].shape[0]);

  *out = in[0];
  return NRT_OK;
}

void
nrt_op_bias_add_forward (NrtNode *node, NrtNode *const *in)
{
  const float *x = in[0]->value->data, *b = in[1]->value->data;
  float *y = node->value->data;
  int rows, cols;

  tensor_rows_cols (node->value, &rows, &cols);
  for (int i = 0; i < rows; i++)
    for (int j = 0; j < cols; j++)
      y[i * cols + j] = x[i * cols + j] + b[j];
}

void
nrt_op_bias_add_backward (NrtNode *node, NrtNode *const *in)
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

/* linear: y = x, dx += dy */
void
nrt_op_linear_forward (NrtNode *node, NrtNode *const *in)
{
  memcpy (node->value->data, in[0]->value->data, node->value->size * sizeof (float));
}

void
nrt_op_linear_backward (NrtNode *node, NrtNode *const *in)
{
  if (in[0]->grad == NULL)
    return;

  for (size_t i = 0; i < node->grad->size; i++)
    in[0]->grad->data[i] += node->grad->data[i];
}

/* sigmoid: y = 1 / (1 + exp(-x)), dx += dy * y * (1 - y) */
void
nrt_op_sigmoid_forward (NrtNode *node, NrtNode *const *in)
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

void
nrt_op_sigmoid_backward (NrtNode *node, NrtNode *const *in)
{
  const float *y = node->value->data, *dy = node->grad->data;

  if (in[0]->grad == NULL)
    return;

  for (size_t i = 0; i < node->grad->size; i++)
    in[0]->grad->data[i] += dy[i] * y[i] * (1.0f - y[i]);
}

/* tanh: y = tanh(x), dx += dy * (1 - y^2) */
void
nrt_op_tanh_forward (NrtNode *node, NrtNode *const *in)
{
  for (size_t i = 0; i < node->value->size; i++)
    node->value->data[i] = tanhf (in[0]->value->data[i]);
}

void
nrt_op_tanh_backward (NrtNode *node, NrtNode *const *in)
{
  const float *y = node->value->data, *dy = node->grad->data;

  if (in[0]->grad == NULL)
    return;

  for (size_t i = 0; i < node->grad->size; i++)
    in[0]->grad->data[i] += dy[i] * (1.0f - y[i] * y[i]);
}

/* relu: y = max(x, 0), dx += dy where x > 0 (the subgradient at 0 is 0) */
void
nrt_op_relu_forward (NrtNode *node, NrtNode *const *in)
{
  for (size_t i = 0; i < node->value->size; i++)
    {
      float x = in[0]->value->data[i];

      node->value->data[i] = x > 0.0f ? x : 0.0f;
    }
}

void
nrt_op_relu_backward (NrtNode *node, NrtNode *const *in)
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

NrtStatus
nrt_op_softmax_infer (const NrtShape *in, NrtShape *out, char *reason, size_t reason_size)
{
  if (in[0].ndim < 1 || in[0].shape[in[0].ndim - 1] == NRT_BATCH_DIM)
    return nrt_op_shape_error (reason, reason_size,
                               "softmax needs a last axis of classes, not the batch axis");

  *out = in[0];
  return NRT_OK;
}

void
nrt_op_softmax_forward (NrtNode *node, NrtNode *const *in)
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

void
nrt_op_softmax_backward (NrtNode *node, NrtNode *const *in)
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

/* ---- normalize: y[i, j] = (x[i, j] - mean[j]) / max(sqrt(variance[j]), eps),
 * x (B, n), mean (n), variance (n) ----
 *
 * Keras 2.x's Normalization layer (keras/layers/preprocessing/normalization.py)
 * divides by math_ops.maximum(math_ops.sqrt(self.variance), backend.epsilon()),
 * and backend.epsilon() is 1e-7 by default. Mean and variance are constants,
 * so the backward pass reaches x only: dx = dy / max(sqrt(variance), eps). */

#define NORMALIZE_EPSILON 1e-7f

static float
normalize_scale (float variance)
{
  float std = sqrtf (variance);

  return std > NORMALIZE_EPSILON ? std : NORMALIZE_EPSILON;
}

NrtStatus
nrt_op_normalize_infer (const NrtShape *in, NrtShape *out, char *reason, size_t reason_size)
{
  if (in[0].ndim != 2 || in[1].ndim != 1 || in[2].ndim != 1)
    return nrt_op_shape_error (reason, reason_size,
                               "normalize needs a 2-d input and 1-d mean and variance, "
                               "not ranks %d, %d and %d", in[0].ndim, in[1].ndim, in[2].ndim);
  if (in[1].shape[0] != in[0].shape[1] || in[2].shape[0] != in[0].shape[1])
    return nrt_op_shape_error (reason, reason_size,
                               "the mean (%d) and variance (%d) do not match the %d features",
                               in[1].shape[0], in[2].shape[0], in[0].shape[1]);

  *out = in[0];
  return NRT_OK;
}

void
nrt_op_normalize_forward (NrtNode *node, NrtNode *const *in)
{
  const NrtTensor *x = in[0]->value;
  const float *mean = in[1]->value->data, *variance = in[2]->value->data;
  float *y = node->value->data;
  int rows, cols;

  tensor_rows_cols (x, &rows, &cols);
  for (int i = 0; i < rows; i++)
    for (int j = 0; j < cols; j++)
      y[i * cols + j] = (x->data[i * cols + j] - mean[j]) / normalize_scale (variance[j]);
}

void
nrt_op_normalize_backward (NrtNode *node, NrtNode *const *in)
{
  const float *variance = in[2]->value->data;
  const float *dy = node->grad->data;
  int rows, cols;

  if (in[0]->grad == NULL)
    return;

  tensor_rows_cols (in[0]->value, &rows, &cols);
  for (int i = 0; i < rows; i++)
    for (int j = 0; j < cols; j++)
      in[0]->grad->data[i * cols + j] += dy[i * cols + j] / normalize_scale (variance[j]);
}
