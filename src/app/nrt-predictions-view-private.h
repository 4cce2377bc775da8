/* nrt-predictions-view-private.h: the fields of NrtPredictionsView and the
 * pieces its source files share. nrt-predictions-view.c contains the
 * widget, its filter, its sort and the hand-over of new rows.
 * nrt-predictions-view-columns.c contains the columns, their cells and
 * sorters, and nrt-predictions-view-rows.c the list model of row numbers. */
#pragma once

#include "nrt-predictions-view.h"

G_BEGIN_DECLS

/* A list model of NrtPredictionRow items, each made when requested. */
#define NRT_TYPE_PREDICTION_ROWS (nrt_prediction_rows_get_type ())
G_DECLARE_FINAL_TYPE (NrtPredictionRows, nrt_prediction_rows, NRT, PREDICTION_ROWS, GObject)

NrtPredictionRows *nrt_prediction_rows_new (void);

/* Replaces every item: position i shows data row indices[i]. Takes
 * indices, n_items of them, which may be NULL when n_items is 0. */
void nrt_prediction_rows_take_indices (NrtPredictionRows *self, guint *indices, guint n_items);

struct _NrtPredictionsView
{
  GtkBox parent_instance;

  /* Template children, in alphabetical order. */
  GtkColumnView *column_view;
  GtkLabel *count_label;
  GtkDropDown *filter_dropdown;
  GtkLabel *note_label;
  GtkSearchEntry *search_entry;

  NrtPredictionRows *rows;         /* the filtered rows in sorted order */
  GtkSorter *sorter;               /* the column view's, which follows the clicked titles */

  NrtPredictionsTable *table;      /* the rows shown, or NULL */
  NrtPredictionsTable *pending;    /* rows to show once mapped, or NULL */
  gboolean has_pending;            /* pending is set, even to NULL */
  char *columns_signature;         /* the task, inputs and targets the columns were made for */

  gboolean wrong_only;
  char *search_key;                /* the casefolded search text, or NULL for none */
  guint8 *name_matches;            /* per class (or label): its name contains search_key */

  /* Set while the view queries the column view's sorter for the column
   * that sorts first (see nrt_predictions_view_find_sort_column). */
  gboolean probing;
  gpointer probed_column;          /* the ColumnSpec whose sorter was called */
};

/* Replaces the columns with those that table needs, unless they are those
 * already shown. */
void nrt_predictions_view_update_columns (NrtPredictionsView *self);

/* Removes every column. */
void nrt_predictions_view_remove_columns (NrtPredictionsView *self);

/* Finds the column that the column view sorts by, which GTK 4.8 does not
 * expose, and its order. Returns FALSE when the rows are not sorted. */
gboolean nrt_predictions_view_find_sort_column (NrtPredictionsView *self, gpointer *column,
                                                GtkSortType *order);

/* Compares data rows a and b of self->table by column (from
 * nrt_predictions_view_find_sort_column): negative, 0 or positive. */
int nrt_predictions_view_compare_rows (NrtPredictionsView *self, gconstpointer column, guint a,
                                       guint b);

G_END_DECLS
