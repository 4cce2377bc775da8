/* nrt-plot-network-weights.c: the weights as the network diagram shows
 * them: links whose width follows |w| and colour its sign, and bias
 * markers, with the geometry that hit-testing shares.
 */
#define G_LOG_DOMAIN "Neurite-Plot"

#include "config.h"

#include "nrt-plot-network-private.h"

#include <math.h>

/* Neurons smaller than this many pixels get no bias marker. */
#define MIN_SIZE_FOR_BIAS 10.0
/* Line segments per link when measuring the distance to its curve. */
#define LINK_SEGMENTS 32

/* Largest finite |value| among n values, 0 when none is finite. */
static double
max_abs_finite (const float *values, gsize n)
{
  double largest = 0.0;
  gsize i;

  for (i = 0; i < n; i++)
    {
      if (isfinite (values[i]))
        largest = MAX (largest, fabs (values[i]));
    }

  return largest;
}

/* Returns |value| / max_abs in [0, 1], or 0 without a usable scale. */
static double
magnitude_ratio (double value, double max_abs)
{
  if (!(max_abs > 0.0) || !isfinite (value))
    return 0.0;

  return CLAMP (fabs (value) / max_abs, 0.0, 1.0);
}

NrtColor
nrt_network_sign_color (double value)
{
  if (!isfinite (value))
    return no_value_color;

  /* Playground's colours: orange for negative, blue for positive. */
  return nrt_plot_class_color (value < 0.0 ? 0 : 1, 2);
}

/* Computes the bias marker of shown position k of a column: a square just
 * outside the neuron's lower-left corner, its side growing with |bias| /
 * max |bias| of the layer. Returns FALSE when no marker is drawn. */
gboolean
nrt_network_bias_rect (const NetworkLayout *layout, const NrtNetworkPlot *plot, int column_index,
                       int k, NrtPlotRect *rect)
{
  const ColumnLayout *column = &layout->columns[column_index];
  const float *biases = nrt_network_get_biases (plot, column_index);
  NrtPlotRect neuron;
  double ratio, side;

  if (biases == NULL || layout->neuron_size < MIN_SIZE_FOR_BIAS)
    return FALSE;

  neuron = nrt_network_neuron_rect (layout, column, k);
  ratio = magnitude_ratio (biases[nrt_network_shown_to_index (column, k)],
                           max_abs_finite (biases, column->size));
  side = layout->neuron_size * (0.16 + 0.16 * ratio);
  side = MAX (side, 3.0 * layout->style.unit);
  rect->width = side;
  rect->height = side;
  rect->x = neuron.x - side - layout->style.unit;
  rect->y = neuron.y + neuron.height - side;

  return TRUE;
}

LinkCurve
nrt_network_link_curve (const NetworkLayout *layout, int column_index, int from_k, int to_k)
{
  NrtPlotRect from = nrt_network_neuron_rect (layout, &layout->columns[column_index - 1], from_k);
  NrtPlotRect to = nrt_network_neuron_rect (layout, &layout->columns[column_index], to_k);
  LinkCurve curve;

  curve.x0 = from.x + from.width;
  curve.y0 = from.y + from.height / 2.0;
  curve.x3 = to.x;
  curve.y3 = to.y + to.height / 2.0;

  return curve;
}

/* Evaluates the curve at t. Its control points are (x0 + dx / 2, y0) and
 * (x3 - dx / 2, y3) with dx = x3 - x0, so the point at t = 0.5 is the
 * midpoint of the two ends. */
void
nrt_network_link_curve_point (const LinkCurve *curve, double t, double *x, double *y)
{
  double dx = curve->x3 - curve->x0;
  double x1 = curve->x0 + dx / 2.0, x2 = curve->x3 - dx / 2.0;
  double s = 1.0 - t;

  *x = s * s * s * curve->x0 + 3.0 * s * s * t * x1 + 3.0 * s * t * t * x2
       + t * t * t * curve->x3;
  *y = s * s * s * curve->y0 + 3.0 * s * s * t * curve->y0 + 3.0 * s * t * t * curve->y3
       + t * t * t * curve->y3;
}

static double
segment_distance (double px, double py, double ax, double ay, double bx, double by)
{
  double dx = bx - ax, dy = by - ay;
  double length2 = dx * dx + dy * dy;
  double t = 0.0;

  if (length2 > 0.0)
    t = CLAMP (((px - ax) * dx + (py - ay) * dy) / length2, 0.0, 1.0);

  return hypot (px - (ax + t * dx), py - (ay + t * dy));
}

double
nrt_network_link_curve_distance (const LinkCurve *curve, double x, double y)
{
  double best = G_MAXDOUBLE;
  double ax = curve->x0, ay = curve->y0;
  int i;

  for (i = 1; i <= LINK_SEGMENTS; i++)
    {
      double bx, by;

      nrt_network_link_curve_point (curve, (double) i / LINK_SEGMENTS, &bx, &by);
      best = MIN (best, segment_distance (x, y, ax, ay, bx, by));
      ax = bx;
      ay = by;
    }

  return best;
}

