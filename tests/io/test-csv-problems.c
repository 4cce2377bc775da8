/* Tests of CSV import on problem files. They cover values shaped like
 * numbers that are not valid ones and a text label under the regression
 * task. They check the notes on dropped rows and invalid UTF-8, and the
 * messages on label positions, empty label columns and long column names.
 * Every expected number is counted by hand from the CSV text beside it.
 */
#include <gio/gio.h>
#include <glib.h>
#include <string.h>

#include "io/nrt-csv.h"

static NrtDataset *
load_with (const char *text, const NrtCsvOptions *options, NrtCsvReport **report)
{
  g_autoptr (GError) error = NULL;
  NrtDataset *dataset = nrt_csv_load_data_with_options (text, strlen (text), "good.csv",
                                                        options, report, &error);

  g_assert_no_error (error);
  g_assert_nonnull (dataset);
  return dataset;
}

/* Loads text and expects the error code. Returns the message, which names
 * the file and each of expected (NULL-terminated) and none of unexpected
 * (NULL-terminated, or NULL). */
static char *
assert_load_error (const char *text, const NrtCsvOptions *options, NrtCsvError code,
                   const char *const *expected, const char *const *unexpected)
{
  g_autoptr (GError) error = NULL;
  NrtDataset *dataset = nrt_csv_load_data_with_options (text, strlen (text), "bad.csv", options,
                                                        NULL, &error);

  g_assert_null (dataset);
  g_assert_error (error, NRT_CSV_ERROR, (gint) code);
  g_test_message ("message: %s", error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, "bad.csv"));
  for (gsize k = 0; expected[k] != NULL; k++)
    {
      g_test_message ("expected: %s", expected[k]);
      g_assert_nonnull (strstr (error->message, expected[k]));
    }
  for (gsize k = 0; unexpected != NULL && unexpected[k] != NULL; k++)
    {
      g_test_message ("unexpected: %s", unexpected[k]);
      g_assert_null (strstr (error->message, unexpected[k]));
    }
  return g_strdup (error->message);
}

/* Returns TRUE when some note of report contains part and, unless it is
 * NULL, other_part. */
static gboolean
has_note (const NrtCsvReport *report, const char *part, const char *other_part)
{
  for (guint i = 0; i < report->notes->len; i++)
    {
      const char *note = g_ptr_array_index (report->notes, i);

      if (strstr (note, part) != NULL && (other_part == NULL || strstr (note, other_part)))
        return TRUE;
    }
  return FALSE;
}

static void
print_notes (const NrtCsvReport *report)
{
  for (guint i = 0; i < report->notes->len; i++)
    g_test_message ("note: %s", (const char *) g_ptr_array_index (report->notes, i));
}

typedef struct {
  const char *name;
  const char *text;
  int decimal_comma;              /* as NrtCsvOptions.decimal_comma */
  const char *expected[6];        /* substrings of the message, NULL-terminated */
} MalformedCase;

/* Columns in which no value is a valid number, though every value is
 * shaped like one. Each must stay numeric and be an error that names the
 * first value, rather than become one-hot categories. */
static const MalformedCase malformed_cases[] = {
  { "float overflow", "a,b,label\n1e39,2,x\n2e39,4,y\n3e39,6,x\n4e39,8,y\n", -1,
    { "line 2", "column 1 “a”", "“1e39”", "±3.4e38", "fix the values" } },
  { "infinities and NaN in any case", "a,b,label\n1,NaN,x\n2,inf,y\n3,-Infinity,x\n4,nan,y\n",
    -1, { "line 2", "column 2 “b”", "“NaN”", "finite number", "fix the values" } },
  { "quoted decimal commas", "a,b,label\n\"1,5\",2,x\n\"3,25\",4,y\n\"2,0\",1,x\n", -1,
    { "line 2", "column 1 “a”", "“1,5”", "read with a point", "comma as the decimal" } },
  { "decimal points with a decimal comma", "a\tb\tlabel\n1.5\t2\tx\n3.5\t4\ty\n5.5\t1\tx\n"
                                           "2.25\t3\ty\n",
    1, { "line 2", "column 1 “a”", "“1.5”", "read with a comma", "point as the decimal" } },
};

