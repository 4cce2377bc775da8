/* nrt-csv-load.c: loading a CSV stream into a dataset in two passes.
 *
 * The scan (nrt-csv-scan.c) counts the rows and describes every column.
 * From that description the load plans the features (nrt-csv-columns.c)
 * and types the labels (nrt-csv-labels.c). It then allocates a dataset of
 * exactly the rows it will keep, and fills it in a second pass. When rows
 * may be dropped or a value may be an error, a checking pass between the
 * two counts the rows kept and finds the first error, so that the dataset
 * is allocated once at its final size. No pass keeps rows as text.
 *
 * Messages name no option of the command line or control of the app: the
 * CLI adds its option names (--missing drop, --missing mean) to
 * NRT_CSV_ERROR_MISSING_VALUE and NRT_CSV_ERROR_NOT_NUMERIC errors.
 */
#define G_LOG_DOMAIN "neurite-csv"

#include "config.h"

#include "nrt-csv-load-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

static const char *
column_name (CsvLoad *load, int column)
{
  return g_ptr_array_index (load->table.column_names, column);
}

/* Returns the column's name as notes show it. */
static const char *
shown_name (CsvLoad *load, int column)
{
  return g_ptr_array_index (load->table.shown_names, column);
}

/* Returns TRUE when some row may be dropped or be an error. */
static gboolean
may_have_problems (CsvLoad *load, gboolean *label_problems)
{
  gboolean feature_problems = FALSE;

  *label_problems = FALSE;
  for (int p = 0; p < load->n_plans; p++)
    {
      CsvColumnStats *stats = &load->table.columns[load->plans[p].column];

      if (stats->n_missing > 0
          || (load->plans[p].kind == NRT_CSV_COLUMN_NUMERIC && stats->n_text > 0))
        feature_problems = TRUE;
    }
  for (int t = 0; t < load->n_labels; t++)
    {
      CsvColumnStats *stats = &load->table.columns[load->label_columns[t]];

      if (stats->n_missing > 0 || (load->label_kind != LABEL_TEXT_CLASSES && stats->n_text > 0))
        *label_problems = TRUE;
    }
  return feature_problems || *label_problems;
}

static gboolean
set_changed_error (CsvLoad *load, gint64 line, GError **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               _("“%s”, line %lld: the file changed while it was read; load it again"),
               load->display_name, (long long) line);
  return FALSE;
}

/* Handles a feature value that is empty or not a number: an error, a
 * dropped row or the column's mean, as options->missing selects. */
static gboolean
feature_problem (CsvLoad *load, FeaturePlan *plan, CsvPass *pass, const char *field,
                 CsvNumberStatus status, gboolean *keep, GError **error)
{
  g_autofree char *problem = NULL;
  g_autofree char *message = NULL;

  switch (load->options->missing)
    {
    case NRT_CSV_MISSING_DROP:
      *keep = FALSE;
      if (!load->checking)
        plan->n_dropped++;
      return TRUE;
    case NRT_CSV_MISSING_MEAN:
      memcpy (load->x_row + plan->first_output, plan->fill_values,
              (gsize) plan->n_outputs * sizeof (float));
      if (!load->checking)
        plan->n_filled++;
      return TRUE;
    case NRT_CSV_MISSING_ERROR:
    default:
      break;
    }

  if (status == CSV_NUMBER_EMPTY && plan->kind == NRT_CSV_COLUMN_CATEGORICAL)
    problem = g_strdup (_("the value is empty; expected one of the column’s categories"));
  else
    problem = csv_number_problem (status, field, load->table.format.decimal_comma);
  message = g_strdup_printf (_("%s. Fix the value, or drop the rows with missing or "
                               "non-numeric values, or fill them with the column mean"),
                             problem);
  csv_set_field_error (error, load->display_name, load->table.column_names,
                       status == CSV_NUMBER_EMPTY ? NRT_CSV_ERROR_MISSING_VALUE
                                                  : NRT_CSV_ERROR_NOT_NUMERIC,
                       pass->row_line, plan->column, message);
  return FALSE;
}

