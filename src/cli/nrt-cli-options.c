/* nrt-cli-options.c: parsing and checking neurite-cli's option values. */
#include "config.h"

#include "nrt-cli-options.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/nrt-loss.h"
#include "core/nrt-optimizer.h"
#include "io/nrt-builtins.h"

G_DEFINE_QUARK (nrt-cli-error-quark, nrt_cli_error)

gboolean
nrt_cli_parse_double (const char *option, const char *text, const NrtCliRange *range,
                      double *value, GError **error)
{
  double parsed;
  char *end = NULL;
  gboolean too_low;
  gboolean too_high;

  g_return_val_if_fail (option != NULL && text != NULL && range != NULL, FALSE);

  errno = 0;
  parsed = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || errno == ERANGE || !isfinite (parsed))
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                   _("invalid value “%s” for %s: expected %s"), text, option,
                   _(range->expected));
      return FALSE;
    }

  too_low = range->min_exclusive ? parsed <= range->min : parsed < range->min;
  too_high = range->max_exclusive ? parsed >= range->max : parsed > range->max;
  if (too_low || too_high)
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                   _("invalid value “%s” for %s: expected %s"), text, option,
                   _(range->expected));
      return FALSE;
    }

  *value = parsed;
  return TRUE;
}

gboolean
nrt_cli_parse_int (const char *option, const char *text, int min, int max, int *value,
                   GError **error)
{
  gint64 parsed;

  g_return_val_if_fail (option != NULL && text != NULL && min <= max, FALSE);

  /* g_ascii_string_to_signed rejects empty strings, trailing text and values
   * outside [min, max]; its own message is replaced by one naming the option. */
  if (!g_ascii_string_to_signed (text, 10, min, max, &parsed, NULL))
    {
      if (max == G_MAXINT)
        g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                     _("invalid value “%s” for %s: expected an integer of at least %d"),
                     text, option, min);
      else
        g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                     _("invalid value “%s” for %s: expected an integer from %d to %d"),
                     text, option, min, max);
      return FALSE;
    }

  *value = (int) parsed;
  return TRUE;
}

gboolean
nrt_cli_parse_uint64 (const char *option, const char *text, guint64 *value, GError **error)
{
  guint64 parsed;

  g_return_val_if_fail (option != NULL && text != NULL, FALSE);

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, &parsed, NULL))
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                   _("invalid value “%s” for %s: expected an integer from 0 to "
                     "18446744073709551615"),
                   text, option);
      return FALSE;
    }

  *value = parsed;
  return TRUE;
}

/* Parses one UNITS[:ACTIVATION] item of --layers; position counts from 1. */
static gboolean
parse_layer (const char *item, int position, NrtInitializer initializer, NrtDenseConfig *layer,
             GError **error)
{
  g_autofree char *units_text = NULL;
  const char *colon;
  const char *activation_name = NULL;
  gint64 units;
  int activation = NRT_ACTIVATION_LINEAR;

  if (item[0] == '\0')
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                   _("invalid value for --layers: layer %d is empty; "
                     "expected UNITS[:ACTIVATION] items separated by commas, such as 25:relu,4"),
                   position);
      return FALSE;
    }

  colon = strchr (item, ':');
  units_text = colon ? g_strndup (item, colon - item) : g_strdup (item);
  g_strstrip (units_text);
  if (!g_ascii_string_to_signed (units_text, 10, 1, G_MAXINT, &units, NULL))
    {
      g_set_error (error, NRT_CLI_ERROR, NRT_CLI_ERROR_USAGE,
                   _("invalid layer “%s” in --layers: the number of units “%s” is not "
                     "a positive integer; expected UNITS[:ACTIVATION], such as 25:relu"),
                   item, units_text);
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
                       _("invalid layer “%s” in --layers: unknown activation “%s”; "
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
                   _("invalid value for --layers: it is empty; "
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
