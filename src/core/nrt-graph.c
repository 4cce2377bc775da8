/* nrt-graph.c: a static computation graph with reverse-mode autodiff.
 *
 * Each node keeps its declared shape, in which a batched node's first
 * dimension is NRT_BATCH_DIM. nrt_graph_build turns declared shapes into
 * tensors sized for max_batch; nrt_graph_set_batch then only rewrites
 * shape[0] and size of the batched tensors.
 */
#include "nrt-graph.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nrt-ops-private.h"

typedef struct {
  NrtNode node;       /* the public part, borrowed by callers */
  NrtShape declared;  /* shape[0] is NRT_BATCH_DIM for a batched node */
  float *constant;    /* copy of a constant's value, owned; NULL otherwise */
} GraphNode;

struct NrtGraph {
  GraphNode **nodes;  /* n_nodes pointers, so borrowed NrtNode pointers stay valid as the array grows */
  int n_nodes;
  int capacity;
  int max_batch;      /* 0 until built */
  int batch;
  int built;          /* whether every node has its buffers */
};

NrtGraph *
nrt_graph_new (void)
{
  return calloc (1, sizeof (NrtGraph));
}

/* Frees the tensors that nrt_graph_build allocated for a node. */
static void
graph_node_free_buffers (GraphNode *gnode)
{
  NrtNode *node = &gnode->node;

  nrt_tensor_free (node->value);
  nrt_tensor_free (node->grad);
  node->value = NULL;
  node->grad = NULL;
}

void
nrt_graph_free (NrtGraph *graph)
{
  if (graph == NULL)
    return;

  for (int i = 0; i < graph->n_nodes; i++)
    {
      graph_node_free_buffers (graph->nodes[i]);
      free (graph->nodes[i]->constant);
      free (graph->nodes[i]);
    }
  free (graph->nodes);
  free (graph);
}

/* Appends a zeroed node; returns NULL with err set when out of memory. */
static GraphNode *
graph_append (NrtGraph *graph, NrtNodeKind kind, const char *name, NrtError *err)
{
  GraphNode *gnode;

  if (graph->n_nodes == graph->capacity)
    {
      int capacity = graph->capacity > 0 ? 2 * graph->capacity : 16;
      GraphNode **nodes = realloc (graph->nodes, (size_t) capacity * sizeof *nodes);

      if (nodes == NULL)
        {
          nrt_error_set (err, NRT_ERROR_NO_MEMORY, "out of memory adding graph node \"%s\"", name);
          return NULL;
        }
      graph->nodes = nodes;
      graph->capacity = capacity;
    }

  gnode = calloc (1, sizeof *gnode);
  if (gnode == NULL)
    {
      nrt_error_set (err, NRT_ERROR_NO_MEMORY, "out of memory adding graph node \"%s\"", name);
      return NULL;
    }

  gnode->node.kind = kind;
  snprintf (gnode->node.name, sizeof gnode->node.name, "%s", name);
  graph->nodes[graph->n_nodes++] = gnode;

  /* The new node has no buffers yet. */
  graph->built = 0;
  return gnode;
}

/* Checks the arguments shared by the definition functions. */
static NrtStatus
check_definition (NrtGraph *graph, const char *name, int ndim, const int *shape,
                  int max_ndim, NrtError *err)
{
  if (graph == NULL)
    return nrt_error_set (err, NRT_ERROR_INVALID, "graph is NULL");
  if (name == NULL || name[0] == '\0')
    return nrt_error_set (err, NRT_ERROR_INVALID, "a graph node needs a non-empty name");
  if (strlen (name) >= sizeof ((NrtNode *) NULL)->name)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "node name \"%s\" is too long; use at most %zu characters",
                          name, sizeof ((NrtNode *) NULL)->name - 1);
  if (ndim < 0 || ndim > max_ndim)
    return nrt_error_set (err, NRT_ERROR_SHAPE,
                          "node \"%s\" has rank %d; expected 0 to %d", name, ndim, max_ndim);
  if (ndim > 0 && shape == NULL)
    return nrt_error_set (err, NRT_ERROR_INVALID, "node \"%s\" has rank %d but no shape",
                          name, ndim);
  for (int i = 0; i < ndim; i++)
    if (shape[i] <= 0)
      return nrt_error_set (err, NRT_ERROR_SHAPE,
                            "node \"%s\" has dimension %d of size %d; sizes must be positive",
                            name, i, shape[i]);
  return NRT_OK;
}

