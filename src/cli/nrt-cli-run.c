/* nrt-cli-run.c: one training run from checked options, shared by train
 * and plot so that both build and train the same model from the same
 * options. */
#define G_LOG_DOMAIN "neurite-cli"

#include "config.h"

#include "nrt-cli-run.h"

#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "core/nrt-fit.h"
#include "io/nrt-csv.h"
#include "nrt-cli-compile.h"
#include "nrt-cli-options.h"
#include "nrt-cli-progress.h"
#include "nrt-cli.h"

/* Set by SIGINT; nrt_model_fit reads it between batches. */
static atomic_int interrupted;

static void
handle_sigint (int signal_number)
{
  atomic_store (&interrupted, 1);
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

gboolean
nrt_cli_run_load_data (NrtCliRun *run, GError **error)
{
  const NrtCliDataChoice *choice = &run->data_choice;
  GError *local_error = NULL;

  if (choice->builtin != NULL)
    run->data = nrt_builtins_load (choice->builtin->id, choice->samples, choice->noise,
                                   run->training.seed, &local_error);
  else
    run->data = nrt_csv_load_with_options (choice->data_path, &choice->csv, NULL, NULL, NULL,
                                           &run->csv_report, &local_error);

  if (run->data == NULL)
    {
      /* Invalid generator settings come from --samples or --noise. */
      int code = g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT)
                 && choice->builtin != NULL
                 ? NRT_CLI_ERROR_USAGE : NRT_CLI_ERROR_FAILED;

      /* The reader's message describes the fix in words. On the command
       * line it is --missing, whose help lists the values each mode handles
       * (labels are dropped, never filled). */
      if (g_error_matches (local_error, NRT_CSV_ERROR, NRT_CSV_ERROR_MISSING_VALUE)
          || g_error_matches (local_error, NRT_CSV_ERROR, NRT_CSV_ERROR_NOT_NUMERIC))
        g_set_error (error, NRT_CLI_ERROR, code, _("%s (option --missing)"),
                     local_error->message);
      else
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
split_validation (NrtCliRun *run, GError **error)
{
  g_autofree int *indices = NULL;
  NrtError err = { 0 };
  double validation_split = run->training.validation_split;
  int n = run->data->n_samples;
  int n_train;

  if (validation_split == 0)
    {
      run->train = run->data;
      return TRUE;
    }

  n_train = (int) floor (n * (1.0 - validation_split));
  if (n_train < 1 || n_train == n)
    return usage_error (error,
                        _("Invalid value “%s” for --validation-split: it leaves %d of %d "
                          "samples for training and %d for validation; each part needs at "
                          "least one sample"),
                        run->training.validation_split_text, n_train, n, n - n_train);

  indices = g_new (int, n);
  for (int i = 0; i < n; i++)
    indices[i] = i;
  run->train = nrt_dataset_subset (run->data, indices, n_train, &err);
  if (run->train != NULL)
    run->validation = nrt_dataset_subset (run->data, indices + n_train, n - n_train, &err);
  if (run->train == NULL || run->validation == NULL)
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                   _("Splitting off the validation data failed: %s"), err.message);
      return FALSE;
    }
  return TRUE;
}

/* Draws the training, validation and test parts at random for
 * --test-split, stratified by class for classification. */
static gboolean
split_with_test (NrtCliRun *run, GError **error)
{
  const NrtCliTrainingChoice *training = &run->training;
  NrtError err = { 0 };
  gboolean stratify = run->data->task == NRT_TASK_CLASSIFICATION;

  if (nrt_dataset_split3 (run->data, training->validation_split, training->test_split,
                          stratify, training->seed, &run->train, &run->validation, &run->test,
                          &err) != NRT_OK)
    {
      /* The core's messages start in lower case and continue the CLI's. */
      if (err.status == NRT_ERROR_NO_MEMORY)
        {
          g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                       _("Splitting the data failed: %s"), err.message);
          return FALSE;
        }
      return usage_error (error, _("Invalid value “%s” for --test-split: %s"),
                          training->test_split_text, err.message);
    }

  if (training->validation_split > 0 && (run->test == NULL || run->validation == NULL))
    return usage_error (error,
                        _("Invalid value “%s” for --test-split: the data has %d samples, too "
                          "few for a training, a validation and a test part of one sample "
                          "each"),
                        training->test_split_text, run->data->n_samples);
  if (run->test == NULL && training->test_split > 0)
    return usage_error (error,
                        _("Invalid value “%s” for --test-split: the data has %d samples, too "
                          "few for a training and a test part of one sample each"),
                        training->test_split_text, run->data->n_samples);
  return TRUE;
}

