/* nrt-plot-axes.c: text, tick and axis drawing shared by the plot renderers. */
#include "config.h"

#include "nrt-plot-axes.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Text size grows with the square root of the drawing's area, 9.2 pt at
 * 640 × 400. The clamp keeps thumbnails legible and large exports plain. */
#define FONT_SIZE_DIVISOR 55.0
#define FONT_SIZE_MIN 8.0
#define FONT_SIZE_MAX 13.0
#define REFERENCE_FONT_SIZE 9.0

/* The opacity of legend boxes, which lets the grid show faintly through. */
#define LEGEND_BOX_ALPHA 0.85

void
nrt_plot_style_init (NrtPlotStyle *style, cairo_t *cr, double width, double height)
{
  double area_side;
  double text_height;

  area_side = sqrt (MAX (width, 0.0) * MAX (height, 0.0));
  style->font_size = CLAMP (area_side / FONT_SIZE_DIVISOR, FONT_SIZE_MIN, FONT_SIZE_MAX);
  style->unit = style->font_size / REFERENCE_FONT_SIZE;
  style->pad = 4.0 * style->unit;
  style->line_height = 0.0;

  nrt_plot_text_measure (cr, style, "0.9", FALSE, NULL, &text_height);
  style->line_height = text_height;
}

void
nrt_plot_fill_background (cairo_t *cr, double width, double height)
{
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  nrt_plot_set_color (cr, nrt_plot_get_theme (cr)->background);
  cairo_fill (cr);
  cairo_restore (cr);
}

void
nrt_plot_draw_legend_box (cairo_t *cr, const NrtPlotStyle *style, double x, double y,
                          double width, double height)
{
  const NrtPlotTheme *theme = nrt_plot_get_theme (cr);

  cairo_rectangle (cr, x, y, width, height);
  cairo_set_source_rgba (cr, theme->panel.r, theme->panel.g, theme->panel.b, LEGEND_BOX_ALPHA);
  cairo_fill_preserve (cr);
  nrt_plot_set_color (cr, theme->outline);
  cairo_set_line_width (cr, style->unit);
  cairo_stroke (cr);
}

void
nrt_plot_set_color (cairo_t *cr, NrtColor color)
{
  cairo_set_source_rgb (cr, color.r, color.g, color.b);
}

NrtColor
nrt_plot_color_mix (NrtColor from, NrtColor to, double amount)
{
  NrtColor mixed;

  mixed.r = from.r + (to.r - from.r) * amount;
  mixed.g = from.g + (to.g - from.g) * amount;
  mixed.b = from.b + (to.b - from.b) * amount;
  return mixed;
}

gboolean
nrt_plot_theme_is_dark (const NrtPlotTheme *theme)
{
  /* Rec. 709 luma of the background. */
  NrtColor background = theme->background;

  return 0.2126 * background.r + 0.7152 * background.g + 0.0722 * background.b < 0.5;
}

gboolean
nrt_plot_value_is_usable (double value)
{
  return isfinite (value) && fabs (value) <= NRT_PLOT_MAX_ABS_VALUE;
}

static PangoLayout *
create_layout (cairo_t *cr, const NrtPlotStyle *style, const char *markup, gboolean bold)
{
  PangoLayout *layout;
  PangoFontDescription *font;

  layout = pango_cairo_create_layout (cr);
  font = pango_font_description_from_string ("Sans");
  pango_font_description_set_size (font, (int) (style->font_size * PANGO_SCALE));
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  pango_layout_set_markup (layout, markup, -1);

  return layout;
}

void
nrt_plot_text_measure (cairo_t *cr, const NrtPlotStyle *style, const char *markup,
                       gboolean bold, double *width, double *height)
{
  PangoLayout *layout;
  PangoRectangle logical;

  layout = create_layout (cr, style, markup, bold);
  pango_layout_get_extents (layout, NULL, &logical);
  if (width != NULL)
    *width = (double) logical.width / PANGO_SCALE;
  if (height != NULL)
    *height = (double) logical.height / PANGO_SCALE;
  g_object_unref (layout);
}

void
nrt_plot_text_draw (cairo_t *cr, const NrtPlotStyle *style, const char *markup,
                    gboolean bold, gboolean vertical,
                    double x, double y, double align_x, double align_y)
{
  nrt_plot_text_draw_color (cr, style, markup, bold, vertical, x, y, align_x, align_y,
                            nrt_plot_get_theme (cr)->text);
}

