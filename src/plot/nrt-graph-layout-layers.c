/* nrt-graph-layout-layers.c: the layers of a layered graph layout, and
 * the dummy nodes that split edges spanning several layers.
 */
#define G_LOG_DOMAIN "Neurite-Plot"

#include "config.h"

#include "nrt-graph-layout-private.h"

/* Width of the dummy box that an edge passes through, in layout units. */
#define DUMMY_WIDTH 6.0

void
nrt_graph_layout_clear_virtual (Virtual *v)
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
void
nrt_graph_layout_build_virtual (Virtual *v, const NrtGraphLayout *layout,
                                const int *edge_source, const int *edge_target, int n_edges,
                                int *edge_first_dummy)
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
