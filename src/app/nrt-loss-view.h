/* nrt-loss-view.h: the training and test loss per epoch, drawn by the loss
 * curve renderer. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define NRT_TYPE_LOSS_VIEW (nrt_loss_view_get_type ())
G_DECLARE_FINAL_TYPE (NrtLossView, nrt_loss_view, NRT, LOSS_VIEW, GtkDrawingArea)

GtkWidget *nrt_loss_view_new (void);

/* Forgets every epoch, for a new run. */
void nrt_loss_view_clear (NrtLossView *self);

/* Appends n epochs; test_loss values are NaN when there is no test data. */
void nrt_loss_view_append (NrtLossView *self, const double *train_loss,
                           const double *test_loss, guint n);

/* Names the second curve "Validation" instead of "Test" in the legend. */
void nrt_loss_view_set_test_is_validation (NrtLossView *self, gboolean test_is_validation);

guint nrt_loss_view_get_n_epochs (NrtLossView *self);

gboolean nrt_loss_view_get_log_scale (NrtLossView *self);
void nrt_loss_view_set_log_scale (NrtLossView *self, gboolean log_scale);

/* Draws the view as the widget shows it, into any cairo context, with the
 * NrtPlotDrawFunc signature; view is an NrtLossView. */
void nrt_loss_view_draw_export (cairo_t *cr, double width, double height, gpointer view);

G_END_DECLS
