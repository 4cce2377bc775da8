/* Tests of project files: a save and load round trip that compares every
 * field, the checksum of the CSV file, and the errors for damaged files. */
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "core/nrt-features.h"
#include "io/nrt-project.h"

#define N_INPUTS 3

/* A project with two layers, normalization, Adam with a nonzero state, a
 * CSV dataset with every option set, and two epochs of history. Values are
 * arbitrary but distinct, so that a swapped field shows. */
static NrtProject *
new_test_project (const char *csv_path)
{
  NrtDenseConfig layers[2] = {
    { 4, NRT_ACTIVATION_RELU, 1, NRT_INITIALIZER_ZEROS },
    { 2, NRT_ACTIVATION_LINEAR, 0, NRT_INITIALIZER_GLOROT_UNIFORM },
  };
  NrtLossConfig loss = { NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 1 };
  NrtOptimizerConfig optimizer = nrt_optimizer_config_default (NRT_OPTIMIZER_ADAM);
  const float mean[N_INPUTS] = { 0.5f, -1.25f, 3.0f };
  const float variance[N_INPUTS] = { 2.0f, 0.0f, 1e-3f };
  const char *labels[] = { "species", NULL };
  const char *features[] = { "a", "b", "c", NULL };
  NrtProject *project = nrt_project_new ();
  NrtError err = { 0 };
  NrtOptimizer *state;
  NrtLogs logs = { 0 };

  optimizer.learning_rate = 0.0123f;
  optimizer.beta_1 = 0.8f;
  optimizer.epsilon = 1e-6f;
  project->model = nrt_model_new (N_INPUTS, layers, 2, &err);
  g_assert_nonnull (project->model);
  g_assert_cmpint (nrt_model_compile (project->model, &loss, &optimizer, &err), ==, NRT_OK);
  nrt_model_init_weights (project->model, 7);
  g_assert_cmpint (nrt_model_set_normalization (project->model, mean, variance, &err), ==,
                   NRT_OK);

  state = nrt_model_get_optimizer (project->model);
  for (int s = 0; s < nrt_optimizer_get_n_slots (state); s++)
    for (size_t i = 0; i < nrt_optimizer_get_n_params (state); i++)
      nrt_optimizer_get_slot (state, s)[i] = (float) (s + 1) * 0.1f * (float) i - 0.3f;
  g_assert_cmpint (nrt_optimizer_set_iterations (state, 42, &err), ==, NRT_OK);

  project->dataset.kind = NRT_PROJECT_DATASET_CSV;
  project->dataset.path = g_strdup (csv_path);
  project->dataset.sha256 = nrt_project_compute_sha256 (csv_path, NULL);
  g_assert_nonnull (project->dataset.sha256);
  project->dataset.csv.delimiter = ';';
  project->dataset.csv.header = NRT_CSV_HEADER_YES;
  project->dataset.csv.decimal_comma = 1;
  project->dataset.csv.labels = g_strdupv ((char **) labels);
  project->dataset.csv.features = g_strdupv ((char **) features);
  project->dataset.csv.missing = NRT_CSV_MISSING_MEAN;
  project->dataset.csv.task = NRT_CSV_TASK_CLASSIFICATION;

  project->fit = (NrtProjectFit) { 2, 16, FALSE, G_MAXUINT64 - 5, 0.25, 0.125,
                                   NRT_PROJECT_SPLIT_RANDOM, NRT_PROJECT_VALIDATION_DATA_TEST };
  project->dataset.derived_features = NRT_DERIVED_X1_SQUARED | NRT_DERIVED_SIN_X2;
  project->dataset.task = NRT_TASK_CLASSIFICATION;
  project->dataset.class_names = g_strsplit ("setosa,versicolor", ",", -1);
  project->dataset.label_names = g_strdupv ((char **) labels);
  project->dataset.feature_names = g_strdupv ((char **) features);
  project->view.page = g_strdup ("network");
  project->view.plane = g_strdup ("0,2");
  project->view.log_scale = TRUE;
  for (int e = 0; e < 2; e++)
    {
      logs.epoch = e;
      logs.loss = 0.1 * e + 1.0 / 3.0;
      logs.accuracy = 0.5 + 0.125 * e;
      logs.has_accuracy = 1;
      logs.val_loss = e == 0 ? NAN : 0.7;
      logs.val_accuracy = 0.25;
      logs.has_validation = 1;
      g_array_append_val (project->history, logs);
    }
  return project;
}

