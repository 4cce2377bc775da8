/* Tests of CSV import with options: delimiters and decimal commas, header
 * detection, missing values, one-hot features, label columns and tasks.
 * Every expected number is computed by hand from the CSV text beside it.
 */
#include <gio/gio.h>
#include <glib.h>
#include <math.h>
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

/* Loads text, expects the error code and checks that its message names
 * each of expected (NULL-terminated). */
static void
assert_load_error (const char *text, const NrtCsvOptions *options, NrtCsvError code,
                   const char *const *expected)
{
  g_autoptr (GError) error = NULL;
  NrtDataset *dataset = nrt_csv_load_data_with_options (text, strlen (text), "bad.csv", options,
                                                        NULL, &error);

  g_assert_null (dataset);
  g_assert_error (error, NRT_CSV_ERROR, (gint) code);
  g_test_message ("message: %s", error->message);
  g_assert_nonnull (strstr (error->message, "bad.csv"));
  for (gsize k = 0; expected[k] != NULL; k++)
    g_assert_nonnull (strstr (error->message, expected[k]));
}

static void
assert_floats (const float *actual, const float *expected, int n)
{
  double max_difference = 0.0;

  for (int i = 0; i < n; i++)
    max_difference = MAX (max_difference, fabs ((double) actual[i] - expected[i]));
  if (max_difference > 0.0)
    g_test_message ("max difference %g", max_difference);
  g_assert_cmpfloat (max_difference, ==, 0.0);
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

static void
test_semicolon_decimal_comma (void)
{
  const char text[] = "a;b;label\n1,5;2;x\n-0,25; 3,0 ;y\n";
  NrtCsvOptions options = nrt_csv_options_default ();
  g_autoptr (NrtCsvReport) report = NULL;
  const float x[] = { 1.5f, 2.0f, -0.25f, 3.0f };
  NrtDataset *dataset = load_with (text, &options, &report);

  g_assert_cmpint (report->delimiter, ==, ';');
  g_assert_true (report->decimal_comma);
  g_assert_true (report->has_header);
  g_assert_cmpint (dataset->n_samples, ==, 2);
  g_assert_cmpint (dataset->n_features, ==, 2);
  assert_floats (dataset->x, x, 4);
  nrt_dataset_free (dataset);

  /* With a point as the only decimal separator, "1,5" is not a number;
   * the other rows keep column a numeric. */
  options.decimal_comma = 0;
  assert_load_error ("a;b;label\n1,5;2;x\n2;3;y\n3;4;x\n", &options, NRT_CSV_ERROR_NOT_NUMERIC,
                     (const char *[]) { "line 2", "column 1", "“a”", "“1,5”", NULL });

  /* A decimal comma given for a semicolon file with points in it. */
  options.decimal_comma = 1;
  assert_load_error ("a;label\n1,5;x\n2.5;y\n3;x\n", &options, NRT_CSV_ERROR_NOT_NUMERIC,
                     (const char *[]) { "line 3", "“2.5”", "comma", NULL });
}

static void
test_bom_crlf_semicolon (void)
{
  NrtCsvOptions options = nrt_csv_options_default ();
  g_autoptr (NrtCsvReport) report = NULL;
  NrtDataset *dataset = load_with ("\xEF\xBB\xBF" "a;label\r\n1,5;x\r\n2;y\r\n\r\n", &options,
                                   &report);
  const float x[] = { 1.5f, 2.0f };

  g_assert_cmpint (report->delimiter, ==, ';');
  g_assert_cmpint (dataset->n_samples, ==, 2);
  g_assert_cmpstr (dataset->feature_names[0], ==, "a");
  g_assert_cmpstr (dataset->class_names[1], ==, "y");
  assert_floats (dataset->x, x, 2);
  nrt_dataset_free (dataset);
}

static void
test_quoted_delimiters_and_quotes (void)
{
  NrtCsvOptions options = nrt_csv_options_default ();
  NrtDataset *dataset = load_with ("\"w;1\";\"say \"\"hi\"\"\";label\n"
                                   "1;2;\"p;q\"\n"
                                   "3;\"4\";\"r\"\"s\"\n",
                                   &options, NULL);
  const float x[] = { 1, 2, 3, 4 };

  g_assert_cmpstr (dataset->feature_names[0], ==, "w;1");
  g_assert_cmpstr (dataset->feature_names[1], ==, "say \"hi\"");
  g_assert_cmpint (dataset->n_classes, ==, 2);
  g_assert_cmpstr (dataset->class_names[0], ==, "p;q");
  g_assert_cmpstr (dataset->class_names[1], ==, "r\"s");
  assert_floats (dataset->x, x, 4);
  nrt_dataset_free (dataset);
}

static void
test_empty_column (void)
{
  NrtCsvOptions options = nrt_csv_options_default ();
  g_autoptr (NrtCsvReport) report = NULL;
  NrtDataset *dataset = load_with ("a,e,label\n1,,x\n2, ,y\n", &options, &report);
  const float x[] = { 1, 2 };

  print_notes (report);
  g_assert_cmpint (dataset->n_features, ==, 1);
  g_assert_cmpstr (dataset->feature_names[0], ==, "a");
  assert_floats (dataset->x, x, 2);
  g_assert_true (has_note (report, "“e”", "empty"));
  nrt_dataset_free (dataset);
}

static const char missing_text[] = "a,b,label\n1,2,x\n3,,y\n5,6,x\n";
static const char non_numeric_text[] = "a,b,label\n1,2,x\n3,oops,y\n5,6,x\n";

static void
test_missing_value_error (void)
{
  NrtCsvOptions options = nrt_csv_options_default ();

  assert_load_error (missing_text, &options, NRT_CSV_ERROR_MISSING_VALUE,
                     (const char *[]) { "line 3", "column 2", "“b”", "empty", "drop",
                                        "mean", NULL });
  assert_load_error (non_numeric_text, &options, NRT_CSV_ERROR_NOT_NUMERIC,
                     (const char *[]) { "line 3", "column 2", "“b”", "“oops”", "drop",
                                        "mean", NULL });
}

static void
test_missing_value_drop (void)
{
  const char *texts[] = { missing_text, non_numeric_text };
  NrtCsvOptions options = nrt_csv_options_default ();

  options.missing = NRT_CSV_MISSING_DROP;
  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr (NrtCsvReport) report = NULL;
      NrtDataset *dataset = load_with (texts[i], &options, &report);
      /* Rows 1 and 3 of the data are kept. */
      const float x[] = { 1, 2, 5, 6 };
      const float y[] = { 0, 0 };

      print_notes (report);
      g_assert_cmpint (dataset->n_samples, ==, 2);
      assert_floats (dataset->x, x, 4);
      assert_floats (dataset->y, y, 2);
      g_assert_cmpint (report->n_rows_read, ==, 3);
      g_assert_cmpint (report->n_rows_dropped, ==, 1);
      g_assert_cmpint (report->n_values_filled, ==, 0);
      g_assert_true (has_note (report, "1 row", "“b”"));
      nrt_dataset_free (dataset);
    }
}

