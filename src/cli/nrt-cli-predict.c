/* nrt-cli-predict.c: "neurite-cli predict", which runs a saved project's
 * model on the rows of a CSV file and writes its predictions as CSV. */
#define G_LOG_DOMAIN "neurite-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/nrt-dataset.h"
#include "io/nrt-csv.h"
#include "io/nrt-csv-write.h"
#include "io/nrt-project.h"
#include "nrt-cli-file.h"
#include "nrt-cli-options.h"
#include "nrt-cli-predictions.h"
#include "nrt-cli-project.h"
#include "nrt-cli-project-command.h"
#include "nrt-cli.h"

/* Rows predicted per call of nrt_model_predict, to bound its buffers. */
#define PREDICT_BATCH_ROWS 4096

typedef struct {
  NrtCliProjectArgs paths;
  char *data_path;
} PredictArgs;

/* Checks that data has as many features as the model has inputs, and
 * names the loaded columns when it does not.
 * NOTE: a project saved without a list of feature columns stores no
 * feature names, so columns with other names but the same count pass. */
static gboolean
check_features (const NrtModel *model, const NrtDataset *data, const char *data_path,
                GError **error)
{
  int n_inputs = nrt_model_get_n_inputs (model);
  g_autofree char *display_name = NULL;
  g_autoptr (GString) names = g_string_new (NULL);

  if (data->n_features == n_inputs)
    return TRUE;

  display_name = g_filename_display_name (data_path);
  for (int f = 0; f < data->n_features; f++)
    g_string_append_printf (names, f == 0 ? "%s" : ", %s", data->feature_names[f]);
  g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
               _("“%s” has %d feature columns (%s) but the model expects %d inputs: "
                 "give a file with the feature columns the project was trained on"),
               display_name, data->n_features, names->str, n_inputs);
  return FALSE;
}

/* Fills result->outputs with the model's outputs for every row of data. */
static gboolean
run_model (NrtModel *model, const NrtDataset *data, NrtCliSplitResult *result, GError **error)
{
  NrtError err = { 0 };
  int n_outputs = nrt_model_get_n_outputs (model);

  *result = (NrtCliSplitResult) { "prediction", data, NULL, n_outputs, NULL };
  result->outputs = g_new (float, (gsize) data->n_samples * n_outputs);
  for (int start = 0; start < data->n_samples; start += PREDICT_BATCH_ROWS)
    {
      int count = MIN (PREDICT_BATCH_ROWS, data->n_samples - start);

      if (nrt_model_predict (model, data->x + (gsize) start * data->n_features, count,
                             result->outputs + (gsize) start * n_outputs, &err) != NRT_OK)
        {
          g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                       _("Running the model failed: %s"), err.message);
          return FALSE;
        }
    }
  return TRUE;
}

/* Writes the predictions CSV to path, or to standard output when path is
 * NULL. */
static gboolean
write_predictions (const NrtCliSplitResult *result, const NrtLossConfig *loss,
                   const char *path, GError **error)
{
  g_autofree char *csv = NULL;

  if (path != NULL)
    return nrt_cli_write_predictions (result, loss, path, error);

  csv = nrt_cli_predictions_to_csv (result, loss);
  if (fputs (csv, stdout) < 0 || fflush (stdout) != 0)
    {
      g_set_error_literal (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                           _("Could not write the predictions to standard output"));
      return FALSE;
    }
  return TRUE;
}

/* Checks that a classification file has as many classes as the model
 * predicts. It matters for a project without class names, whose classes
 * are read from the file: with fewer, the probability columns would carry
 * the wrong names. */
static gboolean
check_classes (NrtModel *model, const NrtDataset *data, const char *path, GError **error)
{
  int units = nrt_model_get_n_outputs (model);
  int expected = units > 1 ? units : 2;

  if (data->task != NRT_TASK_CLASSIFICATION || data->n_classes == expected)
    return TRUE;

  g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
               _("“%s” has %d classes in its label column, but the model predicts %d: give a "
                 "file whose label column contains every class of the training data"),
               path, data->n_classes, expected);
  return FALSE;
}

/* Returns TRUE when the file described by scan has a column named name. */
static gboolean
has_column (const NrtCsvScan *scan, const char *name)
{
  for (int c = 0; c < scan->n_columns; c++)
    if (strcmp (scan->columns[c].name, name) == 0)
      return TRUE;
  return FALSE;
}

/* Sets *without_labels when the file at path has none of the project's
 * label columns. A file with only some of them is an error. */