static char *
write_csv (void)
{
  GError *error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("test-project-XXXXXX.csv", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, "a;b;c;species\n1,5;2;3;x\n4;5;6;y\n", -1, NULL));
  return path;
}

static void
assert_floats_equal (const float *a, const float *b, size_t n)
{
  g_assert_cmpmem (a, n * sizeof *a, b, n * sizeof *b);
}

static void
assert_projects_equal (NrtProject *a, NrtProject *b)
{
  NrtOptimizer *sa = nrt_model_get_optimizer (a->model);
  NrtOptimizer *sb = nrt_model_get_optimizer (b->model);
  const NrtOptimizerConfig *ca = nrt_optimizer_get_config (sa);
  const NrtOptimizerConfig *cb = nrt_optimizer_get_config (sb);

  g_assert_cmpint (b->dataset.kind, ==, a->dataset.kind);
  g_assert_cmpuint (b->dataset.derived_features, ==, a->dataset.derived_features);
  g_assert_cmpint (b->dataset.task, ==, a->dataset.task);
  g_assert_cmpstrv (b->dataset.class_names, a->dataset.class_names);
  g_assert_cmpstrv (b->dataset.label_names, a->dataset.label_names);
  g_assert_cmpstrv (b->dataset.feature_names, a->dataset.feature_names);
  g_assert_cmpstr (b->view.page, ==, a->view.page);
  g_assert_cmpstr (b->view.plane, ==, a->view.plane);
  g_assert_cmpint (b->view.log_scale, ==, a->view.log_scale);
  g_assert_cmpstr (b->dataset.path, ==, a->dataset.path);
  g_assert_cmpstr (b->dataset.sha256, ==, a->dataset.sha256);
  g_assert_cmpint (b->dataset.csv.delimiter, ==, a->dataset.csv.delimiter);
  g_assert_cmpint (b->dataset.csv.header, ==, a->dataset.csv.header);
  g_assert_cmpint (b->dataset.csv.decimal_comma, ==, a->dataset.csv.decimal_comma);
  g_assert_true (g_strv_equal ((const char *const *) b->dataset.csv.labels,
                               (const char *const *) a->dataset.csv.labels));
  g_assert_true (g_strv_equal ((const char *const *) b->dataset.csv.features,
                               (const char *const *) a->dataset.csv.features));
  g_assert_cmpint (b->dataset.csv.missing, ==, a->dataset.csv.missing);
  g_assert_cmpint (b->dataset.csv.task, ==, a->dataset.csv.task);

  g_assert_cmpint (nrt_model_get_n_inputs (b->model), ==, nrt_model_get_n_inputs (a->model));
  g_assert_cmpint (nrt_model_get_n_layers (b->model), ==, nrt_model_get_n_layers (a->model));
  for (int i = 0; i < nrt_model_get_n_layers (a->model); i++)
    g_assert_cmpmem (nrt_model_get_layer (b->model, i), sizeof (NrtDenseConfig),
                     nrt_model_get_layer (a->model, i), sizeof (NrtDenseConfig));
  g_assert_cmpint (nrt_model_has_normalization (b->model), ==,
                   nrt_model_has_normalization (a->model));
  if (nrt_model_has_normalization (a->model))
    {
      assert_floats_equal (nrt_model_get_normalization_mean (b->model),
                           nrt_model_get_normalization_mean (a->model), N_INPUTS);
      assert_floats_equal (nrt_model_get_normalization_variance (b->model),
                           nrt_model_get_normalization_variance (a->model), N_INPUTS);
    }
  g_assert_cmpmem (nrt_model_get_loss (b->model), sizeof (NrtLossConfig),
                   nrt_model_get_loss (a->model), sizeof (NrtLossConfig));
  g_assert_cmpmem (cb, sizeof *cb, ca, sizeof *ca);

  g_assert_cmpmem (&b->fit, sizeof b->fit, &a->fit, sizeof a->fit);

  g_assert_cmpuint (nrt_model_get_n_params (b->model), ==, nrt_model_get_n_params (a->model));
  assert_floats_equal (nrt_model_get_params (b->model), nrt_model_get_params (a->model),
                       nrt_model_get_n_params (a->model));
  g_assert_cmpint (nrt_optimizer_get_iterations (sb), ==, nrt_optimizer_get_iterations (sa));
  g_assert_cmpint (nrt_optimizer_get_n_slots (sb), ==, nrt_optimizer_get_n_slots (sa));
  for (int s = 0; s < nrt_optimizer_get_n_slots (sa); s++)
    assert_floats_equal (nrt_optimizer_get_slot (sb, s), nrt_optimizer_get_slot (sa, s),
                         nrt_optimizer_get_n_params (sa));

  /* NaN compares unequal, so the history is compared field by field. */
  g_assert_cmpuint (b->history->len, ==, a->history->len);
  for (guint e = 0; e < a->history->len; e++)
    {
      NrtLogs *la = &g_array_index (a->history, NrtLogs, e);
      NrtLogs *lb = &g_array_index (b->history, NrtLogs, e);

      g_assert_cmpint (lb->epoch, ==, la->epoch);
      g_assert_cmpfloat (lb->loss, ==, la->loss);
      g_assert_cmpint (lb->has_accuracy, ==, la->has_accuracy);
      g_assert_cmpfloat (lb->accuracy, ==, la->accuracy);
      g_assert_cmpint (lb->has_validation, ==, la->has_validation);
      g_assert_true (lb->val_loss == la->val_loss
                     || (isnan (lb->val_loss) && isnan (la->val_loss)));
      g_assert_cmpfloat (lb->val_accuracy, ==, la->val_accuracy);
    }
}

