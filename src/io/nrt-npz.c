/* nrt-npz.c: writing float32 arrays as a NumPy .npz archive with libzip. */
#define G_LOG_DOMAIN "neurite-npz"

#include "config.h"

#include "nrt-npz.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <zip.h>

/* The magic string, the two version bytes and the uint16 header length. */
#define NPY_PREFIX_LENGTH 10
#define NPY_ALIGNMENT 64

struct _NrtNpzWriter {
  zip_source_t *buffer;   /* the archive's bytes, kept alive past zip_close */
  zip_t *archive;         /* NULL after nrt_npz_writer_finish */
  int n_members;
};

G_DEFINE_QUARK (nrt-npz-error-quark, nrt_npz_error)

/* Formats the dict literal of the header, with the trailing ", " that
 * numpy writes, and the shape as a Python tuple: "()", "(3,)" or "(3, 4)". */
static GString *
format_header_dict (const gsize *shape, int n_dims)
{
  GString *dict = g_string_new ("{'descr': '<f4', 'fortran_order': False, 'shape': (");

  for (int i = 0; i < n_dims; i++)
    {
      if (i > 0)
        g_string_append (dict, ", ");
      g_string_append_printf (dict, "%" G_GSIZE_FORMAT, shape[i]);
    }
  if (n_dims == 1)
    g_string_append_c (dict, ',');
  g_string_append (dict, "), }");
  return dict;
}

GBytes *
nrt_npz_format_npy (const float *data, const gsize *shape, int n_dims, GError **error)
{
  g_autoptr (GString) header = NULL;
  gsize n_values = 1;
  gsize data_length;
  gsize header_length;
  guint8 *npy;

  if (n_dims < 0 || n_dims > NRT_NPZ_MAX_DIMS)
    {
      g_set_error (error, NRT_NPZ_ERROR, NRT_NPZ_ERROR_INVALID,
                   _("An array of %d dimensions cannot be written: the limit is %d"),
                   n_dims, NRT_NPZ_MAX_DIMS);
      return NULL;
    }
  for (int i = 0; i < n_dims; i++)
    if (!g_size_checked_mul (&n_values, n_values, shape[i]))
      goto too_large;
  if (!g_size_checked_mul (&data_length, n_values, sizeof (float)))
    goto too_large;

  /* The padding spaces and the newline end the header at a multiple of
   * 64 bytes, counted from the start of the file. */
  header = format_header_dict (shape, n_dims);
  header_length = NPY_PREFIX_LENGTH + header->len + 1;
  header_length = (header_length + NPY_ALIGNMENT - 1) / NPY_ALIGNMENT * NPY_ALIGNMENT;
  while (NPY_PREFIX_LENGTH + header->len + 1 < header_length)
    g_string_append_c (header, ' ');
  g_string_append_c (header, '\n');
  if (header->len > G_MAXUINT16 || data_length > G_MAXSIZE - header_length)
    goto too_large;

  npy = g_malloc (header_length + data_length);
  memcpy (npy, "\x93NUMPY\x01\x00", 8);
  npy[8] = header->len & 0xff;
  npy[9] = header->len >> 8;
  memcpy (npy + NPY_PREFIX_LENGTH, header->str, header->len);
  for (gsize i = 0; i < n_values; i++)
    {
      guint32 bits;

      memcpy (&bits, &data[i], sizeof bits);
      bits = GUINT32_TO_LE (bits);
      memcpy (npy + header_length + i * sizeof bits, &bits, sizeof bits);
    }
  return g_bytes_new_take (npy, header_length + data_length);

too_large:
  g_set_error_literal (error, NRT_NPZ_ERROR, NRT_NPZ_ERROR_INVALID,
                       _("The array is too large for the .npy format"));
  return NULL;
}

/* Sets NRT_NPZ_ERROR_FAILED to message, a translated sentence, followed by
 * libzip's reason. */
static void
set_zip_error (GError **error, const char *message, zip_error_t *zip_error)
{
  g_set_error (error, NRT_NPZ_ERROR, NRT_NPZ_ERROR_FAILED, "%s: %s", message,
               zip_error_strerror (zip_error));
}

NrtNpzWriter *
nrt_npz_writer_new (GError **error)
{
  NrtNpzWriter *writer = g_new0 (NrtNpzWriter, 1);
  zip_error_t zip_error;

  zip_error_init (&zip_error);
  writer->buffer = zip_source_buffer_create (NULL, 0, 0, &zip_error);
  if (writer->buffer != NULL)
    {
      /* zip_close and zip_discard release the source once, so this extra
       * reference keeps the written bytes readable after zip_close. */
      zip_source_keep (writer->buffer);
      writer->archive = zip_open_from_source (writer->buffer, ZIP_TRUNCATE, &zip_error);
    }
  if (writer->archive == NULL)
    {
      set_zip_error (error, _("Could not create the archive in memory"), &zip_error);
      zip_error_fini (&zip_error);
      nrt_npz_writer_free (writer);
      return NULL;
    }
  zip_error_fini (&zip_error);
  return writer;
}

