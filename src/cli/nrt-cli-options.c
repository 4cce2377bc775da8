/* nrt-cli-options.c: parsing and checking neurite-cli's option values. */
#include "config.h"

#include "nrt-cli-options.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

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

/* The options whose values are file names, which GLib passes on as bytes
 * without converting them to UTF-8. */
static const char *const filename_options[] = {
  "--data", "--history", "--metrics", "--predictions", "--output", "-o", NULL
};

/* Returns text with each byte outside printable ASCII written as \xHH, so
 * that a message can quote bytes that are not UTF-8. Free with g_free. */
static char *
escape_bytes (const char *text)
{
  GString *escaped = g_string_new (NULL);

  for (const guchar *byte = (const guchar *) text; *byte != '\0'; byte++)
    {
      if (*byte >= 0x20 && *byte < 0x7f)
        g_string_append_c (escaped, (char) *byte);
      else
        g_string_append_printf (escaped, "\\x%02x", *byte);
    }
  return g_string_free (escaped, FALSE);
}

void
nrt_cli_explain_parse_error (GError **error, int argc, char **argv)
{
  const char *charset = NULL;

  g_return_if_fail (argv != NULL);

  if (error == NULL || *error == NULL || (*error)->domain != G_CONVERT_ERROR)
    return;

  g_get_charset (&charset);
  for (int i = 1; i < argc && strcmp (argv[i], "--") != 0; i++)
    {
      g_autofree char *option = NULL;
      g_autofree char *converted = NULL;
      g_autofree char *escaped = NULL;
      const char *equals = strchr (argv[i], '=');
      const char *value;

      if (argv[i][0] != '-')
        continue;
      if (g_str_has_prefix (argv[i], "--") && equals != NULL)
        {
          option = g_strndup (argv[i], equals - argv[i]);
          value = equals + 1;
        }
      else if (i + 1 < argc)
        {
          option = g_strdup (argv[i]);
          value = argv[i + 1];
        }
      else
        continue;
      if (g_strv_contains (filename_options, option))
        continue;

      converted = g_locale_to_utf8 (value, -1, NULL, NULL, NULL);
      if (converted != NULL)
        continue;

      escaped = escape_bytes (value);
      g_clear_error (error);
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                   _("Invalid value “%s” for %s: it is not valid text in the character set "
                     "of the locale, %s; give the value in %s, for example by converting it "
                     "with iconv, or run neurite-cli in a locale of the value's character "
                     "set"),
                   escaped, option, charset, charset);
      return;
    }
}
