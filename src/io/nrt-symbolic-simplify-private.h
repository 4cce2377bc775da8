/* nrt-symbolic-simplify-private.h: the expression tree and the exact
 * constants shared by the parts of the simplifier.
 *
 * nrt-symbolic-rational.c computes with constants, nrt-symbolic-tree.c
 * builds, compares, parses and prints trees, and the rules live in
 * nrt-symbolic-simplify-products.c (products and quotients) and
 * nrt-symbolic-simplify.c (sums, negation, powers and the entry point).
 */
#pragma once

#include <glib.h>

#include "nrt-symbolic-simplify.h"

G_BEGIN_DECLS

/* Flattened sums and products with more operands than this keep their
 * tree, which bounds the quadratic search for like terms. */
#define MAX_OPERANDS 256

typedef struct {
  gint64 num;
  gint64 den;   /* > 0, and coprime with num */
} Rational;

typedef enum {
  NODE_NUMBER,
  NODE_SYMBOL,     /* a variable or a libmatheval constant such as pi */
  NODE_FUNCTION,   /* name(left) */
  NODE_NEGATE,     /* -left */
  NODE_ADD,
  NODE_SUBTRACT,
  NODE_MULTIPLY,
  NODE_DIVIDE,
  NODE_POWER,
} NodeKind;

typedef struct Node Node;
struct Node {
  NodeKind kind;
  int depth;          /* 1 for a leaf */
  Rational value;     /* NODE_NUMBER */
  const char *name;   /* NODE_SYMBOL, NODE_FUNCTION */
  Node *left;
  Node *right;        /* binary operators */
};

typedef struct {
  GPtrArray *allocations;   /* nodes and names, freed together */
  gboolean failed;          /* a tree grew deeper than the maximum */
} Simplifier;

/* Exact rational arithmetic (nrt-symbolic-rational.c). */
gint64 nrt_gcd64 (gint64 a, gint64 b);
Rational nrt_rational_from_int (gint64 value);
gboolean nrt_rational_add (Rational a, Rational b, Rational *out);
gboolean nrt_rational_multiply (Rational a, Rational b, Rational *out);
gboolean nrt_rational_divide (Rational a, Rational b, Rational *out);
Rational nrt_rational_negate (Rational a);
gboolean nrt_rational_equals (Rational a, gint64 value);
gboolean nrt_rational_power (Rational base, Rational exponent, Rational *out);
gboolean nrt_rational_format (Rational r, int max_digits, GString *text);
gboolean nrt_rational_is_printable (Rational r);
gboolean nrt_rational_parse (const char *text, gsize length, Rational *out);

/* Trees (nrt-symbolic-tree.c). */
Node *nrt_symbolic_node_new (Simplifier *s, NodeKind kind, Node *left, Node *right);
Node *nrt_symbolic_number_new (Simplifier *s, Rational value);
Node *nrt_symbolic_named_new (Simplifier *s, NodeKind kind, const char *name, gsize length,
                              Node *argument);
gboolean nrt_symbolic_is_number (const Node *node, gint64 value);
gboolean nrt_symbolic_node_equal (const Node *a, const Node *b);
Node *nrt_symbolic_parse_tree (Simplifier *s, const char *text);
void nrt_symbolic_print_tree (const Node *node, GString *text);

/* Rules for products and quotients (nrt-symbolic-simplify-products.c). */
Node *nrt_symbolic_product_new (Simplifier *s, Rational c, Node *body);
Node *nrt_symbolic_simplify_factors (Simplifier *s, Node *node);

G_END_DECLS
