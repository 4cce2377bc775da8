/* test-expr-panel.c: the expression explorer and the export helper, as
 * widgets in a window. It needs a display, so meson runs it under xvfb-run. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "nrt-export.h"
#include "nrt-expr-panel.h"

/* The engine computes in float32, and the panel prints 7 significant
 * digits, so results match the double-precision references to about 1e-6
 * relative. 1e-4 leaves room for float32 rounding across ten lines. */
#define RELATIVE_TOLERANCE 1e-4

static const char reference_program[] =
  "c = a + b\n"
  "d = a*b + b^3\n"
  "c = c + c + 1\n"
  "c = c + 1 + c + (-a)\n"
  "d = d + d*2 + relu(b + a)\n"
  "d = d + 3*d + relu(b - a)\n"
  "e = c - d\n"
  "f = e^2\n"
  "g = f / 2\n"
  "g = g + 10 / f\n";

typedef struct {
  GtkWidget *window;
  NrtExprPanel *panel;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  fixture->window = gtk_window_new ();
  fixture->panel = NRT_EXPR_PANEL (nrt_expr_panel_new ());
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->panel));
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
}

/* Reads the number after "name = " on its own line of the results text;
 * fails the test when the line is missing. */
static double
lookup_result (const char *results, const char *name)
{
  g_auto (GStrv) lines = g_strsplit (results, "\n", -1);
  g_autofree char *prefix = g_strdup_printf ("%s = ", name);

  for (int i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      return g_ascii_strtod (lines[i] + strlen (prefix), NULL);

  g_test_message ("no line \"%s…\" in the results:\n%s", prefix, results);
  g_test_fail ();
  return NAN;
}

static void
assert_relative (const char *name, double actual, double expected)
{
  double difference = fabs (actual - expected);

  if (!(difference <= RELATIVE_TOLERANCE * fabs (expected)))
    {
      g_test_message ("%s = %.10g, expected %.10g: relative difference %.3g > %.1g", name, actual,
                      expected, difference / fabs (expected), RELATIVE_TOLERANCE);
      g_test_fail ();
    }
}

/* Returns the first GtkTextView inside widget, or NULL. */
static GtkTextView *
find_text_view (GtkWidget *widget)
{
  if (GTK_IS_TEXT_VIEW (widget))
    return GTK_TEXT_VIEW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkTextView *found = find_text_view (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_default_example (Fixture *fixture, gconstpointer data)
{
  g_autofree char *results = nrt_expr_panel_dup_results_text (fixture->panel);
  g_autofree char *error = nrt_expr_panel_dup_error (fixture->panel, NULL, NULL);
  double w = 0.0;

  /* p = w*x = 2, J = (2 - 6)^2 / 2 = 8 and dJ/dw = (w*x - y)*x = -4, by hand. */
  g_assert_null (error);
  assert_relative ("J", lookup_result (results, "J"), 8.0);
  assert_relative ("dJ/dw", lookup_result (results, "dJ/dw"), -4.0);
  g_assert_true (nrt_expr_panel_get_input (fixture->panel, "w", &w));
  g_assert_cmpfloat (w, ==, 2.0);
}

static void
test_reference_program (Fixture *fixture, gconstpointer data)
{
  g_autofree char *results = NULL;
  g_autofree char *error = NULL;

  nrt_expr_panel_set_program (fixture->panel, reference_program);
  nrt_expr_panel_update (fixture->panel);
  g_assert_true (nrt_expr_panel_set_input (fixture->panel, "a", -4.0));
  g_assert_true (nrt_expr_panel_set_input (fixture->panel, "b", 2.0));

  error = nrt_expr_panel_dup_error (fixture->panel, NULL, NULL);
  g_assert_null (error);
  results = nrt_expr_panel_dup_results_text (fixture->panel);
  g_test_message ("results:\n%s", results);

  /* The values by hand: c = -1, d = 6, e = -7, f = 49, g = 49/2 + 10/49.
   * The derivatives from PyTorch 1.13 autograd in float64 on the same
   * program: 24.70408163265306, 138.83381924198252, 645.5772594752186. */
  assert_relative ("c", lookup_result (results, "c"), -1.0);
  assert_relative ("d", lookup_result (results, "d"), 6.0);
  assert_relative ("e", lookup_result (results, "e"), -7.0);
  assert_relative ("f", lookup_result (results, "f"), 49.0);
  assert_relative ("g", lookup_result (results, "g"), 24.70408163265306);
  assert_relative ("dg/da", lookup_result (results, "dg/da"), 138.83381924198252);
  assert_relative ("dg/db", lookup_result (results, "dg/db"), 645.5772594752186);
}

static void
test_syntax_error (Fixture *fixture, gconstpointer data)
{
  g_autofree char *error = NULL;
  g_autofree char *results = NULL;
  GtkTextView *view = find_text_view (GTK_WIDGET (fixture->panel));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer),
                                               "syntax-error");
  GtkTextIter iter;
  int line = 0, column = 0;

  /* Line 2 is "d = c * * 2": the second '*' at column 9 has no operand
   * before it. */
  nrt_expr_panel_set_program (fixture->panel, "c = a + b\nd = c * * 2\n");
  nrt_expr_panel_update (fixture->panel);

  error = nrt_expr_panel_dup_error (fixture->panel, &line, &column);
  g_assert_nonnull (error);
  g_test_message ("error: %s", error);
  g_assert_cmpint (line, ==, 2);
  g_assert_cmpint (column, ==, 9);
  g_assert_true (g_str_has_prefix (error, "line 2, column 9: "));
  g_assert_nonnull (strstr (error, "expected"));

  /* The offending '*' is tagged, and the character before it is not. */
  g_assert_nonnull (tag);
  gtk_text_buffer_get_iter_at_line_index (buffer, &iter, 1, 8);
  g_assert_true (gtk_text_iter_has_tag (&iter, tag));
  gtk_text_buffer_get_iter_at_line_index (buffer, &iter, 1, 7);
  g_assert_false (gtk_text_iter_has_tag (&iter, tag));

  /* The last good program's results stay, greyed. */
  results = nrt_expr_panel_dup_results_text (fixture->panel);
  assert_relative ("J", lookup_result (results, "J"), 8.0);

  /* Fixing the text clears the error and its tag. */
  nrt_expr_panel_set_program (fixture->panel, "c = a + b\nd = c * 2\n");
  nrt_expr_panel_update (fixture->panel);
  g_clear_pointer (&error, g_free);
  error = nrt_expr_panel_dup_error (fixture->panel, &line, &column);
  g_assert_null (error);
  g_assert_cmpint (line, ==, 0);
  gtk_text_buffer_get_start_iter (buffer, &iter);
  g_assert_false (gtk_text_iter_forward_to_tag_toggle (&iter, tag));
}

static void
test_gradient_step (Fixture *fixture, gconstpointer data)
{
  double w = 0.0, x = 0.0, y = 0.0;

  nrt_expr_panel_set_program (fixture->panel, "J = (w*x - y)^2 / 2\n");
  nrt_expr_panel_update (fixture->panel);
  g_assert_true (nrt_expr_panel_set_input (fixture->panel, "w", 2.0));
  g_assert_true (nrt_expr_panel_set_input (fixture->panel, "x", 1.0));
  g_assert_true (nrt_expr_panel_set_input (fixture->panel, "y", 6.0));
  nrt_expr_panel_set_input_updated (fixture->panel, "w", TRUE);
  nrt_expr_panel_set_input_updated (fixture->panel, "x", FALSE);
  nrt_expr_panel_set_input_updated (fixture->panel, "y", FALSE);
  nrt_expr_panel_set_learning_rate (fixture->panel, 0.1);

  /* dJ/dw = (w*x - y)*x = -4 by hand, so w = 2 - 0.1 * -4 = 2.4. */
  g_assert_true (nrt_expr_panel_step (fixture->panel, 1));
  g_assert_cmpint (nrt_expr_panel_get_step_count (fixture->panel), ==, 1);
  g_assert_true (nrt_expr_panel_get_input (fixture->panel, "w", &w));
  g_assert_true (nrt_expr_panel_get_input (fixture->panel, "x", &x));
  g_assert_true (nrt_expr_panel_get_input (fixture->panel, "y", &y));
  assert_relative ("w", w, 2.4);
  g_assert_cmpfloat (x, ==, 1.0);
  g_assert_cmpfloat (y, ==, 6.0);

  /* Values are kept by name when the program changes. */
  nrt_expr_panel_set_program (fixture->panel, "K = w + 1\n");
  nrt_expr_panel_update (fixture->panel);
  g_assert_true (nrt_expr_panel_get_input (fixture->panel, "w", &w));
  assert_relative ("w after a re-parse", w, 2.4);
  g_assert_cmpint (nrt_expr_panel_get_step_count (fixture->panel), ==, 0);
}

static void
test_not_finite (Fixture *fixture, gconstpointer data)
{
  g_autofree char *warning = NULL;

  nrt_expr_panel_set_program (fixture->panel, "x = log(a)\n");
  nrt_expr_panel_update (fixture->panel);
  g_assert_true (nrt_expr_panel_set_input (fixture->panel, "a", -1.0));

  warning = nrt_expr_panel_dup_warning (fixture->panel);
  g_assert_nonnull (warning);
  g_test_message ("warning: %s", warning);
  g_assert_nonnull (strstr (warning, "x = log(a)"));
  g_assert_false (nrt_expr_panel_step (fixture->panel, 1));

  /* A positive value makes it finite again. */
  g_assert_true (nrt_expr_panel_set_input (fixture->panel, "a", 2.0));
  g_clear_pointer (&warning, g_free);
  warning = nrt_expr_panel_dup_warning (fixture->panel);
  g_assert_null (warning);
}

static void
assert_file_starts_with (const char *path, const char *magic, gsize magic_length)
{
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, magic_length);
  g_assert_cmpmem (contents, magic_length, magic, magic_length);
}

