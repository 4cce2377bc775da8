/* nrt-plot-regions-points.c: the data points over the decision regions,
 * the rings of misclassified points and the legend. */
#define G_LOG_DOMAIN "Neurite-Plot"

#include "config.h"

#include "nrt-plot-regions-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>

/* The ring of a misclassified point: its gap from the point and its line
 * width, in units of NrtPlotStyle. */
#define WRONG_RING_GAP 1.5
#define WRONG_RING_WIDTH 1.2

/* The radius of a point's marker, in units of NrtPlotStyle. */
#define POINT_RADIUS 3.2

/* Above this many points, on image and recording surfaces (the screen),
 * each point is a copy of a small image of its marker, drawn once per
 * colour and part. Vector surfaces (SVG, PDF) keep the paths. With 200,000
 * points on a 700 × 500 image surface, markers drawn as paths took about
 * 2.9 s and as copies about 0.1 s (measured once with a throwaway benchmark
 * on a shared 2-core machine). The view redraws several times a second. */
#define MANY_POINTS 4000

/* The maximum number of distinct point colours drawn as copies. With more
 * colours, the points are drawn as paths. */
#define MAX_SPRITE_COLORS 64

/* Regression points drawn as copies take one of this many colours of the
 * value scale, ends included. */
#define VALUE_LEVELS 32

static const NrtColor unclassed_point_color = { 0.35, 0.35, 0.35 };
static const NrtColor test_outline_color = { 0.15, 0.15, 0.15 };
static const NrtColor wrong_ring_color = { 0.86, 0.08, 0.08 };

/* The square behind a part's legend marker, pale like the regions where the
 * model is unsure, so that a white outline shows as it does over the
 * regions. */
static const NrtColor legend_swatch_color = { 0.85, 0.85, 0.85 };

/* The colour of a point of value v on the plot's value scale: the regions'
 * diverging scale at full strength, so that points stand out from the
 * paler regions. */
static NrtColor
point_value_color (const NrtRegionsPlot *plot, double v)
{
  double span = plot->value_max - plot->value_min;
  double s;

  if (!isfinite (v))
    return no_value_color;
  if (!(span > 0.0) || !isfinite (span))
    return unclassed_point_color;

  s = CLAMP (2.0 * (v - plot->value_min) / span - 1.0, -1.0, 1.0);
  if (s < 0.0)
    return nrt_plot_regions_mix_with_white (nrt_plot_class_color (0, 2), -s);
  return nrt_plot_regions_mix_with_white (nrt_plot_class_color (1, 2), s);
}

static gboolean
plot_has_value_scale (const NrtRegionsPlot *plot)
{
  return plot->point_classes == NULL && plot->point_values != NULL
         && isfinite (plot->value_min) && isfinite (plot->value_max)
         && plot->value_max > plot->value_min;
}

typedef enum {
  MARKER_CIRCLE,
  MARKER_SQUARE,
  MARKER_RING      /* the red ring of a misclassified point */
} MarkerShape;

/* One legend row: a marker in fill with an outline, and a name. A row with
 * as_point draws its marker at the size of the points, on a swatch. */
typedef struct {
  char *markup;
  NrtColor fill;
  NrtColor outline;
  MarkerShape shape;
  gboolean as_point;
} LegendEntry;

static void
legend_entry_clear (LegendEntry *entry)
{
  g_free (entry->markup);
}

/* Returns whether any of the n flags is TRUE. */
static gboolean
any_flag (const gboolean *flags, int n)
{
  for (int i = 0; flags != NULL && i < n; i++)
    if (flags[i])
      return TRUE;
  return FALSE;
}

static void
append_entry (GArray *entries, const char *text, NrtColor fill, NrtColor outline,
              MarkerShape shape)
{
  LegendEntry entry = { g_markup_escape_text (text, -1), fill, outline, shape, FALSE };

  g_array_append_val (entries, entry);
}

