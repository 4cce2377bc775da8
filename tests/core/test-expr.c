/* test-expr.c: parsing, lowering, evaluation and gradient steps of scalar
 * expressions.
 *
 * The graph computes in float32, so values are compared with a relative
 * tolerance of 1e-5 (float32 keeps about 7 significant digits) unless a test
 * states another.
 */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/nrt-expr.h"

#define VALUE_RTOL 1e-5

/* Passes when |actual - expected| <= rtol * |expected| (or <= rtol when
 * expected is 0), and prints both numbers otherwise. */
static void
assert_close (const char *what, double actual, double expected, double rtol)
{
  double diff = fabs (actual - expected);
  double allowed = rtol * fmax (fabs (expected), 1.0);

  if (!(diff <= allowed))
    g_test_fail_printf ("%s: %.9g, expected %.9g; difference %.3g > %.3g",
                        what, actual, expected, diff, allowed);
}

static NrtExpr *
parse_or_fail (const char *source)
{
  NrtError err = { 0 };
  NrtExprLocation location = { 0 };
  NrtExpr *expr = nrt_expr_parse (source, &err, &location);

  if (expr == NULL)
    g_error ("parsing \"%s\": %s", source, err.message);
  return expr;
}

static void
set_input (NrtExpr *expr, const char *name, double value)
{
  int input = nrt_expr_find_input (expr, name);

  g_assert_cmpint (input, >=, 0);
  nrt_expr_set_input_value (expr, input, value);
}

static double
derivative (const NrtExpr *expr, const char *name)
{
  int input = nrt_expr_find_input (expr, name);

  g_assert_cmpint (input, >=, 0);
  return nrt_expr_get_derivative (expr, input);
}

/* Returns the value of the first graph node called name. */
static double
node_value (NrtExpr *expr, const char *name)
{
  NrtGraph *graph = nrt_expr_get_graph (expr);
  int id = nrt_graph_find_node (graph, name);

  if (id < 0)
    g_error ("no graph node is called \"%s\"", name);
  return nrt_graph_get_node (graph, id)->value->data[0];
}

static void
evaluate_or_fail (NrtExpr *expr)
{
  NrtError err = { 0 };

  if (nrt_expr_evaluate (expr, &err) != NRT_OK)
    g_error ("evaluating: %s", err.message);
}

/* J = (w*x - y)^2 / 2 at w = 2, x = 1, y = 6, by hand: w*x = 2, w*x - y = -4,
 * its square 16, J = 8; dJ/dw = (w x - y) x = -4, dJ/dx = (w x - y) w = -8,
 * dJ/dy = -(w x - y) = 4. One step on w alone at learning rate 0.1:
 * w = 2 - 0.1 (-4) = 2.4, and then J = (2.4 - 6)^2 / 2 = 6.48. */
static void
test_quadratic_loss (void)
{
  const int update_w_only[3] = { 1, 0, 0 };
  NrtExpr *expr = parse_or_fail ("J = (w*x - y)^2 / 2");
  NrtError err = { 0 };

  g_assert_cmpint (nrt_expr_get_n_inputs (expr), ==, 3);
  g_assert_cmpstr (nrt_expr_get_input_name (expr, 0), ==, "w");
  g_assert_cmpstr (nrt_expr_get_input_name (expr, 1), ==, "x");
  g_assert_cmpstr (nrt_expr_get_input_name (expr, 2), ==, "y");
  g_assert_cmpfloat (nrt_expr_get_input_value (expr, 0), ==, 0.0);
  set_input (expr, "w", 2.0);
  set_input (expr, "x", 1.0);
  set_input (expr, "y", 6.0);
  evaluate_or_fail (expr);

  assert_close ("w*x", node_value (expr, "w*x"), 2.0, VALUE_RTOL);
  assert_close ("w*x - y", node_value (expr, "w*x - y"), -4.0, VALUE_RTOL);
  assert_close ("(w*x - y)^2", node_value (expr, "(w*x - y)^2"), 16.0, VALUE_RTOL);
  assert_close ("J", nrt_expr_get_output_value (expr), 8.0, VALUE_RTOL);
  g_assert_cmpstr (nrt_expr_get_output_name (expr), ==, "J");
  assert_close ("dJ/dw", derivative (expr, "w"), -4.0, VALUE_RTOL);
  assert_close ("dJ/dx", derivative (expr, "x"), -8.0, VALUE_RTOL);
  assert_close ("dJ/dy", derivative (expr, "y"), 4.0, VALUE_RTOL);

  g_assert_cmpint (nrt_expr_step (expr, 0.1, update_w_only, &err), ==, NRT_OK);
  assert_close ("w after one step", nrt_expr_get_input_value (expr, 0), 2.4, VALUE_RTOL);
  assert_close ("x after one step", nrt_expr_get_input_value (expr, 1), 1.0, 0.0);
  assert_close ("y after one step", nrt_expr_get_input_value (expr, 2), 6.0, 0.0);
  assert_close ("J after one step", nrt_expr_get_output_value (expr), 6.48, VALUE_RTOL);
  nrt_expr_free (expr);
}

