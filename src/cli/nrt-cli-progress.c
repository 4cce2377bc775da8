/* nrt-cli-progress.c: a progress display in the layout of Keras's Progbar.
 *
 * The formats follow tf.keras 2.x's Progbar.update: the bar, " - ETA: ..."
 * during the epoch, " - 0s 968us/step" at its end, then " - name: value"
 * for each metric with "%.4f", or "%.4e" when |value| <= 1e-3.
 */
#include "config.h"

#include "nrt-cli-progress.h"
#include "nrt-cli-options.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

struct NrtCliProgress {
  FILE *stream;
  int n_epochs;
  gboolean dynamic;
  int columns;
  gint64 epoch_start_us;   /* monotonic time at the start of the epoch */
  gint64 last_draw_us;     /* monotonic time of the last in-place redraw, 0 before any */
  gsize open_length;       /* characters of the in-place line on screen, 0 when none */
};

NrtCliProgress *
nrt_cli_progress_new (FILE *stream, int n_epochs, gboolean dynamic, int columns)
{
  NrtCliProgress *progress;

  g_return_val_if_fail (stream != NULL, NULL);

  progress = g_new0 (NrtCliProgress, 1);
  progress->stream = stream;
  progress->n_epochs = n_epochs;
  progress->dynamic = dynamic;
  progress->columns = columns;
  progress->epoch_start_us = g_get_monotonic_time ();
  return progress;
}

void
nrt_cli_progress_free (NrtCliProgress *progress)
{
  g_free (progress);
}

void
nrt_cli_progress_append_step_time (GString *line, double seconds_per_step)
{
  if (seconds_per_step >= 1 || seconds_per_step == 0)
    g_string_append_printf (line, " %.0fs/step", seconds_per_step);
  else if (seconds_per_step >= 1e-3)
    g_string_append_printf (line, " %.0fms/step", seconds_per_step * 1e3);
  else
    g_string_append_printf (line, " %.0fus/step", seconds_per_step * 1e6);
}

static void
append_eta (GString *line, double eta_seconds)
{
  long eta = (long) eta_seconds;

  if (eta_seconds > 3600)
    g_string_append_printf (line, " - ETA: %ld:%02ld:%02ld", eta / 3600, (eta % 3600) / 60,
                            eta % 60);
  else if (eta_seconds > 60)
    g_string_append_printf (line, " - ETA: %ld:%02ld", eta / 60, eta % 60);
  else
    g_string_append_printf (line, " - ETA: %lds", eta);
}

char *
nrt_cli_format_metric (double value, char *buffer)
{
  return nrt_cli_format_value (fabs (value) > 1e-3 ? "%.4f" : "%.4e", value, buffer);
}

static void
append_metric (GString *line, const char *name, double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (line, " - %s: %s", name, nrt_cli_format_metric (value, buffer));
}

char *
nrt_cli_progress_format_line (int current, int target, double elapsed_seconds,
                              const NrtLogs *logs, gboolean final)
{
  GString *line;
  int digits;
  int filled;
  double seconds_per_step;

  g_return_val_if_fail (target > 0 && current >= 0 && current <= target && logs != NULL, NULL);

  line = g_string_new (NULL);

  /* The bar: the count right-aligned to the width of the total, then
   * NRT_CLI_PROGRESS_BAR_WIDTH characters of '=', a '>' head while the epoch
   * runs, and '.' for the rest. */
  digits = (int) floor (log10 (target)) + 1;
  g_string_append_printf (line, "%*d/%d [", digits, current, target);
  filled = (int) (NRT_CLI_PROGRESS_BAR_WIDTH * ((double) current / target));
  if (filled > 0)
    {
      for (int i = 0; i < filled - 1; i++)
        g_string_append_c (line, '=');
      g_string_append_c (line, current < target ? '>' : '=');
    }
  for (int i = filled; i < NRT_CLI_PROGRESS_BAR_WIDTH; i++)
    g_string_append_c (line, '.');
  g_string_append_c (line, ']');

  /* The times. */
  seconds_per_step = current > 0 ? elapsed_seconds / current : 0;
  if (final)
    {
      g_string_append_printf (line, " - %.0fs", elapsed_seconds);
      nrt_cli_progress_append_step_time (line, seconds_per_step);
    }
  else
    {
      append_eta (line, seconds_per_step * (target - current));
    }

  /* The metrics, in Keras's order. */
  append_metric (line, "loss", logs->loss);
  if (logs->has_accuracy)
    append_metric (line, "accuracy", logs->accuracy);
  if (final && logs->has_validation)
    {
      append_metric (line, "val_loss", logs->val_loss);
      if (logs->has_accuracy)
        append_metric (line, "val_accuracy", logs->val_accuracy);
    }

  return g_string_free (line, FALSE);
}

