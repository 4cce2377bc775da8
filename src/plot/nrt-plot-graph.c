/* nrt-plot-graph.c: the computation graph as a layered diagram, and tensors
 * as heatmaps. */
#define G_LOG_DOMAIN "Neurite-Plot"

#include "config.h"

#include "nrt-plot-graph.h"
#include "nrt-graph-layout.h"
#include "nrt-plot-axes.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdint.h>

/* The diagram is scaled down to fit, and up by at most this factor, so
 * that a small graph in a large window does not turn into a poster. */
#define MAX_SCALE 1.5

/* Below this label height in device pixels, boxes are drawn without text. */
#define MIN_TEXT_PIXELS 3.0

/* The legend's smallest font size in points, so that it stays legible when a
 * large graph is scaled far down. */
#define MIN_LEGEND_FONT_SIZE 6.0

#define BOX_RADIUS 6.0
#define BOX_PAD_Y 5.0
#define ARROW_SIZE 5.0
#define EDGE_WIDTH 1.2
#define ACTIVE_WIDTH 4.0

/* cairo 1.16 rejects image surfaces wider or taller than this. */
#define MAX_IMAGE_SIDE 32767

/* Soft fills and darker borders for input, parameter, constant, op and
 * loss nodes, in the order of NrtGraphNodeStyle. */
static const NrtColor node_fill[NRT_GRAPH_NODE_N_STYLES] = {
  { 0.80, 0.89, 0.97 },   /* input: pale blue */
  { 0.84, 0.93, 0.82 },   /* parameter: pale green */
  { 0.91, 0.91, 0.91 },   /* constant: light grey */
  { 1.00, 0.95, 0.80 },   /* op: pale yellow */
  { 0.97, 0.80, 0.80 },   /* loss: pale red */
};
static const NrtColor node_border[NRT_GRAPH_NODE_N_STYLES] = {
  { 0.29, 0.49, 0.69 },
  { 0.33, 0.58, 0.31 },
  { 0.50, 0.50, 0.50 },
  { 0.75, 0.60, 0.20 },
  { 0.75, 0.30, 0.30 },
};
static const char *const node_style_names[NRT_GRAPH_NODE_N_STYLES] = {
  N_("input"), N_("parameter"), N_("constant"), N_("op"), N_("loss"),
};

static const NrtColor active_color = { 0.85, 0.33, 0.10 };
static const NrtColor done_color = { 0.17, 0.55, 0.17 };
static const NrtColor white = { 1.0, 1.0, 1.0 };
static const NrtColor no_value_color = { 0.80, 0.80, 0.80 };

/* Where the parts of a graph plot go, in the plot's user units. A layout
 * point (lx, ly) is drawn at (offset_x + scale × lx, offset_y + scale × ly). */
typedef struct {
  NrtPlotStyle style;
  NrtPlotStyle legend_style; /* the node labels' style at the diagram's scale */
  double title_y;
  double legend_y;     /* centre of the legend row, or -1 for none */
  NrtPlotRect area;
  double scale;
  double offset_x, offset_y;
} Frame;

static gboolean
layout_matches (const NrtGraphPlot *plot)
{
  return plot->layout != NULL && plot->layout->n_nodes > 0
         && (plot->graph == NULL || nrt_graph_get_n_nodes (plot->graph) == plot->layout->n_nodes);
}

/* Returns the scale that fits a layout of this size into area, at most
 * MAX_SCALE. */
static double
fit_scale (const NrtPlotRect *area, double layout_width, double layout_height)
{
  if (!(layout_width > 0.0) || !(layout_height > 0.0))
    return 1.0;
  return MIN (MIN (area->width / layout_width, area->height / layout_height), MAX_SCALE);
}

/* Scales every size of style by factor, keeping the font at least min_font_size. */
static void
scale_style (NrtPlotStyle *style, double factor, double min_font_size)
{
  factor = MAX (factor, min_font_size / style->font_size);
  style->font_size *= factor;
  style->unit *= factor;
  style->line_height *= factor;
  style->pad *= factor;
}

/* Computes the frame: the title on top, the legend row under it, and the
 * diagram scaled to fit the rest, keeping its aspect ratio, centred. The
 * legend's text has the size of the node labels as drawn. */
