/* nrt-plot-network.c: drawing the network diagram.
 *
 * draw_network draws the links, then the neurons with their heatmaps and
 * bias markers, the labels, and the hovered neuron enlarged on top, all
 * where nrt_network_layout_init places them. The links and bias markers
 * themselves are drawn by nrt-plot-network-weights.c.
 */
#define G_LOG_DOMAIN "Neurite-Plot"

#include "config.h"

#include "nrt-plot-network-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdint.h>

/* The hovered neuron is drawn this many times larger. */
#define HOVER_SCALE 3.0

/* How far a neuron without a heatmap is tinted from the background towards
 * the text colour: 0.95 grey in the light theme. */
#define NEURON_TINT 0.06

/* The opacity of the boxes behind the "more" labels. */
#define LABEL_BOX_ALPHA 0.85

static const NrtColor white = { 1.0, 1.0, 1.0 };

static void
draw_message (cairo_t *cr, const NrtPlotStyle *style, double width, double height,
              const char *message)
{
  g_autofree char *markup = g_markup_escape_text (message, -1);

  nrt_plot_text_draw (cr, style, markup, FALSE, FALSE, width / 2.0, height / 2.0, 0.5, 0.5);
}

static void
rounded_rect_path (cairo_t *cr, const NrtPlotRect *rect, double radius)
{
  double x0 = rect->x, y0 = rect->y;
  double x1 = rect->x + rect->width, y1 = rect->y + rect->height;

  radius = MIN (radius, MIN (rect->width, rect->height) / 2.0);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x1 - radius, y0 + radius, radius, -G_PI / 2.0, 0.0);
  cairo_arc (cr, x1 - radius, y1 - radius, radius, 0.0, G_PI / 2.0);
  cairo_arc (cr, x0 + radius, y1 - radius, radius, G_PI / 2.0, G_PI);
  cairo_arc (cr, x0 + radius, y0 + radius, radius, G_PI, 3.0 * G_PI / 2.0);
  cairo_close_path (cr);
}

/* Maps value in [-1, 1] to orange through white to blue, full colour at ±1
 * as Playground's neuron heatmaps do. NaN and infinities are grey. */
static uint32_t
heatmap_pixel (float value)
{
  NrtColor color;
  double amount;
  uint32_t r, g, b;

  if (!isfinite (value))
    {
      color = no_value_color;
    }
  else
    {
      NrtColor end = nrt_network_sign_color (value);

      amount = CLAMP (fabs (value), 0.0, 1.0);
      color.r = white.r + (end.r - white.r) * amount;
      color.g = white.g + (end.g - white.g) * amount;
      color.b = white.b + (end.b - white.b) * amount;
    }

  r = (uint32_t) lround (color.r * 255.0);
  g = (uint32_t) lround (color.g * 255.0);
  b = (uint32_t) lround (color.b * 255.0);

  return 0xff000000u | (r << 16) | (g << 8) | b;
}

/* Returns a new side × side image of values (row 0 at the top), or NULL
 * when cairo cannot allocate it. */
static cairo_surface_t *
create_heatmap_image (const float *values, int side)
{
  cairo_surface_t *surface;
  unsigned char *data;
  int stride, row, column;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, side, side);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (row = 0; row < side; row++)
    {
      uint32_t *pixels = (uint32_t *) (data + (gsize) row * stride);

      for (column = 0; column < side; column++)
        pixels[column] = heatmap_pixel (values[(gsize) row * side + column]);
    }
  cairo_surface_mark_dirty (surface);

  return surface;
}

/* Fills rect (clipped to the neuron's rounded shape) with the heatmap, or
 * with the plain neuron colour without one, then outlines it. */
