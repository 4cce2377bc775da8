/* nrt-project-settings.c: the optional members of version 1 of the project
 * file: the derived features, how the data is split, which part the
 * history's val_ members measure, and the app's view. nrt-project.h
 * documents them and their defaults. */
#define G_LOG_DOMAIN "neurite-project"

#include "config.h"

#include "nrt-project-private.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "core/nrt-features.h"

/* The JSON names of the derived features, in the order of their columns. */
static const struct {
  const char *name;
  NrtDerivedFeatures flag;
} derived_names[] = {
  { "x1^2", NRT_DERIVED_X1_SQUARED },
  { "x2^2", NRT_DERIVED_X2_SQUARED },
  { "x1*x2", NRT_DERIVED_X1_TIMES_X2 },
  { "sin(x1)", NRT_DERIVED_SIN_X1 },
  { "sin(x2)", NRT_DERIVED_SIN_X2 },
};

static const char *const split_names[] = { "last_rows", "random" };
static const char *const validation_data_names[] = { "validation", "test" };

void
nrt_project_add_derived_features (JsonBuilder *builder, unsigned flags)
{
  json_builder_set_member_name (builder, "derived_features");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (derived_names); i++)
    if (flags & derived_names[i].flag)
      json_builder_add_string_value (builder, derived_names[i].name);
  json_builder_end_array (builder);
}

static void
add_string_list (JsonBuilder *builder, const char *name, char **values)
{
  if (values == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (char **value = values; *value != NULL; value++)
    json_builder_add_string_value (builder, *value);
  json_builder_end_array (builder);
}

void
nrt_project_add_dataset_names (JsonBuilder *builder, const NrtProjectDataset *dataset)
{
  if (dataset->task >= 0)
    {
      json_builder_set_member_name (builder, "task");
      json_builder_add_string_value (builder, nrt_task_name (dataset->task));
    }
  add_string_list (builder, "class_names", dataset->class_names);
  add_string_list (builder, "label_names", dataset->label_names);
  add_string_list (builder, "feature_names", dataset->feature_names);
}

static int
parse_task (const char *name)
{
  const NrtTask tasks[] = { NRT_TASK_CLASSIFICATION, NRT_TASK_MULTILABEL, NRT_TASK_REGRESSION };

  for (guint i = 0; i < G_N_ELEMENTS (tasks); i++)
    if (strcmp (name, nrt_task_name (tasks[i])) == 0)
      return tasks[i];
  return -1;
}

/* Reads the optional list dataset.name, leaving *values NULL when absent. */
static gboolean
read_optional_list (NrtProjectReader *reader, JsonObject *object, const char *name,
                    char ***values)
{
  *values = NULL;
  if (!json_object_has_member (object, name))
    return TRUE;
  return nrt_project_get_string_list (reader, object, "dataset", name, values);
}

gboolean
nrt_project_read_dataset_names (NrtProjectReader *reader, JsonObject *object,
                                NrtProjectDataset *dataset)
{
  int task = -1;

  if (json_object_has_member (object, "task")
      && !nrt_project_get_named (reader, object, "dataset", "task", parse_task, &task))
    return FALSE;
  dataset->task = task;
  if (!read_optional_list (reader, object, "class_names", &dataset->class_names)
      || !read_optional_list (reader, object, "label_names", &dataset->label_names)
      || !read_optional_list (reader, object, "feature_names", &dataset->feature_names))
    return FALSE;

  if (dataset->class_names != NULL && g_strv_length (dataset->class_names) < 2)
    return nrt_project_fail (reader, NRT_PROJECT_ERROR_INVALID, "dataset.class_names",
                             _("expected at least two classes, found %u"),
                             g_strv_length (dataset->class_names));
  if (dataset->class_names != NULL && dataset->task != NRT_TASK_CLASSIFICATION)
    return nrt_project_fail (reader, NRT_PROJECT_ERROR_INVALID, "dataset.class_names",
                             _("class names need the task “classification”"));
  return TRUE;
}

void
nrt_project_add_fit_settings (JsonBuilder *builder, const NrtProjectFit *fit)
{
  /* A test part is always drawn at random. */
  NrtProjectSplit split = fit->test_split > 0 ? NRT_PROJECT_SPLIT_RANDOM : fit->split;

  json_builder_set_member_name (builder, "split");
  json_builder_add_string_value (builder, split_names[split]);
  json_builder_set_member_name (builder, "validation_data");
  json_builder_add_string_value (builder, validation_data_names[fit->validation_data]);
}

void
nrt_project_add_view (JsonBuilder *builder, const NrtProjectView *view)
{
  if (view->page == NULL)
    return;

  json_builder_set_member_name (builder, "view");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "page");
  json_builder_add_string_value (builder, view->page);
  json_builder_set_member_name (builder, "plane");
  if (view->plane != NULL)
    json_builder_add_string_value (builder, view->plane);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "log_scale");
  json_builder_add_boolean_value (builder, view->log_scale);
  json_builder_end_object (builder);
}

