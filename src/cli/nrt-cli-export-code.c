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
#include "nrt-cli-project-command.h"
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
  NrtCliProjectArgs paths;
  char *framework;
} ExportCodeArgs;

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
export_code (const NrtCliProjectArgs *paths, GError **error)
{
  const ExportCodeArgs *args = (const ExportCodeArgs *) paths;
  g_autoptr (NrtProject) project = NULL;
  g_autoptr (GString) code = NULL;
  g_autofree char *weights_name = NULL;
  g_autofree char *display_name = NULL;
  int saved_errno;

  project = nrt_cli_project_command_load (paths->project_path, error);
  if (project == NULL)
    return FALSE;

  weights_name = build_weights_name (paths->project_path);
  code = find_generator (args->framework != NULL ? args->framework : "numpy") (project,
                                                                             weights_name);

  saved_errno = nrt_cli_write_file_atomically (paths->output_path, code->str, code->len);
  if (saved_errno != 0)
    {
      display_name = g_filename_display_name (paths->output_path);
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                   _("Could not write the script to “%s”: %s"), display_name,
                   g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_framework (const NrtCliProjectArgs *paths, GError **error)
{
  const ExportCodeArgs *args = (const ExportCodeArgs *) paths;

  if (args->framework != NULL && find_generator (args->framework) == NULL)
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                   _("Unknown framework “%s” for --framework: use keras, pytorch or numpy"),
                   args->framework);
      return FALSE;
    }
  return TRUE;
}

static const NrtCliProjectCommand command = {
  .name = "export-code",
  .summary = N_("Write a Python script that rebuilds a saved project's model. The script\n"
                "reads the weights from the .npz archive of “neurite-cli export-weights”\n"
                "(by default PROJECT.npz, named after the project), reads a CSV of feature\n"
                "columns with a header row and prints the outputs. A classifier prints\n"
                "probabilities."),
  .description = N_("Frameworks:\n"
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
                    "cannot be written, 2 for an invalid command line.\n"),
  .output_example = "model.py",
  .check_options = check_framework,
  .run = export_code,
};

int
nrt_cli_export_code (int argc, char **argv)
{
  ExportCodeArgs args = { 0 };
  GOptionEntry entries[] = {
    { "framework", 0, 0, G_OPTION_ARG_STRING, &args.framework,
      N_("Framework of the script: keras, pytorch or numpy (default: numpy)"),
      N_("NAME") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &args.paths.output_path,
      N_("Python script to write"), N_("FILE.py") },
    { NULL }
  };

  return nrt_cli_project_command_main (&command, entries, &args.paths, argc, argv);
}
