/* nrt-dataset-split.c: random and stratified splits of NrtDataset. */
#include "nrt-dataset.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nrt-rng.h"

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

/* The parts of split3, in the order they take the shuffled rows. */
enum { PART_TRAIN, PART_VALIDATION, PART_TEST, N_PARTS };

/* Returns round(n * fraction), raised to 1 for a positive fraction. */
static int
part_size (int n, double fraction)
{
  int size = (int) round ((double) n * fraction);

  if (fraction > 0.0 && size < 1)
    size = 1;
  return size;
}

/* Computes the rows of each part, so that training keeps at least one row.
 * When the rounded sizes leave none, the larger of validation and test gives
 * rows back first, so both keep one row as long as n >= 3. */
static void
part_sizes (int n, double validation_fraction, double test_fraction, int *sizes)
{
  int excess;

  sizes[PART_VALIDATION] = part_size (n, validation_fraction);
  sizes[PART_TEST] = part_size (n, test_fraction);
  excess = sizes[PART_VALIDATION] + sizes[PART_TEST] - (n - 1);
  for (; excess > 0; excess--)
    {
      if (sizes[PART_VALIDATION] >= sizes[PART_TEST])
        sizes[PART_VALIDATION]--;
      else
        sizes[PART_TEST]--;
    }
  sizes[PART_TRAIN] = n - sizes[PART_VALIDATION] - sizes[PART_TEST];
}

/* Divides total rows among the classes in proportion to their counts: class
 * c's share is counts[c] * total / n. Each class first gets its share rounded
 * down, then the rows left over go one at a time to the class with the
 * largest remainder (share minus rows given), ties to the lower class index.
 * No class gets more than capacity[c]; rows that fit in no class stay
 * unassigned, so the sum of alloc can fall short of total. */
static void
allocate_largest_remainders (const int *counts, const int *capacity, int n_classes, int n,
                             int total, int *alloc)
{
  int assigned = 0;

  for (int c = 0; c < n_classes; c++)
    {
      int share = (int) floor ((double) counts[c] * total / n);

      alloc[c] = share < capacity[c] ? share : capacity[c];
      assigned += alloc[c];
    }

  while (assigned < total)
    {
      int best = -1;
      double best_remainder = 0.0;

      for (int c = 0; c < n_classes; c++)
        {
          double remainder = (double) counts[c] * total / n - alloc[c];

          if (alloc[c] < capacity[c] && (best < 0 || remainder > best_remainder))
            {
              best = c;
              best_remainder = remainder;
            }
        }
      if (best < 0)
        break;
      alloc[best]++;
      assigned++;
    }
}

/* Checks that every target of a classification dataset is a class index. */
static NrtStatus
check_class_labels (const NrtDataset *dataset, NrtError *err)
{
  for (int i = 0; i < dataset->n_samples; i++)
    {
      float label = dataset->y[i];

      if (!(label >= 0.0f && label < (float) dataset->n_classes) || label != floorf (label))
        return nrt_error_set (err, NRT_ERROR_INVALID,
                              "cannot stratify: sample %d has class label %g, but the dataset "
                              "has %d classes, so labels are integers from 0 to %d",
                              i, (double) label, dataset->n_classes, dataset->n_classes - 1);
    }
  return NRT_OK;
}

/* Fills rows with the row indices ordered by part: training, validation,
 * then test, each part grouped by class and then shuffled, and sets
 * sizes[part] to the rows of each part. Every class is shuffled on its own
 * and gives its first rows to test, the next to validation and the rest to
 * training. Returns NRT_ERROR_NO_MEMORY when out of memory. */
