/* nrt-symbolic-simplify.c: simplification and printing of libmatheval's
 * expression text.
 *
 * Constants are exact rationals with 64-bit numerator and denominator, so
 * 0.1 + 0.2 folds to 0.3 and not to 0.30000000000000004. A fold whose result
 * overflows, or that would need a number a decimal cannot print exactly
 * (such as 1/3), is not done and the expression keeps its operator.
 *
 * Each rule keeps the value of the expression wherever the original is
 * defined, that is, where it evaluates to a finite number. Sums and
 * products are flattened and their constants folded, and terms of a sum
 * that differ only in a constant factor are merged. This reassociation can
 * change the last bits of a result, so the two agree to rounding error.
 *
 * Every node is allocated in one arena that is freed at the end, so rules
 * build new nodes freely and never free one.
 */
#define G_LOG_DOMAIN "neurite-symbolic"

#include "config.h"

#include "nrt-symbolic-simplify.h"

#include <string.h>

/* Flattened sums and products with more operands than this keep their
 * tree, which bounds the quadratic search for like terms. */
#define MAX_OPERANDS 256

/* Passes of the rules over the whole tree, after which the simplifier
 * stops looking for a fixed point and prints the tree it has. */
#define MAX_PASSES 32

/* The maximum number of significant digits of a folded constant. A decimal
 * of at most 15 digits (DBL_DIG) survives conversion to double and back. */
#define MAX_DIGITS 15

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

/* Binding strength of what a node prints as, weakest first. */
typedef enum {
  PREC_SUM = 1,
  PREC_PRODUCT,
  PREC_UNARY,
  PREC_POWER,
  PREC_ATOM,
} Precedence;

/* ---- exact rational arithmetic ---- */

static gint64
gcd64 (gint64 a, gint64 b)
{
  a = a < 0 ? -a : a;
  b = b < 0 ? -b : b;
  while (b != 0)
    {
      gint64 t = a % b;

      a = b;
      b = t;
    }
  return a;
}

/* Normalises num/den into *out. G_MININT64 is rejected so that negating
 * any Rational is safe. */
static gboolean
rational_make (gint64 num, gint64 den, Rational *out)
{
  gint64 divisor;

  if (den == 0 || num == G_MININT64 || den == G_MININT64)
    return FALSE;
  if (den < 0)
    {
      num = -num;
      den = -den;
    }
  divisor = gcd64 (num, den);
  if (divisor > 1)
    {
      num /= divisor;
      den /= divisor;
    }
  out->num = num;
  out->den = num == 0 ? 1 : den;
  return TRUE;
}

static Rational
rational_from_int (gint64 value)
{
  Rational r = { value, 1 };

  return r;
}

static gboolean
rational_add (Rational a, Rational b, Rational *out)
{
  gint64 left, right, num, den;

  if (__builtin_mul_overflow (a.num, b.den, &left)
      || __builtin_mul_overflow (b.num, a.den, &right)
      || __builtin_add_overflow (left, right, &num)
      || __builtin_mul_overflow (a.den, b.den, &den))
    return FALSE;
  return rational_make (num, den, out);
}

static gboolean
rational_multiply (Rational a, Rational b, Rational *out)
{
  gint64 num, den;

  if (__builtin_mul_overflow (a.num, b.num, &num)
      || __builtin_mul_overflow (a.den, b.den, &den))
    return FALSE;
  return rational_make (num, den, out);
}

static gboolean
rational_divide (Rational a, Rational b, Rational *out)
{
  gint64 num, den;

  if (b.num == 0
      || __builtin_mul_overflow (a.num, b.den, &num)
      || __builtin_mul_overflow (a.den, b.num, &den))
    return FALSE;
  return rational_make (num, den, out);
}

static Rational
rational_negate (Rational a)
{
  Rational r = { -a.num, a.den };

  return r;
}

static gboolean
rational_equals (Rational a, gint64 value)
{
  return a.den == 1 && a.num == value;
}