static void
test_missing_value_mean (void)
{
  const char *texts[] = { missing_text, non_numeric_text };
  NrtCsvOptions options = nrt_csv_options_default ();

  options.missing = NRT_CSV_MISSING_MEAN;
  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr (NrtCsvReport) report = NULL;
      NrtDataset *dataset = load_with (texts[i], &options, &report);
      /* The mean of b over the rows where it is a number: (2 + 6) / 2. */
      const float x[] = { 1, 2, 3, 4, 5, 6 };

      print_notes (report);
      g_assert_cmpint (dataset->n_samples, ==, 3);
      assert_floats (dataset->x, x, 6);
      g_assert_cmpint (report->n_rows_dropped, ==, 0);
      g_assert_cmpint (report->n_values_filled, ==, 1);
      g_assert_true (has_note (report, "“b”", "mean"));
      nrt_dataset_free (dataset);
    }
}

/* A label is never filled: an empty one is an error under the mean, and a
 * dropped row under drop. */
static void
test_missing_label (void)
{
  const char text[] = "a,label\n1,x\n2,\n3,y\n";
  NrtCsvOptions options = nrt_csv_options_default ();
  g_autoptr (NrtCsvReport) report = NULL;
  NrtDataset *dataset;

  options.missing = NRT_CSV_MISSING_MEAN;
  assert_load_error (text, &options, NRT_CSV_ERROR_MISSING_VALUE,
                     (const char *[]) { "line 3", "column 2", "“label”", "never filled",
                                        NULL });

  options.missing = NRT_CSV_MISSING_DROP;
  dataset = load_with (text, &options, &report);
  print_notes (report);
  g_assert_cmpint (dataset->n_samples, ==, 2);
  g_assert_cmpint (report->n_rows_dropped, ==, 1);
  g_assert_true (has_note (report, "1 row", "“label”"));
  nrt_dataset_free (dataset);
}

