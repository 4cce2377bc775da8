/* nrt-plot-regions.h: decision regions over the 2-D input plane, with the
 * data points on top.
 *
 * The region image is rendered apart from the axes and points, so that the
 * training worker can render it off the UI thread and the UI only paints it.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* The model's outputs on a grid_width by grid_height grid of the input plane,
 * row 0 at y_max (top), column 0 at x_min (left), cell centres evenly spaced.
 * Column i is at x_min + i * (x_max - x_min) / (grid_width - 1), as
 * numpy.linspace places them, and rows likewise run from y_max to y_min.
 * For a binary model (n_outputs == 1) each cell contains P(class 1) in [0, 1].
 * For n_outputs >= 2 each cell contains n_outputs class probabilities.
 * For regression (n_classes == 0, n_outputs == 1) values are mapped from
 * [value_min, value_max] on a diverging scale. */
typedef struct {
  int grid_width;
  int grid_height;
  int n_outputs;
  int n_classes;
  const float *values;        /* (grid_height, grid_width, n_outputs) */
  double value_min, value_max;  /* regression only */
} NrtRegionGrid;

/* Returns a new ARGB32 image of the grid, one pixel per cell: the predicted
 * class's colour, paler where the model is less sure. Binary outputs use a
 * diverging orange-white-blue scale. Cells whose values are all NaN or
 * infinite are light grey. The caller owns the surface. Returns NULL when
 * grid or its values are NULL, a size is not positive, the grid is larger
 * than 32767 cells on a side, or n_outputs is not positive. */
cairo_surface_t *nrt_plot_regions_render_image (const NrtRegionGrid *grid);

/* The points of a plot with many points, drawn once into an image and
 * copied onto the screen at every redraw until the points change: the
 * region image changes many times a second while the points stay. */
typedef struct _NrtRegionsPointsCache NrtRegionsPointsCache;

NrtRegionsPointsCache *nrt_regions_points_cache_new (void);
void nrt_regions_points_cache_free (NrtRegionsPointsCache *cache);

/* Forgets the drawn points. Call it whenever the points, their classes,
 * values or flags change; a new plane or scale is detected without it. */
void nrt_regions_points_cache_clear (NrtRegionsPointsCache *cache);

typedef struct {
  double x_min, x_max, y_min, y_max;  /* the plane drawn */
  cairo_surface_t *image;             /* from nrt_plot_regions_render_image, or NULL */
  const float *points;                /* (n_points, 2) */
  const int *point_classes;           /* n_points class indices, or NULL */
  const gboolean *point_is_test;      /* n_points flags, or NULL: test points get a dark outline */
  const gboolean *point_is_validation; /* n_points flags, or NULL: validation points are squares
                                       * with a dark outline */
  const gboolean *point_is_wrong;     /* n_points flags, or NULL: misclassified points get a
                                       * red ring */
  const float *point_values;          /* n_points target values, or NULL: without point_classes,
                                       * points take the diverging colour of their value between
                                       * value_min and value_max, as the regression regions do */
  double value_min, value_max;        /* the range of point_values' colour scale */
  int n_points;
  int n_classes;
  const char *x_label;                /* NULL for "x1" */
  const char *y_label;                /* NULL for "x2" */
  const char *title;                  /* NULL for none */
  const char *const *class_names;     /* n_classes names for the legend, or NULL for
                                       * "Class 0", "Class 1", ... */
  gboolean nearest_filter;            /* TRUE: sharp cells; FALSE: bilinear smoothing */
  NrtRegionsPointsCache *points_cache; /* or NULL; used for more than 4,000 points drawn
                                       * into an image or recording surface */
} NrtRegionsPlot;

/* Draws axes with ticks, the image stretched over the plane, then the points
 * and the red rings of misclassified points, on the theme's background.
 * The legend names the classes (or the ends of the value scale), the parts
 * of the data and the rings. The plane keeps its aspect ratio unless that
 * would make it more than 4 times wider than tall or the reverse. Points
 * with NaN or infinite coordinates are skipped. */
void nrt_plot_regions (cairo_t *cr, double width, double height, const NrtRegionsPlot *plot);

/* nrt_plot_regions with the NrtPlotDrawFunc signature, for nrt_plot_export:
 * plot is a const NrtRegionsPlot *. */
void nrt_plot_regions_draw_func (cairo_t *cr, double width, double height, gpointer plot);

/* Computes a plane that contains every point with a 5 % margin on each side.
 * With square set both axes get the larger of the two spans, each centred
 * on its data. Points with NaN or infinite coordinates are skipped. Without
 * a usable point (points NULL or n_points 0) the plane is [-1, 1] × [-1, 1]. */
void nrt_plot_regions_fit_bounds (const float *points, int n_points, gboolean square,
                                  double *x_min, double *x_max, double *y_min, double *y_max);

G_END_DECLS
