/* nrt-expr.c: scalar expressions on the autodiff engine.
 *
 * Parsing is recursive descent over a one-token lookahead, one statement at
 * a time. Each statement is parsed into a small syntax tree (reset for the
 * next statement) and then lowered into the graph, so the node that ends the
 * statement is known when it is created and can carry the statement's name.
 *
 * Grammar, from the loosest to the tightest binding:
 *
 *   statement := NAME '=' sum END_OF_LINE
 *   sum       := product (('+' | '-') product)*
 *   product   := unary (('*' | '/') unary)*
 *   unary     := '-' unary | power
 *   power     := primary (('^' | '**') unary)?
 *   primary   := NUMBER | NAME | FUNCTION '(' sum ')' | '(' sum ')'
 *
 * The exponent of power is a unary, which makes ^ right-associative
 * (2^3^2 = 2^9) and lets the exponent carry a minus sign (2^-1), while
 * -a^2 parses as -(a^2).
 *
 * Graph nodes: each input variable is a scalar parameter node named after
 * the variable, and its value and gradient are floats owned by the NrtExpr.
 * Each number is a constant node named after its text. Each operation is an
 * op node named after the source text of its subexpression, such as "a*b".
 * The node that ends a statement is named after the whole statement, such
 * as "c = c + c + 1". A statement whose right side is a bare name or number
 * ends in an extra linear (identity) node, so every statement has a node of
 * its own. A node name longer than 63 characters is cut to its first 60
 * characters followed by "...".
 */
#include "nrt-expr.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The maximum variable name length, because a graph node name has room
 * for 63 characters. */
#define EXPR_MAX_NAME_LENGTH 63

/* Statements nest parentheses at most this deep, which bounds the
 * recursion of the parser and of the lowering. */
#define EXPR_MAX_DEPTH 200

typedef enum {
  TOKEN_END_OF_LINE,
  TOKEN_END_OF_INPUT,
  TOKEN_NUMBER,
  TOKEN_NAME,
  TOKEN_PLUS,
  TOKEN_MINUS,
  TOKEN_STAR,
  TOKEN_SLASH,
  TOKEN_POWER,        /* ^ or ** */
  TOKEN_LEFT_PAREN,
  TOKEN_RIGHT_PAREN,
  TOKEN_EQUALS
} TokenKind;

typedef struct {
  TokenKind kind;
  size_t start;       /* byte offset into the source */
  size_t length;      /* bytes */
  int line;           /* 1-based */
  int column;         /* 1-based, in bytes */
  double number;      /* value of a TOKEN_NUMBER */
} Token;

typedef enum {
  AST_NUMBER,
  AST_NAME,
  AST_OP
} AstKind;

/* One node of a statement's syntax tree. */
typedef struct {
  AstKind kind;
  NrtOpId op;          /* AST_OP only */
  int args[2];         /* indices into the statement's tree; n_args of them */
  int n_args;
  double number;       /* AST_NUMBER only */
  size_t start, end;   /* source text of the subexpression, [start, end) */
} AstNode;

typedef struct {
  char name[EXPR_MAX_NAME_LENGTH + 1];
  float value;         /* the parameter node's value buffer, 1 float */
  float grad;          /* the parameter node's gradient buffer, 1 float */
  int node;
} ExprInput;

typedef struct {
  char name[EXPR_MAX_NAME_LENGTH + 1];
  int node;            /* the node the name is bound to now */
} ExprBinding;

typedef struct {
  char *text;          /* "c = c + 1", without comment or surrounding spaces */
  int line;
  int first_node;      /* nodes [first_node, node] were added for this statement */
  int node;
} ExprStatement;

struct NrtExpr {
  NrtGraph *graph;
  ExprInput **inputs;      /* n_inputs pointers, so each input's floats stay put */
  int n_inputs;
  ExprBinding *assigned;   /* n_assigned, in order of first assignment */
  int n_assigned;
  ExprStatement *statements;
  int n_statements;
  int output_node;
  int evaluated;           /* whether the derivatives belong to a finished evaluation */
};

typedef struct {
  const char *source;
  size_t pos;              /* next byte to read */
  int line;
  size_t line_start;       /* offset of the current line's first byte */
  Token token;             /* the lookahead */
  Token previous;          /* the token consumed last */
  int depth;
  AstNode *tree;           /* the current statement's tree */
  int n_tree;
  int tree_capacity;
  NrtExpr *expr;
  NrtError *err;
  NrtExprLocation *location;
  int failed;
} Parser;

/* The functions of the language, with their ops. */
static const struct {
  const char *name;
  NrtOpId op;
} expr_functions[] = {
  { "abs", NRT_OP_ABS },
  { "exp", NRT_OP_EXP },
  { "log", NRT_OP_LOG },
  { "relu", NRT_OP_RELU },
  { "sigmoid", NRT_OP_SIGMOID },
  { "sqrt", NRT_OP_SQRT },
  { "tanh", NRT_OP_TANH },
};

#define EXPR_FUNCTION_LIST "abs, exp, log, relu, sigmoid, sqrt, tanh"

#define N_FUNCTIONS ((int) (sizeof expr_functions / sizeof expr_functions[0]))

