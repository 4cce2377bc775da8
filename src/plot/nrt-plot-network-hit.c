/* nrt-plot-network-hit.c: hit-testing of the network diagram and its
 * layout queries, computed by the same layout as the drawing.
 */
#define G_LOG_DOMAIN "Neurite-Plot"

#include "config.h"

#include "nrt-plot-network-private.h"

#include <math.h>

/* Returns a context on a 1 × 1 image surface, for measuring text where no
 * drawing context is at hand. */
static cairo_t *
create_measure_context (void)
{
  cairo_surface_t *surface;
  cairo_t *cr;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cr = cairo_create (surface);
  cairo_surface_destroy (surface);

  return cr;
}

static gboolean
rect_contains (const NrtPlotRect *rect, double margin, double x, double y)
{
  return x >= rect->x - margin && x <= rect->x + rect->width + margin
         && y >= rect->y - margin && y <= rect->y + rect->height + margin;
}

/* Computes the layout on a measuring context. Returns FALSE when nothing
 * is drawn. Call nrt_network_layout_clear afterwards either way. */
static gboolean
layout_for_query (NetworkLayout *layout, const NrtNetworkPlot *plot, double width, double height)
{
  cairo_t *cr = create_measure_context ();
  gboolean drawable;

  drawable = nrt_network_layout_init (layout, cr, width, height, plot);
  cairo_destroy (cr);

  return drawable;
}

static gboolean
hit_neuron (const NetworkLayout *layout, double x, double y, NrtNetworkHit *hit)
{
  int c, k;

  for (c = 0; c < layout->n_columns; c++)
    {
      const ColumnLayout *column = &layout->columns[c];
      double half = layout->neuron_size / 2.0;

      if (fabs (x - column->x) > half)
        continue;
      for (k = 0; k < column->n_shown; k++)
        {
          NrtPlotRect rect = nrt_network_neuron_rect (layout, column, k);

          if (rect_contains (&rect, 0.0, x, y))
            {
              hit->kind = NRT_NETWORK_HIT_NEURON;
              hit->column = c;
              hit->index = nrt_network_shown_to_index (column, k);
              return TRUE;
            }
        }
    }

  return FALSE;
}

static gboolean
hit_bias (const NetworkLayout *layout, const NrtNetworkPlot *plot, double x, double y,
          NrtNetworkHit *hit)
{
  int c, k;

  for (c = 1; c < layout->n_columns; c++)
    {
      const ColumnLayout *column = &layout->columns[c];

      for (k = 0; k < column->n_shown; k++)
        {
          NrtPlotRect rect;

          if (!nrt_network_bias_rect (layout, plot, c, k, &rect))
            break;
          if (rect_contains (&rect, layout->style.unit, x, y))
            {
              hit->kind = NRT_NETWORK_HIT_BIAS;
              hit->column = c;
              hit->index = nrt_network_shown_to_index (column, k);
              return TRUE;
            }
        }
    }

  return FALSE;
}

static gboolean
hit_link (const NetworkLayout *layout, const NrtNetworkPlot *plot, double x, double y,
          NrtNetworkHit *hit)
{
  double best = G_MAXDOUBLE;
  int c, a, b;

  for (c = 1; c < layout->n_columns; c++)
    {
      const ColumnLayout *from = &layout->columns[c - 1];
      const ColumnLayout *to = &layout->columns[c];
      const float *kernel = nrt_network_get_kernel (plot, c);
      LinkStyle style;
      double slack;

      if (kernel == NULL)
        continue;
      style = nrt_network_link_style (layout, plot, c);
      slack = nrt_network_link_hit_tolerance (layout, style.max_width);
      if (x < from->x - slack || x > to->x + slack)
        continue;

      for (a = 0; a < from->n_shown; a++)
        {
          int i = nrt_network_shown_to_index (from, a);

          for (b = 0; b < to->n_shown; b++)
            {
              int j = nrt_network_shown_to_index (to, b);
              double weight = kernel[(gsize) i * to->size + j];
              LinkCurve curve = nrt_network_link_curve (layout, c, a, b);
              double tolerance
                = nrt_network_link_hit_tolerance (layout, nrt_network_link_width (&style, weight));
              double distance;

              /* The curve stays within the box of its two ends. */
              if (y < MIN (curve.y0, curve.y3) - tolerance
                  || y > MAX (curve.y0, curve.y3) + tolerance)
                continue;
              distance = nrt_network_link_curve_distance (&curve, x, y);
              if (distance <= tolerance && distance < best)
                {
                  best = distance;
                  hit->kind = NRT_NETWORK_HIT_WEIGHT;
                  hit->column = c;
                  hit->index = j;
                  hit->from = i;
                }
            }
        }
    }

  return best < G_MAXDOUBLE;
}