/* Returns the length of line cut to at most max_length characters, at the
 * end of the last whole " - name: value" item that fits where there is one. */
static gsize
cut_length (const char *line, gsize max_length)
{
  gsize cut = 0;

  for (const char *item = strstr (line, " - "); item != NULL; item = strstr (item + 1, " - "))
    {
      if ((gsize) (item - line) > max_length)
        break;
      cut = item - line;
    }
  return cut > 0 ? cut : max_length;
}

/* Draws text over the in-place line: a carriage return, the text, and
 * spaces over what is left of a longer previous line. */
static void
draw_in_place (NrtCliProgress *progress, const char *text, gsize length)
{
  fputc ('\r', progress->stream);
  fwrite (text, 1, length, progress->stream);
  for (gsize i = length; i < progress->open_length; i++)
    fputc (' ', progress->stream);
}

void
nrt_cli_progress_begin_epoch (NrtCliProgress *progress, int epoch)
{
  g_return_if_fail (progress != NULL);

  /* TRANSLATORS: the heading of an epoch in the progress output, "Epoch 3/10",
   * as Keras prints it. */
  fprintf (progress->stream, _("Epoch %d/%d\n"), epoch + 1, progress->n_epochs);
  fflush (progress->stream);
  progress->epoch_start_us = g_get_monotonic_time ();
  progress->last_draw_us = 0;
  progress->open_length = 0;
}

void
nrt_cli_progress_update (NrtCliProgress *progress, const NrtLogs *logs)
{
  g_autofree char *line = NULL;
  gint64 now;
  gsize length;

  g_return_if_fail (progress != NULL && logs != NULL);

  if (!progress->dynamic || logs->n_batches <= 0)
    return;

  now = g_get_monotonic_time ();
  if (progress->last_draw_us != 0 && now - progress->last_draw_us < NRT_CLI_PROGRESS_INTERVAL_US)
    return;

  /* The line is ASCII, so its length in bytes is its width in columns. */
  line = nrt_cli_progress_format_line (MIN (logs->batch + 1, logs->n_batches), logs->n_batches,
                                       (now - progress->epoch_start_us) / 1e6, logs, FALSE);
  length = strlen (line);
  if (progress->columns > 0 && length > (gsize) progress->columns - 1)
    length = cut_length (line, progress->columns - 1);

  draw_in_place (progress, line, length);
  fflush (progress->stream);
  progress->open_length = length;
  progress->last_draw_us = now;
}

void
nrt_cli_progress_end_epoch (NrtCliProgress *progress, const NrtLogs *logs)
{
  g_autofree char *line = NULL;
  double elapsed;

  g_return_if_fail (progress != NULL && logs != NULL);

  if (logs->n_batches <= 0)
    return;

  elapsed = (g_get_monotonic_time () - progress->epoch_start_us) / 1e6;
  line = nrt_cli_progress_format_line (logs->n_batches, logs->n_batches, elapsed, logs, TRUE);
  if (progress->dynamic)
    draw_in_place (progress, line, strlen (line));
  else
    fputs (line, progress->stream);
  fputc ('\n', progress->stream);
  fflush (progress->stream);
  progress->open_length = 0;
}

void
nrt_cli_progress_finish (NrtCliProgress *progress)
{
  g_return_if_fail (progress != NULL);

  if (progress->open_length > 0)
    {
      fputc ('\n', progress->stream);
      fflush (progress->stream);
      progress->open_length = 0;
    }
}
