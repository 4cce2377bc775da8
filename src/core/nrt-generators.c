/* nrt-generators.c: the built-in 2-D datasets.
 *
 * circle, xor, gaussian and spiral reproduce the distributions of
 * TensorFlow Playground's src/dataset.ts (github.com/tensorflow/playground).
 * As there, circle and xor store the noiseless point and draw the noise only
 * to decide the label, so noise flips labels near the class boundary.
 * Samples come out grouped by class; nrt_dataset_split shuffles them.
 */
#include "nrt-generators.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "nrt-rng.h"

#define MAX_SAMPLES 1000000
#define MAX_NOISE 1.0

/* Half-width of Playground's square [-5, 5]^2, which contains every
 * noiseless point of circle and spiral. */
#define PLAYGROUND_RADIUS 5.0

/* The default blob centres, the same as those of the bundled blobs4.csv;
 * (n_centers, 2). */
static const double default_blob_centers[] = {
  -5.0, 2.0,
  -2.0, -2.0,
  1.0, 2.0,
  5.0, -2.0,
};

static const char *const generator_names[NRT_GENERATOR_COUNT] = {
  [NRT_GENERATOR_CIRCLE] = "circle",
  [NRT_GENERATOR_XOR] = "xor",
  [NRT_GENERATOR_GAUSSIAN] = "gaussian",
  [NRT_GENERATOR_SPIRAL] = "spiral",
  [NRT_GENERATOR_BLOBS] = "blobs",
};

const char *
nrt_generator_name (NrtGeneratorKind kind)
{
  if ((int) kind < 0 || kind >= NRT_GENERATOR_COUNT)
    return NULL;
  return generator_names[kind];
}

int
nrt_generator_from_name (const char *name)
{
  if (name == NULL)
    return -1;

  for (int kind = 0; kind < NRT_GENERATOR_COUNT; kind++)
    if (strcmp (name, generator_names[kind]) == 0)
      return kind;
  return -1;
}

NrtGeneratorConfig
nrt_generator_config_default (NrtGeneratorKind kind)
{
  NrtGeneratorConfig config;

  memset (&config, 0, sizeof config);
  config.kind = kind;
  config.n_samples = 500;
  config.noise = 0.0;
  config.seed = 0;
  if (kind == NRT_GENERATOR_BLOBS)
    {
      config.n_centers = 4;
      config.centers = default_blob_centers;
      config.stddev = 1.0;
    }
  return config;
}

static NrtStatus
validate_config (const NrtGeneratorConfig *config, NrtError *err)
{
  if (config == NULL)
    return nrt_error_set (err, NRT_ERROR_INVALID, "invalid generator config: NULL");
  if ((int) config->kind < 0 || config->kind >= NRT_GENERATOR_COUNT)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "unknown generator kind %d: expected circle, xor, gaussian, "
                          "spiral or blobs", (int) config->kind);
  if (config->n_samples < 2 || config->n_samples > MAX_SAMPLES)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "invalid number of samples %d for %s: expected 2 to %d",
                          config->n_samples, generator_names[config->kind], MAX_SAMPLES);
  if (!(config->noise >= 0.0 && config->noise <= MAX_NOISE))
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "invalid noise %g for %s: expected a value from 0 to %g",
                          config->noise, generator_names[config->kind], MAX_NOISE);
  if (config->kind != NRT_GENERATOR_BLOBS)
    return NRT_OK;

  if (config->n_centers < 2)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "invalid number of blob centres %d: expected at least 2",
                          config->n_centers);
  if (config->centers == NULL)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "invalid blob centres: NULL for %d centres", config->n_centers);
  if (config->n_centers > config->n_samples)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "%d blob centres for %d samples would leave a cluster empty: "
                          "use at least one sample per centre",
                          config->n_centers, config->n_samples);
  for (int i = 0; i < 2 * config->n_centers; i++)
    if (!isfinite (config->centers[i]))
      return nrt_error_set (err, NRT_ERROR_INVALID,
                            "invalid blob centre %d: coordinate %g is not finite",
                            i / 2, config->centers[i]);
  if (!(config->stddev > 0.0 && isfinite (config->stddev)))
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "invalid blob standard deviation %g: expected a finite value above 0",
                          config->stddev);
  return NRT_OK;
}

static void
set_sample (NrtDataset *dataset, int i, double x1, double x2, int label)
{
  dataset->x[2 * i] = (float) x1;
  dataset->x[2 * i + 1] = (float) x2;
  dataset->y[i] = (float) label;
}

/* Class 1 is a disc of radius 2.5 and class 0 a ring from 3.5 to 5 around
 * it. The label is whether the point plus uniform noise of up to
 * 5 * noise per axis lies strictly within 2.5 of the centre. */
static void
generate_circle (NrtDataset *dataset, double noise, NrtRng *rng)
{
  const double inner = 0.5 * PLAYGROUND_RADIUS;
  const double ring_start = 0.7 * PLAYGROUND_RADIUS;
  int n_inside = dataset->n_samples - dataset->n_samples / 2;

  for (int i = 0; i < dataset->n_samples; i++)
    {
      double r, angle, x1, x2, noise1, noise2;

      if (i < n_inside)
        r = nrt_rng_uniform_range (rng, 0.0, inner);
      else
        r = nrt_rng_uniform_range (rng, ring_start, PLAYGROUND_RADIUS);
      angle = nrt_rng_uniform_range (rng, 0.0, 2.0 * M_PI);
      x1 = r * sin (angle);
      x2 = r * cos (angle);
      noise1 = nrt_rng_uniform_range (rng, -PLAYGROUND_RADIUS, PLAYGROUND_RADIUS) * noise;
      noise2 = nrt_rng_uniform_range (rng, -PLAYGROUND_RADIUS, PLAYGROUND_RADIUS) * noise;
      set_sample (dataset, i, x1, x2, hypot (x1 + noise1, x2 + noise2) < inner ? 1 : 0);
    }
}

