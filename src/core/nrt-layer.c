/* nrt-layer.c: layer configurations and their Keras names. */
#include "nrt-layer.h"

#include <string.h>

static const char *const activation_names[NRT_ACTIVATION_COUNT] = {
  [NRT_ACTIVATION_LINEAR] = "linear",
  [NRT_ACTIVATION_RELU] = "relu",
  [NRT_ACTIVATION_SIGMOID] = "sigmoid",
  [NRT_ACTIVATION_TANH] = "tanh",
  [NRT_ACTIVATION_SOFTMAX] = "softmax",
};

static const char *const initializer_names[NRT_INITIALIZER_COUNT] = {
  [NRT_INITIALIZER_GLOROT_UNIFORM] = "glorot_uniform",
  [NRT_INITIALIZER_ZEROS] = "zeros",
};

NrtDenseConfig
nrt_dense_config_default (int units)
{
  NrtDenseConfig config = {
    .units = units,
    .activation = NRT_ACTIVATION_LINEAR,
    .use_bias = 1,
    .kernel_initializer = NRT_INITIALIZER_GLOROT_UNIFORM,
  };

  return config;
}

/* Returns the index of name in names[0..n), or -1. */
static int
find_name (const char *const *names, int n, const char *name)
{
  if (name == NULL)
    return -1;

  for (int i = 0; i < n; i++)
    if (strcmp (names[i], name) == 0)
      return i;
  return -1;
}

const char *
nrt_activation_name (NrtActivation activation)
{
  if ((int) activation < 0 || activation >= NRT_ACTIVATION_COUNT)
    return NULL;
  return activation_names[activation];
}

int
nrt_activation_from_name (const char *name)
{
  /* Keras also accepts None for a Dense layer's activation, meaning linear. */
  if (name != NULL && strcmp (name, "None") == 0)
    return NRT_ACTIVATION_LINEAR;
  return find_name (activation_names, NRT_ACTIVATION_COUNT, name);
}

const char *
nrt_initializer_name (NrtInitializer initializer)
{
  if ((int) initializer < 0 || initializer >= NRT_INITIALIZER_COUNT)
    return NULL;
  return initializer_names[initializer];
}

int
nrt_initializer_from_name (const char *name)
{
  return find_name (initializer_names, NRT_INITIALIZER_COUNT, name);
}