/* J = w^2 at w = 3: dJ/dw = 2 w = 6, by hand. */
static void
test_square (void)
{
  NrtExpr *expr = parse_or_fail ("J = w^2");

  set_input (expr, "w", 3.0);
  evaluate_or_fail (expr);
  assert_close ("J", nrt_expr_get_output_value (expr), 9.0, VALUE_RTOL);
  assert_close ("dJ/dw", derivative (expr, "w"), 6.0, VALUE_RTOL);
  nrt_expr_free (expr);
}

/* The example of micrograd's README (github.com/karpathy/micrograd), written
 * there with Python's += and .relu(); its documented output is g = 24.7041,
 * dg/da = 138.8338 and dg/db = 645.5773 at a = -4, b = 2. The intermediate
 * values are by hand: c = -1, d = 6, e = -7, f = 49. */
static const char micrograd_program[] =
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

static void
test_micrograd_example (void)
{
  const char *names[5] = { "c", "d", "e", "f", "g" };
  const double values[5] = { -1.0, 6.0, -7.0, 49.0, 24.7040816 };
  NrtExpr *expr = parse_or_fail (micrograd_program);

  g_assert_cmpint (nrt_expr_get_n_inputs (expr), ==, 2);
  g_assert_cmpint (nrt_expr_get_n_statements (expr), ==, 10);
  g_assert_cmpint (nrt_expr_get_n_assigned (expr), ==, 5);
  set_input (expr, "a", -4.0);
  set_input (expr, "b", 2.0);
  evaluate_or_fail (expr);

  for (int i = 0; i < 5; i++)
    {
      g_assert_cmpstr (nrt_expr_get_assigned_name (expr, i), ==, names[i]);
      assert_close (names[i], nrt_expr_get_assigned_value (expr, i), values[i], VALUE_RTOL);
    }
  g_assert_cmpstr (nrt_expr_get_output_name (expr), ==, "g");
  assert_close ("g", nrt_expr_get_output_value (expr), 24.7041, 1e-4);
  assert_close ("dg/da", derivative (expr, "a"), 138.8338, 1e-4);
  assert_close ("dg/db", derivative (expr, "b"), 645.5773, 1e-4);
  nrt_expr_free (expr);
}

/* Statement texts, lines and node names: each op node carries the text of
 * its subexpression and the node ending a statement the whole statement. */