static void
test_round_trip (void)
{
  g_autofree char *csv_path = write_csv ();
  g_autofree char *project_path = g_strconcat (csv_path, ".neurite", NULL);
  g_autoptr (NrtProject) project = new_test_project (csv_path);
  g_autoptr (NrtProject) from_text = NULL;
  g_autoptr (NrtProject) from_file = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  text = nrt_project_to_json (project, &length);
  from_text = nrt_project_load_from_data (text, length, "test.neurite", &error);
  g_assert_no_error (error);
  assert_projects_equal (project, from_text);

  g_assert_true (nrt_project_save (project, project_path, &error));
  g_assert_no_error (error);
  from_file = nrt_project_load (project_path, &error);
  g_assert_no_error (error);
  assert_projects_equal (project, from_file);
  g_assert_true (nrt_project_check_dataset (from_file, &error));
  g_assert_no_error (error);

  g_unlink (project_path);
  g_unlink (csv_path);
}

/* A built-in dataset and SGD with momentum, the other branches. */
static void
test_round_trip_builtin_sgd (void)
{
  NrtDenseConfig layer = { 1, NRT_ACTIVATION_SIGMOID, 1, NRT_INITIALIZER_GLOROT_UNIFORM };
  NrtLossConfig loss = { NRT_LOSS_MEAN_SQUARED_ERROR, 0 };
  NrtOptimizerConfig optimizer = nrt_optimizer_config_default (NRT_OPTIMIZER_SGD);
  g_autoptr (NrtProject) project = nrt_project_new ();
  g_autoptr (NrtProject) loaded = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  NrtError err = { 0 };
  gsize length = 0;

  optimizer.momentum = 0.5f;
  project->model = nrt_model_new (2, &layer, 1, &err);
  g_assert_cmpint (nrt_model_compile (project->model, &loss, &optimizer, &err), ==, NRT_OK);
  nrt_optimizer_get_slot (nrt_model_get_optimizer (project->model), 0)[1] = 0.75f;
  project->dataset.kind = NRT_PROJECT_DATASET_BUILTIN;
  project->dataset.builtin_id = g_strdup ("circle");
  project->dataset.samples = 500;
  project->dataset.noise = 0.1;
  project->fit.seed = 3;

  text = nrt_project_to_json (project, &length);
  loaded = nrt_project_load_from_data (text, length, "test.neurite", &error);
  g_assert_no_error (error);
  g_assert_cmpint (loaded->dataset.kind, ==, NRT_PROJECT_DATASET_BUILTIN);
  g_assert_cmpstr (loaded->dataset.builtin_id, ==, "circle");
  g_assert_cmpint (loaded->dataset.samples, ==, 500);
  g_assert_cmpfloat (loaded->dataset.noise, ==, 0.1);
  g_assert_cmpint (loaded->fit.seed, ==, 3);
  g_assert_false (nrt_model_has_normalization (loaded->model));
  g_assert_cmpstr (nrt_optimizer_get_slot_name (nrt_model_get_optimizer (loaded->model), 0), ==,
                   "velocity");
  g_assert_cmpfloat (nrt_optimizer_get_slot (nrt_model_get_optimizer (loaded->model), 0)[1], ==,
                     0.75f);
  g_assert_true (nrt_project_check_dataset (loaded, &error));
}

