/* test-metrics-view.c: the evaluation page and its predictions table, fed
 * with hand-made evaluations, as widgets in a window. It needs a display,
 * so meson runs it under xvfb-run. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <gtk/gtk.h>

#include "nrt-metrics-view.h"

/* A 4 x 4 picture per row, so the misclassified page is offered. */
#define N_FEATURES 16
#define N_TEST 10
#define N_TRAIN 6
#define N_CLASSES 3

/* The test split's rows: the true class, the predicted class and the
 * predicted class's logit (the others are 0). Rows 2, 5 and 9 are wrong. */
static const int test_true[N_TEST] = { 0, 0, 0, 1, 1, 1, 2, 2, 2, 2 };
static const int test_predicted[N_TEST] = { 0, 0, 1, 1, 1, 0, 2, 2, 2, 1 };
static const float test_logit[N_TEST] = { 3.0f, 1.0f, 2.0f, 0.5f, 4.0f, 1.5f, 2.5f, 3.5f, 0.2f,
                                          1.2f };

typedef struct {
  GtkWidget *window;
  NrtMetricsView *view;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  fixture->window = gtk_window_new ();
  fixture->view = NRT_METRICS_VIEW (nrt_metrics_view_new ());
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->view));
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
}

static NrtDataset *
new_part (int n, int n_features, int n_classes)
{
  NrtError err = { 0 };
  NrtDataset *part = nrt_dataset_new (n, n_features, n_classes, &err);

  g_assert_nonnull (part);
  for (int i = 0; i < n * n_features; i++)
    part->x[i] = (float) (i % 7);
  return part;
}

/* Computes each present part's report and wraps it all in an evaluation,
 * allocated as the trainer allocates one, so that its unref frees it. */
static NrtTrainerEvaluation *
new_evaluation (NrtDataset **parts, float **outputs, int units, NrtLossConfig loss)
{
  NrtTrainerEvaluation *evaluation = g_atomic_rc_box_new0 (NrtTrainerEvaluation);

  evaluation->splits = g_atomic_rc_box_new0 (NrtTrainerSplits);
  evaluation->epoch = 12;
  evaluation->units = units;
  evaluation->loss = loss;
  for (int s = 0; s < NRT_SPLIT_COUNT; s++)
    {
      NrtError err = { 0 };

      evaluation->splits->parts[s] = parts[s];
      evaluation->outputs[s] = outputs[s];
      if (parts[s] == NULL)
        continue;
      evaluation->reports[s] = nrt_metrics_report_new (parts[s], outputs[s], units, &loss, &err);
      g_assert_nonnull (evaluation->reports[s]);
    }
  return evaluation;
}

/* Training: 6 rows, all right. Test: the 10 rows above. Sparse
 * categorical cross-entropy on logits. */
static NrtTrainerEvaluation *
new_classification (void)
{
  NrtDataset *parts[NRT_SPLIT_COUNT] = { NULL };
  float *outputs[NRT_SPLIT_COUNT] = { NULL };
  static const char *const names[N_CLASSES] = { "cat", "dog", "bird" };
  NrtLossConfig loss = { NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 1 };

  parts[NRT_SPLIT_TRAIN] = new_part (N_TRAIN, N_FEATURES, N_CLASSES);
  outputs[NRT_SPLIT_TRAIN] = g_new0 (float, N_TRAIN * N_CLASSES);
  for (int i = 0; i < N_TRAIN; i++)
    {
      parts[NRT_SPLIT_TRAIN]->y[i] = (float) (i % N_CLASSES);
      outputs[NRT_SPLIT_TRAIN][i * N_CLASSES + i % N_CLASSES] = 2.0f;
    }

  parts[NRT_SPLIT_TEST] = new_part (N_TEST, N_FEATURES, N_CLASSES);
  outputs[NRT_SPLIT_TEST] = g_new0 (float, N_TEST * N_CLASSES);
  for (int i = 0; i < N_TEST; i++)
    {
      parts[NRT_SPLIT_TEST]->y[i] = (float) test_true[i];
      outputs[NRT_SPLIT_TEST][i * N_CLASSES + test_predicted[i]] = test_logit[i];
    }

  for (int s = 0; s < NRT_SPLIT_COUNT; s++)
    for (int c = 0; c < N_CLASSES && parts[s] != NULL; c++)
      {
        NrtError err = { 0 };

        g_assert_cmpint (nrt_dataset_set_class_name (parts[s], c, names[c], &err), ==, NRT_OK);
      }
  return new_evaluation (parts, outputs, N_CLASSES, loss);
}

