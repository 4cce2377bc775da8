/* nrt-fit.c: the training loop, evaluation and prediction.
 *
 * A training step gathers the batch's rows straight into the graph's input
 * buffers "x" and "y", runs forward and backward, and lets the optimizer
 * update the flat parameter buffer. fit allocates only the index
 * permutation, once per call; the graph's buffers grow, if needed, before
 * the first step.
 */
#include "nrt-fit.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nrt-float-mode.h"
#include "nrt-metrics.h"
#include "nrt-model-private.h"
#include "nrt-rng.h"

NrtFitConfig
nrt_fit_config_default (void)
{
  NrtFitConfig config = {
    .epochs = 1,
    .initial_epoch = 0,
    .batch_size = 32,
    .shuffle = 1,
    .seed = 0,
    .validation = NULL,
    .cancel = NULL,
  };

  return config;
}

static int
min_int (int a, int b)
{
  return a < b ? a : b;
}

static int
max_int (int a, int b)
{
  return a > b ? a : b;
}

static NrtStatus
check_targets (const NrtModel *model, const NrtDataset *data, const char *what, NrtError *err)
{
  const char *loss_name = nrt_loss_name (model->loss.kind);
  int units = nrt_model_get_n_outputs (model);
  int width = nrt_model_get_target_width (model, model->loss.kind);

  if (data->n_targets != width)
    {
      if (model->loss.kind == NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY)
        return nrt_error_set (err, NRT_ERROR_SHAPE,
                              "the %s data has %d target columns, but %s takes one column of "
                              "class indices; use binary_crossentropy for several 0/1 label "
                              "columns",
                              what, data->n_targets, loss_name);
      return nrt_error_set (err, NRT_ERROR_SHAPE,
                            "the %s data has %d target %s, but the model has %d output %s "
                            "with %s, which takes one target per unit; give the last layer %d "
                            "%s",
                            what, data->n_targets, data->n_targets == 1 ? "column" : "columns",
                            units, units == 1 ? "unit" : "units", loss_name, data->n_targets,
                            data->n_targets == 1 ? "unit" : "units");
    }

  for (int i = 0; i < data->n_samples; i++)
    for (int j = 0; j < width; j++)
      {
        float y = data->y[(size_t) i * (size_t) width + (size_t) j];
        char target[NRT_ERROR_MESSAGE_SIZE / 4] = "target";

        /* With several target columns, the message names the column. */
        if (width > 1 && data->target_names != NULL && data->target_names[j] != NULL)
          snprintf (target, sizeof target, "target \"%s\"", data->target_names[j]);
        else if (width > 1)
          snprintf (target, sizeof target, "target %d", j + 1);

        if (!isfinite (y))
          return nrt_error_set (err, NRT_ERROR_INVALID,
                                "%s of sample %d in the %s data is %g; remove or fill missing "
                                "values first",
                                target, i, what, (double) y);

        switch (model->loss.kind)
          {
          case NRT_LOSS_BINARY_CROSSENTROPY:
            if (y != 0.0f && y != 1.0f)
              return nrt_error_set (err, NRT_ERROR_INVALID,
                                    "%s of sample %d in the %s data is %g, but %s needs labels 0 "
                                    "or 1",
                                    target, i, what, (double) y, loss_name);
            break;

          case NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY:
            if (y < 0.0f || y >= (float) units || y != floorf (y))
              return nrt_error_set (err, NRT_ERROR_INVALID,
                                    "target of sample %d in the %s data is %g, but %s with %d "
                                    "output units needs a class index from 0 to %d; give the "
                                    "last layer one unit per class",
                                    i, what, (double) y, loss_name, units, units - 1);
            break;

          case NRT_LOSS_MEAN_SQUARED_ERROR:
          case NRT_LOSS_MEAN_ABSOLUTE_ERROR:
          case NRT_LOSS_HUBER:
          case NRT_LOSS_COUNT:
          default:
            break;
          }
      }
  return NRT_OK;
}

/* Checks that data fits the compiled model: its shape, finite features and
 * targets the loss accepts. what names the data in messages. */
