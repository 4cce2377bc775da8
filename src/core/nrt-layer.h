/* nrt-layer.h: layer configurations, named as in Keras. */
#pragma once

typedef enum {
  NRT_ACTIVATION_LINEAR,
  NRT_ACTIVATION_RELU,
  NRT_ACTIVATION_SIGMOID,
  NRT_ACTIVATION_TANH,
  NRT_ACTIVATION_SOFTMAX,
  NRT_ACTIVATION_COUNT
} NrtActivation;

typedef enum {
  NRT_INITIALIZER_GLOROT_UNIFORM,  /* U(-limit, limit), limit = sqrt(6 / (fan_in + fan_out)) */
  NRT_INITIALIZER_ZEROS,
  NRT_INITIALIZER_COUNT
} NrtInitializer;

/* Dense(units, activation, use_bias, kernel_initializer); biases start at 0. */
typedef struct {
  int units;
  NrtActivation activation;
  int use_bias;
  NrtInitializer kernel_initializer;
} NrtDenseConfig;

/* Returns Keras's defaults for Dense(units): linear, with a bias, glorot_uniform. */
NrtDenseConfig nrt_dense_config_default (int units);

/* Keras's names ("relu", "glorot_uniform"); the parsers return -1 for an
 * unknown name. */
const char *nrt_activation_name (NrtActivation activation);
int nrt_activation_from_name (const char *name);
const char *nrt_initializer_name (NrtInitializer initializer);
int nrt_initializer_from_name (const char *name);