/* Returns the data row indices in the order the table shows them. */
static GArray *
dup_shown_rows (NrtPredictionsView *predictions)
{
  GListModel *rows = nrt_predictions_view_get_rows (predictions);
  GArray *indices = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr (NrtPredictionRow) row = g_list_model_get_item (rows, i);
      guint index = nrt_prediction_row_get_index (row);

      g_array_append_val (indices, index);
    }
  return indices;
}

static void
assert_shown_rows (NrtPredictionsView *predictions, const guint *expected, guint n_expected)
{
  g_autoptr (GArray) shown = dup_shown_rows (predictions);
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < shown->len; i++)
    g_string_append_printf (text, " %u", g_array_index (shown, guint, i));
  g_test_message ("rows shown:%s", text->str);

  g_assert_cmpuint (shown->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpuint (g_array_index (shown, guint, i), ==, expected[i]);
}

static GtkColumnViewColumn *
find_column (NrtPredictionsView *predictions, const char *title)
{
  GListModel *columns = gtk_column_view_get_columns (nrt_predictions_view_get_column_view (predictions));

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr (GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return column;   /* the column view keeps its own reference */
    }
  g_test_message ("no column titled \"%s\"", title);
  g_test_fail ();
  return NULL;
}

static void
sort_by (NrtPredictionsView *predictions, const char *title, GtkSortType order)
{
  gtk_column_view_sort_by_column (nrt_predictions_view_get_column_view (predictions),
                                  find_column (predictions, title), order);
}

static void
test_headline (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NrtTrainerEvaluation) evaluation = new_classification ();

  /* Before any evaluation. */
  g_assert_cmpstr (nrt_metrics_view_get_headline (fixture->view), ==, "No evaluation yet");
  g_assert_cmpint (nrt_metrics_view_get_split (fixture->view), ==, NRT_SPLIT_COUNT);

  /* 7 of the 10 test rows are right, by hand. The test split is shown
   * first because it exists. */
  nrt_metrics_view_set_evaluation (fixture->view, evaluation);
  g_assert_cmpint (nrt_metrics_view_get_split (fixture->view), ==, NRT_SPLIT_TEST);
  g_assert_cmpstr (nrt_metrics_view_get_headline (fixture->view), ==, "Test accuracy 0.700");
  g_assert_true (nrt_metrics_view_has_pictures (fixture->view));

  /* The training split is all right, and there is no validation split. */
  g_assert_true (nrt_metrics_view_set_split (fixture->view, NRT_SPLIT_TRAIN));
  g_assert_cmpstr (nrt_metrics_view_get_headline (fixture->view), ==, "Training accuracy 1.000");
  g_assert_false (nrt_metrics_view_set_split (fixture->view, NRT_SPLIT_VALIDATION));

  /* A newer evaluation keeps the chosen split, and NULL clears the view. */
  nrt_metrics_view_set_evaluation (fixture->view, evaluation);
  g_assert_cmpint (nrt_metrics_view_get_split (fixture->view), ==, NRT_SPLIT_TRAIN);
  nrt_metrics_view_set_evaluation (fixture->view, NULL);
  g_assert_cmpstr (nrt_metrics_view_get_headline (fixture->view), ==, "No evaluation yet");
  g_assert_false (nrt_metrics_view_has_pictures (fixture->view));
  g_assert_cmpuint (g_list_model_get_n_items (nrt_predictions_view_get_rows (
                      nrt_metrics_view_get_predictions_view (fixture->view))), ==, 0);
}

