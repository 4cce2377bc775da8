/* Tests of CSV import: well-formed files, the bundled datasets read from
 * disk, and each kind of bad input with the facts its message must name.
 *
 * NRT_TEST_DATASETS_DIR, set by tests/io/meson.build, points at the
 * bundled CSV files in the source tree.
 */
#include <gio/gio.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "io/nrt-csv.h"

static NrtDataset *
load_string (const char *text, const char *label_column)
{
  g_autoptr (GError) error = NULL;
  NrtDataset *dataset = nrt_csv_load_from_data (text, strlen (text), "good.csv", label_column,
                                                &error);

  g_assert_no_error (error);
  g_assert_nonnull (dataset);
  return dataset;
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

static void
test_basic (void)
{
  NrtDataset *dataset = load_string ("a,b,label\n1.5,-2,cat\n3e2, 4 ,dog\n0,0.25,cat\n", NULL);
  const float x[] = { 1.5f, -2.0f, 300.0f, 4.0f, 0.0f, 0.25f };
  const float y[] = { 0, 1, 0 };

  g_assert_cmpint (dataset->n_samples, ==, 3);
  g_assert_cmpint (dataset->n_features, ==, 2);
  g_assert_cmpint (dataset->n_classes, ==, 2);
  g_assert_cmpstr (dataset->feature_names[0], ==, "a");
  g_assert_cmpstr (dataset->feature_names[1], ==, "b");
  g_assert_cmpstr (dataset->class_names[0], ==, "cat");
  g_assert_cmpstr (dataset->class_names[1], ==, "dog");
  assert_floats (dataset->x, x, 6);
  assert_floats (dataset->y, y, 3);
  nrt_dataset_free (dataset);
}

static void
test_label_by_name (void)
{
  NrtDataset *dataset = load_string ("id,species,size\n1,b,10\n2,a,20\n", "species");
  const float x[] = { 1, 10, 2, 20 };
  const float y[] = { 1, 0 };

  g_assert_cmpint (dataset->n_features, ==, 2);
  g_assert_cmpstr (dataset->feature_names[0], ==, "id");
  g_assert_cmpstr (dataset->feature_names[1], ==, "size");
  g_assert_cmpstr (dataset->class_names[0], ==, "a");
  assert_floats (dataset->x, x, 4);
  assert_floats (dataset->y, y, 2);
  nrt_dataset_free (dataset);
}

static void
test_quoted_fields (void)
{
  NrtDataset *dataset = load_string ("\"width, cm\",\"b\"\"\",label\n"
                                     "\"1.5\",\" 2 \",\"class, one\"\n"
                                     "3,4,\"two\nlines\"\n", NULL);
  const float x[] = { 1.5f, 2.0f, 3.0f, 4.0f };

  g_assert_cmpstr (dataset->feature_names[0], ==, "width, cm");
  g_assert_cmpstr (dataset->feature_names[1], ==, "b\"");
  g_assert_cmpint (dataset->n_classes, ==, 2);
  g_assert_cmpstr (dataset->class_names[0], ==, "class, one");
  g_assert_cmpstr (dataset->class_names[1], ==, "two\nlines");
  assert_floats (dataset->x, x, 4);
  nrt_dataset_free (dataset);
}

static void
test_bom_crlf_trailing_lines (void)
{
  NrtDataset *dataset = load_string ("\xEF\xBB\xBF" "a,label\r\n1,x\r\n2,y\r\n\r\n\r\n", NULL);

  g_assert_cmpint (dataset->n_samples, ==, 2);
  g_assert_cmpstr (dataset->feature_names[0], ==, "a");
  g_assert_cmpstr (dataset->class_names[1], ==, "y");
  nrt_dataset_free (dataset);

  /* No line break after the last row. */
  dataset = load_string ("a,label\n1,x\n2,y", NULL);
  g_assert_cmpint (dataset->n_samples, ==, 2);
  nrt_dataset_free (dataset);
}

/* Integer labels sort numerically (-3 < 2 < 10), not as text. */
static void
test_integer_classes (void)
{
  NrtDataset *dataset = load_string ("a,label\n1,10\n2,-3\n3,10\n4,2\n5,2.0\n", NULL);
  const float y[] = { 2, 0, 2, 1, 1 };

  g_assert_cmpint (dataset->n_classes, ==, 3);
  g_assert_cmpstr (dataset->class_names[0], ==, "-3");
  g_assert_cmpstr (dataset->class_names[1], ==, "2");
  g_assert_cmpstr (dataset->class_names[2], ==, "10");
  assert_floats (dataset->y, y, 5);
  nrt_dataset_free (dataset);
}

/* NRT_CSV_MAX_INTEGER_CLASSES distinct integers are classes; one more makes
 * the label a regression target. */
static void
test_integer_class_limit (void)
{
  for (int extra = 0; extra <= 1; extra++)
    {
      g_autoptr (GString) text = g_string_new ("a,label\n");
      NrtDataset *dataset;
      int n_rows = NRT_CSV_MAX_INTEGER_CLASSES + extra;

      for (int i = 0; i < n_rows; i++)
        g_string_append_printf (text, "%d,%d\n", i, 100 - i);
      dataset = load_string (text->str, NULL);
      g_assert_cmpint (dataset->n_classes, ==, extra == 0 ? NRT_CSV_MAX_INTEGER_CLASSES : 0);
      if (extra == 1)
        g_assert_cmpfloat (dataset->y[0], ==, 100.0f);
      nrt_dataset_free (dataset);
    }
}

static void
test_regression (void)
{
  NrtDataset *dataset = load_string ("a,target\n1,0.5\n2,-1.25\n3,0.5\n", NULL);
  const float y[] = { 0.5f, -1.25f, 0.5f };

  g_assert_cmpint (dataset->n_classes, ==, 0);
  g_assert_null (dataset->class_names);
  assert_floats (dataset->y, y, 3);
  nrt_dataset_free (dataset);
}

/* One text label makes every label a class name, in byte order. */
static void
test_mixed_labels_are_text (void)
{
  NrtDataset *dataset = load_string ("a,label\n1,2\n2,10\n3,x\n", NULL);

  g_assert_cmpint (dataset->n_classes, ==, 3);
  g_assert_cmpstr (dataset->class_names[0], ==, "10");
  g_assert_cmpstr (dataset->class_names[1], ==, "2");
  g_assert_cmpstr (dataset->class_names[2], ==, "x");
  nrt_dataset_free (dataset);
}

typedef struct {
  const char *name;
  const char *text;
  gsize length;                   /* 0: strlen (text) */
  const char *label_column;
  NrtCsvError code;
  const char *expected[5];        /* substrings of the message */
} BadCase;

static const BadCase bad_cases[] = {
  { "not numeric", "a,b,label\n1,2,x\n3,oops,y\n", 0, NULL, NRT_CSV_ERROR_NOT_NUMERIC,
    { "line 3", "column 2", "“b”", "“oops”", "number" } },
  /* The second row keeps column b from being an empty column, which is
   * left out of the features. */
  { "empty feature", "a,b,label\n1,,x\n2,3,y\n", 0, NULL, NRT_CSV_ERROR_MISSING_VALUE,
    { "line 2", "column 2", "“b”", "empty", "number" } },
  { "infinite feature", "a,label\n1,x\ninf,y\n", 0, NULL, NRT_CSV_ERROR_NOT_NUMERIC,
    { "line 3", "column 1", "“a”", "“inf”", "finite" } },
  { "overflow to infinity", "a,label\n1,x\n-1e400,y\n", 0, NULL, NRT_CSV_ERROR_NOT_NUMERIC,
    { "line 3", "column 1", "“a”", "“-1e400”", "out of range" } },
  { "float overflow", "a,label\n1e39,x\n2,y\n", 0, NULL, NRT_CSV_ERROR_NOT_NUMERIC,
    { "line 2", "column 1", "“a”", "“1e39”", "out of range" } },
  { "decimal comma", "a,label\n1,5,x\n", 0, NULL, NRT_CSV_ERROR_RAGGED,
    { "line 2", "field 3", "“x”", "3 fields", "2 columns" } },
  { "short row", "a,b,label\n1,2,x\n3,y\n", 0, NULL, NRT_CSV_ERROR_RAGGED,
    { "line 3", "column 3", "“label”", "2 fields", "3 columns" } },
  { "long row", "a,b,label\n1,2,x,9\n", 0, NULL, NRT_CSV_ERROR_RAGGED,
    { "line 2", "field 4", "“9”", "4 fields", "3 columns" } },
  { "empty line inside", "a,label\n1,x\n\n2,y\n", 0, NULL, NRT_CSV_ERROR_RAGGED,
    { "line 3", "empty", "", "", "" } },
  { "empty line inside CRLF", "a,label\r\n1,x\r\n\r\n2,y\r\n", 0, NULL, NRT_CSV_ERROR_RAGGED,
    { "line 3", "empty", "", "", "" } },
  { "empty file", "", 0, NULL, NRT_CSV_ERROR_EMPTY,
    { "empty", "header", "", "", "" } },
  { "only blank lines", "\n\n", 0, NULL, NRT_CSV_ERROR_EMPTY,
    { "empty", "", "", "", "" } },
  { "header only", "a,b,label\r\n", 0, NULL, NRT_CSV_ERROR_EMPTY,
    { "no data rows", "header", "", "", "" } },
  { "missing label column", "a,b,label\n1,2,x\n", 0, "target", NRT_CSV_ERROR_NO_LABEL,
    { "“target”", "“a”, “b”, “label”", "line 1", "", "" } },
  { "single class", "a,label\n1,x\n2,x\n", 0, NULL, NRT_CSV_ERROR_SINGLE_CLASS,
    { "column 2", "“label”", "“x”", "two classes", "" } },
  { "single integer class", "a,label\n1,3\n2,3\n", 0, NULL, NRT_CSV_ERROR_SINGLE_CLASS,
    { "“3”", "two classes", "", "", "" } },
  { "one column", "label\n1\n2\n", 0, NULL, NRT_CSV_ERROR_NO_FEATURES,
    { "line 1", "“label”", "one column", "", "" } },
  { "stray quote", "a,label\n1,x\n2,\"y\"z\n", 0, NULL, NRT_CSV_ERROR_SYNTAX,
    { "line 3", "column 2", "“label”", "2,\"y\"z", "quot" } },
  { "unclosed quote", "a,label\n1,x\n2,\"y\n", 0, NULL, NRT_CSV_ERROR_SYNTAX,
    { "line 3", "column 2", "closing", "", "" } },
  { "empty label", "a,label\n1,x\n2, \n", 0, NULL, NRT_CSV_ERROR_MISSING_VALUE,
    { "line 3", "column 2", "“label”", "empty", "" } },
  { "NUL byte", "a,label\n1\0002,x\n", 14, NULL, NRT_CSV_ERROR_SYNTAX,
    { "line 2", "column 1", "NUL", "", "" } },
  { "target overflow", "a,y\n1,0.5\n2,1e39\n", 0, NULL, NRT_CSV_ERROR_NOT_NUMERIC,
    { "line 3", "column 2", "“y”", "“1e39”", "out of range" } },
  { "target overflow to infinity", "a,y\n1,0.5\n2,1e400\n", 0, NULL, NRT_CSV_ERROR_NOT_NUMERIC,
    { "line 3", "column 2", "“y”", "“1e400”", "out of range" } },
  /* Each name must find one column: for --label, and in messages and plots. */
  { "duplicate header name", "a,a,label\n1,2,x\n3,4,y\n", 0, NULL, NRT_CSV_ERROR_BAD_HEADER,
    { "line 1", "columns 1 and 2", "“a”", "rename one", "" } },
  { "duplicate label name", "label,b,label\n1,2,x\n", 0, NULL, NRT_CSV_ERROR_BAD_HEADER,
    { "columns 1 and 3", "“label”", "rename one", "", "" } },
  { "duplicate after trimming", "a, a ,label\n1,2,x\n", 0, NULL, NRT_CSV_ERROR_BAD_HEADER,
    { "columns 1 and 2", "“a”", "", "", "" } },
  { "empty header name", "a,,label\n1,2,x\n", 0, NULL, NRT_CSV_ERROR_BAD_HEADER,
    { "line 1", "column 2", "empty", "name", "" } },
  { "blank quoted header name", "a,\" \",label\n1,2,x\n", 0, NULL, NRT_CSV_ERROR_BAD_HEADER,
    { "column 2", "empty", "", "", "" } },
  { "empty label name", "a,b,\n1,2,x\n", 0, NULL, NRT_CSV_ERROR_BAD_HEADER,
    { "column 3", "empty", "", "", "" } },
  /* Line numbers count the line breaks inside quoted fields. */
  { "line after quoted break", "a,label\n1,\"two\nlines\"\nbad,y\n", 0, NULL,
    NRT_CSV_ERROR_NOT_NUMERIC, { "line 4", "“bad”", "", "", "" } },
  { "line in CRLF file", "a,label\r\n1,x\r\nbad,y\r\n", 0, NULL, NRT_CSV_ERROR_NOT_NUMERIC,
    { "line 3", "“bad”", "", "", "" } },
};

static void
test_bad_input (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      const BadCase *bad = &bad_cases[i];
      gsize length = bad->length != 0 ? bad->length : strlen (bad->text);
      g_autoptr (GError) error = NULL;
      NrtDataset *dataset;

      g_test_message ("case: %s", bad->name);
      dataset = nrt_csv_load_from_data (bad->text, length, "bad.csv", bad->label_column, &error);
      g_assert_null (dataset);
      g_assert_error (error, NRT_CSV_ERROR, (gint) bad->code);
      g_test_message ("message: %s", error->message);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_nonnull (strstr (error->message, "bad.csv"));
      for (gsize k = 0; k < G_N_ELEMENTS (bad->expected); k++)
        g_assert_nonnull (strstr (error->message, bad->expected[k]));
    }
}

