/* nrt-trainer.c: the training worker thread.
 *
 * The worker trains one epoch per nrt_model_fit call, so that it can take
 * commands between epochs, and publishes into one mutex-protected slot at
 * most PUBLISH_INTERVAL_US apart while it plays. The UI copies pointers out of
 * the slot with a trylock, so neither side ever waits for the other's work.
 */
#define G_LOG_DOMAIN "neurite-trainer"

#include "config.h"

#include <math.h>
#include <stdatomic.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/nrt-fit.h"
#include "core/nrt-model.h"
#include "plot/nrt-plot-regions.h"

#include "nrt-trainer.h"

/* The region grid: GRID_SIZE by GRID_SIZE points of the input plane. */
#define GRID_SIZE 80

/* Cells per side of each neuron's response map in the network view: small,
 * so that computing the maps for every snapshot costs little next to an
 * epoch. */
#define HEATMAP_SIZE 24

/* At most about 30 snapshots a second. */
#define PUBLISH_INTERVAL_US (G_USEC_PER_SEC / 30)

/* At most 100 epochs a second, so that a person can watch the regions
 * form on the small built-in datasets, whose epochs take well under 10 ms. */
#define EPOCH_INTERVAL_US (G_USEC_PER_SEC / 100)

typedef enum {
  COMMAND_RESET,
  COMMAND_PLAY,
  COMMAND_PAUSE,
  COMMAND_STEP,
  COMMAND_SET_LEARNING_RATE,
  COMMAND_SET_PARAMETER,
  COMMAND_APPLY_GRADIENTS,
  COMMAND_QUIT
} CommandKind;

typedef struct {
  CommandKind kind;
  guint run;                   /* COMMAND_RESET */
  NrtTrainerConfig *config;    /* COMMAND_RESET, owned */
  double learning_rate;        /* COMMAND_SET_LEARNING_RATE */
  gsize index;                 /* COMMAND_SET_PARAMETER */
  float value;                 /* COMMAND_SET_PARAMETER */
  float *grads;                /* COMMAND_APPLY_GRADIENTS, owned, n_params floats */
  gsize n_params;              /* COMMAND_APPLY_GRADIENTS */
} Command;

/* State that only the worker thread touches. */
typedef struct {
  guint run;
  NrtTrainerConfig *config;
  NrtDataset *train;
  NrtDataset *test;            /* NULL when train_ratio is 1 */
  NrtModel *model;
  gboolean playing;
  int pending_steps;
  int epoch;
  double current_train_loss;
  double current_test_loss;
  GArray *new_train_loss;      /* rows not yet published */
  GArray *new_test_loss;
  NrtTrainerData *new_data;    /* not yet published */
  char *new_error;             /* not yet published */
  gboolean new_stopped;
  gboolean dirty;              /* something to publish */
  gint64 last_publish;
  gint64 next_epoch;
  float *grid_inputs;          /* (GRID_SIZE * GRID_SIZE, 2) */
  float *grid_outputs;         /* (GRID_SIZE * GRID_SIZE, n_outputs) */
  int n_outputs;
  float *heat_inputs;          /* (HEATMAP_SIZE * HEATMAP_SIZE, 2), or NULL without 2-D inputs */
  float **heat_outputs;        /* n_layers buffers of (HEATMAP_SIZE * HEATMAP_SIZE, units) */
  int n_neurons;               /* inputs plus every layer's units */
  int config_n_layers;         /* entries of heat_outputs */
  gboolean has_grads;          /* a batch has run in this run */
  double target_min;           /* regression targets' range, for the region colours */
  double target_max;
} Worker;

struct _NrtTrainer {
  GThread *thread;
  GAsyncQueue *commands;       /* Command pointers */
  atomic_int cancel;           /* stops the epoch under way before a reset or quit */
  guint last_run;              /* UI thread only */

  GMutex lock;                 /* protects slot and slot_full */
  NrtTrainerSnapshot slot;
  gboolean slot_full;
};

NrtTrainerConfig *
nrt_trainer_config_new (void)
{
  NrtTrainerConfig *config = g_new0 (NrtTrainerConfig, 1);

  config->train_ratio = 1.0;
  config->loss.kind = NRT_LOSS_BINARY_CROSSENTROPY;
  config->optimizer = nrt_optimizer_config_default (NRT_OPTIMIZER_ADAM);
  config->batch_size = 32;
  return config;
}

