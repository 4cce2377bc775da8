/* nrt-cli-train.c: "neurite-cli train", Keras's compile and fit on a CSV
 * file or a built-in dataset, with a Keras-style progress display and an
 * optional CSVLogger-style history. */
#define G_LOG_DOMAIN "neurite-cli"

#include "config.h"

#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "core/nrt-fit.h"
#include "io/nrt-builtins.h"
#include "io/nrt-csv.h"
#include "nrt-cli-history.h"
#include "nrt-cli-options.h"
#include "nrt-cli-progress.h"
#include "nrt-cli.h"

/* Defaults that differ from Keras's or that Keras does not have. Keras's
 * fit runs 1 epoch by default; a command-line run is more useful with 10. */
#define DEFAULT_EPOCHS 10
#define DEFAULT_SEED 0
#define DEFAULT_GENERATOR_SAMPLES 500   /* TensorFlow Playground's default */
#define DEFAULT_HIDDEN_UNITS 8

/* The option values as typed; numbers stay text until checked, so that an
 * error can repeat exactly what was given. */
typedef struct {
  char *data_path;
  char *label;
  char *dataset_id;
  char *samples;
  char *noise;
  char *layers;
  char *loss;
  gboolean from_logits;
  char *optimizer;
  char *learning_rate;
  char *momentum;
  char *epochs;
  char *batch_size;
  char *seed;
  char *validation_split;
  gboolean no_shuffle;
  char *kernel_initializer;
  char *history_path;
} TrainArgs;

/* Everything one run needs, checked; train_run_clear frees it. */
typedef struct {
  const NrtBuiltinDataset *builtin;   /* NULL with --data */
  int samples;                        /* generators only */
  double noise;                       /* generators only */
  NrtDenseConfig *layers;             /* NULL until the data is known without --layers */
  int n_layers;
  NrtInitializer initializer;
  int loss_kind;                      /* -1 until chosen from the data */
  gboolean from_logits_given;
  gboolean loss_chosen;               /* no --loss: chosen by fit_model_to_data */
  NrtOptimizerConfig optimizer;
  double validation_split;            /* 0 for none */
  int epochs;
  int batch_size;
  guint64 seed;
  gboolean shuffle;

  NrtDataset *data;                   /* as loaded */
  NrtDataset *train;                  /* the first part of data, or data itself */
  NrtDataset *validation;             /* the last validation_split of data, or NULL */
  NrtModel *model;
  NrtLossConfig loss;

  NrtCliProgress *progress;
  NrtCliHistory *history;
  int epochs_done;
} TrainRun;

/* Set by SIGINT; nrt_model_fit reads it between batches. */
static atomic_int interrupted;

static void
handle_sigint (int signal_number)
{
  atomic_store (&interrupted, 1);
}

static void
train_args_clear (TrainArgs *args)
{
  g_free (args->data_path);
  g_free (args->label);
  g_free (args->dataset_id);
  g_free (args->samples);
  g_free (args->noise);
  g_free (args->layers);
  g_free (args->loss);
  g_free (args->optimizer);
  g_free (args->learning_rate);
  g_free (args->momentum);
  g_free (args->epochs);
  g_free (args->batch_size);
  g_free (args->seed);
  g_free (args->validation_split);
  g_free (args->kernel_initializer);
  g_free (args->history_path);
}

static void
train_run_clear (TrainRun *run)
{
  g_free (run->layers);
  if (run->train != run->data)
    nrt_dataset_free (run->train);
  nrt_dataset_free (run->data);
  nrt_dataset_free (run->validation);
  nrt_model_free (run->model);
  if (run->progress != NULL)
    nrt_cli_progress_free (run->progress);
  nrt_cli_history_free (run->history);
}

/* Prints "neurite-cli: MESSAGE" on stderr. */
static void
print_error (const char *message)
{
  g_printerr ("neurite-cli: %s\n", message);
}