static gboolean
fill_features (CsvLoad *load, CsvPass *pass, GPtrArray *fields, gboolean *keep,
               GError **error)
{
  for (int p = 0; p < load->n_plans; p++)
    {
      FeaturePlan *plan = &load->plans[p];
      const char *field = g_ptr_array_index (fields, plan->column);
      double value = 0.0;
      CsvNumberStatus status;
      guint index;

      if (plan->kind == NRT_CSV_COLUMN_NUMERIC)
        {
          status = csv_parse_number (field, load->table.format.decimal_comma, &value);
          if (status == CSV_NUMBER_VALID)
            load->x_row[plan->first_output] = (float) value;
          else if (!feature_problem (load, plan, pass, field, status, keep, error))
            return FALSE;
          continue;
        }

      if (*field == '\0')
        {
          if (!feature_problem (load, plan, pass, field, CSV_NUMBER_EMPTY, keep, error))
            return FALSE;
          continue;
        }
      index = GPOINTER_TO_UINT (g_hash_table_lookup (plan->category_index, field));
      if (index == 0)
        return set_changed_error (load, pass->row_line, error);
      memset (load->x_row + plan->first_output, 0, (gsize) plan->n_outputs * sizeof (float));
      load->x_row[plan->first_output + (int) index - 1] = 1.0f;
    }
  return TRUE;
}

/* Handles a label that is empty or invalid: a dropped row under
 * NRT_CSV_MISSING_DROP, an error otherwise, since labels are never filled. */
