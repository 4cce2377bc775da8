/* nrt-plot-network.c: the network diagram, its layout and hit-testing.
 *
 * One function, network_layout_init, places every column, neuron, label and
 * bias marker. Drawing, hit-testing and the layout queries all call it, so
 * what is hit is always what is drawn.
 */
#define G_LOG_DOMAIN "Neurite-Plot"

#include "config.h"

#include "nrt-plot-network.h"
#include "nrt-plot-axes.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#define DEFAULT_MAX_SHOWN 16
/* At least the first neuron, the "more" label and the last neuron. */
#define MIN_MAX_SHOWN 3

/* Neuron sides in units (see NrtPlotStyle): heatmaps need room to be read,
 * plain squares do not. Below MIN_NEURON_SIZE pixels fewer neurons are
 * drawn, and when even three do not fit a message replaces the diagram. */
#define MAX_NEURON_SIZE_HEATMAP 48.0
#define MAX_NEURON_SIZE_PLAIN 30.0
#define MIN_NEURON_SIZE 5.0

/* Gap between neurons of a column, as a fraction of the neuron side. */
#define GAP_FRACTION 0.25
/* A neuron takes at most this fraction of the distance between columns, so
 * the links between them stay visible. */
#define MAX_SIZE_PER_SPACING 0.45
/* Neurons smaller than this many pixels get no bias marker. */
#define MIN_SIZE_FOR_BIAS 10.0
/* The hovered neuron is drawn this many times larger. */
#define HOVER_SCALE 3.0
/* Input names take at most this fraction of the width. */
#define MAX_NAMES_FRACTION 0.2
#define MAX_HEATMAP_SIZE 4096
/* Line segments per link when measuring the distance to its curve. */
#define LINK_SEGMENTS 32
/* Characters of a title or name measured before it is cut with "…". */
#define MAX_LABEL_CHARS 48

static const NrtColor neuron_fill = { 0.95, 0.95, 0.95 };
static const NrtColor neuron_outline = { 0.55, 0.55, 0.55 };
static const NrtColor hover_outline = { 0.15, 0.15, 0.15 };
static const NrtColor no_value_color = { 0.6, 0.6, 0.6 };
static const NrtColor white = { 1.0, 1.0, 1.0 };

typedef struct {
  int size;          /* neurons in the column; negative sizes count as 0 */
  int n_shown;       /* neurons drawn */
  int n_head;        /* shown neurons 0 .. n_head - 1 are the first ones, the rest the last */
  int n_hidden;      /* neurons summarised by the "more" label */
  double x;          /* centre of the column */
  double top;        /* top edge of the first shown neuron */
} ColumnLayout;

typedef struct {
  NrtPlotStyle style;
  gboolean drawable;          /* FALSE: draw only message */
  const char *message;        /* translated, when not drawable */
  int n_columns;
  ColumnLayout *columns;      /* n_columns entries */
  double neuron_size;         /* side of a neuron square */
  double gap;                 /* vertical gap between neurons */
  double label_block;         /* height of the "more" label between the gaps around it */
  double column_spacing;      /* distance between column centres, 0 for one column */
  double names_width;         /* room left of column 0 for the input names */
  gboolean show_names;        /* rows tall enough for one line of text */
  double title_y;             /* top of the plot title */
  double column_titles_y;     /* top of the column titles */
  double area_top, area_height;
} NetworkLayout;

static void
network_layout_clear (NetworkLayout *layout)
{
  g_clear_pointer (&layout->columns, g_free);
}

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

static int
column_size (const NrtNetworkPlot *plot, int column)
{
  return MAX (plot->sizes[column], 0);
}

static gboolean
has_heatmaps (const NrtNetworkPlot *plot)
{
  return plot->heatmaps != NULL && plot->heatmap_size >= 1
         && plot->heatmap_size <= MAX_HEATMAP_SIZE;
}