void
nrt_trainer_config_free (NrtTrainerConfig *config)
{
  if (config == NULL)
    return;

  g_clear_pointer (&config->dataset, nrt_dataset_free);
  g_free (config->layers);
  g_free (config);
}

static void
trainer_data_clear (gpointer mem)
{
  NrtTrainerData *data = mem;

  g_free (data->points);
  g_free (data->point_classes);
  g_free (data->point_is_test);
  g_strfreev (data->class_names);
  g_free (data->x_label);
  g_free (data->y_label);
}

NrtTrainerData *
nrt_trainer_data_ref (NrtTrainerData *data)
{
  return g_atomic_rc_box_acquire (data);
}

void
nrt_trainer_data_unref (NrtTrainerData *data)
{
  g_atomic_rc_box_release_full (data, trainer_data_clear);
}

static void
trainer_weights_clear (gpointer mem)
{
  NrtTrainerWeights *weights = mem;

  g_free (weights->params);
  g_free (weights->grads);
  g_free (weights->heatmaps);
}

NrtTrainerWeights *
nrt_trainer_weights_ref (NrtTrainerWeights *weights)
{
  return g_atomic_rc_box_acquire (weights);
}

void
nrt_trainer_weights_unref (NrtTrainerWeights *weights)
{
  g_atomic_rc_box_release_full (weights, trainer_weights_clear);
}

void
nrt_trainer_snapshot_clear (NrtTrainerSnapshot *snapshot)
{
  g_clear_pointer (&snapshot->train_loss, g_array_unref);
  g_clear_pointer (&snapshot->test_loss, g_array_unref);
  g_clear_pointer (&snapshot->regions, cairo_surface_destroy);
  g_clear_pointer (&snapshot->data, nrt_trainer_data_unref);
  g_clear_pointer (&snapshot->weights, nrt_trainer_weights_unref);
  g_clear_pointer (&snapshot->error, g_free);
  memset (snapshot, 0, sizeof *snapshot);
}

/* Worker side */

static void
worker_set_error (Worker *worker, const char *message)
{
  g_warning ("Training stopped: %s", message);
  g_free (worker->new_error);
  worker->new_error = g_strdup (message);
  worker->new_stopped = TRUE;
  worker->playing = FALSE;
  worker->pending_steps = 0;
  worker->dirty = TRUE;
}

static void
worker_free_run (Worker *worker)
{
  g_clear_pointer (&worker->model, nrt_model_free);
  g_clear_pointer (&worker->train, nrt_dataset_free);
  g_clear_pointer (&worker->test, nrt_dataset_free);
  g_clear_pointer (&worker->grid_inputs, g_free);
  g_clear_pointer (&worker->grid_outputs, g_free);
  g_clear_pointer (&worker->heat_inputs, g_free);
  if (worker->heat_outputs != NULL)
    for (int l = 0; l < worker->config_n_layers; l++)
      g_free (worker->heat_outputs[l]);
  g_clear_pointer (&worker->heat_outputs, g_free);
  worker->config_n_layers = 0;
  g_clear_pointer (&worker->config, nrt_trainer_config_free);
}

/* Collects the points of both splits for the regions view, and the plane
 * that holds them. */
static NrtTrainerData *
worker_make_data (Worker *worker)
{
  const NrtDataset *parts[2] = { worker->train, worker->test };
  const NrtDataset *full = worker->config->dataset;
  NrtTrainerData *data = g_atomic_rc_box_new0 (NrtTrainerData);
  int n = 0;

  data->n_features = full->n_features;
  data->n_classes = full->n_classes;
  data->n_train = worker->train->n_samples;
  data->n_test = worker->test != NULL ? worker->test->n_samples : 0;
  data->n_points = data->n_train + data->n_test;
  data->x_label = g_strdup (full->feature_names[0]);
  data->y_label = g_strdup (full->n_features > 1 ? full->feature_names[1] : "");

  data->class_names = g_new0 (char *, full->n_classes + 1);
  for (int c = 0; c < full->n_classes; c++)
    data->class_names[c] = g_strdup (full->class_names[c]);

  if (full->n_features != 2)
    return data;

  data->points = g_new (float, 2 * (gsize) data->n_points);
  data->point_is_test = g_new (gboolean, data->n_points);
  if (full->n_classes > 0)
    data->point_classes = g_new (int, data->n_points);

  for (int p = 0; p < 2; p++)
    {
      if (parts[p] == NULL)
        continue;
      for (int i = 0; i < parts[p]->n_samples; i++, n++)
        {
          data->points[2 * n] = parts[p]->x[2 * i];
          data->points[2 * n + 1] = parts[p]->x[2 * i + 1];
          data->point_is_test[n] = p == 1;
          if (data->point_classes != NULL)
            data->point_classes[n] = (int) parts[p]->y[i];
        }
    }

  nrt_plot_regions_fit_bounds (data->points, data->n_points, worker->config->square_plane,
                               &data->x_min, &data->x_max, &data->y_min, &data->y_max);
  return data;
}

