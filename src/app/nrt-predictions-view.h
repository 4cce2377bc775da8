/* nrt-predictions-view.h: a table of one split's rows with their inputs,
 * true and predicted labels, confidence or error, sortable by any column
 * and filterable to the wrong rows or by class name. */
#pragma once

#include <gtk/gtk.h>

#include "nrt-predictions-view-table.h"

G_BEGIN_DECLS

/* One row of the table: its index in the split's data. */
#define NRT_TYPE_PREDICTION_ROW (nrt_prediction_row_get_type ())
G_DECLARE_FINAL_TYPE (NrtPredictionRow, nrt_prediction_row, NRT, PREDICTION_ROW, GObject)

guint nrt_prediction_row_get_index (NrtPredictionRow *row);

#define NRT_TYPE_PREDICTIONS_VIEW (nrt_predictions_view_get_type ())
G_DECLARE_FINAL_TYPE (NrtPredictionsView, nrt_predictions_view, NRT, PREDICTIONS_VIEW, GtkBox)

/* At most this many input columns are shown, and a note gives how many
 * the data has. */
#define NRT_PREDICTIONS_VIEW_MAX_INPUT_COLUMNS 8

GtkWidget *nrt_predictions_view_new (void);

/* Shows table, or an empty table when it is NULL, and keeps a reference.
 * The filter and the search stay. The sort order stays while the columns
 * stay the same: same task, inputs and targets. While the view is not
 * mapped, the new rows are applied when it is shown. */
void nrt_predictions_view_set_table (NrtPredictionsView *self, NrtPredictionsTable *table);

/* Chooses "All rows" or "Wrong rows" in the filter dropdown. */
void nrt_predictions_view_set_wrong_only (NrtPredictionsView *self, gboolean wrong_only);

/* Sets the search text and filters at once, without the entry's delay.
 * A row matches when its true or predicted class (or, for multi-label,
 * one of those labels) contains the text, ignoring case. */
void nrt_predictions_view_set_search_text (NrtPredictionsView *self, const char *text);

/* The rows as shown, filtered and sorted, with NrtPredictionRow items, and
 * the column view that shows them. Both getters first apply the table
 * that an unmapped view holds back, so that the rows and the columns are
 * those of the newest table. */
GListModel *nrt_predictions_view_get_rows (NrtPredictionsView *self);
GtkColumnView *nrt_predictions_view_get_column_view (NrtPredictionsView *self);

G_END_DECLS
