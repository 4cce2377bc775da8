/* nrt-expr-panel-stepper.c: gradient descent on the expression panel's
 * inputs, the history of the output per step, and its sparkline. */
#define G_LOG_DOMAIN "neurite-expr-panel"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "nrt-expr-panel-private.h"

/* Maximum number of output values kept for the sparkline. Older ones are dropped. */
#define HISTORY_MAX 200

/* Restarts the history at the current output value, for a new program or
 * a value set by hand. */
void
nrt_expr_panel_reset_history (NrtExprPanel *self)
{
  double output = self->expr != NULL ? nrt_expr_get_output_value (self->expr) : NAN;

  self->step_count = 0;
  g_array_set_size (self->history, 0);
  if (self->expr != NULL)
    g_array_append_val (self->history, output);
}

static void
nrt_expr_panel_append_history (NrtExprPanel *self)
{
  double output = nrt_expr_get_output_value (self->expr);

  if (self->history->len >= HISTORY_MAX)
    g_array_remove_index (self->history, 0);
  g_array_append_val (self->history, output);
}

void
nrt_expr_panel_refresh_steps (NrtExprPanel *self)
{
  g_autofree char *text = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  const char *output;

  if (self->expr == NULL || self->history->len == 0)
    {
      gtk_label_set_label (self->step_label, "");
      return;
    }

  output = nrt_expr_get_output_name (self->expr);
  first = format_number (g_array_index (self->history, double, 0));
  last = format_number (g_array_index (self->history, double, self->history->len - 1));
  if (self->step_count == 0)
    /* TRANSLATORS: before any gradient-descent step, such as "No steps yet, J = 8". */
    text = g_strdup_printf (_("No steps yet, %s = %s"), output, last);
  else
    /* TRANSLATORS: such as "Step 3: J = 0.72, from 8 before the first step". */
    text = g_strdup_printf (ngettext ("Step %d: %s = %s, from %s before the first step",
                                      "Step %d: %s = %s, from %s before the first step",
                                      self->step_count),
                            self->step_count, output, last, first);
  gtk_label_set_label (self->step_label, text);
}

/* ---- the sparkline of the output per step ---- */

void
nrt_expr_panel_history_draw (GtkDrawingArea *area, cairo_t *cr, int width, int height,
                             gpointer user_data)
{
  NrtExprPanel *self = user_data;
  double low = INFINITY, high = -INFINITY;
  double pad = 4.0;
  GdkRGBA color;
  guint n = self->history->len;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &color);

  /* The frame, faint, so that an empty sparkline still shows its place. */
  cairo_set_source_rgba (cr, color.red, color.green, color.blue, 0.15);
  cairo_set_line_width (cr, 1.0);
  cairo_rectangle (cr, 0.5, 0.5, width - 1.0, height - 1.0);
  cairo_stroke (cr);

  for (guint i = 0; i < n; i++)
    {
      double value = g_array_index (self->history, double, i);

      if (isfinite (value))
        {
          low = MIN (low, value);
          high = MAX (high, value);
        }
    }
  if (n < 2 || !isfinite (low))
    {
      g_autoptr (PangoLayout) layout = NULL;

      layout = gtk_widget_create_pango_layout (GTK_WIDGET (area),
                                               _("The output after each step appears here."));
      cairo_set_source_rgba (cr, color.red, color.green, color.blue, 0.55);
      cairo_move_to (cr, 8, 8);
      pango_cairo_show_layout (cr, layout);
      return;
    }
  if (high - low < 1e-12)
    {
      low -= 0.5;
      high += 0.5;
    }

  /* One point per step, left to right, with larger values higher up. */
  cairo_set_source_rgba (cr, color.red, color.green, color.blue, 0.9);
  cairo_set_line_width (cr, 1.5);
  for (guint i = 0; i < n; i++)
    {
      double value = g_array_index (self->history, double, i);
      double x = pad + (width - 2 * pad) * i / (double) (n - 1);
      double y = pad + (height - 2 * pad) * (high - value) / (high - low);

      if (!isfinite (value))
        continue;
      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_stroke (cr);
}

/* ---- gradient descent ---- */

void
nrt_expr_panel_step_clicked_cb (NrtExprPanel *self)
{
  nrt_expr_panel_step (self, 1);
}

void
nrt_expr_panel_run_clicked_cb (NrtExprPanel *self)
{
  nrt_expr_panel_step (self, 10);
}

void
nrt_expr_panel_set_learning_rate (NrtExprPanel *self, double learning_rate)
{
  g_return_if_fail (NRT_IS_EXPR_PANEL (self));

  gtk_spin_button_set_value (self->learning_rate_spin, learning_rate);
}

gboolean
nrt_expr_panel_step (NrtExprPanel *self, int n_steps)
{
  g_autofree int *update = NULL;
  double learning_rate;
  int n_inputs;
  int n_taken = 0;

  g_return_val_if_fail (NRT_IS_EXPR_PANEL (self), FALSE);
  g_return_val_if_fail (n_steps >= 1, FALSE);

  /* Step 1: pending edits first, so the step applies to what is shown. */
  nrt_expr_panel_update (self);
  if (self->expr == NULL || nrt_expr_panel_has_error (self) || self->warning_message != NULL)
    return FALSE;

  /* Step 2: the checked inputs, in the program's input order. */
  n_inputs = nrt_expr_get_n_inputs (self->expr);
  update = g_new0 (int, MAX (1, n_inputs));
  for (int i = 0; i < n_inputs && i < (int) self->input_checks->len; i++)
    update[i] = gtk_check_button_get_active (g_ptr_array_index (self->input_checks, i));
  learning_rate = gtk_spin_button_get_value (self->learning_rate_spin);

  /* Step 3: the steps, each of which evaluates again. */
  while (n_taken < n_steps)
    {
      NrtError err = { 0 };
      NrtStatus status = nrt_expr_step (self->expr, learning_rate, update, &err);

      n_taken++;
      self->step_count++;
      nrt_expr_panel_append_history (self);
      if (status != NRT_OK)
        {
          self->warning_message = g_strdup (err.message);
          break;
        }
    }

  nrt_expr_panel_sync_input_spins (self);
  nrt_expr_panel_refresh (self);
  return self->warning_message == NULL;
}

int
nrt_expr_panel_get_step_count (NrtExprPanel *self)
{
  g_return_val_if_fail (NRT_IS_EXPR_PANEL (self), 0);

  return self->step_count;
}