static const float *
get_heatmap (const NrtNetworkPlot *plot, int column, int index)
{
  if (!has_heatmaps (plot) || plot->heatmaps[column] == NULL)
    return NULL;

  return plot->heatmaps[column][index];
}

static const float *
get_kernel (const NrtNetworkPlot *plot, int column)
{
  if (column < 1 || plot->kernels == NULL)
    return NULL;

  return plot->kernels[column - 1];
}

static const float *
get_biases (const NrtNetworkPlot *plot, int column)
{
  if (column < 1 || plot->biases == NULL)
    return NULL;

  return plot->biases[column - 1];
}

/* Returns the neuron index of shown position k in column. */
static int
shown_to_index (const ColumnLayout *column, int k)
{
  if (k < column->n_head)
    return k;

  return column->size - (column->n_shown - k);
}

/* Returns the shown position of neuron index in column, or -1 when it is
 * summarised or out of range. */
static int
index_to_shown (const ColumnLayout *column, int index)
{
  int n_tail = column->n_shown - column->n_head;

  if (index < 0 || index >= column->size)
    return -1;
  if (index < column->n_head)
    return index;
  if (index >= column->size - n_tail)
    return column->n_shown - (column->size - index);

  return -1;
}

/* Height a column of n_shown neurons of side size takes, with the "more"
 * label block when hidden is set. */
static double
column_height (const NetworkLayout *layout, int n_shown, gboolean hidden, double size)
{
  if (n_shown <= 0)
    return hidden ? layout->label_block : 0.0;
  if (hidden)
    return n_shown * size * (1.0 + GAP_FRACTION) + layout->label_block;

  return size * (n_shown * (1.0 + GAP_FRACTION) - GAP_FRACTION);
}

/* Returns the largest neuron side for which every column fits the area's
 * height when at most limit neurons are drawn per column. */
static double
size_for_limit (const NetworkLayout *layout, int limit)
{
  double size = G_MAXDOUBLE;
  int c;

  for (c = 0; c < layout->n_columns; c++)
    {
      int n = layout->columns[c].size;
      gboolean hidden = n > limit;
      int n_shown = hidden ? limit - 1 : n;

      if (n_shown <= 0)
        continue;
      /* column_height solved for size, since it is linear in size. */
      if (hidden)
        size = MIN (size, (layout->area_height - layout->label_block)
                            / (n_shown * (1.0 + GAP_FRACTION)));
      else
        size = MIN (size, layout->area_height / column_height (layout, n_shown, FALSE, 1.0));
    }

  return size;
}

static void
split_column (ColumnLayout *column, int limit)
{
  if (column->size <= limit)
    {
      column->n_shown = column->size;
      column->n_head = column->size;
      column->n_hidden = 0;
      return;
    }

  column->n_head = limit / 2;
  column->n_shown = limit - 1;
  column->n_hidden = column->size - column->n_shown;
}

static char *
dup_default_input_name (int index)
{
  return g_strdup_printf ("x%d", index + 1);
}

static char *
dup_input_name (const NrtNetworkPlot *plot, int index)
{
  if (plot->input_names != NULL && plot->input_names[index] != NULL)
    return g_strdup (plot->input_names[index]);

  return dup_default_input_name (index);
}

static char *
dup_column_title (const NrtNetworkPlot *plot, int column)
{
  if (plot->titles != NULL && plot->titles[column] != NULL)
    return g_strdup (plot->titles[column]);
  if (column == 0)
    return g_strdup (_("Input"));

  return g_strdup_printf (_("Layer %d"), column);
}

/* Returns escaped markup for text, cut and ended with "…" so that it is at
 * most max_width wide, or NULL when not even one character fits. */
