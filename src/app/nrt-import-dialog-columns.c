/* nrt-import-dialog-columns.c: what the import dialog shows about the
 * file: the preview of the first rows, the table of columns with their
 * roles, kinds and counts, and the task guessed from the label columns. */
#define G_LOG_DOMAIN "neurite-import"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "nrt-import-dialog-private.h"

/* Categories listed in a column's one-hot mapping before "and N more". */
#define MAX_LISTED_CATEGORIES 6

/* Characters of a field shown in the preview before "…". */
#define MAX_PREVIEW_CHARS 24

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

/* Fields come from the file as bytes, so they are made valid UTF-8 before
 * they reach a label. */
static GtkWidget *
cell_label (const char *text, gboolean heading)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GtkWidget *label = gtk_label_new (valid);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  return label;
}

/* A preview cell, cut to MAX_PREVIEW_CHARS characters in place of being
 * ellipsized, since an ellipsized label may shrink to "…" where the grid is
 * wider than its scrolled window. */
static GtkWidget *
preview_label (const char *text, gboolean heading)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_autofree char *shown = NULL;
  GtkWidget *label;

  if (g_utf8_strlen (valid, -1) > MAX_PREVIEW_CHARS)
    {
      g_autofree char *start = g_utf8_substring (valid, 0, MAX_PREVIEW_CHARS - 1);

      shown = g_strconcat (start, "…", NULL);
    }
  label = gtk_label_new (shown != NULL ? shown : valid);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  return label;
}

void
nrt_import_dialog_rebuild_preview (NrtImportDialog *self)
{
  const NrtCsvScan *preview = self->preview;

  clear_grid (self->preview_grid);
  if (preview == NULL)
    return;

  for (int c = 0; c < preview->n_columns; c++)
    gtk_grid_attach (self->preview_grid, preview_label (preview->columns[c].name, TRUE),
                     c, 0, 1, 1);
  for (int r = 0; r < preview->n_preview_rows; r++)
    for (int c = 0; c < preview->n_columns && preview->preview[r][c] != NULL; c++)
      gtk_grid_attach (self->preview_grid, preview_label (preview->preview[r][c], FALSE),
                       c, r + 1, 1, 1);
}

static const char *
kind_title (const NrtCsvColumnInfo *info)
{
  switch (info->kind)
    {
    case NRT_CSV_COLUMN_NUMERIC:
      return _("numeric");
    case NRT_CSV_COLUMN_CATEGORICAL:
      return _("categorical");
    case NRT_CSV_COLUMN_EMPTY:
    default:
      return _("empty");
    }
}

static char *
format_count (const NrtImportDialog *self, gint64 count)
{
  if (self->scan == NULL)
    return g_strdup ("…");
  return g_strdup_printf ("%" G_GINT64_FORMAT, count);
}

/* Lists the categories as "a, b, c and N more", or as their one-hot
 * columns, such as "red → color=red". */
static char *
list_categories (const NrtCsvColumnInfo *info, gboolean one_hot)
{
  GString *text = g_string_new (NULL);
  guint n = info->categories != NULL ? g_strv_length (info->categories) : 0;

  for (guint i = 0; i < n && i < MAX_LISTED_CATEGORIES; i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      if (one_hot)
        g_string_append_printf (text, "%s → %s=%s", info->categories[i], info->name,
                                info->categories[i]);
      else
        g_string_append (text, info->categories[i]);
    }
  if (n > MAX_LISTED_CATEGORIES)
    {
      guint more = n - MAX_LISTED_CATEGORIES;
      char *listed = g_string_free (text, FALSE);
      char *all;

      /* TRANSLATORS: the first categories of a column, then how many are not listed. */
      all = g_strdup_printf (ngettext ("%s and %u more", "%s and %u more", more), listed, more);
      g_free (listed);
      return all;
    }
  return g_string_free (text, FALSE);
}