static void
test_export_formats (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *directory = g_dir_make_tmp ("neurite-export-XXXXXX", &error);
  g_autofree char *png = g_build_filename (directory, "graph.png", NULL);
  g_autofree char *svg = g_build_filename (directory, "graph.svg", NULL);
  g_autofree char *pdf = g_build_filename (directory, "graph.pdf", NULL);
  g_autofree char *bare = g_build_filename (directory, "graph-bare", NULL);
  g_autofree char *bare_png = g_build_filename (directory, "graph-bare.png", NULL);
  g_autofree char *bad = g_build_filename (directory, "graph.bmp", NULL);
  g_autofree char *svg_text = NULL;
  cairo_surface_t *image;

  g_assert_no_error (error);
  nrt_expr_panel_set_program (fixture->panel, reference_program);
  nrt_expr_panel_update (fixture->panel);

  g_assert_true (nrt_expr_panel_export_graph (fixture->panel, png, 640, 480, &error));
  g_assert_no_error (error);
  g_assert_true (nrt_expr_panel_export_graph (fixture->panel, svg, 640, 480, &error));
  g_assert_no_error (error);
  g_assert_true (nrt_expr_panel_export_graph (fixture->panel, pdf, 640, 480, &error));
  g_assert_no_error (error);
  g_assert_true (nrt_expr_panel_export_graph (fixture->panel, bare, 320, 240, &error));
  g_assert_no_error (error);

  /* Each file has the format of its extension, at the requested size. */
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 640);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 480);
  cairo_surface_destroy (image);

  image = cairo_image_surface_create_from_png (bare_png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 320);
  cairo_surface_destroy (image);

  g_assert_true (g_file_get_contents (svg, &svg_text, NULL, &error));
  g_assert_nonnull (strstr (svg_text, "<svg"));
  g_assert_nonnull (strstr (svg_text, "width=\"640"));
  assert_file_starts_with (pdf, "%PDF-", 5);

  /* An unknown extension is rejected with nrt_plot_export's error. */
  g_assert_false (nrt_expr_panel_export_graph (fixture->panel, bad, 640, 480, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));

  g_unlink (png);
  g_unlink (svg);
  g_unlink (pdf);
  g_unlink (bare_png);
  g_rmdir (directory);
}

