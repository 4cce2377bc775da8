/* nrt-project.h: the project file (.neurite), a versioned JSON document that
 * saves a trained model with everything needed to resume its training
 * exactly: the data source, the layers, the loss and optimizer, the fit
 * settings, the weights, the optimizer state and the history.
 *
 * Version 1 of the format, one JSON object:
 *
 *   "format": "neurite-project", "version": 1,
 *   "dataset": { "kind": "csv", "path": "...", "sha256": "<64 hex digits>",
 *                "options": { "delimiter": ";" or null (detect),
 *                             "header": "detect" | "yes" | "no",
 *                             "decimal_comma": true | false | null (detect),
 *                             "labels": ["..."] or null (the last column),
 *                             "features": ["..."] or null (every other column),
 *                             "missing": "error" | "drop" | "mean",
 *                             "task": "detect" | "classification" | "regression" } }
 *           or { "kind": "builtin", "id": "circle", "samples": 500, "noise": 0.1 },
 *   "model": { "inputs": n,
 *              "normalization": { "mean": [...], "variance": [...] } or null,
 *              "layers": [ { "class_name": "Dense",
 *                            "config": { "name": "dense", "units": 8,
 *                                        "activation": "relu", "use_bias": true,
 *                                        "kernel_initializer": "glorot_uniform" } } ] },
 *   "compile": { "loss": "binary_crossentropy", "from_logits": false,
 *                "optimizer": { "name": "adam", "learning_rate": 0.001,
 *                               "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07 }
 *                             (SGD has "momentum" in place of the three Adam values),
 *                "metrics": ["accuracy"] for a cross-entropy loss, else [] },
 *   "fit": { "epochs_done": n, "batch_size": 32, "shuffle": true,
 *            "seed": n (a string of digits above 2^63 - 1),
 *            "validation_split": 0.2, "test_split": 0 },
 *   "weights": { "dense/kernel": ARRAY, "dense/bias": ARRAY, ... },
 *   "optimizer_state": { "iterations": n, "slots": { "m": ARRAY, "v": ARRAY } },
 *   "history": [ { "epoch": 0, "loss": 0.69, "accuracy": 0.5,
 *                  "val_loss": 0.68, "val_accuracy": 0.52 }, ... ]
 *
 * An ARRAY is { "shape": [in, units] or [units], "dtype": "float32",
 * "data": base64 of the little-endian float32 values, row-major }. The
 * optimizer slots have the shape [number of parameters] and the layout of
 * the model's flat parameter buffer. The optimizer names its slots
 * ("velocity" for SGD with momentum, "m" and "v" for Adam). A history entry
 * has accuracy only for a cross-entropy loss and the val_ members only with
 * a validation part. A value that is not finite is written as null.
 *
 * Optional members of version 1. A reader takes the default given here
 * when one is absent, so files written before they existed still load:
 *
 *   "dataset": { ..., "derived_features": ["x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"] }
 *       The features computed from the two features of the data, appended
 *       in this order after them (TensorFlow Playground's inputs); the
 *       model's inputs include them. Only for data of two features.
 *       Default [].
 *   "fit": { ..., "split": "last_rows" | "random",
 *            "validation_data": "validation" | "test" }
 *       split "last_rows" holds out the last validation_split of the rows
 *       for validation, as Keras's fit(validation_split=...) does, and
 *       needs test_split 0. "random" draws the validation and test parts
 *       at random with the seed (nrt_dataset_split3), stratified by class
 *       for classification. Default: "last_rows" when test_split is 0,
 *       else "random". The writer writes "random" whenever test_split
 *       is above 0.
 *       validation_data names the part whose loss and accuracy the
 *       history's val_ members contain: the validation part, or the test
 *       part of a run without one (the desktop app shows that part's loss
 *       curve). Default "validation".
 *   "view": { "page": "training", "plane": "pca" or "0,2", "log_scale": false }
 *       How the desktop app showed the project: the page of its stack
 *       (the state of win.view), the plane of the decision regions for data
 *       of more than two features (the state of win.plane) and the loss
 *       curve's logarithmic scale. Training and prediction ignore it.
 *       Default: absent, and the app keeps its current view.
 *   "dataset": { ..., "task": "classification" | "multilabel" | "regression",
 *                "class_names": ["setosa", ...], "label_names": ["species"],
 *                "feature_names": ["sepal_length", ...] }
 *       The data as the model was trained on it, so that predict can read
 *       a file of other rows. The members are the task, the classes in the
 *       order of the model's outputs (classification only), the label
 *       columns, and the features as loaded (after one-hot encoding, before
 *       the derived features). Default: absent. predict then takes the task
 *       and the classes from the file it reads, which must contain every
 *       class.
 */
#pragma once

#include <glib.h>

#include "core/nrt-fit.h"
#include "core/nrt-model.h"
#include "io/nrt-csv.h"

G_BEGIN_DECLS

#define NRT_PROJECT_FORMAT "neurite-project"
#define NRT_PROJECT_VERSION 1

#define NRT_PROJECT_ERROR (nrt_project_error_quark ())