static NrtStatus
check_data (const NrtModel *model, const NrtDataset *data, const char *what, NrtError *err)
{
  size_t n_values;

  if (data == NULL)
    return nrt_error_set (err, NRT_ERROR_INVALID, "the %s data is missing", what);
  if (data->n_samples < 1 || data->x == NULL || data->y == NULL)
    return nrt_error_set (err, NRT_ERROR_INVALID, "the %s data has no samples (%d)", what,
                          data->n_samples);
  if (data->n_targets < 1)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "the %s data has %d target columns; a dataset needs at least one",
                          what, data->n_targets);
  if (data->n_features != model->n_inputs)
    return nrt_error_set (err, NRT_ERROR_SHAPE,
                          "the %s data has %d features per sample, but the model takes %d "
                          "inputs; create the model with %d inputs or select %d features",
                          what, data->n_features, model->n_inputs, data->n_features,
                          model->n_inputs);

  n_values = (size_t) data->n_samples * (size_t) data->n_features;
  for (size_t i = 0; i < n_values; i++)
    if (!isfinite (data->x[i]))
      return nrt_error_set (err, NRT_ERROR_INVALID,
                            "feature %d of sample %zu in the %s data is %g; remove or fill "
                            "missing values first",
                            (int) (i % (size_t) data->n_features),
                            i / (size_t) data->n_features, what, (double) data->x[i]);

  return check_targets (model, data, what, err);
}

static NrtStatus
check_compiled (const NrtModel *model, const char *action, NrtError *err)
{
  if (model == NULL)
    return nrt_error_set (err, NRT_ERROR_INVALID, "model is missing");
  if (!model->compiled)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "cannot %s a model that is not compiled; call nrt_model_compile "
                          "with a loss and an optimizer first",
                          action);
  return NRT_OK;
}

/* Copies the rows order[start..start + count) of data into the graph's
 * inputs "x" (count, n_features) and "y" (count, n_targets). With order
 * NULL, the rows are taken in their own order. */
static void
load_batch (const NrtLoweredGraph *lowered, const NrtDataset *data, const int *order, int start,
            int count)
{
  float *x = nrt_graph_get_node (lowered->graph, lowered->input)->value->data;
  float *y = nrt_graph_get_node (lowered->graph, lowered->target)->value->data;
  size_t row_size = (size_t) data->n_features;
  size_t target_size = (size_t) data->n_targets;

  for (int i = 0; i < count; i++)
    {
      int row = order != NULL ? order[start + i] : start + i;

      memcpy (x + (size_t) i * row_size, data->x + (size_t) row * row_size,
              row_size * sizeof (float));
      memcpy (y + (size_t) i * target_size, data->y + (size_t) row * target_size,
              target_size * sizeof (float));
    }
  nrt_graph_set_batch (lowered->graph, count);
}

/* Runs the forward pass on the loaded batch of count samples; returns the
 * batch's mean loss and adds the sum of its samples' accuracies to
 * *accuracy_sum. */
static double
forward_batch (NrtModel *model, int count, double *accuracy_sum)
{
  const NrtLoweredGraph *lowered = &model->train;
  const float *outputs, *targets;
  double loss;

  nrt_graph_forward (lowered->graph);
  loss = nrt_graph_get_node (lowered->graph, lowered->loss)->value->data[0];

  if (nrt_model_has_accuracy (model))
    {
      outputs = nrt_graph_get_node (lowered->graph, lowered->output)->value->data;
      targets = nrt_graph_get_node (lowered->graph, lowered->target)->value->data;
      *accuracy_sum += nrt_metrics_sum_accuracy (&model->loss, outputs, targets, count,
                                                 nrt_model_get_n_outputs (model));
    }
  return loss;
}

/* Computes the mean per-sample loss and the accuracy over data, in batches
 * of batch_size; the graph must already hold batches that large. */
static void
evaluate_batches (NrtModel *model, const NrtDataset *data, int batch_size, double *loss,
                  double *accuracy)
{
  double loss_sum = 0.0;
  double accuracy_sum = 0.0;

  for (int start = 0; start < data->n_samples; start += batch_size)
    {
      int count = min_int (batch_size, data->n_samples - start);

      load_batch (&model->train, data, NULL, start, count);
      loss_sum += forward_batch (model, count, &accuracy_sum) * count;
    }
  *loss = loss_sum / data->n_samples;
  *accuracy = accuracy_sum / data->n_samples;
}

