/* test-symbolic.c: symbolic derivatives through libmatheval, checked by
 * hand and against the autodiff engine.
 *
 * libmatheval computes in double and the engine in float32, so the two are
 * compared with a relative tolerance of 1e-4.
 */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/nrt-expr.h"
#include "io/nrt-symbolic.h"

#define AUTODIFF_RTOL 1e-4

static void
assert_close (const char *what, double actual, double expected, double rtol)
{
  double diff = fabs (actual - expected);
  double allowed = rtol * fmax (fabs (expected), 1.0);

  if (!(diff <= allowed))
    g_test_fail_printf ("%s: %.9g, expected %.9g; difference %.3g > %.3g",
                        what, actual, expected, diff, allowed);
}

static char *
derivative_or_fail (const char *program, const char *variable)
{
  GError *error = NULL;
  char *text = nrt_symbolic_derivative (program, variable, &error);

  g_assert_no_error (error);
  g_assert_nonnull (text);
  return text;
}

static double
evaluate_or_fail (const char *expression, guint n, const char *const *names,
                  const double *values)
{
  GError *error = NULL;
  double result = NAN;

  g_assert_true (nrt_symbolic_evaluate (expression, n, names, values, &result, &error));
  g_assert_no_error (error);
  return result;
}

/* d(w^2)/dw = 2 w, which libmatheval 1.1.11 prints "(2*w)"; 6 at w = 3. */
static void
test_square (void)
{
  const char *names[1] = { "w" };
  const double values[1] = { 3.0 };
  g_autofree char *text = derivative_or_fail ("J = w^2", "w");

  g_assert_cmpstr (text, ==, "(2*w)");
  assert_close ("dJ/dw", evaluate_or_fail (text, 1, names, values), 6.0, 1e-12);
}

/* The substituted expression is fully parenthesised, so libmatheval's own
 * precedence (it reads 2^3^2 as (2^3)^2) never applies. By hand at w = 2,
 * x = 1, y = 6: J = 8 and dJ/dw = (w x - y) x = -4. */
