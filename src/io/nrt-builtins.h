/* nrt-builtins.h: the datasets Neurite offers without a file: the 2-D
 * generators and the CSV files bundled as resources. */
#pragma once

#include <glib.h>

#include "core/nrt-dataset.h"
#include "core/nrt-generators.h"

G_BEGIN_DECLS

typedef struct {
  const char *id;              /* "circle", "iris", ...: the CLI's --dataset value */
  const char *title;           /* translatable display name, marked with N_() */
  gboolean is_generator;       /* generated from samples, noise and seed; otherwise a bundled CSV */
  NrtGeneratorKind generator;  /* valid when is_generator */
} NrtBuiltinDataset;

/* Returns the table of built-in datasets, generators first; sets *n_builtins. */
const NrtBuiltinDataset *nrt_builtins_list (int *n_builtins);

/* Returns the entry with this id, or NULL. */
const NrtBuiltinDataset *nrt_builtins_find (const char *id);

/* Loads a built-in dataset. n_samples, noise and seed apply to generators
 * and are ignored for bundled files. Returns NULL with error set: an
 * unknown id gives G_IO_ERROR_NOT_FOUND, listing the known ones, and invalid
 * generator settings G_IO_ERROR_INVALID_ARGUMENT. */
NrtDataset *nrt_builtins_load (const char *id, int n_samples, double noise, guint64 seed,
                               GError **error);

G_END_DECLS
