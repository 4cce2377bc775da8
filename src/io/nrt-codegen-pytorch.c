/* nrt-codegen-pytorch.c: writes the PyTorch script of a model (see
 * nrt-codegen-pytorch.h). The script computes in float32, as Neurite
 * does. nrt-codegen-pytorch-train.c writes its training functions. */
#include "config.h"

#include "core/nrt-layer.h"
#include "core/nrt-model.h"
#include "io/nrt-codegen-private.h"
#include "io/nrt-codegen-pytorch.h"

/* The docstring's text on training and on the optimizer's state. */
static const char training_text[] =
  "train reads DATA.csv, features and labels, as Neurite imported the\n"
  "project's data (see the CSV_ settings below: the same label and feature\n"
  "columns, and classes numbered in Neurite's order). It trains for EPOCHS\n"
  "epochs, or N, with the project's loss, optimizer, batch size and shuffle\n"
  "setting, and prints each epoch's loss as Neurite reports it: the mean over\n"
  "the training samples of the batch losses.\n";

static const char optimizer_text[] =
  "The optimizer starts from zero moments unless WEIGHTS.npz contains the\n"
  "\"optimizer/...\" arrays of `neurite-cli export-weights --optimizer-state`,\n"
  "which continue the project's training where it stopped. With SHUFFLE, the\n"
  "order of the samples comes from PyTorch's generator seeded with SEED, not\n"
  "from Neurite's, so only an unshuffled run takes Neurite's exact steps.\n";

/* Appends build_model(arrays): an nn.Sequential whose children have
 * Keras's layer names. Each Dense layer becomes an nn.Linear followed by
 * its activation module, named "LAYER_ACTIVATION". */
static void
append_build_model (GString *code, NrtModel *model)
{
  static const char *const modules[NRT_ACTIVATION_COUNT] = {
    [NRT_ACTIVATION_LINEAR] = NULL,
    [NRT_ACTIVATION_RELU] = "nn.ReLU()",
    [NRT_ACTIVATION_SIGMOID] = "nn.Sigmoid()",
    [NRT_ACTIVATION_TANH] = "nn.Tanh()",
    [NRT_ACTIVATION_SOFTMAX] = "nn.Softmax(dim=1)",
  };
  int n_inputs = nrt_model_get_n_inputs (model);

  g_string_append (code,
    "\n"
    "\n"
    "def build_model(arrays):\n"
    "    \"\"\"Return the project's model with the weights of arrays, its layers\n"
    "    named as in Keras.\"\"\"\n"
    "    model = nn.Sequential()\n");
  if (nrt_model_has_normalization (model))
    g_string_append (code, "    model.add_module(\"normalization\", Normalization(N_INPUTS))\n");

  for (int i = 0; i < nrt_model_get_n_layers (model); i++)
    {
      const NrtDenseConfig *layer = nrt_model_get_layer (model, i);
      const char *name = nrt_model_get_layer_name (model, i);
      const char *module = modules[layer->activation];

      g_string_append_printf (code, "    # Dense(%d, activation=\"%s\"%s)\n", layer->units,
                              nrt_activation_name (layer->activation),
                              layer->use_bias ? "" : ", use_bias=False");
      g_string_append (code, "    model.add_module(");
      nrt_codegen_append_python_string (code, name);
      g_string_append_printf (code, ", nn.Linear(%d, %d%s))\n", n_inputs, layer->units,
                              layer->use_bias ? "" : ", bias=False");
      if (module != NULL)
        {
          g_autofree char *module_name = g_strconcat (name, "_",
                                                      nrt_activation_name (layer->activation),
                                                      NULL);

          g_string_append (code, "    model.add_module(");
          nrt_codegen_append_python_string (code, module_name);
          g_string_append_printf (code, ", %s)\n", module);
        }
      n_inputs = layer->units;
    }
  g_string_append (code,
    "    load_weights(model, arrays)\n"
    "    return model\n");
}

/* Appends to_probabilities(outputs), the rule of the NumPy script. */
static void
append_to_probabilities (GString *code, NrtModel *model)
{
  int activation = nrt_codegen_find_logits_activation (model);

  g_string_append (code,
    "\n"
    "\n"
    "def to_probabilities(outputs):\n");
  if (activation < 0)
    {
      g_string_append (code,
        "    \"\"\"Return outputs: the model does not output logits.\"\"\"\n"
        "    return outputs\n");
      return;
    }
  g_string_append_printf (code,
    "    \"\"\"Return %s(outputs): the model was trained on logits\n"
    "    (from_logits=True), and %s turns them into probabilities.\"\"\"\n",
    nrt_activation_name (activation), nrt_activation_name (activation));
  if (activation == NRT_ACTIVATION_SOFTMAX)
    g_string_append (code, "    return torch.softmax(outputs, dim=1)\n");
  else
    g_string_append (code, "    return torch.sigmoid(outputs)\n");
}

