/* nrt-symbolic.c: symbolic derivatives through libmatheval.
 *
 * The program is parsed and lowered by nrt-expr, and the substituted
 * expression is read off the graph: every node from the output down is
 * written as a template around the text of its inputs. A first pass over
 * the graph computes each node's text length, so an expression past
 * NRT_SYMBOLIC_MAX_LENGTH is rejected before any text is built.
 *
 * libmatheval keeps its parser state in globals (flex and bison), so calls
 * into it are serialised by a mutex. Its lexer reads numbers with strtod,
 * which follows the locale, so those calls run in the C locale.
 */
#define G_LOG_DOMAIN "neurite-symbolic"

#include "config.h"

#include "nrt-symbolic.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <matheval.h>
#include <string.h>

#include "core/nrt-expr.h"
#include "nrt-symbolic-simplify.h"

G_DEFINE_QUARK (nrt-symbolic-error-quark, nrt_symbolic_error)

static GMutex matheval_mutex;

/* libmatheval text of each op: '#' stands for the first input's text and
 * '@' for the second's; neither character occurs otherwise. */
static const char *
op_template (NrtOpId op)
{
  switch (op)
    {
    case NRT_OP_ADD:
      return "(#+@)";
    case NRT_OP_SUB:
      return "(#-@)";
    case NRT_OP_MUL:
      return "(#*@)";
    case NRT_OP_DIV:
      return "(#/@)";
    case NRT_OP_POW:
      return "(#^@)";
    case NRT_OP_NEG:
      return "(-#)";
    case NRT_OP_EXP:
      return "exp(#)";
    case NRT_OP_LOG:
      return "log(#)";
    case NRT_OP_SQRT:
      return "sqrt(#)";
    case NRT_OP_TANH:
      return "tanh(#)";
    case NRT_OP_ABS:
      return "abs(#)";
    case NRT_OP_SIGMOID:
      return "(1/(1+exp(-#)))";
    case NRT_OP_RELU:
      return "(#*step(#))";
    case NRT_OP_LINEAR:
      return "#";
    default:
      return NULL;
    }
}

/* Names that libmatheval reads as its own functions or constants
 * (libmatheval 1.1.11), so they cannot be variables there. */
static const char *const matheval_reserved[] = {
  "exp", "log", "sqrt", "sin", "cos", "tan", "cot", "sec", "csc",
  "asin", "acos", "atan", "acot", "asec", "acsc",
  "sinh", "cosh", "tanh", "coth", "sech", "csch",
  "asinh", "acosh", "atanh", "acoth", "asech", "acsch",
  "abs", "step", "delta", "nandelta", "erf",
  "e", "log2e", "log10e", "ln2", "ln10", "pi", "pi_2", "pi_4", "sqrt2", "sqrt1_2",
};

/* Writes a float32 constant with the fewest digits that read back as the
 * same float, so 0.1f is "0.1" and not "0.100000001". */
static void
format_constant (float value, char *buffer, gsize size)
{
  for (int digits = 1; digits <= 9; digits++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (buffer, (int) size, format, value);
      if ((float) g_ascii_strtod (buffer, NULL) == value)
        return;
    }
}

/* Runs the first pass: marks the nodes the output depends on and computes
 * their text lengths, saturated at NRT_SYMBOLIC_MAX_LENGTH + 1. Returns FALSE
 * with error set for a node that has no libmatheval form. */
static gboolean
measure (NrtGraph *graph, int output, gboolean *needed, gsize *lengths, GError **error)
{
  needed[output] = TRUE;
  for (int id = output; id >= 0; id--)
    {
      NrtNode *node = nrt_graph_get_node (graph, id);

      if (needed[id] && node->kind == NRT_NODE_OP)
        for (int i = 0; i < node->n_inputs; i++)
          needed[node->inputs[i]] = TRUE;
    }

  for (int id = 0; id <= output; id++)
    {
      NrtNode *node = nrt_graph_get_node (graph, id);
      const char *template;
      gsize length = 0;

      if (!needed[id])
        continue;

      if (node->kind == NRT_NODE_PARAMETER)
        {
          for (gsize i = 0; i < G_N_ELEMENTS (matheval_reserved); i++)
            if (strcmp (node->name, matheval_reserved[i]) == 0)
              {
                g_set_error (error, NRT_SYMBOLIC_ERROR, NRT_SYMBOLIC_ERROR_UNSUPPORTED,
                             _("The input “%s” is the name of a libmatheval function or "
                               "constant, so it cannot be a variable there; rename it"),
                             node->name);
                return FALSE;
              }
          lengths[id] = strlen (node->name);
          continue;
        }
      if (node->kind == NRT_NODE_CONSTANT)
        {
          char text[G_ASCII_DTOSTR_BUF_SIZE];

          format_constant (node->value->data[0], text, sizeof text);
          lengths[id] = strlen (text);
          continue;
        }

      template = node->kind == NRT_NODE_OP ? op_template (node->op) : NULL;
      if (template == NULL)
        {
          g_set_error (error, NRT_SYMBOLIC_ERROR, NRT_SYMBOLIC_ERROR_UNSUPPORTED,
                       _("The function “%s” in “%s” has no form in libmatheval, so the "
                         "program cannot be differentiated symbolically"),
                       node->kind == NRT_NODE_OP ? nrt_op_name (node->op) : node->name,
                       node->name);
          return FALSE;
        }
      for (const char *c = template; *c != '\0'; c++)
        length += *c == '#' ? lengths[node->inputs[0]] : (*c == '@' ? lengths[node->inputs[1]] : 1);
      lengths[id] = MIN (length, (gsize) NRT_SYMBOLIC_MAX_LENGTH + 1);
    }
  return TRUE;
}

