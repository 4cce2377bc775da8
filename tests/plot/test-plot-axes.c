/* test-plot-axes.c: tick placement and labels of the shared axis code.
 *
 * Expected ticks are worked out by hand from the 1-2-5 rule: the raw step
 * is span / (max_ticks - 1), rounded up to 1, 2 or 5 times a power of ten.
 */
#include <math.h>
#include <string.h>

#include "plot/nrt-plot-axes.h"

#define TICK_TOLERANCE 1e-12

static void
assert_ticks (const NrtPlotAxis *axis, const double *expected, const char *const *labels, int n)
{
  double max_difference = 0.0;
  int i;

  g_assert_cmpint (axis->n_ticks, ==, n);
  for (i = 0; i < n; i++)
    max_difference = MAX (max_difference, fabs (axis->ticks[i] - expected[i]));
  if (max_difference > TICK_TOLERANCE)
    g_test_message ("max tick difference %g", max_difference);
  g_assert_cmpfloat (max_difference, <=, TICK_TOLERANCE);

  for (i = 0; labels != NULL && i < n; i++)
    g_assert_cmpstr (axis->labels[i], ==, labels[i]);
}

static void
test_linear_unit_range (void)
{
  static const double expected[] = { 0.0, 0.2, 0.4, 0.6, 0.8, 1.0 };
  static const char *const labels[] = { "0.0", "0.2", "0.4", "0.6", "0.8", "1.0" };
  NrtPlotAxis axis;

  /* span 1 / 5 = 0.2, already a 2 × 10^-1 step */
  nrt_plot_axis_init_linear (&axis, 0.0, 1.0, 6, FALSE, FALSE);
  assert_ticks (&axis, expected, labels, 6);
  g_assert_cmpfloat (axis.lo, ==, 0.0);
  g_assert_cmpfloat (axis.hi, ==, 1.0);
}

static void
test_linear_expand (void)
{
  static const double expected[] = { 0.0, 0.2, 0.4, 0.6, 0.8, 1.0 };
  NrtPlotAxis axis;

  /* span 0.74 / 4 = 0.185, rounded up to 0.2; expanded to [0, 1] */
  nrt_plot_axis_init_linear (&axis, 0.13, 0.87, 5, TRUE, FALSE);
  assert_ticks (&axis, expected, NULL, 6);
  g_assert_cmpfloat_with_epsilon (axis.lo, 0.0, TICK_TOLERANCE);
  g_assert_cmpfloat_with_epsilon (axis.hi, 1.0, TICK_TOLERANCE);
}

static void
test_linear_integer_epochs (void)
{
  static const double expected[] = { 0.0, 10.0, 20.0, 30.0, 40.0, 50.0 };
  static const char *const labels[] = { "0", "10", "20", "30", "40", "50" };
  NrtPlotAxis axis;

  /* span 49 / 5 = 9.8, rounded up to 10 */
  nrt_plot_axis_init_linear (&axis, 1.0, 50.0, 6, TRUE, TRUE);
  assert_ticks (&axis, expected, labels, 6);

  /* An integer axis never steps by less than 1: span 2 / 9 would give 0.5. */
  nrt_plot_axis_init_linear (&axis, 0.0, 2.0, 10, TRUE, TRUE);
  g_assert_cmpint (axis.n_ticks, ==, 3);
  g_assert_cmpstr (axis.labels[1], ==, "1");
}

static void
test_linear_degenerate_ranges (void)
{
  NrtPlotAxis axis;

  /* Equal values are widened by 10 % of their magnitude on each side. */
  nrt_plot_axis_init_linear (&axis, 3.0, 3.0, 5, TRUE, FALSE);
  g_assert_cmpfloat (axis.lo, <, 3.0);
  g_assert_cmpfloat (axis.hi, >, 3.0);
  g_assert_cmpint (axis.n_ticks, >=, 2);

  /* Zero gets [-1, 1]. */
  nrt_plot_axis_init_linear (&axis, 0.0, 0.0, 5, FALSE, FALSE);
  g_assert_cmpfloat (axis.lo, ==, -1.0);
  g_assert_cmpfloat (axis.hi, ==, 1.0);

  /* NaN and inf fall back to [0, 1]. */
  nrt_plot_axis_init_linear (&axis, NAN, INFINITY, 5, FALSE, FALSE);
  g_assert_cmpfloat (axis.lo, ==, 0.0);
  g_assert_cmpfloat (axis.hi, ==, 1.0);

  /* A reversed range is swapped. */
  nrt_plot_axis_init_linear (&axis, 1.0, -1.0, 5, FALSE, FALSE);
  g_assert_cmpfloat (axis.lo, ==, -1.0);
  g_assert_cmpfloat (axis.hi, ==, 1.0);
}

