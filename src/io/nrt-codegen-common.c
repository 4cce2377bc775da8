/* nrt-codegen-common.c: the helpers and the Python text that the script
 * generators share (see nrt-codegen-private.h). */
#include "config.h"

#include <string.h>

#include "core/nrt-layer.h"
#include "core/nrt-loss.h"
#include "io/nrt-codegen-private.h"

void
nrt_codegen_append_python_string (GString *code, const char *text)
{
  g_string_append_c (code, '"');
  for (const guchar *c = (const guchar *) text; *c != '\0'; c++)
    {
      if (*c == '"' || *c == '\\')
        g_string_append_printf (code, "\\%c", *c);
      else if (*c < 0x20 || *c >= 0x7f)
        g_string_append_printf (code, "\\x%02x", *c);
      else
        g_string_append_c (code, (char) *c);
    }
  g_string_append_c (code, '"');
}

void
nrt_codegen_append_python_float (GString *code, float value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];

  /* Nine significant digits always read back as the same float32. The
   * g_ascii_ functions write a point whatever the locale. */
  for (int digits = 1; digits <= 9; digits++)
    {
      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (text, sizeof text, format, (double) value);
      if ((float) g_ascii_strtod (text, NULL) == value)
        break;
    }

  /* Python reads "1e-07" and "0.01" as floats, but "2" as an int. */
  g_string_append (code, text);
  if (strpbrk (text, ".en") == NULL)
    g_string_append (code, ".0");
}

void
nrt_codegen_append_float_constant (GString *code, const char *name, float value)
{
  g_string_append_printf (code, "%s = ", name);
  nrt_codegen_append_python_float (code, value);
  g_string_append_c (code, '\n');
}

int
nrt_codegen_find_logits_activation (NrtModel *model)
{
  const NrtLossConfig *loss = nrt_model_get_loss (model);

  if (loss == NULL || !nrt_loss_is_crossentropy (loss->kind) || !loss->from_logits)
    return -1;
  return loss->kind == NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY && nrt_model_get_n_outputs (model) > 1
         ? NRT_ACTIVATION_SOFTMAX : NRT_ACTIVATION_SIGMOID;
}

gboolean
nrt_codegen_has_classes (NrtModel *model)
{
  const NrtLossConfig *loss = nrt_model_get_loss (model);

  return loss != NULL && nrt_loss_is_crossentropy (loss->kind);
}

