/* nrt-cli-options.c: parsing and checking neurite-cli's option values. */
#include "config.h"

#include "nrt-cli-options.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/nrt-loss.h"
#include "core/nrt-optimizer.h"
#include "io/nrt-builtins.h"

G_DEFINE_QUARK (nrt-cli-error-quark, nrt_cli_error)

const NrtCliRange nrt_cli_learning_rate_range = {
  FLT_MIN, FLT_MAX, FALSE, FALSE,
  N_("a positive number from 1.17549435e-38 to 3.40282347e38, the range of normal "
     "float32 numbers"),
  TRUE
};

static gboolean
invalid_value (GError **error, const char *option, const char *text, const char *reason,
               const char *expected)
{
  g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
               _("Invalid value “%s” for %s: %s; expected %s"), text, option, reason, expected);
  return FALSE;
}

/* Returns TRUE when value lies in range's interval. */
static gboolean
in_interval (double value, const NrtCliRange *range, gboolean *too_small)
{
  *too_small = range->min_exclusive ? value <= range->min : value < range->min;
  if (*too_small)
    return FALSE;
  return range->max_exclusive ? value < range->max : value <= range->max;
}

gboolean
nrt_cli_parse_double (const char *option, const char *text, const NrtCliRange *range,
                      double *value, GError **error)
{
  const char *expected;
  double parsed;
  char *end = NULL;
  gboolean too_small;

  g_return_val_if_fail (option != NULL && text != NULL && range != NULL, FALSE);

  expected = _(range->expected);
  errno = 0;
  parsed = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0')
    return invalid_value (error, option, text, _("not a number"), expected);

  /* strtod sets ERANGE with ±HUGE_VAL on overflow, and with 0 or a
   * denormal double on underflow, so that "1e-400" does not pass as 0. */
  if (errno == ERANGE && isinf (parsed))
    return invalid_value (error, option, text, parsed > 0 ? _("too large") : _("too small"),
                          expected);
  if (errno == ERANGE)
    return invalid_value (error, option, text, _("too close to 0"), expected);
  if (!isfinite (parsed))
    return invalid_value (error, option, text, _("not a finite number"), expected);

  if (range->float32)
    {
      /* The value that will be used is the nearest float32, so the checks
       * apply to it: "1.17549435e-38" rounds to FLT_MIN and passes, and
       * "0.999999999" rounds to 1. */
      float rounded = (float) parsed;

      if (isinf (rounded))
        return invalid_value (error, option, text,
                              parsed > 0 ? _("too large") : _("too small"), expected);
      if (parsed != 0 && fabsf (rounded) < FLT_MIN)
        return invalid_value (error, option, text, _("too close to 0"), expected);
      if (!in_interval (rounded, range, &too_small) && in_interval (parsed, range, &too_small))
        return invalid_value (error, option, text,
                              _("out of range once rounded to the nearest float32"), expected);
      parsed = rounded;
    }

  if (!in_interval (parsed, range, &too_small))
    return invalid_value (error, option, text, too_small ? _("too small") : _("too large"),
                          expected);

  *value = parsed;
  return TRUE;
}

gboolean
nrt_cli_parse_int (const char *option, const char *text, int min, int max, int *value,
                   GError **error)
{
  g_autoptr (GError) parse_error = NULL;
  g_autofree char *expected = NULL;
  gint64 parsed;

  g_return_val_if_fail (option != NULL && text != NULL && min <= max, FALSE);

  /* g_ascii_string_to_signed rejects empty strings, signs alone and
   * trailing text; its own message is replaced by one naming the option.
   * Parsing over the whole 64-bit range first shows which bound failed. */
  expected = g_strdup_printf (_("an integer from %d to %d"), min, max);
  if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &parsed, &parse_error))
    {
      if (!g_error_matches (parse_error, G_NUMBER_PARSER_ERROR,
                            G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS))
        return invalid_value (error, option, text, _("not an integer"), expected);
      parsed = text[0] == '-' ? G_MININT64 : G_MAXINT64;
    }
  if (parsed < min)
    return invalid_value (error, option, text, _("too small"), expected);
  if (parsed > max)
    return invalid_value (error, option, text, _("too large"), expected);

  *value = (int) parsed;
  return TRUE;
}