static void
compute_frame (cairo_t *cr, double width, double height, const NrtGraphPlot *plot, Frame *frame)
{
  double top, layout_width = 0.0, layout_height = 0.0;
  double legend_height = 0.0;

  nrt_plot_style_init (&frame->style, cr, width, height);
  nrt_graph_label_style_init (&frame->legend_style, cr);
  nrt_graph_layout_get_size (plot->layout, &layout_width, &layout_height);
  top = 2.0 * frame->style.pad;
  frame->title_y = top;
  if (plot->title != NULL)
    top += frame->style.line_height * 1.2 + frame->style.pad;

  frame->area.x = 2.0 * frame->style.pad;
  frame->area.width = MAX (width - 4.0 * frame->style.pad, 1.0);
  frame->area.height = MAX (height - top - 2.0 * frame->style.pad, 1.0);

  /* The legend's row depends on the scale, and the scale on the room the row
   * leaves. The row is sized for the scale without it, which can only shrink
   * once the row is taken away, so the final legend always fits its row. */
  frame->legend_y = -1.0;
  if (layout_matches (plot))
    {
      NrtPlotStyle widest = frame->legend_style;

      scale_style (&widest, fit_scale (&frame->area, layout_width, layout_height),
                   MIN_LEGEND_FONT_SIZE);
      legend_height = widest.line_height * 1.4 + 2.0 * widest.pad;
      frame->legend_y = top + widest.line_height * 0.7;
      top += legend_height;
      frame->area.height = MAX (frame->area.height - legend_height, 1.0);
    }
  frame->area.y = top;

  frame->scale = fit_scale (&frame->area, layout_width, layout_height);
  scale_style (&frame->legend_style, frame->scale, MIN_LEGEND_FONT_SIZE);
  frame->offset_x = frame->area.x + (frame->area.width - layout_width * frame->scale) / 2.0;
  frame->offset_y = frame->area.y + (frame->area.height - layout_height * frame->scale) / 2.0;
}

/* Returns whether node id shows its value lines in this plot. */
static gboolean
shows_values (const NrtGraphPlot *plot, int id)
{
  NrtNode *node;

  if (!plot->show_values || plot->graph == NULL)
    return FALSE;
  node = nrt_graph_get_node (plot->graph, id);

  return node != NULL && node->value != NULL && node->value->data != NULL;
}

/* Writes the box drawn for node id in layout units: the full box with the
 * value lines, or a shorter one around the same centre without them. */
static NrtPlotRect
drawn_box (const NrtGraphPlot *plot, int id)
{
  const NrtGraphLayoutNode *node = &plot->layout->nodes[id];
  double height = shows_values (plot, id) ? node->height : node->label_height;
  NrtPlotRect box = { node->x - node->width / 2.0, node->y - height / 2.0, node->width, height };

  return box;
}

static void
rounded_rectangle (cairo_t *cr, const NrtPlotRect *box, double radius)
{
  radius = MIN (radius, MIN (box->width, box->height) / 2.0);
  cairo_new_sub_path (cr);
  cairo_arc (cr, box->x + box->width - radius, box->y + radius, radius, -G_PI / 2.0, 0.0);
  cairo_arc (cr, box->x + box->width - radius, box->y + box->height - radius, radius,
             0.0, G_PI / 2.0);
  cairo_arc (cr, box->x + radius, box->y + box->height - radius, radius, G_PI / 2.0, G_PI);
  cairo_arc (cr, box->x + radius, box->y + radius, radius, G_PI, 1.5 * G_PI);
  cairo_close_path (cr);
}

/* A vertical S-curve from (x0, y0) down to (x1, y1): both ends leave
 * vertically, so consecutive pieces join smoothly. */
static void
curve_to (cairo_t *cr, double x0, double y0, double x1, double y1)
{
  double half = (y1 - y0) / 2.0;

  cairo_curve_to (cr, x0, y0 + half, x1, y1 - half, x1, y1);
}

/* Draws one edge: down out of the source's band, through each bend's band
 * as a vertical run, then into the target with an arrowhead. */
