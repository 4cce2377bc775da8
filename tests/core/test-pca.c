/* test-pca.c: principal components against NumPy 1.24's np.linalg.eigh,
 * and the round trip through transform and inverse.
 *
 * The golden values come from this script, on the table below read as
 * float32 and widened to float64 as the core reads it:
 *   x = x.astype(np.float32).astype(np.float64)
 *   s = x.std(0); s[s == 0] = 1; z = (x - x.mean(0)) / s
 *   w, v = np.linalg.eigh(z.T @ z / len(x)); w, v = w[::-1], v[:, ::-1]
 *   v = v * np.sign(v[np.abs(v).argmax(0), range(v.shape[1])])
 * giving the variances w, the components v.T and the projections z @ v.
 */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/nrt-pca.h"

#define N_ROWS 8

static const float table[N_ROWS][3] = {
  { 2.5f, 2.4f, 1.0f }, { 0.5f, 0.7f, 3.0f }, { 2.2f, 2.9f, 0.5f }, { 1.9f, 2.2f, 1.5f },
  { 3.1f, 3.0f, -0.5f }, { 2.3f, 2.7f, 2.0f }, { 2.0f, 1.6f, 1.0f }, { 1.0f, 1.1f, 2.5f },
};

static const double expected_variance[3] = {
  2.732548776237887, 0.21139796685595322, 0.05605325690615941,
};

static const double expected_components[3][3] = {
  { 0.5935267647468772, 0.5725107093485178, -0.565647829669983 },
  { 0.08364648662929518, 0.6551426089694954, 0.7508604578663189 },
  { 0.8004556482427244, -0.49297023195513523, 0.340956163754844 },
};

/* The projections of the first two rows. */
static const double expected_projection[2][3] = {
  { 0.8642568269326902, 0.05957403288711495, 0.2583872202016247 },
  { -2.956498868738072, -0.12306617825662663, -0.1088570610047663 },
};

static void
assert_close (double actual, double expected, double tolerance)
{
  if (!(fabs (actual - expected) <= tolerance))
    g_test_fail_printf ("got %.15g, expected %.15g: difference %.3g > %.3g", actual, expected,
                        fabs (actual - expected), tolerance);
}

static NrtPca *
fit_or_fail (const float *x, int n, int n_features, int n_components)
{
  NrtError err = { 0 };
  NrtPca *pca = nrt_pca_fit (x, n, n_features, n_components, &err);

  if (pca == NULL)
    g_error ("nrt_pca_fit failed: %s", err.message);
  return pca;
}

/* Both solvers work in double precision, so 1e-9 leaves room for their
 * different rounding without hiding a wrong vector. */
static void
test_numpy_eigh (void)
{
  NrtPca *pca = fit_or_fail (&table[0][0], N_ROWS, 3, 3);
  float z[N_ROWS * 3];
  double max_difference = 0.0;

  g_assert_cmpint (pca->n_features, ==, 3);
  g_assert_cmpint (pca->n_components, ==, 3);
  for (int k = 0; k < 3; k++)
    {
      max_difference = fmax (max_difference, fabs (pca->variance[k] - expected_variance[k]));
      for (int f = 0; f < 3; f++)
        max_difference = fmax (max_difference, fabs (pca->components[k * 3 + f]
                                                     - expected_components[k][f]));
    }
  g_test_message ("max difference from NumPy: %g", max_difference);
  g_assert_cmpfloat (max_difference, <=, 1e-9);
  /* Three standardized features: the variances sum to 3. */
  assert_close (pca->total_variance, 3.0, 1e-12);

  /* The projections are float32. */
  nrt_pca_transform (pca, &table[0][0], N_ROWS, z);
  for (int i = 0; i < 2; i++)
    for (int k = 0; k < 3; k++)
      assert_close (z[i * 3 + k], expected_projection[i][k], 1e-6);
  nrt_pca_free (pca);
}

/* Fewer components keep the leading ones. */
static void
test_two_components (void)
{
  NrtPca *pca = fit_or_fail (&table[0][0], N_ROWS, 3, 2);
  float z[N_ROWS * 2];

  g_assert_cmpint (pca->n_components, ==, 2);
  for (int k = 0; k < 2; k++)
    {
      assert_close (pca->variance[k], expected_variance[k], 1e-9);
      for (int f = 0; f < 3; f++)
        assert_close (pca->components[k * 3 + f], expected_components[k][f], 1e-9);
    }
  assert_close (pca->total_variance, 3.0, 1e-12);
  nrt_pca_transform (pca, &table[0][0], N_ROWS, z);
  assert_close (z[0], expected_projection[0][0], 1e-6);
  assert_close (z[1], expected_projection[0][1], 1e-6);
  nrt_pca_free (pca);
}

