/* Tests of neurite-cli's option parsers, progress lines, history CSV, the
 * checks of the loss against the data, the evaluation line, the predictions
 * CSV and the data preparation of the plot views, without running a
 * training. */
#include "config.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "core/nrt-loss.h"
#include "core/nrt-metrics.h"
#include "nrt-cli-compile.h"
#include "nrt-cli-evaluate.h"
#include "nrt-cli-file.h"
#include "nrt-cli-history.h"
#include "nrt-cli-model-options.h"
#include "nrt-cli-options.h"
#include "nrt-cli-predictions.h"
#include "nrt-cli-progress.h"
#include "nrt-cli-views.h"

static void
test_layers_valid (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree NrtDenseConfig *layers = NULL;
  g_autofree char *formatted = NULL;
  int n_layers = 0;

  layers = nrt_cli_parse_layers ("25:relu,15:relu,4:linear", NRT_INITIALIZER_GLOROT_UNIFORM,
                                 &n_layers, &error);
  g_assert_no_error (error);
  g_assert_nonnull (layers);
  g_assert_cmpint (n_layers, ==, 3);
  g_assert_cmpint (layers[0].units, ==, 25);
  g_assert_cmpint (layers[0].activation, ==, NRT_ACTIVATION_RELU);
  g_assert_cmpint (layers[1].units, ==, 15);
  g_assert_cmpint (layers[2].units, ==, 4);
  g_assert_cmpint (layers[2].activation, ==, NRT_ACTIVATION_LINEAR);
  g_assert_true (layers[0].use_bias);
  formatted = nrt_cli_format_layers (layers, n_layers);
  g_assert_cmpstr (formatted, ==, "25:relu,15:relu,4:linear");
}

static void
test_layers_default_activation (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree NrtDenseConfig *layers = NULL;
  int n_layers = 0;

  /* Keras's Dense is linear by default, and spaces around items are ignored. */
  layers = nrt_cli_parse_layers (" 8:tanh , 3 ", NRT_INITIALIZER_ZEROS, &n_layers, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n_layers, ==, 2);
  g_assert_cmpint (layers[0].activation, ==, NRT_ACTIVATION_TANH);
  g_assert_cmpint (layers[1].units, ==, 3);
  g_assert_cmpint (layers[1].activation, ==, NRT_ACTIVATION_LINEAR);
  g_assert_cmpint (layers[1].kernel_initializer, ==, NRT_INITIALIZER_ZEROS);
}

static void
test_layers_invalid (void)
{
  /* Each bad spec and the text its message must contain. */
  static const struct {
    const char *spec;
    const char *named;
  } cases[] = {
    { "", "empty" },
    { "25:rleu", "“rleu”" },
    { "25:relu,,4", "layer 2 is empty" },
    { "25:relu,", "layer 2 is empty" },
    { "0:relu", "“0:relu”" },
    { "-4", "“-4”" },
    { "x:relu", "“x:relu”" },
    { "2.5:relu", "“2.5:relu”" },
    { "99999999999:relu", "“99999999999:relu”" },
    { "99999999999:relu", "too large; a layer has at most 1000000 units" },
    { "1000001", "too large" },
    { "99999999999999999999999", "too large" },
    { "0:relu", "not positive" },
    { "-99999999999999999999999", "not positive" },
    { "2.5:relu", "not an integer" },
    { "25:", "activation “”" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      NrtDenseConfig *layers;
      int n_layers = -1;

      layers = nrt_cli_parse_layers (cases[i].spec, NRT_INITIALIZER_GLOROT_UNIFORM, &n_layers,
                                     &error);
      g_test_message ("spec “%s”: %s", cases[i].spec, error ? error->message : "(no error)");
      g_assert_null (layers);
      g_assert_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE);
      g_assert_nonnull (strstr (error->message, cases[i].named));
      g_assert_nonnull (strstr (error->message, "--layers"));
      g_assert_cmpint (n_layers, ==, -1);
    }
}

static void
test_double_range (void)
{
  static const NrtCliRange positive = { 0, G_MAXDOUBLE, TRUE, FALSE, "a positive number" };
  static const NrtCliRange below_one = { 0, 1, FALSE, TRUE, "a fraction below 1" };
  static const char *rejected_positive[] = { "0", "-0.1", "nan", "inf", "1,5", "", "0.1x", "1e999" };
  double value = 0;

  g_assert_true (nrt_cli_parse_double ("--learning-rate", "0.001", &positive, &value, NULL));
  g_assert_cmpfloat (value, ==, 0.001);
  g_assert_true (nrt_cli_parse_double ("--learning-rate", "1e-3", &positive, &value, NULL));
  g_assert_cmpfloat (value, ==, 0.001);

  for (gsize i = 0; i < G_N_ELEMENTS (rejected_positive); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *quoted = g_strdup_printf ("“%s”", rejected_positive[i]);

      g_assert_false (nrt_cli_parse_double ("--learning-rate", rejected_positive[i], &positive,
                                            &value, &error));
      g_assert_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, quoted));
      g_assert_nonnull (strstr (error->message, "--learning-rate"));
      g_assert_nonnull (strstr (error->message, "a positive number"));
    }

  /* Inclusive lower bound, exclusive upper bound. */
  g_assert_true (nrt_cli_parse_double ("--validation-split", "0", &below_one, &value, NULL));
  g_assert_cmpfloat (value, ==, 0);
  g_assert_false (nrt_cli_parse_double ("--validation-split", "1", &below_one, &value, NULL));
  g_assert_true (nrt_cli_parse_double ("--validation-split", "0.999", &below_one, &value, NULL));
}

/* The messages quote the text as typed and state why it was rejected, even
 * where the parsed value would print differently ("inf", "0"). */
