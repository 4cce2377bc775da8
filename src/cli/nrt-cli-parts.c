/* nrt-cli-parts.c: the part of the data each row of a run trained in. */
#define G_LOG_DOMAIN "neurite-cli"

#include "config.h"

#include "nrt-cli-parts.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "nrt-cli-options.h"

gboolean
nrt_cli_assign_parts (const NrtCliRun *run, guint8 *assignment, GError **error)
{
  const NrtCliTrainingChoice *training = &run->training;
  const NrtDataset *data = run->data;
  NrtError err = { 0 };
  int counts[3] = { 0, 0, 0 };
  int expected[3];

  if (training->test_split > 0 || run->random_split)
    {
      /* The same arguments as nrt_cli_run_split's call of split3. */
      if (nrt_dataset_assign3 (data, training->validation_split, training->test_split,
                               data->task == NRT_TASK_CLASSIFICATION, training->seed,
                               assignment, &err) != NRT_OK)
        {
          g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                       _("Assigning the rows to their parts failed: %s"), err.message);
          return FALSE;
        }
    }
  else
    {
      /* The training part is the first rows, the validation part the rest. */
      for (int i = 0; i < data->n_samples; i++)
        assignment[i] = i < run->train->n_samples ? NRT_PART_TRAIN : NRT_PART_VALIDATION;
    }

  /* The parts must be those the run trained on, row count for row count. */
  for (int i = 0; i < data->n_samples; i++)
    counts[assignment[i]]++;
  expected[NRT_PART_TRAIN] = run->train->n_samples;
  expected[NRT_PART_VALIDATION] = run->validation != NULL ? run->validation->n_samples : 0;
  expected[NRT_PART_TEST] = run->test != NULL ? run->test->n_samples : 0;
  if (memcmp (counts, expected, sizeof counts) != 0)
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                   _("The parts of the rows (%d training, %d validation, %d test) differ from "
                     "those of the training (%d, %d, %d)"),
                   counts[0], counts[1], counts[2], expected[0], expected[1], expected[2]);
      return FALSE;
    }
  return TRUE;
}
