/* nrt-window-exports.c: what the window writes to files besides projects.
 * That is the visible view as a picture, the history as CSV in the layout
 * of Keras's CSVLogger, the data with the part each row went to, and the
 * Code page's script, which follows the model as it changes.
 *
 * Each export has an action. win.export-history, win.export-data and
 * win.export-code take a path, and for the empty string they open a save
 * dialog. win.export-plot writes a view without a dialog, for D-Bus
 * callers and tests. */
#define G_LOG_DOMAIN "neurite-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "io/nrt-history-csv.h"
#include "io/nrt-split-csv.h"

#include "nrt-dialogs.h"
#include "nrt-export.h"
#include "nrt-window-private.h"

/* While the model changes, the Code page regenerates its script at most
 * once a second, because describing the window builds a model on the UI
 * thread. Copying and saving regenerate it at once. */
#define CODE_REFRESH_INTERVAL_US G_USEC_PER_SEC

/* ---- pictures ---- */

/* The Training page's export: the decision regions on the left, the loss
 * curves on the right. data is the NrtWindow. */
static void
draw_training (cairo_t *cr, double width, double height, gpointer data)
{
  NrtWindow *self = NRT_WINDOW (data);

  cairo_save (cr);
  nrt_regions_view_draw_export (cr, width / 2, height, self->regions_view);
  cairo_restore (cr);
  cairo_save (cr);
  cairo_translate (cr, width / 2, 0);
  nrt_loss_view_draw_export (cr, width / 2, height, self->loss_view);
  cairo_restore (cr);
}

static void
draw_regions (cairo_t *cr, double width, double height, gpointer data)
{
  nrt_regions_view_draw_export (cr, width, height, NRT_WINDOW (data)->regions_view);
}

static void
draw_loss (cairo_t *cr, double width, double height, gpointer data)
{
  nrt_loss_view_draw_export (cr, width, height, NRT_WINDOW (data)->loss_view);
}

/* The Summary page's export: the summary text in a monospace font, in the
 * theme's colours. */
static void
draw_summary (cairo_t *cr, double width, double height, gpointer data)
{
  NrtWindow *self = NRT_WINDOW (data);
  const NrtPlotTheme *theme = nrt_plot_get_theme (cr);
  g_autoptr (PangoLayout) layout = pango_cairo_create_layout (cr);
  g_autoptr (PangoFontDescription) font = pango_font_description_from_string ("Monospace 10");

  cairo_set_source_rgb (cr, theme->background.r, theme->background.g, theme->background.b);
  cairo_paint (cr);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, gtk_label_get_label (self->summary_label), -1);
  cairo_set_source_rgb (cr, theme->text.r, theme->text.g, theme->text.b);
  cairo_move_to (cr, 12, 12);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_network (cairo_t *cr, double width, double height, gpointer data)
{
  nrt_network_view_draw_export (cr, width, height, NRT_WINDOW (data)->network_view);
}

static void
draw_graph (cairo_t *cr, double width, double height, gpointer data)
{
  nrt_graph_view_draw_export (cr, width, height, NRT_WINDOW (data)->graph_view);
}

static void
draw_evaluation (cairo_t *cr, double width, double height, gpointer data)
{
  nrt_metrics_view_draw_export (cr, width, height, NRT_WINDOW (data)->metrics_view);
}

static void
get_widget_size (gpointer widget, int *width, int *height)
{
  *width = MAX (gtk_widget_get_width (GTK_WIDGET (widget)), 1);
  *height = MAX (gtk_widget_get_height (GTK_WIDGET (widget)), 1);
}

/* Fills parts with what the page can export, the whole page first, and
 * returns their number: 0 for a page without pictures. Every part draws
 * with the NrtWindow as its data. */
static int
list_page_parts (NrtWindow *self, const char *page, NrtExportPart parts[3])
{
  int width, height;

  get_widget_size (gtk_stack_get_visible_child (self->view_stack), &width, &height);
  if (g_str_equal (page, "training"))
    {
      parts[0] = (NrtExportPart) { "training", _("Regions and loss"), "training.png", width,
                                   height, draw_training };
      get_widget_size (self->regions_view, &width, &height);
      parts[1] = (NrtExportPart) { "regions", _("Decision regions"), "regions.png", width,
                                   height, draw_regions };
      get_widget_size (self->loss_view, &width, &height);
      parts[2] = (NrtExportPart) { "loss", _("Loss curves"), "loss.png", width, height,
                                   draw_loss };
      return 3;
    }
  if (g_str_equal (page, "evaluation"))
    {
      parts[0] = (NrtExportPart) { "evaluation", _("Evaluation"),
                                   nrt_metrics_view_get_export_name (self->metrics_view),
                                   width, height, draw_evaluation };
      return 1;
    }
  if (g_str_equal (page, "network"))
    {
      get_widget_size (self->network_view, &width, &height);
      parts[0] = (NrtExportPart) { "network", _("Network"), "network.png", width, height,
                                   draw_network };
      return 1;
    }
  if (g_str_equal (page, "graph"))
    {
      get_widget_size (self->graph_view, &width, &height);
      parts[0] = (NrtExportPart) { "graph", _("Computation graph"), "graph.png", width, height,
                                   draw_graph };
      return 1;
    }
  if (g_str_equal (page, "summary"))
    {
      parts[0] = (NrtExportPart) { "summary", _("Summary"), "summary.png", width, height,
                                   draw_summary };
      return 1;
    }
  return 0;
}

