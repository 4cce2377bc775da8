/* nrt-network-view.h: the network diagram, live during training: every
 * neuron with its response map, the weights as links, the biases. Hovering
 * enlarges a neuron and shows the values under the pointer in a tooltip;
 * clicking a weight or a bias opens a popover to type a new value. */
#pragma once

#include <gtk/gtk.h>

#include "core/nrt-model.h"

#include "nrt-trainer.h"

G_BEGIN_DECLS

#define NRT_TYPE_NETWORK_VIEW (nrt_network_view_get_type ())
G_DECLARE_FINAL_TYPE (NrtNetworkView, nrt_network_view, NRT, NETWORK_VIEW, GtkDrawingArea)

GtkWidget *nrt_network_view_new (void);

/* Takes the structure of model (layer sizes, names, where each kernel and
 * bias sits in the flat buffer) and drops the weights of the previous
 * network. model is not kept. input_names contains one name per input, or is
 * NULL. */
void nrt_network_view_set_model (NrtNetworkView *self, NrtModel *model,
                                 const char *const *input_names);

/* Shows weights, which must have the layout of the model set last; the
 * view keeps a reference. */
void nrt_network_view_set_weights (NrtNetworkView *self, NrtTrainerWeights *weights);

/* Zoom factor, 1 to fit the scrolled window, up to NRT_VIEW_MAX_ZOOM. */
#define NRT_VIEW_MIN_ZOOM 1.0
#define NRT_VIEW_MAX_ZOOM 8.0
void nrt_network_view_set_zoom (NrtNetworkView *self, double zoom);
double nrt_network_view_get_zoom (NrtNetworkView *self);

/* Draws the diagram as the widget shows it, into any cairo context, with
 * the NrtPlotDrawFunc signature; view is an NrtNetworkView. */
void nrt_network_view_draw_export (cairo_t *cr, double width, double height, gpointer view);

G_END_DECLS
