/* nrt-project-load.c: the reader of project files, which checks every
 * member and names the JSON path of the first one at fault. */
#define G_LOG_DOMAIN "neurite-project"

#include "config.h"

#include "nrt-project-private.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "core/nrt-loss.h"
#include "core/nrt-optimizer.h"

/* Bounds that catch a mistyped or damaged number before it is allocated.
 * MAX_UNITS matches the CLI's largest layer width. */
#define MAX_UNITS 1000000
#define MAX_LAYERS 1000

static gboolean
read_dataset (NrtProjectReader *reader, JsonObject *root, NrtProjectDataset *dataset)
{
  static const char *const kinds[] = { "csv", "builtin" };
  NrtCsvOptions *csv = &dataset->csv;
  JsonObject *object, *options;
  JsonNode *node;
  const char *text;
  int kind, index;
  gint64 samples;

  if (!nrt_project_get_object (reader, root, "", "dataset", FALSE, &object)
      || !nrt_project_get_choice (reader, object, "dataset", "kind", kinds, 2, &kind))
    return FALSE;
  dataset->kind = kind;

  if (kind == NRT_PROJECT_DATASET_BUILTIN)
    {
      if (!nrt_project_get_string (reader, object, "dataset", "id", &text)
          || !nrt_project_get_int (reader, object, "dataset", "samples", 0, G_MAXINT, &samples)
          || !nrt_project_get_double (reader, object, "dataset", "noise", FALSE, &dataset->noise))
        return FALSE;
      dataset->builtin_id = g_strdup (text);
      dataset->samples = (int) samples;
      return nrt_project_read_derived_features (reader, object, &dataset->derived_features)
             && nrt_project_read_dataset_names (reader, object, dataset);
    }

  if (!nrt_project_get_string (reader, object, "dataset", "path", &text))
    return FALSE;
  dataset->path = g_strdup (text);
  if (!nrt_project_get_string (reader, object, "dataset", "sha256", &text))
    return FALSE;
  if (strlen (text) != 64 || strspn (text, "0123456789abcdefABCDEF") != 64)
    return nrt_project_fail (reader, NRT_PROJECT_ERROR_INVALID, "dataset.sha256",
                             _("expected 64 hexadecimal digits, found “%s”"), text);
  dataset->sha256 = g_ascii_strdown (text, -1);

  if (!nrt_project_get_object (reader, object, "dataset", "options", FALSE, &options)
      || !nrt_project_get_member (reader, options, "dataset.options", "delimiter"))
    return FALSE;
  node = json_object_get_member (options, "delimiter");
  if (JSON_NODE_HOLDS_NULL (node))
    csv->delimiter = 0;
  else if (nrt_project_node_is (node, G_TYPE_STRING)
           && (strcmp (json_node_get_string (node), ",") == 0
               || strcmp (json_node_get_string (node), ";") == 0
               || strcmp (json_node_get_string (node), "\t") == 0))
    csv->delimiter = json_node_get_string (node)[0];
  else
    return nrt_project_wrong_type (reader, "dataset.options", "delimiter",
                                   _("\",\", \";\", \"\\t\" or null"), node);

  if (!nrt_project_get_choice (reader, options, "dataset.options", "header",
      nrt_project_header_names, 3,
                               &index))
    return FALSE;
  csv->header = index;

  if (!nrt_project_get_member (reader, options, "dataset.options", "decimal_comma"))
    return FALSE;
  node = json_object_get_member (options, "decimal_comma");
  if (JSON_NODE_HOLDS_NULL (node))
    csv->decimal_comma = -1;
  else if (nrt_project_node_is (node, G_TYPE_BOOLEAN))
    csv->decimal_comma = json_node_get_boolean (node) ? 1 : 0;
  else
    return nrt_project_wrong_type (reader, "dataset.options", "decimal_comma",
                                   _("true, false or null"),
                                   node);

  if (!nrt_project_get_string_list (reader, options, "dataset.options", "labels", &csv->labels)
      || !nrt_project_get_string_list (reader, options, "dataset.options", "features",
                                       &csv->features)
      || !nrt_project_get_choice (reader, options, "dataset.options", "missing",
                                  nrt_project_missing_names,
                                  3, &index))
    return FALSE;
  csv->missing = index;
  if (!nrt_project_get_choice (reader, options, "dataset.options", "task", nrt_project_task_names,
      3, &index))
    return FALSE;
  csv->task = index;
  return nrt_project_read_derived_features (reader, object, &dataset->derived_features)
         && nrt_project_read_dataset_names (reader, object, dataset);
}

