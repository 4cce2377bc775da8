/* nrt-trainer-snapshot.c: what the training worker publishes for the UI.
 *
 * On the worker's side, the views of a run: the points of the data, the
 * decision-region image over GRID_SIZE x GRID_SIZE points of the input
 * plane, and every neuron's response map, moved into the shared slot. On
 * the UI's side, taking them out of the slot without waiting.
 */
#define G_LOG_DOMAIN "neurite-trainer"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/nrt-fit.h"
#include "core/nrt-model.h"
#include "plot/nrt-plot-network-maps.h"
#include "plot/nrt-plot-regions.h"

#include "nrt-trainer-private.h"

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

/* Collects the points of both splits for the regions view, and the plane
 * that contains them. */
NrtTrainerData *
nrt_trainer_worker_make_data (Worker *worker)
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

/* Allocates the run's buffers for the region grid and the response maps,
 * once per run, and finds the range of regression targets for the region
 * colours. Needs worker->new_data for the plane. */
void
nrt_trainer_worker_prepare_views (Worker *worker)
{
  const NrtTrainerConfig *config = worker->config;
  const NrtDenseConfig *output;

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
}

void
nrt_trainer_worker_free_views (Worker *worker)
{
  g_clear_pointer (&worker->grid_inputs, g_free);
  g_clear_pointer (&worker->grid_outputs, g_free);
  g_clear_pointer (&worker->heat_inputs, g_free);
  if (worker->heat_outputs != NULL)
    for (int l = 0; l < worker->config_n_layers; l++)
      g_free (worker->heat_outputs[l]);
  g_clear_pointer (&worker->heat_outputs, g_free);
  worker->config_n_layers = 0;
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
      nrt_trainer_worker_set_error (worker, message);
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
   * and x2 first, then the layers, each scaled to [-1, 1]. */
  weights->heatmap_size = HEATMAP_SIZE;
  weights->heatmaps = g_new (float, (gsize) worker->n_neurons * n_cells);
  nrt_plot_network_fill_maps (worker->heat_inputs, n_cells, worker->config->layers,
                              worker->config->n_layers, worker->heat_outputs, weights->heatmaps);
  return weights;
}

/* Moves what the worker has not published yet into the slot. The region
 * image is rendered before taking the lock, which is then held only to
 * move pointers and append a few rows. */
void
nrt_trainer_worker_publish (NrtTrainer *trainer, Worker *worker)
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

/* UI side */

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
