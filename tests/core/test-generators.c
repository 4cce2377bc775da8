/* Tests of the 2-D generators: determinism, class sizes, geometry, and
 * rejection of invalid configs. Expected values are hand calculations from
 * the definitions in nrt-generators.c. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/nrt-generators.h"

static NrtDataset *
generate_or_fail (const NrtGeneratorConfig *config)
{
  NrtError err = { NRT_OK, "" };
  NrtDataset *dataset = nrt_generate (config, &err);

  if (dataset == NULL)
    g_error ("nrt_generate failed: %s", err.message);
  return dataset;
}

static NrtDataset *
generate_kind (NrtGeneratorKind kind, int n_samples, double noise, guint64 seed)
{
  NrtGeneratorConfig config = nrt_generator_config_default (kind);

  config.n_samples = n_samples;
  config.noise = noise;
  config.seed = seed;
  return generate_or_fail (&config);
}

static void
test_names (void)
{
  for (int kind = 0; kind < NRT_GENERATOR_COUNT; kind++)
    g_assert_cmpint (nrt_generator_from_name (nrt_generator_name (kind)), ==, kind);
  g_assert_cmpstr (nrt_generator_name (NRT_GENERATOR_SPIRAL), ==, "spiral");
  g_assert_cmpint (nrt_generator_from_name ("moons"), ==, -1);
  g_assert_cmpint (nrt_generator_from_name (NULL), ==, -1);
  g_assert_null (nrt_generator_name (NRT_GENERATOR_COUNT));
}

static void
test_shape_and_names (void)
{
  for (int kind = 0; kind < NRT_GENERATOR_COUNT; kind++)
    {
      NrtDataset *dataset = generate_kind (kind, 100, 0.1, 7);

      g_assert_cmpint (dataset->n_samples, ==, 100);
      g_assert_cmpint (dataset->n_features, ==, 2);
      g_assert_cmpint (dataset->n_classes, ==, kind == NRT_GENERATOR_BLOBS ? 4 : 2);
      g_assert_cmpstr (dataset->feature_names[0], ==, "x1");
      g_assert_cmpstr (dataset->feature_names[1], ==, "x2");
      for (int i = 0; i < 2 * dataset->n_samples; i++)
        g_assert_true (isfinite (dataset->x[i]));
      nrt_dataset_free (dataset);
    }
}

static void
test_deterministic_per_seed (void)
{
  for (int kind = 0; kind < NRT_GENERATOR_COUNT; kind++)
    {
      NrtDataset *a = generate_kind (kind, 300, 0.2, 42);
      NrtDataset *b = generate_kind (kind, 300, 0.2, 42);
      NrtDataset *c = generate_kind (kind, 300, 0.2, 43);

      g_test_message ("generator %s", nrt_generator_name (kind));
      g_assert_cmpmem (a->x, 600 * sizeof (float), b->x, 600 * sizeof (float));
      g_assert_cmpmem (a->y, 300 * sizeof (float), b->y, 300 * sizeof (float));
      g_assert_true (memcmp (a->x, c->x, 600 * sizeof (float)) != 0);
      nrt_dataset_free (a);
      nrt_dataset_free (b);
      nrt_dataset_free (c);
    }
}

/* Without noise, circle, gaussian and spiral give ceil(n/2) points of
 * class 1 and floor(n/2) of class 0; blobs split n as evenly as possible. */
static void
test_class_balance (void)
{
  const NrtGeneratorKind kinds[] = {
    NRT_GENERATOR_CIRCLE, NRT_GENERATOR_GAUSSIAN, NRT_GENERATOR_SPIRAL,
  };
  NrtDataset *blobs;
  int counts[4];

  for (gsize k = 0; k < G_N_ELEMENTS (kinds); k++)
    for (int n = 500; n <= 501; n++)
      {
        NrtDataset *dataset = generate_kind (kinds[k], n, 0.0, 3);

        nrt_dataset_count_classes (dataset, counts);
        g_assert_cmpint (counts[1], ==, n - n / 2);
        g_assert_cmpint (counts[0], ==, n / 2);
        nrt_dataset_free (dataset);
      }

  blobs = generate_kind (NRT_GENERATOR_BLOBS, 10, 0.0, 3);
  nrt_dataset_count_classes (blobs, counts);
  g_assert_cmpint (counts[0], ==, 3);
  g_assert_cmpint (counts[1], ==, 3);
  g_assert_cmpint (counts[2], ==, 2);
  g_assert_cmpint (counts[3], ==, 2);
  nrt_dataset_free (blobs);
}

/* Class 1 lies within radius 2.5 and class 0 in the ring from 3.5 to 5.
 * Noise changes labels but never moves a point. */