static void
test_node_names (void)
{
  NrtExpr *expr = parse_or_fail ("\n# a comment line\nd = a*b + b^3   # trailing comment\n"
                                 "y = d\nz = 2\n");
  NrtGraph *graph = nrt_expr_get_graph (expr);
  int id;

  g_assert_cmpint (nrt_expr_get_n_statements (expr), ==, 3);
  g_assert_cmpstr (nrt_expr_get_statement_text (expr, 0), ==, "d = a*b + b^3");
  g_assert_cmpstr (nrt_expr_get_statement_text (expr, 1), ==, "y = d");
  g_assert_cmpstr (nrt_expr_get_statement_text (expr, 2), ==, "z = 2");
  g_assert_cmpint (nrt_expr_get_statement_line (expr, 0), ==, 3);
  g_assert_cmpint (nrt_expr_get_statement_line (expr, 2), ==, 5);

  id = nrt_graph_find_node (graph, "d = a*b + b^3");
  g_assert_cmpint (id, ==, nrt_expr_get_statement_node (expr, 0));
  g_assert_cmpint (nrt_graph_get_node (graph, id)->op, ==, NRT_OP_ADD);
  g_assert_cmpint (nrt_graph_get_node (graph, nrt_graph_find_node (graph, "a*b"))->op, ==,
                   NRT_OP_MUL);
  g_assert_cmpint (nrt_graph_get_node (graph, nrt_graph_find_node (graph, "b^3"))->op, ==,
                   NRT_OP_POW);
  g_assert_cmpint (nrt_graph_get_node (graph, nrt_graph_find_node (graph, "a"))->kind, ==,
                   NRT_NODE_PARAMETER);
  g_assert_cmpint (nrt_graph_get_node (graph, nrt_graph_find_node (graph, "3"))->kind, ==,
                   NRT_NODE_CONSTANT);

  /* A bare name or number ends in an identity node of its own. */
  id = nrt_expr_get_statement_node (expr, 1);
  g_assert_cmpstr (nrt_graph_get_node (graph, id)->name, ==, "y = d");
  g_assert_cmpint (nrt_graph_get_node (graph, id)->op, ==, NRT_OP_LINEAR);
  g_assert_cmpint (nrt_expr_get_output_node (expr), ==, nrt_expr_get_statement_node (expr, 2));
  g_assert_cmpstr (nrt_expr_get_output_name (expr), ==, "z");

  set_input (expr, "a", 2.0);
  set_input (expr, "b", 3.0);
  evaluate_or_fail (expr);
  assert_close ("z", nrt_expr_get_output_value (expr), 2.0, 0.0);
  assert_close ("dz/da", derivative (expr, "a"), 0.0, 0.0);
  assert_close ("y", nrt_expr_get_assigned_value (expr, 1), 33.0, VALUE_RTOL);
  nrt_expr_free (expr);
}

/* A long subexpression's node name is cut to 60 characters and "...". */
static void
test_long_node_name (void)
{
  GString *source = g_string_new ("y = x");
  NrtExpr *expr;
  NrtGraph *graph;
  const char *name;

  for (int i = 0; i < 40; i++)
    g_string_append (source, " + x");
  expr = parse_or_fail (source->str);
  graph = nrt_expr_get_graph (expr);
  name = nrt_graph_get_node (graph, nrt_expr_get_output_node (expr))->name;
  g_assert_cmpuint (strlen (name), ==, 63);
  g_assert_true (g_str_has_suffix (name, "..."));
  g_assert_true (g_str_has_prefix (name, "y = x + x"));
  set_input (expr, "x", 0.5);
  evaluate_or_fail (expr);
  assert_close ("y", nrt_expr_get_output_value (expr), 20.5, VALUE_RTOL);
  assert_close ("dy/dx", derivative (expr, "x"), 41.0, VALUE_RTOL);
  nrt_expr_free (expr);
  g_string_free (source, TRUE);
}

/* Reassignment rebinds the name (static single assignment): a name read
 * before its first assignment is an input, later reads see the new node. */
static void
test_reassignment (void)
{
  NrtExpr *expr = parse_or_fail ("x = x + 1\nx = x * x\ny = x - 1");

  g_assert_cmpint (nrt_expr_get_n_inputs (expr), ==, 1);
  g_assert_cmpint (nrt_expr_get_n_assigned (expr), ==, 2);
  g_assert_cmpstr (nrt_expr_get_assigned_name (expr, 0), ==, "x");
  set_input (expr, "x", 2.0);
  evaluate_or_fail (expr);

  /* x1 = 3, x2 = 9, y = 8; dy/dx = 2 (x + 1) = 6. */
  assert_close ("x", nrt_expr_get_assigned_value (expr, 0), 9.0, VALUE_RTOL);
  assert_close ("y", nrt_expr_get_output_value (expr), 8.0, VALUE_RTOL);
  assert_close ("dy/dx", derivative (expr, "x"), 6.0, VALUE_RTOL);
  nrt_expr_free (expr);
}

