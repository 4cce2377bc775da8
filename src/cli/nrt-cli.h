/* nrt-cli.h: the commands of neurite-cli and its exit statuses. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses, documented in every command's --help. */
typedef enum {
  NRT_CLI_EXIT_OK = 0,
  NRT_CLI_EXIT_FAILURE = 1,       /* the data could not be read or the training failed */
  NRT_CLI_EXIT_USAGE = 2,         /* the command line is invalid */
  NRT_CLI_EXIT_INTERRUPTED = 130  /* stopped by SIGINT (Ctrl+C), as shells report 128 + 2 */
} NrtCliExit;

/* Runs "neurite-cli train"; argv[0] is "train". Returns an NrtCliExit. */
int nrt_cli_train (int argc, char **argv);

/* Run "neurite-cli summary", "expr" and "plot"; argv[0] is the command's
 * name. Each returns an NrtCliExit. */
int nrt_cli_summary (int argc, char **argv);
int nrt_cli_expr (int argc, char **argv);
int nrt_cli_plot (int argc, char **argv);

/* Runs "neurite-cli export-weights"; argv[0] is "export-weights". Returns
 * an NrtCliExit. */
int nrt_cli_export_weights (int argc, char **argv);

/* Runs "neurite-cli export-code"; argv[0] is "export-code". Returns an
 * NrtCliExit. */
int nrt_cli_export_code (int argc, char **argv);

/* Run "neurite-cli export-history" and "export-data"; argv[0] is the
 * command's name. Each returns an NrtCliExit. */
int nrt_cli_export_history (int argc, char **argv);
int nrt_cli_export_data (int argc, char **argv);

/* Runs "neurite-cli predict"; argv[0] is "predict". Returns an NrtCliExit. */
int nrt_cli_predict (int argc, char **argv);

G_END_DECLS