int
nrt_graph_add_input (NrtGraph *graph, const char *name, int ndim, const int *sample_shape,
                     NrtError *err)
{
  GraphNode *gnode;

  /* The batch dimension takes one of the NRT_MAX_DIMS. */
  if (check_definition (graph, name, ndim, sample_shape, NRT_MAX_DIMS - 1, err) != NRT_OK)
    return -1;

  gnode = graph_append (graph, NRT_NODE_INPUT, name, err);
  if (gnode == NULL)
    return -1;

  gnode->node.batched = 1;
  gnode->declared.ndim = ndim + 1;
  gnode->declared.shape[0] = NRT_BATCH_DIM;
  for (int i = 0; i < ndim; i++)
    gnode->declared.shape[i + 1] = sample_shape[i];
  return graph->n_nodes - 1;
}

int
nrt_graph_add_parameter (NrtGraph *graph, const char *name, int ndim, const int *shape,
                         float *value, float *grad, NrtError *err)
{
  GraphNode *gnode;

  if (check_definition (graph, name, ndim, shape, NRT_MAX_DIMS, err) != NRT_OK)
    return -1;
  if (value == NULL)
    {
      nrt_error_set (err, NRT_ERROR_INVALID, "parameter \"%s\" has no value buffer", name);
      return -1;
    }

  gnode = graph_append (graph, NRT_NODE_PARAMETER, name, err);
  if (gnode == NULL)
    return -1;

  gnode->declared.ndim = ndim;
  for (int i = 0; i < ndim; i++)
    gnode->declared.shape[i] = shape[i];

  /* Views on the caller's buffers; a NULL grad makes a frozen parameter. */
  gnode->node.value = nrt_tensor_new_view (ndim, shape, value);
  if (grad != NULL)
    gnode->node.grad = nrt_tensor_new_view (ndim, shape, grad);
  if (gnode->node.value == NULL || (grad != NULL && gnode->node.grad == NULL))
    {
      graph_node_free_buffers (gnode);
      free (gnode);
      graph->n_nodes--;
      nrt_error_set (err, NRT_ERROR_NO_MEMORY, "out of memory adding parameter \"%s\"", name);
      return -1;
    }
  return graph->n_nodes - 1;
}

int
nrt_graph_add_constant (NrtGraph *graph, const char *name, int ndim, const int *shape,
                        const float *value, NrtError *err)
{
  GraphNode *gnode;
  size_t size;

  if (check_definition (graph, name, ndim, shape, NRT_MAX_DIMS, err) != NRT_OK)
    return -1;
  if (value == NULL)
    {
      nrt_error_set (err, NRT_ERROR_INVALID, "constant \"%s\" has no value", name);
      return -1;
    }

  gnode = graph_append (graph, NRT_NODE_CONSTANT, name, err);
  if (gnode == NULL)
    return -1;

  gnode->declared.ndim = ndim;
  for (int i = 0; i < ndim; i++)
    gnode->declared.shape[i] = shape[i];

  size = nrt_shape_size (ndim, shape);
  gnode->constant = malloc (size * sizeof (float));
  if (gnode->constant != NULL)
    {
      memcpy (gnode->constant, value, size * sizeof (float));
      gnode->node.value = nrt_tensor_new_view (ndim, shape, gnode->constant);
    }
  if (gnode->node.value == NULL)
    {
      free (gnode->constant);
      free (gnode);
      graph->n_nodes--;
      nrt_error_set (err, NRT_ERROR_NO_MEMORY, "out of memory adding constant \"%s\"", name);
      return -1;
    }
  return graph->n_nodes - 1;
}

/* Writes "input \"x\" of shape (None, 3)" for each input, separated by
 * " and ", into buffer. */
static void
format_inputs (const NrtGraph *graph, const int *inputs, int n_inputs,
               char *buffer, size_t size)
{
  size_t used = 0;

  buffer[0] = '\0';
  for (int i = 0; i < n_inputs && used < size; i++)
    {
      const GraphNode *input = graph->nodes[inputs[i]];
      char shape[64];

      nrt_shape_format (input->declared.ndim, input->declared.shape, shape, sizeof shape);
      used += (size_t) snprintf (buffer + used, size - used, "%sinput \"%s\" of shape %s",
                                 i > 0 ? " and " : "", input->node.name, shape);
    }
}

