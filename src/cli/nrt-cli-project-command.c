/* nrt-cli-project-command.c: the runner shared by the commands that read a
 * saved project and write one output file. */
#define G_LOG_DOMAIN "neurite-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "nrt-cli-file.h"
#include "nrt-cli-options.h"
#include "nrt-cli-project-command.h"
#include "nrt-cli.h"

NrtProject *
nrt_cli_project_command_load (const char *path, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  NrtProject *project = nrt_project_load (path, &local_error);

  if (project == NULL)
    g_set_error_literal (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED, local_error->message);
  return project;
}

gboolean
nrt_cli_project_command_check_data_output (const char *data_path, const char *option,
                                           const char *output_path, GError **error)
{
  const char *options[] = { "dataset.path", option };
  const char *paths[] = { data_path, output_path };
  g_autoptr (GError) local_error = NULL;
  g_autofree char *output_name = NULL;
  g_autofree char *data_name = NULL;

  if (data_path == NULL || output_path == NULL
      || nrt_cli_check_distinct_files (options, paths, G_N_ELEMENTS (paths), &local_error))
    return TRUE;

  output_name = g_filename_display_name (output_path);
  data_name = g_filename_display_name (data_path);
  g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
               _("%s “%s” is the data file of the project (dataset.path “%s”), which %s would "
                 "overwrite; give %s another file name"),
               option, output_name, data_name, option, option);
  return FALSE;
}

/* Rejects an --output that is the CSV file of the project at project_path,
 * so that no export replaces the data. A project that cannot be loaded
 * passes, because the command's run reports why. */
static gboolean
check_output_not_data (const NrtCliProjectArgs *args, GError **error)
{
  g_autoptr (NrtProject) project = NULL;

  if (args->project_path == NULL || args->output_path == NULL)
    return TRUE;

  project = nrt_project_load (args->project_path, NULL);
  if (project == NULL || project->dataset.kind != NRT_PROJECT_DATASET_CSV)
    return TRUE;
  return nrt_cli_project_command_check_data_output (project->dataset.path, "--output",
                                                    args->output_path, error);
}

/* Creates the context of command with --project, which every project
 * command lists first, followed by entries. */
static GOptionContext *
create_option_context (const NrtCliProjectCommand *command, const GOptionEntry *entries,
                       NrtCliProjectArgs *args)
{
  const GOptionEntry project_entries[] = {
    { "project", 0, 0, G_OPTION_ARG_FILENAME, &args->project_path,
      N_("Project file to read, as saved by train --save"), N_("FILE.neurite") },
    { NULL }
  };
  GOptionContext *context = g_option_context_new (NULL);

  g_option_context_set_summary (context, _(command->summary));
  g_option_context_set_description (context, _(command->description));
  g_option_context_add_main_entries (context, project_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  return context;
}

/* Frees what GOptionContext allocated into the entries' storage. */
static void
free_entry_values (const GOptionEntry *entries)
{
  for (const GOptionEntry *entry = entries; entry->long_name != NULL; entry++)
    {
      switch (entry->arg)
        {
        case G_OPTION_ARG_STRING:
        case G_OPTION_ARG_FILENAME:
          g_clear_pointer ((char **) entry->arg_data, g_free);
          break;
        case G_OPTION_ARG_STRING_ARRAY:
        case G_OPTION_ARG_FILENAME_ARRAY:
          g_clear_pointer ((char ***) entry->arg_data, g_strfreev);
          break;
        default:
          break;
        }
    }
}

static gboolean
check_and_run (const NrtCliProjectCommand *command, const NrtCliProjectArgs *args,
               GError **error)
{
  if (command->check_options != NULL && !command->check_options (args, error))
    return FALSE;

  if (command->check_paths != NULL)
    {
      if (!command->check_paths (args, error))
        return FALSE;
    }
  else if (!nrt_cli_check_project_output (args->project_path, args->output_path,
                                          command->output_example, error))
    {
      return FALSE;
    }
  if (!check_output_not_data (args, error))
    return FALSE;

  return command->run (args, error);
}

int
nrt_cli_project_command_main (const NrtCliProjectCommand *command,
                              const GOptionEntry *entries, NrtCliProjectArgs *args,
                              int argc, char **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *prgname = NULL;
  int exit_status = NRT_CLI_EXIT_OK;

  g_return_val_if_fail (command != NULL && command->run != NULL, NRT_CLI_EXIT_FAILURE);

  prgname = g_strconcat ("neurite-cli ", command->name, NULL);
  g_set_prgname (prgname);
  context = create_option_context (command, entries, args);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      nrt_cli_explain_parse_error (&error, argc, argv);
      g_printerr (_("neurite-cli: %s. Run “neurite-cli %s --help” to list the options\n"),
                  error->message, command->name);
      exit_status = NRT_CLI_EXIT_USAGE;
    }
  else if (argc > 1)
    {
      g_printerr (_("neurite-cli: Unexpected argument “%s”: the %s command takes only "
                    "options\n"), argv[1], command->name);
      exit_status = NRT_CLI_EXIT_USAGE;
    }
  else if (!check_and_run (command, args, &error))
    {
      g_printerr ("neurite-cli: %s\n", error->message);
      exit_status = g_error_matches (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE)
                    ? NRT_CLI_EXIT_USAGE : NRT_CLI_EXIT_FAILURE;
    }

  g_clear_pointer (&args->project_path, g_free);
  free_entry_values (entries);
  return exit_status;
}
