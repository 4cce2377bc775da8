/* nrt-trainer-plane.c: the plane through feature space that the decision
 * regions and the neurons' response maps are drawn on.
 *
 * A plane is two features, the others held at their training mean, or the
 * first two principal components of the training part. Each grid cell is a
 * point of the plane mapped back to a row of model inputs: through
 * nrt_features_fill_plane or nrt_pca_inverse, then the derived features of
 * two-feature data. The data points are the rows of every part projected
 * on the plane.
 */
#define G_LOG_DOMAIN "neurite-trainer"

#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "core/nrt-features.h"
#include "core/nrt-fit.h"
#include "plot/nrt-plot-network-maps.h"
#include "plot/nrt-plot-regions.h"

#include "nrt-trainer-private.h"

/* The dataset's features, before derived features. */
static int
base_features (const Worker *worker)
{
  return worker->config->dataset->n_features;
}

void
nrt_trainer_worker_prepare_views (Worker *worker)
{
  const NrtTrainerConfig *config = worker->config;
  const NrtDataset *dataset = config->dataset;
  const gsize grid_cells = GRID_SIZE * GRID_SIZE;
  const gsize heat_cells = HEATMAP_SIZE * HEATMAP_SIZE;
  int n_base = base_features (worker);
  int n_units = 0;

  /* Step 1: the sizes of the run. */
  worker->n_inputs = worker->train->n_features;
  worker->n_outputs = config->layers[config->n_layers - 1].units;
  worker->derived_features = worker->n_inputs != n_base ? config->derived_features : 0;
  for (int l = 0; l < config->n_layers; l++)
    n_units += config->layers[l].units;
  worker->n_neurons = worker->n_inputs + n_units;
  worker->has_grads = FALSE;

  /* Step 2: the training means, the values of the features that a plane of
   * two features does not vary, and the range of the first target for the
   * regression colours. */
  worker->input_mean = g_new (float, worker->n_inputs);
  nrt_dataset_feature_means (worker->train, worker->input_mean);
  worker->value_min = 0.0;
  worker->value_max = 1.0;
  if (dataset->task == NRT_TASK_REGRESSION && dataset->n_samples > 0)
    {
      worker->value_min = worker->value_max = dataset->y[0];
      for (int i = 1; i < dataset->n_samples; i++)
        {
          double value = dataset->y[(gsize) i * dataset->n_targets];

          worker->value_min = MIN (worker->value_min, value);
          worker->value_max = MAX (worker->value_max, value);
        }
    }

  /* Step 3: the grids, which need a plane, so two features at least. */
  if (n_base < 2)
    return;

  worker->grid_plane = g_new (float, 2 * grid_cells);
  worker->grid_inputs = g_new (float, grid_cells * worker->n_inputs);
  worker->grid_outputs = g_new (float, grid_cells * worker->n_outputs);
  if (dataset->task == NRT_TASK_REGRESSION && worker->n_outputs > 1)
    worker->grid_first_output = g_new (float, grid_cells);

  worker->heat_plane = g_new (float, 2 * heat_cells);
  worker->heat_inputs = g_new (float, heat_cells * worker->n_inputs);
  worker->heat_layer_maps = g_new (float, (2 + (gsize) n_units) * heat_cells);
  worker->heat_outputs = g_new0 (float *, config->n_layers);
  worker->config_n_layers = config->n_layers;
  for (int l = 0; l < config->n_layers; l++)
    worker->heat_outputs[l] = g_new (float, (gsize) config->layers[l].units * heat_cells);

  /* Derived features are computed from rows of the base features. */
  if (worker->derived_features != 0)
    {
      worker->grid_base = g_new (float, grid_cells * n_base);
      worker->heat_base = g_new (float, heat_cells * n_base);
    }
}

