/* nrt-cli-plot.c: "neurite-cli plot", drawing one view of a model into a
 * PNG, SVG or PDF file: of a model trained as train does, or of the model
 * saved in a project, which is then drawn without training. */
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
#include "nrt-cli-parts.h"
#include "nrt-cli-plot-private.h"
#include "nrt-cli-project.h"
#include "nrt-cli-project-command.h"
#include "nrt-cli-run.h"
#include "nrt-cli-views.h"
#include "nrt-cli.h"

/* --test-split gives the confusion and metrics views their test part. */
#define PLOT_OPTION_GROUPS (NRT_CLI_OPTIONS_DATA | NRT_CLI_OPTIONS_MODEL \
                            | NRT_CLI_OPTIONS_TRAINING | NRT_CLI_OPTIONS_TEST_SPLIT)

/* The file size without --width and --height, in pixels for PNG and points
 * for SVG and PDF; the graph view defaults to its natural size instead. */
#define DEFAULT_WIDTH 800
#define DEFAULT_HEIGHT 600
/* The size range of nrt_plot_export. */
#define MAX_SIDE 32767

static GOptionContext *
create_option_context (NrtCliModelArgs *model_args, NrtCliPlotArgs *args)
{
  GOptionEntry entries[] = {
    { "view", 0, 0, G_OPTION_ARG_STRING, &args->view,
      N_("What to draw: network, graph, loss, regions, confusion or metrics"), N_("VIEW") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &args->output,
      N_("File to write; .png, .svg or .pdf chooses the format"), N_("FILE") },
    { "project", 0, 0, G_OPTION_ARG_FILENAME, &args->project,
      N_("Draw the model saved in this project file, without training"), N_("FILE.neurite") },
    { "width", 0, 0, G_OPTION_ARG_STRING, &args->width,
      N_("Width in pixels (PNG) or points (SVG, PDF) (default: 800)"), N_("W") },
    { "height", 0, 0, G_OPTION_ARG_STRING, &args->height,
      N_("Height in pixels (PNG) or points (SVG, PDF) (default: 600)"), N_("H") },
    { "scale", 0, 0, G_OPTION_ARG_STRING, &args->scale,
      N_("Multiply the pixels of a PNG, from 0.25 to 8, keeping its layout (default: 1)"),
      N_("S") },
    { "theme", 0, 0, G_OPTION_ARG_STRING, &args->theme,
      N_("Colours around the data: light or dark (default: light)"), N_("THEME") },
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
      "--epochs 0 draws the model with its initial weights. With --project the\n"
      "model saved by train --save is drawn as it is, and nothing is trained."));
  description = g_strconcat (
    _("Views:\n"
      "  network    the layers, with links whose width follows |weight| and whose\n"
      "             colour follows its sign, and the biases. With 2 input features\n"
      "             each neuron shows a heatmap of its activation over the input\n"
      "             plane, scaled per layer to [-1, 1] as TensorFlow Playground\n"
      "             does: tanh as it is, sigmoid and softmax as 2p - 1, relu and\n"
      "             linear divided by the layer's maximum |value|.\n"
      "  graph      the computation graph of the model and its loss, with each\n"
      "             node's value and gradient after one forward and backward pass\n"
      "             on the first batch of the training part, in the order of that\n"
      "             part: the file order, or a shuffled order with --test-split or\n"
      "             a random split. Its default size is the diagram's natural size.\n"
      "  loss       the loss per epoch, with the validation loss as the test curve\n"
      "             when there is a validation part.\n"
      "  regions    the decision regions over the plane of 2-feature data, with the\n"
      "             points coloured by class; validation points are squares and\n"
      "             test points get a dark outline, as the legend shows. Data of more\n"
      "             features is drawn on the plane of the first two principal\n"
      "             components of its training part, each axis labelled with its\n"
      "             share of the variance. Logits are turned into probabilities by\n"
      "             sigmoid or softmax.\n"
      "  confusion  the confusion matrix of classification data, on the test part\n"
      "             when there is one, else the validation part, else the training\n"
      "             part; the title names the part.\n"
      "  metrics    on the same part: precision, recall, F1 and support per class\n"
      "             (classification) or per label (multi-label), or the predicted\n"
      "             values against the true ones (regression).\n"
      "\n"
      "With --project FILE.neurite, the data, the model, its weights and the\n"
      "history come from the project, and the options of the data, the model and\n"
      "the training, --epochs included, cannot be given. A CSV data file must be\n"
      "unchanged since the project was saved. The project file is only read.\n"
      "\n"),
    options_text,
    "\n",
    _("The training prints nothing unless --verbose is given.\n"
      "\n"
      "Exit status: 0 on success; 1 for a data, file or training failure: the\n"
      "data or the project cannot be read, the data file of the project is\n"
      "missing or changed, the training fails, or the output file cannot be\n"
      "written, as when its folder does not exist or is not writable; 2 for an\n"
      "invalid command line, such as an unknown --view, a view that does not\n"
      "suit the data, an --output that does not end in .png, .svg or .pdf, or\n"
      "--scale with an SVG or PDF file; 130 when interrupted with Ctrl+C.\n"),
    NULL);
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  nrt_cli_model_args_add_entries (model_args, PLOT_OPTION_GROUPS, context);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  return context;
}

