/* test-ops-elementwise.c: forward values and finite-difference gradient
 * checks of the element-wise arithmetic ops (add, sub, mul, div, pow, neg,
 * exp, log, sqrt, abs).
 *
 * Each gradient check builds a small graph that ends in a scalar loss, takes
 * the analytic gradient of every parameter from nrt_graph_backward, and
 * compares it with the central difference (L(x + h) - L(x - h)) / 2h.
 *
 * Tolerance, as in gradcheck.h: h = 1e-3 in float32, so truncation error is
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
#include "gradcheck.h"

#define VALUE_TOL 1e-6

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
  a = case_add_parameter_flipped (&c, "a", 2, shape, range->a_low, range->a_high, range->a_flip_every);
  if (nrt_op_n_inputs (range->op) == 2)
    b = case_add_parameter (&c, "b", 2, shape, range->b_low, range->b_high);
  y = case_add_op (&c, range->op, "y", a, b, 0);
  t = case_add_constant (&c, "t", 2, shape, -1.0, 1.0);
  c.loss = case_add_op (&c, NRT_OP_MEAN_SQUARED_ERROR, "loss", y, t, 0);
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
  a = case_add_parameter_flipped (&c, "a", 0, NULL, range->a_low, range->a_high, range->a_flip_every);
  if (nrt_op_n_inputs (range->op) == 2)
    b = case_add_parameter (&c, "b", 0, NULL, range->b_low, range->b_high);
  c.loss = case_add_op (&c, range->op, "y", a, b, 0);
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
  x = case_add_parameter_flipped (&c, "x", 1, shape, 0.3, 2.0, 1);
  e = nrt_graph_add_constant (c.graph, "e", 1, shape, three, &err);
  g_assert_cmpint (e, >=, 0);
  y = case_add_op (&c, NRT_OP_POW, "y", x, e, 0);
  t = case_add_constant (&c, "t", 1, shape, -1.0, 1.0);
  c.loss = case_add_op (&c, NRT_OP_MEAN_SQUARED_ERROR, "loss", y, t, 0);
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
  a = case_add_parameter (&c, "a", 1, shape, -2.0, 2.0);
  y = case_add_op (&c, NRT_OP_MUL, "y", a, a, 0);
  t = case_add_constant (&c, "t", 1, shape, -1.0, 1.0);
  c.loss = case_add_op (&c, NRT_OP_MEAN_SQUARED_ERROR, "loss", y, t, 0);
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
