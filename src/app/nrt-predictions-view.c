/* nrt-predictions-view.c: the predictions table widget, its filter, its
 * sort and the hand-over of new rows.
 *
 * The view filters and sorts an array of row numbers itself instead of
 * chaining GtkFilterListModel and GtkSortListModel, because those fetch
 * one GObject per row. On 200,000 rows with GTK 4.8.3 they took 0.8 to 2 s
 * per change, and 10 to 16 s in their incremental mode (measured with
 * test-metrics-view -m perf on two shared cores). The columns keep their
 * GtkSorters, so clicking a title sorts as usual. */
#define G_LOG_DOMAIN "neurite-predictions-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "nrt-predictions-view-private.h"

/* Positions in the filter dropdown's list. */
enum {
  FILTER_ALL_ROWS,
  FILTER_WRONG_ROWS,
};

G_DEFINE_FINAL_TYPE (NrtPredictionsView, nrt_predictions_view, GTK_TYPE_BOX)

static gboolean
name_matches (NrtPredictionsView *self, const NrtPredictionsTable *table, int index)
{
  int n_names = table->task == NRT_TASK_CLASSIFICATION ? table->data->n_classes
                                                       : table->data->n_targets;

  return index >= 0 && index < n_names && self->name_matches[index];
}

static gboolean
row_is_shown (NrtPredictionsView *self, const NrtPredictionsTable *table, guint row)
{
  /* Regression rows are never wrong, and its dropdown is insensitive, so
   * "Wrong rows" left on from classification data does not hide them. */
  if (self->wrong_only && table->task != NRT_TASK_REGRESSION && !table->wrong[row])
    return FALSE;
  if (self->search_key == NULL)
    return TRUE;

  switch (table->task)
    {
    case NRT_TASK_CLASSIFICATION:
      return name_matches (self, table, table->true_classes[row])
             || name_matches (self, table, table->predicted_classes[row]);

    case NRT_TASK_MULTILABEL:
      for (int l = 0; l < table->data->n_targets; l++)
        {
          gsize at = (gsize) row * table->data->n_targets + l;

          if ((table->data->y[at] > 0.5f || table->predicted_labels[at]) && self->name_matches[l])
            return TRUE;
        }
      return FALSE;

    case NRT_TASK_REGRESSION:
    default:
      /* Regression rows have no class to search. */
      return TRUE;
    }
}

/* Records which class (or label) names contain the search text, so that
 * the filter tests each row with two lookups. */
static void
update_name_matches (NrtPredictionsView *self)
{
  const NrtPredictionsTable *table = self->table;
  int n_names = 0;

  g_clear_pointer (&self->name_matches, g_free);
  if (table == NULL)
    return;

  n_names = table->task == NRT_TASK_CLASSIFICATION ? table->data->n_classes
                                                   : table->data->n_targets;
  self->name_matches = g_new0 (guint8, MAX (n_names, 1));
  for (int c = 0; c < n_names && self->search_key != NULL; c++)
    {
      g_autofree char *number = g_strdup_printf ("%d", c);
      const char *name = table->task == NRT_TASK_CLASSIFICATION
                           ? nrt_predictions_table_get_class_name (table, c)
                           : table->data->target_names[c];
      g_autofree char *key = g_utf8_casefold (name != NULL ? name : number, -1);

      self->name_matches[c] = strstr (key, self->search_key) != NULL;
    }
}

typedef struct {
  NrtPredictionsView *view;
  gconstpointer column;
  int direction;      /* 1 ascending, -1 descending */
} SortContext;

static int
compare_indices_cb (gconstpointer pointer_a, gconstpointer pointer_b, gpointer user_data)
{
  const SortContext *context = user_data;
  guint a = *(const guint *) pointer_a;
  guint b = *(const guint *) pointer_b;
  int order = nrt_predictions_view_compare_rows (context->view, context->column, a, b);

  /* Equal values keep the rows in data order in both directions. */
  if (order != 0)
    return order * context->direction;
  return (a > b) - (a < b);
}

