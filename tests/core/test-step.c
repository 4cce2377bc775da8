/* test-step.c: stepping through the graph one node at a time, and the
 * gradients that the graph view shows checked against finite differences.
 */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/nrt-graph.h"
#include "core/nrt-model.h"
#include "core/nrt-rng.h"

/* Central differences with step FD_STEP on float32 losses. A loss near 1
 * computed in float32 carries a rounding error of a few units in the last
 * place, about 1e-7 each, summed over the batch and the ops: up to about 5e-7
 * per evaluation. Dividing the difference of two evaluations by 2 h = 2e-3
 * turns that into at most 5e-4, which is FD_TOL. The truncation error
 * h^2 / 6 * f''' grows where the loss takes -log p of a small probability p.
 * Relative to the gradient it is h^2 / (3 p^2), 3e-4 for the p of about 0.035
 * these tests meet, and FD_REL_TOL covers it down to p = 0.013. Measured maximum
 * differences are about 6e-5 absolute, and 3e-4 relative at the softmax
 * output. A gradient of 0.1 that is off by 1% fails. */
#define FD_STEP 1e-3f
#define FD_TOL 5e-4
#define FD_REL_TOL 2e-3

static NrtModel *
new_compiled_model (int n_inputs, const NrtDenseConfig *layers, int n_layers, NrtLossKind kind,
                    int from_logits)
{
  NrtLossConfig loss = { kind, from_logits };
  NrtOptimizerConfig optimizer = nrt_optimizer_config_default (NRT_OPTIMIZER_SGD);
  NrtError err = { 0 };
  NrtModel *model = nrt_model_new (n_inputs, layers, n_layers, &err);

  if (model == NULL)
    g_error ("nrt_model_new failed: %s", err.message);
  if (nrt_model_compile (model, &loss, &optimizer, &err) != NRT_OK)
    g_error ("nrt_model_compile failed: %s", err.message);
  return model;
}

/* Draws every parameter from U(-1, 1), so biases are not zero and every
 * gradient path carries a non-trivial value. */
static void
randomize_params (NrtModel *model, uint64_t seed)
{
  float *params = nrt_model_get_params (model);
  NrtRng rng;

  nrt_rng_init (&rng, seed);
  for (size_t i = 0; i < nrt_model_get_n_params (model); i++)
    params[i] = (float) nrt_rng_uniform_range (&rng, -1.0, 1.0);
}

/* Writes batch samples into the graph's inputs "x" (batch, n_inputs), drawn
 * from U(-2, 2), and "y" (batch, 1): class indices below n_classes, or 0/1
 * targets when n_classes is 2. */
static void
load_batch (NrtModel *model, int batch, int n_classes, uint64_t seed)
{
  NrtGraph *graph = nrt_model_get_graph (model);
  NrtNode *x = nrt_graph_get_node (graph, nrt_graph_find_node (graph, "x"));
  NrtNode *y = nrt_graph_get_node (graph, nrt_graph_find_node (graph, "y"));
  int n_inputs = nrt_model_get_n_inputs (model);
  NrtRng rng;

  nrt_graph_set_batch (graph, batch);
  nrt_rng_init (&rng, seed);
  for (int i = 0; i < batch * n_inputs; i++)
    x->value->data[i] = (float) nrt_rng_uniform_range (&rng, -2.0, 2.0);
  for (int i = 0; i < batch; i++)
    y->value->data[i] = (float) nrt_rng_below (&rng, (uint64_t) n_classes);
}

/* Copies of every node's value and gradient, as the view would show them. */
typedef struct {
  int n_nodes;
  float **values;  /* n_nodes arrays of value->size floats */
  float **grads;   /* n_nodes arrays of grad->size floats, or NULL where the node has no grad */
} Snapshot;

static Snapshot
snapshot_take (NrtGraph *graph)
{
  Snapshot snapshot;

  snapshot.n_nodes = nrt_graph_get_n_nodes (graph);
  snapshot.values = g_new0 (float *, snapshot.n_nodes);
  snapshot.grads = g_new0 (float *, snapshot.n_nodes);
  for (int i = 0; i < snapshot.n_nodes; i++)
    {
      NrtNode *node = nrt_graph_get_node (graph, i);

      snapshot.values[i] = g_memdup2 (node->value->data, node->value->size * sizeof (float));
      if (node->grad != NULL)
        snapshot.grads[i] = g_memdup2 (node->grad->data, node->grad->size * sizeof (float));
    }
  return snapshot;
}

