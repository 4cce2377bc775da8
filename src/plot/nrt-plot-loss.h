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
} NrtLossCurves;

void nrt_plot_loss_curves (cairo_t *cr, double width, double height, const NrtLossCurves *curves);

G_END_DECLS
