/* nrt-import-dialog-actions.c: the import dialog's actions, the options
 * and roles they set, and what derives from them: the summaries, the reason
 * Import is disabled and which actions are enabled.
 *
 * Every choice is a stateful action in the group "import", which the
 * dialog's check buttons use through their action-name:
 *   import.delimiter (s)      "comma", "semicolon" or "tab"
 *   import.header (b)         the first row contains the column names
 *   import.decimal-comma (b)  "1,5" is 1.5
 *   import.missing (s)        "error" (no choice yet), "drop" or "mean"
 *   import.task (s)           "classification" or "regression"
 * Activating a boolean one toggles it, and D-Bus callers set its state
 * with SetState. These are plain actions:
 *   import.label (s)          makes the named column the only label
 *   import.role ((ss))        sets a column's role: "feature", "label" or "ignored"
 *   import.scan, import.load, import.cancel, import.close
 *
 * GtkApplication exports only the application's and the windows' own
 * groups on D-Bus. So the dialog exports this group itself, on the
 * application's connection, at the window's object path plus "/import". */
#define G_LOG_DOMAIN "neurite-import"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "nrt-import-dialog-private.h"

static const struct {
  const char *name;
  char delimiter;
} delimiters[] = {
  { "comma", ',' },
  { "semicolon", ';' },
  { "tab", '\t' },
};

static const char *
delimiter_name (char delimiter)
{
  for (guint i = 0; i < G_N_ELEMENTS (delimiters); i++)
    if (delimiters[i].delimiter == delimiter)
      return delimiters[i].name;
  return "comma";
}

static const char *const missing_names[] = { "error", "drop", "mean" };
static const char *const role_names[] = { "feature", "label", "ignored" };

static int
find_name (const char *const *names, int n, const char *name)
{
  for (int i = 0; i < n; i++)
    if (g_str_equal (names[i], name))
      return i;
  return -1;
}

static void
set_state (NrtImportDialog *self, const char *name, GVariant *value)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);

  self->updating++;
  g_simple_action_set_state (G_SIMPLE_ACTION (action), value);
  self->updating--;
}

