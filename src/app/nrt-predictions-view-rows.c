/* nrt-predictions-view-rows.c: a list model of row numbers in the order
 * the table shows them. Its items are made on request, so that 200,000
 * rows cost no objects beyond the visible part of the table. */
#define G_LOG_DOMAIN "neurite-predictions-view"

#include "config.h"

#include "nrt-predictions-view.h"
#include "nrt-predictions-view-private.h"

struct _NrtPredictionRow
{
  GObject parent_instance;

  guint index;
};

G_DEFINE_FINAL_TYPE (NrtPredictionRow, nrt_prediction_row, G_TYPE_OBJECT)

static void
nrt_prediction_row_class_init (NrtPredictionRowClass *klass)
{
}

static void
nrt_prediction_row_init (NrtPredictionRow *self)
{
}

guint
nrt_prediction_row_get_index (NrtPredictionRow *self)
{
  g_return_val_if_fail (NRT_IS_PREDICTION_ROW (self), 0);

  return self->index;
}

struct _NrtPredictionRows
{
  GObject parent_instance;

  guint *indices;   /* (n_items) the data row shown at each position */
  guint n_items;
};

static GType
nrt_prediction_rows_get_item_type (GListModel *model)
{
  return NRT_TYPE_PREDICTION_ROW;
}

static guint
nrt_prediction_rows_get_n_items (GListModel *model)
{
  return NRT_PREDICTION_ROWS (model)->n_items;
}

static gpointer
nrt_prediction_rows_get_item (GListModel *model, guint position)
{
  NrtPredictionRow *row;

  if (position >= NRT_PREDICTION_ROWS (model)->n_items)
    return NULL;

  row = g_object_new (NRT_TYPE_PREDICTION_ROW, NULL);
  row->index = NRT_PREDICTION_ROWS (model)->indices[position];
  return row;
}

static void
nrt_prediction_rows_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = nrt_prediction_rows_get_item_type;
  iface->get_n_items = nrt_prediction_rows_get_n_items;
  iface->get_item = nrt_prediction_rows_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (NrtPredictionRows, nrt_prediction_rows, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      nrt_prediction_rows_list_model_init))

static void
nrt_prediction_rows_finalize (GObject *object)
{
  g_free (NRT_PREDICTION_ROWS (object)->indices);

  G_OBJECT_CLASS (nrt_prediction_rows_parent_class)->finalize (object);
}

static void
nrt_prediction_rows_class_init (NrtPredictionRowsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = nrt_prediction_rows_finalize;
}

static void
nrt_prediction_rows_init (NrtPredictionRows *self)
{
}

NrtPredictionRows *
nrt_prediction_rows_new (void)
{
  return g_object_new (NRT_TYPE_PREDICTION_ROWS, NULL);
}

void
nrt_prediction_rows_take_indices (NrtPredictionRows *self, guint *indices, guint n_items)
{
  guint old_n_items;

  g_return_if_fail (NRT_IS_PREDICTION_ROWS (self));

  /* Every item is reported as replaced, even at the same count, because
   * the rows or the values behind them changed. */
  old_n_items = self->n_items;
  g_free (self->indices);
  self->indices = indices;
  self->n_items = n_items;
  if (old_n_items > 0 || n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, n_items);
}
