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
#include "nrt-cli-project-command.h"
#include "nrt-cli.h"

typedef struct {
  NrtCliProjectArgs paths;
  gboolean optimizer_state;
} ExportArgs;

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
export_weights (const NrtCliProjectArgs *paths, GError **error)
{
  const ExportArgs *args = (const ExportArgs *) paths;
  g_autoptr (NrtProject) project = NULL;
  g_autoptr (GBytes) archive = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *display_name = NULL;
  gsize length;
  const char *contents;
  int saved_errno;

  project = nrt_cli_project_command_load (paths->project_path, error);
  if (project == NULL)
    return FALSE;

  if (args->optimizer_state)
    archive = format_with_optimizer_state (project->model, &local_error);
  else
    archive = nrt_npz_format_model (project->model, &local_error);
  if (archive == NULL)
    {
      g_set_error_literal (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED, local_error->message);
      return FALSE;
    }

  contents = g_bytes_get_data (archive, &length);
  saved_errno = nrt_cli_write_file_atomically (paths->output_path, contents, length);
  if (saved_errno != 0)
    {
      display_name = g_filename_display_name (paths->output_path);
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                   _("Could not write the weights to “%s”: %s"), display_name,
                   g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

static const NrtCliProjectCommand command = {
  .name = "export-weights",
  .summary = N_("Write the weights of a saved project to a NumPy .npz archive, one array\n"
                "per parameter: “LAYER/kernel” of shape (inputs, units), as Keras lays it\n"
                "out, and “LAYER/bias” of shape (units,), both float32. A model with a\n"
                "Normalization layer also gets “normalization/mean” and\n"
                "“normalization/variance” of shape (inputs,). numpy.load reads the file."),
  .description = N_("With --optimizer-state, the archive also gets “optimizer/iterations”, the\n"
                    "step count as one float32, and the optimizer's moments, each of shape\n"
                    "(parameters,) in the order of the model's flat parameter buffer (every\n"
                    "layer's kernel, row-major, then its bias): “optimizer/velocity” for SGD\n"
                    "with momentum, “optimizer/m” and “optimizer/v” for Adam. The PyTorch\n"
                    "script of export-code continues the training from them.\n"
                    "\n"
                    "The dataset of the project is not read.\n"
                    "\n"
                    "Exit status: 0 on success, 1 when the project cannot be read or the file\n"
                    "cannot be written, 2 for an invalid command line.\n"),
  .output_example = "weights.npz",
  .run = export_weights,
};

int
nrt_cli_export_weights (int argc, char **argv)
{
  ExportArgs args = { 0 };
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &args.paths.output_path,
      N_("NumPy archive to write"), N_("FILE.npz") },
    { "optimizer-state", 0, 0, G_OPTION_ARG_NONE, &args.optimizer_state,
      N_("Also write the optimizer's step count and moments as “optimizer/…” arrays"), NULL },
    { NULL }
  };

  return nrt_cli_project_command_main (&command, entries, &args.paths, argc, argv);
}
