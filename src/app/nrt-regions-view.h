/* nrt-regions-view.h: the decision regions over a plane through the
 * feature space, with the points of every part on top. */
#pragma once

#include <gtk/gtk.h>

#include "nrt-trainer.h"

G_BEGIN_DECLS

#define NRT_TYPE_REGIONS_VIEW (nrt_regions_view_get_type ())
G_DECLARE_FINAL_TYPE (NrtRegionsView, nrt_regions_view, NRT, REGIONS_VIEW, GtkDrawingArea)

GtkWidget *nrt_regions_view_new (void);

/* Shows the points of a new run or plane and drops the old region image.
 * data may be NULL; the view keeps a reference. */
void nrt_regions_view_set_data (NrtRegionsView *self, NrtTrainerData *data);

/* Rings the points that evaluation misclassifies, when it belongs to the
 * run of the data shown, and for classes states their number in the
 * accessible description ("3 misclassified points are ringed in red.").
 * The marks stay with later data of the same run, such as a new plane.
 * evaluation may be NULL, which removes the marks. The view keeps a
 * reference. */
void nrt_regions_view_set_evaluation (NrtRegionsView *self, NrtTrainerEvaluation *evaluation);

/* Takes image, rendered by nrt_plot_regions_render_image. */
void nrt_regions_view_take_image (NrtRegionsView *self, cairo_surface_t *image);

/* Draws the view as the widget shows it, into any cairo context, with the
 * NrtPlotDrawFunc signature; view is an NrtRegionsView. */
void nrt_regions_view_draw_export (cairo_t *cr, double width, double height, gpointer view);

G_END_DECLS