/* Fills points (size * size, 2) with the cell centres of the plane, row 0
 * at the top. */
static void
fill_plane_grid (float *points, int size, const NrtTrainerData *data)
{
  double dx = (data->x_max - data->x_min) / size;
  double dy = (data->y_max - data->y_min) / size;

  for (int row = 0; row < size; row++)
    for (int col = 0; col < size; col++)
      {
        float *cell = points + 2 * (row * size + col);

        cell[0] = (float) (data->x_min + (col + 0.5) * dx);
        cell[1] = (float) (data->y_max - (row + 0.5) * dy);
      }
}

static gboolean
worker_evaluate (Worker *worker)
{
  NrtLogs logs = { 0 };
  NrtError err = { 0 };

  if (nrt_model_evaluate (worker->model, worker->train, worker->config->batch_size,
                          &logs, &err) != NRT_OK)
    {
      g_autofree char *message = g_strdup_printf (_("Evaluating the model failed: %s"),
                                                  err.message);
      worker_set_error (worker, message);
      return FALSE;
    }
  worker->current_train_loss = logs.loss;

  if (worker->test == NULL)
    return TRUE;

  if (nrt_model_evaluate (worker->model, worker->test, worker->config->batch_size,
                          &logs, &err) != NRT_OK)
    {
      g_autofree char *message = g_strdup_printf (_("Evaluating the model failed: %s"),
                                                  err.message);
      worker_set_error (worker, message);
      return FALSE;
    }
  worker->current_test_loss = logs.loss;
  return TRUE;
}

/* Builds the splits and the model of a new run. On failure, keeps no model
 * and publishes the error. */
static void
worker_start_run (Worker *worker, guint run, NrtTrainerConfig *config)
{
  NrtError err = { 0 };
  const NrtDenseConfig *output;

  worker_free_run (worker);
  worker->run = run;
  worker->config = config;
  worker->epoch = 0;
  worker->pending_steps = 0;
  worker->current_train_loss = NAN;
  worker->current_test_loss = NAN;
  g_array_set_size (worker->new_train_loss, 0);
  g_array_set_size (worker->new_test_loss, 0);
  g_clear_pointer (&worker->new_data, nrt_trainer_data_unref);
  g_clear_pointer (&worker->new_error, g_free);
  worker->new_stopped = FALSE;
  worker->dirty = TRUE;

  /* Step 1: the training and test splits. */
  if (nrt_dataset_split (config->dataset, config->train_ratio, config->seed,
                         &worker->train, &worker->test, &err) != NRT_OK)
    {
      g_autofree char *message = g_strdup_printf (_("Splitting the data failed: %s"),
                                                  err.message);
      worker_set_error (worker, message);
      return;
    }
  worker->new_data = worker_make_data (worker);

  /* Step 2: the model, compiled and seeded. */
  worker->model = nrt_model_new (config->dataset->n_features, config->layers,
                                 config->n_layers, &err);
  if (worker->model == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The network is invalid: %s"),
                                                  err.message);
      worker_set_error (worker, message);
      return;
    }
  if (nrt_model_compile (worker->model, &config->loss, &config->optimizer, &err) != NRT_OK)
    {
      g_autofree char *message = g_strdup_printf (_("The loss does not fit the network: %s"),
                                                  err.message);
      worker_set_error (worker, message);
      g_clear_pointer (&worker->model, nrt_model_free);
      return;
    }
  nrt_model_init_weights (worker->model, config->seed);

  /* Step 3: the region grid's buffers, allocated once per run. */
  output = &config->layers[config->n_layers - 1];
  worker->n_outputs = output->units;
  if (config->dataset->n_features == 2)
    {
      worker->grid_inputs = g_new (float, 2 * GRID_SIZE * GRID_SIZE);
      worker->grid_outputs = g_new (float, (gsize) worker->n_outputs * GRID_SIZE * GRID_SIZE);
      fill_plane_grid (worker->grid_inputs, GRID_SIZE, worker->new_data);

      worker->heat_inputs = g_new (float, 2 * HEATMAP_SIZE * HEATMAP_SIZE);
      fill_plane_grid (worker->heat_inputs, HEATMAP_SIZE, worker->new_data);
      worker->heat_outputs = g_new0 (float *, config->n_layers);
      worker->config_n_layers = config->n_layers;
      for (int l = 0; l < config->n_layers; l++)
        worker->heat_outputs[l] = g_new (float, (gsize) config->layers[l].units
                                                * HEATMAP_SIZE * HEATMAP_SIZE);
    }
  worker->n_neurons = config->dataset->n_features;
  for (int l = 0; l < config->n_layers; l++)
    worker->n_neurons += config->layers[l].units;
  worker->has_grads = FALSE;

  worker->target_min = 0.0;
  worker->target_max = 1.0;
  if (config->dataset->n_classes == 0 && config->dataset->n_samples > 0)
    {
      worker->target_min = worker->target_max = config->dataset->y[0];
      for (int i = 1; i < config->dataset->n_samples; i++)
        {
          worker->target_min = MIN (worker->target_min, config->dataset->y[i]);
          worker->target_max = MAX (worker->target_max, config->dataset->y[i]);
        }
    }

  /* Step 4: the losses before training, shown as epoch 0. */
  worker_evaluate (worker);
}

