/* nrt-graph-layout.c: a layered (Sugiyama-style) layout of a computation
 * graph.
 *
 * Written here instead of calling Graphviz's libgvc because libgvc keeps
 * global state and is not thread-safe, while the training worker and the UI
 * may lay out graphs in two threads. The steps are Sugiyama's: layering,
 * dummy nodes on long edges, barycenter ordering, then coordinates. This
 * file sizes the boxes, routes the edges and calls the steps in between,
 * which live in nrt-graph-layout-layers.c and nrt-graph-layout-order.c.
 */
#define G_LOG_DOMAIN "Neurite-Plot"

#include "config.h"

#include "nrt-graph-layout-private.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/nrt-ops.h"

/* Padding inside a box, in layout units. */
#define BOX_PAD_X 10.0
#define BOX_PAD_Y 5.0

/* Value lines as wide as any nrt_plot_format_tensor_summary writes with
 * "%.3g" numbers, and with "%.4g" for a scalar. */
#define WIDEST_SUMMARY_LINE "value: mean -8.88e-88, norm 8.88e+88"
#define WIDEST_SCALAR_LINE "value: -8.888e-88"

void
nrt_graph_label_style_init (NrtPlotStyle *style, cairo_t *cr)
{
  double text_height;

  style->font_size = NRT_GRAPH_FONT_SIZE;
  style->unit = 1.0;
  style->pad = 4.0;
  style->line_height = 0.0;
  nrt_plot_text_measure (cr, style, "0.9", FALSE, NULL, &text_height);
  style->line_height = text_height;
}

static const char *
node_kind_name (const NrtNode *node)
{
  const char *op_name;

  switch (node->kind)
    {
    case NRT_NODE_INPUT:
      return _("input");
    case NRT_NODE_PARAMETER:
      return _("parameter");
    case NRT_NODE_CONSTANT:
      return _("constant");
    case NRT_NODE_OP:
    default:
      op_name = nrt_op_name (node->op);
      return op_name != NULL ? op_name : "?";
    }
}

void
nrt_graph_format_node_label (NrtGraph *graph, int id, int batch, char *buffer, gsize size)
{
  g_autofree char *name = NULL;
  int shape[NRT_MAX_DIMS];
  char shape_text[64];
  NrtNode *node;
  int ndim;

  g_return_if_fail (buffer != NULL && size > 0);

  node = nrt_graph_get_node (graph, id);
  if (node == NULL)
    {
      buffer[0] = '\0';
      return;
    }

  ndim = nrt_graph_get_node_shape (graph, id, shape);
  if (ndim > 0 && node->batched)
    shape[0] = batch >= 1 ? batch : -1;
  nrt_shape_format (MAX (ndim, 0), shape, shape_text, sizeof shape_text);

  /* A loss node is named after its op; the name alone says both. */
  name = g_markup_escape_text (node->name, -1);
  if (strcmp (node->name, node_kind_name (node)) == 0)
    g_snprintf (buffer, size, "<b>%s</b> %s", name, shape_text);
  else
    g_snprintf (buffer, size, "<b>%s</b> · %s %s", name, node_kind_name (node), shape_text);
}

/* Returns whether node id is a scalar with no consumers. */
static gboolean
is_scalar_sink (NrtGraph *graph, int id, const int *n_consumers)
{
  int shape[NRT_MAX_DIMS];
  int ndim = nrt_graph_get_node_shape (graph, id, shape);

  return n_consumers[id] == 0 && nrt_shape_size (MAX (ndim, 0), shape) == 1
         && !nrt_graph_get_node (graph, id)->batched;
}

/* Colours loss ops as the loss. In a graph without one, such as a scalar
 * expression, the last op node gets the loss colour when it is a scalar
 * with no consumers, because backward starts there. */
