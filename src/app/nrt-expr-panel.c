/* nrt-expr-panel.c: the expression explorer widget. This file contains its
 * template, the program editor with its syntax-error mark, the delayed
 * re-parse, and the refresh that makes every part show the current program. */
#define G_LOG_DOMAIN "neurite-expr-panel"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "nrt-expr-panel-private.h"

/* Delay between the last keystroke and the re-parse, in milliseconds. */
#define PARSE_DELAY_MS 300

G_DEFINE_FINAL_TYPE (NrtExprPanel, nrt_expr_panel, GTK_TYPE_WIDGET)

/* Evaluates expr and records whether a value is NaN or infinite. */
void
nrt_expr_panel_evaluate (NrtExprPanel *self)
{
  NrtError err = { 0 };

  g_clear_pointer (&self->warning_message, g_free);
  if (nrt_expr_evaluate (self->expr, &err) != NRT_OK)
    self->warning_message = g_strdup (err.message);
}

/* ---- parsing ---- */

/* Tags the token at the error's line and column in the editor. */
static void
nrt_expr_panel_tag_error (NrtExprPanel *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->program_view);
  GtkTextIter start, end;

  if (self->error_line < 1 || self->error_column < 1)
    return;

  /* The core counts columns in bytes, as GtkTextIter line indices do. */
  gtk_text_buffer_get_iter_at_line_index (buffer, &start, self->error_line - 1,
                                          self->error_column - 1);
  end = start;
  if (gtk_text_iter_ends_line (&start))
    {
      /* "found end of line": mark the last character before it. */
      if (gtk_text_iter_starts_line (&start) || !gtk_text_iter_backward_char (&start))
        return;
    }
  else if (g_unichar_isalnum (gtk_text_iter_get_char (&start)) || gtk_text_iter_get_char (&start) == '_')
    {
      while (!gtk_text_iter_ends_line (&end)
             && (g_unichar_isalnum (gtk_text_iter_get_char (&end))
                 || gtk_text_iter_get_char (&end) == '_' || gtk_text_iter_get_char (&end) == '.'))
        gtk_text_iter_forward_char (&end);
      gtk_text_buffer_apply_tag (buffer, self->error_tag, &start, &end);
      return;
    }
  end = start;
  gtk_text_iter_forward_char (&end);
  gtk_text_buffer_apply_tag (buffer, self->error_tag, &start, &end);
}

static void
nrt_expr_panel_clear_error (NrtExprPanel *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->program_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->error_tag, &start, &end);
  g_clear_pointer (&self->error_message, g_free);
  self->error_line = 0;
  self->error_column = 0;
}

/* Takes expr, parsed from source, as the current program. */
static void
nrt_expr_panel_take_expr (NrtExprPanel *self, NrtExpr *expr, const char *source)
{
  int n_inputs = nrt_expr_get_n_inputs (expr);

  g_clear_pointer (&self->expr, nrt_expr_free);
  self->expr = expr;
  g_free (self->expr_source);
  self->expr_source = g_strdup (source);

  /* Step 1: values by name. A new input starts at 0, as the core sets it. */
  for (int i = 0; i < n_inputs; i++)
    {
      const char *name = nrt_expr_get_input_name (expr, i);
      const double *value = g_hash_table_lookup (self->input_values, name);

      if (value != NULL)
        nrt_expr_set_input_value (expr, i, *value);
      else
        nrt_expr_panel_store_input_value (self, name, nrt_expr_get_input_value (expr, i));
    }

  /* Step 2: the widgets that follow the program's structure. */
  if (!nrt_expr_panel_input_rows_match (self))
    nrt_expr_panel_rebuild_input_rows (self);
  else
    nrt_expr_panel_sync_input_spins (self);
  nrt_expr_panel_update_layout (self);
  nrt_expr_panel_update_formulas (self);
  g_free (self->graph_title);
  /* TRANSLATORS: the graph's title. %s is the name of the last assignment, such as "J". */
  self->graph_title = g_strdup_printf (_("Computation graph of %s (grad = d%s/d node)"),
                                       nrt_expr_get_output_name (expr),
                                       nrt_expr_get_output_name (expr));

  /* Step 3: values and derivatives. */
  nrt_expr_panel_evaluate (self);
  nrt_expr_panel_reset_history (self);
}

