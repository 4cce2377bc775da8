/* nrt-optimizer.h: SGD and Adam with Keras's defaults and update rules.
 *
 * An optimizer updates a model's flat parameter buffer from its flat gradient
 * buffer in one loop, keeping its moments in flat buffers of the same length.
 *
 * SGD (Keras): velocity = momentum * velocity - lr * g; p += velocity
 *   (with momentum 0, p -= lr * g).
 * Adam (Keras): m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
 *   lr_t = lr * sqrt(1 - b2^t) / (1 - b1^t); p -= lr_t * m / (sqrt(v) + eps).
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "nrt-error.h"

typedef enum {
  NRT_OPTIMIZER_SGD,
  NRT_OPTIMIZER_ADAM,
  NRT_OPTIMIZER_COUNT
} NrtOptimizerKind;

typedef struct {
  NrtOptimizerKind kind;
  float learning_rate;   /* Keras's default: 0.01 for SGD, 0.001 for Adam */
  float momentum;        /* SGD only, default 0 */
  float beta_1;          /* Adam only, default 0.9 */
  float beta_2;          /* Adam only, default 0.999 */
  float epsilon;         /* Adam only, default 1e-7 */
} NrtOptimizerConfig;

/* Returns Keras's defaults for kind. */
NrtOptimizerConfig nrt_optimizer_config_default (NrtOptimizerKind kind);

const char *nrt_optimizer_name (NrtOptimizerKind kind);
/* Returns -1 for an unknown name ("sgd", "adam"). */
int nrt_optimizer_from_name (const char *name);

typedef struct NrtOptimizer NrtOptimizer;

/* Creates the optimizer state for n_params parameters, with zero moments.
 * Returns NULL with err set for an invalid config. */
NrtOptimizer *nrt_optimizer_new (const NrtOptimizerConfig *config, size_t n_params, NrtError *err);
void nrt_optimizer_free (NrtOptimizer *optimizer);

/* Applies one update: params[0..n) from grads[0..n). Does not allocate. */
void nrt_optimizer_step (NrtOptimizer *optimizer, float *params, const float *grads);

/* Changes the learning rate for the following steps, keeping the moments. */
void nrt_optimizer_set_learning_rate (NrtOptimizer *optimizer, float learning_rate);

const NrtOptimizerConfig *nrt_optimizer_get_config (const NrtOptimizer *optimizer);

/* Clears the moments and the step count. */
void nrt_optimizer_reset (NrtOptimizer *optimizer);

/* Number of steps taken since creation or the last reset. */
int64_t nrt_optimizer_get_iterations (const NrtOptimizer *optimizer);

/* The optimizer state, for saving and restoring a training run: the step
 * count and the moment buffers ("slots"), each of nrt_optimizer_get_n_params
 * floats in the layout of the model's flat parameter buffer. SGD without
 * momentum has no slot, SGD with momentum has "velocity", and Adam has "m"
 * and "v". Restoring the slots and the step count of a saved run makes the
 * next step identical to the one the saved run would have taken. */
size_t nrt_optimizer_get_n_params (const NrtOptimizer *optimizer);
int nrt_optimizer_get_n_slots (const NrtOptimizer *optimizer);
/* Returns the name of slot i, or NULL when i is out of range. */
const char *nrt_optimizer_get_slot_name (const NrtOptimizer *optimizer, int slot);
/* Returns slot i, borrowed and writable, or NULL when i is out of range. */
float *nrt_optimizer_get_slot (NrtOptimizer *optimizer, int slot);
/* Sets the step count, which Adam's bias correction reads. Returns an
 * error for a negative count. */
NrtStatus nrt_optimizer_set_iterations (NrtOptimizer *optimizer, int64_t iterations,
                                        NrtError *err);
