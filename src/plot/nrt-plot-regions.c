/* nrt-plot-regions.c: decision regions over a plane, with the data points
 * on top: the region image and the layout. The points, their marks and the
 * legend are in nrt-plot-regions-points.c. */
#define G_LOG_DOMAIN "Neurite-Plot"

#include "config.h"

#include "nrt-plot-regions.h"
#include "nrt-plot-axes.h"
#include "nrt-plot-regions-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdint.h>

/* cairo 1.16 rejects image surfaces wider or taller than this. */
#define MAX_IMAGE_SIDE 32767

/* How far a sure cell moves from white towards its class colour. Below full
 * strength, so that the points drawn in the full class colour stand out. */
#define MAX_TINT 0.6

/* The plane keeps its aspect ratio up to this ratio between its sides. */
#define MAX_KEPT_ASPECT 4.0

#define MIN_AREA_FOR_TEXT 40.0

NrtColor
nrt_plot_regions_mix_with_white (NrtColor color, double amount)
{
  NrtColor mixed;

  amount = CLAMP (amount, 0.0, 1.0);
  mixed.r = white.r + (color.r - white.r) * amount;
  mixed.g = white.g + (color.g - white.g) * amount;
  mixed.b = white.b + (color.b - white.b) * amount;

  return mixed;
}

/* Maps s in [-1, 1] to orange (class 0) through white to blue (class 1). */
static NrtColor
diverging_color (double s)
{
  s = CLAMP (s, -1.0, 1.0);
  if (s < 0.0)
    return nrt_plot_regions_mix_with_white (nrt_plot_class_color (0, 2), -s * MAX_TINT);

  return nrt_plot_regions_mix_with_white (nrt_plot_class_color (1, 2), s * MAX_TINT);
}

static NrtColor
cell_color (const NrtRegionGrid *grid, const float *cell)
{
  int n_colors, best, k;
  double best_value, chance, strength;

  /* Regression: the value's place between value_min and value_max. */
  if (grid->n_outputs == 1 && grid->n_classes == 0)
    {
      double span = grid->value_max - grid->value_min;

      if (!isfinite (cell[0]))
        return no_value_color;
      if (!(span > 0.0) || !isfinite (span))
        return white;
      return diverging_color (2.0 * (cell[0] - grid->value_min) / span - 1.0);
    }

  /* Binary: P(class 1), 0.5 being white. */
  if (grid->n_outputs == 1)
    {
      if (!isfinite (cell[0]))
        return no_value_color;
      return diverging_color (2.0 * cell[0] - 1.0);
    }

  /* Several classes: the most probable one, tinted by how far its
   * probability rises above chance (1 / n_outputs). */
  best = -1;
  best_value = 0.0;
  for (k = 0; k < grid->n_outputs; k++)
    {
      if (!isfinite (cell[k]))
        continue;
      if (best < 0 || cell[k] > best_value)
        {
          best = k;
          best_value = cell[k];
        }
    }
  if (best < 0)
    return no_value_color;

  chance = 1.0 / grid->n_outputs;
  strength = (best_value - chance) / (1.0 - chance);
  n_colors = grid->n_classes > 0 ? grid->n_classes : grid->n_outputs;

  return nrt_plot_regions_mix_with_white (nrt_plot_class_color (best, n_colors), strength * MAX_TINT);
}

static uint32_t
pack_opaque_pixel (NrtColor color)
{
  uint32_t r = (uint32_t) lround (CLAMP (color.r, 0.0, 1.0) * 255.0);
  uint32_t g = (uint32_t) lround (CLAMP (color.g, 0.0, 1.0) * 255.0);
  uint32_t b = (uint32_t) lround (CLAMP (color.b, 0.0, 1.0) * 255.0);

  return 0xff000000u | (r << 16) | (g << 8) | b;
}

cairo_surface_t *
nrt_plot_regions_render_image (const NrtRegionGrid *grid)
{
  cairo_surface_t *surface;
  unsigned char *data;
  int stride, row, column;

  if (grid == NULL || grid->values == NULL || grid->n_outputs < 1
      || grid->grid_width < 1 || grid->grid_height < 1
      || grid->grid_width > MAX_IMAGE_SIDE || grid->grid_height > MAX_IMAGE_SIDE)
    return NULL;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, grid->grid_width, grid->grid_height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }

  /* ARGB32 stores premultiplied native-endian 32-bit pixels; every pixel
   * here is opaque, so premultiplying changes nothing. */
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (row = 0; row < grid->grid_height; row++)
    {
      uint32_t *pixels = (uint32_t *) (data + (size_t) row * stride);

      for (column = 0; column < grid->grid_width; column++)
        {
          size_t cell_index = (size_t) row * grid->grid_width + column;
          const float *cell = grid->values + cell_index * grid->n_outputs;

          pixels[column] = pack_opaque_pixel (cell_color (grid, cell));
        }
    }
  cairo_surface_mark_dirty (surface);

  return surface;
}

