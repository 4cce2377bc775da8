/* nrt-cli-parts.h: the part of the data (training, validation or test) that
 * each row of a prepared run is in. */
#pragma once

#include <glib.h>

#include "core/nrt-dataset.h"
#include "nrt-cli-run.h"

G_BEGIN_DECLS

/* Fills assignment (run->data->n_samples NrtPart values, in file order)
 * with the part of each row, by the rule of nrt_cli_run_split: for a
 * random split (a test part or run->random_split), nrt_dataset_assign3
 * gives the parts of nrt_dataset_split3; otherwise the first rows train
 * and the rest validate. Checks that
 * the parts have the row counts of run's parts. Returns FALSE with
 * NRT_CLI_ERROR_FAILED otherwise. */
gboolean nrt_cli_assign_parts (const NrtCliRun *run, guint8 *assignment, GError **error);

G_END_DECLS
