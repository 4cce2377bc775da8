/* nrt-npz-model.c: a model's parameters as .npz arrays (see
 * nrt-npz-model.h). */
#include "config.h"

#include "io/nrt-npz-model.h"

gboolean
nrt_npz_writer_add_model (NrtNpzWriter *writer, NrtModel *model, GError **error)
{
  gsize n_inputs;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (model != NULL, FALSE);

  /* Step 1: the kernel and bias of every layer, in the model's order. */
  n_inputs = (gsize) nrt_model_get_n_inputs (model);
  for (int i = 0; i < nrt_model_get_n_layers (model); i++)
    {
      const NrtDenseConfig *layer = nrt_model_get_layer (model, i);
      const char *name = nrt_model_get_layer_name (model, i);
      g_autofree char *kernel_name = g_strconcat (name, "/kernel", NULL);
      g_autofree char *bias_name = g_strconcat (name, "/bias", NULL);
      gsize kernel_shape[2] = { n_inputs, (gsize) layer->units };
      gsize bias_shape[1] = { (gsize) layer->units };

      if (!nrt_npz_writer_add (writer, kernel_name, nrt_model_get_kernel (model, i),
                               kernel_shape, 2, error))
        return FALSE;
      if (layer->use_bias
          && !nrt_npz_writer_add (writer, bias_name, nrt_model_get_bias (model, i), bias_shape,
                                  1, error))
        return FALSE;
      n_inputs = (gsize) layer->units;
    }

  /* Step 2: the normalization statistics. */
  if (nrt_model_has_normalization (model))
    {
      gsize shape[1] = { (gsize) nrt_model_get_n_inputs (model) };

      if (!nrt_npz_writer_add (writer, "normalization/mean",
                               nrt_model_get_normalization_mean (model), shape, 1, error)
          || !nrt_npz_writer_add (writer, "normalization/variance",
                                  nrt_model_get_normalization_variance (model), shape, 1,
                                  error))
        return FALSE;
    }
  return TRUE;
}

GBytes *
nrt_npz_format_model (NrtModel *model, GError **error)
{
  g_autoptr (NrtNpzWriter) writer = NULL;

  g_return_val_if_fail (model != NULL, NULL);

  writer = nrt_npz_writer_new (error);
  if (writer == NULL || !nrt_npz_writer_add_model (writer, model, error))
    return NULL;
  return nrt_npz_writer_finish (writer, error);
}
