/* nrt-csv-columns.c: the choice of a load's label and feature columns,
 * by name or position, and the plan of its features: numeric columns,
 * one-hot columns for categories, empty columns left out.
 */
#define G_LOG_DOMAIN "neurite-csv"

#include "config.h"

#include "nrt-csv-load-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Returns the column's name as messages and notes show it. */
static const char *
column_name (CsvLoad *load, int column)
{
  return g_ptr_array_index (load->table.shown_names, column);
}

/* Returns the column that item names: a header name, else a position from
 * 1 to the column count; -1 if none. */
static int
find_column (CsvLoad *load, const char *item)
{
  GPtrArray *names = load->table.column_names;
  guint64 position = 0;

  for (guint j = 0; j < names->len; j++)
    if (strcmp (g_ptr_array_index (names, j), item) == 0)
      return (int) j;
  if (g_ascii_string_to_unsigned (item, 10, 1, names->len, &position, NULL))
    return (int) position - 1;
  return -1;
}

/* Sets the error for a position item beyond the columns, or 0. */
static gboolean
set_bad_position_error (CsvLoad *load, const char *item, gboolean is_label, GError **error)
{
  guint n_columns = load->table.column_names->len;
  g_autofree char *printable = csv_printable_value (item, strlen (item));

  if (is_label)
    g_set_error (error, NRT_CSV_ERROR, NRT_CSV_ERROR_NO_LABEL,
                 ngettext ("“%s”: there is no column at position %s, since the file has %u "
                           "column; choose the label column by a position from 1 to %u or "
                           "by name",
                           "“%s”: there is no column at position %s, since the file has %u "
                           "columns; choose the label column by a position from 1 to %u or "
                           "by name",
                           n_columns),
                 load->display_name, printable, n_columns, n_columns);
  else
    g_set_error (error, NRT_CSV_ERROR, NRT_CSV_ERROR_NO_LABEL,
                 ngettext ("“%s”: there is no column at position %s, since the file has %u "
                           "column; choose the feature columns by positions from 1 to %u or "
                           "by name",
                           "“%s”: there is no column at position %s, since the file has %u "
                           "columns; choose the feature columns by positions from 1 to %u or "
                           "by name",
                           n_columns),
                 load->display_name, printable, n_columns, n_columns);
  return FALSE;
}

static gboolean
set_unknown_column_error (CsvLoad *load, const char *item, gboolean is_label, GError **error)
{
  GPtrArray *names = load->table.shown_names;
  g_autoptr (GString) list = g_string_new (NULL);
  g_autofree char *printable = NULL;

  /* Digits only: a position, since no column has this name. */
  if (*item != '\0' && strspn (item, "0123456789") == strlen (item))
    return set_bad_position_error (load, item, is_label, error);

  printable = csv_printable_value (item, strlen (item));
  for (guint i = 0; i < names->len && i < CSV_MAX_LISTED; i++)
    g_string_append_printf (list, "%s“%s”", i > 0 ? ", " : "",
                            (const char *) g_ptr_array_index (names, i));
  if (names->len > CSV_MAX_LISTED)
    g_string_append (list, ", …");

  /* Without a header row, the names are "column 1", "column 2", ... */
  if (!load->table.format.has_header && is_label)
    g_set_error (error, NRT_CSV_ERROR, NRT_CSV_ERROR_NO_LABEL,
                 _("“%s”: no column is named “%s”; the first row is data, so the %u columns "
                   "are named %s. Choose one of them as the label column, by name or by "
                   "position"),
                 load->display_name, printable, names->len, list->str);
  else if (!load->table.format.has_header)
    g_set_error (error, NRT_CSV_ERROR, NRT_CSV_ERROR_NO_LABEL,
                 _("“%s”: no column is named “%s”; the first row is data, so the %u columns "
                   "are named %s. Choose the feature columns among them, by name or by "
                   "position"),
                 load->display_name, printable, names->len, list->str);
  else if (is_label)
    g_set_error (error, NRT_CSV_ERROR, NRT_CSV_ERROR_NO_LABEL,
                 _("“%s”, line 1: no column is named “%s”; the header has %u columns: %s. "
                   "Choose one of them as the label column, by name or by position"),
                 load->display_name, printable, names->len, list->str);
  else
    g_set_error (error, NRT_CSV_ERROR, NRT_CSV_ERROR_NO_LABEL,
                 _("“%s”, line 1: no column is named “%s”; the header has %u columns: %s. "
                   "Choose the feature columns among them, by name or by position"),
                 load->display_name, printable, names->len, list->str);
  return FALSE;
}