int
nrt_graph_add_op (NrtGraph *graph, NrtOpId op, const char *name, const int *inputs,
                  int n_inputs, int from_logits, NrtError *err)
{
  const NrtOpInfo *info;
  NrtShape input_shapes[NRT_MAX_OP_INPUTS];
  NrtShape output = { 0 };
  GraphNode *gnode;
  char reason[256];

  if (check_definition (graph, name, 0, NULL, 0, err) != NRT_OK)
    return -1;
  info = nrt_op_get_info (op);
  if (info == NULL)
    {
      nrt_error_set (err, NRT_ERROR_INVALID, "node \"%s\": unknown op id %d", name, (int) op);
      return -1;
    }
  if (n_inputs != info->n_inputs || inputs == NULL)
    {
      nrt_error_set (err, NRT_ERROR_INVALID, "node \"%s\": op %s takes %d inputs, not %d",
                     name, info->name, info->n_inputs, inputs == NULL ? 0 : n_inputs);
      return -1;
    }
  for (int i = 0; i < n_inputs; i++)
    {
      /* Inputs must already exist, which keeps definition order topological. */
      if (inputs[i] < 0 || inputs[i] >= graph->n_nodes)
        {
          nrt_error_set (err, NRT_ERROR_INVALID,
                         "node \"%s\": input %d is node id %d, but only ids 0 to %d exist",
                         name, i, inputs[i], graph->n_nodes - 1);
          return -1;
        }
      input_shapes[i] = graph->nodes[inputs[i]]->declared;
    }

  /* Shape inference; the message names the node, the op and every input shape. */
  reason[0] = '\0';
  if (info->infer (input_shapes, &output, reason, sizeof reason) != NRT_OK)
    {
      char shapes[256];

      format_inputs (graph, inputs, n_inputs, shapes, sizeof shapes);
      nrt_error_set (err, NRT_ERROR_SHAPE, "node \"%s\" (%s): %s do not fit: %s",
                     name, info->name, shapes, reason);
      return -1;
    }

  gnode = graph_append (graph, NRT_NODE_OP, name, err);
  if (gnode == NULL)
    return -1;

  gnode->node.op = op;
  gnode->node.n_inputs = n_inputs;
  for (int i = 0; i < n_inputs; i++)
    gnode->node.inputs[i] = inputs[i];
  gnode->node.from_logits = from_logits ? 1 : 0;
  gnode->node.batched = output.ndim > 0 && output.shape[0] == NRT_BATCH_DIM;
  gnode->declared = output;
  return graph->n_nodes - 1;
}

/* Rewrites shape[0] and size of a batched tensor for batch samples. */
static void
tensor_set_batch (NrtTensor *tensor, int batch)
{
  if (tensor == NULL)
    return;

  tensor->size = tensor->size / (size_t) tensor->shape[0] * (size_t) batch;
  tensor->shape[0] = batch;
}

NrtStatus
nrt_graph_build (NrtGraph *graph, int max_batch, NrtError *err)
{
  if (graph == NULL)
    return nrt_error_set (err, NRT_ERROR_INVALID, "graph is NULL");
  if (max_batch < 1)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "invalid maximum batch size %d; it must be at least 1", max_batch);

  for (int i = 0; i < graph->n_nodes; i++)
    {
      GraphNode *gnode = graph->nodes[i];
      NrtNode *node = &gnode->node;
      NrtShape shape = gnode->declared;

      /* Parameters and constants got their views when they were added. */
      if (node->kind == NRT_NODE_PARAMETER || node->kind == NRT_NODE_CONSTANT)
        continue;

      graph_node_free_buffers (gnode);
      if (node->batched)
        shape.shape[0] = max_batch;
      node->value = nrt_tensor_new (shape.ndim, shape.shape);
      if (node->value != NULL && node->kind == NRT_NODE_OP)
        node->grad = nrt_tensor_new (shape.ndim, shape.shape);
      if (node->value == NULL || (node->kind == NRT_NODE_OP && node->grad == NULL))
        {
          graph_node_free_buffers (gnode);
          graph->built = 0;
          return nrt_error_set (err, NRT_ERROR_NO_MEMORY,
                                "out of memory building node \"%s\" for batches of %d",
                                node->name, max_batch);
        }
    }

  graph->max_batch = max_batch;
  graph->batch = max_batch;
  graph->built = 1;
  return NRT_OK;
}

void
nrt_graph_set_batch (NrtGraph *graph, int batch)
{
  if (graph == NULL || !graph->built)
    return;

  /* NOTE: an out-of-range batch is clamped into [1, max_batch], because this
   * function has no error path; callers check the range themselves. */
  if (batch < 1)
    batch = 1;
  if (batch > graph->max_batch)
    batch = graph->max_batch;

  for (int i = 0; i < graph->n_nodes; i++)
    {
      NrtNode *node = &graph->nodes[i]->node;

      if (!node->batched)
        continue;
      tensor_set_batch (node->value, batch);
      tensor_set_batch (node->grad, batch);
    }
  graph->batch = batch;
}