static void
draw_edge (cairo_t *cr, const NrtGraphPlot *plot, const NrtGraphLayoutEdge *edge,
           gboolean highlighted)
{
  const NrtGraphLayout *layout = plot->layout;
  NrtPlotRect source = drawn_box (plot, edge->source);
  NrtPlotRect target = drawn_box (plot, edge->target);
  int source_layer = layout->nodes[edge->source].layer;
  int target_layer = layout->nodes[edge->target].layer;
  double x = edge->source_x;
  double y = layout->layer_bottom[source_layer];
  double end_y = target.y - ARROW_SIZE;
  int k;

  cairo_move_to (cr, x, source.y + source.height);
  cairo_line_to (cr, x, y);
  for (k = 0; k < edge->n_bends; k++)
    {
      double bend_x = layout->bend_x[edge->first_bend + k];
      int bend_layer = layout->bend_layer[edge->first_bend + k];

      curve_to (cr, x, y, bend_x, layout->layer_top[bend_layer]);
      x = bend_x;
      y = layout->layer_bottom[bend_layer];
      cairo_line_to (cr, x, y);
    }
  curve_to (cr, x, y, edge->target_x, layout->layer_top[target_layer]);
  cairo_line_to (cr, edge->target_x, MAX (end_y, layout->layer_top[target_layer]));

  nrt_plot_set_color (cr, highlighted ? active_color : nrt_plot_get_theme (cr)->outline);
  cairo_set_line_width (cr, highlighted ? 2.0 * EDGE_WIDTH : EDGE_WIDTH);
  cairo_stroke (cr);

  cairo_move_to (cr, edge->target_x, target.y);
  cairo_line_to (cr, edge->target_x - ARROW_SIZE * 0.7, target.y - ARROW_SIZE);
  cairo_line_to (cr, edge->target_x + ARROW_SIZE * 0.7, target.y - ARROW_SIZE);
  cairo_close_path (cr);
  cairo_fill (cr);
}

/* Draws a badge with a check mark on the top right corner of box, outside
 * the text. */
static void
draw_check (cairo_t *cr, const NrtPlotRect *box)
{
  double radius = 6.0;
  double x = box->x + box->width - 1.0;
  double y = box->y + 1.0;

  cairo_new_sub_path (cr);
  cairo_arc (cr, x, y, radius, 0.0, 2.0 * G_PI);
  nrt_plot_set_color (cr, done_color);
  cairo_fill (cr);

  cairo_move_to (cr, x - radius * 0.5, y);
  cairo_line_to (cr, x - radius * 0.1, y + radius * 0.4);
  cairo_line_to (cr, x + radius * 0.5, y - radius * 0.4);
  nrt_plot_set_color (cr, white);
  cairo_set_line_width (cr, 1.8);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
}

/* Returns the colour of the text inside nodes: the light theme's text in
 * every theme, because the nodes keep their pale fills. */
static NrtColor
node_text_color (void)
{
  return nrt_plot_theme_lookup (NRT_PLOT_THEME_LIGHT)->text;
}

/* Draws the "value: …" line, or with gradient set the "grad: …" line, of
 * tensor centred at x below y. */
static void
draw_summary_line (cairo_t *cr, const NrtPlotStyle *style, gboolean gradient,
                   const NrtTensor *tensor, double x, double y)
{
  char summary[128];
  g_autofree char *line = NULL;
  g_autofree char *markup = NULL;

  nrt_plot_format_tensor_summary (tensor, summary, sizeof summary);
  if (gradient)
    line = g_strdup_printf (_("grad: %s"), summary);
  else
    line = g_strdup_printf (_("value: %s"), summary);
  markup = g_markup_escape_text (line, -1);
  nrt_plot_text_draw_color (cr, style, markup, FALSE, FALSE, x, y, 0.5, 0.0, node_text_color ());
}