void
nrt_plot_text_draw_color (cairo_t *cr, const NrtPlotStyle *style, const char *markup,
                          gboolean bold, gboolean vertical,
                          double x, double y, double align_x, double align_y, NrtColor color)
{
  PangoLayout *layout;
  PangoRectangle logical;
  double text_width, text_height;

  layout = create_layout (cr, style, markup, bold);
  pango_layout_get_extents (layout, NULL, &logical);
  text_width = (double) logical.width / PANGO_SCALE;
  text_height = (double) logical.height / PANGO_SCALE;

  cairo_save (cr);
  nrt_plot_set_color (cr, color);
  cairo_translate (cr, x, y);
  if (vertical)
    {
      /* The rotated box is text_height wide and text_width tall. Its top
       * left corner is where the end of the text lies. */
      cairo_translate (cr, -align_x * text_height, (1.0 - align_y) * text_width);
      cairo_rotate (cr, -G_PI / 2.0);
    }
  else
    {
      cairo_translate (cr, -align_x * text_width, -align_y * text_height);
    }
  cairo_move_to (cr, -(double) logical.x / PANGO_SCALE, -(double) logical.y / PANGO_SCALE);
  pango_cairo_update_layout (cr, layout);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);

  g_object_unref (layout);
}

/* Returns 1, 2, 5 or 10 times a power of ten, the smallest not below raw. */
static double
nice_step (double raw)
{
  double magnitude, normalized;

  magnitude = pow (10.0, floor (log10 (raw)));
  normalized = raw / magnitude;
  if (normalized <= 1.0 + 1e-9)
    return magnitude;
  if (normalized <= 2.0 + 1e-9)
    return 2.0 * magnitude;
  if (normalized <= 5.0 + 1e-9)
    return 5.0 * magnitude;
  return 10.0 * magnitude;
}

static void
format_linear_label (char *label, double value, double step, double max_abs)
{
  int decimals;

  if (max_abs >= 1e6 || step < 1e-4)
    {
      /* Scientific notation with just enough mantissa digits to tell
       * neighbouring ticks apart. */
      int digits = (int) (floor (log10 (MAX (max_abs, step))) - floor (log10 (step)));

      g_snprintf (label, NRT_PLOT_LABEL_SIZE, "%.*e", CLAMP (digits, 0, 15), value);
      return;
    }

  decimals = step >= 1.0 ? 0 : (int) ceil (-log10 (step) - 1e-9);
  g_snprintf (label, NRT_PLOT_LABEL_SIZE, "%.*f", CLAMP (decimals, 0, 15), value);
}

void
nrt_plot_axis_init_linear (NrtPlotAxis *axis, double lo, double hi, int max_ticks,
                           gboolean expand, gboolean integer)
{
  double span, step, first, max_abs;
  int i;

  memset (axis, 0, sizeof *axis);
  if (!nrt_plot_value_is_usable (lo) || !nrt_plot_value_is_usable (hi))
    {
      lo = 0.0;
      hi = 1.0;
    }
  if (hi < lo)
    {
      double swap = lo;

      lo = hi;
      hi = swap;
    }

  /* A range narrower than the resolution of a double cannot hold distinct
   * ticks, so widen it around its centre. */
  span = hi - lo;
  if (span <= MAX (fabs (lo), fabs (hi)) * 1e-9 || span <= 0.0)
    {
      double centre = lo + span / 2.0;
      double half = fabs (centre) > 0.0 ? fabs (centre) * 0.1 : 1.0;

      if (integer)
        half = MAX (half, 1.0);
      lo = centre - half;
      hi = centre + half;
      span = hi - lo;
    }

  max_ticks = CLAMP (max_ticks, 2, NRT_PLOT_MAX_TICKS - 1);
  step = nice_step (span / (max_ticks - 1));
  if (integer && step < 1.0)
    step = 1.0;

  if (expand)
    {
      lo = floor (lo / step + 1e-9) * step;
      hi = ceil (hi / step - 1e-9) * step;
    }
  axis->lo = lo;
  axis->hi = hi;
  axis->log_scale = FALSE;

  max_abs = MAX (fabs (lo), fabs (hi));
  first = ceil (lo / step - 1e-9) * step;
  for (i = 0; axis->n_ticks < NRT_PLOT_MAX_TICKS; i++)
    {
      double value = first + i * step;

      if (value > hi + step * 1e-9)
        break;
      /* Avoid labels like "-0.0" from rounding near zero. */
      if (fabs (value) < step * 1e-9)
        value = 0.0;
      axis->ticks[axis->n_ticks] = value;
      format_linear_label (axis->labels[axis->n_ticks], value, step, max_abs);
      axis->n_ticks++;
    }
}

/* Writes 10^exponent as a plain number (0.001 to 10000) or, with powers
 * set, as 10 with a superscript exponent. */