static NrtStatus
order_stratified (const NrtDataset *dataset, NrtRng *rng, int *sizes, int *rows, NrtError *err)
{
  int n = dataset->n_samples, k = dataset->n_classes;
  int *counts, *first, *capacity, *n_test, *n_validation, *by_class, *filled;
  int part_start[N_PARTS];
  NrtStatus status = NRT_OK;

  counts = calloc ((size_t) k, sizeof (int));
  first = calloc ((size_t) k, sizeof (int));
  capacity = calloc ((size_t) k, sizeof (int));
  n_test = calloc ((size_t) k, sizeof (int));
  n_validation = calloc ((size_t) k, sizeof (int));
  filled = calloc ((size_t) k, sizeof (int));
  by_class = malloc ((size_t) n * sizeof (int));
  if (counts == NULL || first == NULL || capacity == NULL || n_test == NULL
      || n_validation == NULL || filled == NULL || by_class == NULL)
    {
      status = nrt_error_set (err, NRT_ERROR_NO_MEMORY,
                              "out of memory for the stratified split of %d rows in %d classes",
                              n, k);
      goto done;
    }

  /* Group the rows by class, keeping their order, then shuffle each group. */
  nrt_dataset_count_classes (dataset, counts);
  for (int c = 1; c < k; c++)
    first[c] = first[c - 1] + counts[c - 1];
  for (int i = 0; i < n; i++)
    {
      int c = (int) dataset->y[i];

      by_class[first[c] + filled[c]++] = i;
    }
  for (int c = 0; c < k; c++)
    nrt_rng_shuffle (rng, by_class + first[c], counts[c]);

  /* Every class keeps at least one row for training. */
  for (int c = 0; c < k; c++)
    capacity[c] = counts[c] - 1;
  allocate_largest_remainders (counts, capacity, k, n, sizes[PART_TEST], n_test);
  for (int c = 0; c < k; c++)
    capacity[c] = counts[c] - 1 - n_test[c];
  allocate_largest_remainders (counts, capacity, k, n, sizes[PART_VALIDATION], n_validation);

  /* The allocation may fall short of the requested sizes when small classes
   * have no rows to spare; those rows stay in training. */
  sizes[PART_TEST] = 0;
  sizes[PART_VALIDATION] = 0;
  for (int c = 0; c < k; c++)
    {
      sizes[PART_TEST] += n_test[c];
      sizes[PART_VALIDATION] += n_validation[c];
    }
  sizes[PART_TRAIN] = n - sizes[PART_TEST] - sizes[PART_VALIDATION];

  part_start[PART_TRAIN] = 0;
  part_start[PART_VALIDATION] = sizes[PART_TRAIN];
  part_start[PART_TEST] = sizes[PART_TRAIN] + sizes[PART_VALIDATION];
  for (int c = 0; c < k; c++)
    {
      const int *group = by_class + first[c];
      int n_train = counts[c] - n_test[c] - n_validation[c];

      memcpy (rows + part_start[PART_TEST], group, (size_t) n_test[c] * sizeof (int));
      part_start[PART_TEST] += n_test[c];
      memcpy (rows + part_start[PART_VALIDATION], group + n_test[c],
              (size_t) n_validation[c] * sizeof (int));
      part_start[PART_VALIDATION] += n_validation[c];
      memcpy (rows + part_start[PART_TRAIN], group + n_test[c] + n_validation[c],
              (size_t) n_train * sizeof (int));
      part_start[PART_TRAIN] += n_train;
    }

  /* Without this shuffle each part would list its rows class by class. */
  nrt_rng_shuffle (rng, rows, sizes[PART_TRAIN]);
  nrt_rng_shuffle (rng, rows + sizes[PART_TRAIN], sizes[PART_VALIDATION]);
  nrt_rng_shuffle (rng, rows + sizes[PART_TRAIN] + sizes[PART_VALIDATION], sizes[PART_TEST]);

done:
  free (counts);
  free (first);
  free (capacity);
  free (n_test);
  free (n_validation);
  free (filled);
  free (by_class);
  return status;
}

static NrtStatus
check_fractions (double validation_fraction, double test_fraction, NrtError *err)
{
  if (!(validation_fraction >= 0.0 && validation_fraction < 1.0))
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "invalid validation fraction %g: expected a value in [0, 1)",
                          validation_fraction);
  if (!(test_fraction >= 0.0 && test_fraction < 1.0))
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "invalid test fraction %g: expected a value in [0, 1)", test_fraction);
  if (!(validation_fraction + test_fraction < 1.0))
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "the validation fraction %g and the test fraction %g leave no "
                          "training rows: their sum must be below 1",
                          validation_fraction, test_fraction);
  return NRT_OK;
}

/* Fills *rows_out (n_samples indices, freed by the caller) with the rows in
 * the order that split3 hands them to its parts, training first, and sizes
 * with the rows of each part. Both split3 and assign3 call it, so that they
 * agree on every row. The fractions must have passed check_fractions. */
