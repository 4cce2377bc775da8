/* nrt-window-private.h: the window's fields, shared by nrt-window.c (controls
 * and the hand-off from the worker) and nrt-window-actions.c (the actions). */
#pragma once

#include "core/nrt-dataset.h"

#include "nrt-loss-view.h"
#include "nrt-regions-view.h"
#include "nrt-trainer.h"
#include "nrt-window.h"

G_BEGIN_DECLS

/* The most hidden layers the list accepts. */
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
  GtkCheckButton *from_logits_check;
  GtkListBox *layers_list;
  GtkSpinButton *learning_rate_spin;
  GtkCheckButton *log_scale_check;
  GtkDropDown *loss_dropdown;
  NrtLossView *loss_view;
  GtkSpinButton *noise_spin;
  GtkDropDown *optimizer_dropdown;
  GtkDropDown *output_activation_dropdown;
  GtkLabel *output_label;
  GtkButton *play_button;
  NrtRegionsView *regions_view;
  GtkSpinButton *samples_spin;
  GtkSpinButton *seed_spin;
  GtkLabel *test_loss_label;
  GtkLabel *train_loss_label;
  GtkSpinButton *train_ratio_spin;

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
};

/* nrt-window-actions.c */
void nrt_window_add_actions (NrtWindow *self);
void nrt_window_set_playing (NrtWindow *self, gboolean playing);
void nrt_window_update_action_states (NrtWindow *self);
void nrt_window_open_csv (NrtWindow *self);

/* nrt-window.c */
void nrt_window_restart (NrtWindow *self);
void nrt_window_renumber_layers (NrtWindow *self);
GtkWidget *nrt_window_append_layer (NrtWindow *self, int units, NrtActivation activation);
void nrt_window_load_csv (NrtWindow *self, GFile *file);
void nrt_window_show_error (NrtWindow *self, const char *message);

G_END_DECLS
