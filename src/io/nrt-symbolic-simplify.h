/* nrt-symbolic-simplify.h: simplification and printing of libmatheval's
 * expression text.
 *
 * libmatheval 1.1.11 prints a derivative fully parenthesised and with
 * terms such as (w*0) and (x*1) left in. This module parses that text into
 * a tree, simplifies it with rules that keep the value wherever the
 * original expression is defined, and prints it with the fewest
 * parentheses that keep its meaning, both for a reader and for
 * libmatheval's parser.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The maximum nesting depth of an expression tree that the simplifier
 * accepts. The parser, the rules and the printer recurse once per level,
 * so this bounds their stack use. */
#define NRT_SYMBOLIC_SIMPLIFY_MAX_DEPTH 2000

/* Simplifies a libmatheval expression such as
 * "(((2*(x+(w*0)))*((w*x)-y))*2)/4" into "x*(w*x - y)".
 *
 * The input may contain numbers, variables, + - * / ^, unary minus,
 * parentheses and one-argument function calls such as exp(x). Returns NULL
 * when the text has any other token, is not a well-formed expression, or
 * nests deeper than NRT_SYMBOLIC_SIMPLIFY_MAX_DEPTH; the caller then keeps
 * the original text. Free the result with g_free. */
char *nrt_symbolic_simplify (const char *expression);

G_END_DECLS
