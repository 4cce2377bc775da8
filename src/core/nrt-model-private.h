/* nrt-model-private.h: the model's fields, shared by nrt-model.c and
 * nrt-fit.c only.
 */
#pragma once

#include "nrt-model.h"

#define NRT_LAYER_NAME_SIZE 32

/* The batch size the training graph is first built for, Keras's default;
 * fit and evaluate grow it when they need larger batches. */
#define NRT_MODEL_DEFAULT_BATCH 32

typedef struct {
  NrtDenseConfig config;
  char name[NRT_LAYER_NAME_SIZE];  /* "dense", "dense_1", ... */
  int n_inputs;                    /* fan_in: the previous layer's units, or the model's inputs */
  size_t kernel_offset;            /* into params: the kernel (n_inputs, units), row-major */
  size_t bias_offset;              /* into params: the bias (units); unused without a bias */
} NrtModelLayer;

/* Node ids of one lowered graph; -1 where the graph has no such node. */
typedef struct {
  NrtGraph *graph;
  int input;    /* "x", per-sample shape {n_inputs} */
  int target;   /* "y", per-sample shape {nrt_model_get_target_width} */
  int output;   /* the last layer's activation */
  int loss;     /* the scalar loss */
} NrtLoweredGraph;

struct NrtModel {
  int n_inputs;
  int n_layers;
  NrtModelLayer *layers;          /* (n_layers) */

  size_t n_params;
  float *params;                  /* (n_params): every layer's kernel, then its bias */
  float *grads;                   /* (n_params), same layout */
  float *params_backup;           /* (n_params): fit's copy from before the last update */
  float *params_after_fit;        /* (n_params): the weights as the last fit call left them */
  int has_fit;                    /* whether params_backup and params_after_fit are set */

  /* Keras's Normalization in front of the first layer, set by
   * nrt_model_adapt_normalization: constants, not in params. */
  int normalized;
  float *normalization_mean;      /* (n_inputs), NULL until adapted */
  float *normalization_variance;  /* (n_inputs), population variance */

  int compiled;
  NrtLossConfig loss;
  NrtOptimizer *optimizer;        /* NULL before compiling */
  NrtLoweredGraph train;          /* with target and loss; graph NULL before compiling */
  NrtLoweredGraph inference;      /* without target and loss, for predict before compiling */

  NrtLogFunc log_func;
  void *log_data;
};

/* Returns whether the compiled loss has an accuracy metric. */
int nrt_model_has_accuracy (const NrtModel *model);

/* Returns the target columns that loss kind takes per sample: 1 class index
 * for sparse_categorical_crossentropy, one value per output unit otherwise. */
int nrt_model_get_target_width (const NrtModel *model, NrtLossKind kind);

/* Sends a formatted message to the model's log function, if any. */
void nrt_model_log (const NrtModel *model, NrtLogLevel level, const char *format, ...)
  __attribute__ ((format (printf, 3, 4)));

/* Returns the graph for predict, lowering the inference graph on the first
 * call before compiling; NULL with err set on failure. */
const NrtLoweredGraph *nrt_model_get_predict_graph (NrtModel *model, NrtError *err);

/* Grows graph's buffers to batches of max_batch when they are smaller. */
NrtStatus nrt_model_reserve_batch (NrtGraph *graph, int max_batch, NrtError *err);
