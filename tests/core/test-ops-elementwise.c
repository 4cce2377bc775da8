/* test-ops-elementwise.c: forward values and finite-difference gradient
 * checks of the element-wise arithmetic ops (add, sub, mul, div, pow, neg,
 * exp, log, sqrt, abs).
 *
 * Each gradient check builds a small graph that ends in a scalar loss, takes
 * the analytic gradient of every parameter from nrt_graph_backward, and
 * compares it with the central difference (L(x + h) - L(x - h)) / 2h.
 *
 * Tolerance, as in test-ops.c: h = 1e-3 in float32, so truncation error is
 * about h^2 |f'''| / 6 and rounding error about 6e-8 |L| / h, near 1e-4 for
 * losses of order 1. A check passes when
 * |analytic - numeric| <= 1e-2 * max(|analytic|, |numeric|) + 5e-4.
 * Inputs stay away from kinks and poles (abs at 0, log, sqrt and div near 0)
 * by far more than h.
 */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/nrt-graph.h"
#include "core/nrt-rng.h"

#define FD_STEP 1e-3f
#define FD_RTOL 1e-2
#define FD_ATOL 5e-4
#define VALUE_TOL 1e-6

#define MAX_PARAMS 4

/* A graph under test, with the parameter buffers it views. */
typedef struct {
  NrtGraph *graph;
  int loss;
  int n_params;
  float *values[MAX_PARAMS];
  float *grads[MAX_PARAMS];
  size_t sizes[MAX_PARAMS];
  const char *names[MAX_PARAMS];
  NrtRng rng;
} Case;

static void
case_init (Case *c, uint64_t seed)
{
  memset (c, 0, sizeof *c);
  c->graph = nrt_graph_new ();
  c->loss = -1;
  nrt_rng_init (&c->rng, seed);
}

static void
case_clear (Case *c)
{
  nrt_graph_free (c->graph);
  for (int i = 0; i < c->n_params; i++)
    {
      g_free (c->values[i]);
      g_free (c->grads[i]);
    }
}

/* Adds a parameter filled uniformly from [low, high). A positive flip_every
 * k negates every k-th value, so the inputs lie on both sides of 0. */
static int
case_add_parameter (Case *c, const char *name, int ndim, const int *shape,
                    double low, double high, int flip_every)
{
  NrtError err = { 0 };
  size_t size = nrt_shape_size (ndim, shape);
  int i = c->n_params++;
  int id;

  g_assert_cmpint (c->n_params, <=, MAX_PARAMS);
  c->values[i] = g_new0 (float, size);
  c->grads[i] = g_new0 (float, size);
  c->sizes[i] = size;
  c->names[i] = name;
  for (size_t k = 0; k < size; k++)
    {
      c->values[i][k] = (float) nrt_rng_uniform_range (&c->rng, low, high);
      if (flip_every > 0 && k % (size_t) flip_every == 0)
        c->values[i][k] = -c->values[i][k];
    }

  id = nrt_graph_add_parameter (c->graph, name, ndim, shape, c->values[i], c->grads[i], &err);
  if (id < 0)
    g_error ("adding parameter %s: %s", name, err.message);
  return id;
}

static int
case_add_constant (Case *c, const char *name, int ndim, const int *shape,
                   double low, double high)
{
  NrtError err = { 0 };
  size_t size = nrt_shape_size (ndim, shape);
  float *value = g_new0 (float, size);
  int id;

  for (size_t k = 0; k < size; k++)
    value[k] = (float) nrt_rng_uniform_range (&c->rng, low, high);
  id = nrt_graph_add_constant (c->graph, name, ndim, shape, value, &err);
  g_free (value);
  if (id < 0)
    g_error ("adding constant %s: %s", name, err.message);
  return id;
}

static int
case_add_op (Case *c, NrtOpId op, const char *name, int a, int b)
{
  NrtError err = { 0 };
  int inputs[2] = { a, b };
  int id;

  id = nrt_graph_add_op (c->graph, op, name, inputs, nrt_op_n_inputs (op), 0, &err);
  if (id < 0)
    g_error ("adding op %s: %s", name, err.message);
  return id;
}