/* The core's log goes to g_debug (shown with G_MESSAGES_DEBUG=all): each of
 * its failures also returns an NrtError, which is printed once. */
static void
log_core_message (NrtLogLevel level, const char *message, void *user_data)
{
  g_debug ("core: %s", message);
}

static GOptionContext *
create_option_context (TrainArgs *args)
{
  GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &args->data_path,
      N_("CSV file to train on, with a header row"), N_("FILE") },
    { "label", 0, 0, G_OPTION_ARG_STRING, &args->label,
      N_("Label column of --data (default: the last column)"), N_("COLUMN") },
    { "dataset", 0, 0, G_OPTION_ARG_STRING, &args->dataset_id,
      N_("Built-in dataset to train on (names below)"), N_("NAME") },
    { "samples", 0, 0, G_OPTION_ARG_STRING, &args->samples,
      N_("Points of a generated dataset, 2 to 1000000 (default: 500)"), N_("N") },
    { "noise", 0, 0, G_OPTION_ARG_STRING, &args->noise,
      N_("Noise of a generated dataset, 0 to 1 (default: 0)"), N_("X") },
    { "layers", 0, 0, G_OPTION_ARG_STRING, &args->layers,
      N_("Dense layers, such as 25:relu,15:relu,4 (default: below)"), N_("SPEC") },
    { "loss", 0, 0, G_OPTION_ARG_STRING, &args->loss,
      N_("Loss function (names and default below)"), N_("NAME") },
    { "from-logits", 0, 0, G_OPTION_ARG_NONE, &args->from_logits,
      N_("The cross-entropy takes the outputs as logits"), NULL },
    { "optimizer", 0, 0, G_OPTION_ARG_STRING, &args->optimizer,
      N_("sgd or adam (default: adam)"), N_("NAME") },
    { "learning-rate", 0, 0, G_OPTION_ARG_STRING, &args->learning_rate,
      N_("Learning rate (default: 0.01 for sgd, 0.001 for adam)"), N_("RATE") },
    { "momentum", 0, 0, G_OPTION_ARG_STRING, &args->momentum,
      N_("Momentum of sgd, 0 to 1 (default: 0)"), N_("M") },
    { "epochs", 0, 0, G_OPTION_ARG_STRING, &args->epochs,
      N_("Passes over the training data (default: 10)"), N_("N") },
    { "batch-size", 0, 0, G_OPTION_ARG_STRING, &args->batch_size,
      N_("Samples per gradient update (default: 32)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &args->seed,
      N_("Seed of the weights, shuffles and generated data (default: 0)"), N_("N") },
    { "validation-split", 0, 0, G_OPTION_ARG_STRING, &args->validation_split,
      N_("Fraction of the samples held out for validation (default: 0)"), N_("FRACTION") },
    { "no-shuffle", 0, 0, G_OPTION_ARG_NONE, &args->no_shuffle,
      N_("Keep the order of the training samples in every epoch"), NULL },
    { "kernel-initializer", 0, 0, G_OPTION_ARG_STRING, &args->kernel_initializer,
      N_("glorot_uniform or zeros (default: glorot_uniform)"), N_("NAME") },
    { "history", 0, 0, G_OPTION_ARG_FILENAME, &args->history_path,
      N_("Write each epoch's loss and metrics to FILE as CSV"), N_("FILE") },
    { NULL }
  };
  g_autofree char *activations = nrt_cli_list_activations ();
  g_autofree char *losses = nrt_cli_list_losses ();
  g_autofree char *datasets = nrt_cli_list_datasets ();
  g_autofree char *description = NULL;
  GOptionContext *context;

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
    _("Train a sequential model of Dense layers, as Keras's compile and fit do,\n"
      "on a CSV file (--data) or a built-in dataset (--dataset); give exactly one."));
  description = g_strdup_printf (
    _("Layers: --layers takes UNITS[:ACTIVATION] items separated by commas; the\n"
      "activation defaults to linear. Activations: %s.\n"
      "Losses: %s.\n"
      "Built-in datasets: %s.\n"
      "\n"
      "Without --layers, the model is 8:relu followed by a linear output layer of\n"
      "one unit for numeric targets or two classes, or of one unit per class.\n"
      "Without --loss, the loss follows the data: mean_squared_error for numeric\n"
      "targets, binary_crossentropy for two classes and one output unit, and\n"
      "sparse_categorical_crossentropy otherwise, from logits when the output\n"
      "layer is linear. Kernels start from --kernel-initializer, biases at 0.\n"
      "\n"
      "--validation-split takes the last rows of the data, before any shuffling,\n"
      "as Keras does: shuffle a file sorted by label first. --noise is TensorFlow\n"
      "Playground's noise slider divided by 100.\n"
      "\n"
      "Each epoch prints a line as Keras's progress bar does; on a terminal the\n"
      "bar moves during the epoch. The loss and accuracy are means over the\n"
      "epoch's batches. --history writes the layout of Keras's CSVLogger.\n"
      "\n"
      "Exit status: 0 on success, 1 when the data cannot be read or the training\n"
      "fails (the loss became NaN or infinite), 2 for an invalid command line,\n"
      "130 when interrupted with Ctrl+C. The history is written in every case.\n"),
    activations, losses, datasets);
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  return context;
}

