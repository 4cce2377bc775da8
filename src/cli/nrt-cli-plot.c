/* nrt-cli-plot.c: "neurite-cli plot", training a model as train does and
 * drawing one view of it into a PNG, SVG or PDF file. */
#define G_LOG_DOMAIN "neurite-cli"

#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "plot/nrt-plot.h"
#include "nrt-cli-file.h"
#include "nrt-cli-import.h"
#include "nrt-cli-model-options.h"
#include "nrt-cli-options.h"
#include "nrt-cli-run.h"
#include "nrt-cli-views.h"
#include "nrt-cli.h"

#define PLOT_OPTION_GROUPS (NRT_CLI_OPTIONS_DATA | NRT_CLI_OPTIONS_MODEL \
                            | NRT_CLI_OPTIONS_TRAINING)

/* The file size without --width and --height, in pixels for PNG and points
 * for SVG and PDF; the graph view defaults to its natural size instead. */
#define DEFAULT_WIDTH 800
#define DEFAULT_HEIGHT 600
/* The size range of nrt_plot_export. */
#define MAX_SIDE 32767

typedef enum {
  VIEW_NETWORK,
  VIEW_GRAPH,
  VIEW_LOSS,
  VIEW_REGIONS,
  VIEW_COUNT
} View;

static const char *const view_names[VIEW_COUNT] = {
  [VIEW_NETWORK] = "network",
  [VIEW_GRAPH] = "graph",
  [VIEW_LOSS] = "loss",
  [VIEW_REGIONS] = "regions",
};

typedef struct {
  char *view;
  char *output;
  char *width;
  char *height;
  gboolean verbose;
} PlotArgs;

/* The plot options, checked; a size of 0 means the view's default. */
typedef struct {
  View view;
  const char *output;
  int width;
  int height;
  gboolean verbose;
} PlotChoice;

static void
plot_args_clear (PlotArgs *args)
{
  g_free (args->view);
  g_free (args->output);
  g_free (args->width);
  g_free (args->height);
}

static GOptionContext *
create_option_context (NrtCliModelArgs *model_args, PlotArgs *args)
{
  GOptionEntry entries[] = {
    { "view", 0, 0, G_OPTION_ARG_STRING, &args->view,
      N_("What to draw: network, graph, loss or regions"), N_("VIEW") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &args->output,
      N_("File to write; .png, .svg or .pdf chooses the format"), N_("FILE") },
    { "width", 0, 0, G_OPTION_ARG_STRING, &args->width,
      N_("Width in pixels (PNG) or points (SVG, PDF) (default: 800)"), N_("W") },
    { "height", 0, 0, G_OPTION_ARG_STRING, &args->height,
      N_("Height in pixels (PNG) or points (SVG, PDF) (default: 600)"), N_("H") },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &args->verbose,
      N_("Show the training progress and the chosen loss"), NULL },
    { NULL }
  };
  g_autofree char *options_text = nrt_cli_model_args_describe (PLOT_OPTION_GROUPS);
  g_autofree char *description = NULL;
  GOptionContext *context;

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
    _("Train a model exactly as “neurite-cli train” does, with the same options\n"
      "and defaults, then draw one view of it into a PNG, SVG or PDF file.\n"
      "--epochs 0 draws the model with its initial weights."));
  description = g_strconcat (
    _("Views:\n"
      "  network  the layers, with links whose width follows |weight| and whose\n"
      "           colour follows its sign, and the biases. With 2 input features\n"
      "           each neuron shows a heatmap of its activation over the input\n"
      "           plane, scaled per layer to [-1, 1] as TensorFlow Playground\n"
      "           does: tanh as it is, sigmoid and softmax as 2p - 1, relu and\n"
      "           linear divided by the layer's maximum |value|.\n"
      "  graph    the computation graph of the model and its loss, with each node's\n"
      "           value and gradient after one forward and backward pass on the\n"
      "           first batch of training samples in file order. Its default size\n"
      "           is the diagram's natural size.\n"
      "  loss     the loss per epoch, with the validation loss as the test curve\n"
      "           when --validation-split is given.\n"
      "  regions  the decision regions over the plane of 2-feature data, with the\n"
      "           points coloured by class; validation points get a dark outline.\n"
      "           Logits are turned into probabilities by sigmoid or softmax.\n"
      "\n"),
    options_text,
    "\n",
    _("The training prints nothing unless --verbose is given.\n"
      "\n"
      "Exit status: 0 on success; 1 for a data, file or training failure: the\n"
      "data cannot be read, the training fails, or the output file cannot be\n"
      "written, as when its folder does not exist or is not writable; 2 for an\n"
      "invalid command line, such as an unknown --view or an --output that does\n"
      "not end in .png, .svg or .pdf; 130 when interrupted with Ctrl+C.\n"),
    NULL);
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  nrt_cli_model_args_add_entries (model_args, PLOT_OPTION_GROUPS, context);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  return context;
}