static void
snapshot_clear (Snapshot *snapshot)
{
  for (int i = 0; i < snapshot->n_nodes; i++)
    {
      g_free (snapshot->values[i]);
      g_free (snapshot->grads[i]);
    }
  g_free (snapshot->values);
  g_free (snapshot->grads);
}

/* Checks that every value and gradient of graph equals the snapshot bit for
 * bit. */
static void
assert_snapshot_equal (NrtGraph *graph, const Snapshot *snapshot)
{
  for (int i = 0; i < snapshot->n_nodes; i++)
    {
      NrtNode *node = nrt_graph_get_node (graph, i);

      if (memcmp (node->value->data, snapshot->values[i],
                  node->value->size * sizeof (float)) != 0)
        g_test_fail_printf ("value of node %d \"%s\" differs from the whole pass", i,
                            node->name);
      if (node->grad != NULL
          && memcmp (node->grad->data, snapshot->grads[i],
                     node->grad->size * sizeof (float)) != 0)
        g_test_fail_printf ("gradient of node %d \"%s\" differs from the whole pass", i,
                            node->name);
    }
}

/* Overwrites every op node's value and every gradient with NaN, so a step
 * that leaves something out shows up. */
static void
poison (NrtGraph *graph)
{
  for (int i = 0; i < nrt_graph_get_n_nodes (graph); i++)
    {
      NrtNode *node = nrt_graph_get_node (graph, i);

      if (node->kind == NRT_NODE_OP)
        for (size_t j = 0; j < node->value->size; j++)
          node->value->data[j] = NAN;
      if (node->grad != NULL)
        for (size_t j = 0; j < node->grad->size; j++)
          node->grad->data[j] = NAN;
    }
}

static void
test_step_matches_whole_pass (void)
{
  NrtDenseConfig layers[2] = { nrt_dense_config_default (4), nrt_dense_config_default (3) };
  NrtModel *model;
  NrtGraph *graph;
  Snapshot whole;
  int loss, n_nodes;

  /* 2 -> Dense(4, tanh) -> Dense(3) logits -> sparse_categorical_crossentropy
   * from logits, on a batch of 5 of the 32 samples the graph holds. */
  layers[0].activation = NRT_ACTIVATION_TANH;
  model = new_compiled_model (2, layers, 2, NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 1);
  randomize_params (model, 3);
  load_batch (model, 5, 3, 11);
  graph = nrt_model_get_graph (model);
  loss = nrt_model_get_loss_node (model);
  n_nodes = nrt_graph_get_n_nodes (graph);

  nrt_graph_forward (graph);
  nrt_graph_backward (graph, loss);
  whole = snapshot_take (graph);
  g_assert_true (isfinite (whole.values[loss][0]));

  /* Forward node by node, every node including inputs and parameters,
   * which are no-ops. */
  poison (graph);
  for (int i = 0; i < n_nodes; i++)
    nrt_graph_forward_node (graph, i);

  /* Backward node by node, from the loss down to the first node. */
  nrt_graph_backward_begin (graph, loss);
  g_assert_cmpfloat (nrt_graph_get_node (graph, loss)->grad->data[0], ==, 1.0f);
  for (int i = loss; i >= 0; i--)
    nrt_graph_backward_node (graph, i);
  assert_snapshot_equal (graph, &whole);

  /* Stepping a second time gives the same again: begin resets the
   * gradients instead of adding to those of the previous pass. */
  nrt_graph_backward_begin (graph, loss);
  for (int i = loss; i >= 0; i--)
    nrt_graph_backward_node (graph, i);
  assert_snapshot_equal (graph, &whole);

  snapshot_clear (&whole);
  nrt_model_free (model);
}

