/* nrt-plot-metrics.c: the confusion matrix, the figure that combines it
 * with the metric tables, and the helpers the metrics renderers share. */
#define G_LOG_DOMAIN "Neurite-Plot"

#include "config.h"

#include "nrt-plot-metrics-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>

/* The dark end of matplotlib's "Blues" colour map (#08306b). A cell whose
 * row share is 1 gets this colour and a share of 0 stays white. */
static const NrtColor full_cell_color = { 0x08 / 255.0, 0x30 / 255.0, 0x6b / 255.0 };
static const NrtColor dark_text_color = { 0.15, 0.15, 0.15 };
static const NrtColor light_text_color = { 1.0, 1.0, 1.0 };
static const NrtColor cell_line_color = { 0.82, 0.82, 0.82 };

/* Above this share the cell is dark enough that its count is written in
 * white. */
#define LIGHT_TEXT_SHARE 0.5

/* Share of the combined figure's width that the confusion matrix takes. */
#define CONFUSION_WIDTH_SHARE 0.52

gboolean
nrt_plot_metrics_begin (cairo_t *cr, double width, double height, const NrtMetricsPlot *plot,
                        NrtPlotStyle *style, double *top)
{
  if (!(width > 0.0) || !(height > 0.0) || !isfinite (width) || !isfinite (height))
    return FALSE;

  nrt_plot_fill_background (cr, width, height);
  nrt_plot_style_init (style, cr, width, height);
  *top = nrt_plot_metrics_draw_title (cr, style, width, plot != NULL ? plot->title : NULL);
  return TRUE;
}

gboolean
nrt_plot_metrics_has_report (cairo_t *cr, const NrtPlotStyle *style, double width,
                             double height, double top, const NrtMetricsPlot *plot)
{
  if (plot != NULL && plot->report != NULL)
    return TRUE;

  nrt_plot_metrics_draw_hint (cr, style, 0, top, width, height - top, _("No evaluation yet"));
  return FALSE;
}

char *
nrt_plot_metrics_dup_name (const NrtMetricsPlot *plot, int index)
{
  if (plot->names == NULL || plot->names[index] == NULL)
    return g_strdup_printf ("%d", index);
  return g_markup_escape_text (plot->names[index], -1);
}

double
nrt_plot_metrics_draw_title (cairo_t *cr, const NrtPlotStyle *style, double width,
                             const char *title)
{
  g_autofree char *markup = NULL;

  if (title == NULL)
    return style->pad * 2.0;

  markup = g_markup_escape_text (title, -1);
  nrt_plot_text_draw (cr, style, markup, TRUE, FALSE, width / 2.0, style->pad * 2.0, 0.5, 0.0);
  return style->pad * 3.0 + style->line_height * 1.2;
}

void
nrt_plot_metrics_draw_hint (cairo_t *cr, const NrtPlotStyle *style, double x, double y,
                            double width, double height, const char *text)
{
  g_autofree char *markup = g_markup_escape_text (text, -1);

  nrt_plot_text_draw (cr, style, markup, FALSE, FALSE, x + width / 2.0, y + height / 2.0,
                      0.5, 0.5);
}

void
nrt_plot_metrics_text_draw_colored (cairo_t *cr, const NrtPlotStyle *style, const char *markup,
                                    NrtColor color, double x, double y, double align_x,
                                    double align_y)
{
  PangoLayout *layout;
  PangoFontDescription *font;
  PangoRectangle logical;

  layout = pango_cairo_create_layout (cr);
  font = pango_font_description_from_string ("Sans");
  pango_font_description_set_size (font, (int) (style->font_size * PANGO_SCALE));
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_markup (layout, markup, -1);
  pango_layout_get_extents (layout, NULL, &logical);

  cairo_save (cr);
  nrt_plot_set_color (cr, color);
  cairo_move_to (cr, x - align_x * logical.width / PANGO_SCALE - (double) logical.x / PANGO_SCALE,
                 y - align_y * logical.height / PANGO_SCALE - (double) logical.y / PANGO_SCALE);
  pango_cairo_update_layout (cr, layout);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);

  g_object_unref (layout);
}

NrtPlotStyle
nrt_plot_metrics_scale_style (cairo_t *cr, const NrtPlotStyle *style, double factor)
{
  NrtPlotStyle scaled = *style;

  scaled.font_size = style->font_size * factor;
  scaled.unit = style->unit * factor;
  scaled.pad = style->pad * factor;
  nrt_plot_text_measure (cr, &scaled, "0.9", FALSE, NULL, &scaled.line_height);
  return scaled;
}

/* ---- confusion matrix ---- */

