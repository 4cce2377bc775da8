/* nrt-cli-export-weights.c: "neurite-cli export-weights", which writes the
 * weights of a saved project to a NumPy .npz archive. */
#define G_LOG_DOMAIN "neurite-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/nrt-model.h"
#include "io/nrt-npz-model.h"
#include "io/nrt-project.h"
#include "nrt-cli-file.h"
#include "nrt-cli-options.h"
#include "nrt-cli.h"

typedef struct {
  char *project_path;
  char *output_path;
  gboolean optimizer_state;
} ExportArgs;

static GOptionContext *
create_option_context (ExportArgs *args)
{
  GOptionEntry entries[] = {
    { "project", 0, 0, G_OPTION_ARG_FILENAME, &args->project_path,
      N_("Project file to read, as saved by train --save"), N_("FILE.neurite") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &args->output_path,
      N_("NumPy archive to write"), N_("FILE.npz") },
    { "optimizer-state", 0, 0, G_OPTION_ARG_NONE, &args->optimizer_state,
      N_("Also write the optimizer's step count and moments as “optimizer/…” arrays"), NULL },
    { NULL }
  };
  GOptionContext *context = g_option_context_new (NULL);

  g_option_context_set_summary (context,
    _("Write the weights of a saved project to a NumPy .npz archive, one array\n"
      "per parameter: “LAYER/kernel” of shape (inputs, units), as Keras lays it\n"
      "out, and “LAYER/bias” of shape (units,), both float32. A model with a\n"
      "Normalization layer also gets “normalization/mean” and\n"
      "“normalization/variance” of shape (inputs,). numpy.load reads the file."));
  g_option_context_set_description (context,
    _("With --optimizer-state, the archive also gets “optimizer/iterations”, the\n"
      "step count as one float32, and the optimizer's moments, each of shape\n"
      "(parameters,) in the order of the model's flat parameter buffer (every\n"
      "layer's kernel, row-major, then its bias): “optimizer/velocity” for SGD\n"
      "with momentum, “optimizer/m” and “optimizer/v” for Adam. The PyTorch\n"
      "script of export-code continues the training from them.\n"
      "\n"
      "The dataset of the project is not read.\n"
      "\n"
      "Exit status: 0 on success, 1 when the project cannot be read or the file\n"
      "cannot be written, 2 for an invalid command line.\n"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  return context;
}

/* Adds the optimizer's step count and its slots, named "optimizer/SLOT". */
static gboolean
add_optimizer_state (NrtNpzWriter *writer, NrtModel *model, GError **error)
{
  NrtOptimizer *optimizer = nrt_model_get_optimizer (model);
  gsize n_params = nrt_optimizer_get_n_params (optimizer);
  gsize one = 1;
  /* NOTE: float32 represents every step count up to 2^24 exactly. A longer
   * run writes a rounded count, which shifts Adam's bias correction. */
  float iterations = (float) nrt_optimizer_get_iterations (optimizer);

  if (!nrt_npz_writer_add (writer, "optimizer/iterations", &iterations, &one, 1, error))
    return FALSE;
  for (int i = 0; i < nrt_optimizer_get_n_slots (optimizer); i++)
    {
      g_autofree char *name = g_strconcat ("optimizer/",
                                           nrt_optimizer_get_slot_name (optimizer, i), NULL);

      if (!nrt_npz_writer_add (writer, name, nrt_optimizer_get_slot (optimizer, i), &n_params,
                               1, error))
        return FALSE;
    }
  return TRUE;
}

/* Returns the archive of the model's arrays followed by the optimizer
 * state. Free with g_bytes_unref. */
static GBytes *
format_with_optimizer_state (NrtModel *model, GError **error)
{
  g_autoptr (NrtNpzWriter) writer = nrt_npz_writer_new (error);

  if (writer == NULL || !nrt_npz_writer_add_model (writer, model, error)
      || !add_optimizer_state (writer, model, error))
    return NULL;
  return nrt_npz_writer_finish (writer, error);
}

/* Reads the project, builds the archive and writes it atomically to the
 * output path. Every error is NRT_CLI_ERROR_FAILED. */
static gboolean
export_weights (const ExportArgs *args, GError **error)
{
  g_autoptr (NrtProject) project = NULL;
  g_autoptr (GBytes) archive = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *display_name = NULL;
  gsize length;
  const char *contents;
  int saved_errno;

  project = nrt_project_load (args->project_path, &local_error);
  if (project != NULL && args->optimizer_state)
    archive = format_with_optimizer_state (project->model, &local_error);
  else if (project != NULL)
    archive = nrt_npz_format_model (project->model, &local_error);
  if (archive == NULL)
    {
      /* The project messages name the file and the member at fault. */
      g_set_error_literal (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED, local_error->message);
      return FALSE;
    }

  contents = g_bytes_get_data (archive, &length);
  saved_errno = nrt_cli_write_file_atomically (args->output_path, contents, length);
  if (saved_errno != 0)
    {
      display_name = g_filename_display_name (args->output_path);
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                   _("Could not write the weights to “%s”: %s"), display_name,
                   g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

int
nrt_cli_export_weights (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  ExportArgs args = { 0 };
  int exit_status = NRT_CLI_EXIT_OK;

  g_set_prgname ("neurite-cli export-weights");
  context = create_option_context (&args);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      nrt_cli_explain_parse_error (&error, argc, argv);
      g_printerr (_("neurite-cli: %s. Run “neurite-cli export-weights --help” to list the "
                    "options\n"), error->message);
      exit_status = NRT_CLI_EXIT_USAGE;
    }
  else if (argc > 1)
    {
      g_printerr (_("neurite-cli: Unexpected argument “%s”: the export-weights command "
                    "takes only options\n"), argv[1]);
      exit_status = NRT_CLI_EXIT_USAGE;
    }
  else if (!nrt_cli_check_project_output (args.project_path, args.output_path,
                                              "weights.npz", &error) || !export_weights (&args, &error))
    {
      g_printerr ("neurite-cli: %s\n", error->message);
      exit_status = g_error_matches (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE)
                    ? NRT_CLI_EXIT_USAGE : NRT_CLI_EXIT_FAILURE;
    }

  g_free (args.project_path);
  g_free (args.output_path);
  return exit_status;
}