static void
test_double_float32 (void)
{
  static const struct {
    const char *text;
    const char *reason;
  } rejected[] = {
    { "1e39", "too large" },        /* above FLT_MAX: inf as a float32 */
    { "3.5e38", "too large" },
    { "1e400", "too large" },       /* above DBL_MAX */
    { "1e-50", "too close to 0" },  /* 0 as a float32 */
    { "1e-39", "too close to 0" },  /* a denormal float32 */
    { "1e-400", "too close to 0" }, /* 0 as a double */
    { "0", "too small" },
    { "-1", "too small" },
    { "nan", "not a finite number" },
    { "fast", "not a number" },
  };
  double value = 0;

  /* The bounds themselves, as C's float.h gives them, are accepted. */
  g_assert_true (nrt_cli_parse_double ("--learning-rate", "1.17549435e-38",
                                       &nrt_cli_learning_rate_range, &value, NULL));
  g_assert_cmpfloat ((float) value, ==, FLT_MIN);
  g_assert_true (nrt_cli_parse_double ("--learning-rate", "3.40282347e38",
                                       &nrt_cli_learning_rate_range, &value, NULL));
  g_assert_cmpfloat ((float) value, ==, FLT_MAX);

  for (gsize i = 0; i < G_N_ELEMENTS (rejected); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *quoted = g_strdup_printf ("“%s”", rejected[i].text);

      g_assert_false (nrt_cli_parse_double ("--learning-rate", rejected[i].text,
                                            &nrt_cli_learning_rate_range, &value, &error));
      g_assert_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, quoted));
      g_assert_nonnull (strstr (error->message, rejected[i].reason));
      g_assert_nonnull (strstr (error->message, "from 1.17549435e-38 to 3.40282347e38"));
      g_assert_true (g_str_has_prefix (error->message, "Invalid value"));
    }
}

/* An exclusive upper bound also applies to the value rounded to float32. */
static void
test_double_float32_rounding (void)
{
  static const NrtCliRange below_one = { 0, 1, FALSE, TRUE, "0 up to but not including 1",
                                         TRUE };
  g_autoptr (GError) error = NULL;
  double value = 0;

  g_assert_true (nrt_cli_parse_double ("--momentum", "0.9", &below_one, &value, NULL));
  g_assert_true (nrt_cli_parse_double ("--momentum", "0", &below_one, &value, NULL));
  /* 0.999999999 is below 1 as a double but rounds to 1.0f. */
  g_assert_false (nrt_cli_parse_double ("--momentum", "0.999999999", &below_one, &value,
                                        &error));
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "“0.999999999”"));
  g_assert_nonnull (strstr (error->message, "float32"));
}

static void
test_int_and_seed (void)
{
  static const char *rejected[] = { "-3", "0", "10x", "", "1.5", "99999999999" };
  g_autoptr (GError) error = NULL;
  guint64 seed = 0;
  int value = 0;

  g_assert_true (nrt_cli_parse_int ("--epochs", "10", 1, G_MAXINT, &value, NULL));
  g_assert_cmpint (value, ==, 10);
  for (gsize i = 0; i < G_N_ELEMENTS (rejected); i++)
    {
      g_autoptr (GError) int_error = NULL;

      g_assert_false (nrt_cli_parse_int ("--epochs", rejected[i], 1, G_MAXINT, &value,
                                         &int_error));
      g_test_message ("%s", int_error->message);
      g_assert_nonnull (strstr (int_error->message, rejected[i]));
      /* Both bounds, so that a value too large never gets "at least 1" as the fix. */
      g_assert_nonnull (strstr (int_error->message, "from 1 to 2147483647"));
    }

  g_assert_true (nrt_cli_parse_uint64 ("--seed", "18446744073709551615", &seed, NULL));
  g_assert_cmpuint (seed, ==, G_MAXUINT64);
  g_assert_false (nrt_cli_parse_uint64 ("--seed", "-1", &seed, &error));
  g_assert_nonnull (strstr (error->message, "“-1”"));
}

/* Each rejected integer and the reason its message gives. */
static void
test_int_reasons (void)
{
  static const struct {
    const char *text;
    const char *reason;
  } cases[] = {
    { "0", "too small" },
    { "-3", "too small" },
    { "-99999999999999999999", "too small" },
    { "99999999999", "too large" },
    { "99999999999999999999", "too large" },
    { "1.5", "not an integer" },
    { "", "not an integer" },
  };
  int value = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_false (nrt_cli_parse_int ("--epochs", cases[i].text, 1, G_MAXINT, &value,
                                         &error));
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].reason));
    }
}

static void
test_output_path (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("nrt-cli-output-XXXXXX", NULL);
  g_autofree char *good = g_build_filename (dir, "history.csv", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-dir", "history.csv", NULL);
  g_autofree char *file = g_build_filename (dir, "file", NULL);
  g_autofree char *under_file = g_build_filename (dir, "file", "history.csv", NULL);

  g_assert_true (nrt_cli_check_output_path ("--history", good, "history.csv", &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (good, G_FILE_TEST_EXISTS));

  g_assert_false (nrt_cli_check_output_path ("--history", "", "history.csv", &error));
  g_assert_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "--history"));
  g_assert_nonnull (strstr (error->message, "empty"));
  g_clear_error (&error);

  g_assert_false (nrt_cli_check_output_path ("--history", dir, "history.csv", &error));
  g_assert_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, dir));
  g_assert_nonnull (strstr (error->message, "folder"));
  g_clear_error (&error);

  g_assert_false (nrt_cli_check_output_path ("--history", missing, "history.csv", &error));
  g_assert_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, missing));
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (file, "", 0, NULL));
  g_assert_false (nrt_cli_check_output_path ("--history", under_file, "history.csv", &error));
  g_assert_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, under_file));
  g_clear_error (&error);

  /* Root may write to any folder, so the permission check needs another user. */
  if (geteuid () != 0)
    {
      g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
      g_assert_false (nrt_cli_check_output_path ("--history", good, "history.csv", &error));
      g_assert_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, good));
      g_assert_nonnull (strstr (error->message, "cannot create files"));
      g_clear_error (&error);
      g_chmod (dir, 0755);
    }

  g_remove (file);
  g_rmdir (dir);
}

/* A FIFO is written in place, and a symbolic link's target is checked in
 * the target's folder. */
