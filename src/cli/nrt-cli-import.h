/* nrt-cli-import.h: the CSV import options of --data, checked into the
 * reader's NrtCsvOptions, and the reader's notes on what a load changed. */
#pragma once

#include <glib.h>

#include "io/nrt-csv.h"
#include "nrt-cli-model-options.h"

G_BEGIN_DECLS

/* Returns the name of the first CSV import option given in args, such as
 * "--label", or NULL when none is given. */
const char *nrt_cli_import_first_option (const NrtCliModelArgs *args);

/* Checks the import options of args (--label, --features, --delimiter,
 * --decimal-comma, --no-header, --missing, --task) into data->csv, which
 * starts from the reader's defaults with a header row. Returns FALSE with
 * an NRT_CLI_ERROR_USAGE error naming the option and the value. */
gboolean nrt_cli_resolve_import (const NrtCliModelArgs *args, NrtCliDataChoice *data,
                                 GError **error);

/* Prints each note of report on stderr as "neurite-cli: NOTE", one line
 * each, so that no dropped row or filled value goes unseen. */
void nrt_cli_print_import_notes (const NrtCsvReport *report);

G_END_DECLS
