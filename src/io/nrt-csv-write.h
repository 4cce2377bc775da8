/* nrt-csv-write.h: fields of the CSV files that Neurite writes. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends field to csv as one RFC 4180 field: as is, or in double quotes
 * with each quote doubled when it contains a comma, a quote or a line
 * break. Appends no separator. */
void nrt_csv_append_field (GString *csv, const char *field);

G_END_DECLS
