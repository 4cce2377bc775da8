/* nrt-symbolic-simplify-products.c: the rules for products and quotients.
 *
 * A product or quotient becomes one folded constant, then its factors in a
 * canonical order with powers of the same base merged, so that equal
 * products become equal trees and like terms of a sum can merge.
 */
#define G_LOG_DOMAIN "neurite-symbolic"

#include "config.h"

#include "nrt-symbolic-simplify-private.h"

#include <string.h>

/* Order of factors in a product: constants, variables, function calls,
 * powers, then compound factors. */
static int
kind_rank (NodeKind kind)
{
  switch (kind)
    {
    case NODE_NUMBER:
      return 0;
    case NODE_SYMBOL:
      return 1;
    case NODE_FUNCTION:
      return 2;
    case NODE_POWER:
      return 3;
    default:
      return 4 + (int) kind;
    }
}

/* A total order on trees. Sorting a product's factors by it makes
 * x*(w - b) and (w - b)*x the same tree, so like terms can be merged. */
static int
node_compare (const Node *a, const Node *b)
{
  int order;

  if (a == b)
    return 0;
  order = kind_rank (a->kind) - kind_rank (b->kind);
  if (order != 0)
    return order;

  switch (a->kind)
    {
    case NODE_NUMBER:
      if (a->value.num != b->value.num)
        return a->value.num < b->value.num ? -1 : 1;
      return a->value.den < b->value.den ? -1 : (a->value.den > b->value.den ? 1 : 0);
    case NODE_SYMBOL:
      return strcmp (a->name, b->name);
    case NODE_FUNCTION:
      order = strcmp (a->name, b->name);
      return order != 0 ? order : node_compare (a->left, b->left);
    case NODE_NEGATE:
      return node_compare (a->left, b->left);
    default:
      order = node_compare (a->left, b->left);
      return order != 0 ? order : node_compare (a->right, b->right);
    }
}

static int
compare_factors (gconstpointer a, gconstpointer b)
{
  return node_compare (*(Node *const *) a, *(Node *const *) b);
}

/* c*body in canonical form: the constant first, 1*x as x, -1*x as -x and
 * 0*x as 0. body NULL stands for 1. */
Node *
nrt_symbolic_product_new (Simplifier *s, Rational c, Node *body)
{
  if (body == NULL || c.num == 0)
    return nrt_symbolic_number_new (s, c);
  if (nrt_rational_equals (c, 1))
    return body;
  if (nrt_rational_equals (c, -1))
    return nrt_symbolic_node_new (s, NODE_NEGATE, body, NULL);
  return nrt_symbolic_node_new (s, NODE_MULTIPLY, nrt_symbolic_number_new (s, c), body);
}

/* Splits a factor into base and constant exponent: x^3 into x and 3,
 * anything else into itself and 1. */
static void
split_power (Node *factor, Node **base, Rational *exponent)
{
  *base = factor;
  *exponent = nrt_rational_from_int (1);
  if (factor->kind == NODE_POWER && factor->right->kind == NODE_NUMBER)
    {
      *base = factor->left;
      *exponent = factor->right->value;
    }
}

/* Multiplies sorted factors left to right, after merging factors with the
 * same base: x*x = x^2 and x^a*x^b = x^(a+b) for constants a and b. Both
 * sides agree where x^a and x^b are finite. x^0 is dropped as 1. Returns
 * NULL for no factors. */
static Node *
chain_new (Simplifier *s, GPtrArray *factors)
{
  g_autoptr (GPtrArray) bases = g_ptr_array_new ();
  g_autoptr (GArray) exponents = g_array_new (FALSE, FALSE, sizeof (Rational));
  g_autoptr (GPtrArray) merged = g_ptr_array_new ();
  Node *chain = NULL;

  for (guint i = 0; i < factors->len; i++)
    {
      Node *base;
      Rational exponent;
      gboolean done = FALSE;

      split_power (factors->pdata[i], &base, &exponent);
      for (guint j = 0; j < bases->len && !done; j++)
        if (nrt_symbolic_node_equal (bases->pdata[j], base))
          done = nrt_rational_add (g_array_index (exponents, Rational, j), exponent,
                                   &g_array_index (exponents, Rational, j));
      if (!done)
        {
          g_ptr_array_add (bases, base);
          g_array_append_val (exponents, exponent);
        }
    }

  for (guint j = 0; j < bases->len; j++)
    {
      Rational exponent = g_array_index (exponents, Rational, j);

      if (exponent.num == 0)
        continue;
      g_ptr_array_add (merged, nrt_rational_equals (exponent, 1)
                               ? bases->pdata[j]
                               : nrt_symbolic_node_new (s, NODE_POWER, bases->pdata[j],
                                                        nrt_symbolic_number_new (s, exponent)));
    }

  g_ptr_array_sort (merged, compare_factors);
  for (guint j = 0; j < merged->len; j++)
    chain = chain == NULL ? merged->pdata[j]
                          : nrt_symbolic_node_new (s, NODE_MULTIPLY, chain, merged->pdata[j]);
  return chain;
}

