/* nrt-inspector.h: a copy of the training model on the UI thread, for the
 * graph view and its step-through.
 *
 * The worker owns the model that trains, so the graph view inspects its own
 * model, built and compiled from the same configuration, with the
 * parameters of the newest snapshot copied in. It runs one training batch,
 * the first min(batch_size, n_train) samples of the training split, either
 * whole (forward then backward) or one op node at a time.
 */
#pragma once

#include <glib.h>

#include "core/nrt-model.h"
#include "plot/nrt-plot-graph.h"

#include "nrt-trainer.h"

G_BEGIN_DECLS

typedef enum {
  NRT_STEP_IDLE,        /* nothing computed yet in this step-through */
  NRT_STEP_FORWARD,     /* some op nodes computed, the loss not yet */
  NRT_STEP_LOSS,        /* the loss is computed; the backward pass comes next */
  NRT_STEP_BACKWARD,    /* some gradients propagated */
  NRT_STEP_DONE         /* every op node's backward is done */
} NrtStepPhase;

typedef struct _NrtInspector NrtInspector;

/* Builds the model of config, compiled the same way as the worker's, with
 * the same initial weights, and the same training split. Returns NULL with
 * error set when the configuration is invalid. */
NrtInspector *nrt_inspector_new (const NrtTrainerConfig *config, GError **error);
void nrt_inspector_free (NrtInspector *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NrtInspector, nrt_inspector_free)

NrtModel *nrt_inspector_get_model (NrtInspector *self);
NrtGraph *nrt_inspector_get_graph (NrtInspector *self);
const NrtGraphLayout *nrt_inspector_get_layout (NrtInspector *self);

/* Copies n_params parameters in; returns FALSE when n_params does not
 * match the model. */
gboolean nrt_inspector_set_params (NrtInspector *self, const float *params, gsize n_params);

/* Runs one forward and backward pass on the first batch, so that every
 * node contains its value and gradient. Ends a step-through. */
void nrt_inspector_run_batch (NrtInspector *self);

/* Step-through. reset loads the batch and clears what was computed;
 * forward computes the next op node; backward propagates through the next
 * op node in reverse order, starting with the loss once it is computed.
 * Each returns the node it computed, or -1 when the phase does not allow
 * it. */
void nrt_inspector_step_reset (NrtInspector *self);
int nrt_inspector_step_forward (NrtInspector *self);
int nrt_inspector_step_backward (NrtInspector *self);

NrtStepPhase nrt_inspector_step_get_phase (NrtInspector *self);

/* The node computed last, or -1. */
int nrt_inspector_step_get_active (NrtInspector *self);

/* Per node: computed in this step-through (forward), or whose backward ran
 * (backward phase); inputs, parameters and constants count as computed. */
const gboolean *nrt_inspector_step_get_done (NrtInspector *self);

/* Writes how far the step-through went: the op nodes done in the current
 * pass, and their number. */
void nrt_inspector_step_get_progress (NrtInspector *self, int *done, int *total);

/* Returns the loss node's id. */
int nrt_inspector_get_loss_node (NrtInspector *self);

G_END_DECLS
