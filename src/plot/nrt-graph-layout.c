/* nrt-graph-layout.c: a layered (Sugiyama-style) layout of a computation
 * graph.
 *
 * Written here instead of calling Graphviz's libgvc because libgvc keeps
 * global state and is not thread-safe, while the training worker and the UI
 * may lay out graphs in two threads. The steps are Sugiyama's: layering,
 * dummy nodes on long edges, barycenter ordering, then coordinates.
 */
#define G_LOG_DOMAIN "Neurite-Plot"

#include "config.h"

#include "nrt-graph-layout.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/nrt-ops.h"

/* Padding inside a box and gaps between boxes, in layout units. */
#define BOX_PAD_X 10.0
#define BOX_PAD_Y 5.0
#define NODE_GAP 20.0
#define DUMMY_WIDTH 6.0
#define DUMMY_GAP 8.0

/* The gap between two layers grows with the horizontal run of its edges, so
 * that long sideways edges do not lie almost flat. */
#define MIN_LAYER_GAP 34.0
#define MAX_LAYER_GAP 120.0
#define LAYER_GAP_PER_RUN 0.18

#define N_ORDER_SWEEPS 12
#define N_POSITION_ROUNDS 10

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

/* The graph of the layout steps: the real nodes 0..n_real-1, then one dummy
 * per layer crossed by a long edge. Every virtual edge joins adjacent
 * layers; preds and succs are its two adjacency lists in CSR form. */
typedef struct {
  int n_real, n_virtual, n_layers;
  int *layer;                 /* n_virtual */
  double *width;              /* n_virtual */
  double *x;                  /* n_virtual box centres */
  int *pos;                   /* n_virtual: index within its layer */
  int *pred_start, *preds;    /* CSR, n_virtual + 1 offsets */
  int *succ_start, *succs;
  int *layer_start;           /* n_layers + 1 offsets into order */
  int *order;                 /* n_virtual node ids, layer by layer, left to right */
} Virtual;

static void
virtual_clear (Virtual *v)
{
  g_free (v->layer);
  g_free (v->width);
  g_free (v->x);
  g_free (v->pos);
  g_free (v->pred_start);
  g_free (v->preds);
  g_free (v->succ_start);
  g_free (v->succs);
  g_free (v->layer_start);
  g_free (v->order);
}

/* Assigns layers by longest path from the sources, then moves each source
 * with consumers to one layer above its nearest consumer, so that
 * parameters, constants and targets sit beside the data they join. Node
 * ids are a topological order, so one pass in id order suffices. */
static int
assign_layers (int n, const int *edge_source, const int *edge_target, int n_edges, int *layer)
{
  int e, i, n_layers = 0;
  int *n_inputs = g_new0 (int, n);
  int *nearest = g_new (int, n);

  for (i = 0; i < n; i++)
    {
      layer[i] = 0;
      nearest[i] = G_MAXINT;
    }
  for (e = 0; e < n_edges; e++)
    n_inputs[edge_target[e]]++;

  /* Edges are sorted by target, so every source's layer is final before
   * its consumers read it. */
  for (e = 0; e < n_edges; e++)
    layer[edge_target[e]] = MAX (layer[edge_target[e]], layer[edge_source[e]] + 1);

  for (e = 0; e < n_edges; e++)
    nearest[edge_source[e]] = MIN (nearest[edge_source[e]], layer[edge_target[e]]);
  for (i = 0; i < n; i++)
    {
      if (n_inputs[i] == 0 && nearest[i] != G_MAXINT)
        layer[i] = nearest[i] - 1;
      n_layers = MAX (n_layers, layer[i] + 1);
    }

  g_free (nearest);
  g_free (n_inputs);

  return n_layers;
}

/* Builds the virtual graph: the real nodes with their layers and widths,
 * and a chain of dummies for each edge spanning several layers. Returns
 * in edge_first_dummy the first dummy id of each edge (dummies of an edge
 * are consecutive ids). */
