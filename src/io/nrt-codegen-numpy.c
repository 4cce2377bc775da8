/* nrt-codegen-numpy.c: writes the NumPy script of a model (see
 * nrt-codegen-numpy.h). The script computes in float64 and needs only
 * Python 3 and NumPy. */
#include "config.h"

#include "core/nrt-layer.h"
#include "core/nrt-loss.h"
#include "core/nrt-model.h"
#include "io/nrt-codegen-numpy.h"
#include "io/nrt-codegen-private.h"

static void
append_header (GString *code, const char *default_weights_path, int n_inputs)
{
  g_string_append (code,
    "#!/usr/bin/env python3\n"
    "\"\"\"Run the forward pass of a model trained with Neurite, in NumPy.\n"
    "\n"
    "Usage: python3 SCRIPT.py [WEIGHTS.npz] FEATURES.csv\n"
    "\n"
    "WEIGHTS.npz is the archive written by `neurite-cli export-weights`\n"
    "(DEFAULT_WEIGHTS when omitted).\n"
    "FEATURES.csv has a header row, then one row per sample with the feature\n"
    "columns in the order used for training. The script prints a header row,\n"
    "then the model's outputs for each sample as CSV.\n"
    "\"\"\"\n"
    "import sys\n"
    "\n"
    "import numpy as np\n"
    "\n");
  g_string_append (code, "DEFAULT_WEIGHTS = ");
  nrt_codegen_append_python_string (code, default_weights_path);
  g_string_append_printf (code, "\nN_INPUTS = %d\n\n", n_inputs);
}

/* Defines each activation function that the forward pass calls. */
static void
append_activations (GString *code, const gboolean used[NRT_ACTIVATION_COUNT])
{
  if (used[NRT_ACTIVATION_LINEAR])
    g_string_append (code, "\ndef linear(x):\n    return x\n\n");
  if (used[NRT_ACTIVATION_RELU])
    g_string_append (code, "\ndef relu(x):\n    return np.maximum(x, 0.0)\n\n");
  if (used[NRT_ACTIVATION_SIGMOID])
    g_string_append (code, "\ndef sigmoid(x):\n    return 1.0 / (1.0 + np.exp(-x))\n\n");
  if (used[NRT_ACTIVATION_TANH])
    g_string_append (code, "\ndef tanh(x):\n    return np.tanh(x)\n\n");
  if (used[NRT_ACTIVATION_SOFTMAX])
    g_string_append (code,
      "\ndef softmax(x):\n"
      "    # Subtracting the row maximum keeps np.exp from overflowing and\n"
      "    # leaves the result unchanged.\n"
      "    e = np.exp(x - np.max(x, axis=-1, keepdims=True))\n"
      "    return e / np.sum(e, axis=-1, keepdims=True)\n\n");
}

static void
append_load_weights (GString *code)
{
  g_string_append (code,
    "\n# The arrays of the archive by name, such as \"dense/kernel\". load_weights()\n"
    "# fills it before predict() runs.\n"
    "weights = {}\n"
    "\n"
    "\n"
    "def load_weights(path):\n"
    "    with np.load(path) as archive:\n"
    "        for name in archive.files:\n"
    "            weights[name] = archive[name].astype(np.float64)\n"
    "\n");
}

/* Writes predict(x): the normalization, then one line per Dense layer. */
static void
append_predict (GString *code, NrtModel *model, int logits_activation)
{
  g_string_append (code,
    "\n"
    "def predict(x):\n"
    "    \"\"\"Return the outputs for x, an array of shape (samples, N_INPUTS).\"\"\"\n"
    "    x = np.asarray(x, dtype=np.float64)\n");

  if (nrt_model_has_normalization (model))
    g_string_append (code,
      "\n"
      "    # Normalization, as in Keras: the standard deviation is floored at 1e-7\n"
      "    # so that a constant feature does not divide by zero.\n"
      "    mean = weights[\"normalization/mean\"]\n"
      "    std = np.maximum(np.sqrt(weights[\"normalization/variance\"]), 1e-7)\n"
      "    x = (x - mean) / std\n");

  for (int i = 0; i < nrt_model_get_n_layers (model); i++)
    {
      const NrtDenseConfig *layer = nrt_model_get_layer (model, i);
      const char *name = nrt_model_get_layer_name (model, i);
      g_autofree char *kernel_name = g_strconcat (name, "/kernel", NULL);
      g_autofree char *bias_name = g_strconcat (name, "/bias", NULL);

      g_string_append_printf (code, "\n    # %s: Dense(%d, activation=\"%s\"%s)\n", name,
                              layer->units, nrt_activation_name (layer->activation),
                              layer->use_bias ? "" : ", use_bias=False");
      g_string_append (code, "    x = np.dot(x, weights[");
      nrt_codegen_append_python_string (code, kernel_name);
      g_string_append (code, "])");
      if (layer->use_bias)
        {
          g_string_append (code, " + weights[");
          nrt_codegen_append_python_string (code, bias_name);
          g_string_append (code, "]");
        }
      g_string_append_printf (code, "\n    x = %s(x)\n", nrt_activation_name (layer->activation));
    }

  if (logits_activation >= 0)
    g_string_append_printf (code,
      "\n"
      "    # The model was trained on logits (from_logits=True), so %s turns\n"
      "    # them into probabilities.\n"
      "    x = %s(x)\n",
      nrt_activation_name (logits_activation), nrt_activation_name (logits_activation));
  g_string_append (code, "    return x\n\n");
}

static void
append_main (GString *code)
{
  g_string_append (code,
    "\n"
    "def main(argv):\n"
    "    if len(argv) == 3:\n"
    "        weights_path, features_path = argv[1], argv[2]\n"
    "    elif len(argv) == 2:\n"
    "        weights_path, features_path = DEFAULT_WEIGHTS, argv[1]\n"
    "    else:\n"
    "        sys.exit(f\"usage: {argv[0]} [WEIGHTS.npz] FEATURES.csv\\n\"\n"
    "                 f\"FEATURES.csv has a header row and {N_INPUTS} feature columns.\")\n"
    "    load_weights(weights_path)\n"
    "    print_outputs(predict(read_feature_matrix(features_path)))\n"
    "\n"
    "\n"
    "if __name__ == \"__main__\":\n"
    "    main(sys.argv)\n");
}

GString *
nrt_codegen_numpy (const NrtProject *project, const char *default_weights_path)
{
  NrtModel *model;
  GString *code;
  gboolean used[NRT_ACTIVATION_COUNT] = { FALSE };
  int logits_activation;

  g_return_val_if_fail (project != NULL && project->model != NULL, NULL);
  g_return_val_if_fail (default_weights_path != NULL, NULL);

  model = project->model;
  logits_activation = nrt_codegen_find_logits_activation (model);
  for (int i = 0; i < nrt_model_get_n_layers (model); i++)
    used[nrt_model_get_layer (model, i)->activation] = TRUE;
  if (logits_activation >= 0)
    used[logits_activation] = TRUE;

  code = g_string_new (NULL);
  append_header (code, default_weights_path, nrt_model_get_n_inputs (model));
  append_activations (code, used);
  append_load_weights (code);
  append_predict (code, model, logits_activation);
  nrt_codegen_append_feature_io (code, nrt_codegen_has_classes (model));
  append_main (code);
  return code;
}
