/* nrt-metrics-view.c: the evaluation page with its split selector,
 * headline metrics, metrics drawing, predictions table and misclassified
 * pictures. */
#define G_LOG_DOMAIN "neurite-metrics-view"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "plot/nrt-plot-digits.h"
#include "plot/nrt-plot-metrics.h"

#include "nrt-metrics-view.h"

/* At most this many misclassified examples are handed to the pictures
 * drawing, which shows as many of them as fit. */
#define MAX_PICTURES 400

struct _NrtMetricsView
{
  GtkBox parent_instance;

  /* Template children, in alphabetical order. */
  GtkLabel *details_label;
  GtkDrawingArea *digits_area;
  GtkLabel *headline_label;
  GtkDrawingArea *metrics_area;
  NrtPredictionsView *predictions_view;
  GtkDropDown *split_dropdown;
  GtkStringList *split_names;
  GtkStack *stack;

  NrtTrainerEvaluation *evaluation;       /* or NULL */
  NrtSplit split;                         /* shown, or NRT_SPLIT_COUNT for none */
  NrtSplit offered[NRT_SPLIT_COUNT];      /* the splits in the dropdown, in its order */
  int n_offered;
  NrtPredictionsTable *table;             /* of split, or NULL */
  char *title;                            /* the drawings' title */

  /* The misclassified rows for the pictures, at most MAX_PICTURES. */
  int *picture_rows;
  int *picture_true;
  int *picture_predicted;
  int n_pictures;

  guint updating;                         /* > 0 while the view sets its own dropdown */
};

G_DEFINE_FINAL_TYPE (NrtMetricsView, nrt_metrics_view, GTK_TYPE_BOX)

static const char *
split_name (NrtSplit split)
{
  switch (split)
    {
    case NRT_SPLIT_TRAIN:
      return _("Training");
    case NRT_SPLIT_VALIDATION:
      return _("Validation");
    case NRT_SPLIT_TEST:
    case NRT_SPLIT_COUNT:
    default:
      return _("Test");
    }
}

static const NrtDataset *
get_data (NrtMetricsView *self)
{
  if (self->table == NULL)
    return NULL;
  return self->table->data;
}

/* ---- drawing ---- */

static void
fill_metrics_plot (NrtMetricsView *self, NrtMetricsPlot *plot)
{
  const NrtDataset *data = get_data (self);

  *plot = (NrtMetricsPlot) { 0 };
  plot->title = self->title;
  if (data == NULL)
    return;

  plot->report = self->table->report;
  plot->names = (const char *const *) (data->task == NRT_TASK_CLASSIFICATION
                                         ? data->class_names : data->target_names);
  plot->y_true = data->y;
  plot->y_pred = self->table->outputs;
}

static void
draw_metrics (NrtMetricsView *self, cairo_t *cr, double width, double height)
{
  NrtMetricsPlot plot;

  fill_metrics_plot (self, &plot);
  nrt_plot_metrics (cr, width, height, &plot);
}

static void
draw_pictures (NrtMetricsView *self, cairo_t *cr, double width, double height)
{
  const NrtDataset *data = get_data (self);
  NrtDigitsGrid grid = { 0 };

  if (data != NULL)
    {
      grid.features = data->x;
      grid.n_samples = data->n_samples;
      grid.n_features = data->n_features;
      grid.rows = self->picture_rows;
      grid.true_classes = self->picture_true;
      grid.predicted_classes = self->picture_predicted;
      grid.n_images = self->n_pictures;
      grid.n_total = self->table->n_wrong;
      grid.class_names = (const char *const *) data->class_names;
      grid.n_classes = data->n_classes;
      grid.title = self->title;
    }
  nrt_plot_digits (cr, width, height, data != NULL ? &grid : NULL);
}

static void
metrics_area_draw_cb (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  draw_metrics (NRT_METRICS_VIEW (user_data), cr, width, height);
}

static void
digits_area_draw_cb (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  draw_pictures (NRT_METRICS_VIEW (user_data), cr, width, height);
}

/* ---- the shown split ---- */