static void
format_decade_label (char *label, int exponent, gboolean powers)
{
  if (powers)
    g_snprintf (label, NRT_PLOT_LABEL_SIZE, "10<sup>%d</sup>", exponent);
  else if (exponent >= 0)
    g_snprintf (label, NRT_PLOT_LABEL_SIZE, "%.0f", pow (10.0, exponent));
  else
    g_snprintf (label, NRT_PLOT_LABEL_SIZE, "%.*f", -exponent, pow (10.0, exponent));
}

void
nrt_plot_axis_init_log (NrtPlotAxis *axis, double lo, double hi, int max_ticks)
{
  int first_decade, last_decade, stride, decade;
  gboolean powers;

  memset (axis, 0, sizeof *axis);
  if (!(lo > 0.0) || !nrt_plot_value_is_usable (lo) || !nrt_plot_value_is_usable (hi) || hi < lo)
    {
      lo = 0.1;
      hi = 1.0;
    }

  first_decade = (int) floor (log10 (lo) + 1e-12);
  last_decade = (int) ceil (log10 (hi) - 1e-12);
  if (last_decade <= first_decade)
    {
      /* All values are one power of ten, or within a single decade. */
      if (last_decade == first_decade)
        first_decade--;
      last_decade = first_decade + 2;
    }

  max_ticks = CLAMP (max_ticks, 2, NRT_PLOT_MAX_TICKS - 1);
  stride = (last_decade - first_decade + max_ticks - 2) / (max_ticks - 1);
  stride = MAX (stride, 1);

  axis->lo = first_decade;
  axis->hi = last_decade;
  axis->log_scale = TRUE;

  /* One notation per axis: mixing 0.001 with 10^-4 reads badly. */
  powers = first_decade < -3 || last_decade > 4;

  for (decade = first_decade; decade <= last_decade && axis->n_ticks < NRT_PLOT_MAX_TICKS; decade++)
    {
      /* Ticks at multiples of the stride keep labels like 10^-6, 10^-3, 1. */
      if (((decade % stride) + stride) % stride != 0)
        continue;
      axis->ticks[axis->n_ticks] = pow (10.0, decade);
      format_decade_label (axis->labels[axis->n_ticks], decade, powers);
      axis->n_ticks++;
    }

  /* Minor ticks at 2..9 times each decade while they stay apart. */
  if (stride == 1 && last_decade - first_decade <= 6)
    {
      for (decade = first_decade; decade < last_decade; decade++)
        {
          int m;

          for (m = 2; m <= 9 && axis->n_minor_ticks < NRT_PLOT_MAX_MINOR_TICKS; m++)
            axis->minor_ticks[axis->n_minor_ticks++] = m * pow (10.0, decade);
        }
    }
}

double
nrt_plot_axis_max_label_width (const NrtPlotAxis *axis, cairo_t *cr, const NrtPlotStyle *style)
{
  double max_width = 0.0;
  int i;

  for (i = 0; i < axis->n_ticks; i++)
    {
      double label_width;

      nrt_plot_text_measure (cr, style, axis->labels[i], FALSE, &label_width, NULL);
      max_width = MAX (max_width, label_width);
    }

  return max_width;
}

void
nrt_plot_axis_fit (NrtPlotAxis *axis, cairo_t *cr, const NrtPlotStyle *style,
                   double lo, double hi, gboolean log_scale, double length,
                   gboolean horizontal, gboolean expand, gboolean integer)
{
  int max_ticks;

  /* Start from one tick per 1.5 lines of text and back off until the labels
   * fit: horizontal labels need their width plus a gap, vertical ones about
   * two lines of height. */
  max_ticks = (int) (length / MAX (style->line_height * 1.5, 1.0));
  max_ticks = CLAMP (max_ticks, 2, horizontal ? 12 : 10);

  for (; max_ticks >= 2; max_ticks--)
    {
      double needed = 0.0;
      int i;

      if (log_scale)
        nrt_plot_axis_init_log (axis, lo, hi, max_ticks);
      else
        nrt_plot_axis_init_linear (axis, lo, hi, max_ticks, expand, integer);

      if (horizontal)
        {
          for (i = 0; i < axis->n_ticks; i++)
            {
              double label_width;

              nrt_plot_text_measure (cr, style, axis->labels[i], FALSE, &label_width, NULL);
              needed += label_width + 2.0 * style->line_height;
            }
        }
      else
        {
          needed = axis->n_ticks * style->line_height * 2.0;
        }

      if (needed <= length)
        return;
    }
}

double
nrt_plot_axis_fraction (const NrtPlotAxis *axis, double value)
{
  double position;

  if (!isfinite (value))
    return NAN;

  if (axis->log_scale)
    {
      if (value <= 0.0)
        return NAN;
      position = log10 (value);
    }
  else
    {
      position = value;
    }

  if (axis->hi <= axis->lo)
    return 0.5;
  return (position - axis->lo) / (axis->hi - axis->lo);
}