static void
test_output_path_special (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("nrt-cli-special-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "history.fifo", NULL);
  g_autofree char *good_link = g_build_filename (dir, "good.csv", NULL);
  g_autofree char *bad_link = g_build_filename (dir, "bad.csv", NULL);
  g_autofree char *resolved = NULL;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_true (nrt_cli_check_output_path ("--history", fifo, "history.csv", &error));
  g_assert_no_error (error);

  /* A dangling link to a new file in an existing folder is valid. */
  g_assert_cmpint (symlink ("new.csv", good_link), ==, 0);
  g_assert_true (nrt_cli_check_output_path ("--history", good_link, "history.csv", &error));
  g_assert_no_error (error);
  resolved = nrt_cli_resolve_output_path (good_link);
  g_assert_nonnull (resolved);
  g_assert_true (g_str_has_suffix (resolved, G_DIR_SEPARATOR_S "new.csv"));

  /* The target's folder does not exist: the message names that folder. */
  g_assert_cmpint (symlink ("no-such-dir/new.csv", bad_link), ==, 0);
  g_assert_false (nrt_cli_check_output_path ("--history", bad_link, "history.csv", &error));
  g_assert_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "no-such-dir"));
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_clear_error (&error);

  g_remove (fifo);
  g_remove (good_link);
  g_remove (bad_link);
  g_rmdir (dir);
}

/* A NULL first path (no --data) must not hide the paths after it. */
static void
test_distinct_files (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("nrt-cli-distinct-XXXXXX", NULL);
  g_autofree char *first = g_build_filename (dir, "a.csv", NULL);
  g_autofree char *same = g_build_filename (dir, ".", "a.csv", NULL);
  g_autofree char *other = g_build_filename (dir, "b.csv", NULL);
  const char *options[] = { "--data", "--history", "--metrics" };
  const char *distinct_paths[] = { NULL, first, other };
  const char *same_paths[] = { NULL, first, same };

  g_assert_true (nrt_cli_check_distinct_files (options, distinct_paths, 3, &error));
  g_assert_no_error (error);

  g_assert_false (nrt_cli_check_distinct_files (options, same_paths, 3, &error));
  g_assert_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "--history and --metrics"));
  g_clear_error (&error);

  /* Once the file exists, it is compared by device and inode. */
  g_assert_true (g_file_set_contents (first, "x\n", -1, NULL));
  g_assert_false (nrt_cli_check_distinct_files (options, same_paths, 3, &error));
  g_assert_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE);
  g_clear_error (&error);

  g_remove (first);
  g_rmdir (dir);
}

/* Without --layers, the output layer is the one a Keras user would write
 * for the loss and the labels. A loss_kind of -1 is no --loss. */
static void
test_default_layers_follow_loss (void)
{
  static const struct {
    NrtTask task;
    int n_classes;
    int n_targets;
    int loss_kind;
    gboolean from_logits;
    int units;
    NrtActivation activation;
  } cases[] = {
    { NRT_TASK_CLASSIFICATION, 3, 1, NRT_LOSS_MEAN_SQUARED_ERROR, FALSE, 1,
      NRT_ACTIVATION_LINEAR },
    { NRT_TASK_REGRESSION, 0, 1, NRT_LOSS_MEAN_SQUARED_ERROR, FALSE, 1, NRT_ACTIVATION_LINEAR },
    { NRT_TASK_REGRESSION, 0, 3, NRT_LOSS_MEAN_ABSOLUTE_ERROR, FALSE, 3,
      NRT_ACTIVATION_LINEAR },
    { NRT_TASK_REGRESSION, 0, 2, NRT_LOSS_HUBER, FALSE, 2, NRT_ACTIVATION_LINEAR },
    { NRT_TASK_CLASSIFICATION, 2, 1, NRT_LOSS_BINARY_CROSSENTROPY, FALSE, 1,
      NRT_ACTIVATION_SIGMOID },
    { NRT_TASK_CLASSIFICATION, 2, 1, NRT_LOSS_BINARY_CROSSENTROPY, TRUE, 1,
      NRT_ACTIVATION_LINEAR },
    { NRT_TASK_MULTILABEL, 0, 3, NRT_LOSS_BINARY_CROSSENTROPY, FALSE, 3,
      NRT_ACTIVATION_SIGMOID },
    { NRT_TASK_CLASSIFICATION, 3, 1, NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, FALSE, 3,
      NRT_ACTIVATION_SOFTMAX },
    { NRT_TASK_CLASSIFICATION, 3, 1, NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, TRUE, 3,
      NRT_ACTIVATION_LINEAR },
    { NRT_TASK_CLASSIFICATION, 2, 1, NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, FALSE, 2,
      NRT_ACTIVATION_SOFTMAX },
    { NRT_TASK_CLASSIFICATION, 4, 1, -1, FALSE, 4, NRT_ACTIVATION_LINEAR },
    { NRT_TASK_CLASSIFICATION, 2, 1, -1, FALSE, 1, NRT_ACTIVATION_LINEAR },
    { NRT_TASK_REGRESSION, 0, 1, -1, FALSE, 1, NRT_ACTIVATION_LINEAR },
    { NRT_TASK_REGRESSION, 0, 2, -1, FALSE, 2, NRT_ACTIVATION_LINEAR },
    { NRT_TASK_MULTILABEL, 0, 4, -1, FALSE, 4, NRT_ACTIVATION_SIGMOID },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree NrtDenseConfig *layers = NULL;
      int n_layers = 0;

      g_test_message ("case %" G_GSIZE_FORMAT, i);
      layers = nrt_cli_default_layers (cases[i].task, cases[i].n_classes, cases[i].n_targets,
                                       cases[i].loss_kind, cases[i].from_logits,
                                       NRT_INITIALIZER_GLOROT_UNIFORM, &n_layers);
      g_assert_cmpint (n_layers, ==, 2);
      g_assert_cmpint (layers[0].units, ==, NRT_CLI_DEFAULT_HIDDEN_UNITS);
      g_assert_cmpint (layers[0].activation, ==, NRT_ACTIVATION_RELU);
      g_assert_cmpint (layers[1].units, ==, cases[i].units);
      g_assert_cmpint (layers[1].activation, ==, cases[i].activation);
    }
}