static float
case_loss (Case *c)
{
  nrt_graph_forward (c->graph);
  return nrt_graph_get_node (c->graph, c->loss)->value->data[0];
}

/* Compares the analytic gradient of every parameter with central differences. */
static void
check_gradients (Case *c)
{
  NrtError err = { 0 };
  double max_excess = 0.0, max_diff = 0.0;
  int n_checked = 0;

  if (nrt_graph_build (c->graph, 1, &err) != NRT_OK)
    g_error ("building: %s", err.message);

  g_assert_true (isfinite (case_loss (c)));
  nrt_graph_backward (c->graph, c->loss);

  for (int p = 0; p < c->n_params; p++)
    {
      float *analytic = g_memdup2 (c->grads[p], c->sizes[p] * sizeof (float));

      for (size_t k = 0; k < c->sizes[p]; k++)
        {
          float saved = c->values[p][k];
          double plus, minus, numeric, diff, allowed;

          c->values[p][k] = saved + FD_STEP;
          plus = case_loss (c);
          c->values[p][k] = saved - FD_STEP;
          minus = case_loss (c);
          c->values[p][k] = saved;
          numeric = (plus - minus) / (2.0 * FD_STEP);

          diff = fabs (analytic[k] - numeric);
          allowed = FD_RTOL * fmax (fabs (analytic[k]), fabs (numeric)) + FD_ATOL;
          max_diff = fmax (max_diff, diff);
          if (diff > allowed)
            {
              g_test_message ("%s[%zu]: analytic %.6g, numeric %.6g, difference %.3g > %.3g",
                              c->names[p], k, analytic[k], numeric, diff, allowed);
              max_excess = fmax (max_excess, diff - allowed);
            }
          n_checked++;
        }
      g_free (analytic);
    }

  g_test_message ("%d gradient entries checked, max |analytic - numeric| = %.3g",
                  n_checked, max_diff);
  if (max_excess > 0.0)
    g_test_fail_printf ("gradient check failed: max |analytic - numeric| = %.3g", max_diff);
}

/* Input ranges of one op's gradient check. flip_every negates every k-th
 * value of a, so that a covers both signs while staying away from 0. */
typedef struct {
  NrtOpId op;
  double a_low, a_high;
  int a_flip_every;
  double b_low, b_high;
} OpRange;

/* a, b (3, 4) -> op -> mean_squared_error against a random target (3, 4). */
static void
check_op_matrix (const OpRange *range)
{
  const int shape[2] = { 3, 4 };
  Case c;
  int a, b = -1, y, t;

  case_init (&c, 200 + range->op);
  a = case_add_parameter (&c, "a", 2, shape, range->a_low, range->a_high, range->a_flip_every);
  if (nrt_op_n_inputs (range->op) == 2)
    b = case_add_parameter (&c, "b", 2, shape, range->b_low, range->b_high, 0);
  y = case_add_op (&c, range->op, "y", a, b);
  t = case_add_constant (&c, "t", 2, shape, -1.0, 1.0);
  c.loss = case_add_op (&c, NRT_OP_MEAN_SQUARED_ERROR, "loss", y, t);
  check_gradients (&c);
  case_clear (&c);
}

/* The same op on rank-0 scalars, whose output is itself the loss: the seed
 * d(loss)/d(loss) = 1 goes straight into the op's backward. */
static void
check_op_scalar (const OpRange *range)
{
  Case c;
  int a, b = -1;

  case_init (&c, 300 + range->op);
  a = case_add_parameter (&c, "a", 0, NULL, range->a_low, range->a_high, range->a_flip_every);
  if (nrt_op_n_inputs (range->op) == 2)
    b = case_add_parameter (&c, "b", 0, NULL, range->b_low, range->b_high, 0);
  c.loss = case_add_op (&c, range->op, "y", a, b);
  check_gradients (&c);
  case_clear (&c);
}

static void
check_op (gconstpointer data)
{
  check_op_matrix (data);
  check_op_scalar (data);
}

/* Ranges: pow's base is positive, because a negative base would need an
 * integer exponent. div's divisor stays in [0.5, 2], and log's and sqrt's
 * argument in [0.3, 3]. abs takes both signs through flipping, with |a| >= 0.2. */