static void
test_wrong_rows_filter (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NrtTrainerEvaluation) evaluation = new_classification ();
  NrtPredictionsView *predictions = nrt_metrics_view_get_predictions_view (fixture->view);
  static const guint all_rows[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
  static const guint wrong_rows[] = { 2, 5, 9 };
  static const guint bird_rows[] = { 6, 7, 8, 9 };
  static const guint wrong_bird_rows[] = { 9 };

  nrt_metrics_view_set_evaluation (fixture->view, evaluation);
  assert_shown_rows (predictions, all_rows, G_N_ELEMENTS (all_rows));

  /* Rows 2 (cat → dog), 5 (dog → cat) and 9 (bird → dog) are wrong. */
  nrt_predictions_view_set_wrong_only (predictions, TRUE);
  assert_shown_rows (predictions, wrong_rows, G_N_ELEMENTS (wrong_rows));

  /* "BIR" matches "bird" whatever the case: rows whose true or predicted
   * class is bird, then only the wrong one among them. */
  nrt_predictions_view_set_wrong_only (predictions, FALSE);
  nrt_predictions_view_set_search_text (predictions, "BIR");
  assert_shown_rows (predictions, bird_rows, G_N_ELEMENTS (bird_rows));
  nrt_predictions_view_set_wrong_only (predictions, TRUE);
  assert_shown_rows (predictions, wrong_bird_rows, G_N_ELEMENTS (wrong_bird_rows));

  /* The filter stays for the next evaluation of the same data. */
  nrt_metrics_view_set_evaluation (fixture->view, evaluation);
  assert_shown_rows (predictions, wrong_bird_rows, G_N_ELEMENTS (wrong_bird_rows));
  nrt_predictions_view_set_search_text (predictions, "");
  assert_shown_rows (predictions, wrong_rows, G_N_ELEMENTS (wrong_rows));
}

static void
test_sort_order (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NrtTrainerEvaluation) evaluation = new_classification ();
  NrtPredictionsView *predictions = nrt_metrics_view_get_predictions_view (fixture->view);
  /* The confidence is softmax of the logits, e^v / (e^v + 2), which grows
   * with the predicted class's logit v: rows by v from 4.0 down to 0.2. */
  static const guint by_confidence[] = { 4, 7, 0, 6, 2, 5, 9, 1, 3, 8 };
  static const guint wrong_by_confidence[] = { 9, 5, 2 };
  /* By true class; rows of one class keep their data order. */
  static const guint by_true_class[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
  static const guint by_predicted_class[] = { 0, 1, 5, 2, 3, 4, 9, 6, 7, 8 };

  nrt_metrics_view_set_evaluation (fixture->view, evaluation);

  sort_by (predictions, "Confidence", GTK_SORT_DESCENDING);
  assert_shown_rows (predictions, by_confidence, G_N_ELEMENTS (by_confidence));

  nrt_predictions_view_set_wrong_only (predictions, TRUE);
  sort_by (predictions, "Confidence", GTK_SORT_ASCENDING);
  assert_shown_rows (predictions, wrong_by_confidence, G_N_ELEMENTS (wrong_by_confidence));

  nrt_predictions_view_set_wrong_only (predictions, FALSE);
  sort_by (predictions, "True class", GTK_SORT_ASCENDING);
  assert_shown_rows (predictions, by_true_class, G_N_ELEMENTS (by_true_class));
  sort_by (predictions, "Predicted class", GTK_SORT_ASCENDING);
  assert_shown_rows (predictions, by_predicted_class, G_N_ELEMENTS (by_predicted_class));

  /* Row, the first 8 of the 16 inputs, true class, predicted class and
   * confidence. */
  g_assert_nonnull (find_column (predictions, "x1"));
  g_assert_nonnull (find_column (predictions, "x8"));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (
                      nrt_predictions_view_get_column_view (predictions))), ==, 12);
}

