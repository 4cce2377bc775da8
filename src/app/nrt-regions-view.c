/* nrt-regions-view.c: paints the region image that the worker rendered, and
 * the data points over it, with the misclassified points ringed. */
#define G_LOG_DOMAIN "neurite-regions-view"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "plot/nrt-plot-regions.h"

#include "nrt-regions-view.h"

struct _NrtRegionsView
{
  GtkDrawingArea parent_instance;

  NrtTrainerData *data;
  cairo_surface_t *image;
  NrtTrainerEvaluation *evaluation;   /* of data's run, or NULL */
  gboolean *point_is_wrong;           /* (data->n_points) from evaluation, or NULL */
  NrtRegionsPointsCache *points_cache; /* the points of large data, drawn once */
};

G_DEFINE_FINAL_TYPE (NrtRegionsView, nrt_regions_view, GTK_TYPE_DRAWING_AREA)

/* Draws message centred, in the widget's text colour. */
static void
draw_message (NrtRegionsView *self, cairo_t *cr, int width, int height, const char *message)
{
  g_autoptr (PangoLayout) layout = NULL;
  GdkRGBA color;
  int text_width;
  int text_height;

  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), message);
  pango_layout_set_width (layout, MAX (1, width - 24) * PANGO_SCALE);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);

  /* gtk_widget_get_color is GTK 4.10; the style context is the 4.8 way. */
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &color);
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_move_to (cr, (width - text_width) / 2.0, (height - text_height) / 2.0);
  pango_cairo_show_layout (cr, layout);
}

/* Draws the view; cache is the points cache on screen, NULL for exports,
 * which may be vector files. */
static void
draw_view (NrtRegionsView *self, cairo_t *cr, int width, int height,
           NrtRegionsPointsCache *cache)
{
  NrtRegionsPlot plot = { 0 };
  NrtTrainerData *data = self->data;

  if (data == NULL)
    {
      draw_message (self, cr, width, height, _("No data loaded"));
      return;
    }
  if (data->points == NULL)
    {
      draw_message (self, cr, width, height,
                    _("Decision regions need two input features, and this dataset has one. "
                      "The loss curves still work."));
      return;
    }

  plot.x_min = data->x_min;
  plot.x_max = data->x_max;
  plot.y_min = data->y_min;
  plot.y_max = data->y_max;
  plot.image = self->image;
  plot.points = data->points;
  plot.point_classes = data->point_classes;
  plot.point_is_test = data->point_is_test;
  plot.point_is_validation = data->point_is_validation;
  plot.point_is_wrong = self->point_is_wrong;
  plot.point_values = data->point_values;
  plot.value_min = data->value_min;
  plot.value_max = data->value_max;
  plot.n_points = data->n_points;
  plot.n_classes = data->n_classes;
  plot.x_label = data->x_label;
  plot.y_label = data->y_label;
  plot.title = _("Decision regions");
  plot.class_names = (const char *const *) data->class_names;
  plot.points_cache = cache;
  nrt_plot_regions (cr, width, height, &plot);
}

static void
nrt_regions_view_draw (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  NrtRegionsView *self = NRT_REGIONS_VIEW (area);

  draw_view (self, cr, width, height, self->points_cache);
}

static void
nrt_regions_view_finalize (GObject *object)
{
  NrtRegionsView *self = NRT_REGIONS_VIEW (object);

  g_clear_pointer (&self->data, nrt_trainer_data_unref);
  g_clear_pointer (&self->image, cairo_surface_destroy);
  g_clear_pointer (&self->evaluation, nrt_trainer_evaluation_unref);
  g_clear_pointer (&self->point_is_wrong, g_free);
  g_clear_pointer (&self->points_cache, nrt_regions_points_cache_free);

  G_OBJECT_CLASS (nrt_regions_view_parent_class)->finalize (object);
}

static void
nrt_regions_view_class_init (NrtRegionsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = nrt_regions_view_finalize;

  gtk_widget_class_set_css_name (widget_class, "regionsview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
nrt_regions_view_init (NrtRegionsView *self)
{
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self), 180);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self), 180);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), nrt_regions_view_draw, NULL, NULL);
  self->points_cache = nrt_regions_points_cache_new ();
}

void
nrt_regions_view_draw_export (cairo_t *cr, double width, double height, gpointer view)
{
  draw_view (NRT_REGIONS_VIEW (view), cr, (int) width, (int) height, NULL);
}

GtkWidget *
nrt_regions_view_new (void)
{
  return g_object_new (NRT_TYPE_REGIONS_VIEW, NULL);
}

/* Sets the accessible description to the number of ringed points, or
 * removes it when n_wrong is negative (no evaluation of the data's run) or
 * the points have no classes. */
static void
describe_rings (NrtRegionsView *self, int n_wrong)
{
  g_autofree char *text = NULL;

  if (n_wrong < 0 || self->data == NULL || self->data->point_classes == NULL)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      return;
    }
  text = g_strdup_printf (ngettext ("%d misclassified point is ringed in red.",
                                    "%d misclassified points are ringed in red.", n_wrong),
                          n_wrong);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text, -1);
}

/* Computes the misclassified points when the evaluation belongs to the
 * data's run; the points follow the parts in the same order. */
static void
update_wrong_points (NrtRegionsView *self)
{
  const NrtTrainerEvaluation *evaluation = self->evaluation;
  int n = 0;
  int n_wrong = 0;

  g_clear_pointer (&self->point_is_wrong, g_free);
  nrt_regions_points_cache_clear (self->points_cache);
  if (self->data == NULL || evaluation == NULL || self->data->points == NULL
      || evaluation->run != self->data->run || evaluation->splits != self->data->splits)
    {
      describe_rings (self, -1);
      return;
    }

  self->point_is_wrong = g_new0 (gboolean, MAX (self->data->n_points, 1));
  for (int s = 0; s < NRT_SPLIT_COUNT; s++)
    {
      const NrtDataset *part = evaluation->splits->parts[s];

      if (part == NULL)
        continue;
      for (int i = 0; i < part->n_samples && n < self->data->n_points; i++, n++)
        {
          self->point_is_wrong[n] = nrt_trainer_evaluation_is_wrong (evaluation, s, i);
          n_wrong += self->point_is_wrong[n];
        }
    }
  describe_rings (self, n_wrong);
}

void
nrt_regions_view_set_data (NrtRegionsView *self, NrtTrainerData *data)
{
  g_return_if_fail (NRT_IS_REGIONS_VIEW (self));

  if (data != NULL)
    nrt_trainer_data_ref (data);
  g_clear_pointer (&self->data, nrt_trainer_data_unref);
  g_clear_pointer (&self->image, cairo_surface_destroy);
  self->data = data;
  update_wrong_points (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
nrt_regions_view_set_evaluation (NrtRegionsView *self, NrtTrainerEvaluation *evaluation)
{
  g_return_if_fail (NRT_IS_REGIONS_VIEW (self));

  if (evaluation != NULL)
    nrt_trainer_evaluation_ref (evaluation);
  g_clear_pointer (&self->evaluation, nrt_trainer_evaluation_unref);
  self->evaluation = evaluation;
  update_wrong_points (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
nrt_regions_view_take_image (NrtRegionsView *self, cairo_surface_t *image)
{
  g_return_if_fail (NRT_IS_REGIONS_VIEW (self));

  g_clear_pointer (&self->image, cairo_surface_destroy);
  self->image = image;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
