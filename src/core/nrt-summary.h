/* nrt-summary.h: a Keras-style model summary: each layer's name, type,
 * output shape and parameter count, with totals. */
#pragma once

#include <stddef.h>

#include "nrt-error.h"
#include "nrt-layer.h"
#include "nrt-model.h"

typedef struct {
  char name[64];           /* "normalization", "dense", "dense_1", ... */
  char type[32];           /* "Normalization" or "Dense" */
  int n_dims;              /* output shape without the batch: (units) */
  int output_shape[4];
  size_t n_params;         /* kernel and bias; mean, variance and count for Normalization */
} NrtSummaryRow;

typedef struct {
  NrtSummaryRow *rows;     /* n_rows, one per layer, the Normalization layer first */
  int n_rows;
  size_t total_params;
  size_t trainable_params;
  size_t non_trainable_params;
} NrtSummary;

/* Fills a summary of model, which the caller frees with nrt_summary_free.
 * Returns NULL when model is NULL or memory runs out. */
NrtSummary *nrt_summary_new (const NrtModel *model);

/* Fills the summary that nrt_model_new (n_inputs, layers, n_layers) would
 * give, from the configuration alone: no weights are allocated, so a model
 * too large to create still has a summary. Returns NULL with err set for an
 * invalid configuration (n_inputs, n_layers or units below 1), for a
 * parameter count above SIZE_MAX, or when memory for the rows runs out. */
NrtSummary *nrt_summary_new_from_config (int n_inputs, const NrtDenseConfig *layers, int n_layers,
                                         NrtError *err);

/* Inserts the row of Keras's Normalization layer on n_features inputs in
 * front of the others: output (None, n_features) and 2 * n_features + 1
 * non-trainable parameters (mean, variance and count). Returns an error when
 * memory runs out, leaving summary as it was. */
NrtStatus nrt_summary_add_normalization (NrtSummary *summary, int n_features, NrtError *err);
void nrt_summary_free (NrtSummary *summary);

/* Writes the summary as Keras's model.summary() lays it out, with
 * "(None, 25)" output shapes and the totals, into a new string the caller
 * frees with free(). A NULL model_name is written "sequential", Keras's
 * default name. Returns NULL when summary is NULL or memory runs out. */
char *nrt_summary_format (const NrtSummary *summary, const char *model_name);
