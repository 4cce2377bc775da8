/* nrt-builtins.c: the table of built-in datasets and their loading. */
#define G_LOG_DOMAIN "neurite-builtins"

#include "config.h"

#include "nrt-builtins.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "nrt-csv.h"
#include "nrt-datasets-resources.h"

/* Bundled files live at DATASETS_RESOURCE_PATH "<id>.csv". */
#define DATASETS_RESOURCE_PATH "/io/github/neurite/Neurite/datasets/"

static const NrtBuiltinDataset builtins[] = {
  { "circle", N_("Circle"), TRUE, NRT_GENERATOR_CIRCLE },
  { "xor", N_("Exclusive or"), TRUE, NRT_GENERATOR_XOR },
  { "gaussian", N_("Two Gaussians"), TRUE, NRT_GENERATOR_GAUSSIAN },
  { "spiral", N_("Spiral"), TRUE, NRT_GENERATOR_SPIRAL },
  { "blobs", N_("Four blobs"), TRUE, NRT_GENERATOR_BLOBS },
  { "iris", N_("Iris flowers"), FALSE, 0 },
  { "breast_cancer", N_("Breast cancer (Wisconsin diagnostic)"), FALSE, 0 },
  { "digits8x8", N_("Handwritten digits (8×8 pixels)"), FALSE, 0 },
  { "diabetes", N_("Diabetes progression (regression)"), FALSE, 0 },
  { "coffee_roasting", N_("Coffee roasting"), FALSE, 0 },
  { "blobs4", N_("Four blobs (2,000 fixed points)"), FALSE, 0 },
};

const NrtBuiltinDataset *
nrt_builtins_list (int *n_builtins)
{
  if (n_builtins != NULL)
    *n_builtins = (int) G_N_ELEMENTS (builtins);
  return builtins;
}

const NrtBuiltinDataset *
nrt_builtins_find (const char *id)
{
  if (id == NULL)
    return NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (builtins); i++)
    if (g_strcmp0 (builtins[i].id, id) == 0)
      return &builtins[i];
  return NULL;
}

static char *
list_ids (void)
{
  GString *ids = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (builtins); i++)
    {
      if (i > 0)
        g_string_append (ids, ", ");
      g_string_append (ids, builtins[i].id);
    }
  return g_string_free (ids, FALSE);
}

static NrtDataset *
load_generated (const NrtBuiltinDataset *builtin, int n_samples, double noise, guint64 seed,
                GError **error)
{
  NrtGeneratorConfig config = nrt_generator_config_default (builtin->generator);
  NrtError err = { NRT_OK, "" };
  NrtDataset *dataset;

  config.n_samples = n_samples;
  config.noise = noise;
  config.seed = seed;
  dataset = nrt_generate (&config, &err);
  if (dataset == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                 _("Could not generate the “%s” dataset: %s"), builtin->id, err.message);
  return dataset;
}

static NrtDataset *
load_bundled (const NrtBuiltinDataset *builtin, GError **error)
{
  g_autofree char *path = g_strconcat (DATASETS_RESOURCE_PATH, builtin->id, ".csv", NULL);
  g_autofree char *file_name = g_strconcat (builtin->id, ".csv", NULL);
  g_autoptr (GBytes) bytes = NULL;
  GError *lookup_error = NULL;
  gsize size = 0;
  const char *data;

  /* Looking the file up in nrt_datasets_get_resource () rather than in the
   * global resource table also makes the linker keep the resource object,
   * which nothing else in the static library references. */
  bytes = g_resource_lookup_data (nrt_datasets_get_resource (), path,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &lookup_error);
  if (bytes == NULL)
    {
      g_propagate_prefixed_error (error, lookup_error,
                                  _("The bundled dataset “%s” is missing from this build: "),
                                  builtin->id);
      return NULL;
    }

  data = g_bytes_get_data (bytes, &size);
  return nrt_csv_load_from_data (data, size, file_name, NULL, error);
}

NrtDataset *
nrt_builtins_load (const char *id, int n_samples, double noise, guint64 seed, GError **error)
{
  const NrtBuiltinDataset *builtin;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  builtin = nrt_builtins_find (id);
  if (builtin == NULL)
    {
      g_autofree char *ids = list_ids ();
      g_autofree char *printable_id = g_utf8_make_valid (id != NULL ? id : "(null)", -1);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("Unknown built-in dataset “%s”; expected one of: %s"), printable_id, ids);
      return NULL;
    }

  if (builtin->is_generator)
    return load_generated (builtin, n_samples, noise, seed, error);
  return load_bundled (builtin, error);
}
