/* nrt-codegen-keras.c: writes the Keras script of a model (see
 * nrt-codegen-keras.h). The script targets TensorFlow 2 with its bundled
 * Keras (tf.keras). */
#include "config.h"

#include "core/nrt-layer.h"
#include "core/nrt-loss.h"
#include "core/nrt-model.h"
#include "core/nrt-optimizer.h"
#include "io/nrt-codegen-keras.h"
#include "io/nrt-codegen-private.h"

/* The docstring's text on training and on the optimizer's state. */
static const char training_text[] =
  "train reads DATA.csv, features and labels, as Neurite imported the\n"
  "project's data (see the CSV_ settings below), and calls model.fit for\n"
  "EPOCHS epochs, or N, with the project's batch size and shuffle setting.\n"
  "Keras reports each epoch's loss as Neurite does: the mean over the\n"
  "training samples of the batch losses.\n";

static const char optimizer_text[] =
  "The optimizer starts from zero moments. With SHUFFLE, Keras draws the\n"
  "order of the samples from its own generator, so only an unshuffled run\n"
  "takes Neurite's exact steps.\n";

/* Appends the imports of TensorFlow. tf is imported only for a model
 * trained on logits, whose predictions go through tf.nn. */
static void
append_imports (GString *code, gboolean uses_tf)
{
  g_string_append (code, "import numpy as np\n");
  if (uses_tf)
    g_string_append (code, "import tensorflow as tf\n");
  g_string_append (code,
    "from tensorflow import keras\n"
    "from tensorflow.keras import layers\n"
    "\n");
}

/* Appends the Keras loss object of the project's loss. */
static void
append_loss (GString *code, const NrtLossConfig *loss)
{
  switch (loss->kind)
    {
    case NRT_LOSS_MEAN_SQUARED_ERROR:
      g_string_append (code, "keras.losses.MeanSquaredError()");
      break;
    case NRT_LOSS_MEAN_ABSOLUTE_ERROR:
      g_string_append (code, "keras.losses.MeanAbsoluteError()");
      break;
    case NRT_LOSS_HUBER:
      g_string_append (code, "keras.losses.Huber(delta=1.0)");
      break;
    case NRT_LOSS_BINARY_CROSSENTROPY:
      g_string_append_printf (code, "keras.losses.BinaryCrossentropy(from_logits=%s)",
                              loss->from_logits ? "True" : "False");
      break;
    case NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY:
    case NRT_LOSS_COUNT:
    default:
      g_string_append_printf (code, "keras.losses.SparseCategoricalCrossentropy(from_logits=%s)",
                              loss->from_logits ? "True" : "False");
      break;
    }
}

/* Appends the Keras optimizer with every hyper-parameter spelled out. */
static void
append_optimizer (GString *code, const NrtOptimizerConfig *config)
{
  if (config->kind == NRT_OPTIMIZER_ADAM)
    {
      g_string_append (code, "keras.optimizers.Adam(learning_rate=");
      nrt_codegen_append_python_float (code, config->learning_rate);
      g_string_append (code, ", beta_1=");
      nrt_codegen_append_python_float (code, config->beta_1);
      g_string_append (code, ", beta_2=");
      nrt_codegen_append_python_float (code, config->beta_2);
      g_string_append (code, ",\n                                                  epsilon=");
      nrt_codegen_append_python_float (code, config->epsilon);
      g_string_append (code, ")");
      return;
    }

  g_string_append (code, "keras.optimizers.SGD(learning_rate=");
  nrt_codegen_append_python_float (code, config->learning_rate);
  g_string_append (code, ", momentum=");
  nrt_codegen_append_python_float (code, config->momentum);
  g_string_append (code, ")");
}

/* Appends the metrics list: Neurite reports accuracy for a cross-entropy,
 * thresholding a binary output at 0.5, or at 0 for a logit. */
static void
append_metrics (GString *code, const NrtLossConfig *loss)
{
  if (loss->kind == NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY)
    g_string_append (code, "[keras.metrics.SparseCategoricalAccuracy(name=\"accuracy\")]");
  else if (loss->kind == NRT_LOSS_BINARY_CROSSENTROPY)
    g_string_append_printf (code,
                            "[keras.metrics.BinaryAccuracy(name=\"accuracy\", threshold=%s)]",
                            loss->from_logits ? "0.0" : "0.5");
  else
    g_string_append (code, "[]");
}

/* Appends build_model(arrays): the Sequential model, compiled, with the
 * weights of the archive. */