static NrtStatus
check_fit_config (const NrtFitConfig *config, NrtError *err)
{
  if (config == NULL)
    return nrt_error_set (err, NRT_ERROR_INVALID, "fit configuration is missing");
  if (config->epochs < 0)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "invalid number of epochs %d: it must be 0 or more", config->epochs);
  if (config->initial_epoch < 0 || config->initial_epoch > INT_MAX - config->epochs)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "invalid initial epoch %d: it must be 0 or more, and the last epoch "
                          "must fit in an int",
                          config->initial_epoch);
  if (config->batch_size < 1)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "invalid batch size %d: it must be 1 or more (Keras's default is 32)",
                          config->batch_size);
  return NRT_OK;
}

/* Handles a NaN or infinite loss at (epoch, batch): restores the parameters
 * saved before the last update, whose loss was finite. */
static NrtStatus
stop_not_finite (NrtModel *model, double loss, int epoch, int batch, int n_batches,
                 NrtError *err)
{
  const NrtOptimizerConfig *optimizer = nrt_optimizer_get_config (model->optimizer);

  memcpy (model->params, model->params_backup, model->n_params * sizeof (float));

  /* The moments that produced the diverging update may be huge or NaN
   * themselves, so continuing with them would diverge again. */
  nrt_optimizer_reset (model->optimizer);

  nrt_model_log (model, NRT_LOG_WARNING,
                 "loss %g at epoch %d, batch %d; weights restored, optimizer state reset",
                 loss, epoch, batch);
  return nrt_error_set (err, NRT_ERROR_NOT_FINITE,
                        "the loss became %g at epoch %d, batch %d of %d (counted from 0); the "
                        "weights are restored to the last ones with a finite loss. Try a lower "
                        "learning rate than %g, or normalize the features",
                        loss, epoch, batch, n_batches, (double) optimizer->learning_rate);
}

