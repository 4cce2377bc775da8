/* nrt-predictions-view-columns.c: the columns of the predictions table,
 * their cells and their sorters. */
#define G_LOG_DOMAIN "neurite-predictions-view"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "nrt-predictions-view-private.h"

/* Regression shows true, predicted and error columns for at most this many
 * targets. */
#define MAX_TARGET_COLUMNS 4

typedef enum {
  COLUMN_ROW,
  COLUMN_INPUT,        /* index: the feature */
  COLUMN_TRUE,         /* index: the target, for regression */
  COLUMN_PREDICTED,    /* index: the target, for regression */
  COLUMN_CONFIDENCE,
  COLUMN_ERROR,        /* index: the target */
} ColumnKind;

/* What one column shows. Shared by the column's factory and sorter, each
 * holding a reference (g_rc_box). The view outlives its columns, which it
 * removes in dispose. */
typedef struct {
  NrtPredictionsView *view;
  ColumnKind kind;
  int index;
} ColumnSpec;

static ColumnSpec *
column_spec_new (NrtPredictionsView *view, ColumnKind kind, int index)
{
  ColumnSpec *spec = g_rc_box_new0 (ColumnSpec);

  spec->view = view;
  spec->kind = kind;
  spec->index = index;
  return spec;
}

static void
release_spec_closure_data (gpointer spec, GClosure *closure)
{
  g_rc_box_release (spec);
}

/* ---- values ---- */

static float
get_input (const NrtPredictionsTable *table, guint row, int feature)
{
  return table->data->x[(gsize) row * table->data->n_features + feature];
}

static float
get_target (const NrtPredictionsTable *table, guint row, int target)
{
  return table->data->y[(gsize) row * table->data->n_targets + target];
}

static float
get_output (const NrtPredictionsTable *table, guint row, int unit)
{
  return table->outputs[(gsize) row * table->units + unit];
}

static char *
dup_class_text (const NrtPredictionsTable *table, int class_index)
{
  const char *name = nrt_predictions_table_get_class_name (table, class_index);

  return name != NULL ? g_strdup (name) : g_strdup_printf ("%d", class_index);
}

/* Joins the names of the labels that are set: the true ones when
 * predicted is FALSE. */
static char *
dup_labels_text (const NrtPredictionsTable *table, guint row, gboolean predicted)
{
  GString *text = g_string_new (NULL);
  int n_labels = table->data->n_targets;

  for (int l = 0; l < n_labels; l++)
    {
      gboolean set = predicted ? table->predicted_labels[(gsize) row * n_labels + l]
                               : get_target (table, row, l) > 0.5f;

      if (!set)
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, table->data->target_names[l]);
    }
  if (text->len == 0)
    /* TRANSLATORS: a multi-label row with no label set. */
    g_string_append (text, _("none"));
  return g_string_free (text, FALSE);
}

static char *
dup_cell_text (const ColumnSpec *spec, const NrtPredictionsTable *table, guint row)
{
  switch (spec->kind)
    {
    case COLUMN_ROW:
      return g_strdup_printf ("%u", row + 1);

    case COLUMN_INPUT:
      return g_strdup_printf ("%.4g", get_input (table, row, spec->index));

    case COLUMN_TRUE:
      if (table->task == NRT_TASK_CLASSIFICATION)
        return dup_class_text (table, table->true_classes[row]);
      if (table->task == NRT_TASK_MULTILABEL)
        return dup_labels_text (table, row, FALSE);
      return g_strdup_printf ("%.4g", get_target (table, row, spec->index));

    case COLUMN_PREDICTED:
      if (table->task == NRT_TASK_CLASSIFICATION)
        return dup_class_text (table, table->predicted_classes[row]);
      if (table->task == NRT_TASK_MULTILABEL)
        return dup_labels_text (table, row, TRUE);
      return g_strdup_printf ("%.4g", get_output (table, row, spec->index));

    case COLUMN_CONFIDENCE:
      return g_strdup_printf ("%.3f", table->confidences[row]);

    case COLUMN_ERROR:
    default:
      return g_strdup_printf ("%+.4g", get_output (table, row, spec->index)
                                         - get_target (table, row, spec->index));
    }
}

/* ---- cells ---- */

static void
setup_cell_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  ColumnSpec *spec = user_data;
  GtkWidget *cell = gtk_inscription_new (NULL);
  gboolean is_text = spec->kind == COLUMN_TRUE || spec->kind == COLUMN_PREDICTED;

  /* Numbers align right; class names left. */
  gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), is_text ? 0.0f : 1.0f);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (cell), spec->kind == COLUMN_ROW ? 4 : 7);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (cell), is_text ? 12 : 9);
  gtk_list_item_set_child (item, cell);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  ColumnSpec *spec = user_data;
  const NrtPredictionsTable *table = spec->view->table;
  GtkWidget *cell = gtk_list_item_get_child (item);
  NrtPredictionRow *row = gtk_list_item_get_item (item);
  g_autofree char *text = NULL;
  guint index;

  if (table == NULL || row == NULL)
    return;
  index = nrt_prediction_row_get_index (row);
  if (index >= (guint) table->n_rows)
    return;

  text = dup_cell_text (spec, table, index);
  gtk_inscription_set_text (GTK_INSCRIPTION (cell), text);
  if (table->wrong[index])
    gtk_widget_add_css_class (cell, "wrong");
  else
    gtk_widget_remove_css_class (cell, "wrong");
}