/* Reads model.layers[i] into layer, checking the name that the model will
 * give the layer. */
static gboolean
read_layer (NrtProjectReader *reader, JsonArray *layers, int i, const char *expected_name,
            NrtDenseConfig *layer)
{
  g_autofree char *path = g_strdup_printf ("model.layers.%d", i);
  g_autofree char *config_path = g_strconcat (path, ".config", NULL);
  JsonNode *node = json_array_get_element (layers, (guint) i);
  JsonObject *object, *config;
  const char *class_name, *name;
  gint64 units;
  int value;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return nrt_project_fail (reader, NRT_PROJECT_ERROR_INVALID, path,
                             _("expected an object, found %s"),
                             nrt_project_describe_node (node));
  object = json_node_get_object (node);
  if (!nrt_project_get_string (reader, object, path, "class_name", &class_name))
    return FALSE;
  if (strcmp (class_name, "Dense") != 0)
    return nrt_project_fail (reader, NRT_PROJECT_ERROR_INVALID, path,
                             _("unknown layer class “%s”; only Dense is supported"),
                             class_name);
  if (!nrt_project_get_object (reader, object, path, "config", FALSE, &config)
      || !nrt_project_get_string (reader, config, config_path, "name", &name))
    return FALSE;
  if (strcmp (name, expected_name) != 0)
    return nrt_project_fail (reader, NRT_PROJECT_ERROR_INVALID, config_path,
                             _("expected the name “%s” for layer %d, found “%s”"),
                             expected_name, i, name);
  if (!nrt_project_get_int (reader, config, config_path, "units", 1, MAX_UNITS, &units))
    return FALSE;
  layer->units = (int) units;
  if (!nrt_project_get_named (reader, config, config_path, "activation", nrt_activation_from_name,
      &value))
    return FALSE;
  layer->activation = value;
  if (!nrt_project_get_boolean (reader, config, config_path, "use_bias", &layer->use_bias)
      || !nrt_project_get_named (reader, config, config_path, "kernel_initializer",
                                 nrt_initializer_from_name, &value))
    return FALSE;
  layer->kernel_initializer = value;
  return TRUE;
}

/* Returns Keras's name of layer i: "dense", "dense_1", ... */
static char *
keras_layer_name (int i)
{
  return i == 0 ? g_strdup ("dense") : g_strdup_printf ("dense_%d", i);
}

static gboolean
read_optimizer (NrtProjectReader *reader, JsonObject *compile, NrtOptimizerConfig *config)
{
  const char *path = "compile.optimizer";
  JsonObject *object;
  double value;
  int kind;

  if (!nrt_project_get_object (reader, compile, "compile", "optimizer", FALSE, &object)
      || !nrt_project_get_named (reader, object, path, "name", nrt_optimizer_from_name, &kind))
    return FALSE;
  *config = nrt_optimizer_config_default (kind);

  if (!nrt_project_get_double (reader, object, path, "learning_rate", FALSE, &value))
    return FALSE;
  config->learning_rate = (float) value;
  if (kind == NRT_OPTIMIZER_SGD)
    {
      if (!nrt_project_get_double (reader, object, path, "momentum", FALSE, &value))
        return FALSE;
      config->momentum = (float) value;
      return TRUE;
    }
  if (!nrt_project_get_double (reader, object, path, "beta_1", FALSE, &value))
    return FALSE;
  config->beta_1 = (float) value;
  if (!nrt_project_get_double (reader, object, path, "beta_2", FALSE, &value))
    return FALSE;
  config->beta_2 = (float) value;
  if (!nrt_project_get_double (reader, object, path, "epsilon", FALSE, &value))
    return FALSE;
  config->epsilon = (float) value;
  return TRUE;
}