static void
test_step_time (void)
{
  /* Expected strings from tf.keras 2.x Progbar._format_time, worked by hand. */
  static const struct {
    double seconds;
    const char *expected;
  } cases[] = {
    { 968.25e-6, " 968us/step" },
    { 0.012, " 12ms/step" },
    { 1e-3, " 1ms/step" },
    { 2.0, " 2s/step" },
    { 0, " 0s/step" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GString) line = g_string_new (NULL);

      nrt_cli_progress_append_step_time (line, cases[i].seconds);
      g_assert_cmpstr (line->str, ==, cases[i].expected);
    }
}

static void
test_progress_final_line (void)
{
  NrtLogs logs = { 0 };
  g_autofree char *line = NULL;
  g_autofree char *with_validation = NULL;

  logs.n_batches = 63;
  logs.batch = 63;
  logs.loss = 1.15818;
  logs.accuracy = 0.72;
  logs.has_accuracy = 1;

  /* 0.061 s / 63 steps = 968.25 us per step. */
  line = nrt_cli_progress_format_line (63, 63, 0.061, &logs, TRUE);
  g_assert_cmpstr (line, ==,
                   "63/63 [==============================] - 0s 968us/step - loss: 1.1582 "
                   "- accuracy: 0.7200");

  logs.has_validation = 1;
  logs.val_loss = 0.0004;
  logs.val_accuracy = 1.0;
  with_validation = nrt_cli_progress_format_line (63, 63, 2.6, &logs, TRUE);
  g_assert_cmpstr (with_validation, ==,
                   "63/63 [==============================] - 3s 41ms/step - loss: 1.1582 "
                   "- accuracy: 0.7200 - val_loss: 4.0000e-04 - val_accuracy: 1.0000");
}

static void
test_progress_running_line (void)
{
  NrtLogs logs = { 0 };
  g_autofree char *start = NULL;
  g_autofree char *middle = NULL;
  g_autofree char *long_eta = NULL;

  logs.n_batches = 63;
  logs.loss = 0.5;
  logs.has_validation = 1;   /* not shown before the end of the epoch */
  logs.val_loss = 9;

  /* Bars from Keras's rule int(30 * current / target), worked in Python. */
  start = nrt_cli_progress_format_line (1, 63, 0.001, &logs, FALSE);
  g_assert_cmpstr (start, ==, " 1/63 [..............................] - ETA: 0s - loss: 0.5000");
  middle = nrt_cli_progress_format_line (12, 63, 1.2, &logs, FALSE);
  g_assert_cmpstr (middle, ==, "12/63 [====>.........................] - ETA: 5s - loss: 0.5000");
  /* 31 s per step and 3 steps left: 93 s, written as minutes and seconds. */
  long_eta = nrt_cli_progress_format_line (60, 63, 60 * 31.0, &logs, FALSE);
  g_assert_cmpstr (long_eta, ==,
                   "60/63 [===========================>..] - ETA: 1:33 - loss: 0.5000");
}

static void
test_progress_stream (void)
{
  g_autofree char *text = NULL;
  NrtCliProgress *progress;
  NrtLogs logs = { 0 };
  gsize length = 0;
  FILE *stream;
  char *buffer = NULL;

  stream = open_memstream (&buffer, &length);
  g_assert_nonnull (stream);
  progress = nrt_cli_progress_new (stream, 2, FALSE, 0);

  logs.n_batches = 2;
  logs.loss = 0.25;
  nrt_cli_progress_begin_epoch (progress, 0);
  logs.batch = 0;
  nrt_cli_progress_update (progress, &logs);   /* not a terminal: draws nothing */
  logs.batch = 2;
  nrt_cli_progress_end_epoch (progress, &logs);
  nrt_cli_progress_finish (progress);
  nrt_cli_progress_free (progress);
  fclose (stream);

  g_assert_true (g_str_has_prefix (buffer, "Epoch 1/2\n2/2 [==============================] - "));
  g_assert_true (g_str_has_suffix (buffer, "/step - loss: 0.2500\n"));
  g_assert_null (strchr (buffer, '\r'));
  free (buffer);
}

static void
test_format_double (void)
{
  /* Expected strings are Python 3's repr of the same doubles. */
  static const struct {
    double value;
    const char *expected;
  } cases[] = {
    { 0.1, "0.1" },
    { 1.0, "1.0" },
    { 1e-05, "1e-05" },
    { (double) 0.0712345f, "0.07123450189828873" },
    { (double) (1.0f / 3.0f), "0.3333333432674408" },
    { 2.5e-7, "2.5e-07" },
    { 123456789.0, "123456789.0" },
    { -0.0, "-0.0" },
    { 1e16, "1e+16" },
    { 0.9725, "0.9725" },
  };
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (nrt_cli_format_double (cases[i].value, buffer), ==, cases[i].expected);
  g_assert_cmpstr (nrt_cli_format_double (NAN, buffer), ==, "nan");
  g_assert_cmpstr (nrt_cli_format_double (-INFINITY, buffer), ==, "-inf");
}

/* Values printed to the terminal: NaN is "NaN" for either sign bit (printf
 * writes "-nan" for the NaN that 0 * inf yields on x86-64), infinities are
 * "inf" and "-inf", and finite values follow the format. */
static void
test_format_value (void)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_assert_cmpstr (nrt_cli_format_value ("%.10g", NAN, buffer), ==, "NaN");
  g_assert_cmpstr (nrt_cli_format_value ("%.10g", -NAN, buffer), ==, "NaN");
  g_assert_cmpstr (nrt_cli_format_value ("%.4e", copysign (NAN, -1.0), buffer), ==, "NaN");
  g_assert_cmpstr (nrt_cli_format_value ("%.10g", INFINITY, buffer), ==, "inf");
  g_assert_cmpstr (nrt_cli_format_value ("%.4f", -INFINITY, buffer), ==, "-inf");
  g_assert_cmpstr (nrt_cli_format_value ("%.10g", 0.1f, buffer), ==, "0.1000000015");
  g_assert_cmpstr (nrt_cli_format_value ("%.4f", -2.5, buffer), ==, "-2.5000");
}

