/* nrt-symbolic-tree.c: building, comparing, parsing and printing the
 * simplifier's expression trees. The parser reads libmatheval's text, and
 * the printer writes text that both a reader and libmatheval can read.
 */
#define G_LOG_DOMAIN "neurite-symbolic"

#include "config.h"

#include "nrt-symbolic-simplify-private.h"

#include <string.h>

/* Binding strength of what a node prints as, weakest first. */
typedef enum {
  PREC_SUM = 1,
  PREC_PRODUCT,
  PREC_UNARY,
  PREC_POWER,
  PREC_ATOM,
} Precedence;

/* ---- nodes ---- */

Node *
nrt_symbolic_node_new (Simplifier *s, NodeKind kind, Node *left, Node *right)
{
  Node *node = g_new0 (Node, 1);

  g_ptr_array_add (s->allocations, node);
  node->kind = kind;
  node->left = left;
  node->right = right;
  node->depth = 1 + MAX (left != NULL ? left->depth : 0, right != NULL ? right->depth : 0);
  if (node->depth > NRT_SYMBOLIC_SIMPLIFY_MAX_DEPTH)
    s->failed = TRUE;
  return node;
}

Node *
nrt_symbolic_number_new (Simplifier *s, Rational value)
{
  Node *node = nrt_symbolic_node_new (s, NODE_NUMBER, NULL, NULL);

  node->value = value;
  return node;
}

Node *
nrt_symbolic_named_new (Simplifier *s, NodeKind kind, const char *name, gsize length,
                        Node *argument)
{
  Node *node = nrt_symbolic_node_new (s, kind, argument, NULL);
  char *copy = g_strndup (name, length);

  g_ptr_array_add (s->allocations, copy);
  node->name = copy;
  return node;
}

gboolean
nrt_symbolic_is_number (const Node *node, gint64 value)
{
  return node->kind == NODE_NUMBER && nrt_rational_equals (node->value, value);
}

gboolean
nrt_symbolic_node_equal (const Node *a, const Node *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL || a->kind != b->kind || a->depth != b->depth)
    return FALSE;
  switch (a->kind)
    {
    case NODE_NUMBER:
      return a->value.num == b->value.num && a->value.den == b->value.den;
    case NODE_SYMBOL:
      return strcmp (a->name, b->name) == 0;
    case NODE_FUNCTION:
      return strcmp (a->name, b->name) == 0 && nrt_symbolic_node_equal (a->left, b->left);
    default:
      return nrt_symbolic_node_equal (a->left, b->left)
             && nrt_symbolic_node_equal (a->right, b->right);
    }
}

/* ---- parser ----
 *
 * Precedence as in libmatheval 1.1.11's grammar, weakest first: binary + and
 * -, then * and /, then unary minus, then ^, all left-associative, so
 * "-x^2" is -(x^2) and "2^3^2" is (2^3)^2. libmatheval's derivatives are
 * fully parenthesised apart from a negative zero, which it prints as "-0"
 * even inside a product such as "(x*-0)". */

typedef enum {
  TOKEN_END,
  TOKEN_NUMBER,
  TOKEN_NAME,
  TOKEN_OPERATOR,   /* one of + - * / ^ */
  TOKEN_OPEN,
  TOKEN_CLOSE,
  TOKEN_INVALID,
} TokenKind;

typedef struct {
  Simplifier *simplifier;
  const char *text;
  gsize position;       /* of the byte after the current token */
  TokenKind token;
  const char *start;    /* of the current token */
  gsize length;
  int nesting;
} Parser;

static void
parser_advance (Parser *p)
{
  const char *c;

  while (g_ascii_isspace (p->text[p->position]))
    p->position++;
  c = p->text + p->position;
  p->start = c;
  p->length = 1;

  if (*c == '\0')
    {
      p->token = TOKEN_END;
      p->length = 0;
      return;
    }
  if (g_ascii_isdigit (*c) || *c == '.')
    {
      gsize n = 0;

      while (g_ascii_isdigit (c[n]) || c[n] == '.')
        n++;
      if ((c[n] == 'e' || c[n] == 'E')
          && (g_ascii_isdigit (c[n + 1])
              || ((c[n + 1] == '+' || c[n + 1] == '-') && g_ascii_isdigit (c[n + 2]))))
        {
          n += g_ascii_isdigit (c[n + 1]) ? 1 : 2;
          while (g_ascii_isdigit (c[n]))
            n++;
        }
      /* A number run into a name, such as libmatheval's constant
       * "2_sqrtpi", is not handled. */
      p->token = g_ascii_isalnum (c[n]) || c[n] == '_' || c[n] == '.' ? TOKEN_INVALID : TOKEN_NUMBER;
      p->length = n;
    }
  else if (g_ascii_isalpha (*c) || *c == '_')
    {
      gsize n = 0;

      while (g_ascii_isalnum (c[n]) || c[n] == '_')
        n++;
      p->token = TOKEN_NAME;
      p->length = n;
    }
  else if (strchr ("+-*/^", *c) != NULL)
    p->token = TOKEN_OPERATOR;
  else if (*c == '(')
    p->token = TOKEN_OPEN;
  else if (*c == ')')
    p->token = TOKEN_CLOSE;
  else
    p->token = TOKEN_INVALID;
  p->position += p->length;
}

