/* nrt-predictions-view-table.c: the per-row predictions of one split. */
#define G_LOG_DOMAIN "neurite-predictions-view"

#include "config.h"

#include <math.h>

#include "nrt-predictions-view-table.h"

static float
sigmoid (float z)
{
  /* Written per sign so that exp never overflows. */
  if (z >= 0.0f)
    return 1.0f / (1.0f + expf (-z));
  return expf (z) / (1.0f + expf (z));
}

float
nrt_predictions_confidence (const float *row, int units, int predicted_class,
                            const NrtLossConfig *loss)
{
  gboolean logits = loss->from_logits && nrt_loss_is_crossentropy (loss->kind);
  double sum = 0.0;

  if (units == 1)
    {
      float p = logits ? sigmoid (row[0]) : CLAMP (row[0], 0.0f, 1.0f);

      return predicted_class == 1 ? p : 1.0f - p;
    }

  /* NOTE: outputs of a model trained with mean_squared_error on classes
   * are not probabilities; the clamped output is shown as the closest
   * reading. */
  if (!logits)
    return CLAMP (row[predicted_class], 0.0f, 1.0f);

  /* softmax(z)[k] = 1 / sum_j exp(z_j - z_k), which stays finite for any
   * logits because the predicted class has the largest one. */
  for (int j = 0; j < units; j++)
    sum += exp ((double) row[j] - row[predicted_class]);
  return (float) (1.0 / sum);
}

static gboolean
outputs_fit (const NrtDataset *data, int units)
{
  switch (data->task)
    {
    case NRT_TASK_CLASSIFICATION:
      return units == data->n_classes || (units == 1 && data->n_classes == 2);
    case NRT_TASK_MULTILABEL:
    case NRT_TASK_REGRESSION:
    default:
      return units == data->n_targets;
    }
}

static void
fill_classification (NrtPredictionsTable *table, const NrtLossConfig *loss)
{
  int n = table->n_rows;

  table->true_classes = g_new (int, n);
  table->predicted_classes = g_new (int, n);
  table->confidences = g_new (float, n);
  for (int i = 0; i < n; i++)
    {
      const float *row = table->outputs + (gsize) i * table->units;
      int predicted = nrt_metrics_predict_class (row, table->units, loss->from_logits);

      table->true_classes[i] = (int) table->data->y[i];
      table->predicted_classes[i] = predicted;
      table->confidences[i] = nrt_predictions_confidence (row, table->units, predicted, loss);
      table->wrong[i] = predicted != table->true_classes[i];
      table->n_wrong += table->wrong[i];
    }
}

static void
fill_multilabel (NrtPredictionsTable *table, const NrtLossConfig *loss)
{
  int n = table->n_rows;
  int labels = table->units;

  table->predicted_labels = g_new (guint8, (gsize) n * labels);
  for (int i = 0; i < n; i++)
    {
      for (int l = 0; l < labels; l++)
        {
          gsize at = (gsize) i * labels + l;
          /* Each label is a one-unit binary prediction. */
          int predicted = nrt_metrics_predict_class (table->outputs + at, 1, loss->from_logits);

          table->predicted_labels[at] = (guint8) predicted;
          if (predicted != (table->data->y[at] > 0.5f))
            table->wrong[i] = 1;
        }
      table->n_wrong += table->wrong[i];
    }
}

static void
nrt_predictions_table_free_contents (NrtPredictionsTable *table)
{
  g_free (table->true_classes);
  g_free (table->predicted_classes);
  g_free (table->confidences);
  g_free (table->predicted_labels);
  g_free (table->wrong);
  nrt_trainer_evaluation_unref (table->evaluation);
}

NrtPredictionsTable *
nrt_predictions_table_new (NrtTrainerEvaluation *evaluation, NrtSplit split)
{
  NrtPredictionsTable *table;
  const NrtDataset *data;

  g_return_val_if_fail (evaluation != NULL, NULL);
  g_return_val_if_fail (split < NRT_SPLIT_COUNT, NULL);

  data = evaluation->splits != NULL ? evaluation->splits->parts[split] : NULL;
  if (data == NULL || data->n_samples <= 0 || evaluation->outputs[split] == NULL)
    return NULL;
  if (!outputs_fit (data, evaluation->units))
    {
      g_warning ("The evaluation has %d output units, which do not fit the %s data of %d classes "
                 "and %d targets", evaluation->units, nrt_task_name (data->task),
                 data->n_classes, data->n_targets);
      return NULL;
    }

  table = g_rc_box_new0 (NrtPredictionsTable);
  table->evaluation = nrt_trainer_evaluation_ref (evaluation);
  table->split = split;
  table->data = data;
  table->outputs = evaluation->outputs[split];
  table->report = evaluation->reports[split];
  table->n_rows = data->n_samples;
  table->units = evaluation->units;
  table->task = data->task;
  table->wrong = g_new0 (guint8, table->n_rows);

  if (table->task == NRT_TASK_CLASSIFICATION)
    fill_classification (table, &evaluation->loss);
  else if (table->task == NRT_TASK_MULTILABEL)
    fill_multilabel (table, &evaluation->loss);

  return table;
}

NrtPredictionsTable *
nrt_predictions_table_ref (NrtPredictionsTable *table)
{
  return g_rc_box_acquire (table);
}

void
nrt_predictions_table_unref (NrtPredictionsTable *table)
{
  g_rc_box_release_full (table, (GDestroyNotify) nrt_predictions_table_free_contents);
}

const char *
nrt_predictions_table_get_class_name (const NrtPredictionsTable *table, int class_index)
{
  if (table->data->class_names == NULL || class_index < 0
      || class_index >= table->data->n_classes)
    return NULL;
  return table->data->class_names[class_index];
}
