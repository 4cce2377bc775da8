/* nrt-plot-axes.h: text, tick and axis drawing shared by the plot renderers.
 *
 * Private to src/plot: the app and the CLI use nrt-plot.h and the renderer
 * headers only. All lengths are in cairo user units.
 */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include "nrt-plot.h"

G_BEGIN_DECLS

/* Data values whose magnitude exceeds this are treated like NaN and inf, so
 * that the difference of any two accepted values stays finite. */
#define NRT_PLOT_MAX_ABS_VALUE 1e300

#define NRT_PLOT_MAX_TICKS 24
#define NRT_PLOT_MAX_MINOR_TICKS 64
#define NRT_PLOT_LABEL_SIZE 64

/* Sizes derived from the drawing's size, so that a plot exported at
 * 1600 × 1000 is not full of tiny text and a thumbnail is not all text. */
typedef struct {
  double font_size;     /* points, as Pango takes them */
  double unit;          /* one "pixel" of line width and spacing at the reference size */
  double line_height;   /* height of one line of label text */
  double pad;           /* gap between text and other elements */
} NrtPlotStyle;

typedef struct {
  double x, y, width, height;
} NrtPlotRect;

/* One axis: its range, ticks and their labels. For a log axis, lo and hi are
 * log10 of the data range, and ticks contains data values (powers of ten). */
typedef struct {
  double lo, hi;
  gboolean log_scale;
  int n_ticks;
  double ticks[NRT_PLOT_MAX_TICKS];
  char labels[NRT_PLOT_MAX_TICKS][NRT_PLOT_LABEL_SIZE];   /* Pango markup */
  int n_minor_ticks;
  double minor_ticks[NRT_PLOT_MAX_MINOR_TICKS];
} NrtPlotAxis;

void nrt_plot_style_init (NrtPlotStyle *style, cairo_t *cr, double width, double height);

/* Fills the rectangle with the background of cr's theme. */
void nrt_plot_fill_background (cairo_t *cr, double width, double height);

void nrt_plot_text_measure (cairo_t *cr, const NrtPlotStyle *style, const char *markup,
                            gboolean bold, double *width, double *height);

/* Draws markup so that the point (x, y) sits at the fraction (align_x,
 * align_y) of the text's box: (0, 0) is the top left, (0.5, 0.5) the centre.
 * With vertical set the text reads bottom to top and the alignment applies
 * to the rotated box. */
void nrt_plot_text_draw (cairo_t *cr, const NrtPlotStyle *style, const char *markup,
                         gboolean bold, gboolean vertical,
                         double x, double y, double align_x, double align_y);

/* Draws as nrt_plot_text_draw does, in color instead of the theme's text
 * colour, for text on fills that look the same in every theme. */
void nrt_plot_text_draw_color (cairo_t *cr, const NrtPlotStyle *style, const char *markup,
                               gboolean bold, gboolean vertical,
                               double x, double y, double align_x, double align_y,
                               NrtColor color);

void nrt_plot_set_color (cairo_t *cr, NrtColor color);

/* Returns the linear mix of two colours: from at amount 0, to at amount 1. */
NrtColor nrt_plot_color_mix (NrtColor from, NrtColor to, double amount);

/* Returns whether theme draws light things on a dark background, for the
 * few colours that must change with it beyond the theme's own. */
gboolean nrt_plot_theme_is_dark (const NrtPlotTheme *theme);

/* Draws a legend's frame: a translucent box in the theme's panel colour
 * with an outline one style unit wide. Leaves that line width and colour
 * set on cr. */
void nrt_plot_draw_legend_box (cairo_t *cr, const NrtPlotStyle *style, double x, double y,
                               double width, double height);

gboolean nrt_plot_value_is_usable (double value);

/* Computes ticks with steps of 1, 2 or 5 times a power of ten and at most
 * about max_ticks of them. expand widens [lo, hi] to whole steps; integer
 * keeps the step at 1 or more. A zero-width or reversed range is widened
 * around its value. */
void nrt_plot_axis_init_linear (NrtPlotAxis *axis, double lo, double hi, int max_ticks,
                                gboolean expand, gboolean integer);

/* Computes decade ticks for positive data in [lo, hi]; the range is widened
 * to whole decades, and to two decades when the data sit in a single one. */
void nrt_plot_axis_init_log (NrtPlotAxis *axis, double lo, double hi, int max_ticks);

/* Picks the largest tick count whose labels fit along length without
 * overlapping, then fills axis as nrt_plot_axis_init_linear or _log do. */
void nrt_plot_axis_fit (NrtPlotAxis *axis, cairo_t *cr, const NrtPlotStyle *style,
                        double lo, double hi, gboolean log_scale, double length,
                        gboolean horizontal, gboolean expand, gboolean integer);

/* Returns where value sits along the axis, 0 at lo and 1 at hi, or NAN when
 * the value cannot be drawn (non-finite, or not positive on a log axis). */
double nrt_plot_axis_fraction (const NrtPlotAxis *axis, double value);

double nrt_plot_axis_max_label_width (const NrtPlotAxis *axis, cairo_t *cr,
                                      const NrtPlotStyle *style);

/* Draws optional grid lines, the frame around area, the ticks with their
 * labels outside the frame, and the axis titles (NULL for none). */
void nrt_plot_axes_draw (cairo_t *cr, const NrtPlotStyle *style, const NrtPlotRect *area,
                         const NrtPlotAxis *x_axis, const NrtPlotAxis *y_axis,
                         const char *x_title, const char *y_title, gboolean grid);

/* Returns the width the y-axis tick labels and title take left of the frame. */
double nrt_plot_axes_left_margin (cairo_t *cr, const NrtPlotStyle *style,
                                  const NrtPlotAxis *y_axis, gboolean has_title);

/* Returns the height the x-axis tick labels and title take below the frame. */
double nrt_plot_axes_bottom_margin (const NrtPlotStyle *style, gboolean has_title);

G_END_DECLS