static inline float
sigmoid (float x)
{
  return 1.0f / (1.0f + expf (-x));
}

/* Turns the grid's outputs into what the region renderer expects: class
 * probabilities in [0, 1] for classification. */
static void
worker_outputs_to_probabilities (Worker *worker)
{
  const NrtLossConfig *loss = &worker->config->loss;
  gboolean logits = loss->from_logits && loss->kind != NRT_LOSS_MEAN_SQUARED_ERROR;
  int k = worker->n_outputs;

  if (worker->config->dataset->n_classes == 0)
    return;

  for (int i = 0; i < GRID_SIZE * GRID_SIZE; i++)
    {
      float *out = worker->grid_outputs + (gsize) i * k;

      if (logits && k == 1)
        out[0] = sigmoid (out[0]);
      else if (logits)
        {
          /* Softmax, shifted by the maximum so that expf cannot overflow. */
          float max = out[0];
          float sum = 0.0f;

          for (int j = 1; j < k; j++)
            max = MAX (max, out[j]);
          for (int j = 0; j < k; j++)
            {
              out[j] = expf (out[j] - max);
              sum += out[j];
            }
          for (int j = 0; j < k; j++)
            out[j] /= sum;
        }
      else
        {
          /* Linear outputs trained with mean squared error can leave [0, 1]. */
          for (int j = 0; j < k; j++)
            out[j] = CLAMP (out[j], 0.0f, 1.0f);
        }
    }
}

/* Predicts the grid and renders it, or returns NULL for data that is not
 * two-dimensional. */
static cairo_surface_t *
worker_render_regions (Worker *worker)
{
  NrtRegionGrid grid = { 0 };
  NrtError err = { 0 };

  if (worker->grid_inputs == NULL || worker->model == NULL)
    return NULL;

  if (nrt_model_predict (worker->model, worker->grid_inputs, GRID_SIZE * GRID_SIZE,
                         worker->grid_outputs, &err) != NRT_OK)
    {
      g_autofree char *message = g_strdup_printf (_("Computing the decision regions failed: %s"),
                                                  err.message);
      worker_set_error (worker, message);
      return NULL;
    }
  worker_outputs_to_probabilities (worker);

  grid.grid_width = GRID_SIZE;
  grid.grid_height = GRID_SIZE;
  grid.n_outputs = worker->n_outputs;
  grid.n_classes = worker->config->dataset->n_classes;
  grid.values = worker->grid_outputs;
  grid.value_min = worker->target_min;
  grid.value_max = worker->target_max;
  return nrt_plot_regions_render_image (&grid);
}

/* Scales one layer's activations, values (n), to [-1, 1] for the response
 * maps, as TensorFlow Playground shows them: tanh as it is, sigmoid and
 * softmax from [0, 1] as 2v - 1, relu and linear divided by the layer's
 * maximum |value| (left alone when every value is 0). */