static void
test_regression (Fixture *fixture, gconstpointer data)
{
  NrtDataset *parts[NRT_SPLIT_COUNT] = { NULL };
  float *outputs[NRT_SPLIT_COUNT] = { NULL };
  NrtLossConfig loss = { NRT_LOSS_MEAN_SQUARED_ERROR, 0 };
  static const float predicted[5] = { 1.5f, 2.1f, 2.5f, 4.0f, 6.0f };
  /* Errors (predicted - true): 0.5, 0.1, -0.5, 0, 1. */
  static const guint by_error[] = { 4, 0, 1, 3, 2 };
  g_autoptr (NrtTrainerEvaluation) evaluation = NULL;
  NrtPredictionsView *predictions = nrt_metrics_view_get_predictions_view (fixture->view);

  parts[NRT_SPLIT_TEST] = new_part (5, 3, 0);
  outputs[NRT_SPLIT_TEST] = g_new (float, 5);
  for (int i = 0; i < 5; i++)
    {
      parts[NRT_SPLIT_TEST]->y[i] = (float) (i + 1);
      outputs[NRT_SPLIT_TEST][i] = predicted[i];
    }
  evaluation = new_evaluation (parts, outputs, 1, loss);

  /* SS_res = 0.25 + 0.01 + 0.25 + 0 + 1 = 1.51 and SS_tot = 10 around the
   * mean 3, so R² = 1 - 0.151 = 0.849, by hand. */
  nrt_metrics_view_set_evaluation (fixture->view, evaluation);
  g_assert_cmpstr (nrt_metrics_view_get_headline (fixture->view), ==, "Test R² 0.849");
  g_assert_false (nrt_metrics_view_has_pictures (fixture->view));

  sort_by (predictions, "Error", GTK_SORT_DESCENDING);
  assert_shown_rows (predictions, by_error, G_N_ELEMENTS (by_error));

  /* Regression has no wrong rows to filter. */
  nrt_predictions_view_set_wrong_only (predictions, TRUE);
  assert_shown_rows (predictions, by_error, G_N_ELEMENTS (by_error));
}

static void
test_multilabel (Fixture *fixture, gconstpointer data)
{
  NrtDataset *parts[NRT_SPLIT_COUNT] = { NULL };
  float *outputs[NRT_SPLIT_COUNT] = { NULL };
  NrtLossConfig loss = { NRT_LOSS_BINARY_CROSSENTROPY, 0 };
  /* Labels spam and urgent. Probabilities above 0.5 predict a label, so
   * row 1 gets a spam label it does not have and row 2 misses urgent. */
  static const float truth[8] = { 1, 0, 0, 1, 1, 1, 0, 0 };
  static const float probabilities[8] = { 0.9f, 0.2f, 0.6f, 0.7f, 0.8f, 0.4f, 0.1f, 0.3f };
  static const guint wrong_rows[] = { 1, 2 };
  static const guint urgent_rows[] = { 1, 2 };
  static const guint spam_rows[] = { 0, 1, 2 };
  g_autoptr (NrtTrainerEvaluation) evaluation = NULL;
  NrtPredictionsView *predictions = nrt_metrics_view_get_predictions_view (fixture->view);
  NrtError err = { 0 };

  parts[NRT_SPLIT_TEST] = nrt_dataset_new_full (4, N_FEATURES, NRT_TASK_MULTILABEL, 2, 0, &err);
  g_assert_nonnull (parts[NRT_SPLIT_TEST]);
  g_assert_cmpint (nrt_dataset_set_target_name (parts[NRT_SPLIT_TEST], 0, "spam", &err), ==, NRT_OK);
  g_assert_cmpint (nrt_dataset_set_target_name (parts[NRT_SPLIT_TEST], 1, "urgent", &err), ==,
                   NRT_OK);
  memcpy (parts[NRT_SPLIT_TEST]->y, truth, sizeof truth);
  outputs[NRT_SPLIT_TEST] = g_memdup2 (probabilities, sizeof probabilities);
  evaluation = new_evaluation (parts, outputs, 2, loss);

  /* 6 of the 8 labels are right, by hand. */
  nrt_metrics_view_set_evaluation (fixture->view, evaluation);
  g_assert_cmpstr (nrt_metrics_view_get_headline (fixture->view), ==,
                   "Test binary accuracy 0.750");
  g_assert_false (nrt_metrics_view_has_pictures (fixture->view));

  nrt_predictions_view_set_wrong_only (predictions, TRUE);
  assert_shown_rows (predictions, wrong_rows, G_N_ELEMENTS (wrong_rows));

  /* A search matches a label that is true or predicted. */
  nrt_predictions_view_set_wrong_only (predictions, FALSE);
  nrt_predictions_view_set_search_text (predictions, "urgent");
  assert_shown_rows (predictions, urgent_rows, G_N_ELEMENTS (urgent_rows));
  nrt_predictions_view_set_search_text (predictions, "Spam");
  assert_shown_rows (predictions, spam_rows, G_N_ELEMENTS (spam_rows));
  g_assert_nonnull (find_column (predictions, "Predicted labels"));
}