typedef struct {
  GPtrArray *numerator;     /* factors, in the order met */
  GPtrArray *denominator;
  Rational c;               /* the product of the constants */
  gboolean integers;        /* every constant met is an integer */
} Factors;

/* Sorts the factors of a product or quotient into numerator and
 * denominator and folds its constants and signs into f->c. A constant
 * whose fold overflows or divides by zero stays a factor. FALSE past
 * MAX_OPERANDS factors. */
static gboolean
collect_factors (Node *node, gboolean inverted, Factors *f)
{
  switch (node->kind)
    {
    case NODE_MULTIPLY:
      return collect_factors (node->left, inverted, f)
             && collect_factors (node->right, inverted, f);
    case NODE_DIVIDE:
      return collect_factors (node->left, inverted, f)
             && collect_factors (node->right, !inverted, f);
    case NODE_NEGATE:
      f->c = nrt_rational_negate (f->c);
      return collect_factors (node->left, inverted, f);
    case NODE_NUMBER:
      if (node->value.den != 1)
        f->integers = FALSE;
      if (inverted ? nrt_rational_divide (f->c, node->value, &f->c)
                   : nrt_rational_multiply (f->c, node->value, &f->c))
        return TRUE;
      break;
    default:
      break;
    }
  g_ptr_array_add (inverted ? f->denominator : f->numerator, node);
  return f->numerator->len + f->denominator->len <= MAX_OPERANDS;
}

/* A product or quotient (or the negation of one) as c*a*b/(d*e): one
 * constant first, then the factors in sorted order, with powers of the
 * same base merged by chain_new. Numerator and denominator are not
 * cancelled against each other, so x/x stays. This applies x*1 = x, x/1 = x, (c1*x)*c2 = (c1*c2)*x, x*c = c*x,
 * (c*x)/d = (c/d)*x, a*(b/c) = (a*b)/c and a/(b/c) = (a*c)/b.
 *
 * x*0 = 0 and 0/x = 0 also where x is infinite, NaN or (for 0/x) zero,
 * where the original is NaN: the rules keep the value wherever the
 * original is defined. Between integer constants the result keeps a
 * fraction, such as x/2 or 2*x/3; once a constant is a decimal, such as
 * 0.5, the result folds into a decimal where that is exact. */
Node *
nrt_symbolic_simplify_factors (Simplifier *s, Node *node)
{
  g_autoptr (GPtrArray) numerator = g_ptr_array_new ();
  g_autoptr (GPtrArray) denominator = g_ptr_array_new ();
  Factors f = { numerator, denominator, { 1, 1 }, TRUE };
  Rational top, bottom;
  Node *upper, *lower;

  if (!collect_factors (node, FALSE, &f))
    return node;
  if (f.c.num == 0)
    return nrt_symbolic_number_new (s, f.c);

  if (f.c.den == 1 || (!f.integers && nrt_rational_is_printable (f.c)))
    {
      top = f.c;
      bottom = nrt_rational_from_int (1);
    }
  else
    {
      top = nrt_rational_from_int (f.c.num);
      bottom = nrt_rational_from_int (f.c.den);
    }

  upper = nrt_symbolic_product_new (s, top, chain_new (s, numerator));
  lower = chain_new (s, denominator);
  if (lower != NULL)
    lower = nrt_symbolic_product_new (s, bottom, lower);
  else if (!nrt_rational_equals (bottom, 1))
    lower = nrt_symbolic_number_new (s, bottom);

  return lower == NULL ? upper : nrt_symbolic_node_new (s, NODE_DIVIDE, upper, lower);
}
