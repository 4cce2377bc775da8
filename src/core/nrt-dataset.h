/* nrt-dataset.h: a table of samples in memory, with splits.
 *
 * Features are float32, row-major. Targets hold one value per sample: the
 * class index as a float for classification (n_classes >= 2), or the target
 * value for regression (n_classes == 0).
 */
#pragma once

#include <stdint.h>

#include "nrt-error.h"

typedef struct {
  int n_samples;
  int n_features;
  float *x;               /* (n_samples, n_features) */
  float *y;               /* (n_samples, 1) */
  int n_classes;          /* 0 for regression */
  char **feature_names;   /* n_features strings, owned */
  char **class_names;     /* n_classes strings, owned; NULL for regression */
} NrtDataset;

/* Allocates a zero-filled dataset with feature names "x1", "x2", ... and,
 * when n_classes > 0, class names "0", "1", ... Returns NULL with err set on
 * invalid sizes or when out of memory. Free it with nrt_dataset_free. */
NrtDataset *nrt_dataset_new (int n_samples, int n_features, int n_classes, NrtError *err);
void nrt_dataset_free (NrtDataset *dataset);

/* Replaces a name, copying it. */
NrtStatus nrt_dataset_set_feature_name (NrtDataset *dataset, int feature, const char *name,
                                        NrtError *err);
NrtStatus nrt_dataset_set_class_name (NrtDataset *dataset, int class_index, const char *name,
                                      NrtError *err);

/* Returns a new dataset with the rows indices[0..n) of dataset, in that
 * order, and copies of its names. */
NrtDataset *nrt_dataset_subset (const NrtDataset *dataset, const int *indices, int n,
                                NrtError *err);

/* Splits dataset into a shuffled training part of round(n_samples *
 * train_ratio) rows and a test part of the rest; the seed fixes the shuffle.
 * 0 < train_ratio <= 1; with 1 the test part has no rows and *test is NULL.
 * On success the caller owns *train and *test. */
NrtStatus nrt_dataset_split (const NrtDataset *dataset, double train_ratio, uint64_t seed,
                             NrtDataset **train, NrtDataset **test, NrtError *err);

/* Counts the samples of each class into counts[0..n_classes). */
void nrt_dataset_count_classes (const NrtDataset *dataset, int *counts);
