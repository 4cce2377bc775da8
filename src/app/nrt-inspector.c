/* nrt-inspector.c: the UI thread's copy of the training model and its
 * step-through of one training batch. */
#define G_LOG_DOMAIN "neurite-inspector"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "nrt-inspector.h"

struct _NrtInspector
{
  NrtModel *model;
  NrtGraphLayout *layout;
  int batch;                 /* samples in the inspected batch */
  float *batch_x;            /* (batch, n_features) */
  float *batch_y;            /* (batch, n_targets) */
  int n_targets;

  int *ops;                  /* op node ids in definition order; the model
                              * lowers its loss last, so ops[n_ops - 1] is it */
  int n_ops;
  NrtStepPhase phase;
  int position;              /* op nodes done in the current pass */
  int active;
  gboolean *done;            /* per node */
};

NrtInspector *
nrt_inspector_new (const NrtTrainerConfig *config, GError **error)
{
  g_autoptr (NrtInspector) self = g_new0 (NrtInspector, 1);
  g_autoptr (NrtTrainerSplits) splits = NULL;
  const NrtDataset *train;
  NrtGraph *graph;
  NrtError err = { 0 };
  int n_nodes;

  g_return_val_if_fail (config != NULL && config->dataset != NULL, NULL);

  /* Step 1: the parts and the model, built by the worker's own functions
   * from the same configuration, so that they are equal to the worker's. */
  splits = nrt_trainer_splits_new (config, error);
  if (splits == NULL)
    return NULL;
  self->model = nrt_trainer_model_new (config, splits, error);
  if (self->model == NULL)
    return NULL;

  /* Step 2: the first batch of the training part. */
  train = splits->parts[NRT_SPLIT_TRAIN];
  self->batch = MIN (MAX (config->batch_size, 1), train->n_samples);
  self->n_targets = train->n_targets;
  self->batch_x = g_memdup2 (train->x, (gsize) self->batch * train->n_features * sizeof (float));
  self->batch_y = g_memdup2 (train->y, (gsize) self->batch * train->n_targets * sizeof (float));

  /* Step 3: the graph's buffers for that batch, then its layout. */
  graph = nrt_model_get_graph (self->model);
  if (self->batch < 1
      || (nrt_graph_get_max_batch (graph) < self->batch
          && nrt_graph_build (graph, self->batch, &err) != NRT_OK))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Preparing the computation graph for a batch of %d samples failed: %s"),
                   self->batch, self->batch < 1 ? _("the training split is empty") : err.message);
      return NULL;
    }
  self->layout = nrt_graph_layout_new (graph, error);
  if (self->layout == NULL)
    return NULL;

  n_nodes = nrt_graph_get_n_nodes (graph);
  self->ops = g_new (int, n_nodes);
  self->done = g_new0 (gboolean, n_nodes);
  for (int id = 0; id < n_nodes; id++)
    if (nrt_graph_get_node (graph, id)->kind == NRT_NODE_OP)
      self->ops[self->n_ops++] = id;
  self->active = -1;
  return g_steal_pointer (&self);
}

void
nrt_inspector_free (NrtInspector *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->layout, nrt_graph_layout_free);
  g_clear_pointer (&self->model, nrt_model_free);
  g_free (self->batch_x);
  g_free (self->batch_y);
  g_free (self->ops);
  g_free (self->done);
  g_free (self);
}

NrtModel *
nrt_inspector_get_model (NrtInspector *self)
{
  return self->model;
}

NrtGraph *
nrt_inspector_get_graph (NrtInspector *self)
{
  return nrt_model_get_graph (self->model);
}

const NrtGraphLayout *
nrt_inspector_get_layout (NrtInspector *self)
{
  return self->layout;
}

int
nrt_inspector_get_loss_node (NrtInspector *self)
{
  return nrt_model_get_loss_node (self->model);
}

gboolean
nrt_inspector_set_params (NrtInspector *self, const float *params, gsize n_params)
{
  if (n_params != nrt_model_get_n_params (self->model))
    return FALSE;

  memcpy (nrt_model_get_params (self->model), params, n_params * sizeof (float));
  return TRUE;
}

