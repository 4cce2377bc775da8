/* nrt-plot-metrics-table.c: the tables of precision, recall, F1 and
 * support per class or per label. */
#define G_LOG_DOMAIN "Neurite-Plot"

#include "config.h"

#include "nrt-plot-metrics-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>

/* A blue bar behind each ratio, whose length is that ratio of the cell's
 * width, so that weak classes stand out without reading every number. The
 * bar is pale on a light background and dark on a dark one, so that the
 * text over it keeps its contrast. */
static const NrtColor light_bar_color = { 0.85, 0.91, 0.97 };
static const NrtColor dark_bar_color = { 0.13, 0.24, 0.36 };

/* Row height in lines of text. */
#define ROW_SPACING 1.45

#define MAX_COLUMNS 8

typedef struct {
  int n_columns;
  const char *headers[MAX_COLUMNS];   /* plain text */
  GPtrArray *cells;                   /* n_rows * n_columns markup strings, row-major */
  GArray *bars;                       /* doubles, n_rows * n_columns, NaN for no bar */
  int n_body_rows;                    /* class or label rows, before the summary rows */
} Table;

static void
table_init (Table *table, int n_columns)
{
  table->n_columns = n_columns;
  table->cells = g_ptr_array_new_with_free_func (g_free);
  table->bars = g_array_new (FALSE, FALSE, sizeof (double));
  table->n_body_rows = 0;
}

static void
table_clear (Table *table)
{
  g_ptr_array_unref (table->cells);
  g_array_unref (table->bars);
}

static int
table_n_rows (const Table *table)
{
  return (int) table->cells->len / table->n_columns;
}

/* Appends one cell and takes markup. bar is a ratio in [0, 1] to draw
 * behind the cell, or NaN for none. */
static void
table_add (Table *table, char *markup, double bar)
{
  g_ptr_array_add (table->cells, markup);
  g_array_append_val (table->bars, bar);
}

static void
table_add_ratio (Table *table, double value)
{
  table_add (table, g_strdup_printf ("%.3f", value), value);
}

static void
table_add_count (Table *table, long count)
{
  table_add (table, g_strdup_printf ("%ld", count), NAN);
}

static void
table_add_empty (Table *table)
{
  table_add (table, g_strdup (""), NAN);
}

/* Measures the widest cell of each column, headers included. */
static double
measure_columns (cairo_t *cr, const NrtPlotStyle *style, const Table *table, double *widths)
{
  double total = 0.0;
  int n_rows = table_n_rows (table);

  for (int c = 0; c < table->n_columns; c++)
    {
      g_autofree char *header = g_markup_escape_text (table->headers[c], -1);

      nrt_plot_text_measure (cr, style, header, TRUE, &widths[c], NULL);
      for (int r = 0; r < n_rows; r++)
        {
          const char *cell = g_ptr_array_index (table->cells, r * table->n_columns + c);
          double cell_width;

          nrt_plot_text_measure (cr, style, cell, FALSE, &cell_width, NULL);
          widths[c] = MAX (widths[c], cell_width);
        }
      widths[c] += style->pad * 3.0;
      total += widths[c];
    }
  return total;
}

static void
draw_rule (cairo_t *cr, const NrtPlotStyle *style, double x0, double x1, double y)
{
  nrt_plot_set_color (cr, nrt_plot_get_theme (cr)->outline);
  cairo_set_line_width (cr, 0.8 * style->unit);
  cairo_move_to (cr, x0, y);
  cairo_line_to (cr, x1, y);
  cairo_stroke (cr);
}

/* Draws one row: the first column left-aligned, the others right-aligned. */
static void
draw_row (cairo_t *cr, const NrtPlotStyle *style, const Table *table, int row,
          const double *widths, double x, double y, double row_height)
{
  NrtColor bar_color = nrt_plot_theme_is_dark (nrt_plot_get_theme (cr)) ? dark_bar_color
                                                                         : light_bar_color;
  double cell_x = x;

  for (int c = 0; c < table->n_columns; c++)
    {
      const char *cell = g_ptr_array_index (table->cells, row * table->n_columns + c);
      double bar = g_array_index (table->bars, double, row * table->n_columns + c);

      if (!isnan (bar))
        {
          double bar_width = (widths[c] - style->pad * 2.0) * CLAMP (bar, 0.0, 1.0);

          cairo_rectangle (cr, cell_x + widths[c] - style->pad - bar_width,
                           y + row_height * 0.12, bar_width, row_height * 0.76);
          nrt_plot_set_color (cr, bar_color);
          cairo_fill (cr);
        }
      if (c == 0)
        nrt_plot_text_draw (cr, style, cell, FALSE, FALSE, cell_x + style->pad,
                            y + row_height / 2.0, 0.0, 0.5);
      else
        nrt_plot_text_draw (cr, style, cell, FALSE, FALSE, cell_x + widths[c] - style->pad * 1.5,
                            y + row_height / 2.0, 1.0, 0.5);
      cell_x += widths[c];
    }
}

