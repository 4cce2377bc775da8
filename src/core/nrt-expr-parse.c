/* nrt-expr-parse.c: the parser of the expression language, and
 * nrt_expr_parse, which parses a program and lowers it into a graph.
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
 */
#include "nrt-expr-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Statements nest parentheses at most this deep, which bounds the
 * recursion of the parser. */
#define EXPR_MAX_DEPTH 200

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
          nrt_expr_parser_fail_at (parser, parser->token.line, parser->token.column,
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

  nrt_expr_describe_token (parser, &parser->token, found, sizeof found);
  if (parser->token.kind == TOKEN_RIGHT_PAREN && parser->previous.kind == TOKEN_LEFT_PAREN)
    {
      nrt_expr_parser_fail_at (parser, parser->token.line, parser->token.column,
                               "expected an expression inside the parentheses, found ')'");
      return;
    }
  if (parser->previous.kind == TOKEN_EQUALS)
    {
      nrt_expr_parser_fail_at (parser, parser->token.line, parser->token.column,
                               "expected an expression after '=', found %s", found);
      return;
    }
  nrt_expr_describe_token (parser, &parser->previous, after, sizeof after);
  nrt_expr_parser_fail_at (parser, parser->token.line, parser->token.column,
                           "expected an operand after %s, found %s", after, found);
}