void
nrt_plot_regions_fit_bounds (const float *points, int n_points, gboolean square,
                             double *x_min, double *x_max, double *y_min, double *y_max)
{
  double lo[2] = { -1.0, -1.0 };
  double hi[2] = { 1.0, 1.0 };
  double span[2], centre[2];
  gboolean found = FALSE;
  int i, axis;

  g_return_if_fail (x_min != NULL && x_max != NULL && y_min != NULL && y_max != NULL);

  for (i = 0; points != NULL && i < n_points; i++)
    {
      double x = points[2 * i];
      double y = points[2 * i + 1];

      if (!nrt_plot_value_is_usable (x) || !nrt_plot_value_is_usable (y))
        continue;
      if (!found)
        {
          lo[0] = hi[0] = x;
          lo[1] = hi[1] = y;
          found = TRUE;
          continue;
        }
      lo[0] = MIN (lo[0], x);
      hi[0] = MAX (hi[0], x);
      lo[1] = MIN (lo[1], y);
      hi[1] = MAX (hi[1], y);
    }

  if (!found)
    {
      *x_min = *y_min = -1.0;
      *x_max = *y_max = 1.0;
      return;
    }

  /* A single value on an axis gets a span of 2, so its point sits in the
   * middle of a visible plane. */
  for (axis = 0; axis < 2; axis++)
    {
      span[axis] = hi[axis] - lo[axis];
      centre[axis] = lo[axis] + span[axis] / 2.0;
      if (!(span[axis] > 0.0))
        span[axis] = 2.0 / 1.1;
    }
  if (square)
    span[0] = span[1] = MAX (span[0], span[1]);

  *x_min = centre[0] - span[0] * 0.55;
  *x_max = centre[0] + span[0] * 0.55;
  *y_min = centre[1] - span[1] * 0.55;
  *y_max = centre[1] + span[1] * 0.55;
}

/* Paints image over the plane: pixel centres land on the grid's cell
 * centres, so the outer cells extend half a cell past the plane's edges and
 * are clipped there. */
static void
draw_image (cairo_t *cr, const NrtPlotRect *area, cairo_surface_t *image, gboolean nearest)
{
  cairo_pattern_t *pattern;
  int image_width, image_height;
  double cell_width, cell_height, origin_x, origin_y;

  if (image == NULL || cairo_surface_status (image) != CAIRO_STATUS_SUCCESS
      || cairo_surface_get_type (image) != CAIRO_SURFACE_TYPE_IMAGE)
    return;
  image_width = cairo_image_surface_get_width (image);
  image_height = cairo_image_surface_get_height (image);
  if (image_width < 1 || image_height < 1)
    return;

  cell_width = image_width > 1 ? area->width / (image_width - 1) : area->width;
  cell_height = image_height > 1 ? area->height / (image_height - 1) : area->height;
  origin_x = image_width > 1 ? area->x - cell_width / 2.0 : area->x;
  origin_y = image_height > 1 ? area->y - cell_height / 2.0 : area->y;

  cairo_save (cr);
  cairo_rectangle (cr, area->x, area->y, area->width, area->height);
  cairo_clip (cr);
  cairo_translate (cr, origin_x, origin_y);
  cairo_scale (cr, cell_width, cell_height);
  cairo_set_source_surface (cr, image, 0.0, 0.0);
  pattern = cairo_get_source (cr);
  cairo_pattern_set_filter (pattern, nearest ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_BILINEAR);
  /* Without padding, bilinear filtering fades the outer cells to transparent. */
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_PAD);
  cairo_paint (cr);
  cairo_restore (cr);
}

/* Shrinks available to the plane's aspect ratio, centred, unless the plane
 * is so elongated that keeping it would waste most of the space. */
static NrtPlotRect
fit_aspect (const NrtPlotRect *available, double plane_width, double plane_height)
{
  NrtPlotRect area = *available;
  double aspect = plane_width / plane_height;

  if (!(aspect >= 1.0 / MAX_KEPT_ASPECT && aspect <= MAX_KEPT_ASPECT))
    return area;

  if (available->width / available->height > aspect)
    {
      area.width = available->height * aspect;
      area.x = available->x + (available->width - area.width) / 2.0;
    }
  else
    {
      area.height = available->width / aspect;
      area.y = available->y + (available->height - area.height) / 2.0;
    }

  return area;
}