static double
max_name_width (cairo_t *cr, const NrtPlotStyle *style, const NrtMetricsPlot *plot,
                int n_classes)
{
  double widest = 0.0;

  for (int c = 0; c < n_classes; c++)
    {
      g_autofree char *name = nrt_plot_metrics_dup_name (plot, c);
      double name_width;

      nrt_plot_text_measure (cr, style, name, FALSE, &name_width, NULL);
      widest = MAX (widest, name_width);
    }
  return widest;
}

static NrtColor
cell_color (double share)
{
  NrtColor color;

  share = CLAMP (share, 0.0, 1.0);
  color.r = 1.0 - share * (1.0 - full_cell_color.r);
  color.g = 1.0 - share * (1.0 - full_cell_color.g);
  color.b = 1.0 - share * (1.0 - full_cell_color.b);
  return color;
}

/* Writes the count of one cell and, when there is room for a second line,
 * its share of the row as a percentage. */
static void
draw_cell_text (cairo_t *cr, const NrtPlotStyle *style, double x, double y, double side,
                int count, double share)
{
  NrtColor color = share > LIGHT_TEXT_SHARE ? light_text_color : dark_text_color;
  char count_text[32];
  char share_text[32];
  double count_width, share_width;
  gboolean two_lines;

  g_snprintf (count_text, sizeof count_text, "%d", count);
  g_snprintf (share_text, sizeof share_text, "%.0f %%", share * 100.0);
  nrt_plot_text_measure (cr, style, count_text, FALSE, &count_width, NULL);
  if (count_width > side - style->pad || style->line_height > side)
    return;

  nrt_plot_text_measure (cr, style, share_text, FALSE, &share_width, NULL);
  two_lines = side >= 2.6 * style->line_height && share_width <= side - style->pad;
  if (!two_lines)
    {
      nrt_plot_metrics_text_draw_colored (cr, style, count_text, color, x + side / 2.0,
                                          y + side / 2.0, 0.5, 0.5);
      return;
    }

  nrt_plot_metrics_text_draw_colored (cr, style, count_text, color, x + side / 2.0,
                                      y + side / 2.0, 0.5, 1.0);
  nrt_plot_metrics_text_draw_colored (cr, style, share_text, color, x + side / 2.0,
                                      y + side / 2.0, 0.5, 0.0);
}

/* Draws the cells, their grid and the frame, with the grid's top left
 * corner at (x, y). */
static void
draw_cells (cairo_t *cr, const NrtPlotStyle *style, const NrtMetricsReport *report,
            double x, double y, double side)
{
  int n = report->n_classes;

  for (int t = 0; t < n; t++)
    {
      long row_total = 0;

      for (int p = 0; p < n; p++)
        row_total += report->confusion[t * n + p];

      for (int p = 0; p < n; p++)
        {
          int count = report->confusion[t * n + p];
          double share = row_total > 0 ? (double) count / row_total : 0.0;
          double cell_x = x + p * side;
          double cell_y = y + t * side;

          cairo_rectangle (cr, cell_x, cell_y, side, side);
          nrt_plot_set_color (cr, cell_color (share));
          cairo_fill (cr);
          draw_cell_text (cr, style, cell_x, cell_y, side, count, share);
        }
    }

  /* Grid lines only while cells stay wider than a few lines' width, so that
   * a matrix of many classes does not turn grey. */
  cairo_set_line_width (cr, 0.6 * style->unit);
  if (side > 4.0 * style->unit)
    {
      nrt_plot_set_color (cr, cell_line_color);
      for (int i = 1; i < n; i++)
        {
          cairo_move_to (cr, x + i * side, y);
          cairo_line_to (cr, x + i * side, y + n * side);
          cairo_move_to (cr, x, y + i * side);
          cairo_line_to (cr, x + n * side, y + i * side);
        }
      cairo_stroke (cr);
    }
  nrt_plot_set_color (cr, nrt_plot_get_theme (cr)->frame);
  cairo_set_line_width (cr, style->unit);
  cairo_rectangle (cr, x, y, n * side, n * side);
  cairo_stroke (cr);
}