static void
test_step_invalid_ids (void)
{
  NrtDenseConfig layers[1] = { nrt_dense_config_default (2) };
  NrtModel *model;
  NrtGraph *graph, *unbuilt;
  Snapshot before;
  int loss, n_nodes, input;

  model = new_compiled_model (3, layers, 1, NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 1);
  randomize_params (model, 5);
  load_batch (model, 4, 2, 13);
  graph = nrt_model_get_graph (model);
  loss = nrt_model_get_loss_node (model);
  n_nodes = nrt_graph_get_n_nodes (graph);
  nrt_graph_forward (graph);
  nrt_graph_backward (graph, loss);
  before = snapshot_take (graph);

  /* Unknown ids, non-op nodes and NULL graphs change nothing. */
  input = nrt_graph_find_node (graph, "x");
  nrt_graph_forward_node (graph, -1);
  nrt_graph_forward_node (graph, n_nodes);
  nrt_graph_forward_node (graph, G_MAXINT);
  nrt_graph_forward_node (NULL, 0);
  nrt_graph_backward_node (graph, -1);
  nrt_graph_backward_node (graph, n_nodes);
  nrt_graph_backward_node (NULL, 0);
  nrt_graph_backward_node (graph, input);
  nrt_graph_backward_node (graph, nrt_graph_find_node (graph, "dense/kernel"));
  nrt_graph_backward_begin (graph, -1);
  nrt_graph_backward_begin (graph, n_nodes);
  nrt_graph_backward_begin (NULL, 0);

  /* A loss that is not a scalar node with a gradient is rejected too:
   * the input "x" has no gradient, the output is not a scalar. */
  nrt_graph_backward_begin (graph, input);
  nrt_graph_backward_begin (graph, nrt_model_get_output_node (model));
  assert_snapshot_equal (graph, &before);

  /* A graph that is not built has no buffers to step through. */
  unbuilt = nrt_graph_new ();
  g_assert_cmpint (nrt_graph_add_input (unbuilt, "x", 1, (int[]) { 2 }, NULL), ==, 0);
  g_assert_cmpint (nrt_graph_add_op (unbuilt, NRT_OP_RELU, "relu", (int[]) { 0 }, 1, 0, NULL), ==, 1);
  nrt_graph_forward_node (unbuilt, 1);
  nrt_graph_backward_begin (unbuilt, 1);
  nrt_graph_backward_node (unbuilt, 1);
  nrt_graph_free (unbuilt);

  snapshot_clear (&before);
  nrt_model_free (model);
}

static float
loss_value (NrtGraph *graph, int loss)
{
  return nrt_graph_get_node (graph, loss)->value->data[0];
}

/* Compares an analytic gradient with a central difference. Records a
 * failure beyond the tolerance and returns the absolute difference. */
static double
check_gradient (const char *node_name, size_t element, double analytic, double numeric)
{
  double diff = fabs (analytic - numeric);

  if (diff > FD_TOL + FD_REL_TOL * fabs (numeric))
    g_test_fail_printf ("%s[%zu]: gradient %.7g, central difference %.7g, difference %.3g",
                        node_name, element, analytic, numeric, diff);
  return diff;
}

/* Checks the gradients of every parameter element, perturbing the
 * parameter and running the whole graph forward. Returns the maximum
 * difference. */
static double
check_parameter_gradients (NrtGraph *graph, int loss, int *n_checked)
{
  double max_diff = 0.0;

  for (int id = 0; id < nrt_graph_get_n_nodes (graph); id++)
    {
      NrtNode *node = nrt_graph_get_node (graph, id);

      if (node->kind != NRT_NODE_PARAMETER)
        continue;
      for (size_t j = 0; j < node->value->size; j++)
        {
          float saved = node->value->data[j];
          float plus, minus;

          node->value->data[j] = saved + FD_STEP;
          nrt_graph_forward (graph);
          plus = loss_value (graph, loss);
          node->value->data[j] = saved - FD_STEP;
          nrt_graph_forward (graph);
          minus = loss_value (graph, loss);
          node->value->data[j] = saved;

          max_diff = fmax (max_diff, check_gradient (node->name, j, node->grad->data[j],
                                                     ((double) plus - minus) / (2.0 * FD_STEP)));
          (*n_checked)++;
        }
    }
  nrt_graph_forward (graph);
  return max_diff;
}

/* Recomputes the op nodes after id up to the loss, so that a changed value
 * of node id reaches the loss. */
