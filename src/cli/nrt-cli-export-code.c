/* nrt-cli-export-code.c: "neurite-cli export-code", which writes a script
 * that rebuilds a saved project's model in Keras, PyTorch or NumPy. */
#define G_LOG_DOMAIN "neurite-cli"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "io/nrt-codegen-keras.h"
#include "io/nrt-codegen-numpy.h"
#include "io/nrt-codegen-pytorch.h"
#include "io/nrt-project.h"
#include "nrt-cli-file.h"
#include "nrt-cli-options.h"
#include "nrt-cli.h"

typedef GString *(*GenerateFunc) (const NrtProject *project, const char *default_weights_path);

/* The generators by --framework name. */
static const struct {
  const char *name;
  GenerateFunc generate;
} frameworks[] = {
  { "keras", nrt_codegen_keras },
  { "pytorch", nrt_codegen_pytorch },
  { "numpy", nrt_codegen_numpy },
};

typedef struct {
  char *project_path;
  char *framework;
  char *output_path;
} ExportCodeArgs;

static GOptionContext *
create_option_context (ExportCodeArgs *args)
{
  GOptionEntry entries[] = {
    { "project", 0, 0, G_OPTION_ARG_FILENAME, &args->project_path,
      N_("Project file to read, as saved by train --save"), N_("FILE.neurite") },
    { "framework", 0, 0, G_OPTION_ARG_STRING, &args->framework,
      N_("Framework of the script: keras, pytorch or numpy (default: numpy)"),
      N_("NAME") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &args->output_path,
      N_("Python script to write"), N_("FILE.py") },
    { NULL }
  };
  GOptionContext *context = g_option_context_new (NULL);

  g_option_context_set_summary (context,
    _("Write a Python script that rebuilds a saved project's model. The script\n"
      "reads the weights from the .npz archive of “neurite-cli export-weights”\n"
      "(by default PROJECT.npz, named after the project), reads a CSV of feature\n"
      "columns with a header row and prints the outputs. A classifier prints\n"
      "probabilities."));
  g_option_context_set_description (context,
    _("Frameworks:\n"
      "  numpy    the forward pass in NumPy only.\n"
      "           Run it as: python3 FILE.py [WEIGHTS.npz] FEATURES.csv\n"
      "  pytorch  an nn.Sequential with the project's loss and optimizer, which\n"
      "           also trains: Adam follows Keras's update, and a cross-entropy on\n"
      "           probabilities clips them as Keras does. Its optimizer continues\n"
      "           from the arrays of export-weights --optimizer-state when the\n"
      "           archive has them.\n"
      "  keras    a keras.Sequential, compiled and fit as the project was\n"
      "           (TensorFlow 2).\n"
      "Run the keras and pytorch scripts as:\n"
      "  python3 FILE.py [--weights WEIGHTS.npz] predict FEATURES.csv\n"
      "  python3 FILE.py [--weights WEIGHTS.npz] train DATA.csv [--epochs N] [--save OUT.npz]\n"
      "They read DATA.csv with the project's import options and label and feature\n"
      "columns, train for the project's number of epochs (or N) with its batch\n"
      "size and shuffle setting, and print each epoch's loss as Neurite does.\n"
      "\n"
      "The dataset of the project is not read.\n"
      "\n"
      "Exit status: 0 on success, 1 when the project cannot be read or the file\n"
      "cannot be written, 2 for an invalid command line.\n"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  return context;
}

/* Returns the default weights file of the script: the project's file name
 * with .npz in place of .neurite. Free with g_free. */
static char *
build_weights_name (const char *project_path)
{
  g_autofree char *base = g_path_get_basename (project_path);

  if (g_str_has_suffix (base, ".neurite"))
    base[strlen (base) - strlen (".neurite")] = '\0';
  return g_strconcat (base, ".npz", NULL);
}

/* Returns the generator of the framework name, or NULL for an unknown
 * name. */
static GenerateFunc
find_generator (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (frameworks); i++)
    if (strcmp (frameworks[i].name, name) == 0)
      return frameworks[i].generate;
  return NULL;
}

/* Reads the project, builds the script and writes it atomically to the
 * output path. Every error is NRT_CLI_ERROR_FAILED. */
static gboolean
export_code (const ExportCodeArgs *args, GError **error)
{
  g_autoptr (NrtProject) project = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GString) code = NULL;
  g_autofree char *weights_name = NULL;
  g_autofree char *display_name = NULL;
  int saved_errno;

  project = nrt_project_load (args->project_path, &local_error);
  if (project == NULL)
    {
      /* The project messages name the file and the member at fault. */
      g_set_error_literal (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED, local_error->message);
      return FALSE;
    }

  weights_name = build_weights_name (args->project_path);
  code = find_generator (args->framework != NULL ? args->framework : "numpy") (project,
                                                                             weights_name);

  saved_errno = nrt_cli_write_file_atomically (args->output_path, code->str, code->len);
  if (saved_errno != 0)
    {
      display_name = g_filename_display_name (args->output_path);
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                   _("Could not write the script to “%s”: %s"), display_name,
                   g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/* Checks the framework, then the project and output paths. */
static gboolean
check_args (const ExportCodeArgs *args, GError **error)
{
  if (args->framework != NULL && find_generator (args->framework) == NULL)
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                   _("Unknown framework “%s” for --framework: use keras, pytorch or numpy"),
                   args->framework);
      return FALSE;
    }
  return nrt_cli_check_project_output (args->project_path, args->output_path, "model.py",
                                       error);
}

int
nrt_cli_export_code (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  ExportCodeArgs args = { 0 };
  int exit_status = NRT_CLI_EXIT_OK;

  g_set_prgname ("neurite-cli export-code");
  context = create_option_context (&args);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      nrt_cli_explain_parse_error (&error, argc, argv);
      g_printerr (_("neurite-cli: %s. Run “neurite-cli export-code --help” to list the "
                    "options\n"), error->message);
      exit_status = NRT_CLI_EXIT_USAGE;
    }
  else if (argc > 1)
    {
      g_printerr (_("neurite-cli: Unexpected argument “%s”: the export-code command "
                    "takes only options\n"), argv[1]);
      exit_status = NRT_CLI_EXIT_USAGE;
    }
  else if (!check_args (&args, &error) || !export_code (&args, &error))
    {
      g_printerr ("neurite-cli: %s\n", error->message);
      exit_status = g_error_matches (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE)
                    ? NRT_CLI_EXIT_USAGE : NRT_CLI_EXIT_FAILURE;
    }

  g_free (args.project_path);
  g_free (args.framework);
  g_free (args.output_path);
  return exit_status;
}