/* Appends a row whose marker is drawn as a point of a part is drawn. */
static void
append_point_entry (GArray *entries, const char *text, NrtColor outline, MarkerShape shape)
{
  LegendEntry entry = { g_markup_escape_text (text, -1), unclassed_point_color, outline, shape,
                        TRUE };

  g_array_append_val (entries, entry);
}

/* Two rows naming the ends of the value scale of regression points. */
static void
append_value_scale (GArray *entries, const NrtRegionsPlot *plot)
{
  const double ends[2] = { plot->value_min, plot->value_max };

  for (int e = 0; e < 2; e++)
    {
      g_autofree char *text = NULL;
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (number, sizeof number, "%.3g", ends[e]);
      text = g_strdup_printf (_("Target %s"), number);
      append_entry (entries, text, point_value_color (plot, ends[e]), white, MARKER_CIRCLE);
    }
}

GArray *
nrt_plot_regions_collect_legend (const NrtRegionsPlot *plot)
{
  GArray *entries;
  gboolean has_test, has_validation, has_wrong;
  int i;

  entries = g_array_new (FALSE, TRUE, sizeof (LegendEntry));
  g_array_set_clear_func (entries, (GDestroyNotify) legend_entry_clear);

  /* Without names the classes are still listed, by index, because their
   * colours carry the meaning of the regions. */
  if (plot->n_classes > 0)
    {
      for (i = 0; i < plot->n_classes; i++)
        {
          LegendEntry entry;

          if (plot->class_names != NULL && plot->class_names[i] != NULL)
            entry.markup = g_markup_escape_text (plot->class_names[i], -1);
          else
            entry.markup = g_strdup_printf (_("Class %d"), i);
          entry.fill = nrt_plot_class_color (i, plot->n_classes);
          entry.outline = white;
          entry.shape = MARKER_CIRCLE;
          entry.as_point = FALSE;
          g_array_append_val (entries, entry);
        }
    }
  else if (plot_has_value_scale (plot))
    append_value_scale (entries, plot);

  /* The parts of the data, named only when a held-out part is drawn. Their
   * markers have the shape, size and outline of the part's points, in grey
   * because a point of any class may belong to any part. */
  has_test = plot->points != NULL && any_flag (plot->point_is_test, plot->n_points);
  has_validation = plot->points != NULL && any_flag (plot->point_is_validation, plot->n_points);
  if (has_test || has_validation)
    append_point_entry (entries, _("Training"), white, MARKER_CIRCLE);
  if (has_validation)
    append_point_entry (entries, _("Validation"), test_outline_color, MARKER_SQUARE);
  if (has_test)
    append_point_entry (entries, _("Test"), test_outline_color, MARKER_CIRCLE);

  has_wrong = plot->points != NULL && any_flag (plot->point_is_wrong, plot->n_points);
  if (has_wrong)
    append_point_entry (entries, _("Misclassified"), white, MARKER_RING);

  return entries;
}

double
nrt_plot_regions_measure_legend (cairo_t *cr, const NrtPlotStyle *style, GArray *entries)
{
  double max_width = 0.0;
  guint i;

  for (i = 0; i < entries->len; i++)
    {
      LegendEntry *entry = &g_array_index (entries, LegendEntry, i);
      double text_width;

      nrt_plot_text_measure (cr, style, entry->markup, FALSE, &text_width, NULL);
      max_width = MAX (max_width, text_width);
    }
  if (entries->len == 0)
    return 0.0;

  return style->line_height + style->pad + max_width;
}

static void
draw_point (cairo_t *cr, double x, double y, double radius, double outline_width,
            NrtColor fill, NrtColor outline, MarkerShape shape)
{
  cairo_new_sub_path (cr);
  if (shape == MARKER_SQUARE)
    {
      /* As wide as the circle. */
      cairo_rectangle (cr, x - radius, y - radius, 2.0 * radius, 2.0 * radius);
    }
  else
    cairo_arc (cr, x, y, radius, 0.0, 2.0 * G_PI);
  nrt_plot_set_color (cr, fill);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, outline_width);
  nrt_plot_set_color (cr, outline);
  cairo_stroke (cr);
}

