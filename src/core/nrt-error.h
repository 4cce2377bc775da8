/* nrt-error.h: status codes and error messages of the core.
 *
 * The core never aborts on bad input. A function that can fail returns an
 * NrtStatus and, when given a non-NULL NrtError, fills it with a message that
 * names the value at fault and what was expected.
 */
#pragma once

#include <stdarg.h>

typedef enum {
  NRT_OK = 0,
  NRT_ERROR_INVALID,     /* an argument or configuration is invalid */
  NRT_ERROR_NO_MEMORY,   /* an allocation failed */
  NRT_ERROR_SHAPE,       /* tensor shapes do not fit together */
  NRT_ERROR_NOT_FINITE,  /* the loss became NaN or infinite */
  NRT_ERROR_CANCELLED,   /* the caller's cancel flag was set */
  NRT_ERROR_STOPPED      /* a callback requested the stop */
} NrtStatus;

#define NRT_ERROR_MESSAGE_SIZE 512

typedef struct {
  NrtStatus status;
  char message[NRT_ERROR_MESSAGE_SIZE];
} NrtError;

/* Sets err (when not NULL) and returns status, so a caller can write
 * `return nrt_error_set (err, NRT_ERROR_INVALID, "...", ...);`. */
NrtStatus nrt_error_set (NrtError *err, NrtStatus status, const char *format, ...)
  __attribute__ ((format (printf, 3, 4)));

/* Returns a static English name for status, such as "invalid argument". */
const char *nrt_status_to_string (NrtStatus status);

/* Log levels of NrtLogFunc, from the least to the most severe. */
typedef enum {
  NRT_LOG_DEBUG,
  NRT_LOG_INFO,
  NRT_LOG_WARNING
} NrtLogLevel;

/* Receives the core's log messages; the core keeps no global logger. */
typedef void (*NrtLogFunc) (NrtLogLevel level, const char *message, void *user_data);
