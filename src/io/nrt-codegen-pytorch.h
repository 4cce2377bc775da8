/* nrt-codegen-pytorch.h: a standalone PyTorch script that rebuilds a saved
 * project's model as an nn.Sequential, loads its weights from an .npz
 * archive, trains it further with the same loss, optimizer and settings,
 * and predicts. */
#pragma once

#include <glib.h>

#include "io/nrt-project.h"

G_BEGIN_DECLS

/* Builds the Python 3 source of the script, which needs PyTorch and
 * NumPy. It reads default_weights_path unless its command line names
 * another archive. The project's model must have at least one layer.
 * Free with g_string_free. */
GString *nrt_codegen_pytorch (const NrtProject *project, const char *default_weights_path);

G_END_DECLS
