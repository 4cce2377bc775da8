/* nrt-cli-evaluate.c: the final metrics of a trained model, the test line
 * and the --metrics file. */
#include "config.h"

#include "nrt-cli-evaluate.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "core/nrt-fit.h"
#include "nrt-cli-file.h"
#include "nrt-cli-options.h"
#include "nrt-cli-progress.h"

/* Rows predicted per call, so that the graph's activation buffers stay
 * small whatever the size of the data. */
#define PREDICT_CHUNK_ROWS 1024

gboolean
nrt_cli_evaluate_split (NrtCliRun *run, const char *name, const NrtDataset *data,
                        NrtCliSplitResult *result, GError **error)
{
  NrtError err = { 0 };
  NrtLogs logs = { 0 };
  int n_outputs = nrt_model_get_n_outputs (run->model);

  *result = (NrtCliSplitResult) { name, data, NULL, n_outputs, NULL };
  result->outputs = g_new (float, (gsize) data->n_samples * n_outputs);

  for (int start = 0; start < data->n_samples; start += PREDICT_CHUNK_ROWS)
    {
      int count = MIN (PREDICT_CHUNK_ROWS, data->n_samples - start);

      if (nrt_model_predict (run->model, data->x + (gsize) start * data->n_features, count,
                             result->outputs + (gsize) start * n_outputs, &err) != NRT_OK)
        goto failed;
    }

  /* The loss as Keras's evaluate computes it: the mean per-sample loss. */
  if (nrt_model_evaluate (run->model, data, run->training.batch_size, &logs, &err) != NRT_OK)
    goto failed;
  result->report = nrt_metrics_report_new (data, result->outputs, n_outputs, &run->loss, &err);
  if (result->report == NULL)
    goto failed;
  result->report->loss = logs.loss;
  return TRUE;

failed:
  /* The core's messages start in lower case and continue the CLI's. */
  g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
               _("Evaluating the model on the %s data failed: %s"), name, err.message);
  nrt_cli_split_result_clear (result);
  return FALSE;
}

void
nrt_cli_split_result_clear (NrtCliSplitResult *result)
{
  g_free (result->outputs);
  g_clear_pointer (&result->report, nrt_metrics_report_free);
  *result = (NrtCliSplitResult) { 0 };
}

static void
append_metric (GString *line, const char *name, double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (line, " - %s: %s", name, nrt_cli_format_metric (value, buffer));
}

char *
nrt_cli_format_evaluation (const char *name, const NrtMetricsReport *report)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  GString *line = g_string_new (NULL);

  g_string_append_printf (line, "%s: loss: %s", name,
                          nrt_cli_format_metric (report->loss, buffer));
  if (report->task == NRT_TASK_REGRESSION)
    {
      append_metric (line, "mae", report->mae);
      append_metric (line, "rmse", report->rmse);
      append_metric (line, "r2", report->r2);
    }
  else
    append_metric (line, "accuracy", report->accuracy);
  return g_string_free (line, FALSE);
}

