/* test-plot-export.c: writing renderers to PNG, SVG and PDF files. */
#include <gio/gio.h>
#include <string.h>

#include "plot/nrt-plot.h"
#include "plot/nrt-plot-loss.h"
#include "plot-test-utils.h"

static const double train_loss[] = { 0.9, 0.6, 0.45, 0.4, 0.38 };
static const double test_loss[] = { 0.95, 0.7, 0.55, 0.5, 0.49 };
static const NrtLossCurves curves = { train_loss, test_loss, 5, FALSE, "Export" };

static void
assert_file_starts_with (const char *path, const char *const *magics, guint n_magics)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  gboolean matched = FALSE;
  guint i;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 100);
  for (i = 0; i < n_magics; i++)
    matched = matched || strncmp (contents, magics[i], strlen (magics[i])) == 0;
  if (!matched)
    g_test_message ("%s starts with %.16s", path, contents);
  g_assert_true (matched);
}

static void
test_png (void)
{
  g_autofree char *dir = plot_test_make_dir ();
  cairo_surface_t *image;

  /* The upper-case extension is accepted too. */
  image = plot_test_export_png (dir, "PLOT.PNG", 333, 211, nrt_plot_loss_curves_draw_func,
                                (gpointer) &curves);
  g_assert_cmpint (plot_test_count_pixels (image).n_non_white, >, 1000);
  /* The corner is the white background, opaque. */
  g_assert_cmpint (plot_test_get_pixel (image, 0, 0).a, ==, 255);
  g_assert_cmpint (plot_test_get_pixel (image, 0, 0).r, ==, 255);
  cairo_surface_destroy (image);

  plot_test_remove_dir (dir);
}

static void
test_svg (void)
{
  static const char *const magics[] = { "<?xml", "<svg" };
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = plot_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "plot.Svg", NULL);

  g_assert_true (nrt_plot_export (path, 400, 300, nrt_plot_loss_curves_draw_func,
                                  (gpointer) &curves, &error));
  g_assert_no_error (error);
  assert_file_starts_with (path, magics, G_N_ELEMENTS (magics));

  plot_test_remove_dir (dir);
}

static void
test_pdf (void)
{
  static const char *const magics[] = { "%PDF" };
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = plot_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "plot.pdf", NULL);

  g_assert_true (nrt_plot_export (path, 400, 300, nrt_plot_loss_curves_draw_func,
                                  (gpointer) &curves, &error));
  g_assert_no_error (error);
  assert_file_starts_with (path, magics, G_N_ELEMENTS (magics));

  plot_test_remove_dir (dir);
}

static void
test_unknown_extension (void)
{
  static const char *const paths[] = { "plot.jpeg", "plot", "archive.tar.gz", ".png" };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *dir = plot_test_make_dir ();
      g_autofree char *path = g_build_filename (dir, paths[i], NULL);

      g_assert_false (nrt_plot_export (path, 100, 100, nrt_plot_loss_curves_draw_func,
                                       (gpointer) &curves, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
      g_test_message ("%s", error->message);
      /* The message names the file and the supported extensions. */
      g_assert_nonnull (strstr (error->message, path));
      g_assert_nonnull (strstr (error->message, ".png"));
      g_assert_nonnull (strstr (error->message, ".svg"));
      g_assert_nonnull (strstr (error->message, ".pdf"));
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      plot_test_remove_dir (dir);
    }
}

static void
test_invalid_size (void)
{
  static const int sizes[][2] = { { 0, 100 }, { 100, -1 }, { 40000, 10 }, { 10, 32768 } };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_false (nrt_plot_export ("plot.png", sizes[i][0], sizes[i][1],
                                       nrt_plot_loss_curves_draw_func, (gpointer) &curves,
                                       &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, "plot.png"));
    }
}

static void
test_unwritable_path (void)
{
  static const char *const names[] = { "plot.png", "plot.svg", "plot.pdf" };
  g_autofree char *dir = plot_test_make_dir ();
  guint i;

  /* A directory that does not exist fails even for root. */
  for (i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *path = g_build_filename (dir, "missing", names[i], NULL);

      g_assert_false (nrt_plot_export (path, 100, 100, nrt_plot_loss_curves_draw_func,
                                       (gpointer) &curves, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, path));
      g_assert_nonnull (strstr (error->message, cairo_status_to_string (CAIRO_STATUS_WRITE_ERROR)));
    }

  plot_test_remove_dir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plot/export/png", test_png);
  g_test_add_func ("/plot/export/svg", test_svg);
  g_test_add_func ("/plot/export/pdf", test_pdf);
  g_test_add_func ("/plot/export/unknown-extension", test_unknown_extension);
  g_test_add_func ("/plot/export/invalid-size", test_invalid_size);
  g_test_add_func ("/plot/export/unwritable-path", test_unwritable_path);

  return g_test_run ();
}
