/* nrt-loss.h: loss configurations, named as in Keras.
 *
 * The losses are graph ops (nrt-ops.h); this file names them and pairs each
 * with its from_logits attribute. Each loss is the mean over the batch of the
 * per-sample loss, as Keras computes it with the default reduction.
 */
#pragma once

#include "nrt-ops.h"

typedef enum {
  NRT_LOSS_MEAN_SQUARED_ERROR,
  NRT_LOSS_BINARY_CROSSENTROPY,
  NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY,
  NRT_LOSS_COUNT
} NrtLossKind;

typedef struct {
  NrtLossKind kind;
  int from_logits;   /* cross-entropies only: the model outputs logits, not probabilities */
} NrtLossConfig;

const char *nrt_loss_name (NrtLossKind kind);
/* Returns -1 for an unknown name. */
int nrt_loss_from_name (const char *name);
NrtOpId nrt_loss_op (NrtLossKind kind);
