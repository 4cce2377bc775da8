/* nrt-dataset.c: allocation, names, subsets and splits of NrtDataset. */
#include "nrt-dataset.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nrt-rng.h"

static char *
string_dup (const char *s)
{
  size_t len = strlen (s) + 1;
  char *copy = malloc (len);

  if (copy != NULL)
    memcpy (copy, s, len);
  return copy;
}

/* Fills names[0..n) with "<prefix><first + i>"; returns 0 when out of memory. */
static int
fill_numbered_names (char **names, int n, const char *prefix, int first)
{
  char buffer[32];

  for (int i = 0; i < n; i++)
    {
      snprintf (buffer, sizeof buffer, "%s%d", prefix, first + i);
      names[i] = string_dup (buffer);
      if (names[i] == NULL)
        return 0;
    }
  return 1;
}

NrtDataset *
nrt_dataset_new (int n_samples, int n_features, int n_classes, NrtError *err)
{
  NrtDataset *dataset;
  size_t n_values;

  if (n_samples < 1)
    {
      nrt_error_set (err, NRT_ERROR_INVALID,
                     "invalid number of samples %d: a dataset needs at least one", n_samples);
      return NULL;
    }
  if (n_features < 1)
    {
      nrt_error_set (err, NRT_ERROR_INVALID,
                     "invalid number of features %d: a dataset needs at least one", n_features);
      return NULL;
    }
  if (n_classes < 0 || n_classes == 1)
    {
      nrt_error_set (err, NRT_ERROR_INVALID,
                     "invalid number of classes %d: expected 0 for regression or at least 2",
                     n_classes);
      return NULL;
    }
  if ((size_t) n_samples > SIZE_MAX / sizeof (float) / (size_t) n_features)
    {
      nrt_error_set (err, NRT_ERROR_NO_MEMORY,
                     "%d samples of %d features do not fit in memory", n_samples, n_features);
      return NULL;
    }

  /* calloc zero-fills every pointer, so nrt_dataset_free can release a
   * half-built dataset. */
  n_values = (size_t) n_samples * (size_t) n_features;
  dataset = calloc (1, sizeof *dataset);
  if (dataset == NULL)
    goto no_memory;
  dataset->n_samples = n_samples;
  dataset->n_features = n_features;
  dataset->n_classes = n_classes;
  dataset->x = calloc (n_values, sizeof (float));
  dataset->y = calloc ((size_t) n_samples, sizeof (float));
  dataset->feature_names = calloc ((size_t) n_features, sizeof (char *));
  if (dataset->x == NULL || dataset->y == NULL || dataset->feature_names == NULL)
    goto no_memory;
  if (!fill_numbered_names (dataset->feature_names, n_features, "x", 1))
    goto no_memory;

  if (n_classes > 0)
    {
      dataset->class_names = calloc ((size_t) n_classes, sizeof (char *));
      if (dataset->class_names == NULL)
        goto no_memory;
      if (!fill_numbered_names (dataset->class_names, n_classes, "", 0))
        goto no_memory;
    }
  return dataset;

no_memory:
  nrt_dataset_free (dataset);
  nrt_error_set (err, NRT_ERROR_NO_MEMORY,
                 "out of memory for a dataset of %d samples and %d features",
                 n_samples, n_features);
  return NULL;
}

void
nrt_dataset_free (NrtDataset *dataset)
{
  if (dataset == NULL)
    return;

  if (dataset->feature_names != NULL)
    for (int i = 0; i < dataset->n_features; i++)
      free (dataset->feature_names[i]);
  if (dataset->class_names != NULL)
    for (int i = 0; i < dataset->n_classes; i++)
      free (dataset->class_names[i]);
  free (dataset->feature_names);
  free (dataset->class_names);
  free (dataset->x);
  free (dataset->y);
  free (dataset);
}

/* Replaces *slot with a copy of name, leaving *slot as it was on failure. */
static NrtStatus
replace_name (char **slot, const char *name, NrtError *err)
{
  char *copy;

  if (name == NULL)
    return nrt_error_set (err, NRT_ERROR_INVALID, "invalid name: NULL");

  copy = string_dup (name);
  if (copy == NULL)
    return nrt_error_set (err, NRT_ERROR_NO_MEMORY, "out of memory for the name \"%s\"", name);
  free (*slot);
  *slot = copy;
  return NRT_OK;
}

NrtStatus
nrt_dataset_set_feature_name (NrtDataset *dataset, int feature, const char *name,
                              NrtError *err)
{
  if (dataset == NULL)
    return nrt_error_set (err, NRT_ERROR_INVALID, "invalid dataset: NULL");
  if (feature < 0 || feature >= dataset->n_features)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "feature index %d is out of range: the dataset has %d features",
                          feature, dataset->n_features);

  return replace_name (&dataset->feature_names[feature], name, err);
}