static gboolean
find_label_columns (const NrtProject *project, const NrtCsvOptions *options, const char *path,
                    gboolean *without_labels, GError **error)
{
  char **labels = project->dataset.label_names;
  g_autoptr (NrtCsvScan) scan = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *label_list = NULL;
  guint n_found = 0;

  *without_labels = FALSE;
  if (labels == NULL)
    return TRUE;

  scan = nrt_csv_preview (path, options, 1, error);
  if (scan == NULL)
    return FALSE;
  for (char **label = labels; *label != NULL; label++)
    n_found += has_column (scan, *label);
  if (n_found == 0)
    *without_labels = TRUE;
  if (n_found == 0 || n_found == g_strv_length (labels))
    return TRUE;

  display_name = g_filename_display_name (path);
  label_list = g_strjoinv (", ", labels);
  g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
               _("“%s” has only some of the label columns of the project (%s): give all of "
                 "them, or none to predict from the features alone"),
               display_name, label_list);
  return FALSE;
}

/* Returns a copy of the rows of the file at path with one more column per
 * label of the project. The new columns contain a placeholder valid for
 * the task, so that a file without label columns loads as a labelled one.
 * Sets the delimiter, header and label options of options for that copy.
 * NOTE: the copy keeps the whole file in memory, bytes that are not UTF-8
 * become U+FFFD in it, and a quoted field with a line break shifts the line
 * numbers of later rows in error messages. */
static GString *
add_placeholder_labels (const NrtProject *project, NrtCsvOptions *options, const char *path,
                        GError **error)
{
  char **labels = project->dataset.label_names;
  const char *placeholder = project->dataset.class_names != NULL
                            ? project->dataset.class_names[0] : "0";
  g_autoptr (NrtCsvScan) scan = NULL;
  GString *csv;

  scan = nrt_csv_scan (path, options, G_MAXINT, NULL, NULL, NULL, error);
  if (scan == NULL)
    return NULL;
  if (scan->n_preview_rows != scan->n_rows)
    {
      g_autofree char *display_name = g_filename_display_name (path);

      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                   _("“%s” has more rows than predict can read without a label column "
                     "(%d); add the label columns, or split the file"),
                   display_name, G_MAXINT);
      return NULL;
    }

  csv = g_string_new (NULL);
  for (int i = scan->has_header ? -1 : 0; i < scan->n_preview_rows; i++)
    {
      for (int c = 0; c < scan->n_columns; c++)
        {
          if (c > 0)
            g_string_append_c (csv, ',');
          nrt_csv_append_field (csv, i < 0 ? scan->columns[c].name : scan->preview[i][c]);
        }
      for (char **label = labels; *label != NULL; label++)
        {
          g_string_append_c (csv, ',');
          nrt_csv_append_field (csv, i < 0 ? *label : placeholder);
        }
      g_string_append_c (csv, '\n');
    }

  options->delimiter = ',';
  options->decimal_comma = scan->decimal_comma;
  options->header = scan->has_header ? NRT_CSV_HEADER_YES : NRT_CSV_HEADER_NO;
  /* Without a header the placeholders are the last columns, which the
   * loader takes as the label when options->labels is NULL. */
  if (!scan->has_header && g_strv_length (labels) == 1)
    options->labels = NULL;
  else
    options->labels = labels;
  return csv;
}

/* Loads the rows to predict. With the names that the project stores, the
 * task and the classes are those of the training, so that a file may
 * contain any subset of the classes or no label column at all. */
static NrtDataset *
load_rows (const NrtProject *project, const char *path, gboolean *without_labels,
           GError **error)
{
  NrtCsvOptions options = project->dataset.csv;
  g_autoptr (NrtCsvReport) report = NULL;
  g_autoptr (GString) copy = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *display_name = g_filename_display_name (path);
  NrtDataset *data;

  *without_labels = FALSE;
  if (project->dataset.task >= 0)
    {
      options.task = project->dataset.task == NRT_TASK_REGRESSION ? NRT_CSV_TASK_REGRESSION
                                                                 : NRT_CSV_TASK_CLASSIFICATION;
      options.class_names = project->dataset.class_names;
      if (!find_label_columns (project, &options, path, without_labels, &local_error))
        goto fail;
    }

  if (*without_labels)
    {
      copy = add_placeholder_labels (project, &options, path, &local_error);
      if (copy == NULL)
        goto fail;
      data = nrt_csv_load_data_with_options (copy->str, copy->len, display_name, &options,
                                             &report, &local_error);
    }
  else
    data = nrt_csv_load_with_options (path, &options, NULL, NULL, NULL, &report, &local_error);
  if (data != NULL)
    return data;

fail:
  /* The CSV messages name the file, the line and the column. */
  if (project->dataset.task < 0)
    g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                 _("%s. The project file predates the stored task and class names, so "
                   "predict reads them from the file, which needs the label column with "
                   "every class of the training data. A project saved by train --save "
                   "stores them"),
                 local_error->message);
  else
    g_set_error_literal (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED, local_error->message);
  return NULL;
}

