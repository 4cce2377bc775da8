/* nrt-cli-views.c: the data behind each view of "neurite-cli plot". */
#define G_LOG_DOMAIN "neurite-cli"

#include "config.h"

#include "nrt-cli-views.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/nrt-features.h"
#include "core/nrt-fit.h"
#include "core/nrt-graph.h"
#include "core/nrt-pca.h"
#include "plot/nrt-plot-network-maps.h"
#include "nrt-cli-options.h"

/* The scaling lives in src/plot, so that the app's response maps match the
 * CLI's. */
void
nrt_cli_scale_activations (NrtActivation activation, float *values, gsize n)
{
  nrt_plot_network_scale_activations (activation, values, n);
}

void
nrt_cli_logits_to_probabilities (float *values, int n, int n_outputs)
{
  for (int row = 0; row < n; row++)
    {
      float *v = values + (gsize) row * n_outputs;
      double max = -INFINITY;
      double sum = 0;

      if (n_outputs == 1)
        {
          v[0] = (float) (1.0 / (1.0 + exp (-(double) v[0])));
          continue;
        }

      for (int k = 0; k < n_outputs; k++)
        max = fmax (max, v[k]);
      for (int k = 0; k < n_outputs; k++)
        sum += exp (v[k] - max);
      for (int k = 0; k < n_outputs; k++)
        v[k] = (float) (exp (v[k] - max) / sum);
    }
}

gboolean
nrt_cli_run_first_batch (NrtModel *model, const NrtDataset *data, int batch_size,
                         GError **error)
{
  NrtGraph *graph = nrt_model_get_graph (model);
  NrtError err = { 0 };
  int count = MIN (batch_size, data->n_samples);
  int x_node, y_node;
  float *x, *y;

  g_return_val_if_fail (graph != NULL && count >= 1, FALSE);

  /* Rebuilding reallocates the input buffers, so they are fetched after. */
  if (nrt_graph_get_max_batch (graph) < count
      && nrt_graph_build (graph, count, &err) != NRT_OK)
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                   _("Preparing the computation graph for a batch of %d samples failed: %s"),
                   count, err.message);
      return FALSE;
    }

  x_node = nrt_graph_find_node (graph, "x");
  y_node = nrt_graph_find_node (graph, "y");
  g_return_val_if_fail (x_node >= 0 && y_node >= 0, FALSE);
  x = nrt_graph_get_node (graph, x_node)->value->data;
  y = nrt_graph_get_node (graph, y_node)->value->data;
  memcpy (x, data->x, (gsize) count * data->n_features * sizeof (float));
  memcpy (y, data->y, (gsize) count * data->n_targets * sizeof (float));

  nrt_graph_set_batch (graph, count);
  nrt_graph_forward (graph);
  nrt_graph_backward (graph, nrt_model_get_loss_node (model));
  return TRUE;
}

/* Fills points (size * size, 2) with the centres of a grid over the plane,
 * row 0 at y_max, as numpy.linspace spaces them. */
static void
fill_plane_grid (float *points, int size, double x_min, double x_max, double y_min,
                 double y_max)
{
  for (int row = 0; row < size; row++)
    for (int column = 0; column < size; column++)
      {
        float *point = points + 2 * ((gsize) row * size + column);

        point[0] = (float) (x_min + column * (x_max - x_min) / (size - 1));
        point[1] = (float) (y_max - row * (y_max - y_min) / (size - 1));
      }
}