static const OpRange op_ranges[] = {
  { NRT_OP_ADD, -2.0, 2.0, 0, -2.0, 2.0 },
  { NRT_OP_SUB, -2.0, 2.0, 0, -2.0, 2.0 },
  { NRT_OP_MUL, -2.0, 2.0, 0, -2.0, 2.0 },
  { NRT_OP_DIV, -2.0, 2.0, 0, 0.5, 2.0 },
  { NRT_OP_POW, 0.3, 2.0, 0, -2.0, 2.0 },
  { NRT_OP_NEG, -2.0, 2.0, 0, 0.0, 0.0 },
  { NRT_OP_EXP, -2.0, 1.0, 0, 0.0, 0.0 },
  { NRT_OP_LOG, 0.3, 3.0, 0, 0.0, 0.0 },
  { NRT_OP_SQRT, 0.3, 3.0, 0, 0.0, 0.0 },
  { NRT_OP_ABS, 0.2, 2.0, 2, 0.0, 0.0 },
};

/* x^3 with a negative base and a constant integer exponent: d/dx = 3 x^2,
 * and the exponent, a constant, takes no gradient. */
static void
test_grad_pow_negative_base (void)
{
  const int shape[1] = { 4 };
  const float three[4] = { 3, 3, 3, 3 };
  NrtError err = { 0 };
  Case c;
  int x, e, y, t;

  case_init (&c, 400);
  x = case_add_parameter (&c, "x", 1, shape, 0.3, 2.0, 1);
  e = nrt_graph_add_constant (c.graph, "e", 1, shape, three, &err);
  g_assert_cmpint (e, >=, 0);
  y = case_add_op (&c, NRT_OP_POW, "y", x, e);
  t = case_add_constant (&c, "t", 1, shape, -1.0, 1.0);
  c.loss = case_add_op (&c, NRT_OP_MEAN_SQUARED_ERROR, "loss", y, t);
  check_gradients (&c);
  case_clear (&c);
}

/* One parameter as both inputs of mul: a * a, both terms add into one buffer. */
static void
test_grad_mul_shared (void)
{
  const int shape[1] = { 5 };
  Case c;
  int a, y, t;

  case_init (&c, 401);
  a = case_add_parameter (&c, "a", 1, shape, -2.0, 2.0, 0);
  y = case_add_op (&c, NRT_OP_MUL, "y", a, a);
  t = case_add_constant (&c, "t", 1, shape, -1.0, 1.0);
  c.loss = case_add_op (&c, NRT_OP_MEAN_SQUARED_ERROR, "loss", y, t);
  check_gradients (&c);
  case_clear (&c);
}

/* ---- forward values ---- */

/* Runs op on rank-1 constants of n values and returns a copy of the output;
 * free it with g_free. b is ignored by unary ops. */
static float *
run_op (NrtOpId op, const float *a, const float *b, int n)
{
  const int shape[1] = { n };
  NrtError err = { 0 };
  NrtGraph *graph = nrt_graph_new ();
  int inputs[2], y;
  float *result;

  inputs[0] = nrt_graph_add_constant (graph, "a", 1, shape, a, &err);
  inputs[1] = nrt_graph_add_constant (graph, "b", 1, shape, b, &err);
  y = nrt_graph_add_op (graph, op, "y", inputs, nrt_op_n_inputs (op), 0, &err);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (nrt_graph_build (graph, 1, &err), ==, NRT_OK);
  nrt_graph_forward (graph);
  result = g_memdup2 (nrt_graph_get_node (graph, y)->value->data, (size_t) n * sizeof (float));
  nrt_graph_free (graph);
  return result;
}

static void
assert_values (const char *what, const float *actual, const double *expected, int n,
               double tolerance)
{
  double max_diff = 0.0;

  for (int i = 0; i < n; i++)
    max_diff = fmax (max_diff, fabs (actual[i] - expected[i]) / fmax (1.0, fabs (expected[i])));
  if (max_diff > tolerance)
    g_test_fail_printf ("%s: max relative difference %.3g > %.3g", what, max_diff, tolerance);
}