static void
update_count (NrtPredictionsView *self)
{
  g_autofree char *text = NULL;
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  int n_rows = self->table != NULL ? self->table->n_rows : 0;

  /* TRANSLATORS: %u rows of the table are shown out of %d in the split. */
  text = g_strdup_printf (ngettext ("%u of %d row", "%u of %d rows", n_rows), n_shown, n_rows);
  gtk_label_set_label (self->count_label, text);
}

/* Lists the rows that pass the filter and the search, in the order of the
 * column view's sort column, and shows them. */
static void
refresh_rows (NrtPredictionsView *self)
{
  const NrtPredictionsTable *table = self->table;
  g_autofree guint *indices = NULL;
  guint n_shown = 0;
  SortContext context = { self, NULL, 1 };
  GtkSortType order;
  gpointer column;

  if (table != NULL)
    {
      indices = g_new (guint, MAX (table->n_rows, 1));
      for (guint row = 0; row < (guint) table->n_rows; row++)
        if (row_is_shown (self, table, row))
          indices[n_shown++] = row;
    }

  if (table != NULL && nrt_predictions_view_find_sort_column (self, &column, &order))
    {
      context.column = column;
      context.direction = order == GTK_SORT_DESCENDING ? -1 : 1;
      g_qsort_with_data (indices, n_shown, sizeof (guint), compare_indices_cb, &context);
    }

  nrt_prediction_rows_take_indices (self->rows, g_steal_pointer (&indices), n_shown);
  update_count (self);
}

static void
set_search_key (NrtPredictionsView *self, const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autofree char *key = stripped[0] != '\0' ? g_utf8_casefold (stripped, -1) : NULL;

  if (g_strcmp0 (key, self->search_key) == 0)
    return;

  g_free (self->search_key);
  self->search_key = g_steal_pointer (&key);
  update_name_matches (self);
  refresh_rows (self);
}

static void
search_changed_cb (GtkSearchEntry *entry, NrtPredictionsView *self)
{
  set_search_key (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
filter_selected_cb (GtkDropDown *dropdown, GParamSpec *pspec, NrtPredictionsView *self)
{
  gboolean wrong_only = gtk_drop_down_get_selected (dropdown) == FILTER_WRONG_ROWS;

  if (wrong_only == self->wrong_only)
    return;
  self->wrong_only = wrong_only;
  refresh_rows (self);
}

static void
sorter_changed_cb (GtkSorter *sorter, GtkSorterChange change, NrtPredictionsView *self)
{
  refresh_rows (self);
}

/* Shows table now: its columns, its filter state and its rows. */
static void
apply_table (NrtPredictionsView *self, NrtPredictionsTable *table)
{
  gboolean has_classes;

  if (table != NULL)
    nrt_predictions_table_ref (table);
  g_clear_pointer (&self->table, nrt_predictions_table_unref);
  self->table = table;

  /* The cells read self->table, so it changes before the rows are
   * reported as replaced. */
  nrt_predictions_view_update_columns (self);
  update_name_matches (self);
  has_classes = table != NULL && table->task != NRT_TASK_REGRESSION;
  gtk_widget_set_sensitive (GTK_WIDGET (self->filter_dropdown), has_classes);
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_entry), has_classes);
  refresh_rows (self);
}

static void
apply_pending (NrtPredictionsView *self)
{
  g_autoptr (NrtPredictionsTable) pending = g_steal_pointer (&self->pending);

  if (!self->has_pending)
    return;
  self->has_pending = FALSE;
  apply_table (self, pending);
}

static void
nrt_predictions_view_map (GtkWidget *widget)
{
  NrtPredictionsView *self = NRT_PREDICTIONS_VIEW (widget);

  GTK_WIDGET_CLASS (nrt_predictions_view_parent_class)->map (widget);
  apply_pending (self);
}