/* Returns whether list_page_parts finds parts on page. It runs once a
 * frame, so it only compares names. */
gboolean
nrt_window_page_has_pictures (NrtWindow *self, const char *page)
{
  const char *const pages[] = { "training", "evaluation", "network", "graph", "summary", NULL };

  return page != NULL && g_strv_contains (pages, page);
}

void
nrt_window_export_view (NrtWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->view_stack);
  NrtExportPart parts[3];
  int n_parts;

  if (page == NULL)
    return;

  n_parts = list_page_parts (self, page, parts);
  if (n_parts > 0)
    nrt_export_view_parts (GTK_WINDOW (self), parts, n_parts, g_object_ref (self),
                           g_object_unref);
}

/* Writes the part named part_id of the visible page's parts, such as
 * "regions" on the Training page, without a dialog. */
static gboolean
export_plot (NrtWindow *self, const char *part_id, const char *path, double scale,
             const char *theme, GError **error)
{
  const char *page = gtk_stack_get_visible_child_name (self->view_stack);
  NrtPlotExportOptions options = { 0 };
  NrtExportPart parts[3];
  int n_parts = page != NULL ? list_page_parts (self, page, parts) : 0;

  if (!g_str_equal (theme, "light") && !g_str_equal (theme, "dark"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Unknown theme “%s”: expected light or dark"), theme);
      return FALSE;
    }
  options.scale = scale;
  options.theme = g_str_equal (theme, "dark") ? NRT_PLOT_THEME_DARK : NRT_PLOT_THEME_LIGHT;

  for (int i = 0; i < n_parts; i++)
    if (g_str_equal (parts[i].id, part_id))
      {
        options.width = parts[i].width;
        options.height = parts[i].height;
        return nrt_export_to_file_with_options (path, &options, parts[i].draw_func, self,
                                                error);
      }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _("The page “%s” has no picture “%s”. Show its page first with win.view."),
               page != NULL ? page : "", part_id);
  return FALSE;
}

/* ---- history and data ---- */

gboolean
nrt_window_export_history (NrtWindow *self, const char *path, GError **error)
{
  g_autoptr (NrtProject) project = nrt_window_project_describe (self, error);

  if (project == NULL)
    return FALSE;
  return nrt_history_csv_write ((const NrtLogs *) (gpointer) project->history->data,
                                project->history->len, path, error);
}

/* Writes the window's data with the part of each row, computed as the
 * worker splits the run that the controls start. */
gboolean
nrt_window_export_data (NrtWindow *self, const char *path, GError **error)
{
  g_autoptr (NrtTrainerConfig) config = NULL;
  g_autofree guint8 *assignment = NULL;

  if (self->dataset == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no data yet. Wait until the dataset has loaded."));
      return FALSE;
    }

  /* NOTE: while the output layer and the loss do not suit the data, the
   * window keeps the previous run, whose split may differ from the
   * controls' split written here. */
  config = nrt_window_build_config (self);
  if (config == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not copy the data of the window."));
      return FALSE;
    }

  assignment = g_new0 (guint8, MAX (config->dataset->n_samples, 1));
  if (!nrt_trainer_config_assign_parts (config, assignment, error))
    return FALSE;
  return nrt_split_csv_write (config->dataset, assignment, path, error);
}

/* ---- the Code page ---- */

static gboolean
code_page_visible (NrtWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->view_stack);

  return name != NULL && g_str_equal (name, "code");
}

/* Hands a new description of the window to the Code page. */
static void
refresh_code (NrtWindow *self)
{
  g_autoptr (GError) error = NULL;
  NrtProject *project;
  gint64 start = g_get_monotonic_time ();

  project = nrt_window_project_describe (self, &error);
  nrt_code_view_take_project (self->code_view, project, error != NULL ? error->message : NULL);
  self->code_stale = FALSE;
  self->last_code_refresh = g_get_monotonic_time ();
  g_debug ("Regenerated the code in %" G_GINT64_FORMAT " µs",
           self->last_code_refresh - start);
}