static void
update_pictures (NrtMetricsView *self)
{
  const NrtPredictionsTable *table = self->table;

  g_clear_pointer (&self->picture_rows, g_free);
  g_clear_pointer (&self->picture_true, g_free);
  g_clear_pointer (&self->picture_predicted, g_free);
  self->n_pictures = 0;
  if (!nrt_metrics_view_has_pictures (self))
    return;

  self->picture_rows = g_new (int, MIN (table->n_wrong, MAX_PICTURES));
  self->picture_true = g_new (int, MIN (table->n_wrong, MAX_PICTURES));
  self->picture_predicted = g_new (int, MIN (table->n_wrong, MAX_PICTURES));
  for (int i = 0; i < table->n_rows && self->n_pictures < MAX_PICTURES; i++)
    {
      if (!table->wrong[i])
        continue;
      self->picture_rows[self->n_pictures] = i;
      self->picture_true[self->n_pictures] = table->true_classes[i];
      self->picture_predicted[self->n_pictures] = table->predicted_classes[i];
      self->n_pictures++;
    }
}

/* Appends " · loss 0.123 · 150 rows" to details. */
static void
append_common_details (GString *details, const NrtMetricsReport *report)
{
  if (!isnan (report->loss))
    {
      g_string_append (details, " · ");
      g_string_append_printf (details, _("loss %.4g"), report->loss);
    }
  g_string_append (details, " · ");
  g_string_append_printf (details, ngettext ("%d row", "%d rows", report->n_samples),
                          report->n_samples);
}

static void
update_labels (NrtMetricsView *self)
{
  const NrtMetricsReport *report = self->table != NULL ? self->table->report : NULL;
  const char *name = split_name (self->split);
  g_autofree char *headline = NULL;
  g_autoptr (GString) details = g_string_new (NULL);

  if (report == NULL)
    {
      headline = g_strdup (_("No evaluation yet"));
      g_string_append (details, self->evaluation == NULL
                                  ? _("Train for an epoch to see the metrics.")
                                  : _("This split has no metrics."));
    }
  else if (report->task == NRT_TASK_CLASSIFICATION)
    {
      /* TRANSLATORS: %s is a split's name: Training, Validation or Test. */
      headline = g_strdup_printf (_("%s accuracy %.3f"), name, report->accuracy);
      g_string_append_printf (details, _("Macro F1 %.3f"), report->macro_f1);
      append_common_details (details, report);
    }
  else if (report->task == NRT_TASK_MULTILABEL)
    {
      /* TRANSLATORS: %s is a split's name: Training, Validation or Test. */
      headline = g_strdup_printf (_("%s binary accuracy %.3f"), name, report->accuracy);
      g_string_append_printf (details, _("Exact match %.3f · macro F1 %.3f"),
                              report->exact_match, report->macro_f1);
      append_common_details (details, report);
    }
  else
    {
      /* TRANSLATORS: %s is a split's name: Training, Validation or Test. */
      headline = g_strdup_printf (_("%s R² %.3f"), name, report->r2);
      g_string_append_printf (details, _("MAE %.4g · RMSE %.4g"), report->mae, report->rmse);
      append_common_details (details, report);
    }

  gtk_label_set_label (self->headline_label, headline);
  gtk_label_set_label (self->details_label, details->str);
}

static void
update_title (NrtMetricsView *self)
{
  g_clear_pointer (&self->title, g_free);
  if (self->evaluation == NULL || self->table == NULL)
    return;

  /* TRANSLATORS: the drawings' title; %s is a split's name, %d the epochs trained. */
  self->title = g_strdup_printf (ngettext ("%s split after %d epoch", "%s split after %d epochs",
                                           self->evaluation->epoch),
                                 split_name (self->split), self->evaluation->epoch);
}

static void
update_accessible_labels (NrtMetricsView *self)
{
  const NrtDataset *data = get_data (self);
  const char *label = _("Metrics");

  if (data != NULL && data->task == NRT_TASK_CLASSIFICATION)
    label = _("Confusion matrix and metrics per class");
  else if (data != NULL && data->task == NRT_TASK_MULTILABEL)
    label = _("Metrics per label");
  else if (data != NULL)
    label = _("Predicted against true values");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->metrics_area),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/* Makes every part show self->split of self->evaluation. */