NrtNetworkHit
nrt_plot_network_hit_test (const NrtNetworkPlot *plot, double width, double height,
                           double x, double y)
{
  NrtNetworkHit hit = { NRT_NETWORK_HIT_NONE, -1, -1, -1 };
  NetworkLayout layout;

  if (!isfinite (x) || !isfinite (y) || x < 0.0 || y < 0.0 || x > width || y > height)
    return hit;

  if (layout_for_query (&layout, plot, width, height))
    {
      if (!hit_neuron (&layout, x, y, &hit) && !hit_bias (&layout, plot, x, y, &hit))
        hit_link (&layout, plot, x, y, &hit);
    }
  nrt_network_layout_clear (&layout);

  return hit;
}

static void
rect_to_box (const NrtPlotRect *rect, NrtNetworkBox *box)
{
  box->x = rect->x;
  box->y = rect->y;
  box->width = rect->width;
  box->height = rect->height;
}

gboolean
nrt_plot_network_get_neuron_box (const NrtNetworkPlot *plot, double width, double height,
                                 int column, int index, NrtNetworkBox *box)
{
  NetworkLayout layout;
  gboolean found = FALSE;

  g_return_val_if_fail (box != NULL, FALSE);

  if (layout_for_query (&layout, plot, width, height) && column >= 0
      && column < layout.n_columns)
    {
      int k = nrt_network_index_to_shown (&layout.columns[column], index);

      if (k >= 0)
        {
          NrtPlotRect rect = nrt_network_neuron_rect (&layout, &layout.columns[column], k);

          rect_to_box (&rect, box);
          found = TRUE;
        }
    }
  nrt_network_layout_clear (&layout);

  return found;
}

gboolean
nrt_plot_network_get_bias_box (const NrtNetworkPlot *plot, double width, double height,
                               int column, int index, NrtNetworkBox *box)
{
  NetworkLayout layout;
  gboolean found = FALSE;

  g_return_val_if_fail (box != NULL, FALSE);

  if (layout_for_query (&layout, plot, width, height) && column >= 1
      && column < layout.n_columns)
    {
      int k = nrt_network_index_to_shown (&layout.columns[column], index);
      NrtPlotRect rect;

      if (k >= 0 && nrt_network_bias_rect (&layout, plot, column, k, &rect))
        {
          rect_to_box (&rect, box);
          found = TRUE;
        }
    }
  nrt_network_layout_clear (&layout);

  return found;
}

gboolean
nrt_plot_network_get_link_point (const NrtNetworkPlot *plot, double width, double height,
                                 int column, int from, int to, double t, double *x, double *y)
{
  NetworkLayout layout;
  gboolean found = FALSE;

  g_return_val_if_fail (x != NULL && y != NULL, FALSE);

  if (layout_for_query (&layout, plot, width, height) && column >= 1
      && column < layout.n_columns)
    {
      int a = nrt_network_index_to_shown (&layout.columns[column - 1], from);
      int b = nrt_network_index_to_shown (&layout.columns[column], to);

      if (a >= 0 && b >= 0)
        {
          LinkCurve curve = nrt_network_link_curve (&layout, column, a, b);

          nrt_network_link_curve_point (&curve, CLAMP (t, 0.0, 1.0), x, y);
          found = TRUE;
        }
    }
  nrt_network_layout_clear (&layout);

  return found;
}

int
nrt_plot_network_get_n_hidden (const NrtNetworkPlot *plot, double width, double height,
                               int column, NrtNetworkBox *label_box)
{
  NetworkLayout layout;
  int n_hidden = -1;

  if (layout_for_query (&layout, plot, width, height) && column >= 0
      && column < layout.n_columns)
    {
      const ColumnLayout *layout_column = &layout.columns[column];

      n_hidden = layout_column->n_hidden;
      if (n_hidden > 0 && label_box != NULL)
        {
          /* The block between the gaps, as wide as the neurons. The text
           * itself may be wider. */
          label_box->width = layout.neuron_size;
          label_box->height = layout.label_block;
          label_box->x = layout_column->x - layout.neuron_size / 2.0;
          label_box->y = nrt_network_more_label_centre_y (&layout, layout_column)
                         - layout.label_block / 2.0;
        }
    }
  nrt_network_layout_clear (&layout);

  return n_hidden;
}