/* Parses the editor's text unless it is the program already shown. */
static void
nrt_expr_panel_parse (NrtExprPanel *self)
{
  g_autofree char *source = nrt_expr_panel_dup_program (self);
  NrtExprLocation location = { 0, 0 };
  NrtError err = { 0 };
  NrtExpr *expr;

  if (self->expr != NULL && !nrt_expr_panel_has_error (self)
      && g_strcmp0 (source, self->expr_source) == 0)
    return;

  nrt_expr_panel_clear_error (self);
  expr = nrt_expr_parse (source, &err, &location);
  if (expr == NULL)
    {
      self->error_message = g_strdup (err.message);
      self->error_line = location.line;
      self->error_column = location.column;
      nrt_expr_panel_tag_error (self);
      gtk_popover_popdown (self->node_popover);
    }
  else if (self->expr != NULL && g_strcmp0 (source, self->expr_source) == 0)
    nrt_expr_free (expr);   /* back to the text already shown, so its steps stay */
  else
    nrt_expr_panel_take_expr (self, expr, source);

  nrt_expr_panel_refresh (self);
}

static gboolean
nrt_expr_panel_parse_timeout_cb (gpointer user_data)
{
  NrtExprPanel *self = user_data;

  self->parse_timeout_id = 0;
  nrt_expr_panel_parse (self);
  return G_SOURCE_REMOVE;
}

static void
nrt_expr_panel_buffer_changed_cb (NrtExprPanel *self)
{
  g_clear_handle_id (&self->parse_timeout_id, g_source_remove);
  self->parse_timeout_id = g_timeout_add (PARSE_DELAY_MS, nrt_expr_panel_parse_timeout_cb, self);
}

/* Makes every part of the panel show the current program and values. */
void
nrt_expr_panel_refresh (NrtExprPanel *self)
{
  gboolean has_error = nrt_expr_panel_has_error (self);
  gboolean can_step = self->expr != NULL && !has_error && self->warning_message == NULL;
  gboolean any_checked = FALSE;

  /* Step 1: the syntax error and the NaN warning. */
  if (has_error)
    {
      g_autofree char *text = NULL;

      /* TRANSLATORS: %s is the parser's message, such as "line 3, column 7: expected …". */
      text = g_strdup_printf (self->expr != NULL
                                ? _("Syntax error: %s. The results and graph are those of the last program that parsed.")
                                : _("Syntax error: %s."),
                              self->error_message);
      gtk_label_set_label (self->error_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), has_error);
  if (self->warning_message != NULL)
    {
      g_autofree char *text = NULL;

      /* TRANSLATORS: %s names the assignment, such as "line 1, "x = log(a)": the value is NaN; …". */
      text = g_strdup_printf (_("Not a finite number: %s"), self->warning_message);
      gtk_label_set_label (self->warning_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->warning_label), self->warning_message != NULL);

  /* Step 2: values, derivatives and formulas, greyed while stale. */
  if (self->expr != NULL)
    {
      g_autofree char *results = nrt_expr_panel_build_results_text (self);

      gtk_label_set_label (self->results_label, results);
      nrt_expr_panel_refresh_symbolic (self);
    }
  else
    {
      gtk_label_set_label (self->results_label, "");
      gtk_label_set_label (self->symbolic_label, "");
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->results_label), !has_error);
  gtk_widget_set_sensitive (GTK_WIDGET (self->symbolic_label), !has_error);
  gtk_widget_set_sensitive (GTK_WIDGET (self->inputs_grid), !has_error);

  /* Step 3: the stepper. */
  for (guint i = 0; i < self->input_checks->len; i++)
    any_checked |= gtk_check_button_get_active (g_ptr_array_index (self->input_checks, i));
  gtk_widget_set_sensitive (GTK_WIDGET (self->step_button), can_step && any_checked);
  gtk_widget_set_sensitive (GTK_WIDGET (self->run_button), can_step && any_checked);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button),
                            self->expr != NULL && self->graph_note == NULL);
  nrt_expr_panel_refresh_steps (self);

  /* Step 4: the drawings. */
  gtk_widget_queue_draw (GTK_WIDGET (self->graph_area));
  gtk_widget_queue_draw (GTK_WIDGET (self->history_area));
}