static void
test_malformed_column (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (malformed_cases); i++)
    {
      const MalformedCase *bad = &malformed_cases[i];
      NrtCsvOptions options = nrt_csv_options_default ();
      const NrtCsvMissing modes[] = {
        NRT_CSV_MISSING_ERROR, NRT_CSV_MISSING_DROP, NRT_CSV_MISSING_MEAN,
      };

      g_test_message ("case: %s", bad->name);
      options.decimal_comma = bad->decimal_comma;
      /* No mode helps: dropping leaves no row and there is no mean. */
      for (gsize m = 0; m < G_N_ELEMENTS (modes); m++)
        {
          g_autofree char *message = NULL;

          options.missing = modes[m];
          message = assert_load_error (bad->text, &options, NRT_CSV_ERROR_BAD_OPTION,
                                       bad->expected, (const char *[]) { "one-hot", NULL });
        }
    }
}

/* Three of five values of column a are malformed numbers: the column is
 * numeric, and each of them is a bad value. */
static void
test_malformed_values (void)
{
  const char text[] = "a,label\n1,x\nINF,y\nnan,x\n3,y\n-Infinity,x\n";
  NrtCsvOptions options = nrt_csv_options_default ();
  g_autoptr (NrtCsvReport) report = NULL;
  g_autofree char *message = NULL;
  NrtDataset *dataset;

  message = assert_load_error (text, &options, NRT_CSV_ERROR_NOT_NUMERIC,
                               (const char *[]) { "line 3", "column 1 “a”", "“INF”",
                                                  "finite number", NULL },
                               NULL);

  /* Lines 3, 4 and 6 are dropped; a stays one feature. */
  options.missing = NRT_CSV_MISSING_DROP;
  dataset = load_with (text, &options, &report);
  print_notes (report);
  g_assert_cmpint (dataset->n_features, ==, 1);
  g_assert_cmpint (dataset->n_samples, ==, 2);
  g_assert_cmpfloat (dataset->x[0], ==, 1.0f);
  g_assert_cmpfloat (dataset->x[1], ==, 3.0f);
  nrt_dataset_free (dataset);

  /* The mean of a over its valid numbers, (1 + 3) / 2, fills lines 3, 4
   * and 6. */
  g_clear_pointer (&report, nrt_csv_report_free);
  options.missing = NRT_CSV_MISSING_MEAN;
  dataset = load_with (text, &options, &report);
  g_assert_cmpint (dataset->n_features, ==, 1);
  g_assert_cmpint (dataset->n_samples, ==, 5);
  g_assert_cmpfloat (dataset->x[1], ==, 2.0f);
  g_assert_cmpfloat (dataset->x[2], ==, 2.0f);
  g_assert_cmpfloat (dataset->x[4], ==, 2.0f);
  g_assert_cmpint (report->n_values_filled, ==, 3);
  nrt_dataset_free (dataset);
}

/* A comma value in a file read with a point is a bad number, not a
 * category, when the other values of its column are numbers. */
static void
test_wrong_decimal_separator_value (void)
{
  const char text[] = "a,label\n1,x\n\"2,5\",y\n3,x\n";
  NrtCsvOptions options = nrt_csv_options_default ();
  g_autofree char *message = NULL;

  message = assert_load_error (text, &options, NRT_CSV_ERROR_NOT_NUMERIC,
                               (const char *[]) { "line 3", "“2,5”", "read with a point",
                                                  NULL },
                               NULL);
}

/* Labels of malformed numbers: each is an invalid label, and a label
 * column with no valid number is an error before any row is filled. */
