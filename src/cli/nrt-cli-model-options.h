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

#include "core/nrt-layer.h"
#include "core/nrt-optimizer.h"
#include "io/nrt-builtins.h"

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
  NRT_CLI_OPTIONS_DATA = 1 << 0,      /* --data --label --dataset --samples --noise */
  NRT_CLI_OPTIONS_MODEL = 1 << 1,     /* --layers --kernel-initializer */
  NRT_CLI_OPTIONS_TRAINING = 1 << 2,  /* --loss --from-logits --optimizer ... --no-shuffle */
} NrtCliOptionGroups;

/* The option values as typed; NULL or FALSE when not given. */
typedef struct {
  char *data_path;
  char *label;
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
  const char *label;                  /* borrowed; NULL for the last column */
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
  int epochs;
  int batch_size;
  guint64 seed;
  gboolean shuffle;
} NrtCliTrainingChoice;

/* Check one group's values. Each returns FALSE with an NRT_CLI_ERROR_USAGE
 * error naming the option and the value. resolve_data requires exactly one
 * of --data and --dataset. resolve_training accepts --epochs from
 * min_epochs on. */
gboolean nrt_cli_resolve_data (const NrtCliModelArgs *args, NrtCliDataChoice *data,
                               GError **error);
gboolean nrt_cli_resolve_model (const NrtCliModelArgs *args, NrtCliModelChoice *model,
                                GError **error);
gboolean nrt_cli_resolve_training (const NrtCliModelArgs *args, int min_epochs,
                                   NrtCliTrainingChoice *training, GError **error);

/* Returns the default model for n_classes (0 for numeric targets): 8 relu
 * units, then an output layer that fits loss_kind, as a Keras user would
 * end the model for that loss:
 *   mean_squared_error: 1 linear unit, which on class labels regresses the
 *     class index;
 *   binary_crossentropy: 1 unit, sigmoid unless from_logits;
 *   sparse_categorical_crossentropy: one unit per class (at least 2),
 *     softmax unless from_logits;
 *   -1 (no --loss): 1 linear unit for numeric targets or two classes, else
 *     one linear unit per class, since the loss is then chosen from logits.
 * Sets *n_layers to 2; free with g_free. */
NrtDenseConfig *nrt_cli_default_layers (int n_classes, int loss_kind, gboolean from_logits,
                                        NrtInitializer initializer, int *n_layers);

G_END_DECLS
