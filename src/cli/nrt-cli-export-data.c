/* nrt-cli-export-data.c: "neurite-cli export-data", which writes the data of
 * a saved project with the part (train, validation or test) that each row
 * had in the training. */
#define G_LOG_DOMAIN "neurite-cli"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "io/nrt-split-csv.h"
#include "nrt-cli-file.h"
#include "nrt-cli-import.h"
#include "nrt-cli-options.h"
#include "nrt-cli-parts.h"
#include "nrt-cli-project.h"
#include "nrt-cli-project-command.h"
#include "nrt-cli-run.h"
#include "nrt-cli.h"

/* Loads the project and its data, splits the data as the training did and
 * writes the CSV atomically. Returns FALSE with NRT_CLI_ERROR_FAILED. The
 * runner has already rejected an output that is the data file. */
static gboolean
export_data (const NrtCliProjectArgs *args, GError **error)
{
  NrtCliModelArgs no_options = { 0 };
  NrtCliRun run = { 0 };
  g_autoptr (GError) local_error = NULL;
  g_autofree guint8 *assignment = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *display_name = NULL;
  gboolean ok = FALSE;
  int saved_errno;

  /* With no options the only errors are those of the file and its data,
   * even where nrt_cli_run_split reports a saved fraction as a usage error. */
  if (!nrt_cli_project_prepare (&run, args->project_path, &no_options, &local_error))
    {
      g_set_error_literal (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED, local_error->message);
      goto out;
    }
  nrt_cli_print_import_notes (run.csv_report);

  assignment = g_new (guint8, MAX (run.data->n_samples, 1));
  if (!nrt_cli_assign_parts (&run, assignment, error))
    goto out;

  csv = nrt_split_csv_format (run.data, assignment);
  saved_errno = nrt_cli_write_file_atomically (args->output_path, csv, strlen (csv));
  if (saved_errno != 0)
    {
      display_name = g_filename_display_name (args->output_path);
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                   _("Could not write the data to “%s”: %s"), display_name,
                   g_strerror (saved_errno));
      goto out;
    }
  ok = TRUE;

out:
  nrt_cli_run_clear (&run);
  return ok;
}

static const NrtCliProjectCommand command = {
  .name = "export-data",
  .summary = N_("Write the data of a saved project as CSV, one row per sample in the order\n"
                "of the data, with the columns the model reads (features, then labels) and\n"
                "a last column “split” that says which part the row was in: train,\n"
                "validation or test. The parts are those of the saved training. Without\n"
                "--test-split the validation part is the last rows, as in Keras's fit.\n"
                "With it, or when the project asks for a random split, the parts are\n"
                "drawn at random from the seed, stratified by class for classification."),
  .description = N_("A class label is written by its name, a numeric target or a 0/1 label as\n"
                    "a number. Numbers are the shortest decimals that read back as the same\n"
                    "float32, so they may differ in form from the original file. A CSV data\n"
                    "file must be unchanged since the project was saved, as for train\n"
                    "--project.\n"
                    "\n"
                    "Exit status: 0 on success, 1 when the project or its data cannot be read,\n"
                    "the data changed or the file cannot be written, 2 for an invalid command\n"
                    "line.\n"),
  .output_example = "data.csv",
  .run = export_data,
};

int
nrt_cli_export_data (int argc, char **argv)
{
  NrtCliProjectArgs args = { 0 };
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &args.output_path,
      N_("CSV file to write"), N_("FILE.csv") },
    { NULL }
  };

  return nrt_cli_project_command_main (&command, entries, &args, argc, argv);
}
