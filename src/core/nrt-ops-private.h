/* nrt-ops-private.h: the op table shared by nrt-ops.c and nrt-graph.c.
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
