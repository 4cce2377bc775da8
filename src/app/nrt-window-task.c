/* nrt-window-task.c: the output layer and the loss that suit the task of
 * the data: binary, multi-class or multi-label classification, or
 * regression. The window picks defaults for each task. When a person picks
 * a combination that does not fit, it shows why instead of training. */
#define G_LOG_DOMAIN "neurite-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "nrt-window-private.h"

/* Learning rates the window sets when the task changes. Classification
 * starts from Keras's default for Adam. Regression targets are not scaled,
 * so the output bias must travel to the targets' mean, 152 on diabetes.csv.
 * There, with the example network (tanh 6, tanh 3), normalized features,
 * Adam, batches of 16 and a validation split of 0.2, neurite-cli reached a
 * validation MSE of 26,960 after 100 epochs at 0.001, 11,805 at 0.01 and
 * 4,191 at 0.05. */
#define CLASSIFICATION_LEARNING_RATE 0.001
#define REGRESSION_LEARNING_RATE 0.05

/* Output units follow the task. Classification has one unit per class,
 * except for two classes with a loss other than
 * sparse_categorical_crossentropy, which take one unit. Multi-label data
 * has one unit per label, and regression one unit per target. */
int
nrt_window_get_output_units (NrtWindow *self)
{
  NrtLossKind loss = gtk_drop_down_get_selected (self->loss_dropdown);
  const NrtDataset *data = self->dataset;

  if (data == NULL)
    return 1;

  if (data->task == NRT_TASK_CLASSIFICATION)
    {
      if (data->n_classes > 2 || loss == NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY)
        return data->n_classes;
      return 1;
    }
  return data->n_targets;
}

/* Writes the number of output units and the task into the label beside
 * the output activation, such as "Output, 3 units (3 classes)". */
void
nrt_window_update_output_label (NrtWindow *self)
{
  g_autofree char *units_text = NULL;
  g_autofree char *task_text = NULL;
  g_autofree char *text = NULL;
  const NrtDataset *data = self->dataset;
  int units = nrt_window_get_output_units (self);

  units_text = g_strdup_printf (ngettext ("Output, %d unit", "Output, %d units", units), units);
  if (data == NULL)
    {
      gtk_label_set_label (self->output_label, units_text);
      return;
    }

  switch (data->task)
    {
    case NRT_TASK_CLASSIFICATION:
      task_text = g_strdup_printf (ngettext ("%d class", "%d classes", data->n_classes),
                                   data->n_classes);
      break;
    case NRT_TASK_MULTILABEL:
      task_text = g_strdup_printf (ngettext ("%d label", "%d labels", data->n_targets),
                                   data->n_targets);
      break;
    case NRT_TASK_REGRESSION:
    default:
      task_text = g_strdup_printf (ngettext ("regression of %d target",
                                             "regression of %d targets", data->n_targets),
                                   data->n_targets);
      break;
    }

  /* TRANSLATORS: the output layer's size, then the task of the data in
   * brackets on a second line, such as "Output, 3 units\n(3 classes)". The
   * line break keeps the label beside the output activation narrow. */
  text = g_strdup_printf (_("%s\n(%s)"), units_text, task_text);
  gtk_label_set_label (self->output_label, text);
}

/* Makes "From logits" available with the cross-entropy losses only, and
 * unchecks it otherwise, so that no run passes logits to a regression
 * loss. Starts no run by itself. */
void
nrt_window_update_from_logits (NrtWindow *self)
{
  NrtLossKind loss = gtk_drop_down_get_selected (self->loss_dropdown);
  gboolean cross_entropy = nrt_loss_is_crossentropy (loss);
  GtkWidget *check = GTK_WIDGET (self->from_logits_check);

  self->updating++;
  if (!cross_entropy)
    gtk_check_button_set_active (self->from_logits_check, FALSE);
  self->updating--;

  gtk_widget_set_sensitive (check, cross_entropy);
  if (cross_entropy)
    gtk_widget_set_tooltip_text (check, _("The output layer gives logits, and the loss applies "
                                          "the sigmoid or softmax itself"));
  else
    gtk_widget_set_tooltip_text (check, _("Only the cross-entropy losses take logits: the other "
                                          "losses compare the outputs with the targets as they "
                                          "are."));
}

