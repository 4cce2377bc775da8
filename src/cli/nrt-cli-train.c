/* nrt-cli-train.c: "neurite-cli train", Keras's compile and fit on a CSV
 * file or a built-in dataset, with a Keras-style progress display, an
 * optional CSVLogger-style history, and an evaluation on a held-out test
 * part. */
#define G_LOG_DOMAIN "neurite-cli"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "nrt-cli-evaluate.h"
#include "nrt-cli-file.h"
#include "nrt-cli-history.h"
#include "nrt-cli-import.h"
#include "nrt-cli-model-options.h"
#include "nrt-cli-options.h"
#include "nrt-cli-predictions.h"
#include "nrt-cli-project.h"
#include "nrt-cli-project-command.h"
#include "nrt-cli-run.h"
#include "nrt-cli.h"

#define TRAIN_OPTION_GROUPS (NRT_CLI_OPTIONS_DATA | NRT_CLI_OPTIONS_MODEL \
                             | NRT_CLI_OPTIONS_TRAINING | NRT_CLI_OPTIONS_TEST_SPLIT)

/* The output files of train, NULL when not given. */
typedef struct {
  char *history;
  char *metrics;
  char *predictions;
  char *project;     /* an input: the project file to resume */
  char *save;
} TrainOutputs;

static void
train_outputs_clear (TrainOutputs *outputs)
{
  g_free (outputs->history);
  g_free (outputs->metrics);
  g_free (outputs->predictions);
  g_free (outputs->project);
  g_free (outputs->save);
}