static void
virtual_build (Virtual *v, const NrtGraphLayout *layout, const int *edge_source,
               const int *edge_target, int n_edges, int *edge_first_dummy)
{
  int n = layout->n_nodes;
  int n_dummies = 0, n_virtual_edges = 0;
  int *real_layer = g_new (int, MAX (n, 1));
  int *vsource, *vtarget, *fill;
  int e, i, k, next;

  v->n_real = n;
  v->n_layers = assign_layers (n, edge_source, edge_target, n_edges, real_layer);
  for (e = 0; e < n_edges; e++)
    n_dummies += real_layer[edge_target[e]] - real_layer[edge_source[e]] - 1;
  v->n_virtual = n + n_dummies;

  v->layer = g_new (int, MAX (v->n_virtual, 1));
  v->width = g_new (double, MAX (v->n_virtual, 1));
  v->x = g_new0 (double, MAX (v->n_virtual, 1));
  v->pos = g_new0 (int, MAX (v->n_virtual, 1));
  for (i = 0; i < n; i++)
    {
      v->layer[i] = real_layer[i];
      v->width[i] = layout->nodes[i].width;
    }

  /* Each edge becomes a chain source → dummies → target. */
  vsource = g_new (int, n_edges + n_dummies + 1);
  vtarget = g_new (int, n_edges + n_dummies + 1);
  next = n;
  for (e = 0; e < n_edges; e++)
    {
      int s = edge_source[e];
      int span = real_layer[edge_target[e]] - real_layer[s];
      int previous = s;

      edge_first_dummy[e] = next;
      for (k = 1; k < span; k++)
        {
          v->layer[next] = real_layer[s] + k;
          v->width[next] = DUMMY_WIDTH;
          vsource[n_virtual_edges] = previous;
          vtarget[n_virtual_edges] = next;
          n_virtual_edges++;
          previous = next;
          next++;
        }
      vsource[n_virtual_edges] = previous;
      vtarget[n_virtual_edges] = edge_target[e];
      n_virtual_edges++;
    }

  /* Adjacency lists in CSR form. */
  v->pred_start = g_new0 (int, v->n_virtual + 1);
  v->succ_start = g_new0 (int, v->n_virtual + 1);
  v->preds = g_new (int, n_virtual_edges + 1);
  v->succs = g_new (int, n_virtual_edges + 1);
  for (e = 0; e < n_virtual_edges; e++)
    {
      v->pred_start[vtarget[e] + 1]++;
      v->succ_start[vsource[e] + 1]++;
    }
  for (i = 0; i < v->n_virtual; i++)
    {
      v->pred_start[i + 1] += v->pred_start[i];
      v->succ_start[i + 1] += v->succ_start[i];
    }
  fill = g_new0 (int, 2 * (v->n_virtual + 1));
  for (e = 0; e < n_virtual_edges; e++)
    {
      v->preds[v->pred_start[vtarget[e]] + fill[2 * vtarget[e]]++] = vsource[e];
      v->succs[v->succ_start[vsource[e]] + fill[2 * vsource[e] + 1]++] = vtarget[e];
    }

  /* Initial order: by id within each layer, real nodes first. */
  v->layer_start = g_new0 (int, v->n_layers + 1);
  v->order = g_new (int, MAX (v->n_virtual, 1));
  for (i = 0; i < v->n_virtual; i++)
    v->layer_start[v->layer[i] + 1]++;
  for (k = 0; k < v->n_layers; k++)
    v->layer_start[k + 1] += v->layer_start[k];
  g_free (fill);
  fill = g_new0 (int, v->n_layers + 1);
  for (i = 0; i < v->n_virtual; i++)
    {
      int slot = v->layer_start[v->layer[i]] + fill[v->layer[i]]++;

      v->order[slot] = i;
      v->pos[i] = slot - v->layer_start[v->layer[i]];
    }

  g_free (fill);
  g_free (vsource);
  g_free (vtarget);
  g_free (real_layer);
}

typedef struct {
  double key;
  int pos;
  int node;
} SortItem;

static int
compare_sort_items (const void *a, const void *b)
{
  const SortItem *x = a, *y = b;

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return x->pos - y->pos;
}

/* Reorders layer l by the mean position of each node's neighbours in the
 * adjacent layer (preds when downward). A node without such neighbours
 * keeps its position as its key. */
static void
order_layer_by_barycenter (Virtual *v, int l, gboolean downward, SortItem *items)
{
  int start = v->layer_start[l];
  int count = v->layer_start[l + 1] - start;
  int i, j;

  for (i = 0; i < count; i++)
    {
      int node = v->order[start + i];
      const int *neighbours = downward ? v->preds + v->pred_start[node]
                                       : v->succs + v->succ_start[node];
      int n_neighbours = downward ? v->pred_start[node + 1] - v->pred_start[node]
                                  : v->succ_start[node + 1] - v->succ_start[node];
      double sum = 0.0;

      for (j = 0; j < n_neighbours; j++)
        sum += v->pos[neighbours[j]];
      items[i].key = n_neighbours > 0 ? sum / n_neighbours : v->pos[node];
      items[i].pos = v->pos[node];
      items[i].node = node;
    }

  qsort (items, count, sizeof *items, compare_sort_items);
  for (i = 0; i < count; i++)
    {
      v->order[start + i] = items[i].node;
      v->pos[items[i].node] = i;
    }
}

