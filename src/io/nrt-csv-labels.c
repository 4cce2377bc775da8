/* nrt-csv-labels.c: the choice of the task and the classes from the label
 * columns' statistics, by the rules of nrt-csv.h.
 */
#define G_LOG_DOMAIN "neurite-csv"

#include "config.h"

#include "nrt-csv-load-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Returns the label column's name as messages show it. */
static const char *
label_name (CsvLoad *load, int label)
{
  return g_ptr_array_index (load->table.shown_names, load->label_columns[label]);
}

static CsvColumnStats *
label_stats (CsvLoad *load, int label)
{
  return &load->table.columns[load->label_columns[label]];
}

/* Text values other than malformed numbers, which are bad numbers rather
 * than class names. */
static gboolean
has_words (const CsvColumnStats *column)
{
  return column->n_text > column->n_malformed;
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
add_note (CsvLoad *load, char *note)
{
  g_ptr_array_add (load->notes, note);
}

/* Returns the printable form of a label's text for a message. Free it with
 * g_free. */
static char *
dup_printable (const char *value)
{
  return csv_printable_value (value, strlen (value));
}

/* Sets an NRT_CSV_ERROR_BAD_OPTION error on label column label at line,
 * with the "file, line, column" prefix of csv_set_field_error before the
 * formatted problem. Returns FALSE. */
static gboolean set_label_error (CsvLoad *load, int label, gint64 line, GError **error,
                                 const char *format, ...) G_GNUC_PRINTF (5, 6);

static gboolean
set_label_error (CsvLoad *load, int label, gint64 line, GError **error, const char *format, ...)
{
  g_autofree char *problem = NULL;
  va_list args;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);

  csv_set_field_error (error, load->display_name, load->table.column_names,
                       NRT_CSV_ERROR_BAD_OPTION, line, load->label_columns[label], problem);
  return FALSE;
}

static gboolean
set_single_class_error (CsvLoad *load, const char *class_name, GError **error)
{
  g_autofree char *printable = dup_printable (class_name);

  g_set_error (error, NRT_CSV_ERROR, NRT_CSV_ERROR_SINGLE_CLASS,
               _("“%s”, column %d “%s”: every row has the label “%s”; a classifier needs at "
                 "least two classes. Choose another label column or add rows of other "
                 "classes"),
               load->display_name, load->label_columns[0] + 1, label_name (load, 0), printable);
  return FALSE;
}

/* Sets the task to classification into n classes of the given kind, with
 * a note that gives reason. */
static void
use_classes (CsvLoad *load, LabelKind kind, guint n, const char *reason)
{
  load->label_kind = kind;
  load->task = NRT_TASK_CLASSIFICATION;
  load->n_classes = (int) n;
  add_note (load, g_strdup_printf (ngettext ("The task is classification into %d class, "
                                             "because %s.",
                                             "The task is classification into %d classes, "
                                             "because %s.",
                                             n),
                                   (int) n, reason));
}

static gboolean
use_text_classes (CsvLoad *load, const char *reason, GError **error)
{
  CsvColumnStats *column = label_stats (load, 0);
  guint n = 0;

  load->class_texts = csv_column_sorted_texts (column, &n);
  if (n == 1)
    return set_single_class_error (load, load->class_texts[0], error);

  load->class_index = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint c = 0; c < n; c++)
    g_hash_table_insert (load->class_index, (gpointer) load->class_texts[c],
                         GUINT_TO_POINTER (c + 1));
  use_classes (load, LABEL_TEXT_CLASSES, n, reason);
  return TRUE;
}

static gboolean
use_integer_classes (CsvLoad *load, const char *reason, GError **error)
{
  CsvColumnStats *column = label_stats (load, 0);
  guint n = 0;
  g_autofree gpointer *keys = g_hash_table_get_keys_as_array (column->numbers, &n);

  load->class_numbers = g_new (double, n);
  for (guint c = 0; c < n; c++)
    load->class_numbers[c] = *(const double *) keys[c];
  qsort (load->class_numbers, n, sizeof (double), compare_doubles);
  if (n == 1)
    {
      g_autofree char *name = g_strdup_printf ("%lld", (long long) load->class_numbers[0]);

      return set_single_class_error (load, name, error);
    }

  use_classes (load, LABEL_INTEGER_CLASSES, n, reason);
  return TRUE;
}