static GOptionContext *
create_option_context (NrtCliModelArgs *args, TrainOutputs *outputs)
{
  GOptionEntry entries[] = {
    { "history", 0, 0, G_OPTION_ARG_FILENAME, &outputs->history,
      N_("Write each epoch's loss and metrics to FILE as CSV"), N_("FILE") },
    { "metrics", 0, 0, G_OPTION_ARG_FILENAME, &outputs->metrics,
      N_("Write the final metrics of each part of the data to FILE as JSON"), N_("FILE") },
    { "predictions", 0, 0, G_OPTION_ARG_FILENAME, &outputs->predictions,
      N_("Write the test part with the model's predictions to FILE as CSV"), N_("FILE") },
    { "project", 0, 0, G_OPTION_ARG_FILENAME, &outputs->project,
      N_("Resume the training saved in the project FILE (.neurite) for --epochs more epochs, "
         "in place of the data, model and training options"), N_("FILE") },
    { "save", 0, 0, G_OPTION_ARG_FILENAME, &outputs->save,
      N_("Write the trained model, its optimizer state and the history to the project FILE "
         "(.neurite)"), N_("FILE") },
    { NULL }
  };
  g_autofree char *options_text = nrt_cli_model_args_describe (TRAIN_OPTION_GROUPS);
  g_autofree char *description = NULL;
  GOptionContext *context;

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
    _("Train a sequential model of Dense layers, as Keras's compile and fit do,\n"
      "on a CSV file (--data) or a built-in dataset (--dataset); give exactly one."));
  description = g_strconcat (
    options_text,
    "\n",
    _("Each epoch prints a line as Keras's progress bar does; on a terminal the\n"
      "bar moves during the epoch. The loss and accuracy are means over the\n"
      "epoch's batches. --history writes the layout of Keras's CSVLogger.\n"
      "\n"
      "With --test-split, a last line evaluates the final model on the test part\n"
      "as Keras's evaluate does: “test: loss: 0.0712 - accuracy: 0.9667” for\n"
      "classes (the binary accuracy over all labels for multi-label data), or\n"
      "“test: loss: … - mae: … - rmse: … - r2: …” for numeric targets. With several\n"
      "targets, mae, rmse and r2 are each the mean of the per-target values, as\n"
      "scikit-learn's multioutput=\"uniform_average\" computes them, while the loss\n"
      "is the mean over all values of all targets.\n"
      "\n"
      "--metrics writes a JSON object with these members:\n"
      "  task           classification, multilabel or regression\n"
      "  loss_function  the loss's name, such as huber\n"
      "  classes        the class names, for classification only\n"
      "  targets        the names of the label columns\n"
      "  epochs         the number of epochs that finished\n"
      "  seed           the --seed value\n"
      "  splits         an object with training, validation and test, for the\n"
      "                 parts that exist\n"
      "Each part holds samples and loss, then for numeric targets mae, rmse and\n"
      "r2, the means over the targets as on the test line, and per_target, an\n"
      "object with the lists mae, rmse and r2 in the order of the targets. For\n"
      "classes and labels it holds accuracy, macro_f1, the lists\n"
      "precision, recall, f1 and support in the order of the classes or targets,\n"
      "and confusion_matrix, whose rows are the true classes and whose columns\n"
      "are the predicted ones. For multi-label data, accuracy is the binary\n"
      "accuracy, exact_match is the share of samples with every label right, and\n"
      "confusion_matrix lists one [[TN, FP], [FN, TP]] matrix per label. Values\n"
      "that are not finite are null. The metrics are computed after the training\n"
      "with the final weights, so the training loss differs from the last\n"
      "epoch's mean loss.\n"
      "\n"
      "--predictions needs --test-split and writes the test part as CSV: the\n"
      "feature columns as loaded, the true label columns, one “predicted_LABEL”\n"
      "column per label column, and with a cross-entropy loss one\n"
      "“probability_CLASS” column per class (“probability_LABEL” per label for\n"
      "multi-label data). Classes are written by name; logits become\n"
      "probabilities through softmax, or sigmoid for one unit and for labels.\n"
      "\n"
      "Exit status: 0 on success, 1 when the data cannot be read, the training\n"
      "fails (the loss became NaN or infinite) or an output file cannot be\n"
      "written, 2 for an invalid command line, 130 when interrupted with Ctrl+C.\n"
      "The folders of --history, --metrics and --predictions are checked before\n"
      "the training starts, and an output that names the --data file or another\n"
      "output is an invalid command line. The history is written in every case;\n"
      "the test line, the metrics and the predictions only after a training that\n"
      "finished. A file is replaced atomically and keeps its permissions; for a\n"
      "symbolic link, its target is replaced. A FIFO or a device such as\n"
      "/dev/stdout is written in place.\n"
      "\n"
      "--save writes a project file after a training that finished, and --project\n"
      "resumes one: a run of 5 epochs saved and resumed for 5 more ends with the\n"
      "same weights and history as a run of 10. A CSV file is saved by its\n"
      "absolute path and SHA-256; resuming fails with exit status 1 when the file\n"
      "is missing or changed, or when the project file is damaged.\n"),
    NULL);
  g_option_context_set_description (context, description);
  nrt_cli_model_args_add_entries (args, TRAIN_OPTION_GROUPS, context);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  return context;
}

/* Evaluates the trained model, prints the test line and writes the
 * metrics and the predictions requested in outputs. Returns FALSE after
 * printing the first error. */
static gboolean
evaluate (NrtCliRun *run, const TrainOutputs *outputs)
{
  g_autoptr (GError) error = NULL;
  NrtCliSplitResult results[3] = { { 0 } };
  const NrtDataset *parts[3] = { run->train, run->validation, run->test };
  const char *names[3] = { "training", "validation", "test" };
  NrtCliSplitResult *test = NULL;
  int n_results = 0;
  gboolean ok = TRUE;

  /* The training and validation parts are evaluated for --metrics only,
   * since predicting a large training part takes time. */
  for (int i = 0; i < 3 && ok; i++)
    {
      if (parts[i] == NULL || (i < 2 && outputs->metrics == NULL))
        continue;
      ok = nrt_cli_evaluate_split (run, names[i], parts[i], &results[n_results], &error);
      if (ok && parts[i] == run->test)
        test = &results[n_results];
      if (ok)
        n_results++;
    }

  if (ok && test != NULL)
    {
      g_autofree char *line = nrt_cli_format_evaluation ("test", test->report);

      g_print ("%s\n", line);
    }
  if (ok && outputs->metrics != NULL)
    ok = nrt_cli_write_metrics (run, results, n_results, outputs->metrics, &error);
  if (ok && outputs->predictions != NULL)
    ok = nrt_cli_write_predictions (test, &run->loss, outputs->predictions, &error);

  if (!ok)
    g_printerr ("neurite-cli: %s\n", error->message);
  for (int i = 0; i < n_results; i++)
    nrt_cli_split_result_clear (&results[i]);
  return ok;
}

