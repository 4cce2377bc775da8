/* nrt-plot-network-maps.c: the neurons' response maps of the network
 * diagram. */
#define G_LOG_DOMAIN "Neurite-Plot"

#include "config.h"

#include "nrt-plot-network-maps.h"

#include <math.h>

void
nrt_plot_network_scale_activations (NrtActivation activation, float *values, gsize n)
{
  float max_abs = 0.0f;

  g_return_if_fail (values != NULL || n == 0);

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

void
nrt_plot_network_fill_maps (const float *grid, gsize n_cells,
                            const NrtDenseConfig *layers, int n_layers,
                            float *const *layer_outputs, float *maps)
{
  float *map = maps;

  g_return_if_fail (grid != NULL && maps != NULL && n_layers >= 0);
  g_return_if_fail (n_layers == 0 || (layers != NULL && layer_outputs != NULL));

  /* Step 1: the input neurons, x1 and x2 over the plane. */
  for (int feature = 0; feature < 2; feature++, map += n_cells)
    {
      for (gsize cell = 0; cell < n_cells; cell++)
        map[cell] = grid[2 * cell + feature];
      nrt_plot_network_scale_activations (NRT_ACTIVATION_LINEAR, map, n_cells);
    }

  /* Step 2: each layer, scaled as a whole in its (cells, units) layout,
   * then written unit after unit as (units, cells). */
  for (int l = 0; l < n_layers; l++)
    {
      const int units = layers[l].units;
      float *outputs = layer_outputs[l];

      nrt_plot_network_scale_activations (layers[l].activation, outputs,
                                          n_cells * (gsize) units);
      for (int unit = 0; unit < units; unit++, map += n_cells)
        for (gsize cell = 0; cell < n_cells; cell++)
          map[cell] = outputs[cell * units + unit];
    }
}
