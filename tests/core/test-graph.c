/* test-graph.c: graph definition errors, batching and buffer stability. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/nrt-graph.h"
#include "core/nrt-rng.h"
#include "alloc-count.h"

/* Partial batches run the same arithmetic per sample as full ones, but
 * OpenBLAS may pick another kernel for another row count, so results may
 * differ by float32 rounding. */
#define BATCH_TOL 1e-5

static void
assert_shape_error (NrtGraph *graph, NrtOpId op, const char *name, int a, int b,
                    const char *const *fragments)
{
  NrtError err = { 0 };
  int inputs[2] = { a, b };
  int n_nodes = nrt_graph_get_n_nodes (graph);
  int id;

  id = nrt_graph_add_op (graph, op, name, inputs, nrt_op_n_inputs (op), 0, &err);
  g_test_message ("%s", err.message);
  g_assert_cmpint (id, ==, -1);
  g_assert_cmpint (err.status, ==, NRT_ERROR_SHAPE);
  g_assert_cmpint (nrt_graph_get_n_nodes (graph), ==, n_nodes);
  g_assert_nonnull (strstr (err.message, name));
  for (int i = 0; fragments[i] != NULL; i++)
    if (strstr (err.message, fragments[i]) == NULL)
      g_test_fail_printf ("message \"%s\" lacks \"%s\"", err.message, fragments[i]);
}

static void
test_shape_errors (void)
{
  const int three[1] = { 3 }, one[1] = { 1 }, two[1] = { 2 };
  const int w_shape[2] = { 2, 4 }, b_shape[1] = { 5 };
  float w[8] = { 0 }, dw[8], b[5] = { 0 }, db[5];
  NrtError err = { 0 };
  NrtGraph *graph = nrt_graph_new ();
  int x, y, y2, wid, bid, h;

  x = nrt_graph_add_input (graph, "x", 1, three, &err);
  y = nrt_graph_add_input (graph, "y", 1, one, &err);
  y2 = nrt_graph_add_input (graph, "y2", 1, two, &err);
  wid = nrt_graph_add_parameter (graph, "dense/kernel", 2, w_shape, w, dw, &err);
  bid = nrt_graph_add_parameter (graph, "dense/bias", 1, b_shape, b, db, &err);
  g_assert_cmpint (bid, ==, 4);

  assert_shape_error (graph, NRT_OP_MATMUL, "dense/matmul", x, wid,
                      (const char *const[]) { "\"x\"", "(None, 3)", "\"dense/kernel\"", "(2, 4)",
                                              "inner dimensions 3 and 2", NULL });
  assert_shape_error (graph, NRT_OP_BIAS_ADD, "dense/bias_add", y2, bid,
                      (const char *const[]) { "(None, 2)", "(5,)", NULL });
  assert_shape_error (graph, NRT_OP_MEAN_SQUARED_ERROR, "loss", y2, y,
                      (const char *const[]) { "(None, 2)", "(None, 1)", "same shape", NULL });
  assert_shape_error (graph, NRT_OP_SPARSE_CATEGORICAL_CROSSENTROPY, "loss", y, y2,
                      (const char *const[]) { "(None, 1)", "(None, 2)", NULL });

  /* The wrong input order of matmul puts the batch on the right. */
  h = nrt_graph_add_op (graph, NRT_OP_MATMUL, "bad", (int[]) { wid, x }, 2, 0, &err);
  g_assert_cmpint (h, ==, -1);
  g_assert_cmpint (err.status, ==, NRT_ERROR_SHAPE);

  /* Invalid definitions other than shape mismatches. */
  g_assert_cmpint (nrt_graph_add_op (graph, NRT_OP_RELU, "r", (int[]) { 99 }, 1, 0, &err), ==, -1);
  g_assert_cmpint (err.status, ==, NRT_ERROR_INVALID);
  g_assert_nonnull (strstr (err.message, "99"));
  g_assert_cmpint (nrt_graph_add_op (graph, NRT_OP_RELU, "r", (int[]) { x, x }, 2, 0, &err), ==, -1);
  g_assert_nonnull (strstr (err.message, "takes 1 inputs"));
  g_assert_cmpint (nrt_graph_add_op (graph, NRT_OP_COUNT, "r", (int[]) { x }, 1, 0, &err), ==, -1);
  g_assert_cmpint (nrt_graph_add_input (graph, "z", 1, (int[]) { 0 }, &err), ==, -1);
  g_assert_cmpint (err.status, ==, NRT_ERROR_SHAPE);
  g_assert_cmpint (nrt_graph_add_input (graph, "z", 4, (int[]) { 1, 1, 1, 1 }, &err), ==, -1);
  g_assert_cmpint (nrt_graph_add_parameter (graph, "p", 1, three, NULL, NULL, &err), ==, -1);
  g_assert_cmpint (nrt_graph_add_input (graph, "", 1, three, &err), ==, -1);
  g_assert_cmpint (nrt_graph_build (graph, 0, &err), ==, NRT_ERROR_INVALID);
  g_assert_cmpint (nrt_graph_get_n_nodes (graph), ==, 5);

  nrt_graph_free (graph);
}