/* Picks the loss, output activation and learning rate that suit the data.
 * Two classes and multi-label data get binary cross-entropy with a sigmoid,
 * more classes sparse categorical cross-entropy with a softmax, and
 * regression mean squared error with a linear output. */
void
nrt_window_apply_task_defaults (NrtWindow *self)
{
  NrtLossKind loss = NRT_LOSS_MEAN_SQUARED_ERROR;
  NrtActivation activation = NRT_ACTIVATION_LINEAR;
  double learning_rate = CLASSIFICATION_LEARNING_RATE;

  switch (self->dataset->task)
    {
    case NRT_TASK_CLASSIFICATION:
      if (self->dataset->n_classes == 2)
        {
          loss = NRT_LOSS_BINARY_CROSSENTROPY;
          activation = NRT_ACTIVATION_SIGMOID;
        }
      else
        {
          loss = NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY;
          activation = NRT_ACTIVATION_SOFTMAX;
        }
      break;
    case NRT_TASK_MULTILABEL:
      loss = NRT_LOSS_BINARY_CROSSENTROPY;
      activation = NRT_ACTIVATION_SIGMOID;
      break;
    case NRT_TASK_REGRESSION:
    default:
      learning_rate = REGRESSION_LEARNING_RATE;
      break;
    }

  self->updating++;
  gtk_drop_down_set_selected (self->loss_dropdown, loss);
  gtk_drop_down_set_selected (self->output_activation_dropdown, activation);
  gtk_check_button_set_active (self->from_logits_check, FALSE);
  gtk_spin_button_set_value (self->learning_rate_spin, learning_rate);
  self->updating--;
  nrt_window_update_from_logits (self);
  nrt_window_update_output_label (self);
}

/* Returns whether a and b need the same output layer and loss: the same
 * task, number of classes and number of targets. NULL matches nothing. */
gboolean
nrt_window_same_task (const NrtDataset *a, const NrtDataset *b)
{
  if (a == NULL || b == NULL)
    return FALSE;
  return a->task == b->task && a->n_classes == b->n_classes && a->n_targets == b->n_targets;
}

/* Returns why activation cannot produce targets of data, a regression
 * dataset, or NULL when it can. */
static char *
explain_regression_misfit (const NrtDataset *data, NrtLossKind loss, NrtActivation activation)
{
  size_t n_values = (size_t) data->n_samples * (size_t) data->n_targets;
  float min = 0;
  float max = 0;

  if (nrt_loss_is_crossentropy (loss))
    return g_strdup_printf (_("%s compares probabilities with labels of 0 and 1, but the targets "
                              "of this data are real numbers. Pick mean_squared_error, "
                              "mean_absolute_error or huber, with a linear output."),
                            nrt_loss_name (loss));
  if (activation == NRT_ACTIVATION_SOFTMAX)
    return g_strdup (_("A softmax output sums to 1 over its units, so it cannot follow "
                       "real-valued targets. Pick a linear output."));

  for (size_t i = 0; i < n_values; i++)
    {
      if (i == 0 || data->y[i] < min)
        min = data->y[i];
      if (i == 0 || data->y[i] > max)
        max = data->y[i];
    }

  if (activation == NRT_ACTIVATION_SIGMOID && (min < 0 || max > 1))
    return g_strdup_printf (_("A sigmoid output stays between 0 and 1, but the targets run from "
                              "%g to %g. Pick a linear output."), min, max);
  if (activation == NRT_ACTIVATION_TANH && (min < -1 || max > 1))
    return g_strdup_printf (_("A tanh output stays between −1 and 1, but the targets run from "
                              "%g to %g. Pick a linear output."), min, max);
  if (activation == NRT_ACTIVATION_RELU && min < 0)
    return g_strdup_printf (_("A relu output is never negative, but the targets go down to %g. "
                              "Pick a linear output."), min);
  return NULL;
}

/* Returns why the output activation and the loss do not suit the task of
 * the data, with what to pick instead, or NULL when they fit. The rules
 * cover the checks of nrt_model_compile and add those that need the data:
 * its task, its number of classes and the range of its targets. */