static char *
fit_text_markup (cairo_t *cr, const NrtPlotStyle *style, const char *text, gboolean bold,
                 double max_width)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  glong n_chars = g_utf8_strlen (valid, -1);
  glong lo, hi;
  double text_width;

  if (n_chars <= MAX_LABEL_CHARS)
    {
      g_autofree char *markup = g_markup_escape_text (valid, -1);

      nrt_plot_text_measure (cr, style, markup, bold, &text_width, NULL);
      if (text_width <= max_width)
        return g_steal_pointer (&markup);
    }

  /* Binary search for the longest prefix that fits with the ellipsis:
   * widths grow with the prefix's length. */
  lo = 0;
  hi = MIN (n_chars, MAX_LABEL_CHARS);
  while (lo < hi)
    {
      glong middle = (lo + hi + 1) / 2;
      g_autofree char *prefix = g_utf8_substring (valid, 0, middle);
      g_autofree char *cut = g_strconcat (prefix, "…", NULL);
      g_autofree char *markup = g_markup_escape_text (cut, -1);

      nrt_plot_text_measure (cr, style, markup, bold, &text_width, NULL);
      if (text_width <= max_width)
        lo = middle;
      else
        hi = middle - 1;
    }
  if (lo == 0)
    return NULL;

  {
    g_autofree char *prefix = g_utf8_substring (valid, 0, lo);
    g_autofree char *cut = g_strconcat (prefix, "…", NULL);

    return g_markup_escape_text (cut, -1);
  }
}

/* Returns the widest input name among the shown input neurons, at most
 * max_width. */
static double
measure_input_names (cairo_t *cr, const NetworkLayout *layout, const NrtNetworkPlot *plot,
                     double max_width)
{
  const ColumnLayout *column = &layout->columns[0];
  double widest = 0.0;
  int k;

  for (k = 0; k < column->n_shown; k++)
    {
      g_autofree char *name = dup_input_name (plot, shown_to_index (column, k));
      g_autofree char *markup = g_markup_escape_text (name, -1);
      double name_width;

      nrt_plot_text_measure (cr, &layout->style, markup, FALSE, &name_width, NULL);
      widest = MAX (widest, name_width);
      if (widest >= max_width)
        return max_width;
    }

  return widest;
}

/* Places everything the diagram draws. Returns FALSE, with layout->message
 * set, when there is nothing to draw or the drawing is too small. The caller
 * calls network_layout_clear either way. */