/* Appends a Python list of the names, or None for NULL. */
static void
append_python_names (GString *code, char **names)
{
  if (names == NULL)
    {
      g_string_append (code, "None");
      return;
    }

  g_string_append_c (code, '[');
  for (int i = 0; names[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (code, ", ");
      nrt_codegen_append_python_string (code, names[i]);
    }
  g_string_append_c (code, ']');
}

static void
append_csv_options (GString *code, const NrtProject *project)
{
  NrtCsvOptions defaults = nrt_csv_options_default ();
  const NrtCsvOptions *options = &defaults;
  static const char *const headers[] = { "detect", "yes", "no" };
  static const char *const missing[] = { "error", "drop", "mean" };
  static const char *const tasks[] = { "detect", "classification", "regression" };
  char delimiter[2] = { 0 };

  /* A built-in dataset is a CSV file read with the default options. */
  if (project->dataset.kind == NRT_PROJECT_DATASET_CSV)
    options = &project->dataset.csv;

  g_string_append (code,
    "\n"
    "# How Neurite imported the project's data, which load_data() repeats. None\n"
    "# means detected from the file (the delimiter, the decimal comma), the last\n"
    "# column (the labels) or every other column (the features). Columns are\n"
    "# named by their header or by their position from 1.\n"
    "CSV_DELIMITER = ");
  delimiter[0] = options->delimiter;
  if (options->delimiter != 0)
    nrt_codegen_append_python_string (code, delimiter);
  else
    g_string_append (code, "None");
  g_string_append_printf (code, "\nCSV_HEADER = \"%s\"\n", headers[options->header]);
  g_string_append_printf (code, "CSV_DECIMAL_COMMA = %s\n",
                          options->decimal_comma < 0 ? "None"
                          : options->decimal_comma ? "True" : "False");
  g_string_append (code, "LABEL_COLUMNS = ");
  append_python_names (code, options->labels);
  g_string_append (code, "\nFEATURE_COLUMNS = ");
  append_python_names (code, options->features);
  g_string_append_printf (code,
    "\n"
    "MISSING = \"%s\"  # a missing feature value: \"error\", \"drop\" the row or \"mean\"\n"
    "TASK = \"%s\"\n"
    "MAX_INTEGER_CLASSES = %d\n",
    missing[options->missing], tasks[options->task], NRT_CSV_MAX_INTEGER_CLASSES);
}

void
nrt_codegen_append_settings (GString *code, const NrtProject *project,
                             const char *default_weights_path)
{
  const NrtProjectFit *fit = &project->fit;

  g_string_append (code, "DEFAULT_WEIGHTS = ");
  nrt_codegen_append_python_string (code, default_weights_path);
  g_string_append_printf (code, "\nN_INPUTS = %d\n", nrt_model_get_n_inputs (project->model));

  g_string_append_printf (code,
    "\n"
    "# The project's fit settings. EPOCHS is the number of epochs the project\n"
    "# was trained for (Keras's default of 1 for an untrained project).\n"
    "EPOCHS = %d\n"
    "BATCH_SIZE = %d\n"
    "SHUFFLE = %s\n"
    "SEED = %" G_GUINT64_FORMAT "\n",
    fit->epochs_done > 0 ? fit->epochs_done : 1, fit->batch_size,
    fit->shuffle ? "True" : "False", fit->seed);
  nrt_codegen_append_float_constant (code, "VALIDATION_SPLIT", (float) fit->validation_split);
  nrt_codegen_append_float_constant (code, "TEST_SPLIT", (float) fit->test_split);

  append_csv_options (code, project);
}

void
nrt_codegen_append_script_base (GString *code, const NrtProject *project,
                                const char *default_weights_path)
{
  nrt_codegen_append_settings (code, project, default_weights_path);
  nrt_codegen_append_data_reader (code);
  nrt_codegen_append_feature_io (code, nrt_codegen_has_classes (project->model));
  nrt_codegen_append_weights_reader (code);
}

void
nrt_codegen_append_feature_io (GString *code, gboolean probabilities)
{
  g_string_append (code,
    "\n"
    "def read_feature_matrix(path):\n"
    "    \"\"\"Read a CSV file of a header row and N_INPUTS feature columns.\"\"\"\n"
    "    features = np.loadtxt(path, delimiter=\",\", skiprows=1, ndmin=2)\n"
    "    if features.shape[1] != N_INPUTS:\n"
    "        sys.exit(f\"{path}: expected {N_INPUTS} feature columns, \"\n"
    "                 f\"found {features.shape[1]}\")\n"
    "    return features\n"
    "\n"
    "\n"
    "def print_outputs(outputs):\n"
    "    \"\"\"Print outputs, an array of shape (samples, units), as CSV.\"\"\"\n");
  g_string_append_printf (code,
    "    header = [f\"%s_{i}\" for i in range(outputs.shape[1])]\n",
    probabilities ? "probability" : "output");
  g_string_append (code,
    "    print(\",\".join(header))\n"
    "    for row in outputs:\n"
    "        print(\",\".join(f\"{value:.9g}\" for value in row))\n"
    "\n");
}

void
nrt_codegen_append_docstring (GString *code, const char *framework, gboolean probabilities,
                              const char *training_text, const char *optimizer_text)
{
  g_string_append_printf (code,
    "#!/usr/bin/env python3\n"
    "\"\"\"Train and run a model exported from Neurite, in %s.\n"
    "\n",
    framework);
  g_string_append (code,
    "Usage:\n"
    "  python3 SCRIPT.py [--weights WEIGHTS.npz] predict FEATURES.csv\n"
    "  python3 SCRIPT.py [--weights WEIGHTS.npz] train DATA.csv [--epochs N] [--save OUT.npz]\n"
    "\n"
    "WEIGHTS.npz is the archive written by `neurite-cli export-weights`\n"
    "(DEFAULT_WEIGHTS when omitted). The model starts from its weights.\n"
    "\n"
    "predict reads FEATURES.csv, a header row and then one row per sample with\n"
    "the N_INPUTS feature columns in the order used for training, and prints a\n"
    "header row and the model's outputs for each sample as CSV, as the NumPy\n"
    "script of `neurite-cli export-code` does.\n");
  if (probabilities)
    g_string_append (code,
      "A classifier prints probabilities, and a single sigmoid unit prints one\n"
      "column, the probability of class 1.\n");
  g_string_append_printf (code,
    "\n"
    "%s"
    "\n"
    "The rows that a \"split\" column marks as validation, or else the last\n"
    "VALIDATION_SPLIT of the rows, are evaluated after every epoch, and rows\n"
    "marked test are left out. --save writes the trained weights in the layout\n"
    "of WEIGHTS.npz.\n"
    "\n"
    "%s"
    "\"\"\"\n"
    "import argparse\n"
    "import csv\n"
    "import math\n"
    "import sys\n"
    "\n",
    training_text, optimizer_text);
}

void
nrt_codegen_append_weights_reader (GString *code)
{
  g_string_append (code,
    "\n"
    "def read_weights(path):\n"
    "    \"\"\"Return the arrays of a `neurite-cli export-weights` archive by name,\n"
    "    such as \"dense/kernel\".\"\"\"\n"
    "    try:\n"
    "        with np.load(path) as archive:\n"
    "            return {name: archive[name] for name in archive.files}\n"
    "    except (OSError, ValueError) as error:\n"
    "        sys.exit(f\"{path}: cannot read the weights ({error}); write them with \"\n"
    "                 f\"neurite-cli export-weights\")\n"
    "\n"
    "\n"
    "def find_array(arrays, name, shape):\n"
    "    \"\"\"Return the array name of the archive, which must have the shape.\"\"\"\n"
    "    if name not in arrays:\n"
    "        sys.exit(f\"the weights archive has no array {name}; export the weights of \"\n"
    "                 f\"this script's project again\")\n"
    "    if arrays[name].shape != tuple(shape):\n"
    "        sys.exit(f\"the array {name} of the weights archive has the shape \"\n"
    "                 f\"{arrays[name].shape}, expected {tuple(shape)}; export the weights \"\n"
    "                 f\"of this script's project again\")\n"
    "    return arrays[name]\n"
  );
}

void
nrt_codegen_append_main (GString *code, const char *framework)
{
  g_string_append_printf (code,
    "\n"
    "\n"
    "def main():\n"
    "    parser = argparse.ArgumentParser(\n"
    "        description=\"Train or run the model of a Neurite project in %s.\")\n",
    framework);
  g_string_append (code,
    "    parser.add_argument(\"--weights\", default=DEFAULT_WEIGHTS, metavar=\"WEIGHTS.npz\",\n"
    "                        help=\"archive of neurite-cli export-weights (default: %(default)s)\")\n"
    "    commands = parser.add_subparsers(dest=\"command\", required=True)\n"
    "    predict_parser = commands.add_parser(\"predict\", help=\"print the outputs for a CSV file\")\n"
    "    predict_parser.add_argument(\"features\", metavar=\"FEATURES.csv\")\n"
    "    train_parser = commands.add_parser(\"train\", help=\"train on a CSV file\")\n"
    "    train_parser.add_argument(\"data\", metavar=\"DATA.csv\")\n"
    "    train_parser.add_argument(\"--epochs\", type=int, default=EPOCHS,\n"
    "                              help=\"epochs to train (default: %(default)s)\")\n"
    "    train_parser.add_argument(\"--save\", metavar=\"OUT.npz\",\n"
    "                              help=\"write the trained weights to OUT.npz\")\n"
    "    args = parser.parse_args()\n"
    "\n"
    "    arrays = read_weights(args.weights)\n"
    "    model = build_model(arrays)\n"
    "    if args.command == \"predict\":\n"
    "        print_outputs(predict(model, read_feature_matrix(args.features)))\n"
    "        return\n"
    "\n"
    "    try:\n"
    "        data = load_data(args.data)\n"
    "    except (DataError, OSError, UnicodeDecodeError) as error:\n"
    "        sys.exit(str(error))\n"
    "    train(model, arrays, data, args.epochs)\n"
    "    if args.save:\n"
    "        save_weights(model, args.save)\n"
    "\n"
    "\n"
    "if __name__ == \"__main__\":\n"
    "    main()\n"
  );
}