/* The confusion matrix within width by height, below top. */
static void
draw_confusion (cairo_t *cr, const NrtPlotStyle *style, double width, double height,
                double top, const NrtMetricsPlot *plot)
{
  const NrtMetricsReport *report = plot->report;
  int n = report->n_classes;
  double names_width = max_name_width (cr, style, plot, n);
  double left, bottom, side, grid_x, name_height;
  gboolean vertical_names = FALSE;
  gboolean with_names;

  /* Step 1: the layout. The y-axis title and the row names sit on the
   * left, and the column names and the x-axis title below. Column names
   * turn vertical when they are wider than a cell. */
  left = style->pad * 2.0 + style->line_height + style->pad + names_width + style->pad;
  bottom = style->pad + style->line_height + style->pad + style->line_height + style->pad * 2.0;
  side = MIN (width - left - style->pad * 2.0, height - top - bottom) / n;
  if (names_width > side - style->pad)
    {
      vertical_names = TRUE;
      bottom += names_width - style->line_height;
      side = MIN (width - left - style->pad * 2.0, height - top - bottom) / n;
    }
  with_names = side >= style->line_height;
  if (!with_names)
    {
      /* Leave the names out and give the room to the cells. */
      left = style->pad * 2.0 + style->line_height + style->pad * 2.0;
      bottom = style->pad * 2.0 + style->line_height + style->pad * 2.0;
      side = MIN (width - left - style->pad * 2.0, height - top - bottom) / n;
    }
  if (!(side > 0.0))
    return;
  grid_x = left + MAX (0.0, (width - left - style->pad * 2.0 - n * side) / 2.0);

  /* Step 2: the cells. */
  draw_cells (cr, style, report, grid_x, top, side);

  /* Step 3: the class names along both axes. */
  name_height = vertical_names ? names_width : style->line_height;
  if (with_names)
    {
      for (int c = 0; c < n; c++)
        {
          g_autofree char *name = nrt_plot_metrics_dup_name (plot, c);

          nrt_plot_text_draw (cr, style, name, FALSE, FALSE, grid_x - style->pad,
                              top + (c + 0.5) * side, 1.0, 0.5);
          nrt_plot_text_draw (cr, style, name, FALSE, vertical_names,
                              grid_x + (c + 0.5) * side, top + n * side + style->pad,
                              0.5, 0.0);
        }
    }
  else
    {
      name_height = 0.0;
    }

  /* Step 4: the axis titles. */
  nrt_plot_text_draw (cr, style, _("Predicted class"), FALSE, FALSE, grid_x + n * side / 2.0,
                      top + n * side + style->pad * 2.0 + name_height, 0.5, 0.0);
  nrt_plot_text_draw (cr, style, _("True class"), FALSE, TRUE,
                      grid_x - (with_names ? names_width + style->pad * 2.0 : style->pad),
                      top + n * side / 2.0, 1.0, 0.5);
}

void
nrt_plot_confusion (cairo_t *cr, double width, double height, const NrtMetricsPlot *plot)
{
  NrtPlotStyle style;
  double top;

  g_return_if_fail (cr != NULL);

  cairo_save (cr);
  if (nrt_plot_metrics_begin (cr, width, height, plot, &style, &top)
      && nrt_plot_metrics_has_report (cr, &style, width, height, top, plot))
    {
      if (plot->report->task != NRT_TASK_CLASSIFICATION || plot->report->n_classes < 1
          || plot->report->confusion == NULL)
        nrt_plot_metrics_draw_hint (cr, &style, 0, top, width, height - top,
                                    _("A confusion matrix needs a classification report"));
      else
        draw_confusion (cr, &style, width, height, top, plot);
    }
  cairo_restore (cr);
}

/* ---- the combined figure ---- */

void
nrt_plot_metrics (cairo_t *cr, double width, double height, const NrtMetricsPlot *plot)
{
  NrtPlotStyle style;
  NrtMetricsPlot part;
  double top, left_width;

  g_return_if_fail (cr != NULL);

  cairo_save (cr);
  if (!nrt_plot_metrics_begin (cr, width, height, plot, &style, &top)
      || !nrt_plot_metrics_has_report (cr, &style, width, height, top, plot))
    {
      cairo_restore (cr);
      return;
    }

  /* Each part draws its own background and heading below the title. */
  part = *plot;
  cairo_translate (cr, 0, top);
  switch (plot->report->task)
    {
    case NRT_TASK_CLASSIFICATION:
      left_width = round (width * CONFUSION_WIDTH_SHARE);
      part.title = _("Confusion matrix");
      nrt_plot_confusion (cr, left_width, height - top, &part);
      cairo_translate (cr, left_width, 0);
      part.title = _("Metrics per class");
      nrt_plot_class_metrics (cr, width - left_width, height - top, &part);
      break;

    case NRT_TASK_MULTILABEL:
      part.title = NULL;
      nrt_plot_label_metrics (cr, width, height - top, &part);
      break;

    case NRT_TASK_REGRESSION:
    default:
      part.title = NULL;
      nrt_plot_regression_scatter (cr, width, height - top, &part);
      break;
    }

  cairo_restore (cr);
}

void
nrt_plot_confusion_draw_func (cairo_t *cr, double width, double height, gpointer plot)
{
  nrt_plot_confusion (cr, width, height, plot);
}

void
nrt_plot_metrics_draw_func (cairo_t *cr, double width, double height, gpointer plot)
{
  nrt_plot_metrics (cr, width, height, plot);
}
