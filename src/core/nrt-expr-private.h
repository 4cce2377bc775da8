/* nrt-expr-private.h: the types and functions that the lexer
 * (nrt-expr-lex.c), the parser (nrt-expr-parse.c) and the lowering and
 * evaluation (nrt-expr.c) share: tokens, the syntax tree of one statement,
 * the parser's state and the fields of NrtExpr.
 */
#pragma once

#include <stddef.h>

#include "nrt-expr.h"

/* The maximum variable name length, because a graph node name has room
 * for 63 characters. */
#define EXPR_MAX_NAME_LENGTH 63

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

/* nrt-expr-lex.c */

/* Sets the parse error "line L, column C: reason" and marks the parser
 * failed. Only the first error is recorded, because later ones follow from it. */
void nrt_expr_parser_fail_at (Parser *parser, int line, int column, const char *format, ...)
  __attribute__ ((format (printf, 4, 5)));

/* Describes a token for "found ..." in a message, such as "'+'", "'foo'",
 * "the number 3" or "end of line". */
void nrt_expr_describe_token (const Parser *parser, const Token *token, char *buffer,
                              size_t size);

/* Reads the next token into parser->token, skipping spaces and comments. */
void nrt_expr_lex_next (Parser *parser);

/* Returns whether the lookahead ends the statement: end of line or of input. */
int nrt_expr_at_end_of_line (const Parser *parser);

/* nrt-expr.c */

/* Lowers the statement "target = tree root" spanning source[start, end).
 * When memory runs out or the graph rejects a node, marks the parser failed. */
void nrt_expr_lower_statement (Parser *parser, const Token *target, int root, size_t start,
                               size_t end, int line);