static NrtStatus
order_parts (const NrtDataset *dataset, double validation_fraction, double test_fraction,
             int stratify, uint64_t seed, int *sizes, int **rows_out, NrtError *err)
{
  NrtStatus status = NRT_OK;
  NrtRng rng;
  int *rows;

  *rows_out = NULL;
  stratify = stratify && dataset->task == NRT_TASK_CLASSIFICATION;
  if (stratify)
    {
      status = check_class_labels (dataset, err);
      if (status != NRT_OK)
        return status;
    }

  /* One element even for an empty dataset, so that NULL means out of memory. */
  rows = malloc ((size_t) (dataset->n_samples > 0 ? dataset->n_samples : 1) * sizeof (int));
  if (rows == NULL)
    return nrt_error_set (err, NRT_ERROR_NO_MEMORY,
                          "out of memory for the shuffle of %d rows", dataset->n_samples);
  nrt_rng_init (&rng, seed);
  part_sizes (dataset->n_samples, validation_fraction, test_fraction, sizes);
  if (stratify)
    status = order_stratified (dataset, &rng, sizes, rows, err);
  else
    {
      for (int i = 0; i < dataset->n_samples; i++)
        rows[i] = i;
      nrt_rng_shuffle (&rng, rows, dataset->n_samples);
    }

  if (status != NRT_OK)
    {
      free (rows);
      return status;
    }
  *rows_out = rows;
  return NRT_OK;
}

NrtStatus
nrt_dataset_split3 (const NrtDataset *dataset, double validation_fraction, double test_fraction,
                    int stratify, uint64_t seed, NrtDataset **train, NrtDataset **validation,
                    NrtDataset **test, NrtError *err)
{
  NrtDataset **outputs[N_PARTS] = { train, validation, test };
  NrtDataset *parts[N_PARTS] = { NULL, NULL, NULL };
  int sizes[N_PARTS];
  NrtStatus status = NRT_OK;
  int *rows;
  int start = 0;
  NrtError local_err = { NRT_OK, "" };

  /* The status of a failed subset is read back from an error, so keep one
   * even when the caller passes none. */
  if (err == NULL)
    err = &local_err;
  if (dataset == NULL || train == NULL)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "invalid split: the dataset or the training output pointer is NULL");
  for (int p = 0; p < N_PARTS; p++)
    if (outputs[p] != NULL)
      *outputs[p] = NULL;
  status = check_fractions (validation_fraction, test_fraction, err);
  if (status != NRT_OK)
    return status;
  if ((validation_fraction > 0.0 && validation == NULL) || (test_fraction > 0.0 && test == NULL))
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "invalid split: the output pointer of a part with a positive "
                          "fraction is NULL");

  status = order_parts (dataset, validation_fraction, test_fraction, stratify, seed, sizes,
                        &rows, err);
  if (status != NRT_OK)
    return status;

  /* A part left without rows (a fraction of 0, or too few rows) is NULL. */
  for (int p = 0; p < N_PARTS && status == NRT_OK; p++)
    {
      if (sizes[p] > 0)
        {
          parts[p] = nrt_dataset_subset (dataset, rows + start, sizes[p], err);
          if (parts[p] == NULL)
            status = err->status != NRT_OK ? err->status : NRT_ERROR_NO_MEMORY;
        }
      start += sizes[p];
    }
  free (rows);

  if (status != NRT_OK)
    {
      for (int p = 0; p < N_PARTS; p++)
        nrt_dataset_free (parts[p]);
      return status;
    }
  for (int p = 0; p < N_PARTS; p++)
    if (outputs[p] != NULL)
      *outputs[p] = parts[p];
  return NRT_OK;
}

NrtStatus
nrt_dataset_assign3 (const NrtDataset *dataset, double validation_fraction,
                     double test_fraction, int stratify, uint64_t seed, uint8_t *assignment,
                     NrtError *err)
{
  static const uint8_t part_values[N_PARTS] = {
    [PART_TRAIN] = NRT_PART_TRAIN,
    [PART_VALIDATION] = NRT_PART_VALIDATION,
    [PART_TEST] = NRT_PART_TEST,
  };
  int sizes[N_PARTS];
  NrtStatus status;
  int *rows;
  int start = 0;

  if (dataset == NULL || assignment == NULL)
    return nrt_error_set (err, NRT_ERROR_INVALID,
                          "invalid assignment: the dataset or the assignment array is NULL");
  status = check_fractions (validation_fraction, test_fraction, err);
  if (status != NRT_OK)
    return status;

  status = order_parts (dataset, validation_fraction, test_fraction, stratify, seed, sizes,
                        &rows, err);
  if (status != NRT_OK)
    return status;

  for (int p = 0; p < N_PARTS; p++)
    {
      for (int i = start; i < start + sizes[p]; i++)
        assignment[rows[i]] = part_values[p];
      start += sizes[p];
    }
  free (rows);
  return NRT_OK;
}