/* x (B, 3) -> dense 4 relu -> dense 2 sigmoid -> binary_crossentropy with
 * y (B, 2), on parameters drawn from a fixed seed. */
typedef struct {
  NrtGraph *graph;
  float params[3 * 4 + 4 + 4 * 2 + 2];
  float grads[3 * 4 + 4 + 4 * 2 + 2];
  int x, y, output, loss;
} Network;

#define N_PARAMS (3 * 4 + 4 + 4 * 2 + 2)

static void
network_init (Network *net, int max_batch)
{
  const int three[1] = { 3 }, two[1] = { 2 };
  const int w1_shape[2] = { 3, 4 }, b1_shape[1] = { 4 }, w2_shape[2] = { 4, 2 }, b2_shape[1] = { 2 };
  NrtError err = { 0 };
  NrtRng rng;
  int w1, b1, w2, b2, h;

  memset (net, 0, sizeof *net);
  nrt_rng_init (&rng, 42);
  for (int i = 0; i < N_PARAMS; i++)
    net->params[i] = (float) nrt_rng_uniform_range (&rng, -1.0, 1.0);

  net->graph = nrt_graph_new ();
  net->x = nrt_graph_add_input (net->graph, "x", 1, three, &err);
  net->y = nrt_graph_add_input (net->graph, "y", 1, two, &err);
  w1 = nrt_graph_add_parameter (net->graph, "w1", 2, w1_shape, net->params, net->grads, &err);
  b1 = nrt_graph_add_parameter (net->graph, "b1", 1, b1_shape, net->params + 12, net->grads + 12, &err);
  w2 = nrt_graph_add_parameter (net->graph, "w2", 2, w2_shape, net->params + 16, net->grads + 16, &err);
  b2 = nrt_graph_add_parameter (net->graph, "b2", 1, b2_shape, net->params + 24, net->grads + 24, &err);
  h = nrt_graph_add_op (net->graph, NRT_OP_MATMUL, "h", (int[]) { net->x, w1 }, 2, 0, &err);
  h = nrt_graph_add_op (net->graph, NRT_OP_BIAS_ADD, "h_bias", (int[]) { h, b1 }, 2, 0, &err);
  h = nrt_graph_add_op (net->graph, NRT_OP_RELU, "h_relu", (int[]) { h }, 1, 0, &err);
  h = nrt_graph_add_op (net->graph, NRT_OP_MATMUL, "o", (int[]) { h, w2 }, 2, 0, &err);
  h = nrt_graph_add_op (net->graph, NRT_OP_BIAS_ADD, "o_bias", (int[]) { h, b2 }, 2, 0, &err);
  net->output = nrt_graph_add_op (net->graph, NRT_OP_SIGMOID, "o_sigmoid", (int[]) { h }, 1, 0, &err);
  net->loss = nrt_graph_add_op (net->graph, NRT_OP_BINARY_CROSSENTROPY, "loss",
                                (int[]) { net->output, net->y }, 2, 0, &err);
  if (net->loss < 0)
    g_error ("defining the network: %s", err.message);
  if (nrt_graph_build (net->graph, max_batch, &err) != NRT_OK)
    g_error ("building the network: %s", err.message);
}

