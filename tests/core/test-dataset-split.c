/* Tests of nrt_dataset_split3: part sizes, stratification, coverage of
 * every row, and argument checks. The expected sizes are worked out by hand
 * from the rules in nrt-dataset.h, as each case's comment shows. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/nrt-dataset.h"

/* A dataset whose row i has features (i, -i), so every row of a part shows
 * where it came from. With labels, row i has class labels[i]; without, it
 * is a regression dataset with target i. */
static NrtDataset *
numbered_dataset (int n_samples, const int *labels, int n_classes)
{
  NrtError err = { NRT_OK, "" };
  NrtDataset *dataset = nrt_dataset_new (n_samples, 2, n_classes, &err);

  if (dataset == NULL)
    g_error ("nrt_dataset_new failed: %s", err.message);
  for (int i = 0; i < n_samples; i++)
    {
      dataset->x[2 * i] = (float) i;
      dataset->x[2 * i + 1] = (float) -i;
      dataset->y[i] = labels != NULL ? (float) labels[i] : (float) i;
    }
  return dataset;
}

static int
part_rows (const NrtDataset *part)
{
  return part != NULL ? part->n_samples : 0;
}

/* Checks that the parts hold every row of dataset exactly once, each with
 * its own target. */
static void
assert_partition (const NrtDataset *dataset, NrtDataset *const *parts)
{
  int *seen = g_new0 (int, dataset->n_samples);
  int total = 0;

  for (int p = 0; p < 3; p++)
    for (int i = 0; i < part_rows (parts[p]); i++)
      {
        int origin = (int) parts[p]->x[2 * i];

        g_assert_cmpint (origin, >=, 0);
        g_assert_cmpint (origin, <, dataset->n_samples);
        g_assert_cmpint (seen[origin], ==, 0);
        seen[origin] = 1;
        g_assert_cmpfloat (parts[p]->x[2 * i + 1], ==, (float) -origin);
        g_assert_cmpfloat (parts[p]->y[i], ==, dataset->y[origin]);
        total++;
      }
  g_assert_cmpint (total, ==, dataset->n_samples);
  g_free (seen);
}

static void
free_parts (NrtDataset **parts)
{
  for (int p = 0; p < 3; p++)
    nrt_dataset_free (parts[p]);
}

