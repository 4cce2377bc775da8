/* nrt-cli-model-options.c: the data, model and training options that
 * train, summary and plot share. */
#include "config.h"

#include "nrt-cli-model-options.h"

#include <stdarg.h>

#include <glib/gi18n-lib.h>

#include "core/nrt-fit.h"
#include "core/nrt-loss.h"
#include "nrt-cli-import.h"
#include "nrt-cli-options.h"

void
nrt_cli_model_args_add_entries (NrtCliModelArgs *args, NrtCliOptionGroups groups,
                                GOptionContext *context)
{
  GOptionEntry data_entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &args->data_path,
      N_("CSV file to train on, with a header row unless --no-header"), N_("FILE") },
    { "label", 0, 0, G_OPTION_ARG_STRING_ARRAY, &args->labels,
      N_("Label column of --data, by name or position from 1; repeat for several "
         "(default: the last column)"), N_("COLUMN") },
    { "features", 0, 0, G_OPTION_ARG_STRING, &args->features,
      N_("Feature columns of --data, separated by commas (default: every column but "
         "the labels)"), N_("COL,COL,…") },
    { "delimiter", 0, 0, G_OPTION_ARG_STRING, &args->delimiter,
      N_("Field delimiter of --data: “,”, “;” or “tab” (default: detected)"), N_("CHAR") },
    { "decimal-comma", 0, 0, G_OPTION_ARG_NONE, &args->decimal_comma,
      N_("Numbers in --data use a decimal comma, as in 1,5 (default: detected)"), NULL },
    { "no-header", 0, 0, G_OPTION_ARG_NONE, &args->no_header,
      N_("The first row of --data is data; columns are named “column 1”, “column 2”, …"),
      NULL },
    { "missing", 0, 0, G_OPTION_ARG_STRING, &args->missing,
      N_("Rows of --data with an empty or non-numeric feature: drop them, fill the "
         "column's mean over all rows, or error (default: error)"), N_("drop|mean|error") },
    { "task", 0, 0, G_OPTION_ARG_STRING, &args->task,
      N_("Read the labels of --data as classes or as numeric targets (default: "
         "detected)"), N_("classification|regression") },
    { "dataset", 0, 0, G_OPTION_ARG_STRING, &args->dataset_id,
      N_("Built-in dataset to train on (names below)"), N_("NAME") },
    { "samples", 0, 0, G_OPTION_ARG_STRING, &args->samples,
      N_("Points of a generated dataset, 2 to 1000000 (default: 500)"), N_("N") },
    { "noise", 0, 0, G_OPTION_ARG_STRING, &args->noise,
      N_("Noise of a generated dataset, 0 to 1 (default: 0)"), N_("X") },
    { NULL }
  };
  GOptionEntry model_entries[] = {
    { "layers", 0, 0, G_OPTION_ARG_STRING, &args->layers,
      N_("Dense layers, such as 25:relu,15:relu,4 (default: below)"), N_("SPEC") },
    { "kernel-initializer", 0, 0, G_OPTION_ARG_STRING, &args->kernel_initializer,
      N_("glorot_uniform or zeros (default: glorot_uniform)"), N_("NAME") },
    { "normalize", 0, 0, G_OPTION_ARG_NONE, &args->normalize,
      N_("Standardize each feature by the mean and variance of the training split, "
         "as Keras's Normalization layer does"), NULL },
    { NULL }
  };
  GOptionEntry training_entries[] = {
    { "loss", 0, 0, G_OPTION_ARG_STRING, &args->loss,
      N_("Loss function (names and default below)"), N_("NAME") },
    { "from-logits", 0, 0, G_OPTION_ARG_NONE, &args->from_logits,
      N_("The cross-entropy takes the outputs as logits"), NULL },
    { "optimizer", 0, 0, G_OPTION_ARG_STRING, &args->optimizer,
      N_("sgd or adam (default: adam)"), N_("NAME") },
    { "learning-rate", 0, 0, G_OPTION_ARG_STRING, &args->learning_rate,
      N_("Learning rate (default: 0.01 for sgd, 0.001 for adam)"), N_("RATE") },
    { "momentum", 0, 0, G_OPTION_ARG_STRING, &args->momentum,
      N_("Momentum of sgd, at least 0 and less than 1 (default: 0)"), N_("M") },
    { "epochs", 0, 0, G_OPTION_ARG_STRING, &args->epochs,
      N_("Passes over the training data (default: 10)"), N_("N") },
    { "batch-size", 0, 0, G_OPTION_ARG_STRING, &args->batch_size,
      N_("Samples per gradient update (default: 32)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &args->seed,
      N_("Seed of the weights, shuffles and generated data (default: 0)"), N_("N") },
    { "validation-split", 0, 0, G_OPTION_ARG_STRING, &args->validation_split,
      N_("Fraction of the samples held out for validation (default: 0)"), N_("FRACTION") },
    { "no-shuffle", 0, 0, G_OPTION_ARG_NONE, &args->no_shuffle,
      N_("Keep the order of the training samples in every epoch"), NULL },
    { NULL }
  };
  GOptionEntry test_split_entries[] = {
    { "test-split", 0, 0, G_OPTION_ARG_STRING, &args->test_split,
      N_("Fraction of the samples held out for testing, drawn at random from --seed "
         "(default: 0)"), N_("FRACTION") },
    { NULL }
  };

  /* g_option_context_add_main_entries copies the entries, so the arrays
   * may live on the stack. */
  if (groups & NRT_CLI_OPTIONS_DATA)
    g_option_context_add_main_entries (context, data_entries, GETTEXT_PACKAGE);
  if (groups & NRT_CLI_OPTIONS_MODEL)
    g_option_context_add_main_entries (context, model_entries, GETTEXT_PACKAGE);
  if (groups & NRT_CLI_OPTIONS_TRAINING)
    g_option_context_add_main_entries (context, training_entries, GETTEXT_PACKAGE);
  if (groups & NRT_CLI_OPTIONS_TEST_SPLIT)
    g_option_context_add_main_entries (context, test_split_entries, GETTEXT_PACKAGE);
}

