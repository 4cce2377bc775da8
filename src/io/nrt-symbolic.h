/* nrt-symbolic.h: symbolic derivatives of expression programs through
 * libmatheval.
 *
 * A program in the language of nrt-expr.h is turned into one libmatheval
 * expression for its last assignment by substituting every earlier
 * assignment into it, fully parenthesised, with sigmoid(x) written
 * 1/(1+exp(-x)) and relu(x) written x*step(x). libmatheval then
 * differentiates it, and nrt-symbolic-simplify.h simplifies its result.
 *
 * Where the results differ from the autodiff engine's: libmatheval's
 * step(0) is 1 and the derivative of x*step(x) contains x*delta(x), which
 * is NaN at 0. So relu and abs have no usable derivative at exactly 0,
 * where the engine uses 0. d(a^b)/db contains log(a), which is NaN for a <= 0 (the
 * engine uses 0). libmatheval computes in double, the engine in float32.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The maximum length of a substituted expression, in bytes. Substitution
 * copies an assignment's text at every use, so n lines of "x = x*x" grow
 * as 2^n. Past this limit the functions fail with NRT_SYMBOLIC_ERROR_TOO_LONG. */
#define NRT_SYMBOLIC_MAX_LENGTH 100000

#define NRT_SYMBOLIC_ERROR (nrt_symbolic_error_quark ())

typedef enum {
  NRT_SYMBOLIC_ERROR_PARSE,             /* the program has a syntax error */
  NRT_SYMBOLIC_ERROR_UNKNOWN_VARIABLE,  /* a variable is not an input, or has no value */
  NRT_SYMBOLIC_ERROR_UNSUPPORTED,       /* an op or a name has no libmatheval form */
  NRT_SYMBOLIC_ERROR_TOO_LONG,          /* longer than NRT_SYMBOLIC_MAX_LENGTH */
  NRT_SYMBOLIC_ERROR_FAILED             /* libmatheval rejected the expression */
} NrtSymbolicError;

GQuark nrt_symbolic_error_quark (void);

/* Returns the program's last assignment as one libmatheval expression over
 * the program's inputs, such as "((w*x)-y)" before any simplification, or
 * NULL with error set. Free the result with g_free. */
char *nrt_symbolic_expression (const char *program, GError **error);

/* Returns d(last assignment)/d(variable) as libmatheval computes it,
 * simplified by nrt_symbolic_simplify, such as "2*w" for "J = w^2", or NULL
 * with error set. The text is also valid libmatheval input. When the
 * simplifier cannot read libmatheval's text, the result is that text as is,
 * such as "(2*w)". variable must be an input of the program. Free the
 * result with g_free. */
char *nrt_symbolic_derivative (const char *program, const char *variable, GError **error);

/* Evaluates a libmatheval expression, such as one returned above, with
 * names[i] = values[i] for i < n_variables, into *result. Fails when the
 * expression does not parse or uses a variable not among names. */
gboolean nrt_symbolic_evaluate (const char *expression, guint n_variables,
                                const char *const *names, const double *values,
                                double *result, GError **error);

G_END_DECLS