/* Builds and compiles project->model from "model" and "compile". */
static gboolean
read_model (NrtProjectReader *reader, JsonObject *root, NrtProject *project)
{
  g_autofree NrtDenseConfig *layers = NULL;
  g_autofree float *mean = NULL;
  g_autofree float *variance = NULL;
  JsonObject *model, *normalization, *compile;
  JsonArray *layer_array, *metrics;
  NrtOptimizerConfig optimizer;
  NrtLossConfig loss = { 0 };
  NrtError err = { 0 };
  gint64 inputs;
  guint n_layers;
  int kind;

  if (!nrt_project_get_object (reader, root, "", "model", FALSE, &model)
      || !nrt_project_get_int (reader, model, "model", "inputs", 1, MAX_UNITS, &inputs)
      || !nrt_project_get_object (reader, model, "model", "normalization", TRUE, &normalization)
      || !nrt_project_get_array (reader, model, "model", "layers", FALSE, &layer_array))
    return FALSE;

  n_layers = json_array_get_length (layer_array);
  if (n_layers < 1 || n_layers > MAX_LAYERS)
    return nrt_project_fail (reader, NRT_PROJECT_ERROR_INVALID, "model.layers",
                             _("expected 1 to %d layers, found %u"), MAX_LAYERS, n_layers);
  layers = g_new0 (NrtDenseConfig, n_layers);
  for (guint i = 0; i < n_layers; i++)
    {
      g_autofree char *name = keras_layer_name ((int) i);

      if (!read_layer (reader, layer_array, (int) i, name, &layers[i]))
        return FALSE;
    }
  if (normalization != NULL)
    {
      mean = g_new (float, inputs);
      variance = g_new (float, inputs);
      if (!nrt_project_get_float_list (reader, normalization, "model.normalization", "mean",
          (int) inputs,
                                       mean)
          || !nrt_project_get_float_list (reader, normalization, "model.normalization", "variance",
                                          (int) inputs, variance))
        return FALSE;
    }

  if (!nrt_project_get_object (reader, root, "", "compile", FALSE, &compile)
      || !nrt_project_get_named (reader, compile, "compile", "loss", nrt_loss_from_name, &kind)
      || !nrt_project_get_boolean (reader, compile, "compile", "from_logits", &loss.from_logits)
      || !read_optimizer (reader, compile, &optimizer)
      || !nrt_project_get_array (reader, compile, "compile", "metrics", FALSE, &metrics))
    return FALSE;
  loss.kind = kind;
  for (guint i = 0; i < json_array_get_length (metrics); i++)
    {
      JsonNode *node = json_array_get_element (metrics, i);

      if (!nrt_project_node_is (node, G_TYPE_STRING) || strcmp (json_node_get_string (node),
          "accuracy") != 0)
        return nrt_project_fail (reader, NRT_PROJECT_ERROR_INVALID, "compile.metrics",
                                 _("expected [\"accuracy\"] or [], found an item other "
                                   "than \"accuracy\""));
    }

  /* The core's messages name what does not fit, such as a loss that needs
   * more output units. */
  project->model = nrt_model_new ((int) inputs, layers, (int) n_layers, &err);
  if (project->model == NULL)
    return nrt_project_fail (reader, NRT_PROJECT_ERROR_INVALID, "model", "%s", err.message);
  if (nrt_model_compile (project->model, &loss, &optimizer, &err) != NRT_OK)
    return nrt_project_fail (reader, NRT_PROJECT_ERROR_INVALID, "compile", "%s", err.message);
  if (mean != NULL
      && nrt_model_set_normalization (project->model, mean, variance, &err) != NRT_OK)
    return nrt_project_fail (reader, NRT_PROJECT_ERROR_INVALID, "model.normalization", "%s",
                             err.message);
  return TRUE;
}