/* Expected values by hand and from NumPy 1.24 (np.power, np.exp, np.log,
 * np.sqrt, np.abs) for a = [-2, -0.5, 0.5, 1, 3], b = [3, 2, -1, 0.5, 2]. */
static void
test_forward_values (void)
{
  const float a[5] = { -2.0f, -0.5f, 0.5f, 1.0f, 3.0f };
  const float b[5] = { 3.0f, 2.0f, -1.0f, 0.5f, 2.0f };
  const struct {
    NrtOpId op;
    double expected[5];
  } cases[] = {
    { NRT_OP_ADD, { 1, 1.5, -0.5, 1.5, 5 } },
    { NRT_OP_SUB, { -5, -2.5, 1.5, 0.5, 1 } },
    { NRT_OP_MUL, { -6, -1, -0.5, 0.5, 6 } },
    { NRT_OP_DIV, { -0.666666667, -0.25, -0.5, 2, 1.5 } },
    { NRT_OP_POW, { -8, 0.25, 2, 1, 9 } },
    { NRT_OP_NEG, { 2, 0.5, -0.5, -1, -3 } },
    { NRT_OP_EXP, { 0.135335283, 0.60653066, 1.64872127, 2.718281828, 20.08553692 } },
    { NRT_OP_ABS, { 2, 0.5, 0.5, 1, 3 } },
  };

  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      float *y = run_op (cases[i].op, a, b, 5);

      assert_values (nrt_op_name (cases[i].op), y, cases[i].expected, 5, VALUE_TOL);
      g_free (y);
    }
}

/* log and sqrt on positive inputs, and IEEE 754 results elsewhere:
 * log 0 = -inf, log(-1) = NaN, sqrt(-1) = NaN, 1 / 0 = inf. */
static void
test_forward_domain (void)
{
  const float x[4] = { 0.25f, 4.0f, 0.0f, -1.0f };
  const float zeros[4] = { 0.0f, 0.0f, 0.0f, 0.0f };
  const double log_expected[2] = { -1.386294361, 1.386294361 };
  const double sqrt_expected[2] = { 0.5, 2.0 };
  float *y;

  y = run_op (NRT_OP_LOG, x, x, 4);
  assert_values ("log", y, log_expected, 2, VALUE_TOL);
  g_assert_true (isinf (y[2]) && y[2] < 0.0f);
  g_assert_true (isnan (y[3]));
  g_free (y);

  y = run_op (NRT_OP_SQRT, x, x, 4);
  assert_values ("sqrt", y, sqrt_expected, 2, VALUE_TOL);
  g_assert_cmpfloat (y[2], ==, 0.0f);
  g_assert_true (isnan (y[3]));
  g_free (y);

  y = run_op (NRT_OP_DIV, x, zeros, 4);
  g_assert_true (isinf (y[0]) && y[0] > 0.0f);
  g_assert_true (isnan (y[2]));
  g_free (y);
}

/* Differentiates y = op(a, b) on rank-0 scalars, y being the loss, and
 * writes dy/da and dy/db (b is ignored by unary ops). */
static void
scalar_gradient (NrtOpId op, float a, float b, float *da, float *db)
{
  NrtError err = { 0 };
  NrtGraph *graph = nrt_graph_new ();
  int ids[2], y;

  ids[0] = nrt_graph_add_parameter (graph, "a", 0, NULL, &a, da, &err);
  ids[1] = nrt_graph_add_parameter (graph, "b", 0, NULL, &b, db, &err);
  y = nrt_graph_add_op (graph, op, "y", ids, nrt_op_n_inputs (op), 0, &err);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (nrt_graph_build (graph, 1, &err), ==, NRT_OK);
  nrt_graph_forward (graph);
  nrt_graph_backward (graph, y);
  nrt_graph_free (graph);
}

/* The gradient at the kinks and the edge cases of pow, by hand: abs'(0) = 0;
 * d(a^b)/da = 0 where b = 0, so 0^0 gives 0 and not NaN; d(a^b)/db = 0 where
 * a <= 0; d((-2)^2)/da = 2 (-2) = -4. */