typedef void (*Damage) (JsonObject *root);

static JsonObject *
member_object (JsonObject *object, const char *name)
{
  return json_object_get_object_member (object, name);
}

static void
set_inputs_text (JsonObject *root)
{
  json_object_set_string_member (member_object (root, "model"), "inputs", "three");
}

static void
set_version_99 (JsonObject *root)
{
  json_object_set_int_member (root, "version", 99);
}

static void
swap_kernel_shape (JsonObject *root)
{
  JsonObject *kernel = member_object (member_object (root, "weights"), "dense_1/kernel");
  JsonArray *shape = json_array_new ();

  json_array_add_int_element (shape, 2);
  json_array_add_int_element (shape, 4);
  json_object_set_array_member (kernel, "shape", shape);
}

static void
shorten_slot_data (JsonObject *root)
{
  JsonObject *slots = member_object (member_object (root, "optimizer_state"), "slots");

  json_object_set_string_member (member_object (slots, "m"), "data", "AAAAAA==");
}

/* Replaces the value at index of the float32 array weights.name by value,
 * as a writer that kept a diverged weight would have stored it. */
static void
set_weight_value (JsonObject *root, const char *name, gsize index, float value)
{
  JsonObject *array = member_object (member_object (root, "weights"), name);
  gsize length = 0;
  g_autofree guchar *bytes = g_base64_decode (json_object_get_string_member (array, "data"),
                                              &length);
  g_autofree char *text = NULL;
  guint32 bits;

  g_assert_cmpuint ((index + 1) * sizeof bits, <=, length);
  memcpy (&bits, &value, sizeof bits);
  bits = GUINT32_TO_LE (bits);
  memcpy (bytes + index * sizeof bits, &bits, sizeof bits);
  text = g_base64_encode (bytes, length);
  json_object_set_string_member (array, "data", text);
}

/* dense_1/kernel has the shape [4, 2], so index 5 is the element [2, 1]. */
static void
set_kernel_nan (JsonObject *root)
{
  set_weight_value (root, "dense_1/kernel", 5, NAN);
}

static void
set_bias_infinite (JsonObject *root)
{
  set_weight_value (root, "dense/bias", 3, -INFINITY);
}

static void
remove_history (JsonObject *root)
{
  json_object_remove_member (root, "history");
}

static void
set_format_other (JsonObject *root)
{
  json_object_set_string_member (root, "format", "keras");
}

static void
rename_layer (JsonObject *root)
{
  JsonArray *layers = json_object_get_array_member (member_object (root, "model"), "layers");
  JsonObject *config = member_object (json_array_get_object_element (layers, 1), "config");

  json_object_set_string_member (config, "name", "output");
}