static gboolean
network_layout_init (NetworkLayout *layout, cairo_t *cr, double width, double height,
                     const NrtNetworkPlot *plot)
{
  double max_size, size, left, right, usable, top;
  int max_shown, largest, limit, c;

  memset (layout, 0, sizeof *layout);
  layout->drawable = FALSE;
  layout->message = _("No network to draw");

  if (!(width > 0.0) || !(height > 0.0) || !isfinite (width) || !isfinite (height))
    return FALSE;
  nrt_plot_style_init (&layout->style, cr, width, height);
  if (plot == NULL || plot->n_columns < 1 || plot->sizes == NULL)
    return FALSE;

  /* Step 1: the plot title, the column titles and the neurons' area, from
   * top to bottom. */
  layout->n_columns = plot->n_columns;
  layout->columns = g_new0 (ColumnLayout, plot->n_columns);
  top = 2.0 * layout->style.pad;
  layout->title_y = top;
  if (plot->title != NULL)
    top += layout->style.line_height * 1.2 + layout->style.pad;
  layout->column_titles_y = top;
  layout->area_top = top + layout->style.line_height + 2.0 * layout->style.pad;
  layout->area_height = height - layout->area_top - 2.0 * layout->style.pad;
  layout->label_block = layout->style.line_height * 1.3;

  largest = 0;
  for (c = 0; c < plot->n_columns; c++)
    {
      layout->columns[c].size = column_size (plot, c);
      largest = MAX (largest, layout->columns[c].size);
    }

  /* Step 2: how many neurons per column fit at the minimum size. The
   * starting limit is bound by the height, so the loop runs at most
   * area_height / (1.25 × MIN_NEURON_SIZE) + 2 times. */
  layout->message = _("The drawing is too small for the network");
  if (layout->area_height < layout->label_block)
    return FALSE;
  max_shown = plot->max_shown > 0 ? plot->max_shown : DEFAULT_MAX_SHOWN;
  max_shown = MAX (max_shown, MIN_MAX_SHOWN);
  limit = MIN (max_shown, largest);
  limit = (int) MIN ((double) limit,
                     layout->area_height / (MIN_NEURON_SIZE * (1.0 + GAP_FRACTION)) + 2.0);
  while (limit > MIN_MAX_SHOWN && size_for_limit (layout, limit) < MIN_NEURON_SIZE)
    limit--;
  if (largest > 0 && size_for_limit (layout, limit) < MIN_NEURON_SIZE)
    return FALSE;
  for (c = 0; c < plot->n_columns; c++)
    split_column (&layout->columns[c], limit);

  /* Step 3: the neuron side, bounded by the height, a maximum, and the
   * distance between columns. */
  max_size = (has_heatmaps (plot) ? MAX_NEURON_SIZE_HEATMAP : MAX_NEURON_SIZE_PLAIN)
             * layout->style.unit;
  size = MIN (size_for_limit (layout, limit), max_size);
  layout->show_names = size * (1.0 + GAP_FRACTION) >= layout->style.line_height * 0.9;
  if (layout->show_names && layout->columns[0].n_shown > 0)
    layout->names_width = measure_input_names (cr, layout, plot, width * MAX_NAMES_FRACTION);

  left = 2.0 * layout->style.pad;
  if (layout->names_width > 0.0)
    left += layout->names_width + layout->style.pad;
  right = 2.0 * layout->style.pad;
  usable = width - left - right;
  if (plot->n_columns > 1)
    size = MIN (size, usable / (1.0 + (plot->n_columns - 1) / MAX_SIZE_PER_SPACING));
  else
    size = MIN (size, usable);
  if (largest > 0 && size < MIN_NEURON_SIZE)
    return FALSE;
  layout->neuron_size = size;
  layout->gap = size * GAP_FRACTION;
  layout->show_names = layout->show_names
                       && size + layout->gap >= layout->style.line_height * 0.9;

  /* Step 4: columns evenly spaced, each centred vertically. */
  if (plot->n_columns > 1)
    layout->column_spacing = (usable - size) / (plot->n_columns - 1);
  for (c = 0; c < plot->n_columns; c++)
    {
      ColumnLayout *column = &layout->columns[c];
      double total = column_height (layout, column->n_shown, column->n_hidden > 0, size);

      if (plot->n_columns > 1)
        column->x = left + size / 2.0 + c * layout->column_spacing;
      else
        column->x = left + usable / 2.0;
      column->top = layout->area_top + (layout->area_height - total) / 2.0;
    }

  layout->drawable = TRUE;
  layout->message = NULL;
  return TRUE;
}

/* Returns the box of shown position k in column. */
static NrtPlotRect
neuron_rect (const NetworkLayout *layout, const ColumnLayout *column, int k)
{
  NrtPlotRect rect;
  double step = layout->neuron_size + layout->gap;

  rect.width = layout->neuron_size;
  rect.height = layout->neuron_size;
  rect.x = column->x - layout->neuron_size / 2.0;
  rect.y = column->top + k * step;
  if (column->n_hidden > 0 && k >= column->n_head)
    rect.y += layout->label_block + layout->gap;

  return rect;
}

/* Returns the centre of the "more" label of a summarised column. */
static double
more_label_centre_y (const NetworkLayout *layout, const ColumnLayout *column)
{
  double step = layout->neuron_size + layout->gap;

  return column->top + column->n_head * step + layout->label_block / 2.0;
}

/* Finds the horizontal band of column c's text (title, "more" label):
 * halfway to the neighbouring columns, and the drawing's edges beyond the
 * first and last columns. */
static void
column_text_band (const NetworkLayout *layout, int c, double width, double *left,
                  double *right)
{
  const ColumnLayout *column = &layout->columns[c];
  double pad = layout->style.pad;

  *left = c > 0 ? column->x - layout->column_spacing / 2.0 + pad / 2.0 : pad;
  *right = c + 1 < layout->n_columns ? column->x + layout->column_spacing / 2.0 - pad / 2.0
                                     : width - pad;
}