/* Counts crossings between layers l and l + 1: pairs of edges whose ends
 * are in opposite orders. O(E²) per layer pair, which is small next to the
 * drawing for graphs of a few hundred nodes. */
static long
count_crossings (const Virtual *v, int l, int *from, int *to)
{
  int n_edges = 0;
  long crossings = 0;
  int i, j;

  for (i = v->layer_start[l]; i < v->layer_start[l + 1]; i++)
    {
      int node = v->order[i];

      for (j = v->succ_start[node]; j < v->succ_start[node + 1]; j++)
        {
          from[n_edges] = v->pos[node];
          to[n_edges] = v->pos[v->succs[j]];
          n_edges++;
        }
    }
  for (i = 0; i < n_edges; i++)
    for (j = i + 1; j < n_edges; j++)
      if ((long) (from[i] - from[j]) * (to[i] - to[j]) < 0)
        crossings++;

  return crossings;
}

static long
count_all_crossings (const Virtual *v, int *from, int *to)
{
  long total = 0;
  int l;

  for (l = 0; l + 1 < v->n_layers; l++)
    total += count_crossings (v, l, from, to);

  return total;
}

/* Alternates downward and upward barycenter sweeps and keeps the order
 * with the fewest crossings. */
static void
reduce_crossings (Virtual *v)
{
  int n_edges = v->succ_start[v->n_virtual];
  SortItem *items = g_new (SortItem, MAX (v->n_virtual, 1));
  int *best_order = g_memdup2 (v->order, sizeof (int) * MAX (v->n_virtual, 1));
  int *from = g_new (int, MAX (n_edges, 1));
  int *to = g_new (int, MAX (n_edges, 1));
  long best, crossings;
  int sweep, l, i;

  best = count_all_crossings (v, from, to);
  for (sweep = 0; sweep < N_ORDER_SWEEPS && best > 0; sweep++)
    {
      if (sweep % 2 == 0)
        for (l = 1; l < v->n_layers; l++)
          order_layer_by_barycenter (v, l, TRUE, items);
      else
        for (l = v->n_layers - 2; l >= 0; l--)
          order_layer_by_barycenter (v, l, FALSE, items);

      crossings = count_all_crossings (v, from, to);
      if (crossings < best)
        {
          best = crossings;
          memcpy (best_order, v->order, sizeof (int) * v->n_virtual);
        }
    }

  memcpy (v->order, best_order, sizeof (int) * v->n_virtual);
  for (l = 0; l < v->n_layers; l++)
    for (i = v->layer_start[l]; i < v->layer_start[l + 1]; i++)
      v->pos[v->order[i]] = i - v->layer_start[l];

  g_free (to);
  g_free (from);
  g_free (best_order);
  g_free (items);
}

static double
separation (const Virtual *v, int a, int b)
{
  gboolean dummy = a >= v->n_real || b >= v->n_real;

  return v->width[a] / 2.0 + (dummy ? DUMMY_GAP : NODE_GAP) + v->width[b] / 2.0;
}

/* Places layer l's nodes as close as possible (least squares) to desired
 * x positions while keeping their order and separations. With offsets o_i,
 * the sums of separations to the left of node i, this is isotonic
 * regression of desired_i - o_i, solved by pool-adjacent-violators. */
static void
place_layer (Virtual *v, int l, const double *desired, double *block_sum, int *block_count)
{
  int start = v->layer_start[l];
  int count = v->layer_start[l + 1] - start;
  int n_blocks = 0;
  double offset = 0.0;
  int i, b, k;

  for (i = 0; i < count; i++)
    {
      if (i > 0)
        offset += separation (v, v->order[start + i - 1], v->order[start + i]);
      block_sum[n_blocks] = desired[i] - offset;
      block_count[n_blocks] = 1;
      n_blocks++;
      while (n_blocks >= 2
             && block_sum[n_blocks - 2] / block_count[n_blocks - 2]
                > block_sum[n_blocks - 1] / block_count[n_blocks - 1])
        {
          block_sum[n_blocks - 2] += block_sum[n_blocks - 1];
          block_count[n_blocks - 2] += block_count[n_blocks - 1];
          n_blocks--;
        }
    }

  offset = 0.0;
  i = 0;
  for (b = 0; b < n_blocks; b++)
    {
      double mean = block_sum[b] / block_count[b];

      for (k = 0; k < block_count[b]; k++, i++)
        {
          if (i > 0)
            offset += separation (v, v->order[start + i - 1], v->order[start + i]);
          v->x[v->order[start + i]] = mean + offset;
        }
    }
}

