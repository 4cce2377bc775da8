/* nrt-summary.c: a Keras-style model summary.
 *
 * The text follows the layout that print_summary in Keras 2.12
 * (keras/utils/layer_utils.py) gives a Sequential model. Lines are 65
 * characters long, and columns end at 29, 55 and 65 (0.45, 0.85 and 1.0 of
 * the line). A line of spaces follows each layer, and the totals have
 * thousands separators.
 */
#include "nrt-summary.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nrt-tensor.h"

#define SUMMARY_LINE_LENGTH 65
#define SUMMARY_N_COLUMNS 3

/* Where each column ends, in characters from the start of the line. */
static const int column_ends[SUMMARY_N_COLUMNS] = { 29, 55, 65 };

/* Allocates a summary of n_layers rows, or returns NULL. */
static NrtSummary *
summary_alloc (int n_layers)
{
  NrtSummary *summary = calloc (1, sizeof *summary);

  if (summary == NULL)
    return NULL;
  summary->rows = calloc ((size_t) n_layers, sizeof *summary->rows);
  if (summary->rows == NULL)
    {
      free (summary);
      return NULL;
    }
  summary->n_rows = n_layers;
  return summary;
}

/* Fills the row of Dense layer index, named as Keras names the layers of a
 * Sequential model: "dense", then "dense_1", "dense_2", ... Returns 0 when
 * its parameter count, or the total with it, would exceed SIZE_MAX. */
static int
summary_add_dense_row (NrtSummary *summary, int index, const char *name, int fan_in,
                       const NrtDenseConfig *layer)
{
  NrtSummaryRow *row = &summary->rows[index];
  size_t units = (size_t) layer->units;
  size_t n_params;

  snprintf (row->name, sizeof row->name, "%s", name);
  snprintf (row->type, sizeof row->type, "Dense");
  row->n_dims = 1;
  row->output_shape[0] = layer->units;

  /* Dense: the kernel (fan_in, units), then the bias (units). */
  if ((size_t) fan_in > (SIZE_MAX - units) / units)
    return 0;
  n_params = (size_t) fan_in * units + (layer->use_bias ? units : 0);
  if (n_params > SIZE_MAX - summary->total_params)
    return 0;
  row->n_params = n_params;
  summary->total_params += n_params;

  /* Every parameter of a Dense layer is trainable. */
  summary->trainable_params += n_params;
  return 1;
}

NrtStatus
nrt_summary_add_normalization (NrtSummary *summary, int n_features, NrtError *err)
{
  NrtSummaryRow *rows, *row;

  rows = realloc (summary->rows, (size_t) (summary->n_rows + 1) * sizeof *rows);
  if (rows == NULL)
    return nrt_error_set (err, NRT_ERROR_NO_MEMORY,
                          "out of memory adding the normalization row to the summary");
  memmove (rows + 1, rows, (size_t) summary->n_rows * sizeof *rows);
  summary->rows = rows;
  summary->n_rows++;

  /* Keras counts the mean (n), the variance (n) and the sample count (1)
   * as non-trainable weights. */
  row = &rows[0];
  memset (row, 0, sizeof *row);
  snprintf (row->name, sizeof row->name, "normalization");
  snprintf (row->type, sizeof row->type, "Normalization");
  row->n_dims = 1;
  row->output_shape[0] = n_features;
  row->n_params = 2 * (size_t) n_features + 1;
  summary->total_params += row->n_params;
  summary->non_trainable_params += row->n_params;
  return NRT_OK;
}

NrtSummary *
nrt_summary_new (const NrtModel *model)
{
  NrtSummary *summary;
  int n_layers;

  if (model == NULL)
    return NULL;

  n_layers = nrt_model_get_n_layers (model);
  summary = summary_alloc (n_layers);
  if (summary == NULL)
    return NULL;

  /* The model has every parameter in memory, so the counts fit size_t. */
  for (int l = 0; l < n_layers; l++)
    summary_add_dense_row (summary, l, nrt_model_get_layer_name (model, l),
                           l == 0 ? nrt_model_get_n_inputs (model)
                                  : nrt_model_get_layer (model, l - 1)->units,
                           nrt_model_get_layer (model, l));
  if (nrt_model_has_normalization (model)
      && nrt_summary_add_normalization (summary, nrt_model_get_n_inputs (model), NULL) != NRT_OK)
    {
      nrt_summary_free (summary);
      return NULL;
    }
  return summary;
}

