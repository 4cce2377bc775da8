/* nrt-project-json.c: typed access to the members of a project file's
 * JSON, with errors that name the JSON path of the member at fault. */
#define G_LOG_DOMAIN "neurite-project"

#include "config.h"

#include "nrt-project-private.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include <glib/gi18n-lib.h>

/* Sets the error "Invalid project file “NAME”: PATH: MESSAGE" and returns
 * FALSE. */
gboolean
nrt_project_fail (NrtProjectReader *reader, int code, const char *path, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (reader->error, NRT_PROJECT_ERROR, code, _("Invalid project file “%s”: %s: %s"),
               reader->display_name, path, message);
  return FALSE;
}

char *
nrt_project_join_path (const char *parent, const char *name)
{
  return parent[0] != '\0' ? g_strconcat (parent, ".", name, NULL) : g_strdup (name);
}

/* Describes what node is, for "expected X, found Y" messages. */
const char *
nrt_project_describe_node (JsonNode *node)
{
  GType type;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return _("an object");
    case JSON_NODE_ARRAY:
      return _("an array");
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      break;
    }
  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return _("a string");
  if (type == G_TYPE_BOOLEAN)
    return _("true or false");
  return _("a number");
}

/* Returns the member name of object, or NULL after setting a "missing"
 * error at parent.name. */
JsonNode *
nrt_project_get_member (NrtProjectReader *reader, JsonObject *object, const char *parent,
                        const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autofree char *path = NULL;

  if (node != NULL)
    return node;
  path = nrt_project_join_path (parent, name);
  nrt_project_fail (reader, NRT_PROJECT_ERROR_INVALID, path, _("the member is missing"));
  return NULL;
}

gboolean
nrt_project_wrong_type (NrtProjectReader *reader, const char *parent, const char *name,
                        const char *expected,
                        JsonNode *node)
{
  g_autofree char *path = nrt_project_join_path (parent, name);

  return nrt_project_fail (reader, NRT_PROJECT_ERROR_INVALID, path, _("expected %s, found %s"),
                           expected,
                           nrt_project_describe_node (node));
}

/* Sets *value to the object member name, or to NULL when nullable and the
 * member is null. */