static gboolean
usage_error (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* Sets a usage error and returns FALSE. */
static gboolean
usage_error (GError **error, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                                                format, args));
  va_end (args);
  return FALSE;
}

static gboolean
resolve_data_args (const TrainArgs *args, TrainRun *run, GError **error)
{
  static const NrtCliRange noise = { 0, 1, FALSE, FALSE, N_("a number from 0 to 1") };

  if ((args->data_path == NULL) == (args->dataset_id == NULL))
    return usage_error (error, "%s", args->data_path == NULL
                                     ? _("no data: give --data FILE.csv or --dataset NAME")
                                     : _("--data and --dataset are both given: choose one"));
  if (args->label != NULL && args->data_path == NULL)
    return usage_error (error, _("--label applies to --data only"));

  if (args->dataset_id != NULL)
    {
      run->builtin = nrt_builtins_find (args->dataset_id);
      if (run->builtin == NULL)
        {
          g_autofree char *names = nrt_cli_list_datasets ();

          return usage_error (error, _("unknown dataset “%s” for --dataset; expected one of %s"),
                              args->dataset_id, names);
        }
    }

  run->samples = DEFAULT_GENERATOR_SAMPLES;
  run->noise = 0;
  if ((args->samples != NULL || args->noise != NULL)
      && (run->builtin == NULL || !run->builtin->is_generator))
    return usage_error (error, _("%s applies to generated datasets only, such as --dataset circle"),
                        args->samples != NULL ? "--samples" : "--noise");
  if (args->samples != NULL
      && !nrt_cli_parse_int ("--samples", args->samples, 1, G_MAXINT, &run->samples, error))
    return FALSE;
  if (args->noise != NULL
      && !nrt_cli_parse_double ("--noise", args->noise, &noise, &run->noise, error))
    return FALSE;

  return TRUE;
}

static gboolean
resolve_model_args (const TrainArgs *args, TrainRun *run, GError **error)
{
  run->initializer = NRT_INITIALIZER_GLOROT_UNIFORM;
  if (args->kernel_initializer != NULL)
    {
      int initializer = nrt_initializer_from_name (args->kernel_initializer);

      if (initializer < 0)
        {
          g_autofree char *names = nrt_cli_list_initializers ();

          return usage_error (error,
                              _("unknown initializer “%s” for --kernel-initializer; "
                                "expected one of %s"),
                              args->kernel_initializer, names);
        }
      run->initializer = initializer;
    }

  if (args->layers != NULL)
    {
      run->layers = nrt_cli_parse_layers (args->layers, run->initializer, &run->n_layers, error);
      if (run->layers == NULL)
        return FALSE;
    }

  run->loss_kind = -1;
  if (args->loss != NULL)
    {
      run->loss_kind = nrt_loss_from_name (args->loss);
      if (run->loss_kind < 0)
        {
          g_autofree char *names = nrt_cli_list_losses ();

          return usage_error (error, _("unknown loss “%s” for --loss; expected one of %s"),
                              args->loss, names);
        }
    }
  run->from_logits_given = args->from_logits;

  return TRUE;
}