void
nrt_cli_model_args_clear (NrtCliModelArgs *args)
{
  g_free (args->data_path);
  g_strfreev (args->labels);
  g_free (args->features);
  g_free (args->delimiter);
  g_free (args->missing);
  g_free (args->task);
  g_free (args->dataset_id);
  g_free (args->samples);
  g_free (args->noise);
  g_free (args->layers);
  g_free (args->kernel_initializer);
  g_free (args->loss);
  g_free (args->optimizer);
  g_free (args->learning_rate);
  g_free (args->momentum);
  g_free (args->epochs);
  g_free (args->batch_size);
  g_free (args->seed);
  g_free (args->validation_split);
  g_free (args->test_split);
  *args = (NrtCliModelArgs) { 0 };
}

char *
nrt_cli_model_args_describe (NrtCliOptionGroups groups)
{
  GString *text = g_string_new (NULL);

  if (groups & NRT_CLI_OPTIONS_MODEL)
    {
      g_autofree char *activations = nrt_cli_list_activations ();

      g_string_append_printf (text,
        _("Layers: --layers takes UNITS[:ACTIVATION] items separated by commas; the\n"
          "activation defaults to linear. Activations: %s.\n"),
        activations);
    }
  if (groups & NRT_CLI_OPTIONS_TRAINING)
    {
      g_autofree char *losses = nrt_cli_list_losses ();

      g_string_append_printf (text, _("Losses: %s.\n"), losses);
    }
  if (groups & NRT_CLI_OPTIONS_DATA)
    {
      g_autofree char *datasets = nrt_cli_list_datasets ();

      g_string_append_printf (text, _("Built-in datasets: %s.\n"), datasets);
    }
  g_string_append_c (text, '\n');

  if (groups & NRT_CLI_OPTIONS_MODEL)
    g_string_append (text,
      _("Without --layers, the model is 8:relu followed by an output layer that fits\n"
        "the loss: one linear unit per target for mean_squared_error,\n"
        "mean_absolute_error and huber (on class labels, 1 unit that regresses the\n"
        "class index); one sigmoid unit per label for binary_crossentropy (1 for two\n"
        "classes); one softmax unit per class for sparse_categorical_crossentropy.\n"
        "With --from-logits the output is linear. Without --loss the output is\n"
        "linear, of 1 unit for two classes or one unit per class; one sigmoid unit\n"
        "per label for multi-label data; one linear unit per numeric target.\n"));
  if (groups & NRT_CLI_OPTIONS_TRAINING)
    g_string_append (text,
      _("Without --loss, the loss follows the data: mean_squared_error for numeric\n"
        "targets, binary_crossentropy for multi-label data and for two classes with\n"
        "one output unit, and sparse_categorical_crossentropy otherwise, from logits\n"
        "when the output layer is linear. A loss that does not fit the data or the\n"
        "output layer is a usage error: the cross-entropies need class labels,\n"
        "binary_crossentropy needs sigmoid units and sparse_categorical_crossentropy\n"
        "softmax units, or linear units with --from-logits for either. Kernels start\n"
        "from --kernel-initializer, biases at 0.\n"
        "\n"
        "--validation-split takes the last rows of the data, before any shuffling,\n"
        "as Keras does: shuffle a file sorted by label first.\n"));
  if (groups & NRT_CLI_OPTIONS_TEST_SPLIT)
    {
      g_string_append_c (text, '\n');
      g_string_append (text,
        _("--test-split holds out a test part, drawn at random from --seed and\n"
          "stratified for classification: every class keeps its share in each part.\n"
          "Given with --test-split, --validation-split no longer takes the last rows:\n"
          "the validation part is drawn and stratified in the same way, and both\n"
          "fractions count all the samples, so --test-split 0.2 --validation-split 0.2\n"
          "trains on the remaining 0.6 of them. --normalize adapts to the training\n"
          "part only.\n"));
    }
  if (groups & NRT_CLI_OPTIONS_DATA)
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text,
        _("CSV import (--data): the delimiter, the decimal comma and the task are\n"
          "detected unless given. A label column of text, or of at most %d distinct\n"
          "integers, holds classes unless --task regression. Several label columns\n"
          "of 0 and 1 make a multi-label task, unless --task regression, and several\n"
          "numeric ones a multi-output regression. Text feature columns become one\n"
          "one-hot column per category. An empty or non-numeric feature value is an\n"
          "error naming its line and column unless --missing drop or mean. A row\n"
          "with an empty label is an error, or dropped with --missing drop. What the\n"
          "import changed, such as dropped rows, is printed on stderr.\n"
          "\n"
          "--missing mean fills values while the file is read, before any split, so\n"
          "the mean is over all rows of the file, validation and test rows included.\n"
          "--normalize, in contrast, adapts on the training part only.\n"
          "\n"
          "--noise is TensorFlow Playground's noise slider divided by 100.\n"),
        NRT_CSV_MAX_INTEGER_CLASSES);
    }

  return g_string_free (text, FALSE);
}

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