/* Returns the op of function name[0..length), or NRT_OP_NONE. */
static NrtOpId
find_function (const char *name, size_t length)
{
  for (int i = 0; i < N_FUNCTIONS; i++)
    if (strlen (expr_functions[i].name) == length
        && strncmp (expr_functions[i].name, name, length) == 0)
      return expr_functions[i].op;
  return NRT_OP_NONE;
}

/* ---- errors ---- */

static void parser_fail_at (Parser *parser, int line, int column, const char *format, ...)
  __attribute__ ((format (printf, 4, 5)));

/* Records the first error only: later ones follow from it. */
static void
parser_fail_at (Parser *parser, int line, int column, const char *format, ...)
{
  char reason[NRT_ERROR_MESSAGE_SIZE];
  va_list args;

  if (parser->failed)
    return;

  va_start (args, format);
  vsnprintf (reason, sizeof reason, format, args);
  va_end (args);
  nrt_error_set (parser->err, NRT_ERROR_INVALID, "line %d, column %d: %s", line, column, reason);
  if (parser->location != NULL)
    {
      parser->location->line = line;
      parser->location->column = column;
    }
  parser->failed = 1;
}

/* Describes a token for "found ..." in a message, such as "'+'", "'foo'",
 * "the number 3" or "end of line". */
static void
describe_token (const Parser *parser, const Token *token, char *buffer, size_t size)
{
  int length = token->length > 40 ? 40 : (int) token->length;

  switch (token->kind)
    {
    case TOKEN_END_OF_LINE:
    case TOKEN_END_OF_INPUT:
      snprintf (buffer, size, "end of line");
      break;
    case TOKEN_NUMBER:
      snprintf (buffer, size, "the number %.*s", length, parser->source + token->start);
      break;
    default:
      snprintf (buffer, size, "'%.*s'", length, parser->source + token->start);
      break;
    }
}

/* ---- lexer ---- */

