/* nrt-features.c: derived input features, the plane filler of decision
 * regions, and feature means. */
#include "nrt-features.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The derived features in the order they are appended. */
static const NrtDerivedFeatures derived_order[] = {
  NRT_DERIVED_X1_SQUARED,
  NRT_DERIVED_X2_SQUARED,
  NRT_DERIVED_X1_TIMES_X2,
  NRT_DERIVED_SIN_X1,
  NRT_DERIVED_SIN_X2,
};

#define N_DERIVED (int) (sizeof derived_order / sizeof derived_order[0])

int
nrt_derived_features_count (unsigned flags)
{
  int count = 2;

  for (int d = 0; d < N_DERIVED; d++)
    count += (flags & derived_order[d]) != 0;
  return count;
}

void
nrt_derived_features_apply (unsigned flags, const float *xy, int n, float *out)
{
  int width = nrt_derived_features_count (flags);

  if (xy == NULL || out == NULL)
    return;

  for (int i = 0; i < n; i++)
    {
      const float x1 = xy[2 * (size_t) i], x2 = xy[2 * (size_t) i + 1];
      float *row = out + (size_t) i * width;
      int k = 0;

      row[k++] = x1;
      row[k++] = x2;
      if (flags & NRT_DERIVED_X1_SQUARED)
        row[k++] = x1 * x1;
      if (flags & NRT_DERIVED_X2_SQUARED)
        row[k++] = x2 * x2;
      if (flags & NRT_DERIVED_X1_TIMES_X2)
        row[k++] = x1 * x2;
      if (flags & NRT_DERIVED_SIN_X1)
        row[k++] = sinf (x1);
      if (flags & NRT_DERIVED_SIN_X2)
        row[k++] = sinf (x2);
    }
}

/* Writes the name of the derived feature flag, built from the base names
 * x1 and x2, into name. */
static void
format_derived_name (NrtDerivedFeatures flag, const char *x1, const char *x2, char *name,
                     size_t size)
{
  switch (flag)
    {
    case NRT_DERIVED_X1_SQUARED:
      snprintf (name, size, "%s²", x1);
      break;
    case NRT_DERIVED_X2_SQUARED:
      snprintf (name, size, "%s²", x2);
      break;
    case NRT_DERIVED_X1_TIMES_X2:
      snprintf (name, size, "%s·%s", x1, x2);
      break;
    case NRT_DERIVED_SIN_X1:
      snprintf (name, size, "sin %s", x1);
      break;
    case NRT_DERIVED_SIN_X2:
      snprintf (name, size, "sin %s", x2);
      break;
    case NRT_DERIVED_ALL:
    default:
      snprintf (name, size, "?");
      break;
    }
}

/* Sets the names of the derived features of flags, after the two base
 * features of result. */
static NrtStatus
name_derived_features (NrtDataset *result, unsigned flags, NrtError *err)
{
  char name[256];
  int k = 2;

  for (int d = 0; d < N_DERIVED; d++)
    {
      NrtStatus status;

      if (!(flags & derived_order[d]))
        continue;
      format_derived_name (derived_order[d], result->feature_names[0], result->feature_names[1],
                           name, sizeof name);
      status = nrt_dataset_set_feature_name (result, k++, name, err);
      if (status != NRT_OK)
        return status;
    }
  return NRT_OK;
}

NrtDataset *
nrt_dataset_with_derived_features (const NrtDataset *dataset, unsigned flags, NrtError *err)
{
  NrtDataset *result;
  NrtStatus status = NRT_OK;
  int width;

  if (dataset == NULL)
    {
      nrt_error_set (err, NRT_ERROR_INVALID, "invalid dataset: NULL");
      return NULL;
    }
  if (dataset->n_features != 2)
    {
      nrt_error_set (err, NRT_ERROR_INVALID,
                     "derived features need a dataset of 2 features, but it has %d; choose "
                     "two features first",
                     dataset->n_features);
      return NULL;
    }
  if ((flags & ~(unsigned) NRT_DERIVED_ALL) != 0)
    {
      nrt_error_set (err, NRT_ERROR_INVALID,
                     "unknown derived feature flags 0x%x; the known ones are 0x%x",
                     flags & ~(unsigned) NRT_DERIVED_ALL, (unsigned) NRT_DERIVED_ALL);
      return NULL;
    }

  width = nrt_derived_features_count (flags);
  result = nrt_dataset_new_full (dataset->n_samples, width, dataset->task, dataset->n_targets,
                                 dataset->n_classes, err);
  if (result == NULL)
    return NULL;

  nrt_derived_features_apply (flags, dataset->x, dataset->n_samples, result->x);
  memcpy (result->y, dataset->y,
          (size_t) dataset->n_samples * (size_t) dataset->n_targets * sizeof (float));

  for (int f = 0; f < 2 && status == NRT_OK; f++)
    status = nrt_dataset_set_feature_name (result, f, dataset->feature_names[f], err);
  for (int c = 0; c < dataset->n_classes && status == NRT_OK; c++)
    status = nrt_dataset_set_class_name (result, c, dataset->class_names[c], err);
  for (int t = 0; t < dataset->n_targets && status == NRT_OK; t++)
    status = nrt_dataset_set_target_name (result, t, dataset->target_names[t], err);
  if (status == NRT_OK)
    status = name_derived_features (result, flags, err);
  if (status != NRT_OK)
    {
      nrt_dataset_free (result);
      return NULL;
    }
  return result;
}

void
nrt_features_fill_plane (const float *base, int n_features, int u, const float *u_values,
                         int n_u, int v, const float *v_values, int n_v, float *out)
{
  if (base == NULL || u_values == NULL || v_values == NULL || out == NULL || n_features < 1
      || u < 0 || u >= n_features || v < 0 || v >= n_features)
    return;

  for (int j = 0; j < n_v; j++)
    for (int i = 0; i < n_u; i++)
      {
        float *row = out + ((size_t) j * n_u + i) * (size_t) n_features;

        memcpy (row, base, (size_t) n_features * sizeof (float));
        row[u] = u_values[i];
        row[v] = v_values[j];
      }
}

void
nrt_dataset_feature_means (const NrtDataset *dataset, float *mean)
{
  int n_features;

  if (dataset == NULL || mean == NULL)
    return;

  /* One column at a time, summed in double. */
  n_features = dataset->n_features;
  for (int f = 0; f < n_features; f++)
    {
      double sum = 0.0;

      for (int i = 0; i < dataset->n_samples; i++)
        sum += dataset->x[(size_t) i * n_features + f];
      mean[f] = (float) (sum / dataset->n_samples);
    }
}