static void
scale_activations (NrtActivation activation, float *values, gsize n)
{
  float max_abs = 0.0f;

  switch (activation)
    {
    case NRT_ACTIVATION_TANH:
      return;

    case NRT_ACTIVATION_SIGMOID:
    case NRT_ACTIVATION_SOFTMAX:
      for (gsize i = 0; i < n; i++)
        values[i] = 2.0f * values[i] - 1.0f;
      return;

    case NRT_ACTIVATION_RELU:
    case NRT_ACTIVATION_LINEAR:
    default:
      for (gsize i = 0; i < n; i++)
        if (isfinite (values[i]) && fabsf (values[i]) > max_abs)
          max_abs = fabsf (values[i]);
      if (max_abs == 0.0f)
        return;
      for (gsize i = 0; i < n; i++)
        values[i] /= max_abs;
      return;
    }
}

/* Copies the parameters and the last gradient, and computes every neuron's
 * response map over the plane for 2-D inputs. Returns NULL without a model.
 * The response maps reuse the run's buffers; only the published copy is
 * allocated, at most once per snapshot. */
static NrtTrainerWeights *
worker_make_weights (Worker *worker)
{
  const gsize n_cells = HEATMAP_SIZE * HEATMAP_SIZE;
  NrtTrainerWeights *weights;
  NrtError err = { 0 };
  float *map;

  if (worker->model == NULL)
    return NULL;

  /* Step 1: the flat buffers. */
  weights = g_atomic_rc_box_new0 (NrtTrainerWeights);
  weights->n_params = nrt_model_get_n_params (worker->model);
  weights->params = g_memdup2 (nrt_model_get_params (worker->model),
                               weights->n_params * sizeof (float));
  weights->grads = g_memdup2 (nrt_model_get_grads (worker->model),
                              weights->n_params * sizeof (float));
  weights->has_grads = worker->has_grads;
  weights->n_neurons = worker->n_neurons;
  if (worker->heat_inputs == NULL)
    return weights;

  /* Step 2: every layer's activations over the plane, (cells, units). */
  if (nrt_model_predict_layers (worker->model, worker->heat_inputs, (int) n_cells,
                                worker->heat_outputs, &err) != NRT_OK)
    {
      g_warning ("Computing the neurons' response maps failed: %s", err.message);
      return weights;
    }

  /* Step 3: the maps, neuron after neuron, (units, cells): the inputs x1
   * and x2 first, each divided by its maximum |value|, then the layers. */
  weights->heatmap_size = HEATMAP_SIZE;
  weights->heatmaps = g_new (float, (gsize) worker->n_neurons * n_cells);
  map = weights->heatmaps;
  for (int feature = 0; feature < 2; feature++, map += n_cells)
    {
      for (gsize cell = 0; cell < n_cells; cell++)
        map[cell] = worker->heat_inputs[2 * cell + feature];
      scale_activations (NRT_ACTIVATION_LINEAR, map, n_cells);
    }
  for (int l = 0; l < worker->config->n_layers; l++)
    {
      const NrtDenseConfig *layer = &worker->config->layers[l];

      scale_activations (layer->activation, worker->heat_outputs[l], n_cells * layer->units);
      for (int unit = 0; unit < layer->units; unit++, map += n_cells)
        for (gsize cell = 0; cell < n_cells; cell++)
          map[cell] = worker->heat_outputs[l][cell * layer->units + unit];
    }
  return weights;
}

/* Moves what the worker has not published yet into the slot. The region
 * image is rendered before taking the lock, which is then held only to
 * move pointers and append a few rows. */
