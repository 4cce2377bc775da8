/* nrt-symbolic-simplify.c: simplification and printing of libmatheval's
 * expression text.
 *
 * Each rule keeps the value of the expression wherever the original is
 * defined, that is, where it evaluates to a finite number. Sums and
 * products are flattened and their constants folded, and terms of a sum
 * that differ only in a constant factor are merged. This reassociation can
 * change the last bits of a result, so the two agree to rounding error.
 *
 * This file contains the rules for sums, negation and powers, and the loop
 * that applies all rules until the tree stops changing. Every node is
 * allocated in one arena that is freed at the end, so rules build new
 * nodes freely and never free one.
 */
#define G_LOG_DOMAIN "neurite-symbolic"

#include "config.h"

#include "nrt-symbolic-simplify-private.h"

#include <string.h>

/* Passes of the rules over the whole tree, after which the simplifier
 * stops looking for a fixed point and prints the tree it has. */
#define MAX_PASSES 32

/* ---- rules ---- */

/* Splits node into a constant factor and the rest: 3*x into 3 and x, -x
 * into -1 and x, 5 into 5 and NULL, 3*x/y into 3 and x/y, anything else
 * into 1 and itself. */
static void
split_coefficient (Simplifier *s, Node *node, Rational *c, Node **body)
{
  *c = nrt_rational_from_int (1);
  *body = node;
  if (node->kind == NODE_NUMBER)
    {
      *c = node->value;
      *body = NULL;
    }
  else if (node->kind == NODE_NEGATE)
    {
      split_coefficient (s, node->left, c, body);
      *c = nrt_rational_negate (*c);
    }
  else if (node->kind == NODE_MULTIPLY && node->left->kind == NODE_NUMBER)
    {
      *c = node->left->value;
      *body = node->right;
    }
  else if (node->kind == NODE_DIVIDE)
    {
      Node *numerator;

      split_coefficient (s, node->left, c, &numerator);
      if (nrt_rational_equals (*c, 1))
        return;
      if (numerator == NULL)
        numerator = nrt_symbolic_number_new (s, nrt_rational_from_int (1));
      *body = nrt_symbolic_node_new (s, NODE_DIVIDE, numerator, node->right);
    }
}

/* c*body for a term of a sum, in the form nrt_symbolic_simplify_factors
 * gives it, so that splitting and rebuilding a term reach a fixed point. */
static Node *
term_new (Simplifier *s, Rational c, Node *body)
{
  if (body != NULL && body->kind == NODE_DIVIDE)
    return nrt_symbolic_simplify_factors (s, nrt_symbolic_node_new (s, NODE_MULTIPLY,
                                                                    nrt_symbolic_number_new (s, c),
                                                                    body));
  return nrt_symbolic_product_new (s, c, body);
}

typedef struct {
  Rational coefficient;
  Node *body;
} Term;

/* Appends the terms of scale*node, a sum, each with its sign and scale in
 * its coefficient, and adds its constant terms to *constant. A term that
 * is a constant times a sum is distributed, c*(a + b) = c*a + c*b, so that
 * its terms can merge with others. FALSE past MAX_OPERANDS terms. */
static gboolean
collect_terms (Simplifier *s, Node *node, Rational scale, GArray *terms, Rational *constant)
{
  Term term;
  Rational c;

  switch (node->kind)
    {
    case NODE_ADD:
    case NODE_SUBTRACT:
      return collect_terms (s, node->left, scale, terms, constant)
             && collect_terms (s, node->right,
                               node->kind == NODE_SUBTRACT ? nrt_rational_negate (scale) : scale,
                               terms, constant);
    case NODE_NEGATE:
      return collect_terms (s, node->left, nrt_rational_negate (scale), terms, constant);
    default:
      break;
    }

  split_coefficient (s, node, &c, &term.body);
  if (!nrt_rational_multiply (c, scale, &term.coefficient))
    {
      /* The coefficient overflowed: keep the node whole. */
      term.body = node;
      term.coefficient = scale;
    }
  else if (term.body == NULL && nrt_rational_add (*constant, term.coefficient, constant))
    return TRUE;
  else if (term.body == NULL)
    {
      term.body = node;
      term.coefficient = scale;
    }
  else if (term.body->kind == NODE_ADD || term.body->kind == NODE_SUBTRACT)
    return collect_terms (s, term.body, term.coefficient, terms, constant);

  g_array_append_val (terms, term);
  return terms->len <= MAX_OPERANDS;
}