/* Evaluates a one-line program without inputs and returns its value. */
static double
evaluate_constant (const char *source)
{
  NrtExpr *expr = parse_or_fail (source);
  double value;

  g_assert_cmpint (nrt_expr_get_n_inputs (expr), ==, 0);
  evaluate_or_fail (expr);
  value = nrt_expr_get_output_value (expr);
  nrt_expr_free (expr);
  return value;
}

/* Precedence and associativity, by hand: ^ binds tighter than unary minus and
 * is right-associative; * / and + - are left-associative. */
static void
test_precedence (void)
{
  const struct {
    const char *source;
    double expected;
  } cases[] = {
    { "y = -2^2", -4.0 },
    { "y = 2^3^2", 512.0 },
    { "y = 2**3**2", 512.0 },
    { "y = 2**-1", 0.5 },
    { "y = 2^-1", 0.5 },
    { "y = (-2)^2", 4.0 },
    { "y = --3", 3.0 },
    { "y = 1 - 2 - 3", -4.0 },
    { "y = 8 / 4 / 2", 1.0 },
    { "y = 2 + 3*4", 14.0 },
    { "y = (2 + 3)*4", 20.0 },
    { "y = -3*2", -6.0 },
    { "y = 2*-3", -6.0 },
    { "y = 2 - -3", 5.0 },
    { "y = 1.5e1 + .5 + 2.", 17.5 },
    { "y = 1e-3 * 1E3", 1.0 },
    { "y = 2^0.5", M_SQRT2 },
  };

  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_close (cases[i].source, evaluate_constant (cases[i].source), cases[i].expected,
                  VALUE_RTOL);
}

/* -a^2 is -(a^2), so at a = 3 the value is -9 and the derivative -2a = -6. */
static void
test_unary_minus_power (void)
{
  NrtExpr *expr = parse_or_fail ("y = -a^2");

  set_input (expr, "a", 3.0);
  evaluate_or_fail (expr);
  assert_close ("y", nrt_expr_get_output_value (expr), -9.0, VALUE_RTOL);
  assert_close ("dy/da", derivative (expr, "a"), -6.0, VALUE_RTOL);
  nrt_expr_free (expr);
}

/* Each function at x = 0.5 against its closed form and the closed form of
 * its derivative (chain rule by hand), computed with libm in double. */
static void
test_functions (void)
{
  const double x = 0.5, s = 1.0 / (1.0 + exp (-x));
  const struct {
    const char *source;
    double value;
    double derivative;
  } cases[] = {
    { "y = exp(x)", exp (x), exp (x) },
    { "y = log(x)", log (x), 1.0 / x },
    { "y = sqrt(x)", sqrt (x), 0.5 / sqrt (x) },
    { "y = tanh(x)", tanh (x), 1.0 - tanh (x) * tanh (x) },
    { "y = sigmoid(x)", s, s * (1.0 - s) },
    { "y = relu(x)", x, 1.0 },
    { "y = relu(-x)", 0.0, 0.0 },
    { "y = abs(-x)", x, 1.0 },
    { "y = abs(x - 1)", 0.5, -1.0 },
    { "y = x^x", pow (x, x), pow (x, x) * (log (x) + 1.0) },
    { "y = 1/x", 2.0, -4.0 },
  };

  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      NrtExpr *expr = parse_or_fail (cases[i].source);
      char *what = g_strdup_printf ("d/dx of %s", cases[i].source);

      set_input (expr, "x", x);
      evaluate_or_fail (expr);
      assert_close (cases[i].source, nrt_expr_get_output_value (expr), cases[i].value,
                    VALUE_RTOL);
      assert_close (what, derivative (expr, "x"), cases[i].derivative, VALUE_RTOL);
      g_free (what);
      nrt_expr_free (expr);
    }
}

/* The kinks of relu and abs have derivative 0, as relu's op defines. */
static void
test_kinks (void)
{
  NrtExpr *expr = parse_or_fail ("y = relu(x) + abs(x)");

  set_input (expr, "x", 0.0);
  evaluate_or_fail (expr);
  assert_close ("y", nrt_expr_get_output_value (expr), 0.0, 0.0);
  assert_close ("dy/dx", derivative (expr, "x"), 0.0, 0.0);
  nrt_expr_free (expr);
}

