/* nrt-regions-view.h: the decision regions over the 2-D input plane, with
 * the training and test points on top. */
#pragma once

#include <gtk/gtk.h>

#include "nrt-trainer.h"

G_BEGIN_DECLS

#define NRT_TYPE_REGIONS_VIEW (nrt_regions_view_get_type ())
G_DECLARE_FINAL_TYPE (NrtRegionsView, nrt_regions_view, NRT, REGIONS_VIEW, GtkDrawingArea)

GtkWidget *nrt_regions_view_new (void);

/* Shows the points of a new run and drops the old region image. data may be
 * NULL; the view keeps a reference. */
void nrt_regions_view_set_data (NrtRegionsView *self, NrtTrainerData *data);

/* Takes image, rendered by nrt_plot_regions_render_image. */
void nrt_regions_view_take_image (NrtRegionsView *self, cairo_surface_t *image);

/* Draws the view as the widget shows it, into any cairo context, with the
 * NrtPlotDrawFunc signature; view is an NrtRegionsView. */
void nrt_regions_view_draw_export (cairo_t *cr, double width, double height, gpointer view);

G_END_DECLS