LinkStyle
nrt_network_link_style (const NetworkLayout *layout, const NrtNetworkPlot *plot, int column_index)
{
  const ColumnLayout *from = &layout->columns[column_index - 1];
  const ColumnLayout *to = &layout->columns[column_index];
  const float *kernel = nrt_network_get_kernel (plot, column_index);
  double n_links = (double) from->n_shown * to->n_shown;
  int fan = MAX (MAX (from->n_shown, to->n_shown), 1);
  LinkStyle style;

  style.max_abs = kernel != NULL ? max_abs_finite (kernel, (gsize) from->size * to->size) : 0.0;
  style.min_width = 0.5 * layout->style.unit;
  /* At most 6 units, and thinner when many links meet at one neuron's edge,
   * so that together they span at most 1.5 neuron sides. */
  style.max_width = MIN (6.0 * layout->style.unit, 1.5 * layout->neuron_size / fan);
  style.max_width = MAX (style.max_width, style.min_width);
  /* More links get fainter, so that a 16 × 16 layer stays readable:
   * 0.9 up to 11 links, 0.2 from 225 links. */
  style.alpha = n_links > 0.0 ? CLAMP (3.0 / sqrt (n_links), 0.2, 0.9) : 0.9;

  return style;
}

double
nrt_network_link_width (const LinkStyle *style, double weight)
{
  return style->min_width + (style->max_width - style->min_width)
                            * magnitude_ratio (weight, style->max_abs);
}

/* Weak links are fainter as well as thinner: from half the layer's alpha
 * at w = 0 to all of it at the largest |w|. */
static double
link_alpha (const LinkStyle *style, double weight)
{
  return style->alpha * (0.5 + 0.5 * magnitude_ratio (weight, style->max_abs));
}

double
nrt_network_link_hit_tolerance (const NetworkLayout *layout, double stroke_width)
{
  return MAX (4.0 * layout->style.unit, stroke_width / 2.0 + 2.0 * layout->style.unit);
}

static void
draw_link (cairo_t *cr, const LinkCurve *curve, double stroke_width, NrtColor color,
           double alpha)
{
  double dx = curve->x3 - curve->x0;

  cairo_move_to (cr, curve->x0, curve->y0);
  cairo_curve_to (cr, curve->x0 + dx / 2.0, curve->y0, curve->x3 - dx / 2.0, curve->y3,
                  curve->x3, curve->y3);
  cairo_set_source_rgba (cr, color.r, color.g, color.b, alpha);
  cairo_set_line_width (cr, stroke_width);
  cairo_stroke (cr);
}

/* Draws the links of layer column_index. With only_column set to
 * column_index - 1 or column_index, draws only the links touching shown
 * position only_k of that column, opaque. */
void
nrt_network_draw_layer_links (cairo_t *cr, const NetworkLayout *layout,
                              const NrtNetworkPlot *plot, int column_index, int only_column,
                              int only_k)
{
  const ColumnLayout *from = &layout->columns[column_index - 1];
  const ColumnLayout *to = &layout->columns[column_index];
  const float *kernel = nrt_network_get_kernel (plot, column_index);
  LinkStyle style = nrt_network_link_style (layout, plot, column_index);
  int a, b;

  for (a = 0; a < from->n_shown; a++)
    {
      int i = nrt_network_shown_to_index (from, a);

      if (only_column == column_index - 1 && a != only_k)
        continue;
      for (b = 0; b < to->n_shown; b++)
        {
          int j = nrt_network_shown_to_index (to, b);
          LinkCurve curve;
          double weight, alpha;

          if (only_column == column_index && b != only_k)
            continue;
          curve = nrt_network_link_curve (layout, column_index, a, b);

          /* Without a kernel the links show the structure only. */
          if (kernel == NULL)
            {
              draw_link (cr, &curve, style.min_width, no_value_color,
                         only_column >= 0 ? 1.0 : style.alpha);
              continue;
            }
          weight = kernel[(gsize) i * to->size + j];
          alpha = only_column >= 0 ? 1.0 : link_alpha (&style, weight);
          draw_link (cr, &curve, nrt_network_link_width (&style, weight),
                     nrt_network_sign_color (weight), alpha);
        }
    }
}

void
nrt_network_draw_bias (cairo_t *cr, const NetworkLayout *layout, const NrtNetworkPlot *plot,
                       int column_index, int k)
{
  const float *biases = nrt_network_get_biases (plot, column_index);
  const ColumnLayout *column = &layout->columns[column_index];
  NrtPlotRect rect;
  NrtColor color;

  if (!nrt_network_bias_rect (layout, plot, column_index, k, &rect))
    return;

  color = nrt_network_sign_color (biases[nrt_network_shown_to_index (column, k)]);
  cairo_rectangle (cr, rect.x, rect.y, rect.width, rect.height);
  nrt_plot_set_color (cr, color);
  cairo_fill_preserve (cr);
  /* A rim of the background colour sets the marker apart from the neuron. */
  nrt_plot_set_color (cr, nrt_plot_get_theme (cr)->background);
  cairo_set_line_width (cr, 0.5 * layout->style.unit);
  cairo_stroke (cr);
}