void
nrt_trainer_worker_free_views (Worker *worker)
{
  g_clear_pointer (&worker->pca, nrt_pca_free);
  g_clear_pointer (&worker->input_mean, g_free);
  g_clear_pointer (&worker->grid_plane, g_free);
  g_clear_pointer (&worker->grid_base, g_free);
  g_clear_pointer (&worker->grid_inputs, g_free);
  g_clear_pointer (&worker->grid_outputs, g_free);
  g_clear_pointer (&worker->grid_first_output, g_free);
  g_clear_pointer (&worker->heat_plane, g_free);
  g_clear_pointer (&worker->heat_base, g_free);
  g_clear_pointer (&worker->heat_inputs, g_free);
  g_clear_pointer (&worker->heat_layer_maps, g_free);
  if (worker->heat_outputs != NULL)
    for (int l = 0; l < worker->config_n_layers; l++)
      g_free (worker->heat_outputs[l]);
  g_clear_pointer (&worker->heat_outputs, g_free);
  worker->config_n_layers = 0;
  worker->has_plane = FALSE;
}

/* Copies the first n_base columns of part's rows into a new (n, n_base)
 * table, for the PCA of data with derived features. */
static float *
copy_base_columns (const NrtDataset *part, int n_base)
{
  float *base = g_new (float, (gsize) part->n_samples * n_base);

  for (int i = 0; i < part->n_samples; i++)
    memcpy (base + (gsize) i * n_base, part->x + (gsize) i * part->n_features,
            (gsize) n_base * sizeof (float));
  return base;
}

/* Projects the rows of part on the plane into points (n, 2). */
static void
project_part (const Worker *worker, const NrtPlane *plane, const NrtPca *pca,
              const NrtDataset *part, float *points)
{
  int n_base = base_features (worker);

  if (plane->kind == NRT_PLANE_PCA)
    {
      g_autofree float *base = NULL;

      if (part->n_features != n_base)
        base = copy_base_columns (part, n_base);
      nrt_pca_transform (pca, base != NULL ? base : part->x, part->n_samples, points);
      return;
    }

  for (int i = 0; i < part->n_samples; i++)
    {
      const float *row = part->x + (gsize) i * part->n_features;

      points[2 * i] = row[plane->feature_u];
      points[2 * i + 1] = row[plane->feature_v];
    }
}

/* Returns the label of principal component k: its share of the variance. */
static char *
component_label (const NrtPca *pca, int k)
{
  if (!(pca->total_variance > 0.0))
    return g_strdup_printf (_("PC%d"), k + 1);

  /* TRANSLATORS: a principal component and the share of the data's
   * variance along it, such as "PC1 (72 % of variance)". */
  return g_strdup_printf (_("PC%d (%.0f %% of variance)"), k + 1,
                          100.0 * pca->variance[k] / pca->total_variance);
}

/* Fills the per-point arrays of data from the parts, in the order
 * training, validation, test. */
static void
fill_point_labels (const Worker *worker, NrtTrainerData *data)
{
  const NrtTrainerSplits *splits = worker->splits;
  int n = 0;

  data->point_is_test = g_new0 (gboolean, MAX (data->n_points, 1));
  data->point_is_validation = g_new0 (gboolean, MAX (data->n_points, 1));
  if (data->task == NRT_TASK_CLASSIFICATION)
    data->point_classes = g_new (int, MAX (data->n_points, 1));
  else if (data->task == NRT_TASK_REGRESSION)
    data->point_values = g_new (float, MAX (data->n_points, 1));

  for (int s = 0; s < NRT_SPLIT_COUNT; s++)
    {
      const NrtDataset *part = splits->parts[s];

      for (int i = 0; part != NULL && i < part->n_samples; i++, n++)
        {
          float first_target = part->y[(gsize) i * part->n_targets];

          data->point_is_test[n] = s == NRT_SPLIT_TEST;
          data->point_is_validation[n] = s == NRT_SPLIT_VALIDATION;
          if (data->point_classes != NULL)
            data->point_classes[n] = (int) first_target;
          if (data->point_values != NULL)
            data->point_values[n] = first_target;
        }
    }
}

static int
part_size (const NrtTrainerSplits *splits, NrtSplit s)
{
  return splits->parts[s] != NULL ? splits->parts[s]->n_samples : 0;
}

/* Builds the regions view's data of the run on plane, pca being the fit of
 * a PCA plane. Without a plane (data of one feature) it has no points. */