static gboolean
read_seed (NrtProjectReader *reader, JsonObject *fit, guint64 *seed)
{
  JsonNode *node = nrt_project_get_member (reader, fit, "fit", "seed");
  guint64 value;

  if (node == NULL)
    return FALSE;
  if (nrt_project_node_is (node, G_TYPE_INT64) && json_node_get_int (node) >= 0)
    {
      *seed = (guint64) json_node_get_int (node);
      return TRUE;
    }
  if (nrt_project_node_is (node, G_TYPE_STRING)
      && g_ascii_string_to_unsigned (json_node_get_string (node), 10, 0, G_MAXUINT64, &value,
                                     NULL))
    {
      *seed = value;
      return TRUE;
    }
  return nrt_project_wrong_type (reader, "fit", "seed", _("an integer of 0 or more"), node);
}

static gboolean
read_split (NrtProjectReader *reader, JsonObject *fit, const char *name, double *value)
{
  g_autofree char *path = nrt_project_join_path ("fit", name);

  if (!nrt_project_get_double (reader, fit, "fit", name, FALSE, value))
    return FALSE;
  if (!(*value >= 0.0 && *value < 1.0))
    return nrt_project_fail (reader, NRT_PROJECT_ERROR_INVALID, path,
                             _("expected a number from 0 to less than 1, found %g"), *value);
  return TRUE;
}

static gboolean
read_fit (NrtProjectReader *reader, JsonObject *root, NrtProjectFit *fit)
{
  JsonObject *object;
  gint64 epochs_done, batch_size;

  if (!nrt_project_get_object (reader, root, "", "fit", FALSE, &object)
      || !nrt_project_get_int (reader, object, "fit", "epochs_done", 0, G_MAXINT / 2, &epochs_done)
      || !nrt_project_get_int (reader, object, "fit", "batch_size", 1, G_MAXINT, &batch_size)
      || !nrt_project_get_boolean (reader, object, "fit", "shuffle", &fit->shuffle)
      || !read_seed (reader, object, &fit->seed)
      || !read_split (reader, object, "validation_split", &fit->validation_split)
      || !read_split (reader, object, "test_split", &fit->test_split)
      || !nrt_project_read_fit_settings (reader, object, fit))
    return FALSE;
  fit->epochs_done = (int) epochs_done;
  fit->batch_size = (int) batch_size;
  return TRUE;
}

/* Rejects a member of object that is not in names[0..n), such as a weight
 * of a layer the model does not have. */
static gboolean
check_members (NrtProjectReader *reader, JsonObject *object, const char *path, GPtrArray *names)
{
  g_autoptr (GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      gboolean known = FALSE;

      for (guint i = 0; i < names->len && !known; i++)
        known = strcmp (l->data, g_ptr_array_index (names, i)) == 0;
      if (!known)
        {
          g_autofree char *member_path = nrt_project_join_path (path, l->data);

          return nrt_project_fail (reader, NRT_PROJECT_ERROR_INVALID, member_path,
                                   _("unknown member; the model does not have it"));
        }
    }
  return TRUE;
}

/* Rejects the weight array parent.name of shape [rows, columns], or [rows]
 * when columns is 0, when one of its values is NaN or infinite, naming the
 * first such value by its row-major index. */
static gboolean
check_finite (NrtProjectReader *reader, const char *parent, const char *name, int rows,
              int columns, const float *values)
{
  g_autofree char *path = nrt_project_join_path (parent, name);
  gsize n = (gsize) rows * (gsize) (columns > 0 ? columns : 1);

  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *position = NULL;

      if (isfinite (values[i]))
        continue;
      if (columns > 0)
        position = g_strdup_printf ("[%" G_GSIZE_FORMAT ", %" G_GSIZE_FORMAT "]",
                                    i / (gsize) columns, i % (gsize) columns);
      else
        position = g_strdup_printf ("[%" G_GSIZE_FORMAT "]", i);
      return nrt_project_fail (reader, NRT_PROJECT_ERROR_INVALID, path,
                               _("the value at index %" G_GSIZE_FORMAT " (element %s) is %s, "
                                 "but weights must be finite numbers. Open an earlier save "
                                 "of the project or train the model again"),
                               i, position, isnan (values[i]) ? "NaN" : "infinite");
    }
  return TRUE;
}