gboolean
csv_load_set_no_number_error (CsvLoad *load, int column, gboolean is_label, GError **error)
{
  CsvColumnStats *stats = &load->table.columns[column];
  gboolean decimal_comma = load->table.format.decimal_comma;
  double value = 0.0;
  CsvNumberStatus status = csv_parse_number (stats->first_text_value, decimal_comma, &value);
  g_autofree char *problem = csv_number_problem (status, stats->first_text_value,
                                                 decimal_comma);
  g_autofree char *message = NULL;

  if (status == CSV_NUMBER_WRONG_SEPARATOR && decimal_comma)
    message = g_strdup_printf (_("%s. No value of the column is a valid number; read the file "
                                 "with a point as the decimal separator, or fix the values"),
                               problem);
  else if (status == CSV_NUMBER_WRONG_SEPARATOR)
    message = g_strdup_printf (_("%s. No value of the column is a valid number; read the file "
                                 "with a comma as the decimal separator, or fix the values"),
                               problem);
  else if (is_label)
    message = g_strdup_printf (_("%s. No value of the column is a valid number; fix the "
                                 "values, or choose another label column"),
                               problem);
  else
    message = g_strdup_printf (_("%s. No value of the column is a valid number; fix the "
                                 "values, or leave the column out of the features"),
                               problem);
  csv_set_field_error (error, load->display_name, load->table.column_names,
                       NRT_CSV_ERROR_BAD_OPTION, stats->first_text_line, column, message);
  return FALSE;
}

gboolean
csv_load_resolve_columns (CsvTable *table, gpointer user_data, GError **error)
{
  CsvLoad *load = user_data;
  const NrtCsvOptions *options = load->options;
  g_autofree gboolean *used = g_new0 (gboolean, table->n_columns);

  if (table->n_columns < 2)
    {
      g_set_error (error, NRT_CSV_ERROR, NRT_CSV_ERROR_NO_FEATURES,
                   _("“%s”, line 1: the header has only one column, “%s”; expected one or "
                     "more feature columns and a label column, separated by commas, "
                     "semicolons or tabs"),
                   load->display_name, column_name (load, 0));
      return FALSE;
    }

  load->n_labels = options->labels != NULL ? (int) g_strv_length (options->labels) : 1;
  if (load->n_labels == 0)
    {
      g_set_error (error, NRT_CSV_ERROR, NRT_CSV_ERROR_BAD_OPTION,
                   _("“%s”: the list of label columns is empty; name at least one label "
                     "column"),
                   load->display_name);
      return FALSE;
    }
  load->label_columns = g_new (int, load->n_labels);
  load->label_dropped = g_new0 (gint64, load->n_labels);
  for (int t = 0; t < load->n_labels; t++)
    {
      int column = options->labels != NULL ? find_column (load, options->labels[t])
                                            : table->n_columns - 1;

      if (column < 0)
        return set_unknown_column_error (load, options->labels[t], TRUE, error);
      if (used[column])
        {
          g_set_error (error, NRT_CSV_ERROR, NRT_CSV_ERROR_BAD_OPTION,
                       _("“%s”: column %d “%s” is named twice as a label; name each label "
                         "column once"),
                       load->display_name, column + 1, column_name (load, column));
          return FALSE;
        }
      used[column] = TRUE;
      load->label_columns[t] = column;
      table->columns[column].uncapped = TRUE;
    }

  if (options->features == NULL)
    return TRUE;
  load->n_requested_features = (int) g_strv_length (options->features);
  load->requested_features = g_new (int, MAX (load->n_requested_features, 1));
  for (int f = 0; f < load->n_requested_features; f++)
    {
      int column = find_column (load, options->features[f]);

      if (column < 0)
        return set_unknown_column_error (load, options->features[f], FALSE, error);
      if (used[column])
        {
          g_set_error (error, NRT_CSV_ERROR, NRT_CSV_ERROR_BAD_OPTION,
                       _("“%s”: column %d “%s” is named twice, as a feature or a label; name "
                         "each column once, as either a feature or a label"),
                       load->display_name, column + 1, column_name (load, column));
          return FALSE;
        }
      used[column] = TRUE;
      load->requested_features[f] = column;
    }
  return TRUE;
}

static gboolean
is_label_column (CsvLoad *load, int column)
{
  for (int t = 0; t < load->n_labels; t++)
    if (load->label_columns[t] == column)
      return TRUE;
  return FALSE;
}

