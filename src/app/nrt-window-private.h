/* nrt-window-private.h: the window's fields, shared by nrt-window.c (controls
 * and the hand-off from the worker), nrt-window-actions.c (the actions),
 * nrt-window-data.c (the split, normalization, derived features and the
 * plane of the regions), nrt-window-task.c (the output layer and loss that
 * suit the data) and nrt-window-inside.c (the views of the network). */
#pragma once

#include "core/nrt-dataset.h"

#include "nrt-expr-panel.h"
#include "nrt-graph-view.h"
#include "nrt-import-dialog.h"
#include "nrt-inspector.h"
#include "nrt-loss-view.h"
#include "nrt-metrics-view.h"
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
  GtkWidget *derived_box;
  GtkLabel *epoch_label;
  GtkInfoBar *error_bar;
  GtkLabel *error_label;
  NrtExprPanel *expr_panel;
  GtkInfoBar *fit_bar;
  GtkLabel *fit_label;
  GtkCheckButton *from_logits_check;
  GtkScrolledWindow *graph_scroll;
  NrtGraphView *graph_view;
  GtkListBox *layers_list;
  GtkSpinButton *learning_rate_spin;
  GtkCheckButton *log_scale_check;
  GtkDropDown *loss_dropdown;
  NrtLossView *loss_view;
  NrtMetricsView *metrics_view;
  GtkScrolledWindow *network_scroll;
  NrtNetworkView *network_view;
  GtkSpinButton *noise_spin;
  GtkSwitch *normalize_switch;
  GtkDropDown *optimizer_dropdown;
  GtkDropDown *output_activation_dropdown;
  GtkLabel *output_label;
  GtkCheckButton *pca_check;
  GtkWidget *plane_box;
  GtkDropDown *plane_u_dropdown;
  GtkDropDown *plane_v_dropdown;
  GtkButton *play_button;
  GtkLabel *play_label;
  NrtRegionsView *regions_view;
  GtkSpinButton *samples_spin;
  GtkSpinButton *seed_spin;
  GtkToggleButton *sin_x1_toggle;
  GtkToggleButton *sin_x2_toggle;
  GtkLabel *step_label;
  GtkLabel *step_text;
  GtkLabel *summary_label;
  GtkLabel *test_loss_label;
  GtkLabel *test_loss_title;
  GtkSpinButton *test_spin;
  GtkLabel *train_loss_label;
  GtkSpinButton *validation_spin;
  GtkStack *view_stack;
  GtkStackSwitcher *view_switcher;
  GtkToggleButton *x1_squared_toggle;
  GtkToggleButton *x1_times_x2_toggle;
  GtkToggleButton *x2_squared_toggle;

  /* The dataset drop-down's items: the built-ins, then the CSV file that
   * was opened last (when there is one), then "Open CSV…". */
  GtkStringList *dataset_items;
  char *csv_path;               /* the CSV file in the list, or NULL */
  NrtCsvOptions *csv_options;   /* the options it was imported with, or NULL */
  NrtImportDialog *import_dialog; /* the open import dialog, or NULL */
  guint selected_dataset;       /* item to return to when opening a file is cancelled */

  NrtDataset *dataset;          /* the loaded data, or NULL */
  gboolean dataset_is_generated;
  GtkStringList *feature_items; /* the dataset's feature names, for the plane drop-downs */
  NrtPlane plane;               /* the plane of the regions, for data of more than 2 features */
  gboolean fits;                /* the output layer and the loss suit the task of the data */
  GCancellable *load_cancellable;
  GtkFileChooserNative *chooser;

  NrtTrainer *trainer;
  guint run;                    /* the run whose snapshots the window shows */
  guint updating;               /* > 0 while controls change together, so they restart once */

  /* The inside views (nrt-window-inside.c). */
  NrtInspector *inspector;      /* the UI thread's copy of the run's model, or NULL */
  NrtTrainerWeights *weights;   /* the newest weights of the run, or NULL */
  NrtTrainerEvaluation *evaluation; /* the newest evaluation of the run, or NULL */
  gboolean evaluation_shown;    /* the metrics view shows the newest evaluation */
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
void nrt_window_import_csv (NrtWindow *self, GFile *file);

/* nrt-window-data.c */
void nrt_window_data_init (NrtWindow *self);
void nrt_window_data_dataset_changed (NrtWindow *self, gboolean kind_changed);
void nrt_window_data_fill_config (NrtWindow *self, NrtTrainerConfig *config);
void nrt_window_ellipsize_dropdown (GtkDropDown *dropdown, int max_chars);
gboolean nrt_window_data_set_plane (NrtWindow *self, const char *text, GError **error);

/* nrt-window-task.c */
int nrt_window_get_output_units (NrtWindow *self);
void nrt_window_update_output_label (NrtWindow *self);
void nrt_window_update_from_logits (NrtWindow *self);
void nrt_window_apply_task_defaults (NrtWindow *self);
gboolean nrt_window_same_task (const NrtDataset *a, const NrtDataset *b);
gboolean nrt_window_update_fit (NrtWindow *self);

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
void nrt_window_take_csv (NrtWindow *self, const char *path, const NrtCsvOptions *options,
                          NrtDataset *dataset);
void nrt_window_show_error (NrtWindow *self, const char *message);
gboolean nrt_window_select_builtin (NrtWindow *self, const char *id);

G_END_DECLS
