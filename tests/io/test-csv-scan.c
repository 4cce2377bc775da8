/* Tests of reading CSV files from disk: the preview, the scan's column
 * statistics, progress over both passes of a load, and cancellation.
 * Expected statistics are computed by hand from the CSV text beside them.
 */
#include <gio/gio.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "io/nrt-csv.h"

/* Writes text to a new temporary file and returns its path. */
static char *
write_temporary (const char *text, gssize length)
{
  g_autoptr (GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("nrt-csv-XXXXXX.csv", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, text, length, &error));
  g_assert_no_error (error);
  return path;
}

/* Returns a CSV text of n_rows rows of three numeric features and an
 * integer class from 0 to 2. */
static char *
make_large_text (int n_rows)
{
  GString *text = g_string_new ("x1,x2,x3,label\n");

  for (int i = 0; i < n_rows; i++)
    g_string_append_printf (text, "%d.25,%d,-%d.5,%d\n", i, i % 7, i % 11, i % 3);
  return g_string_free (text, FALSE);
}

static void
test_preview_first_rows (void)
{
  g_autofree char *path = write_temporary ("a;b;label\n1,5;x;p\n2;y;q\n3;x;p\n4;z;q\n", -1);
  NrtCsvOptions options = nrt_csv_options_default ();
  g_autoptr (GError) error = NULL;
  g_autoptr (NrtCsvScan) scan = nrt_csv_preview (path, &options, 2, &error);

  g_assert_no_error (error);
  g_assert_cmpint (scan->delimiter, ==, ';');
  g_assert_true (scan->has_header);
  g_assert_true (scan->decimal_comma);
  g_assert_cmpint (scan->n_columns, ==, 3);
  g_assert_cmpstr (scan->columns[0].name, ==, "a");
  g_assert_cmpstr (scan->columns[2].name, ==, "label");
  g_assert_cmpint (scan->n_preview_rows, ==, 2);
  g_assert_cmpint (scan->n_rows, ==, 2);
  g_assert_false (scan->complete);
  g_assert_cmpstr (scan->preview[0][0], ==, "1,5");
  g_assert_cmpstr (scan->preview[0][1], ==, "x");
  g_assert_cmpstr (scan->preview[1][2], ==, "q");
  g_assert_null (scan->preview[1][3]);
  /* The column infos cover the two rows read: 1.5 and 2. */
  g_assert_cmpfloat (scan->columns[0].mean, ==, 1.75);
  g_unlink (path);
}

/* A preview reports the format errors of the rows it reads. */
static void
test_preview_ragged_row (void)
{
  g_autofree char *path = write_temporary ("a,b,label\n1,2,x\n3,y\n", -1);
  NrtCsvOptions options = nrt_csv_options_default ();
  g_autoptr (GError) error = NULL;
  NrtCsvScan *scan = nrt_csv_preview (path, &options, 10, &error);

  g_assert_null (scan);
  g_assert_error (error, NRT_CSV_ERROR, NRT_CSV_ERROR_RAGGED);
  g_assert_nonnull (strstr (error->message, "line 3"));
  g_unlink (path);
}