static void
assign_styles (NrtGraph *graph, NrtGraphLayout *layout, const int *n_consumers)
{
  int last_op = -1;
  gboolean has_loss = FALSE;
  int i;

  for (i = 0; i < layout->n_nodes; i++)
    {
      NrtNode *node = nrt_graph_get_node (graph, i);
      NrtGraphNodeStyle style;

      switch (node->kind)
        {
        case NRT_NODE_INPUT:
          style = NRT_GRAPH_NODE_INPUT;
          break;
        case NRT_NODE_PARAMETER:
          style = NRT_GRAPH_NODE_PARAMETER;
          break;
        case NRT_NODE_CONSTANT:
          style = NRT_GRAPH_NODE_CONSTANT;
          break;
        case NRT_NODE_OP:
        default:
          style = nrt_op_is_loss (node->op) ? NRT_GRAPH_NODE_LOSS : NRT_GRAPH_NODE_OP;
          last_op = i;
          break;
        }
      has_loss = has_loss || style == NRT_GRAPH_NODE_LOSS;
      layout->nodes[i].style = style;
    }

  if (!has_loss && last_op >= 0 && is_scalar_sink (graph, last_op, n_consumers))
    layout->nodes[last_op].style = NRT_GRAPH_NODE_LOSS;

  for (i = 0; i < layout->n_nodes; i++)
    layout->n_styles_used[layout->nodes[i].style]++;
}

/* Sizes every box from its measured text: the name line with the batch
 * dimension as None and as the maximum batch, and the widest value line
 * the node can show. Pango measures through a 1 × 1 image surface. */
static void
measure_boxes (NrtGraph *graph, NrtGraphLayout *layout)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  NrtPlotStyle style;
  double scalar_width, summary_width;
  int max_batch = nrt_graph_get_max_batch (graph);
  int i;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cr = cairo_create (surface);
  nrt_graph_label_style_init (&style, cr);
  nrt_plot_text_measure (cr, &style, WIDEST_SCALAR_LINE, FALSE, &scalar_width, NULL);
  nrt_plot_text_measure (cr, &style, WIDEST_SUMMARY_LINE, FALSE, &summary_width, NULL);

  for (i = 0; i < layout->n_nodes; i++)
    {
      NrtGraphLayoutNode *box = &layout->nodes[i];
      NrtNode *node = nrt_graph_get_node (graph, i);
      char label[NRT_GRAPH_LABEL_SIZE];
      int shape[NRT_MAX_DIMS];
      int ndim, n_value_lines;
      double text_width, widest;

      nrt_graph_format_node_label (graph, i, -1, label, sizeof label);
      nrt_plot_text_measure (cr, &style, label, FALSE, &widest, NULL);
      if (max_batch > 0)
        {
          nrt_graph_format_node_label (graph, i, max_batch, label, sizeof label);
          nrt_plot_text_measure (cr, &style, label, FALSE, &text_width, NULL);
          widest = MAX (widest, text_width);
        }

      ndim = nrt_graph_get_node_shape (graph, i, shape);
      if (!node->batched && nrt_shape_size (MAX (ndim, 0), shape) == 1)
        widest = MAX (widest, scalar_width);
      else
        widest = MAX (widest, summary_width);

      /* Inputs and constants have no gradient line. */
      n_value_lines = node->kind == NRT_NODE_INPUT || node->kind == NRT_NODE_CONSTANT ? 1 : 2;
      box->width = ceil (widest + 2.0 * BOX_PAD_X);
      box->label_height = ceil (style.line_height + 2.0 * BOX_PAD_Y);
      box->height = ceil ((1 + n_value_lines) * style.line_height + 2.0 * BOX_PAD_Y);
    }

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

typedef struct {
  double key;
  int edge;
} PortItem;

static int
compare_port_items (const void *a, const void *b)
{
  const PortItem *x = a, *y = b;

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return x->edge - y->edge;
}

/* Spreads the edges entering each box along its top, and those leaving
 * along the middle 60 % of its bottom. Each side is sorted by the x the
 * edge comes from or goes to, so that edges do not cross at a box. */
