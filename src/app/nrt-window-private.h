/* nrt-window-private.h: the window's fields, shared by nrt-window.c (controls
 * and the hand-off from the worker), nrt-window-actions.c (the actions),
 * nrt-window-data.c (the split, normalization, derived features and the
 * plane of the regions), nrt-window-task.c (the output layer and loss that
 * suit the data), nrt-window-inside.c (the views of the network) and
 * nrt-window-exports.c (the exports and the Code page). */
#pragma once

#include "core/nrt-dataset.h"
#include "io/nrt-builtins.h"
#include "io/nrt-project.h"

#include "nrt-code-view.h"
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
  NrtCodeView *code_view;
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
  GtkCheckButton *output_bias_check;
  GtkLabel *output_label;
  GtkCheckButton *pca_check;
  GtkWidget *plane_box;
  GtkDropDown *plane_u_dropdown;
  GtkDropDown *plane_v_dropdown;
  GtkButton *play_button;
  GtkLabel *play_label;
  GMenu *recent_menu;
  NrtRegionsView *regions_view;
  GtkSpinButton *samples_spin;
  GtkSpinButton *seed_spin;
  GtkToggleButton *sin_x1_toggle;
  GtkToggleButton *sin_x2_toggle;
  GtkLabel *split_note_label;
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
  char *csv_sha256;             /* its SHA-256 when it was loaded, or NULL when unknown */
  NrtCsvOptions *csv_options;   /* the options it was imported with, or NULL */
  NrtImportDialog *import_dialog; /* the open import dialog, or NULL */
  guint selected_dataset;       /* item to return to when opening a file is cancelled */

  NrtDataset *dataset;          /* the loaded data, or NULL */
  gboolean dataset_is_generated;
  GtkStringList *feature_items; /* the dataset's feature names, for the plane drop-downs */
  NrtPlane plane;               /* the plane of the regions, for data of more than 2 features */
  NrtTrainerSplitKind split_kind; /* random parts, or the last rows for validation as an opened
                                   * project saved them, until a split control changes */
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

  /* The Code page (nrt-window-exports.c). */
  gboolean code_stale;          /* the model changed since the page's last script */
  guint code_refresh_source;    /* the timeout that regenerates it, or 0 */
  gint64 last_code_refresh;     /* monotonic time of the last script, in µs */

  /* The project (nrt-window-project*.c). */
  GArray *history;              /* NrtLogs of the shown run, one per epoch it has published */
  NrtOptimizerConfig optimizer_settings; /* momentum, Nesterov and Adam's constants of the
                                          * optimizer the drop-down selects; a project can set
                                          * them */
  NrtTrainerResume *pending_resume; /* a saved run that the next restart continues, or NULL */
  char *project_path;           /* the file saved or opened last, or NULL */
  gboolean modified;            /* the model, data, settings or training changed since */
  int saved_epoch;              /* epochs of the run when it was saved or opened */
  guint saved_run;              /* that run */
};

/* nrt-window-actions.c */
void nrt_window_add_actions (NrtWindow *self);
/* Returns the state of win.shuffle. */
gboolean nrt_window_get_shuffle (NrtWindow *self);
void nrt_window_set_playing (NrtWindow *self, gboolean playing);
void nrt_window_update_action_states (NrtWindow *self);
void nrt_window_open_csv (NrtWindow *self);
void nrt_window_import_csv (NrtWindow *self, GFile *file);

/* nrt-window-data.c */
void nrt_window_data_init (NrtWindow *self);
void nrt_window_data_dataset_changed (NrtWindow *self, gboolean kind_changed);
void nrt_window_data_fill_config (NrtWindow *self, NrtTrainerConfig *config);
/* Sets how the following runs split the data and shows it under the split
 * controls. Starts no run. */