static gboolean
parser_at_operator (const Parser *p, char op)
{
  return p->token == TOKEN_OPERATOR && *p->start == op;
}

static Node *parse_sum (Parser *p);
static Node *parse_unary (Parser *p);

/* Enters one level of recursion; FALSE past the maximum depth. */
static gboolean
parser_enter (Parser *p)
{
  return ++p->nesting <= NRT_SYMBOLIC_SIMPLIFY_MAX_DEPTH;
}

static Node *
parse_primary (Parser *p)
{
  Node *node = NULL;

  if (p->token == TOKEN_NUMBER)
    {
      Rational value;

      /* A number too long for a Rational stays text and is never folded. */
      if (nrt_rational_parse (p->start, p->length, &value))
        node = nrt_symbolic_number_new (p->simplifier, value);
      else
        node = nrt_symbolic_named_new (p->simplifier, NODE_SYMBOL, p->start, p->length, NULL);
      parser_advance (p);
      return node;
    }
  if (p->token == TOKEN_NAME)
    {
      const char *name = p->start;
      gsize length = p->length;
      Node *argument;

      parser_advance (p);
      if (p->token != TOKEN_OPEN)
        return nrt_symbolic_named_new (p->simplifier, NODE_SYMBOL, name, length, NULL);
      parser_advance (p);
      argument = parse_sum (p);
      if (argument == NULL || p->token != TOKEN_CLOSE)
        return NULL;
      parser_advance (p);
      return nrt_symbolic_named_new (p->simplifier, NODE_FUNCTION, name, length, argument);
    }
  if (p->token == TOKEN_OPEN)
    {
      parser_advance (p);
      node = parse_sum (p);
      if (node == NULL || p->token != TOKEN_CLOSE)
        return NULL;
      parser_advance (p);
      return node;
    }
  return NULL;
}

static Node *
parse_power (Parser *p)
{
  Node *base = parse_primary (p);

  while (base != NULL && parser_at_operator (p, '^'))
    {
      Node *exponent;

      parser_advance (p);
      exponent = parser_at_operator (p, '-') ? parse_unary (p) : parse_primary (p);
      if (exponent == NULL)
        return NULL;
      base = nrt_symbolic_node_new (p->simplifier, NODE_POWER, base, exponent);
    }
  return base;
}

static Node *
parse_unary (Parser *p)
{
  Node *operand;

  if (!parser_at_operator (p, '-'))
    return parse_power (p);
  if (!parser_enter (p))
    return NULL;
  parser_advance (p);
  operand = parse_unary (p);
  p->nesting--;
  return operand != NULL ? nrt_symbolic_node_new (p->simplifier, NODE_NEGATE, operand, NULL) : NULL;
}

static Node *
parse_product (Parser *p)
{
  Node *left = parse_unary (p);

  while (left != NULL && (parser_at_operator (p, '*') || parser_at_operator (p, '/')))
    {
      NodeKind kind = *p->start == '*' ? NODE_MULTIPLY : NODE_DIVIDE;
      Node *right;

      parser_advance (p);
      right = parse_unary (p);
      if (right == NULL)
        return NULL;
      left = nrt_symbolic_node_new (p->simplifier, kind, left, right);
    }
  return left;
}

static Node *
parse_sum (Parser *p)
{
  Node *left;

  if (!parser_enter (p))
    return NULL;
  left = parse_product (p);
  while (left != NULL && (parser_at_operator (p, '+') || parser_at_operator (p, '-')))
    {
      NodeKind kind = *p->start == '+' ? NODE_ADD : NODE_SUBTRACT;
      Node *right;

      parser_advance (p);
      right = parse_product (p);
      if (right == NULL)
        return NULL;
      left = nrt_symbolic_node_new (p->simplifier, kind, left, right);
    }
  p->nesting--;
  return left;
}

