/* nrt-loss.h: loss configurations, named as in Keras.
 *
 * The losses are graph ops (nrt-ops.h); this file names them and pairs each
 * with its from_logits attribute. Each loss is the mean over the batch of the
 * per-sample loss, as Keras computes it with the default reduction.
 */
#pragma once

#include <stddef.h>

#include "nrt-error.h"
#include "nrt-ops.h"

/* The order is the order of the app's loss menu and must not change: new
 * losses go at the end. */
typedef enum {
  NRT_LOSS_MEAN_SQUARED_ERROR,
  NRT_LOSS_BINARY_CROSSENTROPY,
  NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY,
  NRT_LOSS_MEAN_ABSOLUTE_ERROR,   /* mean of |y - p| */
  NRT_LOSS_HUBER,                 /* Keras's Huber with delta 1: mean of 0.5 d^2 for |d| <= 1,
                                   * |d| - 0.5 otherwise, d = y - p */
  NRT_LOSS_COUNT
} NrtLossKind;

typedef struct {
  NrtLossKind kind;
  int from_logits;   /* cross-entropies only: the model outputs logits, not probabilities */
} NrtLossConfig;

/* Keras's names: "mean_squared_error", "binary_crossentropy",
 * "sparse_categorical_crossentropy", "mean_absolute_error", "huber". */
const char *nrt_loss_name (NrtLossKind kind);

/* Whether the loss is a cross-entropy, which takes from_logits and reports
 * accuracy. */
int nrt_loss_is_crossentropy (NrtLossKind kind);
/* Returns -1 for an unknown name. */
int nrt_loss_from_name (const char *name);
NrtOpId nrt_loss_op (NrtLossKind kind);

/* Checks targets before training: n_samples class indices for
 * sparse_categorical_crossentropy, each an integer in [0, n_outputs), or
 * n_samples * n_outputs finite values for the other losses. The loss ops
 * clamp an out-of-range class index instead of failing, so this check is
 * what reports one. */
NrtStatus nrt_loss_check_targets (const NrtLossConfig *loss, int n_outputs, const float *targets,
                                  size_t n_samples, NrtError *err);
