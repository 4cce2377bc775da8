/* nrt-tensor.h: float32 tensors, row-major and contiguous.
 *
 * A tensor either owns its data or is a view into a buffer that someone else
 * owns (a model's parameter buffer, for instance). Shapes follow Keras's
 * channels-last order, with the batch as the first dimension.
 */
#pragma once

#include <stddef.h>

#include "nrt-error.h"

#define NRT_MAX_DIMS 4

typedef struct {
  int ndim;                  /* 0 for a scalar, at most NRT_MAX_DIMS */
  int shape[NRT_MAX_DIMS];   /* unused trailing entries are 1 */
  size_t size;               /* product of shape[0..ndim) */
  float *data;               /* size floats */
  int owns_data;             /* whether nrt_tensor_free releases data */
} NrtTensor;

/* Allocates a zero-filled tensor; returns NULL when out of memory or when the
 * shape is invalid. Free it with nrt_tensor_free. */
NrtTensor *nrt_tensor_new (int ndim, const int *shape);

/* Wraps data without copying; the caller keeps data alive longer than the
 * view. Free the view with nrt_tensor_free, which leaves data alone. */
NrtTensor *nrt_tensor_new_view (int ndim, const int *shape, float *data);

void nrt_tensor_free (NrtTensor *tensor);

/* Returns the number of elements of a shape, or 0 if a dimension is not
 * positive. */
size_t nrt_shape_size (int ndim, const int *shape);

/* Writes a shape as "(2, 25)" into buffer, truncated to size bytes. As in
 * Python, a 1-d shape is written "(3,)". A negative dimension is written None,
 * as Keras writes the batch dimension of a graph node before it is known. */
void nrt_shape_format (int ndim, const int *shape, char *buffer, size_t size);
