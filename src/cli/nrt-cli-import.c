/* nrt-cli-import.c: the CSV import options of --data. */
#include "config.h"

#include "nrt-cli-import.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "nrt-cli-options.h"

const char *
nrt_cli_import_first_option (const NrtCliModelArgs *args)
{
  if (args->labels != NULL)
    return "--label";
  if (args->features != NULL)
    return "--features";
  if (args->delimiter != NULL)
    return "--delimiter";
  if (args->decimal_comma)
    return "--decimal-comma";
  if (args->no_header)
    return "--no-header";
  if (args->missing != NULL)
    return "--missing";
  if (args->task != NULL)
    return "--task";
  return NULL;
}

/* Parses --delimiter: the character itself, or its name. */
static gboolean
parse_delimiter (const char *text, char *delimiter, GError **error)
{
  if (strcmp (text, ",") == 0 || strcmp (text, "comma") == 0)
    *delimiter = ',';
  else if (strcmp (text, ";") == 0 || strcmp (text, "semicolon") == 0)
    *delimiter = ';';
  else if (strcmp (text, "\t") == 0 || strcmp (text, "tab") == 0)
    *delimiter = '\t';
  else
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                   _("Invalid value “%s” for --delimiter; expected “,”, “;” or “tab”"), text);
      return FALSE;
    }
  return TRUE;
}

/* Splits --features at commas into column names, rejecting empty ones. */
static char **
parse_features (const char *text, GError **error)
{
  g_auto (GStrv) names = g_strsplit (text, ",", -1);

  if (names[0] == NULL)
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                   _("Invalid value for --features: it is empty; expected column names "
                     "separated by commas, such as sepal_length_cm,petal_length_cm"));
      return NULL;
    }
  for (int i = 0; names[i] != NULL; i++)
    {
      g_strstrip (names[i]);
      if (names[i][0] == '\0')
        {
          g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                       _("Invalid value “%s” for --features: column %d of the list is empty; "
                         "expected column names separated by commas"),
                       text, i + 1);
          return NULL;
        }
    }
  return g_steal_pointer (&names);
}

gboolean
nrt_cli_resolve_import (const NrtCliModelArgs *args, NrtCliDataChoice *data, GError **error)
{
  NrtCsvOptions *csv = &data->csv;

  *csv = nrt_csv_options_default ();
  csv->header = args->no_header ? NRT_CSV_HEADER_NO : NRT_CSV_HEADER_YES;

  if (args->labels != NULL)
    {
      for (int i = 0; args->labels[i] != NULL; i++)
        if (args->labels[i][0] == '\0')
          {
            g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                         _("Invalid value for --label: the column name is empty; give a "
                           "column's name, or its position counted from 1"));
            return FALSE;
          }
      csv->labels = args->labels;
    }

  if (args->features != NULL)
    {
      data->feature_names = parse_features (args->features, error);
      if (data->feature_names == NULL)
        return FALSE;
      csv->features = data->feature_names;
    }

  if (args->delimiter != NULL && !parse_delimiter (args->delimiter, &csv->delimiter, error))
    return FALSE;

  if (args->decimal_comma)
    {
      if (csv->delimiter == ',')
        {
          g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                       _("The options --decimal-comma and --delimiter “,” contradict each "
                         "other: a file with decimal commas separates its fields with “;” or "
                         "tabs"));
          return FALSE;
        }
      csv->decimal_comma = 1;
    }

  if (args->missing != NULL)
    {
      if (strcmp (args->missing, "error") == 0)
        csv->missing = NRT_CSV_MISSING_ERROR;
      else if (strcmp (args->missing, "drop") == 0)
        csv->missing = NRT_CSV_MISSING_DROP;
      else if (strcmp (args->missing, "mean") == 0)
        csv->missing = NRT_CSV_MISSING_MEAN;
      else
        {
          g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                       _("Invalid value “%s” for --missing; expected drop, mean or error"),
                       args->missing);
          return FALSE;
        }
    }

  if (args->task != NULL)
    {
      if (strcmp (args->task, "classification") == 0)
        csv->task = NRT_CSV_TASK_CLASSIFICATION;
      else if (strcmp (args->task, "regression") == 0)
        csv->task = NRT_CSV_TASK_REGRESSION;
      else
        {
          g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                       _("Invalid value “%s” for --task; expected classification or "
                         "regression"),
                       args->task);
          return FALSE;
        }
    }

  return TRUE;
}

void
nrt_cli_print_import_notes (const NrtCsvReport *report)
{
  if (report == NULL || report->notes == NULL)
    return;

  for (guint i = 0; i < report->notes->len; i++)
    g_printerr ("neurite-cli: %s\n", (const char *) g_ptr_array_index (report->notes, i));
}
