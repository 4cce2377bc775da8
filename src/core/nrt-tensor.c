/* nrt-tensor.c: float32 tensors, row-major and contiguous. */
#include "nrt-tensor.h"

#include <stdio.h>
#include <stdlib.h>

size_t
nrt_shape_size (int ndim, const int *shape)
{
  size_t size = 1;

  if (ndim < 0 || ndim > NRT_MAX_DIMS)
    return 0;

  for (int i = 0; i < ndim; i++)
    {
      if (shape[i] <= 0)
        return 0;
      size *= (size_t) shape[i];
    }
  return size;
}

/* Creates the tensor header; data stays NULL. */
static NrtTensor *
tensor_new_header (int ndim, const int *shape)
{
  NrtTensor *tensor;
  size_t size;

  size = nrt_shape_size (ndim, shape);
  if (size == 0)
    return NULL;

  tensor = calloc (1, sizeof *tensor);
  if (tensor == NULL)
    return NULL;

  tensor->ndim = ndim;
  for (int i = 0; i < NRT_MAX_DIMS; i++)
    tensor->shape[i] = i < ndim ? shape[i] : 1;
  tensor->size = size;
  return tensor;
}

NrtTensor *
nrt_tensor_new (int ndim, const int *shape)
{
  NrtTensor *tensor;

  tensor = tensor_new_header (ndim, shape);
  if (tensor == NULL)
    return NULL;

  tensor->data = calloc (tensor->size, sizeof (float));
  if (tensor->data == NULL)
    {
      free (tensor);
      return NULL;
    }
  tensor->owns_data = 1;
  return tensor;
}

NrtTensor *
nrt_tensor_new_view (int ndim, const int *shape, float *data)
{
  NrtTensor *tensor;

  if (data == NULL)
    return NULL;

  tensor = tensor_new_header (ndim, shape);
  if (tensor == NULL)
    return NULL;

  tensor->data = data;
  tensor->owns_data = 0;
  return tensor;
}

void
nrt_tensor_free (NrtTensor *tensor)
{
  if (tensor == NULL)
    return;

  if (tensor->owns_data)
    free (tensor->data);
  free (tensor);
}

void
nrt_shape_format (int ndim, const int *shape, char *buffer, size_t size)
{
  size_t used = 0;

  if (buffer == NULL || size == 0)
    return;

  buffer[0] = '\0';
  if (ndim < 0 || ndim > NRT_MAX_DIMS)
    {
      snprintf (buffer, size, "(invalid rank %d)", ndim);
      return;
    }

  used += (size_t) snprintf (buffer, size, "(");
  for (int i = 0; i < ndim && used < size; i++)
    {
      const char *separator = i > 0 ? ", " : "";

      /* A negative dimension is the batch dimension of a graph node before
       * the batch size is known; Keras prints it as None. */
      if (shape[i] < 0)
        used += (size_t) snprintf (buffer + used, size - used, "%sNone", separator);
      else
        used += (size_t) snprintf (buffer + used, size - used, "%s%d", separator, shape[i]);
    }
  /* Python writes a one-element tuple as "(3,)". */
  if (ndim == 1 && used < size)
    used += (size_t) snprintf (buffer + used, size - used, ",");
  if (used < size)
    snprintf (buffer + used, size - used, ")");
}
