/* nrt-loss.c: loss names, their ops and target checks. */
#include "nrt-loss.h"

#include <math.h>
#include <string.h>

static const char *const loss_names[NRT_LOSS_COUNT] = {
  [NRT_LOSS_MEAN_SQUARED_ERROR] = "mean_squared_error",
  [NRT_LOSS_BINARY_CROSSENTROPY] = "binary_crossentropy",
  [NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY] = "sparse_categorical_crossentropy",
  [NRT_LOSS_MEAN_ABSOLUTE_ERROR] = "mean_absolute_error",
  [NRT_LOSS_HUBER] = "huber",
};

static const NrtOpId loss_ops[NRT_LOSS_COUNT] = {
  [NRT_LOSS_MEAN_SQUARED_ERROR] = NRT_OP_MEAN_SQUARED_ERROR,
  [NRT_LOSS_BINARY_CROSSENTROPY] = NRT_OP_BINARY_CROSSENTROPY,
  [NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY] = NRT_OP_SPARSE_CATEGORICAL_CROSSENTROPY,
  [NRT_LOSS_MEAN_ABSOLUTE_ERROR] = NRT_OP_MEAN_ABSOLUTE_ERROR,
  [NRT_LOSS_HUBER] = NRT_OP_HUBER,
};

const char *
nrt_loss_name (NrtLossKind kind)
{
  if ((int) kind < 0 || kind >= NRT_LOSS_COUNT)
    return NULL;
  return loss_names[kind];
}

int
nrt_loss_is_crossentropy (NrtLossKind kind)
{
  return kind == NRT_LOSS_BINARY_CROSSENTROPY || kind == NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY;
}

int
nrt_loss_from_name (const char *name)
{
  if (name == NULL)
    return -1;

  /* Keras's aliases for mean_squared_error and mean_absolute_error. */
  if (strcmp (name, "mse") == 0)
    return NRT_LOSS_MEAN_SQUARED_ERROR;
  if (strcmp (name, "mae") == 0)
    return NRT_LOSS_MEAN_ABSOLUTE_ERROR;
  for (int i = 0; i < NRT_LOSS_COUNT; i++)
    if (strcmp (loss_names[i], name) == 0)
      return i;
  return -1;
}

NrtOpId
nrt_loss_op (NrtLossKind kind)
{
  if ((int) kind < 0 || kind >= NRT_LOSS_COUNT)
    return NRT_OP_NONE;
  return loss_ops[kind];
}

NrtStatus
nrt_loss_check_targets (const NrtLossConfig *loss, int n_outputs, const float *targets,
                        size_t n_samples, NrtError *err)
{
  if (loss == NULL || (targets == NULL && n_samples > 0) || n_outputs < 1)
    return nrt_error_set (err, NRT_ERROR_INVALID, "invalid arguments to the target check");

  switch (loss->kind)
    {
    case NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY:
      /* One class index per sample, an integer in [0, n_outputs). */
      for (size_t i = 0; i < n_samples; i++)
        {
          float label = targets[i];

          if (!(label >= 0.0f && label <= (float) (n_outputs - 1)) || label != floorf (label))
            return nrt_error_set (err, NRT_ERROR_INVALID,
                                  "sample %zu has class label %g, but "
                                  "sparse_categorical_crossentropy with %d outputs needs "
                                  "an integer from 0 to %d; check the target column or "
                                  "the number of output units",
                                  i, (double) label, n_outputs, n_outputs - 1);
        }
      break;

    case NRT_LOSS_MEAN_SQUARED_ERROR:
    case NRT_LOSS_BINARY_CROSSENTROPY:
    case NRT_LOSS_MEAN_ABSOLUTE_ERROR:
    case NRT_LOSS_HUBER:
      for (size_t i = 0; i < n_samples * (size_t) n_outputs; i++)
        if (!isfinite (targets[i]))
          return nrt_error_set (err, NRT_ERROR_INVALID,
                                "sample %zu has a target that is not finite (%g); "
                                "remove or fill in missing values",
                                i / (size_t) n_outputs, (double) targets[i]);
      break;

    case NRT_LOSS_COUNT:
    default:
      return nrt_error_set (err, NRT_ERROR_INVALID, "unknown loss kind %d", (int) loss->kind);
    }
  return NRT_OK;
}
