/* nrt-expr-panel-private.h: the fields of NrtExprPanel and the functions
 * that its source files share. nrt-expr-panel.c contains the widget, the
 * parsing and the refresh. The other files each contain one part of the
 * panel: nrt-expr-panel-inputs.c the input rows, nrt-expr-panel-results.c
 * the values and symbolic derivatives, nrt-expr-panel-stepper.c gradient
 * descent with its sparkline, and nrt-expr-panel-graph.c the graph view
 * with its zoom, node popover and export. */
#pragma once

#include <math.h>

#include "core/nrt-expr.h"
#include "plot/nrt-plot-graph.h"

#include "nrt-expr-panel.h"

G_BEGIN_DECLS

/* Seven significant digits: the engine computes in float32, so more
 * digits would only show rounding noise. */
#define NUMBER_FORMAT "%.7g"

struct _NrtExprPanel
{
  GtkWidget parent_instance;

  /* Template children, in alphabetical order. */
  GtkLabel *error_label;
  GtkButton *export_button;
  GtkToggleButton *fit_button;
  GtkDrawingArea *graph_area;
  GtkScrolledWindow *graph_scroller;
  GtkDrawingArea *history_area;
  GtkGrid *inputs_grid;
  GtkSpinButton *learning_rate_spin;
  GtkLabel *no_inputs_label;
  GtkTextView *program_view;
  GtkLabel *results_label;
  GtkButton *run_button;
  GtkButton *step_button;
  GtkLabel *step_label;
  GtkLabel *symbolic_label;
  GtkLabel *warning_label;

  GtkTextTag *error_tag;
  GtkPopover *node_popover;
  GtkLabel *node_label;
  guint parse_timeout_id;

  /* The last program that parsed and its text, both NULL before the first. */
  NrtExpr *expr;
  char *expr_source;

  /* The syntax error of the current text, or NULL when it parses. While
   * it is set, the graph and results of expr are shown greyed. */
  char *error_message;
  int error_line;
  int error_column;

  /* The NaN or infinity message of the last evaluation, or NULL. */
  char *warning_message;

  NrtGraphLayout *layout;
  char *layout_signature;      /* the graph structure that layout was made for */
  char *graph_title;
  char *graph_note;            /* why the graph is not laid out, or NULL */

  GHashTable *input_values;    /* input name → double *, kept across re-parses */
  GHashTable *input_updated;   /* input name → GINT_TO_POINTER (gboolean) */
  GPtrArray *input_spins;      /* per input of expr, in its order, borrowed */
  GPtrArray *input_checks;     /* per input of expr, borrowed */
  GPtrArray *formulas;         /* per input: d(output)/d(input) from libmatheval, or NULL */
  GPtrArray *formula_errors;   /* per input: why there is no formula, or NULL */

  int step_count;
  GArray *history;             /* double: the output value before the first step and after each */

  gboolean fit;
  double zoom;
  guint updating;              /* > 0 while the panel itself sets widget values */
};

/* Shared by the results, the step label and the node popover, so that
 * they all show a number the same way. */
static inline char *
format_number (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return g_strdup ("NaN");
  if (isinf (value))
    return g_strdup (value > 0 ? "inf" : "-inf");
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, NUMBER_FORMAT, value));
}

static inline gboolean
nrt_expr_panel_has_error (NrtExprPanel *self)
{
  return self->error_message != NULL;
}

/* nrt-expr-panel.c */
void nrt_expr_panel_evaluate (NrtExprPanel *self);
void nrt_expr_panel_refresh (NrtExprPanel *self);

/* nrt-expr-panel-inputs.c */
void nrt_expr_panel_store_input_value (NrtExprPanel *self, const char *name, double value);
gboolean nrt_expr_panel_input_rows_match (NrtExprPanel *self);
void nrt_expr_panel_rebuild_input_rows (NrtExprPanel *self);
void nrt_expr_panel_sync_input_spins (NrtExprPanel *self);

/* nrt-expr-panel-results.c */
void nrt_expr_panel_update_formulas (NrtExprPanel *self);
char *nrt_expr_panel_build_results_text (NrtExprPanel *self);
void nrt_expr_panel_refresh_symbolic (NrtExprPanel *self);

/* nrt-expr-panel-stepper.c */
void nrt_expr_panel_reset_history (NrtExprPanel *self);
void nrt_expr_panel_refresh_steps (NrtExprPanel *self);
void nrt_expr_panel_history_draw (GtkDrawingArea *area, cairo_t *cr, int width, int height,
                                  gpointer user_data);
void nrt_expr_panel_step_clicked_cb (NrtExprPanel *self);
void nrt_expr_panel_run_clicked_cb (NrtExprPanel *self);

/* nrt-expr-panel-graph.c */
void nrt_expr_panel_update_layout (NrtExprPanel *self);
void nrt_expr_panel_graph_draw (GtkDrawingArea *area, cairo_t *cr, int width, int height,
                                gpointer user_data);
void nrt_expr_panel_graph_pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y,
                                      NrtExprPanel *self);
void nrt_expr_panel_zoom_in_clicked_cb (NrtExprPanel *self);
void nrt_expr_panel_zoom_out_clicked_cb (NrtExprPanel *self);
void nrt_expr_panel_fit_toggled_cb (NrtExprPanel *self);
void nrt_expr_panel_export_clicked_cb (NrtExprPanel *self);

G_END_DECLS
