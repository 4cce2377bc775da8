/* nrt-dataset.h: a table of samples in memory, with splits.
 *
 * Features are float32, row-major. Targets are float32 (n_samples,
 * n_targets), one column per label column of the data:
 * - classification: one column holding the class index as a float, with
 *   n_classes >= 2;
 * - multi-label classification: one column per label, each 0 or 1, with
 *   n_classes == 0;
 * - regression: one column per target value, with n_classes == 0.
 */
#pragma once

#include <stdint.h>

#include "nrt-error.h"

typedef enum {
  NRT_TASK_CLASSIFICATION,   /* one label column of n_classes classes */
  NRT_TASK_MULTILABEL,       /* n_targets label columns, each 0 or 1 */
  NRT_TASK_REGRESSION        /* n_targets real-valued target columns */
} NrtTask;

typedef struct {
  int n_samples;
  int n_features;
  float *x;               /* (n_samples, n_features) */
  float *y;               /* (n_samples, n_targets) */
  int n_targets;          /* 1 for classification, >= 1 otherwise */
  NrtTask task;
  int n_classes;          /* classification: >= 2; otherwise 0 */
  char **feature_names;   /* n_features strings, owned */
  char **class_names;     /* n_classes strings, owned; NULL unless classification */
  char **target_names;    /* n_targets strings, owned: the label columns' names */
} NrtDataset;

/* Allocates a zero-filled dataset of one target column: classification when
 * n_classes > 0, regression when n_classes == 0. Feature names are "x1",
 * "x2", ..., class names "0", "1", ..., and the target name is "label".
 * Returns NULL with err set on invalid sizes or when out of memory. Free it
 * with nrt_dataset_free. */
NrtDataset *nrt_dataset_new (int n_samples, int n_features, int n_classes, NrtError *err);

/* Allocates a zero-filled dataset for any task: n_targets must be 1 for
 * classification (n_classes >= 2) and n_classes 0 for the other tasks.
 * Target names are "label" for one target, "y1", "y2", ... for several. */
NrtDataset *nrt_dataset_new_full (int n_samples, int n_features, NrtTask task, int n_targets,
                                  int n_classes, NrtError *err);
void nrt_dataset_free (NrtDataset *dataset);

/* The task's name for messages and files: "classification",
 * "multilabel" or "regression". */
const char *nrt_task_name (NrtTask task);

/* Replaces a name, copying it. */
NrtStatus nrt_dataset_set_feature_name (NrtDataset *dataset, int feature, const char *name,
                                        NrtError *err);
NrtStatus nrt_dataset_set_class_name (NrtDataset *dataset, int class_index, const char *name,
                                      NrtError *err);
NrtStatus nrt_dataset_set_target_name (NrtDataset *dataset, int target, const char *name,
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

/* Splits dataset into training, validation and test parts, in that order
 * of the shuffled rows. validation_fraction and test_fraction are each in
 * [0, 1) with a sum below 1, and a part of fraction 0 is NULL. The test part
 * has round(n * test_fraction) rows and the validation part round(n *
 * validation_fraction). The training part keeps the rest and at least one
 * row, and a part of positive fraction at least one row when n allows.
 *
 * With stratify on a classification dataset, each class is shuffled and
 * divided on its own in the same proportions (largest remainders decide the
 * rounding), so every part keeps the class balance of the whole; a class of
 * one sample goes to training. On other tasks stratify is ignored. The seed
 * fixes the shuffles. On success the caller owns the parts. */
NrtStatus nrt_dataset_split3 (const NrtDataset *dataset, double validation_fraction,
                              double test_fraction, int stratify, uint64_t seed,
                              NrtDataset **train, NrtDataset **validation, NrtDataset **test,
                              NrtError *err);

/* The part of the data a row belongs to. */
typedef enum {
  NRT_PART_TRAIN = 0,
  NRT_PART_VALIDATION = 1,
  NRT_PART_TEST = 2
} NrtPart;

/* Fills assignment (n_samples bytes) with the part of each row of dataset
 * that nrt_dataset_split3 with the same arguments puts it in:
 * NRT_PART_TRAIN, NRT_PART_VALIDATION or NRT_PART_TEST, in file order.
 * Rejects the same fractions and labels as nrt_dataset_split3. */
NrtStatus nrt_dataset_assign3 (const NrtDataset *dataset, double validation_fraction,
                               double test_fraction, int stratify, uint64_t seed,
                               uint8_t *assignment, NrtError *err);

/* Counts the samples of each class into counts[0..n_classes). */
void nrt_dataset_count_classes (const NrtDataset *dataset, int *counts);
