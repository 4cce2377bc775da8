/* Tests of the .npz writer: the .npy header and data bytes of one array,
 * read back from the archive with libzip, and the rejected inputs. */
#include <glib.h>
#include <string.h>
#include <zip.h>

#include "io/nrt-npz.h"

/* A 2 x 3 array whose values are exact in float32. */
static const float matrix[6] = { 1.0f, -2.0f, 0.5f, 0.0f, 3.25f, -0.125f };
static const gsize matrix_shape[2] = { 2, 3 };

/* The dict literal of the header for a (2, 3) '<f4' array: 59 characters.
 * Ten prefix bytes, the dict and a newline make 70, so the header pads to
 * 128 bytes and its length field is 128 - 10 = 118. numpy.save writes
 * the same 128 bytes (NumPy 1.24.2). */
#define MATRIX_DICT "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"
#define MATRIX_HEADER_LENGTH 128

/* The IEEE 754 single bits of the values, little-endian byte first:
 * 1 = 0x3f800000, -2 = 0xc0000000, 0.5 = 0x3f000000, 0 = 0,
 * 3.25 = 0x40500000 (1.625 * 2^1) and -0.125 = 0xbe000000. */
static const guint8 matrix_data[24] = {
  0x00, 0x00, 0x80, 0x3f,  0x00, 0x00, 0x00, 0xc0,  0x00, 0x00, 0x00, 0x3f,
  0x00, 0x00, 0x00, 0x00,  0x00, 0x00, 0x50, 0x40,  0x00, 0x00, 0x00, 0xbe,
};

/* Reads the member called name from the archive bytes npz and checks that
 * it is stored uncompressed. */
static GBytes *
read_member (GBytes *npz, const char *name)
{
  zip_error_t zip_error;
  zip_source_t *source;
  zip_t *archive;
  zip_stat_t stat;
  zip_file_t *file;
  guint8 *data;

  zip_error_init (&zip_error);
  source = zip_source_buffer_create (g_bytes_get_data (npz, NULL), g_bytes_get_size (npz), 0,
                                     &zip_error);
  g_assert_nonnull (source);
  archive = zip_open_from_source (source, ZIP_RDONLY | ZIP_CHECKCONS, &zip_error);
  g_assert_nonnull (archive);
  zip_error_fini (&zip_error);

  zip_stat_init (&stat);
  g_assert_cmpint (zip_stat (archive, name, 0, &stat), ==, 0);
  g_assert_cmpint (stat.comp_method, ==, ZIP_CM_STORE);
  file = zip_fopen (archive, name, 0);
  g_assert_nonnull (file);
  data = g_malloc (stat.size);
  g_assert_cmpint (zip_fread (file, data, stat.size), ==, (zip_int64_t) stat.size);
  zip_fclose (file);
  zip_close (archive);
  return g_bytes_new_take (data, stat.size);
}

static void
test_matrix_bytes (void)
{
  const gsize bias_shape[1] = { 3 };
  g_autoptr (NrtNpzWriter) writer = NULL;
  g_autoptr (GBytes) npz = NULL;
  g_autoptr (GBytes) npy = NULL;
  g_autoptr (GError) error = NULL;
  const guint8 *bytes;
  gsize length;

  writer = nrt_npz_writer_new (&error);
  g_assert_no_error (error);
  g_assert_true (nrt_npz_writer_add (writer, "dense/kernel", matrix, matrix_shape, 2, &error));
  g_assert_no_error (error);
  g_assert_true (nrt_npz_writer_add (writer, "dense/bias", matrix, bias_shape, 1, &error));
  g_assert_no_error (error);
  npz = nrt_npz_writer_finish (writer, &error);
  g_assert_no_error (error);
  g_assert_nonnull (npz);

  npy = read_member (npz, "dense/kernel.npy");
  bytes = g_bytes_get_data (npy, &length);
  g_assert_cmpuint (length, ==, MATRIX_HEADER_LENGTH + sizeof matrix_data);
  g_assert_cmpmem (bytes, 8, "\x93NUMPY\x01\x00", 8);
  g_assert_cmpuint (bytes[8], ==, MATRIX_HEADER_LENGTH - 10);
  g_assert_cmpuint (bytes[9], ==, 0);
  g_assert_cmpmem (bytes + 10, strlen (MATRIX_DICT), MATRIX_DICT, strlen (MATRIX_DICT));
  for (gsize i = 10 + strlen (MATRIX_DICT); i < MATRIX_HEADER_LENGTH - 1; i++)
    g_assert_cmpint (bytes[i], ==, ' ');
  g_assert_cmpint (bytes[MATRIX_HEADER_LENGTH - 1], ==, '\n');
  g_assert_cmpmem (bytes + MATRIX_HEADER_LENGTH, sizeof matrix_data, matrix_data,
                   sizeof matrix_data);
}

/* A one-dimensional shape is a tuple with a trailing comma, as in Python. */
static void
test_vector_header (void)
{
  const gsize shape[1] = { 3 };
  const char *dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }";
  g_autoptr (GBytes) npy = NULL;
  g_autoptr (GError) error = NULL;
  const guint8 *bytes;
  gsize length;

  npy = nrt_npz_format_npy (matrix, shape, 1, &error);
  g_assert_no_error (error);
  bytes = g_bytes_get_data (npy, &length);

  /* 10 + 57 + 1 = 68 bytes pad to 128, and the data follows. */
  g_assert_cmpuint (length, ==, 128 + 3 * sizeof (float));
  g_assert_cmpuint (bytes[8], ==, 118);
  g_assert_cmpmem (bytes + 10, strlen (dict), dict, strlen (dict));
  g_assert_cmpmem (bytes + 128, 12, matrix_data, 12);
}

static void
test_duplicate_name (void)
{
  g_autoptr (NrtNpzWriter) writer = nrt_npz_writer_new (NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (nrt_npz_writer_add (writer, "a", matrix, matrix_shape, 2, NULL));
  g_assert_false (nrt_npz_writer_add (writer, "a", matrix, matrix_shape, 2, &error));
  g_assert_error (error, NRT_NPZ_ERROR, NRT_NPZ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“a”"));
}

static void
test_empty_rejected (void)
{
  g_autoptr (NrtNpzWriter) writer = nrt_npz_writer_new (NULL);
  g_autoptr (GError) add_error = NULL;
  g_autoptr (GError) finish_error = NULL;

  g_assert_false (nrt_npz_writer_add (writer, "", matrix, matrix_shape, 2, &add_error));
  g_assert_error (add_error, NRT_NPZ_ERROR, NRT_NPZ_ERROR_INVALID);
  g_assert_null (nrt_npz_writer_finish (writer, &finish_error));
  g_assert_error (finish_error, NRT_NPZ_ERROR, NRT_NPZ_ERROR_INVALID);
}

static void
test_size_overflow (void)
{
  const gsize shape[2] = { G_MAXSIZE / 2, 3 };
  g_autoptr (GError) error = NULL;

  g_assert_null (nrt_npz_format_npy (matrix, shape, 2, &error));
  g_assert_error (error, NRT_NPZ_ERROR, NRT_NPZ_ERROR_INVALID);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/io/npz/matrix-bytes", test_matrix_bytes);
  g_test_add_func ("/io/npz/vector-header", test_vector_header);
  g_test_add_func ("/io/npz/duplicate-name", test_duplicate_name);
  g_test_add_func ("/io/npz/empty-rejected", test_empty_rejected);
  g_test_add_func ("/io/npz/size-overflow", test_size_overflow);
  return g_test_run ();
}