static void
test_linear_huge_values (void)
{
  NrtPlotAxis axis;
  int i;

  nrt_plot_axis_init_linear (&axis, -1e300, 1e300, 5, TRUE, FALSE);
  g_assert_cmpint (axis.n_ticks, >=, 2);
  for (i = 0; i < axis.n_ticks; i++)
    g_assert_true (isfinite (axis.ticks[i]));
  g_assert_nonnull (strchr (axis.labels[0], 'e'));

  /* 1e15 + 1e-3: a span below double resolution at that magnitude */
  nrt_plot_axis_init_linear (&axis, 1e15, 1e15 + 1e-3, 5, TRUE, FALSE);
  g_assert_cmpint (axis.n_ticks, >=, 2);
  g_assert_cmpint (axis.n_ticks, <, NRT_PLOT_MAX_TICKS);
}

static void
test_log_decades (void)
{
  static const double expected[] = { 0.01, 0.1, 1.0, 10.0 };
  static const char *const labels[] = { "0.01", "0.1", "1", "10" };
  NrtPlotAxis axis;

  /* 0.03 .. 2.5 widens to the decades 10^-2 .. 10^1 */
  nrt_plot_axis_init_log (&axis, 0.03, 2.5, 10);
  assert_ticks (&axis, expected, labels, 4);
  g_assert_cmpfloat (axis.lo, ==, -2.0);
  g_assert_cmpfloat (axis.hi, ==, 1.0);
  /* 2..9 in each of the three decades */
  g_assert_cmpint (axis.n_minor_ticks, ==, 24);
}

static void
test_log_degenerate_ranges (void)
{
  static const double expected_equal[] = { 0.1, 1.0, 10.0 };
  NrtPlotAxis axis;

  /* Values all equal to a power of ten get a decade on each side. */
  nrt_plot_axis_init_log (&axis, 1.0, 1.0, 10);
  assert_ticks (&axis, expected_equal, NULL, 3);

  /* Within one decade: 0.3 .. 0.7 widens to 0.1 .. 1. */
  nrt_plot_axis_init_log (&axis, 0.3, 0.7, 10);
  g_assert_cmpfloat (axis.lo, ==, -1.0);
  g_assert_cmpfloat (axis.hi, ==, 0.0);
  g_assert_cmpint (axis.n_ticks, ==, 2);

  /* Zero and negative data fall back to 0.1 .. 1. */
  nrt_plot_axis_init_log (&axis, 0.0, 1.0, 10);
  g_assert_cmpfloat (axis.lo, ==, -1.0);
  g_assert_cmpfloat (axis.hi, ==, 0.0);
  g_assert_true (isnan (nrt_plot_axis_fraction (&axis, 0.0)));
  g_assert_true (isnan (nrt_plot_axis_fraction (&axis, -2.0)));
  g_assert_cmpfloat_with_epsilon (nrt_plot_axis_fraction (&axis, 0.1), 0.0, TICK_TOLERANCE);
}

static void
test_log_wide_range (void)
{
  static const double expected[] = { 1e-28, 1e-21, 1e-14, 1e-7, 1.0 };
  NrtPlotAxis axis;
  double max_relative = 0.0;
  int i;

  /* 35 decades with at most 6 ticks: a stride of ceil (35 / 5) = 7 decades,
   * at the multiples of 7 within [-30, 5]. */
  nrt_plot_axis_init_log (&axis, 1e-30, 1e5, 6);
  g_assert_cmpint (axis.n_ticks, ==, 5);
  for (i = 0; i < 5; i++)
    max_relative = MAX (max_relative, fabs (axis.ticks[i] / expected[i] - 1.0));
  g_assert_cmpfloat (max_relative, <=, 1e-12);
  g_assert_cmpstr (axis.labels[0], ==, "10<sup>-28</sup>");
  g_assert_cmpint (axis.n_minor_ticks, ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plot/axes/linear-unit-range", test_linear_unit_range);
  g_test_add_func ("/plot/axes/linear-expand", test_linear_expand);
  g_test_add_func ("/plot/axes/linear-integer-epochs", test_linear_integer_epochs);
  g_test_add_func ("/plot/axes/linear-degenerate-ranges", test_linear_degenerate_ranges);
  g_test_add_func ("/plot/axes/linear-huge-values", test_linear_huge_values);
  g_test_add_func ("/plot/axes/log-decades", test_log_decades);
  g_test_add_func ("/plot/axes/log-degenerate-ranges", test_log_degenerate_ranges);
  g_test_add_func ("/plot/axes/log-wide-range", test_log_wide_range);

  return g_test_run ();
}