static void
test_scan_counts (void)
{
  /* a: numeric with one empty field; b: categorical; c: empty;
   * d: numeric with one text value; label: categorical. */
  g_autofree char *path = write_temporary ("a,b,c,d,label\n"
                                           "1,x,,1,p\n"
                                           "2,y,,2,q\n"
                                           ",z,,?,p\n"
                                           "4.5,y,,4,q\n",
                                           -1);
  NrtCsvOptions options = nrt_csv_options_default ();
  g_autoptr (GError) error = NULL;
  g_autoptr (NrtCsvScan) scan = nrt_csv_scan (path, &options, 1, NULL, NULL, NULL, &error);
  const NrtCsvColumnInfo *a, *b, *c, *d, *label;

  g_assert_no_error (error);
  g_assert_cmpint (scan->n_columns, ==, 5);
  g_assert_cmpint (scan->n_rows, ==, 4);
  g_assert_true (scan->complete);
  g_assert_cmpint (scan->n_preview_rows, ==, 1);
  a = &scan->columns[0];
  b = &scan->columns[1];
  c = &scan->columns[2];
  d = &scan->columns[3];
  label = &scan->columns[4];

  g_assert_cmpint (a->kind, ==, NRT_CSV_COLUMN_NUMERIC);
  g_assert_cmpint (a->n_values, ==, 3);
  g_assert_cmpint (a->n_numeric, ==, 3);
  g_assert_cmpint (a->n_missing, ==, 1);
  g_assert_cmpint (a->n_non_numeric, ==, 0);
  g_assert_cmpint (a->first_problem_line, ==, 4);
  g_assert_cmpstr (a->first_problem_value, ==, "");
  g_assert_cmpfloat (a->min, ==, 1.0);
  g_assert_cmpfloat (a->max, ==, 4.5);
  /* (1 + 2 + 4.5) / 3 */
  g_assert_cmpfloat_with_epsilon (a->mean, 2.5, 1e-12);
  g_assert_false (a->all_integer);
  g_assert_cmpint (a->n_distinct, ==, 3);
  g_assert_null (a->categories);

  g_assert_cmpint (b->kind, ==, NRT_CSV_COLUMN_CATEGORICAL);
  g_assert_cmpint (b->n_distinct, ==, 3);
  g_assert_cmpint (b->n_non_numeric, ==, 0);
  g_assert_true (isnan (b->mean));
  g_assert_cmpstrv (b->categories, ((const char *[]) { "x", "y", "z", NULL }));

  g_assert_cmpint (c->kind, ==, NRT_CSV_COLUMN_EMPTY);
  g_assert_cmpint (c->n_missing, ==, 4);
  g_assert_cmpint (c->n_values, ==, 0);

  g_assert_cmpint (d->kind, ==, NRT_CSV_COLUMN_NUMERIC);
  g_assert_cmpint (d->n_non_numeric, ==, 1);
  g_assert_cmpint (d->first_problem_line, ==, 4);
  g_assert_cmpstr (d->first_problem_value, ==, "?");
  g_assert_true (d->all_integer);

  g_assert_cmpstrv (label->categories, ((const char *[]) { "p", "q", NULL }));
  g_unlink (path);
}

/* Values shaped like numbers count as numbers for the kind, even when none
 * is valid: a is numeric with three non-numeric values and no mean. */
static void
test_scan_malformed_numbers (void)
{
  g_autofree char *path = write_temporary ("a,b,label\n"
                                           "nan,\"1,5\",p\n"
                                           "1e39,\"2,5\",q\n"
                                           "-INF,3,p\n",
                                           -1);
  NrtCsvOptions options = nrt_csv_options_default ();
  g_autoptr (GError) error = NULL;
  g_autoptr (NrtCsvScan) scan = nrt_csv_scan (path, &options, 0, NULL, NULL, NULL, &error);
  const NrtCsvColumnInfo *a, *b;

  g_assert_no_error (error);
  g_assert_false (scan->decimal_comma);
  a = &scan->columns[0];
  b = &scan->columns[1];

  g_assert_cmpint (a->kind, ==, NRT_CSV_COLUMN_NUMERIC);
  g_assert_cmpint (a->n_numeric, ==, 0);
  g_assert_cmpint (a->n_non_numeric, ==, 3);
  g_assert_cmpint (a->first_problem_line, ==, 2);
  g_assert_cmpstr (a->first_problem_value, ==, "nan");
  g_assert_true (isnan (a->mean));
  g_assert_null (a->categories);

  /* Two decimal commas in a file read with a point, and one integer. */
  g_assert_cmpint (b->kind, ==, NRT_CSV_COLUMN_NUMERIC);
  g_assert_cmpint (b->n_numeric, ==, 1);
  g_assert_cmpint (b->n_non_numeric, ==, 2);
  g_assert_cmpstr (b->first_problem_value, ==, "1,5");
  g_unlink (path);
}

typedef struct {
  int n_calls;
  double first;
  double last;
  gboolean decreased;
  GCancellable *cancel_at_first_call;
} ProgressLog;

