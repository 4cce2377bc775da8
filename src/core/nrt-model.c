/* nrt-model.c: a sequential model of Dense layers and its lowering into the
 * computation graph.
 *
 * Each Dense layer lowers to x -> matmul(kernel) -> bias_add(bias) ->
 * activation, with node names such as "dense_1/kernel" and "dense_1/matmul".
 * Compiling lowers the training graph, which adds the target input "y" and
 * the loss node. Before compiling, predict lowers a separate inference graph
 * on its first call, without "y" and the loss. Compiling frees that graph,
 * and predict then runs the training graph up to the output node.
 *
 * An adapted Normalization layer lowers to the constants
 * "normalization/mean" and "normalization/variance" and the op node
 * "normalization" between "x" and the first matmul.
 */
#include "nrt-model-private.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nrt-rng.h"

static const NrtOpId activation_ops[NRT_ACTIVATION_COUNT] = {
  [NRT_ACTIVATION_LINEAR] = NRT_OP_LINEAR,
  [NRT_ACTIVATION_RELU] = NRT_OP_RELU,
  [NRT_ACTIVATION_SIGMOID] = NRT_OP_SIGMOID,
  [NRT_ACTIVATION_TANH] = NRT_OP_TANH,
  [NRT_ACTIVATION_SOFTMAX] = NRT_OP_SOFTMAX,
};

void
nrt_model_log (const NrtModel *model, NrtLogLevel level, const char *format, ...)
{
  char message[NRT_ERROR_MESSAGE_SIZE];
  va_list args;

  if (model == NULL || model->log_func == NULL)
    return;

  va_start (args, format);
  vsnprintf (message, sizeof message, format, args);
  va_end (args);
  model->log_func (level, message, model->log_data);
}

static NrtStatus
check_layers (int n_inputs, const NrtDenseConfig *layers, int n_layers, NrtError *err)
{
  if (n_inputs < 1)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "invalid number of model inputs %d: a model needs at least one feature",
                          n_inputs);
  if (n_layers < 1 || layers == NULL)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "a model needs at least one Dense layer, got %d", n_layers);

  for (int i = 0; i < n_layers; i++)
    {
      const NrtDenseConfig *layer = &layers[i];

      if (layer->units < 1)
        return nrt_error_set (err, NRT_ERROR_INVALID,
                              "invalid units %d in layer %d: a Dense layer needs at least 1 unit",
                              layer->units, i);
      if ((int) layer->activation < 0 || layer->activation >= NRT_ACTIVATION_COUNT)
        return nrt_error_set (err, NRT_ERROR_INVALID,
                              "unknown activation %d in layer %d; use linear, relu, sigmoid, "
                              "tanh or softmax",
                              (int) layer->activation, i);
      if ((int) layer->kernel_initializer < 0
          || layer->kernel_initializer >= NRT_INITIALIZER_COUNT)
        return nrt_error_set (err, NRT_ERROR_INVALID,
                              "unknown kernel initializer %d in layer %d; use glorot_uniform "
                              "or zeros",
                              (int) layer->kernel_initializer, i);
    }
  return NRT_OK;
}

NrtModel *
nrt_model_new (int n_inputs, const NrtDenseConfig *layers, int n_layers, NrtError *err)
{
  NrtModel *model;
  size_t offset = 0;

  if (check_layers (n_inputs, layers, n_layers, err) != NRT_OK)
    return NULL;

  model = calloc (1, sizeof *model);
  if (model == NULL)
    goto no_memory;
  model->n_inputs = n_inputs;
  model->n_layers = n_layers;
  model->train = (NrtLoweredGraph) { NULL, -1, -1, -1, -1 };
  model->inference = model->train;

  /* Lay out the flat buffer: each layer's kernel, then its bias. */
  model->layers = calloc ((size_t) n_layers, sizeof *model->layers);
  if (model->layers == NULL)
    goto no_memory;
  for (int i = 0; i < n_layers; i++)
    {
      NrtModelLayer *layer = &model->layers[i];

      layer->config = layers[i];
      layer->config.use_bias = layers[i].use_bias != 0;
      if (i == 0)
        snprintf (layer->name, sizeof layer->name, "dense");
      else
        snprintf (layer->name, sizeof layer->name, "dense_%d", i);
      layer->n_inputs = i == 0 ? n_inputs : layers[i - 1].units;
      layer->kernel_offset = offset;
      offset += (size_t) layer->n_inputs * (size_t) layer->config.units;
      layer->bias_offset = offset;
      if (layer->config.use_bias)
        offset += (size_t) layer->config.units;
    }
  model->n_params = offset;

  model->params = calloc (offset, sizeof (float));
  model->grads = calloc (offset, sizeof (float));
  model->params_backup = calloc (offset, sizeof (float));
  model->params_after_fit = calloc (offset, sizeof (float));
  if (model->params == NULL || model->grads == NULL || model->params_backup == NULL
      || model->params_after_fit == NULL)
    goto no_memory;

  nrt_model_init_weights (model, 0);
  return model;

no_memory:
  nrt_model_free (model);
  nrt_error_set (err, NRT_ERROR_NO_MEMORY,
                 "out of memory allocating a model of %d %s and %zu %s", n_layers,
                 n_layers == 1 ? "layer" : "layers", offset,
                 offset == 1 ? "parameter" : "parameters");
  return NULL;
}