gboolean
nrt_project_read_derived_features (NrtProjectReader *reader, JsonObject *dataset,
                                   unsigned *flags)
{
  g_auto (GStrv) names = NULL;

  *flags = 0;
  if (!json_object_has_member (dataset, "derived_features"))
    return TRUE;
  if (!nrt_project_get_string_list (reader, dataset, "dataset", "derived_features", &names))
    return FALSE;

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf ("dataset.derived_features.%u", i);
      gboolean known = FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (derived_names); j++)
        if (strcmp (names[i], derived_names[j].name) == 0)
          {
            if (*flags & derived_names[j].flag)
              return nrt_project_fail (reader, NRT_PROJECT_ERROR_INVALID, path,
                                       _("“%s” is listed twice"), names[i]);
            *flags |= derived_names[j].flag;
            known = TRUE;
          }
      if (!known)
        return nrt_project_fail (reader, NRT_PROJECT_ERROR_INVALID, path,
                                 _("unknown derived feature “%s”; expected x1^2, x2^2, x1*x2, "
                                   "sin(x1) or sin(x2)"),
                                 names[i]);
    }
  return TRUE;
}

gboolean
nrt_project_read_fit_settings (NrtProjectReader *reader, JsonObject *fit_object,
                               NrtProjectFit *fit)
{
  int index;

  fit->split = fit->test_split > 0 ? NRT_PROJECT_SPLIT_RANDOM : NRT_PROJECT_SPLIT_LAST_ROWS;
  if (json_object_has_member (fit_object, "split"))
    {
      if (!nrt_project_get_choice (reader, fit_object, "fit", "split", split_names,
                                   G_N_ELEMENTS (split_names), &index))
        return FALSE;
      fit->split = index;
    }
  if (fit->split == NRT_PROJECT_SPLIT_LAST_ROWS && fit->test_split > 0)
    return nrt_project_fail (reader, NRT_PROJECT_ERROR_INVALID, "fit.split",
                             _("“last_rows” holds out no test part, but fit.test_split is %g; "
                               "use “random”"),
                             fit->test_split);

  fit->validation_data = NRT_PROJECT_VALIDATION_DATA_VALIDATION;
  if (json_object_has_member (fit_object, "validation_data"))
    {
      if (!nrt_project_get_choice (reader, fit_object, "fit", "validation_data",
                                   validation_data_names, G_N_ELEMENTS (validation_data_names),
                                   &index))
        return FALSE;
      fit->validation_data = index;
    }
  return TRUE;
}

gboolean
nrt_project_read_view (NrtProjectReader *reader, JsonObject *root, NrtProjectView *view)
{
  JsonObject *object;
  JsonNode *node;
  const char *text;

  if (!json_object_has_member (root, "view"))
    return TRUE;
  if (!nrt_project_get_object (reader, root, "", "view", FALSE, &object)
      || !nrt_project_get_string (reader, object, "view", "page", &text))
    return FALSE;
  view->page = g_strdup (text);

  node = nrt_project_get_member (reader, object, "view", "plane");
  if (node == NULL)
    return FALSE;
  if (nrt_project_node_is (node, G_TYPE_STRING))
    view->plane = g_strdup (json_node_get_string (node));
  else if (!JSON_NODE_HOLDS_NULL (node))
    return nrt_project_wrong_type (reader, "view", "plane", _("a string or null"), node);

  return nrt_project_get_boolean (reader, object, "view", "log_scale", &view->log_scale);
}
