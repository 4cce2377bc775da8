/* nrt-cli-predictions.c: the --predictions CSV file of the test part. */
#include "config.h"

#include "nrt-cli-predictions.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/nrt-metrics.h"
#include "io/nrt-csv-write.h"
#include "nrt-cli-file.h"

/* Appends a field, after a comma unless it is the first of its line. */
static void
append_field (GString *csv, const char *field, gboolean first)
{
  if (!first)
    g_string_append_c (csv, ',');
  nrt_csv_append_field (csv, field);
}

static void
append_prefixed_field (GString *csv, const char *prefix, const char *name)
{
  g_autofree char *field = g_strconcat (prefix, name, NULL);

  append_field (csv, field, FALSE);
}

/* Appends the shortest decimal that reads back as the same float32, so
 * that a value loaded as 5.1 is written as 5.1, not 5.0999999. */
static void
append_float (GString *csv, float value, gboolean first)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!first)
    g_string_append_c (csv, ',');
  if (isnan (value))
    {
      g_string_append (csv, "nan");
      return;
    }
  if (isinf (value))
    {
      g_string_append (csv, value > 0 ? "inf" : "-inf");
      return;
    }
  for (int digits = 1; digits <= 9; digits++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if ((float) g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  g_string_append (csv, buffer);
}

static float
sigmoid (float logit)
{
  return (float) (1.0 / (1.0 + exp (-(double) logit)));
}

/* Fills probabilities (n_classes) from one row of outputs of a classifier
 * trained with a cross-entropy. */
static void
class_probabilities (const float *row, int units, int n_classes, gboolean from_logits,
                     float *probabilities)
{
  double max = -INFINITY;
  double sum = 0;

  if (units == 1)
    {
      float p = from_logits ? sigmoid (row[0]) : row[0];

      probabilities[0] = 1 - p;
      probabilities[1] = p;
      return;
    }

  /* Softmax over every unit, so that the probabilities match the loss's,
   * even when the layer has more units than the data has classes. */
  for (int k = 0; k < n_classes; k++)
    probabilities[k] = row[k];
  if (!from_logits)
    return;
  for (int k = 0; k < units; k++)
    max = fmax (max, row[k]);
  for (int k = 0; k < units; k++)
    sum += exp (row[k] - max);
  for (int k = 0; k < n_classes; k++)
    probabilities[k] = (float) (exp (row[k] - max) / sum);
}

static void
append_header (GString *csv, const NrtDataset *data, gboolean probabilities,
               gboolean without_labels)
{
  for (int f = 0; f < data->n_features; f++)
    append_field (csv, data->feature_names[f], f == 0);
  for (int t = 0; t < data->n_targets && !without_labels; t++)
    append_field (csv, data->target_names[t], FALSE);
  for (int t = 0; t < data->n_targets; t++)
    append_prefixed_field (csv, "predicted_", data->target_names[t]);
  if (probabilities && data->task == NRT_TASK_CLASSIFICATION)
    for (int k = 0; k < data->n_classes; k++)
      append_prefixed_field (csv, "probability_", data->class_names[k]);
  if (probabilities && data->task == NRT_TASK_MULTILABEL)
    for (int t = 0; t < data->n_targets; t++)
      append_prefixed_field (csv, "probability_", data->target_names[t]);
  g_string_append_c (csv, '\n');
}

/* Appends the label columns of sample i: true, predicted, probabilities. */
static void
append_labels (GString *csv, const NrtCliSplitResult *result, const NrtLossConfig *loss,
               int i, float *probabilities)
{
  const NrtDataset *data = result->data;
  const float *row = result->outputs + (gsize) i * result->n_outputs;
  const float *y = data->y + (gsize) i * data->n_targets;
  gboolean crossentropy = nrt_loss_is_crossentropy (loss->kind);
  /* Labels are 1 above 0.5 on probabilities, above 0 on logits. */
  float threshold = loss->from_logits ? 0.0f : 0.5f;

  switch (data->task)
    {
    case NRT_TASK_CLASSIFICATION:
      {
        int predicted = nrt_metrics_predict_class (row, result->n_outputs, loss->from_logits);

        if (!result->without_labels)
          append_field (csv, data->class_names[(int) y[0]], FALSE);
        append_field (csv, data->class_names[CLAMP (predicted, 0, data->n_classes - 1)], FALSE);
        if (!crossentropy)
          break;
        class_probabilities (row, result->n_outputs, data->n_classes, loss->from_logits,
                             probabilities);
        for (int k = 0; k < data->n_classes; k++)
          append_float (csv, probabilities[k], FALSE);
      }
      break;

    case NRT_TASK_MULTILABEL:
      for (int t = 0; t < data->n_targets && !result->without_labels; t++)
        append_float (csv, y[t], FALSE);
      for (int t = 0; t < data->n_targets; t++)
        g_string_append (csv, row[t] > threshold ? ",1" : ",0");
      if (crossentropy)
        for (int t = 0; t < data->n_targets; t++)
          append_float (csv, loss->from_logits ? sigmoid (row[t]) : row[t], FALSE);
      break;

    case NRT_TASK_REGRESSION:
    default:
      for (int t = 0; t < data->n_targets && !result->without_labels; t++)
        append_float (csv, y[t], FALSE);
      for (int t = 0; t < data->n_targets; t++)
        append_float (csv, row[t], FALSE);
      break;
    }
}

char *
nrt_cli_predictions_to_csv (const NrtCliSplitResult *result, const NrtLossConfig *loss)
{
  const NrtDataset *data = result->data;
  g_autofree float *probabilities = g_new (float, MAX (data->n_classes, 2));
  GString *csv = g_string_new (NULL);

  append_header (csv, data, nrt_loss_is_crossentropy (loss->kind), result->without_labels);
  for (int i = 0; i < data->n_samples; i++)
    {
      const float *x = data->x + (gsize) i * data->n_features;

      for (int f = 0; f < data->n_features; f++)
        append_float (csv, x[f], f == 0);
      append_labels (csv, result, loss, i, probabilities);
      g_string_append_c (csv, '\n');
    }
  return g_string_free (csv, FALSE);
}

gboolean
nrt_cli_write_predictions (const NrtCliSplitResult *result, const NrtLossConfig *loss,
                           const char *path, GError **error)
{
  g_autofree char *csv = nrt_cli_predictions_to_csv (result, loss);
  g_autofree char *display_name = NULL;
  int saved_errno = nrt_cli_write_file_atomically (path, csv, strlen (csv));

  if (saved_errno != 0)
    {
      display_name = g_filename_display_name (path);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not write the predictions to “%s”: %s"), display_name,
                   g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

