/* nrt-plot-loss.c: loss curves per epoch, with axes, ticks and a legend. */
#define G_LOG_DOMAIN "Neurite-Plot"

#include "config.h"

#include "nrt-plot-loss.h"
#include "nrt-plot-axes.h"

#include <glib/gi18n-lib.h>
#include <math.h>

/* Tableau 10 blue and orange. The test curve is also dashed, so the two stay
 * apart in grey print and for colour-blind readers. */
static const NrtColor train_color = { 0x1f / 255.0, 0x77 / 255.0, 0xb4 / 255.0 };
static const NrtColor test_color = { 0xff / 255.0, 0x7f / 255.0, 0x0e / 255.0 };

/* Below this many user units for the plot area, text is left out and the
 * curves fill the whole drawing, as in a thumbnail. */
#define MIN_AREA_FOR_TEXT 40.0

typedef struct {
  const double *values;
  const char *name;
  NrtColor color;
  gboolean dashed;
} Series;

static gboolean
value_is_drawable (double value, gboolean log_scale)
{
  return nrt_plot_value_is_usable (value) && (!log_scale || value > 0.0);
}

/* Finds the range of the drawable values of all series. Returns FALSE when
 * there is none. */
static gboolean
find_value_range (const Series *series, int n_series, int n_epochs, gboolean log_scale,
                  double *lo, double *hi)
{
  gboolean found = FALSE;
  int s, i;

  *lo = 0.0;
  *hi = 1.0;
  for (s = 0; s < n_series; s++)
    {
      for (i = 0; i < n_epochs; i++)
        {
          double value = series[s].values[i];

          if (!value_is_drawable (value, log_scale))
            continue;
          if (!found || value < *lo)
            *lo = value;
          if (!found || value > *hi)
            *hi = value;
          found = TRUE;
        }
    }

  return found;
}

static void
set_series_style (cairo_t *cr, const NrtPlotStyle *style, const Series *series)
{
  double dashes[2] = { 5.0 * style->unit, 3.0 * style->unit };

  nrt_plot_set_color (cr, series->color);
  cairo_set_line_width (cr, 1.8 * style->unit);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  if (series->dashed)
    cairo_set_dash (cr, dashes, 2, 0.0);
  else
    cairo_set_dash (cr, NULL, 0, 0.0);
}

/* Draws one series as polylines broken at undrawable values. A value with
 * no drawable neighbour gets a dot so that it does not vanish. */
static void
draw_series (cairo_t *cr, const NrtPlotStyle *style, const NrtPlotRect *area,
             const NrtPlotAxis *x_axis, const NrtPlotAxis *y_axis,
             const Series *series, int n_epochs)
{
  double dot_radius = 3.0 * style->unit;
  gboolean in_segment = FALSE;
  int i;

  /* The clip lets dots and line caps at the frame show in full. */
  cairo_save (cr);
  cairo_rectangle (cr, area->x - dot_radius, area->y - dot_radius,
                   area->width + 2.0 * dot_radius, area->height + 2.0 * dot_radius);
  cairo_clip (cr);
  set_series_style (cr, style, series);

  for (i = 0; i < n_epochs; i++)
    {
      double value = series->values[i];
      double fx, fy, x, y;
      gboolean previous_ok, next_ok;

      if (!value_is_drawable (value, y_axis->log_scale))
        {
          in_segment = FALSE;
          continue;
        }

      /* Epoch i + 1 is drawn at x = i + 1, so the first epoch sits at 1. */
      fx = nrt_plot_axis_fraction (x_axis, i + 1.0);
      fy = nrt_plot_axis_fraction (y_axis, value);
      x = area->x + fx * area->width;
      y = area->y + (1.0 - fy) * area->height;

      if (in_segment)
        cairo_line_to (cr, x, y);
      else
        cairo_move_to (cr, x, y);
      in_segment = TRUE;

      previous_ok = i > 0 && value_is_drawable (series->values[i - 1], y_axis->log_scale);
      next_ok = i + 1 < n_epochs
                && value_is_drawable (series->values[i + 1], y_axis->log_scale);
      if (!previous_ok && !next_ok)
        {
          cairo_new_sub_path (cr);
          cairo_arc (cr, x, y, dot_radius, 0.0, 2.0 * G_PI);
          cairo_fill (cr);
          in_segment = FALSE;
        }
    }
  cairo_stroke (cr);

  cairo_restore (cr);
}