/* JSON has no NaN or infinity: a metric that is not finite is null. */
static void
add_number (JsonBuilder *builder, const char *member, double value)
{
  json_builder_set_member_name (builder, member);
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_double_array (JsonBuilder *builder, const char *member, const double *values, int n)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (int i = 0; i < n; i++)
    {
      if (isfinite (values[i]))
        json_builder_add_double_value (builder, values[i]);
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_array (builder);
}

static void
add_int_array (JsonBuilder *builder, const int *values, int n)
{
  json_builder_begin_array (builder);
  for (int i = 0; i < n; i++)
    json_builder_add_int_value (builder, values[i]);
  json_builder_end_array (builder);
}

static void
add_string_array (JsonBuilder *builder, const char *member, char *const *values, int n)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (int i = 0; i < n; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

/* Adds the classification or multi-label members of one split. */
static void
add_class_metrics (JsonBuilder *builder, const NrtMetricsReport *report)
{
  int n = report->n_classes;
  /* A classification report has one (n, n) matrix, a multi-label report
   * one 2x2 matrix per label. */
  gboolean multilabel = report->task == NRT_TASK_MULTILABEL;
  int n_matrices = multilabel ? n : 1;
  int side = multilabel ? 2 : n;

  add_number (builder, "accuracy", report->accuracy);
  if (multilabel)
    add_number (builder, "exact_match", report->exact_match);
  add_number (builder, "macro_f1", report->macro_f1);
  add_double_array (builder, "precision", report->precision, n);
  add_double_array (builder, "recall", report->recall, n);
  add_double_array (builder, "f1", report->f1, n);
  json_builder_set_member_name (builder, "support");
  add_int_array (builder, report->support, n);

  json_builder_set_member_name (builder, "confusion_matrix");
  json_builder_begin_array (builder);
  for (int m = 0; m < n_matrices; m++)
    {
      const int *matrix = report->confusion + (gsize) m * side * side;

      if (multilabel)
        json_builder_begin_array (builder);
      for (int row = 0; row < side; row++)
        add_int_array (builder, matrix + (gsize) row * side, side);
      if (multilabel)
        json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
}

/* Adds the object "per_target" with the lists mae, rmse and r2 in the order
 * of the targets. The report holds only their means over the targets, so
 * each target's values are computed here by the same formulas: scikit-learn's
 * mean_absolute_error, root_mean_squared_error and r2_score with
 * multioutput="raw_values", R² being 1 for exact predictions of constant
 * targets and 0 otherwise. */
static void
add_regression_per_target (JsonBuilder *builder, const NrtCliSplitResult *result)
{
  const NrtDataset *data = result->data;
  int n = data->n_samples;
  int m = data->n_targets;
  g_autofree double *mae = g_new0 (double, m);
  g_autofree double *rmse = g_new0 (double, m);
  g_autofree double *r2 = g_new0 (double, m);

  for (int j = 0; j < m; j++)
    {
      double mean = 0.0, absolute = 0.0, ss_res = 0.0, ss_tot = 0.0;

      for (int i = 0; i < n; i++)
        mean += data->y[(gsize) i * m + j];
      mean /= n;
      for (int i = 0; i < n; i++)
        {
          double y = data->y[(gsize) i * m + j];
          double d = y - result->outputs[(gsize) i * result->n_outputs + j];

          absolute += fabs (d);
          ss_res += d * d;
          ss_tot += (y - mean) * (y - mean);
        }
      mae[j] = absolute / n;
      rmse[j] = sqrt (ss_res / n);
      if (ss_tot > 0.0)
        r2[j] = 1.0 - ss_res / ss_tot;
      else
        r2[j] = ss_res == 0.0 ? 1.0 : 0.0;
    }

  json_builder_set_member_name (builder, "per_target");
  json_builder_begin_object (builder);
  add_double_array (builder, "mae", mae, m);
  add_double_array (builder, "rmse", rmse, m);
  add_double_array (builder, "r2", r2, m);
  json_builder_end_object (builder);
}

static void
add_split (JsonBuilder *builder, const NrtCliSplitResult *result)
{
  const NrtMetricsReport *report = result->report;

  json_builder_set_member_name (builder, result->name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "samples");
  json_builder_add_int_value (builder, report->n_samples);
  add_number (builder, "loss", report->loss);
  if (report->task == NRT_TASK_REGRESSION)
    {
      add_number (builder, "mae", report->mae);
      add_number (builder, "rmse", report->rmse);
      add_number (builder, "r2", report->r2);
      add_regression_per_target (builder, result);
    }
  else
    add_class_metrics (builder, report);
  json_builder_end_object (builder);
}

static JsonNode *
build_metrics (const NrtCliRun *run, const NrtCliSplitResult *results, int n_results)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  const NrtDataset *data = run->data;
  guint64 seed = run->training.seed;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "task");
  json_builder_add_string_value (builder, nrt_task_name (data->task));
  json_builder_set_member_name (builder, "loss_function");
  json_builder_add_string_value (builder, nrt_loss_name (run->loss.kind));
  if (data->task == NRT_TASK_CLASSIFICATION)
    add_string_array (builder, "classes", data->class_names, data->n_classes);
  add_string_array (builder, "targets", data->target_names, data->n_targets);
  json_builder_set_member_name (builder, "epochs");
  json_builder_add_int_value (builder, run->epochs_done);
  /* JSON-GLib stores integers as gint64, so a larger seed is written as
   * its decimal string. */
  json_builder_set_member_name (builder, "seed");
  if (seed <= G_MAXINT64)
    json_builder_add_int_value (builder, (gint64) seed);
  else
    {
      char text[24];

      g_snprintf (text, sizeof text, "%" G_GUINT64_FORMAT, seed);
      json_builder_add_string_value (builder, text);
    }

  json_builder_set_member_name (builder, "splits");
  json_builder_begin_object (builder);
  for (int i = 0; i < n_results; i++)
    add_split (builder, &results[i]);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

gboolean
nrt_cli_write_metrics (const NrtCliRun *run, const NrtCliSplitResult *results, int n_results,
                       const char *path, GError **error)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = build_metrics (run, results, n_results);
  g_autofree char *text = NULL;
  g_autofree char *display_name = NULL;
  gsize length;
  int saved_errno;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, &length);
  /* The file ends with a newline, as text files do. */
  text = g_realloc (text, length + 2);
  text[length++] = '\n';
  text[length] = '\0';

  saved_errno = nrt_cli_write_file_atomically (path, text, length);
  if (saved_errno != 0)
    {
      display_name = g_filename_display_name (path);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not write the metrics to “%s”: %s"), display_name,
                   g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}