static void
test_header_only (void)
{
  NrtCsvOptions options = nrt_csv_options_default ();

  assert_load_error ("a;b;label\n", &options, NRT_CSV_ERROR_EMPTY,
                     (const char *[]) { "no data rows", NULL });
  options.header = NRT_CSV_HEADER_YES;
  assert_load_error ("1,2,3\n", &options, NRT_CSV_ERROR_EMPTY,
                     (const char *[]) { "no data rows", NULL });
}

static void
test_one_class_label (void)
{
  NrtCsvOptions options = nrt_csv_options_default ();

  assert_load_error ("a;label\n1;same\n2;same\n", &options, NRT_CSV_ERROR_SINGLE_CLASS,
                     (const char *[]) { "“label”", "“same”", "two classes", NULL });
}

static void
test_empty_label_column (void)
{
  NrtCsvOptions options = nrt_csv_options_default ();

  /* Dropping rows cannot help, so the error is about the choice of column. */
  options.missing = NRT_CSV_MISSING_DROP;
  assert_load_error ("a,label\n1,\n2,\n", &options, NRT_CSV_ERROR_BAD_OPTION,
                     (const char *[]) { "line 2", "column 2", "“label”", "no values", NULL });
}

/* NRT_CSV_MAX_CATEGORIES + 1 distinct texts make an identifier, not
 * categories. */
static void
test_too_many_categories (void)
{
  NrtCsvOptions options = nrt_csv_options_default ();
  g_autoptr (GString) text = g_string_new ("id,label\n");

  for (int i = 0; i <= NRT_CSV_MAX_CATEGORIES; i++)
    g_string_append_printf (text, "u%d,%d\n", i, i % 2);
  assert_load_error (text->str, &options, NRT_CSV_ERROR_TOO_MANY_CATEGORIES,
                     (const char *[]) { "column 1", "“id”", "1000", NULL });
}

static void
test_one_hot_feature (void)
{
  NrtCsvOptions options = nrt_csv_options_default ();
  g_autoptr (NrtCsvReport) report = NULL;
  NrtDataset *dataset = load_with ("color,size,label\n"
                                   "red,1,x\n"
                                   "blue,2,y\n"
                                   "red,3,x\n"
                                   "green,4,y\n",
                                   &options, &report);
  /* Categories in byte order: blue, green, red; then size. */
  const float x[] = { 0, 0, 1, 1,
                      1, 0, 0, 2,
                      0, 0, 1, 3,
                      0, 1, 0, 4 };

  print_notes (report);
  g_assert_cmpint (dataset->n_features, ==, 4);
  g_assert_cmpstr (dataset->feature_names[0], ==, "color=blue");
  g_assert_cmpstr (dataset->feature_names[1], ==, "color=green");
  g_assert_cmpstr (dataset->feature_names[2], ==, "color=red");
  g_assert_cmpstr (dataset->feature_names[3], ==, "size");
  assert_floats (dataset->x, x, 16);
  g_assert_true (has_note (report, "“color”", "red → color=red"));
  nrt_dataset_free (dataset);
}