/* ---- the type ---- */

static const char *
default_program (void)
{
  static char *program;

  if (program == NULL)
    /* TRANSLATORS: a comment in the example program; keep it on one line. */
    program = g_strdup_printf ("# %s\np = w*x\nJ = (p - y)^2 / 2\n",
                               _("Squared error of a one-weight model"));
  return program;
}

static void
nrt_expr_panel_dispose (GObject *object)
{
  NrtExprPanel *self = NRT_EXPR_PANEL (object);
  GtkWidget *child;

  g_clear_handle_id (&self->parse_timeout_id, g_source_remove);
  if (self->node_popover != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->node_popover));
      self->node_popover = NULL;
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), NRT_TYPE_EXPR_PANEL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (nrt_expr_panel_parent_class)->dispose (object);
}

static void
nrt_expr_panel_finalize (GObject *object)
{
  NrtExprPanel *self = NRT_EXPR_PANEL (object);

  g_clear_pointer (&self->expr, nrt_expr_free);
  g_free (self->expr_source);
  g_free (self->error_message);
  g_free (self->warning_message);
  g_clear_pointer (&self->layout, nrt_graph_layout_free);
  g_free (self->layout_signature);
  g_free (self->graph_title);
  g_free (self->graph_note);
  g_hash_table_unref (self->input_values);
  g_hash_table_unref (self->input_updated);
  g_ptr_array_unref (self->input_spins);
  g_ptr_array_unref (self->input_checks);
  g_ptr_array_unref (self->formulas);
  g_ptr_array_unref (self->formula_errors);
  g_array_unref (self->history);

  G_OBJECT_CLASS (nrt_expr_panel_parent_class)->finalize (object);
}

static void
nrt_expr_panel_class_init (NrtExprPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nrt_expr_panel_dispose;
  object_class->finalize = nrt_expr_panel_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "exprpanel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/neurite/Neurite/nrt-expr-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, NrtExprPanel, error_label);
  gtk_widget_class_bind_template_child (widget_class, NrtExprPanel, export_button);
  gtk_widget_class_bind_template_child (widget_class, NrtExprPanel, fit_button);
  gtk_widget_class_bind_template_child (widget_class, NrtExprPanel, graph_area);
  gtk_widget_class_bind_template_child (widget_class, NrtExprPanel, graph_scroller);
  gtk_widget_class_bind_template_child (widget_class, NrtExprPanel, history_area);
  gtk_widget_class_bind_template_child (widget_class, NrtExprPanel, inputs_grid);
  gtk_widget_class_bind_template_child (widget_class, NrtExprPanel, learning_rate_spin);
  gtk_widget_class_bind_template_child (widget_class, NrtExprPanel, no_inputs_label);
  gtk_widget_class_bind_template_child (widget_class, NrtExprPanel, program_view);
  gtk_widget_class_bind_template_child (widget_class, NrtExprPanel, results_label);
  gtk_widget_class_bind_template_child (widget_class, NrtExprPanel, run_button);
  gtk_widget_class_bind_template_child (widget_class, NrtExprPanel, step_button);
  gtk_widget_class_bind_template_child (widget_class, NrtExprPanel, step_label);
  gtk_widget_class_bind_template_child (widget_class, NrtExprPanel, symbolic_label);
  gtk_widget_class_bind_template_child (widget_class, NrtExprPanel, warning_label);
  gtk_widget_class_bind_template_callback (widget_class, nrt_expr_panel_export_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, nrt_expr_panel_fit_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, nrt_expr_panel_run_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, nrt_expr_panel_step_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, nrt_expr_panel_zoom_in_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, nrt_expr_panel_zoom_out_clicked_cb);
}

