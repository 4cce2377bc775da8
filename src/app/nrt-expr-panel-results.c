/* nrt-expr-panel-results.c: the results in the expression panel. They are
 * the value of every assignment, the derivatives of the last one by each
 * input, and their symbolic formulas from libmatheval. */
#define G_LOG_DOMAIN "neurite-expr-panel"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "io/nrt-symbolic.h"

#include "nrt-expr-panel-private.h"

/* Symbolic formulas longer than this are cut in the panel: a program of
 * ten lines substitutes into formulas of several thousand characters. */
#define FORMULA_MAX_CHARS 320

/* Programs whose last assignment expands to more characters than this get
 * no symbolic derivatives. libmatheval's derivative and the simplifier take
 * time that grows about quadratically with the length: 0.07 s at 1,100
 * characters and 1.2 s at 4,400 for two inputs, measured with this panel's
 * test program under Xvfb. They run on the UI thread, which would freeze. */
#define SYMBOLIC_MAX_EXPRESSION_CHARS 2000

/* Returns why the program is too long for symbolic derivatives, or NULL
 * when they can be computed. */
static char *
describe_symbolic_too_long (NrtExprPanel *self)
{
  g_autofree char *expression = nrt_symbolic_expression (self->expr_source, NULL);
  size_t length;

  /* A program that libmatheval cannot take fails again, with its reason,
   * in nrt_symbolic_derivative. */
  if (expression == NULL)
    return NULL;
  length = strlen (expression);
  if (length <= SYMBOLIC_MAX_EXPRESSION_CHARS)
    return NULL;
  /* TRANSLATORS: the first %zu is a length in characters, the second the limit. */
  return g_strdup_printf (_("the last assignment expands to %zu characters, and symbolic "
                            "derivatives are computed for up to %d characters. The values "
                            "above come from automatic differentiation."),
                          length, SYMBOLIC_MAX_EXPRESSION_CHARS);
}

void
nrt_expr_panel_update_formulas (NrtExprPanel *self)
{
  g_autofree char *too_long = describe_symbolic_too_long (self);

  g_ptr_array_set_size (self->formulas, 0);
  g_ptr_array_set_size (self->formula_errors, 0);
  for (int i = 0; i < nrt_expr_get_n_inputs (self->expr); i++)
    {
      g_autoptr (GError) error = NULL;
      char *formula;

      if (too_long != NULL)
        {
          g_ptr_array_add (self->formulas, NULL);
          g_ptr_array_add (self->formula_errors, g_strdup (too_long));
          continue;
        }
      formula = nrt_symbolic_derivative (self->expr_source, nrt_expr_get_input_name (self->expr, i),
                                         &error);
      g_ptr_array_add (self->formulas, formula);
      g_ptr_array_add (self->formula_errors, formula == NULL ? g_strdup (error->message) : NULL);
    }
}

char *
nrt_expr_panel_build_results_text (NrtExprPanel *self)
{
  GString *text = g_string_new (NULL);
  const char *output = nrt_expr_get_output_name (self->expr);

  for (int i = 0; i < nrt_expr_get_n_assigned (self->expr); i++)
    {
      g_autofree char *value = format_number (nrt_expr_get_assigned_value (self->expr, i));

      g_string_append_printf (text, "%s = %s\n", nrt_expr_get_assigned_name (self->expr, i), value);
    }
  for (int i = 0; i < nrt_expr_get_n_inputs (self->expr); i++)
    {
      g_autofree char *value = format_number (nrt_expr_get_derivative (self->expr, i));

      g_string_append_printf (text, "d%s/d%s = %s\n", output,
                              nrt_expr_get_input_name (self->expr, i), value);
    }
  if (text->len > 0)
    g_string_truncate (text, text->len - 1);
  return g_string_free (text, FALSE);
}

/* Returns the formula for input i, shortened past FORMULA_MAX_CHARS, and its
 * value at the current inputs, as Pango markup. */
static char *
build_formula_markup (NrtExprPanel *self, int i)
{
  const char *formula = g_ptr_array_index (self->formulas, i);
  g_autofree char *shown = NULL;
  g_autofree char *value_text = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree const char **names = NULL;
  g_autofree double *values = NULL;
  int n = nrt_expr_get_n_inputs (self->expr);
  glong length = g_utf8_strlen (formula, -1);
  double value;

  names = g_new (const char *, n);
  values = g_new (double, n);
  for (int k = 0; k < n; k++)
    {
      names[k] = nrt_expr_get_input_name (self->expr, k);
      values[k] = nrt_expr_get_input_value (self->expr, k);
    }
  if (nrt_symbolic_evaluate (formula, (guint) n, names, values, &value, &error))
    {
      g_autofree char *number = format_number (value);

      /* TRANSLATORS: the value of a symbolic derivative at the current inputs. */
      value_text = g_markup_printf_escaped (_("= %s here"), number);
    }
  else
    value_text = g_markup_printf_escaped ("<span alpha=\"60%%\">%s</span>", error->message);

  if (length <= FORMULA_MAX_CHARS)
    shown = g_markup_escape_text (formula, -1);
  else
    {
      g_autofree char *start = g_utf8_substring (formula, 0, FORMULA_MAX_CHARS);

      /* TRANSLATORS: the start of a long formula, then its full length. */
      shown = g_markup_printf_escaped (_("%s… (%ld characters in all)"), start, length);
    }
  return g_strdup_printf ("%s\n%s", shown, value_text);
}

void
nrt_expr_panel_refresh_symbolic (NrtExprPanel *self)
{
  GString *markup = g_string_new (NULL);
  const char *output = nrt_expr_get_output_name (self->expr);

  for (int i = 0; i < nrt_expr_get_n_inputs (self->expr) && i < (int) self->formulas->len; i++)
    {
      g_autofree char *heading = NULL;
      const char *reason = g_ptr_array_index (self->formula_errors, i);

      heading = g_markup_printf_escaped ("<b>d%s/d%s</b>", output,
                                         nrt_expr_get_input_name (self->expr, i));
      if (i > 0)
        g_string_append (markup, "\n");
      if (reason != NULL)
        {
          g_autofree char *line = NULL;

          /* TRANSLATORS: %s is why libmatheval gives no formula. */
          line = g_markup_printf_escaped (_("not available: %s"), reason);
          g_string_append_printf (markup, "%s <span alpha=\"60%%\">%s</span>", heading, line);
        }
      else
        {
          g_autofree char *formula = build_formula_markup (self, i);

          g_string_append_printf (markup, "%s = %s", heading, formula);
        }
    }
  if (markup->len == 0)
    g_string_append_printf (markup, "<span alpha=\"60%%\">%s</span>",
                            _("No inputs to differentiate by."));
  gtk_label_set_markup (self->symbolic_label, markup->str);
  g_string_free (markup, TRUE);
}

char *
nrt_expr_panel_dup_results_text (NrtExprPanel *self)
{
  g_return_val_if_fail (NRT_IS_EXPR_PANEL (self), NULL);

  return g_strdup (gtk_label_get_text (self->results_label));
}