/* Describes what the import makes of a column, from the scan. */
static char *
describe_column (NrtImportDialog *self, int column)
{
  const NrtCsvColumnInfo *info = &self->scan->columns[column];
  NrtImportRole role = self->roles[column];
  g_autofree char *description = NULL;
  g_autofree char *list = NULL;

  if (info->kind == NRT_CSV_COLUMN_EMPTY)
    return g_strdup (_("No values: left out."));
  if (role == NRT_IMPORT_ROLE_IGNORED)
    return g_strdup (_("Left out."));

  if (info->kind == NRT_CSV_COLUMN_CATEGORICAL && role == NRT_IMPORT_ROLE_FEATURE)
    {
      list = list_categories (info, TRUE);
      description = g_strdup_printf (_("One-hot columns: %s"), list);
    }
  else if (info->kind == NRT_CSV_COLUMN_CATEGORICAL)
    {
      list = list_categories (info, FALSE);
      description = g_strdup_printf (_("Classes: %s"), list);
    }
  else if (info->n_numeric == 0)
    description = g_strdup (_("No value is a number"));
  else
    description = g_strdup_printf (_("From %g to %g"), info->min, info->max);

  if (info->first_problem_line <= 0 || info->first_problem_value == NULL)
    return g_steal_pointer (&description);
  if (info->first_problem_value[0] == '\0')
    return g_strdup_printf (_("%s. First empty field on line %" G_GINT64_FORMAT "."),
                            description, info->first_problem_line);
  return g_strdup_printf (_("%s. First non-numeric value on line %" G_GINT64_FORMAT ": “%s”."),
                          description, info->first_problem_line, info->first_problem_value);
}

void
nrt_import_dialog_update_details (NrtImportDialog *self)
{
  if (self->detail_labels == NULL)
    return;
  for (int i = 0; i < self->n_roles; i++)
    {
      g_autofree char *text = self->scan != NULL ? describe_column (self, i) : g_strdup ("");

      gtk_label_set_label (self->detail_labels[i], text);
    }
}

static void
set_accessible_label (GtkWidget *widget, char *name)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  g_free (name);
}

/* Fills the table of columns: name, role, kind, counts and details. */
void
nrt_import_dialog_rebuild_columns (NrtImportDialog *self)
{
  const NrtCsvScan *columns = self->scan != NULL ? self->scan : self->preview;
  static const char *const headings[] = {
    N_("Column"), N_("Role"), N_("Kind"), N_("Missing"), N_("Non-numeric"), N_("Details"),
  };

  clear_grid (self->columns_grid);
  g_clear_pointer (&self->role_dropdowns, g_free);
  g_clear_pointer (&self->detail_labels, g_free);
  if (columns == NULL)
    return;

  for (guint h = 0; h < G_N_ELEMENTS (headings); h++)
    gtk_grid_attach (self->columns_grid, cell_label (_(headings[h]), TRUE), (int) h, 0, 1, 1);

  self->role_dropdowns = g_new0 (GtkDropDown *, self->n_roles);
  self->detail_labels = g_new0 (GtkLabel *, self->n_roles);
  for (int i = 0; i < columns->n_columns && i < self->n_roles; i++)
    {
      const NrtCsvColumnInfo *info = &columns->columns[i];
      g_autofree char *missing = format_count (self, info->n_missing);
      g_autofree char *non_numeric = format_count (self, info->n_non_numeric);
      GtkWidget *dropdown = GTK_WIDGET (nrt_import_dialog_new_role_dropdown (self, i));
      GtkWidget *missing_label = cell_label (missing, FALSE);
      GtkWidget *non_numeric_label = cell_label (non_numeric, FALSE);
      GtkWidget *details = cell_label ("", FALSE);

      /* Labels of counts read as bare numbers, so they name their column. */
      set_accessible_label (dropdown, g_strdup_printf (_("Role of %s"), info->name));
      set_accessible_label (missing_label, g_strdup_printf (_("Missing values in %s"), info->name));
      set_accessible_label (non_numeric_label,
                            g_strdup_printf (_("Non-numeric values in %s"), info->name));
      gtk_label_set_ellipsize (GTK_LABEL (details), PANGO_ELLIPSIZE_NONE);
      gtk_label_set_wrap (GTK_LABEL (details), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (details), 60);
      gtk_label_set_selectable (GTK_LABEL (details), TRUE);

      gtk_grid_attach (self->columns_grid, cell_label (info->name, FALSE), 0, i + 1, 1, 1);
      gtk_grid_attach (self->columns_grid, dropdown, 1, i + 1, 1, 1);
      gtk_grid_attach (self->columns_grid,
                       cell_label (self->scan != NULL ? kind_title (info) : "…", FALSE),
                       2, i + 1, 1, 1);
      gtk_grid_attach (self->columns_grid, missing_label, 3, i + 1, 1, 1);
      gtk_grid_attach (self->columns_grid, non_numeric_label, 4, i + 1, 1, 1);
      gtk_grid_attach (self->columns_grid, details, 5, i + 1, 1, 1);
      self->role_dropdowns[i] = GTK_DROP_DOWN (dropdown);
      self->detail_labels[i] = GTK_LABEL (details);
    }
  nrt_import_dialog_update_details (self);
}