/* Copies the batch into the graph's input and target nodes. */
static void
load_batch (NrtInspector *self)
{
  NrtGraph *graph = nrt_model_get_graph (self->model);
  int x_node = nrt_graph_find_node (graph, "x");
  int y_node = nrt_graph_find_node (graph, "y");
  int n_features = nrt_model_get_n_inputs (self->model);

  g_return_if_fail (x_node >= 0 && y_node >= 0);

  nrt_graph_set_batch (graph, self->batch);
  memcpy (nrt_graph_get_node (graph, x_node)->value->data, self->batch_x,
          (gsize) self->batch * n_features * sizeof (float));
  memcpy (nrt_graph_get_node (graph, y_node)->value->data, self->batch_y,
          (gsize) self->batch * self->n_targets * sizeof (float));
}

/* Marks the nodes that exist before any op runs as done, the rest not. */
static void
mark_leaves_done (NrtInspector *self)
{
  NrtGraph *graph = nrt_model_get_graph (self->model);
  int n_nodes = nrt_graph_get_n_nodes (graph);

  for (int id = 0; id < n_nodes; id++)
    self->done[id] = nrt_graph_get_node (graph, id)->kind != NRT_NODE_OP;
}

void
nrt_inspector_run_batch (NrtInspector *self)
{
  NrtGraph *graph = nrt_model_get_graph (self->model);

  load_batch (self);
  nrt_graph_forward (graph);
  nrt_graph_backward (graph, nrt_model_get_loss_node (self->model));
  self->phase = NRT_STEP_IDLE;
  self->position = 0;
  self->active = -1;
  mark_leaves_done (self);
}

void
nrt_inspector_step_reset (NrtInspector *self)
{
  NrtGraph *graph = nrt_model_get_graph (self->model);
  int n_nodes = nrt_graph_get_n_nodes (graph);

  load_batch (self);

  /* Values and gradients of the op nodes are zeroed, so that what the
   * panel shows for a node not yet computed is not a stale number. */
  for (int i = 0; i < self->n_ops; i++)
    {
      NrtNode *node = nrt_graph_get_node (graph, self->ops[i]);

      memset (node->value->data, 0, node->value->size * sizeof (float));
      if (node->grad != NULL)
        memset (node->grad->data, 0, node->grad->size * sizeof (float));
    }
  for (int id = 0; id < n_nodes; id++)
    {
      NrtNode *node = nrt_graph_get_node (graph, id);

      if (node->kind == NRT_NODE_PARAMETER && node->grad != NULL)
        memset (node->grad->data, 0, node->grad->size * sizeof (float));
    }

  self->phase = NRT_STEP_IDLE;
  self->position = 0;
  self->active = -1;
  mark_leaves_done (self);
}

int
nrt_inspector_step_forward (NrtInspector *self)
{
  NrtGraph *graph = nrt_model_get_graph (self->model);
  int id;

  if (self->phase != NRT_STEP_IDLE && self->phase != NRT_STEP_FORWARD)
    return -1;
  if (self->n_ops == 0)
    return -1;

  id = self->ops[self->position++];
  nrt_graph_forward_node (graph, id);
  self->done[id] = TRUE;
  self->active = id;
  self->phase = id == nrt_model_get_loss_node (self->model) || self->position == self->n_ops
                ? NRT_STEP_LOSS : NRT_STEP_FORWARD;
  return id;
}

int
nrt_inspector_step_backward (NrtInspector *self)
{
  NrtGraph *graph = nrt_model_get_graph (self->model);
  int id;

  if (self->phase != NRT_STEP_LOSS && self->phase != NRT_STEP_BACKWARD)
    return -1;

  /* The backward pass starts at the loss: every gradient is zeroed and
   * d(loss)/d(loss) = 1. done[] then tracks the backward pass. */
  if (self->phase == NRT_STEP_LOSS)
    {
      nrt_graph_backward_begin (graph, nrt_model_get_loss_node (self->model));
      for (int i = 0; i < self->n_ops; i++)
        self->done[self->ops[i]] = FALSE;
      self->position = 0;
      self->phase = NRT_STEP_BACKWARD;
    }

  id = self->ops[self->n_ops - 1 - self->position++];
  nrt_graph_backward_node (graph, id);
  self->done[id] = TRUE;
  self->active = id;
  if (self->position == self->n_ops)
    self->phase = NRT_STEP_DONE;
  return id;
}

NrtStepPhase
nrt_inspector_step_get_phase (NrtInspector *self)
{
  return self->phase;
}

int
nrt_inspector_step_get_active (NrtInspector *self)
{
  return self->active;
}

const gboolean *
nrt_inspector_step_get_done (NrtInspector *self)
{
  return self->done;
}

void
nrt_inspector_step_get_progress (NrtInspector *self, int *done, int *total)
{
  *done = self->position;
  *total = self->n_ops;
}
