/* nrt-cli-compile.h: the output layer and the loss that the options leave
 * out, chosen from the data, and the checks that the data, the output layer
 * and the loss fit together before anything trains. */
#pragma once

#include <glib.h>

#include "core/nrt-dataset.h"
#include "core/nrt-loss.h"
#include "nrt-cli-model-options.h"

G_BEGIN_DECLS

/* Fills in model->layers (without --layers) and *loss (without --loss) from
 * data, as the help text of nrt_cli_model_args_describe states, and sets
 * *loss_chosen when the loss came from the data. Returns FALSE with an
 * NRT_CLI_ERROR_USAGE error that explains a mismatch and how to fix it,
 * such as a cross-entropy on numeric targets or a softmax output with
 * binary_crossentropy. */
gboolean nrt_cli_complete_model (NrtCliModelChoice *model, const NrtCliTrainingChoice *training,
                                 const NrtDataset *data, NrtLossConfig *loss,
                                 gboolean *loss_chosen, GError **error);

G_END_DECLS