/* Checks what the view needs from the data, before the training. */
static gboolean
check_view_data (const NrtCliPlotChoice *choice, const NrtCliRun *run, GError **error)
{
  const NrtDataset *data = run->data;

  if (choice->view == NRT_CLI_PLOT_VIEW_REGIONS && data->n_features < 2)
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                   _("The view regions needs data with at least 2 features, to draw a "
                     "plane, but the data has %d; use --view network, graph, loss, "
                     "confusion or metrics"),
                   data->n_features);
      return FALSE;
    }
  if (choice->view == NRT_CLI_PLOT_VIEW_REGIONS && data->n_targets != 1)
    {
      if (choice->project != NULL)
        g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                     _("The view regions colours the plane by one label, but the project "
                       "was trained on %d label columns, and --label cannot change a saved "
                       "project; use --view network, graph, loss or metrics, or plot the "
                       "data file with --data FILE.csv --label NAME, which trains a new "
                       "model on that one label"),
                     data->n_targets);
      else
        g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                     _("The view regions colours the plane by one label, but the data has %d "
                       "label columns; give one --label, or use --view network, graph, loss "
                       "or metrics"),
                     data->n_targets);
      return FALSE;
    }
  if (choice->view == NRT_CLI_PLOT_VIEW_CONFUSION && data->task != NRT_TASK_CLASSIFICATION)
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                   ngettext ("The view confusion needs classification data, one label column "
                             "of classes, but the data is %s with %d target column; use "
                             "--view metrics for its metrics",
                             "The view confusion needs classification data, one label column "
                             "of classes, but the data is %s with %d target columns; use "
                             "--view metrics for its metrics",
                             data->n_targets),
                   nrt_task_name (data->task), data->n_targets);
      return FALSE;
    }
  return TRUE;
}

/* Rejects an --output that would overwrite the --data or --project file. */
static gboolean
check_distinct_outputs (const NrtCliPlotArgs *args, const NrtCliModelArgs *model_args,
                        GError **error)
{
  const char *options[] = { "--data", "--project", "--output" };
  const char *paths[] = { model_args->data_path, args->project, args->output };

  return nrt_cli_check_distinct_files (options, paths, G_N_ELEMENTS (paths), error);
}

/* Rejects --epochs with --project: the project is drawn as saved. The other
 * model options are rejected by nrt_cli_project_prepare. */