static void
draw_node (cairo_t *cr, const NrtPlotStyle *style, const NrtGraphPlot *plot, int id,
           gboolean with_text)
{
  const NrtGraphLayoutNode *node = &plot->layout->nodes[id];
  NrtPlotRect box = drawn_box (plot, id);
  gboolean done = plot->done != NULL && plot->done[id];
  char label[NRT_GRAPH_LABEL_SIZE];
  NrtNode *graph_node;
  double y;

  /* The active node gets a translucent halo under a thick outline. */
  if (id == plot->active_node)
    {
      rounded_rectangle (cr, &box, BOX_RADIUS);
      cairo_set_source_rgba (cr, active_color.r, active_color.g, active_color.b, 0.25);
      cairo_set_line_width (cr, 4.0 * ACTIVE_WIDTH);
      cairo_stroke (cr);
    }

  rounded_rectangle (cr, &box, BOX_RADIUS);
  nrt_plot_set_color (cr, node_fill[node->style]);
  cairo_fill_preserve (cr);
  if (id == plot->active_node)
    {
      nrt_plot_set_color (cr, active_color);
      cairo_set_line_width (cr, ACTIVE_WIDTH);
    }
  else
    {
      nrt_plot_set_color (cr, node_border[node->style]);
      cairo_set_line_width (cr, 1.2);
    }
  cairo_stroke (cr);
  if (done)
    draw_check (cr, &box);

  if (!with_text || plot->graph == NULL)
    return;

  /* The name line, then the value and gradient summaries. */
  graph_node = nrt_graph_get_node (plot->graph, id);
  nrt_graph_format_node_label (plot->graph, id,
                               nrt_graph_get_max_batch (plot->graph) > 0
                                 ? nrt_graph_get_batch (plot->graph) : -1,
                               label, sizeof label);
  y = box.y + BOX_PAD_Y;
  nrt_plot_text_draw_color (cr, style, label, FALSE, FALSE, node->x, y, 0.5, 0.0,
                            node_text_color ());
  if (!shows_values (plot, id))
    return;

  y += style->line_height;
  draw_summary_line (cr, style, FALSE, graph_node->value, node->x, y);
  if (graph_node->kind == NRT_NODE_INPUT || graph_node->kind == NRT_NODE_CONSTANT)
    return;
  y += style->line_height;
  draw_summary_line (cr, style, TRUE, graph_node->grad, node->x, y);
}

/* Draws the legend for the node styles present, centred in one row; it is
 * left out when it does not fit. */
static void
draw_legend (cairo_t *cr, const Frame *frame, const NrtGraphLayout *layout, double width)
{
  const NrtPlotStyle *style = &frame->legend_style;
  double swatch = style->line_height * 0.8;
  double text_width[NRT_GRAPH_NODE_N_STYLES] = { 0.0 };
  double total = 0.0, x;
  int s;

  for (s = 0; s < NRT_GRAPH_NODE_N_STYLES; s++)
    {
      if (layout->n_styles_used[s] == 0)
        continue;
      nrt_plot_text_measure (cr, style, _(node_style_names[s]), FALSE, &text_width[s], NULL);
      total += swatch + style->pad + text_width[s] + 3.0 * style->pad;
    }
  total -= 3.0 * style->pad;
  if (total > width - 4.0 * style->pad)
    return;

  x = (width - total) / 2.0;
  for (s = 0; s < NRT_GRAPH_NODE_N_STYLES; s++)
    {
      NrtPlotRect box = { x, frame->legend_y - swatch / 2.0, swatch, swatch };

      if (layout->n_styles_used[s] == 0)
        continue;
      rounded_rectangle (cr, &box, swatch / 4.0);
      nrt_plot_set_color (cr, node_fill[s]);
      cairo_fill_preserve (cr);
      nrt_plot_set_color (cr, node_border[s]);
      cairo_set_line_width (cr, style->unit);
      cairo_stroke (cr);
      nrt_plot_text_draw (cr, style, _(node_style_names[s]), FALSE, FALSE,
                          x + swatch + style->pad, frame->legend_y, 0.0, 0.5);
      x += swatch + style->pad + text_width[s] + 3.0 * style->pad;
    }
}

static void
draw_message (cairo_t *cr, const Frame *frame, const char *message)
{
  g_autofree char *markup = g_markup_escape_text (message, -1);

  nrt_plot_text_draw (cr, &frame->style, markup, FALSE, FALSE,
                      frame->area.x + frame->area.width / 2.0,
                      frame->area.y + frame->area.height / 2.0, 0.5, 0.5);
}