static void
test_circle_geometry (void)
{
  const double noises[] = { 0.0, 0.5 };

  for (gsize k = 0; k < G_N_ELEMENTS (noises); k++)
    {
      NrtDataset *dataset = generate_kind (NRT_GENERATOR_CIRCLE, 1000, noises[k], 11);
      int n_inside = 0;

      for (int i = 0; i < dataset->n_samples; i++)
        {
          double r = hypot (dataset->x[2 * i], dataset->x[2 * i + 1]);

          g_assert_cmpfloat (r, <=, 5.0 + 1e-6);
          if (r < 2.5)
            n_inside++;
          else
            g_assert_cmpfloat (r, >=, 3.5 - 1e-6);
          if (noises[k] == 0.0)
            g_assert_cmpfloat (dataset->y[i], ==, r < 2.5 ? 1.0f : 0.0f);
        }
      g_assert_cmpint (n_inside, ==, 500);
      nrt_dataset_free (dataset);
    }
}

static void
test_xor_geometry (void)
{
  NrtDataset *dataset = generate_kind (NRT_GENERATOR_XOR, 1000, 0.0, 5);
  int n_positive = 0;

  for (int i = 0; i < dataset->n_samples; i++)
    {
      double x1 = dataset->x[2 * i];
      double x2 = dataset->x[2 * i + 1];

      /* float rounding of the stored value moves it by at most 3e-7 here. */
      g_assert_cmpfloat (fabs (x1), >=, 0.3 - 1e-6);
      g_assert_cmpfloat (fabs (x2), >=, 0.3 - 1e-6);
      g_assert_cmpfloat (fabs (x1), <=, 5.3 + 1e-6);
      g_assert_cmpfloat (fabs (x2), <=, 5.3 + 1e-6);
      g_assert_cmpfloat (dataset->y[i], ==, x1 * x2 >= 0.0 ? 1.0f : 0.0f);
      if (dataset->y[i] == 1.0f)
        n_positive++;
    }
  /* Quadrants are equally likely: 500 expected, standard deviation 16. */
  g_assert_cmpint (n_positive, >, 400);
  g_assert_cmpint (n_positive, <, 600);
  nrt_dataset_free (dataset);
}

/* Noise 0 gives variance 0.5 and noise 0.5 variance 4. With 5000 points a
 * class mean has standard error sqrt(4 / 5000) = 0.028 at most, so 0.15 is
 * more than five standard errors. */
static void
test_gaussian_means (void)
{
  const double noises[] = { 0.0, 0.5 };
  const double variances[] = { 0.5, 4.0 };

  for (gsize k = 0; k < G_N_ELEMENTS (noises); k++)
    {
      NrtDataset *dataset = generate_kind (NRT_GENERATOR_GAUSSIAN, 10000, noises[k], 17);

      for (int c = 0; c < 2; c++)
        {
          double expected_mean = c == 1 ? 2.0 : -2.0;
          double sum[2] = { 0.0, 0.0 };
          double sum_sq = 0.0;
          int n = 0;

          for (int i = 0; i < dataset->n_samples; i++)
            if (dataset->y[i] == (float) c)
              {
                sum[0] += dataset->x[2 * i];
                sum[1] += dataset->x[2 * i + 1];
                sum_sq += (dataset->x[2 * i] - expected_mean) * (dataset->x[2 * i] - expected_mean);
                n++;
              }
          g_assert_cmpint (n, ==, 5000);
          g_test_message ("noise %g class %d: mean (%g, %g), variance %g",
                          noises[k], c, sum[0] / n, sum[1] / n, sum_sq / n);
          g_assert_cmpfloat_with_epsilon (sum[0] / n, expected_mean, 0.15);
          g_assert_cmpfloat_with_epsilon (sum[1] / n, expected_mean, 0.15);
          /* The variance estimate has standard error variance * sqrt(2 / n),
           * 0.08 at variance 4; 10% is over five standard errors. */
          g_assert_cmpfloat_with_epsilon (sum_sq / n, variances[k], 0.1 * variances[k]);
        }
      nrt_dataset_free (dataset);
    }
}

static void
test_spiral_geometry (void)
{
  NrtDataset *dataset = generate_kind (NRT_GENERATOR_SPIRAL, 500, 0.0, 1);
  NrtDataset *noisy = generate_kind (NRT_GENERATOR_SPIRAL, 500, 1.0, 1);

  for (int i = 0; i < dataset->n_samples; i++)
    {
      g_assert_cmpfloat (hypot (dataset->x[2 * i], dataset->x[2 * i + 1]), <=, 5.0 + 1e-6);
      /* Uniform noise of at most 1 per axis moves a point by at most sqrt(2). */
      g_assert_cmpfloat (hypot (noisy->x[2 * i] - dataset->x[2 * i],
                                noisy->x[2 * i + 1] - dataset->x[2 * i + 1]),
                         <=, sqrt (2.0) + 1e-6);
    }

  /* The first arm (class 1) has 250 points. Its point 125 has radius 2.5
   * and angle 1.75 * 2 pi * 0.5 = 1.75 pi, so it lies at
   * (2.5 sin 1.75 pi, 2.5 cos 1.75 pi) = (-1.767767, 1.767767). The second
   * arm (class 0) starts at index 250 and is rotated by pi. */
  g_assert_cmpfloat_with_epsilon (dataset->x[2 * 125], -1.767767, 1e-5);
  g_assert_cmpfloat_with_epsilon (dataset->x[2 * 125 + 1], 1.767767, 1e-5);
  g_assert_cmpfloat (dataset->y[125], ==, 1.0f);
  g_assert_cmpfloat_with_epsilon (dataset->x[2 * 375], 1.767767, 1e-5);
  g_assert_cmpfloat_with_epsilon (dataset->x[2 * 375 + 1], -1.767767, 1e-5);
  g_assert_cmpfloat (dataset->y[375], ==, 0.0f);
  nrt_dataset_free (dataset);
  nrt_dataset_free (noisy);
}