gboolean
nrt_cli_parse_uint64 (const char *option, const char *text, guint64 *value, GError **error)
{
  g_autoptr (GError) parse_error = NULL;
  const char *expected = _("an integer from 0 to 18446744073709551615");
  guint64 parsed;

  g_return_val_if_fail (option != NULL && text != NULL, FALSE);

  if (g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, &parsed, &parse_error))
    {
      *value = parsed;
      return TRUE;
    }

  /* g_ascii_string_to_unsigned takes no sign, so "-1" is not a number to it. */
  if (g_error_matches (parse_error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS))
    return invalid_value (error, option, text, _("too large"), expected);
  if (text[0] == '-' && g_ascii_isdigit (text[1]))
    return invalid_value (error, option, text, _("negative"), expected);
  return invalid_value (error, option, text, _("not an integer"), expected);
}

gboolean
nrt_cli_check_output_path (const char *option, const char *path, const char *example,
                           GError **error)
{
  g_autofree char *display_name = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *display_folder = NULL;
  GStatBuf info;

  g_return_val_if_fail (option != NULL && path != NULL && example != NULL, FALSE);

  if (path[0] == '\0')
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                   _("Invalid value for %s: the file name is empty; give the file to write, "
                     "such as %s %s"),
                   option, option, example);
      return FALSE;
    }

  display_name = g_filename_display_name (path);
  if (g_file_test (path, G_FILE_TEST_IS_DIR) || g_str_has_suffix (path, G_DIR_SEPARATOR_S))
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                   _("Invalid value “%s” for %s: it names a folder; give the path of a file, "
                     "which may be inside that folder"),
                   display_name, option);
      return FALSE;
    }

  /* The folder must exist and allow creating files: the file is written
   * through a temporary file in the same folder and then renamed. */
  folder = g_path_get_dirname (path);
  display_folder = g_filename_display_name (folder);
  if (g_stat (folder, &info) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT)
        g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                     _("Invalid value “%s” for %s: the folder “%s” does not exist; create it "
                       "first or choose another folder"),
                     display_name, option, display_folder);
      else
        g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                     _("Invalid value “%s” for %s: cannot open the folder “%s” (%s); check "
                       "the path and the folder's permissions"),
                     display_name, option, display_folder, g_strerror (saved_errno));
      return FALSE;
    }
  if (!S_ISDIR (info.st_mode))
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                   _("Invalid value “%s” for %s: “%s” is not a folder; choose a path inside "
                     "a folder"),
                   display_name, option, display_folder);
      return FALSE;
    }
  if (g_access (folder, W_OK | X_OK) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_FAILED,
                   _("Invalid value “%s” for %s: cannot create files in the folder “%s” "
                     "(%s); choose a folder you may write to"),
                   display_name, option, display_folder, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/* Parses one UNITS[:ACTIVATION] item of --layers; position counts from 1. */
static gboolean
parse_layer (const char *item, int position, NrtInitializer initializer, NrtDenseConfig *layer,
             GError **error)
{
  g_autoptr (GError) parse_error = NULL;
  g_autofree char *units_text = NULL;
  const char *colon;
  const char *activation_name = NULL;
  gint64 units;
  int activation = NRT_ACTIVATION_LINEAR;

  if (item[0] == '\0')
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                   _("Invalid value for --layers: layer %d is empty; "
                     "expected UNITS[:ACTIVATION] items separated by commas, such as 25:relu,4"),
                   position);
      return FALSE;
    }

  colon = strchr (item, ':');
  units_text = colon ? g_strndup (item, colon - item) : g_strdup (item);
  g_strstrip (units_text);
  if (!g_ascii_string_to_signed (units_text, 10, G_MININT64, G_MAXINT64, &units, &parse_error)
      && !g_error_matches (parse_error, G_NUMBER_PARSER_ERROR,
                           G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS))
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                   _("Invalid layer “%s” in --layers: the number of units “%s” is not an "
                     "integer; expected UNITS[:ACTIVATION], such as 25:relu"),
                   item, units_text);
      return FALSE;
    }
  /* Beyond the 64-bit range, the sign decides which bound failed. */
  if (parse_error != NULL)
    units = units_text[0] == '-' ? G_MININT64 : G_MAXINT64;
  if (units < 1)
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                   _("Invalid layer “%s” in --layers: the number of units “%s” is not "
                     "positive; a layer needs at least 1 unit"),
                   item, units_text);
      return FALSE;
    }
  if (units > NRT_CLI_MAX_UNITS)
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                   _("Invalid layer “%s” in --layers: the number of units “%s” is too "
                     "large; a layer has at most %d units"),
                   item, units_text, NRT_CLI_MAX_UNITS);
      return FALSE;
    }

  if (colon != NULL)
    {
      activation_name = colon + 1;
      activation = nrt_activation_from_name (activation_name);
      if (activation < 0)
        {
          g_autofree char *names = nrt_cli_list_activations ();

          g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                       _("Invalid layer “%s” in --layers: unknown activation “%s”; "
                         "expected one of %s"),
                       item, activation_name, names);
          return FALSE;
        }
    }

  *layer = nrt_dense_config_default ((int) units);
  layer->activation = activation;
  layer->kernel_initializer = initializer;
  return TRUE;
}