/* Under the mean, a missing category becomes each category's frequency:
 * red in 2 of the 3 rows with a color, blue in 1. */
static void
test_one_hot_mean (void)
{
  NrtCsvOptions options = nrt_csv_options_default ();
  NrtDataset *dataset;
  const float missing_row[] = { 1.0f / 3.0f, 2.0f / 3.0f };

  options.missing = NRT_CSV_MISSING_MEAN;
  dataset = load_with ("color,label\nred,x\nblue,y\n,x\nred,y\n", &options, NULL);
  g_assert_cmpint (dataset->n_features, ==, 2);
  assert_floats (dataset->x + 2 * 2, missing_row, 2);
  nrt_dataset_free (dataset);
}

static void
test_multilabel (void)
{
  char *labels[] = { "l1", "l2", NULL };
  NrtCsvOptions options = nrt_csv_options_default ();
  g_autoptr (NrtCsvReport) report = NULL;
  NrtDataset *dataset;
  const float y[] = { 0, 1, 1, 1, 0, 0 };
  const float x[] = { 1, 2, 3 };

  options.labels = labels;
  dataset = load_with ("a,l1,l2\n1,0,1\n2,1,1\n3,0,0\n", &options, &report);
  print_notes (report);
  g_assert_cmpint (dataset->task, ==, NRT_TASK_MULTILABEL);
  g_assert_cmpint (dataset->n_targets, ==, 2);
  g_assert_cmpint (dataset->n_classes, ==, 0);
  g_assert_cmpint (dataset->n_features, ==, 1);
  g_assert_cmpstr (dataset->target_names[0], ==, "l1");
  g_assert_cmpstr (dataset->target_names[1], ==, "l2");
  assert_floats (dataset->x, x, 3);
  assert_floats (dataset->y, y, 6);
  g_assert_true (has_note (report, "multi-label", NULL));
  nrt_dataset_free (dataset);

  /* Numbers other than 0 and 1 make a regression with two targets. */
  dataset = load_with ("a,l1,l2\n1,0.5,1\n2,1,7\n", &options, NULL);
  g_assert_cmpint (dataset->task, ==, NRT_TASK_REGRESSION);
  g_assert_cmpint (dataset->n_targets, ==, 2);
  g_assert_cmpfloat (dataset->y[3], ==, 7.0f);
  nrt_dataset_free (dataset);

  /* ... and an error when classification is chosen. */
  options.task = NRT_CSV_TASK_CLASSIFICATION;
  assert_load_error ("a,l1,l2\n1,0,1\n2,1,7\n", &options, NRT_CSV_ERROR_BAD_OPTION,
                     (const char *[]) { "line 3", "“l2”", "“7”", "0 nor 1", NULL });
}

static void
test_task_regression_integers (void)
{
  const char text[] = "a,label\n1,3\n2,5\n3,3\n";
  NrtCsvOptions options = nrt_csv_options_default ();
  g_autoptr (NrtCsvReport) report = NULL;
  NrtDataset *dataset = load_with (text, &options, NULL);
  const float y[] = { 3, 5, 3 };

  g_assert_cmpint (dataset->task, ==, NRT_TASK_CLASSIFICATION);
  g_assert_cmpint (dataset->n_classes, ==, 2);
  nrt_dataset_free (dataset);

  options.task = NRT_CSV_TASK_REGRESSION;
  dataset = load_with (text, &options, &report);
  g_assert_cmpint (dataset->task, ==, NRT_TASK_REGRESSION);
  g_assert_cmpint (dataset->n_classes, ==, 0);
  g_assert_cmpint (dataset->n_targets, ==, 1);
  g_assert_cmpstr (dataset->target_names[0], ==, "label");
  assert_floats (dataset->y, y, 3);
  g_assert_true (has_note (report, "regression", NULL));
  nrt_dataset_free (dataset);
}