static void
use_regression (CsvLoad *load, const char *reason)
{
  load->label_kind = LABEL_NUMBER;
  load->task = NRT_TASK_REGRESSION;
  load->n_classes = 0;
  add_note (load, g_strdup_printf (ngettext ("The task is regression with %d target, because "
                                             "%s.",
                                             "The task is regression with %d targets, because "
                                             "%s.",
                                             load->n_labels),
                                   load->n_labels, reason));
}

/* Uses options->class_names as the classes, whatever subset of them the
 * file contains. */
static void
use_given_classes (CsvLoad *load)
{
  char **names = load->options->class_names;
  guint n = g_strv_length (names);

  load->class_texts = g_new (const char *, MAX (n, 1));
  load->class_index = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint c = 0; c < n; c++)
    {
      load->class_texts[c] = names[c];
      g_hash_table_insert (load->class_index, names[c], GUINT_TO_POINTER (c + 1));
    }
  use_classes (load, LABEL_TEXT_CLASSES, n, _("the classes were given by name"));
}

static gboolean
type_one_label (CsvLoad *load, GError **error)
{
  CsvColumnStats *column = label_stats (load, 0);
  const char *name = label_name (load, 0);
  NrtCsvTask task = load->options->task;
  g_autofree char *reason = NULL;
  guint n_numbers = g_hash_table_size (column->numbers);

  if (load->options->class_names != NULL)
    {
      use_given_classes (load);
      return TRUE;
    }
  if (task == NRT_CSV_TASK_REGRESSION && csv_column_kind (column) == NRT_CSV_COLUMN_CATEGORICAL)
    {
      g_autofree char *value = dup_printable (column->first_text_value);

      return set_label_error (load, 0, column->first_text_line, error,
                              _("the label column contains text classes, such as “%s”, so "
                                "regression does not apply; choose classification, or a "
                                "label column of numbers"),
                              value);
    }
  if (task == NRT_CSV_TASK_REGRESSION)
    {
      reason = g_strdup (_("regression was chosen"));
      use_regression (load, reason);
      return TRUE;
    }

  if (has_words (column))
    {
      reason = g_strdup_printf (_("the label column “%s” contains text"), name);
      return use_text_classes (load, reason, error);
    }

  if (task == NRT_CSV_TASK_CLASSIFICATION)
    {
      if (!column->all_integer)
        {
          g_autofree char *value = dup_printable (column->first_non_integer_value);

          return set_label_error (load, 0, column->first_non_integer_line, error,
                                  _("“%s” is not an integer; classes are integers or text. "
                                    "Choose the regression task for this label, or fix the "
                                    "value"),
                                  value);
        }
      if (column->numbers_full)
        {
          g_set_error (error, NRT_CSV_ERROR, NRT_CSV_ERROR_TOO_MANY_CATEGORIES,
                       _("“%s”, column %d “%s”: the label has more than %d distinct "
                         "integers, too many for classes. Choose the regression task or "
                         "another label column"),
                       load->display_name, load->label_columns[0] + 1, name,
                       NRT_CSV_MAX_CATEGORIES);
          return FALSE;
        }
      reason = g_strdup (_("classification was chosen"));
      return use_integer_classes (load, reason, error);
    }

  /* Malformed numbers do not count here: each is an invalid label, which
   * the fill pass reports or drops. */
  if (column->all_integer && n_numbers <= NRT_CSV_MAX_INTEGER_CLASSES)
    {
      reason = g_strdup_printf (ngettext ("the label column “%s” contains integers with %u "
                                          "distinct value, at most %d",
                                          "the label column “%s” contains integers with %u "
                                          "distinct values, at most %d",
                                          n_numbers),
                                name, n_numbers, NRT_CSV_MAX_INTEGER_CLASSES);
      return use_integer_classes (load, reason, error);
    }

  if (column->all_integer)
    reason = g_strdup_printf (_("the label column “%s” contains more than %d distinct integers"),
                              name, NRT_CSV_MAX_INTEGER_CLASSES);
  else
    reason = g_strdup_printf (_("the label column “%s” contains numbers that are not all "
                                "integers"),
                              name);
  use_regression (load, reason);
  return TRUE;
}

/* Several label columns: multi-label when each holds only 0 and 1, a
 * multi-output regression otherwise. */