/* Guesses the task from the label columns as the reader's detection does
 * (see nrt-csv.h), and writes the reason as one sentence. Needs the scan. */
NrtCsvTask
nrt_import_dialog_guess_task (NrtImportDialog *self, char **reason)
{
  const NrtCsvColumnInfo *first = NULL;
  int n_labels = 0;
  gboolean all_binary = TRUE;

  g_return_val_if_fail (self->scan != NULL, NRT_CSV_TASK_DETECT);

  for (int i = 0; i < self->n_roles; i++)
    {
      const NrtCsvColumnInfo *info = &self->scan->columns[i];

      if (self->roles[i] != NRT_IMPORT_ROLE_LABEL)
        continue;
      if (first == NULL)
        first = info;
      n_labels++;
      all_binary = all_binary && info->kind == NRT_CSV_COLUMN_NUMERIC && info->all_integer
                   && info->n_non_numeric == 0 && info->min >= 0.0 && info->max <= 1.0;
    }
  g_return_val_if_fail (first != NULL, NRT_CSV_TASK_DETECT);

  if (n_labels > 1 && all_binary)
    {
      *reason = g_strdup_printf (_("Classification, guessed because the %d label columns hold "
                                   "only 0 and 1."), n_labels);
      return NRT_CSV_TASK_CLASSIFICATION;
    }
  if (n_labels > 1)
    {
      *reason = g_strdup_printf (_("Regression, guessed because the %d label columns are not "
                                   "all 0 and 1."), n_labels);
      return NRT_CSV_TASK_REGRESSION;
    }

  if (first->kind == NRT_CSV_COLUMN_CATEGORICAL || first->n_non_numeric > 0)
    {
      *reason = g_strdup_printf (ngettext ("Classification, guessed because “%s” has %d text "
                                           "class.",
                                           "Classification, guessed because “%s” has %d text "
                                           "classes.", first->n_distinct),
                                 first->name, first->n_distinct);
      return NRT_CSV_TASK_CLASSIFICATION;
    }
  if (first->all_integer && first->n_distinct <= NRT_CSV_MAX_INTEGER_CLASSES)
    {
      *reason = g_strdup_printf (ngettext ("Classification, guessed because “%s” has %d "
                                           "distinct integer.",
                                           "Classification, guessed because “%s” has %d "
                                           "distinct integers.", first->n_distinct),
                                 first->name, first->n_distinct);
      return NRT_CSV_TASK_CLASSIFICATION;
    }
  if (first->n_distinct > NRT_CSV_MAX_CATEGORIES)
    *reason = g_strdup_printf (_("Regression, guessed because “%s” has more than %d distinct "
                                 "numbers."), first->name, NRT_CSV_MAX_CATEGORIES);
  else if (first->all_integer)
    *reason = g_strdup_printf (_("Regression, guessed because “%s” has %d distinct integers, "
                                 "more than the %d a class label may have."),
                               first->name, first->n_distinct, NRT_CSV_MAX_INTEGER_CLASSES);
  else
    *reason = g_strdup_printf (_("Regression, guessed because “%s” has %d distinct numbers, "
                                 "not all integers."), first->name, first->n_distinct);
  return NRT_CSV_TASK_REGRESSION;
}