/* Moves each node of layer l towards the mean x of its neighbours above
 * (use_preds), below (use_succs) or both, then places the layer. */
static void
align_layer (Virtual *v, int l, gboolean use_preds, gboolean use_succs, double *desired,
             double *block_sum, int *block_count)
{
  int start = v->layer_start[l];
  int count = v->layer_start[l + 1] - start;
  int i, j;

  for (i = 0; i < count; i++)
    {
      int node = v->order[start + i];
      double sum = 0.0;
      int n_neighbours = 0;

      if (use_preds)
        for (j = v->pred_start[node]; j < v->pred_start[node + 1]; j++, n_neighbours++)
          sum += v->x[v->preds[j]];
      if (use_succs)
        for (j = v->succ_start[node]; j < v->succ_start[node + 1]; j++, n_neighbours++)
          sum += v->x[v->succs[j]];
      desired[i] = n_neighbours > 0 ? sum / n_neighbours : v->x[node];
    }
  place_layer (v, l, desired, block_sum, block_count);
}

/* Assigns x by rounds of alignment with the layer above, then below, and
 * a last round with both, starting from every layer packed and centred. */
static void
assign_x (Virtual *v)
{
  int n = MAX (v->n_virtual, 1);
  double *desired = g_new (double, n);
  double *block_sum = g_new (double, n);
  int *block_count = g_new (int, n);
  int round, l, i;

  for (l = 0; l < v->n_layers; l++)
    {
      int start = v->layer_start[l];
      int count = v->layer_start[l + 1] - start;
      double x = 0.0;

      for (i = 0; i < count; i++)
        {
          if (i > 0)
            x += separation (v, v->order[start + i - 1], v->order[start + i]);
          v->x[v->order[start + i]] = x;
        }
      for (i = 0; i < count; i++)
        v->x[v->order[start + i]] -= x / 2.0;
    }

  for (round = 0; round < N_POSITION_ROUNDS; round++)
    {
      for (l = 1; l < v->n_layers; l++)
        align_layer (v, l, TRUE, FALSE, desired, block_sum, block_count);
      for (l = v->n_layers - 2; l >= 0; l--)
        align_layer (v, l, FALSE, TRUE, desired, block_sum, block_count);
    }
  for (l = 0; l < v->n_layers; l++)
    align_layer (v, l, TRUE, TRUE, desired, block_sum, block_count);

  g_free (block_count);
  g_free (block_sum);
  g_free (desired);
}

/* Sets each layer's band from its tallest box, with gaps that grow with
 * the horizontal run of the edges crossing them, and centres boxes in
 * their band. */
static void
assign_y (const Virtual *v, NrtGraphLayout *layout, double min_band)
{
  double *band = g_new0 (double, MAX (v->n_layers, 1));
  double *run = g_new0 (double, MAX (v->n_layers, 1));
  double y = 0.0;
  int i, j, l;

  for (l = 0; l < v->n_layers; l++)
    band[l] = min_band;
  for (i = 0; i < v->n_real; i++)
    band[v->layer[i]] = MAX (band[v->layer[i]], layout->nodes[i].height);
  for (i = 0; i < v->n_virtual; i++)
    for (j = v->succ_start[i]; j < v->succ_start[i + 1]; j++)
      run[v->layer[i]] = MAX (run[v->layer[i]], fabs (v->x[v->succs[j]] - v->x[i]));

  for (l = 0; l < v->n_layers; l++)
    {
      layout->layer_top[l] = y;
      layout->layer_bottom[l] = y + band[l];
      y += band[l] + CLAMP (LAYER_GAP_PER_RUN * run[l], MIN_LAYER_GAP, MAX_LAYER_GAP);
    }
  layout->height = v->n_layers > 0 ? layout->layer_bottom[v->n_layers - 1] : 0.0;

  for (i = 0; i < v->n_real; i++)
    {
      l = v->layer[i];
      layout->nodes[i].layer = l;
      layout->nodes[i].y = (layout->layer_top[l] + layout->layer_bottom[l]) / 2.0;
    }

  g_free (run);
  g_free (band);
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
  virtual_build (&v, layout, edge_source, edge_target, n_edges, edge_first_dummy);
  reduce_crossings (&v);
  assign_x (&v);

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
  assign_y (&v, layout, BOX_PAD_Y * 2.0);

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

  virtual_clear (&v);

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