static void
test_sizes (void)
{
  const struct {
    int n;
    double validation, test;
    int n_train, n_validation, n_test;
  } cases[] = {
    { 10, 0.2, 0.1, 7, 2, 1 },
    { 100, 0.15, 0.15, 70, 15, 15 },
    { 5, 0.1, 0.1, 3, 1, 1 },      /* round(0.5) = 1 for both */
    { 3, 0.3, 0.3, 1, 1, 1 },      /* round(0.9) = 1 for both */
    { 10, 0.0, 0.25, 7, 0, 3 },    /* round(2.5) = 3, validation NULL */
    { 10, 0.3, 0.0, 7, 3, 0 },
    { 4, 0.01, 0.0, 3, 1, 0 },     /* a positive fraction gets at least one row */
    /* 5 + 5 rows leave no training row, so validation, the larger on a
     * tie, gives one back. */
    { 10, 0.45, 0.5, 1, 4, 5 },
    /* 1 + 1 leave none of 2: validation gives its row back. */
    { 2, 0.3, 0.3, 1, 0, 1 },
    /* One row stays in training. */
    { 1, 0.2, 0.2, 1, 0, 0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      NrtDataset *dataset = numbered_dataset (cases[i].n, NULL, 0);
      NrtDataset *parts[3] = { NULL, NULL, NULL };
      NrtError err = { NRT_OK, "" };

      g_test_message ("%d rows, validation %g, test %g", cases[i].n, cases[i].validation,
                      cases[i].test);
      g_assert_cmpint (nrt_dataset_split3 (dataset, cases[i].validation, cases[i].test, 0, 3,
                                           &parts[0], &parts[1], &parts[2], &err),
                       ==, NRT_OK);
      g_assert_cmpint (part_rows (parts[0]), ==, cases[i].n_train);
      g_assert_cmpint (part_rows (parts[1]), ==, cases[i].n_validation);
      g_assert_cmpint (part_rows (parts[2]), ==, cases[i].n_test);
      assert_partition (dataset, parts);
      free_parts (parts);
      nrt_dataset_free (dataset);
    }
}

/* Counts the rows of each class in part into counts[0..3). */
static void
count_part_classes (const NrtDataset *part, int *counts)
{
  counts[0] = counts[1] = counts[2] = 0;
  if (part != NULL)
    nrt_dataset_count_classes (part, counts);
}

static void
assert_class_counts (const NrtDataset *part, int c0, int c1, int c2)
{
  int counts[3];

  count_part_classes (part, counts);
  g_assert_cmpint (counts[0], ==, c0);
  g_assert_cmpint (counts[1], ==, c1);
  g_assert_cmpint (counts[2], ==, c2);
}

/* Classes of 50, 30 and 20 rows divide exactly: the test part of 10 rows
 * takes 5, 3 and 2, the validation part of 20 rows 10, 6 and 4. */
static void
test_stratified_exact (void)
{
  int labels[100];
  NrtDataset *dataset;
  NrtDataset *parts[3] = { NULL, NULL, NULL };
  gboolean grouped = TRUE;

  for (int i = 0; i < 100; i++)
    labels[i] = i < 50 ? 0 : (i < 80 ? 1 : 2);
  dataset = numbered_dataset (100, labels, 3);

  g_assert_cmpint (nrt_dataset_split3 (dataset, 0.2, 0.1, 1, 11, &parts[0], &parts[1],
                                       &parts[2], NULL),
                   ==, NRT_OK);
  assert_class_counts (parts[0], 35, 21, 14);
  assert_class_counts (parts[1], 10, 6, 4);
  assert_class_counts (parts[2], 5, 3, 2);
  assert_partition (dataset, parts);

  /* The training part is shuffled, not listed class by class. */
  for (int i = 1; i < parts[0]->n_samples; i++)
    if (parts[0]->y[i] < parts[0]->y[i - 1])
      grouped = FALSE;
  g_assert_false (grouped);

  free_parts (parts);
  nrt_dataset_free (dataset);
}

/* Classes of 7, 5 and 1 rows (n = 13) with validation 0.2 and test 0.3.
 * Test: round(3.9) = 4 rows; shares 7 * 4 / 13 = 2.15, 1.54 and 0.31 give
 * 2, 1 and 0 rounded down, and the remaining row goes to class 1, the
 * largest remainder, since class 2's single row stays in training: (2, 2, 0).
 * Validation: round(2.6) = 3 rows; shares 1.62, 1.15 and 0.23 give 1, 1, 0,
 * and the remaining row goes to class 0: (2, 1, 0). Training keeps (3, 2, 1). */
static void
test_stratified_remainders (void)
{
  const int labels[13] = { 0, 1, 0, 2, 0, 1, 0, 1, 0, 1, 0, 1, 0 };
  NrtDataset *dataset = numbered_dataset (13, labels, 3);
  NrtDataset *parts[3] = { NULL, NULL, NULL };

  g_assert_cmpint (nrt_dataset_split3 (dataset, 0.2, 0.3, 1, 4, &parts[0], &parts[1],
                                       &parts[2], NULL),
                   ==, NRT_OK);
  assert_class_counts (parts[0], 3, 2, 1);
  assert_class_counts (parts[1], 2, 1, 0);
  assert_class_counts (parts[2], 2, 2, 0);
  assert_partition (dataset, parts);
  free_parts (parts);
  nrt_dataset_free (dataset);
}

/* When the classes cannot spare the rows, the parts get fewer and every
 * class keeps a training row: with classes of 2, 1 and 1 rows and test
 * 0.5, only class 0 can give one row. */
static void
test_stratified_small_classes (void)
{
  const int labels[4] = { 0, 1, 0, 2 };
  NrtDataset *dataset = numbered_dataset (4, labels, 3);
  NrtDataset *parts[3] = { NULL, NULL, NULL };

  g_assert_cmpint (nrt_dataset_split3 (dataset, 0.0, 0.5, 1, 4, &parts[0], &parts[1],
                                       &parts[2], NULL),
                   ==, NRT_OK);
  assert_class_counts (parts[0], 1, 1, 1);
  g_assert_null (parts[1]);
  assert_class_counts (parts[2], 1, 0, 0);
  assert_partition (dataset, parts);
  free_parts (parts);
  nrt_dataset_free (dataset);
}

/* The seed fixes the shuffle, and regression data ignores stratify. */
static void
test_seed (void)
{
  NrtDataset *dataset = numbered_dataset (50, NULL, 0);
  NrtDataset *first[3], *again[3], *stratified[3], *other[3];

  g_assert_cmpint (nrt_dataset_split3 (dataset, 0.2, 0.2, 0, 8, &first[0], &first[1],
                                       &first[2], NULL), ==, NRT_OK);
  g_assert_cmpint (nrt_dataset_split3 (dataset, 0.2, 0.2, 0, 8, &again[0], &again[1],
                                       &again[2], NULL), ==, NRT_OK);
  g_assert_cmpint (nrt_dataset_split3 (dataset, 0.2, 0.2, 1, 8, &stratified[0], &stratified[1],
                                       &stratified[2], NULL), ==, NRT_OK);
  g_assert_cmpint (nrt_dataset_split3 (dataset, 0.2, 0.2, 0, 9, &other[0], &other[1],
                                       &other[2], NULL), ==, NRT_OK);
  for (int p = 0; p < 3; p++)
    {
      size_t size = (size_t) first[p]->n_samples * sizeof (float);

      g_assert_cmpmem (first[p]->y, size, again[p]->y, size);
      g_assert_cmpmem (first[p]->y, size, stratified[p]->y, size);
    }
  g_assert_true (memcmp (first[0]->y, other[0]->y, 30 * sizeof (float)) != 0);

  free_parts (first);
  free_parts (again);
  free_parts (stratified);
  free_parts (other);
  nrt_dataset_free (dataset);
}

/* Multi-label rows keep all their label columns. */
static void
test_multilabel_rows (void)
{
  NrtDataset *dataset = nrt_dataset_new_full (20, 1, NRT_TASK_MULTILABEL, 2, 0, NULL);
  NrtDataset *parts[3] = { NULL, NULL, NULL };

  for (int i = 0; i < 20; i++)
    {
      dataset->x[i] = (float) i;
      dataset->y[2 * i] = (float) (i % 2);
      dataset->y[2 * i + 1] = (float) (i % 3 == 0);
    }
  g_assert_cmpint (nrt_dataset_split3 (dataset, 0.25, 0.25, 1, 2, &parts[0], &parts[1],
                                       &parts[2], NULL), ==, NRT_OK);
  for (int p = 0; p < 3; p++)
    {
      g_assert_cmpint (parts[p]->n_samples, ==, p == 0 ? 10 : 5);
      g_assert_cmpint (parts[p]->n_targets, ==, 2);
      g_assert_cmpint (parts[p]->task, ==, NRT_TASK_MULTILABEL);
      for (int i = 0; i < parts[p]->n_samples; i++)
        {
          int origin = (int) parts[p]->x[i];

          g_assert_cmpfloat (parts[p]->y[2 * i], ==, (float) (origin % 2));
          g_assert_cmpfloat (parts[p]->y[2 * i + 1], ==, (float) (origin % 3 == 0));
        }
    }
  free_parts (parts);
  nrt_dataset_free (dataset);
}

static void
test_invalid (void)
{
  const struct {
    double validation, test;
    const char *expected;   /* a phrase of the error message */
  } cases[] = {
    { -0.1, 0.2, "validation fraction -0.1" },
    { 1.0, 0.0, "validation fraction 1" },
    { 0.2, NAN, "test fraction nan" },
    { 0.5, 0.5, "sum must be below 1" },
    { 0.7, 0.4, "sum must be below 1" },
  };
  NrtDataset *dataset = numbered_dataset (10, NULL, 0);
  const int labels[4] = { 0, 1, 5, 0 };
  NrtDataset *classes = numbered_dataset (4, labels, 2);
  NrtDataset *train = (NrtDataset *) 1, *validation = (NrtDataset *) 1, *test = (NrtDataset *) 1;
  NrtError err = { NRT_OK, "" };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpint (nrt_dataset_split3 (dataset, cases[i].validation, cases[i].test, 0, 1,
                                           &train, &validation, &test, &err),
                       ==, NRT_ERROR_INVALID);
      g_test_message ("message: %s", err.message);
      g_assert_nonnull (strstr (err.message, cases[i].expected));
      g_assert_null (train);
      g_assert_null (validation);
      g_assert_null (test);
    }

  /* A part with a positive fraction needs somewhere to go. */
  g_assert_cmpint (nrt_dataset_split3 (dataset, 0.2, 0.2, 0, 1, &train, NULL, &test, &err),
                   ==, NRT_ERROR_INVALID);

  /* Stratifying reads every label as a class index. */
  g_assert_cmpint (nrt_dataset_split3 (classes, 0.0, 0.5, 1, 1, &train, NULL, &test, &err),
                   ==, NRT_ERROR_INVALID);
  g_test_message ("message: %s", err.message);
  g_assert_nonnull (strstr (err.message, "sample 2 has class label 5"));
  g_assert_null (train);

  nrt_dataset_free (dataset);
  nrt_dataset_free (classes);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/dataset-split/sizes", test_sizes);
  g_test_add_func ("/core/dataset-split/stratified-exact", test_stratified_exact);
  g_test_add_func ("/core/dataset-split/stratified-remainders", test_stratified_remainders);
  g_test_add_func ("/core/dataset-split/stratified-small-classes", test_stratified_small_classes);
  g_test_add_func ("/core/dataset-split/seed", test_seed);
  g_test_add_func ("/core/dataset-split/multilabel-rows", test_multilabel_rows);
  g_test_add_func ("/core/dataset-split/invalid", test_invalid);

  return g_test_run ();
}
