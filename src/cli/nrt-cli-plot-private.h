/* nrt-cli-plot-private.h: the options of "neurite-cli plot", shared by the
 * command and the parsing of its option values. */
#pragma once

#include <glib.h>

#include "plot/nrt-plot.h"

G_BEGIN_DECLS

typedef enum {
  NRT_CLI_PLOT_VIEW_NETWORK,
  NRT_CLI_PLOT_VIEW_GRAPH,
  NRT_CLI_PLOT_VIEW_LOSS,
  NRT_CLI_PLOT_VIEW_REGIONS,
  NRT_CLI_PLOT_VIEW_CONFUSION,
  NRT_CLI_PLOT_VIEW_METRICS,
  NRT_CLI_PLOT_VIEW_COUNT
} NrtCliPlotView;

/* The option values as typed; NULL when absent. */
typedef struct {
  char *view;
  char *output;
  char *width;
  char *height;
  char *scale;
  char *theme;
  char *project;
  gboolean verbose;
} NrtCliPlotArgs;

/* The plot options, checked. A size of 0 means the view's default. */
typedef struct {
  NrtCliPlotView view;
  const char *output;           /* borrowed from the arguments */
  const char *project;          /* NULL unless --project */
  int width;
  int height;
  double scale;                 /* 1 unless --scale */
  NrtPlotThemeKind theme;
  gboolean verbose;
} NrtCliPlotChoice;

const char *nrt_cli_plot_view_name (NrtCliPlotView view);

/* Checks every plot option of args into choice, without reading any file.
 * Returns FALSE with NRT_CLI_ERROR_USAGE naming the option and the value,
 * or NRT_CLI_ERROR_FAILED when the output's folder cannot be written. */
gboolean nrt_cli_plot_resolve_args (const NrtCliPlotArgs *args, NrtCliPlotChoice *choice,
                                    GError **error);

void nrt_cli_plot_args_clear (NrtCliPlotArgs *args);

G_END_DECLS
