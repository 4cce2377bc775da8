/* Tests of nrt_dataset_assign3: every row gets the part that
 * nrt_dataset_split3 puts it in, for classification (stratified or not),
 * multi-label and regression data, several fractions and seeds, and parts
 * of fraction 0. A fixed case also pins the rows and their order in each
 * part of split3, which resumed projects rely on. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "core/nrt-dataset.h"

/* A dataset whose row i has features (i, -i), so every row of a part shows
 * where it came from. Row i has the class i mod n_classes, or class 0 for
 * every third row when skewed, so that the classes differ in size. A
 * regression row has the target i / 2. */
static NrtDataset *
numbered_dataset (int n_samples, NrtTask task, int n_classes, gboolean skewed)
{
  NrtError err = { NRT_OK, "" };
  int n_targets = task == NRT_TASK_MULTILABEL ? 2 : 1;
  NrtDataset *dataset = nrt_dataset_new_full (n_samples, 2, task, n_targets,
                                              task == NRT_TASK_CLASSIFICATION ? n_classes : 0,
                                              &err);

  if (dataset == NULL)
    g_error ("nrt_dataset_new_full failed: %s", err.message);
  for (int i = 0; i < n_samples; i++)
    {
      dataset->x[2 * i] = (float) i;
      dataset->x[2 * i + 1] = (float) -i;
      if (task == NRT_TASK_CLASSIFICATION)
        dataset->y[i] = (float) (skewed && i % 3 == 0 ? 0 : i % n_classes);
      else if (task == NRT_TASK_MULTILABEL)
        {
          dataset->y[2 * i] = (float) (i % 2);
          dataset->y[2 * i + 1] = (float) (i % 3 == 0);
        }
      else
        dataset->y[i] = (float) i / 2.0f;
    }
  return dataset;
}

/* Checks that the assignment of every row matches the split3 part that
 * contains it, and that each part's row count matches the assignment's. */
static void
assert_assignment_matches (const NrtDataset *dataset, double validation, double test,
                           int stratify, uint64_t seed)
{
  NrtDataset *parts[3] = { NULL, NULL, NULL };
  NrtError err = { NRT_OK, "" };
  g_autofree uint8_t *assignment = g_new (uint8_t, dataset->n_samples);
  int counts[3] = { 0, 0, 0 };

  g_assert_cmpint (nrt_dataset_split3 (dataset, validation, test, stratify, seed, &parts[0],
                                       &parts[1], &parts[2], &err), ==, NRT_OK);
  /* A value outside the three parts shows a row left unassigned. */
  memset (assignment, 0xff, dataset->n_samples);
  g_assert_cmpint (nrt_dataset_assign3 (dataset, validation, test, stratify, seed, assignment,
                                        &err), ==, NRT_OK);

  for (int i = 0; i < dataset->n_samples; i++)
    {
      g_assert_cmpint (assignment[i], <=, NRT_PART_TEST);
      counts[assignment[i]]++;
    }
  for (int p = 0; p < 3; p++)
    {
      int rows = parts[p] != NULL ? parts[p]->n_samples : 0;

      g_assert_cmpint (rows, ==, counts[p]);
      for (int i = 0; i < rows; i++)
        {
          int origin = (int) parts[p]->x[2 * i];

          g_assert_cmpint (assignment[origin], ==, p);
        }
    }
  for (int p = 0; p < 3; p++)
    nrt_dataset_free (parts[p]);
}

static const struct {
  double validation, test;
} fractions[] = {
  { 0.2, 0.1 },
  { 0.0, 0.25 },    /* no validation part */
  { 0.3, 0.0 },     /* no test part */
  { 0.0, 0.0 },     /* everything trains */
  { 0.45, 0.45 },
};

static const uint64_t seeds[] = { 0, 1, 42, UINT64_MAX };

