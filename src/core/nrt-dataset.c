/* nrt-dataset.c: allocation, names and subsets of NrtDataset. The splits
 * are in nrt-dataset-split.c. */
#include "nrt-dataset.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


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

static NrtStatus
check_sizes (int n_samples, int n_features, NrtTask task, int n_targets, int n_classes,
             NrtError *err)
{
  if (n_samples < 1)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "invalid number of samples %d: a dataset needs at least one",
                          n_samples);
  if (n_features < 1)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "invalid number of features %d: a dataset needs at least one",
                          n_features);
  if (n_targets < 1)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "invalid number of target columns %d: a dataset needs at least one",
                          n_targets);

  switch (task)
    {
    case NRT_TASK_CLASSIFICATION:
      if (n_classes < 2)
        return nrt_error_set (err, NRT_ERROR_INVALID,
                              "invalid number of classes %d for classification: expected at "
                              "least 2",
                              n_classes);
      if (n_targets != 1)
        return nrt_error_set (err, NRT_ERROR_INVALID,
                              "invalid number of target columns %d for classification: "
                              "expected 1 column of class indices; use the multilabel task "
                              "for several 0/1 label columns",
                              n_targets);
      break;

    case NRT_TASK_MULTILABEL:
    case NRT_TASK_REGRESSION:
      if (n_classes != 0)
        return nrt_error_set (err, NRT_ERROR_INVALID,
                              "invalid number of classes %d for %s: expected 0", n_classes,
                              nrt_task_name (task));
      break;

    default:
      return nrt_error_set (err, NRT_ERROR_INVALID,
                            "unknown task %d: expected classification, multilabel or "
                            "regression",
                            (int) task);
    }

  if ((size_t) n_samples > SIZE_MAX / sizeof (float) / (size_t) n_features
      || (size_t) n_samples > SIZE_MAX / sizeof (float) / (size_t) n_targets)
    return nrt_error_set (err, NRT_ERROR_NO_MEMORY,
                          "%d samples of %d features and %d targets do not fit in memory",
                          n_samples, n_features, n_targets);
  return NRT_OK;
}

NrtDataset *
nrt_dataset_new_full (int n_samples, int n_features, NrtTask task, int n_targets, int n_classes,
                      NrtError *err)
{
  NrtDataset *dataset;

  if (check_sizes (n_samples, n_features, task, n_targets, n_classes, err) != NRT_OK)
    return NULL;

  /* calloc zero-fills every pointer, so nrt_dataset_free can release a
   * half-built dataset. */
  dataset = calloc (1, sizeof *dataset);
  if (dataset == NULL)
    goto no_memory;
  dataset->n_samples = n_samples;
  dataset->n_features = n_features;
  dataset->n_targets = n_targets;
  dataset->task = task;
  dataset->n_classes = n_classes;
  dataset->x = calloc ((size_t) n_samples * (size_t) n_features, sizeof (float));
  dataset->y = calloc ((size_t) n_samples * (size_t) n_targets, sizeof (float));
  dataset->feature_names = calloc ((size_t) n_features, sizeof (char *));
  dataset->target_names = calloc ((size_t) n_targets, sizeof (char *));
  if (dataset->x == NULL || dataset->y == NULL || dataset->feature_names == NULL
      || dataset->target_names == NULL)
    goto no_memory;
  if (!fill_numbered_names (dataset->feature_names, n_features, "x", 1))
    goto no_memory;

  if (n_targets == 1)
    {
      dataset->target_names[0] = string_dup ("label");
      if (dataset->target_names[0] == NULL)
        goto no_memory;
    }
  else if (!fill_numbered_names (dataset->target_names, n_targets, "y", 1))
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
                 "out of memory for a dataset of %d samples, %d features and %d targets",
                 n_samples, n_features, n_targets);
  return NULL;
}

NrtDataset *
nrt_dataset_new (int n_samples, int n_features, int n_classes, NrtError *err)
{
  /* A negative n_classes would otherwise pass as regression. */
  if (n_classes < 0 || n_classes == 1)
    {
      nrt_error_set (err, NRT_ERROR_INVALID,
                     "invalid number of classes %d: expected 0 for regression or at least 2",
                     n_classes);
      return NULL;
    }

  return nrt_dataset_new_full (n_samples, n_features,
                               n_classes > 0 ? NRT_TASK_CLASSIFICATION : NRT_TASK_REGRESSION,
                               1, n_classes, err);
}

const char *
nrt_task_name (NrtTask task)
{
  switch (task)
    {
    case NRT_TASK_CLASSIFICATION:
      return "classification";
    case NRT_TASK_MULTILABEL:
      return "multilabel";
    case NRT_TASK_REGRESSION:
      return "regression";
    }
  return "unknown task";
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
  if (dataset->target_names != NULL)
    for (int i = 0; i < dataset->n_targets; i++)
      free (dataset->target_names[i]);
  free (dataset->feature_names);
  free (dataset->class_names);
  free (dataset->target_names);
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

NrtStatus
nrt_dataset_set_target_name (NrtDataset *dataset, int target, const char *name, NrtError *err)
{
  if (dataset == NULL)
    return nrt_error_set (err, NRT_ERROR_INVALID, "invalid dataset: NULL");
  if (target < 0 || target >= dataset->n_targets)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "target index %d is out of range: the dataset has %d target %s",
                          target, dataset->n_targets,
                          dataset->n_targets == 1 ? "column" : "columns");

  return replace_name (&dataset->target_names[target], name, err);
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
  for (int i = 0; i < source->n_targets && status == NRT_OK; i++)
    status = replace_name (&target->target_names[i], source->target_names[i], err);
  return status;
}

NrtDataset *
nrt_dataset_subset (const NrtDataset *dataset, const int *indices, int n, NrtError *err)
{
  NrtDataset *subset;
  size_t row_size, target_size;

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

  subset = nrt_dataset_new_full (n, dataset->n_features, dataset->task, dataset->n_targets,
                                 dataset->n_classes, err);
  if (subset == NULL)
    return NULL;
  if (copy_names (subset, dataset, err) != NRT_OK)
    {
      nrt_dataset_free (subset);
      return NULL;
    }

  row_size = (size_t) dataset->n_features;
  target_size = (size_t) dataset->n_targets;
  for (int i = 0; i < n; i++)
    {
      memcpy (subset->x + (size_t) i * row_size, dataset->x + (size_t) indices[i] * row_size,
              row_size * sizeof (float));
      memcpy (subset->y + (size_t) i * target_size,
              dataset->y + (size_t) indices[i] * target_size, target_size * sizeof (float));
    }
  return subset;
}

void
nrt_dataset_count_classes (const NrtDataset *dataset, int *counts)
{
  if (dataset == NULL || counts == NULL)
    return;

  for (int c = 0; c < dataset->n_classes; c++)
    counts[c] = 0;
  /* Targets outside [0, n_classes) and NaN are not counted rather than
   * written out of bounds. */
  for (int i = 0; i < dataset->n_samples; i++)
    {
      float label = dataset->y[i];

      if (label >= 0.0f && label < (float) dataset->n_classes)
        counts[(int) label]++;
    }
}