static char *
explain_misfit (NrtWindow *self)
{
  const NrtDataset *data = self->dataset;
  NrtLossKind loss = gtk_drop_down_get_selected (self->loss_dropdown);
  NrtActivation activation = gtk_drop_down_get_selected (self->output_activation_dropdown);
  gboolean from_logits = gtk_check_button_get_active (self->from_logits_check);
  gboolean cross_entropy = nrt_loss_is_crossentropy (loss);
  gboolean multiclass;
  const char *probability_activation;

  if (data == NULL)
    return NULL;
  if (data->task == NRT_TASK_REGRESSION)
    return explain_regression_misfit (data, loss, activation);

  /* Step 1: the loss must read the labels as the data stores them. */
  multiclass = data->task == NRT_TASK_CLASSIFICATION && data->n_classes > 2;
  if (data->task == NRT_TASK_MULTILABEL && loss == NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY)
    return g_strdup_printf (_("sparse_categorical_crossentropy expects one class per sample, but "
                              "this data has %d labels per sample, each 0 or 1. Pick "
                              "binary_crossentropy with a sigmoid output."), data->n_targets);
  if (multiclass && loss != NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY)
    return g_strdup_printf (_("%s expects one target of 0 or 1 per output unit, but this data "
                              "has one label column of %d classes. Pick "
                              "sparse_categorical_crossentropy with a softmax output."),
                            nrt_loss_name (loss), data->n_classes);

  /* Step 2: the output activation must give class scores. */
  probability_activation = loss == NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY ? "softmax" : "sigmoid";
  if (activation == NRT_ACTIVATION_RELU)
    return g_strdup_printf (_("A relu output has no upper bound and is 0 for every negative "
                              "input, so it does not give class probabilities. Pick %s."),
                            probability_activation);
  if (activation == NRT_ACTIVATION_SOFTMAX && data->task == NRT_TASK_MULTILABEL)
    return g_strdup (_("A softmax makes the labels compete, because its outputs sum to 1, but "
                       "each label is 0 or 1 on its own. Pick a sigmoid output."));
  if (activation == NRT_ACTIVATION_SOFTMAX && nrt_window_get_output_units (self) == 1)
    return g_strdup (_("A softmax over one unit always outputs 1, so the model cannot learn. "
                       "Pick a sigmoid output, or sparse_categorical_crossentropy to put a "
                       "softmax over both classes."));

  /* Step 3: a cross-entropy takes probabilities, or logits with "From
   * logits". */
  if (!cross_entropy)
    return NULL;
  if (from_logits && activation != NRT_ACTIVATION_LINEAR)
    return g_strdup_printf (_("With From logits, %s applies the %s itself, so the output must be "
                              "linear, not %s. Pick linear, or uncheck From logits."),
                            nrt_loss_name (loss), probability_activation,
                            nrt_activation_name (activation));
  if (!from_logits && activation == NRT_ACTIVATION_LINEAR)
    return g_strdup_printf (_("A linear output gives logits, not the probabilities that %s "
                              "expects. Check From logits, or pick %s."),
                            nrt_loss_name (loss), probability_activation);
  if (!from_logits && !g_str_equal (nrt_activation_name (activation), probability_activation))
    return g_strdup_printf (_("%s expects the probabilities of a %s output, but the output is "
                              "%s. Pick %s, or a linear output with From logits."),
                            nrt_loss_name (loss), probability_activation,
                            nrt_activation_name (activation), probability_activation);
  return NULL;
}

/* Shows why the output layer and the loss do not fit the data, pauses and
 * disables win.train and win.step until they do, or hides the explanation.
 * Returns whether they fit. */
gboolean
nrt_window_update_fit (NrtWindow *self)
{
  g_autofree char *reason = explain_misfit (self);

  self->fits = reason == NULL;
  if (reason != NULL)
    {
      nrt_window_set_playing (self, FALSE);
      gtk_label_set_label (self->fit_label, reason);
    }
  /* The hidden label leaves the accessible tree, so screen readers do not
   * read an old reason. */
  gtk_widget_set_visible (GTK_WIDGET (self->fit_label), reason != NULL);
  gtk_info_bar_set_revealed (self->fit_bar, reason != NULL);
  nrt_window_update_action_states (self);
  return self->fits;
}