/* Fills samples [0, n) of x and y from a fixed seed. */
static void
fill_samples (float *x, float *y, int n)
{
  NrtRng rng;

  nrt_rng_init (&rng, 7);
  for (int i = 0; i < 3 * n; i++)
    x[i] = (float) nrt_rng_uniform_range (&rng, -2.0, 2.0);
  for (int i = 0; i < 2 * n; i++)
    y[i] = (float) nrt_rng_below (&rng, 2);
}

static void
test_partial_batch (void)
{
  enum { MAX_BATCH = 8, PARTIAL = 3 };
  float x[3 * MAX_BATCH], y[2 * MAX_BATCH];
  float full_output[2 * MAX_BATCH], sample_loss[MAX_BATCH];
  float sample_grads[PARTIAL][N_PARAMS];
  double expected_loss = 0.0, max_diff = 0.0;
  NrtNode *xn, *yn, *out, *loss;
  Network net;

  network_init (&net, MAX_BATCH);
  xn = nrt_graph_get_node (net.graph, net.x);
  yn = nrt_graph_get_node (net.graph, net.y);
  out = nrt_graph_get_node (net.graph, net.output);
  loss = nrt_graph_get_node (net.graph, net.loss);
  fill_samples (x, y, MAX_BATCH);

  /* Step 1: the full batch. */
  g_assert_cmpint (nrt_graph_get_batch (net.graph), ==, MAX_BATCH);
  memcpy (xn->value->data, x, sizeof x);
  memcpy (yn->value->data, y, sizeof y);
  nrt_graph_forward (net.graph);
  memcpy (full_output, out->value->data, sizeof full_output);

  /* Step 2: each sample alone, as a batch of 1. */
  nrt_graph_set_batch (net.graph, 1);
  for (int i = 0; i < MAX_BATCH; i++)
    {
      memcpy (xn->value->data, x + 3 * i, 3 * sizeof (float));
      memcpy (yn->value->data, y + 2 * i, 2 * sizeof (float));
      nrt_graph_forward (net.graph);
      sample_loss[i] = loss->value->data[0];
      for (int j = 0; j < 2; j++)
        max_diff = fmax (max_diff, fabs (out->value->data[j] - full_output[2 * i + j]));
      if (i < PARTIAL)
        {
          nrt_graph_backward (net.graph, net.loss);
          memcpy (sample_grads[i], net.grads, sizeof net.grads);
          expected_loss += sample_loss[i] / PARTIAL;
        }
    }

  /* Step 3: a partial batch of 3 gives the same outputs, the mean of the
   * per-sample losses, and the mean of the per-sample gradients. */
  nrt_graph_set_batch (net.graph, PARTIAL);
  g_assert_cmpint (xn->value->shape[0], ==, PARTIAL);
  g_assert_cmpuint (xn->value->size, ==, 3 * PARTIAL);
  g_assert_cmpuint (out->grad->size, ==, 2 * PARTIAL);
  memcpy (xn->value->data, x, 3 * PARTIAL * sizeof (float));
  memcpy (yn->value->data, y, 2 * PARTIAL * sizeof (float));
  nrt_graph_forward (net.graph);
  nrt_graph_backward (net.graph, net.loss);
  for (int j = 0; j < 2 * PARTIAL; j++)
    max_diff = fmax (max_diff, fabs (out->value->data[j] - full_output[j]));
  max_diff = fmax (max_diff, fabs (loss->value->data[0] - expected_loss));
  for (int k = 0; k < N_PARAMS; k++)
    {
      double mean = (sample_grads[0][k] + sample_grads[1][k] + sample_grads[2][k]) / PARTIAL;

      max_diff = fmax (max_diff, fabs (net.grads[k] - mean));
    }

  g_test_message ("max difference between batchings: %.3g", max_diff);
  if (max_diff > BATCH_TOL)
    g_test_fail_printf ("partial batch differs from per-sample results by %.3g > %g",
                        max_diff, BATCH_TOL);
  nrt_graph_free (net.graph);
}

