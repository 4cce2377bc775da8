/* nrt-window-inside.c: the window's views of the inside of the network:
 * the network diagram, the computation graph with its step-through, the
 * model summary and the evaluation of the predictions.
 *
 * The network view draws the worker's snapshots. The graph view draws the
 * inspector, the UI thread's copy of the model, which runs one batch with
 * the newest weights at most INSPECTION_INTERVAL_US apart while the Graph
 * page is visible, so that the nodes show real values and gradients. */
#define G_LOG_DOMAIN "neurite-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/nrt-features.h"
#include "core/nrt-summary.h"

#include "nrt-node-dialog.h"
#include "nrt-step-description.h"
#include "nrt-window-private.h"

/* At most 5 graph updates a second, because each one runs a batch on the UI
 * thread and redraws every node's text. */
#define INSPECTION_INTERVAL_US (G_USEC_PER_SEC / 5)

/* The views' accessible descriptions change at most once a second, so
 * that screen readers are not flooded while training. */
#define DESCRIPTION_INTERVAL_US G_USEC_PER_SEC

static gboolean
graph_page_visible (NrtWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->view_stack);

  return name != NULL && g_str_equal (name, "graph");
}

static gboolean
evaluation_page_visible (NrtWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->view_stack);

  return name != NULL && g_str_equal (name, "evaluation");
}

/* Hands the newest evaluation to the metrics view while the Evaluation
 * page is visible. A hidden view keeps its older evaluation, so that it
 * does not rebuild its table and drawings about once a second for
 * nothing. */
static void
show_newest_evaluation (NrtWindow *self)
{
  if (self->evaluation_shown || !evaluation_page_visible (self))
    return;

  nrt_metrics_view_set_evaluation (self->metrics_view, self->evaluation);
  self->evaluation_shown = TRUE;
}