/* A NaN loss in the progress line reads "NaN", as in the application. */
static void
test_progress_nan_loss (void)
{
  NrtLogs logs = { 0 };
  g_autofree char *line = NULL;

  logs.n_batches = 1;
  logs.batch = 1;
  logs.loss = copysign (NAN, -1.0);
  line = nrt_cli_progress_format_line (1, 1, 0.5, &logs, TRUE);
  g_assert_cmpstr (line, ==, "1/1 [==============================] - 0s 500ms/step - loss: NaN");
}

static void
test_history_layout (void)
{
  g_autoptr (NrtCliHistory) plain = nrt_cli_history_new (FALSE, FALSE);
  g_autoptr (NrtCliHistory) full = nrt_cli_history_new (TRUE, TRUE);
  g_autofree char *plain_csv = NULL;
  g_autofree char *full_csv = NULL;
  NrtLogs logs = { 0 };

  logs.loss = 0.5;
  logs.accuracy = 0.75;
  logs.val_loss = 0.25;
  logs.val_accuracy = 1.0;
  nrt_cli_history_append (plain, &logs);
  nrt_cli_history_append (full, &logs);
  logs.epoch = 1;
  nrt_cli_history_append (full, &logs);

  /* CSVLogger's columns: epoch, then the metric names sorted. */
  plain_csv = nrt_cli_history_to_csv (plain);
  g_assert_cmpstr (plain_csv, ==, "epoch,loss\n0,0.5\n");
  full_csv = nrt_cli_history_to_csv (full);
  g_assert_cmpstr (full_csv, ==,
                   "epoch,accuracy,loss,val_accuracy,val_loss\n"
                   "0,0.75,0.5,1.0,0.25\n"
                   "1,0.75,0.5,1.0,0.25\n");
  g_assert_cmpint (nrt_cli_history_get_n_epochs (full), ==, 2);
}