static void
worker_publish (NrtTrainer *trainer, Worker *worker)
{
  cairo_surface_t *regions = worker_render_regions (worker);
  NrtTrainerWeights *weights = worker_make_weights (worker);
  NrtTrainerWeights *old_weights = NULL;
  NrtTrainerSnapshot *slot = &trainer->slot;
  cairo_surface_t *old_regions = NULL;
  NrtTrainerData *old_data = NULL;
  char *old_error = NULL;

  g_mutex_lock (&trainer->lock);

  if (slot->run != worker->run)
    {
      /* Values of an earlier run that the UI never took are dropped; this
       * happens once per reset, so freeing under the lock is rare. */
      if (slot->train_loss != NULL)
        g_array_set_size (slot->train_loss, 0);
      if (slot->test_loss != NULL)
        g_array_set_size (slot->test_loss, 0);
      g_clear_pointer (&slot->regions, cairo_surface_destroy);
      g_clear_pointer (&slot->data, nrt_trainer_data_unref);
      g_clear_pointer (&slot->weights, nrt_trainer_weights_unref);
      g_clear_pointer (&slot->error, g_free);
      slot->stopped = FALSE;
    }
  slot->run = worker->run;
  slot->epoch = worker->epoch;
  if (slot->train_loss == NULL)
    slot->train_loss = g_array_new (FALSE, FALSE, sizeof (double));
  if (slot->test_loss == NULL)
    slot->test_loss = g_array_new (FALSE, FALSE, sizeof (double));
  g_array_append_vals (slot->train_loss, worker->new_train_loss->data, worker->new_train_loss->len);
  g_array_append_vals (slot->test_loss, worker->new_test_loss->data, worker->new_test_loss->len);
  slot->current_train_loss = worker->current_train_loss;
  slot->current_test_loss = worker->current_test_loss;
  if (regions != NULL)
    {
      old_regions = slot->regions;
      slot->regions = regions;
    }
  if (weights != NULL)
    {
      old_weights = slot->weights;
      slot->weights = weights;
    }
  if (worker->new_data != NULL)
    {
      old_data = slot->data;
      slot->data = g_steal_pointer (&worker->new_data);
    }
  if (worker->new_error != NULL)
    {
      old_error = slot->error;
      slot->error = g_steal_pointer (&worker->new_error);
    }
  slot->stopped = slot->stopped || worker->new_stopped;
  trainer->slot_full = TRUE;

  g_mutex_unlock (&trainer->lock);

  g_array_set_size (worker->new_train_loss, 0);
  g_array_set_size (worker->new_test_loss, 0);
  worker->new_stopped = FALSE;
  worker->dirty = FALSE;
  worker->last_publish = g_get_monotonic_time ();
  g_clear_pointer (&old_regions, cairo_surface_destroy);
  g_clear_pointer (&old_data, nrt_trainer_data_unref);
  g_clear_pointer (&old_weights, nrt_trainer_weights_unref);
  g_free (old_error);
}

typedef struct {
  double loss;
  double val_loss;
  gboolean has_validation;
} EpochResult;

static int
worker_fit_cb (NrtFitEvent event, const NrtLogs *logs, void *user_data)
{
  EpochResult *result = user_data;

  if (event == NRT_FIT_EPOCH_END)
    {
      result->loss = logs->loss;
      result->val_loss = logs->val_loss;
      result->has_validation = logs->has_validation;
    }
  return 0;
}

/* Trains one epoch and records its losses. */
static void
worker_train_epoch (NrtTrainer *trainer, Worker *worker)
{
  NrtFitConfig fit = nrt_fit_config_default ();
  EpochResult result = { NAN, NAN, FALSE };
  NrtError err = { 0 };
  NrtStatus status;

  fit.epochs = 1;
  fit.initial_epoch = worker->epoch;
  fit.batch_size = worker->config->batch_size;
  fit.seed = worker->config->seed;
  fit.validation = worker->test;
  fit.cancel = &trainer->cancel;

  status = nrt_model_fit (worker->model, worker->train, &fit, worker_fit_cb, &result, &err);
  if (status == NRT_ERROR_CANCELLED)
    return;
  if (status == NRT_ERROR_NOT_FINITE)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("The loss became NaN or infinite in epoch %d, so training "
                                   "paused with the last finite weights. Lower the learning "
                                   "rate, then press Reset."),
                                 worker->epoch + 1);
      worker_set_error (worker, message);
      return;
    }
  if (status != NRT_OK)
    {
      g_autofree char *message = g_strdup_printf (_("Training failed: %s"), err.message);
      worker_set_error (worker, message);
      return;
    }

  worker->epoch++;
  worker->has_grads = TRUE;
  worker->current_train_loss = result.loss;
  worker->current_test_loss = result.has_validation ? result.val_loss : NAN;
  g_array_append_val (worker->new_train_loss, worker->current_train_loss);
  g_array_append_val (worker->new_test_loss, worker->current_test_loss);
  worker->dirty = TRUE;
}