/* Parses "sum )" after the '(' token open and returns the inner tree node. */
static int
parse_parenthesized (Parser *parser, const Token *open, const char *function)
{
  int inner;

  if (++parser->depth > EXPR_MAX_DEPTH)
    {
      nrt_expr_parser_fail_at (parser, open->line, open->column,
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

      nrt_expr_describe_token (parser, &parser->token, found, sizeof found);
      if (function != NULL)
        nrt_expr_parser_fail_at (parser, parser->token.line, parser->token.column,
                                 "expected ')' to close the '(' of %s at column %d, found %s",
                                 function, open->column, found);
      else
        nrt_expr_parser_fail_at (parser, parser->token.line, parser->token.column,
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

      nrt_expr_lex_next (parser);
      node = tree_add (parser, AST_NUMBER, NRT_OP_NONE, -1, -1, token.start,
                       token.start + token.length);
      if (node >= 0)
        parser->tree[node].number = token.number;
      return node;
    }

  if (token.kind == TOKEN_LEFT_PAREN)
    {
      int inner;

      nrt_expr_lex_next (parser);
      inner = parse_parenthesized (parser, &token, NULL);
      if (inner < 0)
        return -1;
      nrt_expr_lex_next (parser);
      return inner;
    }

  if (token.kind == TOKEN_NAME)
    {
      const char *name = parser->source + token.start;
      NrtOpId op = find_function (name, token.length);
      Token open;
      int argument;
      char function[EXPR_MAX_NAME_LENGTH + 3];

      nrt_expr_lex_next (parser);
      if (op == NRT_OP_NONE && parser->token.kind != TOKEN_LEFT_PAREN)
        return tree_add (parser, AST_NAME, NRT_OP_NONE, -1, -1, token.start,
                         token.start + token.length);

      if (op == NRT_OP_NONE)
        {
          nrt_expr_parser_fail_at (parser, token.line, token.column,
                                   "unknown function '%.*s'; expected one of " EXPR_FUNCTION_LIST
                                   " (write '%.*s*(' to multiply)",
                                   (int) token.length, name, (int) token.length, name);
          return -1;
        }
      if (parser->token.kind != TOKEN_LEFT_PAREN)
        {
          char found[64];

          nrt_expr_describe_token (parser, &parser->token, found, sizeof found);
          nrt_expr_parser_fail_at (parser, parser->token.line, parser->token.column,
                                   "'%.*s' is a function, not a variable; expected '(' after it, "
                                   "found %s", (int) token.length, name, found);
          return -1;
        }

      open = parser->token;
      snprintf (function, sizeof function, "%.*s", (int) token.length, name);
      nrt_expr_lex_next (parser);
      argument = parse_parenthesized (parser, &open, function);
      if (argument < 0)
        return -1;
      nrt_expr_lex_next (parser);
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
      nrt_expr_parser_fail_at (parser, parser->token.line, parser->token.column,
                               "more than %d powers in a row; split the expression into several "
                               "assignments", EXPR_MAX_DEPTH);
      return -1;
    }
  nrt_expr_lex_next (parser);
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
      nrt_expr_parser_fail_at (parser, parser->token.line, parser->token.column,
                               "more than %d minus signs in a row", EXPR_MAX_DEPTH);
      return -1;
    }
  nrt_expr_lex_next (parser);
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

      nrt_expr_lex_next (parser);
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

      nrt_expr_lex_next (parser);
      right = parse_product (parser);
      if (right < 0)
        return -1;
      left = tree_add (parser, AST_OP, op, left, right, start,
                       parser->previous.start + parser->previous.length);
    }
  return left;
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
      nrt_expr_lex_next (parser);
      nrt_expr_describe_token (parser, &target, found, sizeof found);
      if (target.kind == TOKEN_NUMBER && parser->token.kind == TOKEN_EQUALS)
        nrt_expr_parser_fail_at (parser, target.line, target.column,
                                 "cannot assign to %s; expected a name before '=', as in "
                                 "'y = %.*s'",
                                 found, (int) target.length, parser->source + target.start);
      else
        nrt_expr_parser_fail_at (parser, target.line, target.column,
                                 "expected a name to assign to at the start of the line, "
                                 "found %s",
                                 found);
      return;
    }
  if (find_function (parser->source + target.start, target.length) != NRT_OP_NONE)
    {
      nrt_expr_parser_fail_at (parser, target.line, target.column,
                               "cannot assign to '%.*s', which is a function; choose "
                               "another name",
                               (int) target.length, parser->source + target.start);
      return;
    }

  nrt_expr_lex_next (parser);
  if (parser->token.kind != TOKEN_EQUALS)
    {
      nrt_expr_describe_token (parser, &parser->token, found, sizeof found);
      nrt_expr_parser_fail_at (parser, parser->token.line, parser->token.column,
                               "expected '=' after '%.*s', found %s", (int) target.length,
                               parser->source + target.start, found);
      return;
    }

  nrt_expr_lex_next (parser);
  parser->n_tree = 0;
  parser->depth = 0;
  root = parse_sum (parser);
  if (root < 0 || parser->failed)
    return;

  if (!nrt_expr_at_end_of_line (parser))
    {
      nrt_expr_describe_token (parser, &parser->token, found, sizeof found);
      if (parser->token.kind == TOKEN_RIGHT_PAREN)
        nrt_expr_parser_fail_at (parser, parser->token.line, parser->token.column,
                                 "expected an operator or end of line, found ')', which has no "
                                 "matching '('");
      else if (parser->token.kind == TOKEN_EQUALS)
        nrt_expr_parser_fail_at (parser, parser->token.line, parser->token.column,
                                 "expected an operator or end of line, found '='; write one "
                                 "assignment per line");
      else if (parser->token.kind == TOKEN_NAME || parser->token.kind == TOKEN_NUMBER
               || parser->token.kind == TOKEN_LEFT_PAREN)
        nrt_expr_parser_fail_at (parser, parser->token.line, parser->token.column,
                                 "expected an operator or end of line, found %s; write '*' to "
                                 "multiply", found);
      else
        nrt_expr_parser_fail_at (parser, parser->token.line, parser->token.column,
                                 "expected an operator or end of line, found %s", found);
      return;
    }

  nrt_expr_lower_statement (parser, &target, root, target.start,
                            parser->previous.start + parser->previous.length, target.line);
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
  nrt_expr_lex_next (&parser);
  while (!parser.failed && parser.token.kind != TOKEN_END_OF_INPUT)
    {
      if (parser.token.kind == TOKEN_END_OF_LINE)
        {
          nrt_expr_lex_next (&parser);
          continue;
        }
      parse_statement (&parser);
      if (!parser.failed)
        nrt_expr_lex_next (&parser);
    }
  free (parser.tree);

  /* Step 2: a program needs an assignment to differentiate. */
  if (!parser.failed && expr->n_statements == 0)
    nrt_expr_parser_fail_at (&parser, 1, 1,
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