static gboolean
resolve_optimizer_args (const TrainArgs *args, TrainRun *run, GError **error)
{
  static const NrtCliRange positive = { 0, G_MAXDOUBLE, TRUE, FALSE, N_("a positive number") };
  static const NrtCliRange momentum = { 0, 1, FALSE, FALSE, N_("a number from 0 to 1") };
  int kind = NRT_OPTIMIZER_ADAM;
  double value;

  if (args->optimizer != NULL)
    {
      kind = nrt_optimizer_from_name (args->optimizer);
      if (kind < 0)
        {
          g_autofree char *names = nrt_cli_list_optimizers ();

          return usage_error (error,
                              _("unknown optimizer “%s” for --optimizer; expected one of %s"),
                              args->optimizer, names);
        }
    }
  run->optimizer = nrt_optimizer_config_default (kind);

  if (args->learning_rate != NULL)
    {
      if (!nrt_cli_parse_double ("--learning-rate", args->learning_rate, &positive, &value,
                                 error))
        return FALSE;
      run->optimizer.learning_rate = (float) value;
    }

  if (args->momentum != NULL)
    {
      if (kind != NRT_OPTIMIZER_SGD)
        return usage_error (error, _("--momentum applies to --optimizer sgd only, "
                                     "and the optimizer is %s"),
                            nrt_optimizer_name (kind));
      if (!nrt_cli_parse_double ("--momentum", args->momentum, &momentum, &value, error))
        return FALSE;
      run->optimizer.momentum = (float) value;
    }

  return TRUE;
}

static gboolean
resolve_fit_args (const TrainArgs *args, TrainRun *run, GError **error)
{
  static const NrtCliRange split = { 0, 1, FALSE, TRUE,
                                     N_("a fraction of at least 0 and less than 1") };

  run->epochs = DEFAULT_EPOCHS;
  if (args->epochs != NULL
      && !nrt_cli_parse_int ("--epochs", args->epochs, 1, G_MAXINT, &run->epochs, error))
    return FALSE;

  run->batch_size = nrt_fit_config_default ().batch_size;
  if (args->batch_size != NULL
      && !nrt_cli_parse_int ("--batch-size", args->batch_size, 1, G_MAXINT, &run->batch_size,
                             error))
    return FALSE;

  run->seed = DEFAULT_SEED;
  if (args->seed != NULL && !nrt_cli_parse_uint64 ("--seed", args->seed, &run->seed, error))
    return FALSE;

  run->validation_split = 0;
  if (args->validation_split != NULL
      && !nrt_cli_parse_double ("--validation-split", args->validation_split, &split,
                                &run->validation_split, error))
    return FALSE;

  run->shuffle = !args->no_shuffle;
  return TRUE;
}

/* Checks the option values on their own, before any data is read. */
static gboolean
resolve_args (const TrainArgs *args, TrainRun *run, GError **error)
{
  return resolve_data_args (args, run, error)
         && resolve_model_args (args, run, error)
         && resolve_optimizer_args (args, run, error)
         && resolve_fit_args (args, run, error);
}