static void
worker_set_parameter (Worker *worker, gsize index, float value)
{
  gsize n_params;

  if (worker->model == NULL)
    return;

  n_params = nrt_model_get_n_params (worker->model);
  if (index >= n_params || !isfinite (value))
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("Could not set parameter %" G_GSIZE_FORMAT " to %g: the "
                                   "model has %" G_GSIZE_FORMAT " parameters and takes finite "
                                   "values only."),
                                 index, value, n_params);
      worker_set_error (worker, message);
      return;
    }
  nrt_model_get_params (worker->model)[index] = value;
  worker_evaluate (worker);
  worker->dirty = TRUE;
}

/* Runs one optimizer update, as fit does after a batch, so that Adam's
 * moments and step count advance as they would in training. */
static void
worker_apply_gradients (Worker *worker, const float *grads, gsize n_params)
{
  if (worker->model == NULL)
    return;

  if (n_params != nrt_model_get_n_params (worker->model))
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("Could not apply the step: it has %" G_GSIZE_FORMAT
                                   " gradients and the model has %" G_GSIZE_FORMAT
                                   " parameters. Press Reset step and walk through again."),
                                 n_params, nrt_model_get_n_params (worker->model));
      worker_set_error (worker, message);
      return;
    }
  nrt_optimizer_step (nrt_model_get_optimizer (worker->model),
                      nrt_model_get_params (worker->model), grads);
  worker_evaluate (worker);
  worker->dirty = TRUE;
}

/* Returns FALSE on COMMAND_QUIT. */
static gboolean
worker_handle (NrtTrainer *trainer, Worker *worker, Command *command)
{
  switch (command->kind)
    {
    case COMMAND_RESET:
      atomic_store (&trainer->cancel, 0);
      worker_start_run (worker, command->run, g_steal_pointer (&command->config));
      break;

    case COMMAND_PLAY:
      if (worker->model != NULL)
        {
          worker->playing = TRUE;
          worker->next_epoch = g_get_monotonic_time ();
        }
      else
        worker->new_stopped = worker->dirty = TRUE;
      break;

    case COMMAND_PAUSE:
      worker->playing = FALSE;
      worker->dirty = TRUE;
      break;

    case COMMAND_STEP:
      if (worker->model != NULL)
        worker->pending_steps++;
      break;

    case COMMAND_SET_LEARNING_RATE:
      if (worker->config != NULL)
        worker->config->optimizer.learning_rate = (float) command->learning_rate;
      if (worker->model != NULL)
        nrt_optimizer_set_learning_rate (nrt_model_get_optimizer (worker->model),
                                         (float) command->learning_rate);
      break;

    case COMMAND_SET_PARAMETER:
      worker_set_parameter (worker, command->index, command->value);
      break;

    case COMMAND_APPLY_GRADIENTS:
      worker_apply_gradients (worker, command->grads, command->n_params);
      break;

    case COMMAND_QUIT:
    default:
      return FALSE;
    }
  return TRUE;
}

static void
command_free (Command *command)
{
  nrt_trainer_config_free (command->config);
  g_free (command->grads);
  g_free (command);
}

static gpointer
trainer_worker (gpointer user_data)
{
  NrtTrainer *trainer = user_data;
  Worker worker = { 0 };
  gboolean running = TRUE;

  worker.new_train_loss = g_array_new (FALSE, FALSE, sizeof (double));
  worker.new_test_loss = g_array_new (FALSE, FALSE, sizeof (double));

  while (running)
    {
      gboolean busy = worker.model != NULL && (worker.playing || worker.pending_steps > 0);
      Command *command;
      gint64 now = g_get_monotonic_time ();

      /* Step 1: wait for a command, or only until the next epoch is due. */
      if (!busy)
        command = g_async_queue_pop (trainer->commands);
      else if (worker.pending_steps == 0 && worker.next_epoch > now)
        command = g_async_queue_timeout_pop (trainer->commands, worker.next_epoch - now);
      else
        command = g_async_queue_try_pop (trainer->commands);

      if (command != NULL)
        {
          running = worker_handle (trainer, &worker, command);
          command_free (command);
          if (running && worker.dirty && !(worker.playing && worker.model != NULL))
            worker_publish (trainer, &worker);
          continue;
        }

      /* Step 2: one epoch. */
      if (worker.model != NULL && (worker.playing || worker.pending_steps > 0))
        {
          if (worker.pending_steps > 0)
            worker.pending_steps--;
          worker.next_epoch = g_get_monotonic_time () + EPOCH_INTERVAL_US;
          worker_train_epoch (trainer, &worker);
        }

      /* Step 3: publish, throttled while playing. */
      if (worker.dirty
          && (!worker.playing
              || g_get_monotonic_time () - worker.last_publish >= PUBLISH_INTERVAL_US))
        worker_publish (trainer, &worker);
    }

  worker_free_run (&worker);
  g_clear_pointer (&worker.new_data, nrt_trainer_data_unref);
  g_clear_pointer (&worker.new_error, g_free);
  g_array_unref (worker.new_train_loss);
  g_array_unref (worker.new_test_loss);
  return NULL;
}