static NrtTrainerData *
make_data (const Worker *worker, const NrtPlane *plane, const NrtPca *pca)
{
  const NrtDataset *full = worker->config->dataset;
  const NrtTrainerSplits *splits = worker->splits;
  NrtTrainerData *data = g_atomic_rc_box_new0 (NrtTrainerData);
  int n = 0;

  /* Step 1: what describes the run. */
  data->run = worker->run;
  data->splits = nrt_trainer_splits_ref (worker->splits);
  data->task = full->task;
  data->n_features = full->n_features;
  data->n_classes = full->n_classes;
  data->plane = *plane;
  data->n_train = part_size (splits, NRT_SPLIT_TRAIN);
  data->n_validation = part_size (splits, NRT_SPLIT_VALIDATION);
  data->n_test = part_size (splits, NRT_SPLIT_TEST);
  data->n_points = data->n_train + data->n_validation + data->n_test;
  data->value_min = worker->value_min;
  data->value_max = worker->value_max;
  data->class_names = g_new0 (char *, full->n_classes + 1);
  for (int c = 0; c < full->n_classes; c++)
    data->class_names[c] = g_strdup (full->class_names[c]);
  fill_point_labels (worker, data);

  if (full->n_features < 2)
    {
      data->x_label = g_strdup (full->n_features > 0 ? full->feature_names[0] : "");
      data->y_label = g_strdup ("");
      return data;
    }

  /* Step 2: the axes' names. */
  if (plane->kind == NRT_PLANE_PCA)
    {
      data->x_label = component_label (pca, 0);
      data->y_label = component_label (pca, 1);
    }
  else
    {
      data->x_label = g_strdup (full->feature_names[plane->feature_u]);
      data->y_label = g_strdup (full->feature_names[plane->feature_v]);
    }

  /* Step 3: the points on the plane, and the plane's bounds around them. */
  data->points = g_new (float, 2 * (gsize) MAX (data->n_points, 1));
  for (int s = 0; s < NRT_SPLIT_COUNT; s++)
    {
      const NrtDataset *part = splits->parts[s];

      if (part == NULL)
        continue;
      project_part (worker, plane, pca, part, data->points + 2 * (gsize) n);
      n += part->n_samples;
    }
  nrt_plot_regions_fit_bounds (data->points, data->n_points, worker->config->square_plane,
                               &data->x_min, &data->x_max, &data->y_min, &data->y_max);
  return data;
}

/* Fills the plane coordinates of a size by size grid, row 0 at y_max. With
 * linspace, the coordinates run from edge to edge as numpy.linspace places
 * them, which is the layout nrt_plot_regions_render_image expects. Without,
 * they are the centres of size equal cells, the response maps' layout.
 * Then maps them to model inputs through base (size², n_features) scratch
 * rows, or straight into inputs when base is NULL. */
static void
fill_grid (const Worker *worker, int size, gboolean linspace, float *plane_xy, float *base,
           float *inputs)
{
  const gsize n_cells = (gsize) size * size;
  float u_values[GRID_SIZE];
  float v_values[GRID_SIZE];
  double x_step, y_step, offset;

  g_assert (size >= 2 && size <= GRID_SIZE);

  /* Step 1: the coordinates along each axis. */
  x_step = (worker->plane_x_max - worker->plane_x_min) / (linspace ? size - 1 : size);
  y_step = (worker->plane_y_max - worker->plane_y_min) / (linspace ? size - 1 : size);
  offset = linspace ? 0.0 : 0.5;
  for (int i = 0; i < size; i++)
    {
      u_values[i] = (float) (worker->plane_x_min + (i + offset) * x_step);
      v_values[i] = (float) (worker->plane_y_max - (i + offset) * y_step);
    }
  for (int row = 0; row < size; row++)
    for (int col = 0; col < size; col++)
      {
        plane_xy[2 * (row * size + col)] = u_values[col];
        plane_xy[2 * (row * size + col) + 1] = v_values[row];
      }

  /* Step 2: the rows of base features. */
  if (base == NULL)
    base = inputs;
  if (worker->plane.kind == NRT_PLANE_PCA)
    nrt_pca_inverse (worker->pca, plane_xy, (int) n_cells, base);
  else
    nrt_features_fill_plane (worker->input_mean, base_features (worker),
                             worker->plane.feature_u, u_values, size,
                             worker->plane.feature_v, v_values, size, base);

  /* Step 3: the derived features of two-feature data. */
  if (base != inputs)
    nrt_derived_features_apply (worker->derived_features, base, (int) n_cells, inputs);
}

