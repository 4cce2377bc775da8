/* nrt-number-format.c: the shortest decimal that reads back as a number. */
#include "nrt-number-format-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Returns whether text reads back as value, as a double or a float. */
static gboolean
reads_back (const char *text, double value, gboolean as_float)
{
  double parsed = g_ascii_strtod (text, NULL);

  return as_float ? (float) parsed == (float) value : parsed == value;
}

char *
nrt_format_shortest (double value, gboolean as_float, char *buffer)
{
  int max_precision = as_float ? 9 : 17;
  int precision = max_precision;
  int exponent;
  char format[16];

  if (isnan (value))
    return strcpy (buffer, "nan");
  if (isinf (value))
    return strcpy (buffer, value > 0 ? "inf" : "-inf");

  /* The fewest significant digits that read back exactly. glibc's printf
   * rounds correctly, so trying each precision in turn finds the digits
   * that Python's repr picks; 17 digits always suffice for a double and 9
   * for a float. */
  for (int p = 1; p <= max_precision; p++)
    {
      g_snprintf (format, sizeof format, "%%.%de", p - 1);
      g_ascii_formatd (buffer, G_ASCII_DTOSTR_BUF_SIZE, format, value);
      if (reads_back (buffer, value, as_float))
        {
          precision = p;
          break;
        }
    }

  /* buffer contains d.ddde±XX: positional notation keeps those digits, with
   * as many decimals as the digits after the point need. */
  exponent = atoi (strchr (buffer, 'e') + 1);
  if (exponent < -4 || exponent >= 16)
    {
      /* Exponent form as %g writes it, which trims trailing zeros. */
      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buffer, G_ASCII_DTOSTR_BUF_SIZE, format, value);
      return buffer;
    }
  g_snprintf (format, sizeof format, "%%.%df", MAX (precision - 1 - exponent, 0));
  g_ascii_formatd (buffer, G_ASCII_DTOSTR_BUF_SIZE, format, value);
  return buffer;
}