static void
test_damaged (void)
{
  struct {
    Damage damage;
    int code;
    const char *message;      /* a part that the error message must contain */
  } cases[] = {
    { set_inputs_text, NRT_PROJECT_ERROR_INVALID,
      "model.inputs: expected an integer, found a string" },
    { set_version_99, NRT_PROJECT_ERROR_VERSION, "version: version 99 is not supported" },
    { swap_kernel_shape, NRT_PROJECT_ERROR_INVALID,
      "weights.dense_1/kernel: expected shape [4, 2], found [2, 4]" },
    { shorten_slot_data, NRT_PROJECT_ERROR_INVALID,
      "optimizer_state.slots.m: the data decodes to 4 bytes" },
    { set_kernel_nan, NRT_PROJECT_ERROR_INVALID,
      "weights.dense_1/kernel: the value at index 5 (element [2, 1]) is NaN" },
    { set_bias_infinite, NRT_PROJECT_ERROR_INVALID,
      "weights.dense/bias: the value at index 3 (element [3]) is infinite" },
    { remove_history, NRT_PROJECT_ERROR_INVALID, "history: the member is missing" },
    { set_format_other, NRT_PROJECT_ERROR_VERSION, "format: expected “neurite-project”" },
    { rename_layer, NRT_PROJECT_ERROR_INVALID, "model.layers.1.config" },
  };
  g_autofree char *csv_path = write_csv ();
  g_autoptr (NrtProject) project = new_test_project (csv_path);
  g_autofree char *text = nrt_project_to_json (project, NULL);

  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      g_autoptr (JsonGenerator) generator = json_generator_new ();
      g_autoptr (GError) error = NULL;
      g_autofree char *damaged = NULL;
      NrtProject *loaded;
      gsize length = 0;

      g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
      cases[i].damage (json_node_get_object (json_parser_get_root (parser)));
      json_generator_set_root (generator, json_parser_get_root (parser));
      damaged = json_generator_to_data (generator, &length);

      loaded = nrt_project_load_from_data (damaged, length, "damaged.neurite", &error);
      g_assert_null (loaded);
      g_assert_error (error, NRT_PROJECT_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("case %zu: message “%s” lacks “%s”", i, error->message, cases[i].message);
      g_assert_nonnull (strstr (error->message, "damaged.neurite"));
    }
  g_unlink (csv_path);
}

/* Removes the optional members of version 1 and sets one of them to
 * text, checking the defaults of a file without them and the error
 * for a bad value. */
static NrtProject *
load_with_optional_members (const char *member, const char *value, GError **error)
{
  g_autofree char *csv_path = write_csv ();
  g_autoptr (NrtProject) project = new_test_project (csv_path);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *text = nrt_project_to_json (project, NULL);
  g_autofree char *damaged = NULL;
  JsonObject *root, *dataset, *fit;

  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  dataset = member_object (root, "dataset");
  fit = member_object (root, "fit");
  json_object_remove_member (dataset, "derived_features");
  json_object_remove_member (dataset, "task");
  json_object_remove_member (dataset, "class_names");
  json_object_remove_member (dataset, "label_names");
  json_object_remove_member (dataset, "feature_names");
  json_object_remove_member (fit, "split");
  json_object_remove_member (fit, "validation_data");
  json_object_remove_member (root, "view");
  if (g_strcmp0 (member, "derived_features") == 0 || g_strcmp0 (member, "class_names") == 0)
    json_object_set_member (dataset, member, json_from_string (value, NULL));
  else if (member != NULL)
    json_object_set_member (fit, member, json_from_string (value, NULL));

  damaged = json_to_string (json_parser_get_root (parser), FALSE);
  g_unlink (csv_path);
  return nrt_project_load_from_data (damaged, strlen (damaged), "optional.neurite", error);
}

