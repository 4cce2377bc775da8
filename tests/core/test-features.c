/* test-features.c: derived features, the plane of decision regions and
 * feature means. Sines are NumPy's np.sin in float64. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/nrt-features.h"

static void
test_count (void)
{
  g_assert_cmpint (nrt_derived_features_count (0), ==, 2);
  g_assert_cmpint (nrt_derived_features_count (NRT_DERIVED_ALL), ==, 7);
  g_assert_cmpint (nrt_derived_features_count (NRT_DERIVED_X1_SQUARED | NRT_DERIVED_SIN_X2), ==,
                   4);
}

/* Rows (1, 2) and (-0.5, 3): sin 1 = 0.8414709848078965,
 * sin 2 = 0.9092974268256817, sin -0.5 = -0.479425538604203,
 * sin 3 = 0.1411200080598672. */
static void
test_apply (void)
{
  const float xy[4] = { 1.0f, 2.0f, -0.5f, 3.0f };
  const double all[14] = {
    1, 2, 1, 4, 2, 0.8414709848078965, 0.9092974268256817,
    -0.5, 3, 0.25, 9, -1.5, -0.479425538604203, 0.1411200080598672,
  };
  const float some[8] = { 1, 2, 2, 0.9092974268256817f, -0.5f, 3, -1.5f, 0.1411200080598672f };
  float out[14];

  nrt_derived_features_apply (NRT_DERIVED_ALL, xy, 2, out);
  for (int i = 0; i < 14; i++)
    g_assert_cmpfloat_with_epsilon (out[i], all[i], 1e-6);

  /* Only the flags given, in the table's order. */
  nrt_derived_features_apply (NRT_DERIVED_SIN_X2 | NRT_DERIVED_X1_TIMES_X2, xy, 2, out);
  for (int i = 0; i < 8; i++)
    g_assert_cmpfloat_with_epsilon (out[i], some[i], 1e-6);
}

static void
test_dataset_names (void)
{
  NrtDataset *data = nrt_dataset_new (3, 2, 2, NULL);
  NrtError err = { 0 };
  NrtDataset *derived;
  const char *expected[7] = { "a", "b", "a²", "b²", "a·b", "sin a", "sin b" };

  for (int i = 0; i < 6; i++)
    data->x[i] = (float) i;
  data->y[2] = 1.0f;
  nrt_dataset_set_feature_name (data, 0, "a", NULL);
  nrt_dataset_set_feature_name (data, 1, "b", NULL);
  nrt_dataset_set_class_name (data, 1, "yes", NULL);
  nrt_dataset_set_target_name (data, 0, "answer", NULL);

  derived = nrt_dataset_with_derived_features (data, NRT_DERIVED_ALL, &err);
  g_assert_nonnull (derived);
  g_assert_cmpint (derived->n_features, ==, 7);
  g_assert_cmpint (derived->n_samples, ==, 3);
  for (int f = 0; f < 7; f++)
    g_assert_cmpstr (derived->feature_names[f], ==, expected[f]);
  g_assert_cmpint (derived->task, ==, NRT_TASK_CLASSIFICATION);
  g_assert_cmpstr (derived->class_names[1], ==, "yes");
  g_assert_cmpstr (derived->target_names[0], ==, "answer");
  g_assert_cmpfloat (derived->y[2], ==, 1.0f);
  /* Row 2 is (4, 5): 16, 25, 20. */
  g_assert_cmpfloat (derived->x[2 * 7 + 2], ==, 16.0f);
  g_assert_cmpfloat (derived->x[2 * 7 + 3], ==, 25.0f);
  g_assert_cmpfloat (derived->x[2 * 7 + 4], ==, 20.0f);
  nrt_dataset_free (derived);

  derived = nrt_dataset_with_derived_features (data, 0, &err);
  g_assert_nonnull (derived);
  g_assert_cmpint (derived->n_features, ==, 2);
  g_assert_cmpmem (derived->x, 6 * sizeof (float), data->x, 6 * sizeof (float));
  nrt_dataset_free (derived);
  nrt_dataset_free (data);
}

static void
test_dataset_invalid (void)
{
  NrtDataset *three = nrt_dataset_new (2, 3, 0, NULL);
  NrtDataset *two = nrt_dataset_new (2, 2, 0, NULL);
  NrtError err = { 0 };

  g_assert_null (nrt_dataset_with_derived_features (three, NRT_DERIVED_ALL, &err));
  g_test_message ("message: %s", err.message);
  g_assert_nonnull (strstr (err.message, "has 3"));
  g_assert_null (nrt_dataset_with_derived_features (two, 1u << 7, &err));
  g_test_message ("message: %s", err.message);
  g_assert_nonnull (strstr (err.message, "0x80"));
  g_assert_null (nrt_dataset_with_derived_features (NULL, 0, &err));
  nrt_dataset_free (three);
  nrt_dataset_free (two);
}

/* Feature 0 runs over u and feature 2 over v; feature 1 keeps its base
 * value. Row j * n_u + i has u_values[i] and v_values[j]. */
static void
test_fill_plane (void)
{
  const float base[3] = { 1.0f, 2.0f, 3.0f };
  const float u_values[2] = { 10.0f, 20.0f };
  const float v_values[3] = { -1.0f, -2.0f, -3.0f };
  float out[6 * 3];

  nrt_features_fill_plane (base, 3, 0, u_values, 2, 2, v_values, 3, out);
  for (int j = 0; j < 3; j++)
    for (int i = 0; i < 2; i++)
      {
        const float *row = out + (j * 2 + i) * 3;

        g_assert_cmpfloat (row[0], ==, u_values[i]);
        g_assert_cmpfloat (row[1], ==, 2.0f);
        g_assert_cmpfloat (row[2], ==, v_values[j]);
      }
}

static void
test_feature_means (void)
{
  NrtDataset *data = nrt_dataset_new (4, 2, 0, NULL);
  const float x[8] = { 1, -1, 2, -2, 3, -3, 10, 0 };
  float mean[2];

  memcpy (data->x, x, sizeof x);
  nrt_dataset_feature_means (data, mean);
  g_assert_cmpfloat (mean[0], ==, 4.0f);
  g_assert_cmpfloat (mean[1], ==, -1.5f);
  nrt_dataset_free (data);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/features/count", test_count);
  g_test_add_func ("/core/features/apply", test_apply);
  g_test_add_func ("/core/features/dataset-names", test_dataset_names);
  g_test_add_func ("/core/features/dataset-invalid", test_dataset_invalid);
  g_test_add_func ("/core/features/fill-plane", test_fill_plane);
  g_test_add_func ("/core/features/feature-means", test_feature_means);

  return g_test_run ();
}
