/* nrt-number-format-private.h: numbers written as Python's repr writes
 * them, for the CSV files of the io layer. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Formats value into buffer (G_ASCII_DTOSTR_BUF_SIZE bytes) with the
 * fewest significant digits that read back as the same double, or as the
 * same float when as_float. The layout is Python's repr: positional from
 * 1e-4 up to 1e16, else in exponent form ("1e-05", "1e+16"). "nan", "inf"
 * and "-inf" stand for the values that are not finite. The decimal
 * separator is always '.'. Returns buffer. */
char *nrt_format_shortest (double value, gboolean as_float, char *buffer);

G_END_DECLS