/* Returns the left edge of text_width wide text centred on x, shifted to
 * stay between left and right. */
static double
place_text (double x, double text_width, double left, double right)
{
  double start = x - text_width / 2.0;

  start = MIN (start, right - text_width);
  return MAX (start, left);
}

static gboolean
rect_contains (const NrtPlotRect *rect, double margin, double x, double y)
{
  return x >= rect->x - margin && x <= rect->x + rect->width + margin
         && y >= rect->y - margin && y <= rect->y + rect->height + margin;
}

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

static NrtColor
sign_color (double value)
{
  if (!isfinite (value))
    return no_value_color;

  /* Playground's colours: orange for negative, blue for positive. */
  return nrt_plot_class_color (value < 0.0 ? 0 : 1, 2);
}

/* Computes the bias marker of shown position k of a column: a square just
 * outside the neuron's lower-left corner, its side growing with |bias| /
 * max |bias| of the layer. Returns FALSE when no marker is drawn. */
static gboolean
bias_rect (const NetworkLayout *layout, const NrtNetworkPlot *plot, int column_index, int k,
           NrtPlotRect *rect)
{
  const ColumnLayout *column = &layout->columns[column_index];
  const float *biases = get_biases (plot, column_index);
  NrtPlotRect neuron;
  double ratio, side;

  if (biases == NULL || layout->neuron_size < MIN_SIZE_FOR_BIAS)
    return FALSE;

  neuron = neuron_rect (layout, column, k);
  ratio = magnitude_ratio (biases[shown_to_index (column, k)],
                           max_abs_finite (biases, column->size));
  side = layout->neuron_size * (0.16 + 0.16 * ratio);
  side = MAX (side, 3.0 * layout->style.unit);
  rect->width = side;
  rect->height = side;
  rect->x = neuron.x - side - layout->style.unit;
  rect->y = neuron.y + neuron.height - side;

  return TRUE;
}

/* The link from shown position from_k of column - 1 to shown position to_k
 * of column: a cubic Bézier curve from the right edge of one neuron to the
 * left edge of the other, leaving and arriving horizontally. */
typedef struct {
  double x0, y0, x3, y3;
} LinkCurve;