/* base^exponent for an integer exponent of at most 64 in magnitude. */
static gboolean
rational_power (Rational base, Rational exponent, Rational *out)
{
  Rational result = rational_from_int (1);
  gint64 count;

  if (exponent.den != 1 || exponent.num > 64 || exponent.num < -64)
    return FALSE;
  count = exponent.num < 0 ? -exponent.num : exponent.num;
  for (gint64 i = 0; i < count; i++)
    if (!rational_multiply (result, base, &result))
      return FALSE;
  if (exponent.num < 0)
    return rational_divide (rational_from_int (1), result, out);
  *out = result;
  return TRUE;
}

/* Writes r as an exact decimal such as "-0.25", with no trailing zeros and
 * no ".0" on integers. Fails when the denominator has a prime factor other
 * than 2 and 5, when the digits overflow, or when there are more than
 * max_digits significant digits (0 for no limit). */
static gboolean
rational_format (Rational r, int max_digits, GString *text)
{
  gint64 den = r.den, scale = 1, scaled, magnitude;
  int twos = 0, fives = 0, places;
  char digits[32];
  int length, significant;

  while (den % 2 == 0)
    {
      den /= 2;
      twos++;
    }
  while (den % 5 == 0)
    {
      den /= 5;
      fives++;
    }
  if (den != 1)
    return FALSE;

  /* r = scaled / 10^places exactly. */
  places = MAX (twos, fives);
  for (int i = 0; i < places; i++)
    if (__builtin_mul_overflow (scale, (gint64) 10, &scale))
      return FALSE;
  if (__builtin_mul_overflow (r.num, scale / r.den, &scaled) || scaled == G_MININT64)
    return FALSE;

  magnitude = scaled < 0 ? -scaled : scaled;
  length = g_snprintf (digits, sizeof digits, "%" G_GINT64_FORMAT, magnitude);
  significant = length;
  while (significant > 1 && digits[significant - 1] == '0' && places == 0)
    significant--;
  if (max_digits > 0 && significant > max_digits)
    return FALSE;

  if (scaled < 0)
    g_string_append_c (text, '-');
  if (places == 0)
    {
      g_string_append (text, digits);
      return TRUE;
    }
  if (length <= places)
    {
      g_string_append (text, "0.");
      for (int i = length; i < places; i++)
        g_string_append_c (text, '0');
      g_string_append (text, digits);
    }
  else
    {
      g_string_append_len (text, digits, length - places);
      g_string_append_c (text, '.');
      g_string_append (text, digits + length - places);
    }
  return TRUE;
}

/* TRUE when a fold may produce r: it prints exactly in few digits. */
static gboolean
rational_is_printable (Rational r)
{
  GString *scratch = g_string_new (NULL);
  gboolean printable = rational_format (r, MAX_DIGITS, scratch);

  g_string_free (scratch, TRUE);
  return printable;
}

/* Reads a decimal such as "12", "0.693147" or "1e-05" exactly. Fails on
 * overflow, so that the number is kept as text. */
static gboolean
rational_parse (const char *text, gsize length, Rational *out)
{
  gint64 mantissa = 0, den = 1;
  int fraction_digits = 0, exponent = 0, exponent_sign = 1;
  gboolean in_fraction = FALSE;
  int n_digits = 0;
  gsize i = 0;

  for (; i < length && (g_ascii_isdigit (text[i]) || text[i] == '.'); i++)
    {
      if (text[i] == '.' && in_fraction)
        return FALSE;
      if (text[i] == '.')
        {
          in_fraction = TRUE;
          continue;
        }
      n_digits++;
      if (__builtin_mul_overflow (mantissa, (gint64) 10, &mantissa)
          || __builtin_add_overflow (mantissa, (gint64) (text[i] - '0'), &mantissa))
        return FALSE;
      if (in_fraction)
        fraction_digits++;
    }
  if (n_digits == 0)
    return FALSE;
  if (i < length)
    {
      /* The lexer has checked the form [eE][+-]?digits. */
      i++;
      if (text[i] == '+' || text[i] == '-')
        exponent_sign = text[i++] == '-' ? -1 : 1;
      for (; i < length; i++)
        {
          exponent = exponent * 10 + (text[i] - '0');
          if (exponent > 400)
            return FALSE;
        }
    }

  exponent = exponent_sign * exponent - fraction_digits;
  for (; exponent > 0; exponent--)
    if (__builtin_mul_overflow (mantissa, (gint64) 10, &mantissa))
      return FALSE;
  for (; exponent < 0; exponent++)
    if (__builtin_mul_overflow (den, (gint64) 10, &den))
      return FALSE;
  return rational_make (mantissa, den, out);
}