static gboolean
build_model (NrtCliRun *run, GError **error)
{
  const NrtCliModelChoice *choice = &run->model_choice;
  NrtError err = { 0 };

  /* The core's messages start in lower case and continue the CLI's. */
  run->model = nrt_model_new (run->data->n_features, choice->layers, choice->n_layers, &err);
  if (run->model == NULL)
    return usage_error (error, _("Could not create the model: %s"), err.message);
  nrt_model_set_log_func (run->model, log_core_message, NULL);

  if (nrt_model_compile (run->model, &run->loss, &run->training.optimizer, &err) != NRT_OK)
    return usage_error (error,
                        _("The model, the loss and the optimizer do not fit together: %s"),
                        err.message);
  if (nrt_loss_check_targets (&run->loss, nrt_model_get_n_outputs (run->model), run->data->y,
                              run->data->n_samples, &err) != NRT_OK)
    return usage_error (error, _("The labels do not fit the loss: %s"), err.message);
  nrt_model_init_weights (run->model, run->training.seed);

  /* Adapt to the training split only, so the validation samples stay unseen. */
  if (choice->normalize
      && nrt_model_adapt_normalization (run->model, run->train, &err) != NRT_OK)
    return usage_error (error, _("Could not adapt the normalization: %s"), err.message);
  return TRUE;
}

gboolean
nrt_cli_run_split (NrtCliRun *run, GError **error)
{
  return run->training.test_split > 0 || run->random_split ? split_with_test (run, error)
                                                          : split_validation (run, error);
}

gboolean
nrt_cli_run_prepare (NrtCliRun *run, const NrtCliModelArgs *args, int min_epochs,
                     GError **error)
{
  /* The option values are checked on their own before any data is read. */
  return nrt_cli_resolve_data (args, &run->data_choice, error)
         && nrt_cli_resolve_model (args, &run->model_choice, error)
         && nrt_cli_resolve_training (args, min_epochs, &run->training, error)
         && nrt_cli_run_load_data (run, error)
         && nrt_cli_run_split (run, error)
         && nrt_cli_complete_model (&run->model_choice, &run->training, run->data, &run->loss,
                                    &run->loss_chosen, error)
         && build_model (run, error);
}

void
nrt_cli_run_print_chosen_loss (const NrtCliRun *run)
{
  g_autofree char *message = NULL;

  if (!run->loss_chosen)
    return;

  if (run->data->task == NRT_TASK_REGRESSION)
    message = g_strdup_printf (_("No --loss given: using %s for numeric targets"),
                               nrt_loss_name (run->loss.kind));
  else if (run->data->task == NRT_TASK_MULTILABEL)
    message = g_strdup_printf (_("No --loss given: using %s%s for %d labels"),
                               nrt_loss_name (run->loss.kind),
                               run->loss.from_logits ? " --from-logits" : "",
                               run->data->n_targets);
  else
    message = g_strdup_printf (_("No --loss given: using %s%s for %d classes"),
                               nrt_loss_name (run->loss.kind),
                               run->loss.from_logits ? " --from-logits" : "",
                               run->data->n_classes);
  print_error (message);
}

typedef struct {
  NrtCliRun *run;
  NrtCliProgress *progress;   /* NULL without a progress display */
} FitState;