/* Appends node id's text; measure has checked that every node has a form. */
static void
append_node (NrtGraph *graph, int id, GString *text)
{
  NrtNode *node = nrt_graph_get_node (graph, id);
  char constant[G_ASCII_DTOSTR_BUF_SIZE];

  if (node->kind == NRT_NODE_PARAMETER)
    {
      g_string_append (text, node->name);
      return;
    }
  if (node->kind == NRT_NODE_CONSTANT)
    {
      format_constant (node->value->data[0], constant, sizeof constant);
      g_string_append (text, constant);
      return;
    }

  for (const char *c = op_template (node->op); *c != '\0'; c++)
    {
      if (*c == '#')
        append_node (graph, node->inputs[0], text);
      else if (*c == '@')
        append_node (graph, node->inputs[1], text);
      else
        g_string_append_c (text, *c);
    }
}

/* Parses program; returns NULL with error set on a syntax error. */
static NrtExpr *
parse_program (const char *program, GError **error)
{
  NrtError err = { 0 };
  NrtExpr *expr = nrt_expr_parse (program, &err, NULL);

  if (expr == NULL)
    g_set_error (error, NRT_SYMBOLIC_ERROR, NRT_SYMBOLIC_ERROR_PARSE, "%s", err.message);
  return expr;
}

/* Builds the substituted text of expr's output, or NULL with error set. */
static char *
expression_text (NrtExpr *expr, GError **error)
{
  NrtGraph *graph = nrt_expr_get_graph (expr);
  int output = nrt_expr_get_output_node (expr);
  g_autofree gboolean *needed = g_new0 (gboolean, output + 1);
  g_autofree gsize *lengths = g_new0 (gsize, output + 1);
  GString *text;

  if (!measure (graph, output, needed, lengths, error))
    return NULL;
  if (lengths[output] > NRT_SYMBOLIC_MAX_LENGTH)
    {
      g_set_error (error, NRT_SYMBOLIC_ERROR, NRT_SYMBOLIC_ERROR_TOO_LONG,
                   _("Substituting every assignment into “%s” gives an expression of more "
                     "than %d characters, because each use of a name copies its whole "
                     "expression; differentiate a shorter program or one that reuses "
                     "fewer names"),
                   nrt_expr_get_output_name (expr), NRT_SYMBOLIC_MAX_LENGTH);
      return NULL;
    }

  text = g_string_sized_new (lengths[output] + 1);
  append_node (graph, output, text);
  return g_string_free (text, FALSE);
}