void
nrt_model_free (NrtModel *model)
{
  if (model == NULL)
    return;
  nrt_graph_free (model->train.graph);
  nrt_graph_free (model->inference.graph);
  nrt_optimizer_free (model->optimizer);
  free (model->params);
  free (model->grads);
  free (model->params_backup);
  free (model->params_after_fit);
  free (model->normalization_mean);
  free (model->normalization_variance);
  free (model->layers);
  free (model);
}

NrtStatus
nrt_model_reserve_batch (NrtGraph *graph, int max_batch, NrtError *err)
{
  if (nrt_graph_get_max_batch (graph) >= max_batch)
    return NRT_OK;
  return nrt_graph_build (graph, max_batch, err);
}

/* Adds one Dense layer's nodes after node input; returns the activation's
 * node id, or -1 with err set. */
static int
lower_dense (NrtModel *model, NrtGraph *graph, int layer_index, int input, NrtError *err)
{
  NrtModelLayer *layer = &model->layers[layer_index];
  int units = layer->config.units;
  int kernel_shape[2] = { layer->n_inputs, units };
  char name[64];
  int kernel, bias, node, inputs[2];

  snprintf (name, sizeof name, "%s/kernel", layer->name);
  kernel = nrt_graph_add_parameter (graph, name, 2, kernel_shape,
                                    model->params + layer->kernel_offset,
                                    model->grads + layer->kernel_offset, err);
  if (kernel < 0)
    return -1;
  snprintf (name, sizeof name, "%s/matmul", layer->name);
  inputs[0] = input;
  inputs[1] = kernel;
  node = nrt_graph_add_op (graph, NRT_OP_MATMUL, name, inputs, 2, 0, err);
  if (node < 0)
    return -1;

  if (layer->config.use_bias)
    {
      snprintf (name, sizeof name, "%s/bias", layer->name);
      bias = nrt_graph_add_parameter (graph, name, 1, &units,
                                      model->params + layer->bias_offset,
                                      model->grads + layer->bias_offset, err);
      if (bias < 0)
        return -1;
      snprintf (name, sizeof name, "%s/bias_add", layer->name);
      inputs[0] = node;
      inputs[1] = bias;
      node = nrt_graph_add_op (graph, NRT_OP_BIAS_ADD, name, inputs, 2, 0, err);
      if (node < 0)
        return -1;
    }

  /* A linear activation still gets its identity node, so that every layer
   * ends in a node named after its activation, as the graph view shows it. */
  snprintf (name, sizeof name, "%s/%s", layer->name,
            nrt_activation_name (layer->config.activation));
  inputs[0] = node;
  return nrt_graph_add_op (graph, activation_ops[layer->config.activation], name, inputs, 1,
                           0, err);
}

/* Adds the Normalization layer's constants and op after node input;
 * returns the op's node id, or -1 with err set. */
static int
lower_normalization (NrtModel *model, NrtGraph *graph, int input, NrtError *err)
{
  int inputs[3];

  inputs[0] = input;
  inputs[1] = nrt_graph_add_constant (graph, "normalization/mean", 1, &model->n_inputs,
                                      model->normalization_mean, err);
  if (inputs[1] < 0)
    return -1;
  inputs[2] = nrt_graph_add_constant (graph, "normalization/variance", 1, &model->n_inputs,
                                      model->normalization_variance, err);
  if (inputs[2] < 0)
    return -1;
  return nrt_graph_add_op (graph, NRT_OP_NORMALIZE, "normalization", inputs, 3, 0, err);
}