NrtSummary *
nrt_summary_new_from_config (int n_inputs, const NrtDenseConfig *layers, int n_layers,
                             NrtError *err)
{
  NrtSummary *summary;

  if (n_inputs < 1)
    {
      nrt_error_set (err, NRT_ERROR_INVALID,
                     "invalid input width %d: a model needs at least 1 input", n_inputs);
      return NULL;
    }
  if (layers == NULL || n_layers < 1)
    {
      nrt_error_set (err, NRT_ERROR_INVALID,
                     "invalid layer count %d: a model needs at least 1 layer", n_layers);
      return NULL;
    }
  for (int l = 0; l < n_layers; l++)
    if (layers[l].units < 1)
      {
        nrt_error_set (err, NRT_ERROR_INVALID,
                       "invalid units %d in layer %d: a Dense layer needs at least 1 unit",
                       layers[l].units, l);
        return NULL;
      }

  summary = summary_alloc (n_layers);
  if (summary == NULL)
    {
      nrt_error_set (err, NRT_ERROR_NO_MEMORY, "out of memory allocating a summary of %d %s",
                     n_layers, n_layers == 1 ? "layer" : "layers");
      return NULL;
    }

  for (int l = 0; l < n_layers; l++)
    {
      char name[32];

      if (l == 0)
        snprintf (name, sizeof name, "dense");
      else
        snprintf (name, sizeof name, "dense_%d", l);
      if (!summary_add_dense_row (summary, l, name, l == 0 ? n_inputs : layers[l - 1].units,
                                  &layers[l]))
        {
          nrt_summary_free (summary);
          nrt_error_set (err, NRT_ERROR_INVALID,
                         "the parameter count of the model exceeds %zu at layer %d; use fewer "
                         "or smaller layers", (size_t) SIZE_MAX, l);
          return NULL;
        }
    }
  return summary;
}

void
nrt_summary_free (NrtSummary *summary)
{
  if (summary == NULL)
    return;
  free (summary->rows);
  free (summary);
}

/* A growing string. When an allocation fails, text is freed and set to
 * NULL, and later appends do nothing. */
typedef struct {
  char *text;
  size_t length;
  size_t capacity;
} SummaryText;

static void
text_append_bytes (SummaryText *out, const char *bytes, size_t n)
{
  if (out->text == NULL)
    return;

  if (out->length + n + 1 > out->capacity)
    {
      size_t capacity = out->capacity;
      char *text;

      while (out->length + n + 1 > capacity)
        capacity *= 2;
      text = realloc (out->text, capacity);
      if (text == NULL)
        {
          free (out->text);
          out->text = NULL;
          return;
        }
      out->text = text;
      out->capacity = capacity;
    }

  memcpy (out->text + out->length, bytes, n);
  out->length += n;
  out->text[out->length] = '\0';
}

static void
text_append_repeated (SummaryText *out, char c, int count)
{
  for (int i = 0; i < count; i++)
    text_append_bytes (out, &c, 1);
}

static void
text_append_printf (SummaryText *out, const char *format, ...)
  __attribute__ ((format (printf, 2, 3)));

static void
text_append_printf (SummaryText *out, const char *format, ...)
{
  char buffer[256];
  va_list args;
  int n;

  va_start (args, format);
  n = vsnprintf (buffer, sizeof buffer, format, args);
  va_end (args);
  if (n < 0)
    return;
  text_append_bytes (out, buffer, (size_t) n < sizeof buffer ? (size_t) n : sizeof buffer - 1);
}

/* Writes count with a comma every three digits, as Python's "{:,}" does:
 * 1129 becomes "1,129". */
static void
format_thousands (size_t count, char *buffer, size_t size)
{
  char digits[32];
  int n_digits, used = 0;

  n_digits = snprintf (digits, sizeof digits, "%zu", count);
  for (int i = 0; i < n_digits && (size_t) used + 2 < size; i++)
    {
      if (i > 0 && (n_digits - i) % 3 == 0)
        buffer[used++] = ',';
      buffer[used++] = digits[i];
    }
  buffer[used] = '\0';
}