/* Loads the project and the CSV file, runs the model and writes the
 * predictions. Every error is NRT_CLI_ERROR_FAILED. */
static gboolean
predict (const NrtCliProjectArgs *paths, GError **error)
{
  const PredictArgs *args = (const PredictArgs *) paths;
  g_autoptr (NrtProject) project = NULL;
  NrtDataset *data = NULL;
  NrtCliSplitResult result = { 0 };
  gboolean without_labels = FALSE;
  gboolean ok;

  project = nrt_cli_project_command_load (paths->project_path, error);
  if (project == NULL)
    return FALSE;

  data = load_rows (project, args->data_path, &without_labels, error);
  if (data == NULL)
    return FALSE;

  ok = nrt_cli_project_add_derived_features (project, &data, args->data_path, error)
       && check_features (project->model, data, args->data_path, error)
       && check_classes (project->model, data, args->data_path, error)
       && run_model (project->model, data, &result, error);
  result.without_labels = without_labels;
  ok = ok && write_predictions (&result, nrt_model_get_loss (project->model),
                                paths->output_path, error);

  g_free (result.outputs);
  nrt_dataset_free (data);
  return ok;
}

/* Checks that both inputs are given and that the output, when given, can
 * be written and replaces neither input. */
static gboolean
check_paths (const NrtCliProjectArgs *paths, GError **error)
{
  const PredictArgs *args = (const PredictArgs *) paths;
  const char *options[] = { "--project", "--data", "--output" };
  const char *files[] = { paths->project_path, args->data_path, paths->output_path };

  if (paths->project_path == NULL || paths->project_path[0] == '\0')
    {
      g_set_error_literal (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                           _("No project given: add --project FILE.neurite, a file saved "
                             "by train --save"));
      return FALSE;
    }
  if (args->data_path == NULL || args->data_path[0] == '\0')
    {
      g_set_error_literal (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                           _("No data given: add --data FILE.csv"));
      return FALSE;
    }
  if (paths->output_path != NULL
      && !nrt_cli_check_output_path ("--output", paths->output_path, "predictions.csv", error))
    return FALSE;
  return nrt_cli_check_distinct_files (options, files, G_N_ELEMENTS (files), error);
}

static const NrtCliProjectCommand command = {
  .name = "predict",
  .summary = N_("Run a saved project's model, with its weights and Normalization\n"
                "statistics, on the rows of a CSV file and write the predictions as CSV.\n"
                "The file is read with the import options of the project, so it needs the\n"
                "feature columns the model was trained on. The label columns are optional:\n"
                "their values are copied to the output but do not change the predictions.\n"
                "The task and the classes are those of the project, so the file may have\n"
                "any number of rows and any subset of the classes; a label that is none of\n"
                "the classes is an error. A project saved before the project file stored\n"
                "them takes both from the file, which then needs the label column with\n"
                "every class."),
  .description = N_("Each output row has the feature values, the label columns (left out\n"
                    "for a file without them), the predicted label (\"predicted_NAME\") and,\n"
                    "for a cross-entropy loss, one probability column per class\n"
                    "(\"probability_CLASS\"). Logits go through softmax, or sigmoid for one\n"
                    "unit. A regression model writes one predicted column per target. For a\n"
                    "labelled file, this is the layout of train --predictions.\n"
                    "\n"
                    "Exit status: 0 on success, 1 when the project or the CSV file cannot be\n"
                    "read, its features do not match the model or the output cannot be\n"
                    "written, 2 for an invalid command line.\n"),
  .check_paths = check_paths,
  .run = predict,
};

int
nrt_cli_predict (int argc, char **argv)
{
  PredictArgs args = { 0 };
  GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &args.data_path,
      N_("CSV file of the rows to predict"), N_("FILE.csv") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &args.paths.output_path,
      N_("CSV file to write (default: standard output)"), N_("FILE.csv") },
    { NULL }
  };

  return nrt_cli_project_command_main (&command, entries, &args.paths, argc, argv);
}