static void
test_no_allocation_after_build (void)
{
  enum { MAX_BATCH = 8 };
  float *values[32], *grads[32];
  float x[3 * MAX_BATCH], y[2 * MAX_BATCH];
#ifdef COUNT_ALLOCATIONS
  long allocations_before;
  int counting;
#endif
  Network net;
  int n;

  network_init (&net, MAX_BATCH);
#ifdef COUNT_ALLOCATIONS
  /* The build allocated, so a counter still at 0 means that the runtime
   * redirects malloc past the wrapper, as valgrind does. */
  counting = alloc_count_get () > 0;
#endif
  n = nrt_graph_get_n_nodes (net.graph);
  g_assert_cmpint (n, <=, 32);
  for (int i = 0; i < n; i++)
    {
      values[i] = nrt_graph_get_node (net.graph, i)->value->data;
      grads[i] = nrt_graph_get_node (net.graph, i)->grad != NULL
                 ? nrt_graph_get_node (net.graph, i)->grad->data : NULL;
    }
  fill_samples (x, y, MAX_BATCH);
  memcpy (nrt_graph_get_node (net.graph, net.x)->value->data, x, sizeof x);
  memcpy (nrt_graph_get_node (net.graph, net.y)->value->data, y, sizeof y);

  /* One warm-up step lets OpenBLAS set up its own buffers. */
  nrt_graph_forward (net.graph);
  nrt_graph_backward (net.graph, net.loss);

  /* No allocation over steps of every batch size, counted from here. */
#ifdef COUNT_ALLOCATIONS
  allocations_before = alloc_count_get ();
#endif
  for (int batch = MAX_BATCH; batch >= 1; batch--)
    {
      nrt_graph_set_batch (net.graph, batch);
      nrt_graph_forward (net.graph);
      nrt_graph_backward (net.graph, net.loss);
    }
#ifdef COUNT_ALLOCATIONS
  if (counting)
    g_assert_cmpint (alloc_count_get () - allocations_before, ==, 0);
  else
    g_test_message ("allocation counting is off: malloc is replaced by the runtime");
#else
  g_test_message ("allocation counting is off in sanitized builds");
#endif

  for (int i = 0; i < n; i++)
    {
      NrtNode *node = nrt_graph_get_node (net.graph, i);

      g_assert_true (node->value->data == values[i]);
      g_assert_true ((node->grad != NULL ? node->grad->data : NULL) == grads[i]);
    }

  /* Inputs have no gradient, and parameters view the caller's buffers. */
  g_assert_null (nrt_graph_get_node (net.graph, net.x)->grad);
  g_assert_null (nrt_graph_get_node (net.graph, net.y)->grad);
  g_assert_true (nrt_graph_get_node (net.graph, 2)->value->data == net.params);
  g_assert_true (nrt_graph_get_node (net.graph, 2)->grad->data == net.grads);
  nrt_graph_free (net.graph);
}

/* A second backward overwrites the parameter gradients instead of adding. */
static void
test_backward_overwrites (void)
{
  enum { MAX_BATCH = 4 };
  float x[3 * MAX_BATCH], y[2 * MAX_BATCH], first[N_PARAMS];
  Network net;

  network_init (&net, MAX_BATCH);
  fill_samples (x, y, MAX_BATCH);
  memcpy (nrt_graph_get_node (net.graph, net.x)->value->data, x, sizeof x);
  memcpy (nrt_graph_get_node (net.graph, net.y)->value->data, y, sizeof y);
  for (int k = 0; k < N_PARAMS; k++)
    net.grads[k] = 1000.0f;

  nrt_graph_forward (net.graph);
  nrt_graph_backward (net.graph, net.loss);
  memcpy (first, net.grads, sizeof first);
  nrt_graph_backward (net.graph, net.loss);
  for (int k = 0; k < N_PARAMS; k++)
    {
      g_assert_cmpfloat (net.grads[k], ==, first[k]);
      g_assert_cmpfloat (fabsf (net.grads[k]), <, 100.0f);
    }
  g_assert_cmpfloat (nrt_graph_get_node (net.graph, net.loss)->grad->data[0], ==, 1.0f);
  nrt_graph_free (net.graph);
}