static void
refresh (NrtMetricsView *self)
{
  NrtPredictionsTable *table = NULL;
  GtkStackPage *pictures_page;

  if (self->evaluation != NULL && self->split < NRT_SPLIT_COUNT)
    table = nrt_predictions_table_new (self->evaluation, self->split);
  g_clear_pointer (&self->table, nrt_predictions_table_unref);
  self->table = table;

  nrt_predictions_view_set_table (self->predictions_view, table);
  update_pictures (self);
  update_title (self);
  update_labels (self);
  update_accessible_labels (self);

  pictures_page = gtk_stack_get_page (self->stack, GTK_WIDGET (self->digits_area));
  gtk_stack_page_set_visible (pictures_page, nrt_metrics_view_has_pictures (self));
  if (!nrt_metrics_view_has_pictures (self)
      && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "misclassified") == 0)
    gtk_stack_set_visible_child_name (self->stack, "metrics");

  gtk_widget_queue_draw (GTK_WIDGET (self->metrics_area));
  gtk_widget_queue_draw (GTK_WIDGET (self->digits_area));
}

static gboolean
split_has_rows (NrtTrainerEvaluation *evaluation, NrtSplit split)
{
  const NrtDataset *part = evaluation->splits != NULL ? evaluation->splits->parts[split] : NULL;

  return part != NULL && part->n_samples > 0 && evaluation->outputs[split] != NULL;
}

/* Lists the splits that have rows in the dropdown, and picks the one to
 * show: the current one if it is still there, else the last of test,
 * validation and training. */
static void
update_offered_splits (NrtMetricsView *self)
{
  NrtSplit offered[NRT_SPLIT_COUNT];
  int n_offered = 0, selected = -1;
  gboolean same;

  for (int s = 0; s < NRT_SPLIT_COUNT && self->evaluation != NULL; s++)
    if (split_has_rows (self->evaluation, s))
      offered[n_offered++] = s;

  for (int i = 0; i < n_offered; i++)
    if (offered[i] == self->split)
      selected = i;
  if (selected < 0)
    selected = n_offered - 1;
  self->split = selected >= 0 ? offered[selected] : NRT_SPLIT_COUNT;

  same = n_offered == self->n_offered;
  for (int i = 0; i < n_offered && same; i++)
    same = offered[i] == self->offered[i];

  self->updating++;
  if (!same)
    {
      const char *names[NRT_SPLIT_COUNT + 1] = { NULL };

      for (int i = 0; i < n_offered; i++)
        {
          names[i] = split_name (offered[i]);
          self->offered[i] = offered[i];
        }
      self->n_offered = n_offered;
      gtk_string_list_splice (self->split_names, 0,
                              g_list_model_get_n_items (G_LIST_MODEL (self->split_names)), names);
    }
  gtk_drop_down_set_selected (self->split_dropdown,
                              selected >= 0 ? (guint) selected : GTK_INVALID_LIST_POSITION);
  gtk_widget_set_sensitive (GTK_WIDGET (self->split_dropdown), n_offered > 1);
  self->updating--;
}

static void
split_selected_cb (GtkDropDown *dropdown, GParamSpec *pspec, NrtMetricsView *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->updating > 0 || selected >= (guint) self->n_offered)
    return;
  if (self->offered[selected] == self->split)
    return;

  self->split = self->offered[selected];
  refresh (self);
}

/* ---- the class ---- */

static void
nrt_metrics_view_dispose (GObject *object)
{
  NrtMetricsView *self = NRT_METRICS_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), NRT_TYPE_METRICS_VIEW);
  g_clear_pointer (&self->table, nrt_predictions_table_unref);
  g_clear_pointer (&self->evaluation, nrt_trainer_evaluation_unref);

  G_OBJECT_CLASS (nrt_metrics_view_parent_class)->dispose (object);
}

static void
nrt_metrics_view_finalize (GObject *object)
{
  NrtMetricsView *self = NRT_METRICS_VIEW (object);

  g_free (self->title);
  g_free (self->picture_rows);
  g_free (self->picture_true);
  g_free (self->picture_predicted);

  G_OBJECT_CLASS (nrt_metrics_view_parent_class)->finalize (object);
}

