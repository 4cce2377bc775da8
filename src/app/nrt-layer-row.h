/* nrt-layer-row.h: one hidden Dense layer in the network list, with its
 * units, activation, bias and buttons that move it up or down. */
#pragma once

#include <gtk/gtk.h>

#include "core/nrt-layer.h"

G_BEGIN_DECLS

#define NRT_TYPE_LAYER_ROW (nrt_layer_row_get_type ())
G_DECLARE_FINAL_TYPE (NrtLayerRow, nrt_layer_row, NRT, LAYER_ROW, GtkListBoxRow)

/* Emits "changed" when the units, the activation or the bias change, and
 * "move" with -1 (up) or +1 (down) when a move button is pressed. The new
 * row's layer has a bias. */
GtkWidget *nrt_layer_row_new (int units, NrtActivation activation);

/* Shows the layer's 1-based position among the hidden layers and enables
 * the move buttons that have somewhere to go. */
void nrt_layer_row_set_position (NrtLayerRow *self, int position, int n_rows);

NrtDenseConfig nrt_layer_row_get_config (NrtLayerRow *self);

/* Sets whether the layer has a bias (Keras's use_bias) and emits "changed"
 * when that changes. A layer without bias shows its Bias check box, which
 * stays visible, so that a person can add the bias back. */
void nrt_layer_row_set_use_bias (NrtLayerRow *self, gboolean use_bias);

G_END_DECLS
