/* nrt-cli-compile.c: the output layer and the loss chosen from the data,
 * and the checks that they fit the data. */
#include "config.h"

#include "nrt-cli-compile.h"

#include <stdarg.h>

#include <glib/gi18n-lib.h>

#include "nrt-cli-options.h"

static gboolean
usage_error (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* Sets a usage error and returns FALSE. */
static gboolean
usage_error (GError **error, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                                                format, args));
  va_end (args);
  return FALSE;
}

static gboolean
is_regression_loss (int loss_kind)
{
  return loss_kind == NRT_LOSS_MEAN_SQUARED_ERROR || loss_kind == NRT_LOSS_MEAN_ABSOLUTE_ERROR
         || loss_kind == NRT_LOSS_HUBER;
}

/* Chooses the loss that a Keras user would pick for the data and the output
 * layer, as the help text of nrt_cli_model_args_describe states. */
static void
choose_loss (const NrtDataset *data, const NrtDenseConfig *output, NrtLossConfig *loss)
{
  if (data->task == NRT_TASK_REGRESSION)
    loss->kind = NRT_LOSS_MEAN_SQUARED_ERROR;
  else if (data->task == NRT_TASK_MULTILABEL
           || (data->n_classes == 2 && output->units == 1))
    loss->kind = NRT_LOSS_BINARY_CROSSENTROPY;
  else
    loss->kind = NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY;
  loss->from_logits = loss->kind != NRT_LOSS_MEAN_SQUARED_ERROR
                      && output->activation == NRT_ACTIVATION_LINEAR;
}

/* Checks that the loss suits the kind of labels. */
static gboolean
check_loss_fits_labels (const NrtDataset *data, const NrtLossConfig *loss, GError **error)
{
  const char *name = nrt_loss_name (loss->kind);

  if (is_regression_loss (loss->kind))
    {
      if (loss->from_logits)
        return usage_error (error, _("The option --from-logits applies to the cross-entropy "
                                     "losses, not to %s"), name);
      return TRUE;
    }

  if (data->task == NRT_TASK_REGRESSION)
    return usage_error (error,
                        _("The loss %s needs class labels, but the labels of this data are "
                          "numeric targets; use --loss mean_squared_error, mean_absolute_error "
                          "or huber, or --task classification when the numbers are classes"),
                        name);
  if (data->task == NRT_TASK_MULTILABEL && loss->kind != NRT_LOSS_BINARY_CROSSENTROPY)
    return usage_error (error,
                        _("The loss %s needs one class label per sample, but this data has %d "
                          "label columns of 0 and 1 (multi-label); use --loss "
                          "binary_crossentropy with one sigmoid unit per label"),
                        name, data->n_targets);
  if (data->task == NRT_TASK_CLASSIFICATION && loss->kind == NRT_LOSS_BINARY_CROSSENTROPY
      && data->n_classes != 2)
    return usage_error (error,
                        _("The loss binary_crossentropy needs two classes, but the data has "
                          "%d; use --loss sparse_categorical_crossentropy"), data->n_classes);
  return TRUE;
}

/* Checks the number of output units against the loss and the labels. */
static gboolean
check_output_units (const NrtDataset *data, const NrtLossConfig *loss,
                    const NrtDenseConfig *output, GError **error)
{
  const char *name = nrt_loss_name (loss->kind);
  gboolean classes = data->task == NRT_TASK_CLASSIFICATION;
  int expected = classes ? 1 : data->n_targets;

  /* Keras accepts more units than classes, but the extra units are classes
   * that never occur, and the evaluation after the training rejects them. */
  if (loss->kind == NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY)
    {
      if (output->units != data->n_classes)
        return usage_error (
          error,
          g_dngettext (GETTEXT_PACKAGE,
                       "The output layer has %d unit, but the data has %d classes; "
                       "sparse_categorical_crossentropy needs one unit per class, so end "
                       "--layers with %d:softmax, or with %d:linear and --from-logits",
                       "The output layer has %d units, but the data has %d classes; "
                       "sparse_categorical_crossentropy needs one unit per class, so end "
                       "--layers with %d:softmax, or with %d:linear and --from-logits",
                       output->units),
          output->units, data->n_classes, data->n_classes, data->n_classes);
      return TRUE;
    }
  if (output->units == expected)
    return TRUE;

  if (loss->kind == NRT_LOSS_BINARY_CROSSENTROPY && classes)
    return usage_error (error,
                        _("The loss binary_crossentropy needs an output layer of 1 unit, but "
                          "it has %d; end --layers with 1:sigmoid, or with 1:linear and "
                          "--from-logits"), output->units);
  if (loss->kind == NRT_LOSS_BINARY_CROSSENTROPY)
    return usage_error (error,
                        _("The loss binary_crossentropy on %d labels needs an output layer of "
                          "%d units, one per label, but it has %d; end --layers with "
                          "%d:sigmoid, or with %d:linear and --from-logits"),
                        data->n_targets, expected, output->units, expected, expected);
  if (expected == 1)
    return usage_error (error,
                        _("The loss %s needs an output layer of 1 unit, since the data has one "
                          "target per sample, but it has %d; end --layers with 1, or leave "
                          "--layers out"),
                        name, output->units);
  return usage_error (error,
                      _("The loss %s needs an output layer of %d units, one per target column, "
                        "but it has %d; end --layers with %d, or leave --layers out"),
                      name, expected, output->units, expected);
}

