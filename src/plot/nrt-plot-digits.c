/* nrt-plot-digits.c: misclassified examples as a grid of grey pictures. */
#define G_LOG_DOMAIN "Neurite-Plot"

#include "config.h"

#include "nrt-plot-digits.h"
#include "nrt-plot-axes.h"

#include <glib/gi18n-lib.h>
#include <math.h>

/* Smallest and largest drawn size of one image pixel, in style units. */
#define MIN_PIXEL_UNITS 3.0
#define MAX_PIXEL_UNITS 14.0

#define CAPTION_SCALE 0.85

/* The smallest image that counts as a picture: 4 x 4 pixels. */
#define MIN_SIDE 4

typedef struct {
  double picture;     /* side of a picture */
  double cell_width;  /* a picture or its caption, whichever is wider, and the gaps */
  double cell_height; /* the picture, its caption and the gaps */
  int n_columns;
  int n_shown;
} GridLayout;

int
nrt_plot_digits_side (int n_features)
{
  int side;

  if (n_features < MIN_SIDE * MIN_SIDE)
    return 0;
  side = (int) lround (sqrt ((double) n_features));
  return side * side == n_features ? side : 0;
}

static char *
dup_class_name (const NrtDigitsGrid *grid, int class_index)
{
  if (grid->class_names == NULL || class_index < 0 || class_index >= grid->n_classes
      || grid->class_names[class_index] == NULL)
    return g_strdup_printf ("%d", class_index);
  return g_strdup (grid->class_names[class_index]);
}

static char *
dup_caption_markup (const char *true_name, const char *predicted_name)
{
  g_autofree char *text = NULL;

  /* TRANSLATORS: the caption of a misclassified example: its true class,
   * then the class the model predicted, such as "true 3 → predicted 8". */
  text = g_strdup_printf (_("true %s → predicted %s"), true_name, predicted_name);
  return g_markup_escape_text (text, -1);
}

/* Keeps name in *widest when it is wider than *widest_width. */
static void
consider_name (cairo_t *cr, const NrtPlotStyle *style, char *name, char **widest,
               double *widest_width)
{
  g_autofree char *markup = g_markup_escape_text (name, -1);
  double name_width;

  nrt_plot_text_measure (cr, style, markup, FALSE, &name_width, NULL);
  if (name_width > *widest_width)
    {
      *widest_width = name_width;
      g_free (*widest);
      *widest = name;
    }
  else
    {
      g_free (name);
    }
}

/* Measures the caption that the widest class name gives, which bounds
 * every caption without measuring one per image. */
static double
measure_widest_caption (cairo_t *cr, const NrtPlotStyle *style, const NrtDigitsGrid *grid)
{
  g_autofree char *widest = g_strdup ("0");
  g_autofree char *caption = NULL;
  double widest_width = 0.0, caption_width;

  for (int c = 0; c < grid->n_classes; c++)
    consider_name (cr, style, dup_class_name (grid, c), &widest, &widest_width);

  /* A class index outside the names is drawn as its number. */
  for (int i = 0; i < grid->n_images; i++)
    {
      int classes[2] = { grid->true_classes[i], grid->predicted_classes[i] };

      for (int k = 0; k < 2; k++)
        if (classes[k] < 0 || classes[k] >= grid->n_classes)
          consider_name (cr, style, dup_class_name (grid, classes[k]), &widest, &widest_width);
    }

  caption = dup_caption_markup (widest, widest);
  nrt_plot_text_measure (cr, style, caption, FALSE, &caption_width, NULL);
  return caption_width;
}

/* Finds the largest picture size at which every image fits in width by
 * height, or, at the smallest size, how many do. */
