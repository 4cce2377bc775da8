/* nrt-expr-panel-inputs.c: the inputs of the expression panel. Their values
 * are kept by name across re-parses, and each input has a row with its spin
 * button and its "update" box for gradient descent. */
#define G_LOG_DOMAIN "neurite-expr-panel"

#include "config.h"

#include <float.h>

#include <glib/gi18n-lib.h>

#include "nrt-expr-panel-private.h"

void
nrt_expr_panel_store_input_value (NrtExprPanel *self, const char *name, double value)
{
  double *stored = g_new (double, 1);

  *stored = value;
  g_hash_table_insert (self->input_values, g_strdup (name), stored);
}

static gboolean
lookup_input_updated (NrtExprPanel *self, const char *name)
{
  gpointer updated;

  if (g_hash_table_lookup_extended (self->input_updated, name, NULL, &updated))
    return GPOINTER_TO_INT (updated);
  return TRUE;
}

/* Applies a value set by hand or through the API to the input name. */
static gboolean
nrt_expr_panel_apply_input (NrtExprPanel *self, const char *name, double value)
{
  int input;

  nrt_expr_panel_store_input_value (self, name, value);
  if (self->expr == NULL || (input = nrt_expr_find_input (self->expr, name)) < 0)
    return FALSE;

  nrt_expr_set_input_value (self->expr, input, value);
  nrt_expr_panel_evaluate (self);
  nrt_expr_panel_reset_history (self);
  nrt_expr_panel_refresh (self);
  return TRUE;
}

static void
nrt_expr_panel_input_spin_changed_cb (GtkSpinButton *spin, NrtExprPanel *self)
{
  const char *name = g_object_get_data (G_OBJECT (spin), "nrt-input-name");

  if (self->updating > 0)
    return;
  nrt_expr_panel_apply_input (self, name, gtk_spin_button_get_value (spin));
}

static void
nrt_expr_panel_input_check_toggled_cb (GtkCheckButton *check, NrtExprPanel *self)
{
  const char *name = g_object_get_data (G_OBJECT (check), "nrt-input-name");

  g_hash_table_insert (self->input_updated, g_strdup (name),
                       GINT_TO_POINTER (gtk_check_button_get_active (check)));
  if (self->updating == 0)
    nrt_expr_panel_refresh (self);
}

/* Returns whether the input rows already show the inputs of expr, in order. */
gboolean
nrt_expr_panel_input_rows_match (NrtExprPanel *self)
{
  int n = nrt_expr_get_n_inputs (self->expr);

  if ((int) self->input_spins->len != n)
    return FALSE;
  for (int i = 0; i < n; i++)
    {
      const char *shown_name = g_object_get_data (g_ptr_array_index (self->input_spins, i),
                                              "nrt-input-name");

      if (g_strcmp0 (shown_name, nrt_expr_get_input_name (self->expr, i)) != 0)
        return FALSE;
    }
  return TRUE;
}

