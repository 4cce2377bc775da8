/* nrt-error.c: status codes and error messages of the core. */
#include "nrt-error.h"

#include <stdio.h>

NrtStatus
nrt_error_set (NrtError *err, NrtStatus status, const char *format, ...)
{
  va_list args;

  if (err == NULL)
    return status;

  err->status = status;
  va_start (args, format);
  vsnprintf (err->message, sizeof err->message, format, args);
  va_end (args);
  return status;
}

const char *
nrt_status_to_string (NrtStatus status)
{
  switch (status)
    {
    case NRT_OK:
      return "success";
    case NRT_ERROR_INVALID:
      return "invalid argument";
    case NRT_ERROR_NO_MEMORY:
      return "out of memory";
    case NRT_ERROR_SHAPE:
      return "shape mismatch";
    case NRT_ERROR_NOT_FINITE:
      return "loss is not finite";
    case NRT_ERROR_CANCELLED:
      return "cancelled";
    case NRT_ERROR_STOPPED:
      return "stopped by a callback";
    }
  return "unknown status";
}
