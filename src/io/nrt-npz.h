/* nrt-npz.h: NumPy's .npz format, a ZIP archive with one .npy file per
 * array, for float32 arrays. The members are stored uncompressed, as
 * numpy.savez does (NumPy 1.24). Each .npy file uses version 1.0 of the
 * format: the magic "\x93NUMPY", the version bytes 1 and 0 and the header
 * length as a little-endian uint16. A Python dict literal follows, padded
 * with spaces and a newline so that the data starts at a multiple of 64
 * bytes. The data is little-endian float32 ('<f4') in C order. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define NRT_NPZ_ERROR (nrt_npz_error_quark ())

typedef enum {
  NRT_NPZ_ERROR_INVALID,  /* an invalid name or shape, or an array too large for the format */
  NRT_NPZ_ERROR_FAILED    /* libzip failed to build the archive */
} NrtNpzError;

GQuark nrt_npz_error_quark (void);

/* The maximum number of dimensions that nrt_npz_format_npy accepts. Models
 * need two, and eight keep the header far below its 65535-byte limit. */
#define NRT_NPZ_MAX_DIMS 8

/* Formats one .npy file: the version 1.0 header for a '<f4' array of
 * shape (shape[0], ..., shape[n_dims - 1]), followed by that many values
 * (the product of the shape) from data. Returns NULL with
 * NRT_NPZ_ERROR_INVALID when n_dims exceeds NRT_NPZ_MAX_DIMS or the size
 * overflows. Free with g_bytes_unref. */
GBytes *nrt_npz_format_npy (const float *data, const gsize *shape, int n_dims, GError **error);

typedef struct _NrtNpzWriter NrtNpzWriter;

/* Starts an empty archive in memory. Returns NULL with
 * NRT_NPZ_ERROR_FAILED when libzip cannot create it. */
NrtNpzWriter *nrt_npz_writer_new (GError **error);

/* Adds the array name, which numpy.load lists under that key, as the
 * member "name.npy". The data is copied. Fails with NRT_NPZ_ERROR_INVALID
 * for an empty name or one already added. */
gboolean nrt_npz_writer_add (NrtNpzWriter *writer, const char *name, const float *data,
                             const gsize *shape, int n_dims, GError **error);

/* Closes the archive and returns its bytes. The writer then accepts no
 * more arrays. Returns NULL with NRT_NPZ_ERROR_FAILED, or
 * NRT_NPZ_ERROR_INVALID when no array was added. */
GBytes *nrt_npz_writer_finish (NrtNpzWriter *writer, GError **error);

void nrt_npz_writer_free (NrtNpzWriter *writer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NrtNpzWriter, nrt_npz_writer_free)

G_END_DECLS
