/* nrt-project.c: project files: the project type, the checksum of its CSV
 * file, and the writer. The reader is in nrt-project-load.c. */
#define G_LOG_DOMAIN "neurite-project"

#include "config.h"

#include "nrt-project-private.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "core/nrt-loss.h"
#include "core/nrt-optimizer.h"

G_DEFINE_QUARK (nrt-project-error-quark, nrt_project_error)

const char *const nrt_project_header_names[3] = { "detect", "yes", "no" };
const char *const nrt_project_missing_names[3] = { "error", "drop", "mean" };
const char *const nrt_project_task_names[3] = { "detect", "classification", "regression" };

NrtProject *
nrt_project_new (void)
{
  NrtProject *project = g_new0 (NrtProject, 1);
  NrtFitConfig defaults = nrt_fit_config_default ();

  project->dataset.kind = NRT_PROJECT_DATASET_CSV;
  project->dataset.csv.decimal_comma = -1;
  project->dataset.task = -1;
  project->fit.batch_size = defaults.batch_size;
  project->fit.shuffle = defaults.shuffle;
  project->fit.seed = defaults.seed;
  project->history = g_array_new (FALSE, TRUE, sizeof (NrtLogs));
  return project;
}

void
nrt_project_free (NrtProject *project)
{
  if (project == NULL)
    return;
  g_free (project->dataset.path);
  g_free (project->dataset.sha256);
  g_strfreev (project->dataset.csv.labels);
  g_strfreev (project->dataset.csv.features);
  g_strfreev (project->dataset.class_names);
  g_strfreev (project->dataset.label_names);
  g_strfreev (project->dataset.feature_names);
  g_free (project->dataset.builtin_id);
  g_free (project->view.page);
  g_free (project->view.plane);
  nrt_model_free (project->model);
  g_array_unref (project->history);
  g_free (project);
}

/* Copies the n first names of names into a new NULL-terminated vector. */
static char **
dup_names (char *const *names, int n)
{
  char **copy = g_new0 (char *, n + 1);

  for (int i = 0; i < n; i++)
    copy[i] = g_strdup (names[i]);
  return copy;
}

void
nrt_project_dataset_set_names (NrtProjectDataset *dataset, const NrtDataset *data,
                               int n_features)
{
  g_return_if_fail (n_features >= 0 && n_features <= data->n_features);

  g_clear_pointer (&dataset->class_names, g_strfreev);
  g_clear_pointer (&dataset->label_names, g_strfreev);
  g_clear_pointer (&dataset->feature_names, g_strfreev);
  dataset->task = data->task;
  if (data->task == NRT_TASK_CLASSIFICATION)
    dataset->class_names = dup_names (data->class_names, data->n_classes);
  dataset->label_names = dup_names (data->target_names, data->n_targets);
  dataset->feature_names = dup_names (data->feature_names, n_features);
}

char *
nrt_project_compute_sha256 (const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

gboolean
nrt_project_check_dataset (const NrtProject *project, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *sha256 = NULL;
  const NrtProjectDataset *dataset = &project->dataset;

  if (dataset->kind != NRT_PROJECT_DATASET_CSV)
    return TRUE;

  sha256 = nrt_project_compute_sha256 (dataset->path, &local_error);
  if (sha256 == NULL)
    {
      g_set_error (error, NRT_PROJECT_ERROR, NRT_PROJECT_ERROR_DATA_MISSING,
                   _("The data file “%s” of the project cannot be read: %s; put the file "
                     "back at that path"),
                   dataset->path, local_error->message);
      return FALSE;
    }
  if (g_ascii_strcasecmp (sha256, dataset->sha256) != 0)
    {
      g_set_error (error, NRT_PROJECT_ERROR, NRT_PROJECT_ERROR_DATA_CHANGED,
                   _("The data file “%s” changed since the project was saved: its SHA-256 "
                     "is %s, the project expects %s; restore the saved version of the file"),
                   dataset->path, sha256, dataset->sha256);
      return FALSE;
    }
  return TRUE;
}

/* Adds name with value, or null when value is not finite, which JSON cannot
 * represent. */
static void
add_double (JsonBuilder *builder, const char *name, double value)
{
  json_builder_set_member_name (builder, name);
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_string_list (JsonBuilder *builder, const char *name, char **items)
{
  json_builder_set_member_name (builder, name);
  if (items == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_array (builder);
  for (int i = 0; items[i] != NULL; i++)
    json_builder_add_string_value (builder, items[i]);
  json_builder_end_array (builder);
}

static void
add_float_list (JsonBuilder *builder, const char *name, const float *values, int n)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (int i = 0; i < n; i++)
    json_builder_add_double_value (builder, values[i]);
  json_builder_end_array (builder);
}

/* Adds name: { "shape", "dtype", "data" } with data in base64 of the
 * little-endian float32 values. */
static void
add_float_array (JsonBuilder *builder, const char *name, const float *values, int rows, int columns)
{
  gsize n = (gsize) rows * (gsize) (columns > 0 ? columns : 1);
  g_autofree guint32 *words = g_new (guint32, n > 0 ? n : 1);
  g_autofree char *base64 = NULL;

  for (gsize i = 0; i < n; i++)
    {
      guint32 bits;

      memcpy (&bits, &values[i], sizeof bits);
      words[i] = GUINT32_TO_LE (bits);
    }
  base64 = g_base64_encode ((const guchar *) words, n * sizeof (guint32));

  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "shape");
  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, rows);
  if (columns > 0)
    json_builder_add_int_value (builder, columns);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "dtype");
  json_builder_add_string_value (builder, NRT_PROJECT_DTYPE);
  json_builder_set_member_name (builder, "data");
  json_builder_add_string_value (builder, base64);
  json_builder_end_object (builder);
}

