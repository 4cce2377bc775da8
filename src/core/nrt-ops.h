/* nrt-ops.h: the ops of the computation graph.
 *
 * Each op is one entry of a read-only table in nrt-ops.c: its name, its
 * number of inputs, shape inference, forward and backward. The functions
 * are in nrt-ops-nn.c, nrt-ops-loss.c and nrt-ops-elementwise.c, with each
 * op's formula beside them. Shapes below use B for the batch dimension.
 */
#pragma once

#include "nrt-error.h"

typedef enum {
  NRT_OP_NONE = 0,
  NRT_OP_MATMUL,       /* x (B, n) · W (n, m) -> (B, m), via cblas_sgemm */
  NRT_OP_BIAS_ADD,     /* x (B, m) + b (m) -> (B, m) */
  NRT_OP_LINEAR,       /* identity */
  NRT_OP_SIGMOID,      /* 1 / (1 + exp(-x)) */
  NRT_OP_TANH,
  NRT_OP_RELU,         /* max(x, 0) */
  NRT_OP_SOFTMAX,      /* along the last axis, computed as exp(x - max) / sum */
  NRT_OP_MEAN_SQUARED_ERROR,               /* (pred (B, m), target (B, m)) -> scalar mean of (pred - target)^2 */
  NRT_OP_BINARY_CROSSENTROPY,              /* (pred (B, m), target (B, m)) -> scalar, from_logits attribute */
  NRT_OP_SPARSE_CATEGORICAL_CROSSENTROPY,  /* (pred (B, k), class index (B, 1) as float) -> scalar, from_logits attribute */
  NRT_OP_MEAN_ABSOLUTE_ERROR,              /* (pred (B, m), target (B, m)) -> scalar mean of |pred - target| */
  NRT_OP_HUBER,                            /* (pred (B, m), target (B, m)) -> scalar mean of Huber(pred - target), delta 1 */
  /* Element-wise arithmetic on inputs of one shape, scalars (rank 0) included. */
  NRT_OP_ADD,          /* a + b */
  NRT_OP_SUB,          /* a - b */
  NRT_OP_MUL,          /* a * b */
  NRT_OP_DIV,          /* a / b */
  NRT_OP_POW,          /* a^b; d/db is taken as 0 where a <= 0 */
  NRT_OP_NEG,          /* -a */
  NRT_OP_EXP,          /* e^a */
  NRT_OP_LOG,          /* natural logarithm; NaN for a < 0, -inf at 0 */
  NRT_OP_SQRT,         /* NaN for a < 0 */
  NRT_OP_ABS,          /* |a|; the subgradient at 0 is 0 */
  NRT_OP_NORMALIZE,    /* (x (B, n), mean (n), variance (n)) -> (x - mean) / max(sqrt(variance), 1e-7) */
  NRT_OP_COUNT
} NrtOpId;

/* Returns the op's name, such as "matmul", or NULL for an unknown id. */
const char *nrt_op_name (NrtOpId op);

/* Returns the number of inputs the op takes, or -1 for an unknown id. */
int nrt_op_n_inputs (NrtOpId op);

/* Returns whether the op is one of the losses, whose output is a scalar. */
int nrt_op_is_loss (NrtOpId op);