static gboolean
load_data (const TrainArgs *args, TrainRun *run, GError **error)
{
  GError *local_error = NULL;

  if (run->builtin != NULL)
    run->data = nrt_builtins_load (run->builtin->id, run->samples, run->noise, run->seed,
                                   &local_error);
  else
    run->data = nrt_csv_load (args->data_path, args->label, &local_error);

  if (run->data == NULL)
    {
      /* Invalid generator settings come from --samples or --noise. */
      int code = g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT)
                 && run->builtin != NULL
                 ? NRT_CLI_ERROR_USAGE : NRT_CLI_ERROR_FAILED;

      g_set_error_literal (error, NRT_CLI_ERROR, code, local_error->message);
      g_error_free (local_error);
      return FALSE;
    }
  return TRUE;
}

/* Splits off the last validation_split of the samples, before any
 * shuffling, as Keras's fit does: the training part is the first
 * floor(n * (1 - validation_split)) samples. */
static gboolean
split_validation (TrainRun *run, GError **error)
{
  g_autofree int *indices = NULL;
  NrtError err = { 0 };
  int n = run->data->n_samples;
  int n_train;

  if (run->validation_split == 0)
    {
      run->train = run->data;
      return TRUE;
    }

  n_train = (int) floor (n * (1.0 - run->validation_split));
  if (n_train < 1 || n_train == n)
    return usage_error (error,
                        _("--validation-split %g leaves %d of %d samples for training and %d "
                          "for validation; each part needs at least one sample"),
                        run->validation_split, n_train, n, n - n_train);

  indices = g_new (int, n);
  for (int i = 0; i < n; i++)
    indices[i] = i;
  run->train = nrt_dataset_subset (run->data, indices, n_train, &err);
  if (run->train != NULL)
    run->validation = nrt_dataset_subset (run->data, indices + n_train, n - n_train, &err);
  if (run->train == NULL || run->validation == NULL)
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                   _("splitting off the validation data failed: %s"), err.message);
      return FALSE;
    }
  return TRUE;
}

/* Fills in the layers and the loss from the data where the options left
 * them out, and checks that the model, the loss and the data fit together. */
static gboolean
fit_model_to_data (TrainRun *run, GError **error)
{
  int n_classes = run->data->n_classes;
  const NrtDenseConfig *output;
  gboolean chose_loss = FALSE;

  if (run->layers == NULL)
    {
      run->n_layers = 2;
      run->layers = g_new0 (NrtDenseConfig, 2);
      run->layers[0] = nrt_dense_config_default (DEFAULT_HIDDEN_UNITS);
      run->layers[0].activation = NRT_ACTIVATION_RELU;
      run->layers[1] = nrt_dense_config_default (n_classes > 2 ? n_classes : 1);
      for (int i = 0; i < 2; i++)
        run->layers[i].kernel_initializer = run->initializer;
    }
  output = &run->layers[run->n_layers - 1];

  if (run->loss_kind < 0)
    {
      if (n_classes == 0)
        run->loss_kind = NRT_LOSS_MEAN_SQUARED_ERROR;
      else if (n_classes == 2 && output->units == 1)
        run->loss_kind = NRT_LOSS_BINARY_CROSSENTROPY;
      else
        run->loss_kind = NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY;
      chose_loss = TRUE;
    }

  run->loss.kind = run->loss_kind;
  run->loss.from_logits = run->from_logits_given;
  if (chose_loss && !run->from_logits_given && run->loss_kind != NRT_LOSS_MEAN_SQUARED_ERROR)
    run->loss.from_logits = output->activation == NRT_ACTIVATION_LINEAR;

  if (run->loss_kind == NRT_LOSS_MEAN_SQUARED_ERROR && run->from_logits_given)
    return usage_error (error, _("--from-logits applies to the cross-entropy losses, "
                                 "not to mean_squared_error"));

  /* The checks that involve the data. The core checks the rest, such as a
   * softmax output with --from-logits, when the model is compiled. */
  if (run->loss_kind != NRT_LOSS_MEAN_SQUARED_ERROR && n_classes == 0)
    return usage_error (error,
                        _("%s needs class labels, but the labels of this data are numeric "
                          "targets; use --loss mean_squared_error"),
                        nrt_loss_name (run->loss_kind));
  if (run->loss_kind == NRT_LOSS_BINARY_CROSSENTROPY && n_classes != 2)
    return usage_error (error,
                        _("binary_crossentropy needs two classes, but the data has %d; "
                          "use --loss sparse_categorical_crossentropy"), n_classes);
  if (run->loss_kind == NRT_LOSS_BINARY_CROSSENTROPY && output->units != 1)
    return usage_error (error,
                        _("binary_crossentropy needs an output layer of 1 unit, but it has %d; "
                          "end --layers with 1:linear"), output->units);
  if (run->loss_kind == NRT_LOSS_MEAN_SQUARED_ERROR && output->units != 1)
    return usage_error (error,
                        _("mean_squared_error needs an output layer of 1 unit, since the data "
                          "has one target per sample, but it has %d; end --layers with 1"),
                        output->units);
  if (run->loss_kind == NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY && output->units < n_classes)
    return usage_error (error,
                        _("the output layer has %d units, but the data has %d classes; "
                          "sparse_categorical_crossentropy needs one unit per class, so end "
                          "--layers with %d:linear"),
                        output->units, n_classes, n_classes);

  run->loss_chosen = chose_loss;
  return TRUE;
}