static gboolean
code_refresh_cb (gpointer user_data)
{
  NrtWindow *self = NRT_WINDOW (user_data);

  self->code_refresh_source = 0;
  if (self->code_stale && code_page_visible (self))
    refresh_code (self);
  return G_SOURCE_REMOVE;
}

/* Regenerates the code when it is stale and visible, at once or, within a
 * second of the last time, when that second is over. */
static void
schedule_code_refresh (NrtWindow *self)
{
  gint64 wait_us;

  if (!self->code_stale || self->code_refresh_source != 0 || !code_page_visible (self))
    return;

  wait_us = self->last_code_refresh + CODE_REFRESH_INTERVAL_US - g_get_monotonic_time ();
  self->code_refresh_source = g_timeout_add (wait_us > 0 ? (guint) (wait_us / 1000) : 0,
                                             code_refresh_cb, self);
}

void
nrt_window_code_changed (NrtWindow *self)
{
  self->code_stale = TRUE;
  schedule_code_refresh (self);
}

void
nrt_window_code_page_changed (NrtWindow *self)
{
  schedule_code_refresh (self);
}

void
nrt_window_exports_dispose (NrtWindow *self)
{
  g_clear_handle_id (&self->code_refresh_source, g_source_remove);
}

/* ---- save dialogs and actions ---- */

gboolean
nrt_window_check_export_path (NrtWindow *self, const char *path, gboolean is_project,
                              GError **error)
{
  g_autofree char *display_name = NULL;

  g_return_val_if_fail (NRT_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  display_name = g_filename_display_name (path);
  if (self->csv_path != NULL && nrt_is_same_file (path, self->csv_path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("“%s” is the CSV data file of the window, so writing to it would "
                     "overwrite the data. Choose another file."), display_name);
      return FALSE;
    }
  if (!is_project && self->project_path != NULL && nrt_is_same_file (path, self->project_path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("“%s” is the open project file, so writing to it would overwrite the "
                     "project. Choose another file."), display_name);
      return FALSE;
    }
  return TRUE;
}

typedef gboolean (*ExportFunc) (NrtWindow *self, const char *path, GError **error);

/* Runs export on path and shows a failure in the window's error bar. */
static void
run_export (NrtWindow *self, ExportFunc export, const char *path)
{
  g_autoptr (GError) error = NULL;

  if (nrt_window_check_export_path (self, path, FALSE, &error) && export (self, path, &error))
    {
      g_debug ("Exported to %s", path);
      nrt_window_hide_error (self);
      return;
    }
  g_warning ("Export to %s failed: %s", path, error->message);
  nrt_window_show_error (self, error->message);
}

/* Runs the export on the chosen file and releases the window reference
 * that choose_csv_file took for the dialog. */
static void
csv_chooser_response_cb (GtkNativeDialog *dialog, int response, gpointer user_data)
{
  g_autoptr (NrtWindow) self = NRT_WINDOW (user_data);
  ExportFunc export = g_object_get_data (G_OBJECT (dialog), "export-func");
  gboolean accepted = response == GTK_RESPONSE_ACCEPT;
  g_autoptr (GFile) file = nrt_file_chooser_finish (dialog, response);
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

  if (path != NULL)
    run_export (self, export, path);
  else if (accepted)
    nrt_window_show_error (self, _("Only local files can be written. Choose a folder on "
                                   "this computer."));
}

/* Asks for a CSV file name, then runs export on it. */
static void
choose_csv_file (NrtWindow *self, const char *title, const char *suggested_name,
                 ExportFunc export)
{
  GtkFileChooserNative *chooser;
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested_name);
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);

  g_object_set_data (G_OBJECT (chooser), "export-func", export);
  g_signal_connect (chooser, "response", G_CALLBACK (csv_chooser_response_cb),
                    g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The CSV exports by action name: win.export-history writes the history of
 * the run, win.export-data the data with a "split" column. */
static const struct {
  const char *action_name;
  const char *dialog_title;  /* marked with N_() */
  const char *suggested_name;
  ExportFunc export;
} csv_exports[] = {
  { "export-history", N_("Export History as CSV"), "history.csv", nrt_window_export_history },
  { "export-data", N_("Export Data with Split"), "data-split.csv", nrt_window_export_data },
};

/* win.export-history and win.export-data: the CSV file to the path, or
 * through a save dialog for "". */
static void
export_csv_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  NrtWindow *self = NRT_WINDOW (user_data);
  const char *name = g_action_get_name (G_ACTION (action));
  const char *path = g_variant_get_string (parameter, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (csv_exports); i++)
    {
      if (!g_str_equal (name, csv_exports[i].action_name))
        continue;

      if (*path == '\0')
        choose_csv_file (self, _(csv_exports[i].dialog_title), csv_exports[i].suggested_name,
                         csv_exports[i].export);
      else
        run_export (self, csv_exports[i].export, path);
      return;
    }
  g_warn_if_reached ();
}