static void
test_substitution (void)
{
  const char *names[3] = { "w", "x", "y" };
  const double values[3] = { 2.0, 1.0, 6.0 };
  const char *program = "p = w*x\nd = p - y\nJ = d^2 / 2";
  GError *error = NULL;
  g_autofree char *expression = nrt_symbolic_expression (program, &error);
  g_autofree char *derivative = NULL;
  g_autofree char *power = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (expression, ==, "((((w*x)-y)^2)/2)");
  assert_close ("J", evaluate_or_fail (expression, 3, names, values), 8.0, 1e-12);
  derivative = derivative_or_fail (program, "w");
  assert_close ("dJ/dw", evaluate_or_fail (derivative, 3, names, values), -4.0, 1e-12);

  power = nrt_symbolic_expression ("y = 2^3^2 + -a^2 + 0.1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (power, ==, "(((2^(3^2))+(-(a^2)))+0.1)");
}

/* The micrograd README example (github.com/karpathy/micrograd): g = 24.7041,
 * dg/da = 138.8338, dg/db = 645.5773 at a = -4, b = 2, as printed there. */
static void
test_micrograd_example (void)
{
  const char *program =
    "c = a + b\n"
    "d = a*b + b^3\n"
    "c = c + c + 1\n"
    "c = c + 1 + c + (-a)\n"
    "d = d + d*2 + relu(b + a)\n"
    "d = d + 3*d + relu(b - a)\n"
    "e = c - d\n"
    "f = e^2\n"
    "g = f / 2\n"
    "g = g + 10 / f\n";
  const char *names[2] = { "a", "b" };
  const double values[2] = { -4.0, 2.0 };
  GError *error = NULL;
  g_autofree char *expression = nrt_symbolic_expression (program, &error);
  g_autofree char *by_a = derivative_or_fail (program, "a");
  g_autofree char *by_b = derivative_or_fail (program, "b");

  g_assert_no_error (error);
  assert_close ("g", evaluate_or_fail (expression, 2, names, values), 24.7041, 1e-5);
  assert_close ("dg/da", evaluate_or_fail (by_a, 2, names, values), 138.8338, 1e-6);
  assert_close ("dg/db", evaluate_or_fail (by_b, 2, names, values), 645.5773, 1e-6);
}

/* Programs with sigmoid, tanh and the other functions: the symbolic
 * derivative, evaluated by libmatheval, must match the engine's derivative
 * at several points away from the kinks of relu and abs. */
static void
test_against_autodiff (void)
{
  const char *programs[] = {
    "y = sigmoid(w*x + b)",
    "h = tanh(w*x + b)\ny = sigmoid(2*h - 1)\nl = (y - x)^2",
    "z = w*x - b\nl = log(1 + exp(-z)) + sqrt(z*z + 1)",
    "y = relu(w - b) * abs(x) / (1 + w^2)",
    "y = x^w + 2^-b",
  };
  const double points[3][3] = {
    { 0.5, 1.5, -0.3 },
    { -1.2, 0.7, 0.4 },
    { 2.0, 2.5, -1.5 },
  };
  const char *names[3] = { "w", "x", "b" };

  for (gsize p = 0; p < G_N_ELEMENTS (programs); p++)
    {
      NrtError err = { 0 };
      NrtExpr *expr = nrt_expr_parse (programs[p], &err, NULL);

      g_assert_nonnull (expr);
      for (gsize k = 0; k < G_N_ELEMENTS (points); k++)
        {
          for (int v = 0; v < 3; v++)
            {
              int input = nrt_expr_find_input (expr, names[v]);

              if (input >= 0)
                nrt_expr_set_input_value (expr, input, points[k][v]);
            }
          g_assert_cmpint (nrt_expr_evaluate (expr, &err), ==, NRT_OK);

          for (int v = 0; v < 3; v++)
            {
              int input = nrt_expr_find_input (expr, names[v]);
              g_autofree char *text = NULL;
              g_autofree char *what = NULL;

              if (input < 0)
                continue;
              text = derivative_or_fail (programs[p], names[v]);
              what = g_strdup_printf ("d/d%s of \"%s\" at point %" G_GSIZE_FORMAT,
                                      names[v], programs[p], k);
              assert_close (what, evaluate_or_fail (text, 3, names, points[k]),
                            nrt_expr_get_derivative (expr, input), AUTODIFF_RTOL);
            }
        }
      nrt_expr_free (expr);
    }
}

/* sigmoid and relu are written in libmatheval's functions; tanh keeps its name. */
static void
test_function_forms (void)
{
  GError *error = NULL;
  g_autofree char *sigmoid = nrt_symbolic_expression ("y = sigmoid(x)", &error);
  g_autofree char *relu = nrt_symbolic_expression ("y = relu(x)", &error);
  g_autofree char *tanh_x = nrt_symbolic_derivative ("y = tanh(x)", "x", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (sigmoid, ==, "(1/(1+exp(-x)))");
  g_assert_cmpstr (relu, ==, "(x*step(x))");
  g_assert_cmpstr (tanh_x, ==, "(1/(cosh(x)^2))");
}

static void
test_errors (void)
{
  const char *names[1] = { "x" };
  const double values[1] = { 1.0 };
  GError *error = NULL;
  GString *program;
  double result;

  /* A syntax error keeps the parser's line and column. */
  g_assert_null (nrt_symbolic_derivative ("y = (x + 1", "x", &error));
  g_assert_error (error, NRT_SYMBOLIC_ERROR, NRT_SYMBOLIC_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==,
                   "line 1, column 11: expected ')' to close the '(' at column 5, found end "
                   "of line");
  g_clear_error (&error);

  /* The variable must be an input. */
  g_assert_null (nrt_symbolic_derivative ("y = a*b", "z", &error));
  g_assert_error (error, NRT_SYMBOLIC_ERROR, NRT_SYMBOLIC_ERROR_UNKNOWN_VARIABLE);
  g_assert_cmpstr (error->message, ==,
                   "“z” is not an input of the program, so there is nothing to differentiate "
                   "by; its inputs are a, b");
  g_clear_error (&error);

  /* libmatheval reads e as Euler's number. */
  g_assert_null (nrt_symbolic_derivative ("y = e*x", "x", &error));
  g_assert_error (error, NRT_SYMBOLIC_ERROR, NRT_SYMBOLIC_ERROR_UNSUPPORTED);
  g_assert_cmpstr (error->message, ==,
                   "The input “e” is the name of a libmatheval function or constant, so it "
                   "cannot be a variable there; rename it");
  g_clear_error (&error);

  /* x = x*x repeated 20 times would substitute into 2^20 copies of x. */
  program = g_string_new (NULL);
  for (int i = 0; i < 20; i++)
    g_string_append (program, "x = x*x\n");
  g_assert_null (nrt_symbolic_derivative (program->str, "x", &error));
  g_assert_error (error, NRT_SYMBOLIC_ERROR, NRT_SYMBOLIC_ERROR_TOO_LONG);
  g_assert_true (strstr (error->message, "more than 100000 characters") != NULL);
  g_clear_error (&error);
  g_string_free (program, TRUE);

  /* Evaluation needs a value for every variable, and valid text. */
  g_assert_false (nrt_symbolic_evaluate ("(x*y)", 1, names, values, &result, &error));
  g_assert_error (error, NRT_SYMBOLIC_ERROR, NRT_SYMBOLIC_ERROR_UNKNOWN_VARIABLE);
  g_assert_cmpstr (error->message, ==,
                   "The expression uses the variable “y”, but no value was given for it");
  g_clear_error (&error);
  g_assert_false (nrt_symbolic_evaluate ("(x*", 1, names, values, &result, &error));
  g_assert_error (error, NRT_SYMBOLIC_ERROR, NRT_SYMBOLIC_ERROR_FAILED);
  g_clear_error (&error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/io/symbolic/square", test_square);
  g_test_add_func ("/io/symbolic/substitution", test_substitution);
  g_test_add_func ("/io/symbolic/micrograd-example", test_micrograd_example);
  g_test_add_func ("/io/symbolic/against-autodiff", test_against_autodiff);
  g_test_add_func ("/io/symbolic/function-forms", test_function_forms);
  g_test_add_func ("/io/symbolic/errors", test_errors);

  return g_test_run ();
}
