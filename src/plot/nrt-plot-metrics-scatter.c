/* nrt-plot-metrics-scatter.c: regression predictions against the true
 * values, with the line y = x and the report's errors. */
#define G_LOG_DOMAIN "Neurite-Plot"

#include "config.h"

#include "nrt-plot-metrics-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>

/* How far the line y = x is mixed from the background towards the text
 * colour: 0.45 grey in the light theme. */
#define IDENTITY_LINE_TINT 0.65

/* The legend lists at most this many targets by name. */
#define MAX_LEGEND_TARGETS 8

/* Finds the range of the drawable true and predicted values. Returns FALSE
 * when there is none. */
static gboolean
find_range (const NrtMetricsPlot *plot, int n, int n_targets, double *lo, double *hi)
{
  gboolean found = FALSE;

  for (gsize i = 0; i < (gsize) n * n_targets; i++)
    {
      double values[2] = { plot->y_true[i], plot->y_pred[i] };

      for (int k = 0; k < 2; k++)
        {
          if (!nrt_plot_value_is_usable (values[k]))
            continue;
          if (!found || values[k] < *lo)
            *lo = values[k];
          if (!found || values[k] > *hi)
            *hi = values[k];
          found = TRUE;
        }
    }
  return found;
}

static NrtColor
target_color (int target)
{
  /* Three or more classes select the Tableau 10 cycle, whose first colour
   * is blue. */
  return nrt_plot_class_color (target, 3);
}

/* Draws every point; a point with a non-finite coordinate is skipped.
 * Large sets get smaller, fainter squares, which cairo fills much faster
 * than circles. */
static void
draw_points (cairo_t *cr, const NrtPlotStyle *style, const NrtPlotRect *area,
             const NrtPlotAxis *axis, const NrtMetricsPlot *plot, int n, int n_targets)
{
  gboolean squares = n > 5000;
  double radius = 3.0 * style->unit;
  double alpha = CLAMP (600.0 / MAX (n, 1), 0.12, 0.7);

  if (n > 5000)
    radius = 1.2 * style->unit;
  else if (n > 500)
    radius = 2.0 * style->unit;

  cairo_save (cr);
  cairo_rectangle (cr, area->x, area->y, area->width, area->height);
  cairo_clip (cr);
  for (int t = 0; t < n_targets; t++)
    {
      NrtColor color = target_color (t);

      cairo_set_source_rgba (cr, color.r, color.g, color.b, alpha);
      for (int i = 0; i < n; i++)
        {
          double fx = nrt_plot_axis_fraction (axis, plot->y_true[(gsize) i * n_targets + t]);
          double fy = nrt_plot_axis_fraction (axis, plot->y_pred[(gsize) i * n_targets + t]);
          double x, y;

          if (!isfinite (fx) || !isfinite (fy))
            continue;
          x = area->x + fx * area->width;
          y = area->y + (1.0 - fy) * area->height;
          if (squares)
            {
              cairo_rectangle (cr, x - radius, y - radius, 2.0 * radius, 2.0 * radius);
            }
          else
            {
              cairo_new_sub_path (cr);
              cairo_arc (cr, x, y, radius, 0.0, 2.0 * G_PI);
            }
          /* Filling each point on its own keeps overlapping points darker,
           * which shows where they crowd. */
          cairo_fill (cr);
        }
    }
  cairo_restore (cr);
}

/* Sets the colour, width and dashes of the line y = x on cr. */
static void
set_identity_style (cairo_t *cr, const NrtPlotStyle *style)
{
  const NrtPlotTheme *theme = nrt_plot_get_theme (cr);
  double dashes[2] = { 6.0 * style->unit, 4.0 * style->unit };

  nrt_plot_set_color (cr, nrt_plot_color_mix (theme->background, theme->text,
                                              IDENTITY_LINE_TINT));
  cairo_set_line_width (cr, 1.2 * style->unit);
  cairo_set_dash (cr, dashes, 2, 0.0);
}