/* Draws the legend in the top right corner of area, on a white box so that
 * grid lines do not run through the names. */
static void
draw_legend (cairo_t *cr, const NrtPlotStyle *style, const NrtPlotRect *area,
             const Series *series, int n_series)
{
  double sample_length = 2.5 * style->line_height;
  double max_name_width = 0.0;
  double box_width, box_height, box_x, box_y;
  int s;

  for (s = 0; s < n_series; s++)
    {
      g_autofree char *markup = g_markup_escape_text (series[s].name, -1);
      double name_width;

      nrt_plot_text_measure (cr, style, markup, FALSE, &name_width, NULL);
      max_name_width = MAX (max_name_width, name_width);
    }

  box_width = 3.0 * style->pad + sample_length + max_name_width;
  box_height = style->pad * 2.0 + n_series * style->line_height;
  box_x = area->x + area->width - box_width - style->pad;
  box_y = area->y + style->pad;

  cairo_save (cr);
  nrt_plot_draw_legend_box (cr, style, box_x, box_y, box_width, box_height);

  for (s = 0; s < n_series; s++)
    {
      double line_y = box_y + style->pad + (s + 0.5) * style->line_height;
      double sample_x = box_x + style->pad;
      g_autofree char *markup = g_markup_escape_text (series[s].name, -1);

      set_series_style (cr, style, &series[s]);
      cairo_move_to (cr, sample_x, line_y);
      cairo_line_to (cr, sample_x + sample_length, line_y);
      cairo_stroke (cr);

      nrt_plot_text_draw (cr, style, markup, FALSE, FALSE,
                          sample_x + sample_length + style->pad, line_y, 0.0, 0.5);
    }
  cairo_restore (cr);
}