/* Draws the red ring around a misclassified point of the given radius. */
static void
draw_wrong_ring (cairo_t *cr, double x, double y, double radius, double unit)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x, y, radius + WRONG_RING_GAP * unit, 0.0, 2.0 * G_PI);
  cairo_set_line_width (cr, WRONG_RING_WIDTH * unit);
  nrt_plot_set_color (cr, wrong_ring_color);
  cairo_stroke (cr);
}

void
nrt_plot_regions_draw_legend (cairo_t *cr, const NrtPlotStyle *style, GArray *entries,
                              double x, double y, double max_height)
{
  double row_height = style->line_height * 1.3;
  guint i;

  for (i = 0; i < entries->len && (i + 1) * row_height <= max_height; i++)
    {
      LegendEntry *entry = &g_array_index (entries, LegendEntry, i);
      double centre_x = x + style->line_height / 2.0;
      double centre_y = y + (i + 0.5) * row_height;
      double radius = style->line_height * 0.35;

      if (entry->as_point)
        {
          double point_radius = POINT_RADIUS * style->unit;
          double swatch_side = style->line_height;

          nrt_plot_set_color (cr, legend_swatch_color);
          cairo_rectangle (cr, centre_x - swatch_side / 2.0, centre_y - swatch_side / 2.0,
                           swatch_side, swatch_side);
          cairo_fill (cr);
          /* A misclassified point is a training point with a red ring. */
          draw_point (cr, centre_x, centre_y, point_radius, style->unit, entry->fill,
                      entry->outline, entry->shape == MARKER_RING ? MARKER_CIRCLE : entry->shape);
          if (entry->shape == MARKER_RING)
            draw_wrong_ring (cr, centre_x, centre_y, point_radius, style->unit);
        }
      else
        {
          /* A rim in the theme's outline colour keeps white outlines visible
           * on a white background. */
          draw_point (cr, centre_x, centre_y, radius, style->unit * 1.2, entry->fill,
                      entry->outline, MARKER_CIRCLE);
          cairo_new_sub_path (cr);
          cairo_arc (cr, centre_x, centre_y, radius + style->unit * 0.6, 0.0, 2.0 * G_PI);
          nrt_plot_set_color (cr, nrt_plot_get_theme (cr)->outline);
          cairo_set_line_width (cr, style->unit * 0.5);
          cairo_stroke (cr);
        }

      nrt_plot_text_draw (cr, style, entry->markup, FALSE, FALSE,
                          x + style->line_height + style->pad, centre_y, 0.0, 0.5);
    }
}

/* The pass in which point i is drawn: training points first, then
 * validation, then test, so that the held-out points stay visible on top. */
static int
point_pass (const NrtRegionsPlot *plot, int i)
{
  if (plot->point_is_test != NULL && plot->point_is_test[i])
    return 2;
  if (plot->point_is_validation != NULL && plot->point_is_validation[i])
    return 1;
  return 0;
}

static NrtColor
point_fill (const NrtRegionsPlot *plot, int i)
{
  if (plot->point_classes != NULL)
    return nrt_plot_class_color (plot->point_classes[i], plot->n_classes);
  if (plot_has_value_scale (plot))
    return point_value_color (plot, plot->point_values[i]);
  return unclassed_point_color;
}

/* Writes the device position of point i into x and y, or returns FALSE
 * when it is not finite or lies far outside the plane. */
static gboolean
point_position (const NrtPlotRect *area, const NrtPlotAxis *x_axis,
                const NrtPlotAxis *y_axis, const NrtRegionsPlot *plot, int i,
                double *x, double *y)
{
  double fx = nrt_plot_axis_fraction (x_axis, plot->points[2 * i]);
  double fy = nrt_plot_axis_fraction (y_axis, plot->points[2 * i + 1]);

  if (!isfinite (fx) || !isfinite (fy) || fabs (fx) > 2.0 || fabs (fy) > 2.0)
    return FALSE;

  *x = area->x + fx * area->width;
  *y = area->y + (1.0 - fy) * area->height;
  return TRUE;
}