static void
nrt_expr_panel_init (NrtExprPanel *self)
{
  GtkTextBuffer *buffer;
  GtkGesture *click;
  GdkRGBA error_background = { 0.9, 0.1, 0.1, 0.25 };
  GdkRGBA error_underline = { 0.8, 0.0, 0.0, 1.0 };

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Step 1: the state, with the example's values and only w stepped. */
  self->input_values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->input_updated = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->input_spins = g_ptr_array_new ();
  self->input_checks = g_ptr_array_new ();
  self->formulas = g_ptr_array_new_with_free_func (g_free);
  self->formula_errors = g_ptr_array_new_with_free_func (g_free);
  self->history = g_array_new (FALSE, FALSE, sizeof (double));
  self->fit = TRUE;
  self->zoom = 1.0;
  nrt_expr_panel_store_input_value (self, "w", 2.0);
  nrt_expr_panel_store_input_value (self, "x", 1.0);
  nrt_expr_panel_store_input_value (self, "y", 6.0);
  g_hash_table_insert (self->input_updated, g_strdup ("x"), GINT_TO_POINTER (FALSE));
  g_hash_table_insert (self->input_updated, g_strdup ("y"), GINT_TO_POINTER (FALSE));

  /* Step 2: the editor and its error mark. */
  buffer = gtk_text_view_get_buffer (self->program_view);
  self->error_tag = gtk_text_buffer_create_tag (buffer, "syntax-error",
                                                "underline", PANGO_UNDERLINE_ERROR,
                                                "underline-rgba", &error_underline,
                                                "background-rgba", &error_background,
                                                NULL);
  gtk_text_buffer_set_text (buffer, default_program (), -1);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (nrt_expr_panel_buffer_changed_cb),
                           self, G_CONNECT_SWAPPED);

  /* Step 3: the drawings, and the popover with a node's details. */
  gtk_drawing_area_set_draw_func (self->graph_area, nrt_expr_panel_graph_draw, self, NULL);
  gtk_drawing_area_set_draw_func (self->history_area, nrt_expr_panel_history_draw, self, NULL);
  click = gtk_gesture_click_new ();
  g_signal_connect_object (click, "pressed", G_CALLBACK (nrt_expr_panel_graph_pressed_cb), self,
                           0);
  gtk_widget_add_controller (GTK_WIDGET (self->graph_area), GTK_EVENT_CONTROLLER (click));

  self->node_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->node_label, 0.0);
  gtk_label_set_wrap (self->node_label, TRUE);
  gtk_label_set_max_width_chars (self->node_label, 48);
  self->node_popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (self->node_popover, GTK_WIDGET (self->node_label));
  gtk_widget_set_parent (GTK_WIDGET (self->node_popover), GTK_WIDGET (self->graph_area));

  /* Step 4: the example, parsed at once so that it shows on opening. */
  nrt_expr_panel_parse (self);
}

/* ---- public API ---- */

GtkWidget *
nrt_expr_panel_new (void)
{
  return g_object_new (NRT_TYPE_EXPR_PANEL, NULL);
}

void
nrt_expr_panel_set_program (NrtExprPanel *self, const char *program)
{
  g_return_if_fail (NRT_IS_EXPR_PANEL (self));
  g_return_if_fail (program != NULL);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->program_view), program, -1);
}

char *
nrt_expr_panel_dup_program (NrtExprPanel *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (NRT_IS_EXPR_PANEL (self), NULL);

  buffer = gtk_text_view_get_buffer (self->program_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
nrt_expr_panel_update (NrtExprPanel *self)
{
  g_return_if_fail (NRT_IS_EXPR_PANEL (self));

  g_clear_handle_id (&self->parse_timeout_id, g_source_remove);
  nrt_expr_panel_parse (self);
}

char *
nrt_expr_panel_dup_error (NrtExprPanel *self, int *line, int *column)
{
  g_return_val_if_fail (NRT_IS_EXPR_PANEL (self), NULL);

  if (line != NULL)
    *line = self->error_line;
  if (column != NULL)
    *column = self->error_column;
  return g_strdup (self->error_message);
}

char *
nrt_expr_panel_dup_warning (NrtExprPanel *self)
{
  g_return_val_if_fail (NRT_IS_EXPR_PANEL (self), NULL);

  return g_strdup (self->warning_message);
}