/* Returns "red → color=red, blue → color=blue" for a one-hot note. */
static char *
list_one_hot (CsvLoad *load, const FeaturePlan *plan)
{
  GString *list = g_string_new (NULL);

  for (int k = 0; k < plan->n_outputs && k < CSV_MAX_LISTED; k++)
    {
      g_autofree char *category = g_utf8_make_valid (plan->categories[k], -1);

      g_string_append_printf (list, "%s%s → %s=%s", k > 0 ? ", " : "", category,
                              column_name (load, plan->column), category);
    }
  if (plan->n_outputs > CSV_MAX_LISTED)
    g_string_append (list, ", …");
  return g_string_free (list, FALSE);
}

static gboolean
plan_categorical (CsvLoad *load, FeaturePlan *plan, GError **error)
{
  CsvColumnStats *column = &load->table.columns[plan->column];
  g_autofree char *list = NULL;
  guint n = 0;

  if (column->texts_full)
    {
      g_set_error (error, NRT_CSV_ERROR, NRT_CSV_ERROR_TOO_MANY_CATEGORIES,
                   _("“%s”, column %d “%s”: the column contains text with more than %d distinct "
                     "values, which looks like an identifier or free text rather than "
                     "categories. Leave the column out of the features, or fix its values"),
                   load->display_name, plan->column + 1, column_name (load, plan->column),
                   NRT_CSV_MAX_CATEGORIES);
      return FALSE;
    }

  plan->categories = csv_column_sorted_texts (column, &n);
  plan->n_outputs = (int) n;
  plan->category_index = g_hash_table_new (g_str_hash, g_str_equal);
  plan->fill_values = g_new (float, n);
  for (guint k = 0; k < n; k++)
    {
      const gsize *count = g_hash_table_lookup (column->texts, plan->categories[k]);

      g_hash_table_insert (plan->category_index, (gpointer) plan->categories[k],
                           GUINT_TO_POINTER (k + 1));
      /* The mean of a one-hot column is its category's frequency. */
      plan->fill_values[k] = (float) ((double) *count / (double) column->n_values);
    }

  list = list_one_hot (load, plan);
  g_ptr_array_add (load->notes,
                   g_strdup_printf (ngettext ("Column “%s” contains categories, so it became "
                                              "%d one-hot column: %s.",
                                              "Column “%s” contains categories, so it became "
                                              "%d one-hot columns: %s.",
                                              n),
                                    column_name (load, plan->column), (int) n, list));
  return TRUE;
}

gboolean
csv_load_plan_features (CsvLoad *load, GError **error)
{
  int n_candidates = load->options->features != NULL ? load->n_requested_features
                                                     : load->table.n_columns;

  load->plans = g_new0 (FeaturePlan, MAX (n_candidates, 1));
  for (int i = 0; i < n_candidates; i++)
    {
      int column = load->options->features != NULL ? load->requested_features[i] : i;
      CsvColumnStats *stats = &load->table.columns[column];
      FeaturePlan *plan;

      if (load->options->features == NULL && is_label_column (load, column))
        continue;
      if (csv_column_kind (stats) == NRT_CSV_COLUMN_EMPTY)
        {
          g_ptr_array_add (load->notes,
                           g_strdup_printf (_("Column “%s” is empty, so it was left out of "
                                              "the features."),
                                            column_name (load, column)));
          continue;
        }

      plan = &load->plans[load->n_plans++];
      plan->column = column;
      plan->kind = csv_column_kind (stats);
      plan->first_output = load->n_features;
      if (plan->kind == NRT_CSV_COLUMN_CATEGORICAL)
        {
          if (!plan_categorical (load, plan, error))
            return FALSE;
        }
      else if (stats->n_numeric == 0)
        return csv_load_set_no_number_error (load, column, FALSE, error);
      else
        {
          plan->n_outputs = 1;
          plan->fill_values = g_new (float, 1);
          plan->fill_values[0] = (float) (stats->sum / (double) stats->n_numeric);
        }
      if (plan->n_outputs > G_MAXINT - load->n_features)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("“%s”: the features need more than %d columns"), load->display_name,
                       G_MAXINT);
          return FALSE;
        }
      load->n_features += plan->n_outputs;
    }

  if (load->n_features == 0)
    {
      g_set_error (error, NRT_CSV_ERROR, NRT_CSV_ERROR_NO_FEATURES,
                   _("“%s”: no feature column is left, because every column but the labels "
                     "is empty; add values to a feature column"),
                   load->display_name);
      return FALSE;
    }
  return TRUE;
}