static void
assign_ports (NrtGraphLayout *layout)
{
  PortItem *items = g_new (PortItem, MAX (layout->n_edges, 1));
  int node, e, k;

  for (node = 0; node < layout->n_nodes; node++)
    {
      const NrtGraphLayoutNode *box = &layout->nodes[node];
      int n_in = 0, n_out = 0;

      for (e = 0; e < layout->n_edges; e++)
        {
          const NrtGraphLayoutEdge *edge = &layout->edges[e];

          if (edge->target != node)
            continue;
          items[n_in].key = edge->n_bends > 0
                            ? layout->bend_x[edge->first_bend + edge->n_bends - 1]
                            : layout->nodes[edge->source].x;
          items[n_in].edge = e;
          n_in++;
        }
      qsort (items, n_in, sizeof *items, compare_port_items);
      for (k = 0; k < n_in; k++)
        layout->edges[items[k].edge].target_x
          = box->x - box->width / 2.0 + box->width * (k + 1) / (n_in + 1);

      for (e = 0; e < layout->n_edges; e++)
        {
          const NrtGraphLayoutEdge *edge = &layout->edges[e];

          if (edge->source != node)
            continue;
          items[n_out].key = edge->n_bends > 0 ? layout->bend_x[edge->first_bend]
                                               : layout->nodes[edge->target].x;
          items[n_out].edge = e;
          n_out++;
        }
      qsort (items, n_out, sizeof *items, compare_port_items);
      for (k = 0; k < n_out; k++)
        layout->edges[items[k].edge].source_x
          = box->x + box->width * 0.6 * ((double) (k + 1) / (n_out + 1) - 0.5);
    }

  g_free (items);
}

/* Collects the edges (input → consumer) in order of consumer id. An input
 * id that is not below its consumer's cannot come from the graph API and
 * is skipped. */
static int
collect_edges (NrtGraph *graph, int n, int **sources, int **targets, int *n_consumers)
{
  int n_edges = 0, capacity = 0, id, k;

  for (id = 0; id < n; id++)
    capacity += CLAMP (nrt_graph_get_node (graph, id)->n_inputs, 0, NRT_MAX_OP_INPUTS);
  *sources = g_new (int, MAX (capacity, 1));
  *targets = g_new (int, MAX (capacity, 1));

  for (id = 0; id < n; id++)
    {
      const NrtNode *node = nrt_graph_get_node (graph, id);

      for (k = 0; k < CLAMP (node->n_inputs, 0, NRT_MAX_OP_INPUTS); k++)
        {
          int input = node->inputs[k];

          if (input < 0 || input >= id)
            {
              g_debug ("Skipping the edge from node %d into node %d: not a topological order",
                       input, id);
              continue;
            }
          (*sources)[n_edges] = input;
          (*targets)[n_edges] = id;
          n_consumers[input]++;
          n_edges++;
        }
    }

  return n_edges;
}

