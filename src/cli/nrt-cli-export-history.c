/* nrt-cli-export-history.c: "neurite-cli export-history", which writes the
 * history of a saved project as CSV in the layout of Keras's CSVLogger. */
#define G_LOG_DOMAIN "neurite-cli"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/nrt-loss.h"
#include "io/nrt-project.h"
#include "nrt-cli-file.h"
#include "nrt-cli-history.h"
#include "nrt-cli-options.h"
#include "nrt-cli.h"

typedef struct {
  char *project_path;
  char *output_path;
} ExportArgs;

static GOptionContext *
create_option_context (ExportArgs *args)
{
  GOptionEntry entries[] = {
    { "project", 0, 0, G_OPTION_ARG_FILENAME, &args->project_path,
      N_("Project file to read, as saved by train --save"), N_("FILE.neurite") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &args->output_path,
      N_("CSV file to write"), N_("FILE.csv") },
    { NULL }
  };
  GOptionContext *context = g_option_context_new (NULL);

  g_option_context_set_summary (context,
    _("Write the per-epoch metrics of a saved project as CSV, in the layout of\n"
      "Keras's CSVLogger: the column epoch (counted from 0), then the metric\n"
      "names sorted (accuracy, loss, val_accuracy, val_loss), with only the\n"
      "metrics the training computed. The file is the one that train --history\n"
      "wrote for the same run, byte for byte."));
  g_option_context_set_description (context,
    _("The dataset of the project is not read.\n"
      "\n"
      "Exit status: 0 on success, 1 when the project cannot be read or the file\n"
      "cannot be written, 2 for an invalid command line.\n"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  return context;
}

/* Reads the project and writes its history atomically to the output path.
 * Every error is NRT_CLI_ERROR_FAILED. */
static gboolean
export_history (const ExportArgs *args, GError **error)
{
  g_autoptr (NrtProject) project = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *display_name = NULL;
  gboolean has_accuracy, has_validation;
  int saved_errno;

  project = nrt_project_load (args->project_path, &local_error);
  if (project == NULL)
    {
      /* The project messages name the file and the member at fault. */
      g_set_error_literal (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED, local_error->message);
      return FALSE;
    }

  /* Without epochs the columns are those the training would have written,
   * as train --history does when interrupted in its first epoch. */
  has_accuracy = nrt_loss_is_crossentropy (nrt_model_get_loss (project->model)->kind);
  has_validation = project->fit.validation_split > 0
                   || (project->fit.test_split > 0
                       && project->fit.validation_data == NRT_PROJECT_VALIDATION_DATA_TEST);
  csv = nrt_cli_history_csv_from_logs ((const NrtLogs *) (gpointer) project->history->data,
                                       project->history->len, has_accuracy, has_validation);

  saved_errno = nrt_cli_write_file_atomically (args->output_path, csv, strlen (csv));
  if (saved_errno != 0)
    {
      display_name = g_filename_display_name (args->output_path);
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                   _("Could not write the history to “%s”: %s"), display_name,
                   g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

int
nrt_cli_export_history (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  ExportArgs args = { 0 };
  int exit_status = NRT_CLI_EXIT_OK;

  g_set_prgname ("neurite-cli export-history");
  context = create_option_context (&args);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      nrt_cli_explain_parse_error (&error, argc, argv);
      g_printerr (_("neurite-cli: %s. Run “neurite-cli export-history --help” to list the "
                    "options\n"), error->message);
      exit_status = NRT_CLI_EXIT_USAGE;
    }
  else if (argc > 1)
    {
      g_printerr (_("neurite-cli: Unexpected argument “%s”: the export-history command "
                    "takes only options\n"), argv[1]);
      exit_status = NRT_CLI_EXIT_USAGE;
    }
  else if (!nrt_cli_check_project_output (args.project_path, args.output_path,
                                          "history.csv", &error)
           || !export_history (&args, &error))
    {
      g_printerr ("neurite-cli: %s\n", error->message);
      exit_status = g_error_matches (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE)
                    ? NRT_CLI_EXIT_USAGE : NRT_CLI_EXIT_FAILURE;
    }

  g_free (args.project_path);
  g_free (args.output_path);
  return exit_status;
}