gboolean
nrt_npz_writer_add (NrtNpzWriter *writer, const char *name, const float *data,
                    const gsize *shape, int n_dims, GError **error)
{
  g_autoptr (GBytes) npy = NULL;
  g_autofree char *member_name = NULL;
  zip_source_t *source;
  gsize length;
  void *copy;
  zip_int64_t index;

  g_return_val_if_fail (writer->archive != NULL, FALSE);

  if (name == NULL || name[0] == '\0')
    {
      g_set_error_literal (error, NRT_NPZ_ERROR, NRT_NPZ_ERROR_INVALID,
                           _("An array name is empty: every array needs a name"));
      return FALSE;
    }
  member_name = g_strconcat (name, ".npy", NULL);
  if (zip_name_locate (writer->archive, member_name, 0) >= 0)
    {
      g_set_error (error, NRT_NPZ_ERROR, NRT_NPZ_ERROR_INVALID,
                   _("The array name “%s” is used twice: names must be unique"), name);
      return FALSE;
    }
  npy = nrt_npz_format_npy (data, shape, n_dims, error);
  if (npy == NULL)
    return FALSE;

  /* libzip releases the copy with free() once the archive is closed. */
  length = g_bytes_get_size (npy);
  copy = malloc (length);
  if (copy == NULL)
    {
      g_set_error (error, NRT_NPZ_ERROR, NRT_NPZ_ERROR_FAILED,
                   _("Out of memory for the array “%s”"), name);
      return FALSE;
    }
  memcpy (copy, g_bytes_get_data (npy, NULL), length);
  source = zip_source_buffer (writer->archive, copy, length, 1);
  if (source == NULL)
    {
      free (copy);
      set_zip_error (error, _("Could not add the array to the archive"),
                     zip_get_error (writer->archive));
      return FALSE;
    }
  index = zip_file_add (writer->archive, member_name, source, ZIP_FL_ENC_UTF_8);
  if (index < 0)
    {
      zip_source_free (source);
      set_zip_error (error, _("Could not add the array to the archive"),
                     zip_get_error (writer->archive));
      return FALSE;
    }
  if (zip_set_file_compression (writer->archive, (zip_uint64_t) index, ZIP_CM_STORE, 0) < 0)
    {
      set_zip_error (error, _("Could not add the array to the archive"),
                     zip_get_error (writer->archive));
      return FALSE;
    }
  writer->n_members++;
  return TRUE;
}

/* Copies the whole content of the buffer source. */
static GBytes *
read_buffer (zip_source_t *buffer, GError **error)
{
  zip_stat_t stat;
  guint8 *data;
  zip_int64_t n_read;

  zip_stat_init (&stat);
  if (zip_source_stat (buffer, &stat) < 0 || !(stat.valid & ZIP_STAT_SIZE)
      || zip_source_open (buffer) < 0)
    {
      set_zip_error (error, _("Could not read the finished archive"), zip_source_error (buffer));
      return NULL;
    }
  data = g_malloc (stat.size);
  n_read = zip_source_read (buffer, data, stat.size);
  zip_source_close (buffer);
  if (n_read < 0 || (zip_uint64_t) n_read != stat.size)
    {
      g_free (data);
      set_zip_error (error, _("Could not read the finished archive"), zip_source_error (buffer));
      return NULL;
    }
  return g_bytes_new_take (data, stat.size);
}

GBytes *
nrt_npz_writer_finish (NrtNpzWriter *writer, GError **error)
{
  g_return_val_if_fail (writer->archive != NULL, NULL);

  /* libzip removes an archive without members in place of writing one. */
  if (writer->n_members == 0)
    {
      g_set_error_literal (error, NRT_NPZ_ERROR, NRT_NPZ_ERROR_INVALID,
                           _("The archive has no arrays: add at least one"));
      return NULL;
    }
  if (zip_close (writer->archive) < 0)
    {
      set_zip_error (error, _("Could not write the archive"), zip_get_error (writer->archive));
      return NULL;
    }
  writer->archive = NULL;
  return read_buffer (writer->buffer, error);
}

void
nrt_npz_writer_free (NrtNpzWriter *writer)
{
  if (writer == NULL)
    return;
  if (writer->archive != NULL)
    zip_discard (writer->archive);
  if (writer->buffer != NULL)
    zip_source_free (writer->buffer);
  g_free (writer);
}