/* Lowers the model into a new graph built for NRT_MODEL_DEFAULT_BATCH
 * samples; with loss, adds the target "y" and the loss node. */
static NrtStatus
lower_graph (NrtModel *model, const NrtLossConfig *loss, NrtLoweredGraph *lowered,
             NrtError *err)
{
  NrtError local_err;
  NrtGraph *graph;
  int target_shape;
  int node, inputs[2];

  /* The graph's functions report a failure only through err. */
  if (err == NULL)
    err = &local_err;
  *lowered = (NrtLoweredGraph) { NULL, -1, -1, -1, -1 };

  graph = nrt_graph_new ();
  if (graph == NULL)
    return nrt_error_set (err, NRT_ERROR_NO_MEMORY, "out of memory creating the model's graph");

  node = nrt_graph_add_input (graph, "x", 1, &model->n_inputs, err);
  if (node < 0)
    goto failed;
  lowered->input = node;

  if (model->normalized)
    {
      node = lower_normalization (model, graph, node, err);
      if (node < 0)
        goto failed;
    }

  for (int i = 0; i < model->n_layers; i++)
    {
      node = lower_dense (model, graph, i, node, err);
      if (node < 0)
        goto failed;
    }
  lowered->output = node;

  if (loss != NULL)
    {
      target_shape = nrt_model_get_target_width (model, loss->kind);
      node = nrt_graph_add_input (graph, "y", 1, &target_shape, err);
      if (node < 0)
        goto failed;
      lowered->target = node;
      inputs[0] = lowered->output;
      inputs[1] = lowered->target;
      node = nrt_graph_add_op (graph, nrt_loss_op (loss->kind), nrt_loss_name (loss->kind),
                               inputs, 2, loss->from_logits != 0, err);
      if (node < 0)
        goto failed;
      lowered->loss = node;
    }

  if (nrt_graph_build (graph, NRT_MODEL_DEFAULT_BATCH, err) != NRT_OK)
    goto failed;
  lowered->graph = graph;
  return NRT_OK;

failed:
  nrt_graph_free (graph);
  *lowered = (NrtLoweredGraph) { NULL, -1, -1, -1, -1 };
  return err->status != NRT_OK ? err->status : NRT_ERROR_INVALID;
}

static int
outputs_probabilities (NrtActivation activation)
{
  return activation == NRT_ACTIVATION_SIGMOID || activation == NRT_ACTIVATION_SOFTMAX;
}

/* Checks that the loss fits the last layer's units and activation. */
static NrtStatus
check_loss (const NrtModel *model, const NrtLossConfig *loss, NrtError *err)
{
  const NrtDenseConfig *last = &model->layers[model->n_layers - 1].config;
  const char *activation = nrt_activation_name (last->activation);
  const char *name;
  int units = last->units;

  if (loss == NULL)
    return nrt_error_set (err, NRT_ERROR_INVALID, "loss configuration is missing");
  if ((int) loss->kind < 0 || loss->kind >= NRT_LOSS_COUNT)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "unknown loss kind %d; use mean_squared_error, mean_absolute_error, "
                          "huber, binary_crossentropy or sparse_categorical_crossentropy",
                          (int) loss->kind);
  name = nrt_loss_name (loss->kind);

  switch (loss->kind)
    {
    case NRT_LOSS_MEAN_SQUARED_ERROR:
    case NRT_LOSS_MEAN_ABSOLUTE_ERROR:
    case NRT_LOSS_HUBER:
      /* One target per output unit. nrt_model_fit checks the data's target
       * columns. */
      return NRT_OK;

    case NRT_LOSS_BINARY_CROSSENTROPY:
      /* One 0/1 label per output unit: one unit for two classes, several
       * for multi-label data. */
      if (loss->from_logits && outputs_probabilities (last->activation))
        return nrt_error_set (err, NRT_ERROR_INVALID,
                              "%s with from_logits expects logits, but the last layer's "
                              "activation %s outputs probabilities; make the last layer linear "
                              "or turn from_logits off",
                              name, activation);
      if (!loss->from_logits && last->activation != NRT_ACTIVATION_SIGMOID)
        return nrt_error_set (err, NRT_ERROR_INVALID,
                              "%s without from_logits expects probabilities, but the last "
                              "layer's activation is %s; use sigmoid, or a linear last layer "
                              "with from_logits",
                              name, activation);
      return NRT_OK;

    case NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY:
      if (units < 2)
        return nrt_error_set (err, NRT_ERROR_INVALID,
                              "%s needs one output unit per class, at least 2, but the last "
                              "layer has %d; use Dense(n_classes, softmax), or "
                              "binary_crossentropy with Dense(1, sigmoid) for two classes",
                              name, units);
      if (loss->from_logits && outputs_probabilities (last->activation))
        return nrt_error_set (err, NRT_ERROR_INVALID,
                              "%s with from_logits expects logits, but the last layer's "
                              "activation %s outputs probabilities; make the last layer linear "
                              "or turn from_logits off",
                              name, activation);
      if (!loss->from_logits && last->activation != NRT_ACTIVATION_SOFTMAX)
        return nrt_error_set (err, NRT_ERROR_INVALID,
                              "%s without from_logits expects probabilities that sum to 1, but "
                              "the last layer's activation is %s; use softmax, or a linear last "
                              "layer with from_logits",
                              name, activation);
      return NRT_OK;

    case NRT_LOSS_COUNT:
    default:
      break;
    }
  return nrt_error_set (err, NRT_ERROR_INVALID, "unknown loss kind %d", (int) loss->kind);
}