static char *
list_views (void)
{
  GString *names = g_string_new (NULL);

  for (int i = 0; i < VIEW_COUNT; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", view_names[i]);
  return g_string_free (names, FALSE);
}

static gboolean
resolve_plot_args (const PlotArgs *args, PlotChoice *choice, GError **error)
{
  g_autoptr (GError) format_error = NULL;
  g_autofree char *example = NULL;

  *choice = (PlotChoice) { 0 };
  choice->verbose = args->verbose;

  if (args->view == NULL)
    {
      g_autofree char *names = list_views ();

      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                   _("Missing --view: give one of %s"), names);
      return FALSE;
    }
  choice->view = VIEW_COUNT;
  for (int i = 0; i < VIEW_COUNT; i++)
    if (strcmp (args->view, view_names[i]) == 0)
      choice->view = i;
  if (choice->view == VIEW_COUNT)
    {
      g_autofree char *names = list_views ();

      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                   _("Unknown view “%s” for --view; expected one of %s"), args->view, names);
      return FALSE;
    }

  if (args->output == NULL)
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                   _("Missing --output: give the file to write, such as --output %s.png"),
                   view_names[choice->view]);
      return FALSE;
    }
  choice->output = args->output;
  /* The file is written after the training, which may be long, so its
   * name and folder are checked first, by the rule of nrt_plot_export. */
  example = g_strdup_printf ("%s.png", view_names[choice->view]);
  if (!nrt_cli_check_output_path ("--output", args->output, example, error))
    return FALSE;
  if (!nrt_plot_format_from_path (args->output, NULL, &format_error))
    {
      /* The message names the file, the extension and the valid ones. */
      g_set_error_literal (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE, format_error->message);
      return FALSE;
    }

  if (args->width != NULL
      && !nrt_cli_parse_int ("--width", args->width, 1, MAX_SIDE, &choice->width, error))
    return FALSE;
  if (args->height != NULL
      && !nrt_cli_parse_int ("--height", args->height, 1, MAX_SIDE, &choice->height, error))
    return FALSE;
  return TRUE;
}

/* Checks what the view needs from the data, before the training. */
static gboolean
check_view_data (const PlotChoice *choice, const NrtCliRun *run, GError **error)
{
  if (choice->view == VIEW_REGIONS && run->data->n_features != 2)
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                   _("The view regions needs data with 2 features, to draw them as a plane, "
                     "but the data has %d; use --view network, graph or loss"),
                   run->data->n_features);
      return FALSE;
    }
  if (choice->view == VIEW_REGIONS && run->data->n_targets != 1)
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                   _("The view regions colours the plane by one label, but the data has %d "
                     "label columns; give one --label, or use --view network, graph or loss"),
                   run->data->n_targets);
      return FALSE;
    }
  return TRUE;
}

/* Rejects an --output that would overwrite the --data file. */
static gboolean
check_output_not_data (const PlotArgs *args, const NrtCliModelArgs *model_args,
                       GError **error)
{
  const char *options[] = { "--data", "--output" };
  const char *paths[] = { model_args->data_path, args->output };

  return nrt_cli_check_distinct_files (options, paths, G_N_ELEMENTS (paths), error);
}

static char *
format_title (const char *view_title, int epochs_done)
{
  if (epochs_done == 0)
    return g_strdup_printf (_("%s, initial weights"), view_title);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s after %d epoch",
                                       "%s after %d epochs", epochs_done),
                          view_title, epochs_done);
}

/* Fills the size of the file: the options where given, else the view's
 * default. The graph keeps its aspect ratio when only one side is given. */
static void
choose_size (const PlotChoice *choice, const NrtCliGraphView *graph, int *width, int *height)
{
  double natural_width, natural_height;

  *width = choice->width > 0 ? choice->width : DEFAULT_WIDTH;
  *height = choice->height > 0 ? choice->height : DEFAULT_HEIGHT;
  if (graph == NULL || (choice->width > 0 && choice->height > 0))
    return;

  nrt_graph_layout_get_size (graph->layout, &natural_width, &natural_height);
  natural_width = MAX (natural_width, 1);
  natural_height = MAX (natural_height, 1);
  if (choice->width > 0)
    {
      natural_height *= choice->width / natural_width;
      natural_width = choice->width;
    }
  else if (choice->height > 0)
    {
      natural_width *= choice->height / natural_height;
      natural_height = choice->height;
    }
  *width = (int) CLAMP (ceil (natural_width), 1, MAX_SIDE);
  *height = (int) CLAMP (ceil (natural_height), 1, MAX_SIDE);
}

