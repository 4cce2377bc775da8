/* nrt-plot-network-layout.c: the placement of the network diagram's
 * columns, neurons and text.
 */
#define G_LOG_DOMAIN "Neurite-Plot"

#include "config.h"

#include "nrt-plot-network-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
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
/* Input names take at most this fraction of the width. */
#define MAX_NAMES_FRACTION 0.2
#define MAX_HEATMAP_SIZE 4096
/* Characters of a title or name measured before it is cut with "…". */
#define MAX_LABEL_CHARS 48

void
nrt_network_layout_clear (NetworkLayout *layout)
{
  g_clear_pointer (&layout->columns, g_free);
}

static int
column_size (const NrtNetworkPlot *plot, int column)
{
  return MAX (plot->sizes[column], 0);
}

gboolean
nrt_network_has_heatmaps (const NrtNetworkPlot *plot)
{
  return plot->heatmaps != NULL && plot->heatmap_size >= 1
         && plot->heatmap_size <= MAX_HEATMAP_SIZE;
}

const float *
nrt_network_get_heatmap (const NrtNetworkPlot *plot, int column, int index)
{
  if (!nrt_network_has_heatmaps (plot) || plot->heatmaps[column] == NULL)
    return NULL;

  return plot->heatmaps[column][index];
}

const float *
nrt_network_get_kernel (const NrtNetworkPlot *plot, int column)
{
  if (column < 1 || plot->kernels == NULL)
    return NULL;

  return plot->kernels[column - 1];
}

const float *
nrt_network_get_biases (const NrtNetworkPlot *plot, int column)
{
  if (column < 1 || plot->biases == NULL)
    return NULL;

  return plot->biases[column - 1];
}

/* Returns the neuron index of shown position k in column. */
int
nrt_network_shown_to_index (const ColumnLayout *column, int k)
{
  if (k < column->n_head)
    return k;

  return column->size - (column->n_shown - k);
}

/* Returns the shown position of neuron index in column, or -1 when it is
 * summarised or out of range. */
int
nrt_network_index_to_shown (const ColumnLayout *column, int index)
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

char *
nrt_network_dup_input_name (const NrtNetworkPlot *plot, int index)
{
  if (plot->input_names != NULL && plot->input_names[index] != NULL)
    return g_strdup (plot->input_names[index]);

  return dup_default_input_name (index);
}

char *
nrt_network_dup_column_title (const NrtNetworkPlot *plot, int column)
{
  if (plot->titles != NULL && plot->titles[column] != NULL)
    return g_strdup (plot->titles[column]);
  if (column == 0)
    return g_strdup (_("Input"));

  return g_strdup_printf (_("Layer %d"), column);
}

/* Returns escaped markup for text, cut and ended with "…" so that it is at
 * most max_width wide, or NULL when not even one character fits. */
char *
nrt_network_fit_text_markup (cairo_t *cr, const NrtPlotStyle *style, const char *text,
                             gboolean bold, double max_width)
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
      g_autofree char *name
        = nrt_network_dup_input_name (plot, nrt_network_shown_to_index (column, k));
      g_autofree char *markup = g_markup_escape_text (name, -1);
      double name_width;

      nrt_plot_text_measure (cr, &layout->style, markup, FALSE, &name_width, NULL);
      widest = MAX (widest, name_width);
      if (widest >= max_width)
        return max_width;
    }

  return widest;
}

/* Returns the room the last column's title needs right of the column's
 * neurons to be drawn centred and whole, at most max_width, so that a title
 * such as "dense_2 (sigmoid)" is not cut at the drawing's edge. */
static double
last_title_overhang (cairo_t *cr, const NetworkLayout *layout, const NrtNetworkPlot *plot,
                     double neuron_size, double max_width)
{
  g_autofree char *title = nrt_network_dup_column_title (plot, plot->n_columns - 1);
  g_autofree char *markup = g_markup_escape_text (title, -1);
  double text_width;

  nrt_plot_text_measure (cr, &layout->style, markup, FALSE, &text_width, NULL);
  return MIN (text_width / 2.0 - neuron_size / 2.0 + layout->style.pad, max_width);
}

/* Places everything the diagram draws. Returns FALSE, with layout->message
 * set, when there is nothing to draw or the drawing is too small. The caller
 * calls nrt_network_layout_clear either way. */
gboolean
nrt_network_layout_init (NetworkLayout *layout, cairo_t *cr, double width, double height,
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
  layout->legend_y = -1.0;
  if (plot->show_legend)
    {
      layout->legend_y = height - 2.0 * layout->style.pad - layout->style.line_height / 2.0;
      layout->area_height -= layout->style.line_height + 2.0 * layout->style.pad;
    }
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
  max_size = (nrt_network_has_heatmaps (plot) ? MAX_NEURON_SIZE_HEATMAP
                                               : MAX_NEURON_SIZE_PLAIN)
             * layout->style.unit;
  size = MIN (size_for_limit (layout, limit), max_size);
  layout->show_names = size * (1.0 + GAP_FRACTION) >= layout->style.line_height * 0.9;
  if (layout->show_names && layout->columns[0].n_shown > 0)
    layout->names_width = measure_input_names (cr, layout, plot, width * MAX_NAMES_FRACTION);

  left = 2.0 * layout->style.pad;
  if (layout->names_width > 0.0)
    left += layout->names_width + layout->style.pad;
  right = 2.0 * layout->style.pad;
  right = MAX (right, last_title_overhang (cr, layout, plot, size, width * MAX_NAMES_FRACTION));
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
NrtPlotRect
nrt_network_neuron_rect (const NetworkLayout *layout, const ColumnLayout *column, int k)
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
double
nrt_network_more_label_centre_y (const NetworkLayout *layout, const ColumnLayout *column)
{
  double step = layout->neuron_size + layout->gap;

  return column->top + column->n_head * step + layout->label_block / 2.0;
}

/* Finds the horizontal band of column c's text (title, "more" label):
 * halfway to the neighbouring columns, and the drawing's edges beyond the
 * first and last columns. */
void
nrt_network_column_text_band (const NetworkLayout *layout, int c, double width, double *left,
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
double
nrt_network_place_text (double x, double text_width, double left, double right)
{
  double start = x - text_width / 2.0;

  start = MIN (start, right - text_width);
  return MAX (start, left);
}