char *
nrt_symbolic_expression (const char *program, GError **error)
{
  NrtExpr *expr;
  char *text;

  g_return_val_if_fail (program != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  expr = parse_program (program, error);
  if (expr == NULL)
    return NULL;
  text = expression_text (expr, error);
  nrt_expr_free (expr);
  return text;
}

/* Runs libmatheval calls under the mutex and in the C locale. */
typedef struct {
  locale_t c_locale;
  locale_t previous;
} MathevalScope;

static void
matheval_enter (MathevalScope *scope)
{
  g_mutex_lock (&matheval_mutex);
  scope->c_locale = newlocale (LC_ALL_MASK, "C", (locale_t) 0);
  scope->previous = scope->c_locale != (locale_t) 0 ? uselocale (scope->c_locale) : (locale_t) 0;
}

static void
matheval_leave (MathevalScope *scope)
{
  if (scope->c_locale != (locale_t) 0)
    {
      uselocale (scope->previous);
      freelocale (scope->c_locale);
    }
  g_mutex_unlock (&matheval_mutex);
}

char *
nrt_symbolic_derivative (const char *program, const char *variable, GError **error)
{
  g_autofree char *text = NULL;
  MathevalScope scope;
  NrtExpr *expr;
  void *function, *derivative;
  char *result = NULL;
  char *simplified;

  g_return_val_if_fail (program != NULL, NULL);
  g_return_val_if_fail (variable != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Step 1: parse the program and check the variable. */
  expr = parse_program (program, error);
  if (expr == NULL)
    return NULL;
  if (nrt_expr_find_input (expr, variable) < 0)
    {
      GString *inputs = g_string_new (NULL);

      for (int i = 0; i < nrt_expr_get_n_inputs (expr); i++)
        g_string_append_printf (inputs, "%s%s", i > 0 ? ", " : "",
                                nrt_expr_get_input_name (expr, i));
      if (inputs->len > 0)
        g_set_error (error, NRT_SYMBOLIC_ERROR, NRT_SYMBOLIC_ERROR_UNKNOWN_VARIABLE,
                     _("“%s” is not an input of the program, so there is nothing to "
                       "differentiate by; its inputs are %s"), variable, inputs->str);
      else
        g_set_error (error, NRT_SYMBOLIC_ERROR, NRT_SYMBOLIC_ERROR_UNKNOWN_VARIABLE,
                     _("“%s” is not an input of the program, which has no inputs"),
                     variable);
      g_string_free (inputs, TRUE);
      nrt_expr_free (expr);
      return NULL;
    }

  /* Step 2: substitute every assignment into the last one. */
  text = expression_text (expr, error);
  nrt_expr_free (expr);
  if (text == NULL)
    return NULL;

  /* Step 3: differentiate with libmatheval. */
  matheval_enter (&scope);
  function = evaluator_create (text);
  derivative = function != NULL ? evaluator_derivative (function, (char *) variable) : NULL;
  if (derivative != NULL)
    result = g_strdup (evaluator_get_string (derivative));
  if (derivative != NULL)
    evaluator_destroy (derivative);
  if (function != NULL)
    evaluator_destroy (function);
  matheval_leave (&scope);

  if (result == NULL)
    {
      g_set_error (error, NRT_SYMBOLIC_ERROR, NRT_SYMBOLIC_ERROR_FAILED,
                   _("libmatheval could not %s the expression “%.200s”"),
                   function == NULL ? _("parse") : _("differentiate"), text);
      return NULL;
    }

  /* Step 4: simplify, or keep libmatheval's text if that fails. */
  simplified = nrt_symbolic_simplify (result);
  if (simplified == NULL)
    return result;
  g_free (result);
  return simplified;
}

gboolean
nrt_symbolic_evaluate (const char *expression, guint n_variables, const char *const *names,
                       const double *values, double *result, GError **error)
{
  g_autofree char *missing = NULL;
  g_autofree char *copy = NULL;
  MathevalScope scope;
  void *function;
  char **used = NULL;
  int n_used = 0;

  g_return_val_if_fail (expression != NULL, FALSE);
  g_return_val_if_fail (n_variables == 0 || (names != NULL && values != NULL), FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* libmatheval takes non-const strings, though it does not change them. */
  copy = g_strdup (expression);

  matheval_enter (&scope);
  function = evaluator_create (copy);
  if (function != NULL)
    {
      /* Every variable of the expression needs a value: libmatheval would
       * otherwise use an undetermined one. */
      evaluator_get_variables (function, &used, &n_used);
      for (int i = 0; i < n_used && missing == NULL; i++)
        {
          gboolean given = FALSE;

          for (guint k = 0; k < n_variables && !given; k++)
            given = strcmp (names[k], used[i]) == 0;
          if (!given)
            missing = g_strdup (used[i]);
        }
      if (missing == NULL)
        *result = evaluator_evaluate (function, (int) n_variables, (char **) names,
                                      (double *) values);
      evaluator_destroy (function);
    }
  matheval_leave (&scope);

  if (function == NULL)
    {
      g_set_error (error, NRT_SYMBOLIC_ERROR, NRT_SYMBOLIC_ERROR_FAILED,
                   _("libmatheval could not parse the expression “%.200s”"), expression);
      return FALSE;
    }
  if (missing != NULL)
    {
      g_set_error (error, NRT_SYMBOLIC_ERROR, NRT_SYMBOLIC_ERROR_UNKNOWN_VARIABLE,
                   _("The expression uses the variable “%s”, but no value was given for it"),
                   missing);
      return FALSE;
    }
  return TRUE;
}