/* Computes every neuron's heatmap; the model has 2 inputs. */
static gboolean
compute_heatmaps (NrtCliNetworkView *view, NrtModel *model, const NrtDataset *data,
                  GError **error)
{
  int n_layers = nrt_model_get_n_layers (model);
  int n_columns = n_layers + 1;
  gsize n_cells = (gsize) NRT_CLI_HEATMAP_SIZE * NRT_CLI_HEATMAP_SIZE;
  g_autofree float *grid = g_new (float, n_cells * 2);
  g_autofree float **layer_outputs = g_new0 (float *, n_layers);
  g_autofree NrtDenseConfig *layers = g_new (NrtDenseConfig, n_layers);
  g_autofree float *maps = NULL;
  double x_min, x_max, y_min, y_max;
  NrtError err = { 0 };
  gsize n_neurons = 2, first = 0;

  nrt_plot_regions_fit_bounds (data->x, data->n_samples, TRUE, &x_min, &x_max, &y_min, &y_max);
  fill_plane_grid (grid, NRT_CLI_HEATMAP_SIZE, x_min, x_max, y_min, y_max);

  /* Step 1: every layer's activations over the plane, (cells, units). */
  for (int l = 0; l < n_layers; l++)
    {
      layers[l] = *nrt_model_get_layer (model, l);
      layer_outputs[l] = g_new (float, n_cells * layers[l].units);
      n_neurons += layers[l].units;
    }
  if (nrt_model_predict_layers (model, grid, (int) n_cells, layer_outputs, &err) != NRT_OK)
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                   _("Computing the neurons' responses over the input plane failed: %s"),
                   err.message);
      for (int l = 0; l < n_layers; l++)
        g_free (layer_outputs[l]);
      return FALSE;
    }

  /* Step 2: the maps of all neurons, x1 and x2 first, then the layers,
   * each scaled to [-1, 1]. */
  maps = g_new (float, n_neurons * n_cells);
  nrt_plot_network_fill_maps (grid, n_cells, layers, n_layers, layer_outputs, maps);
  for (int l = 0; l < n_layers; l++)
    g_free (layer_outputs[l]);

  /* Step 3: one buffer per column, and a pointer per neuron. */
  view->heatmaps = g_new0 (const float **, n_columns);
  view->heatmap_values = g_new0 (float *, n_columns);
  for (int c = 0; c < n_columns; c++)
    {
      int units = view->sizes[c];

      view->heatmap_values[c] = g_memdup2 (maps + first * n_cells,
                                           (gsize) units * n_cells * sizeof (float));
      first += units;
      view->heatmaps[c] = g_new (const float *, units);
      for (int i = 0; i < units; i++)
        view->heatmaps[c][i] = view->heatmap_values[c] + (gsize) i * n_cells;
    }
  return TRUE;
}

gboolean
nrt_cli_network_view_init (NrtCliNetworkView *view, NrtModel *model, const NrtDataset *data,
                           const char *title, GError **error)
{
  int n_layers = nrt_model_get_n_layers (model);
  int n_columns = n_layers + 1;
  const float *params = nrt_model_get_params (model);
  const float *grads = nrt_model_get_grads (model);

  *view = (NrtCliNetworkView) { 0 };
  view->sizes = g_new (int, n_columns);
  view->titles = g_new0 (char *, n_columns + 1);
  view->kernels = g_new0 (const float *, n_layers);
  view->biases = g_new0 (const float *, n_layers);
  view->kernel_grads = g_new0 (const float *, n_layers);
  view->bias_grads = g_new0 (const float *, n_layers);

  view->sizes[0] = nrt_model_get_n_inputs (model);
  view->titles[0] = g_strdup (_("Input"));
  for (int l = 0; l < n_layers; l++)
    {
      const NrtDenseConfig *layer = nrt_model_get_layer (model, l);
      float *kernel = nrt_model_get_kernel (model, l);
      float *bias = nrt_model_get_bias (model, l);

      view->sizes[l + 1] = layer->units;
      view->titles[l + 1] = g_strdup_printf ("%s (%s)", nrt_model_get_layer_name (model, l),
                                             nrt_activation_name (layer->activation));
      view->kernels[l] = kernel;
      view->biases[l] = bias;
      /* The gradient buffer has the layout of the parameter buffer. */
      view->kernel_grads[l] = grads + (kernel - params);
      view->bias_grads[l] = bias != NULL ? grads + (bias - params) : NULL;
    }

  if (view->sizes[0] == 2 && !compute_heatmaps (view, model, data, error))
    return FALSE;

  view->plot.n_columns = n_columns;
  view->plot.sizes = view->sizes;
  view->plot.titles = (const char *const *) view->titles;
  view->plot.input_names = data->n_features == view->sizes[0]
                           ? (const char *const *) data->feature_names : NULL;
  view->plot.kernels = view->kernels;
  view->plot.biases = view->biases;
  view->plot.kernel_grads = view->kernel_grads;
  view->plot.bias_grads = view->bias_grads;
  view->plot.heatmaps = (const float *const *const *) view->heatmaps;
  view->plot.heatmap_size = view->heatmaps != NULL ? NRT_CLI_HEATMAP_SIZE : 0;
  view->plot.max_shown = 0;
  view->plot.hover_column = -1;
  view->plot.hover_index = -1;
  view->plot.title = title;
  /* A file is read away from the app, so it names what the colours mean. */
  view->plot.show_legend = TRUE;
  return TRUE;
}

void
nrt_cli_network_view_clear (NrtCliNetworkView *view)
{
  int n_columns = view->plot.n_columns > 0 ? view->plot.n_columns
                  : (view->titles != NULL ? (int) g_strv_length (view->titles) : 0);

  if (view->heatmaps != NULL)
    for (int c = 0; c < n_columns; c++)
      g_free (view->heatmaps[c]);
  if (view->heatmap_values != NULL)
    for (int c = 0; c < n_columns; c++)
      g_free (view->heatmap_values[c]);
  g_free (view->heatmaps);
  g_free (view->heatmap_values);
  g_free (view->sizes);
  g_strfreev (view->titles);
  g_free (view->kernels);
  g_free (view->biases);
  g_free (view->kernel_grads);
  g_free (view->bias_grads);
  *view = (NrtCliNetworkView) { 0 };
}

