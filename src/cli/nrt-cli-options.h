/* nrt-cli-options.h: parsing and checking neurite-cli's option values.
 *
 * Every parser sets a GError in NRT_CLI_ERROR whose message names the
 * option, repeats the rejected value as typed and states what was expected,
 * so the command prints it unchanged. Messages start with a capital letter,
 * as GLib's own option errors do.
 */
#pragma once

#include <glib.h>

#include "core/nrt-layer.h"

G_BEGIN_DECLS

#define NRT_CLI_ERROR (nrt_cli_error_quark ())

typedef enum {
  NRT_CLI_ERROR_USAGE,   /* an invalid option or value: exit status 2 */
  NRT_CLI_ERROR_FAILED   /* reading the data or training failed: exit status 1 */
} NrtCliError;

GQuark nrt_cli_error_quark (void);

/* The accepted interval of a number option, and its wording for messages,
 * such as "a number greater than 0 and less than 1". */
typedef struct {
  double min;
  double max;
  gboolean min_exclusive;
  gboolean max_exclusive;
  const char *expected;   /* marked with N_(); translated when used */
  /* The value is stored as a float32: a magnitude above FLT_MAX or a
   * nonzero one below FLT_MIN, which would become infinite, 0 or a
   * denormal float, is rejected even when it lies in [min, max]. */
  gboolean float32;
} NrtCliRange;

/* A learning rate: a positive normal float32, from FLT_MIN to FLT_MAX. */
extern const NrtCliRange nrt_cli_learning_rate_range;

/* Parses text, the value of option (such as "--learning-rate"), as a finite
 * decimal number in range. The decimal separator is always '.', whatever the
 * locale. The message of an error quotes text as given, states why it was
 * rejected (not a number, too large, too small, too close to 0) and states
 * range->expected. */
gboolean nrt_cli_parse_double (const char *option, const char *text, const NrtCliRange *range,
                               double *value, GError **error);

/* Parses text as a decimal integer from min to max. The message of an
 * error quotes text and states both bounds. */
gboolean nrt_cli_parse_int (const char *option, const char *text, int min, int max,
                            int *value, GError **error);

/* Parses text as an unsigned 64-bit decimal integer, for --seed. */
gboolean nrt_cli_parse_uint64 (const char *option, const char *text, guint64 *value,
                               GError **error);

/* The largest layer width in --layers, and the largest --inputs of
 * summary: a bound that catches a mistyped number (an extra digit or two)
 * before the core tries to allocate it. It does not bound the memory of a
 * model, which grows with the product of neighbouring widths. */
#define NRT_CLI_MAX_UNITS 1000000

/* Parses a --layers value: comma-separated UNITS[:ACTIVATION] items such as
 * "25:relu,15:relu,4:linear". The activation defaults to linear, as in
 * Keras's Dense. Spaces around items are ignored. Every layer gets a bias
 * and the given kernel initializer. Returns a newly allocated array of
 * *n_layers configs, or NULL with error set naming the first invalid item.
 * Free it with g_free. */
NrtDenseConfig *nrt_cli_parse_layers (const char *text, NrtInitializer initializer,
                                      int *n_layers, GError **error);

/* Formats layers back into the --layers syntax, for messages. Free with g_free. */
char *nrt_cli_format_layers (const NrtDenseConfig *layers, int n_layers);

/* Replaces the error of g_option_context_parse on argc and argv when an
 * option value is not text in the locale's character set, which GLib
 * reports without naming the option, by one that names the option and the
 * character set. Leaves other errors as they are. */
void nrt_cli_explain_parse_error (GError **error, int argc, char **argv);

/* Formats value with a printf format for one double (such as "%.10g") into
 * buffer, of G_ASCII_DTOSTR_BUF_SIZE bytes, with '.' as the decimal point,
 * and returns buffer. NaN prints as "NaN" whatever its sign bit (printf
 * would write "nan" or "-nan"), and infinities as "inf" and "-inf", as the
 * application shows them. */
char *nrt_cli_format_value (const char *format, double value, char *buffer);

/* Return comma-separated lists of the valid names, such as "sgd, adam",
 * for "expected one of ..." messages. Free the results with g_free. */
char *nrt_cli_list_activations (void);
char *nrt_cli_list_losses (void);
char *nrt_cli_list_optimizers (void);
char *nrt_cli_list_initializers (void);
char *nrt_cli_list_datasets (void);

G_END_DECLS