static void
on_progress (double fraction, gpointer user_data)
{
  ProgressLog *log = user_data;

  if (log->n_calls == 0)
    log->first = fraction;
  else if (fraction < log->last)
    log->decreased = TRUE;
  log->last = fraction;
  log->n_calls++;
  if (log->cancel_at_first_call != NULL)
    g_cancellable_cancel (log->cancel_at_first_call);
}

/* A load of many blocks reports rising fractions that end at 1, about one
 * per 1 % of its two passes. */
static void
test_load_progress (void)
{
  g_autofree char *text = make_large_text (40000);
  g_autofree char *path = write_temporary (text, -1);
  NrtCsvOptions options = nrt_csv_options_default ();
  ProgressLog log = { 0 };
  g_autoptr (GError) error = NULL;
  NrtDataset *dataset;

  g_test_message ("file of %zu bytes", strlen (text));
  dataset = nrt_csv_load_with_options (path, &options, on_progress, &log, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dataset->n_samples, ==, 40000);
  g_assert_cmpint (dataset->n_features, ==, 3);
  g_assert_cmpint (dataset->n_classes, ==, 3);
  g_assert_cmpfloat (dataset->x[3 * 39999], ==, 39999.25f);

  g_test_message ("%d progress calls, first %g", log.n_calls, log.first);
  g_assert_cmpint (log.n_calls, >=, 10);
  g_assert_cmpint (log.n_calls, <=, 102);
  g_assert_false (log.decreased);
  g_assert_cmpfloat (log.last, ==, 1.0);
  nrt_dataset_free (dataset);
  g_unlink (path);
}

static void
test_scan_progress (void)
{
  g_autofree char *text = make_large_text (20000);
  g_autofree char *path = write_temporary (text, -1);
  NrtCsvOptions options = nrt_csv_options_default ();
  ProgressLog log = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (NrtCsvScan) scan = nrt_csv_scan (path, &options, 0, on_progress, &log, NULL,
                                              &error);

  g_assert_no_error (error);
  g_assert_cmpint (scan->n_rows, ==, 20000);
  g_assert_cmpint (log.n_calls, >=, 2);
  g_assert_false (log.decreased);
  g_assert_cmpfloat (log.last, ==, 1.0);
  g_unlink (path);
}

