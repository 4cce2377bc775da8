/* test-symbolic.c: symbolic derivatives through libmatheval, checked by
 * hand and against the autodiff engine, and their simplification checked
 * against libmatheval's unsimplified text.
 *
 * libmatheval computes in double and the engine in float32, so the two are
 * compared with a relative tolerance of 1e-4. A simplified derivative and
 * libmatheval's own text are both evaluated by libmatheval in double. They
 * differ only by the rounding of reordered operations, so they are
 * compared with a relative tolerance of 1e-9.
 */
#include <glib.h>
#include <math.h>
#include <matheval.h>
#include <string.h>

#include "core/nrt-expr.h"
#include "io/nrt-symbolic.h"
#include "io/nrt-symbolic-simplify.h"

#define AUTODIFF_RTOL 1e-4
#define SIMPLIFY_RTOL 1e-9

/* Values of a, b, c, w, x and y at which simplified and unsimplified
 * expressions are compared. They keep away from the kinks of relu and abs
 * (b + a, b - a, w - b and x are never 0), keep x > 0 for x^w and log(x),
 * and the first row is the micrograd example's a = -4, b = 2. */
#define N_POINT_NAMES 6
static const char *const point_names[N_POINT_NAMES] = { "a", "b", "c", "w", "x", "y" };
static const double points[][N_POINT_NAMES] = {
  { -4.0, 2.0, 0.8, 0.5, 1.5, -0.3 },
  { 1.5, -0.5, -1.1, -1.2, 0.7, 0.4 },
  { 0.3, 2.5, 3.0, 2.0, 2.5, -1.5 },
  { -2.2, -0.7, 0.6, 0.9, 0.35, 3.0 },
};

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

/* Returns libmatheval's derivative text before simplification. The tests
 * run in one thread, so libmatheval is called without the module's lock. */
static char *
unsimplified_derivative (const char *program, const char *variable)
{
  GError *error = NULL;
  g_autofree char *expression = nrt_symbolic_expression (program, &error);
  void *function, *derivative;
  char *text;

  g_assert_no_error (error);
  function = evaluator_create (expression);
  g_assert_nonnull (function);
  derivative = evaluator_derivative (function, (char *) variable);
  g_assert_nonnull (derivative);
  text = g_strdup (evaluator_get_string (derivative));
  evaluator_destroy (derivative);
  evaluator_destroy (function);
  return text;
}

/* Checks that simplified evaluates like original at every test point,
 * within SIMPLIFY_RTOL. A point where the original is not finite is
 * outside where the rules promise anything, so it is skipped. */
static void
assert_same_values (const char *what, const char *simplified, const char *original)
{
  double max_diff = 0.0;

  for (gsize k = 0; k < G_N_ELEMENTS (points); k++)
    {
      double expected = evaluate_or_fail (original, N_POINT_NAMES, point_names, points[k]);
      double actual = evaluate_or_fail (simplified, N_POINT_NAMES, point_names, points[k]);
      g_autofree char *where = NULL;

      if (!isfinite (expected))
        continue;
      where = g_strdup_printf ("%s at point %" G_GSIZE_FORMAT " (simplified \"%s\", "
                               "original \"%s\")", what, k, simplified, original);
      assert_close (where, actual, expected, SIMPLIFY_RTOL);
      max_diff = fmax (max_diff, fabs (actual - expected) / fmax (fabs (expected), 1.0));
    }
  g_test_message ("%s: max relative difference %.3g", what, max_diff);
}

/* Checks, for every input of program, that nrt_symbolic_derivative's text
 * evaluates like libmatheval's unsimplified derivative. */
static void
assert_simplified_derivatives (const char *program)
{
  NrtError err = { 0 };
  NrtExpr *expr = nrt_expr_parse (program, &err, NULL);

  g_assert_nonnull (expr);
  for (int i = 0; i < nrt_expr_get_n_inputs (expr); i++)
    {
      const char *variable = nrt_expr_get_input_name (expr, i);
      g_autofree char *simplified = derivative_or_fail (program, variable);
      g_autofree char *original = unsimplified_derivative (program, variable);
      g_autofree char *label = g_strdup_printf ("d/d%s of \"%s\"", variable, program);

      assert_same_values (label, simplified, original);
    }
  nrt_expr_free (expr);
}

/* d(w^2)/dw = 2 w, which libmatheval 1.1.11 prints "(2*w)"; 6 at w = 3. */
static void
test_square (void)
{
  const char *names[1] = { "w" };
  const double values[1] = { 3.0 };
  g_autofree char *text = derivative_or_fail ("J = w^2", "w");

  g_assert_cmpstr (text, ==, "2*w");
  assert_close ("dJ/dw", evaluate_or_fail (text, 1, names, values), 6.0, 1e-12);
  assert_simplified_derivatives ("J = w^2");
}

/* J = (w x - y)^2 / 2, for which libmatheval 1.1.11 prints dJ/dw as
 * "(((((2*(x+(w*0)))*((w*x)-y))*2)-((((w*x)-y)^2)*0))/4)". By hand,
 * dJ/dw = x (w x - y), dJ/dx = w (w x - y) and dJ/dy = -(w x - y). */