double
nrt_plot_axes_left_margin (cairo_t *cr, const NrtPlotStyle *style, const NrtPlotAxis *y_axis,
                           gboolean has_title)
{
  double margin;

  margin = style->pad + nrt_plot_axis_max_label_width (y_axis, cr, style) + 2.0 * style->pad;
  if (has_title)
    margin += style->line_height + style->pad;

  return margin;
}

double
nrt_plot_axes_bottom_margin (const NrtPlotStyle *style, gboolean has_title)
{
  double margin;

  margin = 2.0 * style->pad + style->line_height;
  if (has_title)
    margin += style->line_height + style->pad;

  return margin + style->pad;
}

static void
draw_ticks (cairo_t *cr, const NrtPlotStyle *style, const NrtPlotRect *area,
            const NrtPlotAxis *axis, gboolean horizontal, gboolean grid)
{
  const NrtPlotTheme *theme = nrt_plot_get_theme (cr);
  double tick_length = style->pad;
  double minor_length = style->pad * 0.6;
  int i;

  for (i = 0; i < axis->n_ticks + axis->n_minor_ticks; i++)
    {
      gboolean minor = i >= axis->n_ticks;
      double value = minor ? axis->minor_ticks[i - axis->n_ticks] : axis->ticks[i];
      double fraction = nrt_plot_axis_fraction (axis, value);
      double length = minor ? minor_length : tick_length;
      double position;

      if (isnan (fraction) || fraction < -1e-9 || fraction > 1.0 + 1e-9)
        continue;

      if (horizontal)
        position = area->x + fraction * area->width;
      else
        position = area->y + (1.0 - fraction) * area->height;

      if (grid && !minor)
        {
          nrt_plot_set_color (cr, theme->grid);
          cairo_set_line_width (cr, style->unit);
          if (horizontal)
            {
              cairo_move_to (cr, position, area->y);
              cairo_line_to (cr, position, area->y + area->height);
            }
          else
            {
              cairo_move_to (cr, area->x, position);
              cairo_line_to (cr, area->x + area->width, position);
            }
          cairo_stroke (cr);
        }

      nrt_plot_set_color (cr, theme->frame);
      cairo_set_line_width (cr, style->unit);
      if (horizontal)
        {
          cairo_move_to (cr, position, area->y + area->height);
          cairo_line_to (cr, position, area->y + area->height + length);
        }
      else
        {
          cairo_move_to (cr, area->x, position);
          cairo_line_to (cr, area->x - length, position);
        }
      cairo_stroke (cr);

      if (minor)
        continue;
      if (horizontal)
        nrt_plot_text_draw (cr, style, axis->labels[i], FALSE, FALSE,
                            position, area->y + area->height + tick_length + style->pad,
                            0.5, 0.0);
      else
        nrt_plot_text_draw (cr, style, axis->labels[i], FALSE, FALSE,
                            area->x - tick_length - style->pad, position, 1.0, 0.5);
    }
}

void
nrt_plot_axes_draw (cairo_t *cr, const NrtPlotStyle *style, const NrtPlotRect *area,
                    const NrtPlotAxis *x_axis, const NrtPlotAxis *y_axis,
                    const char *x_title, const char *y_title, gboolean grid)
{
  cairo_save (cr);

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  draw_ticks (cr, style, area, x_axis, TRUE, grid);
  draw_ticks (cr, style, area, y_axis, FALSE, grid);

  nrt_plot_set_color (cr, nrt_plot_get_theme (cr)->frame);
  cairo_set_line_width (cr, style->unit);
  cairo_rectangle (cr, area->x, area->y, area->width, area->height);
  cairo_stroke (cr);

  if (x_title != NULL)
    {
      g_autofree char *markup = g_markup_escape_text (x_title, -1);
      double y = area->y + area->height + 2.0 * style->pad + style->line_height + style->pad;

      nrt_plot_text_draw (cr, style, markup, FALSE, FALSE,
                          area->x + area->width / 2.0, y, 0.5, 0.0);
    }

  if (y_title != NULL)
    {
      g_autofree char *markup = g_markup_escape_text (y_title, -1);
      double label_width = nrt_plot_axis_max_label_width (y_axis, cr, style);
      double x = area->x - 2.0 * style->pad - label_width - style->pad;

      nrt_plot_text_draw (cr, style, markup, FALSE, TRUE,
                          x, area->y + area->height / 2.0, 1.0, 0.5);
    }

  cairo_restore (cr);
}
