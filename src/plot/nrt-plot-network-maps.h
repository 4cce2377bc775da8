/* nrt-plot-network-maps.h: the response maps that the network diagram draws
 * in each neuron, built from a model's activations over a grid of the 2-D
 * input plane.
 *
 * The maps follow TensorFlow Playground: every value lies in [-1, 1], and
 * each layer is scaled as a whole, so that neurons of one layer compare.
 */
#pragma once

#include <glib.h>

#include "core/nrt-layer.h"

G_BEGIN_DECLS

/* Scales one layer's activations, values (n), to [-1, 1]: tanh as it is,
 * sigmoid and softmax from [0, 1] as 2v - 1, relu and linear divided by the
 * layer's maximum finite |value| (left unchanged when every value is 0).
 * NaN and infinities stay, and the renderer shows them grey. */
void nrt_plot_network_scale_activations (NrtActivation activation, float *values, gsize n);

/* Fills maps (2 + the sum of every layer's units, n_cells) with one map per
 * neuron, in the network diagram's order: the inputs x1 and x2 first, then
 * each layer's units.
 *
 * grid (n_cells, 2) contains the plane points the model was run on. The
 * input maps are its two columns, each divided by its maximum |value|.
 * layer_outputs[l] (n_cells, layers[l].units) contains layer l's activations at
 * those points, as nrt_model_predict_layers writes them; they are scaled in
 * place with nrt_plot_network_scale_activations and layers[l].activation,
 * then transposed into the maps. */
void nrt_plot_network_fill_maps (const float *grid, gsize n_cells,
                                 const NrtDenseConfig *layers, int n_layers,
                                 float *const *layer_outputs, float *maps);

G_END_DECLS