/* Checks plane against the data; returns FALSE with error set when it does
 * not fit. */
static gboolean
check_plane (const Worker *worker, const NrtPlane *plane, GError **error)
{
  int n_base = base_features (worker);

  if (n_base < 2)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The data has one feature, and a plane for the decision regions needs "
                     "two."));
      return FALSE;
    }
  if (plane->kind == NRT_PLANE_PCA)
    return TRUE;
  if (plane->kind != NRT_PLANE_FEATURES
      || plane->feature_u < 0 || plane->feature_u >= n_base
      || plane->feature_v < 0 || plane->feature_v >= n_base
      || plane->feature_u == plane->feature_v)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Could not draw the decision regions over features %d and %d: choose two "
                     "different features from 1 to %d."),
                   plane->feature_u + 1, plane->feature_v + 1, n_base);
      return FALSE;
    }
  return TRUE;
}

/* Fits the two principal components of the training part's features. */
static NrtPca *
fit_pca (const Worker *worker, GError **error)
{
  const NrtDataset *train = worker->train;
  int n_base = base_features (worker);
  g_autofree float *base = NULL;
  NrtError err = { 0 };
  NrtPca *pca;

  if (train->n_features != n_base)
    base = copy_base_columns (train, n_base);
  pca = nrt_pca_fit (base != NULL ? base : train->x, train->n_samples, n_base, 2, &err);
  if (pca == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 _("Computing the principal components failed: %s"), err.message);
  return pca;
}

gboolean
nrt_trainer_worker_set_plane (Worker *worker, const NrtPlane *plane, GError **error)
{
  NrtPca *pca = NULL;
  NrtTrainerData *data;

  if (worker->splits == NULL)
    return TRUE;

  /* Step 1: check the plane, and fit the PCA, before changing anything. */
  if (!check_plane (worker, plane, error))
    {
      /* Data of one feature has no plane, but its data still goes out, so
       * that the view explains why it draws no regions. */
      if (base_features (worker) < 2 && worker->new_data == NULL)
        {
          worker->new_data = make_data (worker, plane, NULL);
          worker->dirty = TRUE;
        }
      return FALSE;
    }
  if (plane->kind == NRT_PLANE_PCA)
    {
      pca = fit_pca (worker, error);
      if (pca == NULL)
        return FALSE;
    }

  /* Step 2: the new plane, its points and its bounds. */
  data = make_data (worker, plane, pca);
  g_clear_pointer (&worker->pca, nrt_pca_free);
  worker->pca = pca;
  worker->plane = *plane;
  worker->has_plane = TRUE;
  worker->plane_x_min = data->x_min;
  worker->plane_x_max = data->x_max;
  worker->plane_y_min = data->y_min;
  worker->plane_y_max = data->y_max;
  g_clear_pointer (&worker->new_data, nrt_trainer_data_unref);
  worker->new_data = data;
  worker->dirty = TRUE;

  /* Step 3: the model inputs of the region grid and the response maps. */
  if (worker->grid_inputs != NULL)
    {
      fill_grid (worker, GRID_SIZE, TRUE, worker->grid_plane, worker->grid_base,
                 worker->grid_inputs);
      fill_grid (worker, HEATMAP_SIZE, FALSE, worker->heat_plane, worker->heat_base,
                 worker->heat_inputs);
    }
  return TRUE;
}

static inline float
sigmoid (float x)
{
  return 1.0f / (1.0f + expf (-x));
}

/* Turns the grid's outputs into what the region renderer expects: class
 * or label probabilities in [0, 1] for classification, the values for
 * regression. */