/* With every component kept, inverse undoes transform up to float32
 * rounding of the projections. */
static void
test_round_trip (void)
{
  NrtPca *pca = fit_or_fail (&table[0][0], N_ROWS, 3, 3);
  float z[N_ROWS * 3], x[N_ROWS * 3];
  double max_difference = 0.0;

  nrt_pca_transform (pca, &table[0][0], N_ROWS, z);
  nrt_pca_inverse (pca, z, N_ROWS, x);
  for (int i = 0; i < N_ROWS * 3; i++)
    max_difference = fmax (max_difference, fabs (x[i] - (&table[0][0])[i]));
  g_test_message ("max |inverse(transform(x)) - x| = %g", max_difference);
  g_assert_cmpfloat (max_difference, <=, 1e-5);
  nrt_pca_free (pca);
}

/* A constant feature is centred but not scaled, adds no variance, and has
 * a component of its own with variance 0 (NumPy's fourth eigenvector is
 * e4). The other components are those of the three-feature table. */
static void
test_constant_feature (void)
{
  float x[N_ROWS * 4], z[N_ROWS * 4], back[N_ROWS * 4];
  NrtPca *pca;

  for (int i = 0; i < N_ROWS; i++)
    {
      memcpy (x + i * 4, table[i], 3 * sizeof (float));
      x[i * 4 + 3] = 7.0f;
    }
  pca = fit_or_fail (x, N_ROWS, 4, 4);
  assert_close (pca->mean[3], 7.0, 0.0);
  assert_close (pca->scale[3], 1.0, 0.0);
  assert_close (pca->total_variance, 3.0, 1e-12);
  for (int k = 0; k < 3; k++)
    {
      assert_close (pca->variance[k], expected_variance[k], 1e-9);
      for (int f = 0; f < 3; f++)
        assert_close (pca->components[k * 4 + f], expected_components[k][f], 1e-9);
      assert_close (pca->components[k * 4 + 3], 0.0, 1e-12);
    }
  assert_close (pca->variance[3], 0.0, 1e-12);
  assert_close (pca->components[3 * 4 + 3], 1.0, 1e-12);

  nrt_pca_transform (pca, x, N_ROWS, z);
  nrt_pca_inverse (pca, z, N_ROWS, back);
  for (int i = 0; i < N_ROWS * 4; i++)
    assert_close (back[i], x[i], 1e-5);
  nrt_pca_free (pca);
}

/* One sample has no spread: every variance is 0 and the projection is 0. */
static void
test_one_sample (void)
{
  const float x[3] = { 1.0f, -2.0f, 5.0f };
  NrtPca *pca = fit_or_fail (x, 1, 3, 2);
  float z[2], back[3];

  assert_close (pca->total_variance, 0.0, 0.0);
  nrt_pca_transform (pca, x, 1, z);
  assert_close (z[0], 0.0, 0.0);
  assert_close (z[1], 0.0, 0.0);
  nrt_pca_inverse (pca, z, 1, back);
  for (int f = 0; f < 3; f++)
    assert_close (back[f], x[f], 0.0);
  nrt_pca_free (pca);
}

static void
test_invalid (void)
{
  NrtError err = { 0 };

  g_assert_null (nrt_pca_fit (&table[0][0], N_ROWS, 3, 4, &err));
  g_test_message ("message: %s", err.message);
  g_assert_cmpint (err.status, ==, NRT_ERROR_INVALID);
  g_assert_nonnull (strstr (err.message, "1 to 3 components"));
  g_assert_null (nrt_pca_fit (&table[0][0], N_ROWS, 3, 0, &err));
  g_assert_null (nrt_pca_fit (&table[0][0], 0, 3, 2, &err));
  g_assert_nonnull (strstr (err.message, "got 0"));
  g_assert_null (nrt_pca_fit (NULL, N_ROWS, 3, 2, &err));
  nrt_pca_free (NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/pca/numpy-eigh", test_numpy_eigh);
  g_test_add_func ("/core/pca/two-components", test_two_components);
  g_test_add_func ("/core/pca/round-trip", test_round_trip);
  g_test_add_func ("/core/pca/constant-feature", test_constant_feature);
  g_test_add_func ("/core/pca/one-sample", test_one_sample);
  g_test_add_func ("/core/pca/invalid", test_invalid);

  return g_test_run ();
}