/* Comments, blank lines, spaces, tabs and CRLF line ends are accepted. */
static void
test_comments_and_blank_lines (void)
{
  NrtExpr *expr = parse_or_fail ("# gradient of a line\r\n"
                                 "\r\n"
                                 "   \t\r\n"
                                 "p = w * x\t# prediction\r\n"
                                 "   # an indented comment\n"
                                 "\n"
                                 "l = (p - t) ^ 2   \n"
                                 "# trailing comment without line end");

  g_assert_cmpint (nrt_expr_get_n_statements (expr), ==, 2);
  g_assert_cmpstr (nrt_expr_get_statement_text (expr, 0), ==, "p = w * x");
  g_assert_cmpstr (nrt_expr_get_statement_text (expr, 1), ==, "l = (p - t) ^ 2");
  g_assert_cmpint (nrt_expr_get_statement_line (expr, 0), ==, 4);
  g_assert_cmpint (nrt_expr_get_statement_line (expr, 1), ==, 7);
  set_input (expr, "w", 3.0);
  set_input (expr, "x", 2.0);
  set_input (expr, "t", 1.0);
  evaluate_or_fail (expr);

  /* l = (6 - 1)^2 = 25, dl/dw = 2 (w x - t) x = 20. */
  assert_close ("l", nrt_expr_get_output_value (expr), 25.0, VALUE_RTOL);
  assert_close ("dl/dw", derivative (expr, "w"), 20.0, VALUE_RTOL);
  nrt_expr_free (expr);
}

/* Every syntax error names the line, the column, what was expected and what
 * was found. */