static void
test_history_write (void)
{
  g_autoptr (NrtCliHistory) history = nrt_cli_history_new (TRUE, FALSE);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *quoted_missing = NULL;
  g_autofree char *quoted_dir = NULL;
  g_autofree char *contents = NULL;

  dir = g_dir_make_tmp ("nrt-cli-history-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "history.csv", NULL);
  g_assert_true (nrt_cli_history_write (history, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "epoch,accuracy,loss\n");

  /* The messages name the path as given, never the temporary file. */
  missing = g_build_filename (dir, "no-such-dir", "history.csv", NULL);
  quoted_missing = g_strconcat ("“", missing, "”", NULL);
  quoted_dir = g_strconcat ("“", dir, "”", NULL);
  g_assert_false (nrt_cli_history_write (history, missing, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, quoted_missing));
  g_clear_error (&error);

  g_assert_false (nrt_cli_history_write (history, dir, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, quoted_dir));
  g_clear_error (&error);

  g_remove (path);
  g_rmdir (dir);
}

static void
test_history_losses (void)
{
  g_autoptr (NrtCliHistory) history = nrt_cli_history_new (TRUE, TRUE);
  NrtLogs logs = { 0 };
  double loss[2], val_loss[2];

  for (int epoch = 0; epoch < 2; epoch++)
    {
      logs.epoch = epoch;
      logs.loss = 1.5 - epoch;
      logs.val_loss = 2.5 - epoch;
      nrt_cli_history_append (history, &logs);
    }

  g_assert_true (nrt_cli_history_has_validation (history));
  nrt_cli_history_get_losses (history, loss, val_loss);
  g_assert_cmpfloat (loss[0], ==, 1.5);
  g_assert_cmpfloat (loss[1], ==, 0.5);
  g_assert_cmpfloat (val_loss[0], ==, 2.5);
  g_assert_cmpfloat (val_loss[1], ==, 1.5);
}

/* Asserts that actual[0..n) equals expected within tolerance, printing the
 * largest difference otherwise. */
static void
assert_floats_close (const float *actual, const float *expected, gsize n, double tolerance)
{
  double max_difference = 0;

  for (gsize i = 0; i < n; i++)
    max_difference = fmax (max_difference, fabs ((double) actual[i] - expected[i]));
  if (max_difference > tolerance)
    g_error ("max difference %g exceeds %g", max_difference, tolerance);
}

static void
test_scale_activations (void)
{
  /* Expected values by hand: relu and linear divide by the layer's max |v|,
   * sigmoid and softmax map p to 2p - 1, tanh stays. */
  float relu[] = { 0, 1, 4, 2 };
  const float relu_expected[] = { 0, 0.25f, 1, 0.5f };
  float linear[] = { -2, 1, 0.5f };
  const float linear_expected[] = { -1, 0.5f, 0.25f };
  float sigmoid[] = { 0, 0.5f, 1, 0.75f };
  const float sigmoid_expected[] = { -1, 0, 1, 0.5f };
  float tanh_values[] = { -0.5f, 0.25f };
  const float tanh_expected[] = { -0.5f, 0.25f };
  float zeros[] = { 0, 0 };
  const float zeros_expected[] = { 0, 0 };

  nrt_cli_scale_activations (NRT_ACTIVATION_RELU, relu, 4);
  assert_floats_close (relu, relu_expected, 4, 1e-7);
  nrt_cli_scale_activations (NRT_ACTIVATION_LINEAR, linear, 3);
  assert_floats_close (linear, linear_expected, 3, 1e-7);
  nrt_cli_scale_activations (NRT_ACTIVATION_SIGMOID, sigmoid, 4);
  assert_floats_close (sigmoid, sigmoid_expected, 4, 1e-7);
  nrt_cli_scale_activations (NRT_ACTIVATION_TANH, tanh_values, 2);
  assert_floats_close (tanh_values, tanh_expected, 2, 0);
  nrt_cli_scale_activations (NRT_ACTIVATION_RELU, zeros, 2);
  assert_floats_close (zeros, zeros_expected, 2, 0);
}

static void
test_logits_to_probabilities (void)
{
  /* By hand: sigmoid(ln 3) = 1 / (1 + 1/3) = 0.75, and softmax(0, ln 3) =
   * (1, 3) / 4. Adding 1000 to both logits must not overflow. */
  float binary[] = { 0, (float) log (3.0) };
  const float binary_expected[] = { 0.5f, 0.75f };
  float classes[] = { 0, (float) log (3.0), 1000, 1000 + (float) log (3.0) };
  const float classes_expected[] = { 0.25f, 0.75f, 0.25f, 0.75f };

  nrt_cli_logits_to_probabilities (binary, 2, 1);
  assert_floats_close (binary, binary_expected, 2, 1e-6);
  /* 1000 + ln 3 rounds to float32 with an error of up to 3e-5, so the
   * second row is compared at 1e-4. */
  nrt_cli_logits_to_probabilities (classes, 2, 2);
  assert_floats_close (classes, classes_expected, 4, 1e-4);
}

static void
test_first_batch_gradients (void)
{
  NrtDenseConfig layer = nrt_dense_config_default (1);
  NrtLossConfig loss = { NRT_LOSS_MEAN_SQUARED_ERROR, 0 };
  NrtOptimizerConfig optimizer = nrt_optimizer_config_default (NRT_OPTIMIZER_SGD);
  NrtError err = { 0 };
  g_autoptr (GError) error = NULL;
  NrtDataset *data;
  NrtModel *model;
  const float *kernel_grad;
  const float *bias_grad;
  const float x[] = { 1, 2, 3, 4, 5, 6 };
  const float y[] = { 1, 2, 100 };

  /* One linear unit from zero weights predicts 0, so on the first two
   * samples the mean squared error's gradients are, by hand,
   * dL/dw = -2 mean(y x) = (-7, -10) and dL/db = -2 mean(y) = -3. The
   * third sample, outside the batch of 2, must not count. */
  layer.kernel_initializer = NRT_INITIALIZER_ZEROS;
  data = nrt_dataset_new (3, 2, 0, &err);
  g_assert_nonnull (data);
  memcpy (data->x, x, sizeof x);
  memcpy (data->y, y, sizeof y);
  model = nrt_model_new (2, &layer, 1, &err);
  g_assert_nonnull (model);
  g_assert_cmpint (nrt_model_compile (model, &loss, &optimizer, &err), ==, NRT_OK);
  nrt_model_init_weights (model, 0);

  g_assert_true (nrt_cli_run_first_batch (model, data, 2, &error));
  g_assert_no_error (error);
  kernel_grad = nrt_model_get_grads (model);
  bias_grad = kernel_grad + 2;
  g_assert_cmpfloat_with_epsilon (kernel_grad[0], -7, 1e-5);
  g_assert_cmpfloat_with_epsilon (kernel_grad[1], -10, 1e-5);
  g_assert_cmpfloat_with_epsilon (bias_grad[0], -3, 1e-5);
  /* The weights stay as they were. */
  g_assert_cmpfloat (nrt_model_get_kernel (model, 0)[0], ==, 0);

  nrt_model_free (model);
  nrt_dataset_free (data);
}

/* A classification dataset of two samples and three classes whose names
 * need quoting in CSV. */
static NrtDataset *
new_quoted_classes_dataset (void)
{
  static const float x[] = { 5.1f, -0.5f, 0, 2 };
  static const float y[] = { 2, 0 };
  NrtError err = { 0 };
  NrtDataset *data = nrt_dataset_new_full (2, 2, NRT_TASK_CLASSIFICATION, 1, 3, &err);

  g_assert_nonnull (data);
  memcpy (data->x, x, sizeof x);
  memcpy (data->y, y, sizeof y);
  g_assert_cmpint (nrt_dataset_set_class_name (data, 0, "a, b", &err), ==, NRT_OK);
  g_assert_cmpint (nrt_dataset_set_class_name (data, 1, "c\"d", &err), ==, NRT_OK);
  g_assert_cmpint (nrt_dataset_set_class_name (data, 2, "e", &err), ==, NRT_OK);
  g_assert_cmpint (nrt_dataset_set_target_name (data, 0, "kind", &err), ==, NRT_OK);
  return data;
}

static void
test_predictions_classes (void)
{
  /* Softmax outputs: the probabilities are written as given, and the
   * argmax is the predicted class. */
  float outputs[] = { 0.25f, 0.5f, 0.25f, 0, 0, 1 };
  NrtLossConfig loss = { NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, FALSE };
  NrtDataset *data = new_quoted_classes_dataset ();
  NrtCliSplitResult result = { "test", data, outputs, 3, NULL };
  g_autofree char *csv = NULL;

  csv = nrt_cli_predictions_to_csv (&result, &loss);
  /* RFC 4180 quotes the fields with a comma or a quote, doubling quotes. */
  g_assert_cmpstr (csv, ==,
                   "x1,x2,kind,predicted_kind,"
                   "\"probability_a, b\",\"probability_c\"\"d\",probability_e\n"
                   "5.1,-0.5,e,\"c\"\"d\",0.25,0.5,0.25\n"
                   "0,2,\"a, b\",e,0,0,1\n");
  nrt_dataset_free (data);
}

static void
test_predictions_logits (void)
{
  /* Logits of 0 are probabilities of 1/3 for three classes, which float32
   * writes as 0.33333334 (NumPy: repr(numpy.float32(1/3))). */
  float outputs[] = { 0, 0, 0, 0, 0, 0 };
  NrtLossConfig loss = { NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, TRUE };
  NrtDataset *data = new_quoted_classes_dataset ();
  NrtCliSplitResult result = { "test", data, outputs, 3, NULL };
  g_autofree char *csv = NULL;
  g_auto (GStrv) lines = NULL;

  csv = nrt_cli_predictions_to_csv (&result, &loss);
  lines = g_strsplit (csv, "\n", -1);
  g_assert_cmpstr (lines[1], ==, "5.1,-0.5,e,\"a, b\",0.33333334,0.33333334,0.33333334");
  nrt_dataset_free (data);
}

static void
test_predictions_multilabel_and_regression (void)
{
  /* Multi-label logits: sigmoid(0) = 0.5 is not above 0.5, so label 0. */
  float label_outputs[] = { 0, 3, -3 };
  float targets[] = { 1.5f, -2 };
  NrtLossConfig bce = { NRT_LOSS_BINARY_CROSSENTROPY, TRUE };
  NrtLossConfig mae = { NRT_LOSS_MEAN_ABSOLUTE_ERROR, FALSE };
  NrtError err = { 0 };
  NrtDataset *labels = nrt_dataset_new_full (1, 1, NRT_TASK_MULTILABEL, 3, 0, &err);
  NrtDataset *values = nrt_dataset_new_full (1, 1, NRT_TASK_REGRESSION, 2, 0, &err);
  NrtCliSplitResult label_result = { "test", labels, label_outputs, 3, NULL };
  NrtCliSplitResult value_result = { "test", values, targets, 2, NULL };
  g_autofree char *label_csv = NULL;
  g_autofree char *value_csv = NULL;
  g_auto (GStrv) label_lines = NULL;

  g_assert_nonnull (labels);
  g_assert_nonnull (values);
  labels->y[0] = 1;
  labels->y[1] = 1;
  labels->y[2] = 0;
  label_csv = nrt_cli_predictions_to_csv (&label_result, &bce);
  label_lines = g_strsplit (label_csv, "\n", -1);
  g_assert_cmpstr (label_lines[0], ==,
                   "x1,y1,y2,y3,predicted_y1,predicted_y2,predicted_y3,"
                   "probability_y1,probability_y2,probability_y3");
  /* sigmoid(3) = 0.95257413 and sigmoid(-3) = 0.047425874 in float32
   * (NumPy: repr(numpy.float32(1 / (1 + numpy.exp(-3))))). */
  g_assert_cmpstr (label_lines[1], ==, "0,1,1,0,0,1,0,0.5,0.95257413,0.047425874");

  /* The targets as predictions: regression writes the values only. */
  values->y[0] = 1.5f;
  values->y[1] = -2;
  value_csv = nrt_cli_predictions_to_csv (&value_result, &mae);
  g_assert_cmpstr (value_csv, ==, "x1,y1,y2,predicted_y1,predicted_y2\n0,1.5,-2,1.5,-2\n");

  nrt_dataset_free (labels);
  nrt_dataset_free (values);
}

static void
test_evaluation_line (void)
{
  /* Keras's Progbar format: "%.4f", or "%.4e" at most 1e-3. */
  NrtMetricsReport classes = { 0 };
  NrtMetricsReport numbers = { 0 };
  g_autofree char *classes_line = NULL;
  g_autofree char *numbers_line = NULL;

  classes.task = NRT_TASK_CLASSIFICATION;
  classes.loss = 0.07123;
  classes.accuracy = 29.0 / 30;
  classes_line = nrt_cli_format_evaluation ("test", &classes);
  g_assert_cmpstr (classes_line, ==, "test: loss: 0.0712 - accuracy: 0.9667");

  numbers.task = NRT_TASK_REGRESSION;
  numbers.loss = 1234.5678;
  numbers.mae = 0.0005;
  numbers.rmse = 2;
  numbers.r2 = -0.25;
  numbers_line = nrt_cli_format_evaluation ("test", &numbers);
  g_assert_cmpstr (numbers_line, ==,
                   "test: loss: 1234.5678 - mae: 5.0000e-04 - rmse: 2.0000 - r2: -0.2500");
}

/* Each model, loss and kind of labels, and a text of the usage error, or
 * NULL when they fit together. */
static void
test_compile_checks (void)
{
  static const struct {
    NrtTask task;
    int n_classes;
    int n_targets;
    const char *layers;
    int loss_kind;
    gboolean from_logits;
    const char *error;
  } cases[] = {
    { NRT_TASK_CLASSIFICATION, 3, 1, "8:relu,3:softmax",
      NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, FALSE, NULL },
    { NRT_TASK_CLASSIFICATION, 3, 1, "8:relu,3", NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY,
      TRUE, NULL },
    { NRT_TASK_CLASSIFICATION, 3, 1, "8:relu,3", NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY,
      FALSE, "--from-logits" },
    { NRT_TASK_CLASSIFICATION, 3, 1, "8:relu,3:sigmoid",
      NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, FALSE, "3:softmax" },
    { NRT_TASK_CLASSIFICATION, 3, 1, "8:relu,3:softmax",
      NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, TRUE, "3:linear" },
    /* More units than classes and fewer, with and without logits. */
    { NRT_TASK_CLASSIFICATION, 3, 1, "8:relu,4:softmax",
      NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, FALSE, "has 4 units, but the data has 3" },
    { NRT_TASK_CLASSIFICATION, 3, 1, "8:relu,5", NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY,
      TRUE, "has 5 units, but the data has 3" },
    { NRT_TASK_CLASSIFICATION, 2, 1, "8:relu,1:softmax",
      NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, FALSE, "has 1 unit, but the data has 2" },
    { NRT_TASK_CLASSIFICATION, 2, 1, "8:relu,1:softmax", NRT_LOSS_BINARY_CROSSENTROPY, FALSE,
      "softmax" },
    { NRT_TASK_CLASSIFICATION, 2, 1, "8:relu,1:sigmoid", NRT_LOSS_BINARY_CROSSENTROPY, FALSE,
      NULL },
    { NRT_TASK_CLASSIFICATION, 3, 1, "8:relu,1:sigmoid", NRT_LOSS_BINARY_CROSSENTROPY, FALSE,
      "two classes" },
    { NRT_TASK_CLASSIFICATION, 3, 1, "8:relu,1", NRT_LOSS_HUBER, FALSE, NULL },
    { NRT_TASK_REGRESSION, 0, 1, "8:relu,1", NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, FALSE,
      "numeric targets" },
    { NRT_TASK_REGRESSION, 0, 1, "8:relu,1", NRT_LOSS_MEAN_ABSOLUTE_ERROR, TRUE,
      "--from-logits" },
    { NRT_TASK_REGRESSION, 0, 2, "8:relu,2", NRT_LOSS_MEAN_ABSOLUTE_ERROR, FALSE, NULL },
    { NRT_TASK_REGRESSION, 0, 2, "8:relu,1", NRT_LOSS_MEAN_SQUARED_ERROR, FALSE,
      "2 units, one per target column" },
    { NRT_TASK_MULTILABEL, 0, 3, "8:relu,3:sigmoid", NRT_LOSS_BINARY_CROSSENTROPY, FALSE,
      NULL },
    { NRT_TASK_MULTILABEL, 0, 3, "8:relu,2:sigmoid", NRT_LOSS_BINARY_CROSSENTROPY, FALSE,
      "3 units, one per label" },
    { NRT_TASK_MULTILABEL, 0, 3, "8:relu,3:softmax", NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY,
      FALSE, "binary_crossentropy" },
    { NRT_TASK_MULTILABEL, 0, 3, "8:relu,3", -1, FALSE, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      NrtCliModelChoice model = { NULL, 0, NRT_INITIALIZER_GLOROT_UNIFORM, FALSE };
      NrtCliTrainingChoice training = { 0 };
      NrtLossConfig loss = { 0 };
      NrtError err = { 0 };
      NrtDataset *data;
      gboolean chosen = FALSE;
      gboolean ok;

      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, cases[i].layers);
      data = nrt_dataset_new_full (4, 2, cases[i].task, cases[i].n_targets, cases[i].n_classes,
                                   &err);
      g_assert_nonnull (data);
      model.layers = nrt_cli_parse_layers (cases[i].layers, NRT_INITIALIZER_GLOROT_UNIFORM,
                                           &model.n_layers, &error);
      g_assert_no_error (error);
      training.loss_kind = cases[i].loss_kind;
      training.from_logits = cases[i].from_logits;

      ok = nrt_cli_complete_model (&model, &training, data, &loss, &chosen, &error);
      if (cases[i].error == NULL)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE);
          g_assert_false (ok);
          g_assert_nonnull (strstr (error->message, cases[i].error));
        }
      g_free (model.layers);
      nrt_dataset_free (data);
    }
}