gboolean
nrt_cli_resolve_data (const NrtCliModelArgs *args, NrtCliDataChoice *data, GError **error)
{
  static const NrtCliRange noise = { 0, 1, FALSE, FALSE, N_("a number from 0 to 1") };

  const char *import_option = nrt_cli_import_first_option (args);

  *data = (NrtCliDataChoice) { 0 };
  if ((args->data_path == NULL) == (args->dataset_id == NULL))
    return usage_error (error, "%s", args->data_path == NULL
                                     ? _("No data: give --data FILE.csv or --dataset NAME")
                                     : _("Both --data and --dataset are given: choose one"));
  if (import_option != NULL && args->data_path == NULL)
    return usage_error (error, _("The option %s applies to --data only"), import_option);
  data->data_path = args->data_path;
  if (args->data_path != NULL && !nrt_cli_resolve_import (args, data, error))
    return FALSE;

  if (args->dataset_id != NULL)
    {
      data->builtin = nrt_builtins_find (args->dataset_id);
      if (data->builtin == NULL)
        {
          g_autofree char *names = nrt_cli_list_datasets ();

          return usage_error (error, _("Unknown dataset “%s” for --dataset; expected one of %s"),
                              args->dataset_id, names);
        }
    }

  data->samples = NRT_CLI_DEFAULT_GENERATOR_SAMPLES;
  data->noise = 0;
  if ((args->samples != NULL || args->noise != NULL)
      && (data->builtin == NULL || !data->builtin->is_generator))
    return usage_error (error, _("The option %s applies to generated datasets only, such as "
                                 "--dataset circle"),
                        args->samples != NULL ? "--samples" : "--noise");
  if (args->samples != NULL
      && !nrt_cli_parse_int ("--samples", args->samples, NRT_CLI_MIN_GENERATOR_SAMPLES,
                             NRT_CLI_MAX_GENERATOR_SAMPLES, &data->samples, error))
    return FALSE;
  if (args->noise != NULL
      && !nrt_cli_parse_double ("--noise", args->noise, &noise, &data->noise, error))
    return FALSE;

  return TRUE;
}