/* Points uniform in [-5, 5]^2, each coordinate pushed 0.3 away from its
 * axis. Class 1 where x1 * x2 >= 0 after uniform noise of up to 5 * noise
 * per axis. */
static void
generate_xor (NrtDataset *dataset, double noise, NrtRng *rng)
{
  const double padding = 0.3;

  for (int i = 0; i < dataset->n_samples; i++)
    {
      double x1, x2, noise1, noise2;

      x1 = nrt_rng_uniform_range (rng, -PLAYGROUND_RADIUS, PLAYGROUND_RADIUS);
      x1 += x1 > 0.0 ? padding : -padding;
      x2 = nrt_rng_uniform_range (rng, -PLAYGROUND_RADIUS, PLAYGROUND_RADIUS);
      x2 += x2 > 0.0 ? padding : -padding;
      noise1 = nrt_rng_uniform_range (rng, -PLAYGROUND_RADIUS, PLAYGROUND_RADIUS) * noise;
      noise2 = nrt_rng_uniform_range (rng, -PLAYGROUND_RADIUS, PLAYGROUND_RADIUS) * noise;
      set_sample (dataset, i, x1, x2, (x1 + noise1) * (x2 + noise2) >= 0.0 ? 1 : 0);
    }
}

/* Class 1 normal around (2, 2), class 0 around (-2, -2). Playground maps
 * noise linearly to the variance, 0 -> 0.5 and 0.5 -> 4, so noise 1 gives 7.5. */
static void
generate_gaussian (NrtDataset *dataset, double noise, NrtRng *rng)
{
  double variance = 0.5 + noise * (4.0 - 0.5) / 0.5;
  double stddev = sqrt (variance);
  int n_positive = dataset->n_samples - dataset->n_samples / 2;

  for (int i = 0; i < dataset->n_samples; i++)
    {
      double center = i < n_positive ? 2.0 : -2.0;
      double x1 = nrt_rng_normal (rng, center, stddev);
      double x2 = nrt_rng_normal (rng, center, stddev);

      set_sample (dataset, i, x1, x2, i < n_positive ? 1 : 0);
    }
}

/* Two arms of 1.75 turns each, the second rotated by pi. Along an arm of
 * n points, point i has radius 5 i / n and angle 1.75 * 2 pi * i / n.
 * Uniform noise in [-noise, noise] is added to each coordinate. */
static void
generate_spiral (NrtDataset *dataset, double noise, NrtRng *rng)
{
  int arm_sizes[2];
  int i = 0;

  arm_sizes[0] = dataset->n_samples - dataset->n_samples / 2;
  arm_sizes[1] = dataset->n_samples / 2;
  for (int arm = 0; arm < 2; arm++)
    {
      double delta = arm == 0 ? 0.0 : M_PI;
      double n = (double) arm_sizes[arm];

      for (int j = 0; j < arm_sizes[arm]; j++, i++)
        {
          double r = PLAYGROUND_RADIUS * j / n;
          double t = 1.75 * 2.0 * M_PI * j / n + delta;
          double x1 = r * sin (t) + nrt_rng_uniform_range (rng, -1.0, 1.0) * noise;
          double x2 = r * cos (t) + nrt_rng_uniform_range (rng, -1.0, 1.0) * noise;

          set_sample (dataset, i, x1, x2, arm == 0 ? 1 : 0);
        }
    }
}

/* Cluster k gets n / n_centers samples, and the first n % n_centers
 * clusters one more; its class is k. noise is unused: stddev sets the spread. */
static void
generate_blobs (NrtDataset *dataset, const NrtGeneratorConfig *config, NrtRng *rng)
{
  int base = dataset->n_samples / config->n_centers;
  int extra = dataset->n_samples % config->n_centers;
  int i = 0;

  for (int k = 0; k < config->n_centers; k++)
    {
      int size = base + (k < extra ? 1 : 0);
      double cx = config->centers[2 * k];
      double cy = config->centers[2 * k + 1];

      for (int j = 0; j < size; j++, i++)
        {
          double x1 = nrt_rng_normal (rng, cx, config->stddev);
          double x2 = nrt_rng_normal (rng, cy, config->stddev);

          set_sample (dataset, i, x1, x2, k);
        }
    }
}

NrtDataset *
nrt_generate (const NrtGeneratorConfig *config, NrtError *err)
{
  NrtDataset *dataset;
  NrtRng rng;
  int n_classes;

  if (validate_config (config, err) != NRT_OK)
    return NULL;

  n_classes = config->kind == NRT_GENERATOR_BLOBS ? config->n_centers : 2;
  dataset = nrt_dataset_new (config->n_samples, 2, n_classes, err);
  if (dataset == NULL)
    return NULL;

  nrt_rng_init (&rng, config->seed);
  switch (config->kind)
    {
    case NRT_GENERATOR_CIRCLE:
      generate_circle (dataset, config->noise, &rng);
      break;
    case NRT_GENERATOR_XOR:
      generate_xor (dataset, config->noise, &rng);
      break;
    case NRT_GENERATOR_GAUSSIAN:
      generate_gaussian (dataset, config->noise, &rng);
      break;
    case NRT_GENERATOR_SPIRAL:
      generate_spiral (dataset, config->noise, &rng);
      break;
    case NRT_GENERATOR_BLOBS:
      generate_blobs (dataset, config, &rng);
      break;
    case NRT_GENERATOR_COUNT:
    default:
      /* validate_config rejects every other kind. */
      break;
    }
  return dataset;
}