void
nrt_plot_loss_curves (cairo_t *cr, double width, double height, const NrtLossCurves *curves)
{
  NrtPlotStyle style;
  NrtPlotAxis x_axis, y_axis;
  NrtPlotRect area;
  Series series[2];
  int n_series = 0;
  int n_epochs = 0;
  gboolean log_scale = FALSE;
  gboolean has_values, with_text;
  double lo, hi, top, bottom, left, right;
  g_autofree char *title_markup = NULL;
  const char *hint = NULL;

  g_return_if_fail (cr != NULL);

  if (!(width > 0.0) || !(height > 0.0) || !isfinite (width) || !isfinite (height))
    return;

  /* Collect the series that exist; missing arrays count as no data. */
  if (curves != NULL)
    {
      n_epochs = MAX (curves->n_epochs, 0);
      log_scale = curves->log_scale;
      if (curves->title != NULL)
        title_markup = g_markup_escape_text (curves->title, -1);
      if (curves->train_loss != NULL)
        series[n_series++] = (Series) { curves->train_loss, _("Training"), train_color, FALSE };
      if (curves->test_loss != NULL)
        series[n_series++] = (Series) { curves->test_loss,
                                        curves->test_label != NULL ? curves->test_label
                                                                   : _("Test"),
                                        test_color, TRUE };
    }
  if (n_epochs == 0)
    n_series = 0;

  has_values = find_value_range (series, n_series, n_epochs, log_scale, &lo, &hi);
  if (has_values && !log_scale)
    {
      /* A 5 % margin keeps the extreme values off the frame, without going
       * below zero for losses that are all non-negative. */
      double margin = (hi - lo) * 0.05;

      lo = lo >= 0.0 ? MAX (lo - margin, 0.0) : lo - margin;
      hi += margin;
    }
  if (n_epochs == 0)
    hint = _("No epochs yet");
  else if (!has_values && log_scale)
    hint = _("No positive loss values to show on a log scale");
  else if (!has_values)
    hint = _("No finite loss values to show");
  if (!has_values && log_scale)
    {
      lo = 0.1;
      hi = 1.0;
    }

  cairo_save (cr);
  nrt_plot_fill_background (cr, width, height);
  nrt_plot_style_init (&style, cr, width, height);

  /* Lay out the plot area: the title above, the x-axis labels below, then
   * the y-axis labels on the left, whose width depends on the y ticks. */
  top = style.pad * 2.0;
  if (title_markup != NULL)
    top += style.line_height * 1.2 + style.pad;
  else
    top += style.line_height / 2.0;
  bottom = nrt_plot_axes_bottom_margin (&style, TRUE);
  area.y = top;
  area.height = height - top - bottom;
  with_text = area.height >= MIN_AREA_FOR_TEXT;

  if (with_text)
    {
      nrt_plot_axis_fit (&y_axis, cr, &style, lo, hi, log_scale, area.height, FALSE, TRUE, FALSE);
      left = nrt_plot_axes_left_margin (cr, &style, &y_axis, TRUE);
      area.x = left;
      /* Room on the right for half of the last x label, such as "1000". */
      nrt_plot_text_measure (cr, &style, "0000", FALSE, &right, NULL);
      right = MAX (right / 2.0, style.pad * 2.0) + style.pad;
      area.width = width - left - right;
      with_text = area.width >= MIN_AREA_FOR_TEXT;
    }
  if (!with_text)
    {
      area = (NrtPlotRect) { 1.0, 1.0, MAX (width - 2.0, 1.0), MAX (height - 2.0, 1.0) };
      nrt_plot_axis_init_linear (&y_axis, lo, hi, 2, FALSE, FALSE);
      if (log_scale)
        nrt_plot_axis_init_log (&y_axis, lo, hi, 2);
    }

  /* Epochs run from 1 to n_epochs; one epoch gets a range around it. */
  if (with_text)
    nrt_plot_axis_fit (&x_axis, cr, &style, n_epochs >= 2 ? 1.0 : 0.0,
                       n_epochs >= 2 ? n_epochs : (n_epochs == 1 ? 2.0 : 10.0),
                       FALSE, area.width, TRUE, TRUE, TRUE);
  else
    nrt_plot_axis_init_linear (&x_axis, 1.0, MAX (n_epochs, 2), 2, FALSE, TRUE);

  /* Draw the axes, then the curves over them, then the legend on top. */
  if (with_text)
    {
      nrt_plot_axes_draw (cr, &style, &area, &x_axis, &y_axis, _("Epoch"), _("Loss"), TRUE);
      if (title_markup != NULL)
        nrt_plot_text_draw (cr, &style, title_markup, TRUE, FALSE,
                            area.x + area.width / 2.0, style.pad * 2.0, 0.5, 0.0);
    }

  for (int s = n_series - 1; s >= 0; s--)
    draw_series (cr, &style, &area, &x_axis, &y_axis, &series[s], n_epochs);

  if (with_text && n_series > 0 && has_values)
    draw_legend (cr, &style, &area, series, n_series);

  if (with_text && hint != NULL)
    {
      g_autofree char *hint_markup = g_markup_escape_text (hint, -1);

      nrt_plot_text_draw (cr, &style, hint_markup, FALSE, FALSE,
                          area.x + area.width / 2.0, area.y + area.height / 2.0, 0.5, 0.5);
    }

  cairo_restore (cr);
}

void
nrt_plot_loss_curves_draw_func (cairo_t *cr, double width, double height, gpointer curves)
{
  nrt_plot_loss_curves (cr, width, height, curves);
}