void
nrt_cli_data_choice_clear (NrtCliDataChoice *data)
{
  g_strfreev (data->feature_names);
  *data = (NrtCliDataChoice) { 0 };
}

gboolean
nrt_cli_resolve_model (const NrtCliModelArgs *args, NrtCliModelChoice *model, GError **error)
{
  *model = (NrtCliModelChoice) { NULL, 0, NRT_INITIALIZER_GLOROT_UNIFORM, args->normalize };
  if (args->kernel_initializer != NULL)
    {
      int initializer = nrt_initializer_from_name (args->kernel_initializer);

      if (initializer < 0)
        {
          g_autofree char *names = nrt_cli_list_initializers ();

          return usage_error (error,
                              _("Unknown initializer “%s” for --kernel-initializer; "
                                "expected one of %s"),
                              args->kernel_initializer, names);
        }
      model->initializer = initializer;
    }

  if (args->layers != NULL)
    {
      model->layers = nrt_cli_parse_layers (args->layers, model->initializer, &model->n_layers,
                                            error);
      if (model->layers == NULL)
        return FALSE;
    }

  return TRUE;
}

static gboolean
resolve_optimizer (const NrtCliModelArgs *args, NrtCliTrainingChoice *training, GError **error)
{
  /* The core's SGD takes a float32 momentum in [0, 1). */
  static const NrtCliRange momentum = {
    0, 1, FALSE, TRUE,
    N_("0, or a number from 1.17549435e-38 up to but not including 1, such as 0.9"), TRUE
  };
  int kind = NRT_OPTIMIZER_ADAM;
  double value;

  if (args->optimizer != NULL)
    {
      kind = nrt_optimizer_from_name (args->optimizer);
      if (kind < 0)
        {
          g_autofree char *names = nrt_cli_list_optimizers ();

          return usage_error (error,
                              _("Unknown optimizer “%s” for --optimizer; expected one of %s"),
                              args->optimizer, names);
        }
    }
  training->optimizer = nrt_optimizer_config_default (kind);

  if (args->learning_rate != NULL)
    {
      if (!nrt_cli_parse_double ("--learning-rate", args->learning_rate,
                                 &nrt_cli_learning_rate_range, &value, error))
        return FALSE;
      training->optimizer.learning_rate = (float) value;
    }

  if (args->momentum != NULL)
    {
      if (kind != NRT_OPTIMIZER_SGD)
        return usage_error (error, _("The option --momentum applies to --optimizer sgd only, "
                                     "and the optimizer is %s"),
                            nrt_optimizer_name (kind));
      if (!nrt_cli_parse_double ("--momentum", args->momentum, &momentum, &value, error))
        return FALSE;
      training->optimizer.momentum = (float) value;
    }

  return TRUE;
}