static void
set_enabled (NrtImportDialog *self, const char *name, gboolean enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static int
find_column (NrtImportDialog *self, const char *name)
{
  const NrtCsvScan *columns = nrt_import_dialog_get_current_columns (self);

  if (columns == NULL)
    return -1;
  for (int i = 0; i < columns->n_columns && i < self->n_roles; i++)
    if (g_str_equal (columns->columns[i].name, name))
      return i;
  return -1;
}

/* Fills the labels and features of options from the roles, and the rest
 * from the dialog's options. Columns are named by position when the file
 * has no header, which the reader accepts for any column. A task the person
 * did not choose is left to the reader's detection, whose report then gives
 * its reason. */
void
nrt_import_dialog_fill_job_options (NrtImportDialog *self, NrtCsvOptions *options)
{
  const NrtCsvScan *columns = nrt_import_dialog_get_current_columns (self);
  g_autoptr (GStrvBuilder) labels = g_strv_builder_new ();
  g_autoptr (GStrvBuilder) features = g_strv_builder_new ();

  *options = self->options;
  if (!self->task_chosen)
    options->task = NRT_CSV_TASK_DETECT;
  for (int i = 0; columns != NULL && i < self->n_roles && i < columns->n_columns; i++)
    {
      g_autofree char *position = g_strdup_printf ("%d", i + 1);
      const char *name = columns->has_header ? columns->columns[i].name : position;

      if (self->roles[i] == NRT_IMPORT_ROLE_LABEL)
        g_strv_builder_add (labels, name);
      else if (self->roles[i] == NRT_IMPORT_ROLE_FEATURE)
        g_strv_builder_add (features, name);
    }
  options->labels = g_strv_builder_end (labels);
  options->features = g_strv_builder_end (features);
}

/* Recomputes what derives from the options, the roles and the scan: the
 * file summary, the task guess, the missing-value summary, the reason Import
 * is disabled and which actions are enabled. */
void
nrt_import_dialog_update_state (NrtImportDialog *self)
{
  g_autofree char *basename = g_path_get_basename (self->path);
  g_autofree char *summary = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *missing_text = NULL;
  g_autofree char *missing_blocker = NULL;
  g_autofree char *blocker = NULL;
  gboolean busy = self->job != NULL;
  gboolean has_missing = FALSE;

  /* Step 1: the file. */
  if (self->scan != NULL)
    {
      g_autofree char *rows = g_strdup_printf (ngettext ("%" G_GINT64_FORMAT " data row",
                                                         "%" G_GINT64_FORMAT " data rows",
                                                         (gulong) self->scan->n_rows),
                                               self->scan->n_rows);

      summary = g_strdup_printf (ngettext ("%s: %s, %d column", "%s: %s, %d columns",
                                           self->scan->n_columns),
                                 basename, rows, self->scan->n_columns);
    }
  else
    summary = g_strdup (basename);
  gtk_label_set_label (self->file_label, summary);

  /* Step 2: the task, guessed from the label columns until the person
   * chooses one. */
  if (self->scan != NULL && nrt_import_dialog_count_roles (self, NRT_IMPORT_ROLE_LABEL) > 0)
    {
      NrtCsvTask guess = nrt_import_dialog_guess_task (self, &reason);

      if (!self->task_chosen)
        {
          self->options.task = guess;
          set_state (self, "task", g_variant_new_string (guess == NRT_CSV_TASK_REGRESSION
                                                         ? "regression" : "classification"));
        }
    }
  gtk_label_set_label (self->task_label, reason != NULL ? reason : "");

  /* Step 3: missing values, and what Import waits for. */
  missing_text = nrt_import_dialog_describe_missing (self, &missing_blocker, &has_missing);
  gtk_label_set_label (self->missing_label, missing_text != NULL ? missing_text : "");
  blocker = nrt_import_dialog_dup_blocker (self, missing_blocker);
  gtk_label_set_label (self->blocker_label, blocker != NULL ? blocker : "");

  /* Step 4: actions. The parsing options stay available during a scan,
   * which they restart, but not during a load. */
  set_enabled (self, "load", blocker == NULL);
  set_enabled (self, "cancel", busy);
  set_enabled (self, "scan", !busy && self->preview != NULL && self->scan == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->scan_button), !busy && self->scan == NULL);
  set_enabled (self, "delimiter", !(busy && self->job->is_load));
  set_enabled (self, "header", !(busy && self->job->is_load));
  set_enabled (self, "decimal-comma", !(busy && self->job->is_load));
  set_enabled (self, "missing", !(busy && self->job->is_load) && has_missing);
  if (self->scan == NULL)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->missing_box),
                                 _("Available once the scan of the whole file has counted "
                                   "the missing values."));
  else if (!has_missing)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->missing_box),
                                 _("No value is missing or non-numeric in the columns to "
                                   "import, so there are no rows to drop and no values to "
                                   "fill."));
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->missing_box), NULL);
  set_enabled (self, "task", !(busy && self->job->is_load));
  gtk_widget_set_visible (GTK_WIDGET (self->progress_box), busy);
}

/* Gives every column the feature role and the last one the label role, the
 * reader's default. */
static void
reset_roles (NrtImportDialog *self, int n_columns)
{
  g_free (self->roles);
  self->roles = g_new0 (NrtImportRole, n_columns);
  self->n_roles = n_columns;
  if (n_columns > 0)
    self->roles[n_columns - 1] = NRT_IMPORT_ROLE_LABEL;
}

/* Reads the first rows again under the current parsing options, redraws
 * the preview and starts a scan of the whole file. What the options leave
 * to detection is fixed to what the preview detected, and shown. */
void
nrt_import_dialog_reparse (NrtImportDialog *self)
{
  g_autoptr (GError) error = NULL;
  NrtCsvScan *preview;

  nrt_import_dialog_cancel_job (self);
  g_clear_pointer (&self->scan, nrt_csv_scan_free);
  g_clear_pointer (&self->preview, nrt_csv_scan_free);
  nrt_import_dialog_hide_error (self);

  /* No parsing option turns binary data into a table. */
  if (self->binary_problem != NULL)
    {
      nrt_import_dialog_show_error (self, self->binary_problem);
      nrt_import_dialog_rebuild_preview (self);
      nrt_import_dialog_rebuild_columns (self);
      nrt_import_dialog_update_state (self);
      return;
    }

  preview = nrt_csv_preview (self->path, &self->options, NRT_IMPORT_DIALOG_PREVIEW_ROWS, &error);
  if (preview == NULL)
    {
      nrt_import_dialog_show_error (self, error->message);
      nrt_import_dialog_rebuild_preview (self);
      nrt_import_dialog_rebuild_columns (self);
      nrt_import_dialog_update_state (self);
      return;
    }
  self->preview = preview;

  self->options.delimiter = preview->delimiter;
  self->options.header = preview->has_header ? NRT_CSV_HEADER_YES : NRT_CSV_HEADER_NO;
  self->options.decimal_comma = preview->decimal_comma ? 1 : 0;
  set_state (self, "delimiter", g_variant_new_string (delimiter_name (preview->delimiter)));
  set_state (self, "header", g_variant_new_boolean (preview->has_header));
  set_state (self, "decimal-comma", g_variant_new_boolean (preview->decimal_comma));

  if (self->n_roles != preview->n_columns)
    reset_roles (self, preview->n_columns);
  nrt_import_dialog_rebuild_preview (self);
  nrt_import_dialog_rebuild_columns (self);
  nrt_import_dialog_start_scan (self);
  nrt_import_dialog_update_state (self);
}

