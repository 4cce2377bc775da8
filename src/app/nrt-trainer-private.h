/* nrt-trainer-private.h: the training worker's state, shared by
 * nrt-trainer.c (the thread, its commands and the run loop) and
 * nrt-trainer-snapshot.c (the views it publishes and the hand-off). */
#pragma once

#include <stdatomic.h>

#include "core/nrt-model.h"

#include "nrt-trainer.h"

G_BEGIN_DECLS

/* The region grid: GRID_SIZE by GRID_SIZE points of the input plane. */
#define GRID_SIZE 80

/* Cells per side of each neuron's response map in the network view: small,
 * so that computing the maps for every snapshot costs little next to an
 * epoch. */
#define HEATMAP_SIZE 24

/* At most about 30 snapshots a second. */
#define PUBLISH_INTERVAL_US (G_USEC_PER_SEC / 30)

/* State that only the worker thread touches. */
typedef struct {
  guint run;
  NrtTrainerConfig *config;
  NrtDataset *train;
  NrtDataset *test;            /* NULL when train_ratio is 1 */
  NrtModel *model;
  gboolean playing;
  int pending_steps;
  int epoch;
  double current_train_loss;
  double current_test_loss;
  GArray *new_train_loss;      /* rows not yet published */
  GArray *new_test_loss;
  NrtTrainerData *new_data;    /* not yet published */
  char *new_error;             /* not yet published */
  gboolean new_stopped;
  gboolean dirty;              /* something to publish */
  gint64 last_publish;
  gint64 next_epoch;
  float *grid_inputs;          /* (GRID_SIZE * GRID_SIZE, 2) */
  float *grid_outputs;         /* (GRID_SIZE * GRID_SIZE, n_outputs) */
  int n_outputs;
  float *heat_inputs;          /* (HEATMAP_SIZE * HEATMAP_SIZE, 2), or NULL without 2-D inputs */
  float **heat_outputs;        /* n_layers buffers of (HEATMAP_SIZE * HEATMAP_SIZE, units) */
  int n_neurons;               /* inputs plus every layer's units */
  int config_n_layers;         /* entries of heat_outputs */
  gboolean has_grads;          /* a batch has run in this run */
  double target_min;           /* regression targets' range, for the region colours */
  double target_max;
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

/* nrt-trainer-snapshot.c */

NrtTrainerData *nrt_trainer_worker_make_data (Worker *worker);
void nrt_trainer_worker_prepare_views (Worker *worker);
void nrt_trainer_worker_free_views (Worker *worker);
void nrt_trainer_worker_publish (NrtTrainer *trainer, Worker *worker);

G_END_DECLS
