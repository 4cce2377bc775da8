/* nrt-window-private.h: the window's fields, shared by nrt-window.c (controls
 * and the hand-off from the worker) and nrt-window-actions.c (the actions). */
#pragma once

#include "core/nrt-dataset.h"

#include "nrt-expr-panel.h"
#include "nrt-graph-view.h"
#include "nrt-inspector.h"
#include "nrt-loss-view.h"
#include "nrt-network-view.h"
#include "nrt-regions-view.h"
#include "nrt-trainer.h"
#include "nrt-window.h"

G_BEGIN_DECLS

/* Maximum number of hidden layers the list accepts. */
#define NRT_WINDOW_MAX_HIDDEN_LAYERS 8

struct _NrtWindow
{
  GtkApplicationWindow parent_instance;

  /* Template children, in alphabetical order. */
  GtkSpinButton *batch_size_spin;
  GtkDropDown *dataset_dropdown;
  GtkLabel *epoch_label;
  GtkInfoBar *error_bar;
  GtkLabel *error_label;
  NrtExprPanel *expr_panel;
  GtkCheckButton *from_logits_check;
  GtkScrolledWindow *graph_scroll;
  NrtGraphView *graph_view;
  GtkListBox *layers_list;
  GtkSpinButton *learning_rate_spin;
  GtkCheckButton *log_scale_check;
  GtkDropDown *loss_dropdown;
  NrtLossView *loss_view;
  GtkScrolledWindow *network_scroll;
  NrtNetworkView *network_view;
  GtkSpinButton *noise_spin;
  GtkDropDown *optimizer_dropdown;
  GtkDropDown *output_activation_dropdown;
  GtkLabel *output_label;
  GtkButton *play_button;
  GtkLabel *play_label;
  NrtRegionsView *regions_view;
  GtkSpinButton *samples_spin;
  GtkSpinButton *seed_spin;
  GtkLabel *step_label;
  GtkLabel *step_text;
  GtkLabel *summary_label;
  GtkLabel *test_loss_label;
  GtkLabel *train_loss_label;
  GtkSpinButton *train_ratio_spin;
  GtkStack *view_stack;
  GtkStackSwitcher *view_switcher;

  /* The dataset drop-down's items: the built-ins, then the CSV file that
   * was opened last (when there is one), then "Open CSV…". */
  GtkStringList *dataset_items;
  char *csv_path;               /* the CSV file in the list, or NULL */
  guint selected_dataset;       /* item to return to when opening a file is cancelled */

  NrtDataset *dataset;          /* the loaded data, or NULL */
  gboolean dataset_is_generated;
  GCancellable *load_cancellable;
  GtkFileChooserNative *chooser;

  NrtTrainer *trainer;
  guint run;                    /* the run whose snapshots the window shows */
  guint updating;               /* > 0 while controls change together, so they restart once */

  /* The inside views (nrt-window-inside.c). */
  NrtInspector *inspector;      /* the UI thread's copy of the run's model, or NULL */
  NrtTrainerWeights *weights;   /* the newest weights of the run, or NULL */
  gboolean stepping;            /* the graph view shows a step-through, not the newest weights */
  gboolean inspected;           /* the inspector contains the newest weights' batch */
  gint64 last_inspection;       /* monotonic time of the last graph update, in µs */
  gint64 last_description;      /* monotonic time of the last accessible description, in µs */
  int epoch;                    /* epochs of the newest snapshot */
};

/* nrt-window-actions.c */
void nrt_window_add_actions (NrtWindow *self);
void nrt_window_set_playing (NrtWindow *self, gboolean playing);
void nrt_window_update_action_states (NrtWindow *self);
void nrt_window_open_csv (NrtWindow *self);

/* nrt-window-inside.c */
void nrt_window_inside_restart (NrtWindow *self, const NrtTrainerConfig *config);
void nrt_window_inside_apply_snapshot (NrtWindow *self, NrtTrainerSnapshot *snapshot);
void nrt_window_inside_page_changed (NrtWindow *self);
void nrt_window_inside_dispose (NrtWindow *self);
void nrt_window_graph_forward (NrtWindow *self);
void nrt_window_graph_backward (NrtWindow *self);
void nrt_window_graph_reset (NrtWindow *self);
void nrt_window_graph_apply (NrtWindow *self);
void nrt_window_end_stepping (NrtWindow *self);
void nrt_window_export_view (NrtWindow *self);
void nrt_window_zoom (NrtWindow *self, double factor);
void nrt_window_update_inside_actions (NrtWindow *self);
void nrt_window_parameter_edited_cb (NrtWindow *self, guint64 index, double value);
void nrt_window_graph_node_activated_cb (NrtWindow *self, int node);

/* nrt-window.c */
void nrt_window_restart (NrtWindow *self);
void nrt_window_renumber_layers (NrtWindow *self);
GtkWidget *nrt_window_append_layer (NrtWindow *self, int units, NrtActivation activation);
void nrt_window_load_csv (NrtWindow *self, GFile *file);
void nrt_window_show_error (NrtWindow *self, const char *message);

G_END_DECLS