static void
test_malformed_labels (void)
{
  NrtCsvOptions options = nrt_csv_options_default ();
  g_autoptr (NrtCsvReport) report = NULL;
  g_autofree char *message = NULL;
  NrtDataset *dataset;

  message = assert_load_error ("a,y\n1,nan\n2,Inf\n3,NAN\n", &options, NRT_CSV_ERROR_BAD_OPTION,
                               (const char *[]) { "line 2", "column 2 “y”", "“nan”",
                                                  "another label column", NULL },
                               NULL);

  /* Integer classes 0 and 1; the row of line 3 is dropped, not a class. */
  options.missing = NRT_CSV_MISSING_DROP;
  dataset = load_with ("a,y\n1,0\n2,nan\n3,1\n4,0\n", &options, &report);
  print_notes (report);
  g_assert_cmpint (dataset->task, ==, NRT_TASK_CLASSIFICATION);
  g_assert_cmpint (dataset->n_classes, ==, 2);
  g_assert_cmpint (dataset->n_samples, ==, 3);
  nrt_dataset_free (dataset);
}

static const char iris_like_text[] = "sepal,petal,species\n5.1,1.4,setosa\n7.0,4.7,versicolor\n"
                                     "6.3,6.0,virginica\n";

static void
test_regression_text_label (void)
{
  const NrtCsvMissing modes[] = {
    NRT_CSV_MISSING_ERROR, NRT_CSV_MISSING_DROP, NRT_CSV_MISSING_MEAN,
  };
  NrtCsvOptions options = nrt_csv_options_default ();

  options.task = NRT_CSV_TASK_REGRESSION;
  for (gsize m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_autofree char *message = NULL;

      options.missing = modes[m];
      message = assert_load_error (iris_like_text, &options, NRT_CSV_ERROR_BAD_OPTION,
                                   (const char *[]) { "line 2", "column 3 “species”",
                                                      "text classes", "“setosa”",
                                                      "choose classification", NULL },
                                   (const char *[]) { "not a number", "drop", NULL });
    }

  /* A numeric label with one word stays a regression target, and the word
   * is an invalid label on its line. */
  options.missing = NRT_CSV_MISSING_ERROR;
  g_free (assert_load_error ("a,y\n1,0.5\n2,1.5\n3,oops\n", &options, NRT_CSV_ERROR_NOT_NUMERIC,
                             (const char *[]) { "line 4", "“oops”", NULL }, NULL));
}

/* Line 4 misses b and c, so the per-column counts (a: 1, b: 1, c: 2) add
 * up to 4, but 3 of the 12 rows are dropped: lines 3, 4 and 6. */
static void
test_dropped_total_note (void)
{
  const char text[] = "a,b,c,label\n1,2,3,x\n,2,3,y\n1,,,x\n4,5,6,y\n7,8,,x\n1,1,1,y\n"
                      "2,2,2,x\n3,3,3,y\n4,4,4,x\n5,5,5,y\n6,6,6,x\n7,7,7,y\n";
  NrtCsvOptions options = nrt_csv_options_default ();
  g_autoptr (NrtCsvReport) report = NULL;
  NrtDataset *dataset;

  options.missing = NRT_CSV_MISSING_DROP;
  dataset = load_with (text, &options, &report);
  print_notes (report);
  g_assert_cmpint (dataset->n_samples, ==, 9);
  g_assert_cmpint (report->n_rows_read, ==, 12);
  g_assert_cmpint (report->n_rows_dropped, ==, 3);
  g_assert_true (has_note (report, "3 of 12 rows were dropped", NULL));
  g_assert_true (has_note (report, "2 rows", "“c”"));
  nrt_dataset_free (dataset);

  /* A missing label and a missing feature on one row count once. */
  g_clear_pointer (&report, nrt_csv_report_free);
  dataset = load_with ("a,label\n1,x\n,\n3,y\n", &options, &report);
  print_notes (report);
  g_assert_true (has_note (report, "1 of 3 rows was dropped", NULL));
  nrt_dataset_free (dataset);
}

/* Rows dropped after the last kept row: the dataset is full by then. */
static void
test_drop_last_rows (void)
{
  NrtCsvOptions options = nrt_csv_options_default ();
  g_autoptr (NrtCsvReport) report = NULL;
  NrtDataset *dataset;

  options.missing = NRT_CSV_MISSING_DROP;
  dataset = load_with ("a,label\n1,x\n3,y\n,x\noops,y\n", &options, &report);
  g_assert_cmpint (dataset->n_samples, ==, 2);
  g_assert_cmpfloat (dataset->x[0], ==, 1.0f);
  g_assert_cmpfloat (dataset->x[1], ==, 3.0f);
  g_assert_cmpint (report->n_rows_dropped, ==, 2);
  nrt_dataset_free (dataset);
}