/* Adds the row of input i: its name, a spin button and the "update" box. */
static void
nrt_expr_panel_add_input_row (NrtExprPanel *self, int i)
{
  const char *name = nrt_expr_get_input_name (self->expr, i);
  g_autofree char *value_label = NULL;
  g_autofree char *update_label = NULL;
  GtkAdjustment *adjustment;
  GtkWidget *label, *spin, *check;

  label = gtk_label_new (name);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "monospace");
  gtk_grid_attach (self->inputs_grid, label, 0, i, 1, 1);

  /* The whole float32 range, since the engine computes in float32 and a
   * diverging gradient descent can take an input anywhere in it. A smaller
   * range would clamp the shown value while the program uses another. */
  adjustment = gtk_adjustment_new (nrt_expr_get_input_value (self->expr, i), -FLT_MAX, FLT_MAX,
                                   0.1, 1.0, 0.0);
  spin = gtk_spin_button_new (adjustment, 0.1, 4);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 10);
  gtk_widget_set_hexpand (spin, TRUE);
  /* TRANSLATORS: the accessible name of an input's spin button, such as "Value of w". */
  value_label = g_strdup_printf (_("Value of %s"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  value_label, -1);
  g_object_set_data_full (G_OBJECT (spin), "nrt-input-name", g_strdup (name), g_free);
  g_signal_connect_object (spin, "value-changed",
                           G_CALLBACK (nrt_expr_panel_input_spin_changed_cb), self, 0);
  gtk_grid_attach (self->inputs_grid, spin, 1, i, 1, 1);

  check = gtk_check_button_new_with_label (_("update"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), lookup_input_updated (self, name));
  /* TRANSLATORS: the tooltip of an input's "update" box, such as "Let gradient descent change w". */
  update_label = g_strdup_printf (_("Let gradient descent change %s"), name);
  gtk_widget_set_tooltip_text (check, update_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  update_label, -1);
  g_object_set_data_full (G_OBJECT (check), "nrt-input-name", g_strdup (name), g_free);
  g_signal_connect_object (check, "toggled",
                           G_CALLBACK (nrt_expr_panel_input_check_toggled_cb), self, 0);
  gtk_grid_attach (self->inputs_grid, check, 2, i, 1, 1);

  g_ptr_array_add (self->input_spins, spin);
  g_ptr_array_add (self->input_checks, check);
}

void
nrt_expr_panel_rebuild_input_rows (NrtExprPanel *self)
{
  GtkWidget *child;
  int n = nrt_expr_get_n_inputs (self->expr);

  self->updating++;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->inputs_grid))) != NULL)
    gtk_grid_remove (self->inputs_grid, child);
  g_ptr_array_set_size (self->input_spins, 0);
  g_ptr_array_set_size (self->input_checks, 0);
  for (int i = 0; i < n; i++)
    nrt_expr_panel_add_input_row (self, i);
  gtk_widget_set_visible (GTK_WIDGET (self->no_inputs_label), n == 0);
  self->updating--;
}

/* Shows the inputs' values in their spin buttons, after a step. */
void
nrt_expr_panel_sync_input_spins (NrtExprPanel *self)
{
  self->updating++;
  for (guint i = 0; i < self->input_spins->len; i++)
    {
      double value = nrt_expr_get_input_value (self->expr, (int) i);

      gtk_spin_button_set_value (g_ptr_array_index (self->input_spins, i), value);
      nrt_expr_panel_store_input_value (self, nrt_expr_get_input_name (self->expr, (int) i),
                                        value);
    }
  self->updating--;
}

gboolean
nrt_expr_panel_set_input (NrtExprPanel *self, const char *name, double value)
{
  int input;

  g_return_val_if_fail (NRT_IS_EXPR_PANEL (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (self->expr != NULL && (input = nrt_expr_find_input (self->expr, name)) >= 0
      && input < (int) self->input_spins->len)
    {
      self->updating++;
      gtk_spin_button_set_value (g_ptr_array_index (self->input_spins, input), value);
      self->updating--;
    }
  return nrt_expr_panel_apply_input (self, name, value);
}

gboolean
nrt_expr_panel_get_input (NrtExprPanel *self, const char *name, double *value)
{
  const double *stored;

  g_return_val_if_fail (NRT_IS_EXPR_PANEL (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  stored = g_hash_table_lookup (self->input_values, name);
  if (stored == NULL)
    return FALSE;
  if (value != NULL)
    *value = *stored;
  return TRUE;
}

void
nrt_expr_panel_set_input_updated (NrtExprPanel *self, const char *name, gboolean updated)
{
  g_return_if_fail (NRT_IS_EXPR_PANEL (self));
  g_return_if_fail (name != NULL);

  g_hash_table_insert (self->input_updated, g_strdup (name), GINT_TO_POINTER (updated != FALSE));
  for (guint i = 0; i < self->input_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->input_checks, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (check), "nrt-input-name"), name) == 0)
        gtk_check_button_set_active (check, updated);
    }
  nrt_expr_panel_refresh (self);
}