/* Parses the whole text; NULL on any error. */
Node *
nrt_symbolic_parse_tree (Simplifier *s, const char *text)
{
  Parser p = { .simplifier = s, .text = text };
  Node *tree;

  parser_advance (&p);
  tree = parse_sum (&p);
  if (tree == NULL || p.token != TOKEN_END || s->failed)
    return NULL;
  return tree;
}

/* ---- printer ---- */

static Precedence
precedence (const Node *node)
{
  switch (node->kind)
    {
    case NODE_NUMBER:
      return node->value.num < 0 ? PREC_UNARY : PREC_ATOM;
    case NODE_SYMBOL:
    case NODE_FUNCTION:
      return PREC_ATOM;
    case NODE_NEGATE:
      return PREC_UNARY;
    case NODE_POWER:
      return PREC_POWER;
    case NODE_MULTIPLY:
    case NODE_DIVIDE:
      return PREC_PRODUCT;
    default:
      return PREC_SUM;
    }
}

/* TRUE when node's text, printed without parentheses around it, may
 * begin with a minus sign. */
static gboolean
starts_with_minus (const Node *node)
{
  switch (node->kind)
    {
    case NODE_NUMBER:
      return node->value.num < 0;
    case NODE_NEGATE:
      return TRUE;
    case NODE_ADD:
    case NODE_SUBTRACT:
    case NODE_MULTIPLY:
    case NODE_DIVIDE:
      return starts_with_minus (node->left);
    default:
      return FALSE;
    }
}

static void
print_operand (const Node *node, gboolean parenthesise, GString *text)
{
  if (parenthesise)
    g_string_append_c (text, '(');
  nrt_symbolic_print_tree (node, text);
  if (parenthesise)
    g_string_append_c (text, ')');
}

/* Prints with the fewest parentheses that keep the tree's meaning under
 * usual precedence. Beyond that, a negative right operand is always
 * parenthesised, as in a*(-b), and so are both operands of ^ when they are
 * powers: a reader takes a^b^c as a^(b^c) but libmatheval reads (a^b)^c.
 * The right operand of + or * is not parenthesised when it is a sum or
 * product itself, so a*(b*c) prints as a*b*c, equal to it up to rounding. */
void
nrt_symbolic_print_tree (const Node *node, GString *text)
{
  Precedence left, right;
  gboolean negative_right;

  switch (node->kind)
    {
    case NODE_NUMBER:
      /* Parsed and folded numbers are exact decimals, so the fallback, in
       * the C locale's format whatever the user's locale, is a safeguard. */
      if (!nrt_rational_format (node->value, 0, text))
        {
          char buffer[G_ASCII_DTOSTR_BUF_SIZE];

          g_string_append (text, g_ascii_formatd (buffer, sizeof buffer, "%.17g",
                                                  (double) node->value.num / (double) node->value.den));
        }
      return;
    case NODE_SYMBOL:
      g_string_append (text, node->name);
      return;
    case NODE_FUNCTION:
      g_string_append_printf (text, "%s(", node->name);
      nrt_symbolic_print_tree (node->left, text);
      g_string_append_c (text, ')');
      return;
    case NODE_NEGATE:
      /* -x*y is -(x*y) for a reader and (-x)*y for libmatheval, which
       * are equal. -(x^2) and -(a + b) keep their parentheses. */
      g_string_append_c (text, '-');
      print_operand (node->left,
                     (precedence (node->left) != PREC_ATOM
                      && precedence (node->left) != PREC_PRODUCT)
                     || starts_with_minus (node->left),
                     text);
      return;
    default:
      break;
    }

  left = precedence (node->left);
  right = precedence (node->right);
  negative_right = starts_with_minus (node->right);
  switch (node->kind)
    {
    case NODE_ADD:
      print_operand (node->left, FALSE, text);
      g_string_append (text, " + ");
      print_operand (node->right, negative_right, text);
      break;
    case NODE_SUBTRACT:
      print_operand (node->left, FALSE, text);
      g_string_append (text, " - ");
      print_operand (node->right, right <= PREC_SUM || negative_right, text);
      break;
    case NODE_MULTIPLY:
      print_operand (node->left, left < PREC_PRODUCT, text);
      g_string_append_c (text, '*');
      print_operand (node->right, right < PREC_PRODUCT || negative_right, text);
      break;
    case NODE_DIVIDE:
      print_operand (node->left, left < PREC_PRODUCT, text);
      g_string_append_c (text, '/');
      print_operand (node->right, right <= PREC_PRODUCT || negative_right, text);
      break;
    case NODE_POWER:
      print_operand (node->left, left <= PREC_POWER, text);
      g_string_append_c (text, '^');
      print_operand (node->right, right <= PREC_POWER, text);
      break;
    default:
      g_assert_not_reached ();
    }
}