static void
delimiter_change_state (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  NrtImportDialog *self = NRT_IMPORT_DIALOG (user_data);
  const char *name = g_variant_get_string (value, NULL);

  if (self->updating > 0)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (delimiters); i++)
    {
      if (!g_str_equal (delimiters[i].name, name))
        continue;
      g_simple_action_set_state (action, value);
      self->options.delimiter = delimiters[i].delimiter;
      /* The decimal separator depends on the delimiter, so it is detected again. */
      self->options.decimal_comma = -1;
      nrt_import_dialog_reparse (self);
      return;
    }
  g_warning ("Unknown delimiter “%s”: expected comma, semicolon or tab", name);
}

static void
header_change_state (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  NrtImportDialog *self = NRT_IMPORT_DIALOG (user_data);

  if (self->updating > 0)
    return;
  g_simple_action_set_state (action, value);
  self->options.header = g_variant_get_boolean (value) ? NRT_CSV_HEADER_YES : NRT_CSV_HEADER_NO;
  nrt_import_dialog_reparse (self);
}

static void
decimal_comma_change_state (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  NrtImportDialog *self = NRT_IMPORT_DIALOG (user_data);

  if (self->updating > 0)
    return;
  g_simple_action_set_state (action, value);
  self->options.decimal_comma = g_variant_get_boolean (value) ? 1 : 0;
  nrt_import_dialog_reparse (self);
}

static void
missing_change_state (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  NrtImportDialog *self = NRT_IMPORT_DIALOG (user_data);
  const char *name = g_variant_get_string (value, NULL);
  int index = find_name (missing_names, G_N_ELEMENTS (missing_names), name);

  if (self->updating > 0)
    return;
  if (index < 0)
    {
      g_warning ("Unknown choice for missing values “%s”: expected error, drop or mean", name);
      return;
    }
  g_simple_action_set_state (action, value);
  self->options.missing = (NrtCsvMissing) index;
  nrt_import_dialog_update_state (self);
}

static void
task_change_state (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  NrtImportDialog *self = NRT_IMPORT_DIALOG (user_data);
  const char *name = g_variant_get_string (value, NULL);

  if (self->updating > 0)
    return;
  if (g_str_equal (name, "classification"))
    self->options.task = NRT_CSV_TASK_CLASSIFICATION;
  else if (g_str_equal (name, "regression"))
    self->options.task = NRT_CSV_TASK_REGRESSION;
  else
    {
      g_warning ("Unknown task “%s”: expected classification or regression", name);
      return;
    }
  g_simple_action_set_state (action, value);
  self->task_chosen = TRUE;
  nrt_import_dialog_update_state (self);
}

static void
set_role (NrtImportDialog *self, int column, NrtImportRole role)
{
  self->roles[column] = role;
  if (self->role_dropdowns != NULL && self->role_dropdowns[column] != NULL)
    {
      self->updating++;
      gtk_drop_down_set_selected (self->role_dropdowns[column], role);
      self->updating--;
    }
}

/* Updates what depends on the roles after one changes. */
static void
roles_changed (NrtImportDialog *self)
{
  nrt_import_dialog_update_details (self);
  nrt_import_dialog_update_state (self);
}

static void
label_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  NrtImportDialog *self = NRT_IMPORT_DIALOG (user_data);
  const char *name = g_variant_get_string (parameter, NULL);
  int column = find_column (self, name);

  if (column < 0)
    {
      g_autofree char *message = g_strdup_printf (_("No column is named “%s”."), name);

      nrt_import_dialog_show_error (self, message);
      return;
    }
  for (int i = 0; i < self->n_roles; i++)
    if (self->roles[i] == NRT_IMPORT_ROLE_LABEL)
      set_role (self, i, NRT_IMPORT_ROLE_FEATURE);
  set_role (self, column, NRT_IMPORT_ROLE_LABEL);
  roles_changed (self);
}

