/* nrt-cli-model-options.h: the data, model and training options that
 * train, summary and plot share, and the checks of their values.
 *
 * Each command adds the groups it takes to its GOptionContext, so the
 * option table and the help text are written once. The values stay text
 * until a resolve function checks them, so that an error repeats exactly
 * what was given.
 */
#pragma once

#include <glib.h>

#include "core/nrt-dataset.h"
#include "core/nrt-layer.h"
#include "core/nrt-optimizer.h"
#include "io/nrt-builtins.h"
#include "io/nrt-csv.h"

G_BEGIN_DECLS

/* Defaults that differ from Keras's or that Keras does not have. Keras's
 * fit runs 1 epoch by default; a command-line run is more useful with 10. */
#define NRT_CLI_DEFAULT_EPOCHS 10
#define NRT_CLI_DEFAULT_SEED 0
#define NRT_CLI_DEFAULT_GENERATOR_SAMPLES 500   /* TensorFlow Playground's default */
#define NRT_CLI_DEFAULT_HIDDEN_UNITS 8

/* The sample counts that the core's generators accept. */
#define NRT_CLI_MIN_GENERATOR_SAMPLES 2
#define NRT_CLI_MAX_GENERATOR_SAMPLES 1000000

typedef enum {
  NRT_CLI_OPTIONS_DATA = 1 << 0,      /* --data --dataset --samples --noise and the CSV import
                                       * options --label --features --delimiter ... --task */
  NRT_CLI_OPTIONS_MODEL = 1 << 1,     /* --layers --kernel-initializer --normalize */
  NRT_CLI_OPTIONS_TRAINING = 1 << 2,  /* --loss --from-logits --optimizer ... --no-shuffle */
  NRT_CLI_OPTIONS_TEST_SPLIT = 1 << 3 /* --test-split, for commands that evaluate the model */
} NrtCliOptionGroups;

/* The option values as typed; NULL or FALSE when not given. */
typedef struct {
  char *data_path;
  char **labels;                      /* one item per --label */
  char *features;
  char *delimiter;
  gboolean decimal_comma;
  gboolean no_header;
  char *missing;
  char *task;
  char *dataset_id;
  char *samples;
  char *noise;
  char *layers;
  char *kernel_initializer;
  gboolean normalize;
  char *loss;
  gboolean from_logits;
  char *optimizer;
  char *learning_rate;
  char *momentum;
  char *epochs;
  char *batch_size;
  char *seed;
  char *validation_split;
  char *test_split;
  gboolean no_shuffle;
} NrtCliModelArgs;

/* Adds the entries of groups to context's main group, writing into args,
 * which must outlive the parse. */
void nrt_cli_model_args_add_entries (NrtCliModelArgs *args, NrtCliOptionGroups groups,
                                     GOptionContext *context);
void nrt_cli_model_args_clear (NrtCliModelArgs *args);

/* Returns the help paragraphs that explain the options of groups: the
 * --layers syntax, the valid names, the default model and loss. Free with
 * g_free. */
char *nrt_cli_model_args_describe (NrtCliOptionGroups groups);

/* The data options, checked. */
typedef struct {
  const NrtBuiltinDataset *builtin;   /* NULL with --data */
  const char *data_path;              /* borrowed from the args; NULL with --dataset */
  NrtCsvOptions csv;                  /* --data only: labels borrowed from the args,
                                       * features owned by feature_names */
  char **feature_names;               /* owned: the items of --features, or NULL */
  int samples;                        /* generators only */
  double noise;                       /* generators only */
} NrtCliDataChoice;

/* The model options, checked. */
typedef struct {
  NrtDenseConfig *layers;             /* NULL without --layers: chosen from the data */
  int n_layers;
  NrtInitializer initializer;
  gboolean normalize;                 /* a Normalization layer adapted to the training split */
} NrtCliModelChoice;

/* The training options, checked. */
typedef struct {
  int loss_kind;                      /* -1 without --loss: chosen from the data */
  gboolean from_logits;
  NrtOptimizerConfig optimizer;
  double validation_split;            /* 0 for none */
  const char *validation_split_text;  /* borrowed from the args, as typed; NULL for none */
  double test_split;                  /* 0 for none */
  const char *test_split_text;        /* borrowed from the args, as typed; NULL for none */
  int epochs;
  int batch_size;
  guint64 seed;
  gboolean shuffle;
} NrtCliTrainingChoice;

/* Check one group's values. Each returns FALSE with an NRT_CLI_ERROR_USAGE
 * error naming the option and the value. resolve_data requires exactly one
 * of --data and --dataset, and the CSV import options only with --data;
 * free what it fills with nrt_cli_data_choice_clear. resolve_training
 * accepts --epochs from min_epochs on, and checks that --validation-split
 * and --test-split leave a part for training. */
gboolean nrt_cli_resolve_data (const NrtCliModelArgs *args, NrtCliDataChoice *data,
                               GError **error);
void nrt_cli_data_choice_clear (NrtCliDataChoice *data);
gboolean nrt_cli_resolve_model (const NrtCliModelArgs *args, NrtCliModelChoice *model,
                                GError **error);
gboolean nrt_cli_resolve_training (const NrtCliModelArgs *args, int min_epochs,
                                   NrtCliTrainingChoice *training, GError **error);

/* Returns the default model for data of task with n_classes classes
 * (classification) or n_targets label columns (the other tasks): 8 relu
 * units, then an output layer that fits loss_kind, as a Keras user would
 * end the model for that loss:
 *   mean_squared_error, mean_absolute_error, huber: one linear unit per
 *     target, or 1 on class labels, where it regresses the class index.
 *   binary_crossentropy: one unit per label (1 for two classes), sigmoid
 *     unless from_logits.
 *   sparse_categorical_crossentropy: one unit per class (at least 2),
 *     softmax unless from_logits.
 *   -1 (no --loss), classification: 1 linear unit for two classes, else one
 *     linear unit per class, because the loss is then chosen from logits.
 *   -1, multi-label data: one sigmoid unit per label.
 *   -1, regression: one linear unit per target.
 * Sets *n_layers to 2. Free the result with g_free. */
NrtDenseConfig *nrt_cli_default_layers (NrtTask task, int n_classes, int n_targets,
                                        int loss_kind, gboolean from_logits,
                                        NrtInitializer initializer, int *n_layers);

G_END_DECLS