static void
forward_after (NrtGraph *graph, int id, int loss)
{
  for (int i = id + 1; i <= loss; i++)
    nrt_graph_forward_node (graph, i);
}

/* Checks the gradients of every op node before the loss, element by
 * element: the perturbed value of node id reaches the loss through the
 * nodes after it, which nrt_graph_forward_node recomputes one by one.
 * Returns the maximum difference. */
static double
check_op_gradients (NrtGraph *graph, int loss, int *n_checked)
{
  double max_diff = 0.0;

  for (int id = 0; id < loss; id++)
    {
      NrtNode *node = nrt_graph_get_node (graph, id);

      if (node->kind != NRT_NODE_OP)
        continue;
      for (size_t j = 0; j < node->value->size; j++)
        {
          float saved = node->value->data[j];
          float plus, minus;

          node->value->data[j] = saved + FD_STEP;
          forward_after (graph, id, loss);
          plus = loss_value (graph, loss);
          node->value->data[j] = saved - FD_STEP;
          forward_after (graph, id, loss);
          minus = loss_value (graph, loss);
          node->value->data[j] = saved;
          forward_after (graph, id, loss);

          max_diff = fmax (max_diff, check_gradient (node->name, j, node->grad->data[j],
                                                     ((double) plus - minus) / (2.0 * FD_STEP)));
          (*n_checked)++;
        }
    }
  return max_diff;
}

/* Compiles a 2 -> 3 tanh -> (units, last) model, runs one forward and
 * backward pass on a batch of 4, and checks every gradient the graph
 * holds. */
static void
check_model_gradients (NrtActivation last, int units, NrtLossKind kind, int n_classes)
{
  NrtDenseConfig layers[2] = { nrt_dense_config_default (3), nrt_dense_config_default (units) };
  NrtModel *model;
  NrtGraph *graph;
  int loss, n_params = 0, n_ops = 0;
  double max_params, max_ops;

  layers[0].activation = NRT_ACTIVATION_TANH;
  layers[1].activation = last;
  model = new_compiled_model (2, layers, 2, kind, 0);
  randomize_params (model, 17);
  load_batch (model, 4, n_classes, 19);
  graph = nrt_model_get_graph (model);
  loss = nrt_model_get_loss_node (model);

  nrt_graph_forward (graph);
  nrt_graph_backward (graph, loss);
  g_assert_true (isfinite (loss_value (graph, loss)));

  max_params = check_parameter_gradients (graph, loss, &n_params);
  max_ops = check_op_gradients (graph, loss, &n_ops);
  g_test_message ("%s: %d parameter elements, max difference %.3g; %d op node elements, "
                  "max difference %.3g",
                  nrt_graph_get_node (graph, loss)->name, n_params, max_params, n_ops, max_ops);

  /* The model has 2 * 3 + 3 + 3 * units + units parameters. Before the
   * loss, each layer has matmul, bias_add and activation nodes of (4, 3)
   * and then (4, units). */
  g_assert_cmpint (n_params, ==, (int) nrt_model_get_n_params (model));
  g_assert_cmpint (n_ops, ==, 3 * 4 * 3 + 3 * 4 * units);

  /* The inputs have no gradient buffer (nrt-graph.h), so d(loss)/d(x)
   * cannot be read from the graph and is not checked here. The gradients
   * of the op nodes that consume x are checked above instead. */
  g_assert_null (nrt_graph_get_node (graph, nrt_graph_find_node (graph, "x"))->grad);
  nrt_model_free (model);
}

static void
test_gradients_sigmoid_bce (void)
{
  check_model_gradients (NRT_ACTIVATION_SIGMOID, 1, NRT_LOSS_BINARY_CROSSENTROPY, 2);
}

static void
test_gradients_softmax_scce (void)
{
  check_model_gradients (NRT_ACTIVATION_SOFTMAX, 3, NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 3);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/step/matches-whole-pass", test_step_matches_whole_pass);
  g_test_add_func ("/core/step/invalid-ids", test_step_invalid_ids);
  g_test_add_func ("/core/step/gradients-sigmoid-bce", test_gradients_sigmoid_bce);
  g_test_add_func ("/core/step/gradients-softmax-scce", test_gradients_softmax_scce);

  return g_test_run ();
}