/* Writes one table row. Each field starts at its column, and the first
 * gets a leading space. A field longer than its column (minus the two spaces that
 * separate columns, except in the last) continues on the next line, as
 * Keras wraps it. */
static void
append_row (SummaryText *out, const char *const *fields)
{
  const char *left[SUMMARY_N_COLUMNS];
  int any_left = 1;

  for (int col = 0; col < SUMMARY_N_COLUMNS; col++)
    left[col] = fields[col];

  while (any_left)
    {
      int line_length = 0;

      any_left = 0;
      for (int col = 0; col < SUMMARY_N_COLUMNS; col++)
        {
          int start = col > 0 ? column_ends[col - 1] : 0;
          int space = col < SUMMARY_N_COLUMNS - 1 ? 2 : 0;
          size_t cutoff = (size_t) (column_ends[col] - start - space);
          size_t length = strlen (left[col]);
          size_t fit = length < cutoff ? length : cutoff;

          if (col == 0)
            {
              text_append_bytes (out, " ", 1);
              line_length++;
            }
          text_append_bytes (out, left[col], fit);
          text_append_repeated (out, ' ', space);
          line_length += (int) fit + space;
          left[col] += fit;
          if (left[col][0] != '\0')
            any_left = 1;

          /* Pad to the column's end. A field that overflowed pushes the next
           * column right instead. */
          if (line_length < column_ends[col])
            {
              text_append_repeated (out, ' ', column_ends[col] - line_length);
              line_length = column_ends[col];
            }
        }
      text_append_bytes (out, "\n", 1);
    }
}

static void
append_rule (SummaryText *out, char c)
{
  text_append_repeated (out, c, SUMMARY_LINE_LENGTH);
  text_append_bytes (out, "\n", 1);
}

char *
nrt_summary_format (const NrtSummary *summary, const char *model_name)
{
  static const char *const header[SUMMARY_N_COLUMNS] = { "Layer (type)", "Output Shape",
                                                         "Param #" };
  SummaryText out = { NULL, 0, 1024 };
  char count[32];

  if (summary == NULL)
    return NULL;
  if (model_name == NULL)
    model_name = "sequential";

  out.text = malloc (out.capacity);
  if (out.text == NULL)
    return NULL;
  out.text[0] = '\0';

  text_append_printf (&out, "Model: \"%s\"\n", model_name);
  append_rule (&out, '_');
  append_row (&out, header);
  append_rule (&out, '=');

  for (int l = 0; l < summary->n_rows; l++)
    {
      const NrtSummaryRow *row = &summary->rows[l];
      int shape[NRT_MAX_DIMS];
      char name[sizeof row->name + sizeof row->type + 4];
      char output_shape[64];
      char params[32];
      const char *fields[SUMMARY_N_COLUMNS] = { name, output_shape, params };
      int n_dims = row->n_dims;

      /* The formatted shape has room for NRT_MAX_DIMS - 1 dimensions after
       * the batch, so longer shapes are cut. */
      if (n_dims < 0)
        n_dims = 0;
      if (n_dims > NRT_MAX_DIMS - 1)
        n_dims = NRT_MAX_DIMS - 1;

      /* The batch dimension first, written None. */
      shape[0] = -1;
      for (int i = 0; i < n_dims; i++)
        shape[i + 1] = row->output_shape[i];

      snprintf (name, sizeof name, "%s (%s)", row->name, row->type);
      nrt_shape_format (n_dims + 1, shape, output_shape, sizeof output_shape);
      /* Keras writes a layer's count without separators, unlike the totals. */
      snprintf (params, sizeof params, "%zu", row->n_params);
      append_row (&out, fields);

      text_append_repeated (&out, ' ', SUMMARY_LINE_LENGTH);
      text_append_bytes (&out, "\n", 1);
    }
  append_rule (&out, '=');

  format_thousands (summary->total_params, count, sizeof count);
  text_append_printf (&out, "Total params: %s\n", count);
  format_thousands (summary->trainable_params, count, sizeof count);
  text_append_printf (&out, "Trainable params: %s\n", count);
  format_thousands (summary->non_trainable_params, count, sizeof count);
  text_append_printf (&out, "Non-trainable params: %s\n", count);
  append_rule (&out, '_');
  return out.text;
}