static gboolean
read_weights (NrtProjectReader *reader, JsonObject *root, NrtModel *model)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  int n_inputs = nrt_model_get_n_inputs (model);
  JsonObject *weights;

  if (!nrt_project_get_object (reader, root, "", "weights", FALSE, &weights))
    return FALSE;
  for (int i = 0; i < nrt_model_get_n_layers (model); i++)
    {
      const NrtDenseConfig *layer = nrt_model_get_layer (model, i);
      const char *name = nrt_model_get_layer_name (model, i);
      char *kernel_name = g_strconcat (name, "/kernel", NULL);
      char *bias_name = g_strconcat (name, "/bias", NULL);

      g_ptr_array_add (names, kernel_name);
      g_ptr_array_add (names, bias_name);
      if (!nrt_project_get_float_array (reader, weights, "weights", kernel_name, n_inputs,
          layer->units,
                                        nrt_model_get_kernel (model, i))
          || !check_finite (reader, "weights", kernel_name, n_inputs, layer->units,
                            nrt_model_get_kernel (model, i)))
        return FALSE;
      if (layer->use_bias
          && (!nrt_project_get_float_array (reader, weights, "weights", bias_name, layer->units,
                                            0, nrt_model_get_bias (model, i))
              || !check_finite (reader, "weights", bias_name, layer->units, 0,
                                nrt_model_get_bias (model, i))))
        return FALSE;
      n_inputs = layer->units;
    }
  return check_members (reader, weights, "weights", names);
}

static gboolean
read_optimizer_state (NrtProjectReader *reader, JsonObject *root, NrtModel *model)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  NrtOptimizer *optimizer = nrt_model_get_optimizer (model);
  int n_params = (int) nrt_optimizer_get_n_params (optimizer);
  JsonObject *state, *slots;
  NrtError err = { 0 };
  gint64 iterations;

  if (!nrt_project_get_object (reader, root, "", "optimizer_state", FALSE, &state)
      || !nrt_project_get_int (reader, state, "optimizer_state", "iterations", 0, G_MAXINT64,
                               &iterations)
      || !nrt_project_get_object (reader, state, "optimizer_state", "slots", FALSE, &slots))
    return FALSE;
  nrt_optimizer_set_iterations (optimizer, iterations, &err);

  for (int i = 0; i < nrt_optimizer_get_n_slots (optimizer); i++)
    {
      const char *name = nrt_optimizer_get_slot_name (optimizer, i);

      g_ptr_array_add (names, (gpointer) name);
      if (!nrt_project_get_float_array (reader, slots, "optimizer_state.slots", name, n_params, 0,
                                        nrt_optimizer_get_slot (optimizer, i)))
        return FALSE;
    }
  return check_members (reader, slots, "optimizer_state.slots", names);
}

static gboolean
read_history (NrtProjectReader *reader, JsonObject *root, NrtProject *project)
{
  JsonArray *history;
  guint n;

  if (!nrt_project_get_array (reader, root, "", "history", FALSE, &history))
    return FALSE;
  n = json_array_get_length (history);
  if (n != (guint) project->fit.epochs_done)
    return nrt_project_fail (reader, NRT_PROJECT_ERROR_INVALID, "history",
                             _("expected %d entries, one per epoch in fit.epochs_done, found %u"),
                             project->fit.epochs_done, n);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("history.%u", i);
      JsonNode *node = json_array_get_element (history, i);
      NrtLogs logs = { 0 };
      JsonObject *entry;
      gint64 epoch;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return nrt_project_fail (reader, NRT_PROJECT_ERROR_INVALID, path,
                                 _("expected an object, found %s"),
                                 nrt_project_describe_node (node));
      entry = json_node_get_object (node);
      if (!nrt_project_get_int (reader, entry, path, "epoch", i, i, &epoch)
          || !nrt_project_get_double (reader, entry, path, "loss", TRUE, &logs.loss))
        return FALSE;
      logs.epoch = (int) epoch;
      logs.has_accuracy = json_object_has_member (entry, "accuracy");
      logs.has_validation = json_object_has_member (entry, "val_loss");
      if ((logs.has_accuracy
           && !nrt_project_get_double (reader, entry, path, "accuracy", TRUE, &logs.accuracy))
          || (logs.has_validation
              && !nrt_project_get_double (reader, entry, path, "val_loss", TRUE, &logs.val_loss))
          || (logs.has_validation && logs.has_accuracy
              && !nrt_project_get_double (reader, entry, path, "val_accuracy", TRUE,
                                          &logs.val_accuracy)))
        return FALSE;
      g_array_append_val (project->history, logs);
    }
  return TRUE;
}