NrtStatus
nrt_model_fit (NrtModel *model, const NrtDataset *data, const NrtFitConfig *config,
               NrtFitCallback callback, void *user_data, NrtError *err)
{
  const NrtDataset *validation;
  NrtStatus status = NRT_OK;
  NrtLogs logs;
  NrtGraph *graph;
  int n, batch_size, n_batches, graph_batch;
  int *order = NULL;
  size_t n_bytes;
  unsigned int float_mode;

  /* Check everything before the first step. */
  status = check_compiled (model, "train", err);
  if (status != NRT_OK)
    return status;
  status = check_fit_config (config, err);
  if (status != NRT_OK)
    return status;
  status = check_data (model, data, "training", err);
  if (status != NRT_OK)
    return status;
  validation = config->validation;
  if (validation != NULL)
    {
      status = check_data (model, validation, "validation", err);
      if (status != NRT_OK)
        return status;
    }

  /* Allocate once: the graph for the largest batch, and the permutation. */
  graph = model->train.graph;
  n = data->n_samples;
  batch_size = min_int (config->batch_size, n);
  n_batches = (n + batch_size - 1) / batch_size;
  graph_batch = batch_size;
  if (validation != NULL)
    graph_batch = max_int (graph_batch, min_int (config->batch_size, validation->n_samples));
  status = nrt_model_reserve_batch (graph, graph_batch, err);
  if (status != NRT_OK)
    return status;
  order = malloc ((size_t) n * sizeof *order);
  if (order == NULL)
    return nrt_error_set (err, NRT_ERROR_NO_MEMORY,
                          "out of memory allocating the order of %d training samples", n);

  /* A call that continues where the last one stopped keeps its backup, so
   * a loss that overflows on the first batch can still fall back to the
   * weights before the last update. Weights changed in between have no
   * earlier state to fall back to. */
  n_bytes = model->n_params * sizeof (float);
  if (!model->has_fit || memcmp (model->params, model->params_after_fit, n_bytes) != 0)
    memcpy (model->params_backup, model->params, n_bytes);

  memset (&logs, 0, sizeof logs);
  logs.n_batches = n_batches;
  float_mode = nrt_float_mode_flush_denormals ();
  logs.has_accuracy = nrt_model_has_accuracy (model);

  for (int epoch = config->initial_epoch; epoch < config->initial_epoch + config->epochs; epoch++)
    {
      double loss_sum = 0.0;
      double accuracy_sum = 0.0;

      /* Epoch e's order depends only on (seed, e), so a run resumed at
       * initial_epoch = e gets the same batches as an uninterrupted one. */
      for (int i = 0; i < n; i++)
        order[i] = i;
      if (config->shuffle)
        {
          NrtRng rng;

          nrt_rng_init (&rng, nrt_rng_derive_seed (config->seed, (uint64_t) epoch));
          nrt_rng_shuffle (&rng, order, n);
        }

      logs.epoch = epoch;
      logs.has_validation = 0;
      for (int batch = 0; batch < n_batches; batch++)
        {
          int start = batch * batch_size;
          int count = min_int (batch_size, n - start);
          double loss;

          if (config->cancel != NULL && atomic_load (config->cancel))
            {
              status = nrt_error_set (err, NRT_ERROR_CANCELLED,
                                      "training cancelled before epoch %d, batch %d "
                                      "(counted from 0)",
                                      epoch, batch);
              goto out;
            }

          load_batch (&model->train, data, order, start, count);
          loss = forward_batch (model, count, &accuracy_sum);
          if (!isfinite (loss))
            {
              status = stop_not_finite (model, loss, epoch, batch, n_batches, err);
              goto out;
            }

          /* Keep the weights whose loss was just found finite, then update. */
          memcpy (model->params_backup, model->params, n_bytes);
          nrt_graph_backward (graph, model->train.loss);
          nrt_optimizer_step (model->optimizer, model->params, model->grads);

          loss_sum += loss * count;
          logs.batch = batch;
          logs.samples_seen = start + count;
          logs.loss = loss_sum / logs.samples_seen;
          logs.accuracy = accuracy_sum / logs.samples_seen;
          if (callback != NULL && callback (NRT_FIT_BATCH_END, &logs, user_data) != 0)
            {
              status = nrt_error_set (err, NRT_ERROR_STOPPED,
                                      "training stopped by the callback after epoch %d, "
                                      "batch %d (counted from 0)",
                                      epoch, batch);
              goto out;
            }
        }

      logs.batch = n_batches;
      if (validation != NULL)
        {
          evaluate_batches (model, validation, min_int (config->batch_size, validation->n_samples),
                            &logs.val_loss, &logs.val_accuracy);
          logs.has_validation = 1;
        }
      if (callback != NULL && callback (NRT_FIT_EPOCH_END, &logs, user_data) != 0)
        {
          status = nrt_error_set (err, NRT_ERROR_STOPPED,
                                  "training stopped by the callback after epoch %d "
                                  "(counted from 0)",
                                  epoch);
          goto out;
        }
    }

out:
  nrt_float_mode_restore (float_mode);
  memcpy (model->params_after_fit, model->params, n_bytes);
  model->has_fit = 1;
  free (order);
  return status;
}

NrtStatus
nrt_model_evaluate (NrtModel *model, const NrtDataset *data, int batch_size, NrtLogs *logs,
                    NrtError *err)
{
  NrtStatus status;
  int chunk;

  status = check_compiled (model, "evaluate", err);
  if (status != NRT_OK)
    return status;
  if (logs == NULL)
    return nrt_error_set (err, NRT_ERROR_INVALID, "logs to fill are missing");
  if (batch_size < 1)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "invalid batch size %d: it must be 1 or more (Keras's default is 32)",
                          batch_size);
  status = check_data (model, data, "evaluation", err);
  if (status != NRT_OK)
    return status;

  chunk = min_int (batch_size, data->n_samples);
  status = nrt_model_reserve_batch (model->train.graph, chunk, err);
  if (status != NRT_OK)
    return status;

  memset (logs, 0, sizeof *logs);
  logs->n_batches = (data->n_samples + chunk - 1) / chunk;
  logs->batch = logs->n_batches;
  logs->samples_seen = data->n_samples;
  logs->has_accuracy = nrt_model_has_accuracy (model);
  evaluate_batches (model, data, chunk, &logs->loss, &logs->accuracy);
  return NRT_OK;
}

