/* nrt-csv-write.c: fields of the CSV files that Neurite writes. */
#include "config.h"

#include "nrt-csv-write.h"

#include <string.h>

void
nrt_csv_append_field (GString *csv, const char *field)
{
  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (csv, field);
      return;
    }

  g_string_append_c (csv, '"');
  for (const char *c = field; *c != '\0'; c++)
    {
      if (*c == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *c);
    }
  g_string_append_c (csv, '"');
}
