/* test-trainer-split.c: the worker's split of the last rows for validation,
 * as Keras's fit(validation_split=...) and neurite-cli train without
 * --test-split hold them out, and the parts that the data export names. */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "nrt-trainer.h"

#define N_ROWS 10
#define N_FEATURES 2

/* Rows whose first feature is their index, so a part's rows show where
 * they came from. */
static NrtTrainerConfig *
make_config (double validation_fraction, double test_fraction)
{
  NrtTrainerConfig *config = nrt_trainer_config_new ();
  NrtError err = { 0 };

  config->dataset = nrt_dataset_new (N_ROWS, N_FEATURES, 2, &err);
  g_assert_nonnull (config->dataset);
  for (int i = 0; i < N_ROWS; i++)
    {
      config->dataset->x[N_FEATURES * i] = (float) i;
      config->dataset->x[N_FEATURES * i + 1] = (float) -i;
      config->dataset->y[i] = i % 2;
    }
  config->split_kind = NRT_TRAINER_SPLIT_LAST_ROWS;
  config->validation_fraction = validation_fraction;
  config->test_fraction = test_fraction;
  config->seed = 5;
  return config;
}

/* Checks that part contains the rows first to first + n - 1, in order. */
static void
assert_rows (const NrtDataset *part, int first, int n)
{
  g_assert_nonnull (part);
  g_assert_cmpint (part->n_samples, ==, n);
  for (int i = 0; i < n; i++)
    {
      g_assert_cmpfloat (part->x[N_FEATURES * i], ==, (float) (first + i));
      g_assert_cmpfloat (part->y[i], ==, (float) ((first + i) % 2));
    }
}

/* 10 rows with 0.25 for validation: floor(10 × 0.75) = 7 rows train and
 * the last 3 validate, as neurite-cli's split_validation counts them. */
static void
test_last_rows_parts (void)
{
  g_autoptr (NrtTrainerConfig) config = make_config (0.25, 0);
  g_autoptr (NrtTrainerSplits) splits = NULL;
  g_autoptr (GError) error = NULL;
  guint8 assignment[N_ROWS];

  splits = nrt_trainer_splits_new (config, &error);
  g_assert_no_error (error);
  assert_rows (splits->parts[NRT_SPLIT_TRAIN], 0, 7);
  assert_rows (splits->parts[NRT_SPLIT_VALIDATION], 7, 3);
  g_assert_null (splits->parts[NRT_SPLIT_TEST]);

  g_assert_true (nrt_trainer_config_assign_parts (config, assignment, &error));
  g_assert_no_error (error);
  for (int i = 0; i < N_ROWS; i++)
    g_assert_cmpint (assignment[i], ==, i < 7 ? NRT_PART_TRAIN : NRT_PART_VALIDATION);
}

/* Without a validation fraction every row trains. */
static void
test_last_rows_without_validation (void)
{
  g_autoptr (NrtTrainerConfig) config = make_config (0, 0);
  g_autoptr (NrtTrainerSplits) splits = NULL;
  g_autoptr (GError) error = NULL;

  splits = nrt_trainer_splits_new (config, &error);
  g_assert_no_error (error);
  assert_rows (splits->parts[NRT_SPLIT_TRAIN], 0, N_ROWS);
  g_assert_null (splits->parts[NRT_SPLIT_VALIDATION]);
  g_assert_null (splits->parts[NRT_SPLIT_TEST]);
}

/* A fraction that leaves a part without rows, and a test part, which the
 * last-rows split does not have, are rejected with a message. */
static void
test_last_rows_rejected (void)
{
  const struct {
    double validation;
    double test;
    const char *expected;     /* a part of the message */
  } cases[] = {
    { 0.95, 0, "leaves 0 rows for training and 10 for validation" },
    { 0.2, 0.2, "Set the test split to 0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (NrtTrainerConfig) config = make_config (cases[i].validation, cases[i].test);
      g_autoptr (GError) error = NULL;
      g_autoptr (GError) assign_error = NULL;
      guint8 assignment[N_ROWS];

      g_assert_null (nrt_trainer_splits_new (config, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      if (strstr (error->message, cases[i].expected) == NULL)
        g_error ("case %u: expected “%s” in “%s”", i, cases[i].expected, error->message);

      g_assert_false (nrt_trainer_config_assign_parts (config, assignment, &assign_error));
      g_assert_error (assign_error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }
}

/* The random split's assignment names the rows of the parts that
 * nrt_trainer_splits_new draws, which the first feature identifies. */
static void
test_random_assignment_matches_parts (void)
{
  g_autoptr (NrtTrainerConfig) config = make_config (0.2, 0.3);
  g_autoptr (NrtTrainerSplits) splits = NULL;
  g_autoptr (GError) error = NULL;
  guint8 assignment[N_ROWS];
  const NrtPart parts[NRT_SPLIT_COUNT] = { NRT_PART_TRAIN, NRT_PART_VALIDATION, NRT_PART_TEST };

  config->split_kind = NRT_TRAINER_SPLIT_RANDOM;
  splits = nrt_trainer_splits_new (config, &error);
  g_assert_no_error (error);
  g_assert_true (nrt_trainer_config_assign_parts (config, assignment, &error));
  g_assert_no_error (error);

  for (int s = 0; s < NRT_SPLIT_COUNT; s++)
    {
      const NrtDataset *part = splits->parts[s];

      g_assert_nonnull (part);
      for (int i = 0; i < part->n_samples; i++)
        {
          int row = (int) part->x[N_FEATURES * i];

          g_assert_cmpint (assignment[row], ==, parts[s]);
        }
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/trainer-split/last-rows-parts", test_last_rows_parts);
  g_test_add_func ("/trainer-split/last-rows-without-validation",
                   test_last_rows_without_validation);
  g_test_add_func ("/trainer-split/last-rows-rejected", test_last_rows_rejected);
  g_test_add_func ("/trainer-split/random-assignment-matches-parts",
                   test_random_assignment_matches_parts);
  return g_test_run ();
}