/* ---- nodes ---- */

static Node *
node_new (Simplifier *s, NodeKind kind, Node *left, Node *right)
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

static Node *
number_new (Simplifier *s, Rational value)
{
  Node *node = node_new (s, NODE_NUMBER, NULL, NULL);

  node->value = value;
  return node;
}

static Node *
named_new (Simplifier *s, NodeKind kind, const char *name, gsize length, Node *argument)
{
  Node *node = node_new (s, kind, argument, NULL);
  char *copy = g_strndup (name, length);

  g_ptr_array_add (s->allocations, copy);
  node->name = copy;
  return node;
}

static gboolean
is_number (const Node *node, gint64 value)
{
  return node->kind == NODE_NUMBER && rational_equals (node->value, value);
}

static gboolean
node_equal (const Node *a, const Node *b)
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
      return strcmp (a->name, b->name) == 0 && node_equal (a->left, b->left);
    default:
      return node_equal (a->left, b->left) && node_equal (a->right, b->right);
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
      if (rational_parse (p->start, p->length, &value))
        node = number_new (p->simplifier, value);
      else
        node = named_new (p->simplifier, NODE_SYMBOL, p->start, p->length, NULL);
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
        return named_new (p->simplifier, NODE_SYMBOL, name, length, NULL);
      parser_advance (p);
      argument = parse_sum (p);
      if (argument == NULL || p->token != TOKEN_CLOSE)
        return NULL;
      parser_advance (p);
      return named_new (p->simplifier, NODE_FUNCTION, name, length, argument);
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
      base = node_new (p->simplifier, NODE_POWER, base, exponent);
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
  return operand != NULL ? node_new (p->simplifier, NODE_NEGATE, operand, NULL) : NULL;
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
      left = node_new (p->simplifier, kind, left, right);
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
      left = node_new (p->simplifier, kind, left, right);
    }
  p->nesting--;
  return left;
}

/* Parses the whole text; NULL on any error. */
static Node *
parse_expression (Simplifier *s, const char *text)
{
  Parser p = { .simplifier = s, .text = text };
  Node *tree;

  parser_advance (&p);
  tree = parse_sum (&p);
  if (tree == NULL || p.token != TOKEN_END || s->failed)
    return NULL;
  return tree;
}

/* ---- rules ---- */

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
static Node *
product_new (Simplifier *s, Rational c, Node *body)
{
  if (body == NULL || c.num == 0)
    return number_new (s, c);
  if (rational_equals (c, 1))
    return body;
  if (rational_equals (c, -1))
    return node_new (s, NODE_NEGATE, body, NULL);
  return node_new (s, NODE_MULTIPLY, number_new (s, c), body);
}

/* Splits a factor into base and constant exponent: x^3 into x and 3,
 * anything else into itself and 1. */
