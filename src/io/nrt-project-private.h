/* nrt-project-private.h: the names that the writer and the reader of
 * project files share. */
#pragma once

#include <json-glib/json-glib.h>

#include "nrt-project.h"

G_BEGIN_DECLS

/* The JSON names of the CSV import options, indexed by their enum values. */
extern const char *const nrt_project_header_names[3];    /* NrtCsvHeader */
extern const char *const nrt_project_missing_names[3];   /* NrtCsvMissing */
extern const char *const nrt_project_task_names[3];      /* NrtCsvTask */

/* The JSON name of a float32 array's element type. */
#define NRT_PROJECT_DTYPE "float32"

/* The state of one load: the file's name for messages and the error to
 * set. */
typedef struct {
  const char *display_name;
  GError **error;
} NrtProjectReader;

/* The readers below take the JSON path of object as parent ("" for the
 * root), read its member name and return FALSE after setting the error
 * "Invalid project file “NAME”: PARENT.NAME: MESSAGE" in NRT_PROJECT_ERROR.
 * A missing member and a value of the wrong type are errors. */

/* Sets that error with the message format, and returns FALSE. */
gboolean nrt_project_fail (NrtProjectReader *reader, int code, const char *path,
                           const char *format, ...) G_GNUC_PRINTF (4, 5);
/* Returns "parent.name", or name at the root. Free with g_free. */
char *nrt_project_join_path (const char *parent, const char *name);
/* Returns what node is ("an object", "a string", ...), for messages. */
const char *nrt_project_describe_node (JsonNode *node);
gboolean nrt_project_node_is (JsonNode *node, GType type);
gboolean nrt_project_wrong_type (NrtProjectReader *reader, const char *parent, const char *name,
                                 const char *expected, JsonNode *node);

JsonNode *nrt_project_get_member (NrtProjectReader *reader, JsonObject *object,
                                  const char *parent, const char *name);
gboolean nrt_project_get_object (NrtProjectReader *reader, JsonObject *object,
                                 const char *parent, const char *name, gboolean nullable,
                                 JsonObject **value);
gboolean nrt_project_get_array (NrtProjectReader *reader, JsonObject *object,
                                const char *parent, const char *name, gboolean nullable,
                                JsonArray **value);
gboolean nrt_project_get_string (NrtProjectReader *reader, JsonObject *object,
                                 const char *parent, const char *name, const char **value);
gboolean nrt_project_get_boolean (NrtProjectReader *reader, JsonObject *object,
                                  const char *parent, const char *name, gboolean *value);
/* Reads an integer from min to max. */
gboolean nrt_project_get_int (NrtProjectReader *reader, JsonObject *object, const char *parent,
                              const char *name, gint64 min, gint64 max, gint64 *value);
/* Reads a number; null reads as NaN when nullable. */
gboolean nrt_project_get_double (NrtProjectReader *reader, JsonObject *object,
                                 const char *parent, const char *name, gboolean nullable,
                                 double *value);
/* Reads a string that must be one of names[0..n), into *index. */
gboolean nrt_project_get_choice (NrtProjectReader *reader, JsonObject *object,
                                 const char *parent, const char *name,
                                 const char *const *names, int n, int *index);
/* Reads a name that parse turns into an enum value (-1 when unknown). */
gboolean nrt_project_get_named (NrtProjectReader *reader, JsonObject *object,
                                const char *parent, const char *name,
                                int (*parse) (const char *), int *value);
/* Reads an array of strings, or null, into a new NULL-terminated vector. */
gboolean nrt_project_get_string_list (NrtProjectReader *reader, JsonObject *object,
                                      const char *parent, const char *name, char ***value);
/* Reads an array of exactly n numbers. */
gboolean nrt_project_get_float_list (NrtProjectReader *reader, JsonObject *object,
                                     const char *parent, const char *name, int n,
                                     float *values);
/* Reads a float32 array of shape [rows, columns], or [rows] when columns
 * is 0, checking its dtype and the length of its base64 data. */
gboolean nrt_project_get_float_array (NrtProjectReader *reader, JsonObject *object,
                                      const char *parent, const char *name, int rows,
                                      int columns, float *values);

/* nrt-project-settings.c: the optional members of version 1 (see
 * nrt-project.h). The readers take the defaults for absent members. */
void nrt_project_add_derived_features (JsonBuilder *builder, unsigned flags);
/* Writes dataset.task and the name lists, each only when it is set. */
void nrt_project_add_dataset_names (JsonBuilder *builder, const NrtProjectDataset *dataset);
void nrt_project_add_fit_settings (JsonBuilder *builder, const NrtProjectFit *fit);
void nrt_project_add_view (JsonBuilder *builder, const NrtProjectView *view);
gboolean nrt_project_read_derived_features (NrtProjectReader *reader, JsonObject *dataset,
                                            unsigned *flags);
gboolean nrt_project_read_dataset_names (NrtProjectReader *reader, JsonObject *object,
                                         NrtProjectDataset *dataset);
/* Reads fit.split and fit.validation_data after the rest of fit. */
gboolean nrt_project_read_fit_settings (NrtProjectReader *reader, JsonObject *fit_object,
                                        NrtProjectFit *fit);
gboolean nrt_project_read_view (NrtProjectReader *reader, JsonObject *root,
                                NrtProjectView *view);

G_END_DECLS
