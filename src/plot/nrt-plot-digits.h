/* nrt-plot-digits.h: misclassified examples drawn as small grey pictures,
 * for data whose features are the pixels of a square image (such as the
 * 8x8 digits). */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  const float *features;          /* (n_samples, n_features), row-major; each row is a
                                   * side x side image, row by row from the top */
  int n_samples;
  int n_features;                 /* side * side */
  const int *rows;                /* n_images indices into the rows of features; an index
                                   * outside [0, n_samples) draws an empty frame */
  const int *true_classes;        /* n_images */
  const int *predicted_classes;   /* n_images */
  int n_images;
  int n_total;                    /* misclassified examples in all, counted in the note
                                   * when not all are drawn (0 stands for n_images) */
  const char *const *class_names; /* n_classes strings, or NULL for "0", "1", ... */
  int n_classes;
  const char *title;              /* NULL for none */
} NrtDigitsGrid;

/* Returns the side of the square image that n_features pixels form, or 0
 * when n_features is not a perfect square of at least 16 (4 x 4). */
int nrt_plot_digits_side (int n_features);

/* Draws the images in a grid, each captioned "true 3 → predicted 8", as
 * large as they fit, with each image pixel 3 to 14 style units wide (see
 * NrtPlotStyle). Grey levels are scaled from the lowest value of all
 * passed images (white) to the highest (black). When not all fit, a note
 * gives how many are shown. Draws a hint when the grid is NULL, has no
 * images, or n_features is not a square. */
void nrt_plot_digits (cairo_t *cr, double width, double height, const NrtDigitsGrid *grid);

/* nrt_plot_digits with the NrtPlotDrawFunc signature, for nrt_plot_export:
 * grid is a const NrtDigitsGrid *. */
void nrt_plot_digits_draw_func (cairo_t *cr, double width, double height, gpointer grid);

G_END_DECLS