static gboolean
type_several_labels (CsvLoad *load, GError **error)
{
  NrtCsvTask task = load->options->task;
  int first_non_binary = -1;

  for (int t = 0; t < load->n_labels; t++)
    {
      CsvColumnStats *column = label_stats (load, t);

      if (csv_column_kind (column) == NRT_CSV_COLUMN_CATEGORICAL)
        {
          g_autofree char *value = dup_printable (column->first_text_value);

          return set_label_error (load, t, column->first_text_line, error,
                                  _("the label “%s” is text, but several label columns must "
                                    "hold numbers: 0 and 1 for a multi-label task, any number "
                                    "for regression. Choose one label column for classes of "
                                    "text"),
                                  value);
        }
      if (first_non_binary < 0 && column->first_non_binary_line != 0)
        first_non_binary = t;
    }

  if (task == NRT_CSV_TASK_REGRESSION)
    {
      use_regression (load, _("regression was chosen"));
      return TRUE;
    }
  if (first_non_binary < 0)
    {
      load->label_kind = LABEL_BINARY;
      load->task = NRT_TASK_MULTILABEL;
      load->n_classes = 0;
      add_note (load, g_strdup_printf (_("The task is multi-label classification with %d "
                                         "labels, because every label column contains only 0 "
                                         "and 1."),
                                       load->n_labels));
      return TRUE;
    }
  if (task == NRT_CSV_TASK_CLASSIFICATION)
    {
      CsvColumnStats *column = label_stats (load, first_non_binary);
      g_autofree char *value = dup_printable (column->first_non_binary_value);

      return set_label_error (load, first_non_binary, column->first_non_binary_line, error,
                              _("the label “%s” is neither 0 nor 1; with several label "
                                "columns, classification is multi-label and each label is 0 "
                                "or 1. Fix the value, or choose the regression task"),
                              value);
    }
  use_regression (load, _("the label columns contain numbers other than 0 and 1"));
  return TRUE;
}

void
csv_load_set_label_error (CsvLoad *load, int label, gint64 line, const char *field,
                          CsvNumberStatus status, GError **error)
{
  g_autofree char *problem = NULL;
  g_autofree char *message = NULL;
  const char *hint;

  if (status == CSV_NUMBER_EMPTY)
    problem = g_strdup (_("the label is empty; expected a class name or a number"));
  else if (load->label_kind == LABEL_BINARY)
    {
      g_autofree char *printable = dup_printable (field);

      problem = g_strdup_printf (_("the label “%s” is neither 0 nor 1; expected 0 or 1"),
                                 printable);
    }
  else
    problem = csv_number_problem (status, field, load->table.format.decimal_comma);

  if (load->options->missing == NRT_CSV_MISSING_MEAN)
    hint = _("Labels are never filled with a mean, so fill in the label or drop the rows "
             "with missing values");
  else
    hint = _("Fill in the label or remove the row, or drop the rows with missing values");
  message = g_strdup_printf ("%s. %s", problem, hint);
  csv_set_field_error (error, load->display_name, load->table.column_names,
                       status == CSV_NUMBER_EMPTY ? NRT_CSV_ERROR_MISSING_VALUE
                                                  : NRT_CSV_ERROR_NOT_NUMERIC,
                       line, load->label_columns[label], message);
}

gboolean
csv_load_type_labels (CsvLoad *load, GError **error)
{
  /* Dropping rows or filling values cannot help a label column without a
   * single usable value, so these errors are about the choice of column. */
  for (int t = 0; t < load->n_labels; t++)
    {
      CsvColumnStats *column = label_stats (load, t);
      NrtCsvColumnKind kind = csv_column_kind (column);

      if (kind == NRT_CSV_COLUMN_EMPTY)
        {
          return set_label_error (load, t, column->first_missing_line, error, "%s",
                                  _("the label is empty on every row, so the label column "
                                    "has no values; choose another label column"));
        }
      if (kind == NRT_CSV_COLUMN_NUMERIC && column->n_numeric == 0)
        return csv_load_set_no_number_error (load, load->label_columns[t], TRUE, error);
    }

  /* An empty label is an error unless such rows are dropped. It is reported
   * before the classes are counted, because it may leave too few of them. */
  for (int t = 0; t < load->n_labels; t++)
    if (label_stats (load, t)->n_missing > 0 && load->options->missing != NRT_CSV_MISSING_DROP)
      {
        csv_load_set_label_error (load, t, label_stats (load, t)->first_missing_line, "",
                                  CSV_NUMBER_EMPTY, error);
        return FALSE;
      }

  if (load->n_labels == 1)
    return type_one_label (load, error);
  return type_several_labels (load, error);
}

void
csv_load_clear_labels (CsvLoad *load)
{
  g_clear_pointer (&load->class_numbers, g_free);
  g_clear_pointer (&load->class_texts, g_free);
  g_clear_pointer (&load->class_index, g_hash_table_unref);
}