NrtStatus
nrt_model_predict (NrtModel *model, const float *x, int n, float *outputs, NrtError *err)
{
  const NrtLoweredGraph *lowered;
  int chunk, n_inputs, n_outputs;
  float *graph_x;
  const float *graph_outputs;

  if (model == NULL)
    return nrt_error_set (err, NRT_ERROR_INVALID, "model is missing");
  if (n < 0)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "invalid number of samples %d to predict: it must be 0 or more", n);
  if (n == 0)
    return NRT_OK;
  if (x == NULL || outputs == NULL)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "the inputs or the outputs buffer to predict %d samples is missing", n);

  lowered = nrt_model_get_predict_graph (model, err);
  if (lowered == NULL)
    return err != NULL && err->status != NRT_OK ? err->status : NRT_ERROR_NO_MEMORY;

  /* Run chunks as large as the graph already holds, allocating nothing. */
  chunk = nrt_graph_get_max_batch (lowered->graph);
  n_inputs = model->n_inputs;
  n_outputs = nrt_model_get_n_outputs (model);
  graph_x = nrt_graph_get_node (lowered->graph, lowered->input)->value->data;
  graph_outputs = nrt_graph_get_node (lowered->graph, lowered->output)->value->data;
  for (int start = 0; start < n; start += chunk)
    {
      int count = min_int (chunk, n - start);

      memcpy (graph_x, x + (size_t) start * n_inputs, (size_t) count * n_inputs * sizeof (float));
      nrt_graph_set_batch (lowered->graph, count);
      nrt_graph_forward_to (lowered->graph, lowered->output);
      memcpy (outputs + (size_t) start * n_outputs, graph_outputs,
              (size_t) count * n_outputs * sizeof (float));
    }
  return NRT_OK;
}

NrtStatus
nrt_model_predict_layers (NrtModel *model, const float *x, int n, float *const *layer_outputs,
                          NrtError *err)
{
  const NrtLoweredGraph *lowered;
  char name[64];
  int chunk, n_inputs, last_layer = -1;
  float *graph_x;

  if (model == NULL)
    return nrt_error_set (err, NRT_ERROR_INVALID, "model is missing");
  if (n < 0)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "invalid number of samples %d to predict: it must be 0 or more", n);
  if (n == 0)
    return NRT_OK;
  if (x == NULL || layer_outputs == NULL)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "the inputs or the array of layer output buffers to predict %d "
                          "samples is missing",
                          n);

  lowered = nrt_model_get_predict_graph (model, err);
  if (lowered == NULL)
    return err != NULL && err->status != NRT_OK ? err->status : NRT_ERROR_NO_MEMORY;

  /* Only the layers up to the last one requested need a forward pass. */
  for (int l = 0; l < model->n_layers; l++)
    if (layer_outputs[l] != NULL)
      last_layer = l;
  if (last_layer < 0)
    return NRT_OK;

  /* Run chunks as large as the graph already holds, allocating nothing. */
  chunk = nrt_graph_get_max_batch (lowered->graph);
  n_inputs = model->n_inputs;
  graph_x = nrt_graph_get_node (lowered->graph, lowered->input)->value->data;
  for (int start = 0; start < n; start += chunk)
    {
      int count = min_int (chunk, n - start);
      int next_node = 0;

      memcpy (graph_x, x + (size_t) start * n_inputs, (size_t) count * n_inputs * sizeof (float));
      nrt_graph_set_batch (lowered->graph, count);

      /* Each layer ends in its activation node "<layer>/<activation>", as
       * nrt-model.c lowers it, whose value is (count, units). One forward
       * pass serves every layer, because each iteration runs only the nodes
       * after the previous activation up to this one. */
      for (int l = 0; l <= last_layer; l++)
        {
          const NrtModelLayer *layer = &model->layers[l];
          size_t units = (size_t) layer->config.units;
          int activation;

          snprintf (name, sizeof name, "%s/%s", layer->name,
                    nrt_activation_name (layer->config.activation));
          activation = nrt_graph_find_node (lowered->graph, name);
          if (activation < 0)
            return nrt_error_set (err, NRT_ERROR_INVALID,
                                  "the model's graph has no activation node \"%s\" for layer %d; "
                                  "compile the model again",
                                  name, l);
          for (; next_node <= activation; next_node++)
            nrt_graph_forward_node (lowered->graph, next_node);
          if (layer_outputs[l] != NULL)
            memcpy (layer_outputs[l] + (size_t) start * units,
                    nrt_graph_get_node (lowered->graph, activation)->value->data,
                    (size_t) count * units * sizeof (float));
        }
    }
  return NRT_OK;
}