static gboolean
check_project_options (const NrtCliModelArgs *model_args, GError **error)
{
  if (model_args->epochs == NULL)
    return TRUE;

  g_set_error_literal (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                       _("The option --epochs cannot be combined with --project: plot draws "
                         "the saved model without training; to train it further, run "
                         "“neurite-cli train --project FILE --epochs N --save FILE” first"));
  return FALSE;
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

/* Returns the title of the confusion or metrics view on part. */
static char *
format_part_title (NrtCliPlotView view, NrtCliPart part, int epochs_done)
{
  static const char *const confusion_titles[] = {
    [NRT_CLI_PART_TRAINING] = N_("Confusion matrix of the training data"),
    [NRT_CLI_PART_VALIDATION] = N_("Confusion matrix of the validation data"),
    [NRT_CLI_PART_TEST] = N_("Confusion matrix of the test data"),
  };
  static const char *const metrics_titles[] = {
    [NRT_CLI_PART_TRAINING] = N_("Metrics of the training data"),
    [NRT_CLI_PART_VALIDATION] = N_("Metrics of the validation data"),
    [NRT_CLI_PART_TEST] = N_("Metrics of the test data"),
  };

  return format_title (_(view == NRT_CLI_PLOT_VIEW_CONFUSION ? confusion_titles[part]
                                                            : metrics_titles[part]),
                       epochs_done);
}

/* Fills the size of the file: the options where given, else the view's
 * default. The graph keeps its aspect ratio when only one side is given. */
static void
choose_size (const NrtCliPlotChoice *choice, const NrtCliGraphView *graph, int *width,
             int *height)
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

/* The renderer of the metrics view for the data's task. */
static NrtPlotDrawFunc
metrics_draw_func (NrtTask task)
{
  switch (task)
    {
    case NRT_TASK_CLASSIFICATION:
      return nrt_plot_class_metrics_draw_func;
    case NRT_TASK_MULTILABEL:
      return nrt_plot_label_metrics_draw_func;
    case NRT_TASK_REGRESSION:
    default:
      return nrt_plot_regression_scatter_draw_func;
    }
}

/* The data of every view, of which only the chosen one is filled. */
typedef struct {
  NrtCliNetworkView network;
  NrtCliGraphView graph;
  NrtCliLossView loss;
  NrtCliRegionsView regions;
  NrtCliMetricsView metrics;
} Views;

/* Fills the chosen view of views with the title it owns in *title, and
 * its renderer and data. */
static gboolean
build_view (const NrtCliPlotChoice *choice, NrtCliRun *run, Views *views, char **title,
            NrtPlotDrawFunc *draw_func, gpointer *data, GError **error)
{
  g_autofree guint8 *assignment = NULL;
  NrtCliPart part;

  switch (choice->view)
    {
    case NRT_CLI_PLOT_VIEW_NETWORK:
      *title = format_title (_("Network"), run->epochs_done);
      *draw_func = nrt_plot_network_draw_func;
      *data = &views->network.plot;
      /* The heatmaps' predictions reuse the graph after the batch pass,
       * which leaves the gradients in the model's own buffer. */
      return nrt_cli_run_first_batch (run->model, run->train, run->training.batch_size, error)
             && nrt_cli_network_view_init (&views->network, run->model, run->data, *title,
                                           error);

    case NRT_CLI_PLOT_VIEW_GRAPH:
      *title = format_title (_("Computation graph"), run->epochs_done);
      *draw_func = nrt_plot_graph_draw_func;
      *data = &views->graph.plot;
      return nrt_cli_run_first_batch (run->model, run->train, run->training.batch_size, error)
             && nrt_cli_graph_view_init (&views->graph, run->model, *title, error);

    case NRT_CLI_PLOT_VIEW_LOSS:
      *title = g_strdup (_("Loss"));
      *draw_func = nrt_plot_loss_curves_draw_func;
      *data = &views->loss.curves;
      nrt_cli_loss_view_init (&views->loss, run->history, *title);
      return TRUE;

    case NRT_CLI_PLOT_VIEW_CONFUSION:
    case NRT_CLI_PLOT_VIEW_METRICS:
      part = nrt_cli_metrics_view_choose_part (run);
      *title = format_part_title (choice->view, part, run->epochs_done);
      *draw_func = choice->view == NRT_CLI_PLOT_VIEW_CONFUSION ? nrt_plot_confusion_draw_func
                                                                : metrics_draw_func (run->data->task);
      *data = &views->metrics.plot;
      return nrt_cli_metrics_view_init (&views->metrics, run, part, *title, error);

    case NRT_CLI_PLOT_VIEW_REGIONS:
    case NRT_CLI_PLOT_VIEW_COUNT:
    default:
      /* A regression model has no decisions: the plane shows its output. */
      *title = format_title (!nrt_loss_is_crossentropy (run->loss.kind)
                             ? _("Predictions") : _("Decision regions"),
                             run->epochs_done);
      *draw_func = nrt_plot_regions_draw_func;
      *data = &views->regions.plot;
      assignment = g_new (guint8, MAX (run->data->n_samples, 1));
      return nrt_cli_assign_parts (run, assignment, error)
             && nrt_cli_regions_view_init (&views->regions, run->model, run->data,
                                           run->derived_features, assignment, &run->loss,
                                           *title, error);
    }
}

/* Builds the chosen view and writes the file; returns an NrtCliExit. */
static int
draw_view (const NrtCliPlotChoice *choice, NrtCliRun *run)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *title = NULL;
  Views views = { 0 };
  NrtPlotDrawFunc draw_func = NULL;
  NrtPlotExportOptions options = { 0 };
  gpointer data = NULL;
  gboolean ok;

  ok = build_view (choice, run, &views, &title, &draw_func, &data, &error);
  if (ok)
    {
      choose_size (choice, choice->view == NRT_CLI_PLOT_VIEW_GRAPH ? &views.graph : NULL,
                   &options.width, &options.height);
      options.scale = choice->scale;
      options.theme = choice->theme;
      ok = nrt_plot_export_with_options (choice->output, &options, draw_func, data, &error);
    }

  nrt_cli_network_view_clear (&views.network);
  nrt_cli_graph_view_clear (&views.graph);
  nrt_cli_loss_view_clear (&views.loss);
  nrt_cli_regions_view_clear (&views.regions);
  nrt_cli_metrics_view_clear (&views.metrics);

  if (!ok)
    {
      g_printerr ("neurite-cli: %s\n", error->message);
      /* An unknown extension, a size or a scale out of range is a
       * command-line mistake. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED)
          || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
        return NRT_CLI_EXIT_USAGE;
      return NRT_CLI_EXIT_FAILURE;
    }
  return NRT_CLI_EXIT_OK;
}

/* Fills run->history from the project file at path without reading its
 * data, which the loss view does not need. */
static gboolean
load_project_history (NrtCliRun *run, const char *path, GError **error)
{
  g_autoptr (NrtProject) project = nrt_cli_project_command_load (path, error);
  gboolean has_accuracy, has_validation;

  if (project == NULL)
    return FALSE;

  /* Without epochs the curves are those the training would have drawn, as
   * export-history writes the columns the training would have written. */
  has_accuracy = nrt_loss_is_crossentropy (nrt_model_get_loss (project->model)->kind);
  has_validation = project->fit.validation_split > 0
                   || (project->fit.test_split > 0
                       && project->fit.validation_data == NRT_PROJECT_VALIDATION_DATA_TEST);
  run->history = nrt_cli_history_new (has_accuracy, has_validation);
  for (guint i = 0; i < project->history->len; i++)
    nrt_cli_history_append (run->history, &g_array_index (project->history, NrtLogs, i));
  return TRUE;
}

/* Prepares run from the options: from the project without training, or by
 * training as train does. Returns an NrtCliExit, having printed any error. */
static int
prepare_run (const NrtCliPlotChoice *choice, const NrtCliModelArgs *model_args,
             NrtCliRun *run)
{
  g_autoptr (GError) error = NULL;
  int exit_status;

  if (choice->project != NULL && choice->view == NRT_CLI_PLOT_VIEW_LOSS)
    {
      if (!check_project_options (model_args, &error)
          || !nrt_cli_project_check_options (model_args, &error)
          || !load_project_history (run, choice->project, &error))
        goto failed;
      return NRT_CLI_EXIT_OK;
    }
  if (choice->project != NULL)
    {
      if (!check_project_options (model_args, &error)
          || !nrt_cli_project_prepare (run, choice->project, model_args, &error)
          || !check_view_data (choice, run, &error))
        goto failed;
      nrt_cli_print_import_notes (run->csv_report);
      /* A project saved before its first epoch has no history rows. */
      if (run->history == NULL)
        run->history = nrt_cli_history_new (nrt_loss_is_crossentropy (run->loss.kind),
                                            run->validation != NULL
                                            || (run->validate_on_test && run->test != NULL));
      return NRT_CLI_EXIT_OK;
    }

  if (!nrt_cli_run_prepare (run, model_args, 0, &error) || !check_view_data (choice, run, &error))
    goto failed;
  nrt_cli_print_import_notes (run->csv_report);
  if (choice->verbose)
    nrt_cli_run_print_chosen_loss (run);
  exit_status = nrt_cli_run_fit (run, choice->verbose);
  return exit_status;

failed:
  g_printerr ("neurite-cli: %s\n", error->message);
  return g_error_matches (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE) ? NRT_CLI_EXIT_USAGE
                                                                     : NRT_CLI_EXIT_FAILURE;
}

int
nrt_cli_plot (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  NrtCliModelArgs model_args = { 0 };
  NrtCliPlotArgs args = { 0 };
  NrtCliPlotChoice choice = { 0 };
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

  if (!nrt_cli_plot_resolve_args (&args, &choice, &error)
      || !check_distinct_outputs (&args, &model_args, &error))
    {
      g_printerr ("neurite-cli: %s\n", error->message);
      exit_status = g_error_matches (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE)
                    ? NRT_CLI_EXIT_USAGE : NRT_CLI_EXIT_FAILURE;
      goto out;
    }

  /* A run stopped by a NaN loss keeps the last finite weights, but the
   * picture would show a failed model: nothing is drawn. */
  exit_status = prepare_run (&choice, &model_args, &run);
  if (exit_status == NRT_CLI_EXIT_OK)
    exit_status = draw_view (&choice, &run);

out:
  nrt_cli_run_clear (&run);
  nrt_cli_model_args_clear (&model_args);
  nrt_cli_plot_args_clear (&args);
  return exit_status;
}