NrtStatus
nrt_model_compile (NrtModel *model, const NrtLossConfig *loss,
                   const NrtOptimizerConfig *optimizer, NrtError *err)
{
  NrtOptimizer *new_optimizer;
  NrtLoweredGraph lowered;
  NrtStatus status;

  if (model == NULL)
    return nrt_error_set (err, NRT_ERROR_INVALID, "model is missing");

  /* Check and build everything first, so a failed compile keeps the
   * previous compilation. */
  status = check_loss (model, loss, err);
  if (status != NRT_OK)
    return status;
  new_optimizer = nrt_optimizer_new (optimizer, model->n_params, err);
  if (new_optimizer == NULL)
    return err != NULL && err->status != NRT_OK ? err->status : NRT_ERROR_INVALID;
  status = lower_graph (model, loss, &lowered, err);
  if (status != NRT_OK)
    {
      nrt_optimizer_free (new_optimizer);
      return status;
    }

  /* Replace the previous compilation and the inference graph. */
  nrt_optimizer_free (model->optimizer);
  nrt_graph_free (model->train.graph);
  nrt_graph_free (model->inference.graph);
  model->inference = (NrtLoweredGraph) { NULL, -1, -1, -1, -1 };
  model->optimizer = new_optimizer;
  model->train = lowered;
  model->loss = *loss;
  model->loss.from_logits = nrt_loss_is_crossentropy (loss->kind) && loss->from_logits != 0;
  model->compiled = 1;

  nrt_model_log (model, NRT_LOG_DEBUG, "compiled with %s and %s: %d graph nodes, %zu parameters",
                 nrt_loss_name (loss->kind), nrt_optimizer_name (optimizer->kind),
                 nrt_graph_get_n_nodes (lowered.graph), model->n_params);
  return NRT_OK;
}

const NrtLoweredGraph *
nrt_model_get_predict_graph (NrtModel *model, NrtError *err)
{
  if (model->train.graph != NULL)
    return &model->train;
  if (model->inference.graph == NULL
      && lower_graph (model, NULL, &model->inference, err) != NRT_OK)
    return NULL;
  return &model->inference;
}

/* Swaps *mean and *variance (n_inputs floats each) into the model, then
 * lowers the training graph again, since its constants hold copies. On
 * success *mean and *variance receive the previous arrays (or NULL); on
 * failure the model keeps its previous state. The caller frees both. */
