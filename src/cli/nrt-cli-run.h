/* nrt-cli-run.h: one training run from checked options: the data, the
 * compiled model and the fit, as train and plot perform it. */
#pragma once

#include <glib.h>

#include "core/nrt-dataset.h"
#include "core/nrt-loss.h"
#include "core/nrt-model.h"
#include "io/nrt-csv.h"
#include "io/nrt-project.h"
#include "nrt-cli-history.h"
#include "nrt-cli-model-options.h"

G_BEGIN_DECLS

/* Everything one run needs; nrt_cli_run_clear frees it. */
typedef struct {
  NrtCliDataChoice data_choice;
  NrtCliModelChoice model_choice;     /* layers filled in from the data when prepared */
  NrtCliTrainingChoice training;

  NrtDataset *data;                   /* as loaded */
  NrtCsvReport *csv_report;           /* what the CSV import changed; NULL for --dataset */
  /* Without --test-split, train is the first rows of data (or data itself)
   * and validation the last validation_split of them, as in Keras. With
   * --test-split, the three parts are drawn at random by nrt_dataset_split3. */
  NrtDataset *train;
  NrtDataset *validation;             /* NULL without --validation-split */
  NrtDataset *test;                   /* NULL without --test-split */
  gboolean random_split;              /* draw the parts at random even without --test-split,
                                       * as a project's fit.split "random" requests */
  gboolean validate_on_test;          /* without a validation part, the history's val_ values
                                       * are the test part's (fit.validation_data "test") */
  unsigned derived_features;          /* NrtDerivedFeatures that data contains */
  NrtLossConfig loss;
  gboolean loss_chosen;               /* no --loss: chosen from the data */
  NrtModel *model;                    /* compiled, with its initial weights */

  NrtCliHistory *history;             /* one row per finished epoch, NULL before the first */
  GArray *logs;                       /* NrtLogs of the same epochs, for --save */
  int epochs_done;                    /* counted from the start, including a project's epochs */
  int initial_epoch;                  /* epochs done before this run: a project's, else 0 */
  NrtProject *project;                /* with --project: the file as loaded, which owns the
                                       * strings that data_choice borrows; its model moved
                                       * to model */
} NrtCliRun;

/* Checks every option of args and builds the model as train does: loads the
 * data, splits off the validation and test parts, completes the layers and the loss
 * from the data, compiles, draws the initial weights from the seed and, with
 * --normalize, adapts the normalization to the training part.
 * --epochs may be as low as min_epochs. Returns FALSE with an NRT_CLI_ERROR
 * set: USAGE for the command line, FAILED when the data cannot be read. */
gboolean nrt_cli_run_prepare (NrtCliRun *run, const NrtCliModelArgs *args, int min_epochs,
                              GError **error);

/* Loads the data that run->data_choice names into run->data; generated
 * data uses run->training.seed. */
gboolean nrt_cli_run_load_data (NrtCliRun *run, GError **error);

/* Splits run->data into the training, validation and test parts that
 * run->training requests, as nrt_cli_run_prepare does, or at random when
 * run->random_split is set. */
gboolean nrt_cli_run_split (NrtCliRun *run, GError **error);

/* Prints on stderr which loss was chosen without --loss, since it decides
 * what the numbers mean. Prints nothing when --loss was given. */
void nrt_cli_run_print_chosen_loss (const NrtCliRun *run);

/* Trains the prepared model for run->training.epochs epochs, from epoch
 * run->initial_epoch on, with Keras's
 * progress display on stdout when show_progress. The first Ctrl+C stops the
 * training between two batches. Returns an NrtCliExit, having printed any
 * error: 130 when interrupted, 1 when the loss became NaN or infinite. In
 * every case run->history contains the finished epochs, and it is never NULL
 * after this call. */
int nrt_cli_run_fit (NrtCliRun *run, gboolean show_progress);

void nrt_cli_run_clear (NrtCliRun *run);

G_END_DECLS
