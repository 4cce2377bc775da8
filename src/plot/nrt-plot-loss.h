/* nrt-plot-loss.h: loss curves per epoch, with axes, ticks and a legend. */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  const double *train_loss;   /* n_epochs values */
  const double *test_loss;    /* n_epochs values, or NULL when there is no test data */
  int n_epochs;               /* epochs 1..n_epochs are drawn; 0 draws empty axes */
  gboolean log_scale;         /* logarithmic loss axis; non-positive values are skipped */
  const char *title;          /* NULL for none */
  const char *test_label;     /* the legend of test_loss, such as "Validation"; NULL for "Test" */
} NrtLossCurves;

/* Draws the curves on the theme's background. Values that are NaN,
 * infinite or, with log_scale, not positive leave a gap in their curve.
 * When curves is NULL or has 0 epochs, empty axes are drawn with a hint. */
void nrt_plot_loss_curves (cairo_t *cr, double width, double height, const NrtLossCurves *curves);

/* nrt_plot_loss_curves with the NrtPlotDrawFunc signature, for
 * nrt_plot_export: curves is a const NrtLossCurves *. */
void nrt_plot_loss_curves_draw_func (cairo_t *cr, double width, double height, gpointer curves);

G_END_DECLS
