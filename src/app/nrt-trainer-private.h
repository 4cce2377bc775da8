/* nrt-trainer-private.h: the training worker's state, shared by
 * nrt-trainer.c (the thread, its commands and the run loop),
 * nrt-trainer-plane.c (the plane of the regions and the response maps),
 * nrt-trainer-evaluation.c (the predictions on every part) and
 * nrt-trainer-snapshot.c (the hand-off to the UI). */
#pragma once

#include <stdatomic.h>

#include "core/nrt-model.h"
#include "core/nrt-pca.h"

#include "nrt-trainer.h"

G_BEGIN_DECLS

/* The region grid: GRID_SIZE by GRID_SIZE points of the plane. */
#define GRID_SIZE 80

/* Cells per side of each neuron's response map in the network view: small,
 * so that computing the maps for every snapshot costs little next to an
 * epoch. */
#define HEATMAP_SIZE 24

/* At most about 30 snapshots a second. */
#define PUBLISH_INTERVAL_US (G_USEC_PER_SEC / 30)

/* While playing, the predictions on every part are computed at most once a
 * second and take at most a tenth of the time. Data of more rows than
 * EVALUATION_MAX_ROWS_WHILE_PLAYING is evaluated only after a pause or a
 * step. */
#define EVALUATION_INTERVAL_US G_USEC_PER_SEC
#define EVALUATION_MAX_SHARE 10
#define EVALUATION_MAX_ROWS_WHILE_PLAYING 200000

/* State that only the worker thread touches. */
typedef struct {
  guint run;
  NrtTrainerConfig *config;
  NrtTrainerSplits *splits;    /* the run's parts, NULL until split */
  const NrtDataset *train;     /* splits->parts[NRT_SPLIT_TRAIN] */
  const NrtDataset *held_out;  /* the part of the second loss curve: the validation part,
                                * else the test part, else NULL */
  NrtModel *model;
  gboolean playing;
  int pending_steps;
  int epoch;
  double current_train_loss;
  double current_test_loss;
  GArray *new_train_loss;      /* rows not yet published */
  GArray *new_test_loss;
  GArray *new_logs;            /* NrtLogs not yet published */
  NrtTrainerData *new_data;    /* not yet published */
  NrtTrainerEvaluation *new_evaluation; /* not yet published */
  char *new_error;             /* not yet published */
  gboolean new_stopped;
  gboolean dirty;              /* something to publish */
  gint64 last_publish;
  gint64 next_epoch;
  int evaluated_epoch;         /* the epoch of the newest evaluation, -1 when the weights
                                * changed since */
  gint64 next_evaluation;      /* the earliest time of the next evaluation while playing */

  /* The plane, set by nrt_trainer_worker_set_plane. */
  NrtPlane plane;
  gboolean has_plane;          /* FALSE for data of fewer than two features */
  NrtPca *pca;                 /* NRT_PLANE_PCA only */
  float *input_mean;           /* (n_inputs) the training part's means */
  unsigned derived_features;   /* the flags the parts were computed with, 0 when none */
  double plane_x_min, plane_x_max, plane_y_min, plane_y_max;
  double value_min, value_max; /* regression: the range of the first target */

  /* Buffers allocated once per run, reused for every snapshot. */
  int n_inputs;                /* the model's inputs: the features, derived ones included */
  int n_outputs;
  float *grid_plane;           /* (GRID_SIZE * GRID_SIZE, 2) plane coordinates */
  float *grid_base;            /* (GRID_SIZE * GRID_SIZE, n_features) before derived features */
  float *grid_inputs;          /* (GRID_SIZE * GRID_SIZE, n_inputs) */
  float *grid_outputs;         /* (GRID_SIZE * GRID_SIZE, n_outputs) */
  float *grid_first_output;    /* (GRID_SIZE * GRID_SIZE) the first output of a regression
                                * of several targets, or NULL */
  float *heat_plane;           /* (HEATMAP_SIZE * HEATMAP_SIZE, 2) */
  float *heat_base;            /* (HEATMAP_SIZE * HEATMAP_SIZE, n_features) */
  float *heat_inputs;          /* (HEATMAP_SIZE * HEATMAP_SIZE, n_inputs) */
  float **heat_outputs;        /* n_layers buffers of (HEATMAP_SIZE * HEATMAP_SIZE, units) */
  float *heat_layer_maps;      /* (2 + every layer's units, HEATMAP_SIZE * HEATMAP_SIZE) */
  int n_neurons;               /* inputs plus every layer's units */
  int config_n_layers;         /* entries of heat_outputs */
  gboolean has_grads;          /* a batch has run in this run */
} Worker;

struct _NrtTrainer {
  GThread *thread;
  GAsyncQueue *commands;       /* Command pointers */
  atomic_int cancel;           /* stops the epoch under way before a reset or quit */
  guint last_run;              /* UI thread only */

  GMutex lock;                 /* protects slot and slot_full */
  NrtTrainerSnapshot slot;
  gboolean slot_full;
};

/* nrt-trainer.c */

/* Publishes message as the run's error and stops playing. */
void nrt_trainer_worker_set_error (Worker *worker, const char *message);

/* nrt-trainer-plane.c */

/* Allocates the run's grid and response-map buffers and computes the
 * training means; once per run, after the split. */
void nrt_trainer_worker_prepare_views (Worker *worker);
void nrt_trainer_worker_free_views (Worker *worker);

/* Switches to plane: fits the PCA when asked, fills the grids and queues a
 * new NrtTrainerData. Returns FALSE with error set for an invalid plane,
 * and then keeps the current one. */
gboolean nrt_trainer_worker_set_plane (Worker *worker, const NrtPlane *plane, GError **error);

/* Predicts the grid and renders it, or returns NULL without a plane or a
 * model. */
cairo_surface_t *nrt_trainer_worker_render_regions (Worker *worker);

/* Fills weights->heatmaps with every neuron's response over the plane,
 * when there is a plane. */
void nrt_trainer_worker_fill_heatmaps (Worker *worker, NrtTrainerWeights *weights);

/* nrt-trainer-resume.c */

/* Replaces the new model's parameters and optimizer state with those of
 * worker->config->resume and queues its history for publishing. Returns
 * FALSE with error set when the saved state does not fit the model. */
gboolean nrt_trainer_worker_resume (Worker *worker, GError **error);

/* nrt-trainer-evaluation.c */

/* Predicts every part and computes their reports. Returns NULL and
 * publishes the error on failure. */
NrtTrainerEvaluation *nrt_trainer_worker_evaluate_parts (Worker *worker);

/* nrt-trainer-snapshot.c */

void nrt_trainer_worker_publish (NrtTrainer *trainer, Worker *worker);

G_END_DECLS