void nrt_window_data_set_split_kind (NrtWindow *self, NrtTrainerSplitKind split_kind);
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
void nrt_window_zoom (NrtWindow *self, double factor);
void nrt_window_update_inside_actions (NrtWindow *self);
void nrt_window_parameter_edited_cb (NrtWindow *self, guint64 index, double value);
void nrt_window_graph_node_activated_cb (NrtWindow *self, int node);

/* nrt-window-project.c */
/* Builds a project of what the window shows. It contains the data source
 * (the CSV file with its import options, or the built-in dataset and its
 * parameters) and the layers, loss, optimizer and fit settings of the
 * controls. It also contains the run's weights, optimizer state and
 * history from the newest snapshot the UI thread took, all of one epoch,
 * while training goes on. Returns NULL with error set when there is no
 * data or the controls do not make a model. */
NrtProject *nrt_window_project_describe (NrtWindow *self, GError **error);
/* Writes the project of the window to path and makes it the window's
 * file. */
gboolean nrt_window_project_save (NrtWindow *self, const char *path, GError **error);

/* nrt-window-project-open.c */
/* Opens the project at path and continues its run. Reports failures in a
 * dialog and then keeps the current work. The CSV file of a project loads
 * in a thread, so the window changes after this returns. */
void nrt_window_project_open (NrtWindow *self, const char *path);
void nrt_window_project_show_error (NrtWindow *self, const char *message);

/* nrt-window-project-actions.c */
/* Adds win.open, win.open-project, win.save, win.save-as, win.save-project
 * and win.open-recent, and shows a Save, Discard or Cancel question before
 * the window closes unsaved work. */
void nrt_window_project_init (NrtWindow *self);
void nrt_window_project_finalize (NrtWindow *self);
/* Counts the current run and its epoch as saved, as after opening the
 * window. */
void nrt_window_project_mark_saved (NrtWindow *self);
/* Shows the project's name in the title, with an asterisk when the
 * work changed since it was saved. */
void nrt_window_project_update_title (NrtWindow *self);
/* Whether the model, the data, the settings or the training changed
 * since the last save or open. */
gboolean nrt_window_project_is_modified (NrtWindow *self);
void nrt_window_project_add_recent (NrtWindow *self, const char *path);

/* nrt-window-exports.c */
void nrt_window_exports_init (NrtWindow *self);
void nrt_window_exports_dispose (NrtWindow *self);
void nrt_window_export_view (NrtWindow *self);
gboolean nrt_window_page_has_pictures (NrtWindow *self, const char *page);
/* Rejects, with an error naming the file, a path that is the window's CSV
 * data file or, unless is_project, its open project file, so that no
 * export overwrites them. Saving the project to its own file is allowed. */
gboolean nrt_window_check_export_path (NrtWindow *self, const char *path, gboolean is_project,
                                       GError **error);
gboolean nrt_window_export_history (NrtWindow *self, const char *path, GError **error);
gboolean nrt_window_export_data (NrtWindow *self, const char *path, GError **error);
/* Marks the Code page's script as stale after a change of the model, its
 * settings or its training, and regenerates it when the page is visible. */
void nrt_window_code_changed (NrtWindow *self);
void nrt_window_code_page_changed (NrtWindow *self);

/* nrt-window.c */
NrtTrainerConfig *nrt_window_build_config (NrtWindow *self);
void nrt_window_take_dataset (NrtWindow *self, NrtDataset *dataset,
                              const NrtBuiltinDataset *builtin);
void nrt_window_restart (NrtWindow *self);
void nrt_window_renumber_layers (NrtWindow *self);
GtkWidget *nrt_window_append_layer (NrtWindow *self, int units, NrtActivation activation);
void nrt_window_load_csv (NrtWindow *self, GFile *file);
void nrt_window_take_csv (NrtWindow *self, const char *path, const NrtCsvOptions *options,
                          NrtDataset *dataset);
void nrt_window_show_error (NrtWindow *self, const char *message);
void nrt_window_hide_error (NrtWindow *self);
gboolean nrt_window_select_builtin (NrtWindow *self, const char *id);

G_END_DECLS