/* The fill of point i when drawn as a copy: point_fill, with regression
 * values rounded to VALUE_LEVELS levels so that few colours remain. */
static NrtColor
sprite_point_fill (const NrtRegionsPlot *plot, int i)
{
  double span, level;

  if (plot->point_classes != NULL || !plot_has_value_scale (plot)
      || !isfinite (plot->point_values[i]))
    return point_fill (plot, i);

  span = plot->value_max - plot->value_min;
  level = round (CLAMP ((plot->point_values[i] - plot->value_min) / span, 0.0, 1.0)
                 * (VALUE_LEVELS - 1));
  return point_value_color (plot, plot->value_min + span * level / (VALUE_LEVELS - 1));
}

/* Writes into color_index[i] the index of point i's fill among colors,
 * which it fills. Returns the number of colours, or -1 when there are more
 * than MAX_SPRITE_COLORS. */
static int
index_point_colors (const NrtRegionsPlot *plot, NrtColor *colors, guint8 *color_index)
{
  int n_colors = 0;

  for (int i = 0; i < plot->n_points; i++)
    {
      NrtColor fill = sprite_point_fill (plot, i);
      int c = 0;

      while (c < n_colors
             && (colors[c].r != fill.r || colors[c].g != fill.g || colors[c].b != fill.b))
        c++;
      if (c == n_colors)
        {
          if (n_colors == MAX_SPRITE_COLORS)
            return -1;
          colors[n_colors++] = fill;
        }
      color_index[i] = (guint8) c;
    }
  return n_colors;
}

/* A marker drawn once into an image, side × side user units at scale
 * device pixels per unit, centred. */
typedef struct {
  cairo_surface_t *image;
  double side;
  double scale;
} Sprite;

static Sprite
sprite_new (double side, double scale)
{
  int pixels = (int) ceil (side * scale);
  Sprite sprite = { cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pixels, pixels),
                    side, scale };

  cairo_surface_set_device_scale (sprite.image, scale, scale);
  return sprite;
}

/* Copies sprite centred on (x, y), rounded to whole device pixels so that
 * the copy needs no filtering. */
static void
sprite_paint (cairo_t *cr, const Sprite *sprite, double x, double y)
{
  double left = round ((x - sprite->side / 2.0) * sprite->scale) / sprite->scale;
  double top = round ((y - sprite->side / 2.0) * sprite->scale) / sprite->scale;

  cairo_set_source_surface (cr, sprite->image, left, top);
  cairo_rectangle (cr, left, top, sprite->side, sprite->side);
  cairo_fill (cr);
}

/* Draws the points as draw_points does, each a copy of its marker's image.
 * Returns FALSE, having drawn nothing, when the points have too many
 * colours or the context is scaled unevenly. */
static gboolean
draw_point_sprites (cairo_t *cr, const NrtPlotStyle *style, const NrtPlotRect *area,
                    const NrtPlotAxis *x_axis, const NrtPlotAxis *y_axis,
                    const NrtRegionsPlot *plot, double radius)
{
  NrtColor colors[MAX_SPRITE_COLORS];
  g_autofree guint8 *color_index = g_new (guint8, plot->n_points);
  double side = 2.0 * (radius + style->unit) + 2.0;
  double scale_x = 1.0, scale_y = 0.0;
  int n_colors;
  double x, y;

  /* The device pixels of one user unit, which must be the same along both
   * axes, without rotation. */
  cairo_user_to_device_distance (cr, &scale_x, &scale_y);
  if (!(scale_x > 0.0) || fabs (scale_y) > 1e-9)
    return FALSE;
  n_colors = index_point_colors (plot, colors, color_index);
  if (n_colors < 0)
    return FALSE;

  for (int pass = 0; pass < 3; pass++)
    for (int c = 0; c < n_colors; c++)
      {
        Sprite sprite = sprite_new (side, scale_x);
        cairo_t *sprite_cr = cairo_create (sprite.image);

        draw_point (sprite_cr, side / 2.0, side / 2.0, radius, style->unit, colors[c],
                    pass == 0 ? white : test_outline_color,
                    pass == 1 ? MARKER_SQUARE : MARKER_CIRCLE);
        cairo_destroy (sprite_cr);

        for (int i = 0; i < plot->n_points; i++)
          if (color_index[i] == c && point_pass (plot, i) == pass
              && point_position (area, x_axis, y_axis, plot, i, &x, &y))
            sprite_paint (cr, &sprite, x, y);
        cairo_surface_destroy (sprite.image);
      }
  return TRUE;
}