static void
test_forward_to (void)
{
  enum { MAX_BATCH = 2 };
  float x[3 * MAX_BATCH], y[2 * MAX_BATCH];
  NrtNode *out, *hidden;
  Network net;
  int hidden_id;

  network_init (&net, MAX_BATCH);
  fill_samples (x, y, MAX_BATCH);
  memcpy (nrt_graph_get_node (net.graph, net.x)->value->data, x, sizeof x);
  memcpy (nrt_graph_get_node (net.graph, net.y)->value->data, y, sizeof y);
  hidden_id = nrt_graph_find_node (net.graph, "h_relu");
  g_assert_cmpint (hidden_id, >, 0);
  hidden = nrt_graph_get_node (net.graph, hidden_id);
  out = nrt_graph_get_node (net.graph, net.output);
  for (size_t i = 0; i < out->value->size; i++)
    out->value->data[i] = -7.0f;

  nrt_graph_forward_to (net.graph, hidden_id);
  for (size_t i = 0; i < hidden->value->size; i++)
    g_assert_cmpfloat (hidden->value->data[i], >=, 0.0f);
  for (size_t i = 0; i < out->value->size; i++)
    g_assert_cmpfloat (out->value->data[i], ==, -7.0f);

  nrt_graph_forward (net.graph);
  for (size_t i = 0; i < out->value->size; i++)
    g_assert_cmpfloat (out->value->data[i], >, 0.0f);
  nrt_graph_free (net.graph);
}

static void
test_shapes_and_batch_range (void)
{
  int shape[4];
  Network net;

  network_init (&net, 5);
  g_assert_cmpint (nrt_graph_get_max_batch (net.graph), ==, 5);
  g_assert_cmpint (nrt_graph_get_node_shape (net.graph, net.x, shape), ==, 2);
  g_assert_cmpint (shape[0], ==, -1);
  g_assert_cmpint (shape[1], ==, 3);
  g_assert_cmpint (nrt_graph_get_node_shape (net.graph, net.loss, shape), ==, 0);
  g_assert_cmpint (nrt_graph_get_node_shape (net.graph, 99, shape), ==, -1);
  g_assert_true (nrt_graph_get_node (net.graph, net.output)->batched);
  g_assert_false (nrt_graph_get_node (net.graph, net.loss)->batched);
  g_assert_cmpint (nrt_graph_get_node (net.graph, net.loss)->value->ndim, ==, 0);
  g_assert_null (nrt_graph_get_node (net.graph, 99));
  g_assert_cmpint (nrt_graph_find_node (net.graph, "missing"), ==, -1);

  /* Out-of-range batch sizes are clamped into [1, max_batch]. */
  nrt_graph_set_batch (net.graph, 0);
  g_assert_cmpint (nrt_graph_get_batch (net.graph), ==, 1);
  nrt_graph_set_batch (net.graph, 6);
  g_assert_cmpint (nrt_graph_get_batch (net.graph), ==, 5);
  g_assert_cmpint (nrt_graph_get_node (net.graph, net.output)->value->shape[0], ==, 5);
  nrt_graph_free (net.graph);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/graph/shape-errors", test_shape_errors);
  g_test_add_func ("/core/graph/partial-batch", test_partial_batch);
  g_test_add_func ("/core/graph/no-allocation-after-build", test_no_allocation_after_build);
  g_test_add_func ("/core/graph/backward-overwrites", test_backward_overwrites);
  g_test_add_func ("/core/graph/forward-to", test_forward_to);
  g_test_add_func ("/core/graph/shapes-and-batch-range", test_shapes_and_batch_range);

  return g_test_run ();
}