static void
test_syntax_errors (void)
{
  const struct {
    const char *source;
    int line;
    int column;
    const char *message;
  } cases[] = {
    { "y = a\nz = (a + b\n", 2, 11,
      "line 2, column 11: expected ')' to close the '(' at column 5, found end of line" },
    { "y = (a + b))", 1, 12,
      "line 1, column 12: expected an operator or end of line, found ')', which has no "
      "matching '('" },
    { "y = exp(a", 1, 10,
      "line 1, column 10: expected ')' to close the '(' of exp at column 8, found end of "
      "line" },
    { "y = foo(a)", 1, 5,
      "line 1, column 5: unknown function 'foo'; expected one of abs, exp, log, relu, "
      "sigmoid, sqrt, tanh (write 'foo*(' to multiply)" },
    { "y = exp + 1", 1, 9,
      "line 1, column 9: 'exp' is a function, not a variable; expected '(' after it, "
      "found '+'" },
    { "y = 2 * tanh", 1, 13,
      "line 1, column 13: 'tanh' is a function, not a variable; expected '(' after it, "
      "found end of line" },
    { "exp = 2", 1, 1,
      "line 1, column 1: cannot assign to 'exp', which is a function; choose another name" },
    { "y a + b", 1, 3, "line 1, column 3: expected '=' after 'y', found 'a'" },
    { "y", 1, 2, "line 1, column 2: expected '=' after 'y', found end of line" },
    { "3 = a", 1, 1,
      "line 1, column 1: cannot assign to the number 3; expected a name before '=', as in "
      "'y = 3'" },
    { "+ a", 1, 1,
      "line 1, column 1: expected a name to assign to at the start of the line, found '+'" },
    { "y =\n", 1, 4, "line 1, column 4: expected an expression after '=', found end of line" },
    { "y =   # nothing", 1, 7,
      "line 1, column 7: expected an expression after '=', found end of line" },
    { "y = a +\n", 1, 8, "line 1, column 8: expected an operand after '+', found end of line" },
    { "y = a * / b", 1, 9, "line 1, column 9: expected an operand after '*', found '/'" },
    { "y = ()", 1, 6, "line 1, column 6: expected an expression inside the parentheses, found ')'" },
    { "y = a $ b", 1, 7,
      "line 1, column 7: unexpected character '$'; expected a number, a name, an operator "
      "(+ - * / ^ **), a parenthesis or '='" },
    { "y = a, b", 1, 6,
      "line 1, column 6: unexpected character ','; expected a number, a name, an operator "
      "(+ - * / ^ **), a parenthesis or '='" },
    /* Characters outside ASCII are decoded from UTF-8 and named by code point:
     * U+00E9 is é, U+03B1 is α, U+00D7 is ×, U+1F600 is a four-byte emoji. */
    { "y = \xc3\xa9", 1, 5,
      "line 1, column 5: unexpected character '\xc3\xa9' (U+00E9); expected a number, a "
      "name, an operator (+ - * / ^ **), a parenthesis or '='" },
    { "y = \xce\xb1 + 1", 1, 5,
      "line 1, column 5: unexpected character '\xce\xb1' (U+03B1); expected a number, a "
      "name, an operator (+ - * / ^ **), a parenthesis or '='" },
    { "x = 1\ny = a \xc3\x97 b", 2, 7,
      "line 2, column 7: unexpected character '\xc3\x97' (U+00D7); expected a number, a "
      "name, an operator (+ - * / ^ **), a parenthesis or '='" },
    { "y = \xf0\x9f\x98\x80", 1, 5,
      "line 1, column 5: unexpected character '\xf0\x9f\x98\x80' (U+1F600); expected a "
      "number, a name, an operator (+ - * / ^ **), a parenthesis or '='" },
    /* A comment may hold any UTF-8 text; the error after it is on the next line. */
    { "# \xce\xb1\xce\xb2\ny = $", 2, 5,
      "line 2, column 5: unexpected character '$'; expected a number, a name, an operator "
      "(+ - * / ^ **), a parenthesis or '='" },
    /* A lone lead byte, a stray continuation byte and an overlong form of '/'
     * are not UTF-8, so the first byte is shown in hexadecimal. */
    { "y = \xce", 1, 5,
      "line 1, column 5: unexpected byte 0xCE, which is not valid UTF-8; expected a number, "
      "a name, an operator (+ - * / ^ **), a parenthesis or '='" },
    { "y = \xb1", 1, 5,
      "line 1, column 5: unexpected byte 0xB1, which is not valid UTF-8; expected a number, "
      "a name, an operator (+ - * / ^ **), a parenthesis or '='" },
    { "y = \xc0\xaf", 1, 5,
      "line 1, column 5: unexpected byte 0xC0, which is not valid UTF-8; expected a number, "
      "a name, an operator (+ - * / ^ **), a parenthesis or '='" },
    { "y = a \x07 b", 1, 7,
      "line 1, column 7: unexpected control character U+0007; expected a number, a name, an "
      "operator (+ - * / ^ **), a parenthesis or '='" },
    { "y = a = b", 1, 7,
      "line 1, column 7: expected an operator or end of line, found '='; write one "
      "assignment per line" },
    { "y = 2a", 1, 6,
      "line 1, column 6: expected an operator or end of line, found 'a'; write '*' to "
      "multiply" },
    { "y = 1e+", 1, 5,
      "line 1, column 5: malformed number '1e+': expected digits after the 'e' of the "
      "exponent, as in 1e-3" },
    { "y = 1e39", 1, 5,
      "line 1, column 5: the number 1e39 is out of the float32 range; use a number of at "
      "most 3.4e38" },
    { "", 1, 1, "line 1, column 1: the program has no assignment; write one such as 'y = x^2'" },
    { "# only a comment\n\n", 1, 1,
      "line 1, column 1: the program has no assignment; write one such as 'y = x^2'" },
  };

  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      NrtError err = { 0 };
      NrtExprLocation location = { 0 };
      NrtExpr *expr = nrt_expr_parse (cases[i].source, &err, &location);
      /* Escaped, since TAP output must be UTF-8 and some sources are not. */
      g_autofree char *escaped = g_strescape (cases[i].source, NULL);

      g_test_message ("source \"%s\"", escaped);
      g_assert_null (expr);
      g_assert_cmpint (err.status, ==, NRT_ERROR_INVALID);
      g_assert_cmpstr (err.message, ==, cases[i].message);
      g_assert_cmpint (location.line, ==, cases[i].line);
      g_assert_cmpint (location.column, ==, cases[i].column);
    }
}

