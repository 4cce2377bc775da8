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
#include "nrt-cli-project-command.h"
#include "nrt-cli.h"

/* Reads the project and writes its history atomically to the output path.
 * Every error is NRT_CLI_ERROR_FAILED. */
static gboolean
export_history (const NrtCliProjectArgs *args, GError **error)
{
  g_autoptr (NrtProject) project = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *display_name = NULL;
  gboolean has_accuracy, has_validation;
  int saved_errno;

  project = nrt_cli_project_command_load (args->project_path, error);
  if (project == NULL)
    return FALSE;

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

static const NrtCliProjectCommand command = {
  .name = "export-history",
  .summary = N_("Write the per-epoch metrics of a saved project as CSV, in the layout of\n"
                "Keras's CSVLogger: the column epoch (counted from 0), then the metric\n"
                "names sorted (accuracy, loss, val_accuracy, val_loss), with only the\n"
                "metrics the training computed. The file is the one that train --history\n"
                "wrote for the same run, byte for byte."),
  .description = N_("The dataset of the project is not read.\n"
                    "\n"
                    "Exit status: 0 on success, 1 when the project cannot be read or the file\n"
                    "cannot be written, 2 for an invalid command line.\n"),
  .output_example = "history.csv",
  .run = export_history,
};

int
nrt_cli_export_history (int argc, char **argv)
{
  NrtCliProjectArgs args = { 0 };
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &args.output_path,
      N_("CSV file to write"), N_("FILE.csv") },
    { NULL }
  };

  return nrt_cli_project_command_main (&command, entries, &args, argc, argv);
}