static void
test_export_drawing (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NrtTrainerEvaluation) evaluation = new_classification ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 400, 300);
  cairo_t *cr = cairo_create (surface);
  unsigned char *pixels;
  int stride, n_dark = 0;

  nrt_metrics_view_set_evaluation (fixture->view, evaluation);
  g_assert_cmpstr (nrt_metrics_view_get_export_name (fixture->view), ==, "metrics.png");
  nrt_metrics_view_draw_export (cr, 400, 300, fixture->view);
  cairo_surface_flush (surface);

  /* The confusion matrix's dark diagonal cells show in the drawing. */
  pixels = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < 300; y++)
    for (int x = 0; x < 400; x++)
      {
        guint32 pixel = *(guint32 *) (gpointer) (pixels + (gsize) y * stride + 4 * x);

        n_dark += ((pixel >> 16) & 0xff) < 100 && (pixel & 0xff) > 80;
      }
  g_test_message ("dark blue pixels %d", n_dark);
  g_assert_cmpint (n_dark, >, 500);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* Runs the main loop until it is idle, so that the table redraws, and
 * prints the time since total started, in which the window could not
 * respond. */
static void
report_time (NrtPredictionsView *predictions, const char *what, GTimer *total)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_test_message ("%s: %.3f s, %u rows shown", what, g_timer_elapsed (total, NULL),
                  g_list_model_get_n_items (nrt_predictions_view_get_rows (predictions)));
}

/* Runs only with -m perf: prints how long a split of 200,000 rows takes
 * to reach the table, to filter and to sort. No threshold is checked. */
static void
test_large_split (Fixture *fixture, gconstpointer data)
{
  enum { N = 200000, FEATURES = 64, CLASSES = 10 };
  NrtDataset *parts[NRT_SPLIT_COUNT] = { NULL };
  float *outputs[NRT_SPLIT_COUNT] = { NULL };
  NrtLossConfig loss = { NRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 1 };
  g_autoptr (NrtTrainerEvaluation) evaluation = NULL;
  NrtPredictionsView *predictions = nrt_metrics_view_get_predictions_view (fixture->view);
  g_autoptr (GTimer) timer = g_timer_new ();

  if (!g_test_perf ())
    {
      g_test_skip ("run with -m perf");
      return;
    }

  parts[NRT_SPLIT_TEST] = new_part (N, FEATURES, CLASSES);
  outputs[NRT_SPLIT_TEST] = g_new (float, (gsize) N * CLASSES);
  for (int i = 0; i < N; i++)
    {
      parts[NRT_SPLIT_TEST]->y[i] = (float) (i % CLASSES);
      for (int c = 0; c < CLASSES; c++)
        outputs[NRT_SPLIT_TEST][(gsize) i * CLASSES + c] = (float) ((i * 7 + c * 13) % 17) / 4.0f;
    }
  evaluation = new_evaluation (parts, outputs, CLASSES, loss);
  gtk_stack_set_visible_child_name (GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (predictions))),
                                    "predictions");
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_timer_start (timer);
  nrt_metrics_view_set_evaluation (fixture->view, evaluation);
  report_time (predictions, "a new evaluation", timer);

  g_timer_start (timer);
  sort_by (predictions, "Confidence", GTK_SORT_DESCENDING);
  report_time (predictions, "sort by confidence", timer);

  g_timer_start (timer);
  nrt_predictions_view_set_wrong_only (predictions, TRUE);
  report_time (predictions, "filter to wrong rows", timer);

  g_timer_start (timer);
  nrt_metrics_view_set_evaluation (fixture->view, evaluation);
  report_time (predictions, "a new evaluation, filtered and sorted", timer);
}

int
main (int argc, char **argv)
{
  /* No accessibility bus and no dconf under the test's X server. */
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/app/metrics-view/headline", test_headline);
  ADD ("/app/metrics-view/wrong-rows-filter", test_wrong_rows_filter);
  ADD ("/app/metrics-view/sort-order", test_sort_order);
  ADD ("/app/metrics-view/regression", test_regression);
  ADD ("/app/metrics-view/multilabel", test_multilabel);
  ADD ("/app/metrics-view/export-drawing", test_export_drawing);
  ADD ("/app/metrics-view/large-split", test_large_split);
#undef ADD

  return g_test_run ();
}