void
nrt_plot_graph (cairo_t *cr, double width, double height, const NrtGraphPlot *plot)
{
  static const NrtGraphPlot empty_plot = { NULL, NULL, FALSE, -1, NULL, NULL };
  NrtPlotStyle label_style;
  Frame frame;
  double device_x, device_y;
  gboolean with_text;
  int e, id;

  g_return_if_fail (cr != NULL);

  if (!(width > 0.0) || !(height > 0.0) || !isfinite (width) || !isfinite (height))
    return;
  if (plot == NULL)
    plot = &empty_plot;

  cairo_save (cr);
  nrt_plot_fill_background (cr, width, height);
  compute_frame (cr, width, height, plot, &frame);
  if (plot->title != NULL)
    {
      g_autofree char *title = g_markup_escape_text (plot->title, -1);

      nrt_plot_text_draw (cr, &frame.style, title, TRUE, FALSE, width / 2.0, frame.title_y,
                          0.5, 0.0);
    }

  /* Step 1: nothing to draw, or a layout of another graph. */
  if (plot->layout == NULL || plot->layout->n_nodes == 0
      || (plot->graph != NULL && nrt_graph_get_n_nodes (plot->graph) == 0))
    {
      draw_message (cr, &frame, _("The computation graph is empty."));
      cairo_restore (cr);
      return;
    }
  if (!layout_matches (plot))
    {
      draw_message (cr, &frame, _("The graph has changed since it was laid out."));
      cairo_restore (cr);
      return;
    }

  /* Step 2: the legend, in the plot's units. */
  if (frame.legend_y >= 0.0)
    draw_legend (cr, &frame, plot->layout, width);

  /* Step 3: edges, then boxes over them, in layout units. */
  cairo_translate (cr, frame.offset_x, frame.offset_y);
  cairo_scale (cr, frame.scale, frame.scale);
  nrt_graph_label_style_init (&label_style, cr);
  device_x = 0.0;
  device_y = label_style.line_height;
  cairo_user_to_device_distance (cr, &device_x, &device_y);
  with_text = hypot (device_x, device_y) >= MIN_TEXT_PIXELS;

  for (e = 0; e < plot->layout->n_edges; e++)
    {
      const NrtGraphLayoutEdge *edge = &plot->layout->edges[e];

      draw_edge (cr, plot, edge, plot->active_node >= 0 && edge->target == plot->active_node);
    }
  for (id = 0; id < plot->layout->n_nodes; id++)
    draw_node (cr, &label_style, plot, id, with_text);

  cairo_restore (cr);
}

void
nrt_plot_graph_draw_func (cairo_t *cr, double width, double height, gpointer plot)
{
  nrt_plot_graph (cr, width, height, plot);
}