void
nrt_plot_regions (cairo_t *cr, double width, double height, const NrtRegionsPlot *plot)
{
  static const NrtRegionsPlot empty_plot = { -1.0, 1.0, -1.0, 1.0 };
  NrtPlotStyle style;
  NrtPlotAxis x_axis, y_axis;
  NrtPlotRect available, area;
  g_autoptr (GArray) legend = NULL;
  g_autofree char *title_markup = NULL;
  double x_min, x_max, y_min, y_max;
  double top, bottom, left, right, legend_width;
  gboolean with_text;

  g_return_if_fail (cr != NULL);

  if (!(width > 0.0) || !(height > 0.0) || !isfinite (width) || !isfinite (height))
    return;
  if (plot == NULL)
    plot = &empty_plot;

  /* Use the given plane, or one that fits the points if it is unusable. */
  x_min = plot->x_min;
  x_max = plot->x_max;
  y_min = plot->y_min;
  y_max = plot->y_max;
  if (!nrt_plot_value_is_usable (x_min) || !nrt_plot_value_is_usable (x_max)
      || !nrt_plot_value_is_usable (y_min) || !nrt_plot_value_is_usable (y_max)
      || !(x_max - x_min > 0.0) || !(y_max - y_min > 0.0))
    nrt_plot_regions_fit_bounds (plot->points, plot->n_points, FALSE,
                                 &x_min, &x_max, &y_min, &y_max);

  cairo_save (cr);
  nrt_plot_fill_background (cr, width, height);
  nrt_plot_style_init (&style, cr, width, height);
  legend = nrt_plot_regions_collect_legend (plot);
  if (plot->title != NULL)
    title_markup = g_markup_escape_text (plot->title, -1);

  /* Lay out: the title above, x labels below, the legend on the right when
   * it takes at most a third of the width, then y labels on the left. */
  legend_width = nrt_plot_regions_measure_legend (cr, &style, legend);
  if (legend_width > width / 3.0)
    legend_width = 0.0;
  right = legend_width > 0.0 ? legend_width + 4.0 * style.pad : 3.0 * style.pad;
  top = style.pad * 2.0;
  if (title_markup != NULL)
    top += style.line_height * 1.2 + style.pad;
  else
    top += style.line_height / 2.0;
  bottom = nrt_plot_axes_bottom_margin (&style, TRUE);

  available.y = top;
  available.height = height - top - bottom;
  with_text = available.height >= MIN_AREA_FOR_TEXT;
  if (with_text)
    {
      nrt_plot_axis_fit (&y_axis, cr, &style, y_min, y_max, FALSE, available.height,
                         FALSE, FALSE, FALSE);
      left = nrt_plot_axes_left_margin (cr, &style, &y_axis, TRUE);
      available.x = left;
      available.width = width - left - right;
      with_text = available.width >= MIN_AREA_FOR_TEXT;
    }
  if (!with_text)
    available = (NrtPlotRect) { 0.0, 0.0, width, height };

  /* The y ticks are fitted again to the final height of the plane. */
  area = fit_aspect (&available, x_max - x_min, y_max - y_min);
  nrt_plot_axis_fit (&x_axis, cr, &style, x_min, x_max, FALSE, area.width, TRUE, FALSE, FALSE);
  nrt_plot_axis_fit (&y_axis, cr, &style, y_min, y_max, FALSE, area.height, FALSE, FALSE, FALSE);

  /* Draw the regions, the points, then the frame and labels over them. */
  draw_image (cr, &area, plot->image, plot->nearest_filter);
  nrt_plot_regions_draw_points (cr, &style, &area, &x_axis, &y_axis, plot);

  if (with_text)
    {
      nrt_plot_axes_draw (cr, &style, &area, &x_axis, &y_axis,
                          plot->x_label != NULL ? plot->x_label : "x1",
                          plot->y_label != NULL ? plot->y_label : "x2", FALSE);
      if (title_markup != NULL)
        nrt_plot_text_draw (cr, &style, title_markup, TRUE, FALSE,
                            area.x + area.width / 2.0, style.pad * 2.0, 0.5, 0.0);
      if (legend_width > 0.0)
        nrt_plot_regions_draw_legend (cr, &style, legend, area.x + area.width + 3.0 * style.pad,
                                      area.y,
                     height - area.y);
    }

  cairo_restore (cr);
}

void
nrt_plot_regions_draw_func (cairo_t *cr, double width, double height, gpointer plot)
{
  nrt_plot_regions (cr, width, height, plot);
}
