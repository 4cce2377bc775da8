/* nrt-optimizer.c: SGD and Adam with Keras's update rules, whose formulas
 * nrt-optimizer.h states.
 */
#include "nrt-optimizer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct NrtOptimizer {
  NrtOptimizerConfig config;
  size_t n_params;
  float *velocity;     /* (n_params), SGD with momentum only, else NULL */
  float *m;            /* (n_params), Adam's first moment, else NULL */
  float *v;            /* (n_params), Adam's second moment, else NULL */
  int64_t iterations;  /* steps taken; Adam's t is iterations + 1 */
};

static const char *const optimizer_names[NRT_OPTIMIZER_COUNT] = {
  [NRT_OPTIMIZER_SGD] = "sgd",
  [NRT_OPTIMIZER_ADAM] = "adam",
};

NrtOptimizerConfig
nrt_optimizer_config_default (NrtOptimizerKind kind)
{
  NrtOptimizerConfig config = {
    .kind = kind,
    .learning_rate = 0.01f,
    .momentum = 0.0f,
    .beta_1 = 0.9f,
    .beta_2 = 0.999f,
    .epsilon = 1e-7f,
  };

  if (kind == NRT_OPTIMIZER_ADAM)
    config.learning_rate = 0.001f;
  return config;
}

const char *
nrt_optimizer_name (NrtOptimizerKind kind)
{
  if ((int) kind < 0 || kind >= NRT_OPTIMIZER_COUNT)
    return NULL;
  return optimizer_names[kind];
}

int
nrt_optimizer_from_name (const char *name)
{
  if (name == NULL)
    return -1;

  /* Keras accepts "sgd" and the class name "SGD", so case is ignored. */
  for (int i = 0; i < NRT_OPTIMIZER_COUNT; i++)
    if (strcasecmp (name, optimizer_names[i]) == 0)
      return i;
  return -1;
}

static int
is_valid_learning_rate (float learning_rate)
{
  return isfinite (learning_rate) && learning_rate > 0.0f;
}

static NrtStatus
check_config (const NrtOptimizerConfig *config, NrtError *err)
{
  if (config == NULL)
    return nrt_error_set (err, NRT_ERROR_INVALID, "optimizer configuration is missing");
  if ((int) config->kind < 0 || config->kind >= NRT_OPTIMIZER_COUNT)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "unknown optimizer kind %d; use \"sgd\" or \"adam\"",
                          (int) config->kind);
  if (!is_valid_learning_rate (config->learning_rate))
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "invalid learning rate %g for %s: it must be a positive finite number "
                          "(Keras's default is %g)",
                          (double) config->learning_rate, optimizer_names[config->kind],
                          (double) nrt_optimizer_config_default (config->kind).learning_rate);

  if (config->kind == NRT_OPTIMIZER_SGD)
    {
      if (!(config->momentum >= 0.0f && config->momentum < 1.0f))
        return nrt_error_set (err, NRT_ERROR_INVALID,
                              "invalid SGD momentum %g: it must be in [0, 1), such as 0.9",
                              (double) config->momentum);
      return NRT_OK;
    }

  if (!(config->beta_1 >= 0.0f && config->beta_1 < 1.0f))
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "invalid Adam beta_1 %g: it must be in [0, 1) (Keras's default is 0.9)",
                          (double) config->beta_1);
  if (!(config->beta_2 >= 0.0f && config->beta_2 < 1.0f))
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "invalid Adam beta_2 %g: it must be in [0, 1) (Keras's default is 0.999)",
                          (double) config->beta_2);
  if (!(isfinite (config->epsilon) && config->epsilon > 0.0f))
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "invalid Adam epsilon %g: it must be a positive finite number "
                          "(Keras's default is 1e-7)",
                          (double) config->epsilon);
  return NRT_OK;
}

NrtOptimizer *
nrt_optimizer_new (const NrtOptimizerConfig *config, size_t n_params, NrtError *err)
{
  NrtOptimizer *optimizer;
  int needs_velocity, needs_moments;

  if (check_config (config, err) != NRT_OK)
    return NULL;
  if (n_params == 0)
    {
      nrt_error_set (err, NRT_ERROR_INVALID, "an optimizer needs at least one parameter, got 0");
      return NULL;
    }

  optimizer = calloc (1, sizeof *optimizer);
  if (optimizer == NULL)
    goto no_memory;
  optimizer->config = *config;
  optimizer->n_params = n_params;

  /* Only the buffers the update rule reads are allocated. */
  needs_velocity = config->kind == NRT_OPTIMIZER_SGD && config->momentum > 0.0f;
  needs_moments = config->kind == NRT_OPTIMIZER_ADAM;
  if (needs_velocity)
    {
      optimizer->velocity = calloc (n_params, sizeof (float));
      if (optimizer->velocity == NULL)
        goto no_memory;
    }
  if (needs_moments)
    {
      optimizer->m = calloc (n_params, sizeof (float));
      optimizer->v = calloc (n_params, sizeof (float));
      if (optimizer->m == NULL || optimizer->v == NULL)
        goto no_memory;
    }
  return optimizer;

no_memory:
  nrt_optimizer_free (optimizer);
  nrt_error_set (err, NRT_ERROR_NO_MEMORY,
                 "out of memory allocating the optimizer state for %zu parameters", n_params);
  return NULL;
}