/* 2000 points at standard deviation 1: each cluster mean has standard error
 * 1 / sqrt(500) = 0.045, so 0.2 is over four standard errors. */
static void
test_blobs_default (void)
{
  NrtGeneratorConfig config = nrt_generator_config_default (NRT_GENERATOR_BLOBS);
  const double centers[4][2] = { { -5, 2 }, { -2, -2 }, { 1, 2 }, { 5, -2 } };
  NrtDataset *dataset;
  int counts[4];

  g_assert_cmpint (config.n_samples, ==, 500);
  g_assert_cmpint (config.n_centers, ==, 4);
  g_assert_cmpfloat (config.stddev, ==, 1.0);
  config.n_samples = 2000;
  config.seed = 9;
  dataset = generate_or_fail (&config);
  nrt_dataset_count_classes (dataset, counts);

  for (int k = 0; k < 4; k++)
    {
      double sum[2] = { 0.0, 0.0 };

      g_assert_cmpint (counts[k], ==, 500);
      for (int i = 0; i < dataset->n_samples; i++)
        if (dataset->y[i] == (float) k)
          {
            sum[0] += dataset->x[2 * i];
            sum[1] += dataset->x[2 * i + 1];
          }
      g_assert_cmpfloat_with_epsilon (sum[0] / 500, centers[k][0], 0.2);
      g_assert_cmpfloat_with_epsilon (sum[1] / 500, centers[k][1], 0.2);
    }
  nrt_dataset_free (dataset);
}

typedef struct {
  const char *name;
  NrtGeneratorConfig config;
  const char *expected_in_message;
} InvalidCase;

static void
test_invalid_configs (void)
{
  static const double one_center[] = { 0.0, 0.0 };
  NrtGeneratorConfig circle = nrt_generator_config_default (NRT_GENERATOR_CIRCLE);
  NrtGeneratorConfig blobs = nrt_generator_config_default (NRT_GENERATOR_BLOBS);
  InvalidCase cases[9];
  int n = 0;

  cases[n] = (InvalidCase) { "one sample", circle, "1" };
  cases[n++].config.n_samples = 1;
  cases[n] = (InvalidCase) { "too many samples", circle, "1000001" };
  cases[n++].config.n_samples = 1000001;
  cases[n] = (InvalidCase) { "negative noise", circle, "-0.1" };
  cases[n++].config.noise = -0.1;
  cases[n] = (InvalidCase) { "noise above 1", circle, "1.5" };
  cases[n++].config.noise = 1.5;
  cases[n] = (InvalidCase) { "NaN noise", circle, "nan" };
  cases[n++].config.noise = NAN;
  cases[n] = (InvalidCase) { "NULL centres", blobs, "NULL" };
  cases[n++].config.centers = NULL;
  cases[n] = (InvalidCase) { "zero stddev", blobs, "standard deviation 0" };
  cases[n++].config.stddev = 0.0;
  cases[n] = (InvalidCase) { "one centre", blobs, "centres 1" };
  cases[n].config.n_centers = 1;
  cases[n++].config.centers = one_center;
  cases[n] = (InvalidCase) { "unknown kind", circle, "kind 99" };
  cases[n++].config.kind = (NrtGeneratorKind) 99;

  for (int i = 0; i < n; i++)
    {
      NrtError err = { NRT_OK, "" };

      g_test_message ("case: %s", cases[i].name);
      g_assert_null (nrt_generate (&cases[i].config, &err));
      g_assert_cmpint (err.status, ==, NRT_ERROR_INVALID);
      g_test_message ("message: %s", err.message);
      g_assert_nonnull (strstr (err.message, cases[i].expected_in_message));
    }
  g_assert_null (nrt_generate (NULL, NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/generators/names", test_names);
  g_test_add_func ("/core/generators/shape-and-names", test_shape_and_names);
  g_test_add_func ("/core/generators/deterministic-per-seed", test_deterministic_per_seed);
  g_test_add_func ("/core/generators/class-balance", test_class_balance);
  g_test_add_func ("/core/generators/circle-geometry", test_circle_geometry);
  g_test_add_func ("/core/generators/xor-geometry", test_xor_geometry);
  g_test_add_func ("/core/generators/gaussian-means", test_gaussian_means);
  g_test_add_func ("/core/generators/spiral-geometry", test_spiral_geometry);
  g_test_add_func ("/core/generators/blobs-default", test_blobs_default);
  g_test_add_func ("/core/generators/invalid-configs", test_invalid_configs);

  return g_test_run ();
}