static void
draw_neuron_box (cairo_t *cr, const NetworkLayout *layout, const NrtPlotRect *rect,
                 const float *heatmap, int heatmap_size, NrtColor outline, double outline_width)
{
  cairo_surface_t *image = NULL;
  double radius = rect->width * 0.15;

  if (heatmap != NULL)
    image = create_heatmap_image (heatmap, heatmap_size);

  cairo_save (cr);
  if (image != NULL)
    {
      cairo_pattern_t *pattern;

      cairo_save (cr);
      rounded_rect_path (cr, rect, radius);
      cairo_clip (cr);
      cairo_translate (cr, rect->x, rect->y);
      cairo_scale (cr, rect->width / heatmap_size, rect->height / heatmap_size);
      cairo_set_source_surface (cr, image, 0.0, 0.0);
      pattern = cairo_get_source (cr);
      cairo_pattern_set_filter (pattern, CAIRO_FILTER_BILINEAR);
      /* Without padding, bilinear filtering fades the outer cells. */
      cairo_pattern_set_extend (pattern, CAIRO_EXTEND_PAD);
      cairo_paint (cr);
      cairo_restore (cr);
      rounded_rect_path (cr, rect, radius);
    }
  else
    {
      const NrtPlotTheme *theme = nrt_plot_get_theme (cr);

      rounded_rect_path (cr, rect, radius);
      nrt_plot_set_color (cr, nrt_plot_color_mix (theme->background, theme->text, NEURON_TINT));
      cairo_fill_preserve (cr);
    }
  nrt_plot_set_color (cr, outline);
  cairo_set_line_width (cr, outline_width);
  cairo_stroke (cr);
  cairo_restore (cr);

  if (image != NULL)
    cairo_surface_destroy (image);
}

/* Draws the "⋯ N more" label on a box of the theme's panel colour, in the
 * longest form that fits the column's band. */
static void
draw_more_label (cairo_t *cr, const NetworkLayout *layout, int c, double width)
{
  const NrtPlotStyle *style = &layout->style;
  const NrtColor panel = nrt_plot_get_theme (cr)->panel;
  const ColumnLayout *column = &layout->columns[c];
  g_autofree char *long_form = g_strdup_printf (_("⋯ %d more"), column->n_hidden);
  g_autofree char *short_form = g_strdup_printf ("⋯ %d", column->n_hidden);
  const char *forms[3] = { long_form, short_form, "⋯" };
  const char *markup = NULL;
  double left, right, text_width = 0.0, text_height = 0.0, centre_y, x;
  guint i;

  nrt_network_column_text_band (layout, c, width, &left, &right);
  for (i = 0; i < G_N_ELEMENTS (forms) && markup == NULL; i++)
    {
      nrt_plot_text_measure (cr, style, forms[i], FALSE, &text_width, &text_height);
      if (text_width + style->pad <= right - left || i + 1 == G_N_ELEMENTS (forms))
        markup = forms[i];
    }

  centre_y = nrt_network_more_label_centre_y (layout, column);
  x = nrt_network_place_text (column->x, text_width + style->pad, left, right);
  cairo_rectangle (cr, x, centre_y - text_height / 2.0, text_width + style->pad, text_height);
  cairo_set_source_rgba (cr, panel.r, panel.g, panel.b, LABEL_BOX_ALPHA);
  cairo_fill (cr);
  nrt_plot_text_draw (cr, style, markup, FALSE, FALSE, x + style->pad / 2.0, centre_y, 0.0, 0.5);
}

static void
draw_column_titles (cairo_t *cr, const NetworkLayout *layout, const NrtNetworkPlot *plot,
                    double width)
{
  const NrtPlotStyle *style = &layout->style;
  int c;

  for (c = 0; c < layout->n_columns; c++)
    {
      g_autofree char *title = nrt_network_dup_column_title (plot, c);
      g_autofree char *markup = NULL;
      double left, right, text_width;

      nrt_network_column_text_band (layout, c, width, &left, &right);
      markup = nrt_network_fit_text_markup (cr, style, title, FALSE, right - left);
      if (markup == NULL)
        continue;
      nrt_plot_text_measure (cr, style, markup, FALSE, &text_width, NULL);
      nrt_plot_text_draw (cr, style, markup, FALSE, FALSE,
                          nrt_network_place_text (layout->columns[c].x, text_width, left, right),
                          layout->column_titles_y, 0.0, 0.0);
    }
}