static void
test_no_header_positions (void)
{
  char *labels[] = { "3", NULL };
  char *first_label[] = { "1", NULL };
  NrtCsvOptions options = nrt_csv_options_default ();
  g_autoptr (NrtCsvReport) report = NULL;
  NrtDataset *dataset;
  const float x[] = { 1, 2, 3, 4 };

  options.header = NRT_CSV_HEADER_NO;
  options.labels = labels;
  dataset = load_with ("1,2,a\n3,4,b\n", &options, &report);
  g_assert_false (report->has_header);
  g_assert_cmpint (dataset->n_samples, ==, 2);
  g_assert_cmpstr (dataset->feature_names[0], ==, "column 1");
  g_assert_cmpstr (dataset->feature_names[1], ==, "column 2");
  g_assert_cmpstr (dataset->target_names[0], ==, "column 3");
  assert_floats (dataset->x, x, 4);
  nrt_dataset_free (dataset);

  /* Detected: numbers in every field of the first row mean no header. */
  options = nrt_csv_options_default ();
  options.labels = first_label;
  g_clear_pointer (&report, nrt_csv_report_free);
  dataset = load_with ("0,2,3\n1,4,5\n", &options, &report);
  g_assert_false (report->has_header);
  g_assert_cmpint (dataset->n_samples, ==, 2);
  g_assert_cmpstr (dataset->target_names[0], ==, "column 1");
  g_assert_cmpstr (dataset->class_names[1], ==, "1");
  nrt_dataset_free (dataset);

  /* A position beyond the columns names no column. */
  options.labels = (char *[]) { "4", NULL };
  assert_load_error ("0,2,3\n1,4,5\n", &options, NRT_CSV_ERROR_NO_LABEL,
                     (const char *[]) { "position 4", "3 columns", NULL });
}

static void
test_features_option (void)
{
  char *features[] = { "c", "1", NULL };
  char *labels[] = { "b", NULL };
  NrtCsvOptions options = nrt_csv_options_default ();
  NrtDataset *dataset;
  const float x[] = { 3, 1, 6, 4 };

  options.features = features;
  options.labels = labels;
  dataset = load_with ("a,b,c,d\n1,x,3,9\n4,y,6,9\n", &options, NULL);
  g_assert_cmpint (dataset->n_features, ==, 2);
  g_assert_cmpstr (dataset->feature_names[0], ==, "c");
  g_assert_cmpstr (dataset->feature_names[1], ==, "a");
  assert_floats (dataset->x, x, 4);
  nrt_dataset_free (dataset);

  options.features = (char *[]) { "a", "b", NULL };
  assert_load_error ("a,b,c,d\n1,x,3,9\n4,y,6,9\n", &options, NRT_CSV_ERROR_BAD_OPTION,
                     (const char *[]) { "“b”", "twice", NULL });
}

static void
test_detect_tab_and_semicolon (void)
{
  NrtCsvOptions options = nrt_csv_options_default ();
  g_autoptr (NrtCsvReport) report = NULL;
  NrtDataset *dataset = load_with ("a\tb\tlabel\n1,5\t2\tx\n3\t\"4\"\ty\n", &options, &report);
  const float x[] = { 1.5f, 2, 3, 4 };

  g_assert_cmpint (report->delimiter, ==, '\t');
  g_assert_true (report->decimal_comma);
  assert_floats (dataset->x, x, 4);
  nrt_dataset_free (dataset);

  g_clear_pointer (&report, nrt_csv_report_free);
  dataset = load_with ("a;b;label\n1.5;2;x\n3;4;y\n", &options, &report);
  g_assert_cmpint (report->delimiter, ==, ';');
  g_assert_false (report->decimal_comma);
  g_assert_cmpfloat (dataset->x[0], ==, 1.5f);
  nrt_dataset_free (dataset);

  /* A comma file keeps a point as its decimal separator. */
  g_clear_pointer (&report, nrt_csv_report_free);
  dataset = load_with ("a,b,label\n1.5,\"2\",x\n3,4,y\n", &options, &report);
  g_assert_cmpint (report->delimiter, ==, ',');
  g_assert_false (report->decimal_comma);
  nrt_dataset_free (dataset);
}

typedef struct {
  const char *file;
  int n_samples;
  int n_features;
  NrtTask task;
  int n_classes;
} BundledShape;