static void
nrt_predictions_view_dispose (GObject *object)
{
  NrtPredictionsView *self = NRT_PREDICTIONS_VIEW (object);

  if (self->column_view != NULL)
    {
      nrt_predictions_view_remove_columns (self);
      gtk_column_view_set_model (self->column_view, NULL);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), NRT_TYPE_PREDICTIONS_VIEW);
  g_clear_object (&self->sorter);
  g_clear_object (&self->rows);
  g_clear_pointer (&self->table, nrt_predictions_table_unref);
  g_clear_pointer (&self->pending, nrt_predictions_table_unref);

  G_OBJECT_CLASS (nrt_predictions_view_parent_class)->dispose (object);
}

static void
nrt_predictions_view_finalize (GObject *object)
{
  NrtPredictionsView *self = NRT_PREDICTIONS_VIEW (object);

  g_free (self->columns_signature);
  g_free (self->search_key);
  g_free (self->name_matches);

  G_OBJECT_CLASS (nrt_predictions_view_parent_class)->finalize (object);
}

static void
nrt_predictions_view_class_init (NrtPredictionsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nrt_predictions_view_dispose;
  object_class->finalize = nrt_predictions_view_finalize;
  widget_class->map = nrt_predictions_view_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/neurite/Neurite/nrt-predictions-view.ui");
  gtk_widget_class_bind_template_child (widget_class, NrtPredictionsView, column_view);
  gtk_widget_class_bind_template_child (widget_class, NrtPredictionsView, count_label);
  gtk_widget_class_bind_template_child (widget_class, NrtPredictionsView, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NrtPredictionsView, note_label);
  gtk_widget_class_bind_template_child (widget_class, NrtPredictionsView, search_entry);
}

static void
nrt_predictions_view_init (NrtPredictionsView *self)
{
  GtkSingleSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = nrt_prediction_rows_new ();
  self->sorter = g_object_ref (gtk_column_view_get_sorter (self->column_view));
  selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->rows)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  g_signal_connect_object (self->sorter, "changed", G_CALLBACK (sorter_changed_cb), self, 0);
  g_signal_connect_object (self->filter_dropdown, "notify::selected",
                           G_CALLBACK (filter_selected_cb), self, 0);
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb),
                           self, 0);
  update_count (self);
}

GtkWidget *
nrt_predictions_view_new (void)
{
  return g_object_new (NRT_TYPE_PREDICTIONS_VIEW, NULL);
}

void
nrt_predictions_view_set_table (NrtPredictionsView *self, NrtPredictionsTable *table)
{
  g_return_if_fail (NRT_IS_PREDICTIONS_VIEW (self));

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      g_clear_pointer (&self->pending, nrt_predictions_table_unref);
      self->has_pending = FALSE;
      apply_table (self, table);
      return;
    }

  /* Sorting and filtering a large split takes a moment, so a hidden view
   * waits until it is shown, and only the newest table is kept. */
  if (table != NULL)
    nrt_predictions_table_ref (table);
  g_clear_pointer (&self->pending, nrt_predictions_table_unref);
  self->pending = table;
  self->has_pending = TRUE;
}

void
nrt_predictions_view_set_wrong_only (NrtPredictionsView *self, gboolean wrong_only)
{
  g_return_if_fail (NRT_IS_PREDICTIONS_VIEW (self));

  gtk_drop_down_set_selected (self->filter_dropdown,
                              wrong_only ? FILTER_WRONG_ROWS : FILTER_ALL_ROWS);
}

void
nrt_predictions_view_set_search_text (NrtPredictionsView *self, const char *text)
{
  g_return_if_fail (NRT_IS_PREDICTIONS_VIEW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  set_search_key (self, text);
}

GListModel *
nrt_predictions_view_get_rows (NrtPredictionsView *self)
{
  g_return_val_if_fail (NRT_IS_PREDICTIONS_VIEW (self), NULL);

  apply_pending (self);
  return G_LIST_MODEL (self->rows);
}

GtkColumnView *
nrt_predictions_view_get_column_view (NrtPredictionsView *self)
{
  g_return_val_if_fail (NRT_IS_PREDICTIONS_VIEW (self), NULL);

  apply_pending (self);
  return self->column_view;
}
