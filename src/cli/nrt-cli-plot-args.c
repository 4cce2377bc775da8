/* nrt-cli-plot-args.c: checking the option values of "neurite-cli plot". */
#define G_LOG_DOMAIN "neurite-cli"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "nrt-cli-file.h"
#include "nrt-cli-options.h"
#include "nrt-cli-plot-private.h"

/* The size range of nrt_plot_export. */
#define MAX_SIDE 32767

static const char *const view_names[NRT_CLI_PLOT_VIEW_COUNT] = {
  [NRT_CLI_PLOT_VIEW_NETWORK] = "network",
  [NRT_CLI_PLOT_VIEW_GRAPH] = "graph",
  [NRT_CLI_PLOT_VIEW_LOSS] = "loss",
  [NRT_CLI_PLOT_VIEW_REGIONS] = "regions",
  [NRT_CLI_PLOT_VIEW_CONFUSION] = "confusion",
  [NRT_CLI_PLOT_VIEW_METRICS] = "metrics",
};

/* The scale range of nrt_plot_export_with_options. */
static const NrtCliRange scale_range = { 0.25, 8, FALSE, FALSE, N_("a number from 0.25 to 8") };

const char *
nrt_cli_plot_view_name (NrtCliPlotView view)
{
  g_return_val_if_fail (view < NRT_CLI_PLOT_VIEW_COUNT, NULL);

  return view_names[view];
}

void
nrt_cli_plot_args_clear (NrtCliPlotArgs *args)
{
  g_free (args->view);
  g_free (args->output);
  g_free (args->width);
  g_free (args->height);
  g_free (args->scale);
  g_free (args->theme);
  g_free (args->project);
  *args = (NrtCliPlotArgs) { 0 };
}

static char *
list_views (void)
{
  GString *names = g_string_new (NULL);

  for (int i = 0; i < NRT_CLI_PLOT_VIEW_COUNT; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", view_names[i]);
  return g_string_free (names, FALSE);
}

static gboolean
resolve_view (const char *text, NrtCliPlotView *view, GError **error)
{
  g_autofree char *names = list_views ();

  if (text == NULL)
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                   _("Missing --view: give one of %s"), names);
      return FALSE;
    }
  for (int i = 0; i < NRT_CLI_PLOT_VIEW_COUNT; i++)
    if (strcmp (text, view_names[i]) == 0)
      {
        *view = i;
        return TRUE;
      }
  g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
               _("Unknown view “%s” for --view; expected one of %s"), text, names);
  return FALSE;
}

/* Checks --output, then --scale against its format: a vector format has
 * no pixels to multiply. */
static gboolean
resolve_output_and_scale (const NrtCliPlotArgs *args, NrtCliPlotChoice *choice,
                          GError **error)
{
  g_autoptr (GError) format_error = NULL;
  g_autofree char *example = NULL;
  NrtPlotFormat format;

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
  if (!nrt_plot_format_from_path (args->output, &format, &format_error))
    {
      /* The message names the file, the extension and the valid ones. */
      g_set_error_literal (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE, format_error->message);
      return FALSE;
    }

  choice->scale = 1;
  if (args->scale != NULL
      && !nrt_cli_parse_double ("--scale", args->scale, &scale_range, &choice->scale, error))
    return FALSE;
  if (choice->scale != 1 && format != NRT_PLOT_FORMAT_PNG)
    {
      g_autofree char *display_name = g_filename_display_name (args->output);

      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                   _("Invalid value “%s” for --scale: “%s” is a vector file (SVG or PDF), "
                     "which has no pixels to scale; leave out --scale, or write a .png "
                     "file"),
                   args->scale, display_name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
resolve_theme (const char *text, NrtPlotThemeKind *theme, GError **error)
{
  *theme = NRT_PLOT_THEME_LIGHT;
  if (text == NULL || strcmp (text, "light") == 0)
    return TRUE;
  if (strcmp (text, "dark") == 0)
    {
      *theme = NRT_PLOT_THEME_DARK;
      return TRUE;
    }
  g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
               _("Unknown theme “%s” for --theme; expected light or dark"), text);
  return FALSE;
}

gboolean
nrt_cli_plot_resolve_args (const NrtCliPlotArgs *args, NrtCliPlotChoice *choice,
                           GError **error)
{
  *choice = (NrtCliPlotChoice) { 0 };
  choice->verbose = args->verbose;

  if (!resolve_view (args->view, &choice->view, error)
      || !resolve_output_and_scale (args, choice, error)
      || !resolve_theme (args->theme, &choice->theme, error))
    return FALSE;

  if (args->width != NULL
      && !nrt_cli_parse_int ("--width", args->width, 1, MAX_SIDE, &choice->width, error))
    return FALSE;
  if (args->height != NULL
      && !nrt_cli_parse_int ("--height", args->height, 1, MAX_SIDE, &choice->height, error))
    return FALSE;

  if (args->project != NULL && args->project[0] == '\0')
    {
      g_set_error_literal (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                           _("Invalid value “” for --project: give a file saved by train "
                             "--save, such as --project model.neurite"));
      return FALSE;
    }
  choice->project = args->project;
  return TRUE;
}