/* Draws the table centred in the rectangle below top. The text shrinks to
 * fit, down to NRT_PLOT_METRICS_MIN_FONT_SIZE. When the body rows still do
 * not fit, the last body rows give way to one row that counts them. */
static void
draw_table (cairo_t *cr, const NrtPlotStyle *base_style, const Table *table, double width,
            double height, double top)
{
  NrtPlotStyle style = *base_style;
  double widths[MAX_COLUMNS];
  double total_width, row_height, x, y;
  int n_rows = table_n_rows (table);
  int n_summary = n_rows - table->n_body_rows;
  int n_fitting, n_body_shown;

  /* Step 1: the font size at which the widths and the rows fit. */
  total_width = measure_columns (cr, &style, table, widths);
  for (;;)
    {
      double factor = 1.0;

      row_height = style.line_height * ROW_SPACING;
      if (total_width > width - style.pad * 2.0)
        factor = (width - style.pad * 2.0) / total_width;
      if ((n_rows + 1) * row_height + style.pad > height - top)
        factor = MIN (factor, (height - top - style.pad) / ((n_rows + 1) * row_height));
      if (factor >= 0.999 || style.font_size <= NRT_PLOT_METRICS_MIN_FONT_SIZE)
        break;
      style = nrt_plot_metrics_scale_style (cr, base_style,
                                            MAX (style.font_size * factor * 0.98,
                                                 NRT_PLOT_METRICS_MIN_FONT_SIZE)
                                            / base_style->font_size);
      total_width = measure_columns (cr, &style, table, widths);
    }

  /* Step 2: how many body rows fit, keeping the header, the summary rows
   * and, when rows are left out, the row that counts them. */
  n_fitting = (int) floor ((height - top - style.pad) / row_height) - 1 - n_summary;
  n_body_shown = table->n_body_rows;
  if (n_fitting < table->n_body_rows)
    n_body_shown = MAX (n_fitting - 1, 0);

  x = MAX (style.pad, (width - total_width) / 2.0);
  y = top;

  /* Step 3: the header, the body rows, then the summary below a rule. */
  {
    double cell_x = x;

    for (int c = 0; c < table->n_columns; c++)
      {
        g_autofree char *header = g_markup_escape_text (table->headers[c], -1);

        if (c == 0)
          nrt_plot_text_draw (cr, &style, header, TRUE, FALSE, cell_x + style.pad,
                              y + row_height / 2.0, 0.0, 0.5);
        else
          nrt_plot_text_draw (cr, &style, header, TRUE, FALSE,
                              cell_x + widths[c] - style.pad * 1.5, y + row_height / 2.0,
                              1.0, 0.5);
        cell_x += widths[c];
      }
  }
  y += row_height;
  draw_rule (cr, &style, x, x + total_width, y);

  for (int r = 0; r < n_body_shown; r++, y += row_height)
    draw_row (cr, &style, table, r, widths, x, y, row_height);
  if (n_body_shown < table->n_body_rows)
    {
      g_autofree char *more = NULL;
      int n_hidden = table->n_body_rows - n_body_shown;

      /* TRANSLATORS: a table row standing for the rows left out for lack of room. */
      more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "… %d more row", "… %d more rows",
                                           n_hidden),
                              n_hidden);
      nrt_plot_text_draw_color (cr, &style, more, FALSE, FALSE, x + style.pad,
                                y + row_height / 2.0, 0.0, 0.5,
                                nrt_plot_get_theme (cr)->muted_text);
      y += row_height;
    }

  draw_rule (cr, &style, x, x + total_width, y);
  for (int r = table->n_body_rows; r < n_rows; r++, y += row_height)
    draw_row (cr, &style, table, r, widths, x, y, row_height);
}

static gboolean
check_report (cairo_t *cr, const NrtPlotStyle *style, double width, double height, double top,
              const NrtMetricsPlot *plot, NrtTask task)
{
  if (!nrt_plot_metrics_has_report (cr, style, width, height, top, plot))
    return FALSE;
  if (plot->report->task != task || plot->report->n_classes < 1
      || plot->report->precision == NULL)
    {
      nrt_plot_metrics_draw_hint (cr, style, 0, top, width, height - top,
                                  task == NRT_TASK_CLASSIFICATION
                                    ? _("This table needs a classification report")
                                    : _("This table needs a multi-label report"));
      return FALSE;
    }
  return TRUE;
}

/* Fills the per-class rows, then the accuracy and the macro average as
 * classification_report lays them out: the accuracy in the F1 column. */