static int
is_name_start (char c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

/* Converts the digits of a number token to a double without strtod, whose
 * decimal separator would follow the process locale. Up to 19 significant
 * digits are kept, which is far more than float32 needs. */
static double
number_value (const char *text, size_t length)
{
  unsigned long long mantissa = 0;
  int digits = 0, exponent = 0, exponent_sign = 1, explicit_exponent = 0;
  size_t i = 0;

  for (; i < length && is_digit (text[i]); i++)
    {
      if (digits < 19)
        {
          mantissa = mantissa * 10 + (unsigned) (text[i] - '0');
          if (mantissa > 0)
            digits++;
        }
      else
        exponent++;
    }
  if (i < length && text[i] == '.')
    for (i++; i < length && is_digit (text[i]); i++)
      if (digits < 19)
        {
          mantissa = mantissa * 10 + (unsigned) (text[i] - '0');
          if (mantissa > 0)
            digits++;
          exponent--;
        }
  if (i < length && (text[i] == 'e' || text[i] == 'E'))
    {
      i++;
      if (text[i] == '+' || text[i] == '-')
        exponent_sign = text[i++] == '-' ? -1 : 1;
      for (; i < length && is_digit (text[i]); i++)
        if (explicit_exponent < 100000)
          explicit_exponent = explicit_exponent * 10 + (text[i] - '0');
    }
  exponent += exponent_sign * explicit_exponent;
  if (mantissa == 0)
    return 0.0;
  return (double) ((long double) mantissa * powl (10.0L, (long double) exponent));
}

/* Scans a number at parser->pos: digits with an optional fraction and
 * exponent, as in 3, 2.5, .5 or 1e-3. */
static void
lex_number (Parser *parser, Token *token)
{
  const char *s = parser->source;
  size_t pos = parser->pos;

  while (is_digit (s[pos]))
    pos++;
  if (s[pos] == '.')
    {
      pos++;
      while (is_digit (s[pos]))
        pos++;
    }
  if (s[pos] == 'e' || s[pos] == 'E')
    {
      size_t exponent_start = pos;

      pos++;
      if (s[pos] == '+' || s[pos] == '-')
        pos++;
      if (!is_digit (s[pos]))
        {
          parser_fail_at (parser, token->line, token->column,
                          "malformed number '%.*s': expected digits after the '%c' of "
                          "the exponent, as in 1e-3",
                          (int) (pos - token->start), s + token->start, s[exponent_start]);
          return;
        }
      while (is_digit (s[pos]))
        pos++;
    }

  token->kind = TOKEN_NUMBER;
  token->length = pos - token->start;
  token->number = number_value (s + token->start, token->length);
  parser->pos = pos;
  if (!(token->number <= FLT_MAX))
    parser_fail_at (parser, token->line, token->column,
                    "the number %.*s is out of the float32 range; use a number of at "
                    "most 3.4e38", (int) token->length, s + token->start);
}

/* Reads the next token into parser->token, skipping spaces and comments. */
static void
lex_next (Parser *parser)
{
  const char *s = parser->source;
  Token *token = &parser->token;
  size_t start;
  char c;

  parser->previous = *token;

  /* Spaces, tabs, carriage returns and comments separate tokens. A comment
   * runs to the end of the line, whose position is where the comment starts. */
  while (s[parser->pos] == ' ' || s[parser->pos] == '\t' || s[parser->pos] == '\r')
    parser->pos++;
  start = parser->pos;
  if (s[parser->pos] == '#')
    while (s[parser->pos] != '\n' && s[parser->pos] != '\0')
      parser->pos++;

  memset (token, 0, sizeof *token);
  token->start = start;
  token->line = parser->line;
  token->column = (int) (start - parser->line_start) + 1;
  token->length = 1;
  c = s[parser->pos];

  if (c == '\0')
    {
      token->kind = TOKEN_END_OF_INPUT;
      token->length = 0;
      return;
    }
  if (c == '\n')
    {
      token->kind = TOKEN_END_OF_LINE;
      parser->pos++;
      parser->line++;
      parser->line_start = parser->pos;
      return;
    }
  if (is_digit (c) || (c == '.' && is_digit (s[parser->pos + 1])))
    {
      lex_number (parser, token);
      return;
    }
  if (is_name_start (c))
    {
      size_t end = parser->pos;

      while (is_name_start (s[end]) || is_digit (s[end]))
        end++;
      token->kind = TOKEN_NAME;
      token->length = end - parser->pos;
      parser->pos = end;
      if (token->length > EXPR_MAX_NAME_LENGTH)
        parser_fail_at (parser, token->line, token->column,
                        "the name '%.20s...' is %zu characters long; use at most %d",
                        s + token->start, token->length, EXPR_MAX_NAME_LENGTH);
      return;
    }

  parser->pos++;
  switch (c)
    {
    case '+':
      token->kind = TOKEN_PLUS;
      return;
    case '-':
      token->kind = TOKEN_MINUS;
      return;
    case '*':
      if (s[parser->pos] == '*')
        {
          token->kind = TOKEN_POWER;
          token->length = 2;
          parser->pos++;
        }
      else
        token->kind = TOKEN_STAR;
      return;
    case '/':
      token->kind = TOKEN_SLASH;
      return;
    case '^':
      token->kind = TOKEN_POWER;
      return;
    case '(':
      token->kind = TOKEN_LEFT_PAREN;
      return;
    case ')':
      token->kind = TOKEN_RIGHT_PAREN;
      return;
    case '=':
      token->kind = TOKEN_EQUALS;
      return;
    default:
      break;
    }

  /* Anything else is a stray character. Bytes outside printable ASCII are
   * shown in hexadecimal, since they may be part of a UTF-8 sequence. */
  if (c > ' ' && c < 127)
    parser_fail_at (parser, token->line, token->column,
                    "unexpected character '%c'; expected a number, a name, an operator "
                    "(+ - * / ^ **), a parenthesis or '='", c);
  else
    parser_fail_at (parser, token->line, token->column,
                    "unexpected byte 0x%02X; expected a number, a name, an operator "
                    "(+ - * / ^ **), a parenthesis or '='", (unsigned char) c);
  token->kind = TOKEN_END_OF_INPUT;
}

static int
at_end_of_line (const Parser *parser)
{
  return parser->token.kind == TOKEN_END_OF_LINE || parser->token.kind == TOKEN_END_OF_INPUT;
}

/* ---- syntax tree of one statement ---- */

/* Appends a tree node and returns its index, or -1 after marking the parser failed. */
static int
tree_add (Parser *parser, AstKind kind, NrtOpId op, int a, int b, size_t start, size_t end)
{
  AstNode *node;

  if (parser->n_tree == parser->tree_capacity)
    {
      int capacity = parser->tree_capacity > 0 ? 2 * parser->tree_capacity : 32;
      AstNode *tree = realloc (parser->tree, (size_t) capacity * sizeof *tree);

      if (tree == NULL)
        {
          parser_fail_at (parser, parser->token.line, parser->token.column,
                          "out of memory parsing the expression");
          return -1;
        }
      parser->tree = tree;
      parser->tree_capacity = capacity;
    }

  node = &parser->tree[parser->n_tree];
  memset (node, 0, sizeof *node);
  node->kind = kind;
  node->op = op;
  node->args[0] = a;
  node->args[1] = b;
  node->n_args = b >= 0 ? 2 : (a >= 0 ? 1 : 0);
  node->start = start;
  node->end = end;
  return parser->n_tree++;
}

static int parse_sum (Parser *parser);
static int parse_unary (Parser *parser);

/* Reports a missing operand, naming the token before it. */
static void
fail_expected_operand (Parser *parser)
{
  char found[64], after[64];

  describe_token (parser, &parser->token, found, sizeof found);
  if (parser->token.kind == TOKEN_RIGHT_PAREN && parser->previous.kind == TOKEN_LEFT_PAREN)
    {
      parser_fail_at (parser, parser->token.line, parser->token.column,
                      "expected an expression inside the parentheses, found ')'");
      return;
    }
  if (parser->previous.kind == TOKEN_EQUALS)
    {
      parser_fail_at (parser, parser->token.line, parser->token.column,
                      "expected an expression after '=', found %s", found);
      return;
    }
  describe_token (parser, &parser->previous, after, sizeof after);
  parser_fail_at (parser, parser->token.line, parser->token.column,
                  "expected an operand after %s, found %s", after, found);
}

/* Parses "sum )" after the '(' token open and returns the inner tree node. */
static int
parse_parenthesized (Parser *parser, const Token *open, const char *function)
{
  int inner;

  if (++parser->depth > EXPR_MAX_DEPTH)
    {
      parser_fail_at (parser, open->line, open->column,
                      "parentheses nest more than %d deep; split the expression into "
                      "several assignments", EXPR_MAX_DEPTH);
      return -1;
    }
  inner = parse_sum (parser);
  parser->depth--;
  if (inner < 0)
    return -1;

  if (parser->token.kind != TOKEN_RIGHT_PAREN)
    {
      char found[64];

      describe_token (parser, &parser->token, found, sizeof found);
      if (function != NULL)
        parser_fail_at (parser, parser->token.line, parser->token.column,
                        "expected ')' to close the '(' of %s at column %d, found %s",
                        function, open->column, found);
      else
        parser_fail_at (parser, parser->token.line, parser->token.column,
                        "expected ')' to close the '(' at column %d, found %s",
                        open->column, found);
      return -1;
    }
  return inner;
}

static int
parse_primary (Parser *parser)
{
  Token token = parser->token;

  if (token.kind == TOKEN_NUMBER)
    {
      int node;

      lex_next (parser);
      node = tree_add (parser, AST_NUMBER, NRT_OP_NONE, -1, -1, token.start,
                       token.start + token.length);
      if (node >= 0)
        parser->tree[node].number = token.number;
      return node;
    }

  if (token.kind == TOKEN_LEFT_PAREN)
    {
      int inner;

      lex_next (parser);
      inner = parse_parenthesized (parser, &token, NULL);
      if (inner < 0)
        return -1;
      lex_next (parser);
      return inner;
    }

  if (token.kind == TOKEN_NAME)
    {
      const char *name = parser->source + token.start;
      NrtOpId op = find_function (name, token.length);
      Token open;
      int argument;
      char function[EXPR_MAX_NAME_LENGTH + 3];

      lex_next (parser);
      if (op == NRT_OP_NONE && parser->token.kind != TOKEN_LEFT_PAREN)
        return tree_add (parser, AST_NAME, NRT_OP_NONE, -1, -1, token.start,
                         token.start + token.length);

      if (op == NRT_OP_NONE)
        {
          parser_fail_at (parser, token.line, token.column,
                          "unknown function '%.*s'; expected one of " EXPR_FUNCTION_LIST
                          " (write '%.*s*(' to multiply)",
                          (int) token.length, name, (int) token.length, name);
          return -1;
        }
      if (parser->token.kind != TOKEN_LEFT_PAREN)
        {
          char found[64];

          describe_token (parser, &parser->token, found, sizeof found);
          parser_fail_at (parser, parser->token.line, parser->token.column,
                          "'%.*s' is a function, not a variable; expected '(' after it, "
                          "found %s", (int) token.length, name, found);
          return -1;
        }

      open = parser->token;
      snprintf (function, sizeof function, "%.*s", (int) token.length, name);
      lex_next (parser);
      argument = parse_parenthesized (parser, &open, function);
      if (argument < 0)
        return -1;
      lex_next (parser);
      return tree_add (parser, AST_OP, op, argument, -1, token.start,
                       parser->previous.start + parser->previous.length);
    }

  fail_expected_operand (parser);
  return -1;
}

static int
parse_power (Parser *parser)
{
  size_t start = parser->token.start;
  int base, exponent;

  base = parse_primary (parser);
  if (base < 0 || parser->token.kind != TOKEN_POWER)
    return base;

  /* The exponent recurses into power again, as in 2^2^2^... */
  if (++parser->depth > EXPR_MAX_DEPTH)
    {
      parser_fail_at (parser, parser->token.line, parser->token.column,
                      "more than %d powers in a row; split the expression into several "
                      "assignments", EXPR_MAX_DEPTH);
      return -1;
    }
  lex_next (parser);
  exponent = parse_unary (parser);
  parser->depth--;
  if (exponent < 0)
    return -1;
  return tree_add (parser, AST_OP, NRT_OP_POW, base, exponent, start,
                   parser->previous.start + parser->previous.length);
}

static int
parse_unary (Parser *parser)
{
  size_t start = parser->token.start;
  int operand;

  if (parser->token.kind != TOKEN_MINUS)
    return parse_power (parser);

  if (++parser->depth > EXPR_MAX_DEPTH)
    {
      parser_fail_at (parser, parser->token.line, parser->token.column,
                      "more than %d minus signs in a row", EXPR_MAX_DEPTH);
      return -1;
    }
  lex_next (parser);
  operand = parse_unary (parser);
  parser->depth--;
  if (operand < 0)
    return -1;
  return tree_add (parser, AST_OP, NRT_OP_NEG, operand, -1, start,
                   parser->previous.start + parser->previous.length);
}

static int
parse_product (Parser *parser)
{
  size_t start = parser->token.start;
  int left;

  left = parse_unary (parser);
  while (left >= 0
         && (parser->token.kind == TOKEN_STAR || parser->token.kind == TOKEN_SLASH))
    {
      NrtOpId op = parser->token.kind == TOKEN_STAR ? NRT_OP_MUL : NRT_OP_DIV;
      int right;

      lex_next (parser);
      right = parse_unary (parser);
      if (right < 0)
        return -1;
      left = tree_add (parser, AST_OP, op, left, right, start,
                       parser->previous.start + parser->previous.length);
    }
  return left;
}

static int
parse_sum (Parser *parser)
{
  size_t start = parser->token.start;
  int left;

  left = parse_product (parser);
  while (left >= 0
         && (parser->token.kind == TOKEN_PLUS || parser->token.kind == TOKEN_MINUS))
    {
      NrtOpId op = parser->token.kind == TOKEN_PLUS ? NRT_OP_ADD : NRT_OP_SUB;
      int right;

      lex_next (parser);
      right = parse_product (parser);
      if (right < 0)
        return -1;
      left = tree_add (parser, AST_OP, op, left, right, start,
                       parser->previous.start + parser->previous.length);
    }
  return left;
}

/* ---- lowering into the graph ---- */

/* Writes source[start, end) into a node name, cut to 60 characters and
 * "..." when it does not fit. */
static void
node_name_from_text (const char *text, size_t length, char *name, size_t size)
{
  if (length < size)
    snprintf (name, size, "%.*s", (int) length, text);
  else
    snprintf (name, size, "%.*s...", (int) (size - 4), text);
}

static int
find_binding (const NrtExpr *expr, const char *name, size_t length)
{
  for (int i = 0; i < expr->n_assigned; i++)
    if (strlen (expr->assigned[i].name) == length
        && strncmp (expr->assigned[i].name, name, length) == 0)
      return i;
  return -1;
}

static int
find_input (const NrtExpr *expr, const char *name, size_t length)
{
  for (int i = 0; i < expr->n_inputs; i++)
    if (strlen (expr->inputs[i]->name) == length
        && strncmp (expr->inputs[i]->name, name, length) == 0)
      return i;
  return -1;
}

/* Returns the node of input variable name, adding the input on first use. */
static int
lower_input (Parser *parser, const AstNode *ast)
{
  NrtExpr *expr = parser->expr;
  const char *name = parser->source + ast->start;
  size_t length = ast->end - ast->start;
  ExprInput **inputs, *input;
  NrtError graph_err = { 0 };
  int index;

  index = find_input (expr, name, length);
  if (index >= 0)
    return expr->inputs[index]->node;

  inputs = realloc (expr->inputs, (size_t) (expr->n_inputs + 1) * sizeof *inputs);
  if (inputs == NULL)
    return -1;
  expr->inputs = inputs;
  input = calloc (1, sizeof *input);
  if (input == NULL)
    return -1;
  snprintf (input->name, sizeof input->name, "%.*s", (int) length, name);
  input->node = nrt_graph_add_parameter (expr->graph, input->name, 0, NULL,
                                         &input->value, &input->grad, &graph_err);
  if (input->node < 0)
    {
      free (input);
      return -1;
    }
  expr->inputs[expr->n_inputs++] = input;
  return input->node;
}

/* Adds the graph nodes of the statement's tree and returns the id of the
 * node that computes root, or -1 when the graph rejects a node. The root op
 * node is named statement_name. Children precede their parents in the
 * tree array, so one loop in index order lowers every node after its
 * arguments, without recursion however long a chain of + or * is. */
static int
lower_tree (Parser *parser, int root, const char *statement_name)
{
  NrtExpr *expr = parser->expr;
  NrtError graph_err = { 0 };
  char name[sizeof ((NrtNode *) NULL)->name];
  int *ids, result;

  ids = malloc ((size_t) parser->n_tree * sizeof *ids);
  if (ids == NULL)
    return -1;

  for (int index = 0; index < parser->n_tree; index++)
    {
      const AstNode *ast = &parser->tree[index];
      const char *text = parser->source + ast->start;
      size_t length = ast->end - ast->start;
      int id;

      if (ast->kind == AST_NUMBER)
        {
          float value = (float) ast->number;

          node_name_from_text (text, length, name, sizeof name);
          id = nrt_graph_add_constant (expr->graph, name, 0, NULL, &value, &graph_err);
        }
      else if (ast->kind == AST_NAME)
        {
          int binding = find_binding (expr, text, length);

          id = binding >= 0 ? expr->assigned[binding].node : lower_input (parser, ast);
        }
      else
        {
          int inputs[2];

          for (int i = 0; i < ast->n_args; i++)
            inputs[i] = ids[ast->args[i]];
          if (index == root && statement_name != NULL)
            snprintf (name, sizeof name, "%s", statement_name);
          else
            node_name_from_text (text, length, name, sizeof name);
          id = nrt_graph_add_op (expr->graph, ast->op, name, inputs, ast->n_args, 0, &graph_err);
        }
      if (id < 0)
        {
          free (ids);
          return -1;
        }
      ids[index] = id;
    }

  result = ids[root];
  free (ids);
  return result;
}

/* Binds name to node, adding name to the assigned names on first use. */
static int
bind_name (NrtExpr *expr, const char *name, size_t length, int node)
{
  int binding = find_binding (expr, name, length);

  if (binding < 0)
    {
      ExprBinding *assigned = realloc (expr->assigned,
                                       (size_t) (expr->n_assigned + 1) * sizeof *assigned);

      if (assigned == NULL)
        return -1;
      expr->assigned = assigned;
      binding = expr->n_assigned++;
      snprintf (expr->assigned[binding].name, sizeof expr->assigned[binding].name,
                "%.*s", (int) length, name);
    }
  expr->assigned[binding].node = node;
  return binding;
}

/* Lowers the statement "target = tree root" spanning source[start, end). */
static void
lower_statement (Parser *parser, const Token *target, int root, size_t start, size_t end,
                 int line)
{
  NrtExpr *expr = parser->expr;
  ExprStatement *statements, *statement;
  char name[sizeof ((NrtNode *) NULL)->name];
  int first_node = nrt_graph_get_n_nodes (expr->graph);
  int node;

  statements = realloc (expr->statements,
                        (size_t) (expr->n_statements + 1) * sizeof *statements);
  if (statements == NULL)
    {
      parser_fail_at (parser, line, target->column, "out of memory building the graph");
      return;
    }
  expr->statements = statements;

  node_name_from_text (parser->source + start, end - start, name, sizeof name);
  if (parser->tree[root].kind == AST_OP)
    node = lower_tree (parser, root, name);
  else
    {
      /* A bare name or number gets an identity node, so that the statement
       * has a node of its own. */
      int value = lower_tree (parser, root, NULL);

      node = value < 0 ? -1 : nrt_graph_add_op (expr->graph, NRT_OP_LINEAR, name, &value, 1, 0,
                                                NULL);
    }
  if (node < 0 || bind_name (expr, parser->source + target->start, target->length, node) < 0)
    {
      parser_fail_at (parser, line, target->column, "out of memory building the graph");
      return;
    }

  statement = &expr->statements[expr->n_statements];
  statement->text = malloc (end - start + 1);
  if (statement->text == NULL)
    {
      parser_fail_at (parser, line, target->column, "out of memory building the graph");
      return;
    }
  memcpy (statement->text, parser->source + start, end - start);
  statement->text[end - start] = '\0';
  statement->line = line;
  statement->first_node = first_node;
  statement->node = node;
  expr->n_statements++;
}

/* ---- statements ---- */

/* Parses one non-blank line, "NAME = sum", and lowers it. */
static void
parse_statement (Parser *parser)
{
  Token target = parser->token;
  char found[64];
  int root;

  if (target.kind != TOKEN_NAME)
    {
      lex_next (parser);
      describe_token (parser, &target, found, sizeof found);
      if (target.kind == TOKEN_NUMBER && parser->token.kind == TOKEN_EQUALS)
        parser_fail_at (parser, target.line, target.column,
                        "cannot assign to %s; expected a name before '=', as in 'y = %.*s'",
                        found, (int) target.length, parser->source + target.start);
      else
        parser_fail_at (parser, target.line, target.column,
                        "expected a name to assign to at the start of the line, found %s",
                        found);
      return;
    }
  if (find_function (parser->source + target.start, target.length) != NRT_OP_NONE)
    {
      parser_fail_at (parser, target.line, target.column,
                      "cannot assign to '%.*s', which is a function; choose another name",
                      (int) target.length, parser->source + target.start);
      return;
    }

  lex_next (parser);
  if (parser->token.kind != TOKEN_EQUALS)
    {
      describe_token (parser, &parser->token, found, sizeof found);
      parser_fail_at (parser, parser->token.line, parser->token.column,
                      "expected '=' after '%.*s', found %s", (int) target.length,
                      parser->source + target.start, found);
      return;
    }

  lex_next (parser);
  parser->n_tree = 0;
  parser->depth = 0;
  root = parse_sum (parser);
  if (root < 0 || parser->failed)
    return;

  if (!at_end_of_line (parser))
    {
      describe_token (parser, &parser->token, found, sizeof found);
      if (parser->token.kind == TOKEN_RIGHT_PAREN)
        parser_fail_at (parser, parser->token.line, parser->token.column,
                        "expected an operator or end of line, found ')', which has no "
                        "matching '('");
      else if (parser->token.kind == TOKEN_EQUALS)
        parser_fail_at (parser, parser->token.line, parser->token.column,
                        "expected an operator or end of line, found '='; write one "
                        "assignment per line");
      else if (parser->token.kind == TOKEN_NAME || parser->token.kind == TOKEN_NUMBER
               || parser->token.kind == TOKEN_LEFT_PAREN)
        parser_fail_at (parser, parser->token.line, parser->token.column,
                        "expected an operator or end of line, found %s; write '*' to "
                        "multiply", found);
      else
        parser_fail_at (parser, parser->token.line, parser->token.column,
                        "expected an operator or end of line, found %s", found);
      return;
    }

  lower_statement (parser, &target, root, target.start,
                   parser->previous.start + parser->previous.length, target.line);
}

/* ---- public API ---- */

void
nrt_expr_free (NrtExpr *expr)
{
  if (expr == NULL)
    return;

  nrt_graph_free (expr->graph);
  for (int i = 0; i < expr->n_inputs; i++)
    free (expr->inputs[i]);
  free (expr->inputs);
  free (expr->assigned);
  for (int i = 0; i < expr->n_statements; i++)
    free (expr->statements[i].text);
  free (expr->statements);
  free (expr);
}

NrtExpr *
nrt_expr_parse (const char *source, NrtError *err, NrtExprLocation *location)
{
  Parser parser = { 0 };
  NrtExpr *expr;

  if (location != NULL)
    {
      location->line = 0;
      location->column = 0;
    }
  if (source == NULL)
    {
      nrt_error_set (err, NRT_ERROR_INVALID, "the program text is NULL");
      return NULL;
    }

  expr = calloc (1, sizeof *expr);
  if (expr != NULL)
    expr->graph = nrt_graph_new ();
  if (expr == NULL || expr->graph == NULL)
    {
      nrt_expr_free (expr);
      nrt_error_set (err, NRT_ERROR_NO_MEMORY, "out of memory parsing the program");
      return NULL;
    }

  /* Step 1: parse and lower each line; blank and comment lines are skipped. */
  parser.source = source;
  parser.line = 1;
  parser.expr = expr;
  parser.err = err;
  parser.location = location;
  lex_next (&parser);
  while (!parser.failed && parser.token.kind != TOKEN_END_OF_INPUT)
    {
      if (parser.token.kind == TOKEN_END_OF_LINE)
        {
          lex_next (&parser);
          continue;
        }
      parse_statement (&parser);
      if (!parser.failed)
        lex_next (&parser);
    }
  free (parser.tree);

  /* Step 2: a program needs an assignment to differentiate. */
  if (!parser.failed && expr->n_statements == 0)
    parser_fail_at (&parser, 1, 1,
                    "the program has no assignment; write one such as 'y = x^2'");
  if (parser.failed)
    {
      nrt_expr_free (expr);
      return NULL;
    }

  /* Step 3: allocate the graph's buffers; scalars are not batched. */
  expr->output_node = expr->statements[expr->n_statements - 1].node;
  if (nrt_graph_build (expr->graph, 1, err) != NRT_OK)
    {
      nrt_expr_free (expr);
      return NULL;
    }
  return expr;
}

int
nrt_expr_get_n_inputs (const NrtExpr *expr)
{
  return expr != NULL ? expr->n_inputs : 0;
}

const char *
nrt_expr_get_input_name (const NrtExpr *expr, int input)
{
  if (expr == NULL || input < 0 || input >= expr->n_inputs)
    return NULL;
  return expr->inputs[input]->name;
}

int
nrt_expr_find_input (const NrtExpr *expr, const char *name)
{
  if (expr == NULL || name == NULL)
    return -1;
  return find_input (expr, name, strlen (name));
}

double
nrt_expr_get_input_value (const NrtExpr *expr, int input)
{
  if (expr == NULL || input < 0 || input >= expr->n_inputs)
    return NAN;
  return expr->inputs[input]->value;
}

void
nrt_expr_set_input_value (NrtExpr *expr, int input, double value)
{
  if (expr == NULL || input < 0 || input >= expr->n_inputs)
    return;
  expr->inputs[input]->value = (float) value;
  expr->evaluated = 0;
}

/* Explains why an op produced a non-finite value from finite inputs. */
static const char *
non_finite_hint (NrtOpId op)
{
  switch (op)
    {
    case NRT_OP_LOG:
      return "log needs a positive argument";
    case NRT_OP_SQRT:
      return "sqrt needs an argument of at least 0";
    case NRT_OP_DIV:
      return "the divisor must not be 0";
    case NRT_OP_POW:
      return "a negative base needs an integer exponent, and 0 a positive one";
    case NRT_OP_EXP:
      return "exp overflows float32 above about 88.7";
    default:
      return "a result exceeds the float32 range of about 3.4e38";
    }
}

/* Writes value for a message; NaN is "NaN" whatever its sign bit, which
 * printf would show as "-nan". */
static const char *
format_value (double value, char *buffer, size_t size)
{
  if (isnan (value))
    snprintf (buffer, size, "NaN");
  else
    snprintf (buffer, size, "%g", value);
  return buffer;
}

/* Returns NRT_ERROR_NOT_FINITE naming the first input or assignment whose
 * value is NaN or infinite, and the first such step inside it. */
static NrtStatus
check_finite (NrtExpr *expr, NrtError *err)
{
  char value[32], step_value[32];

  for (int i = 0; i < expr->n_inputs; i++)
    if (!isfinite (expr->inputs[i]->value))
      return nrt_error_set (err, NRT_ERROR_NOT_FINITE,
                            "the input %s is %s; give it a finite value", expr->inputs[i]->name,
                            format_value (expr->inputs[i]->value, value, sizeof value));

  for (int s = 0; s < expr->n_statements; s++)
    {
      const ExprStatement *statement = &expr->statements[s];
      NrtNode *result = nrt_graph_get_node (expr->graph, statement->node);

      if (isfinite (result->value->data[0]))
        continue;

      /* The first non-finite op node of this statement, in evaluation order. */
      format_value (result->value->data[0], value, sizeof value);
      for (int id = statement->first_node; id <= statement->node; id++)
        {
          NrtNode *node = nrt_graph_get_node (expr->graph, id);

          if (node->kind != NRT_NODE_OP || isfinite (node->value->data[0]))
            continue;
          if (id == statement->node)
            return nrt_error_set (err, NRT_ERROR_NOT_FINITE, "line %d, \"%s\": the value is %s; %s",
                                  statement->line, statement->text, value,
                                  non_finite_hint (node->op));
          return nrt_error_set (err, NRT_ERROR_NOT_FINITE,
                                "line %d, \"%s\": the value is %s, first at %s = %s; %s",
                                statement->line, statement->text, value, node->name,
                                format_value (node->value->data[0], step_value, sizeof step_value),
                                non_finite_hint (node->op));
        }
      return nrt_error_set (err, NRT_ERROR_NOT_FINITE, "line %d, \"%s\": the value is %s",
                            statement->line, statement->text, value);
    }
  return NRT_OK;
}

NrtStatus
nrt_expr_evaluate (NrtExpr *expr, NrtError *err)
{
  if (expr == NULL)
    return nrt_error_set (err, NRT_ERROR_INVALID, "the expression is NULL");

  nrt_graph_forward (expr->graph);
  nrt_graph_backward (expr->graph, expr->output_node);
  expr->evaluated = 1;
  return check_finite (expr, err);
}

int
nrt_expr_get_n_assigned (const NrtExpr *expr)
{
  return expr != NULL ? expr->n_assigned : 0;
}

const char *
nrt_expr_get_assigned_name (const NrtExpr *expr, int assigned)
{
  if (expr == NULL || assigned < 0 || assigned >= expr->n_assigned)
    return NULL;
  return expr->assigned[assigned].name;
}

double
nrt_expr_get_assigned_value (const NrtExpr *expr, int assigned)
{
  if (expr == NULL || assigned < 0 || assigned >= expr->n_assigned)
    return NAN;
  return nrt_graph_get_node (expr->graph, expr->assigned[assigned].node)->value->data[0];
}

const char *
nrt_expr_get_output_name (const NrtExpr *expr)
{
  int binding;
  const NrtNode *node;

  if (expr == NULL)
    return NULL;

  /* The last statement's target is bound to the output node. */
  node = nrt_graph_get_node (expr->graph, expr->output_node);
  for (binding = 0; binding < expr->n_assigned; binding++)
    if (expr->assigned[binding].node == expr->output_node)
      return expr->assigned[binding].name;
  return node != NULL ? node->name : NULL;
}

double
nrt_expr_get_output_value (const NrtExpr *expr)
{
  if (expr == NULL)
    return NAN;
  return nrt_graph_get_node (expr->graph, expr->output_node)->value->data[0];
}

double
nrt_expr_get_derivative (const NrtExpr *expr, int input)
{
  if (expr == NULL || input < 0 || input >= expr->n_inputs)
    return NAN;
  return expr->inputs[input]->grad;
}

NrtStatus
nrt_expr_step (NrtExpr *expr, double learning_rate, const int *update, NrtError *err)
{
  NrtStatus status;

  if (expr == NULL)
    return nrt_error_set (err, NRT_ERROR_INVALID, "the expression is NULL");
  if (!isfinite (learning_rate))
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "invalid learning rate %g; expected a finite number such as 0.1",
                          learning_rate);

  /* Without a finished evaluation there are no derivatives to step along. */
  if (!expr->evaluated)
    {
      status = nrt_expr_evaluate (expr, err);
      if (status != NRT_OK)
        return status;
    }

  for (int i = 0; i < expr->n_inputs; i++)
    if (update == NULL || update[i])
      expr->inputs[i]->value -= (float) (learning_rate * expr->inputs[i]->grad);

  return nrt_expr_evaluate (expr, err);
}

NrtGraph *
nrt_expr_get_graph (NrtExpr *expr)
{
  return expr != NULL ? expr->graph : NULL;
}

int
nrt_expr_get_output_node (const NrtExpr *expr)
{
  return expr != NULL ? expr->output_node : -1;
}

int
nrt_expr_get_n_statements (const NrtExpr *expr)
{
  return expr != NULL ? expr->n_statements : 0;
}

const char *
nrt_expr_get_statement_text (const NrtExpr *expr, int statement)
{
  if (expr == NULL || statement < 0 || statement >= expr->n_statements)
    return NULL;
  return expr->statements[statement].text;
}

int
nrt_expr_get_statement_node (const NrtExpr *expr, int statement)
{
  if (expr == NULL || statement < 0 || statement >= expr->n_statements)
    return -1;
  return expr->statements[statement].node;
}

int
nrt_expr_get_statement_line (const NrtExpr *expr, int statement)
{
  if (expr == NULL || statement < 0 || statement >= expr->n_statements)
    return 0;
  return expr->statements[statement].line;
}
