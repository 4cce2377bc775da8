/* nrt-cli-export-weights.c: "neurite-cli export-weights", which writes the
 * weights of a saved project to a NumPy .npz archive. */
#define G_LOG_DOMAIN "neurite-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "core/nrt-model.h"
#include "io/nrt-npz.h"
#include "io/nrt-project.h"
#include "nrt-cli-file.h"
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
      N_("NumPy archive to write"), N_("FILE.npz") },
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
    _("The dataset of the project is not read.\n"
      "\n"
      "Exit status: 0 on success, 1 when the project cannot be read or the file\n"
      "cannot be written, 2 for an invalid command line.\n"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  return context;
}

/* Adds the kernel and bias of every layer, then the normalization
 * statistics, in the order of the project file. */
static gboolean
add_model_arrays (NrtNpzWriter *writer, NrtModel *model, GError **error)
{
  gsize n_inputs = (gsize) nrt_model_get_n_inputs (model);

  for (int i = 0; i < nrt_model_get_n_layers (model); i++)
    {
      const NrtDenseConfig *layer = nrt_model_get_layer (model, i);
      const char *name = nrt_model_get_layer_name (model, i);
      g_autofree char *kernel_name = g_strconcat (name, "/kernel", NULL);
      g_autofree char *bias_name = g_strconcat (name, "/bias", NULL);
      gsize kernel_shape[2] = { n_inputs, (gsize) layer->units };
      gsize bias_shape[1] = { (gsize) layer->units };

      if (!nrt_npz_writer_add (writer, kernel_name, nrt_model_get_kernel (model, i),
                               kernel_shape, 2, error))
        return FALSE;
      if (layer->use_bias
          && !nrt_npz_writer_add (writer, bias_name, nrt_model_get_bias (model, i), bias_shape,
                                  1, error))
        return FALSE;
      n_inputs = (gsize) layer->units;
    }

  if (nrt_model_has_normalization (model))
    {
      gsize shape[1] = { (gsize) nrt_model_get_n_inputs (model) };

      if (!nrt_npz_writer_add (writer, "normalization/mean",
                               nrt_model_get_normalization_mean (model), shape, 1, error)
          || !nrt_npz_writer_add (writer, "normalization/variance",
                                  nrt_model_get_normalization_variance (model), shape, 1,
                                  error))
        return FALSE;
    }
  return TRUE;
}

/* Reads the project, builds the archive and writes it atomically to the
 * output path. Every error is NRT_CLI_ERROR_FAILED. */
static gboolean
export_weights (const ExportArgs *args, GError **error)
{
  g_autoptr (NrtProject) project = NULL;
  g_autoptr (NrtNpzWriter) writer = NULL;
  g_autoptr (GBytes) archive = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *display_name = NULL;
  gsize length;
  const char *contents;
  int saved_errno;

  project = nrt_project_load (args->project_path, &local_error);
  if (project != NULL)
    writer = nrt_npz_writer_new (&local_error);
  if (writer != NULL && add_model_arrays (writer, project->model, &local_error))
    archive = nrt_npz_writer_finish (writer, &local_error);
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
