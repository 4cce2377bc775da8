/* nrt-expr-panel.h: the expression explorer. A person types a program of
 * scalar assignments (the language of core/nrt-expr.h), sets its inputs,
 * and sees every value, the derivatives of the last assignment, the
 * computation graph with each node's value and gradient, and gradient
 * descent on the inputs, step by step.
 *
 * The panel re-parses the program about 300 ms after the last keystroke.
 * The functions below drive it without the keyboard, for tests and for
 * the window's actions; nrt_expr_panel_update applies pending edits at
 * once.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define NRT_TYPE_EXPR_PANEL (nrt_expr_panel_get_type ())
G_DECLARE_FINAL_TYPE (NrtExprPanel, nrt_expr_panel, NRT, EXPR_PANEL, GtkWidget)

GtkWidget *nrt_expr_panel_new (void);

/* Replaces the program text. The panel parses it after the usual delay,
 * or at once on nrt_expr_panel_update. */
void nrt_expr_panel_set_program (NrtExprPanel *self, const char *program);

/* Returns the program text. Free it with g_free. */
char *nrt_expr_panel_dup_program (NrtExprPanel *self);

/* Parses the program now if it changed, then evaluates it, cancelling
 * the pending delayed parse. */
void nrt_expr_panel_update (NrtExprPanel *self);

/* Sets the input called name to value and evaluates again. The value is
 * kept by name, so it also applies to a program that gains the input
 * later. Returns FALSE when the current program has no input called name
 * (the value is still kept). */
gboolean nrt_expr_panel_set_input (NrtExprPanel *self, const char *name, double value);

/* Writes the value of the input called name into *value. Returns FALSE,
 * leaving *value alone, when the panel has no value for name. */
gboolean nrt_expr_panel_get_input (NrtExprPanel *self, const char *name, double *value);

/* Chooses whether gradient-descent steps change the input called name. */
void nrt_expr_panel_set_input_updated (NrtExprPanel *self, const char *name, gboolean updated);

void nrt_expr_panel_set_learning_rate (NrtExprPanel *self, double learning_rate);

/* Takes n_steps gradient-descent steps on the inputs whose "update" box
 * is checked, as the Step button does for one. Stops early at a NaN or
 * infinite value. Returns FALSE when no step was possible: the program
 * does not parse, or a value is not finite. */
gboolean nrt_expr_panel_step (NrtExprPanel *self, int n_steps);

/* The number of steps since the program or an input value last changed
 * by hand. */
int nrt_expr_panel_get_step_count (NrtExprPanel *self);

/* Returns the results as shown, one "NAME = VALUE" line per assigned name,
 * then one "dOUT/dIN = VALUE" line per input, or "" when no program
 * parsed yet. Free it with g_free. */
char *nrt_expr_panel_dup_results_text (NrtExprPanel *self);

/* Returns the shown syntax error, which starts "line L, column C: ", or
 * NULL when the program parses. Free it with g_free. When line and column
 * are not NULL they receive the 1-based position, or 0 without an error. */
char *nrt_expr_panel_dup_error (NrtExprPanel *self, int *line, int *column);

/* Returns the message about a NaN or infinite value, naming the
 * assignment, or NULL when every value is finite. Free it with g_free. */
char *nrt_expr_panel_dup_warning (NrtExprPanel *self);

/* Returns the note shown in place of the graph when the graph has too many
 * nodes to lay out, or NULL when the graph is drawn. Free it with g_free. */
char *nrt_expr_panel_dup_graph_note (NrtExprPanel *self);

/* Writes the graph of the last program that parsed to path at width by
 * height, as the Export button does. The extension picks PNG, SVG or PDF,
 * and a path without one gets ".png". Returns FALSE with error set when no program parsed yet or
 * the export fails. */
gboolean nrt_expr_panel_export_graph (NrtExprPanel *self, const char *path, int width, int height,
                                      GError **error);

G_END_DECLS
