/* nrt-cli-views-metrics.c: the confusion and metrics views of
 * "neurite-cli plot": one part of the data evaluated with the model. */
#define G_LOG_DOMAIN "neurite-cli"

#include "config.h"

#include "nrt-cli-views.h"

#include <glib/gi18n-lib.h>

#include "nrt-cli-options.h"

NrtCliPart
nrt_cli_metrics_view_choose_part (const NrtCliRun *run)
{
  if (run->test != NULL)
    return NRT_CLI_PART_TEST;
  if (run->validation != NULL)
    return NRT_CLI_PART_VALIDATION;
  return NRT_CLI_PART_TRAINING;
}

gboolean
nrt_cli_metrics_view_init (NrtCliMetricsView *view, NrtCliRun *run, NrtCliPart part,
                           const char *title, GError **error)
{
  /* The names of nrt_cli_evaluate_split's messages, as the metrics file has them. */
  static const char *const part_names[] = {
    [NRT_CLI_PART_TRAINING] = "training",
    [NRT_CLI_PART_VALIDATION] = "validation",
    [NRT_CLI_PART_TEST] = "test",
  };
  const NrtDataset *parts[] = {
    [NRT_CLI_PART_TRAINING] = run->train,
    [NRT_CLI_PART_VALIDATION] = run->validation,
    [NRT_CLI_PART_TEST] = run->test,
  };
  const NrtDataset *data = parts[part];

  g_return_val_if_fail (data != NULL, FALSE);

  *view = (NrtCliMetricsView) { 0 };
  if (!nrt_cli_evaluate_split (run, part_names[part], data, &view->result, error))
    return FALSE;

  view->plot.report = view->result.report;
  view->plot.names = (const char *const *) (data->task == NRT_TASK_CLASSIFICATION
                                            ? data->class_names : data->target_names);
  view->plot.title = title;
  if (data->task == NRT_TASK_REGRESSION)
    {
      /* The scatter pairs each target with one output, on the targets' scale. */
      if (view->result.n_outputs != data->n_targets)
        {
          g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                       _("The model has %d outputs for %d targets, so its predictions "
                         "cannot be drawn against them"),
                       view->result.n_outputs, data->n_targets);
          nrt_cli_metrics_view_clear (view);
          return FALSE;
        }
      view->plot.y_true = data->y;
      view->plot.y_pred = view->result.outputs;
    }
  return TRUE;
}

void
nrt_cli_metrics_view_clear (NrtCliMetricsView *view)
{
  nrt_cli_split_result_clear (&view->result);
  *view = (NrtCliMetricsView) { 0 };
}