GString *
nrt_codegen_pytorch (const NrtProject *project, const char *default_weights_path)
{
  NrtModel *model;
  GString *code;

  g_return_val_if_fail (project != NULL && project->model != NULL, NULL);
  g_return_val_if_fail (default_weights_path != NULL, NULL);
  g_return_val_if_fail (nrt_model_get_loss (project->model) != NULL, NULL);

  model = project->model;
  code = g_string_new (NULL);
  nrt_codegen_append_docstring (code, "PyTorch", nrt_codegen_has_classes (model),
                                training_text, optimizer_text);
  g_string_append (code,
    "import numpy as np\n"
    "import torch\n"
    "from torch import nn\n"
    "\n");
  nrt_codegen_append_script_base (code, project, default_weights_path);

  g_string_append (code,
    "\n"
    "\n"
    "class Normalization(nn.Module):\n"
    "    \"\"\"Keras's Normalization layer: (x - mean) / max(sqrt(variance), 1e-7).\"\"\"\n"
    "\n"
    "    def __init__(self, n_inputs):\n"
    "        super().__init__()\n"
    "        self.register_buffer(\"mean\", torch.zeros(n_inputs))\n"
    "        self.register_buffer(\"variance\", torch.ones(n_inputs))\n"
    "\n"
    "    def forward(self, x):\n"
    "        return (x - self.mean) / torch.clamp(torch.sqrt(self.variance), min=1e-7)\n"
    "\n"
    "\n"
    "def load_weights(model, arrays):\n"
    "    \"\"\"Copy the arrays of a `neurite-cli export-weights` archive into model.\n"
    "\n"
    "    A Keras kernel has the shape (inputs, units), so Linear.weight, of\n"
    "    shape (units, inputs), receives its transpose.\n"
    "    \"\"\"\n"
    "    with torch.no_grad():\n"
    "        for name, module in model.named_children():\n"
    "            if isinstance(module, nn.Linear):\n"
    "                kernel_shape = (module.in_features, module.out_features)\n"
    "                kernel = find_array(arrays, f\"{name}/kernel\", kernel_shape)\n"
    "                module.weight.copy_(torch.from_numpy(kernel.T))\n"
    "                if module.bias is not None:\n"
    "                    bias = find_array(arrays, f\"{name}/bias\", module.bias.shape)\n"
    "                    module.bias.copy_(torch.from_numpy(bias))\n"
    "            elif isinstance(module, Normalization):\n"
    "                mean = find_array(arrays, \"normalization/mean\", (N_INPUTS,))\n"
    "                variance = find_array(arrays, \"normalization/variance\", (N_INPUTS,))\n"
    "                module.mean.copy_(torch.from_numpy(mean))\n"
    "                module.variance.copy_(torch.from_numpy(variance))\n"
    "\n"
    "\n"
    "def save_weights(model, path):\n"
    "    \"\"\"Write model's weights in the layout of `neurite-cli export-weights`.\"\"\"\n"
    "    arrays = {}\n"
    "    for name, module in model.named_children():\n"
    "        if isinstance(module, nn.Linear):\n"
    "            arrays[f\"{name}/kernel\"] = np.ascontiguousarray(module.weight.detach().numpy().T)\n"
    "            if module.bias is not None:\n"
    "                arrays[f\"{name}/bias\"] = module.bias.detach().numpy()\n"
    "        elif isinstance(module, Normalization):\n"
    "            arrays[\"normalization/mean\"] = module.mean.numpy()\n"
    "            arrays[\"normalization/variance\"] = module.variance.numpy()\n"
    "    np.savez(path, **arrays)\n"
    "\n"
    "\n"
    "def split_flat(model, flat):\n"
    "    \"\"\"Return (parameter, tensor) pairs that cut flat, an array in the\n"
    "    layout of Neurite's parameter buffer (each layer's kernel of shape\n"
    "    (inputs, units) in row-major order, then its bias), into the shapes of\n"
    "    model's parameters.\"\"\"\n"
    "    pieces, offset = [], 0\n"
    "    for module in model.children():\n"
    "        if not isinstance(module, nn.Linear):\n"
    "            continue\n"
    "        size = module.in_features * module.out_features\n"
    "        kernel = flat[offset:offset + size].reshape(module.in_features, module.out_features)\n"
    "        pieces.append((module.weight, torch.from_numpy(np.ascontiguousarray(kernel.T))))\n"
    "        offset += size\n"
    "        if module.bias is not None:\n"
    "            bias = flat[offset:offset + module.out_features]\n"
    "            pieces.append((module.bias, torch.from_numpy(bias.copy())))\n"
    "            offset += module.out_features\n"
    "    return pieces\n"
  );
  append_build_model (code, model);
  append_to_probabilities (code, model);
  nrt_codegen_pytorch_append_training (code, model);

  g_string_append (code,
    "\n"
    "\n"
    "def predict(model, features):\n"
    "    \"\"\"Return the model's outputs for features, an array of shape\n"
    "    (samples, N_INPUTS).\"\"\"\n"
    "    model.eval()\n"
    "    with torch.no_grad():\n"
    "        outputs = model(torch.from_numpy(features.astype(np.float32)))\n"
    "        outputs = to_probabilities(outputs)\n"
    "    return outputs.numpy()\n"
  );
  nrt_codegen_append_main (code, "PyTorch");
  return code;
}