/* Whether cr draws into pixels (an image, or a recording that GTK replays
 * into one) rather than into a vector file. */
static gboolean
draws_pixels (cairo_t *cr)
{
  cairo_surface_type_t type = cairo_surface_get_type (cairo_get_target (cr));

  return type == CAIRO_SURFACE_TYPE_IMAGE || type == CAIRO_SURFACE_TYPE_RECORDING;
}

/* Draws the rings of the misclassified points, last so that no point hides
 * one: as copies of one ring's image when sprites is set, else as one path. */
static void
draw_wrong_rings (cairo_t *cr, const NrtPlotStyle *style, const NrtPlotRect *area,
                  const NrtPlotAxis *x_axis, const NrtPlotAxis *y_axis,
                  const NrtRegionsPlot *plot, double radius, gboolean sprites)
{
  double ring_radius = radius + WRONG_RING_GAP * style->unit;
  gboolean has_rings = FALSE;
  Sprite sprite = { NULL, 0.0, 1.0 };
  double x, y;

  if (plot->point_is_wrong == NULL)
    return;

  if (sprites)
    {
      double scale_y = 0.0;
      cairo_t *sprite_cr;

      sprite.scale = 1.0;
      cairo_user_to_device_distance (cr, &sprite.scale, &scale_y);
      sprite = sprite_new (2.0 * (ring_radius + WRONG_RING_WIDTH * style->unit) + 2.0,
                           sprite.scale);
      sprite_cr = cairo_create (sprite.image);
      draw_wrong_ring (sprite_cr, sprite.side / 2.0, sprite.side / 2.0, radius, style->unit);
      cairo_destroy (sprite_cr);
    }

  cairo_new_path (cr);
  for (int i = 0; i < plot->n_points; i++)
    {
      if (!plot->point_is_wrong[i] || !point_position (area, x_axis, y_axis, plot, i, &x, &y))
        continue;

      if (sprites)
        sprite_paint (cr, &sprite, x, y);
      else
        {
          cairo_new_sub_path (cr);
          cairo_arc (cr, x, y, ring_radius, 0.0, 2.0 * G_PI);
          has_rings = TRUE;
        }
    }
  if (has_rings)
    {
      cairo_set_line_width (cr, WRONG_RING_WIDTH * style->unit);
      nrt_plot_set_color (cr, wrong_ring_color);
      cairo_stroke (cr);
    }
  g_clear_pointer (&sprite.image, cairo_surface_destroy);
}

/* Draws the points and their rings into cr, clipped by the caller. */
static void
draw_points_and_rings (cairo_t *cr, const NrtPlotStyle *style, const NrtPlotRect *area,
                       const NrtPlotAxis *x_axis, const NrtPlotAxis *y_axis,
                       const NrtRegionsPlot *plot, double radius)
{
  gboolean sprites;
  double x, y;

  sprites = plot->n_points > MANY_POINTS && draws_pixels (cr)
            && draw_point_sprites (cr, style, area, x_axis, y_axis, plot, radius);
  if (!sprites)
    for (int pass = 0; pass < 3; pass++)
      for (int i = 0; i < plot->n_points; i++)
        {
          if (point_pass (plot, i) != pass
              || !point_position (area, x_axis, y_axis, plot, i, &x, &y))
            continue;

          draw_point (cr, x, y, radius, style->unit, point_fill (plot, i),
                      pass == 0 ? white : test_outline_color,
                      pass == 1 ? MARKER_SQUARE : MARKER_CIRCLE);
        }
  draw_wrong_rings (cr, style, area, x_axis, y_axis, plot, radius, sprites);
}

