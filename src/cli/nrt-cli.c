/* nrt-cli.c: neurite-cli's entry point, which dispatches to a command. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "nrt-cli.h"

typedef struct {
  const char *name;
  const char *summary;   /* marked with N_() */
  int (*run) (int argc, char **argv);
} Command;

static const Command commands[] = {
  { "train", N_("Train a model on a CSV file or a built-in dataset"), nrt_cli_train },
  { "summary", N_("Print a model's layers and parameter counts, as Keras does"),
    nrt_cli_summary },
  { "expr", N_("Evaluate a file of scalar formulas and print their derivatives"),
    nrt_cli_expr },
  { "plot", N_("Draw a view of a trained or saved model into a PNG, SVG or PDF file"),
    nrt_cli_plot },
  { "export-weights", N_("Write the weights of a saved project to a NumPy .npz file"),
    nrt_cli_export_weights },
  { "export-code", N_("Write a Keras, PyTorch or NumPy script of a saved project's model"),
    nrt_cli_export_code },
  { "export-history", N_("Write the per-epoch metrics of a saved project as CSV"),
    nrt_cli_export_history },
  { "export-data", N_("Write a saved project's data as CSV with each row's split"),
    nrt_cli_export_data },
  { "predict", N_("Run a saved project's model on a CSV file and write its predictions"),
    nrt_cli_predict },
};

static char *
format_commands (void)
{
  GString *text = g_string_new (_("Commands:"));

  g_string_append_c (text, '\n');
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "  %-15s %s\n", commands[i].name, _(commands[i].summary));
  g_string_append_c (text, '\n');
  g_string_append (text, _("Run “neurite-cli COMMAND --help” to list a command's options."));
  g_string_append_c (text, '\n');
  return g_string_free (text, FALSE);
}

static const Command *
find_command (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

int
main (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *description = NULL;
  gboolean show_version = FALSE;
  const Command *command;
  GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &show_version, N_("Print the version and exit"), NULL },
    { NULL }
  };

  /* Numbers are printed and parsed with '.' in every locale, as Keras
   * prints them and as CSV files need them; messages follow the locale. */
  setlocale (LC_ALL, "");
  setlocale (LC_NUMERIC, "C");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* A command name ends the global options; the command parses the rest. */
  if (argc >= 2 && argv[1][0] != '-')
    {
      command = find_command (argv[1]);
      if (command == NULL && strcmp (argv[1], "help") == 0 && argc >= 3)
        {
          /* "neurite-cli help train" is "neurite-cli train --help". */
          command = find_command (argv[2]);
          if (command != NULL)
            {
              char *help_argv[] = { argv[2], (char *) "--help", NULL };

              return command->run (2, help_argv);
            }
        }
      if (command == NULL)
        {
          g_printerr (_("neurite-cli: Unknown command “%s”. Run “neurite-cli --help” to list "
                        "the commands\n"), argv[1]);
          return NRT_CLI_EXIT_USAGE;
        }
      return command->run (argc - 1, argv + 1);
    }

  context = g_option_context_new (_("COMMAND [OPTION…]"));
  g_option_context_set_summary (context, _("Train small neural networks from the command line."));
  description = format_commands ();
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_strict_posix (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      /* Such as "neurite-cli --dataset iris": the option belongs to a command. */
      if (g_error_matches (error, G_OPTION_ERROR, G_OPTION_ERROR_UNKNOWN_OPTION))
        g_printerr (_("neurite-cli: %s. Options other than --help and --version follow a "
                      "command, as in “neurite-cli train --dataset iris”; run “neurite-cli "
                      "--help” to list the commands\n"),
                    error->message);
      else
        g_printerr (_("neurite-cli: %s. Run “neurite-cli --help” to list the commands\n"),
                    error->message);
      return NRT_CLI_EXIT_USAGE;
    }

  if (show_version)
    {
      g_print ("neurite-cli %s\n", PACKAGE_VERSION);
      return NRT_CLI_EXIT_OK;
    }

  g_printerr (_("neurite-cli: Missing command. Run “neurite-cli --help” to list the "
                "commands\n"));
  return NRT_CLI_EXIT_USAGE;
}