/* Invalid UTF-8 in a value must not make the message invalid UTF-8. */
static void
test_invalid_utf8_value (void)
{
  /* Two numbers keep column a numeric, so the third value is an error
   * rather than a category. */
  const char text[] = "a,label\n1,x\n2,y\n\xff\xfe,x\n";
  g_autoptr (GError) error = NULL;

  g_assert_null (nrt_csv_load_from_data (text, strlen (text), "bad.csv", NULL, &error));
  g_assert_error (error, NRT_CSV_ERROR, NRT_CSV_ERROR_NOT_NUMERIC);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
test_file_round_trip (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  const char text[] = "a,label\n1,x\n2,y\n";
  NrtDataset *dataset;
  int fd;

  fd = g_file_open_tmp ("nrt-csv-XXXXXX.csv", &path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (write (fd, text, strlen (text)), ==, (int) strlen (text));
  close (fd);

  dataset = nrt_csv_load (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dataset->n_samples, ==, 2);
  nrt_dataset_free (dataset);
  g_unlink (path);
}

static int
count_occurrences (const char *text, const char *part)
{
  int count = 0;

  for (const char *found = strstr (text, part); found != NULL;
       found = strstr (found + strlen (part), part))
    count++;
  return count;
}

/* The message of an error on disk names the path once, with the reason and
 * what to do. */
static void
test_file_errors (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *directory = g_dir_make_tmp ("nrt-csv-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (directory, "missing.csv", NULL);
  g_autofree char *bad = g_build_filename (directory, "ragged.csv", NULL);

  g_assert_null (nrt_csv_load (missing, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_test_message ("message: %s", error->message);
  g_assert_cmpint (count_occurrences (error->message, missing), ==, 1);
  g_assert_nonnull (strstr (error->message, "check the path"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (bad, "a,label\n1,x,3\n", -1, NULL));
  g_assert_null (nrt_csv_load (bad, NULL, &error));
  g_assert_error (error, NRT_CSV_ERROR, NRT_CSV_ERROR_RAGGED);
  g_assert_nonnull (strstr (error->message, "ragged.csv"));
  g_assert_nonnull (strstr (error->message, "line 2"));
  g_clear_error (&error);

  g_assert_null (nrt_csv_load (directory, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_test_message ("message: %s", error->message);
  g_assert_cmpint (count_occurrences (error->message, directory), ==, 1);
  g_assert_nonnull (strstr (error->message, "not a folder"));

  g_unlink (bad);
  g_rmdir (directory);
}

typedef struct {
  const char *file;
  int n_samples;
  int n_features;
  int n_classes;
  const char *first_class;
  const char *last_class;
} BundledFile;

static const BundledFile bundled_files[] = {
  { "iris.csv", 150, 4, 3, "setosa", "virginica" },
  { "breast_cancer.csv", 569, 30, 2, "benign", "malignant" },
  { "digits8x8.csv", 1797, 64, 10, "0", "9" },
  { "diabetes.csv", 442, 10, 0, NULL, NULL },
  { "coffee_roasting.csv", 200, 2, 2, "0", "1" },
  { "blobs4.csv", 2000, 2, 4, "0", "3" },
};

static void
test_bundled_files (void)
{
  const char *directory = g_getenv ("NRT_TEST_DATASETS_DIR");

  if (directory == NULL)
    {
      g_test_skip ("NRT_TEST_DATASETS_DIR is not set; run through meson test");
      return;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (bundled_files); i++)
    {
      const BundledFile *expected = &bundled_files[i];
      g_autofree char *path = g_build_filename (directory, expected->file, NULL);
      g_autoptr (GError) error = NULL;
      NrtDataset *dataset;

      g_test_message ("file: %s", expected->file);
      dataset = nrt_csv_load (path, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (dataset->n_samples, ==, expected->n_samples);
      g_assert_cmpint (dataset->n_features, ==, expected->n_features);
      g_assert_cmpint (dataset->n_classes, ==, expected->n_classes);
      if (expected->n_classes > 0)
        {
          g_assert_cmpstr (dataset->class_names[0], ==, expected->first_class);
          g_assert_cmpstr (dataset->class_names[expected->n_classes - 1], ==,
                           expected->last_class);
        }
      nrt_dataset_free (dataset);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/io/csv/basic", test_basic);
  g_test_add_func ("/io/csv/label-by-name", test_label_by_name);
  g_test_add_func ("/io/csv/quoted-fields", test_quoted_fields);
  g_test_add_func ("/io/csv/bom-crlf-trailing-lines", test_bom_crlf_trailing_lines);
  g_test_add_func ("/io/csv/integer-classes", test_integer_classes);
  g_test_add_func ("/io/csv/integer-class-limit", test_integer_class_limit);
  g_test_add_func ("/io/csv/regression", test_regression);
  g_test_add_func ("/io/csv/mixed-labels-are-text", test_mixed_labels_are_text);
  g_test_add_func ("/io/csv/bad-input", test_bad_input);
  g_test_add_func ("/io/csv/invalid-utf8-value", test_invalid_utf8_value);
  g_test_add_func ("/io/csv/file-round-trip", test_file_round_trip);
  g_test_add_func ("/io/csv/file-errors", test_file_errors);
  g_test_add_func ("/io/csv/bundled-files", test_bundled_files);

  return g_test_run ();
}