static void
append_build_model (GString *code, NrtModel *model)
{
  const NrtLossConfig *loss = nrt_model_get_loss (model);

  g_string_append (code,
    "\n"
    "\n"
    "def build_model(arrays):\n"
    "    \"\"\"Return the project's model, compiled as in Neurite, with the weights\n"
    "    of arrays.\"\"\"\n"
    "    model = keras.Sequential([\n"
    "        keras.Input(shape=(N_INPUTS,)),\n");
  if (nrt_model_has_normalization (model))
    g_string_append (code,
      "        # (x - mean) / max(sqrt(variance), 1e-7), with the statistics that\n"
      "        # Neurite adapted on the training data.\n"
      "        layers.Normalization(\n"
      "            mean=find_array(arrays, \"normalization/mean\", (N_INPUTS,)),\n"
      "            variance=find_array(arrays, \"normalization/variance\", (N_INPUTS,)),\n"
      "            name=\"normalization\"),\n");

  for (int i = 0; i < nrt_model_get_n_layers (model); i++)
    {
      const NrtDenseConfig *layer = nrt_model_get_layer (model, i);

      g_string_append_printf (code, "        layers.Dense(%d, activation=\"%s\", %sname=",
                              layer->units, nrt_activation_name (layer->activation),
                              layer->use_bias ? "" : "use_bias=False, ");
      nrt_codegen_append_python_string (code, nrt_model_get_layer_name (model, i));
      g_string_append (code, "),\n");
    }

  g_string_append (code, "    ])\n    model.compile(loss=");
  append_loss (code, loss);
  g_string_append (code, ",\n                  optimizer=");
  append_optimizer (code, nrt_optimizer_get_config (nrt_model_get_optimizer (model)));
  g_string_append (code, ",\n                  metrics=");
  append_metrics (code, loss);
  g_string_append (code,
    ")\n"
    "\n"
    "    for layer in model.layers:\n"
    "        if isinstance(layer, layers.Dense):\n"
    "            values = [find_array(arrays, f\"{layer.name}/kernel\", layer.kernel.shape)]\n"
    "            if layer.use_bias:\n"
    "                values.append(find_array(arrays, f\"{layer.name}/bias\", layer.bias.shape))\n"
    "            layer.set_weights(values)\n"
    "    return model\n");
}

static void
append_train (GString *code)
{
  g_string_append (code,
    "\n"
    "\n"
    "def train(model, arrays, data, epochs):\n"
    "    \"\"\"Fit model on data as the project was fit. Keras has no reader for\n"
    "    Neurite's optimizer state, so the optimizer starts from zero moments.\"\"\"\n"
    "    keras.utils.set_random_seed(SEED % 2**32)\n"
    "    if data.parts is None and TEST_SPLIT == 0:\n"
    "        # validation_split holds out the last rows before any shuffling, as\n"
    "        # neurite-cli train does.\n"
    "        model.fit(data.x, data.y, epochs=epochs, batch_size=BATCH_SIZE, shuffle=SHUFFLE,\n"
    "                  validation_split=VALIDATION_SPLIT)\n"
    "        return\n"
    "\n"
    "    (x_train, y_train), (x_val, y_val) = split_data(data)\n"
    "    validation_data = (x_val, y_val) if len(x_val) > 0 else None\n"
    "    model.fit(x_train, y_train, epochs=epochs, batch_size=BATCH_SIZE, shuffle=SHUFFLE,\n"
    "              validation_data=validation_data)\n"
    "\n"
    "\n"
    "def save_weights(model, path):\n"
    "    \"\"\"Write model's weights in the layout of `neurite-cli export-weights`.\"\"\"\n"
    "    arrays = {}\n"
    "    for layer in model.layers:\n"
    "        if isinstance(layer, layers.Dense):\n"
    "            values = layer.get_weights()\n"
    "            arrays[f\"{layer.name}/kernel\"] = values[0]\n"
    "            if layer.use_bias:\n"
    "                arrays[f\"{layer.name}/bias\"] = values[1]\n"
    "        elif isinstance(layer, layers.Normalization):\n"
    "            # NOTE: this reads the statistics given to the constructor, as\n"
    "            # tf.keras 2 stores them; it has not been run on Keras 3.\n"
    "            arrays[\"normalization/mean\"] = np.ravel(np.asarray(layer.mean))\n"
    "            arrays[\"normalization/variance\"] = np.ravel(np.asarray(layer.variance))\n"
    "    np.savez(path, **arrays)\n");
}

/* Appends predict(model, features), with the logits rule of the NumPy
 * script. */
static void
append_predict (GString *code, NrtModel *model)
{
  int activation = nrt_codegen_find_logits_activation (model);

  g_string_append (code,
    "\n"
    "\n"
    "def predict(model, features):\n"
    "    \"\"\"Return the model's outputs for features, an array of shape\n"
    "    (samples, N_INPUTS).\"\"\"\n"
    "    outputs = model.predict(features.astype(np.float32), batch_size=BATCH_SIZE, verbose=0)\n");
  if (activation >= 0)
    g_string_append_printf (code,
      "    # The model was trained on logits (from_logits=True), so %s turns\n"
      "    # them into probabilities.\n"
      "    outputs = tf.nn.%s(outputs).numpy()\n",
      nrt_activation_name (activation), nrt_activation_name (activation));
  g_string_append (code, "    return outputs\n");
}

GString *
nrt_codegen_keras (const NrtProject *project, const char *default_weights_path)
{
  NrtModel *model;
  GString *code;

  g_return_val_if_fail (project != NULL && project->model != NULL, NULL);
  g_return_val_if_fail (default_weights_path != NULL, NULL);
  g_return_val_if_fail (nrt_model_get_loss (project->model) != NULL, NULL);

  model = project->model;
  code = g_string_new (NULL);
  nrt_codegen_append_docstring (code, "Keras (TensorFlow 2)", nrt_codegen_has_classes (model),
                                training_text, optimizer_text);
  append_imports (code, nrt_codegen_find_logits_activation (model) >= 0);
  nrt_codegen_append_script_base (code, project, default_weights_path);
  append_build_model (code, model);
  append_train (code);
  append_predict (code, model);
  nrt_codegen_append_main (code, "Keras");
  return code;
}