static void
draw_input_names (cairo_t *cr, const NetworkLayout *layout, const NrtNetworkPlot *plot)
{
  const ColumnLayout *column = &layout->columns[0];
  int k;

  if (!layout->show_names || layout->names_width <= 0.0)
    return;

  for (k = 0; k < column->n_shown; k++)
    {
      NrtPlotRect rect = nrt_network_neuron_rect (layout, column, k);
      g_autofree char *name
        = nrt_network_dup_input_name (plot, nrt_network_shown_to_index (column, k));
      g_autofree char *markup = nrt_network_fit_text_markup (cr, &layout->style, name, FALSE,
                                                             layout->names_width);

      if (markup == NULL)
        continue;
      nrt_plot_text_draw (cr, &layout->style, markup, FALSE, FALSE,
                          rect.x - layout->style.pad, rect.y + rect.height / 2.0, 1.0, 0.5);
    }
}

/* Writes the smallest and largest finite values of a heatmap. Returns
 * FALSE when none is finite. */
static gboolean
heatmap_range (const float *values, int side, double *lo, double *hi)
{
  gsize n = (gsize) side * side;
  gboolean found = FALSE;
  gsize i;

  for (i = 0; i < n; i++)
    {
      if (!isfinite (values[i]))
        continue;
      if (!found || values[i] < *lo)
        *lo = values[i];
      if (!found || values[i] > *hi)
        *hi = values[i];
      found = TRUE;
    }

  return found;
}

/* Draws the hovered neuron's heatmap HOVER_SCALE times larger, centred on
 * the neuron but kept inside the drawing, with its values' range below. */
static void
draw_hover_overlay (cairo_t *cr, const NetworkLayout *layout, const NrtNetworkPlot *plot,
                    const NrtPlotRect *neuron, const float *heatmap, double width, double height)
{
  const NrtPlotStyle *style = &layout->style;
  const NrtPlotTheme *theme = nrt_plot_get_theme (cr);
  g_autofree char *text = NULL;
  g_autofree char *range = NULL;
  NrtPlotRect rect;
  double lo = 0.0, hi = 0.0, side, text_height, text_width;

  if (heatmap_range (heatmap, plot->heatmap_size, &lo, &hi))
    text = g_strdup_printf (_("%.2f to %.2f"), lo, hi);
  else
    text = g_strdup (_("no finite values"));
  range = g_markup_escape_text (text, -1);
  nrt_plot_text_measure (cr, style, range, FALSE, &text_width, &text_height);

  side = neuron->width * HOVER_SCALE;
  side = MIN (side, MIN (width, height - text_height - style->pad) - 2.0 * style->pad);
  side = MAX (side, neuron->width);
  rect.width = side;
  rect.height = side;
  rect.x = neuron->x + neuron->width / 2.0 - side / 2.0;
  rect.y = neuron->y + neuron->height / 2.0 - side / 2.0;
  rect.x = CLAMP (rect.x, style->pad, MAX (style->pad, width - style->pad - side));
  rect.y = CLAMP (rect.y, style->pad,
                  MAX (style->pad, height - style->pad - side - text_height - style->pad));

  /* A rim of the panel colour separates the enlarged view from what lies
   * under it. */
  cairo_save (cr);
  rounded_rect_path (cr, &(NrtPlotRect) { rect.x - 2.0 * style->unit, rect.y - 2.0 * style->unit,
                                          rect.width + 4.0 * style->unit,
                                          rect.height + text_height + style->pad
                                            + 4.0 * style->unit },
                     side * 0.15);
  nrt_plot_set_color (cr, theme->panel);
  cairo_fill_preserve (cr);
  nrt_plot_set_color (cr, theme->outline);
  cairo_set_line_width (cr, style->unit);
  cairo_stroke (cr);
  cairo_restore (cr);

  draw_neuron_box (cr, layout, &rect, heatmap, plot->heatmap_size, theme->text,
                   1.5 * style->unit);
  nrt_plot_text_draw (cr, style, range, FALSE, FALSE, rect.x + side / 2.0,
                      rect.y + side + style->pad / 2.0, 0.5, 0.0);
}

/* Returns the shown position of the hovered neuron, or -1 when none is
 * hovered or it is not drawn. */