/* Computes the frame of plot at the given size without drawing. */
static gboolean
compute_frame_unattached (const NrtGraphPlot *plot, double width, double height, Frame *frame)
{
  cairo_surface_t *surface;
  cairo_t *cr;

  if (plot == NULL || !layout_matches (plot) || !(width > 0.0) || !(height > 0.0)
      || !isfinite (width) || !isfinite (height))
    return FALSE;

  /* The frame depends on text measured with Pango, as when drawing. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cr = cairo_create (surface);
  compute_frame (cr, width, height, plot, frame);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  return TRUE;
}

int
nrt_plot_graph_hit_test (const NrtGraphPlot *plot, double width, double height, double x,
                         double y)
{
  Frame frame;
  double layout_x, layout_y;
  int id;

  if (!isfinite (x) || !isfinite (y) || !compute_frame_unattached (plot, width, height, &frame))
    return -1;

  layout_x = (x - frame.offset_x) / frame.scale;
  layout_y = (y - frame.offset_y) / frame.scale;
  for (id = plot->layout->n_nodes - 1; id >= 0; id--)
    {
      NrtPlotRect box = drawn_box (plot, id);

      if (layout_x >= box.x && layout_x <= box.x + box.width
          && layout_y >= box.y && layout_y <= box.y + box.height)
        return id;
    }

  return -1;
}

gboolean
nrt_plot_graph_get_node_area (const NrtGraphPlot *plot, double width, double height, int node,
                              double *x, double *y, double *node_width, double *node_height)
{
  Frame frame;
  NrtPlotRect box;

  if (!compute_frame_unattached (plot, width, height, &frame)
      || node < 0 || node >= plot->layout->n_nodes)
    return FALSE;

  box = drawn_box (plot, node);
  if (x != NULL)
    *x = frame.offset_x + frame.scale * box.x;
  if (y != NULL)
    *y = frame.offset_y + frame.scale * box.y;
  if (node_width != NULL)
    *node_width = frame.scale * box.width;
  if (node_height != NULL)
    *node_height = frame.scale * box.height;

  return TRUE;
}

/* Writes value with precision significant digits, and NaN and infinities
 * as "NaN", "inf" and "-inf" whatever the C library writes. */
static void
format_number (char *buffer, gsize size, int precision, double value)
{
  if (isnan (value))
    g_strlcpy (buffer, "NaN", size);
  else if (isinf (value))
    g_strlcpy (buffer, value > 0.0 ? "inf" : "-inf", size);
  else
    g_snprintf (buffer, size, "%.*g", precision, value == 0.0 ? 0.0 : value);
}

void
nrt_plot_format_tensor_summary (const NrtTensor *tensor, char *buffer, gsize size)
{
  char mean_text[32], norm_text[32];
  double sum = 0.0, sum_squares = 0.0;
  size_t i;

  g_return_if_fail (buffer != NULL && size > 0);

  if (tensor == NULL || tensor->data == NULL)
    {
      g_strlcpy (buffer, _("no value"), size);
      return;
    }
  if (tensor->size == 0)
    {
      g_strlcpy (buffer, _("empty"), size);
      return;
    }
  if (tensor->size == 1)
    {
      format_number (buffer, size, 4, tensor->data[0]);
      return;
    }

  for (i = 0; i < tensor->size; i++)
    {
      sum += tensor->data[i];
      sum_squares += (double) tensor->data[i] * tensor->data[i];
    }
  format_number (mean_text, sizeof mean_text, 3, sum / (double) tensor->size);
  format_number (norm_text, sizeof norm_text, 3, sqrt (sum_squares));
  /* Translators: the mean and the L2 norm of a tensor's values. */
  g_snprintf (buffer, size, _("mean %s, norm %s"), mean_text, norm_text);
}

/* Maps value in [-max_abs, max_abs] to orange (negative) through white to
 * blue (positive), with Playground's class colours at the ends. */
static NrtColor
diverging_color (double value, double max_abs)
{
  NrtColor end, mixed;
  double amount;

  if (!nrt_plot_value_is_usable (value))
    return no_value_color;

  amount = CLAMP (fabs (value) / max_abs, 0.0, 1.0);
  end = nrt_plot_class_color (value < 0.0 ? 0 : 1, 2);
  mixed.r = white.r + (end.r - white.r) * amount;
  mixed.g = white.g + (end.g - white.g) * amount;
  mixed.b = white.b + (end.b - white.b) * amount;

  return mixed;
}

static uint32_t
pack_opaque_pixel (NrtColor color)
{
  uint32_t r = (uint32_t) lround (CLAMP (color.r, 0.0, 1.0) * 255.0);
  uint32_t g = (uint32_t) lround (CLAMP (color.g, 0.0, 1.0) * 255.0);
  uint32_t b = (uint32_t) lround (CLAMP (color.b, 0.0, 1.0) * 255.0);

  return 0xff000000u | (r << 16) | (g << 8) | b;
}

/* Returns an image of one pixel per shown cell: every row_step-th row and
 * column_step-th column of the (rows, columns) matrix in data. */
static cairo_surface_t *
render_cells (const float *data, int rows, int columns, int row_step, int column_step,
              double max_abs)
{
  int shown_rows = (rows + row_step - 1) / row_step;
  int shown_columns = (columns + column_step - 1) / column_step;
  cairo_surface_t *surface;
  unsigned char *pixels;
  int stride, row, column;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, shown_columns, shown_rows);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return surface;

  cairo_surface_flush (surface);
  pixels = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (row = 0; row < shown_rows; row++)
    {
      uint32_t *line = (uint32_t *) (pixels + (size_t) row * stride);

      for (column = 0; column < shown_columns; column++)
        {
          size_t index = (size_t) row * row_step * columns + (size_t) column * column_step;

          line[column] = pack_opaque_pixel (diverging_color (data[index], max_abs));
        }
    }
  cairo_surface_mark_dirty (surface);

  return surface;
}

