/* nrt-npz-model.h: a model's parameters as the arrays of an .npz archive,
 * in the layout that "neurite-cli export-weights" documents. */
#pragma once

#include <glib.h>

#include "core/nrt-model.h"
#include "io/nrt-npz.h"

G_BEGIN_DECLS

/* Adds the kernel ("LAYER/kernel", shape (inputs, units), as Keras lays it
 * out) and the bias ("LAYER/bias", shape (units,), only for layers with a
 * bias) of every layer, then "normalization/mean" and
 * "normalization/variance" (shape (inputs,)) when the model has a
 * Normalization layer. Fails as nrt_npz_writer_add does. */
gboolean nrt_npz_writer_add_model (NrtNpzWriter *writer, NrtModel *model, GError **error);

/* Returns the bytes of a whole archive with the arrays of
 * nrt_npz_writer_add_model. Free with g_bytes_unref. */
GBytes *nrt_npz_format_model (NrtModel *model, GError **error);

G_END_DECLS