/* ---- sorting ---- */

static int
compare_floats (float a, float b)
{
  /* NaN sorts after every number. */
  if (isnan (a) || isnan (b))
    return isnan (a) - isnan (b);
  return (a > b) - (a < b);
}

static int
compare_labels (const NrtPredictionsTable *table, guint a, guint b, gboolean predicted)
{
  int n_labels = table->data->n_targets;

  for (int l = 0; l < n_labels; l++)
    {
      int label_a, label_b;

      if (predicted)
        {
          label_a = table->predicted_labels[(gsize) a * n_labels + l];
          label_b = table->predicted_labels[(gsize) b * n_labels + l];
        }
      else
        {
          label_a = get_target (table, a, l) > 0.5f;
          label_b = get_target (table, b, l) > 0.5f;
        }
      if (label_a != label_b)
        return label_b - label_a;
    }
  return 0;
}

static int
compare_values (const ColumnSpec *spec, const NrtPredictionsTable *table, guint a, guint b)
{
  int t = spec->index;

  switch (spec->kind)
    {
    case COLUMN_ROW:
      return 0;

    case COLUMN_INPUT:
      return compare_floats (get_input (table, a, t), get_input (table, b, t));

    case COLUMN_TRUE:
      if (table->task == NRT_TASK_CLASSIFICATION)
        return (table->true_classes[a] > table->true_classes[b])
               - (table->true_classes[a] < table->true_classes[b]);
      if (table->task == NRT_TASK_MULTILABEL)
        return compare_labels (table, a, b, FALSE);
      return compare_floats (get_target (table, a, t), get_target (table, b, t));

    case COLUMN_PREDICTED:
      if (table->task == NRT_TASK_CLASSIFICATION)
        return (table->predicted_classes[a] > table->predicted_classes[b])
               - (table->predicted_classes[a] < table->predicted_classes[b]);
      if (table->task == NRT_TASK_MULTILABEL)
        return compare_labels (table, a, b, TRUE);
      return compare_floats (get_output (table, a, t), get_output (table, b, t));

    case COLUMN_CONFIDENCE:
      return compare_floats (table->confidences[a], table->confidences[b]);

    case COLUMN_ERROR:
    default:
      return compare_floats (get_output (table, a, t) - get_target (table, a, t),
                             get_output (table, b, t) - get_target (table, b, t));
    }
}

int
nrt_predictions_view_compare_rows (NrtPredictionsView *self, gconstpointer column, guint a,
                                   guint b)
{
  return compare_values (column, self->table, a, b);
}

/* The column's GtkSorter. The view sorts its rows itself (see
 * nrt-predictions-view.c), so the column view's sorter is only asked, with
 * probing set, which column it would call first. */
static int
compare_rows_cb (gconstpointer item_a, gconstpointer item_b, gpointer user_data)
{
  ColumnSpec *spec = user_data;
  NrtPredictionsView *view = spec->view;
  const NrtPredictionsTable *table = view->table;
  guint a = nrt_prediction_row_get_index ((NrtPredictionRow *) item_a);
  guint b = nrt_prediction_row_get_index ((NrtPredictionRow *) item_b);
  int order = 0;

  if (view->probing)
    {
      view->probed_column = spec;
      return GTK_ORDERING_SMALLER;
    }

  if (table != NULL && a < (guint) table->n_rows && b < (guint) table->n_rows)
    order = compare_values (spec, table, a, b);
  if (order == 0)
    order = (a > b) - (a < b);
  return gtk_ordering_from_cmpfunc (order);
}

gboolean
nrt_predictions_view_find_sort_column (NrtPredictionsView *self, gpointer *column,
                                       GtkSortType *order)
{
  g_autoptr (NrtPredictionRow) first = g_object_new (NRT_TYPE_PREDICTION_ROW, NULL);
  g_autoptr (NrtPredictionRow) second = g_object_new (NRT_TYPE_PREDICTION_ROW, NULL);
  GtkOrdering ordering;

  /* The column view's sorter calls the sorter of its first column and
   * inverts the result when that column sorts in descending order. Every
   * column's sorter returns "smaller" while probing and records itself,
   * so the result gives the column and the order. */
  self->probing = TRUE;
  self->probed_column = NULL;
  ordering = gtk_sorter_compare (self->sorter, first, second);
  self->probing = FALSE;

  *column = self->probed_column;
  *order = ordering == GTK_ORDERING_LARGER ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING;
  return self->probed_column != NULL && ordering != GTK_ORDERING_EQUAL;
}

/* ---- building the columns ---- */