/* Rebuilds a flattened sum as a chain of + and -. It starts with the first
 * term that has a positive coefficient, so -a + b prints as b - a, and ends
 * with the constant. When only the constant is positive, it comes first,
 * as in 1 - x. */
static Node *
sum_new (Simplifier *s, GArray *terms, Rational constant)
{
  Node *sum = NULL;
  guint lead = 0;

  while (lead < terms->len && g_array_index (terms, Term, lead).coefficient.num <= 0)
    lead++;
  if (lead == terms->len)
    lead = 0;
  if (lead == 0 && terms->len > 0 && g_array_index (terms, Term, 0).coefficient.num < 0
      && constant.num > 0)
    {
      sum = nrt_symbolic_number_new (s, constant);
      constant = nrt_rational_from_int (0);
    }

  for (guint k = 0; k < terms->len; k++)
    {
      guint index = k == 0 ? lead : (k <= lead ? k - 1 : k);
      Term *term = &g_array_index (terms, Term, index);

      if (sum == NULL)
        sum = term_new (s, term->coefficient, term->body);
      else if (term->coefficient.num > 0)
        sum = nrt_symbolic_node_new (s, NODE_ADD, sum, term_new (s, term->coefficient, term->body));
      else
        sum = nrt_symbolic_node_new (s, NODE_SUBTRACT, sum,
                                     term_new (s, nrt_rational_negate (term->coefficient),
                                               term->body));
    }

  if (sum == NULL)
    return nrt_symbolic_number_new (s, constant);
  if (constant.num > 0)
    return nrt_symbolic_node_new (s, NODE_ADD, sum, nrt_symbolic_number_new (s, constant));
  if (constant.num < 0)
    return nrt_symbolic_node_new (s, NODE_SUBTRACT, sum,
                                  nrt_symbolic_number_new (s, nrt_rational_negate (constant)));
  return sum;
}

/* Writes a sum whose coefficients are integers with a common factor g > 1
 * as g*(sum/g), such as 4*y - 4*w*x as 4*(y - w*x), so that g can cancel
 * against a divisor. When every coefficient is negative, -g is taken out. */
static Node *
factor_content (Simplifier *s, GArray *terms, Rational constant)
{
  gint64 g = constant.den == 1 ? constant.num : 0;
  gboolean negative = constant.num <= 0;

  if (terms->len == 0 || (terms->len == 1 && constant.num == 0) || constant.den != 1)
    return sum_new (s, terms, constant);
  for (guint i = 0; i < terms->len; i++)
    {
      Rational c = g_array_index (terms, Term, i).coefficient;

      if (c.den != 1)
        return sum_new (s, terms, constant);
      g = nrt_gcd64 (g, c.num);
      negative = negative && c.num < 0;
    }
  if (g <= 1)
    return sum_new (s, terms, constant);

  g = negative ? -g : g;
  for (guint i = 0; i < terms->len; i++)
    g_array_index (terms, Term, i).coefficient.num /= g;
  constant.num /= g;
  return nrt_symbolic_product_new (s, nrt_rational_from_int (g), sum_new (s, terms, constant));
}

/* A sum: flattens it, folds its constants (x + 0 = x, 0 - x = -x),
 * rewrites a + (-b) as a - b and a - (-b) as a + b, and merges terms with
 * equal bodies, so x - x = 0 and x + 2*x = 3*x. Merging assumes the body
 * is finite, as it is wherever the original is defined. */
static Node *
simplify_sum (Simplifier *s, Node *node)
{
  g_autoptr (GArray) terms = g_array_new (FALSE, FALSE, sizeof (Term));
  g_autoptr (GArray) merged = g_array_new (FALSE, FALSE, sizeof (Term));
  Rational constant = nrt_rational_from_int (0);

  if (!collect_terms (s, node, nrt_rational_from_int (1), terms, &constant))
    return node;

  for (guint i = 0; i < terms->len; i++)
    {
      Term *term = &g_array_index (terms, Term, i);
      gboolean done = FALSE;

      for (guint j = 0; j < merged->len && !done; j++)
        {
          Term *existing = &g_array_index (merged, Term, j);

          if (nrt_symbolic_node_equal (existing->body, term->body))
            done = nrt_rational_add (existing->coefficient, term->coefficient,
                                     &existing->coefficient);
        }
      if (!done)
        g_array_append_val (merged, *term);
    }

  /* Drop the terms that cancelled. */
  for (guint j = merged->len; j > 0; j--)
    if (g_array_index (merged, Term, j - 1).coefficient.num == 0)
      g_array_remove_index (merged, j - 1);

  return factor_content (s, merged, constant);
}

