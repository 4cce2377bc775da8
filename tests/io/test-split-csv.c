/* Tests of the data-with-parts CSV: header, quoting of names as RFC 4180
 * specifies, class names, regression values and multi-label columns, and the
 * atomic write. The expected numbers are the digits of Python 3's
 * str(numpy.float32(v)), the shortest decimal that reads back as the same
 * float32. They follow the layout of Python's repr without a trailing
 * ".0", positional from 1e-4 up to 1e16 ("0.0001" where NumPy writes
 * "1e-04"). */
#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <string.h>

#include "io/nrt-split-csv.h"

static NrtDataset *
new_dataset (int n_samples, int n_features, NrtTask task, int n_targets, int n_classes)
{
  NrtError err = { NRT_OK, "" };
  NrtDataset *dataset = nrt_dataset_new_full (n_samples, n_features, task, n_targets,
                                              n_classes, &err);

  if (dataset == NULL)
    g_error ("nrt_dataset_new_full failed: %s", err.message);
  return dataset;
}

static void
set_name (NrtStatus (*setter) (NrtDataset *, int, const char *, NrtError *),
          NrtDataset *dataset, int index, const char *name)
{
  NrtError err = { NRT_OK, "" };

  g_assert_cmpint (setter (dataset, index, name, &err), ==, NRT_OK);
}

static void
test_classification (void)
{
  NrtDataset *dataset = new_dataset (3, 2, NRT_TASK_CLASSIFICATION, 1, 3);
  const guint8 assignment[3] = { NRT_PART_TRAIN, NRT_PART_TEST, NRT_PART_VALIDATION };
  const float x[6] = { 5.1f, 0.1f, -2.5f, 1e-7f, 3.0f, 16777217.0f };
  const float y[3] = { 2, 0, 1 };
  g_autofree char *csv = NULL;

  memcpy (dataset->x, x, sizeof x);
  memcpy (dataset->y, y, sizeof y);
  set_name (nrt_dataset_set_feature_name, dataset, 0, "sepal length");
  set_name (nrt_dataset_set_feature_name, dataset, 1, "width, cm");
  set_name (nrt_dataset_set_target_name, dataset, 0, "species");
  set_name (nrt_dataset_set_class_name, dataset, 0, "Iris \"setosa\"");
  set_name (nrt_dataset_set_class_name, dataset, 1, "versicolor");
  set_name (nrt_dataset_set_class_name, dataset, 2, "virginica,\nlarge");

  /* float32 has no 16777217: it is stored as 16777216. */
  csv = nrt_split_csv_format (dataset, assignment);
  g_assert_cmpstr (csv, ==,
                   "sepal length,\"width, cm\",species,split\n"
                   "5.1,0.1,\"virginica,\nlarge\",train\n"
                   "-2.5,1e-07,\"Iris \"\"setosa\"\"\",test\n"
                   "3,16777216,versicolor,validation\n");
  nrt_dataset_free (dataset);
}

static void
test_regression (void)
{
  NrtDataset *dataset = new_dataset (2, 1, NRT_TASK_REGRESSION, 2, 0);
  const guint8 assignment[2] = { NRT_PART_VALIDATION, NRT_PART_TRAIN };
  const float x[2] = { 0.3f, 1e-4f };
  const float y[4] = { 1234.5f, 0.5f, 110.0f, 3.4028235e38f };
  g_autofree char *csv = NULL;

  memcpy (dataset->x, x, sizeof x);
  memcpy (dataset->y, y, sizeof y);
  set_name (nrt_dataset_set_target_name, dataset, 0, "price");
  set_name (nrt_dataset_set_target_name, dataset, 1, "\"tax\"");

  csv = nrt_split_csv_format (dataset, assignment);
  g_assert_cmpstr (csv, ==,
                   "x1,price,\"\"\"tax\"\"\",split\n"
                   "0.3,1234.5,0.5,validation\n"
                   "0.0001,110,3.4028235e+38,train\n");
  nrt_dataset_free (dataset);
}

static void
test_multilabel (void)
{
  NrtDataset *dataset = new_dataset (2, 1, NRT_TASK_MULTILABEL, 3, 0);
  const guint8 assignment[2] = { NRT_PART_TEST, NRT_PART_TEST };
  const float x[2] = { 1.5f, 2.0f };
  const float y[6] = { 1, 0, 1, 0, 0, 1 };
  g_autofree char *csv = NULL;

  memcpy (dataset->x, x, sizeof x);
  memcpy (dataset->y, y, sizeof y);
  set_name (nrt_dataset_set_feature_name, dataset, 0, "size");
  set_name (nrt_dataset_set_target_name, dataset, 0, "red");
  set_name (nrt_dataset_set_target_name, dataset, 1, "green");
  set_name (nrt_dataset_set_target_name, dataset, 2, "blue");

  /* Labels are numbers, one column each, not class names. */
  csv = nrt_split_csv_format (dataset, assignment);
  g_assert_cmpstr (csv, ==,
                   "size,red,green,blue,split\n"
                   "1.5,1,0,1,test\n"
                   "2,0,0,1,test\n");
  nrt_dataset_free (dataset);
}

static void
test_write (void)
{
  NrtDataset *dataset = new_dataset (1, 1, NRT_TASK_CLASSIFICATION, 1, 2);
  const guint8 assignment[1] = { NRT_PART_TRAIN };
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("nrt-split-csv-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *contents = NULL;

  g_assert_no_error (error);
  dataset->x[0] = 0.5f;
  dataset->y[0] = 1;
  path = g_build_filename (dir, "parts.csv", NULL);
  g_assert_true (g_file_set_contents (path, "old contents\n", -1, NULL));

  g_assert_true (nrt_split_csv_write (dataset, assignment, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "x1,label,split\n0.5,1,train\n");

  missing = g_build_filename (dir, "no-such-folder", "parts.csv", NULL);
  g_assert_false (nrt_split_csv_write (dataset, assignment, missing, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  nrt_dataset_free (dataset);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/io/split-csv/classification", test_classification);
  g_test_add_func ("/io/split-csv/regression", test_regression);
  g_test_add_func ("/io/split-csv/multilabel", test_multilabel);
  g_test_add_func ("/io/split-csv/write", test_write);
  return g_test_run ();
}