static const BundledShape bundled_shapes[] = {
  { "iris.csv", 150, 4, NRT_TASK_CLASSIFICATION, 3 },
  { "breast_cancer.csv", 569, 30, NRT_TASK_CLASSIFICATION, 2 },
  { "digits8x8.csv", 1797, 64, NRT_TASK_CLASSIFICATION, 10 },
  { "diabetes.csv", 442, 10, NRT_TASK_REGRESSION, 0 },
  { "coffee_roasting.csv", 200, 2, NRT_TASK_CLASSIFICATION, 2 },
  { "blobs4.csv", 2000, 2, NRT_TASK_CLASSIFICATION, 4 },
};

/* Every bundled file loads with the default options into its known shape
 * and task, with one target named after its last column. */
static void
test_bundled_tasks (void)
{
  const char *directory = g_getenv ("NRT_TEST_DATASETS_DIR");
  NrtCsvOptions options = nrt_csv_options_default ();

  if (directory == NULL)
    {
      g_test_skip ("NRT_TEST_DATASETS_DIR is not set; run through meson test");
      return;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (bundled_shapes); i++)
    {
      const BundledShape *expected = &bundled_shapes[i];
      g_autofree char *path = g_build_filename (directory, expected->file, NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (NrtCsvReport) report = NULL;
      NrtDataset *dataset;

      g_test_message ("file: %s", expected->file);
      dataset = nrt_csv_load_with_options (path, &options, NULL, NULL, NULL, &report, &error);
      g_assert_no_error (error);
      g_assert_cmpint (dataset->n_samples, ==, expected->n_samples);
      g_assert_cmpint (dataset->n_features, ==, expected->n_features);
      g_assert_cmpint (dataset->task, ==, expected->task);
      g_assert_cmpint (dataset->n_classes, ==, expected->n_classes);
      g_assert_cmpint (dataset->n_targets, ==, 1);
      g_assert_cmpint (report->delimiter, ==, ',');
      g_assert_true (report->has_header);
      g_assert_false (report->decimal_comma);
      g_assert_cmpint (report->n_rows_dropped, ==, 0);
      nrt_dataset_free (dataset);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/io/csv-options/semicolon-decimal-comma", test_semicolon_decimal_comma);
  g_test_add_func ("/io/csv-options/bom-crlf-semicolon", test_bom_crlf_semicolon);
  g_test_add_func ("/io/csv-options/quoted-delimiters-and-quotes",
                   test_quoted_delimiters_and_quotes);
  g_test_add_func ("/io/csv-options/empty-column", test_empty_column);
  g_test_add_func ("/io/csv-options/missing-value-error", test_missing_value_error);
  g_test_add_func ("/io/csv-options/missing-value-drop", test_missing_value_drop);
  g_test_add_func ("/io/csv-options/missing-value-mean", test_missing_value_mean);
  g_test_add_func ("/io/csv-options/missing-label", test_missing_label);
  g_test_add_func ("/io/csv-options/header-only", test_header_only);
  g_test_add_func ("/io/csv-options/one-class-label", test_one_class_label);
  g_test_add_func ("/io/csv-options/empty-label-column", test_empty_label_column);
  g_test_add_func ("/io/csv-options/too-many-categories", test_too_many_categories);
  g_test_add_func ("/io/csv-options/one-hot-feature", test_one_hot_feature);
  g_test_add_func ("/io/csv-options/one-hot-mean", test_one_hot_mean);
  g_test_add_func ("/io/csv-options/multilabel", test_multilabel);
  g_test_add_func ("/io/csv-options/task-regression-integers", test_task_regression_integers);
  g_test_add_func ("/io/csv-options/no-header-positions", test_no_header_positions);
  g_test_add_func ("/io/csv-options/features-option", test_features_option);
  g_test_add_func ("/io/csv-options/detect-tab-and-semicolon", test_detect_tab_and_semicolon);
  g_test_add_func ("/io/csv-options/bundled-tasks", test_bundled_tasks);

  return g_test_run ();
}
