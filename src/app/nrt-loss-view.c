/* nrt-loss-view.c: a drawing area that keeps the loss history of one run. */
#define G_LOG_DOMAIN "neurite-loss-view"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "plot/nrt-plot-loss.h"

#include "nrt-loss-view.h"

struct _NrtLossView
{
  GtkDrawingArea parent_instance;

  GArray *train_loss;   /* doubles, one per epoch */
  GArray *test_loss;    /* doubles, one per epoch, NaN without test data */
  gboolean has_test;
  gboolean test_is_validation;  /* the second curve measures a validation part */
  gboolean log_scale;
};

G_DEFINE_FINAL_TYPE (NrtLossView, nrt_loss_view, GTK_TYPE_DRAWING_AREA)

enum {
  PROP_0,
  PROP_LOG_SCALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
nrt_loss_view_draw (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  NrtLossView *self = NRT_LOSS_VIEW (area);
  NrtLossCurves curves = { 0 };

  curves.train_loss = (const double *) (gpointer) self->train_loss->data;
  curves.test_loss = self->has_test ? (const double *) (gpointer) self->test_loss->data : NULL;
  curves.test_label = self->test_is_validation ? _("Validation") : _("Test");
  curves.n_epochs = (int) self->train_loss->len;
  curves.log_scale = self->log_scale;
  curves.title = _("Loss per epoch");
  nrt_plot_loss_curves (cr, width, height, &curves);
}

static void
nrt_loss_view_finalize (GObject *object)
{
  NrtLossView *self = NRT_LOSS_VIEW (object);

  g_array_unref (self->train_loss);
  g_array_unref (self->test_loss);

  G_OBJECT_CLASS (nrt_loss_view_parent_class)->finalize (object);
}

static void
nrt_loss_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  NrtLossView *self = NRT_LOSS_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOG_SCALE:
      g_value_set_boolean (value, self->log_scale);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nrt_loss_view_set_property (GObject *object, guint prop_id, const GValue *value,
                            GParamSpec *pspec)
{
  NrtLossView *self = NRT_LOSS_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOG_SCALE:
      nrt_loss_view_set_log_scale (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nrt_loss_view_class_init (NrtLossViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = nrt_loss_view_finalize;
  object_class->get_property = nrt_loss_view_get_property;
  object_class->set_property = nrt_loss_view_set_property;

  properties[PROP_LOG_SCALE] =
    g_param_spec_boolean ("log-scale", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "lossview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
nrt_loss_view_init (NrtLossView *self)
{
  self->train_loss = g_array_new (FALSE, FALSE, sizeof (double));
  self->test_loss = g_array_new (FALSE, FALSE, sizeof (double));
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self), 180);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self), 180);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), nrt_loss_view_draw, NULL, NULL);
}

void
nrt_loss_view_draw_export (cairo_t *cr, double width, double height, gpointer view)
{
  nrt_loss_view_draw (GTK_DRAWING_AREA (view), cr, (int) width, (int) height, NULL);
}

GtkWidget *
nrt_loss_view_new (void)
{
  return g_object_new (NRT_TYPE_LOSS_VIEW, NULL);
}

void
nrt_loss_view_clear (NrtLossView *self)
{
  g_return_if_fail (NRT_IS_LOSS_VIEW (self));

  g_array_set_size (self->train_loss, 0);
  g_array_set_size (self->test_loss, 0);
  self->has_test = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
nrt_loss_view_append (NrtLossView *self, const double *train_loss, const double *test_loss,
                      guint n)
{
  g_return_if_fail (NRT_IS_LOSS_VIEW (self));

  if (n == 0)
    return;

  g_array_append_vals (self->train_loss, train_loss, n);
  g_array_append_vals (self->test_loss, test_loss, n);
  for (guint i = 0; i < n; i++)
    self->has_test = self->has_test || !isnan (test_loss[i]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
nrt_loss_view_set_test_is_validation (NrtLossView *self, gboolean test_is_validation)
{
  g_return_if_fail (NRT_IS_LOSS_VIEW (self));

  self->test_is_validation = test_is_validation;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
nrt_loss_view_get_n_epochs (NrtLossView *self)
{
  g_return_val_if_fail (NRT_IS_LOSS_VIEW (self), 0);

  return self->train_loss->len;
}

gboolean
nrt_loss_view_get_log_scale (NrtLossView *self)
{
  g_return_val_if_fail (NRT_IS_LOSS_VIEW (self), FALSE);

  return self->log_scale;
}

void
nrt_loss_view_set_log_scale (NrtLossView *self, gboolean log_scale)
{
  g_return_if_fail (NRT_IS_LOSS_VIEW (self));

  log_scale = !!log_scale;
  if (self->log_scale == log_scale)
    return;

  self->log_scale = log_scale;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_SCALE]);
}