static void
test_invalid_utf8_note (void)
{
  NrtCsvOptions options = nrt_csv_options_default ();
  g_autoptr (NrtCsvReport) report = NULL;
  NrtDataset *dataset;

  /* Latin-1 "ÿþ" as classes. */
  dataset = load_with ("a,b,label\n1,2,\xff\xfe\n3,4,y\n5,6,\xff\xfe\n", &options, &report);
  print_notes (report);
  g_assert_cmpstr (dataset->class_names[1], ==, "\xef\xbf\xbd\xef\xbf\xbd");
  g_assert_true (has_note (report, "“label”", "UTF-8"));
  g_assert_false (has_note (report, "“a”", "UTF-8"));
  nrt_dataset_free (dataset);

  /* Latin-1 "é" in a header name and in a one-hot feature's categories. */
  g_clear_pointer (&report, nrt_csv_report_free);
  dataset = load_with ("a,b\xe9,c,label\n1,2,r\xe9,x\n3,4,s,y\n", &options, &report);
  print_notes (report);
  g_assert_cmpstr (dataset->feature_names[1], ==, "b\xef\xbf\xbd");
  g_assert_true (has_note (report, "“b\xef\xbf\xbd”", "UTF-8"));
  g_assert_true (has_note (report, "“c”", "UTF-8"));
  g_assert_false (has_note (report, "“a”", "UTF-8"));
  nrt_dataset_free (dataset);

  /* Valid UTF-8 gets no note. */
  g_clear_pointer (&report, nrt_csv_report_free);
  dataset = load_with ("a,b\xc3\xa9,label\n1,2,\xc3\xa9t\xc3\xa9\n3,4,y\n", &options, &report);
  print_notes (report);
  g_assert_false (has_note (report, "UTF-8", NULL));
  nrt_dataset_free (dataset);
}

static void
test_label_position_beyond (void)
{
  NrtCsvOptions options = nrt_csv_options_default ();
  g_autofree char *message = NULL;
  g_autofree char *no_header_message = NULL;
  g_autofree char *unknown_message = NULL;
  g_autofree char *feature_message = NULL;

  options.labels = (char *[]) { "5", NULL };
  message = assert_load_error ("a,b,c,label\n1,2,3,x\n4,5,6,y\n", &options,
                               NRT_CSV_ERROR_NO_LABEL,
                               (const char *[]) { "position 5", "4 columns", "from 1 to 4",
                                                  NULL },
                               (const char *[]) { "named", NULL });

  options.header = NRT_CSV_HEADER_NO;
  options.labels = (char *[]) { "4", NULL };
  no_header_message = assert_load_error ("1,2,3\n4,5,6\n", &options, NRT_CSV_ERROR_NO_LABEL,
                                         (const char *[]) { "position 4", "3 columns", NULL },
                                         (const char *[]) { "header", "named", NULL });

  /* A name that no column has, in a file without a header. */
  options.labels = (char *[]) { "target", NULL };
  unknown_message = assert_load_error ("1,2,3\n4,5,6\n", &options, NRT_CSV_ERROR_NO_LABEL,
                                       (const char *[]) { "“target”", "“column 1”", NULL },
                                       (const char *[]) { "header", NULL });

  options.header = NRT_CSV_HEADER_DETECT;
  options.labels = NULL;
  options.features = (char *[]) { "0", NULL };
  feature_message = assert_load_error ("a,b,label\n1,2,x\n4,5,y\n", &options,
                                       NRT_CSV_ERROR_NO_LABEL,
                                       (const char *[]) { "position 0", "feature columns",
                                                          NULL },
                                       NULL);
}

/* A header name that is a number names its column before any position. */
static void
test_numeric_header_name (void)
{
  NrtCsvOptions options = nrt_csv_options_default ();
  NrtDataset *dataset;

  options.labels = (char *[]) { "1", NULL };
  dataset = load_with ("2,1,label\n5,0,7\n7,1,8\n", &options, NULL);
  g_assert_cmpstr (dataset->target_names[0], ==, "1");
  g_assert_cmpstr (dataset->feature_names[0], ==, "2");
  g_assert_cmpstr (dataset->feature_names[1], ==, "label");
  nrt_dataset_free (dataset);
}