/* A name longer than a graph node name allows is rejected. */
static void
test_long_name (void)
{
  char source[128];
  NrtError err = { 0 };

  memset (source, 'v', 70);
  strcpy (source + 70, " = 1");
  g_assert_null (nrt_expr_parse (source, &err, NULL));
  g_assert_cmpstr (err.message, ==,
                   "line 1, column 1: the name 'vvvvvvvvvvvvvvvvvvvv...' is 70 characters "
                   "long; use at most 63");
}

/* Deep nesting is rejected before it can exhaust the stack. */
static void
test_deep_nesting (void)
{
  GString *source = g_string_new ("y = ");
  NrtError err = { 0 };

  for (int i = 0; i < 1000; i++)
    g_string_append_c (source, '(');
  g_string_append (source, "x");
  for (int i = 0; i < 1000; i++)
    g_string_append_c (source, ')');
  g_assert_null (nrt_expr_parse (source->str, &err, NULL));
  g_assert_true (strstr (err.message, "parentheses nest more than 200 deep") != NULL);

  g_string_assign (source, "y = 1");
  for (int i = 0; i < 300; i++)
    g_string_append (source, "^1");
  g_assert_null (nrt_expr_parse (source->str, &err, NULL));
  g_assert_true (strstr (err.message, "more than 200 powers in a row") != NULL);
  g_string_free (source, TRUE);
}

/* A long left-associative chain has no depth limit: x + x + ... with 20000
 * terms is 20000 x, and its derivative 20000. */
static void
test_long_chain (void)
{
  GString *source = g_string_new ("y = x");
  NrtExpr *expr;

  for (int i = 1; i < 20000; i++)
    g_string_append (source, " + x");
  expr = parse_or_fail (source->str);
  set_input (expr, "x", 0.5);
  evaluate_or_fail (expr);
  assert_close ("y", nrt_expr_get_output_value (expr), 10000.0, VALUE_RTOL);
  assert_close ("dy/dx", derivative (expr, "x"), 20000.0, VALUE_RTOL);
  nrt_expr_free (expr);
  g_string_free (source, TRUE);
}

/* log(-1) is NaN: evaluation reports the assignment and the first step that
 * is not finite, and still fills in what it can. */
static void
test_not_finite (void)
{
  NrtError err = { 0 };
  NrtExpr *expr = parse_or_fail ("a = x * 2\nb = log(x) + 1\nc = a + b");

  set_input (expr, "x", -1.0);
  g_assert_cmpint (nrt_expr_evaluate (expr, &err), ==, NRT_ERROR_NOT_FINITE);
  g_assert_cmpstr (err.message, ==,
                   "line 2, \"b = log(x) + 1\": the value is NaN, first at log(x) = NaN; "
                   "log needs a positive argument");
  assert_close ("a", nrt_expr_get_assigned_value (expr, 0), -2.0, 0.0);
  g_assert_true (isnan (nrt_expr_get_output_value (expr)));

  /* A finite input makes the same program finite again. */
  set_input (expr, "x", 1.0);
  g_assert_cmpint (nrt_expr_evaluate (expr, &err), ==, NRT_OK);
  assert_close ("c", nrt_expr_get_output_value (expr), 3.0, VALUE_RTOL);
  assert_close ("dc/dx", derivative (expr, "x"), 3.0, VALUE_RTOL);
  nrt_expr_free (expr);

  expr = parse_or_fail ("y = sqrt(x)");
  set_input (expr, "x", -4.0);
  g_assert_cmpint (nrt_expr_evaluate (expr, &err), ==, NRT_ERROR_NOT_FINITE);
  g_assert_cmpstr (err.message, ==,
                   "line 1, \"y = sqrt(x)\": the value is NaN; sqrt needs an argument of at "
                   "least 0");
  nrt_expr_free (expr);

  expr = parse_or_fail ("y = 1 / x");
  g_assert_cmpint (nrt_expr_evaluate (expr, &err), ==, NRT_ERROR_NOT_FINITE);
  g_assert_cmpstr (err.message, ==,
                   "line 1, \"y = 1 / x\": the value is inf; the divisor must not be 0");
  nrt_expr_free (expr);

  expr = parse_or_fail ("y = x + 1");
  set_input (expr, "x", INFINITY);
  g_assert_cmpint (nrt_expr_evaluate (expr, &err), ==, NRT_ERROR_NOT_FINITE);
  g_assert_cmpstr (err.message, ==, "the input x is inf; give it a finite value");
  nrt_expr_free (expr);
}