gboolean
nrt_cli_resolve_training (const NrtCliModelArgs *args, int min_epochs,
                          NrtCliTrainingChoice *training, GError **error)
{
  static const NrtCliRange split = { 0, 1, FALSE, TRUE,
                                     N_("a fraction of at least 0 and less than 1") };

  *training = (NrtCliTrainingChoice) { 0 };
  training->loss_kind = -1;
  if (args->loss != NULL)
    {
      training->loss_kind = nrt_loss_from_name (args->loss);
      if (training->loss_kind < 0)
        {
          g_autofree char *names = nrt_cli_list_losses ();

          return usage_error (error, _("Unknown loss “%s” for --loss; expected one of %s"),
                              args->loss, names);
        }
    }
  training->from_logits = args->from_logits;

  if (!resolve_optimizer (args, training, error))
    return FALSE;

  training->epochs = NRT_CLI_DEFAULT_EPOCHS;
  if (args->epochs != NULL
      && !nrt_cli_parse_int ("--epochs", args->epochs, min_epochs, G_MAXINT, &training->epochs,
                             error))
    return FALSE;

  training->batch_size = nrt_fit_config_default ().batch_size;
  if (args->batch_size != NULL
      && !nrt_cli_parse_int ("--batch-size", args->batch_size, 1, G_MAXINT,
                             &training->batch_size, error))
    return FALSE;

  training->seed = NRT_CLI_DEFAULT_SEED;
  if (args->seed != NULL && !nrt_cli_parse_uint64 ("--seed", args->seed, &training->seed, error))
    return FALSE;

  training->validation_split = 0;
  training->validation_split_text = args->validation_split;
  if (args->validation_split != NULL
      && !nrt_cli_parse_double ("--validation-split", args->validation_split, &split,
                                &training->validation_split, error))
    return FALSE;

  training->test_split = 0;
  training->test_split_text = args->test_split;
  if (args->test_split != NULL
      && !nrt_cli_parse_double ("--test-split", args->test_split, &split,
                                &training->test_split, error))
    return FALSE;
  if (training->validation_split + training->test_split >= 1)
    return usage_error (error,
                        _("The values “%s” of --validation-split and “%s” of --test-split add "
                          "up to 1 or more, which leaves no samples for training; give "
                          "fractions whose sum is less than 1"),
                        args->validation_split, args->test_split);

  training->shuffle = !args->no_shuffle;
  return TRUE;
}

NrtDenseConfig *
nrt_cli_default_layers (NrtTask task, int n_classes, int n_targets, int loss_kind,
                        gboolean from_logits, NrtInitializer initializer, int *n_layers)
{
  NrtDenseConfig *layers = g_new0 (NrtDenseConfig, 2);
  /* One unit per label column, except that class labels take one column. */
  int n_columns = task == NRT_TASK_CLASSIFICATION ? 1 : MAX (n_targets, 1);
  int units;
  NrtActivation activation = NRT_ACTIVATION_LINEAR;

  switch (loss_kind)
    {
    case NRT_LOSS_MEAN_SQUARED_ERROR:
    case NRT_LOSS_MEAN_ABSOLUTE_ERROR:
    case NRT_LOSS_HUBER:
      units = n_columns;
      break;

    case NRT_LOSS_BINARY_CROSSENTROPY:
      units = n_columns;
      if (!from_logits)
        activation = NRT_ACTIVATION_SIGMOID;
      break;

    case NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY:
      units = MAX (n_classes, 2);
      if (!from_logits)
        activation = NRT_ACTIVATION_SOFTMAX;
      break;

    default:
      /* No --loss: for classes, the loss is chosen after the layers, from
       * logits. Multi-label data gets binary_crossentropy on sigmoid units. */
      if (task == NRT_TASK_CLASSIFICATION)
        units = n_classes > 2 ? n_classes : 1;
      else
        units = n_columns;
      if (task == NRT_TASK_MULTILABEL)
        activation = NRT_ACTIVATION_SIGMOID;
      break;
    }

  layers[0] = nrt_dense_config_default (NRT_CLI_DEFAULT_HIDDEN_UNITS);
  layers[0].activation = NRT_ACTIVATION_RELU;
  layers[1] = nrt_dense_config_default (units);
  layers[1].activation = activation;
  for (int i = 0; i < 2; i++)
    layers[i].kernel_initializer = initializer;
  *n_layers = 2;
  return layers;
}