/* Checks "format" and "version" before anything else, so that a newer
 * file gets a message about its version rather than about a member. */
static gboolean
read_header (NrtProjectReader *reader, JsonObject *root)
{
  const char *format;
  JsonNode *node;

  if (!nrt_project_get_string (reader, root, "", "format", &format))
    return FALSE;
  if (strcmp (format, NRT_PROJECT_FORMAT) != 0)
    return nrt_project_fail (reader, NRT_PROJECT_ERROR_VERSION, "format",
                             _("expected “%s”, found “%s”; this is not a Neurite project"),
                             NRT_PROJECT_FORMAT, format);
  node = nrt_project_get_member (reader, root, "", "version");
  if (node == NULL)
    return FALSE;
  if (!nrt_project_node_is (node, G_TYPE_INT64))
    return nrt_project_wrong_type (reader, "", "version", _("an integer"), node);
  if (json_node_get_int (node) != NRT_PROJECT_VERSION)
    return nrt_project_fail (reader, NRT_PROJECT_ERROR_VERSION, "version",
                             _("version %" G_GINT64_FORMAT " is not supported; this Neurite reads "
                   "version %d, so open the file with the Neurite that saved it"),
                             json_node_get_int (node), NRT_PROJECT_VERSION);
  return TRUE;
}

NrtProject *
nrt_project_load_from_data (const char *data, gsize length, const char *display_name,
                            GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (NrtProject) project = nrt_project_new ();
  g_autoptr (GError) parse_error = NULL;
  NrtProjectReader reader = { display_name, error };
  JsonNode *root;
  JsonObject *object;

  if (length > G_MAXSSIZE
      || !json_parser_load_from_data (parser, data, (gssize) length, &parse_error))
    {
      g_set_error (error, NRT_PROJECT_ERROR, NRT_PROJECT_ERROR_INVALID,
                   _("Invalid project file “%s”: it is not valid JSON, and may be truncated "
                     "or damaged: %s"),
                   display_name, parse_error != NULL ? parse_error->message : _("too large"));
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, NRT_PROJECT_ERROR, NRT_PROJECT_ERROR_INVALID,
                   _("Invalid project file “%s”: expected a JSON object, found %s"),
                   display_name,
                     root == NULL ? _("an empty file") : nrt_project_describe_node (root));
      return NULL;
    }
  object = json_node_get_object (root);

  if (!read_header (&reader, object)
      || !read_dataset (&reader, object, &project->dataset)
      || !read_model (&reader, object, project)
      || !read_fit (&reader, object, &project->fit)
      || !read_weights (&reader, object, project->model)
      || !read_optimizer_state (&reader, object, project->model)
      || !read_history (&reader, object, project)
      || !nrt_project_read_view (&reader, object, &project->view))
    return NULL;
  return g_steal_pointer (&project);
}

NrtProject *
nrt_project_load (const char *path, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *display_name = g_filename_display_name (path);
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, G_FILE_ERROR, local_error->code,
                   _("Could not read the project file: %s"), local_error->message);
      return NULL;
    }
  return nrt_project_load_from_data (contents, length, display_name, error);
}
