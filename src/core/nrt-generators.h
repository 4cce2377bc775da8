/* nrt-generators.h: the built-in 2-D datasets.
 *
 * circle, xor, gaussian and spiral follow TensorFlow Playground's
 * definitions (dataset.ts), with its labels -1/+1 mapped to classes 0/1.
 * noise is Playground's slider value divided by 100, so its slider covers 0
 * to 0.5; nrt_generate accepts noise from 0 to 1 and 2 to 1,000,000 samples.
 * Blobs ignore noise: stddev sets their spread.
 */
#pragma once

#include <stdint.h>

#include "nrt-dataset.h"

typedef enum {
  NRT_GENERATOR_CIRCLE,
  NRT_GENERATOR_XOR,
  NRT_GENERATOR_GAUSSIAN,
  NRT_GENERATOR_SPIRAL,
  NRT_GENERATOR_BLOBS,
  NRT_GENERATOR_COUNT
} NrtGeneratorKind;

typedef struct {
  NrtGeneratorKind kind;
  int n_samples;
  double noise;
  uint64_t seed;
  /* blobs only */
  int n_centers;
  const double *centers;   /* (n_centers, 2) */
  double stddev;
} NrtGeneratorConfig;

/* Returns "circle", "xor", "gaussian", "spiral" or "blobs", or NULL for an
 * invalid kind. */
const char *nrt_generator_name (NrtGeneratorKind kind);
/* Returns -1 for an unknown name. */
int nrt_generator_from_name (const char *name);

/* Returns a config with Playground's defaults for kind: 500 samples, noise 0
 * and, for blobs, the four centres (-5, 2), (-2, -2), (1, 2), (5, -2) with
 * standard deviation 1. */
NrtGeneratorConfig nrt_generator_config_default (NrtGeneratorKind kind);

/* Generates the dataset; returns NULL with err set for an invalid config.
 * The same config always gives the same points. */
NrtDataset *nrt_generate (const NrtGeneratorConfig *config, NrtError *err);