static NrtStatus
install_normalization (NrtModel *model, float **mean, float **variance, NrtError *err)
{
  NrtLoweredGraph lowered = { NULL, -1, -1, -1, -1 };
  float *old_mean = model->normalization_mean;
  float *old_variance = model->normalization_variance;
  int old_normalized = model->normalized;
  NrtStatus status = NRT_OK;

  model->normalization_mean = *mean;
  model->normalization_variance = *variance;
  model->normalized = 1;
  if (model->compiled)
    status = lower_graph (model, &model->loss, &lowered, err);
  if (status != NRT_OK)
    {
      model->normalization_mean = old_mean;
      model->normalization_variance = old_variance;
      model->normalized = old_normalized;
      return status;
    }
  *mean = old_mean;
  *variance = old_variance;

  if (model->compiled)
    {
      nrt_graph_free (model->train.graph);
      model->train = lowered;
    }
  nrt_graph_free (model->inference.graph);
  model->inference = (NrtLoweredGraph) { NULL, -1, -1, -1, -1 };
  return NRT_OK;
}

NrtStatus
nrt_model_adapt_normalization (NrtModel *model, const NrtDataset *data, NrtError *err)
{
  int n = model != NULL ? model->n_inputs : 0;
  double *sum = NULL, *sum_squares = NULL;
  float *mean = NULL, *variance = NULL;
  NrtStatus status = NRT_OK;

  if (model == NULL)
    return nrt_error_set (err, NRT_ERROR_INVALID, "model is missing");
  if (data == NULL || data->n_samples < 1)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "cannot adapt the normalization to %d samples; it needs at least 1",
                          data == NULL ? 0 : data->n_samples);
  if (data->n_features != n)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "cannot adapt the normalization to data of %d features: the model "
                          "takes %d inputs", data->n_features, n);

  sum = calloc ((size_t) n, sizeof *sum);
  sum_squares = calloc ((size_t) n, sizeof *sum_squares);
  mean = calloc ((size_t) n, sizeof *mean);
  variance = calloc ((size_t) n, sizeof *variance);
  if (sum == NULL || sum_squares == NULL || mean == NULL || variance == NULL)
    {
      status = nrt_error_set (err, NRT_ERROR_NO_MEMORY,
                              "out of memory adapting the normalization of %d features", n);
      goto done;
    }

  /* Two passes in double: the mean, then the mean squared deviation, which
   * is the population variance that Keras's adapt computes (not n - 1). */
  for (int i = 0; i < data->n_samples; i++)
    for (int j = 0; j < n; j++)
      sum[j] += data->x[(size_t) i * (size_t) n + (size_t) j];
  for (int j = 0; j < n; j++)
    sum[j] /= data->n_samples;
  for (int i = 0; i < data->n_samples; i++)
    for (int j = 0; j < n; j++)
      {
        double d = data->x[(size_t) i * (size_t) n + (size_t) j] - sum[j];

        sum_squares[j] += d * d;
      }
  for (int j = 0; j < n; j++)
    {
      mean[j] = (float) sum[j];
      variance[j] = (float) (sum_squares[j] / data->n_samples);
    }

  status = install_normalization (model, &mean, &variance, err);
  if (status != NRT_OK)
    goto done;
  nrt_model_log (model, NRT_LOG_DEBUG, "adapted the normalization to %d samples of %d features",
                 data->n_samples, n);

done:
  free (sum);
  free (sum_squares);
  free (mean);
  free (variance);
  return status;
}

NrtStatus
nrt_model_set_normalization (NrtModel *model, const float *mean, const float *variance,
                             NrtError *err)
{
  float *mean_copy = NULL, *variance_copy = NULL;
  NrtStatus status;
  int n;

  if (model == NULL || mean == NULL || variance == NULL)
    return nrt_error_set (err, NRT_ERROR_INVALID, "model, mean or variance is missing");

  n = model->n_inputs;
  for (int j = 0; j < n; j++)
    if (!isfinite (mean[j]) || !isfinite (variance[j]) || variance[j] < 0.0f)
      return nrt_error_set (err, NRT_ERROR_INVALID,
                            "invalid normalization of feature %d: mean %g and variance %g must "
                            "be finite, and the variance 0 or more",
                            j, (double) mean[j], (double) variance[j]);

  mean_copy = malloc ((size_t) n * sizeof *mean_copy);
  variance_copy = malloc ((size_t) n * sizeof *variance_copy);
  if (mean_copy == NULL || variance_copy == NULL)
    {
      free (mean_copy);
      free (variance_copy);
      return nrt_error_set (err, NRT_ERROR_NO_MEMORY,
                            "out of memory setting the normalization of %d features", n);
    }
  memcpy (mean_copy, mean, (size_t) n * sizeof *mean_copy);
  memcpy (variance_copy, variance, (size_t) n * sizeof *variance_copy);

  status = install_normalization (model, &mean_copy, &variance_copy, err);
  free (mean_copy);
  free (variance_copy);
  return status;
}