static int
on_fit_event (NrtFitEvent event, const NrtLogs *logs, void *user_data)
{
  FitState *state = user_data;
  NrtCliRun *run = state->run;

  if (event == NRT_FIT_BATCH_END)
    {
      if (state->progress != NULL)
        nrt_cli_progress_update (state->progress, logs);
      return 0;
    }

  /* The history's columns follow the metrics the core computed. */
  if (run->history == NULL)
    run->history = nrt_cli_history_new (logs->has_accuracy, logs->has_validation);
  nrt_cli_history_append (run->history, logs);
  if (run->logs == NULL)
    run->logs = g_array_new (FALSE, TRUE, sizeof (NrtLogs));
  g_array_append_val (run->logs, *logs);
  run->epochs_done = logs->epoch + 1;

  if (state->progress != NULL)
    {
      nrt_cli_progress_end_epoch (state->progress, logs);
      if (logs->epoch + 1 < run->initial_epoch + run->training.epochs)
        nrt_cli_progress_begin_epoch (state->progress, logs->epoch + 1);
    }
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

int
nrt_cli_run_fit (NrtCliRun *run, gboolean show_progress)
{
  NrtFitConfig config = nrt_fit_config_default ();
  FitState state = { run, NULL };
  NrtError err = { 0 };
  NrtStatus status = NRT_OK;
  gboolean dynamic = isatty (STDOUT_FILENO);
  struct sigaction action = { 0 };
  struct sigaction previous;
  int exit_status = NRT_CLI_EXIT_OK;

  config.epochs = run->training.epochs;
  config.initial_epoch = run->initial_epoch;
  config.batch_size = run->training.batch_size;
  config.shuffle = run->training.shuffle;
  config.seed = run->training.seed;
  config.validation = run->validation;
  if (config.validation == NULL && run->validate_on_test)
    config.validation = run->test;
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

  if (show_progress && run->training.epochs > 0)
    {
      /* A resumed run counts its epochs from the start, as Keras's
       * initial_epoch does: "Epoch 6/10". */
      state.progress = nrt_cli_progress_new (stdout, run->initial_epoch + run->training.epochs,
                                             dynamic, dynamic ? get_terminal_columns () : 0);
      nrt_cli_progress_begin_epoch (state.progress, run->initial_epoch);
    }
  /* --epochs 0, which plot accepts, keeps the initial weights. */
  if (run->training.epochs > 0)
    status = nrt_model_fit (run->model, run->train, &config, on_fit_event, &state, &err);
  if (state.progress != NULL)
    {
      nrt_cli_progress_finish (state.progress);
      nrt_cli_progress_free (state.progress);
    }
  sigaction (SIGINT, &previous, NULL);

  if (status == NRT_ERROR_CANCELLED)
    {
      g_autofree char *message =
        g_strdup_printf (_("Training interrupted in epoch %d of %d"),
                         run->epochs_done + 1, run->initial_epoch + run->training.epochs);
      print_error (message);
      exit_status = NRT_CLI_EXIT_INTERRUPTED;
    }
  else if (status != NRT_OK)
    {
      /* The core's message names the epoch, the batch and the cause. */
      g_autofree char *message = g_strdup_printf (_("Training stopped: %s"), err.message);
      print_error (message);
      exit_status = NRT_CLI_EXIT_FAILURE;
    }

  if (run->history == NULL)
    run->history = nrt_cli_history_new (nrt_loss_is_crossentropy (run->loss.kind),
                                        config.validation != NULL);
  return exit_status;
}

void
nrt_cli_run_clear (NrtCliRun *run)
{
  nrt_cli_data_choice_clear (&run->data_choice);
  g_free (run->model_choice.layers);
  if (run->train != run->data)
    nrt_dataset_free (run->train);
  nrt_dataset_free (run->data);
  nrt_dataset_free (run->validation);
  nrt_dataset_free (run->test);
  g_clear_pointer (&run->csv_report, nrt_csv_report_free);
  nrt_model_free (run->model);
  nrt_cli_history_free (run->history);
  g_clear_pointer (&run->logs, g_array_unref);
  nrt_project_free (run->project);
  *run = (NrtCliRun) { 0 };
}