static void
test_classification (void)
{
  const int sizes[] = { 3, 10, 97 };

  for (gsize s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (int skewed = 0; skewed < 2; skewed++)
      {
        NrtDataset *dataset = numbered_dataset (sizes[s], NRT_TASK_CLASSIFICATION, 3, skewed);

        for (gsize f = 0; f < G_N_ELEMENTS (fractions); f++)
          for (gsize k = 0; k < G_N_ELEMENTS (seeds); k++)
            for (int stratify = 0; stratify < 2; stratify++)
              assert_assignment_matches (dataset, fractions[f].validation, fractions[f].test,
                                         stratify, seeds[k]);
        nrt_dataset_free (dataset);
      }
}

static void
test_regression (void)
{
  const int sizes[] = { 1, 2, 10, 150 };

  for (gsize s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      NrtDataset *dataset = numbered_dataset (sizes[s], NRT_TASK_REGRESSION, 0, FALSE);

      for (gsize f = 0; f < G_N_ELEMENTS (fractions); f++)
        for (gsize k = 0; k < G_N_ELEMENTS (seeds); k++)
          /* stratify is ignored for regression, as for split3. */
          for (int stratify = 0; stratify < 2; stratify++)
            assert_assignment_matches (dataset, fractions[f].validation, fractions[f].test,
                                       stratify, seeds[k]);
      nrt_dataset_free (dataset);
    }
}

static void
test_multilabel (void)
{
  NrtDataset *dataset = numbered_dataset (40, NRT_TASK_MULTILABEL, 0, FALSE);

  for (gsize f = 0; f < G_N_ELEMENTS (fractions); f++)
    for (gsize k = 0; k < G_N_ELEMENTS (seeds); k++)
      assert_assignment_matches (dataset, fractions[f].validation, fractions[f].test, TRUE,
                                 seeds[k]);
  nrt_dataset_free (dataset);
}

/* Checks that part contains the rows expected[0..n) in that order. */
static void
assert_rows (const NrtDataset *part, const int *expected, int n)
{
  g_assert_nonnull (part);
  g_assert_cmpint (part->n_samples, ==, n);
  for (int i = 0; i < n; i++)
    g_assert_cmpint ((int) part->x[2 * i], ==, expected[i]);
}

/* 12 rows, validation 0.25 and test 0.25, seed 42. The expected rows were
 * printed by split3 as it was before assign3 shared its ordering, so a
 * change of the shuffles, which would make a resumed project train on
 * other rows, fails here. */
static void
test_split3_order (void)
{
  const int plain[3][6] = { { 0, 11, 3, 8, 2, 10 }, { 1, 4, 5 }, { 9, 7, 6 } };
  const int stratified[3][6] = { { 6, 9, 11, 10, 1, 2 }, { 8, 3, 7 }, { 4, 5, 0 } };
  const int n_rows[3] = { 6, 3, 3 };
  const int labels[12] = { 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 0, 1 };

  for (int stratify = 0; stratify < 2; stratify++)
    {
      NrtDataset *dataset = numbered_dataset (12, NRT_TASK_CLASSIFICATION, 3, FALSE);
      NrtDataset *parts[3] = { NULL, NULL, NULL };
      NrtError err = { NRT_OK, "" };

      for (int i = 0; i < 12; i++)
        dataset->y[i] = (float) labels[i];
      g_assert_cmpint (nrt_dataset_split3 (dataset, 0.25, 0.25, stratify, 42, &parts[0],
                                           &parts[1], &parts[2], &err), ==, NRT_OK);
      for (int p = 0; p < 3; p++)
        assert_rows (parts[p], stratify ? stratified[p] : plain[p], n_rows[p]);
      assert_assignment_matches (dataset, 0.25, 0.25, stratify, 42);

      for (int p = 0; p < 3; p++)
        nrt_dataset_free (parts[p]);
      nrt_dataset_free (dataset);
    }
}

static void
test_invalid (void)
{
  NrtDataset *dataset = numbered_dataset (10, NRT_TASK_CLASSIFICATION, 2, FALSE);
  uint8_t assignment[10];
  NrtError err = { NRT_OK, "" };

  g_assert_cmpint (nrt_dataset_assign3 (dataset, 0.5, 0.5, TRUE, 1, assignment, &err), ==,
                   NRT_ERROR_INVALID);
  g_assert_nonnull (strstr (err.message, "sum must be below 1"));
  g_assert_cmpint (nrt_dataset_assign3 (dataset, -0.1, 0.0, TRUE, 1, assignment, &err), ==,
                   NRT_ERROR_INVALID);
  g_assert_cmpint (nrt_dataset_assign3 (dataset, 0.1, 0.1, TRUE, 1, NULL, &err), ==,
                   NRT_ERROR_INVALID);
  g_assert_cmpint (nrt_dataset_assign3 (NULL, 0.1, 0.1, TRUE, 1, assignment, NULL), ==,
                   NRT_ERROR_INVALID);

  /* A label outside the classes cannot be stratified. */
  dataset->y[4] = 5.0f;
  g_assert_cmpint (nrt_dataset_assign3 (dataset, 0.2, 0.2, TRUE, 1, assignment, &err), ==,
                   NRT_ERROR_INVALID);
  g_assert_nonnull (strstr (err.message, "cannot stratify"));
  nrt_dataset_free (dataset);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/dataset-assign/classification", test_classification);
  g_test_add_func ("/core/dataset-assign/regression", test_regression);
  g_test_add_func ("/core/dataset-assign/multilabel", test_multilabel);
  g_test_add_func ("/core/dataset-assign/split3-order", test_split3_order);
  g_test_add_func ("/core/dataset-assign/invalid", test_invalid);
  return g_test_run ();
}
