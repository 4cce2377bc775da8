/* nrt-ops-private.h: the op table, shared by nrt-graph.c and the nrt-ops
 * files: nrt-ops.c contains the table, and nrt-ops-nn.c, nrt-ops-loss.c and
 * nrt-ops-elementwise.c the functions it points to.
 *
 * Shape inference works on declared shapes, in which a batched node's first
 * dimension is NRT_BATCH_DIM. Forward and backward work on the node tensors
 * as built, whose first dimension is the current batch size.
 */
#pragma once

#include <stddef.h>

#include "nrt-graph.h"

/* The batch dimension of a declared shape, written "None" in messages. */
#define NRT_BATCH_DIM (-1)

typedef struct {
  int ndim;
  int shape[NRT_MAX_DIMS];
} NrtShape;

/* Computes the output shape from the input shapes. On a mismatch, returns
 * NRT_ERROR_SHAPE and writes the reason (such as "the inner dimensions 3 and 2
 * differ") into reason. */
typedef NrtStatus (*NrtOpInferFunc) (const NrtShape *inputs, NrtShape *output,
                                     char *reason, size_t reason_size);

/* Computes node->value from inputs[i]->value. */
typedef void (*NrtOpForwardFunc) (NrtNode *node, NrtNode *const *inputs);

/* Adds d(loss)/d(input) to inputs[i]->grad for every input whose grad is not
 * NULL, given node->grad and the values of the forward pass. */
typedef void (*NrtOpBackwardFunc) (NrtNode *node, NrtNode *const *inputs);

typedef struct {
  const char *name;
  int n_inputs;
  int is_loss;
  NrtOpInferFunc infer;
  NrtOpForwardFunc forward;
  NrtOpBackwardFunc backward;
} NrtOpInfo;

/* Returns the table entry of op, or NULL for an unknown id. */
const NrtOpInfo *nrt_op_get_info (NrtOpId op);

/* Probabilities are clipped to [NRT_PROBABILITY_EPSILON, 1 - NRT_PROBABILITY_EPSILON]
 * before a logarithm, as Keras does with its default backend epsilon 1e-7. */
#define NRT_PROBABILITY_EPSILON 1e-7f

/* Shape-inference helpers shared by the op families, in nrt-ops.c. */

int nrt_op_shape_equal (const NrtShape *a, const NrtShape *b);

/* Writes the formatted reason and returns NRT_ERROR_SHAPE. */
NrtStatus nrt_op_shape_error (char *reason, size_t reason_size, const char *format, ...)
  __attribute__ ((format (printf, 3, 4)));

/* Infers an output of the first input's shape, for ops that apply
 * element by element. */
NrtStatus nrt_op_same_shape_infer (const NrtShape *in, NrtShape *out,
                                   char *reason, size_t reason_size);

/* The neural-network ops, in nrt-ops-nn.c. */

NrtStatus nrt_op_matmul_infer (const NrtShape *in, NrtShape *out,
                               char *reason, size_t reason_size);
void nrt_op_matmul_forward (NrtNode *node, NrtNode *const *in);
void nrt_op_matmul_backward (NrtNode *node, NrtNode *const *in);

NrtStatus nrt_op_bias_add_infer (const NrtShape *in, NrtShape *out,
                                 char *reason, size_t reason_size);
void nrt_op_bias_add_forward (NrtNode *node, NrtNode *const *in);
void nrt_op_bias_add_backward (NrtNode *node, NrtNode *const *in);

void nrt_op_linear_forward (NrtNode *node, NrtNode *const *in);
void nrt_op_linear_backward (NrtNode *node, NrtNode *const *in);
void nrt_op_sigmoid_forward (NrtNode *node, NrtNode *const *in);
void nrt_op_sigmoid_backward (NrtNode *node, NrtNode *const *in);
void nrt_op_tanh_forward (NrtNode *node, NrtNode *const *in);
void nrt_op_tanh_backward (NrtNode *node, NrtNode *const *in);
void nrt_op_relu_forward (NrtNode *node, NrtNode *const *in);
void nrt_op_relu_backward (NrtNode *node, NrtNode *const *in);

