/* nrt-ops.c: the op table of the computation graph, its lookup functions
 * and the shape-inference helpers that the op families share.
 *
 * The ops themselves are in one file per family: nrt-ops-nn.c (matmul,
 * bias_add, the activations and softmax), nrt-ops-loss.c (the losses) and
 * nrt-ops-elementwise.c (add to abs). There each op has shape inference,
 * forward and backward side by side, headed by its formula. Forward writes
 * node->value. Backward adds (+=) into the gradients of the inputs, skipping
 * every input whose grad is NULL (inputs and constants). The loss ops never
 * send a gradient into their target.
 */
#include "nrt-ops-private.h"

#include <stdio.h>

/* ---- shape-inference helpers shared by the op families ---- */

int
nrt_op_shape_equal (const NrtShape *a, const NrtShape *b)
{
  if (a->ndim != b->ndim)
    return 0;
  for (int i = 0; i < a->ndim; i++)
    if (a->shape[i] != b->shape[i])
      return 0;
  return 1;
}

NrtStatus
nrt_op_shape_error (char *reason, size_t reason_size, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  vsnprintf (reason, reason_size, format, args);
  va_end (args);
  return NRT_ERROR_SHAPE;
}

NrtStatus
nrt_op_same_shape_infer (const NrtShape *in, NrtShape *out, char *reason, size_t reason_size)
{
  *out = in[0];
  return NRT_OK;
}

/* ---- the table, indexed by NrtOpId ---- */

static const NrtOpInfo op_table[NRT_OP_COUNT] = {
  [NRT_OP_MATMUL] = {
    "matmul", 2, 0, nrt_op_matmul_infer, nrt_op_matmul_forward, nrt_op_matmul_backward },
  [NRT_OP_BIAS_ADD] = {
    "bias_add", 2, 0, nrt_op_bias_add_infer, nrt_op_bias_add_forward, nrt_op_bias_add_backward },
  [NRT_OP_LINEAR] = {
    "linear", 1, 0, nrt_op_same_shape_infer, nrt_op_linear_forward, nrt_op_linear_backward },
  [NRT_OP_SIGMOID] = {
    "sigmoid", 1, 0, nrt_op_same_shape_infer, nrt_op_sigmoid_forward, nrt_op_sigmoid_backward },
  [NRT_OP_TANH] = {
    "tanh", 1, 0, nrt_op_same_shape_infer, nrt_op_tanh_forward, nrt_op_tanh_backward },
  [NRT_OP_RELU] = {
    "relu", 1, 0, nrt_op_same_shape_infer, nrt_op_relu_forward, nrt_op_relu_backward },
  [NRT_OP_SOFTMAX] = {
    "softmax", 1, 0, nrt_op_softmax_infer, nrt_op_softmax_forward, nrt_op_softmax_backward },
  [NRT_OP_MEAN_SQUARED_ERROR] = {
    "mean_squared_error", 2, 1, nrt_op_paired_loss_infer,
    nrt_op_mean_squared_error_forward, nrt_op_mean_squared_error_backward },
  [NRT_OP_BINARY_CROSSENTROPY] = {
    "binary_crossentropy", 2, 1, nrt_op_paired_loss_infer,
    nrt_op_binary_crossentropy_forward, nrt_op_binary_crossentropy_backward },
  [NRT_OP_SPARSE_CATEGORICAL_CROSSENTROPY] = {
    "sparse_categorical_crossentropy", 2, 1, nrt_op_sparse_categorical_crossentropy_infer,
    nrt_op_sparse_categorical_crossentropy_forward,
    nrt_op_sparse_categorical_crossentropy_backward },
  [NRT_OP_MEAN_ABSOLUTE_ERROR] = {
    "mean_absolute_error", 2, 1, nrt_op_paired_loss_infer,
    nrt_op_mean_absolute_error_forward, nrt_op_mean_absolute_error_backward },
  [NRT_OP_HUBER] = {
    "huber", 2, 1, nrt_op_paired_loss_infer, nrt_op_huber_forward, nrt_op_huber_backward },
  [NRT_OP_ADD] = {
    "add", 2, 0, nrt_op_same_shape_pair_infer, nrt_op_add_forward, nrt_op_add_backward },
  [NRT_OP_SUB] = {
    "sub", 2, 0, nrt_op_same_shape_pair_infer, nrt_op_sub_forward, nrt_op_sub_backward },
  [NRT_OP_MUL] = {
    "mul", 2, 0, nrt_op_same_shape_pair_infer, nrt_op_mul_forward, nrt_op_mul_backward },
  [NRT_OP_DIV] = {
    "div", 2, 0, nrt_op_same_shape_pair_infer, nrt_op_div_forward, nrt_op_div_backward },
  [NRT_OP_POW] = {
    "pow", 2, 0, nrt_op_same_shape_pair_infer, nrt_op_pow_forward, nrt_op_pow_backward },
  [NRT_OP_NEG] = {
    "neg", 1, 0, nrt_op_same_shape_infer, nrt_op_neg_forward, nrt_op_neg_backward },
  [NRT_OP_EXP] = {
    "exp", 1, 0, nrt_op_same_shape_infer, nrt_op_exp_forward, nrt_op_exp_backward },
  [NRT_OP_LOG] = {
    "log", 1, 0, nrt_op_same_shape_infer, nrt_op_log_forward, nrt_op_log_backward },
  [NRT_OP_SQRT] = {
    "sqrt", 1, 0, nrt_op_same_shape_infer, nrt_op_sqrt_forward, nrt_op_sqrt_backward },
  [NRT_OP_ABS] = {
    "abs", 1, 0, nrt_op_same_shape_infer, nrt_op_abs_forward, nrt_op_abs_backward },
  [NRT_OP_NORMALIZE] = {
    "normalize", 3, 0, nrt_op_normalize_infer, nrt_op_normalize_forward,
    nrt_op_normalize_backward },
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
