/* nrt-expr.c: lowering a parsed statement into the graph, then evaluating
 * and stepping the program, and the accessors of NrtExpr. The lexer is in
 * nrt-expr-lex.c and the parser in nrt-expr-parse.c.
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
#include "nrt-expr-private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
void
nrt_expr_lower_statement (Parser *parser, const Token *target, int root, size_t start,
                          size_t end, int line)
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
      nrt_expr_parser_fail_at (parser, line, target->column, "out of memory building the graph");
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
      nrt_expr_parser_fail_at (parser, line, target->column, "out of memory building the graph");
      return;
    }

  statement = &expr->statements[expr->n_statements];
  statement->text = malloc (end - start + 1);
  if (statement->text == NULL)
    {
      nrt_expr_parser_fail_at (parser, line, target->column, "out of memory building the graph");
      return;
    }
  memcpy (statement->text, parser->source + start, end - start);
  statement->text[end - start] = '\0';
  statement->line = line;
  statement->first_node = first_node;
  statement->node = node;
  expr->n_statements++;
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

/* Explains why the power node produced a non-finite value from finite
 * inputs: powf is NaN for a negative base with a non-integer exponent,
 * infinite for 0 with a negative exponent, and otherwise can only overflow
 * float32. */
static const char *
pow_non_finite_hint (NrtGraph *graph, const NrtNode *node)
{
  float base = nrt_graph_get_node (graph, node->inputs[0])->value->data[0];
  float exponent = nrt_graph_get_node (graph, node->inputs[1])->value->data[0];

  if (base < 0.0f && exponent != truncf (exponent))
    return "a negative base needs an integer exponent";
  if (base == 0.0f && exponent < 0.0f)
    return "0 to a negative power divides by 0";
  return "a result exceeds the float32 range of about 3.4e38";
}

/* Explains why op node produced a non-finite value from finite inputs. */
static const char *
non_finite_hint (NrtGraph *graph, const NrtNode *node)
{
  switch (node->op)
    {
    case NRT_OP_LOG:
      return "log needs a positive argument";
    case NRT_OP_SQRT:
      return "sqrt needs an argument of at least 0";
    case NRT_OP_DIV:
      return "the divisor must not be 0";
    case NRT_OP_POW:
      return pow_non_finite_hint (graph, node);
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
                                  non_finite_hint (expr->graph, node));
          return nrt_error_set (err, NRT_ERROR_NOT_FINITE,
                                "line %d, \"%s\": the value is %s, first at %s = %s; %s",
                                statement->line, statement->text, value, node->name,
                                format_value (node->value->data[0], step_value, sizeof step_value),
                                non_finite_hint (expr->graph, node));
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