/* -a: folds constants, -(-x) = x, and moves the sign of a product or
 * quotient into its constant, -(c*x) = (-c)*x. */
static Node *
simplify_negate (Simplifier *s, Node *operand)
{
  Node *node = nrt_symbolic_node_new (s, NODE_NEGATE, operand, NULL);

  if (operand->kind == NODE_NUMBER)
    return nrt_symbolic_number_new (s, nrt_rational_negate (operand->value));
  if (operand->kind == NODE_NEGATE)
    return operand->left;
  if (operand->kind == NODE_MULTIPLY || operand->kind == NODE_DIVIDE)
    return nrt_symbolic_simplify_factors (s, node);
  return node;
}

/* a^b: x^1 = x, and x^0 = 1 and 1^x = 1, which C's pow (C99 F.9.4.4) and
 * so libmatheval return even for an infinite or NaN x. (x^a)^n = x^(a*n)
 * for constants a and n with n an integer: where x^a is finite, both sides
 * agree. Folds a constant to an integer power when the result prints
 * exactly. */
static Node *
simplify_power (Simplifier *s, Node *base, Node *exponent)
{
  Rational result;

  if (nrt_symbolic_is_number (exponent, 1))
    return base;
  if (nrt_symbolic_is_number (exponent, 0) || nrt_symbolic_is_number (base, 1))
    return nrt_symbolic_number_new (s, nrt_rational_from_int (1));
  if (base->kind == NODE_POWER && base->right->kind == NODE_NUMBER
      && exponent->kind == NODE_NUMBER && exponent->value.den == 1
      && nrt_rational_multiply (base->right->value, exponent->value, &result))
    return simplify_power (s, base->left, nrt_symbolic_number_new (s, result));
  if (base->kind == NODE_NUMBER && exponent->kind == NODE_NUMBER
      && nrt_rational_power (base->value, exponent->value, &result)
      && nrt_rational_is_printable (result))
    return nrt_symbolic_number_new (s, result);
  return nrt_symbolic_node_new (s, NODE_POWER, base, exponent);
}

/* Applies the rules once, bottom-up. */
static Node *
simplify_node (Simplifier *s, Node *node)
{
  Node *left, *right;

  if (s->failed)
    return node;

  switch (node->kind)
    {
    case NODE_NUMBER:
    case NODE_SYMBOL:
      return node;
    case NODE_FUNCTION:
      left = simplify_node (s, node->left);
      return left == node->left ? node : nrt_symbolic_named_new (s, NODE_FUNCTION, node->name,
                                                                 strlen (node->name), left);
    case NODE_NEGATE:
      return simplify_negate (s, simplify_node (s, node->left));
    default:
      break;
    }

  left = simplify_node (s, node->left);
  right = simplify_node (s, node->right);
  switch (node->kind)
    {
    case NODE_ADD:
    case NODE_SUBTRACT:
      return simplify_sum (s, nrt_symbolic_node_new (s, node->kind, left, right));
    case NODE_MULTIPLY:
    case NODE_DIVIDE:
      return nrt_symbolic_simplify_factors (s, nrt_symbolic_node_new (s, node->kind, left, right));
    case NODE_POWER:
      return simplify_power (s, left, right);
    default:
      g_assert_not_reached ();
    }
}

/* ---- entry point ---- */

char *
nrt_symbolic_simplify (const char *expression)
{
  Simplifier s = { 0 };
  Node *tree;
  char *result = NULL;

  g_return_val_if_fail (expression != NULL, NULL);

  s.allocations = g_ptr_array_new_with_free_func (g_free);

  /* Step 1: parse. */
  tree = nrt_symbolic_parse_tree (&s, expression);

  /* Step 2: apply the rules until the tree stops changing. */
  for (int pass = 0; tree != NULL && pass < MAX_PASSES; pass++)
    {
      Node *next = simplify_node (&s, tree);

      if (s.failed)
        tree = NULL;
      else if (nrt_symbolic_node_equal (next, tree))
        break;
      else
        tree = next;
    }

  /* Step 3: print. */
  if (tree != NULL)
    {
      GString *text = g_string_new (NULL);

      nrt_symbolic_print_tree (tree, text);
      result = g_string_free (text, FALSE);
    }
  else
    g_debug ("Kept libmatheval's text, which could not be parsed or was too deep: %.200s",
             expression);

  g_ptr_array_unref (s.allocations);
  return result;
}