static void
test_optional_members (void)
{
  g_autoptr (NrtProject) defaults = NULL;
  g_autoptr (NrtProject) rejected = NULL;
  g_autoptr (GError) error = NULL;

  /* test_split is 0.125, so the split defaults to random. */
  defaults = load_with_optional_members (NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (defaults->dataset.derived_features, ==, 0);
  g_assert_cmpint (defaults->fit.split, ==, NRT_PROJECT_SPLIT_RANDOM);
  g_assert_cmpint (defaults->fit.validation_data, ==, NRT_PROJECT_VALIDATION_DATA_VALIDATION);
  g_assert_null (defaults->view.page);
  g_assert_cmpint (defaults->dataset.task, ==, -1);
  g_assert_null (defaults->dataset.class_names);
  g_assert_null (defaults->dataset.label_names);
  g_assert_null (defaults->dataset.feature_names);

  /* Class names without the task "classification" contradict the file. */
  rejected = load_with_optional_members ("class_names", "[\"a\", \"b\"]", &error);
  g_assert_null (rejected);
  g_assert_error (error, NRT_PROJECT_ERROR, NRT_PROJECT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "dataset.class_names"));
  g_clear_error (&error);

  rejected = load_with_optional_members ("derived_features", "[\"x1^3\"]", &error);
  g_assert_null (rejected);
  g_assert_error (error, NRT_PROJECT_ERROR, NRT_PROJECT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "dataset.derived_features.0"));
  g_clear_error (&error);

  rejected = load_with_optional_members ("split", "\"last_rows\"", &error);
  g_assert_null (rejected);
  g_assert_error (error, NRT_PROJECT_ERROR, NRT_PROJECT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "fit.split"));
  g_clear_error (&error);

  rejected = load_with_optional_members ("validation_data", "\"train\"", &error);
  g_assert_null (rejected);
  g_assert_nonnull (strstr (error->message, "fit.validation_data"));
}

static void
test_not_json (void)
{
  g_autofree char *csv_path = write_csv ();
  g_autoptr (NrtProject) project = new_test_project (csv_path);
  g_autofree char *text = nrt_project_to_json (project, NULL);
  const char *inputs[] = { "", "[1, 2]", "not json" };

  /* Every cut of the file is rejected without a crash; steps of 97 bytes
   * keep the test short. */
  for (size_t cut = 0; cut < strlen (text) - 1; cut += 97)
    {
      g_autoptr (GError) error = NULL;

      g_assert_null (nrt_project_load_from_data (text, cut, "cut.neurite", &error));
      g_assert_error (error, NRT_PROJECT_ERROR, NRT_PROJECT_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "cut.neurite"));
    }
  for (size_t i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_null (nrt_project_load_from_data (inputs[i], strlen (inputs[i]), "x.neurite",
                                                 &error));
      g_assert_error (error, NRT_PROJECT_ERROR, NRT_PROJECT_ERROR_INVALID);
    }
  g_unlink (csv_path);
}

static void
test_dataset_changed (void)
{
  g_autofree char *csv_path = write_csv ();
  g_autoptr (NrtProject) project = new_test_project (csv_path);
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (csv_path, "a;b;c;species\n1;2;3;x\n", -1, NULL));
  g_assert_false (nrt_project_check_dataset (project, &error));
  g_assert_error (error, NRT_PROJECT_ERROR, NRT_PROJECT_ERROR_DATA_CHANGED);
  g_assert_nonnull (strstr (error->message, csv_path));
  g_clear_error (&error);

  g_unlink (csv_path);
  g_assert_false (nrt_project_check_dataset (project, &error));
  g_assert_error (error, NRT_PROJECT_ERROR, NRT_PROJECT_ERROR_DATA_MISSING);
  g_assert_nonnull (strstr (error->message, csv_path));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/io/project/round-trip", test_round_trip);
  g_test_add_func ("/io/project/round-trip-builtin-sgd", test_round_trip_builtin_sgd);
  g_test_add_func ("/io/project/damaged", test_damaged);
  g_test_add_func ("/io/project/optional-members", test_optional_members);
  g_test_add_func ("/io/project/not-json", test_not_json);
  g_test_add_func ("/io/project/dataset-changed", test_dataset_changed);
  return g_test_run ();
}