static void
fill_class_table (Table *table, const NrtMetricsPlot *plot)
{
  const NrtMetricsReport *report = plot->report;
  double sum_precision = 0.0, sum_recall = 0.0;
  long total_support = 0;

  table_init (table, 5);
  table->headers[0] = _("Class");
  table->headers[1] = _("Precision");
  table->headers[2] = _("Recall");
  table->headers[3] = _("F1");
  table->headers[4] = _("Support");

  for (int c = 0; c < report->n_classes; c++)
    {
      table_add (table, nrt_plot_metrics_dup_name (plot, c), NAN);
      table_add_ratio (table, report->precision[c]);
      table_add_ratio (table, report->recall[c]);
      table_add_ratio (table, report->f1[c]);
      table_add_count (table, report->support[c]);
      sum_precision += report->precision[c];
      sum_recall += report->recall[c];
      total_support += report->support[c];
    }
  table->n_body_rows = report->n_classes;

  table_add (table, g_markup_escape_text (_("Accuracy"), -1), NAN);
  table_add_empty (table);
  table_add_empty (table);
  table_add_ratio (table, report->accuracy);
  table_add_count (table, report->n_samples);

  table_add (table, g_markup_escape_text (_("Macro average"), -1), NAN);
  table_add_ratio (table, sum_precision / report->n_classes);
  table_add_ratio (table, sum_recall / report->n_classes);
  table_add_ratio (table, report->macro_f1);
  table_add_count (table, total_support);
}

/* Fills one row per label with its 2x2 counts, then the binary accuracy,
 * the exact-match ratio and the macro average. The report stores each
 * label's matrix as [[TN, FP], [FN, TP]], rows true and columns predicted. */
static void
fill_label_table (Table *table, const NrtMetricsPlot *plot)
{
  const NrtMetricsReport *report = plot->report;
  double sum_precision = 0.0, sum_recall = 0.0;
  long total_support = 0;

  table_init (table, 8);
  table->headers[0] = _("Label");
  table->headers[1] = _("Precision");
  table->headers[2] = _("Recall");
  table->headers[3] = _("F1");
  table->headers[4] = _("Support");
  /* TRANSLATORS: true positives, false positives and false negatives. */
  table->headers[5] = _("TP");
  table->headers[6] = _("FP");
  table->headers[7] = _("FN");

  for (int l = 0; l < report->n_classes; l++)
    {
      const int *counts = report->confusion != NULL ? report->confusion + l * 4 : NULL;

      table_add (table, nrt_plot_metrics_dup_name (plot, l), NAN);
      table_add_ratio (table, report->precision[l]);
      table_add_ratio (table, report->recall[l]);
      table_add_ratio (table, report->f1[l]);
      table_add_count (table, report->support[l]);
      if (counts != NULL)
        {
          table_add_count (table, counts[3]);
          table_add_count (table, counts[1]);
          table_add_count (table, counts[2]);
        }
      else
        {
          table_add_empty (table);
          table_add_empty (table);
          table_add_empty (table);
        }
      sum_precision += report->precision[l];
      sum_recall += report->recall[l];
      total_support += report->support[l];
    }
  table->n_body_rows = report->n_classes;

  table_add (table, g_markup_escape_text (_("Binary accuracy"), -1), NAN);
  for (int c = 1; c < 8; c++)
    {
      if (c == 3)
        table_add_ratio (table, report->accuracy);
      else
        table_add_empty (table);
    }

  table_add (table, g_markup_escape_text (_("Exact match"), -1), NAN);
  for (int c = 1; c < 8; c++)
    {
      if (c == 3)
        table_add_ratio (table, report->exact_match);
      else if (c == 4)
        table_add_count (table, report->n_samples);
      else
        table_add_empty (table);
    }

  table_add (table, g_markup_escape_text (_("Macro average"), -1), NAN);
  table_add_ratio (table, sum_precision / report->n_classes);
  table_add_ratio (table, sum_recall / report->n_classes);
  table_add_ratio (table, report->macro_f1);
  table_add_count (table, total_support);
  for (int c = 5; c < 8; c++)
    table_add_empty (table);
}

/* Draws the title, then the table that fill makes from plot, or a hint when
 * plot has no report of the given task. */
static void
draw_metrics_table (cairo_t *cr, double width, double height, const NrtMetricsPlot *plot,
                    NrtTask task, void (*fill) (Table *table, const NrtMetricsPlot *plot))
{
  NrtPlotStyle style;
  Table table;
  double top;

  cairo_save (cr);
  if (nrt_plot_metrics_begin (cr, width, height, plot, &style, &top)
      && check_report (cr, &style, width, height, top, plot, task))
    {
      fill (&table, plot);
      draw_table (cr, &style, &table, width, height, top);
      table_clear (&table);
    }
  cairo_restore (cr);
}

void
nrt_plot_class_metrics (cairo_t *cr, double width, double height, const NrtMetricsPlot *plot)
{
  g_return_if_fail (cr != NULL);

  draw_metrics_table (cr, width, height, plot, NRT_TASK_CLASSIFICATION, fill_class_table);
}

void
nrt_plot_label_metrics (cairo_t *cr, double width, double height, const NrtMetricsPlot *plot)
{
  g_return_if_fail (cr != NULL);

  draw_metrics_table (cr, width, height, plot, NRT_TASK_MULTILABEL, fill_label_table);
}

void
nrt_plot_class_metrics_draw_func (cairo_t *cr, double width, double height, gpointer plot)
{
  nrt_plot_class_metrics (cr, width, height, plot);
}

void
nrt_plot_label_metrics_draw_func (cairo_t *cr, double width, double height, gpointer plot)
{
  nrt_plot_label_metrics (cr, width, height, plot);
}
