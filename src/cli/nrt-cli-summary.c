/* nrt-cli-summary.c: "neurite-cli summary", the text of Keras's
 * model.summary() for the model that train would build. */
#define G_LOG_DOMAIN "neurite-cli"

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n-lib.h>

#include "core/nrt-model.h"
#include "core/nrt-summary.h"
#include "nrt-cli-import.h"
#include "nrt-cli-model-options.h"
#include "nrt-cli-options.h"
#include "nrt-cli-run.h"
#include "nrt-cli.h"

#define SUMMARY_OPTION_GROUPS (NRT_CLI_OPTIONS_DATA | NRT_CLI_OPTIONS_MODEL)

/* Keras names an unnamed Sequential model "sequential". */
#define SUMMARY_MODEL_NAME "sequential"

static GOptionContext *
create_option_context (NrtCliModelArgs *args, char **inputs)
{
  GOptionEntry entries[] = {
    { "inputs", 0, 0, G_OPTION_ARG_STRING, inputs,
      N_("Number of input features, in place of --data or --dataset"), N_("N") },
    { NULL }
  };
  g_autofree char *options_text = nrt_cli_model_args_describe (SUMMARY_OPTION_GROUPS);
  g_autofree char *description = NULL;
  GOptionContext *context;

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
    _("Print the layers, output shapes and parameter counts of the model that\n"
      "train would build, as Keras's model.summary() does. The number of inputs\n"
      "comes from --data, --dataset or --inputs; give exactly one."));
  description = g_strconcat (
    options_text,
    "\n",
    _("With --inputs and without --layers, the default model ends in one output\n"
      "unit, since there is no data to count classes in.\n"
      "\n"
      "Exit status: 0 on success, 1 when the data cannot be read, 2 for an\n"
      "invalid command line.\n"),
    NULL);
  g_option_context_set_description (context, description);
  nrt_cli_model_args_add_entries (args, SUMMARY_OPTION_GROUPS, context);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  return context;
}

/* The shape of the data that the default model depends on. */
typedef struct {
  int n_inputs;
  NrtTask task;
  int n_classes;
  int n_targets;
} DataShape;

/* Finds the number of inputs and the kind of labels, from --inputs or from
 * the data, without building the data when --inputs is given. */
static gboolean
find_data_shape (const NrtCliModelArgs *args, const char *inputs, NrtCliRun *run,
                 DataShape *shape, GError **error)
{
  const char *import_option = nrt_cli_import_first_option (args);

  if (inputs != NULL)
    {
      if (args->data_path != NULL || args->dataset_id != NULL)
        {
          g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                       _("Both --inputs and %s are given: choose one"),
                       args->data_path != NULL ? "--data" : "--dataset");
          return FALSE;
        }
      if (import_option != NULL || args->samples != NULL || args->noise != NULL)
        {
          g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                       _("The option %s applies to --data or --dataset, not to --inputs"),
                       import_option != NULL ? import_option
                       : args->samples != NULL ? "--samples" : "--noise");
          return FALSE;
        }
      *shape = (DataShape) { 0, NRT_TASK_REGRESSION, 0, 1 };
      return nrt_cli_parse_int ("--inputs", inputs, 1, NRT_CLI_MAX_UNITS, &shape->n_inputs,
                                error);
    }

  if (args->data_path == NULL && args->dataset_id == NULL)
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                   _("No input width: give --inputs N, --data FILE.csv or --dataset NAME"));
      return FALSE;
    }
  if (!nrt_cli_resolve_data (args, &run->data_choice, error))
    return FALSE;

  /* Generated data follows the default seed; only its width matters here. */
  run->training.seed = NRT_CLI_DEFAULT_SEED;
  if (!nrt_cli_run_load_data (run, error))
    return FALSE;
  nrt_cli_print_import_notes (run->csv_report);
  shape->n_inputs = run->data->n_features;
  shape->task = run->data->task;
  shape->n_classes = run->data->n_classes;
  shape->n_targets = run->data->n_targets;
  return TRUE;
}

/* Prints the summary of the configured model; returns an NrtCliExit. The
 * summary comes from the configuration, so no weights are allocated and a
 * model larger than the memory still gets its parameter counts. */
static int
print_summary (NrtCliRun *run, const DataShape *shape)
{
  NrtCliModelChoice *choice = &run->model_choice;
  NrtError err = { 0 };
  NrtSummary *summary;
  char *text;

  if (choice->layers == NULL)
    choice->layers = nrt_cli_default_layers (shape->task, shape->n_classes, shape->n_targets,
                                             -1, FALSE, choice->initializer,
                                             &choice->n_layers);

  summary = nrt_summary_new_from_config (shape->n_inputs, choice->layers, choice->n_layers,
                                         &err);
  if (summary != NULL && choice->normalize
      && nrt_summary_add_normalization (summary, shape->n_inputs, &err) != NRT_OK)
    g_clear_pointer (&summary, nrt_summary_free);
  if (summary == NULL)
    {
      g_printerr (_("neurite-cli: Could not summarize the model: %s\n"), err.message);
      return err.status == NRT_ERROR_NO_MEMORY ? NRT_CLI_EXIT_FAILURE : NRT_CLI_EXIT_USAGE;
    }

  text = nrt_summary_format (summary, SUMMARY_MODEL_NAME);
  nrt_summary_free (summary);
  if (text == NULL)
    {
      g_printerr (_("neurite-cli: Out of memory formatting the model summary\n"));
      return NRT_CLI_EXIT_FAILURE;
    }

  g_print ("%s", text);
  free (text);
  return NRT_CLI_EXIT_OK;
}

int
nrt_cli_summary (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *inputs = NULL;
  NrtCliModelArgs args = { 0 };
  NrtCliRun run = { 0 };
  DataShape shape = { 0 };
  int exit_status;

  g_set_prgname ("neurite-cli summary");
  context = create_option_context (&args, &inputs);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      nrt_cli_explain_parse_error (&error, argc, argv);
      g_printerr (_("neurite-cli: %s. Run “neurite-cli summary --help” to list the options\n"),
                  error->message);
      nrt_cli_model_args_clear (&args);
      return NRT_CLI_EXIT_USAGE;
    }
  if (argc > 1)
    {
      g_printerr (_("neurite-cli: Unexpected argument “%s”: the summary command takes "
                    "only options\n"), argv[1]);
      nrt_cli_model_args_clear (&args);
      return NRT_CLI_EXIT_USAGE;
    }

  /* The model options are checked before any data is read. */
  if (!nrt_cli_resolve_model (&args, &run.model_choice, &error)
      || !find_data_shape (&args, inputs, &run, &shape, &error))
    {
      g_printerr ("neurite-cli: %s\n", error->message);
      exit_status = g_error_matches (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE)
                    ? NRT_CLI_EXIT_USAGE : NRT_CLI_EXIT_FAILURE;
    }
  else
    exit_status = print_summary (&run, &shape);

  nrt_cli_run_clear (&run);
  nrt_cli_model_args_clear (&args);
  return exit_status;
}