static void
add_dataset (JsonBuilder *builder, const NrtProjectDataset *dataset)
{
  const NrtCsvOptions *csv = &dataset->csv;

  json_builder_set_member_name (builder, "dataset");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  if (dataset->kind == NRT_PROJECT_DATASET_BUILTIN)
    {
      json_builder_add_string_value (builder, "builtin");
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, dataset->builtin_id);
      json_builder_set_member_name (builder, "samples");
      json_builder_add_int_value (builder, dataset->samples);
      add_double (builder, "noise", dataset->noise);
      nrt_project_add_derived_features (builder, dataset->derived_features);
      nrt_project_add_dataset_names (builder, dataset);
      json_builder_end_object (builder);
      return;
    }

  json_builder_add_string_value (builder, "csv");
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, dataset->path);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, dataset->sha256);
  json_builder_set_member_name (builder, "options");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "delimiter");
  if (csv->delimiter != 0)
    {
      char text[2] = { csv->delimiter, '\0' };

      json_builder_add_string_value (builder, text);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "header");
  json_builder_add_string_value (builder, nrt_project_header_names[csv->header]);
  json_builder_set_member_name (builder, "decimal_comma");
  if (csv->decimal_comma < 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_boolean_value (builder, csv->decimal_comma != 0);
  add_string_list (builder, "labels", csv->labels);
  add_string_list (builder, "features", csv->features);
  json_builder_set_member_name (builder, "missing");
  json_builder_add_string_value (builder, nrt_project_missing_names[csv->missing]);
  json_builder_set_member_name (builder, "task");
  json_builder_add_string_value (builder, nrt_project_task_names[csv->task]);
  json_builder_end_object (builder);
  nrt_project_add_derived_features (builder, dataset->derived_features);
  nrt_project_add_dataset_names (builder, dataset);
  json_builder_end_object (builder);
}

static void
add_model (JsonBuilder *builder, const NrtModel *model)
{
  int n_inputs = nrt_model_get_n_inputs (model);

  json_builder_set_member_name (builder, "model");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "inputs");
  json_builder_add_int_value (builder, n_inputs);
  json_builder_set_member_name (builder, "normalization");
  if (nrt_model_has_normalization (model))
    {
      json_builder_begin_object (builder);
      add_float_list (builder, "mean", nrt_model_get_normalization_mean (model), n_inputs);
      add_float_list (builder, "variance", nrt_model_get_normalization_variance (model),
                      n_inputs);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "layers");
  json_builder_begin_array (builder);
  for (int i = 0; i < nrt_model_get_n_layers (model); i++)
    {
      const NrtDenseConfig *layer = nrt_model_get_layer (model, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "class_name");
      json_builder_add_string_value (builder, "Dense");
      json_builder_set_member_name (builder, "config");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, nrt_model_get_layer_name (model, i));
      json_builder_set_member_name (builder, "units");
      json_builder_add_int_value (builder, layer->units);
      json_builder_set_member_name (builder, "activation");
      json_builder_add_string_value (builder, nrt_activation_name (layer->activation));
      json_builder_set_member_name (builder, "use_bias");
      json_builder_add_boolean_value (builder, layer->use_bias != 0);
      json_builder_set_member_name (builder, "kernel_initializer");
      json_builder_add_string_value (builder, nrt_initializer_name (layer->kernel_initializer));
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_compile (JsonBuilder *builder, NrtModel *model)
{
  const NrtLossConfig *loss = nrt_model_get_loss (model);
  const NrtOptimizerConfig *optimizer = nrt_optimizer_get_config (nrt_model_get_optimizer (model));

  json_builder_set_member_name (builder, "compile");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "loss");
  json_builder_add_string_value (builder, nrt_loss_name (loss->kind));
  json_builder_set_member_name (builder, "from_logits");
  json_builder_add_boolean_value (builder, loss->from_logits != 0);

  json_builder_set_member_name (builder, "optimizer");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, nrt_optimizer_name (optimizer->kind));
  add_double (builder, "learning_rate", optimizer->learning_rate);
  if (optimizer->kind == NRT_OPTIMIZER_SGD)
    add_double (builder, "momentum", optimizer->momentum);
  else
    {
      add_double (builder, "beta_1", optimizer->beta_1);
      add_double (builder, "beta_2", optimizer->beta_2);
      add_double (builder, "epsilon", optimizer->epsilon);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "metrics");
  json_builder_begin_array (builder);
  if (nrt_loss_is_crossentropy (loss->kind))
    json_builder_add_string_value (builder, "accuracy");
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_fit (JsonBuilder *builder, const NrtProjectFit *fit)
{
  json_builder_set_member_name (builder, "fit");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "epochs_done");
  json_builder_add_int_value (builder, fit->epochs_done);
  json_builder_set_member_name (builder, "batch_size");
  json_builder_add_int_value (builder, fit->batch_size);
  json_builder_set_member_name (builder, "shuffle");
  json_builder_add_boolean_value (builder, fit->shuffle);
  /* JSON-GLib's integers are gint64, so a larger seed is written as text. */
  json_builder_set_member_name (builder, "seed");
  if (fit->seed <= G_MAXINT64)
    json_builder_add_int_value (builder, (gint64) fit->seed);
  else
    {
      char text[32];

      g_snprintf (text, sizeof text, "%" G_GUINT64_FORMAT, fit->seed);
      json_builder_add_string_value (builder, text);
    }
  add_double (builder, "validation_split", fit->validation_split);
  add_double (builder, "test_split", fit->test_split);
  nrt_project_add_fit_settings (builder, fit);
  json_builder_end_object (builder);
}