NrtStatus nrt_op_softmax_infer (const NrtShape *in, NrtShape *out,
                                char *reason, size_t reason_size);
void nrt_op_softmax_forward (NrtNode *node, NrtNode *const *in);
void nrt_op_softmax_backward (NrtNode *node, NrtNode *const *in);

/* Keras's Normalization layer with adapted, constant mean and variance. */
NrtStatus nrt_op_normalize_infer (const NrtShape *in, NrtShape *out,
                                  char *reason, size_t reason_size);
void nrt_op_normalize_forward (NrtNode *node, NrtNode *const *in);
void nrt_op_normalize_backward (NrtNode *node, NrtNode *const *in);

/* The losses, in nrt-ops-loss.c. */

NrtStatus nrt_op_paired_loss_infer (const NrtShape *in, NrtShape *out,
                                    char *reason, size_t reason_size);
void nrt_op_mean_squared_error_forward (NrtNode *node, NrtNode *const *in);
void nrt_op_mean_squared_error_backward (NrtNode *node, NrtNode *const *in);
void nrt_op_binary_crossentropy_forward (NrtNode *node, NrtNode *const *in);
void nrt_op_binary_crossentropy_backward (NrtNode *node, NrtNode *const *in);

void nrt_op_mean_absolute_error_forward (NrtNode *node, NrtNode *const *in);
void nrt_op_mean_absolute_error_backward (NrtNode *node, NrtNode *const *in);
void nrt_op_huber_forward (NrtNode *node, NrtNode *const *in);
void nrt_op_huber_backward (NrtNode *node, NrtNode *const *in);

NrtStatus nrt_op_sparse_categorical_crossentropy_infer (const NrtShape *in, NrtShape *out,
                                                        char *reason, size_t reason_size);
void nrt_op_sparse_categorical_crossentropy_forward (NrtNode *node, NrtNode *const *in);
void nrt_op_sparse_categorical_crossentropy_backward (NrtNode *node, NrtNode *const *in);

/* Element-wise arithmetic, in nrt-ops-elementwise.c. */

NrtStatus nrt_op_same_shape_pair_infer (const NrtShape *in, NrtShape *out,
                                        char *reason, size_t reason_size);
void nrt_op_add_forward (NrtNode *node, NrtNode *const *in);
void nrt_op_add_backward (NrtNode *node, NrtNode *const *in);
void nrt_op_sub_forward (NrtNode *node, NrtNode *const *in);
void nrt_op_sub_backward (NrtNode *node, NrtNode *const *in);
void nrt_op_mul_forward (NrtNode *node, NrtNode *const *in);
void nrt_op_mul_backward (NrtNode *node, NrtNode *const *in);
void nrt_op_div_forward (NrtNode *node, NrtNode *const *in);
void nrt_op_div_backward (NrtNode *node, NrtNode *const *in);
void nrt_op_pow_forward (NrtNode *node, NrtNode *const *in);
void nrt_op_pow_backward (NrtNode *node, NrtNode *const *in);
void nrt_op_neg_forward (NrtNode *node, NrtNode *const *in);
void nrt_op_neg_backward (NrtNode *node, NrtNode *const *in);
void nrt_op_exp_forward (NrtNode *node, NrtNode *const *in);
void nrt_op_exp_backward (NrtNode *node, NrtNode *const *in);
void nrt_op_log_forward (NrtNode *node, NrtNode *const *in);
void nrt_op_log_backward (NrtNode *node, NrtNode *const *in);
void nrt_op_sqrt_forward (NrtNode *node, NrtNode *const *in);
void nrt_op_sqrt_backward (NrtNode *node, NrtNode *const *in);
void nrt_op_abs_forward (NrtNode *node, NrtNode *const *in);
void nrt_op_abs_backward (NrtNode *node, NrtNode *const *in);
