/* nrt-codegen-numpy.h: a standalone NumPy script that runs the forward pass
 * of a saved project's model with the weights of an .npz archive. */
#pragma once

#include <glib.h>

#include "io/nrt-project.h"

G_BEGIN_DECLS

/* Builds the Python 3 source of a script that loads the weights written by
 * "neurite-cli export-weights". The script reads default_weights_path
 * unless its first argument names another file. It reads a CSV of feature
 * columns with a header row and prints the model's outputs, one row per
 * sample. A classifier trained on logits prints probabilities, and a
 * single sigmoid unit prints one column, the probability of class 1. The
 * project's model must have at least one layer. Free with g_string_free. */
GString *nrt_codegen_numpy (const NrtProject *project, const char *default_weights_path);

G_END_DECLS