static void
test_empty_label_column_line (void)
{
  NrtCsvOptions options = nrt_csv_options_default ();
  g_autofree char *message = NULL;

  message = assert_load_error ("a,b,c\n1,5,\n", &options, NRT_CSV_ERROR_BAD_OPTION,
                               (const char *[]) { "line 2", "column 3 “c”", "no values",
                                                  "another label column", NULL },
                               (const char *[]) { "missing", NULL });
}

/* A 5,000-character header name is cut to 60 characters and "…" in
 * messages, and kept whole in the dataset. */
static void
test_long_name_shortened (void)
{
  g_autofree char *name = g_strnfill (5000, 'n');
  g_autofree char *cut_name = g_strdup_printf ("“%.60s…”", name);
  g_autofree char *bad_value = g_strdup_printf ("%s,label\n1,x\noops,y\n3,x\n", name);
  g_autofree char *duplicate = g_strdup_printf ("%s,%s,label\n1,2,x\n", name, name);
  g_autofree char *good = g_strdup_printf ("%s,label\nr,x\ns,y\n", name);
  g_autofree char *bad_value_message = NULL;
  g_autofree char *duplicate_message = NULL;
  g_autofree char *unknown_message = NULL;
  NrtCsvOptions options = nrt_csv_options_default ();
  g_autoptr (NrtCsvReport) report = NULL;
  NrtDataset *dataset;

  bad_value_message = assert_load_error (bad_value, &options, NRT_CSV_ERROR_NOT_NUMERIC,
                                         (const char *[]) { cut_name, "“oops”", NULL }, NULL);
  g_assert_cmpuint (strlen (bad_value_message), <, 1000);
  duplicate_message = assert_load_error (duplicate, &options, NRT_CSV_ERROR_BAD_HEADER,
                                         (const char *[]) { cut_name, NULL }, NULL);
  g_assert_cmpuint (strlen (duplicate_message), <, 1000);

  options.labels = (char *[]) { "target", NULL };
  unknown_message = assert_load_error (bad_value, &options, NRT_CSV_ERROR_NO_LABEL,
                                       (const char *[]) { cut_name, NULL }, NULL);
  g_assert_cmpuint (strlen (unknown_message), <, 1000);

  options.labels = NULL;
  dataset = load_with (good, &options, &report);
  print_notes (report);
  for (guint i = 0; i < report->notes->len; i++)
    g_assert_cmpuint (strlen (g_ptr_array_index (report->notes, i)), <, 1000);
  g_assert_true (has_note (report, cut_name, "one-hot"));
  g_assert_cmpuint (strlen (dataset->feature_names[0]), ==, 5000 + strlen ("=r"));
  nrt_dataset_free (dataset);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/io/csv-problems/malformed-column", test_malformed_column);
  g_test_add_func ("/io/csv-problems/malformed-values", test_malformed_values);
  g_test_add_func ("/io/csv-problems/wrong-decimal-separator-value",
                   test_wrong_decimal_separator_value);
  g_test_add_func ("/io/csv-problems/malformed-labels", test_malformed_labels);
  g_test_add_func ("/io/csv-problems/regression-text-label", test_regression_text_label);
  g_test_add_func ("/io/csv-problems/dropped-total-note", test_dropped_total_note);
  g_test_add_func ("/io/csv-problems/drop-last-rows", test_drop_last_rows);
  g_test_add_func ("/io/csv-problems/invalid-utf8-note", test_invalid_utf8_note);
  g_test_add_func ("/io/csv-problems/label-position-beyond", test_label_position_beyond);
  g_test_add_func ("/io/csv-problems/numeric-header-name", test_numeric_header_name);
  g_test_add_func ("/io/csv-problems/empty-label-column-line", test_empty_label_column_line);
  g_test_add_func ("/io/csv-problems/long-name-shortened", test_long_name_shortened);

  return g_test_run ();
}