static void
test_squared_error (void)
{
  const char *program = "J = (w*x - y)^2 / 2";
  g_autofree char *by_w = derivative_or_fail (program, "w");
  g_autofree char *by_x = derivative_or_fail (program, "x");
  g_autofree char *by_y = derivative_or_fail (program, "y");

  g_assert_cmpstr (by_w, ==, "x*(w*x - y)");
  g_assert_cmpstr (by_x, ==, "w*(w*x - y)");
  g_assert_cmpstr (by_y, ==, "y - w*x");
  assert_simplified_derivatives (program);
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

  assert_simplified_derivatives (program);
  assert_simplified_derivatives ("y = 2^3^2 + -a^2 + 0.1");
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
  assert_simplified_derivatives (program);
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
  const double engine_points[3][3] = {
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
      for (gsize k = 0; k < G_N_ELEMENTS (engine_points); k++)
        {
          for (int v = 0; v < 3; v++)
            {
              int input = nrt_expr_find_input (expr, names[v]);

              if (input >= 0)
                nrt_expr_set_input_value (expr, input, engine_points[k][v]);
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
              assert_close (what, evaluate_or_fail (text, 3, names, engine_points[k]),
                            nrt_expr_get_derivative (expr, input), AUTODIFF_RTOL);
            }
        }
      nrt_expr_free (expr);
      assert_simplified_derivatives (programs[p]);
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
  g_assert_cmpstr (tanh_x, ==, "1/cosh(x)^2");
}

/* The derivatives of the activations, simplified from libmatheval 1.1.11's
 * text, such as "(((0*(1+exp((-x))))-((-1)*exp((-x))))/((1+exp((-x)))^2))"
 * for sigmoid. */
static void
test_activation_derivatives (void)
{
  const struct {
    const char *program;
    const char *derivative;
  } cases[] = {
    { "y = sigmoid(x)", "exp(-x)/(exp(-x) + 1)^2" },
    { "y = relu(x)", "step(x) + x*delta(x)" },
    { "y = abs(x)", "2*step(x) - 1" },
    { "y = sqrt(x)", "1/(2*sqrt(x))" },
    { "y = log(x)", "1/x" },
    { "y = exp(2*x)", "2*exp(2*x)" },
    { "y = 1/x", "-1/x^2" },
    { "y = -x^2", "-2*x" },
    { "y = x^3", "3*x^2" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = derivative_or_fail (cases[i].program, "x");

      g_assert_cmpstr (text, ==, cases[i].derivative);
      assert_simplified_derivatives (cases[i].program);
    }
}

/* Each rule and each kind of parenthesis on libmatheval-style input; the
 * outputs follow from the rules by hand. Each output must also evaluate
 * like its input through libmatheval. */
static void
test_simplify_rules (void)
{
  const struct {
    const char *input;
    const char *output;
  } cases[] = {
    /* Identities. */
    { "(x*0)", "0" },
    { "(0*x)", "0" },
    { "(x*-0)", "0" },
    { "(x*1)", "x" },
    { "(1*x)", "x" },
    { "(x+0)", "x" },
    { "(0+x)", "x" },
    { "(x-0)", "x" },
    { "(0-x)", "-x" },
    { "(x/1)", "x" },
    { "(0/x)", "0" },
    { "(x^1)", "x" },
    { "(x^0)", "1" },
    { "(1^x)", "1" },
    { "(-(-x))", "x" },
    { "(x-(-y))", "x + y" },
    { "(x+(-y))", "x - y" },
    { "(x-x)", "0" },
    { "(x/x)", "x/x" },
    /* Exact constant folding. */
    { "(2+3)", "5" },
    { "(7-10)", "-3" },
    { "(3*4)", "12" },
    { "(1/4)", "1/4" },
    { "(1/3)", "1/3" },
    { "(0.5/2)", "0.25" },
    { "(2^10)", "1024" },
    { "(2^(-2))", "0.25" },
    { "(0.1+0.2)", "0.3" },
    { "(-(3))", "-3" },
    { "(1.5e-05*x)", "0.000015*x" },
    { "(5 - 2)", "3" },
    /* Constants first and gathered. */
    { "((2*x)*3)", "6*x" },
    { "(x*5)", "5*x" },
    { "((-2)*x)", "-2*x" },
    { "((-1)*x)", "-x" },
    { "((6*x)/4)", "3*x/2" },
    { "((4*x)/2)", "2*x" },
    { "((0.5*x)/2)", "0.25*x" },
    { "(exp((-x))*2)", "2*exp(-x)" },
    /* Factors sorted and merged; terms merged. */
    { "(y*x)", "x*y" },
    { "(x*x)", "x^2" },
    { "((x^2)*(x^3))", "x^5" },
    { "((x^2)^3)", "x^6" },
    { "((x+x)+(2*x))", "4*x" },
    { "((x*(y+1))+((y+1)*x))", "2*x*(y + 1)" },
    { "(x+(2*(y-x)))", "2*y - x" },
    { "((4*y)-(4*x))", "4*(y - x)" },
    { "(3*(x+1))", "3*(x + 1)" },
    /* Quotients. */
    { "((1+x)/3)", "(x + 1)/3" },
    { "(a/(b/c))", "a*c/b" },
    { "((a/b)/c)", "a/(b*c)" },
    { "(a*(b/c))", "a*b/c" },
    { "((a*b)/c)", "a*b/c" },
    { "(a/(b*c))", "a/(b*c)" },
    /* Signs and parentheses. */
    { "(-(x*y))", "-x*y" },
    { "((-x)*y)", "-x*y" },
    { "(x*(-y))", "-x*y" },
    { "(x/(-y))", "-x/y" },
    { "(-(a+b))", "-(a + b)" },
    { "(-(x^2))", "-(x^2)" },
    { "((-x)^2)", "(-x)^2" },
    { "((-(a*b))^2)", "(-a*b)^2" },
    { "(x^(-y))", "x^(-y)" },
    { "((a+b)*c)", "c*(a + b)" },
    { "(a+(b+c))", "a + b + c" },
    { "(a-(b-c))", "a - b + c" },
    { "(a-(b+c))", "a - b - c" },
    /* libmatheval reads 2^3^x as (2^3)^x, so nested powers keep both
     * parentheses. */
    { "(2^(3^x))", "2^(3^x)" },
    { "((2^x)^y)", "(2^x)^y" },
    /* Names and numbers that are kept as they are. */
    { "(pi*x)", "pi*x" },
    { "(123456789012345678901234*x)", "123456789012345678901234*x" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *output = nrt_symbolic_simplify (cases[i].input);

      g_assert_cmpstr (output, ==, cases[i].output);
      assert_same_values (cases[i].input, output, cases[i].input);
    }
}

/* Text the simplifier cannot read is rejected, so the caller keeps it. */
static void
test_simplify_fallback (void)
{
  const char *invalid[] = {
    "", "(x#y)", "(x+1", "x+", ")", "(x*y))", "x y", "sin(x", "2_sqrtpi*x", "x = 1",
  };
  GString *text = g_string_new (NULL);
  char *output;

  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      output = nrt_symbolic_simplify (invalid[i]);
      if (output != NULL)
        g_test_fail_printf ("\"%s\" simplified to \"%s\", expected a rejection",
                            invalid[i], output);
      g_free (output);
    }

  /* Nesting past the maximum depth, by parentheses and by a long chain. */
  for (int i = 0; i < NRT_SYMBOLIC_SIMPLIFY_MAX_DEPTH + 10; i++)
    g_string_append_c (text, '(');
  g_string_append_c (text, 'x');
  for (int i = 0; i < NRT_SYMBOLIC_SIMPLIFY_MAX_DEPTH + 10; i++)
    g_string_append_c (text, ')');
  g_assert_null (nrt_symbolic_simplify (text->str));

  g_string_assign (text, "x");
  for (int i = 0; i < NRT_SYMBOLIC_SIMPLIFY_MAX_DEPTH + 10; i++)
    g_string_append (text, "+x");
  g_assert_null (nrt_symbolic_simplify (text->str));

  /* A sum of more terms than are flattened keeps its tree. */
  g_string_assign (text, "x0");
  for (int i = 1; i < 300; i++)
    g_string_append_printf (text, "+(0*x%d)", i);
  output = nrt_symbolic_simplify (text->str);
  g_assert_nonnull (output);
  g_free (output);
  g_string_free (text, TRUE);
}

/* 300 lines of "x = w*x + 1" give libmatheval's derivative by x as 362,397
 * characters nested about 600 deep, mostly multiplied by 0. By hand, d/dx of
 * the result is w^300. */
static void
test_deep_derivative (void)
{
  const char *names[2] = { "w", "x" };
  const double values[2] = { 1.01, 0.5 };
  GString *program = g_string_new (NULL);
  g_autofree char *by_x = NULL;

  for (int i = 0; i < 300; i++)
    g_string_append (program, "x = w*x + 1\n");
  by_x = derivative_or_fail (program->str, "x");
  g_string_free (program, TRUE);

  g_assert_cmpstr (by_x, ==, "w^300");
  assert_close ("dx/dx", evaluate_or_fail (by_x, 2, names, values), pow (1.01, 300), 1e-12);
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
  g_test_add_func ("/io/symbolic/squared-error", test_squared_error);
  g_test_add_func ("/io/symbolic/function-forms", test_function_forms);
  g_test_add_func ("/io/symbolic/activation-derivatives", test_activation_derivatives);
  g_test_add_func ("/io/symbolic/simplify-rules", test_simplify_rules);
  g_test_add_func ("/io/symbolic/simplify-fallback", test_simplify_fallback);
  g_test_add_func ("/io/symbolic/deep-derivative", test_deep_derivative);
  g_test_add_func ("/io/symbolic/errors", test_errors);

  return g_test_run ();
}