typedef enum {
  NRT_PROJECT_ERROR_INVALID,          /* not JSON, or a member is missing or wrong */
  NRT_PROJECT_ERROR_VERSION,          /* another format or a version this build cannot read */
  NRT_PROJECT_ERROR_DATA_MISSING,     /* the CSV file that the project names cannot be read */
  NRT_PROJECT_ERROR_DATA_CHANGED      /* its SHA-256 differs from the saved one */
} NrtProjectError;

GQuark nrt_project_error_quark (void);

/* fit.split: how the validation and test parts are drawn. */
typedef enum {
  NRT_PROJECT_SPLIT_LAST_ROWS,
  NRT_PROJECT_SPLIT_RANDOM
} NrtProjectSplit;

/* fit.validation_data: the part that the history's val_ members measure. */
typedef enum {
  NRT_PROJECT_VALIDATION_DATA_VALIDATION,
  NRT_PROJECT_VALIDATION_DATA_TEST
} NrtProjectValidationData;

typedef enum {
  NRT_PROJECT_DATASET_CSV,
  NRT_PROJECT_DATASET_BUILTIN
} NrtProjectDatasetKind;

/* The data source. */
typedef struct {
  NrtProjectDatasetKind kind;
  char *path;                 /* CSV: the file as given when saving */
  char *sha256;               /* CSV: 64 lower-case hex digits of the file's SHA-256 */
  NrtCsvOptions csv;          /* CSV: the import options; labels and features owned */
  char *builtin_id;           /* builtin: "circle", "iris", ... */
  int samples;                /* builtin generators */
  double noise;               /* builtin generators */
  unsigned derived_features;  /* NrtDerivedFeatures flags, 0 for none */
  int task;                   /* the NrtTask of the trained data, or -1 when the file has
                               * no "task" */
  char **class_names;         /* classification: the classes in the order of the model's
                               * outputs; NULL otherwise or when the file has none */
  char **label_names;         /* the label columns' names, or NULL when the file has none */
  char **feature_names;       /* the features as loaded, before the derived ones, or NULL
                               * when the file has none */
} NrtProjectDataset;

/* The settings of the fit and how far it got. */
typedef struct {
  int epochs_done;
  int batch_size;
  gboolean shuffle;
  guint64 seed;
  double validation_split;
  double test_split;
  NrtProjectSplit split;
  NrtProjectValidationData validation_data;
} NrtProjectFit;

/* How the desktop app showed the project; the strings are NULL when the
 * file has no "view". */
typedef struct {
  char *page;                 /* the state of win.view, such as "training" */
  char *plane;                /* the state of win.plane: "pca" or "U,V", or NULL */
  gboolean log_scale;
} NrtProjectView;

typedef struct {
  NrtProjectDataset dataset;
  NrtModel *model;            /* owned: compiled, with its weights, normalization and
                               * optimizer state */
  NrtProjectFit fit;
  GArray *history;            /* NrtLogs, one per finished epoch, in order */
  NrtProjectView view;
} NrtProject;

/* Creates an empty project: no model, a CSV dataset without a path, Keras's
 * fit defaults and an empty history. */
NrtProject *nrt_project_new (void);
void nrt_project_free (NrtProject *project);

/* Stores the task of data and the names of its classes, its label columns
 * and its n_features first features in dataset, replacing any there, so
 * that predict can read other rows as the training read these. Pass the
 * features as loaded, without derived ones. */
void nrt_project_dataset_set_names (NrtProjectDataset *dataset, const NrtDataset *data,
                                    int n_features);

/* Serializes project, whose model must be compiled, as the JSON text of
 * the format above. Free with g_free. */
char *nrt_project_to_json (const NrtProject *project, gsize *length);

/* Writes project to path atomically (g_file_replace_contents): a reader
 * sees the old file or the complete new one. */
gboolean nrt_project_save (const NrtProject *project, const char *path, GError **error);

/* Parses and checks a project from data. Every check names display_name
 * and the JSON path of the member at fault, such as
 * "weights.dense_1/kernel: expected shape [6, 3], found [3, 6]". Returns
 * NULL with an NRT_PROJECT_ERROR set. The CSV file is not read. */
NrtProject *nrt_project_load_from_data (const char *data, gsize length,
                                        const char *display_name, GError **error);

/* Reads path and parses it as nrt_project_load_from_data does. Returns NULL
 * with a G_FILE_ERROR when the file cannot be read. */
NrtProject *nrt_project_load (const char *path, GError **error);

/* Returns the SHA-256 of the file at path as 64 lower-case hex digits, or
 * NULL with a G_FILE_ERROR. Free with g_free. */
char *nrt_project_compute_sha256 (const char *path, GError **error);

/* Checks that the CSV file of project still exists and has the saved
 * SHA-256. Returns TRUE for a built-in dataset. Fails with
 * NRT_PROJECT_ERROR_DATA_MISSING or NRT_PROJECT_ERROR_DATA_CHANGED,
 * naming the path. */
gboolean nrt_project_check_dataset (const NrtProject *project, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NrtProject, nrt_project_free)

G_END_DECLS