NrtGraphLayout *
nrt_graph_layout_new (NrtGraph *graph, GError **error)
{
  g_autofree int *edge_source = NULL;
  g_autofree int *edge_target = NULL;
  g_autofree int *edge_first_dummy = NULL;
  g_autofree int *n_consumers = NULL;
  NrtGraphLayout *layout;
  Virtual v = { 0 };
  double min_x = G_MAXDOUBLE, max_x = -G_MAXDOUBLE;
  int n, n_edges, e, i, k;

  if (graph == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Cannot lay out the computation graph: there is no graph. "
                     "Compile the model first."));
      return NULL;
    }

  /* Step 1: nodes, edges and box sizes. */
  layout = g_new0 (NrtGraphLayout, 1);
  n = MAX (nrt_graph_get_n_nodes (graph), 0);
  layout->n_nodes = n;
  layout->nodes = g_new0 (NrtGraphLayoutNode, MAX (n, 1));
  n_consumers = g_new0 (int, MAX (n, 1));
  n_edges = collect_edges (graph, n, &edge_source, &edge_target, n_consumers);
  assign_styles (graph, layout, n_consumers);
  measure_boxes (graph, layout);
  if (n == 0)
    return layout;

  /* Step 2: layers, dummies, order and coordinates. */
  edge_first_dummy = g_new (int, MAX (n_edges, 1));
  nrt_graph_layout_build_virtual (&v, layout, edge_source, edge_target, n_edges,
                                  edge_first_dummy);
  nrt_graph_layout_reduce_crossings (&v);
  nrt_graph_layout_assign_x (&v);

  for (i = 0; i < v.n_virtual; i++)
    {
      min_x = MIN (min_x, v.x[i] - v.width[i] / 2.0);
      max_x = MAX (max_x, v.x[i] + v.width[i] / 2.0);
    }
  for (i = 0; i < v.n_virtual; i++)
    v.x[i] -= min_x;
  layout->width = max_x - min_x;
  for (i = 0; i < n; i++)
    layout->nodes[i].x = v.x[i];

  layout->n_layers = v.n_layers;
  layout->layer_top = g_new (double, MAX (v.n_layers, 1));
  layout->layer_bottom = g_new (double, MAX (v.n_layers, 1));
  nrt_graph_layout_assign_y (&v, layout, BOX_PAD_Y * 2.0);

  /* Step 3: edges with their bends and ports. */
  layout->n_edges = n_edges;
  layout->edges = g_new0 (NrtGraphLayoutEdge, MAX (n_edges, 1));
  layout->n_bends = v.n_virtual - n;
  layout->bend_x = g_new (double, MAX (layout->n_bends, 1));
  layout->bend_layer = g_new (int, MAX (layout->n_bends, 1));
  for (i = n; i < v.n_virtual; i++)
    {
      layout->bend_x[i - n] = v.x[i];
      layout->bend_layer[i - n] = v.layer[i];
    }
  for (e = 0; e < n_edges; e++)
    {
      NrtGraphLayoutEdge *edge = &layout->edges[e];

      edge->source = edge_source[e];
      edge->target = edge_target[e];
      edge->first_bend = edge_first_dummy[e] - n;
      edge->n_bends = v.layer[edge->target] - v.layer[edge->source] - 1;
      for (k = 0; k < edge->n_bends; k++)
        g_assert (layout->bend_layer[edge->first_bend + k] == v.layer[edge->source] + 1 + k);
    }
  assign_ports (layout);

  nrt_graph_layout_clear_virtual (&v);

  return layout;
}

void
nrt_graph_layout_free (NrtGraphLayout *layout)
{
  if (layout == NULL)
    return;

  g_free (layout->nodes);
  g_free (layout->edges);
  g_free (layout->bend_x);
  g_free (layout->bend_layer);
  g_free (layout->layer_top);
  g_free (layout->layer_bottom);
  g_free (layout);
}

void
nrt_graph_layout_get_size (const NrtGraphLayout *layout, double *width, double *height)
{
  if (width != NULL)
    *width = layout != NULL ? layout->width : 0.0;
  if (height != NULL)
    *height = layout != NULL ? layout->height : 0.0;
}

int
nrt_graph_layout_get_n_nodes (const NrtGraphLayout *layout)
{
  return layout != NULL ? layout->n_nodes : 0;
}

gboolean
nrt_graph_layout_get_node_box (const NrtGraphLayout *layout, int node, double *x, double *y,
                               double *width, double *height)
{
  const NrtGraphLayoutNode *box;

  if (layout == NULL || node < 0 || node >= layout->n_nodes)
    return FALSE;

  box = &layout->nodes[node];
  if (x != NULL)
    *x = box->x - box->width / 2.0;
  if (y != NULL)
    *y = box->y - box->height / 2.0;
  if (width != NULL)
    *width = box->width;
  if (height != NULL)
    *height = box->height;

  return TRUE;
}