/* UI side */

NrtTrainer *
nrt_trainer_new (void)
{
  NrtTrainer *trainer = g_new0 (NrtTrainer, 1);

  g_mutex_init (&trainer->lock);
  atomic_init (&trainer->cancel, 0);
  trainer->commands = g_async_queue_new ();
  trainer->thread = g_thread_new ("neurite-trainer", trainer_worker, trainer);
  return trainer;
}

static void
trainer_send (NrtTrainer *trainer, CommandKind kind, NrtTrainerConfig *config, double value)
{
  Command *command = g_new0 (Command, 1);

  command->kind = kind;
  command->config = config;
  command->learning_rate = value;
  if (kind == COMMAND_RESET)
    command->run = trainer->last_run;
  g_async_queue_push (trainer->commands, command);
}

void
nrt_trainer_free (NrtTrainer *trainer)
{
  Command *command;

  if (trainer == NULL)
    return;

  atomic_store (&trainer->cancel, 1);
  trainer_send (trainer, COMMAND_QUIT, NULL, 0.0);
  g_thread_join (trainer->thread);

  while ((command = g_async_queue_try_pop (trainer->commands)) != NULL)
    command_free (command);
  g_async_queue_unref (trainer->commands);
  nrt_trainer_snapshot_clear (&trainer->slot);
  g_mutex_clear (&trainer->lock);
  g_free (trainer);
}

guint
nrt_trainer_reset (NrtTrainer *trainer, NrtTrainerConfig *config)
{
  g_return_val_if_fail (config != NULL && config->dataset != NULL, 0);
  g_return_val_if_fail (config->n_layers > 0, 0);

  trainer->last_run++;
  atomic_store (&trainer->cancel, 1);
  trainer_send (trainer, COMMAND_RESET, config, 0.0);
  return trainer->last_run;
}

void
nrt_trainer_play (NrtTrainer *trainer)
{
  trainer_send (trainer, COMMAND_PLAY, NULL, 0.0);
}

void
nrt_trainer_pause (NrtTrainer *trainer)
{
  trainer_send (trainer, COMMAND_PAUSE, NULL, 0.0);
}

void
nrt_trainer_step (NrtTrainer *trainer)
{
  trainer_send (trainer, COMMAND_STEP, NULL, 0.0);
}

void
nrt_trainer_set_learning_rate (NrtTrainer *trainer, double learning_rate)
{
  g_return_if_fail (learning_rate > 0.0);

  trainer_send (trainer, COMMAND_SET_LEARNING_RATE, NULL, learning_rate);
}

void
nrt_trainer_set_parameter (NrtTrainer *trainer, gsize flat_index, float value)
{
  Command *command = g_new0 (Command, 1);

  command->kind = COMMAND_SET_PARAMETER;
  command->index = flat_index;
  command->value = value;
  g_async_queue_push (trainer->commands, command);
}

void
nrt_trainer_apply_gradients (NrtTrainer *trainer, const float *grads, gsize n_params)
{
  Command *command;

  g_return_if_fail (grads != NULL && n_params > 0);

  command = g_new0 (Command, 1);
  command->kind = COMMAND_APPLY_GRADIENTS;
  command->grads = g_memdup2 (grads, n_params * sizeof (float));
  command->n_params = n_params;
  g_async_queue_push (trainer->commands, command);
}

gboolean
nrt_trainer_take_snapshot (NrtTrainer *trainer, NrtTrainerSnapshot *snapshot)
{
  if (!g_mutex_trylock (&trainer->lock))
    return FALSE;

  if (!trainer->slot_full)
    {
      g_mutex_unlock (&trainer->lock);
      return FALSE;
    }

  *snapshot = trainer->slot;
  memset (&trainer->slot, 0, sizeof trainer->slot);
  trainer->slot.run = snapshot->run;
  trainer->slot_full = FALSE;

  g_mutex_unlock (&trainer->lock);
  return TRUE;
}