gboolean
nrt_project_get_object (NrtProjectReader *reader, JsonObject *object, const char *parent,
                        const char *name,
                        gboolean nullable, JsonObject **value)
{
  JsonNode *node = nrt_project_get_member (reader, object, parent, name);

  if (node == NULL)
    return FALSE;
  if (nullable && JSON_NODE_HOLDS_NULL (node))
    {
      *value = NULL;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return nrt_project_wrong_type (reader, parent, name,
                                   nullable ? _("an object or null") : _("an object"),
                                   node);
  *value = json_node_get_object (node);
  return TRUE;
}

gboolean
nrt_project_get_array (NrtProjectReader *reader, JsonObject *object, const char *parent,
                       const char *name,
                       gboolean nullable, JsonArray **value)
{
  JsonNode *node = nrt_project_get_member (reader, object, parent, name);

  if (node == NULL)
    return FALSE;
  if (nullable && JSON_NODE_HOLDS_NULL (node))
    {
      *value = NULL;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return nrt_project_wrong_type (reader, parent, name,
                                   nullable ? _("an array or null") : _("an array"),
                                   node);
  *value = json_node_get_array (node);
  return TRUE;
}

gboolean
nrt_project_node_is (JsonNode *node, GType type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

gboolean
nrt_project_get_string (NrtProjectReader *reader, JsonObject *object, const char *parent,
                        const char *name,
                        const char **value)
{
  JsonNode *node = nrt_project_get_member (reader, object, parent, name);

  if (node == NULL)
    return FALSE;
  if (!nrt_project_node_is (node, G_TYPE_STRING))
    return nrt_project_wrong_type (reader, parent, name, _("a string"), node);
  *value = json_node_get_string (node);
  return TRUE;
}

gboolean
nrt_project_get_boolean (NrtProjectReader *reader, JsonObject *object, const char *parent,
                         const char *name,
                         gboolean *value)
{
  JsonNode *node = nrt_project_get_member (reader, object, parent, name);

  if (node == NULL)
    return FALSE;
  if (!nrt_project_node_is (node, G_TYPE_BOOLEAN))
    return nrt_project_wrong_type (reader, parent, name, _("true or false"), node);
  *value = json_node_get_boolean (node);
  return TRUE;
}

gboolean
nrt_project_get_int (NrtProjectReader *reader, JsonObject *object, const char *parent,
                     const char *name,
                     gint64 min, gint64 max, gint64 *value)
{
  JsonNode *node = nrt_project_get_member (reader, object, parent, name);
  g_autofree char *path = NULL;

  if (node == NULL)
    return FALSE;
  if (!nrt_project_node_is (node, G_TYPE_INT64))
    return nrt_project_wrong_type (reader, parent, name, _("an integer"), node);
  *value = json_node_get_int (node);
  if (*value < min || *value > max)
    {
      path = nrt_project_join_path (parent, name);
      return nrt_project_fail (reader, NRT_PROJECT_ERROR_INVALID, path,
                               _("expected an integer from %" G_GINT64_FORMAT " to %"
                                 G_GINT64_FORMAT ", found %" G_GINT64_FORMAT),
                               min, max, *value);
    }
  return TRUE;
}

/* Reads a number, integer or not; null reads as NaN when nullable, since
 * the writer stores values that are not finite as null. */
gboolean
nrt_project_get_double (NrtProjectReader *reader, JsonObject *object, const char *parent,
                        const char *name,
                        gboolean nullable, double *value)
{
  JsonNode *node = nrt_project_get_member (reader, object, parent, name);

  if (node == NULL)
    return FALSE;
  if (nullable && JSON_NODE_HOLDS_NULL (node))
    {
      *value = NAN;
      return TRUE;
    }
  if (nrt_project_node_is (node, G_TYPE_INT64))
    *value = (double) json_node_get_int (node);
  else if (nrt_project_node_is (node, G_TYPE_DOUBLE))
    *value = json_node_get_double (node);
  else
    return nrt_project_wrong_type (reader, parent, name, _("a number"), node);
  return TRUE;
}

/* Reads a string member that must be one of names[0..n), into *index. */
gboolean
nrt_project_get_choice (NrtProjectReader *reader, JsonObject *object, const char *parent,
                        const char *name,
                        const char *const *names, int n, int *index)
{
  g_autofree char *path = NULL;
  g_autoptr (GString) list = g_string_new (NULL);
  const char *value;

  if (!nrt_project_get_string (reader, object, parent, name, &value))
    return FALSE;
  for (int i = 0; i < n; i++)
    {
      if (strcmp (value, names[i]) == 0)
        {
          *index = i;
          return TRUE;
        }
      g_string_append_printf (list, "%s%s", i > 0 ? ", " : "", names[i]);
    }
  path = nrt_project_join_path (parent, name);
  return nrt_project_fail (reader, NRT_PROJECT_ERROR_INVALID, path,
                           _("unknown value “%s”; expected one of %s"),
                           value, list->str);
}

/* Reads a name that parse turns into an enum value, or -1 when unknown. */
gboolean
nrt_project_get_named (NrtProjectReader *reader, JsonObject *object, const char *parent,
                       const char *name,
                       int (*parse) (const char *), int *value)
{
  g_autofree char *path = NULL;
  const char *text;

  if (!nrt_project_get_string (reader, object, parent, name, &text))
    return FALSE;
  *value = parse (text);
  if (*value >= 0)
    return TRUE;
  path = nrt_project_join_path (parent, name);
  return nrt_project_fail (reader, NRT_PROJECT_ERROR_INVALID, path, _("unknown name “%s”"),
                           text);
}

/* Reads an array of strings, or null, into a NULL-terminated vector. */
gboolean
nrt_project_get_string_list (NrtProjectReader *reader, JsonObject *object, const char *parent,
                             const char *name,
                             char ***value)
{
  g_autofree char *path = nrt_project_join_path (parent, name);
  JsonArray *array;
  GPtrArray *items;

  if (!nrt_project_get_array (reader, object, parent, name, TRUE, &array))
    return FALSE;
  *value = NULL;
  if (array == NULL)
    return TRUE;

  items = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!nrt_project_node_is (node, G_TYPE_STRING))
        {
          g_autofree char *item = g_strdup_printf ("%u", i);

          g_ptr_array_free (items, TRUE);
          return nrt_project_wrong_type (reader, path, item, _("a string"), node);
        }
      g_ptr_array_add (items, g_strdup (json_node_get_string (node)));
    }
  g_ptr_array_add (items, NULL);
  *value = (char **) g_ptr_array_free (items, FALSE);
  return TRUE;
}

/* Reads an array of exactly n numbers into values. */
gboolean
nrt_project_get_float_list (NrtProjectReader *reader, JsonObject *object, const char *parent,
                            const char *name,
                            int n, float *values)
{
  g_autofree char *path = nrt_project_join_path (parent, name);
  JsonArray *array;

  if (!nrt_project_get_array (reader, object, parent, name, FALSE, &array))
    return FALSE;
  if (json_array_get_length (array) != (guint) n)
    return nrt_project_fail (reader, NRT_PROJECT_ERROR_INVALID, path,
                             _("expected %d numbers, one per input, found %u"), n,
                             json_array_get_length (array));
  for (int i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, (guint) i);
      g_autofree char *item = g_strdup_printf ("%d", i);

      if (nrt_project_node_is (node, G_TYPE_INT64))
        values[i] = (float) json_node_get_int (node);
      else if (nrt_project_node_is (node, G_TYPE_DOUBLE))
        values[i] = (float) json_node_get_double (node);
      else
        return nrt_project_wrong_type (reader, path, item, _("a number"), node);
    }
  return TRUE;
}