/* Paints image stretched over area without smoothing. */
static void
paint_image (cairo_t *cr, cairo_surface_t *image, const NrtPlotRect *area)
{
  cairo_save (cr);
  cairo_rectangle (cr, area->x, area->y, area->width, area->height);
  cairo_clip (cr);
  cairo_translate (cr, area->x, area->y);
  cairo_scale (cr, area->width / cairo_image_surface_get_width (image),
               area->height / cairo_image_surface_get_height (image));
  cairo_set_source_surface (cr, image, 0.0, 0.0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  cairo_restore (cr);
}

/* Draws the colour bar in bar with its range labels to the right: +max_abs
 * at the top, 0 in the middle, -max_abs at the bottom. */
static void
draw_color_bar (cairo_t *cr, const NrtPlotStyle *style, const NrtPlotRect *bar, double max_abs)
{
  cairo_pattern_t *gradient;
  char text[32];
  int i;

  gradient = cairo_pattern_create_linear (0.0, bar->y, 0.0, bar->y + bar->height);
  for (i = 0; i <= 8; i++)
    {
      double fraction = i / 8.0;
      NrtColor color = diverging_color (max_abs * (1.0 - 2.0 * fraction), max_abs);

      cairo_pattern_add_color_stop_rgb (gradient, fraction, color.r, color.g, color.b);
    }
  cairo_rectangle (cr, bar->x, bar->y, bar->width, bar->height);
  cairo_set_source (cr, gradient);
  cairo_fill_preserve (cr);
  cairo_pattern_destroy (gradient);
  nrt_plot_set_color (cr, nrt_plot_get_theme (cr)->frame);
  cairo_set_line_width (cr, style->unit * 0.8);
  cairo_stroke (cr);

  format_number (text, sizeof text, 3, max_abs);
  nrt_plot_text_draw (cr, style, text, FALSE, FALSE, bar->x + bar->width + style->pad,
                      bar->y, 0.0, 0.0);
  nrt_plot_text_draw (cr, style, "0", FALSE, FALSE, bar->x + bar->width + style->pad,
                      bar->y + bar->height / 2.0, 0.0, 0.5);
  format_number (text, sizeof text, 3, -max_abs);
  nrt_plot_text_draw (cr, style, text, FALSE, FALSE, bar->x + bar->width + style->pad,
                      bar->y + bar->height, 0.0, 1.0);
}

void
nrt_plot_tensor_heatmap (cairo_t *cr, double width, double height, const NrtTensor *tensor,
                         const char *title)
{
  NrtPlotStyle style;
  NrtPlotRect available, grid, bar;
  cairo_surface_t *image = NULL;
  g_autofree char *title_text = NULL;
  g_autofree char *title_markup = NULL;
  char label[32];
  double max_abs = 0.0, label_width, cell, device_width, device_height;
  int rows, columns, row_step, column_step, shown_rows, shown_columns;
  size_t i;

  g_return_if_fail (cr != NULL);

  if (!(width > 0.0) || !(height > 0.0) || !isfinite (width) || !isfinite (height))
    return;

  cairo_save (cr);
  nrt_plot_fill_background (cr, width, height);
  nrt_plot_style_init (&style, cr, width, height);

  /* Step 1: the matrix to show; 1-D as one row, higher ranks with the
   * leading dimensions folded into rows. */
  if (tensor == NULL || tensor->data == NULL || tensor->size == 0)
    {
      if (title != NULL)
        {
          title_markup = g_markup_escape_text (title, -1);
          nrt_plot_text_draw (cr, &style, title_markup, TRUE, FALSE, width / 2.0,
                              2.0 * style.pad, 0.5, 0.0);
        }
      nrt_plot_text_draw (cr, &style, _("No values to show."), FALSE, FALSE,
                          width / 2.0, height / 2.0, 0.5, 0.5);
      cairo_restore (cr);
      return;
    }
  columns = tensor->ndim >= 1 ? MAX (tensor->shape[tensor->ndim - 1], 1) : 1;
  rows = (int) MIN (tensor->size / (size_t) columns, (size_t) G_MAXINT);
  for (i = 0; i < tensor->size; i++)
    if (nrt_plot_value_is_usable (tensor->data[i]))
      max_abs = MAX (max_abs, fabs (tensor->data[i]));
  if (!(max_abs > 0.0))
    max_abs = 1.0;

  /* Step 2: room for the colour bar on the right and the title on top. */
  format_number (label, sizeof label, 3, -max_abs);
  nrt_plot_text_measure (cr, &style, label, FALSE, &label_width, NULL);
  bar.width = style.line_height;
  available.x = 3.0 * style.pad;
  available.y = 2.0 * style.pad + style.line_height * 1.2 + style.pad;
  available.width = width - available.x - (4.0 * style.pad + bar.width + style.pad + label_width);
  available.height = height - available.y - 3.0 * style.pad;
  if (available.width < 1.0 || available.height < 1.0)
    available = (NrtPlotRect) { 0.0, 0.0, width, height };

  /* Step 3: at least one device pixel per shown cell; beyond that, show
   * every row_step-th row and column_step-th column. */
  device_width = available.width;
  device_height = available.height;
  cairo_user_to_device_distance (cr, &device_width, &device_height);
  device_width = MIN (MAX (fabs (device_width), 1.0), MAX_IMAGE_SIDE);
  device_height = MIN (MAX (fabs (device_height), 1.0), MAX_IMAGE_SIDE);
  column_step = (int) MAX (ceil (columns / floor (device_width)), 1.0);
  row_step = (int) MAX (ceil (rows / floor (device_height)), 1.0);
  shown_columns = (columns + column_step - 1) / column_step;
  shown_rows = (rows + row_step - 1) / row_step;

  /* Square cells, centred. */
  cell = MIN (available.width / shown_columns, available.height / shown_rows);
  grid.width = cell * shown_columns;
  grid.height = cell * shown_rows;
  grid.x = available.x + (available.width - grid.width) / 2.0;
  grid.y = available.y + (available.height - grid.height) / 2.0;

  image = render_cells (tensor->data, rows, columns, row_step, column_step, max_abs);
  if (cairo_surface_status (image) == CAIRO_STATUS_SUCCESS)
    paint_image (cr, image, &grid);
  cairo_surface_destroy (image);
  cairo_rectangle (cr, grid.x, grid.y, grid.width, grid.height);
  nrt_plot_set_color (cr, nrt_plot_get_theme (cr)->frame);
  cairo_set_line_width (cr, style.unit * 0.8);
  cairo_stroke (cr);

  bar.x = grid.x + grid.width + 2.0 * style.pad;
  bar.y = available.y;
  bar.height = available.height;
  draw_color_bar (cr, &style, &bar, max_abs);

  /* Step 4: the title, saying so when cells were left out. */
  if (row_step > 1 || column_step > 1)
    /* Translators: a heatmap's title, then how many rows and columns it skips. */
    title_text = g_strdup_printf (_("%s (subsampled: 1 in %d rows, 1 in %d columns)"),
                                  title != NULL ? title : "", row_step, column_step);
  else
    title_text = g_strdup (title != NULL ? title : "");
  title_markup = g_markup_escape_text (title_text, -1);
  nrt_plot_text_draw (cr, &style, title_markup, TRUE, FALSE, width / 2.0, 2.0 * style.pad,
                      0.5, 0.0);

  cairo_restore (cr);
}

void
nrt_plot_tensor_heatmap_draw_func (cairo_t *cr, double width, double height, gpointer plot)
{
  const NrtTensorHeatmapPlot *heatmap = plot;

  nrt_plot_tensor_heatmap (cr, width, height, heatmap != NULL ? heatmap->tensor : NULL,
                           heatmap != NULL ? heatmap->title : NULL);
}
