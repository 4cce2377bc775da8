/* nrt-ops-elementwise.c: element-wise arithmetic, from add to abs, on
 * inputs of one shape. Their table entries are in nrt-ops.c.
 */
#include "nrt-ops-private.h"

#include <math.h>

/* ---- element-wise arithmetic: inputs of one shape (rank 0 included), y the same shape ----
 *
 * Formulas for the backward passes follow the chain rule term by term; each
 * adds into an input's gradient only when that gradient exists. */

NrtStatus
nrt_op_same_shape_pair_infer (const NrtShape *in, NrtShape *out,
                              char *reason, size_t reason_size)
{
  if (!nrt_op_shape_equal (&in[0], &in[1]))
    return nrt_op_shape_error (reason, reason_size,
                               "element-wise ops need inputs of the same shape");

  *out = in[0];
  return NRT_OK;
}

/* add: y = a + b; da += dy, db += dy */
void
nrt_op_add_forward (NrtNode *node, NrtNode *const *in)
{
  const float *a = in[0]->value->data, *b = in[1]->value->data;

  for (size_t i = 0; i < node->value->size; i++)
    node->value->data[i] = a[i] + b[i];
}

void
nrt_op_add_backward (NrtNode *node, NrtNode *const *in)
{
  const float *dy = node->grad->data;

  for (int k = 0; k < 2; k++)
    if (in[k]->grad != NULL)
      for (size_t i = 0; i < node->grad->size; i++)
        in[k]->grad->data[i] += dy[i];
}

/* sub: y = a - b; da += dy, db -= dy */
void
nrt_op_sub_forward (NrtNode *node, NrtNode *const *in)
{
  const float *a = in[0]->value->data, *b = in[1]->value->data;

  for (size_t i = 0; i < node->value->size; i++)
    node->value->data[i] = a[i] - b[i];
}

void
nrt_op_sub_backward (NrtNode *node, NrtNode *const *in)
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
void
nrt_op_mul_forward (NrtNode *node, NrtNode *const *in)
{
  const float *a = in[0]->value->data, *b = in[1]->value->data;

  for (size_t i = 0; i < node->value->size; i++)
    node->value->data[i] = a[i] * b[i];
}

void
nrt_op_mul_backward (NrtNode *node, NrtNode *const *in)
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
void
nrt_op_div_forward (NrtNode *node, NrtNode *const *in)
{
  const float *a = in[0]->value->data, *b = in[1]->value->data;

  for (size_t i = 0; i < node->value->size; i++)
    node->value->data[i] = a[i] / b[i];
}

void
nrt_op_div_backward (NrtNode *node, NrtNode *const *in)
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
void
nrt_op_pow_forward (NrtNode *node, NrtNode *const *in)
{
  const float *a = in[0]->value->data, *b = in[1]->value->data;

  for (size_t i = 0; i < node->value->size; i++)
    node->value->data[i] = powf (a[i], b[i]);
}

void
nrt_op_pow_backward (NrtNode *node, NrtNode *const *in)
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
void
nrt_op_neg_forward (NrtNode *node, NrtNode *const *in)
{
  for (size_t i = 0; i < node->value->size; i++)
    node->value->data[i] = -in[0]->value->data[i];
}

void
nrt_op_neg_backward (NrtNode *node, NrtNode *const *in)
{
  if (in[0]->grad == NULL)
    return;

  for (size_t i = 0; i < node->grad->size; i++)
    in[0]->grad->data[i] -= node->grad->data[i];
}

/* exp: y = e^a; da += dy y */
void
nrt_op_exp_forward (NrtNode *node, NrtNode *const *in)
{
  for (size_t i = 0; i < node->value->size; i++)
    node->value->data[i] = expf (in[0]->value->data[i]);
}

void
nrt_op_exp_backward (NrtNode *node, NrtNode *const *in)
{
  const float *y = node->value->data, *dy = node->grad->data;

  if (in[0]->grad == NULL)
    return;

  for (size_t i = 0; i < node->grad->size; i++)
    in[0]->grad->data[i] += dy[i] * y[i];
}

/* log: y = ln a; da += dy / a. ln 0 = -inf and ln a = NaN for a < 0. */
void
nrt_op_log_forward (NrtNode *node, NrtNode *const *in)
{
  for (size_t i = 0; i < node->value->size; i++)
    node->value->data[i] = logf (in[0]->value->data[i]);
}

void
nrt_op_log_backward (NrtNode *node, NrtNode *const *in)
{
  const float *a = in[0]->value->data, *dy = node->grad->data;

  if (in[0]->grad == NULL)
    return;

  for (size_t i = 0; i < node->grad->size; i++)
    in[0]->grad->data[i] += dy[i] / a[i];
}

/* sqrt: y = sqrt(a); da += dy / (2 y), which is inf at a = 0. NaN for a < 0. */
void
nrt_op_sqrt_forward (NrtNode *node, NrtNode *const *in)
{
  for (size_t i = 0; i < node->value->size; i++)
    node->value->data[i] = sqrtf (in[0]->value->data[i]);
}

void
nrt_op_sqrt_backward (NrtNode *node, NrtNode *const *in)
{
  const float *y = node->value->data, *dy = node->grad->data;

  if (in[0]->grad == NULL)
    return;

  for (size_t i = 0; i < node->grad->size; i++)
    in[0]->grad->data[i] += dy[i] / (2.0f * y[i]);
}

/* abs: y = |a|; da += dy sign(a), with sign(0) = 0 as for relu's kink */
void
nrt_op_abs_forward (NrtNode *node, NrtNode *const *in)
{
  for (size_t i = 0; i < node->value->size; i++)
    node->value->data[i] = fabsf (in[0]->value->data[i]);
}

void
nrt_op_abs_backward (NrtNode *node, NrtNode *const *in)
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