static void
draw_identity_line (cairo_t *cr, const NrtPlotStyle *style, const NrtPlotRect *area)
{
  /* Both axes share one range, so y = x is the diagonal of the square. */
  cairo_save (cr);
  set_identity_style (cr, style);
  cairo_move_to (cr, area->x, area->y + area->height);
  cairo_line_to (cr, area->x + area->width, area->y);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* Draws the errors, the line y = x and, for several targets, a colour per
 * target name, in the top left corner of area, which the points of a good
 * model leave empty. */
static void
draw_legend (cairo_t *cr, const NrtPlotStyle *style, const NrtPlotRect *area,
             const NrtMetricsPlot *plot, int n_targets)
{
  const NrtMetricsReport *report = plot->report;
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  double max_width = 0.0, sample = style->line_height * 0.8;
  double line_sample = style->line_height * 2.0;
  double box_width, box_height, box_x, box_y;
  int n_named = n_targets > 1 ? MIN (n_targets, MAX_LEGEND_TARGETS) : 0;
  guint identity_row;

  if (report != NULL)
    {
      g_ptr_array_add (lines, g_strdup_printf ("MAE %.4g", report->mae));
      g_ptr_array_add (lines, g_strdup_printf ("RMSE %.4g", report->rmse));
      g_ptr_array_add (lines, g_strdup_printf ("R² %.3f", report->r2));
    }
  identity_row = lines->len;
  /* TRANSLATORS: the legend of the dashed diagonal, where predictions equal
   * the true values. */
  g_ptr_array_add (lines, g_markup_escape_text (_("y = x"), -1));
  for (int t = 0; t < n_named; t++)
    g_ptr_array_add (lines, nrt_plot_metrics_dup_name (plot, t));

  for (guint i = 0; i < lines->len; i++)
    {
      double line_width, marker_width = 0.0;

      nrt_plot_text_measure (cr, style, g_ptr_array_index (lines, i), FALSE, &line_width, NULL);
      if (i == identity_row)
        marker_width = line_sample + style->pad;
      else if (i >= lines->len - n_named)
        marker_width = sample + style->pad;
      max_width = MAX (max_width, line_width + marker_width);
    }
  box_width = max_width + style->pad * 2.0;
  box_height = lines->len * style->line_height + style->pad * 2.0;
  box_x = area->x + style->pad;
  box_y = area->y + style->pad;

  cairo_save (cr);
  nrt_plot_draw_legend_box (cr, style, box_x, box_y, box_width, box_height);

  for (guint i = 0; i < lines->len; i++)
    {
      double x = box_x + style->pad;
      double y = box_y + style->pad + (i + 0.5) * style->line_height;

      if (i == identity_row)
        {
          cairo_save (cr);
          set_identity_style (cr, style);
          cairo_move_to (cr, x, y);
          cairo_line_to (cr, x + line_sample, y);
          cairo_stroke (cr);
          cairo_restore (cr);
          x += line_sample + style->pad;
        }
      else if (i >= lines->len - n_named)
        {
          int target = (int) (i - (lines->len - n_named));

          nrt_plot_set_color (cr, target_color (target));
          cairo_rectangle (cr, x, y - sample / 2.0, sample, sample);
          cairo_fill (cr);
          x += sample + style->pad;
        }
      nrt_plot_text_draw (cr, style, g_ptr_array_index (lines, i), FALSE, FALSE, x, y, 0.0, 0.5);
    }
  cairo_restore (cr);
}

static void
draw_scatter (cairo_t *cr, const NrtPlotStyle *style, double width, double height, double top,
              const NrtMetricsPlot *plot)
{
  int n = plot->report->n_samples;
  int n_targets = plot->report->n_targets;
  NrtPlotAxis axis, x_axis;
  NrtPlotRect area;
  double lo = 0.0, hi = 1.0, margin, left, bottom, side;

  if (!find_range (plot, n, n_targets, &lo, &hi))
    {
      nrt_plot_metrics_draw_hint (cr, style, 0, top, width, height - top,
                                  _("No finite values to draw"));
      return;
    }
  margin = (hi - lo) * 0.05;
  lo -= margin;
  hi += margin;

  /* A square area with one axis range for both, so that y = x runs at 45°.
   * The ticks are fitted to the vertical side, which is the shorter in the
   * usual landscape view, and shared by the horizontal axis. */
  bottom = nrt_plot_axes_bottom_margin (style, TRUE);
  side = height - top - bottom;
  nrt_plot_axis_fit (&axis, cr, style, lo, hi, FALSE, MAX (side, 1.0), FALSE, TRUE, FALSE);
  left = nrt_plot_axes_left_margin (cr, style, &axis, TRUE);
  side = MIN (side, width - left - style->pad * 4.0);
  if (side < style->line_height * 2.0)
    return;
  x_axis = axis;
  area.width = area.height = side;
  area.x = left + MAX (0.0, (width - left - style->pad * 4.0 - side) / 2.0);
  area.y = top;

  nrt_plot_axes_draw (cr, style, &area, &x_axis, &axis, _("True value"), _("Predicted value"),
                      TRUE);
  draw_identity_line (cr, style, &area);
  draw_points (cr, style, &area, &axis, plot, n, n_targets);
  draw_legend (cr, style, &area, plot, n_targets);
}

/* Returns whether plot has a regression report with predictions, after
 * drawing a hint below top when it has not. */
static gboolean
check_report (cairo_t *cr, const NrtPlotStyle *style, double width, double height, double top,
              const NrtMetricsPlot *plot)
{
  if (!nrt_plot_metrics_has_report (cr, style, width, height, top, plot))
    return FALSE;
  if (plot->report->task != NRT_TASK_REGRESSION || plot->report->n_targets < 1)
    {
      nrt_plot_metrics_draw_hint (cr, style, 0, top, width, height - top,
                                  _("This scatter needs a regression report"));
      return FALSE;
    }
  if (plot->y_true == NULL || plot->y_pred == NULL || plot->report->n_samples < 1)
    {
      nrt_plot_metrics_draw_hint (cr, style, 0, top, width, height - top,
                                  _("No predictions to draw"));
      return FALSE;
    }
  return TRUE;
}

void
nrt_plot_regression_scatter (cairo_t *cr, double width, double height, const NrtMetricsPlot *plot)
{
  NrtPlotStyle style;
  double top;

  g_return_if_fail (cr != NULL);

  cairo_save (cr);
  if (nrt_plot_metrics_begin (cr, width, height, plot, &style, &top))
    {
      top += style.line_height / 2.0;
      if (check_report (cr, &style, width, height, top, plot))
        draw_scatter (cr, &style, width, height, top, plot);
    }
  cairo_restore (cr);
}

void
nrt_plot_regression_scatter_draw_func (cairo_t *cr, double width, double height, gpointer plot)
{
  nrt_plot_regression_scatter (cr, width, height, plot);
}