static void
nrt_metrics_view_class_init (NrtMetricsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nrt_metrics_view_dispose;
  object_class->finalize = nrt_metrics_view_finalize;

  g_type_ensure (NRT_TYPE_PREDICTIONS_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/neurite/Neurite/nrt-metrics-view.ui");
  gtk_widget_class_bind_template_child (widget_class, NrtMetricsView, details_label);
  gtk_widget_class_bind_template_child (widget_class, NrtMetricsView, digits_area);
  gtk_widget_class_bind_template_child (widget_class, NrtMetricsView, headline_label);
  gtk_widget_class_bind_template_child (widget_class, NrtMetricsView, metrics_area);
  gtk_widget_class_bind_template_child (widget_class, NrtMetricsView, predictions_view);
  gtk_widget_class_bind_template_child (widget_class, NrtMetricsView, split_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NrtMetricsView, split_names);
  gtk_widget_class_bind_template_child (widget_class, NrtMetricsView, stack);
}

static void
nrt_metrics_view_init (NrtMetricsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->split = NRT_SPLIT_COUNT;
  gtk_drawing_area_set_draw_func (self->metrics_area, metrics_area_draw_cb, self, NULL);
  gtk_drawing_area_set_draw_func (self->digits_area, digits_area_draw_cb, self, NULL);
  g_signal_connect_object (self->split_dropdown, "notify::selected",
                           G_CALLBACK (split_selected_cb), self, 0);
  refresh (self);
}

GtkWidget *
nrt_metrics_view_new (void)
{
  return g_object_new (NRT_TYPE_METRICS_VIEW, NULL);
}

void
nrt_metrics_view_set_evaluation (NrtMetricsView *self, NrtTrainerEvaluation *evaluation)
{
  g_return_if_fail (NRT_IS_METRICS_VIEW (self));

  if (evaluation != NULL)
    nrt_trainer_evaluation_ref (evaluation);
  g_clear_pointer (&self->evaluation, nrt_trainer_evaluation_unref);
  self->evaluation = evaluation;

  update_offered_splits (self);
  refresh (self);
}

gboolean
nrt_metrics_view_set_split (NrtMetricsView *self, NrtSplit split)
{
  g_return_val_if_fail (NRT_IS_METRICS_VIEW (self), FALSE);

  for (int i = 0; i < self->n_offered; i++)
    {
      if (self->offered[i] != split)
        continue;
      /* The dropdown's notify handler refreshes the view. */
      gtk_drop_down_set_selected (self->split_dropdown, i);
      return TRUE;
    }
  return FALSE;
}

NrtSplit
nrt_metrics_view_get_split (NrtMetricsView *self)
{
  g_return_val_if_fail (NRT_IS_METRICS_VIEW (self), NRT_SPLIT_COUNT);

  return self->split;
}

const char *
nrt_metrics_view_get_headline (NrtMetricsView *self)
{
  g_return_val_if_fail (NRT_IS_METRICS_VIEW (self), NULL);

  return gtk_label_get_label (self->headline_label);
}

NrtPredictionsView *
nrt_metrics_view_get_predictions_view (NrtMetricsView *self)
{
  g_return_val_if_fail (NRT_IS_METRICS_VIEW (self), NULL);

  return self->predictions_view;
}

gboolean
nrt_metrics_view_has_pictures (NrtMetricsView *self)
{
  const NrtDataset *data;

  g_return_val_if_fail (NRT_IS_METRICS_VIEW (self), FALSE);

  data = get_data (self);
  return data != NULL && data->task == NRT_TASK_CLASSIFICATION
         && nrt_plot_digits_side (data->n_features) > 0;
}

static gboolean
shows_pictures (NrtMetricsView *self)
{
  return nrt_metrics_view_has_pictures (self)
         && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "misclassified") == 0;
}

void
nrt_metrics_view_draw_export (cairo_t *cr, double width, double height, gpointer view)
{
  NrtMetricsView *self = NRT_METRICS_VIEW (view);

  if (shows_pictures (self))
    draw_pictures (self, cr, width, height);
  else
    draw_metrics (self, cr, width, height);
}

const char *
nrt_metrics_view_get_export_name (NrtMetricsView *self)
{
  g_return_val_if_fail (NRT_IS_METRICS_VIEW (self), NULL);

  return shows_pictures (self) ? "misclassified.png" : "metrics.png";
}