struct _NrtRegionsPointsCache {
  cairo_surface_t *layer;     /* the points on a transparent image, NULL when stale */
  NrtPlotRect area;           /* the plane the layer was drawn for */
  double scale;               /* its device pixels per user unit */
  double left, top;           /* where the layer's top left corner goes, in user units */
};

NrtRegionsPointsCache *
nrt_regions_points_cache_new (void)
{
  return g_new0 (NrtRegionsPointsCache, 1);
}

void
nrt_regions_points_cache_free (NrtRegionsPointsCache *cache)
{
  if (cache == NULL)
    return;

  nrt_regions_points_cache_clear (cache);
  g_free (cache);
}

void
nrt_regions_points_cache_clear (NrtRegionsPointsCache *cache)
{
  g_return_if_fail (cache != NULL);

  g_clear_pointer (&cache->layer, cairo_surface_destroy);
}

/* Paints the points from plot's cache, drawing the layer first when it is
 * stale or was drawn for another plane or scale. Returns FALSE, having
 * drawn nothing, when the context is scaled unevenly. */
static gboolean
paint_cached_points (cairo_t *cr, const NrtPlotStyle *style, const NrtPlotRect *area,
                     const NrtPlotAxis *x_axis, const NrtPlotAxis *y_axis,
                     const NrtRegionsPlot *plot, double radius, double margin)
{
  NrtRegionsPointsCache *cache = plot->points_cache;
  double scale = 1.0, skew = 0.0;

  cairo_user_to_device_distance (cr, &scale, &skew);
  if (!(scale > 0.0) || fabs (skew) > 1e-9)
    return FALSE;

  if (cache->layer == NULL || cache->scale != scale || cache->area.x != area->x
      || cache->area.y != area->y || cache->area.width != area->width
      || cache->area.height != area->height)
    {
      cairo_t *layer_cr;
      int width, height;

      /* The layer starts on a whole device pixel, so that copying it needs
       * no filtering. */
      nrt_regions_points_cache_clear (cache);
      cache->left = floor ((area->x - margin) * scale) / scale;
      cache->top = floor ((area->y - margin) * scale) / scale;
      width = (int) ceil ((area->x + area->width + margin - cache->left) * scale);
      height = (int) ceil ((area->y + area->height + margin - cache->top) * scale);
      cache->layer = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, MAX (width, 1),
                                                 MAX (height, 1));
      cairo_surface_set_device_scale (cache->layer, scale, scale);
      cache->area = *area;
      cache->scale = scale;

      layer_cr = cairo_create (cache->layer);
      cairo_translate (layer_cr, -cache->left, -cache->top);
      draw_points_and_rings (layer_cr, style, area, x_axis, y_axis, plot, radius);
      cairo_destroy (layer_cr);
    }

  cairo_set_source_surface (cr, cache->layer, cache->left, cache->top);
  cairo_paint (cr);
  return TRUE;
}

void
nrt_plot_regions_draw_points (cairo_t *cr, const NrtPlotStyle *style, const NrtPlotRect *area,
                              const NrtPlotAxis *x_axis, const NrtPlotAxis *y_axis,
                              const NrtRegionsPlot *plot)
{
  double radius = POINT_RADIUS * style->unit;
  double margin = radius + 3.0 * style->unit;
  gboolean cached;

  if (plot->points == NULL || plot->n_points <= 0)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, area->x - margin, area->y - margin,
                   area->width + 2.0 * margin, area->height + 2.0 * margin);
  cairo_clip (cr);

  cached = plot->points_cache != NULL && plot->n_points > MANY_POINTS && draws_pixels (cr)
           && paint_cached_points (cr, style, area, x_axis, y_axis, plot, radius, margin);
  if (!cached)
    draw_points_and_rings (cr, style, area, x_axis, y_axis, plot, radius);

  cairo_restore (cr);
}