void
nrt_optimizer_free (NrtOptimizer *optimizer)
{
  if (optimizer == NULL)
    return;
  free (optimizer->velocity);
  free (optimizer->m);
  free (optimizer->v);
  free (optimizer);
}

static void
sgd_step (NrtOptimizer *optimizer, float *params, const float *grads)
{
  const float lr = optimizer->config.learning_rate;
  const float momentum = optimizer->config.momentum;
  float *velocity = optimizer->velocity;
  size_t n = optimizer->n_params;

  if (velocity == NULL)
    {
      for (size_t i = 0; i < n; i++)
        params[i] -= lr * grads[i];
      return;
    }

  for (size_t i = 0; i < n; i++)
    {
      velocity[i] = momentum * velocity[i] - lr * grads[i];
      params[i] += velocity[i];
    }
}

static void
adam_step (NrtOptimizer *optimizer, float *params, const float *grads)
{
  const NrtOptimizerConfig *config = &optimizer->config;
  const float b1 = config->beta_1;
  const float b2 = config->beta_2;
  const float eps = config->epsilon;
  double t = (double) (optimizer->iterations + 1);
  float lr_t;
  float *m = optimizer->m;
  float *v = optimizer->v;
  size_t n = optimizer->n_params;

  /* The bias corrections fold into the step size; eps is added to sqrt(v)
   * outside the correction, which is where Keras differs from PyTorch. */
  lr_t = (float) (config->learning_rate * sqrt (1.0 - pow (b2, t)) / (1.0 - pow (b1, t)));

  for (size_t i = 0; i < n; i++)
    {
      float g = grads[i];

      m[i] = b1 * m[i] + (1.0f - b1) * g;
      v[i] = b2 * v[i] + (1.0f - b2) * g * g;
      params[i] -= lr_t * m[i] / (sqrtf (v[i]) + eps);
    }
}

void
nrt_optimizer_step (NrtOptimizer *optimizer, float *params, const float *grads)
{
  if (optimizer == NULL || params == NULL || grads == NULL)
    return;

  if (optimizer->config.kind == NRT_OPTIMIZER_ADAM)
    adam_step (optimizer, params, grads);
  else
    sgd_step (optimizer, params, grads);
  optimizer->iterations++;
}

void
nrt_optimizer_set_learning_rate (NrtOptimizer *optimizer, float learning_rate)
{
  /* NOTE: the function returns no status, so an invalid rate (not positive
   * or not finite) is ignored and the previous rate stays. */
  if (optimizer == NULL || !is_valid_learning_rate (learning_rate))
    return;
  optimizer->config.learning_rate = learning_rate;
}

const NrtOptimizerConfig *
nrt_optimizer_get_config (const NrtOptimizer *optimizer)
{
  return optimizer != NULL ? &optimizer->config : NULL;
}

void
nrt_optimizer_reset (NrtOptimizer *optimizer)
{
  if (optimizer == NULL)
    return;
  if (optimizer->velocity != NULL)
    memset (optimizer->velocity, 0, optimizer->n_params * sizeof (float));
  if (optimizer->m != NULL)
    memset (optimizer->m, 0, optimizer->n_params * sizeof (float));
  if (optimizer->v != NULL)
    memset (optimizer->v, 0, optimizer->n_params * sizeof (float));
  optimizer->iterations = 0;
}

int64_t
nrt_optimizer_get_iterations (const NrtOptimizer *optimizer)
{
  return optimizer != NULL ? optimizer->iterations : 0;
}

size_t
nrt_optimizer_get_n_params (const NrtOptimizer *optimizer)
{
  return optimizer != NULL ? optimizer->n_params : 0;
}

/* Fills slots with the allocated moment buffers, in a fixed order, and
 * names with their names. Returns how many there are (at most 3). */
static int
list_slots (const NrtOptimizer *optimizer, float *slots[3], const char *names[3])
{
  int n = 0;

  if (optimizer == NULL)
    return 0;
  if (optimizer->velocity != NULL)
    {
      slots[n] = optimizer->velocity;
      names[n++] = "velocity";
    }
  if (optimizer->m != NULL)
    {
      slots[n] = optimizer->m;
      names[n++] = "m";
    }
  if (optimizer->v != NULL)
    {
      slots[n] = optimizer->v;
      names[n++] = "v";
    }
  return n;
}

int
nrt_optimizer_get_n_slots (const NrtOptimizer *optimizer)
{
  float *slots[3];
  const char *names[3];

  return list_slots (optimizer, slots, names);
}

const char *
nrt_optimizer_get_slot_name (const NrtOptimizer *optimizer, int slot)
{
  float *slots[3];
  const char *names[3];
  int n = list_slots (optimizer, slots, names);

  return slot >= 0 && slot < n ? names[slot] : NULL;
}

float *
nrt_optimizer_get_slot (NrtOptimizer *optimizer, int slot)
{
  float *slots[3];
  const char *names[3];
  int n = list_slots (optimizer, slots, names);

  return slot >= 0 && slot < n ? slots[slot] : NULL;
}

NrtStatus
nrt_optimizer_set_iterations (NrtOptimizer *optimizer, int64_t iterations, NrtError *err)
{
  if (optimizer == NULL)
    return nrt_error_set (err, NRT_ERROR_INVALID, "optimizer is missing");
  if (iterations < 0)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "invalid optimizer step count %lld: it must be 0 or more",
                          (long long) iterations);
  optimizer->iterations = iterations;
  return NRT_OK;
}