/* Tells which loss was chosen without --loss, since it decides what the
 * numbers mean. */
static void
print_chosen_loss (const TrainRun *run)
{
  g_autofree char *message = NULL;

  if (!run->loss_chosen)
    return;

  if (run->loss.kind == NRT_LOSS_MEAN_SQUARED_ERROR)
    message = g_strdup_printf (_("no --loss given: using %s for numeric targets"),
                               nrt_loss_name (run->loss.kind));
  else
    message = g_strdup_printf (_("no --loss given: using %s%s for %d classes"),
                               nrt_loss_name (run->loss.kind),
                               run->loss.from_logits ? " --from-logits" : "",
                               run->data->n_classes);
  g_printerr ("neurite-cli: %s\n", message);
}

static gboolean
build_model (TrainRun *run, GError **error)
{
  NrtError err = { 0 };

  run->model = nrt_model_new (run->data->n_features, run->layers, run->n_layers, &err);
  if (run->model == NULL)
    return usage_error (error, "%s", err.message);
  nrt_model_set_log_func (run->model, log_core_message, NULL);

  if (nrt_model_compile (run->model, &run->loss, &run->optimizer, &err) != NRT_OK)
    return usage_error (error, "%s", err.message);
  if (nrt_loss_check_targets (&run->loss, nrt_model_get_n_outputs (run->model), run->data->y,
                              run->data->n_samples, &err) != NRT_OK)
    return usage_error (error, "%s", err.message);
  nrt_model_init_weights (run->model, run->seed);
  return TRUE;
}

static int
on_fit_event (NrtFitEvent event, const NrtLogs *logs, void *user_data)
{
  TrainRun *run = user_data;

  if (event == NRT_FIT_BATCH_END)
    {
      nrt_cli_progress_update (run->progress, logs);
      return 0;
    }

  /* The history's columns follow the metrics the core computed. */
  if (run->history == NULL)
    run->history = nrt_cli_history_new (logs->has_accuracy, logs->has_validation);
  nrt_cli_history_append (run->history, logs);
  run->epochs_done = logs->epoch + 1;

  nrt_cli_progress_end_epoch (run->progress, logs);
  if (logs->epoch + 1 < run->epochs)
    nrt_cli_progress_begin_epoch (run->progress, logs->epoch + 1);
  return 0;
}