static void
outputs_to_probabilities (Worker *worker)
{
  const NrtLossConfig *loss = &worker->config->loss;
  gboolean logits = loss->from_logits && nrt_loss_is_crossentropy (loss->kind);
  gboolean softmax = logits && loss->kind == NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY;
  int k = worker->n_outputs;

  if (worker->config->dataset->task == NRT_TASK_REGRESSION)
    return;

  for (int i = 0; i < GRID_SIZE * GRID_SIZE; i++)
    {
      float *out = worker->grid_outputs + (gsize) i * k;

      if (softmax)
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
      else if (logits)
        {
          /* Binary cross-entropy: each unit is its own label. */
          for (int j = 0; j < k; j++)
            out[j] = sigmoid (out[j]);
        }
      else
        {
          /* Linear outputs trained with mean squared error can leave [0, 1]. */
          for (int j = 0; j < k; j++)
            out[j] = CLAMP (out[j], 0.0f, 1.0f);
        }
    }
}

cairo_surface_t *
nrt_trainer_worker_render_regions (Worker *worker)
{
  const gsize n_cells = GRID_SIZE * GRID_SIZE;
  NrtRegionGrid grid = { 0 };
  NrtError err = { 0 };

  if (!worker->has_plane || worker->grid_inputs == NULL || worker->model == NULL)
    return NULL;

  if (nrt_model_predict (worker->model, worker->grid_inputs, (int) n_cells,
                         worker->grid_outputs, &err) != NRT_OK)
    {
      g_autofree char *message = g_strdup_printf (_("Computing the decision regions failed: %s"),
                                                  err.message);
      nrt_trainer_worker_set_error (worker, message);
      return NULL;
    }
  outputs_to_probabilities (worker);

  grid.grid_width = GRID_SIZE;
  grid.grid_height = GRID_SIZE;
  grid.n_outputs = worker->n_outputs;
  grid.n_classes = worker->config->dataset->n_classes;
  grid.values = worker->grid_outputs;
  grid.value_min = worker->value_min;
  grid.value_max = worker->value_max;

  /* A regression of several targets shows the first one. */
  if (worker->grid_first_output != NULL)
    {
      for (gsize i = 0; i < n_cells; i++)
        worker->grid_first_output[i] = worker->grid_outputs[i * worker->n_outputs];
      grid.n_outputs = 1;
      grid.values = worker->grid_first_output;
    }
  return nrt_plot_regions_render_image (&grid);
}

void
nrt_trainer_worker_fill_heatmaps (Worker *worker, NrtTrainerWeights *weights)
{
  const gsize n_cells = HEATMAP_SIZE * HEATMAP_SIZE;
  gsize n_layer_values;
  NrtError err = { 0 };

  if (!worker->has_plane || worker->heat_inputs == NULL)
    return;

  /* Step 1: every layer's activations over the plane, (cells, units). */
  if (nrt_model_predict_layers (worker->model, worker->heat_inputs, (int) n_cells,
                                worker->heat_outputs, &err) != NRT_OK)
    {
      g_warning ("Computing the neurons' response maps failed: %s", err.message);
      return;
    }

  /* Step 2: the layers' maps, scaled and transposed to (units, cells),
   * after two maps of the plane's axes that step 3 replaces. */
  nrt_plot_network_fill_maps (worker->heat_plane, n_cells, worker->config->layers,
                              worker->config->n_layers, worker->heat_outputs,
                              worker->heat_layer_maps);
  weights->heatmap_size = HEATMAP_SIZE;
  weights->heatmaps = g_new (float, (gsize) worker->n_neurons * n_cells);
  n_layer_values = (gsize) (worker->n_neurons - worker->n_inputs) * n_cells;
  memcpy (weights->heatmaps + (gsize) worker->n_inputs * n_cells,
          worker->heat_layer_maps + 2 * n_cells, n_layer_values * sizeof (float));

  /* Step 3: each input's difference from its training mean over the
   * plane, divided by its maximum |difference| there, so that a feature
   * held at its mean has a white map and data of positive features does
   * not turn every input map blue. */
  for (int f = 0; f < worker->n_inputs; f++)
    {
      float *map = weights->heatmaps + (gsize) f * n_cells;
      float max = 0.0f;

      for (gsize cell = 0; cell < n_cells; cell++)
        {
          map[cell] = worker->heat_inputs[cell * worker->n_inputs + f] - worker->input_mean[f];
          if (isfinite (map[cell]))
            max = MAX (max, fabsf (map[cell]));
        }
      for (gsize cell = 0; max > 0.0f && cell < n_cells; cell++)
        map[cell] /= max;
    }
}
