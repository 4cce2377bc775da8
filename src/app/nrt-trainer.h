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
#include "core/nrt-fit.h"
#include "core/nrt-layer.h"
#include "core/nrt-loss.h"
#include "core/nrt-metrics.h"
#include "core/nrt-model.h"
#include "core/nrt-optimizer.h"

G_BEGIN_DECLS

typedef enum {
  NRT_SPLIT_TRAIN,
  NRT_SPLIT_VALIDATION,
  NRT_SPLIT_TEST,
  NRT_SPLIT_COUNT
} NrtSplit;

/* The plane the decision regions are drawn on, for data of any number of
 * features. */
typedef enum {
  NRT_PLANE_FEATURES,         /* feature_u against feature_v, the other features held at
                               * their training mean */
  NRT_PLANE_PCA               /* the first two principal components of the training part;
                               * the map is computed through the inverse projection */
} NrtPlaneKind;

typedef struct {
  NrtPlaneKind kind;
  int feature_u;              /* NRT_PLANE_FEATURES: the horizontal axis, an index among the
                               * dataset's features (before derived features) */
  int feature_v;              /* the vertical axis */
} NrtPlane;

/* A saved run to continue, as a project file stores it: the worker's
 * model after epochs_done epochs. The worker builds the model of the
 * configuration as usual, then replaces its parameters and optimizer state
 * with these, so the following epochs equal those of the saved run. */
typedef struct {
  int epochs_done;
  gint64 iterations;          /* the optimizer's step count */
  gsize n_params;
  float *params;              /* (n_params) in the model's flat layout */
  int n_slots;                /* the optimizer's moment buffers: 0 for SGD without momentum,
                               * 1 with momentum, 2 for Adam */
  float *slots;               /* (n_slots, n_params) in the optimizer's slot order, or NULL */
  GArray *history;            /* NrtLogs of the epochs done, one per epoch */
} NrtTrainerResume;

void nrt_trainer_resume_free (NrtTrainerResume *resume);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NrtTrainerResume, nrt_trainer_resume_free)

/* How a run's training, validation and test parts are drawn from the
 * data. */
typedef enum {
  NRT_TRAINER_SPLIT_RANDOM,   /* at random with the seed, stratified for classification
                               * (nrt_dataset_split3) */
  NRT_TRAINER_SPLIT_LAST_ROWS /* the last validation_fraction of the rows for validation and
                               * the rows before them for training, with no test part, as
                               * Keras's fit(validation_split=...) does */
} NrtTrainerSplitKind;

/* Everything a run needs; the worker takes ownership of it with
 * nrt_trainer_reset. */
typedef struct {
  NrtDataset *dataset;        /* owned; split by the worker */
  NrtTrainerSplitKind split_kind; /* NRT_TRAINER_SPLIT_RANDOM unless set */
  double validation_fraction; /* share of the rows held out for validation, in [0, 1) */
  double test_fraction;       /* share held out for the test, in [0, 1); the sum is below 1.
                               * 0 with NRT_TRAINER_SPLIT_LAST_ROWS. */
  gboolean shuffle;           /* shuffle the training rows before every epoch with the seed,
                               * as Keras's fit(shuffle=True); TRUE unless set */
  gboolean normalize;         /* a Normalization layer adapted to the training part */
  unsigned derived_features;  /* NrtDerivedFeatures, for two-feature datasets; 0 otherwise */
  NrtPlane plane;             /* the plane of the first regions; see nrt_trainer_set_plane */
  guint64 seed;               /* fixes the split, the initial weights and the shuffles */
  gboolean square_plane;      /* draw the input plane with equal axis scales */
  NrtDenseConfig *layers;     /* n_layers, hidden layers then the output layer */
  int n_layers;
  NrtLossConfig loss;
  NrtOptimizerConfig optimizer;
  int batch_size;
  NrtTrainerResume *resume;   /* owned; NULL starts from the initial weights of seed */
} NrtTrainerConfig;

NrtTrainerConfig *nrt_trainer_config_new (void);
void nrt_trainer_config_free (NrtTrainerConfig *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NrtTrainerConfig, nrt_trainer_config_free)

/* The data of a run after splitting, shared by the worker and the UI.
 * Immutable once published; reference-counted with g_atomic_rc_box. The
 * parts hold the model's inputs, derived features included, before
 * normalization (the model normalizes inside). */
typedef struct {
  NrtDataset *parts[NRT_SPLIT_COUNT];   /* NULL for an empty split */
} NrtTrainerSplits;

NrtTrainerSplits *nrt_trainer_splits_ref (NrtTrainerSplits *splits);
void nrt_trainer_splits_unref (NrtTrainerSplits *splits);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NrtTrainerSplits, nrt_trainer_splits_unref)

/* Computes the parts of config's run: the derived features of
 * config->derived_features for two-feature data (the flags are ignored for
 * other data), then a split by config->split_kind,
 * config->validation_fraction and config->test_fraction, seeded with
 * config->seed. The worker and the graph
 * view's copy of the model both call it, so that their parts are equal.
 * Returns NULL with error set when the data cannot be split. */
NrtTrainerSplits *nrt_trainer_splits_new (const NrtTrainerConfig *config, GError **error);

/* Fills assignment (config->dataset->n_samples NrtPart values, in the
 * data's order) with the part that nrt_trainer_splits_new puts each row in.
 * Returns FALSE with error set when the data cannot be split. */