int
nrt_model_has_normalization (const NrtModel *model)
{
  return model->normalized;
}

const float *
nrt_model_get_normalization_mean (const NrtModel *model)
{
  return model->normalization_mean;
}

const float *
nrt_model_get_normalization_variance (const NrtModel *model)
{
  return model->normalization_variance;
}

void
nrt_model_init_weights (NrtModel *model, uint64_t seed)
{
  NrtRng rng;

  if (model == NULL)
    return;

  /* One generator draws every kernel in order, row-major, layer after layer. */
  nrt_rng_init (&rng, seed);
  for (int i = 0; i < model->n_layers; i++)
    {
      NrtModelLayer *layer = &model->layers[i];
      size_t kernel_size = (size_t) layer->n_inputs * (size_t) layer->config.units;
      float *kernel = model->params + layer->kernel_offset;

      if (layer->config.kernel_initializer == NRT_INITIALIZER_GLOROT_UNIFORM)
        {
          /* Glorot and Bengio (2010): U(-limit, limit) with
           * limit = sqrt(6 / (fan_in + fan_out)). */
          double limit = sqrt (6.0 / (double) (layer->n_inputs + layer->config.units));

          for (size_t j = 0; j < kernel_size; j++)
            kernel[j] = (float) nrt_rng_uniform_range (&rng, -limit, limit);
        }
      else
        {
          memset (kernel, 0, kernel_size * sizeof (float));
        }

      if (layer->config.use_bias)
        memset (model->params + layer->bias_offset, 0,
                (size_t) layer->config.units * sizeof (float));
    }

  nrt_optimizer_reset (model->optimizer);
}

int
nrt_model_get_n_inputs (const NrtModel *model)
{
  return model->n_inputs;
}

int
nrt_model_get_n_outputs (const NrtModel *model)
{
  return model->layers[model->n_layers - 1].config.units;
}

int
nrt_model_get_n_layers (const NrtModel *model)
{
  return model->n_layers;
}

const NrtDenseConfig *
nrt_model_get_layer (const NrtModel *model, int layer)
{
  if (layer < 0 || layer >= model->n_layers)
    return NULL;
  return &model->layers[layer].config;
}

const char *
nrt_model_get_layer_name (const NrtModel *model, int layer)
{
  if (layer < 0 || layer >= model->n_layers)
    return NULL;
  return model->layers[layer].name;
}

size_t
nrt_model_get_n_params (const NrtModel *model)
{
  return model->n_params;
}

float *
nrt_model_get_params (NrtModel *model)
{
  return model->params;
}

const float *
nrt_model_get_grads (const NrtModel *model)
{
  return model->grads;
}

float *
nrt_model_get_kernel (NrtModel *model, int layer)
{
  if (layer < 0 || layer >= model->n_layers)
    return NULL;
  return model->params + model->layers[layer].kernel_offset;
}

float *
nrt_model_get_bias (NrtModel *model, int layer)
{
  if (layer < 0 || layer >= model->n_layers || !model->layers[layer].config.use_bias)
    return NULL;
  return model->params + model->layers[layer].bias_offset;
}

const NrtLossConfig *
nrt_model_get_loss (const NrtModel *model)
{
  return model->compiled ? &model->loss : NULL;
}

NrtOptimizer *
nrt_model_get_optimizer (NrtModel *model)
{
  return model->optimizer;
}

int
nrt_model_has_accuracy (const NrtModel *model)
{
  return model->compiled && nrt_loss_is_crossentropy (model->loss.kind);
}

int
nrt_model_get_target_width (const NrtModel *model, NrtLossKind kind)
{
  if (kind == NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY)
    return 1;
  return nrt_model_get_n_outputs (model);
}

NrtGraph *
nrt_model_get_graph (NrtModel *model)
{
  return model->train.graph;
}

int
nrt_model_get_loss_node (const NrtModel *model)
{
  return model->train.loss;
}

int
nrt_model_get_output_node (const NrtModel *model)
{
  return model->train.output;
}

void
nrt_model_set_log_func (NrtModel *model, NrtLogFunc func, void *user_data)
{
  model->log_func = func;
  model->log_data = user_data;
}
