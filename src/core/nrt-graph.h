/* nrt-graph.h: a static computation graph with reverse-mode autodiff.
 *
 * A graph is defined once (inputs, parameters, constants, then op nodes in
 * topological order), then built, which allocates every value and gradient
 * buffer for a maximum batch size. After that, forward and backward run
 * without allocating. Nodes whose first dimension is the batch ("batched"
 * nodes) follow nrt_graph_set_batch, so a partial last batch runs on the same
 * buffers.
 *
 * Node ids are indices into the graph's node array, in definition order,
 * which is a topological order.
 */
#pragma once

#include "nrt-error.h"
#include "nrt-ops.h"
#include "nrt-tensor.h"

typedef enum {
  NRT_NODE_INPUT,      /* fed by the caller every step, batched */
  NRT_NODE_PARAMETER,  /* trainable, value and gradient are views into the model's flat buffers */
  NRT_NODE_CONSTANT,   /* fixed value set by the caller */
  NRT_NODE_OP          /* computed by an op from its inputs */
} NrtNodeKind;

#define NRT_MAX_OP_INPUTS 3

typedef struct {
  NrtNodeKind kind;
  char name[64];                   /* such as "dense_1/kernel" or "dense_1/matmul" */
  NrtOpId op;                      /* NRT_OP_NONE unless kind is NRT_NODE_OP */
  int n_inputs;
  int inputs[NRT_MAX_OP_INPUTS];   /* node ids */
  int from_logits;                 /* attribute of the cross-entropy ops */
  int batched;                     /* whether shape[0] is the batch dimension */
  NrtTensor *value;                /* forward value */
  NrtTensor *grad;                 /* d(loss)/d(value), same shape; NULL for inputs and constants */
} NrtNode;

typedef struct NrtGraph NrtGraph;

NrtGraph *nrt_graph_new (void);
void nrt_graph_free (NrtGraph *graph);

/* The definition functions return the new node's id, or -1 with err set.
 * Shapes of batched nodes give the per-sample shape, without the batch
 * dimension: an input of 2 features per sample is declared with shape {2}. */
int nrt_graph_add_input (NrtGraph *graph, const char *name, int ndim, const int *sample_shape,
                         NrtError *err);

/* value and grad point into buffers the caller owns (a model's flat parameter
 * and gradient buffers), holding nrt_shape_size (ndim, shape) floats each. */
int nrt_graph_add_parameter (NrtGraph *graph, const char *name, int ndim, const int *shape,
                             float *value, float *grad, NrtError *err);

/* Copies value, which contains nrt_shape_size (ndim, shape) floats. */
int nrt_graph_add_constant (NrtGraph *graph, const char *name, int ndim, const int *shape,
                            const float *value, NrtError *err);

/* Adds an op node; shapes are inferred from the inputs and checked here.
 * from_logits applies to the cross-entropy ops and is ignored otherwise. */
int nrt_graph_add_op (NrtGraph *graph, NrtOpId op, const char *name, const int *inputs,
                      int n_inputs, int from_logits, NrtError *err);

/* Allocates all buffers for batches of up to max_batch samples and sets the
 * batch size to max_batch. May be called again with another max_batch, which
 * replaces the value and gradient tensors of inputs and op nodes, so callers
 * fetch those pointers again; it never runs inside a training step. A node
 * added after a build needs another build, and until then forward and
 * backward do nothing. */
NrtStatus nrt_graph_build (NrtGraph *graph, int max_batch, NrtError *err);

/* Sets the number of samples of the next forward and backward passes;
 * 1 <= batch <= max_batch. Does not allocate. */
void nrt_graph_set_batch (NrtGraph *graph, int batch);

int nrt_graph_get_batch (const NrtGraph *graph);
int nrt_graph_get_max_batch (const NrtGraph *graph);
int nrt_graph_get_n_nodes (const NrtGraph *graph);

/* Borrows node id; valid until the graph is freed. */
NrtNode *nrt_graph_get_node (NrtGraph *graph, int id);

/* Returns the id of the first node called name, or -1. */
int nrt_graph_find_node (const NrtGraph *graph, const char *name);

/* Writes node id's declared shape into shape (NRT_MAX_DIMS ints) and returns
 * its rank, or -1 for an unknown id. A batched node's first dimension is -1,
 * since the shape is known before nrt_graph_build. */
int nrt_graph_get_node_shape (const NrtGraph *graph, int id, int *shape);

/* Computes every op node's value in definition order. */
void nrt_graph_forward (NrtGraph *graph);

/* Computes the values of the op nodes up to and including node id. */
void nrt_graph_forward_to (NrtGraph *graph, int id);

/* Zeroes all gradients, seeds d(loss)/d(loss) = 1 at the scalar node loss,
 * and accumulates gradients in reverse order. Parameter gradients are
 * overwritten, not added to those of an earlier step. */
void nrt_graph_backward (NrtGraph *graph, int loss);

/* Step-through: the same computation as forward and backward, one op node at
 * a time, so a viewer can show each step. nrt_graph_forward_node computes
 * node id from its inputs' current values. nrt_graph_backward_begin zeroes
 * every gradient and seeds d(loss)/d(loss) = 1; nrt_graph_backward_node then
 * adds node id's contribution to its inputs' gradients. Calling
 * backward_node on every op node from loss down to the first, in reverse
 * order, equals nrt_graph_backward bit for bit. An unknown id, a node that is
 * not an op, or a graph that is not built makes these calls do nothing.
 * backward_begin also does nothing unless loss is a scalar node with a
 * gradient, as a loss op node is. */
void nrt_graph_forward_node (NrtGraph *graph, int id);
void nrt_graph_backward_begin (NrtGraph *graph, int loss);
void nrt_graph_backward_node (NrtGraph *graph, int id);