NrtStatus
nrt_dataset_set_class_name (NrtDataset *dataset, int class_index, const char *name,
                            NrtError *err)
{
  if (dataset == NULL)
    return nrt_error_set (err, NRT_ERROR_INVALID, "invalid dataset: NULL");
  if (class_index < 0 || class_index >= dataset->n_classes)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "class index %d is out of range: the dataset has %d classes",
                          class_index, dataset->n_classes);

  return replace_name (&dataset->class_names[class_index], name, err);
}

/* Copies every name of source into target, which has the same sizes. */
static NrtStatus
copy_names (NrtDataset *target, const NrtDataset *source, NrtError *err)
{
  NrtStatus status = NRT_OK;

  for (int i = 0; i < source->n_features && status == NRT_OK; i++)
    status = replace_name (&target->feature_names[i], source->feature_names[i], err);
  for (int i = 0; i < source->n_classes && status == NRT_OK; i++)
    status = replace_name (&target->class_names[i], source->class_names[i], err);
  return status;
}

NrtDataset *
nrt_dataset_subset (const NrtDataset *dataset, const int *indices, int n, NrtError *err)
{
  NrtDataset *subset;
  size_t row_size;

  if (dataset == NULL || indices == NULL)
    {
      nrt_error_set (err, NRT_ERROR_INVALID, "invalid subset: the dataset or indices are NULL");
      return NULL;
    }
  for (int i = 0; i < n; i++)
    if (indices[i] < 0 || indices[i] >= dataset->n_samples)
      {
        nrt_error_set (err, NRT_ERROR_INVALID,
                       "row index %d (position %d) is out of range: the dataset has %d rows",
                       indices[i], i, dataset->n_samples);
        return NULL;
      }

  subset = nrt_dataset_new (n, dataset->n_features, dataset->n_classes, err);
  if (subset == NULL)
    return NULL;
  if (copy_names (subset, dataset, err) != NRT_OK)
    {
      nrt_dataset_free (subset);
      return NULL;
    }

  row_size = (size_t) dataset->n_features;
  for (int i = 0; i < n; i++)
    {
      memcpy (subset->x + (size_t) i * row_size, dataset->x + (size_t) indices[i] * row_size,
              row_size * sizeof (float));
      subset->y[i] = dataset->y[indices[i]];
    }
  return subset;
}

NrtStatus
nrt_dataset_split (const NrtDataset *dataset, double train_ratio, uint64_t seed,
                   NrtDataset **train, NrtDataset **test, NrtError *err)
{
  NrtRng rng;
  int *indices;
  int n_train;
  NrtDataset *train_part = NULL;
  NrtDataset *test_part = NULL;
  NrtError local_err = { NRT_OK, "" };

  /* The status of a failed subset is read back from an error, so keep one
   * even when the caller passes none. */
  if (err == NULL)
    err = &local_err;
  if (dataset == NULL || train == NULL || test == NULL)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "invalid split: the dataset or an output pointer is NULL");
  *train = NULL;
  *test = NULL;
  if (!(train_ratio > 0.0 && train_ratio <= 1.0))
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "invalid training ratio %g: expected a value in (0, 1]", train_ratio);

  /* round() halves away from zero, so 5 rows at 0.5 give 3 training rows. */
  n_train = (int) round ((double) dataset->n_samples * train_ratio);
  if (n_train > dataset->n_samples)
    n_train = dataset->n_samples;
  if (n_train < 1)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "training ratio %g of %d rows leaves no training rows: "
                          "raise the ratio or use more rows",
                          train_ratio, dataset->n_samples);

  indices = malloc ((size_t) dataset->n_samples * sizeof (int));
  if (indices == NULL)
    return nrt_error_set (err, NRT_ERROR_NO_MEMORY,
                          "out of memory for the shuffle of %d rows", dataset->n_samples);
  for (int i = 0; i < dataset->n_samples; i++)
    indices[i] = i;
  nrt_rng_init (&rng, seed);
  nrt_rng_shuffle (&rng, indices, dataset->n_samples);

  train_part = nrt_dataset_subset (dataset, indices, n_train, err);
  if (train_part != NULL && n_train < dataset->n_samples)
    test_part = nrt_dataset_subset (dataset, indices + n_train,
                                    dataset->n_samples - n_train, err);
  free (indices);
  if (train_part == NULL || (test_part == NULL && n_train < dataset->n_samples))
    {
      nrt_dataset_free (train_part);
      return err->status;
    }

  *train = train_part;
  *test = test_part;
  return NRT_OK;
}

void
nrt_dataset_count_classes (const NrtDataset *dataset, int *counts)
{
  if (dataset == NULL || counts == NULL)
    return;

  for (int c = 0; c < dataset->n_classes; c++)
    counts[c] = 0;
  /* Targets outside [0, n_classes) are not counted rather than written
   * out of bounds. */
  for (int i = 0; i < dataset->n_samples; i++)
    {
      int c = (int) dataset->y[i];

      if (c >= 0 && c < dataset->n_classes)
        counts[c]++;
    }
}