static gboolean
export_code (NrtWindow *self, const char *path, GError **error)
{
  /* The newest weights and settings, even when the page is hidden. */
  refresh_code (self);
  return nrt_code_view_save (self->code_view, path, error);
}

/* win.export-code: the Code page's script to the path and its weights
 * beside it, or through the page's save dialog for "". */
static void
export_code_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  NrtWindow *self = NRT_WINDOW (user_data);
  const char *path = g_variant_get_string (parameter, NULL);

  if (*path == '\0')
    {
      refresh_code (self);
      nrt_code_view_save_with_dialog (self->code_view);
    }
  else
    run_export (self, export_code, path);
}

/* win.code-framework: the Code page's framework, "keras", "pytorch" or
 * "numpy", which follows the page's buttons. */
static void
code_framework_change_state (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  NrtWindow *self = NRT_WINDOW (user_data);
  const char *id = g_variant_get_string (value, NULL);
  int framework = nrt_code_framework_from_id (id);

  if (framework < 0)
    {
      g_warning ("Unknown framework “%s”: expected keras, pytorch or numpy", id);
      return;
    }
  /* The view's notify handler updates this state. */
  nrt_code_view_set_framework (self->code_view, (NrtCodeFramework) framework);
}

static void
code_framework_notify_cb (NrtWindow *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "code-framework");
  NrtCodeFramework framework = nrt_code_view_get_framework (self->code_view);

  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action),
                               g_variant_new_string (nrt_code_framework_get_id (framework)));
}

/* win.code-copy: Copy on the Code page. */
static void
code_copy_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  NrtWindow *self = NRT_WINDOW (user_data);

  if (self->code_stale)
    refresh_code (self);
  nrt_code_view_copy (self->code_view);
}

/* win.export-plot: a picture of the visible page without a dialog, for
 * D-Bus callers: (part, path, PNG scale, theme), such as ("regions",
 * "regions.png", 2.0, "dark"). The parts are those of the Export
 * dialog's content choice: training, regions, loss, evaluation, network,
 * graph and summary, each on its page. */
static void
export_plot_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  NrtWindow *self = NRT_WINDOW (user_data);
  g_autoptr (GError) error = NULL;
  const char *part_id, *path, *theme;
  double scale;

  g_variant_get (parameter, "(&s&sd&s)", &part_id, &path, &scale, &theme);
  if (!nrt_window_check_export_path (self, path, FALSE, &error)
      || !export_plot (self, part_id, path, scale, theme, &error))
    {
      g_warning ("Export of %s to %s failed: %s", part_id, path, error->message);
      nrt_window_show_error (self, error->message);
      return;
    }
  nrt_window_hide_error (self);
}

static const GActionEntry export_actions[] = {
  { "export-history", export_csv_activated, "s" },
  { "export-data", export_csv_activated, "s" },
  { "export-code", export_code_activated, "s" },
  { "export-plot", export_plot_activated, "(ssds)" },
  { "code-framework", NULL, "s", "'keras'", code_framework_change_state },
  { "code-copy", code_copy_activated },
};

/* Narrows the view switcher's buttons, which share the width of the
 * widest title, so that the seven pages fit the window's default width of
 * 1200 pixels beside the controls. The rules go to each button and label,
 * because the application loads no style sheet for the display. */
static void
narrow_view_switcher (NrtWindow *self)
{
  g_autoptr (GtkCssProvider) provider = gtk_css_provider_new ();
  const char *css = "button { padding-left: 6px; padding-right: 6px; }"
                    "label { padding-left: 0; padding-right: 0;"
                    "        margin-left: 0; margin-right: 0; }";

  gtk_css_provider_load_from_data (provider, css, -1);
  for (GtkWidget *button = gtk_widget_get_first_child (GTK_WIDGET (self->view_switcher));
       button != NULL; button = gtk_widget_get_next_sibling (button))
    {
      gtk_style_context_add_provider (gtk_widget_get_style_context (button),
                                      GTK_STYLE_PROVIDER (provider),
                                      GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      for (GtkWidget *child = gtk_widget_get_first_child (button); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        gtk_style_context_add_provider (gtk_widget_get_style_context (child),
                                        GTK_STYLE_PROVIDER (provider),
                                        GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    }
}

void
nrt_window_exports_init (NrtWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), export_actions,
                                   G_N_ELEMENTS (export_actions), self);
  g_signal_connect_object (self->code_view, "notify::framework",
                           G_CALLBACK (code_framework_notify_cb), self, G_CONNECT_SWAPPED);
  code_framework_notify_cb (self);
  self->code_stale = TRUE;
  narrow_view_switcher (self);
}