static void
set_action_enabled (NrtWindow *self, const char *name, gboolean enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  if (action != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

void
nrt_window_update_inside_actions (NrtWindow *self)
{
  NrtStepPhase phase = NRT_STEP_IDLE;
  const char *page = gtk_stack_get_visible_child_name (self->view_stack);
  gboolean zoomable = page != NULL && (g_str_equal (page, "network") || g_str_equal (page, "graph"));

  if (self->inspector != NULL && self->stepping)
    phase = nrt_inspector_step_get_phase (self->inspector);

  set_action_enabled (self, "graph-forward", self->inspector != NULL
                      && (phase == NRT_STEP_IDLE || phase == NRT_STEP_FORWARD));
  set_action_enabled (self, "graph-backward", self->inspector != NULL
                      && (phase == NRT_STEP_LOSS || phase == NRT_STEP_BACKWARD));
  set_action_enabled (self, "graph-reset", self->inspector != NULL && self->stepping);
  set_action_enabled (self, "graph-apply", self->inspector != NULL && phase == NRT_STEP_DONE);
  set_action_enabled (self, "zoom-in", zoomable);
  set_action_enabled (self, "zoom-out", zoomable);
  set_action_enabled (self, "export-view", nrt_window_page_has_pictures (self, page));
}

/* Writes the step-through's position and numbers into the side panel. */
static void
update_step_panel (NrtWindow *self)
{
  g_autofree char *position = NULL;
  g_autofree char *numbers = NULL;

  if (self->inspector == NULL)
    {
      gtk_label_set_label (self->step_label, _("No network to step through"));
      gtk_label_set_label (self->step_text, "");
    }
  else
    {
      position = nrt_step_describe_position (self->inspector);
      numbers = nrt_step_describe_node (self->inspector);
      gtk_label_set_label (self->step_label, position);
      gtk_label_set_label (self->step_text, numbers);
      if (self->stepping)
        nrt_graph_view_scroll_to_node (self->graph_view,
                                       nrt_inspector_step_get_active (self->inspector));
    }
  nrt_graph_view_refresh (self->graph_view);
  nrt_window_update_inside_actions (self);
}

/* Runs the inspector's batch with the newest weights, unless a
 * step-through is using the inspector. */
static void
inspect_newest (NrtWindow *self)
{
  if (self->inspector == NULL || self->weights == NULL || self->stepping)
    return;

  if (!nrt_inspector_set_params (self->inspector, self->weights->params,
                                 self->weights->n_params))
    return;
  nrt_inspector_run_batch (self->inspector);
  self->inspected = TRUE;
  self->last_inspection = g_get_monotonic_time ();
  nrt_graph_view_refresh (self->graph_view);
}

static void
update_summary (NrtWindow *self)
{
  NrtSummary *summary = NULL;
  char *text = NULL;

  if (self->inspector != NULL)
    summary = nrt_summary_new (nrt_inspector_get_model (self->inspector));
  if (summary != NULL)
    text = nrt_summary_format (summary, NULL);

  gtk_label_set_label (self->summary_label,
                       text != NULL ? text : _("No model: the network is invalid."));
  free (text);
  nrt_summary_free (summary);
}

/* Returns the names of the model's inputs for config: the dataset's
 * features, then the derived features that the worker appends, as a
 * NULL-terminated array to free with g_strfreev. */
static char **
dup_input_names (const NrtTrainerConfig *config)
{
  const NrtDataset *data = config->dataset;
  NrtDataset *first_row = NULL;
  NrtDataset *derived = NULL;
  NrtError err = { 0 };
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
  const int first = 0;

  /* The derived features' names come from the core, which builds them with
   * the data; one row is enough for the names. */
  if (config->derived_features != 0 && data->n_features == 2)
    first_row = nrt_dataset_subset (data, &first, 1, &err);
  if (first_row != NULL)
    derived = nrt_dataset_with_derived_features (first_row, config->derived_features, &err);
  if (first_row != NULL && derived == NULL)
    g_warning ("Could not name the derived features: %s", err.message);
  if (derived != NULL)
    data = derived;

  for (int i = 0; i < data->n_features; i++)
    g_strv_builder_add (names, data->feature_names[i]);
  nrt_dataset_free (derived);
  nrt_dataset_free (first_row);
  return g_strv_builder_end (names);
}

void
nrt_window_inside_restart (NrtWindow *self, const NrtTrainerConfig *config)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) input_names = NULL;

  /* Step 1: forget the previous run's model and weights. */
  nrt_graph_view_set_inspector (self->graph_view, NULL);
  nrt_graph_view_set_stepping (self->graph_view, FALSE);
  nrt_network_view_set_model (self->network_view, NULL, NULL);
  g_clear_pointer (&self->inspector, nrt_inspector_free);
  g_clear_pointer (&self->weights, nrt_trainer_weights_unref);
  g_clear_pointer (&self->evaluation, nrt_trainer_evaluation_unref);
  nrt_metrics_view_set_evaluation (self->metrics_view, NULL);
  self->evaluation_shown = TRUE;
  self->stepping = FALSE;
  self->inspected = FALSE;
  self->epoch = 0;

  /* Step 2: the copy of the new run's model. An invalid network gets its
   * error from the worker, so it is only logged here. */
  self->inspector = nrt_inspector_new (config, &error);
  if (self->inspector == NULL)
    g_debug ("No model to inspect: %s", error->message);
  else
    {
      input_names = dup_input_names (config);
      nrt_network_view_set_model (self->network_view, nrt_inspector_get_model (self->inspector),
                                  (const char *const *) input_names);
      nrt_graph_view_set_inspector (self->graph_view, self->inspector);
    }

  update_summary (self);
  update_step_panel (self);
}

/* Updates the accessible descriptions of the live views with the epoch, so
 * that tests and screen readers can tell that they follow the training. */
static void
update_descriptions (NrtWindow *self)
{
  g_autofree char *network = NULL;
  g_autofree char *graph = NULL;
  gint64 now = g_get_monotonic_time ();

  if (now - self->last_description < DESCRIPTION_INTERVAL_US)
    return;
  self->last_description = now;

  network = g_strdup_printf (_("The network at epoch %d"), self->epoch);
  graph = g_strdup_printf (_("The computation graph at epoch %d"), self->epoch);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->network_view),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, network, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->graph_view),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, graph, -1);
}

void
nrt_window_inside_apply_snapshot (NrtWindow *self, NrtTrainerSnapshot *snapshot)
{
  self->epoch = snapshot->epoch;
  if (snapshot->weights != NULL)
    {
      g_clear_pointer (&self->weights, nrt_trainer_weights_unref);
      self->weights = g_steal_pointer (&snapshot->weights);
      self->inspected = FALSE;
      nrt_network_view_set_weights (self->network_view, self->weights);
    }
  if (snapshot->evaluation != NULL)
    {
      nrt_regions_view_set_evaluation (self->regions_view, snapshot->evaluation);
      g_clear_pointer (&self->evaluation, nrt_trainer_evaluation_unref);
      self->evaluation = g_steal_pointer (&snapshot->evaluation);
      self->evaluation_shown = FALSE;
      show_newest_evaluation (self);
    }

  if (!self->inspected && graph_page_visible (self)
      && g_get_monotonic_time () - self->last_inspection >= INSPECTION_INTERVAL_US)
    inspect_newest (self);
  update_descriptions (self);
}

