/* nrt-cli-train.c: "neurite-cli train", Keras's compile and fit on a CSV
 * file or a built-in dataset, with a Keras-style progress display and an
 * optional CSVLogger-style history. */
#define G_LOG_DOMAIN "neurite-cli"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "nrt-cli-history.h"
#include "nrt-cli-model-options.h"
#include "nrt-cli-options.h"
#include "nrt-cli-run.h"
#include "nrt-cli.h"

#define TRAIN_OPTION_GROUPS (NRT_CLI_OPTIONS_DATA | NRT_CLI_OPTIONS_MODEL \
                             | NRT_CLI_OPTIONS_TRAINING)

static GOptionContext *
create_option_context (NrtCliModelArgs *args, char **history_path)
{
  GOptionEntry entries[] = {
    { "history", 0, 0, G_OPTION_ARG_FILENAME, history_path,
      N_("Write each epoch's loss and metrics to FILE as CSV"), N_("FILE") },
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
      "Exit status: 0 on success, 1 when the data cannot be read or the training\n"
      "fails (the loss became NaN or infinite), 2 for an invalid command line,\n"
      "130 when interrupted with Ctrl+C. The folder of --history is checked before\n"
      "the training starts, and the history is written in every case.\n"),
    NULL);
  g_option_context_set_description (context, description);
  nrt_cli_model_args_add_entries (args, TRAIN_OPTION_GROUPS, context);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  return context;
}

/* Trains the prepared run and writes the history; returns an NrtCliExit. */
static int
train (NrtCliRun *run, const char *history_path)
{
  int exit_status;

  nrt_cli_run_print_chosen_loss (run);
  exit_status = nrt_cli_run_fit (run, TRUE);

  /* The history is written whatever happened, so that a stopped run keeps
   * the epochs it finished. */
  if (history_path != NULL)
    {
      g_autoptr (GError) error = NULL;

      if (!nrt_cli_history_write (run->history, history_path, &error))
        {
          g_printerr ("neurite-cli: %s\n", error->message);
          if (exit_status == NRT_CLI_EXIT_OK)
            exit_status = NRT_CLI_EXIT_FAILURE;
        }
    }
  return exit_status;
}

int
nrt_cli_train (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *history_path = NULL;
  NrtCliModelArgs args = { 0 };
  NrtCliRun run = { 0 };
  int exit_status;

  /* GOptionContext's usage line is "Usage: PRGNAME [OPTION…]". */
  g_set_prgname ("neurite-cli train");
  context = create_option_context (&args, &history_path);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr (_("neurite-cli: %s. Run “neurite-cli train --help” to list the options\n"),
                  error->message);
      nrt_cli_model_args_clear (&args);
      return NRT_CLI_EXIT_USAGE;
    }
  if (argc > 1)
    {
      g_printerr (_("neurite-cli: Unexpected argument “%s”: the train command takes "
                    "only options\n"), argv[1]);
      nrt_cli_model_args_clear (&args);
      return NRT_CLI_EXIT_USAGE;
    }

  /* The history's path is checked before the training, which may be long. */
  if ((history_path != NULL
       && !nrt_cli_check_output_path ("--history", history_path, "history.csv", &error))
      || !nrt_cli_run_prepare (&run, &args, 1, &error))
    {
      g_printerr ("neurite-cli: %s\n", error->message);
      exit_status = g_error_matches (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE)
                    ? NRT_CLI_EXIT_USAGE : NRT_CLI_EXIT_FAILURE;
    }
  else
    exit_status = train (&run, history_path);

  nrt_cli_run_clear (&run);
  nrt_cli_model_args_clear (&args);
  return exit_status;
}