static void
add_column (NrtPredictionsView *self, const char *title, ColumnKind kind, int index)
{
  ColumnSpec *spec = column_spec_new (self, kind, index);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkCustomSorter *sorter;
  GtkColumnViewColumn *column;

  g_signal_connect_data (factory, "setup", G_CALLBACK (setup_cell_cb), g_rc_box_acquire (spec),
                         release_spec_closure_data, 0);
  g_signal_connect_data (factory, "bind", G_CALLBACK (bind_cell_cb), g_rc_box_acquire (spec),
                         release_spec_closure_data, 0);
  sorter = gtk_custom_sorter_new (compare_rows_cb, spec, g_rc_box_release);

  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (self->column_view, column);

  g_object_unref (sorter);
  g_object_unref (column);
}

/* Returns a string that differs when the columns must differ. */
static char *
dup_columns_signature (const NrtPredictionsTable *table)
{
  GString *signature;
  const NrtDataset *data;

  if (table == NULL)
    return g_strdup ("");

  data = table->data;
  signature = g_string_new (nrt_task_name (data->task));
  g_string_append_printf (signature, "|%d|%d|%d", data->n_features, data->n_targets,
                          table->units);
  for (int j = 0; j < MIN (data->n_features, NRT_PREDICTIONS_VIEW_MAX_INPUT_COLUMNS); j++)
    g_string_append_printf (signature, "|%s", data->feature_names[j]);
  for (int t = 0; t < data->n_targets; t++)
    g_string_append_printf (signature, "|%s", data->target_names[t]);
  return g_string_free (signature, FALSE);
}

static void
add_target_columns (NrtPredictionsView *self, const NrtDataset *data)
{
  int n_shown = MIN (data->n_targets, MAX_TARGET_COLUMNS);

  for (int t = 0; t < n_shown; t++)
    {
      g_autofree char *true_title = NULL;
      g_autofree char *predicted_title = NULL;
      g_autofree char *error_title = NULL;

      if (data->n_targets == 1)
        {
          true_title = g_strdup (_("True value"));
          predicted_title = g_strdup (_("Predicted"));
          error_title = g_strdup (_("Error"));
        }
      else
        {
          /* TRANSLATORS: column titles; %s is a target column's name. */
          true_title = g_strdup_printf (_("True %s"), data->target_names[t]);
          predicted_title = g_strdup_printf (_("Predicted %s"), data->target_names[t]);
          error_title = g_strdup_printf (_("Error %s"), data->target_names[t]);
        }
      add_column (self, true_title, COLUMN_TRUE, t);
      add_column (self, predicted_title, COLUMN_PREDICTED, t);
      add_column (self, error_title, COLUMN_ERROR, t);
    }
}

/* Sets the note on columns left out, or hides it. */
static void
update_note (NrtPredictionsView *self, const NrtDataset *data)
{
  g_autoptr (GString) note = g_string_new (NULL);

  if (data != NULL && data->n_features > NRT_PREDICTIONS_VIEW_MAX_INPUT_COLUMNS)
    g_string_append_printf (note, _("Showing the first %d of %d input columns."),
                            NRT_PREDICTIONS_VIEW_MAX_INPUT_COLUMNS, data->n_features);
  if (data != NULL && data->task == NRT_TASK_REGRESSION && data->n_targets > MAX_TARGET_COLUMNS)
    {
      if (note->len > 0)
        g_string_append_c (note, ' ');
      g_string_append_printf (note, _("Showing the first %d of %d targets."), MAX_TARGET_COLUMNS,
                              data->n_targets);
    }
  gtk_label_set_label (self->note_label, note->str);
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), note->len > 0);
}

void
nrt_predictions_view_remove_columns (NrtPredictionsView *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr (GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (self->column_view, column);
    }
}

void
nrt_predictions_view_update_columns (NrtPredictionsView *self)
{
  g_autofree char *signature = dup_columns_signature (self->table);
  const NrtDataset *data = self->table != NULL ? self->table->data : NULL;

  if (g_strcmp0 (signature, self->columns_signature) == 0)
    return;

  g_free (self->columns_signature);
  self->columns_signature = g_steal_pointer (&signature);
  nrt_predictions_view_remove_columns (self);
  update_note (self, data);
  if (data == NULL)
    return;

  /* TRANSLATORS: the title of the column of row numbers. */
  add_column (self, _("Row"), COLUMN_ROW, 0);
  for (int j = 0; j < MIN (data->n_features, NRT_PREDICTIONS_VIEW_MAX_INPUT_COLUMNS); j++)
    add_column (self, data->feature_names[j], COLUMN_INPUT, j);

  switch (data->task)
    {
    case NRT_TASK_CLASSIFICATION:
      add_column (self, _("True class"), COLUMN_TRUE, 0);
      add_column (self, _("Predicted class"), COLUMN_PREDICTED, 0);
      add_column (self, _("Confidence"), COLUMN_CONFIDENCE, 0);
      break;

    case NRT_TASK_MULTILABEL:
      add_column (self, _("True labels"), COLUMN_TRUE, 0);
      add_column (self, _("Predicted labels"), COLUMN_PREDICTED, 0);
      break;

    case NRT_TASK_REGRESSION:
    default:
      add_target_columns (self, data);
      break;
    }
}