gboolean
nrt_cli_graph_view_init (NrtCliGraphView *view, NrtModel *model, const char *title,
                         GError **error)
{
  NrtGraph *graph = nrt_model_get_graph (model);

  *view = (NrtCliGraphView) { 0 };
  view->layout = nrt_graph_layout_new (graph, error);
  if (view->layout == NULL)
    return FALSE;

  view->plot.graph = graph;
  view->plot.layout = view->layout;
  view->plot.show_values = TRUE;
  view->plot.active_node = -1;
  view->plot.done = NULL;
  view->plot.title = title;
  return TRUE;
}

void
nrt_cli_graph_view_clear (NrtCliGraphView *view)
{
  g_clear_pointer (&view->layout, nrt_graph_layout_free);
}

void
nrt_cli_loss_view_init (NrtCliLossView *view, const NrtCliHistory *history, const char *title)
{
  int n_epochs = nrt_cli_history_get_n_epochs (history);

  *view = (NrtCliLossView) { 0 };
  view->train_loss = g_new (double, MAX (n_epochs, 1));
  if (nrt_cli_history_has_validation (history))
    view->validation_loss = g_new (double, MAX (n_epochs, 1));
  nrt_cli_history_get_losses (history, view->train_loss, view->validation_loss);

  view->curves.train_loss = view->train_loss;
  view->curves.test_loss = view->validation_loss;
  view->curves.test_label = _("Validation");
  view->curves.n_epochs = n_epochs;
  view->curves.log_scale = FALSE;
  view->curves.title = title;
}

void
nrt_cli_loss_view_clear (NrtCliLossView *view)
{
  g_free (view->train_loss);
  g_free (view->validation_loss);
  *view = (NrtCliLossView) { 0 };
}

/* Returns the axis label of principal component k: its share of the
 * variance. */
static char *
format_component_label (const NrtPca *pca, int k)
{
  if (!(pca->total_variance > 0.0))
    return g_strdup_printf (_("PC%d"), k + 1);

  /* TRANSLATORS: a principal component and the share of the data's
   * variance along it, such as "PC1 (72 % of variance)". */
  return g_strdup_printf (_("PC%d (%.0f %% of variance)"), k + 1,
                          100.0 * pca->variance[k] / pca->total_variance);
}

/* Fits the first two principal components of the training rows of data
 * (assignment NRT_PART_TRAIN), projects every row on them into
 * view->points and names the axes. Returns NULL with error set when the
 * fit fails. */
static NrtPca *
fit_component_plane (NrtCliRegionsView *view, const NrtDataset *data, const guint8 *assignment,
                     GError **error)
{
  int n_features = data->n_features;
  g_autofree float *train_x = g_new (float, (gsize) MAX (data->n_samples, 1) * n_features);
  NrtError err = { 0 };
  NrtPca *pca;
  int n_train = 0;

  for (int i = 0; i < data->n_samples; i++)
    if (assignment[i] == NRT_PART_TRAIN)
      memcpy (train_x + (gsize) n_train++ * n_features, data->x + (gsize) i * n_features,
              (gsize) n_features * sizeof (float));

  pca = nrt_pca_fit (train_x, n_train, n_features, 2, &err);
  if (pca == NULL)
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                   _("Finding the principal components of the training data failed: %s"),
                   err.message);
      return NULL;
    }

  view->points = g_new (float, (gsize) MAX (data->n_samples, 1) * 2);
  nrt_pca_transform (pca, data->x, data->n_samples, view->points);
  view->x_label = format_component_label (pca, 0);
  view->y_label = format_component_label (pca, 1);
  return pca;
}

