/* nrt-graph-layout-order.c: the order of the nodes within each layer, by
 * barycenter sweeps that reduce edge crossings, and the coordinates of
 * the boxes.
 */
#define G_LOG_DOMAIN "Neurite-Plot"

#include "config.h"

#include "nrt-graph-layout-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Gaps between boxes, in layout units. */
#define NODE_GAP 20.0
#define DUMMY_GAP 8.0

/* The gap between two layers grows with the horizontal run of its edges, so
 * that long sideways edges do not lie almost flat. */
#define MIN_LAYER_GAP 34.0
#define MAX_LAYER_GAP 120.0
#define LAYER_GAP_PER_RUN 0.18

#define N_ORDER_SWEEPS 12
#define N_POSITION_ROUNDS 10

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
void
nrt_graph_layout_reduce_crossings (Virtual *v)
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
void
nrt_graph_layout_assign_x (Virtual *v)
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
void
nrt_graph_layout_assign_y (const Virtual *v, NrtGraphLayout *layout, double min_band)
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