/* Trains the prepared run, evaluates it and writes the output files.
 * Returns an NrtCliExit. */
static int
train (NrtCliRun *run, const TrainOutputs *outputs)
{
  int exit_status;

  /* The notes come after every check, so that a usage error stays the only
   * line on stderr. */
  nrt_cli_print_import_notes (run->csv_report);
  nrt_cli_run_print_chosen_loss (run);
  exit_status = nrt_cli_run_fit (run, TRUE);

  if (exit_status == NRT_CLI_EXIT_OK && !evaluate (run, outputs))
    exit_status = NRT_CLI_EXIT_FAILURE;

  if (exit_status == NRT_CLI_EXIT_OK && outputs->save != NULL)
    {
      g_autoptr (GError) error = NULL;

      if (!nrt_cli_project_save (run, outputs->save, &error))
        {
          g_printerr ("neurite-cli: %s\n", error->message);
          exit_status = NRT_CLI_EXIT_FAILURE;
        }
    }

  /* The history is written whatever happened, so that a stopped run keeps
   * the epochs it finished. */
  if (outputs->history != NULL)
    {
      g_autoptr (GError) error = NULL;

      if (!nrt_cli_history_write (run->history, outputs->history, &error))
        {
          g_printerr ("neurite-cli: %s\n", error->message);
          if (exit_status == NRT_CLI_EXIT_OK)
            exit_status = NRT_CLI_EXIT_FAILURE;
        }
    }
  return exit_status;
}

/* Checks the output paths, and that no output overwrites the data or
 * another output, before the data is read and the model trained, which may
 * take long. */
static gboolean
check_output_paths (const TrainOutputs *outputs, const char *data_path, GError **error)
{
  const char *options[] = { "--data", "--history", "--metrics", "--predictions", "--save" };
  const char *paths[] = { data_path, outputs->history, outputs->metrics,
                          outputs->predictions, outputs->save };
  /* --save may replace the --project file, which is read in full before
   * the training, but no other output may. */
  const char *project_options[] = { "--project", "--history", "--metrics", "--predictions" };
  const char *project_paths[] = { outputs->project, outputs->history, outputs->metrics,
                                  outputs->predictions };

  return (outputs->history == NULL
          || nrt_cli_check_output_path ("--history", outputs->history, "history.csv", error))
         && (outputs->metrics == NULL
             || nrt_cli_check_output_path ("--metrics", outputs->metrics, "metrics.json",
                                           error))
         && (outputs->predictions == NULL
             || nrt_cli_check_output_path ("--predictions", outputs->predictions,
                                           "predictions.csv", error))
         && (outputs->save == NULL
             || nrt_cli_check_output_path ("--save", outputs->save, "model.neurite", error))
         && nrt_cli_check_distinct_files (options, paths, G_N_ELEMENTS (paths), error)
         && nrt_cli_check_distinct_files (project_options, project_paths,
                                          G_N_ELEMENTS (project_paths), error);
}

/* Rejects an output that is the CSV file that the --project file names,
 * which check_output_paths cannot see before the project is read. */
