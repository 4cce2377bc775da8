/* nrt-plot-metrics.h: the evaluation report drawn as a confusion matrix,
 * metric tables and a predicted-against-true scatter.
 *
 * Every renderer follows nrt-plot.h: it paints the theme's background over
 * width by height and draws within it. A NULL plot, a NULL report or a
 * report of the wrong task draws a hint instead of the figure.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "core/nrt-metrics.h"

G_BEGIN_DECLS

typedef struct {
  const NrtMetricsReport *report;
  /* Class names for classification, label names for multi-label and
   * target names for regression: report->n_classes or report->n_targets
   * strings. NULL draws the indices "0", "1", ... */
  const char *const *names;
  /* Regression only, for the scatter: the true values (report->n_samples,
   * report->n_targets) and the predictions in the same layout. */
  const float *y_true;
  const float *y_pred;
  const char *title;          /* NULL for none */
} NrtMetricsPlot;

/* Draws the confusion matrix of a classification report: one row per true
 * class and one column per predicted class. Each cell is shaded by its
 * share of its row (the recall of the diagonal cell), and its count is
 * written in it when it fits. */
void nrt_plot_confusion (cairo_t *cr, double width, double height, const NrtMetricsPlot *plot);

/* Draws the table of a classification report in the layout of
 * scikit-learn's classification_report: precision, recall, F1 and support
 * per class, then the accuracy and the macro average. */
void nrt_plot_class_metrics (cairo_t *cr, double width, double height,
                             const NrtMetricsPlot *plot);

/* Draws the table of a multi-label report: precision, recall, F1, support
 * and the true positive, false positive and false negative counts per
 * label, then the binary accuracy, the exact-match ratio and the macro
 * average. */
void nrt_plot_label_metrics (cairo_t *cr, double width, double height,
                             const NrtMetricsPlot *plot);

/* Draws the predictions of a regression report against the true values,
 * with equal scales on both axes, the line y = x, and MAE, RMSE and R² in a
 * legend. Each target has its own colour. Non-finite values are skipped. */
void nrt_plot_regression_scatter (cairo_t *cr, double width, double height,
                                  const NrtMetricsPlot *plot);

/* Draws the figure that suits the report's task: the confusion matrix
 * beside the class table for classification, the label table for
 * multi-label, and the scatter for regression. */
void nrt_plot_metrics (cairo_t *cr, double width, double height, const NrtMetricsPlot *plot);

/* The renderers above with the NrtPlotDrawFunc signature, for
 * nrt_plot_export: plot is a const NrtMetricsPlot *. */
void nrt_plot_confusion_draw_func (cairo_t *cr, double width, double height, gpointer plot);
void nrt_plot_class_metrics_draw_func (cairo_t *cr, double width, double height, gpointer plot);
void nrt_plot_label_metrics_draw_func (cairo_t *cr, double width, double height, gpointer plot);
void nrt_plot_regression_scatter_draw_func (cairo_t *cr, double width, double height,
                                            gpointer plot);
void nrt_plot_metrics_draw_func (cairo_t *cr, double width, double height, gpointer plot);

G_END_DECLS
