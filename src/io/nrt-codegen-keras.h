/* nrt-codegen-keras.h: a standalone Keras (TensorFlow 2) script that
 * rebuilds a saved project's model, loads its weights from an .npz archive,
 * trains it further as configured and predicts. */
#pragma once

#include <glib.h>

#include "io/nrt-project.h"

G_BEGIN_DECLS

/* Builds the Python 3 source of the script. It declares the model as a
 * keras.Sequential of Dense layers, with a Normalization layer first when
 * the model has one, and compiles it with the project's loss, optimizer and
 * metrics. It sets the weights read from default_weights_path (or the file
 * its command line names). It can fit on a CSV with the project's epochs
 * and batch size, and predict. The project's model must have at least one
 * layer. Free with g_string_free. */
GString *nrt_codegen_keras (const NrtProject *project, const char *default_weights_path);

G_END_DECLS