static gboolean
check_outputs_not_data (const TrainOutputs *outputs, const char *data_path, GError **error)
{
  if (outputs->project == NULL)
    return TRUE;
  return nrt_cli_project_command_check_data_output (data_path, "--history", outputs->history,
                                                    error)
         && nrt_cli_project_command_check_data_output (data_path, "--metrics",
                                                       outputs->metrics, error)
         && nrt_cli_project_command_check_data_output (data_path, "--predictions",
                                                       outputs->predictions, error)
         && nrt_cli_project_command_check_data_output (data_path, "--save", outputs->save,
                                                       error);
}

/* Rejects --predictions without a test part, which it would write. It is
 * checked on the options before the data is read, then on the split, for
 * --test-split 0. */
static gboolean
check_test_part (const TrainOutputs *outputs, gboolean has_test, GError **error)
{
  if (outputs->predictions != NULL && !has_test)
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                   _("The option --predictions writes the test part, but there is none; "
                     "add --test-split FRACTION, such as --test-split 0.2"));
      return FALSE;
    }
  return TRUE;
}

/* Rejects, before the training, an evaluation that the metrics report
 * cannot compute: one output unit that regresses the index of more than two
 * classes has no predicted class. */
static gboolean
check_evaluation (const TrainOutputs *outputs, const NrtCliRun *run, GError **error)
{
  int n_outputs = nrt_model_get_n_outputs (run->model);

  if ((run->test == NULL && outputs->metrics == NULL)
      || run->data->task != NRT_TASK_CLASSIFICATION || n_outputs != 1
      || run->data->n_classes <= 2)
    return TRUE;

  g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
               _("The output layer has 1 unit, which regresses the index of the %d classes "
                 "with %s, so there is no predicted class to evaluate with %s; use "
                 "--loss sparse_categorical_crossentropy with one unit per class, or leave "
                 "out %s"),
               run->data->n_classes, nrt_loss_name (run->loss.kind),
               run->test != NULL ? "--test-split" : "--metrics",
               run->test != NULL ? "--test-split" : "--metrics");
  return FALSE;
}

int
nrt_cli_train (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  TrainOutputs outputs = { 0 };
  NrtCliModelArgs args = { 0 };
  NrtCliRun run = { 0 };
  int exit_status;

  /* GOptionContext's usage line is "Usage: PRGNAME [OPTION…]". */
  g_set_prgname ("neurite-cli train");
  context = create_option_context (&args, &outputs);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      nrt_cli_explain_parse_error (&error, argc, argv);
      g_printerr (_("neurite-cli: %s. Run “neurite-cli train --help” to list the options\n"),
                  error->message);
      nrt_cli_model_args_clear (&args);
      train_outputs_clear (&outputs);
      return NRT_CLI_EXIT_USAGE;
    }
  if (argc > 1)
    {
      g_printerr (_("neurite-cli: Unexpected argument “%s”: the train command takes "
                    "only options\n"), argv[1]);
      nrt_cli_model_args_clear (&args);
      train_outputs_clear (&outputs);
      return NRT_CLI_EXIT_USAGE;
    }

  /* The test part of a project is known once the file is read. */
  if (!check_output_paths (&outputs, args.data_path, &error)
      || (outputs.project == NULL
          && !check_test_part (&outputs, args.test_split != NULL, &error))
      || !(outputs.project != NULL
           ? nrt_cli_project_prepare (&run, outputs.project, &args, &error)
           : nrt_cli_run_prepare (&run, &args, 1, &error))
      || !check_outputs_not_data (&outputs, run.data_choice.data_path, &error)
      || !check_test_part (&outputs, run.test != NULL, &error)
      || !check_evaluation (&outputs, &run, &error))
    {
      g_printerr ("neurite-cli: %s\n", error->message);
      exit_status = g_error_matches (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE)
                    ? NRT_CLI_EXIT_USAGE : NRT_CLI_EXIT_FAILURE;
    }
  else
    exit_status = train (&run, &outputs);

  nrt_cli_run_clear (&run);
  nrt_cli_model_args_clear (&args);
  train_outputs_clear (&outputs);
  return exit_status;
}