static LinkCurve
link_curve (const NetworkLayout *layout, int column_index, int from_k, int to_k)
{
  NrtPlotRect from = neuron_rect (layout, &layout->columns[column_index - 1], from_k);
  NrtPlotRect to = neuron_rect (layout, &layout->columns[column_index], to_k);
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
static void
link_curve_point (const LinkCurve *curve, double t, double *x, double *y)
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

static double
link_curve_distance (const LinkCurve *curve, double x, double y)
{
  double best = G_MAXDOUBLE;
  double ax = curve->x0, ay = curve->y0;
  int i;

  for (i = 1; i <= LINK_SEGMENTS; i++)
    {
      double bx, by;

      link_curve_point (curve, (double) i / LINK_SEGMENTS, &bx, &by);
      best = MIN (best, segment_distance (x, y, ax, ay, bx, by));
      ax = bx;
      ay = by;
    }

  return best;
}

/* Stroke width and alpha of the links of one layer. */
typedef struct {
  double max_abs;      /* largest finite |w| of the layer */
  double min_width, max_width;
  double alpha;
} LinkStyle;

static LinkStyle
link_style (const NetworkLayout *layout, const NrtNetworkPlot *plot, int column_index)
{
  const ColumnLayout *from = &layout->columns[column_index - 1];
  const ColumnLayout *to = &layout->columns[column_index];
  const float *kernel = get_kernel (plot, column_index);
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

static double
link_width (const LinkStyle *style, double weight)
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

static double
link_hit_tolerance (const NetworkLayout *layout, double stroke_width)
{
  return MAX (4.0 * layout->style.unit, stroke_width / 2.0 + 2.0 * layout->style.unit);
}

static void
draw_message (cairo_t *cr, const NrtPlotStyle *style, double width, double height,
              const char *message)
{
  g_autofree char *markup = g_markup_escape_text (message, -1);

  nrt_plot_text_draw (cr, style, markup, FALSE, FALSE, width / 2.0, height / 2.0, 0.5, 0.5);
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
static void
draw_layer_links (cairo_t *cr, const NetworkLayout *layout, const NrtNetworkPlot *plot,
                  int column_index, int only_column, int only_k)
{
  const ColumnLayout *from = &layout->columns[column_index - 1];
  const ColumnLayout *to = &layout->columns[column_index];
  const float *kernel = get_kernel (plot, column_index);
  LinkStyle style = link_style (layout, plot, column_index);
  int a, b;

  for (a = 0; a < from->n_shown; a++)
    {
      int i = shown_to_index (from, a);

      if (only_column == column_index - 1 && a != only_k)
        continue;
      for (b = 0; b < to->n_shown; b++)
        {
          int j = shown_to_index (to, b);
          LinkCurve curve;
          double weight, alpha;

          if (only_column == column_index && b != only_k)
            continue;
          curve = link_curve (layout, column_index, a, b);

          /* Without a kernel the links show the structure only. */
          if (kernel == NULL)
            {
              draw_link (cr, &curve, style.min_width, no_value_color,
                         only_column >= 0 ? 1.0 : style.alpha);
              continue;
            }
          weight = kernel[(gsize) i * to->size + j];
          alpha = only_column >= 0 ? 1.0 : link_alpha (&style, weight);
          draw_link (cr, &curve, link_width (&style, weight), sign_color (weight), alpha);
        }
    }
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
      NrtColor end = sign_color (value);

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
      rounded_rect_path (cr, rect, radius);
      nrt_plot_set_color (cr, neuron_fill);
      cairo_fill_preserve (cr);
    }
  nrt_plot_set_color (cr, outline);
  cairo_set_line_width (cr, outline_width);
  cairo_stroke (cr);
  cairo_restore (cr);

  if (image != NULL)
    cairo_surface_destroy (image);
}

static void
draw_bias (cairo_t *cr, const NetworkLayout *layout, const NrtNetworkPlot *plot,
           int column_index, int k)
{
  const float *biases = get_biases (plot, column_index);
  NrtPlotRect rect;
  NrtColor color;

  if (!bias_rect (layout, plot, column_index, k, &rect))
    return;

  color = sign_color (biases[shown_to_index (&layout->columns[column_index], k)]);
  cairo_rectangle (cr, rect.x, rect.y, rect.width, rect.height);
  nrt_plot_set_color (cr, color);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 1.0, 1.0, 1.0);
  cairo_set_line_width (cr, 0.5 * layout->style.unit);
  cairo_stroke (cr);
}

/* Draws the "⋯ N more" label on a white box, in the longest form that fits
 * the column's band. */
static void
draw_more_label (cairo_t *cr, const NetworkLayout *layout, int c, double width)
{
  const NrtPlotStyle *style = &layout->style;
  const ColumnLayout *column = &layout->columns[c];
  g_autofree char *long_form = g_strdup_printf (_("⋯ %d more"), column->n_hidden);
  g_autofree char *short_form = g_strdup_printf ("⋯ %d", column->n_hidden);
  const char *forms[3] = { long_form, short_form, "⋯" };
  const char *markup = NULL;
  double left, right, text_width = 0.0, text_height = 0.0, centre_y, x;
  guint i;

  column_text_band (layout, c, width, &left, &right);
  for (i = 0; i < G_N_ELEMENTS (forms) && markup == NULL; i++)
    {
      nrt_plot_text_measure (cr, style, forms[i], FALSE, &text_width, &text_height);
      if (text_width + style->pad <= right - left || i + 1 == G_N_ELEMENTS (forms))
        markup = forms[i];
    }

  centre_y = more_label_centre_y (layout, column);
  x = place_text (column->x, text_width + style->pad, left, right);
  cairo_rectangle (cr, x, centre_y - text_height / 2.0, text_width + style->pad, text_height);
  cairo_set_source_rgba (cr, 1.0, 1.0, 1.0, 0.85);
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
      g_autofree char *title = dup_column_title (plot, c);
      g_autofree char *markup = NULL;
      double left, right, text_width;

      column_text_band (layout, c, width, &left, &right);
      markup = fit_text_markup (cr, style, title, FALSE, right - left);
      if (markup == NULL)
        continue;
      nrt_plot_text_measure (cr, style, markup, FALSE, &text_width, NULL);
      nrt_plot_text_draw (cr, style, markup, FALSE, FALSE,
                          place_text (layout->columns[c].x, text_width, left, right),
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
      NrtPlotRect rect = neuron_rect (layout, column, k);
      g_autofree char *name = dup_input_name (plot, shown_to_index (column, k));
      g_autofree char *markup = fit_text_markup (cr, &layout->style, name, FALSE,
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

  /* A white rim separates the enlarged view from what lies under it. */
  cairo_save (cr);
  rounded_rect_path (cr, &(NrtPlotRect) { rect.x - 2.0 * style->unit, rect.y - 2.0 * style->unit,
                                          rect.width + 4.0 * style->unit,
                                          rect.height + text_height + style->pad
                                            + 4.0 * style->unit },
                     side * 0.15);
  cairo_set_source_rgb (cr, 1.0, 1.0, 1.0);
  cairo_fill_preserve (cr);
  nrt_plot_set_color (cr, neuron_outline);
  cairo_set_line_width (cr, style->unit);
  cairo_stroke (cr);
  cairo_restore (cr);

  draw_neuron_box (cr, layout, &rect, heatmap, plot->heatmap_size, hover_outline,
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

  return index_to_shown (&layout->columns[plot->hover_column], plot->hover_index);
}

static void
draw_network (cairo_t *cr, const NetworkLayout *layout, const NrtNetworkPlot *plot,
              double width, double height)
{
  const NrtPlotStyle *style = &layout->style;
  int hover_k = hovered_shown (layout, plot);
  int c, k;

  /* Links first, then the hovered neuron's links again on top, opaque. */
  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (c = 1; c < layout->n_columns; c++)
    draw_layer_links (cr, layout, plot, c, -1, -1);
  if (hover_k >= 0)
    {
      if (plot->hover_column > 0)
        draw_layer_links (cr, layout, plot, plot->hover_column, plot->hover_column, hover_k);
      if (plot->hover_column + 1 < layout->n_columns)
        draw_layer_links (cr, layout, plot, plot->hover_column + 1, plot->hover_column, hover_k);
    }
  cairo_restore (cr);

  /* Neurons with their bias markers, and the "more" labels. */
  for (c = 0; c < layout->n_columns; c++)
    {
      const ColumnLayout *column = &layout->columns[c];

      for (k = 0; k < column->n_shown; k++)
        {
          NrtPlotRect rect = neuron_rect (layout, column, k);
          gboolean hovered = c == plot->hover_column && k == hover_k;

          draw_neuron_box (cr, layout, &rect, get_heatmap (plot, c, shown_to_index (column, k)),
                           plot->heatmap_size, hovered ? hover_outline : neuron_outline,
                           (hovered ? 2.0 : 1.0) * style->unit);
          draw_bias (cr, layout, plot, c, k);
        }
      if (column->n_hidden > 0)
        draw_more_label (cr, layout, c, width);
    }

  /* Text, then the enlarged hovered neuron over everything. */
  draw_column_titles (cr, layout, plot, width);
  draw_input_names (cr, layout, plot);
  if (plot->title != NULL)
    {
      g_autofree char *markup = fit_text_markup (cr, style, plot->title, TRUE,
                                                 width - 2.0 * style->pad);

      if (markup != NULL)
        nrt_plot_text_draw (cr, style, markup, TRUE, FALSE, width / 2.0, layout->title_y,
                            0.5, 0.0);
    }
  if (hover_k >= 0)
    {
      const float *heatmap = get_heatmap (plot, plot->hover_column, plot->hover_index);
      NrtPlotRect rect = neuron_rect (layout, &layout->columns[plot->hover_column], hover_k);

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
  if (network_layout_init (&layout, cr, width, height, plot))
    draw_network (cr, &layout, plot, width, height);
  else
    draw_message (cr, &layout.style, width, height, layout.message);
  network_layout_clear (&layout);
  cairo_restore (cr);
}

void
nrt_plot_network_draw_func (cairo_t *cr, double width, double height, gpointer plot)
{
  nrt_plot_network (cr, width, height, plot);
}

/* Computes the layout on a measuring context. Returns FALSE when nothing
 * is drawn. Call network_layout_clear afterwards either way. */
static gboolean
layout_for_query (NetworkLayout *layout, const NrtNetworkPlot *plot, double width, double height)
{
  cairo_t *cr = create_measure_context ();
  gboolean drawable;

  drawable = network_layout_init (layout, cr, width, height, plot);
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
          NrtPlotRect rect = neuron_rect (layout, column, k);

          if (rect_contains (&rect, 0.0, x, y))
            {
              hit->kind = NRT_NETWORK_HIT_NEURON;
              hit->column = c;
              hit->index = shown_to_index (column, k);
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

          if (!bias_rect (layout, plot, c, k, &rect))
            break;
          if (rect_contains (&rect, layout->style.unit, x, y))
            {
              hit->kind = NRT_NETWORK_HIT_BIAS;
              hit->column = c;
              hit->index = shown_to_index (column, k);
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
      const float *kernel = get_kernel (plot, c);
      LinkStyle style;
      double slack;

      if (kernel == NULL)
        continue;
      style = link_style (layout, plot, c);
      slack = link_hit_tolerance (layout, style.max_width);
      if (x < from->x - slack || x > to->x + slack)
        continue;

      for (a = 0; a < from->n_shown; a++)
        {
          int i = shown_to_index (from, a);

          for (b = 0; b < to->n_shown; b++)
            {
              int j = shown_to_index (to, b);
              double weight = kernel[(gsize) i * to->size + j];
              LinkCurve curve = link_curve (layout, c, a, b);
              double tolerance = link_hit_tolerance (layout, link_width (&style, weight));
              double distance;

              /* The curve stays within the box of its two ends. */
              if (y < MIN (curve.y0, curve.y3) - tolerance
                  || y > MAX (curve.y0, curve.y3) + tolerance)
                continue;
              distance = link_curve_distance (&curve, x, y);
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
  network_layout_clear (&layout);

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
      int k = index_to_shown (&layout.columns[column], index);

      if (k >= 0)
        {
          NrtPlotRect rect = neuron_rect (&layout, &layout.columns[column], k);

          rect_to_box (&rect, box);
          found = TRUE;
        }
    }
  network_layout_clear (&layout);

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
      int k = index_to_shown (&layout.columns[column], index);
      NrtPlotRect rect;

      if (k >= 0 && bias_rect (&layout, plot, column, k, &rect))
        {
          rect_to_box (&rect, box);
          found = TRUE;
        }
    }
  network_layout_clear (&layout);

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
      int a = index_to_shown (&layout.columns[column - 1], from);
      int b = index_to_shown (&layout.columns[column], to);

      if (a >= 0 && b >= 0)
        {
          LinkCurve curve = link_curve (&layout, column, a, b);

          link_curve_point (&curve, CLAMP (t, 0.0, 1.0), x, y);
          found = TRUE;
        }
    }
  network_layout_clear (&layout);

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
          label_box->y = more_label_centre_y (&layout, layout_column) - layout.label_block / 2.0;
        }
    }
  network_layout_clear (&layout);

  return n_hidden;
}
