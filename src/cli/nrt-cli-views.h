/* nrt-cli-views.h: the data behind each view of "neurite-cli plot", taken
 * from a trained model: the network diagram with its neuron heatmaps, the
 * computation graph, the loss curves, the decision regions, the confusion
 * matrix and the metrics of one part of the data.
 *
 * Each view struct owns the arrays its plot struct points into; its clear
 * function frees them.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "core/nrt-dataset.h"
#include "core/nrt-layer.h"
#include "core/nrt-model.h"
#include "plot/nrt-plot-graph.h"
#include "plot/nrt-plot-loss.h"
#include "plot/nrt-plot-network.h"
#include "plot/nrt-plot-regions.h"
#include "plot/nrt-plot-metrics.h"
#include "nrt-cli-evaluate.h"
#include "nrt-cli-history.h"
#include "nrt-cli-run.h"

G_BEGIN_DECLS

/* Cells per side of each neuron's heatmap in the network view. */
#define NRT_CLI_HEATMAP_SIZE 40

/* Cells per side of the decision-region grid, as TensorFlow Playground's
 * density of 100 cells per side. */
#define NRT_CLI_REGIONS_GRID_SIZE 100

/* Scales one layer's activations, values (n), to [-1, 1] for the heatmaps,
 * as TensorFlow Playground shows them: tanh as it is, sigmoid and softmax
 * from [0, 1] as 2v - 1, relu and linear divided by the layer's maximum
 * |value| (left at 0 when every value is 0). NaN and infinities stay, and
 * the renderer shows them grey. */
void nrt_cli_scale_activations (NrtActivation activation, float *values, gsize n);

/* Turns rows of logits, values (n, n_outputs), into probabilities in place:
 * the logistic sigmoid for one output, a softmax computed as
 * exp(v - max) / sum(exp(v - max)) for two or more. */
void nrt_cli_logits_to_probabilities (float *values, int n, int n_outputs);

/* Runs one forward and one backward pass of the model's training graph on
 * the first min(batch_size, n_samples) samples of data, in file order, so
 * that the graph contains values and gradients and the model's gradient
 * buffer contains that batch's gradients. The weights do not change. */
gboolean nrt_cli_run_first_batch (NrtModel *model, const NrtDataset *data, int batch_size,
                                  GError **error);

typedef struct {
  NrtNetworkPlot plot;
  int *sizes;
  char **titles;                /* NULL-terminated */
  const float **kernels;
  const float **biases;
  const float **kernel_grads;
  const float **bias_grads;
  const float ***heatmaps;      /* NULL unless the data has 2 features */
  float **heatmap_values;       /* per column: (units, heatmap_size, heatmap_size) */
} NrtCliNetworkView;

/* Fills the network view of model. With 2 input features each neuron gets
 * a heatmap of its activation over the square plane that contains data's
 * points (nrt_plot_regions_fit_bounds), scaled per layer by
 * nrt_cli_scale_activations; the input neurons show x1 and x2 divided by
 * their maximum |value|. The gradients are those in the model's gradient
 * buffer, so call nrt_cli_run_first_batch before when they matter. */
gboolean nrt_cli_network_view_init (NrtCliNetworkView *view, NrtModel *model,
                                    const NrtDataset *data, const char *title, GError **error);
void nrt_cli_network_view_clear (NrtCliNetworkView *view);

typedef struct {
  NrtGraphPlot plot;
  NrtGraphLayout *layout;
} NrtCliGraphView;

/* Lays out the model's training graph, with the values and gradients it
 * holds. */
gboolean nrt_cli_graph_view_init (NrtCliGraphView *view, NrtModel *model, const char *title,
                                  GError **error);
void nrt_cli_graph_view_clear (NrtCliGraphView *view);

typedef struct {
  NrtLossCurves curves;
  double *train_loss;
  double *validation_loss;      /* NULL without validation data */
} NrtCliLossView;

/* Copies the history's loss and, when it has one, its validation loss,
 * which is drawn as the test curve. */
void nrt_cli_loss_view_init (NrtCliLossView *view, const NrtCliHistory *history,
                             const char *title);
void nrt_cli_loss_view_clear (NrtCliLossView *view);

typedef struct {
  NrtRegionsPlot plot;
  float *grid_values;
  int *point_classes;
  gboolean *point_is_test;
  gboolean *point_is_validation;
  float *points;                /* (n_samples, 2) the rows on the plane; NULL for data
                                 * of 2 features, drawn as they are */
  char *x_label;                /* the components' axis labels; NULL for 2 features */
  char *y_label;
} NrtCliRegionsView;

/* Predicts the model over a NRT_CLI_REGIONS_GRID_SIZE² grid of the plane
 * around data's points and renders the regions: class probabilities from
 * loss (sigmoid or softmax of logits when from_logits), or the predicted
 * value on the scale of data's targets for mean_squared_error. The points
 * whose assignment (data->n_samples NrtPart values) is NRT_PART_TEST are
 * drawn with a dark outline, those of NRT_PART_VALIDATION as squares. With derived_features (NrtDerivedFeatures
 * flags that data's columns after the first two contain), the plane is
 * that of the first two features. Other data of more than 2 features is
 * drawn on the plane of the first two principal components of its training
 * rows (nrt_pca_fit), whose grid points map back to rows of inputs through
 * nrt_pca_inverse. data must have at least 2 features. */
gboolean nrt_cli_regions_view_init (NrtCliRegionsView *view, NrtModel *model,
                                    const NrtDataset *data, unsigned derived_features,
                                    const guint8 *assignment, const NrtLossConfig *loss,
                                    const char *title, GError **error);
void nrt_cli_regions_view_clear (NrtCliRegionsView *view);

/* The parts of the data that the confusion and metrics views can show. */
typedef enum {
  NRT_CLI_PART_TRAINING,
  NRT_CLI_PART_VALIDATION,
  NRT_CLI_PART_TEST
} NrtCliPart;

/* Returns the part of run that the confusion and metrics views evaluate:
 * the test part when there is one, else the validation part, else the
 * training part. */
NrtCliPart nrt_cli_metrics_view_choose_part (const NrtCliRun *run);

typedef struct {
  NrtMetricsPlot plot;
  NrtCliSplitResult result;     /* the model's outputs and the report */
} NrtCliMetricsView;

/* Evaluates run's model on part and fills the plot of its report, with the
 * class names (classification) or the target names (otherwise). */
gboolean nrt_cli_metrics_view_init (NrtCliMetricsView *view, NrtCliRun *run, NrtCliPart part,
                                    const char *title, GError **error);
void nrt_cli_metrics_view_clear (NrtCliMetricsView *view);

G_END_DECLS