static GridLayout
fit_grid (const NrtPlotStyle *style, int side, double caption_width, int n_images,
          double width, double height)
{
  GridLayout layout = { 0 };
  double smallest = side * MIN_PIXEL_UNITS * style->unit;
  double largest = side * MAX_PIXEL_UNITS * style->unit;
  double step = MAX (style->unit, 1.0);

  for (double picture = largest; picture >= smallest - 1e-9; picture -= step)
    {
      int n_columns, n_rows;

      layout.picture = MAX (picture, smallest);
      layout.cell_width = MAX (layout.picture, caption_width) + style->pad * 3.0;
      layout.cell_height = layout.picture + style->line_height + style->pad * 3.0;
      n_columns = (int) floor (width / layout.cell_width);
      n_rows = (int) floor (height / layout.cell_height);
      layout.n_columns = MAX (n_columns, 1);
      layout.n_shown = MIN (n_images, MAX (n_columns, 0) * MAX (n_rows, 0));
      if (layout.n_shown == n_images)
        break;
    }
  return layout;
}

/* Returns the pixels of image i, or NULL when its row is out of range. */
static const float *
get_pixels (const NrtDigitsGrid *grid, int i)
{
  if (grid->rows[i] < 0 || grid->rows[i] >= grid->n_samples)
    return NULL;
  return grid->features + (gsize) grid->rows[i] * grid->n_features;
}

/* Finds the lowest and highest finite pixel values of all images. */
static void
find_value_range (const NrtDigitsGrid *grid, double *lo, double *hi)
{
  gboolean found = FALSE;

  *lo = 0.0;
  *hi = 1.0;
  for (int i = 0; i < grid->n_images; i++)
    {
      const float *pixels = get_pixels (grid, i);

      if (pixels == NULL)
        continue;
      for (int p = 0; p < grid->n_features; p++)
        {
          if (!isfinite (pixels[p]))
            continue;
          if (!found || pixels[p] < *lo)
            *lo = pixels[p];
          if (!found || pixels[p] > *hi)
            *hi = pixels[p];
          found = TRUE;
        }
    }
  if (*hi <= *lo)
    *hi = *lo + 1.0;
}

/* Draws one image as a picture of side picture with its top left corner at
 * (x, y): lo is white and hi black, and non-finite values are mid grey.
 * NULL pixels draw an empty white picture. */
static void
draw_picture (cairo_t *cr, const float *pixels, int side, double lo, double hi, double x,
              double y, double picture, double unit)
{
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, side, side);
  unsigned char *data = cairo_image_surface_get_data (image);
  int stride = cairo_image_surface_get_stride (image);
  cairo_pattern_t *pattern;
  cairo_matrix_t matrix;

  cairo_surface_flush (image);
  for (int r = 0; r < side; r++)
    {
      guint32 *row = (guint32 *) (gpointer) (data + (gsize) r * stride);

      for (int c = 0; c < side; c++)
        {
          double value = pixels != NULL ? pixels[r * side + c] : lo;
          double share = isfinite (value) ? CLAMP ((value - lo) / (hi - lo), 0.0, 1.0) : 0.5;
          guint32 grey = (guint32) lround (255.0 * (1.0 - share));

          row[c] = (grey << 16) | (grey << 8) | grey;
        }
    }
  cairo_surface_mark_dirty (image);

  /* Nearest-neighbour scaling keeps each image pixel a sharp square. */
  cairo_save (cr);
  pattern = cairo_pattern_create_for_surface (image);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
  cairo_matrix_init_scale (&matrix, side / picture, side / picture);
  cairo_matrix_translate (&matrix, -x, -y);
  cairo_pattern_set_matrix (pattern, &matrix);
  cairo_set_source (cr, pattern);
  cairo_rectangle (cr, x, y, picture, picture);
  cairo_fill (cr);
  cairo_pattern_destroy (pattern);

  nrt_plot_set_color (cr, nrt_plot_get_theme (cr)->outline);
  cairo_set_line_width (cr, 0.8 * unit);
  cairo_rectangle (cr, x, y, picture, picture);
  cairo_stroke (cr);
  cairo_restore (cr);

  cairo_surface_destroy (image);
}

static void
draw_hint (cairo_t *cr, const NrtPlotStyle *style, double width, double top, double height,
           const char *text)
{
  g_autofree char *markup = g_markup_escape_text (text, -1);

  nrt_plot_text_draw (cr, style, markup, FALSE, FALSE, width / 2.0, top + (height - top) / 2.0,
                      0.5, 0.5);
}

