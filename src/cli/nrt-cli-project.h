/* nrt-cli-project.h: train's --project and --save, which resume a run from
 * a project file and write one after the training. */
#pragma once

#include <glib.h>

#include "nrt-cli-model-options.h"
#include "nrt-cli-run.h"

G_BEGIN_DECLS

/* Checks args as nrt_cli_project_prepare does, for a command that reads
 * the project without its data. Returns FALSE with NRT_CLI_ERROR_USAGE. */
gboolean nrt_cli_project_check_options (const NrtCliModelArgs *args, GError **error);

/* Prepares run from the project file at path instead of the data, model
 * and training options, which must be absent except --epochs (the epochs
 * to run after the saved ones). Checks that a CSV file is unchanged, loads
 * the data, splits it as the saved run did and restores the model, its
 * optimizer state and the history. Returns FALSE with NRT_CLI_ERROR_USAGE
 * for a conflicting option or NRT_CLI_ERROR_FAILED for a file that cannot
 * be read, is damaged, or names a missing or changed data file. */
gboolean nrt_cli_project_prepare (NrtCliRun *run, const char *path, const NrtCliModelArgs *args,
                                  GError **error);

/* Replaces *data with a copy that has the derived features of project
 * appended (dataset.derived_features), as the model's inputs include
 * them. Does nothing for a project without derived features. Returns
 * FALSE with NRT_CLI_ERROR_FAILED, naming data_path, when the data does
 * not have the two features they are computed from. */
gboolean nrt_cli_project_add_derived_features (const NrtProject *project, NrtDataset **data,
                                               const char *data_path, GError **error);

/* Writes the trained run to path as a project file, atomically. The CSV
 * file is saved by its absolute path and SHA-256. */
gboolean nrt_cli_project_save (const NrtCliRun *run, const char *path, GError **error);

G_END_DECLS
