/* nrt-expr.h: scalar expressions on the autodiff engine.
 *
 * A program is a list of assignments, one per line:
 *
 *   c = a + b
 *   d = a*b + b^3
 *   c = c + 1        (a name may be reassigned)
 *
 * with numbers, names, + - * /, ^ or ** (right-associative, binding tighter
 * than unary minus, so -a^2 is -(a^2)), unary minus, parentheses and the
 * functions exp log sqrt tanh sigmoid relu abs. '#' starts a comment. Names
 * read before any assignment are input variables. The program lowers to a
 * computation graph of scalar nodes: each input variable is a parameter
 * node, each number a constant, each operation an op node. Evaluating runs
 * the graph forward, then backward from the last assignment.
 */
#pragma once

#include "nrt-error.h"
#include "nrt-graph.h"

typedef struct NrtExpr NrtExpr;

/* Where parsing failed: 1-based line and column of the offending token.
 * The source is UTF-8, and the column counts characters (code points), not
 * bytes. Today no reported column follows a multi-byte character, because
 * any non-ASCII character outside a comment is itself the error and a
 * comment runs to the end of its line. */
typedef struct {
  int line;
  int column;
} NrtExprLocation;

/* Parses source. On failure returns NULL, fills err with a message such as
 * "line 3, column 7: expected an operand after '+', found end of line", and
 * when location is not NULL, the line and column. Input variables start at
 * 0. Free the result with nrt_expr_free. */
NrtExpr *nrt_expr_parse (const char *source, NrtError *err, NrtExprLocation *location);
void nrt_expr_free (NrtExpr *expr);

/* Input variables, in order of first use. */
int nrt_expr_get_n_inputs (const NrtExpr *expr);
const char *nrt_expr_get_input_name (const NrtExpr *expr, int input);
/* Returns the index of the input variable name, or -1. */
int nrt_expr_find_input (const NrtExpr *expr, const char *name);
double nrt_expr_get_input_value (const NrtExpr *expr, int input);
void nrt_expr_set_input_value (NrtExpr *expr, int input, double value);

/* Runs the graph forward and backward from the last assignment. Returns
 * NRT_ERROR_NOT_FINITE with a message naming the first assignment whose
 * value is NaN or infinite, such as log of a negative number. Values and
 * derivatives are still filled in as far as they go. */
NrtStatus nrt_expr_evaluate (NrtExpr *expr, NrtError *err);

/* Assigned names, each once, in order of first assignment, with their final
 * values after nrt_expr_evaluate. */
int nrt_expr_get_n_assigned (const NrtExpr *expr);
const char *nrt_expr_get_assigned_name (const NrtExpr *expr, int assigned);
double nrt_expr_get_assigned_value (const NrtExpr *expr, int assigned);

/* The name of the last assignment, the one differentiated. */
const char *nrt_expr_get_output_name (const NrtExpr *expr);
double nrt_expr_get_output_value (const NrtExpr *expr);

/* d(output)/d(input) after nrt_expr_evaluate. */
double nrt_expr_get_derivative (const NrtExpr *expr, int input);

/* One gradient-descent step: input -= learning_rate * d(output)/d(input)
 * for each input whose flag in update[0..n_inputs) is non-zero (all inputs
 * when update is NULL), using the derivatives of the last evaluation; then
 * evaluates again. */
NrtStatus nrt_expr_step (NrtExpr *expr, double learning_rate, const int *update, NrtError *err);

/* The graph, borrowed: one scalar node per input, constant and operation,
 * each op node named after what it computes ("a*b", "c = c + 1" for the
 * node an assignment ends in). Values and gradients are those of the last
 * evaluation. */
NrtGraph *nrt_expr_get_graph (NrtExpr *expr);
int nrt_expr_get_output_node (const NrtExpr *expr);

/* The source text of assignment index (0-based, in program order) and the
 * node its value ends in. */
int nrt_expr_get_n_statements (const NrtExpr *expr);
const char *nrt_expr_get_statement_text (const NrtExpr *expr, int statement);
int nrt_expr_get_statement_node (const NrtExpr *expr, int statement);

/* The 1-based source line of assignment index, or 0 for an unknown index. */
int nrt_expr_get_statement_line (const NrtExpr *expr, int statement);
