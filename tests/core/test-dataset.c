/* Tests of NrtDataset: allocation, names, subsets, splits and class counts. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/nrt-dataset.h"

/* A regression dataset whose row i has features (i, -i) and target i, so
 * that every row of a subset or split shows where it came from. */
static NrtDataset *
numbered_dataset (int n_samples)
{
  NrtError err = { NRT_OK, "" };
  NrtDataset *dataset = nrt_dataset_new (n_samples, 2, 0, &err);

  if (dataset == NULL)
    g_error ("nrt_dataset_new failed: %s", err.message);
  for (int i = 0; i < n_samples; i++)
    {
      dataset->x[2 * i] = (float) i;
      dataset->x[2 * i + 1] = (float) -i;
      dataset->y[i] = (float) i;
    }
  return dataset;
}

static void
test_new_defaults (void)
{
  NrtError err = { NRT_OK, "" };
  NrtDataset *dataset = nrt_dataset_new (4, 3, 2, &err);

  g_assert_nonnull (dataset);
  g_assert_cmpint (dataset->n_samples, ==, 4);
  g_assert_cmpint (dataset->n_features, ==, 3);
  g_assert_cmpint (dataset->n_classes, ==, 2);
  for (int i = 0; i < 12; i++)
    g_assert_cmpfloat (dataset->x[i], ==, 0.0f);
  for (int i = 0; i < 4; i++)
    g_assert_cmpfloat (dataset->y[i], ==, 0.0f);
  g_assert_cmpstr (dataset->feature_names[0], ==, "x1");
  g_assert_cmpstr (dataset->feature_names[2], ==, "x3");
  g_assert_cmpstr (dataset->class_names[0], ==, "0");
  g_assert_cmpstr (dataset->class_names[1], ==, "1");
  nrt_dataset_free (dataset);

  dataset = nrt_dataset_new (1, 1, 0, &err);
  g_assert_nonnull (dataset);
  g_assert_null (dataset->class_names);
  nrt_dataset_free (dataset);
  nrt_dataset_free (NULL);
}

