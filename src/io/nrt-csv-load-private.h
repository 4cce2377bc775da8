/* nrt-csv-load-private.h: the state of one CSV load, shared by the column
 * planning, the label typing and the fill pass.
 */
#pragma once

#include "nrt-csv-private.h"

/* How a label column's values become targets. */
typedef enum {
  LABEL_TEXT_CLASSES,         /* class index of the value as text */
  LABEL_INTEGER_CLASSES,      /* class index of the integer value */
  LABEL_BINARY,               /* 0 or 1, one target per label column */
  LABEL_NUMBER                /* the value, one target per label column */
} LabelKind;

/* One feature column of the file and the dataset columns it fills. */
typedef struct {
  int column;
  NrtCsvColumnKind kind;      /* numeric or categorical */
  int first_output;           /* its first dataset feature */
  int n_outputs;              /* 1, or one per category */
  const char **categories;    /* (n_outputs) categorical: sorted, owned by the table's stats */
  GHashTable *category_index; /* category -> index + 1 */
  float *fill_values;         /* (n_outputs) the column mean, or each category's frequency */
  gint64 n_dropped;           /* rows dropped for this column */
  gint64 n_filled;            /* values replaced by fill_values */
} FeaturePlan;

typedef struct {
  const char *display_name;
  const NrtCsvOptions *options;
  CsvTable table;

  int n_labels;
  int *label_columns;         /* (n_labels) */
  gint64 *label_dropped;      /* (n_labels) rows dropped for each label column */
  int n_requested_features;   /* 0: every column that is not a label */
  int *requested_features;    /* (n_requested_features) */

  int n_plans;
  FeaturePlan *plans;         /* (n_plans) */
  int n_features;             /* dataset features: the sum of n_outputs */

  NrtTask task;
  LabelKind label_kind;
  int n_classes;
  double *class_numbers;      /* (n_classes) LABEL_INTEGER_CLASSES, ascending */
  const char **class_texts;   /* (n_classes) LABEL_TEXT_CLASSES, byte order */
  GHashTable *class_index;    /* LABEL_TEXT_CLASSES: text -> index + 1 */

  /* Fill pass state. */
  gboolean checking;          /* a pass that only counts rows and finds errors */
  gboolean header_skipped;
  float *x_row;               /* (n_features) where the current row goes */
  float *y_row;               /* (n_targets) */
  float *scratch_row;         /* (n_features + n_labels) for rows that are not stored */
  NrtDataset *dataset;
  gint64 n_capacity;          /* rows allocated in dataset */
  gint64 n_kept;

  GPtrArray *notes;           /* char *, owned, translated sentences */
} CsvLoad;

/* Resolves options->labels and options->features to columns once the
 * header is read, so that the scan keeps every class of the labels. A
 * CsvHeaderFunc whose user_data is the CsvLoad. */
gboolean csv_load_resolve_columns (CsvTable *table, gpointer user_data, GError **error);

/* Plans the dataset's features from the requested or the remaining
 * columns, leaving out empty ones with a note. Returns FALSE with error
 * set. */
gboolean csv_load_plan_features (CsvLoad *load, GError **error);

/* Chooses the task from options->task and the label columns' statistics,
 * and sets load's task, label kind and classes, with a note on the choice.
 * Returns FALSE with error set. */
gboolean csv_load_type_labels (CsvLoad *load, GError **error);

/* Sets the error for a numeric column (a label when is_label) in which no
 * value is a valid number, naming its first malformed value. Returns
 * FALSE. */
gboolean csv_load_set_no_number_error (CsvLoad *load, int column, gboolean is_label,
                                       GError **error);

/* Sets the error for label's value field at line, which is empty or not
 * valid for the label's kind, with what to do. */
void csv_load_set_label_error (CsvLoad *load, int label, gint64 line, const char *field,
                               CsvNumberStatus status, GError **error);

/* Releases what csv_load_type_labels set. */
void csv_load_clear_labels (CsvLoad *load);