static int
hovered_shown (const NetworkLayout *layout, const NrtNetworkPlot *plot)
{
  if (plot->hover_column < 0 || plot->hover_column >= layout->n_columns)
    return -1;

  return nrt_network_index_to_shown (&layout->columns[plot->hover_column], plot->hover_index);
}

static void
draw_network (cairo_t *cr, const NetworkLayout *layout, const NrtNetworkPlot *plot,
              double width, double height)
{
  const NrtPlotStyle *style = &layout->style;
  const NrtPlotTheme *theme = nrt_plot_get_theme (cr);
  int hover_k = hovered_shown (layout, plot);
  int c, k;

  /* Links first, then the hovered neuron's links again on top, opaque. */
  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (c = 1; c < layout->n_columns; c++)
    nrt_network_draw_layer_links (cr, layout, plot, c, -1, -1);
  if (hover_k >= 0)
    {
      if (plot->hover_column > 0)
        nrt_network_draw_layer_links (cr, layout, plot, plot->hover_column, plot->hover_column,
                                      hover_k);
      if (plot->hover_column + 1 < layout->n_columns)
        nrt_network_draw_layer_links (cr, layout, plot, plot->hover_column + 1,
                                      plot->hover_column, hover_k);
    }
  cairo_restore (cr);

  /* Neurons with their bias markers, and the "more" labels. */
  for (c = 0; c < layout->n_columns; c++)
    {
      const ColumnLayout *column = &layout->columns[c];

      for (k = 0; k < column->n_shown; k++)
        {
          NrtPlotRect rect = nrt_network_neuron_rect (layout, column, k);
          gboolean hovered = c == plot->hover_column && k == hover_k;
          int index = nrt_network_shown_to_index (column, k);

          draw_neuron_box (cr, layout, &rect, nrt_network_get_heatmap (plot, c, index),
                           plot->heatmap_size, hovered ? theme->text : theme->outline,
                           (hovered ? 2.0 : 1.0) * style->unit);
          nrt_network_draw_bias (cr, layout, plot, c, k);
        }
      if (column->n_hidden > 0)
        draw_more_label (cr, layout, c, width);
    }

  /* Text, then the enlarged hovered neuron over everything. */
  draw_column_titles (cr, layout, plot, width);
  draw_input_names (cr, layout, plot);
  nrt_network_draw_legend (cr, layout, plot, width);
  if (plot->title != NULL)
    {
      g_autofree char *markup = nrt_network_fit_text_markup (cr, style, plot->title, TRUE,
                                                             width - 2.0 * style->pad);

      if (markup != NULL)
        nrt_plot_text_draw (cr, style, markup, TRUE, FALSE, width / 2.0, layout->title_y,
                            0.5, 0.0);
    }
  if (hover_k >= 0)
    {
      const float *heatmap = nrt_network_get_heatmap (plot, plot->hover_column, plot->hover_index);
      NrtPlotRect rect = nrt_network_neuron_rect (layout, &layout->columns[plot->hover_column],
                                                  hover_k);

      if (heatmap != NULL)
        draw_hover_overlay (cr, layout, plot, &rect, heatmap, width, height);
    }
}

void
nrt_plot_network (cairo_t *cr, double width, double height, const NrtNetworkPlot *plot)
{
  NetworkLayout layout;

  g_return_if_fail (cr != NULL);

  if (!(width > 0.0) || !(height > 0.0) || !isfinite (width) || !isfinite (height))
    return;

  cairo_save (cr);
  nrt_plot_fill_background (cr, width, height);
  cairo_rectangle (cr, 0.0, 0.0, width, height);
  cairo_clip (cr);
  if (nrt_network_layout_init (&layout, cr, width, height, plot))
    draw_network (cr, &layout, plot, width, height);
  else
    draw_message (cr, &layout.style, width, height, layout.message);
  nrt_network_layout_clear (&layout);
  cairo_restore (cr);
}

void
nrt_plot_network_draw_func (cairo_t *cr, double width, double height, gpointer plot)
{
  nrt_plot_network (cr, width, height, plot);
}