static void
role_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  NrtImportDialog *self = NRT_IMPORT_DIALOG (user_data);
  const char *name = NULL;
  const char *role_name = NULL;
  int column, role;

  g_variant_get (parameter, "(&s&s)", &name, &role_name);
  column = find_column (self, name);
  role = find_name (role_names, G_N_ELEMENTS (role_names), role_name);
  if (column < 0 || role < 0)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("Cannot give column “%s” the role “%s”: expected an "
                                   "existing column and feature, label or ignored."),
                                 name, role_name);
      nrt_import_dialog_show_error (self, message);
      return;
    }
  set_role (self, column, role);
  roles_changed (self);
}

/* The column table's role drop-down. */
static void
role_selected_cb (GtkDropDown *dropdown, GParamSpec *pspec, NrtImportDialog *self)
{
  int column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dropdown), "column"));
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->updating > 0 || column >= self->n_roles || selected > NRT_IMPORT_ROLE_IGNORED)
    return;
  self->roles[column] = selected;
  roles_changed (self);
}

GtkDropDown *
nrt_import_dialog_new_role_dropdown (NrtImportDialog *self, int column)
{
  static const char *const role_titles[] = { N_("Feature"), N_("Label"), N_("Ignored"), NULL };
  const char *titles[G_N_ELEMENTS (role_titles)];
  GtkDropDown *dropdown;

  for (guint i = 0; i < G_N_ELEMENTS (role_titles); i++)
    titles[i] = role_titles[i] != NULL ? _(role_titles[i]) : NULL;
  dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (titles));
  gtk_drop_down_set_selected (dropdown, self->roles[column]);
  g_object_set_data (G_OBJECT (dropdown), "column", GINT_TO_POINTER (column));
  g_signal_connect_object (dropdown, "notify::selected", G_CALLBACK (role_selected_cb), self, 0);
  return dropdown;
}

static void
scan_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  NrtImportDialog *self = NRT_IMPORT_DIALOG (user_data);

  if (self->job == NULL && self->preview != NULL)
    {
      nrt_import_dialog_start_scan (self);
      nrt_import_dialog_update_state (self);
    }
}

static void
load_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  NrtImportDialog *self = NRT_IMPORT_DIALOG (user_data);

  nrt_import_dialog_hide_error (self);
  nrt_import_dialog_start_load (self);
  nrt_import_dialog_update_state (self);
}

static void
cancel_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  NrtImportDialog *self = NRT_IMPORT_DIALOG (user_data);

  nrt_import_dialog_cancel_job (self);
  nrt_import_dialog_update_state (self);
}

static void
close_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  gtk_window_destroy (GTK_WINDOW (user_data));
}

static const GActionEntry import_actions[] = {
  { "delimiter", NULL, "s", "'comma'", delimiter_change_state },
  { "header", NULL, NULL, "true", header_change_state },
  { "decimal-comma", NULL, NULL, "false", decimal_comma_change_state },
  { "missing", NULL, "s", "'error'", missing_change_state },
  { "task", NULL, "s", "'classification'", task_change_state },
  { "label", label_activated, "s" },
  { "role", role_activated, "(ss)" },
  { "scan", scan_activated },
  { "load", load_activated },
  { "cancel", cancel_activated },
  { "close", close_activated },
};

/* Creates the action group and inserts it into the dialog as "import". */
void
nrt_import_dialog_init_actions (NrtImportDialog *self)
{
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), import_actions,
                                   G_N_ELEMENTS (import_actions), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "import", G_ACTION_GROUP (self->actions));
}

char *
nrt_import_dialog_dup_dbus_path (GtkWindow *parent)
{
  GtkApplication *application;
  const char *base;

  if (!GTK_IS_APPLICATION_WINDOW (parent))
    return NULL;
  application = gtk_window_get_application (parent);
  if (application == NULL)
    return NULL;
  base = g_application_get_dbus_object_path (G_APPLICATION (application));
  if (base == NULL)
    return NULL;
  return g_strdup_printf ("%s/window/%u/import", base,
                          gtk_application_window_get_id (GTK_APPLICATION_WINDOW (parent)));
}

void
nrt_import_dialog_export_actions (NrtImportDialog *self, GtkWindow *parent)
{
  g_autofree char *path = nrt_import_dialog_dup_dbus_path (parent);
  g_autoptr (GError) error = NULL;
  GApplication *application;

  if (path == NULL)
    return;
  application = G_APPLICATION (gtk_window_get_application (parent));
  self->dbus_connection = g_application_get_dbus_connection (application);
  if (self->dbus_connection == NULL)
    return;
  g_object_ref (self->dbus_connection);

  self->dbus_export_id = g_dbus_connection_export_action_group (self->dbus_connection, path,
                                                                G_ACTION_GROUP (self->actions),
                                                                &error);
  if (self->dbus_export_id == 0)
    g_warning ("Could not export the import dialog's actions at %s: %s", path, error->message);
}