/* Returns the width of the terminal on stdout in columns, or 80. */
static int
get_terminal_columns (void)
{
  struct winsize size;

  if (ioctl (STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return size.ws_col;
  return 80;
}

/* Runs the training; returns an NrtCliExit, having printed any error. */
static int
run_fit (const TrainArgs *args, TrainRun *run)
{
  NrtFitConfig config = nrt_fit_config_default ();
  NrtError err = { 0 };
  NrtStatus status;
  gboolean dynamic = isatty (STDOUT_FILENO);
  struct sigaction action = { 0 };
  struct sigaction previous;
  int exit_status = NRT_CLI_EXIT_OK;

  config.epochs = run->epochs;
  config.batch_size = run->batch_size;
  config.shuffle = run->shuffle;
  config.seed = run->seed;
  config.validation = run->validation;
  config.cancel = &interrupted;

  /* The first Ctrl+C stops the training between two batches so that the
   * history is kept; SA_RESETHAND lets a second one end the process. A
   * SIGINT that the shell set to be ignored, as for a background job,
   * stays ignored. */
  action.sa_handler = handle_sigint;
  action.sa_flags = SA_RESETHAND;
  sigemptyset (&action.sa_mask);
  sigaction (SIGINT, NULL, &previous);
  if (previous.sa_handler != SIG_IGN)
    sigaction (SIGINT, &action, NULL);

  run->progress = nrt_cli_progress_new (stdout, run->epochs, dynamic,
                                        dynamic ? get_terminal_columns () : 0);
  nrt_cli_progress_begin_epoch (run->progress, 0);
  status = nrt_model_fit (run->model, run->train, &config, on_fit_event, run, &err);
  nrt_cli_progress_finish (run->progress);
  sigaction (SIGINT, &previous, NULL);

  if (status == NRT_ERROR_CANCELLED)
    {
      g_autofree char *message =
        g_strdup_printf (_("training interrupted in epoch %d of %d"),
                         run->epochs_done + 1, run->epochs);
      print_error (message);
      exit_status = NRT_CLI_EXIT_INTERRUPTED;
    }
  else if (status != NRT_OK)
    {
      /* The core's message names the epoch, the batch and the cause. */
      g_autofree char *message = g_strdup_printf (_("training stopped: %s"), err.message);
      print_error (message);
      exit_status = NRT_CLI_EXIT_FAILURE;
    }

  /* The history is written whatever happened, so that a stopped run keeps
   * the epochs it finished. */
  if (args->history_path != NULL)
    {
      g_autoptr (GError) error = NULL;

      if (run->history == NULL)
        run->history = nrt_cli_history_new (run->loss.kind != NRT_LOSS_MEAN_SQUARED_ERROR,
                                            run->validation != NULL);
      if (!nrt_cli_history_write (run->history, args->history_path, &error))
        {
          print_error (error->message);
          if (exit_status == NRT_CLI_EXIT_OK)
            exit_status = NRT_CLI_EXIT_FAILURE;
        }
    }

  return exit_status;
}

int
nrt_cli_train (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  TrainArgs args = { 0 };
  TrainRun run = { 0 };
  int exit_status;

  /* GOptionContext's usage line is "Usage: PRGNAME [OPTION…]". */
  g_set_prgname ("neurite-cli train");
  context = create_option_context (&args);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr (_("neurite-cli: %s; run “neurite-cli train --help” to list the options\n"),
                  error->message);
      train_args_clear (&args);
      return NRT_CLI_EXIT_USAGE;
    }
  if (argc > 1)
    {
      g_printerr (_("neurite-cli: unexpected argument “%s”; the train command takes "
                    "only options\n"), argv[1]);
      train_args_clear (&args);
      return NRT_CLI_EXIT_USAGE;
    }

  if (!resolve_args (&args, &run, &error)
      || !load_data (&args, &run, &error)
      || !split_validation (&run, &error)
      || !fit_model_to_data (&run, &error)
      || !build_model (&run, &error))
    {
      print_error (error->message);
      exit_status = g_error_matches (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE)
                    ? NRT_CLI_EXIT_USAGE : NRT_CLI_EXIT_FAILURE;
    }
  else
    {
      print_chosen_loss (&run);
      exit_status = run_fit (&args, &run);
    }

  train_run_clear (&run);
  train_args_clear (&args);
  return exit_status;
}
