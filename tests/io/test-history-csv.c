/* Tests of the history CSV in the layout of Keras's CSVLogger: the columns
 * follow the first entry, the numbers are written as Python's repr writes a
 * float, and the file is written atomically. The expected numbers are the
 * output of Python 3's repr() of the same doubles. */
#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "io/nrt-history-csv.h"

static NrtLogs
make_logs (int epoch, double loss, double accuracy, double val_loss, double val_accuracy,
           gboolean has_accuracy, gboolean has_validation)
{
  NrtLogs logs = { 0 };

  logs.epoch = epoch;
  logs.loss = loss;
  logs.accuracy = accuracy;
  logs.val_loss = val_loss;
  logs.val_accuracy = val_accuracy;
  logs.has_accuracy = has_accuracy;
  logs.has_validation = has_validation;
  return logs;
}

static void
test_numbers (void)
{
  /* Python 3: repr() of each value, such as repr(1/3) and
   * repr(float("nan")). repr writes positional digits from 1e-4 up to
   * 1e16 and the exponent form outside. */
  const struct {
    double value;
    const char *expected;
  } cases[] = {
    { 0.1, "0.1" },
    { 1e-05, "1e-05" },
    { 1.0, "1.0" },
    { 1.0 / 3.0, "0.3333333333333333" },
    { 2.5e-07, "2.5e-07" },
    { 1e16, "1e+16" },
    { 123456789.0, "123456789.0" },
    { -0.25, "-0.25" },
    { 110.0, "110.0" },
    { 0.0001, "0.0001" },
    { 0.00012345, "0.00012345" },
    { 1.5e-05, "1.5e-05" },
    { 1e15, "1000000000000000.0" },
    { 12345678901234567890.0, "1.2345678901234567e+19" },
    { -0.0, "-0.0" },
    { NAN, "nan" },
    { INFINITY, "inf" },
    { -INFINITY, "-inf" },
  };
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (nrt_history_csv_format_double (cases[i].value, buffer), ==,
                     cases[i].expected);
}

static void
test_loss_only (void)
{
  NrtLogs logs[2];
  g_autofree char *csv = NULL;

  logs[0] = make_logs (0, 0.6931471805599453, 0.5, 0, 0, FALSE, FALSE);
  logs[1] = make_logs (1, 0.1, 0.5, 0, 0, FALSE, FALSE);
  csv = nrt_history_csv_format (logs, 2);
  g_assert_cmpstr (csv, ==,
                   "epoch,loss\n"
                   "0,0.6931471805599453\n"
                   "1,0.1\n");
}

static void
test_all_columns (void)
{
  NrtLogs logs[2];
  g_autofree char *csv = NULL;

  /* CSVLogger sorts the keys: accuracy, loss, val_accuracy, val_loss. */
  logs[0] = make_logs (0, 0.5, 0.75, 0.25, 1.0, TRUE, TRUE);
  logs[1] = make_logs (1, 1e-05, 0.8, NAN, 0.0, TRUE, TRUE);
  csv = nrt_history_csv_format (logs, 2);
  g_assert_cmpstr (csv, ==,
                   "epoch,accuracy,loss,val_accuracy,val_loss\n"
                   "0,0.75,0.5,1.0,0.25\n"
                   "1,0.8,1e-05,0.0,nan\n");
}

static void
test_regression_validation (void)
{
  NrtLogs logs = make_logs (4, 2.5e-07, 0, 123456789.0, 0, FALSE, TRUE);
  g_autofree char *csv = nrt_history_csv_format (&logs, 1);

  /* A regression history has no accuracy, but a validation loss. */
  g_assert_cmpstr (csv, ==, "epoch,loss,val_loss\n4,2.5e-07,123456789.0\n");
}

static void
test_first_entry_decides (void)
{
  NrtLogs logs[2];
  g_autofree char *csv = NULL;

  /* The second entry claims validation, but the header has none. */
  logs[0] = make_logs (0, 0.5, 0.5, 0, 0, TRUE, FALSE);
  logs[1] = make_logs (1, 0.25, 1.0, 0.125, 0.5, TRUE, TRUE);
  csv = nrt_history_csv_format (logs, 2);
  g_assert_cmpstr (csv, ==, "epoch,accuracy,loss\n0,0.5,0.5\n1,1.0,0.25\n");
}

static void
test_empty (void)
{
  g_autofree char *csv = nrt_history_csv_format (NULL, 0);

  g_assert_cmpstr (csv, ==, "epoch,loss\n");
}

static void
test_write (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("nrt-history-csv-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *contents = NULL;
  NrtLogs logs = make_logs (0, 0.5, 0.75, 0, 0, TRUE, FALSE);

  g_assert_no_error (error);
  path = g_build_filename (dir, "history.csv", NULL);
  g_assert_true (g_file_set_contents (path, "old contents\n", -1, NULL));

  g_assert_true (nrt_history_csv_write (&logs, 1, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "epoch,accuracy,loss\n0,0.75,0.5\n");

  /* A missing folder fails with a message that names the path. */
  missing = g_build_filename (dir, "no-such-folder", "history.csv", NULL);
  g_assert_false (nrt_history_csv_write (&logs, 1, missing, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, missing));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/io/history-csv/numbers", test_numbers);
  g_test_add_func ("/io/history-csv/loss-only", test_loss_only);
  g_test_add_func ("/io/history-csv/all-columns", test_all_columns);
  g_test_add_func ("/io/history-csv/regression-validation", test_regression_validation);
  g_test_add_func ("/io/history-csv/first-entry-decides", test_first_entry_decides);
  g_test_add_func ("/io/history-csv/empty", test_empty);
  g_test_add_func ("/io/history-csv/write", test_write);
  return g_test_run ();
}
