/* nrt-codegen-private.h: the pieces that the NumPy, Keras and PyTorch
 * script generators share. Each appends Python 3 source to a GString. */
#pragma once

#include <glib.h>

#include "core/nrt-model.h"
#include "io/nrt-project.h"

G_BEGIN_DECLS

/* Appends text as a double-quoted Python string literal. Bytes outside
 * printable ASCII become \xNN escapes, so the script stays ASCII. */
void nrt_codegen_append_python_string (GString *code, const char *text);

/* Appends value as the shortest decimal that reads back as the same
 * float32, so that a script computing in float32 uses Neurite's exact
 * hyper-parameters. */
void nrt_codegen_append_python_float (GString *code, float value);

/* Appends the line "NAME = VALUE" of a Python float constant, with value
 * written as nrt_codegen_append_python_float writes it. */
void nrt_codegen_append_float_constant (GString *code, const char *name, float value);

/* Returns the activation that turns the last layer's logits into
 * probabilities, or -1 when the model's outputs are used as they are.
 * The rule matches the --predictions file of neurite-cli: softmax for
 * sparse_categorical_crossentropy on several units, sigmoid otherwise. */
int nrt_codegen_find_logits_activation (NrtModel *model);

/* Returns whether the model's loss is a cross-entropy, so that the
 * scripts print probabilities and report accuracy. */
gboolean nrt_codegen_has_classes (NrtModel *model);

/* Appends the shebang line, the docstring of a Keras or PyTorch script and
 * the standard library imports. The docstring names framework, describes
 * the command line, predict and the validation rows, and includes
 * training_text and optimizer_text, each lines of text ending in a
 * newline. */
void nrt_codegen_append_docstring (GString *code, const char *framework, gboolean probabilities,
                                   const char *training_text, const char *optimizer_text);

/* Appends the constants that the training scripts read: DEFAULT_WEIGHTS,
 * N_INPUTS, the fit settings (EPOCHS, BATCH_SIZE, SHUFFLE, SEED,
 * VALIDATION_SPLIT, TEST_SPLIT) and the project's CSV import options. */
void nrt_codegen_append_settings (GString *code, const NrtProject *project,
                                  const char *default_weights_path);

/* Appends load_data(path), which reads a CSV file of features and labels
 * as Neurite's importer does, and split_data(data), which separates the
 * training and validation rows as neurite-cli train does. They read the
 * constants of nrt_codegen_append_settings and need the modules csv,
 * math, sys and numpy as np. */
void nrt_codegen_append_data_reader (GString *code);

/* Appends read_feature_matrix(path), which reads a CSV of N_INPUTS
 * feature columns after a header row, and print_outputs(outputs), which
 * prints a header row of "probability_I" (when probabilities is TRUE) or
 * "output_I" columns and one CSV row per sample. */
void nrt_codegen_append_feature_io (GString *code, gboolean probabilities);

/* Appends what the Keras and PyTorch scripts define after their imports:
 * the constants of nrt_codegen_append_settings, then the functions of
 * nrt_codegen_append_data_reader, nrt_codegen_append_feature_io (with
 * probabilities for a cross-entropy loss) and
 * nrt_codegen_append_weights_reader. */
void nrt_codegen_append_script_base (GString *code, const NrtProject *project,
                                     const char *default_weights_path);

/* Appends read_weights(path), which returns the arrays of an .npz archive
 * by name, and find_array(arrays, name, shape), which exits with a message
 * when the archive lacks the array or it has another shape. */
void nrt_codegen_append_weights_reader (GString *code);

/* Appends main() and its call: the command line "[--weights WEIGHTS.npz]
 * predict FEATURES.csv" or "train DATA.csv [--epochs N] [--save OUT.npz]".
 * It calls the functions that each script defines in its framework:
 * build_model(arrays), predict(model, features), train(model, arrays,
 * data, epochs) and save_weights(model, path). */
void nrt_codegen_append_main (GString *code, const char *framework);

/* Appends the training half of the PyTorch script: loss_function,
 * targets_tensor, HAS_ACCURACY and count_correct, create_optimizer,
 * load_optimizer_state and train. model must be compiled. */
void nrt_codegen_pytorch_append_training (GString *code, NrtModel *model);

G_END_DECLS