static char *
format_shape (const gint64 *shape, int n_dims)
{
  return n_dims == 2 ? g_strdup_printf ("[%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "]",
                                        shape[0], shape[1])
                     : g_strdup_printf ("[%" G_GINT64_FORMAT "]", shape[0]);
}

static gboolean
is_base64 (const char *text)
{
  size_t length = strlen (text);

  if (length % 4 != 0)
    return FALSE;
  for (size_t i = 0; i < length; i++)
    {
      char c = text[i];

      if (g_ascii_isalnum (c) || c == '+' || c == '/')
        continue;
      /* Padding only in the last two places. */
      if (c == '=' && i + 2 >= length && (i + 1 == length || text[i + 1] == '='))
        continue;
      return FALSE;
    }
  return TRUE;
}

/* Reads the float32 array parent.name, whose shape must be [rows, columns],
 * or [rows] when columns is 0, into values. */
gboolean
nrt_project_get_float_array (NrtProjectReader *reader, JsonObject *object, const char *parent,
                             const char *name,
                             int rows, int columns, float *values)
{
  g_autofree char *path = nrt_project_join_path (parent, name);
  g_autofree char *expected_text = NULL;
  g_autofree char *found_text = NULL;
  g_autofree guchar *bytes = NULL;
  gint64 expected[2] = { rows, columns };
  gint64 found[2] = { 0, 0 };
  int n_dims = columns > 0 ? 2 : 1;
  gsize n = (gsize) rows * (gsize) (columns > 0 ? columns : 1);
  JsonObject *array;
  JsonArray *shape;
  const char *dtype, *data;
  gsize length = 0;

  if (!nrt_project_get_object (reader, object, parent, name, FALSE, &array)
      || !nrt_project_get_array (reader, array, path, "shape", FALSE, &shape)
      || !nrt_project_get_string (reader, array, path, "dtype", &dtype)
      || !nrt_project_get_string (reader, array, path, "data", &data))
    return FALSE;

  expected_text = format_shape (expected, n_dims);
  for (guint i = 0; i < json_array_get_length (shape) && i < 2; i++)
    {
      JsonNode *node = json_array_get_element (shape, i);

      found[i] = nrt_project_node_is (node, G_TYPE_INT64) ? json_node_get_int (node) : -1;
    }
  found_text = format_shape (found, json_array_get_length (shape) == 2 ? 2 : 1);
  if (json_array_get_length (shape) != (guint) n_dims || found[0] != expected[0]
      || (n_dims == 2 && found[1] != expected[1]))
    return nrt_project_fail (reader, NRT_PROJECT_ERROR_INVALID, path,
                             _("expected shape %s, found %s"),
                             expected_text,
                             json_array_get_length (shape) <= 2 ? found_text
                                                                : _("more than 2 dimensions"));
  if (strcmp (dtype, NRT_PROJECT_DTYPE) != 0)
    return nrt_project_fail (reader, NRT_PROJECT_ERROR_INVALID, path,
                             _("expected dtype “%s”, found “%s”"),
                             NRT_PROJECT_DTYPE, dtype);
  if (!is_base64 (data))
    return nrt_project_fail (reader, NRT_PROJECT_ERROR_INVALID, path,
                             _("the data is not valid base64 text"));

  bytes = g_base64_decode (data, &length);
  if (length != n * sizeof (guint32))
    return nrt_project_fail (reader, NRT_PROJECT_ERROR_INVALID, path,
                             _("the data decodes to %" G_GSIZE_FORMAT " bytes, but shape %s needs %"
                   G_GSIZE_FORMAT " (4 bytes per float32)"),
                             length, expected_text, n * sizeof (guint32));
  for (gsize i = 0; i < n; i++)
    {
      guint32 bits;

      memcpy (&bits, bytes + i * sizeof bits, sizeof bits);
      bits = GUINT32_FROM_LE (bits);
      memcpy (&values[i], &bits, sizeof bits);
    }
  return TRUE;
}

