/* nrt-fit.h: training, evaluation and prediction, as Keras's fit, evaluate
 * and predict. */
#pragma once

#include <stdatomic.h>
#include <stdint.h>

#include "nrt-dataset.h"
#include "nrt-model.h"

typedef struct {
  int epochs;                       /* epochs to run in this call */
  int initial_epoch;                /* index of the first epoch, for resuming (Keras's initial_epoch) */
  int batch_size;                   /* default 32; the last partial batch is included */
  int shuffle;                      /* default on */
  uint64_t seed;                    /* fixes the shuffle of every epoch */
  const NrtDataset *validation;     /* evaluated after every epoch when not NULL */
  const atomic_int *cancel;         /* checked between batches when not NULL */
} NrtFitConfig;

/* Returns Keras's defaults: 1 epoch, batch size 32, shuffle on, seed 0. */
NrtFitConfig nrt_fit_config_default (void);

/* The metrics of a batch, an epoch or an evaluation. loss and accuracy are
 * running means over the samples seen so far in the epoch, which is what
 * Keras's progress bar shows; at the end of the epoch they are the epoch's
 * values. */
typedef struct {
  int epoch;              /* counted from 0 */
  int batch;              /* counted from 0; at the end of an epoch, the number of batches */
  int n_batches;          /* batches per epoch */
  int samples_seen;
  double loss;
  double accuracy;        /* valid when has_accuracy */
  int has_accuracy;       /* classification losses only */
  double val_loss;        /* valid when has_validation */
  double val_accuracy;
  int has_validation;
} NrtLogs;

typedef enum {
  NRT_FIT_BATCH_END,
  NRT_FIT_EPOCH_END
} NrtFitEvent;

/* Called after every batch and epoch; returning non-zero stops the training
 * after this batch with NRT_ERROR_STOPPED. Runs on the thread that called
 * nrt_model_fit. */
typedef int (*NrtFitCallback) (NrtFitEvent event, const NrtLogs *logs, void *user_data);

/* Trains the compiled model on data. Allocates its batch buffers once at the
 * start, never per step. When a batch's loss is NaN or infinite, stops with
 * NRT_ERROR_NOT_FINITE and restores the weights from before the update that
 * led to it, the last ones whose loss was finite. The per-epoch loss is the
 * mean of the batch losses weighted by batch size, computed during the
 * forward passes, as Keras's loss tracker does. */
NrtStatus nrt_model_fit (NrtModel *model, const NrtDataset *data, const NrtFitConfig *config,
                         NrtFitCallback callback, void *user_data, NrtError *err);

/* Computes the loss and accuracy over all of data, in batches of batch_size,
 * without changing the weights. logs->loss is the mean per-sample loss. */
NrtStatus nrt_model_evaluate (NrtModel *model, const NrtDataset *data, int batch_size,
                              NrtLogs *logs, NrtError *err);

/* Writes the model's outputs for x (n, n_inputs) into outputs (n, n_outputs):
 * the last layer's activations, which are logits when it is linear. */
NrtStatus nrt_model_predict (NrtModel *model, const float *x, int n, float *outputs,
                             NrtError *err);

/* Writes every layer's activations for x (n, n_inputs): layer_outputs[l]
 * receives (n, units of layer l). Used for the neurons' response maps.
 * layer_outputs contains nrt_model_get_n_layers pointers; a NULL entry skips
 * that layer. */
NrtStatus nrt_model_predict_layers (NrtModel *model, const float *x, int n,
                                    float *const *layer_outputs, NrtError *err);