static void
draw_grid (cairo_t *cr, const NrtPlotStyle *style, double width, double height, double top,
           const NrtDigitsGrid *grid, int side)
{
  int n_total = MAX (grid->n_total, grid->n_images);
  NrtPlotStyle caption_style = *style;
  double caption_width;
  double note_height = style->line_height + style->pad * 2.0;
  double lo, hi, grid_x;
  GridLayout layout;

  /* Step 1: the picture size, leaving room for the note when some are
   * left out. Captions are a little smaller than the other text, since
   * their width sets how many pictures fit in a row. */
  caption_style.font_size *= CAPTION_SCALE;
  caption_style.line_height *= CAPTION_SCALE;
  caption_width = measure_widest_caption (cr, &caption_style, grid);
  layout = fit_grid (&caption_style, side, caption_width, grid->n_images, width - style->pad * 2.0,
                     height - top);
  if (layout.n_shown < n_total)
    layout = fit_grid (&caption_style, side, caption_width, grid->n_images, width - style->pad * 2.0,
                       height - top - note_height);
  find_value_range (grid, &lo, &hi);
  grid_x = MAX (style->pad, (width - layout.n_columns * layout.cell_width) / 2.0);

  /* Step 2: the pictures with their captions. */
  for (int i = 0; i < layout.n_shown; i++)
    {
      int column = i % layout.n_columns;
      int row = i / layout.n_columns;
      double cell_x = grid_x + column * layout.cell_width;
      double cell_y = top + row * layout.cell_height;
      double centre = cell_x + layout.cell_width / 2.0;
      g_autofree char *true_name = dup_class_name (grid, grid->true_classes[i]);
      g_autofree char *predicted_name = dup_class_name (grid, grid->predicted_classes[i]);
      g_autofree char *caption = dup_caption_markup (true_name, predicted_name);

      draw_picture (cr, get_pixels (grid, i), side, lo, hi,
                    centre - layout.picture / 2.0, cell_y + style->pad, layout.picture,
                    style->unit);
      nrt_plot_text_draw (cr, &caption_style, caption, FALSE, FALSE, centre,
                          cell_y + style->pad * 2.0 + layout.picture, 0.5, 0.0);
    }

  /* Step 3: the note. */
  if (layout.n_shown < n_total)
    {
      g_autofree char *note = NULL;

      /* TRANSLATORS: %d of %d are counts of misclassified examples. */
      note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%d of %d misclassified example shown",
                                           "%d of %d misclassified examples shown", n_total),
                              layout.n_shown, n_total);
      nrt_plot_text_draw_color (cr, style, note, FALSE, FALSE, width / 2.0, height - style->pad,
                                0.5, 1.0, nrt_plot_get_theme (cr)->muted_text);
    }
}

void
nrt_plot_digits (cairo_t *cr, double width, double height, const NrtDigitsGrid *grid)
{
  NrtPlotStyle style;
  double top;
  int side;

  g_return_if_fail (cr != NULL);

  if (!(width > 0.0) || !(height > 0.0) || !isfinite (width) || !isfinite (height))
    return;

  cairo_save (cr);
  nrt_plot_fill_background (cr, width, height);
  nrt_plot_style_init (&style, cr, width, height);

  top = style.pad * 2.0;
  if (grid != NULL && grid->title != NULL)
    {
      g_autofree char *markup = g_markup_escape_text (grid->title, -1);

      nrt_plot_text_draw (cr, &style, markup, TRUE, FALSE, width / 2.0, top, 0.5, 0.0);
      top += style.line_height * 1.2 + style.pad;
    }

  side = grid != NULL ? nrt_plot_digits_side (grid->n_features) : 0;
  if (grid == NULL)
    draw_hint (cr, &style, width, top, height, _("No evaluation yet"));
  else if (side == 0)
    draw_hint (cr, &style, width, top, height,
               _("The features do not form a square image of at least 4 × 4 pixels"));
  else if (grid->n_images <= 0 || grid->features == NULL)
    draw_hint (cr, &style, width, top, height, _("No misclassified examples"));
  else
    draw_grid (cr, &style, width, height, top, grid, side);

  cairo_restore (cr);
}

void
nrt_plot_digits_draw_func (cairo_t *cr, double width, double height, gpointer grid)
{
  nrt_plot_digits (cr, width, height, grid);
}