NrtDenseConfig *
nrt_cli_parse_layers (const char *text, NrtInitializer initializer, int *n_layers,
                      GError **error)
{
  g_auto (GStrv) items = NULL;
  g_autofree NrtDenseConfig *layers = NULL;
  int count;

  g_return_val_if_fail (text != NULL && n_layers != NULL, NULL);

  items = g_strsplit (text, ",", -1);
  count = (int) g_strv_length (items);
  if (count == 0)
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                   _("Invalid value for --layers: it is empty; "
                     "expected UNITS[:ACTIVATION] items separated by commas, such as 25:relu,4"));
      return NULL;
    }

  layers = g_new0 (NrtDenseConfig, count);
  for (int i = 0; i < count; i++)
    {
      g_strstrip (items[i]);
      if (!parse_layer (items[i], i + 1, initializer, &layers[i], error))
        return NULL;
    }

  *n_layers = count;
  return g_steal_pointer (&layers);
}

char *
nrt_cli_format_layers (const NrtDenseConfig *layers, int n_layers)
{
  GString *text = g_string_new (NULL);

  for (int i = 0; i < n_layers; i++)
    g_string_append_printf (text, "%s%d:%s", i > 0 ? "," : "", layers[i].units,
                            nrt_activation_name (layers[i].activation));
  return g_string_free (text, FALSE);
}

/* Each list below loops over one of the core's name tables. */

char *
nrt_cli_list_activations (void)
{
  GString *names = g_string_new (NULL);

  for (int i = 0; i < NRT_ACTIVATION_COUNT; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", nrt_activation_name (i));
  return g_string_free (names, FALSE);
}

char *
nrt_cli_list_losses (void)
{
  GString *names = g_string_new (NULL);

  for (int i = 0; i < NRT_LOSS_COUNT; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", nrt_loss_name (i));
  return g_string_free (names, FALSE);
}

char *
nrt_cli_list_optimizers (void)
{
  GString *names = g_string_new (NULL);

  for (int i = 0; i < NRT_OPTIMIZER_COUNT; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", nrt_optimizer_name (i));
  return g_string_free (names, FALSE);
}

char *
nrt_cli_list_initializers (void)
{
  GString *names = g_string_new (NULL);

  for (int i = 0; i < NRT_INITIALIZER_COUNT; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", nrt_initializer_name (i));
  return g_string_free (names, FALSE);
}

char *
nrt_cli_list_datasets (void)
{
  GString *names = g_string_new (NULL);
  const NrtBuiltinDataset *builtins;
  int n_builtins = 0;

  builtins = nrt_builtins_list (&n_builtins);
  for (int i = 0; i < n_builtins; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", builtins[i].id);
  return g_string_free (names, FALSE);
}

char *
nrt_cli_format_value (const char *format, double value, char *buffer)
{
  if (isnan (value))
    return strcpy (buffer, "NaN");
  if (isinf (value))
    return strcpy (buffer, value > 0 ? "inf" : "-inf");
  return g_ascii_formatd (buffer, G_ASCII_DTOSTR_BUF_SIZE, format, value);
}
