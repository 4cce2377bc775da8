/* nrt-split-csv.h: the data with the part each row was assigned to, as CSV.
 *
 * A header, then one row per sample in the data's order. The columns are
 * the features, the labels (a class by its name, a value or a 0/1 label as
 * a number) and a last column "split" containing "train", "validation" or
 * "test". Numbers are written as the shortest decimal that
 * reads back as the same float, with '.' as the decimal separator, in
 * positional form from 1e-4 up to 1e16 and in exponent form outside. Names
 * that contain a comma, a quote or a line break are quoted as RFC 4180
 * says.
 */
#pragma once

#include <glib.h>

#include "core/nrt-dataset.h"

G_BEGIN_DECLS

/* Returns the CSV text of dataset with the parts of assignment
 * (dataset->n_samples NrtPart values), each line ending in "\n". Returns
 * NULL for a value that is no NrtPart. Free with g_free. */
char *nrt_split_csv_format (const NrtDataset *dataset, const guint8 *assignment);

/* Writes the text to path atomically (g_file_replace_contents). The error,
 * in G_IO_ERROR, names path. */
gboolean nrt_split_csv_write (const NrtDataset *dataset, const guint8 *assignment,
                              const char *path, GError **error);

G_END_DECLS