static gboolean
label_problem (CsvLoad *load, int label, CsvPass *pass, const char *field,
               CsvNumberStatus status, gboolean *keep, GError **error)
{
  if (load->options->missing == NRT_CSV_MISSING_DROP)
    {
      *keep = FALSE;
      if (!load->checking)
        load->label_dropped[label]++;
      return TRUE;
    }

  csv_load_set_label_error (load, label, pass->row_line, field, status, error);
  return FALSE;
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Sets the error for a label that is not in options->class_names. */
static gboolean
set_unknown_class_error (CsvLoad *load, gint64 line, const char *field, GError **error)
{
  g_autofree char *printable = csv_printable_value (field, strlen (field));
  g_autofree char *classes = g_strjoinv (", ", load->options->class_names);
  g_autofree char *problem = NULL;

  problem = g_strdup_printf (_("the label “%s” is not one of the classes %s; fix the label "
                               "or remove the row"),
                             printable, classes);
  csv_set_field_error (error, load->display_name, load->table.column_names,
                       NRT_CSV_ERROR_BAD_OPTION, line, load->label_columns[0], problem);
  return FALSE;
}

static gboolean
fill_labels (CsvLoad *load, CsvPass *pass, GPtrArray *fields, gboolean *keep, GError **error)
{
  for (int t = 0; t < load->n_labels; t++)
    {
      const char *field = g_ptr_array_index (fields, load->label_columns[t]);
      double value = 0.0;
      CsvNumberStatus status = CSV_NUMBER_VALID;
      const double *found;
      guint index;

      if (load->label_kind == LABEL_TEXT_CLASSES && *field == '\0')
        status = CSV_NUMBER_EMPTY;
      else if (load->label_kind == LABEL_TEXT_CLASSES)
        {
          index = GPOINTER_TO_UINT (g_hash_table_lookup (load->class_index, field));
          if (index == 0 && load->options->class_names != NULL)
            return set_unknown_class_error (load, pass->row_line, field, error);
          if (index == 0)
            return set_changed_error (load, pass->row_line, error);
          load->y_row[0] = (float) (index - 1);
        }
      else
        {
          status = csv_parse_number (field, load->table.format.decimal_comma, &value);
          if (status == CSV_NUMBER_VALID && load->label_kind == LABEL_INTEGER_CLASSES)
            {
              found = bsearch (&value, load->class_numbers, (gsize) load->n_classes,
                               sizeof (double), compare_doubles);
              if (found == NULL)
                return set_changed_error (load, pass->row_line, error);
              load->y_row[0] = (float) (found - load->class_numbers);
            }
          else if (status == CSV_NUMBER_VALID && load->label_kind == LABEL_BINARY
                   && value != 0.0 && value != 1.0)
            status = CSV_NUMBER_INVALID;
          else if (status == CSV_NUMBER_VALID)
            load->y_row[t] = (float) value;
        }

      if (status != CSV_NUMBER_VALID
          && !label_problem (load, t, pass, field, status, keep, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
fill_row (CsvPass *pass, GPtrArray *fields, gpointer user_data)
{
  CsvLoad *load = user_data;
  gboolean keep = TRUE;

  if (load->table.format.has_header && !load->header_skipped)
    {
      load->header_skipped = TRUE;
      return TRUE;
    }
  if ((int) fields->len != load->table.n_columns)
    return set_changed_error (load, pass->row_line, &pass->error);

  /* Once the dataset is full, the rows left can only be dropped ones, so
   * they are filled into the scratch row. */
  if (!load->checking && load->n_kept < load->n_capacity)
    {
      load->x_row = load->dataset->x + load->n_kept * load->n_features;
      load->y_row = load->dataset->y + load->n_kept * load->dataset->n_targets;
    }
  else
    {
      load->x_row = load->scratch_row;
      load->y_row = load->scratch_row + load->n_features;
    }

  if (!fill_features (load, pass, fields, &keep, &pass->error)
      || !fill_labels (load, pass, fields, &keep, &pass->error))
    return FALSE;
  if (keep && !load->checking && load->n_kept >= load->n_capacity)
    return set_changed_error (load, pass->row_line, &pass->error);
  if (keep)
    load->n_kept++;
  return TRUE;
}

/* Runs a checking or a filling pass over [start, start + span] of the
 * progress. */
static gboolean
run_fill_pass (CsvLoad *load, GInputStream *stream, gboolean checking,
               NrtCsvProgressFunc progress, gpointer user_data, double start, double span,
               goffset total_bytes, GCancellable *cancellable, GError **error)
{
  g_autofree float *scratch = g_new (float, load->n_features + load->n_labels);
  CsvPass pass;
  gboolean ok;

  load->checking = checking;
  load->header_skipped = FALSE;
  load->n_kept = 0;
  load->scratch_row = scratch;

  csv_pass_init (&pass, load->display_name, load->table.format.delimiter);
  pass.column_names = load->table.column_names;
  pass.on_row = fill_row;
  pass.user_data = load;
  pass.progress = progress;
  pass.progress_data = user_data;
  pass.progress_start = start;
  pass.progress_span = span;
  pass.total_bytes = total_bytes;
  ok = csv_pass_run (&pass, stream, cancellable, error);
  csv_pass_clear (&pass);
  load->x_row = NULL;
  load->y_row = NULL;
  load->scratch_row = NULL;
  return ok;
}

/* Adds the notes on dropped rows and filled values. A row with problems in
 * several columns counts once in the total and once in each column's note. */
static void
add_count_notes (CsvLoad *load)
{
  gint64 n_dropped = load->table.n_rows - load->n_kept;

  if (n_dropped > 0)
    g_ptr_array_add (load->notes,
                     g_strdup_printf (ngettext ("%lld of %lld rows was dropped, because it has "
                                                "a missing or invalid value.",
                                                "%lld of %lld rows were dropped, because each "
                                                "has a missing or invalid value.",
                                                (gulong) n_dropped),
                                      (long long) n_dropped, (long long) load->table.n_rows));

  for (int p = 0; p < load->n_plans; p++)
    {
      FeaturePlan *plan = &load->plans[p];
      const char *name = shown_name (load, plan->column);

      if (plan->n_dropped > 0)
        g_ptr_array_add (load->notes,
                         g_strdup_printf (ngettext ("%lld row was dropped for a missing or "
                                                    "non-numeric value in column “%s”.",
                                                    "%lld rows were dropped for a missing or "
                                                    "non-numeric value in column “%s”.",
                                                    (gulong) plan->n_dropped),
                                          (long long) plan->n_dropped, name));
      if (plan->n_filled > 0 && plan->kind == NRT_CSV_COLUMN_NUMERIC)
        g_ptr_array_add (load->notes,
                         g_strdup_printf (ngettext ("%lld missing or non-numeric value in "
                                                    "column “%s” was replaced by the column "
                                                    "mean, %g.",
                                                    "%lld missing or non-numeric values in "
                                                    "column “%s” were replaced by the column "
                                                    "mean, %g.",
                                                    (gulong) plan->n_filled),
                                          (long long) plan->n_filled, name,
                                          (double) plan->fill_values[0]));
      else if (plan->n_filled > 0)
        g_ptr_array_add (load->notes,
                         g_strdup_printf (ngettext ("%lld missing value in column “%s” was "
                                                    "replaced by the means of its one-hot "
                                                    "columns, the categories’ frequencies.",
                                                    "%lld missing values in column “%s” were "
                                                    "replaced by the means of its one-hot "
                                                    "columns, the categories’ frequencies.",
                                                    (gulong) plan->n_filled),
                                          (long long) plan->n_filled, name));
    }
  for (int t = 0; t < load->n_labels; t++)
    if (load->label_dropped[t] > 0)
      g_ptr_array_add (load->notes,
                       g_strdup_printf (ngettext ("%lld row was dropped for a missing or "
                                                  "invalid label in column “%s”.",
                                                  "%lld rows were dropped for a missing or "
                                                  "invalid label in column “%s”.",
                                                  (gulong) load->label_dropped[t]),
                                        (long long) load->label_dropped[t],
                                        shown_name (load, load->label_columns[t])));
}

/* Returns TRUE when text of column that the dataset keeps, its header name
 * or its categories or classes, had bytes that are not UTF-8. */
static gboolean
has_replaced_text (CsvLoad *load, int column, gboolean keeps_texts)
{
  const CsvColumnStats *stats = &load->table.columns[column];

  return stats->invalid_utf8_name || (keeps_texts && stats->invalid_utf8_text);
}

/* Adds a note naming the columns whose names, categories or classes had
 * their invalid UTF-8 bytes replaced by U+FFFD. */
static void
add_invalid_utf8_note (CsvLoad *load)
{
  g_autoptr (GString) list = g_string_new (NULL);
  guint n_listed = 0;

  for (int p = 0; p < load->n_plans; p++)
    {
      const FeaturePlan *plan = &load->plans[p];

      if (has_replaced_text (load, plan->column, plan->kind == NRT_CSV_COLUMN_CATEGORICAL))
        g_string_append_printf (list, "%s“%s”", n_listed++ > 0 ? ", " : "",
                                shown_name (load, plan->column));
    }
  for (int t = 0; t < load->n_labels; t++)
    if (has_replaced_text (load, load->label_columns[t], load->label_kind == LABEL_TEXT_CLASSES))
      g_string_append_printf (list, "%s“%s”", n_listed++ > 0 ? ", " : "",
                              shown_name (load, load->label_columns[t]));
  if (n_listed == 0)
    return;

  g_ptr_array_add (load->notes,
                   g_strdup_printf (ngettext ("The name or text values of column %s are not "
                                              "valid UTF-8, so the invalid bytes were "
                                              "replaced by “�”. Save the file as "
                                              "UTF-8 to keep the original characters.",
                                              "The names or text values of columns %s are not "
                                              "valid UTF-8, so the invalid bytes were "
                                              "replaced by “�”. Save the file as "
                                              "UTF-8 to keep the original characters.",
                                              n_listed),
                                    list->str));
}

/* Allocates the dataset of n_capacity rows and names its columns. */
static gboolean
allocate_dataset (CsvLoad *load, GError **error)
{
  int n_targets = load->task == NRT_TASK_CLASSIFICATION ? 1 : load->n_labels;
  NrtError err = { NRT_OK, "" };

  load->dataset = nrt_dataset_new_full ((int) load->n_capacity, load->n_features, load->task,
                                        n_targets, load->n_classes, &err);
  if (load->dataset == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("“%s”: could not store %lld rows of %d features: %s"), load->display_name,
                   (long long) load->n_capacity, load->n_features, err.message);
      return FALSE;
    }

  for (int p = 0; p < load->n_plans; p++)
    {
      FeaturePlan *plan = &load->plans[p];
      const char *name = column_name (load, plan->column);

      for (int k = 0; k < plan->n_outputs; k++)
        {
          g_autofree char *feature = NULL;

          if (plan->kind == NRT_CSV_COLUMN_CATEGORICAL)
            {
              g_autofree char *category = g_utf8_make_valid (plan->categories[k], -1);

              feature = g_strdup_printf ("%s=%s", name, category);
            }
          else
            feature = g_strdup (name);
          nrt_dataset_set_feature_name (load->dataset, plan->first_output + k, feature, NULL);
        }
    }

  for (int c = 0; c < load->n_classes; c++)
    {
      g_autofree char *class_name = NULL;

      if (load->label_kind == LABEL_INTEGER_CLASSES)
        class_name = g_strdup_printf ("%lld", (long long) load->class_numbers[c]);
      else
        class_name = g_utf8_make_valid (load->class_texts[c], -1);
      nrt_dataset_set_class_name (load->dataset, c, class_name, NULL);
    }
  for (int t = 0; t < n_targets; t++)
    nrt_dataset_set_target_name (load->dataset, t,
                                 column_name (load, load->label_columns[t]), NULL);
  return TRUE;
}

static void
csv_load_clear (CsvLoad *load)
{
  for (int p = 0; p < load->n_plans; p++)
    {
      g_free (load->plans[p].categories);
      g_clear_pointer (&load->plans[p].category_index, g_hash_table_unref);
      g_free (load->plans[p].fill_values);
    }
  g_free (load->plans);
  g_free (load->label_columns);
  g_free (load->label_dropped);
  g_free (load->requested_features);
  csv_load_clear_labels (load);
  g_clear_pointer (&load->dataset, nrt_dataset_free);
  g_clear_pointer (&load->notes, g_ptr_array_unref);
  csv_table_clear (&load->table);
}

/* Steps after the scan: plan, check, allocate and fill. */
static gboolean
load_after_scan (CsvLoad *load, GInputStream *stream, NrtCsvProgressFunc progress,
                 gpointer user_data, goffset total_bytes, GCancellable *cancellable,
                 GError **error)
{
  gboolean label_problems = FALSE;
  gboolean checking;

  if (load->table.n_rows == 0)
    {
      g_set_error (error, NRT_CSV_ERROR, NRT_CSV_ERROR_EMPTY,
                   _("“%s” has a header row but no data rows; expected at least one row of "
                     "values after the header"),
                   load->display_name);
      return FALSE;
    }
  if (load->table.n_rows > G_MAXINT)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("“%s” has %lld data rows; at most %d are supported"), load->display_name,
                   (long long) load->table.n_rows, G_MAXINT);
      return FALSE;
    }
  if (!csv_load_plan_features (load, error) || !csv_load_type_labels (load, error))
    return FALSE;

  /* Mean filling needs no count of the rows kept, so only its label
   * errors call for a checking pass. */
  load->n_capacity = load->table.n_rows;
  checking = may_have_problems (load, &label_problems)
             && (load->options->missing != NRT_CSV_MISSING_MEAN || label_problems);
  if (checking)
    {
      if (!run_fill_pass (load, stream, TRUE, progress, user_data, 0.5, 0.25, total_bytes,
                          cancellable, error))
        return FALSE;
      load->n_capacity = load->n_kept;
    }
  if (load->n_capacity == 0)
    {
      g_set_error (error, NRT_CSV_ERROR, NRT_CSV_ERROR_EMPTY,
                   _("“%s”: every row has a missing or non-numeric value, so no row is left "
                     "after dropping them"),
                   load->display_name);
      return FALSE;
    }

  if (!allocate_dataset (load, error)
      || !run_fill_pass (load, stream, FALSE, progress, user_data, checking ? 0.75 : 0.5,
                         checking ? 0.25 : 0.5, total_bytes, cancellable, error))
    return FALSE;
  if (load->n_kept != load->n_capacity)
    return set_changed_error (load, load->table.n_rows, error);
  return TRUE;
}

NrtDataset *
csv_load_stream (GInputStream *stream, goffset total_bytes, const char *display_name,
                 const NrtCsvOptions *options, NrtCsvProgressFunc progress, gpointer user_data,
                 GCancellable *cancellable, NrtCsvReport **report, GError **error)
{
  CsvLoad load = { 0 };
  CsvFormat format;
  NrtDataset *dataset = NULL;

  load.display_name = display_name;
  load.options = options;
  load.notes = g_ptr_array_new_with_free_func (g_free);
  load.table.max_rows = -1;
  load.table.on_header = csv_load_resolve_columns;
  load.table.on_header_data = &load;

  if (csv_detect_format (stream, display_name, options, &format, cancellable, error)
      && csv_table_read (&load.table, stream, display_name, &format, 0, progress, user_data,
                         0.0, 0.5, total_bytes, cancellable, error)
      && load_after_scan (&load, stream, progress, user_data, total_bytes, cancellable, error))
    {
      add_count_notes (&load);
      add_invalid_utf8_note (&load);
      if (report != NULL)
        {
          NrtCsvReport *result = g_new0 (NrtCsvReport, 1);

          result->delimiter = format.delimiter;
          result->has_header = format.has_header;
          result->decimal_comma = format.decimal_comma;
          result->n_rows_read = load.table.n_rows;
          result->n_rows_dropped = load.table.n_rows - load.n_kept;
          for (int p = 0; p < load.n_plans; p++)
            result->n_values_filled += load.plans[p].n_filled;
          result->notes = g_steal_pointer (&load.notes);
          *report = result;
        }
      if (progress != NULL)
        progress (1.0, user_data);
      dataset = g_steal_pointer (&load.dataset);
    }

  csv_load_clear (&load);
  return dataset;
}
