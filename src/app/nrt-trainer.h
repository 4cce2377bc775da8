/* nrt-trainer.h: the training worker thread and its hand-off to the UI.
 *
 * The worker owns the model, the data splits and the optimizer. The UI sends
 * commands (reset, play, pause, step, set the learning rate) and never waits
 * for an epoch: it picks up the newest snapshot from a tick callback with
 * nrt_trainer_take_snapshot, which gives up at once when the worker holds the
 * lock.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "core/nrt-dataset.h"
#include "core/nrt-layer.h"
#include "core/nrt-loss.h"
#include "core/nrt-optimizer.h"

G_BEGIN_DECLS

/* Everything a run needs; the worker takes ownership of it with
 * nrt_trainer_reset. */
typedef struct {
  NrtDataset *dataset;        /* owned; split by the worker */
  double train_ratio;         /* 0 < train_ratio <= 1 */
  guint64 seed;               /* fixes the split, the initial weights and the shuffles */
  gboolean square_plane;      /* draw the input plane with equal axis scales */
  NrtDenseConfig *layers;     /* n_layers, hidden layers then the output layer */
  int n_layers;
  NrtLossConfig loss;
  NrtOptimizerConfig optimizer;
  int batch_size;
} NrtTrainerConfig;

NrtTrainerConfig *nrt_trainer_config_new (void);
void nrt_trainer_config_free (NrtTrainerConfig *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NrtTrainerConfig, nrt_trainer_config_free)

/* The data of one run as the regions view draws it. Immutable once
 * published, so the UI may keep it; reference-counted with g_atomic_rc_box. */
typedef struct {
  int n_features;
  int n_classes;              /* 0 for regression */
  int n_train;
  int n_test;
  float *points;              /* (n_points, 2), or NULL when n_features != 2 */
  int *point_classes;         /* n_points, or NULL for regression */
  gboolean *point_is_test;    /* n_points */
  int n_points;
  char **class_names;         /* n_classes strings, NULL-terminated */
  char *x_label;
  char *y_label;
  double x_min, x_max, y_min, y_max;
} NrtTrainerData;

NrtTrainerData *nrt_trainer_data_ref (NrtTrainerData *data);
void nrt_trainer_data_unref (NrtTrainerData *data);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NrtTrainerData, nrt_trainer_data_unref)

/* The model's parameters as the network view draws them. Immutable once
 * published, so the UI may keep it; reference-counted with g_atomic_rc_box.
 * The flat buffers have the model's layout: each layer's kernel (inputs,
 * units) row-major, then its bias (units). */
typedef struct {
  gsize n_params;
  float *params;              /* (n_params) */
  float *grads;               /* (n_params), d(loss)/d(params) of the last training batch,
                               * zeros before the first */
  gboolean has_grads;         /* whether a batch has run in this run */
  int heatmap_size;           /* cells per side of each response map, 0 without 2-D inputs */
  int n_neurons;              /* the input features, then every layer's units */
  float *heatmaps;            /* (n_neurons, heatmap_size, heatmap_size), row 0 at the top of
                               * the plane, each layer scaled to [-1, 1]; NULL without 2-D inputs */
} NrtTrainerWeights;

NrtTrainerWeights *nrt_trainer_weights_ref (NrtTrainerWeights *weights);
void nrt_trainer_weights_unref (NrtTrainerWeights *weights);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NrtTrainerWeights, nrt_trainer_weights_unref)

/* What changed since the last snapshot the UI took. */
typedef struct {
  guint run;                  /* the run these values belong to */
  int epoch;                  /* epochs completed in this run */
  GArray *train_loss;         /* doubles, one per epoch completed since the last snapshot */
  GArray *test_loss;          /* doubles, as many as train_loss; NaN without test data */
  double current_train_loss;  /* over the whole training split, NaN before the first evaluation */
  double current_test_loss;   /* NaN without test data */
  cairo_surface_t *regions;   /* newest region image, or NULL when unchanged */
  NrtTrainerData *data;       /* set in the first snapshot of a run */
  NrtTrainerWeights *weights; /* newest parameters, or NULL when unchanged */
  char *error;                /* a failure in plain words, or NULL */
  gboolean stopped;           /* the worker paused itself (after an error) */
} NrtTrainerSnapshot;

void nrt_trainer_snapshot_clear (NrtTrainerSnapshot *snapshot);

typedef struct _NrtTrainer NrtTrainer;

/* Starts the worker thread, idle until the first reset. */
NrtTrainer *nrt_trainer_new (void);

/* Stops the worker, waits for it and frees everything. */
void nrt_trainer_free (NrtTrainer *trainer);

/* Cancels the epoch under way and starts a new run from config, which the
 * trainer takes. Returns the number of the new run, which its snapshots carry. */
guint nrt_trainer_reset (NrtTrainer *trainer, NrtTrainerConfig *config);

void nrt_trainer_play (NrtTrainer *trainer);
void nrt_trainer_pause (NrtTrainer *trainer);

/* Trains one epoch, playing or not. */
void nrt_trainer_step (NrtTrainer *trainer);

/* Applies to the following batches and keeps the optimizer's moments. */
void nrt_trainer_set_learning_rate (NrtTrainer *trainer, double learning_rate);

/* Sets parameter flat_index of the flat parameter buffer to value before
 * the next epoch; the following snapshot shows it. Indices out of range are
 * reported as an error in a snapshot. */
void nrt_trainer_set_parameter (NrtTrainer *trainer, gsize flat_index, float value);

/* Applies one update of the run's optimizer, with its moments, from grads
 * (n_params floats, copied), as after a training batch. The step-through of
 * the graph view computes grads on its own copy of the model. */
void nrt_trainer_apply_gradients (NrtTrainer *trainer, const float *grads, gsize n_params);

/* Moves the newest published values into snapshot and returns TRUE; returns
 * FALSE without waiting when there is nothing new or the worker holds the
 * lock. Clear the snapshot with nrt_trainer_snapshot_clear. */
gboolean nrt_trainer_take_snapshot (NrtTrainer *trainer, NrtTrainerSnapshot *snapshot);

G_END_DECLS