/* Catches up with the newest weights when the Graph page appears, and
 * with the newest evaluation when the Evaluation page appears, even when
 * training is paused and no snapshot comes. Runs from the tick callback as
 * well, so a throttled update is not lost. */
void
nrt_window_inside_page_changed (NrtWindow *self)
{
  if (!self->inspected && graph_page_visible (self))
    inspect_newest (self);
  show_newest_evaluation (self);
  nrt_window_update_inside_actions (self);
}

/* Starts a step-through: pauses training and loads the newest weights. */
static gboolean
begin_stepping (NrtWindow *self)
{
  if (self->inspector == NULL)
    return FALSE;
  if (self->stepping)
    return TRUE;

  nrt_window_set_playing (self, FALSE);
  if (self->weights != NULL)
    nrt_inspector_set_params (self->inspector, self->weights->params, self->weights->n_params);
  nrt_inspector_step_reset (self->inspector);
  self->stepping = TRUE;
  self->inspected = FALSE;
  nrt_graph_view_set_stepping (self->graph_view, TRUE);
  return TRUE;
}

void
nrt_window_end_stepping (NrtWindow *self)
{
  if (!self->stepping)
    return;

  self->stepping = FALSE;
  nrt_graph_view_set_stepping (self->graph_view, FALSE);
  if (graph_page_visible (self))
    inspect_newest (self);
  update_step_panel (self);
}

void
nrt_window_graph_forward (NrtWindow *self)
{
  if (!begin_stepping (self))
    return;

  nrt_inspector_step_forward (self->inspector);
  update_step_panel (self);
}

void
nrt_window_graph_backward (NrtWindow *self)
{
  if (self->inspector == NULL || !self->stepping)
    return;

  nrt_inspector_step_backward (self->inspector);
  update_step_panel (self);
}

void
nrt_window_graph_reset (NrtWindow *self)
{
  if (self->inspector == NULL || !self->stepping)
    return;

  nrt_inspector_step_reset (self->inspector);
  update_step_panel (self);
}

/* Sends the step-through's gradients to the worker, which applies one
 * update of its optimizer to the training weights. */
void
nrt_window_graph_apply (NrtWindow *self)
{
  NrtModel *model;

  if (self->inspector == NULL || !self->stepping
      || nrt_inspector_step_get_phase (self->inspector) != NRT_STEP_DONE)
    return;

  /* NOTE: the gradients belong to the weights of the snapshot the
   * step-through started from. When the worker trained a few more batches
   * before the pause reached it, the update lands on slightly newer
   * weights. */
  model = nrt_inspector_get_model (self->inspector);
  nrt_trainer_apply_gradients (self->trainer, nrt_model_get_grads (model),
                               nrt_model_get_n_params (model));
  nrt_window_end_stepping (self);
  gtk_label_set_label (self->step_label,
                       _("Applied: the optimizer updated the training weights once "
                         "with these gradients."));
}

void
nrt_window_parameter_edited_cb (NrtWindow *self, guint64 index, double value)
{
  nrt_trainer_set_parameter (self->trainer, (gsize) index, (float) value);
}

void
nrt_window_graph_node_activated_cb (NrtWindow *self, int node)
{
  GtkWidget *dialog;

  if (self->inspector == NULL)
    return;

  dialog = nrt_node_dialog_new (GTK_WINDOW (self),
                                nrt_graph_get_node (nrt_inspector_get_graph (self->inspector),
                                                    node));
  if (dialog != NULL)
    gtk_window_present (GTK_WINDOW (dialog));
}

void
nrt_window_zoom (NrtWindow *self, double factor)
{
  const char *page = gtk_stack_get_visible_child_name (self->view_stack);

  if (page == NULL)
    return;
  if (g_str_equal (page, "network"))
    nrt_network_view_set_zoom (self->network_view,
                               nrt_network_view_get_zoom (self->network_view) * factor);
  else if (g_str_equal (page, "graph"))
    nrt_graph_view_set_zoom (self->graph_view, nrt_graph_view_get_zoom (self->graph_view) * factor);
}

void
nrt_window_inside_dispose (NrtWindow *self)
{
  /* Disposing the stack changes its visible page, whose handler must not
   * reach the children that the template is already freeing. */
  if (self->view_stack != NULL)
    g_signal_handlers_disconnect_by_data (self->view_stack, self);
  if (self->graph_view != NULL)
    nrt_graph_view_set_inspector (self->graph_view, NULL);
  g_clear_pointer (&self->inspector, nrt_inspector_free);
  g_clear_pointer (&self->weights, nrt_trainer_weights_unref);
  g_clear_pointer (&self->evaluation, nrt_trainer_evaluation_unref);
}