int
nrt_graph_get_batch (const NrtGraph *graph)
{
  return graph != NULL ? graph->batch : 0;
}

int
nrt_graph_get_max_batch (const NrtGraph *graph)
{
  return graph != NULL ? graph->max_batch : 0;
}

int
nrt_graph_get_n_nodes (const NrtGraph *graph)
{
  return graph != NULL ? graph->n_nodes : 0;
}

NrtNode *
nrt_graph_get_node (NrtGraph *graph, int id)
{
  if (graph == NULL || id < 0 || id >= graph->n_nodes)
    return NULL;
  return &graph->nodes[id]->node;
}

int
nrt_graph_find_node (const NrtGraph *graph, const char *name)
{
  if (graph == NULL || name == NULL)
    return -1;

  for (int i = 0; i < graph->n_nodes; i++)
    if (strcmp (graph->nodes[i]->node.name, name) == 0)
      return i;
  return -1;
}

int
nrt_graph_get_node_shape (const NrtGraph *graph, int id, int *shape)
{
  const NrtShape *declared;

  if (graph == NULL || id < 0 || id >= graph->n_nodes)
    return -1;

  declared = &graph->nodes[id]->declared;
  if (shape != NULL)
    for (int i = 0; i < declared->ndim; i++)
      shape[i] = declared->shape[i];
  return declared->ndim;
}

/* Collects the input nodes of an op node into inputs. */
static void
gather_inputs (NrtGraph *graph, const NrtNode *node, NrtNode **inputs)
{
  for (int i = 0; i < node->n_inputs; i++)
    inputs[i] = &graph->nodes[node->inputs[i]]->node;
}

void
nrt_graph_forward_node (NrtGraph *graph, int id)
{
  NrtNode *inputs[NRT_MAX_OP_INPUTS];
  NrtNode *node;

  if (graph == NULL || !graph->built || id < 0 || id >= graph->n_nodes)
    return;
  node = &graph->nodes[id]->node;
  if (node->kind != NRT_NODE_OP)
    return;

  gather_inputs (graph, node, inputs);
  nrt_op_get_info (node->op)->forward (node, inputs);
}

void
nrt_graph_forward_to (NrtGraph *graph, int id)
{
  if (graph == NULL || !graph->built)
    return;
  if (id >= graph->n_nodes)
    id = graph->n_nodes - 1;

  for (int i = 0; i <= id; i++)
    nrt_graph_forward_node (graph, i);
}

void
nrt_graph_forward (NrtGraph *graph)
{
  if (graph == NULL)
    return;

  nrt_graph_forward_to (graph, graph->n_nodes - 1);
}

/* Zeroes every gradient and seeds d(loss)/d(loss) = 1. Returns 0 and
 * changes nothing when the graph is not built or loss is not a scalar node
 * with a gradient. */
static int
backward_seed (NrtGraph *graph, int loss)
{
  NrtNode *loss_node;

  if (graph == NULL || !graph->built || loss < 0 || loss >= graph->n_nodes)
    return 0;
  loss_node = &graph->nodes[loss]->node;
  if (loss_node->grad == NULL || loss_node->value->size != 1)
    return 0;

  /* Zero every gradient, so parameter gradients hold this step alone. */
  for (int i = 0; i < graph->n_nodes; i++)
    {
      NrtTensor *grad = graph->nodes[i]->node.grad;

      if (grad != NULL)
        memset (grad->data, 0, grad->size * sizeof (float));
    }

  loss_node->grad->data[0] = 1.0f;
  return 1;
}

void
nrt_graph_backward_begin (NrtGraph *graph, int loss)
{
  backward_seed (graph, loss);
}

void
nrt_graph_backward_node (NrtGraph *graph, int id)
{
  NrtNode *inputs[NRT_MAX_OP_INPUTS];
  NrtNode *node;

  if (graph == NULL || !graph->built || id < 0 || id >= graph->n_nodes)
    return;
  node = &graph->nodes[id]->node;
  if (node->kind != NRT_NODE_OP)
    return;

  gather_inputs (graph, node, inputs);
  nrt_op_get_info (node->op)->backward (node, inputs);
}

void
nrt_graph_backward (NrtGraph *graph, int loss)
{
  if (!backward_seed (graph, loss))
    return;

  /* The chain rule in reverse definition order. Nodes after the loss cannot
   * influence it, so they are skipped. */
  for (int i = loss; i >= 0; i--)
    nrt_graph_backward_node (graph, i);
}