static void
test_export_extension (void)
{
  static const struct {
    const char *path;
    const char *expected;
  } cases[] = {
    { "graph", "graph.png" },
    { "graph.svg", "graph.svg" },
    { "graph.PDF", "graph.PDF" },
    { "graph.", "graph.png" },
    { "dir.d/graph", "dir.d/graph.png" },
    { ".hidden", ".hidden.png" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *actual = nrt_export_ensure_extension (cases[i].path);

      g_assert_cmpstr (actual, ==, cases[i].expected);
    }
}

/* Builds the program "x1 = x0 * 0.999 + tanh(b) / 2" ... "xN = x(N-1) * ...",
 * whose graph has 6 nodes per line. */
static char *
build_long_program (int n_lines)
{
  GString *program = g_string_new (NULL);

  for (int i = 1; i <= n_lines; i++)
    g_string_append_printf (program, "x%d = x%d * 0.999 + tanh(b) / 2\n", i, i - 1);
  return g_string_free (program, FALSE);
}

static void
test_large_program (Fixture *fixture, gconstpointer data)
{
  g_autofree char *program = build_long_program (2000);
  g_autofree char *note = NULL;
  g_autofree char *results = NULL;
  g_autofree char *error = NULL;

  nrt_expr_panel_set_program (fixture->panel, program);
  nrt_expr_panel_update (fixture->panel);

  error = nrt_expr_panel_dup_error (fixture->panel, NULL, NULL);
  g_assert_null (error);
  note = nrt_expr_panel_dup_graph_note (fixture->panel);
  g_assert_nonnull (note);
  g_test_message ("graph note: %s", note);
  g_assert_nonnull (strstr (note, "300"));

  /* The values still appear: x2000 = 0.999^2000 * x0 + ... with x0 = b = 0,
   * so every xN is 0 by hand. */
  results = nrt_expr_panel_dup_results_text (fixture->panel);
  g_assert_cmpfloat_with_epsilon (lookup_result (results, "x2000"), 0.0, 1e-12);

  /* Drawing the panel, fitted and zoomed, must not fail for the large program. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  /* A small program draws its graph again. */
  nrt_expr_panel_set_program (fixture->panel, "J = w * x\n");
  nrt_expr_panel_update (fixture->panel);
  g_clear_pointer (&note, g_free);
  note = nrt_expr_panel_dup_graph_note (fixture->panel);
  g_assert_null (note);
}

/* Returns the spin button of input name, found by walking the panel's
 * widgets, or NULL. */
static GtkSpinButton *
find_input_spin (GtkWidget *widget, const char *name)
{
  if (GTK_IS_SPIN_BUTTON (widget)
      && g_strcmp0 (g_object_get_data (G_OBJECT (widget), "nrt-input-name"), name) == 0)
    return GTK_SPIN_BUTTON (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkSpinButton *found = find_input_spin (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_spin_shows_large_value (Fixture *fixture, gconstpointer data)
{
  GtkSpinButton *spin;
  double w = 0.0;

  /* The default program with a learning rate of 100 diverges: after 20
   * steps w is about -3.6e20, far past any everyday spin button range. */
  nrt_expr_panel_set_program (fixture->panel, "p = w*x\nJ = (p - y)^2 / 2\n");
  nrt_expr_panel_update (fixture->panel);
  g_assert_true (nrt_expr_panel_set_input (fixture->panel, "w", 2.0));
  g_assert_true (nrt_expr_panel_set_input (fixture->panel, "x", 1.0));
  g_assert_true (nrt_expr_panel_set_input (fixture->panel, "y", 6.0));
  nrt_expr_panel_set_input_updated (fixture->panel, "x", FALSE);
  nrt_expr_panel_set_input_updated (fixture->panel, "y", FALSE);
  nrt_expr_panel_set_learning_rate (fixture->panel, 100.0);
  nrt_expr_panel_step (fixture->panel, 10);
  nrt_expr_panel_step (fixture->panel, 10);

  g_assert_true (nrt_expr_panel_get_input (fixture->panel, "w", &w));
  g_test_message ("w after 20 steps: %g", w);
  g_assert_cmpfloat (fabs (w), >, 1e6);

  spin = find_input_spin (GTK_WIDGET (fixture->panel), "w");
  g_assert_nonnull (spin);
  /* The spin button must hold the value that the program uses, exactly. */
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, w);
}

int
main (int argc, char **argv)
{
  /* No accessibility bus and no dconf under the test's X server. */
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);

  g_test_add ("/app/expr-panel/default-example", Fixture, NULL, fixture_set_up,
              test_default_example, fixture_tear_down);
  g_test_add ("/app/expr-panel/reference-program", Fixture, NULL, fixture_set_up,
              test_reference_program, fixture_tear_down);
  g_test_add ("/app/expr-panel/syntax-error", Fixture, NULL, fixture_set_up, test_syntax_error,
              fixture_tear_down);
  g_test_add ("/app/expr-panel/gradient-step", Fixture, NULL, fixture_set_up, test_gradient_step,
              fixture_tear_down);
  g_test_add ("/app/expr-panel/not-finite", Fixture, NULL, fixture_set_up, test_not_finite,
              fixture_tear_down);
  g_test_add ("/app/export/graph-formats", Fixture, NULL, fixture_set_up, test_export_formats,
              fixture_tear_down);
  g_test_add ("/app/expr-panel/large-program", Fixture, NULL, fixture_set_up,
              test_large_program, fixture_tear_down);
  g_test_add ("/app/expr-panel/spin-large-value", Fixture, NULL, fixture_set_up,
              test_spin_shows_large_value, fixture_tear_down);
  g_test_add_func ("/app/export/ensure-extension", test_export_extension);
  return g_test_run ();
}
