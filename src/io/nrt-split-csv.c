/* nrt-split-csv.c: the data with the part of each row, as CSV. */
#include "config.h"

#include "nrt-split-csv.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "nrt-csv-write.h"
#include "nrt-number-format-private.h"

static const char *const part_names[] = {
  [NRT_PART_TRAIN] = "train",
  [NRT_PART_VALIDATION] = "validation",
  [NRT_PART_TEST] = "test",
};

/* Appends the shortest decimal that reads back as the float value. */
static void
append_float (GString *csv, float value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (csv, nrt_format_shortest (value, TRUE, buffer));
}

/* Appends the label columns of row i: the class name for classification,
 * else each target as a number. A class index outside the names is written
 * as its number. */
static void
append_labels (GString *csv, const NrtDataset *dataset, int i)
{
  const float *y = dataset->y + (gsize) i * dataset->n_targets;

  if (dataset->task == NRT_TASK_CLASSIFICATION)
    {
      int class_index = (int) y[0];

      if (dataset->class_names != NULL && class_index >= 0
          && class_index < dataset->n_classes && (float) class_index == y[0])
        nrt_csv_append_field (csv, dataset->class_names[class_index]);
      else
        append_float (csv, y[0]);
      return;
    }

  for (int t = 0; t < dataset->n_targets; t++)
    {
      if (t > 0)
        g_string_append_c (csv, ',');
      append_float (csv, y[t]);
    }
}

char *
nrt_split_csv_format (const NrtDataset *dataset, const guint8 *assignment)
{
  GString *csv;

  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (assignment != NULL || dataset->n_samples == 0, NULL);

  csv = g_string_new (NULL);
  for (int f = 0; f < dataset->n_features; f++)
    {
      nrt_csv_append_field (csv, dataset->feature_names[f]);
      g_string_append_c (csv, ',');
    }
  for (int t = 0; t < dataset->n_targets; t++)
    {
      nrt_csv_append_field (csv, dataset->target_names[t]);
      g_string_append_c (csv, ',');
    }
  g_string_append (csv, "split\n");

  for (int i = 0; i < dataset->n_samples; i++)
    {
      const float *x = dataset->x + (gsize) i * dataset->n_features;

      g_return_val_if_fail (assignment[i] <= NRT_PART_TEST, g_string_free (csv, TRUE));

      for (int f = 0; f < dataset->n_features; f++)
        {
          append_float (csv, x[f]);
          g_string_append_c (csv, ',');
        }
      append_labels (csv, dataset, i);
      g_string_append_c (csv, ',');
      g_string_append (csv, part_names[assignment[i]]);
      g_string_append_c (csv, '\n');
    }

  return g_string_free (csv, FALSE);
}

gboolean
nrt_split_csv_write (const NrtDataset *dataset, const guint8 *assignment, const char *path,
                     GError **error)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *csv = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  csv = nrt_split_csv_format (dataset, assignment);
  g_return_val_if_fail (csv != NULL, FALSE);

  /* GIO writes a temporary file and renames it over path, and its messages
   * name path. */
  file = g_file_new_for_path (path);
  if (!g_file_replace_contents (file, csv, strlen (csv), NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                                NULL, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not write the data with its parts: %s"), local_error->message);
      return FALSE;
    }
  return TRUE;
}