static void
add_weights (JsonBuilder *builder, NrtModel *model)
{
  int n_inputs = nrt_model_get_n_inputs (model);

  json_builder_set_member_name (builder, "weights");
  json_builder_begin_object (builder);
  for (int i = 0; i < nrt_model_get_n_layers (model); i++)
    {
      const NrtDenseConfig *layer = nrt_model_get_layer (model, i);
      const char *name = nrt_model_get_layer_name (model, i);
      g_autofree char *kernel_name = g_strconcat (name, "/kernel", NULL);
      g_autofree char *bias_name = g_strconcat (name, "/bias", NULL);

      add_float_array (builder, kernel_name, nrt_model_get_kernel (model, i), n_inputs,
                       layer->units);
      if (layer->use_bias)
        add_float_array (builder, bias_name, nrt_model_get_bias (model, i), layer->units, 0);
      n_inputs = layer->units;
    }
  json_builder_end_object (builder);
}

static void
add_optimizer_state (JsonBuilder *builder, NrtModel *model)
{
  NrtOptimizer *optimizer = nrt_model_get_optimizer (model);
  int n_params = (int) nrt_optimizer_get_n_params (optimizer);

  json_builder_set_member_name (builder, "optimizer_state");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "iterations");
  json_builder_add_int_value (builder, nrt_optimizer_get_iterations (optimizer));
  json_builder_set_member_name (builder, "slots");
  json_builder_begin_object (builder);
  for (int i = 0; i < nrt_optimizer_get_n_slots (optimizer); i++)
    add_float_array (builder, nrt_optimizer_get_slot_name (optimizer, i),
                     nrt_optimizer_get_slot (optimizer, i), n_params, 0);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
add_history (JsonBuilder *builder, GArray *history)
{
  json_builder_set_member_name (builder, "history");
  json_builder_begin_array (builder);
  for (guint i = 0; i < history->len; i++)
    {
      const NrtLogs *logs = &g_array_index (history, NrtLogs, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "epoch");
      json_builder_add_int_value (builder, logs->epoch);
      add_double (builder, "loss", logs->loss);
      if (logs->has_accuracy)
        add_double (builder, "accuracy", logs->accuracy);
      if (logs->has_validation)
        {
          add_double (builder, "val_loss", logs->val_loss);
          if (logs->has_accuracy)
            add_double (builder, "val_accuracy", logs->val_accuracy);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

char *
nrt_project_to_json (const NrtProject *project, gsize *length)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  g_return_val_if_fail (project != NULL && project->model != NULL, NULL);
  g_return_val_if_fail (nrt_model_get_optimizer (project->model) != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, NRT_PROJECT_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, NRT_PROJECT_VERSION);
  add_dataset (builder, &project->dataset);
  add_model (builder, project->model);
  add_compile (builder, project->model);
  add_fit (builder, &project->fit);
  add_weights (builder, project->model);
  add_optimizer_state (builder, project->model);
  add_history (builder, project->history);
  nrt_project_add_view (builder, &project->view);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, length);
}

gboolean
nrt_project_save (const NrtProject *project, const char *path, GError **error)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) local_error = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  text = nrt_project_to_json (project, &length);
  if (!g_file_replace_contents (file, text, length, NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                                NULL, &local_error))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   _("Could not write the project file “%s”: %s"), path, local_error->message);
      return FALSE;
    }
  return TRUE;
}