static void
test_new_invalid (void)
{
  const int sizes[][3] = {
    { 0, 2, 2 },
    { -1, 2, 2 },
    { 10, 0, 2 },
    { 10, 2, 1 },
    { 10, 2, -1 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      NrtError err = { NRT_OK, "" };

      g_assert_null (nrt_dataset_new (sizes[i][0], sizes[i][1], sizes[i][2], &err));
      g_assert_cmpint (err.status, ==, NRT_ERROR_INVALID);
      g_test_message ("message: %s", err.message);
      g_assert_cmpstr (err.message, !=, "");
    }
}

static void
test_new_full_tasks (void)
{
  NrtError err = { NRT_OK, "" };
  NrtDataset *dataset;

  dataset = nrt_dataset_new_full (3, 2, NRT_TASK_MULTILABEL, 4, 0, &err);
  g_assert_nonnull (dataset);
  g_assert_cmpint (dataset->task, ==, NRT_TASK_MULTILABEL);
  g_assert_cmpint (dataset->n_targets, ==, 4);
  g_assert_cmpint (dataset->n_classes, ==, 0);
  g_assert_null (dataset->class_names);
  for (int i = 0; i < 3 * 4; i++)
    g_assert_cmpfloat (dataset->y[i], ==, 0.0f);
  g_assert_cmpstr (dataset->target_names[0], ==, "y1");
  g_assert_cmpstr (dataset->target_names[3], ==, "y4");
  nrt_dataset_free (dataset);

  dataset = nrt_dataset_new_full (3, 2, NRT_TASK_REGRESSION, 1, 0, &err);
  g_assert_nonnull (dataset);
  g_assert_cmpstr (dataset->target_names[0], ==, "label");
  nrt_dataset_free (dataset);

  dataset = nrt_dataset_new_full (3, 2, NRT_TASK_CLASSIFICATION, 1, 3, &err);
  g_assert_nonnull (dataset);
  g_assert_cmpstr (dataset->class_names[2], ==, "2");
  g_assert_cmpstr (dataset->target_names[0], ==, "label");
  nrt_dataset_free (dataset);

  /* nrt_dataset_new picks the task from n_classes. */
  dataset = nrt_dataset_new (2, 1, 2, &err);
  g_assert_cmpint (dataset->task, ==, NRT_TASK_CLASSIFICATION);
  g_assert_cmpint (dataset->n_targets, ==, 1);
  nrt_dataset_free (dataset);
  dataset = nrt_dataset_new (2, 1, 0, &err);
  g_assert_cmpint (dataset->task, ==, NRT_TASK_REGRESSION);
  g_assert_cmpint (dataset->n_targets, ==, 1);
  nrt_dataset_free (dataset);

  g_assert_cmpstr (nrt_task_name (NRT_TASK_CLASSIFICATION), ==, "classification");
  g_assert_cmpstr (nrt_task_name (NRT_TASK_MULTILABEL), ==, "multilabel");
  g_assert_cmpstr (nrt_task_name (NRT_TASK_REGRESSION), ==, "regression");
}

static void
test_new_full_invalid (void)
{
  const struct {
    NrtTask task;
    int n_targets;
    int n_classes;
    const char *expected;   /* a phrase of the error message */
  } cases[] = {
    { NRT_TASK_CLASSIFICATION, 1, 1, "at least 2" },
    { NRT_TASK_CLASSIFICATION, 2, 3, "target columns 2" },
    { NRT_TASK_MULTILABEL, 2, 2, "expected 0" },
    { NRT_TASK_REGRESSION, 1, 3, "expected 0" },
    { NRT_TASK_REGRESSION, 0, 0, "target columns 0" },
    { (NrtTask) 7, 1, 0, "unknown task 7" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      NrtError err = { NRT_OK, "" };

      g_assert_null (nrt_dataset_new_full (4, 2, cases[i].task, cases[i].n_targets,
                                           cases[i].n_classes, &err));
      g_test_message ("message: %s", err.message);
      g_assert_cmpint (err.status, ==, NRT_ERROR_INVALID);
      g_assert_nonnull (strstr (err.message, cases[i].expected));
    }
}

static void
test_set_names (void)
{
  NrtError err = { NRT_OK, "" };
  NrtDataset *dataset = nrt_dataset_new (2, 2, 3, NULL);

  g_assert_cmpint (nrt_dataset_set_feature_name (dataset, 1, "petal_width", &err), ==, NRT_OK);
  g_assert_cmpstr (dataset->feature_names[1], ==, "petal_width");
  g_assert_cmpint (nrt_dataset_set_class_name (dataset, 2, "virginica", &err), ==, NRT_OK);
  g_assert_cmpstr (dataset->class_names[2], ==, "virginica");

  g_assert_cmpint (nrt_dataset_set_feature_name (dataset, 2, "x", &err), ==, NRT_ERROR_INVALID);
  g_assert_nonnull (strstr (err.message, "2"));
  g_assert_cmpint (nrt_dataset_set_class_name (dataset, -1, "x", &err), ==, NRT_ERROR_INVALID);
  g_assert_cmpint (nrt_dataset_set_class_name (dataset, 0, NULL, &err), ==, NRT_ERROR_INVALID);
  g_assert_cmpstr (dataset->class_names[0], ==, "0");

  g_assert_cmpint (nrt_dataset_set_target_name (dataset, 0, "species", &err), ==, NRT_OK);
  g_assert_cmpstr (dataset->target_names[0], ==, "species");
  g_assert_cmpint (nrt_dataset_set_target_name (dataset, 1, "x", &err), ==, NRT_ERROR_INVALID);
  g_assert_nonnull (strstr (err.message, "1 target column"));
  nrt_dataset_free (dataset);
}

static void
test_subset (void)
{
  NrtDataset *dataset = numbered_dataset (10);
  const int indices[] = { 7, 2, 2, 9 };
  const int out_of_range[] = { 1, 10 };
  NrtError err = { NRT_OK, "" };
  NrtDataset *subset;

  nrt_dataset_set_feature_name (dataset, 0, "a", NULL);
  subset = nrt_dataset_subset (dataset, indices, 4, &err);
  g_assert_nonnull (subset);
  g_assert_cmpint (subset->n_samples, ==, 4);
  g_assert_cmpstr (subset->feature_names[0], ==, "a");
  for (int i = 0; i < 4; i++)
    {
      g_assert_cmpfloat (subset->x[2 * i], ==, (float) indices[i]);
      g_assert_cmpfloat (subset->x[2 * i + 1], ==, (float) -indices[i]);
      g_assert_cmpfloat (subset->y[i], ==, (float) indices[i]);
    }
  nrt_dataset_free (subset);

  g_assert_null (nrt_dataset_subset (dataset, out_of_range, 2, &err));
  g_assert_cmpint (err.status, ==, NRT_ERROR_INVALID);
  g_assert_nonnull (strstr (err.message, "10"));
  nrt_dataset_free (dataset);
}

/* Each row keeps all of its target columns and the names are copied. */
static void
test_subset_targets (void)
{
  NrtDataset *dataset = nrt_dataset_new_full (4, 1, NRT_TASK_REGRESSION, 3, 0, NULL);
  const int indices[] = { 3, 1 };
  NrtError err = { NRT_OK, "" };
  NrtDataset *subset;

  for (int i = 0; i < 4 * 3; i++)
    dataset->y[i] = (float) i;
  nrt_dataset_set_target_name (dataset, 2, "price", NULL);

  subset = nrt_dataset_subset (dataset, indices, 2, &err);
  g_assert_nonnull (subset);
  g_assert_cmpint (subset->task, ==, NRT_TASK_REGRESSION);
  g_assert_cmpint (subset->n_targets, ==, 3);
  g_assert_cmpstr (subset->target_names[2], ==, "price");
  for (int j = 0; j < 3; j++)
    {
      g_assert_cmpfloat (subset->y[j], ==, (float) (3 * 3 + j));
      g_assert_cmpfloat (subset->y[3 + j], ==, (float) (1 * 3 + j));
    }
  nrt_dataset_free (subset);
  nrt_dataset_free (dataset);
}

/* round(n * ratio) rows train; the rest test. */
static void
test_split_sizes (void)
{
  const struct { int n; double ratio; int n_train; } cases[] = {
    { 10, 0.8, 8 },
    { 5, 0.5, 3 },      /* round(2.5) = 3 */
    { 3, 0.5, 2 },      /* round(1.5) = 2 */
    { 500, 0.7, 350 },
    { 7, 1.0, 7 },
    { 2, 0.3, 1 },      /* round(0.6) = 1 */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      NrtDataset *dataset = numbered_dataset (cases[i].n);
      NrtDataset *train = NULL;
      NrtDataset *test = NULL;
      NrtError err = { NRT_OK, "" };

      g_test_message ("%d rows at ratio %g", cases[i].n, cases[i].ratio);
      g_assert_cmpint (nrt_dataset_split (dataset, cases[i].ratio, 1, &train, &test, &err),
                       ==, NRT_OK);
      g_assert_cmpint (train->n_samples, ==, cases[i].n_train);
      if (cases[i].n_train == cases[i].n)
        g_assert_null (test);
      else
        g_assert_cmpint (test->n_samples, ==, cases[i].n - cases[i].n_train);
      nrt_dataset_free (train);
      nrt_dataset_free (test);
      nrt_dataset_free (dataset);
    }
}

static void
test_split_invalid (void)
{
  const struct { int n; double ratio; const char *expected_in_message; } cases[] = {
    { 10, 0.0, "0" },
    { 10, -0.5, "-0.5" },
    { 10, 1.5, "1.5" },
    { 10, NAN, "nan" },
    { 1, 0.4, "no training rows" },   /* round(0.4) = 0 */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      NrtDataset *dataset = numbered_dataset (cases[i].n);
      NrtDataset *train = (NrtDataset *) 1;
      NrtDataset *test = (NrtDataset *) 1;
      NrtError err = { NRT_OK, "" };

      g_assert_cmpint (nrt_dataset_split (dataset, cases[i].ratio, 1, &train, &test, &err),
                       ==, NRT_ERROR_INVALID);
      g_test_message ("message: %s", err.message);
      g_assert_nonnull (strstr (err.message, cases[i].expected_in_message));
      g_assert_null (train);
      g_assert_null (test);
      nrt_dataset_free (dataset);
    }
}

/* Every row lands in exactly one part; the seed fixes the shuffle. */
static void
test_split_disjoint (void)
{
  NrtDataset *dataset = numbered_dataset (100);
  NrtDataset *train, *test, *train_again, *test_again, *train_other, *test_other;
  gboolean seen[100] = { FALSE };
  gboolean in_order = TRUE;

  g_assert_cmpint (nrt_dataset_split (dataset, 0.75, 5, &train, &test, NULL), ==, NRT_OK);
  for (int i = 0; i < train->n_samples + test->n_samples; i++)
    {
      const NrtDataset *part = i < train->n_samples ? train : test;
      int row = i < train->n_samples ? i : i - train->n_samples;
      int origin = (int) part->y[row];

      g_assert_cmpint (origin, >=, 0);
      g_assert_cmpint (origin, <, 100);
      g_assert_false (seen[origin]);
      seen[origin] = TRUE;
      /* Features travel with their target. */
      g_assert_cmpfloat (part->x[2 * row], ==, (float) origin);
      if (i > 0 && i < train->n_samples && origin < (int) train->y[i - 1])
        in_order = FALSE;
    }
  g_assert_false (in_order);

  g_assert_cmpint (nrt_dataset_split (dataset, 0.75, 5, &train_again, &test_again, NULL),
                   ==, NRT_OK);
  g_assert_cmpmem (train->y, 75 * sizeof (float), train_again->y, 75 * sizeof (float));
  g_assert_cmpmem (test->y, 25 * sizeof (float), test_again->y, 25 * sizeof (float));
  g_assert_cmpint (nrt_dataset_split (dataset, 0.75, 6, &train_other, &test_other, NULL),
                   ==, NRT_OK);
  g_assert_true (memcmp (train->y, train_other->y, 75 * sizeof (float)) != 0);

  nrt_dataset_free (train);
  nrt_dataset_free (test);
  nrt_dataset_free (train_again);
  nrt_dataset_free (test_again);
  nrt_dataset_free (train_other);
  nrt_dataset_free (test_other);
  nrt_dataset_free (dataset);
}

static void
test_count_classes (void)
{
  NrtDataset *dataset = nrt_dataset_new (6, 1, 3, NULL);
  const float labels[] = { 0, 2, 2, 1, 2, NAN };
  int counts[3] = { -1, -1, -1 };

  memcpy (dataset->y, labels, sizeof labels);
  nrt_dataset_count_classes (dataset, counts);
  /* The NaN label is not counted. */
  g_assert_cmpint (counts[0], ==, 1);
  g_assert_cmpint (counts[1], ==, 1);
  g_assert_cmpint (counts[2], ==, 3);
  nrt_dataset_free (dataset);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/dataset/new-defaults", test_new_defaults);
  g_test_add_func ("/core/dataset/new-invalid", test_new_invalid);
  g_test_add_func ("/core/dataset/new-full-tasks", test_new_full_tasks);
  g_test_add_func ("/core/dataset/new-full-invalid", test_new_full_invalid);
  g_test_add_func ("/core/dataset/set-names", test_set_names);
  g_test_add_func ("/core/dataset/subset", test_subset);
  g_test_add_func ("/core/dataset/subset-targets", test_subset_targets);
  g_test_add_func ("/core/dataset/split-sizes", test_split_sizes);
  g_test_add_func ("/core/dataset/split-invalid", test_split_invalid);
  g_test_add_func ("/core/dataset/split-disjoint", test_split_disjoint);
  g_test_add_func ("/core/dataset/count-classes", test_count_classes);

  return g_test_run ();
}
