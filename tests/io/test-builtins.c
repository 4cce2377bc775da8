/* Tests of the built-in datasets: the table, the generators through it, and
 * the bundled CSV files read from the compiled-in resource. */
#include <gio/gio.h>
#include <glib.h>
#include <string.h>

#include "io/nrt-builtins.h"

static const char *const expected_ids[] = {
  "circle", "xor", "gaussian", "spiral", "blobs",
  "iris", "breast_cancer", "digits8x8", "diabetes", "coffee_roasting", "blobs4",
};

static void
test_list (void)
{
  const NrtBuiltinDataset *builtins;
  int n = 0;

  builtins = nrt_builtins_list (&n);
  g_assert_cmpint (n, ==, G_N_ELEMENTS (expected_ids));
  for (int i = 0; i < n; i++)
    {
      g_assert_cmpstr (builtins[i].id, ==, expected_ids[i]);
      g_assert_nonnull (builtins[i].title);
      g_assert_cmpstr (builtins[i].title, !=, "");
      g_assert_true (builtins[i].is_generator == (i < 5));
      g_assert_true (nrt_builtins_find (builtins[i].id) == &builtins[i]);
    }
  g_assert_cmpint (builtins[4].generator, ==, NRT_GENERATOR_BLOBS);
  g_assert_null (nrt_builtins_find ("mnist"));
  g_assert_null (nrt_builtins_find (NULL));
}

static void
test_generators (void)
{
  for (int i = 0; i < 5; i++)
    {
      g_autoptr (GError) error = NULL;
      NrtDataset *a, *b;

      g_test_message ("generator: %s", expected_ids[i]);
      a = nrt_builtins_load (expected_ids[i], 300, 0.1, 12, &error);
      g_assert_no_error (error);
      b = nrt_builtins_load (expected_ids[i], 300, 0.1, 12, &error);
      g_assert_no_error (error);
      g_assert_cmpint (a->n_samples, ==, 300);
      g_assert_cmpint (a->n_features, ==, 2);
      g_assert_cmpint (a->n_classes, ==, i == 4 ? 4 : 2);
      g_assert_cmpmem (a->x, 600 * sizeof (float), b->x, 600 * sizeof (float));
      nrt_dataset_free (a);
      nrt_dataset_free (b);
    }
}

typedef struct {
  const char *id;
  int n_samples;
  int n_features;
  int n_classes;
  const char *class_names[3];    /* the first classes, in order */
} BundledCase;

static const BundledCase bundled_cases[] = {
  { "iris", 150, 4, 3, { "setosa", "versicolor", "virginica" } },
  { "breast_cancer", 569, 30, 2, { "benign", "malignant", NULL } },
  { "digits8x8", 1797, 64, 10, { "0", "1", "2" } },
  { "diabetes", 442, 10, 0, { NULL, NULL, NULL } },
  { "coffee_roasting", 200, 2, 2, { "0", "1", NULL } },
  { "blobs4", 2000, 2, 4, { "0", "1", "2" } },
};

static void
test_bundled (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (bundled_cases); i++)
    {
      const BundledCase *expected = &bundled_cases[i];
      g_autoptr (GError) error = NULL;
      NrtDataset *dataset;

      g_test_message ("dataset: %s", expected->id);
      /* Sample count, noise and seed do not apply to bundled files. */
      dataset = nrt_builtins_load (expected->id, 10, 0.0, 0, &error);
      g_assert_no_error (error);
      g_assert_cmpint (dataset->n_samples, ==, expected->n_samples);
      g_assert_cmpint (dataset->n_features, ==, expected->n_features);
      g_assert_cmpint (dataset->n_classes, ==, expected->n_classes);
      for (int c = 0; c < 3 && expected->class_names[c] != NULL; c++)
        g_assert_cmpstr (dataset->class_names[c], ==, expected->class_names[c]);
      nrt_dataset_free (dataset);
    }
}

/* The first iris row is 5.1, 3.5, 1.4, 0.2, setosa, and the file has 50
 * flowers of each species. */
static void
test_iris_values (void)
{
  g_autoptr (GError) error = NULL;
  NrtDataset *iris = nrt_builtins_load ("iris", 0, 0.0, 0, &error);
  const float first_row[] = { 5.1f, 3.5f, 1.4f, 0.2f };
  int counts[3];

  g_assert_no_error (error);
  g_assert_cmpmem (iris->x, sizeof first_row, first_row, sizeof first_row);
  g_assert_cmpfloat (iris->y[0], ==, 0.0f);
  g_assert_cmpstr (iris->feature_names[0], ==, "sepal_length_cm");
  nrt_dataset_count_classes (iris, counts);
  for (int c = 0; c < 3; c++)
    g_assert_cmpint (counts[c], ==, 50);
  nrt_dataset_free (iris);
}

static void
test_unknown_id (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_null (nrt_builtins_load ("mnist", 100, 0.0, 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_test_message ("message: %s", error->message);
  g_assert_nonnull (strstr (error->message, "“mnist”"));
  for (gsize i = 0; i < G_N_ELEMENTS (expected_ids); i++)
    g_assert_nonnull (strstr (error->message, expected_ids[i]));
}

static void
test_invalid_settings (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_null (nrt_builtins_load ("circle", 1, 0.0, 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_test_message ("message: %s", error->message);
  g_assert_nonnull (strstr (error->message, "circle"));
  g_assert_nonnull (strstr (error->message, "samples 1"));
  g_clear_error (&error);

  g_assert_null (nrt_builtins_load ("spiral", 100, 2.0, 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "noise 2"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/io/builtins/list", test_list);
  g_test_add_func ("/io/builtins/generators", test_generators);
  g_test_add_func ("/io/builtins/bundled", test_bundled);
  g_test_add_func ("/io/builtins/iris-values", test_iris_values);
  g_test_add_func ("/io/builtins/unknown-id", test_unknown_id);
  g_test_add_func ("/io/builtins/invalid-settings", test_invalid_settings);

  return g_test_run ();
}