/* Checks that a cross-entropy gets what it expects: logits from a linear
 * layer with --from-logits, else probabilities from sigmoid units for
 * binary_crossentropy or softmax units for sparse_categorical_crossentropy.
 * Keras would train on any of these mismatches and learn nothing useful. */
static gboolean
check_output_activation (const NrtLossConfig *loss, const NrtDenseConfig *output,
                         GError **error)
{
  const char *name = nrt_loss_name (loss->kind);
  const char *activation = nrt_activation_name (output->activation);
  gboolean binary = loss->kind == NRT_LOSS_BINARY_CROSSENTROPY;
  NrtActivation expected = binary ? NRT_ACTIVATION_SIGMOID : NRT_ACTIVATION_SOFTMAX;

  if (is_regression_loss (loss->kind))
    return TRUE;

  if (loss->from_logits)
    {
      if (output->activation == NRT_ACTIVATION_SIGMOID
          || output->activation == NRT_ACTIVATION_SOFTMAX)
        return usage_error (error,
                            _("The option --from-logits expects a linear output layer, whose "
                              "outputs are logits, but the output layer is %s; end --layers "
                              "with %d:linear, or leave --from-logits out"),
                            activation, output->units);
      return TRUE;
    }

  if (output->activation == expected)
    return TRUE;
  if (binary && output->activation == NRT_ACTIVATION_SOFTMAX)
    return usage_error (error,
                        _("The loss binary_crossentropy treats each output unit as a "
                          "probability of its own, but softmax makes the units share one "
                          "distribution, and a single softmax unit always outputs 1; end "
                          "--layers with %d:sigmoid, or with %d:linear and --from-logits"),
                        output->units, output->units);
  if (output->activation == NRT_ACTIVATION_LINEAR)
    return usage_error (error,
                        _("The output layer is linear, so it outputs logits, but the loss %s "
                          "expects probabilities without --from-logits; add --from-logits, or "
                          "end --layers with %d:%s"),
                        name, output->units, nrt_activation_name (expected));
  return usage_error (error,
                      _("The loss %s expects probabilities from %s units, but the output layer "
                        "is %s; end --layers with %d:%s, or with %d:linear and --from-logits"),
                      name, nrt_activation_name (expected), activation, output->units,
                      nrt_activation_name (expected), output->units);
}

gboolean
nrt_cli_complete_model (NrtCliModelChoice *model, const NrtCliTrainingChoice *training,
                        const NrtDataset *data, NrtLossConfig *loss, gboolean *loss_chosen,
                        GError **error)
{
  const NrtDenseConfig *output;

  if (model->layers == NULL)
    model->layers = nrt_cli_default_layers (data->task, data->n_classes, data->n_targets,
                                            training->loss_kind, training->from_logits,
                                            model->initializer, &model->n_layers);
  output = &model->layers[model->n_layers - 1];

  *loss_chosen = training->loss_kind < 0;
  if (*loss_chosen)
    {
      choose_loss (data, output, loss);
      /* --from-logits without --loss applies to the chosen loss, which
       * rejects it when the targets are numeric. */
      loss->from_logits = loss->from_logits || training->from_logits;
    }
  else
    {
      loss->kind = training->loss_kind;
      loss->from_logits = training->from_logits;
    }

  /* The core checks the rest when the model is compiled. */
  return check_loss_fits_labels (data, loss, error)
         && check_output_units (data, loss, output, error)
         && check_output_activation (loss, output, error);
}