gboolean
nrt_cli_regions_view_init (NrtCliRegionsView *view, NrtModel *model, const NrtDataset *data,
                           unsigned derived_features, const guint8 *assignment,
                           const NrtLossConfig *loss, const char *title, GError **error)
{
  const int size = NRT_CLI_REGIONS_GRID_SIZE;
  gsize n_cells = (gsize) size * size;
  int n_outputs = nrt_model_get_n_outputs (model);
  g_autofree float *grid = g_new (float, n_cells * 2);
  g_autofree float *grid_inputs = NULL;
  NrtPca *pca = NULL;
  NrtRegionGrid region_grid = { 0 };
  NrtError err = { 0 };
  NrtRegionsPlot *plot = &view->plot;
  const float *points = data->x;

  g_return_val_if_fail (data->n_features >= 2, FALSE);

  *view = (NrtCliRegionsView) { 0 };

  /* Derived features follow from the first two, which span the plane.
   * Other data of more than 2 features is drawn on the plane of its first
   * two principal components, whose points map back to rows of inputs. */
  if (derived_features != 0)
    {
      view->points = g_new (float, (gsize) MAX (data->n_samples, 1) * 2);
      for (int i = 0; i < data->n_samples; i++)
        memcpy (view->points + 2 * (gsize) i, data->x + (gsize) i * data->n_features,
                2 * sizeof (float));
      points = view->points;
    }
  else if (data->n_features > 2)
    {
      pca = fit_component_plane (view, data, assignment, error);
      if (pca == NULL)
        return FALSE;
      points = view->points;
    }

  nrt_plot_regions_fit_bounds (points, data->n_samples, FALSE, &plot->x_min, &plot->x_max,
                               &plot->y_min, &plot->y_max);
  fill_plane_grid (grid, size, plot->x_min, plot->x_max, plot->y_min, plot->y_max);
  if (derived_features != 0)
    {
      if (nrt_derived_features_count (derived_features) != data->n_features)
        {
          g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                       _("The data has %d features, but its 2 features and their derived "
                         "features make %d"),
                       data->n_features, nrt_derived_features_count (derived_features));
          return FALSE;
        }
      grid_inputs = g_new (float, n_cells * data->n_features);
      nrt_derived_features_apply (derived_features, grid, (int) n_cells, grid_inputs);
    }
  else if (pca != NULL)
    {
      grid_inputs = g_new (float, n_cells * data->n_features);
      nrt_pca_inverse (pca, grid, (int) n_cells, grid_inputs);
      nrt_pca_free (pca);
    }

  view->grid_values = g_new (float, n_cells * n_outputs);
  if (nrt_model_predict (model, grid_inputs != NULL ? grid_inputs : grid, (int) n_cells,
                         view->grid_values, &err) != NRT_OK)
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                   _("Predicting over the input plane failed: %s"), err.message);
      return FALSE;
    }

  region_grid.grid_width = size;
  region_grid.grid_height = size;
  region_grid.n_outputs = n_outputs;
  region_grid.values = view->grid_values;
  if (!nrt_loss_is_crossentropy (loss->kind))
    {
      /* The colour scale spans the targets, so that colours match points. */
      region_grid.n_classes = 0;
      region_grid.value_min = INFINITY;
      region_grid.value_max = -INFINITY;
      for (int i = 0; i < data->n_samples; i++)
        {
          region_grid.value_min = fmin (region_grid.value_min, data->y[i]);
          region_grid.value_max = fmax (region_grid.value_max, data->y[i]);
        }
    }
  else
    {
      if (loss->from_logits)
        nrt_cli_logits_to_probabilities (view->grid_values, (int) n_cells, n_outputs);
      region_grid.n_classes = data->n_classes;
    }
  plot->image = nrt_plot_regions_render_image (&region_grid);

  /* As in the app, test points get a dark outline and validation points
   * are squares. */
  view->point_is_test = g_new (gboolean, MAX (data->n_samples, 1));
  view->point_is_validation = g_new (gboolean, MAX (data->n_samples, 1));
  for (int i = 0; i < data->n_samples; i++)
    {
      view->point_is_test[i] = assignment[i] == NRT_PART_TEST;
      view->point_is_validation[i] = assignment[i] == NRT_PART_VALIDATION;
    }
  if (data->n_classes > 0)
    {
      view->point_classes = g_new (int, data->n_samples);
      for (int i = 0; i < data->n_samples; i++)
        view->point_classes[i] = (int) data->y[i];
    }

  plot->points = points;
  plot->point_classes = view->point_classes;
  plot->point_is_test = view->point_is_test;
  plot->point_is_validation = view->point_is_validation;
  plot->n_points = data->n_samples;
  plot->n_classes = data->n_classes;
  plot->x_label = view->x_label != NULL ? view->x_label : data->feature_names[0];
  plot->y_label = view->y_label != NULL ? view->y_label : data->feature_names[1];
  plot->title = title;
  plot->class_names = (const char *const *) data->class_names;
  plot->nearest_filter = FALSE;
  return TRUE;
}

void
nrt_cli_regions_view_clear (NrtCliRegionsView *view)
{
  g_clear_pointer (&view->plot.image, cairo_surface_destroy);
  g_free (view->grid_values);
  g_free (view->point_classes);
  g_free (view->point_is_test);
  g_free (view->point_is_validation);
  g_free (view->points);
  g_free (view->x_label);
  g_free (view->y_label);
  *view = (NrtCliRegionsView) { 0 };
}
