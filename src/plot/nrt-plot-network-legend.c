/* nrt-plot-network-legend.c: the legend row of the network diagram, which
 * names the colours of the links and of the neurons' heatmaps. */
#define G_LOG_DOMAIN "Neurite-Plot"

#include "config.h"

#include "nrt-plot-network-private.h"

#include <glib/gi18n-lib.h>

/* The colour stops of the heatmap sample, from -1 to 1. */
#define SAMPLE_STOPS 8

typedef enum {
  SAMPLE_LINE,       /* a link in the colour of a sign */
  SAMPLE_GRADIENT    /* the heatmaps' scale from -1 to 1 */
} SampleKind;

typedef struct {
  SampleKind kind;
  double value;      /* the sign of a line sample */
  const char *text;  /* translated plain text */
  double text_width;
} LegendEntry;

static void
draw_line_sample (cairo_t *cr, const NrtPlotStyle *style, double x, double y, double length,
                  double value)
{
  nrt_plot_set_color (cr, nrt_network_sign_color (value));
  cairo_set_line_width (cr, 2.0 * style->unit);
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x + length, y);
  cairo_stroke (cr);
}

/* Draws the heatmaps' colour scale, orange at -1 through white at 0 to
 * blue at 1, as a bar with an outline. */
static void
draw_gradient_sample (cairo_t *cr, const NrtPlotStyle *style, double x, double y, double length)
{
  double bar_height = style->line_height * 0.6;
  cairo_pattern_t *gradient;

  gradient = cairo_pattern_create_linear (x, 0.0, x + length, 0.0);
  for (int i = 0; i <= SAMPLE_STOPS; i++)
    {
      double value = -1.0 + 2.0 * i / SAMPLE_STOPS;
      NrtColor end = nrt_network_sign_color (value);
      NrtColor white = { 1.0, 1.0, 1.0 };
      NrtColor color = nrt_plot_color_mix (white, end, value < 0.0 ? -value : value);

      cairo_pattern_add_color_stop_rgb (gradient, (double) i / SAMPLE_STOPS, color.r, color.g,
                                        color.b);
    }
  cairo_rectangle (cr, x, y - bar_height / 2.0, length, bar_height);
  cairo_set_source (cr, gradient);
  cairo_fill_preserve (cr);
  cairo_pattern_destroy (gradient);
  nrt_plot_set_color (cr, nrt_plot_get_theme (cr)->outline);
  cairo_set_line_width (cr, 0.5 * style->unit);
  cairo_stroke (cr);
}

void
nrt_network_draw_legend (cairo_t *cr, const NetworkLayout *layout, const NrtNetworkPlot *plot,
                         double width)
{
  const NrtPlotStyle *style = &layout->style;
  double sample_length = 2.0 * style->line_height;
  double gap = 3.0 * style->pad;
  LegendEntry entries[3] = {
    { SAMPLE_LINE, 1.0, _("Positive weight"), 0.0 },
    { SAMPLE_LINE, -1.0, _("Negative weight"), 0.0 },
    { SAMPLE_GRADIENT, 0.0, _("Neuron output, −1 to 1"), 0.0 },
  };
  int n_entries = nrt_network_has_heatmaps (plot) ? 3 : 2;
  double total, x;

  if (layout->legend_y < 0.0)
    return;

  /* Leave out the heatmap entry, then the whole row, when it does not fit. */
  for (;;)
    {
      total = -gap;
      for (int i = 0; i < n_entries; i++)
        {
          nrt_plot_text_measure (cr, style, entries[i].text, FALSE, &entries[i].text_width, NULL);
          total += sample_length + style->pad + entries[i].text_width + gap;
        }
      if (total <= width - 4.0 * style->pad)
        break;
      if (n_entries == 2)
        return;
      n_entries = 2;
    }

  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  x = (width - total) / 2.0;
  for (int i = 0; i < n_entries; i++)
    {
      if (entries[i].kind == SAMPLE_LINE)
        draw_line_sample (cr, style, x, layout->legend_y, sample_length, entries[i].value);
      else
        draw_gradient_sample (cr, style, x, layout->legend_y, sample_length);
      x += sample_length + style->pad;
      nrt_plot_text_draw (cr, style, entries[i].text, FALSE, FALSE, x, layout->legend_y,
                          0.0, 0.5);
      x += entries[i].text_width + gap;
    }
  cairo_restore (cr);
}