static void
split_power (Node *factor, Node **base, Rational *exponent)
{
  *base = factor;
  *exponent = rational_from_int (1);
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
        if (node_equal (bases->pdata[j], base))
          done = rational_add (g_array_index (exponents, Rational, j), exponent,
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
      g_ptr_array_add (merged, rational_equals (exponent, 1)
                               ? bases->pdata[j]
                               : node_new (s, NODE_POWER, bases->pdata[j],
                                           number_new (s, exponent)));
    }

  g_ptr_array_sort (merged, compare_factors);
  for (guint j = 0; j < merged->len; j++)
    chain = chain == NULL ? merged->pdata[j] : node_new (s, NODE_MULTIPLY, chain, merged->pdata[j]);
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
      f->c = rational_negate (f->c);
      return collect_factors (node->left, inverted, f);
    case NODE_NUMBER:
      if (node->value.den != 1)
        f->integers = FALSE;
      if (inverted ? rational_divide (f->c, node->value, &f->c)
                   : rational_multiply (f->c, node->value, &f->c))
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
static Node *
simplify_factors (Simplifier *s, Node *node)
{
  g_autoptr (GPtrArray) numerator = g_ptr_array_new ();
  g_autoptr (GPtrArray) denominator = g_ptr_array_new ();
  Factors f = { numerator, denominator, { 1, 1 }, TRUE };
  Rational top, bottom;
  Node *upper, *lower;

  if (!collect_factors (node, FALSE, &f))
    return node;
  if (f.c.num == 0)
    return number_new (s, f.c);

  if (f.c.den == 1 || (!f.integers && rational_is_printable (f.c)))
    {
      top = f.c;
      bottom = rational_from_int (1);
    }
  else
    {
      top = rational_from_int (f.c.num);
      bottom = rational_from_int (f.c.den);
    }

  upper = product_new (s, top, chain_new (s, numerator));
  lower = chain_new (s, denominator);
  if (lower != NULL)
    lower = product_new (s, bottom, lower);
  else if (!rational_equals (bottom, 1))
    lower = number_new (s, bottom);

  return lower == NULL ? upper : node_new (s, NODE_DIVIDE, upper, lower);
}

/* Splits node into a constant factor and the rest: 3*x into 3 and x, -x
 * into -1 and x, 5 into 5 and NULL, 3*x/y into 3 and x/y, anything else
 * into 1 and itself. */
static void
split_coefficient (Simplifier *s, Node *node, Rational *c, Node **body)
{
  *c = rational_from_int (1);
  *body = node;
  if (node->kind == NODE_NUMBER)
    {
      *c = node->value;
      *body = NULL;
    }
  else if (node->kind == NODE_NEGATE)
    {
      split_coefficient (s, node->left, c, body);
      *c = rational_negate (*c);
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
      if (rational_equals (*c, 1))
        return;
      if (numerator == NULL)
        numerator = number_new (s, rational_from_int (1));
      *body = node_new (s, NODE_DIVIDE, numerator, node->right);
    }
}

/* c*body for a term of a sum, in the form simplify_factors gives it, so
 * that splitting and rebuilding a term reach a fixed point. */
static Node *
term_new (Simplifier *s, Rational c, Node *body)
{
  if (body != NULL && body->kind == NODE_DIVIDE)
    return simplify_factors (s, node_new (s, NODE_MULTIPLY, number_new (s, c), body));
  return product_new (s, c, body);
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
                               node->kind == NODE_SUBTRACT ? rational_negate (scale) : scale,
                               terms, constant);
    case NODE_NEGATE:
      return collect_terms (s, node->left, rational_negate (scale), terms, constant);
    default:
      break;
    }

  split_coefficient (s, node, &c, &term.body);
  if (!rational_multiply (c, scale, &term.coefficient))
    {
      /* The coefficient overflowed: keep the node whole. */
      term.body = node;
      term.coefficient = scale;
    }
  else if (term.body == NULL && rational_add (*constant, term.coefficient, constant))
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
      sum = number_new (s, constant);
      constant = rational_from_int (0);
    }

  for (guint k = 0; k < terms->len; k++)
    {
      guint index = k == 0 ? lead : (k <= lead ? k - 1 : k);
      Term *term = &g_array_index (terms, Term, index);

      if (sum == NULL)
        sum = term_new (s, term->coefficient, term->body);
      else if (term->coefficient.num > 0)
        sum = node_new (s, NODE_ADD, sum, term_new (s, term->coefficient, term->body));
      else
        sum = node_new (s, NODE_SUBTRACT, sum,
                        term_new (s, rational_negate (term->coefficient), term->body));
    }

  if (sum == NULL)
    return number_new (s, constant);
  if (constant.num > 0)
    return node_new (s, NODE_ADD, sum, number_new (s, constant));
  if (constant.num < 0)
    return node_new (s, NODE_SUBTRACT, sum, number_new (s, rational_negate (constant)));
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
      g = gcd64 (g, c.num);
      negative = negative && c.num < 0;
    }
  if (g <= 1)
    return sum_new (s, terms, constant);

  g = negative ? -g : g;
  for (guint i = 0; i < terms->len; i++)
    g_array_index (terms, Term, i).coefficient.num /= g;
  constant.num /= g;
  return product_new (s, rational_from_int (g), sum_new (s, terms, constant));
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
  Rational constant = rational_from_int (0);

  if (!collect_terms (s, node, rational_from_int (1), terms, &constant))
    return node;

  for (guint i = 0; i < terms->len; i++)
    {
      Term *term = &g_array_index (terms, Term, i);
      gboolean done = FALSE;

      for (guint j = 0; j < merged->len && !done; j++)
        {
          Term *existing = &g_array_index (merged, Term, j);

          if (node_equal (existing->body, term->body))
            done = rational_add (existing->coefficient, term->coefficient,
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
  Node *node = node_new (s, NODE_NEGATE, operand, NULL);

  if (operand->kind == NODE_NUMBER)
    return number_new (s, rational_negate (operand->value));
  if (operand->kind == NODE_NEGATE)
    return operand->left;
  if (operand->kind == NODE_MULTIPLY || operand->kind == NODE_DIVIDE)
    return simplify_factors (s, node);
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

  if (is_number (exponent, 1))
    return base;
  if (is_number (exponent, 0) || is_number (base, 1))
    return number_new (s, rational_from_int (1));
  if (base->kind == NODE_POWER && base->right->kind == NODE_NUMBER
      && exponent->kind == NODE_NUMBER && exponent->value.den == 1
      && rational_multiply (base->right->value, exponent->value, &result))
    return simplify_power (s, base->left, number_new (s, result));
  if (base->kind == NODE_NUMBER && exponent->kind == NODE_NUMBER
      && rational_power (base->value, exponent->value, &result)
      && rational_is_printable (result))
    return number_new (s, result);
  return node_new (s, NODE_POWER, base, exponent);
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
      return left == node->left ? node : named_new (s, NODE_FUNCTION, node->name,
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
      return simplify_sum (s, node_new (s, node->kind, left, right));
    case NODE_MULTIPLY:
    case NODE_DIVIDE:
      return simplify_factors (s, node_new (s, node->kind, left, right));
    case NODE_POWER:
      return simplify_power (s, left, right);
    default:
      g_assert_not_reached ();
    }
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

static void print_node (const Node *node, GString *text);

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
  print_node (node, text);
  if (parenthesise)
    g_string_append_c (text, ')');
}

/* Prints with the fewest parentheses that keep the tree's meaning under
 * usual precedence. Beyond that, a negative right operand is always
 * parenthesised, as in a*(-b), and so are both operands of ^ when they are
 * powers: a reader takes a^b^c as a^(b^c) but libmatheval reads (a^b)^c.
 * The right operand of + or * is not parenthesised when it is a sum or
 * product itself, so a*(b*c) prints as a*b*c, equal to it up to rounding. */
static void
print_node (const Node *node, GString *text)
{
  Precedence left, right;
  gboolean negative_right;

  switch (node->kind)
    {
    case NODE_NUMBER:
      /* Parsed and folded numbers are exact decimals, so the fallback, in
       * the C locale's format whatever the user's locale, is a safeguard. */
      if (!rational_format (node->value, 0, text))
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
      print_node (node->left, text);
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
  tree = parse_expression (&s, expression);

  /* Step 2: apply the rules until the tree stops changing. */
  for (int pass = 0; tree != NULL && pass < MAX_PASSES; pass++)
    {
      Node *next = simplify_node (&s, tree);

      if (s.failed)
        tree = NULL;
      else if (node_equal (next, tree))
        break;
      else
        tree = next;
    }

  /* Step 3: print. */
  if (tree != NULL)
    {
      GString *text = g_string_new (NULL);

      print_node (tree, text);
      result = g_string_free (text, FALSE);
    }
  else
    g_debug ("Kept libmatheval's text, which could not be parsed or was too deep: %.200s",
             expression);

  g_ptr_array_unref (s.allocations);
  return result;
}
