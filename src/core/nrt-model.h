/* nrt-model.h: a sequential model of Dense layers, compiled and trained on
 * the computation graph.
 *
 * All trainable parameters live in one flat buffer, layer after layer, each
 * layer's kernel (inputs, units) row-major and then its bias (units), in
 * Keras's layout. Gradients have a second flat buffer of the same layout.
 *
 * A model is not thread-safe: one thread at a time uses it. Two models may
 * train in two threads.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "nrt-dataset.h"
#include "nrt-error.h"
#include "nrt-graph.h"
#include "nrt-layer.h"
#include "nrt-loss.h"
#include "nrt-optimizer.h"

typedef struct NrtModel NrtModel;

/* Creates a model taking n_inputs features, with layers[0..n_layers) copied.
 * Weights start as given by nrt_model_init_weights with seed 0. Returns NULL
 * with err set for an invalid configuration. */
NrtModel *nrt_model_new (int n_inputs, const NrtDenseConfig *layers, int n_layers,
                         NrtError *err);
void nrt_model_free (NrtModel *model);

/* Sets the loss and the optimizer, and lowers the model into its training
 * graph. May be called again, which resets the optimizer state but keeps the
 * weights. Returns an error when the loss does not fit the output, such as
 * sparse_categorical_crossentropy on one output unit. */
NrtStatus nrt_model_compile (NrtModel *model, const NrtLossConfig *loss,
                             const NrtOptimizerConfig *optimizer, NrtError *err);

/* Draws new initial weights from seed: kernels from their initializer,
 * biases zero. Also resets the optimizer state, if compiled. */
void nrt_model_init_weights (NrtModel *model, uint64_t seed);

/* Enables Keras's Normalization layer in front of the first Dense layer and
 * adapts it to data, as Keras's adapt does: the mean and the population
 * variance (divided by n) of each feature over all samples. The layer outputs
 * (x - mean) / max(sqrt(variance), 1e-7). Mean and variance are not
 * trainable and stay out of the flat parameter buffer. May be called again
 * to adapt to other data. When compiled, the training graph is lowered again
 * and keeps the optimizer state. Returns an error when data is empty or its
 * feature count differs from the model's inputs. */
NrtStatus nrt_model_adapt_normalization (NrtModel *model, const NrtDataset *data, NrtError *err);

/* Enables the Normalization layer with the given statistics, n_inputs
 * floats each, copied, as a saved model restores them. Behaves like
 * nrt_model_adapt_normalization otherwise. Returns an error for a value
 * that is not finite or a negative variance. */
NrtStatus nrt_model_set_normalization (NrtModel *model, const float *mean, const float *variance,
                                       NrtError *err);

/* Returns whether the model has an adapted Normalization layer. */
int nrt_model_has_normalization (const NrtModel *model);

/* Borrowed (n_inputs) arrays of the adapted mean and population variance;
 * NULL before nrt_model_adapt_normalization. */
const float *nrt_model_get_normalization_mean (const NrtModel *model);
const float *nrt_model_get_normalization_variance (const NrtModel *model);

int nrt_model_get_n_inputs (const NrtModel *model);
int nrt_model_get_n_outputs (const NrtModel *model);
int nrt_model_get_n_layers (const NrtModel *model);
const NrtDenseConfig *nrt_model_get_layer (const NrtModel *model, int layer);

/* Keras's layer names: "dense", "dense_1", "dense_2", ... */
const char *nrt_model_get_layer_name (const NrtModel *model, int layer);

/* Flat parameter buffer of nrt_model_get_n_params floats, borrowed. */
size_t nrt_model_get_n_params (const NrtModel *model);
float *nrt_model_get_params (NrtModel *model);
const float *nrt_model_get_grads (const NrtModel *model);

/* Borrowed pointers to one layer's kernel (inputs, units) and bias (units);
 * the bias is NULL when the layer has none. */
float *nrt_model_get_kernel (NrtModel *model, int layer);
float *nrt_model_get_bias (NrtModel *model, int layer);

/* Returns the loss and optimizer as compiled; NULL before compiling. */
const NrtLossConfig *nrt_model_get_loss (const NrtModel *model);
NrtOptimizer *nrt_model_get_optimizer (NrtModel *model);

/* The training graph, borrowed, NULL before compiling: input node "x",
 * target node "y", the layers' parameter and op nodes, and the loss node.
 * With normalization, the op node "normalization" and its constants
 * "normalization/mean" and "normalization/variance" come before "dense". */
NrtGraph *nrt_model_get_graph (NrtModel *model);
int nrt_model_get_loss_node (const NrtModel *model);
int nrt_model_get_output_node (const NrtModel *model);

/* Sets the function that receives the model's log messages. */
void nrt_model_set_log_func (NrtModel *model, NrtLogFunc func, void *user_data);