static void
test_cancel (void)
{
  g_autofree char *text = make_large_text (40000);
  g_autofree char *path = write_temporary (text, -1);
  NrtCsvOptions options = nrt_csv_options_default ();
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  ProgressLog log = { 0 };
  g_autoptr (GError) error = NULL;

  /* Cancelled before the read starts. */
  g_cancellable_cancel (cancellable);
  g_assert_null (nrt_csv_load_with_options (path, &options, NULL, NULL, cancellable, NULL,
                                            &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_null (nrt_csv_scan (path, &options, 0, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Cancelled from the first progress call, between two blocks. */
  g_cancellable_reset (cancellable);
  log.cancel_at_first_call = cancellable;
  g_assert_null (nrt_csv_load_with_options (path, &options, on_progress, &log, cancellable,
                                            NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (log.n_calls, ==, 1);
  g_assert_cmpfloat (log.last, <, 0.5);
  g_unlink (path);
}

/* The bundled copies load from a file and from memory into the same
 * dataset, since the built-in datasets are loaded from memory. */
static void
test_file_and_memory_agree (void)
{
  const char *directory = g_getenv ("NRT_TEST_DATASETS_DIR");
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr (GError) error = NULL;
  NrtDataset *from_file;
  NrtDataset *from_memory;

  if (directory == NULL)
    {
      g_test_skip ("NRT_TEST_DATASETS_DIR is not set; run through meson test");
      return;
    }

  path = g_build_filename (directory, "breast_cancer.csv", NULL);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  from_file = nrt_csv_load (path, NULL, &error);
  g_assert_no_error (error);
  from_memory = nrt_csv_load_from_data (contents, length, "breast_cancer.csv", NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (from_file->n_samples, ==, from_memory->n_samples);
  g_assert_cmpint (from_file->n_features, ==, from_memory->n_features);
  g_assert_cmpmem (from_file->x, (gsize) from_file->n_samples * from_file->n_features
                                     * sizeof (float),
                   from_memory->x, (gsize) from_memory->n_samples * from_memory->n_features
                                       * sizeof (float));
  g_assert_cmpmem (from_file->y, (gsize) from_file->n_samples * sizeof (float),
                   from_memory->y, (gsize) from_memory->n_samples * sizeof (float));
  nrt_dataset_free (from_file);
  nrt_dataset_free (from_memory);
}

/* Returns the rows of scan whose problems are exactly flags, 0 when no
 * set of its row problems matches. */
static gint64
rows_with_problems (const NrtCsvScan *scan, const guint8 *flags)
{
  for (int k = 0; k < scan->n_row_problems; k++)
    if (memcmp (scan->row_problems[k].flags, flags, scan->n_columns) == 0)
      return scan->row_problems[k].n_rows;
  return 0;
}

/* The scan groups the rows with problems by their problem columns. By
 * hand: lines 3 and 6 miss x1, line 5 has the text "oops" in the numeric
 * x2, line 7 misses both x1 and x2, and every label is text, which is no
 * problem in the categorical label column. Line 8 misses its label. */
static void
test_scan_row_problems (void)
{
  const char *text = "x1,x2,label\n1,2,a\n,3,b\n4,5,a\n6,oops,b\n,8,a\n,,b\n11,12,\n"
                     "13,14,b\n";
  g_autofree char *path = write_temporary (text, -1);
  g_autoptr (GError) error = NULL;
  g_autoptr (NrtCsvScan) scan = NULL;
  g_autoptr (NrtCsvScan) preview = NULL;
  NrtCsvOptions options = nrt_csv_options_default ();
  const guint8 x1_missing[] = { NRT_CSV_PROBLEM_MISSING, 0, 0 };
  const guint8 x2_text[] = { 0, NRT_CSV_PROBLEM_NON_NUMERIC, 0 };
  const guint8 both_missing[] = { NRT_CSV_PROBLEM_MISSING, NRT_CSV_PROBLEM_MISSING, 0 };
  const guint8 label_missing[] = { 0, 0, NRT_CSV_PROBLEM_MISSING };
  gint64 total = 0;

  scan = nrt_csv_scan (path, &options, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (scan);
  g_assert_cmpint (scan->n_rows, ==, 8);
  g_assert_cmpint (scan->columns[2].kind, ==, NRT_CSV_COLUMN_CATEGORICAL);

  g_assert_cmpint (scan->n_row_problems, ==, 4);
  g_assert_cmpint (rows_with_problems (scan, x1_missing), ==, 2);
  g_assert_cmpint (rows_with_problems (scan, x2_text), ==, 1);
  g_assert_cmpint (rows_with_problems (scan, both_missing), ==, 1);
  g_assert_cmpint (rows_with_problems (scan, label_missing), ==, 1);
  for (int k = 0; k < scan->n_row_problems; k++)
    total += scan->row_problems[k].n_rows;
  g_assert_cmpint (total, ==, 5);

  /* The preview reads the first rows only, and records no sets. */
  preview = nrt_csv_preview (path, &options, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpint (preview->n_row_problems, ==, -1);
  g_assert_null (preview->row_problems);

  g_unlink (path);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/io/csv-scan/preview-first-rows", test_preview_first_rows);
  g_test_add_func ("/io/csv-scan/preview-ragged-row", test_preview_ragged_row);
  g_test_add_func ("/io/csv-scan/scan-counts", test_scan_counts);
  g_test_add_func ("/io/csv-scan/scan-malformed-numbers", test_scan_malformed_numbers);
  g_test_add_func ("/io/csv-scan/scan-row-problems", test_scan_row_problems);
  g_test_add_func ("/io/csv-scan/load-progress", test_load_progress);
  g_test_add_func ("/io/csv-scan/scan-progress", test_scan_progress);
  g_test_add_func ("/io/csv-scan/cancel", test_cancel);
  g_test_add_func ("/io/csv-scan/file-and-memory-agree", test_file_and_memory_agree);

  return g_test_run ();
}