/* The reason for a non-finite power depends on the operands: powf of a
 * negative base and a non-integer exponent is NaN, of 0 and a negative
 * exponent is inf, and (1e20)^2 = 1e40 overflows float32 (max about 3.4e38). */
static void
test_not_finite_power (void)
{
  const struct {
    double base;
    double exponent;
    const char *message;
  } cases[] = {
    { 1e20, 2.0,
      "line 1, \"y = a^b\": the value is inf; a result exceeds the float32 range of about "
      "3.4e38" },
    { -1e20, 3.0,
      "line 1, \"y = a^b\": the value is -inf; a result exceeds the float32 range of about "
      "3.4e38" },
    { -8.0, 0.5,
      "line 1, \"y = a^b\": the value is NaN; a negative base needs an integer exponent" },
    { 0.0, -1.0, "line 1, \"y = a^b\": the value is inf; 0 to a negative power divides by 0" },
  };

  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      NrtError err = { 0 };
      NrtExpr *expr = parse_or_fail ("y = a^b");

      g_test_message ("a = %g, b = %g", cases[i].base, cases[i].exponent);
      set_input (expr, "a", cases[i].base);
      set_input (expr, "b", cases[i].exponent);
      g_assert_cmpint (nrt_expr_evaluate (expr, &err), ==, NRT_ERROR_NOT_FINITE);
      g_assert_cmpstr (err.message, ==, cases[i].message);
      nrt_expr_free (expr);
    }
}

/* Gradient descent on J = (w - 3)^2 from w = 0 at learning rate 0.25 halves
 * the distance to 3 every step: w_k = 3 (1 - 0.5^k), by hand. */
static void
test_steps (void)
{
  NrtExpr *expr = parse_or_fail ("J = (w - 3)^2");
  NrtError err = { 0 };

  for (int k = 1; k <= 5; k++)
    {
      g_assert_cmpint (nrt_expr_step (expr, 0.25, NULL, &err), ==, NRT_OK);
      assert_close ("w", nrt_expr_get_input_value (expr, 0), 3.0 * (1.0 - pow (0.5, k)),
                    VALUE_RTOL);
    }
  g_assert_cmpint (nrt_expr_step (expr, NAN, NULL, &err), ==, NRT_ERROR_INVALID);
  g_assert_cmpstr (err.message, ==,
                   "invalid learning rate nan; expected a finite number such as 0.1");
  nrt_expr_free (expr);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/expr/quadratic-loss", test_quadratic_loss);
  g_test_add_func ("/core/expr/square", test_square);
  g_test_add_func ("/core/expr/micrograd-example", test_micrograd_example);
  g_test_add_func ("/core/expr/node-names", test_node_names);
  g_test_add_func ("/core/expr/long-node-name", test_long_node_name);
  g_test_add_func ("/core/expr/reassignment", test_reassignment);
  g_test_add_func ("/core/expr/precedence", test_precedence);
  g_test_add_func ("/core/expr/unary-minus-power", test_unary_minus_power);
  g_test_add_func ("/core/expr/functions", test_functions);
  g_test_add_func ("/core/expr/kinks", test_kinks);
  g_test_add_func ("/core/expr/comments-and-blank-lines", test_comments_and_blank_lines);
  g_test_add_func ("/core/expr/syntax-errors", test_syntax_errors);
  g_test_add_func ("/core/expr/long-name", test_long_name);
  g_test_add_func ("/core/expr/deep-nesting", test_deep_nesting);
  g_test_add_func ("/core/expr/long-chain", test_long_chain);
  g_test_add_func ("/core/expr/not-finite", test_not_finite);
  g_test_add_func ("/core/expr/not-finite-power", test_not_finite_power);
  g_test_add_func ("/core/expr/steps", test_steps);

  return g_test_run ();
}
