/* nrt-cli-project-command.h: the option parsing, checks, error messages and
 * exit statuses shared by the commands that read a saved project and write
 * one output file (export-history, export-data, export-weights, export-code
 * and predict). */
#pragma once

#include <glib.h>

#include "io/nrt-project.h"

G_BEGIN_DECLS

/* The paths every project command takes. A command with more options puts
 * this struct first in its own arguments struct, so the callbacks below
 * can cast the pointer they get back to that struct. */
typedef struct {
  char *project_path;  /* --project */
  char *output_path;   /* --output, or NULL when it was not given */
} NrtCliProjectArgs;

/* One project command: its help texts and the functions doing its work. */
typedef struct {
  /* Name after "neurite-cli", such as "export-data". */
  const char *name;
  /* Help texts, marked with N_() and translated when the help is built. */
  const char *summary;
  const char *description;
  /* File name that the message of a missing --output suggests, such as
   * "data.csv". */
  const char *output_example;
  /* Checks the options that only this command has, before the paths are
   * checked. NULL when the command has none. */
  gboolean (*check_options) (const NrtCliProjectArgs *args, GError **error);
  /* Checks the paths. NULL for nrt_cli_check_project_output, which
   * requires --project and --output and rejects an output that is the
   * project file. */
  gboolean (*check_paths) (const NrtCliProjectArgs *args, GError **error);
  /* Does the work once the checks pass. */
  gboolean (*run) (const NrtCliProjectArgs *args, GError **error);
} NrtCliProjectCommand;

/* Runs command: parses argv (argv[0] is the command's name) with --project,
 * stored in args->project_path, and entries, the command's other options,
 * rejects any argument that is not an option, then calls the checks and
 * run. Rejects an --output that is the project's CSV file before run.
 * Prints each error as "neurite-cli: MESSAGE" on
 * standard error. Returns NRT_CLI_EXIT_USAGE for an invalid command line
 * or an error in NRT_CLI_ERROR_USAGE, NRT_CLI_EXIT_FAILURE for any other
 * error, else NRT_CLI_EXIT_OK. Frees args->project_path and the strings and
 * string arrays that entries filled. */
int nrt_cli_project_command_main (const NrtCliProjectCommand *command,
                                  const GOptionEntry *entries, NrtCliProjectArgs *args,
                                  int argc, char **argv);

/* Loads the project file at path for a command's run. Returns NULL with
 * NRT_CLI_ERROR_FAILED, whose message names the file and the member at
 * fault. Free with nrt_project_free. */
NrtProject *nrt_cli_project_command_load (const char *path, GError **error);

/* Rejects output_path, the value of option, when it is the same file as
 * data_path, the CSV file of a project, with NRT_CLI_ERROR_USAGE naming
 * both. Passes when either path is NULL. */
gboolean nrt_cli_project_command_check_data_output (const char *data_path, const char *option,
                                                    const char *output_path, GError **error);

G_END_DECLS
