/* nrt-metrics-view.h: the evaluation page: a split selector, the headline
 * metrics, and pages with the metrics drawing, the predictions table and
 * the misclassified examples as pictures. */
#pragma once

#include <gtk/gtk.h>

#include "nrt-predictions-view.h"
#include "nrt-trainer.h"

G_BEGIN_DECLS

#define NRT_TYPE_METRICS_VIEW (nrt_metrics_view_get_type ())
G_DECLARE_FINAL_TYPE (NrtMetricsView, nrt_metrics_view, NRT, METRICS_VIEW, GtkBox)

GtkWidget *nrt_metrics_view_new (void);

/* Shows evaluation, keeping a reference, or clears the view when it is
 * NULL. The split selector lists the splits that have rows. The split
 * shown stays when the new evaluation has it. Otherwise the view shows the
 * test split, or else validation, or else training. */
void nrt_metrics_view_set_evaluation (NrtMetricsView *self, NrtTrainerEvaluation *evaluation);

/* Shows split when the evaluation has it. Returns whether it does. */
gboolean nrt_metrics_view_set_split (NrtMetricsView *self, NrtSplit split);

/* The split shown, or NRT_SPLIT_COUNT without an evaluation. */
NrtSplit nrt_metrics_view_get_split (NrtMetricsView *self);

/* The headline label's text, such as "Test accuracy 0.967" or "Test R²
 * 0.480". The label is a plain GtkLabel, so AT-SPI reads the same text as
 * its name. */
const char *nrt_metrics_view_get_headline (NrtMetricsView *self);

NrtPredictionsView *nrt_metrics_view_get_predictions_view (NrtMetricsView *self);

/* Whether the misclassified page is offered: classification data whose
 * features form a square image (see nrt_plot_digits_side). */
gboolean nrt_metrics_view_has_pictures (NrtMetricsView *self);

/* Draws what the view shows, with the NrtPlotDrawFunc signature, for
 * nrt_export_view: the misclassified pictures when that page is visible,
 * otherwise the metrics drawing. view is an NrtMetricsView. */
void nrt_metrics_view_draw_export (cairo_t *cr, double width, double height, gpointer view);

/* A file name for the export of nrt_metrics_view_draw_export:
 * "misclassified.png" or "metrics.png". */
const char *nrt_metrics_view_get_export_name (NrtMetricsView *self);

G_END_DECLS