gboolean nrt_trainer_config_assign_parts (const NrtTrainerConfig *config, guint8 *assignment,
                                          GError **error);

/* Builds the model of config for the features of splits' parts: compiled,
 * with the initial weights of config->seed and, when config->normalize is
 * set, a Normalization layer adapted to the training part. Returns NULL
 * with error set when the network, the loss and the targets of any part do
 * not fit together. */
NrtModel *nrt_trainer_model_new (const NrtTrainerConfig *config,
                                 const NrtTrainerSplits *splits, GError **error);

/* The model's predictions on every split at one epoch, for the metrics
 * page and the predictions table. Immutable once published;
 * reference-counted with g_atomic_rc_box. */
typedef struct {
  guint run;
  int epoch;                                    /* epochs completed when predicted */
  NrtTrainerSplits *splits;                     /* a reference */
  int units;                                    /* output units */
  NrtLossConfig loss;
  float *outputs[NRT_SPLIT_COUNT];              /* (n of the part, units), NULL for an
                                                 * empty part */
  NrtMetricsReport *reports[NRT_SPLIT_COUNT];   /* with loss set; NULL for an empty part */
} NrtTrainerEvaluation;

/* Returns whether the prediction for row i of part split is wrong: the
 * class for classification (the argmax, or the threshold of one unit), any
 * label for multi-label classification (each unit's threshold). Regression
 * predictions are never wrong here. The threshold is 0 for cross-entropies
 * from logits and 0.5 otherwise. */
gboolean nrt_trainer_evaluation_is_wrong (const NrtTrainerEvaluation *evaluation, NrtSplit split,
                                          int i);

NrtTrainerEvaluation *nrt_trainer_evaluation_ref (NrtTrainerEvaluation *evaluation);
void nrt_trainer_evaluation_unref (NrtTrainerEvaluation *evaluation);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NrtTrainerEvaluation, nrt_trainer_evaluation_unref)

/* The data of one run on one plane, as the regions view draws it. Immutable
 * once published, so the UI may keep it; reference-counted with
 * g_atomic_rc_box. The points are the rows of the training, validation and
 * test parts, in that order, which is also the order of an evaluation's
 * outputs. */
typedef struct {
  guint run;
  NrtTrainerSplits *splits;   /* a reference to the run's parts */
  NrtTask task;
  int n_features;             /* the dataset's features, before derived features */
  int n_classes;              /* classification only; 0 otherwise */
  int n_train;
  int n_validation;
  int n_test;
  NrtPlane plane;             /* the plane of the points and the regions */
  float *points;              /* (n_points, 2) the rows projected on the plane, or NULL
                               * for data of one feature */
  int *point_classes;         /* n_points, or NULL unless classification */
  float *point_values;        /* n_points first target values for regression, or NULL */
  double value_min, value_max; /* regression: the range of the first target, which the
                                * regions' and the points' colours span */
  gboolean *point_is_test;    /* n_points */
  gboolean *point_is_validation; /* n_points */
  int n_points;
  char **class_names;         /* n_classes strings, NULL-terminated */
  char *x_label;              /* a feature's name, or "PC1 (72 % of variance)" */
  char *y_label;
  double x_min, x_max, y_min, y_max;
} NrtTrainerData;

NrtTrainerData *nrt_trainer_data_ref (NrtTrainerData *data);
void nrt_trainer_data_unref (NrtTrainerData *data);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NrtTrainerData, nrt_trainer_data_unref)

/* The model's parameters as the network view draws them, with the
 * optimizer state of the same moment, so that a project saved from them
 * resumes exactly. Immutable once published, so the UI may keep it;
 * reference-counted with g_atomic_rc_box. The flat buffers have the
 * model's layout: each layer's kernel (inputs, units) row-major, then its
 * bias (units). */
typedef struct {
  int epoch;                  /* epochs completed when copied */
  gsize n_params;
  float *params;              /* (n_params) */
  gint64 iterations;          /* the optimizer's step count */
  int n_slots;
  float *slots;               /* (n_slots, n_params) the optimizer's moments, or NULL */
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
  GArray *test_loss;          /* doubles, as many as train_loss: the loss of the validation
                               * part, or of the test part when there is no validation part
                               * (NrtTrainerData's n_validation shows which); NaN without
                               * either */
  GArray *logs;               /* NrtLogs, one per epoch completed since the last snapshot:
                               * the history that a project saves */
  double current_train_loss;  /* over the whole training split, NaN before the first evaluation */
  double current_test_loss;   /* the part of test_loss; NaN without one */
  cairo_surface_t *regions;   /* newest region image, or NULL when unchanged */
  NrtTrainerData *data;       /* set in the first snapshot of a run and after a plane change */
  NrtTrainerWeights *weights; /* newest parameters, or NULL when unchanged */
  NrtTrainerEvaluation *evaluation; /* newest predictions on every split, or NULL when
                                     * unchanged */
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

/* Draws the following region images and points on plane, without
 * restarting the run; the next snapshot carries a new NrtTrainerData. An
 * invalid plane (a feature index out of range, or u == v) is reported as an
 * error in a snapshot. */
void nrt_trainer_set_plane (NrtTrainer *trainer, const NrtPlane *plane);

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
