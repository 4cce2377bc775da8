/* nrt-layer-row.h: one hidden Dense layer in the network list, with its
 * units, activation and buttons that move it up or down. */
#pragma once

#include <gtk/gtk.h>

#include "core/nrt-layer.h"

G_BEGIN_DECLS

#define NRT_TYPE_LAYER_ROW (nrt_layer_row_get_type ())
G_DECLARE_FINAL_TYPE (NrtLayerRow, nrt_layer_row, NRT, LAYER_ROW, GtkListBoxRow)

/* Emits "changed" when the units or the activation change, and "move" with
 * -1 (up) or +1 (down) when a move button is pressed. */
GtkWidget *nrt_layer_row_new (int units, NrtActivation activation);

/* Shows the layer's 1-based position among the hidden layers and enables
 * the move buttons that have somewhere to go. */
void nrt_layer_row_set_position (NrtLayerRow *self, int position, int n_rows);

NrtDenseConfig nrt_layer_row_get_config (NrtLayerRow *self);

G_END_DECLS