/* Builds the chosen view and writes the file; returns an NrtCliExit. */
static int
draw_view (const PlotChoice *choice, NrtCliRun *run)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *title = NULL;
  NrtCliNetworkView network = { 0 };
  NrtCliGraphView graph = { 0 };
  NrtCliLossView loss = { 0 };
  NrtCliRegionsView regions = { 0 };
  NrtPlotDrawFunc draw_func = NULL;
  gpointer data = NULL;
  gboolean ok = TRUE;
  int width, height;

  switch (choice->view)
    {
    case VIEW_NETWORK:
      title = format_title (_("Network"), run->epochs_done);
      /* The heatmaps' predictions reuse the graph after the batch pass,
       * which leaves the gradients in the model's own buffer. */
      ok = nrt_cli_run_first_batch (run->model, run->train, run->training.batch_size, &error)
           && nrt_cli_network_view_init (&network, run->model, run->data, title, &error);
      draw_func = nrt_plot_network_draw_func;
      data = &network.plot;
      break;

    case VIEW_GRAPH:
      title = format_title (_("Computation graph"), run->epochs_done);
      ok = nrt_cli_run_first_batch (run->model, run->train, run->training.batch_size, &error)
           && nrt_cli_graph_view_init (&graph, run->model, title, &error);
      draw_func = nrt_plot_graph_draw_func;
      data = &graph.plot;
      break;

    case VIEW_LOSS:
      title = g_strdup (_("Loss"));
      nrt_cli_loss_view_init (&loss, run->history, title);
      draw_func = nrt_plot_loss_curves_draw_func;
      data = &loss.curves;
      break;

    case VIEW_REGIONS:
    case VIEW_COUNT:
    default:
      /* A regression model has no decisions: the plane shows its output. */
      title = format_title (!nrt_loss_is_crossentropy (run->loss.kind)
                            ? _("Predictions") : _("Decision regions"),
                            run->epochs_done);
      ok = nrt_cli_regions_view_init (&regions, run->model, run->data, run->train->n_samples,
                                      &run->loss, title, &error);
      draw_func = nrt_plot_regions_draw_func;
      data = &regions.plot;
      break;
    }

  if (ok)
    {
      choose_size (choice, choice->view == VIEW_GRAPH ? &graph : NULL, &width, &height);
      ok = nrt_plot_export (choice->output, width, height, draw_func, data, &error);
    }

  nrt_cli_network_view_clear (&network);
  nrt_cli_graph_view_clear (&graph);
  nrt_cli_loss_view_clear (&loss);
  nrt_cli_regions_view_clear (&regions);

  if (!ok)
    {
      g_printerr ("neurite-cli: %s\n", error->message);
      /* An unknown extension or size is a command-line mistake. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED)
          || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
        return NRT_CLI_EXIT_USAGE;
      return NRT_CLI_EXIT_FAILURE;
    }
  return NRT_CLI_EXIT_OK;
}

int
nrt_cli_plot (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  NrtCliModelArgs model_args = { 0 };
  PlotArgs args = { 0 };
  PlotChoice choice = { 0 };
  NrtCliRun run = { 0 };
  int exit_status;

  g_set_prgname ("neurite-cli plot");
  context = create_option_context (&model_args, &args);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      nrt_cli_explain_parse_error (&error, argc, argv);
      g_printerr (_("neurite-cli: %s. Run “neurite-cli plot --help” to list the options\n"),
                  error->message);
      exit_status = NRT_CLI_EXIT_USAGE;
      goto out;
    }
  if (argc > 1)
    {
      g_printerr (_("neurite-cli: Unexpected argument “%s”: the plot command takes "
                    "only options\n"), argv[1]);
      exit_status = NRT_CLI_EXIT_USAGE;
      goto out;
    }

  if (!resolve_plot_args (&args, &choice, &error)
      || !check_output_not_data (&args, &model_args, &error)
      || !nrt_cli_run_prepare (&run, &model_args, 0, &error)
      || !check_view_data (&choice, &run, &error))
    {
      g_printerr ("neurite-cli: %s\n", error->message);
      exit_status = g_error_matches (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE)
                    ? NRT_CLI_EXIT_USAGE : NRT_CLI_EXIT_FAILURE;
      goto out;
    }

  nrt_cli_print_import_notes (run.csv_report);
  if (choice.verbose)
    nrt_cli_run_print_chosen_loss (&run);
  exit_status = nrt_cli_run_fit (&run, choice.verbose);
  /* A run stopped by a NaN loss keeps the last finite weights, but the
   * picture would show a failed model: nothing is drawn. */
  if (exit_status == NRT_CLI_EXIT_OK)
    exit_status = draw_view (&choice, &run);

out:
  nrt_cli_run_clear (&run);
  nrt_cli_model_args_clear (&model_args);
  plot_args_clear (&args);
  return exit_status;
}