static void
test_compile_multilabel_default (void)
{
  /* Without --loss, multi-label data on linear units takes
   * binary_crossentropy from logits. */
  g_autoptr (GError) error = NULL;
  NrtCliModelChoice model = { NULL, 0, NRT_INITIALIZER_GLOROT_UNIFORM, FALSE };
  NrtCliTrainingChoice training = { .loss_kind = -1 };
  NrtLossConfig loss = { 0 };
  NrtError err = { 0 };
  NrtDataset *data = nrt_dataset_new_full (4, 2, NRT_TASK_MULTILABEL, 3, 0, &err);
  gboolean chosen = FALSE;

  model.layers = nrt_cli_parse_layers ("8:relu,3", NRT_INITIALIZER_GLOROT_UNIFORM,
                                       &model.n_layers, &error);
  g_assert_true (nrt_cli_complete_model (&model, &training, data, &loss, &chosen, &error));
  g_assert_no_error (error);
  g_assert_true (chosen);
  g_assert_cmpint (loss.kind, ==, NRT_LOSS_BINARY_CROSSENTROPY);
  g_assert_true (loss.from_logits);
  g_free (model.layers);
  nrt_dataset_free (data);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/options/layers-valid", test_layers_valid);
  g_test_add_func ("/cli/options/layers-default-activation", test_layers_default_activation);
  g_test_add_func ("/cli/options/layers-invalid", test_layers_invalid);
  g_test_add_func ("/cli/options/double-range", test_double_range);
  g_test_add_func ("/cli/options/double-float32", test_double_float32);
  g_test_add_func ("/cli/options/double-float32-rounding", test_double_float32_rounding);
  g_test_add_func ("/cli/options/int-and-seed", test_int_and_seed);
  g_test_add_func ("/cli/options/int-reasons", test_int_reasons);
  g_test_add_func ("/cli/options/output-path", test_output_path);
  g_test_add_func ("/cli/options/output-path-special", test_output_path_special);
  g_test_add_func ("/cli/file/distinct-files", test_distinct_files);
  g_test_add_func ("/cli/options/default-layers-follow-loss", test_default_layers_follow_loss);
  g_test_add_func ("/cli/compile/checks", test_compile_checks);
  g_test_add_func ("/cli/compile/multilabel-default", test_compile_multilabel_default);
  g_test_add_func ("/cli/evaluate/test-line", test_evaluation_line);
  g_test_add_func ("/cli/predictions/classes", test_predictions_classes);
  g_test_add_func ("/cli/predictions/logits", test_predictions_logits);
  g_test_add_func ("/cli/predictions/multilabel-and-regression",
                   test_predictions_multilabel_and_regression);
  g_test_add_func ("/cli/progress/step-time", test_step_time);
  g_test_add_func ("/cli/progress/final-line", test_progress_final_line);
  g_test_add_func ("/cli/progress/running-line", test_progress_running_line);
  g_test_add_func ("/cli/progress/stream", test_progress_stream);
  g_test_add_func ("/cli/history/format-double", test_format_double);
  g_test_add_func ("/cli/format-value", test_format_value);
  g_test_add_func ("/cli/progress/nan-loss", test_progress_nan_loss);
  g_test_add_func ("/cli/history/layout", test_history_layout);
  g_test_add_func ("/cli/history/write", test_history_write);
  g_test_add_func ("/cli/history/losses", test_history_losses);
  g_test_add_func ("/cli/views/scale-activations", test_scale_activations);
  g_test_add_func ("/cli/views/logits-to-probabilities", test_logits_to_probabilities);
  g_test_add_func ("/cli/views/first-batch-gradients", test_first_batch_gradients);

  return g_test_run ();
}