static void
test_backward_edges (void)
{
  float da, db;

  scalar_gradient (NRT_OP_ABS, 0.0f, 0.0f, &da, &db);
  g_assert_cmpfloat (da, ==, 0.0f);
  scalar_gradient (NRT_OP_ABS, -0.5f, 0.0f, &da, &db);
  g_assert_cmpfloat (da, ==, -1.0f);

  scalar_gradient (NRT_OP_POW, 0.0f, 0.0f, &da, &db);
  g_assert_cmpfloat (da, ==, 0.0f);
  g_assert_cmpfloat (db, ==, 0.0f);
  scalar_gradient (NRT_OP_POW, 0.0f, 2.0f, &da, &db);
  g_assert_cmpfloat (da, ==, 0.0f);
  g_assert_cmpfloat (db, ==, 0.0f);
  scalar_gradient (NRT_OP_POW, -2.0f, 2.0f, &da, &db);
  g_assert_cmpfloat (fabs (da - -4.0f), <=, VALUE_TOL);
  g_assert_cmpfloat (db, ==, 0.0f);

  /* d(2^3)/db = 2^3 ln 2 = 5.545177444, by hand. */
  scalar_gradient (NRT_OP_POW, 2.0f, 3.0f, &da, &db);
  g_assert_cmpfloat (fabs (da - 12.0f), <=, VALUE_TOL * 12.0);
  g_assert_cmpfloat (fabs (db - 5.545177444), <=, VALUE_TOL * 5.6);
}

/* Inputs of different shapes are rejected with both shapes in the message. */
static void
test_shape_mismatch (void)
{
  const int shape3[1] = { 3 }, shape4[1] = { 4 };
  const float values[4] = { 1, 2, 3, 4 };
  NrtError err = { 0 };
  NrtGraph *graph = nrt_graph_new ();
  int ids[2];

  ids[0] = nrt_graph_add_constant (graph, "a", 1, shape3, values, &err);
  ids[1] = nrt_graph_add_constant (graph, "b", 1, shape4, values, &err);
  g_assert_cmpint (nrt_graph_add_op (graph, NRT_OP_ADD, "y", ids, 2, 0, &err), ==, -1);
  g_assert_cmpint (err.status, ==, NRT_ERROR_SHAPE);
  g_assert_cmpstr (err.message, ==,
                   "node \"y\" (add): input \"a\" of shape (3,) and input \"b\" of shape (4,) "
                   "do not fit: element-wise ops need inputs of the same shape");
  nrt_graph_free (graph);
}

static void
test_op_table (void)
{
  const char *names[] = { "add", "sub", "mul", "div", "pow", "neg", "exp", "log", "sqrt", "abs" };

  for (size_t i = 0; i < G_N_ELEMENTS (names); i++)
    {
      NrtOpId op = NRT_OP_ADD + (int) i;

      g_assert_cmpstr (nrt_op_name (op), ==, names[i]);
      g_assert_cmpint (nrt_op_n_inputs (op), ==, op <= NRT_OP_POW ? 2 : 1);
      g_assert_false (nrt_op_is_loss (op));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/ops-elementwise/table", test_op_table);
  g_test_add_func ("/core/ops-elementwise/forward-values", test_forward_values);
  g_test_add_func ("/core/ops-elementwise/forward-domain", test_forward_domain);
  g_test_add_func ("/core/ops-elementwise/backward-edges", test_backward_edges);
  g_test_add_func ("/core/ops-elementwise/shape-mismatch", test_shape_mismatch);
  for (size_t i = 0; i < G_N_ELEMENTS (op_ranges); i++)
    {
      char *path = g_strdup_printf ("/core/ops-elementwise/grad-%s", nrt_op_name (op_ranges[i].op));

      g_test_add_data_func (path, &op_ranges[i], check_op);
      g_free (path);
    }
  g_test_add_func ("/core/ops-elementwise/grad-pow-negative-base", test_grad_pow_negative_base);
  g_test_add_func ("/core/ops-elementwise/grad-mul-shared", test_grad_mul_shared);

  return g_test_run ();
}
