/* nrt-export.c: the save dialog that exports a view through
 * nrt_plot_export_with_options. */
#define G_LOG_DOMAIN "neurite-export"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "nrt-export.h"

/* The id of the size choice in the save dialog, and its options. */
#define SIZE_CHOICE "size"
#define SIZE_VIEW "view"
#define SIZE_800 "800x600"
#define SIZE_1600 "1600x1200"
#define SIZE_A4 "a4-landscape"

/* nrt_plot_export's limits on each side. */
#define MIN_SIDE 1
#define MAX_SIDE 32767

/* The id of the content choice, offered when there are several parts. */
#define CONTENT_CHOICE "content"

/* The id of the PNG scale choice; its options are "1" to "4". */
#define SCALE_CHOICE "scale"
#define MAX_CHOICE_SCALE 4

/* The id of the theme choice, and its options. */
#define THEME_CHOICE "theme"
#define THEME_LIGHT "light"
#define THEME_DARK "dark"

/* The scale and theme of the last export from a dialog, which the next
 * dialog starts on. Only the UI thread reads and writes them. */
static int last_scale = 1;
static NrtPlotThemeKind last_theme = NRT_PLOT_THEME_LIGHT;

typedef struct {
  char *id;
  char *file_name;
  int width;                       /* the view's size, the default choice */
  int height;
  NrtPlotDrawFunc draw_func;
} ExportPart;

typedef struct {
  GtkFileChooserNative *chooser;
  GWeakRef parent;                 /* GtkWindow, for the error dialog */
  GtkFileFilter *png_filter;
  GtkFileFilter *svg_filter;
  GtkFileFilter *pdf_filter;
  ExportPart *parts;               /* n_parts, the first one the default */
  int n_parts;
  gpointer data;
  GDestroyNotify data_free;
} ExportRequest;

static void
export_request_free (ExportRequest *request)
{
  if (request->data_free != NULL)
    request->data_free (request->data);
  for (int i = 0; i < request->n_parts; i++)
    {
      g_free (request->parts[i].id);
      g_free (request->parts[i].file_name);
    }
  g_free (request->parts);
  g_weak_ref_clear (&request->parent);
  g_clear_object (&request->png_filter);
  g_clear_object (&request->svg_filter);
  g_clear_object (&request->pdf_filter);
  g_clear_object (&request->chooser);
  g_free (request);
}

/* Returns path with extension (".png") appended when its base name has
 * none. A leading dot, as in ".hidden", is not an extension. */
static char *
ensure_extension (const char *path, const char *extension)
{
  g_autofree char *basename = g_path_get_basename (path);
  const char *dot = strrchr (basename, '.');

  if (dot != NULL && dot != basename && dot[1] != '\0')
    return g_strdup (path);
  if (dot != NULL && dot != basename)
    return g_strconcat (path, extension + 1, NULL);   /* "name." gets "png", not ".png" */
  return g_strconcat (path, extension, NULL);
}

char *
nrt_export_ensure_extension (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return ensure_extension (path, ".png");
}

gboolean
nrt_export_to_file (const char *path, int width, int height, NrtPlotDrawFunc draw_func,
                    gpointer data, GError **error)
{
  g_autofree char *full_path = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (draw_func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  full_path = nrt_export_ensure_extension (path);
  return nrt_plot_export (full_path, width, height, draw_func, data, error);
}

gboolean
nrt_export_to_file_with_options (const char *path, const NrtPlotExportOptions *options,
                                 NrtPlotDrawFunc draw_func, gpointer data, GError **error)
{
  g_autofree char *full_path = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (draw_func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  full_path = nrt_export_ensure_extension (path);
  return nrt_plot_export_with_options (full_path, options, draw_func, data, error);
}

static void
show_error (ExportRequest *request, const char *message)
{
  g_autoptr (GtkWindow) parent = g_weak_ref_get (&request->parent);
  GtkWidget *dialog;

  dialog = gtk_message_dialog_new (parent, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE,
                                   _("Could not export the view"));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", message);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Returns the part of the content choice, or the first part. */
static const ExportPart *
get_chosen_part (ExportRequest *request)
{
  const char *choice = NULL;

  if (request->n_parts > 1)
    choice = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (request->chooser), CONTENT_CHOICE);
  for (int i = 0; choice != NULL && i < request->n_parts; i++)
    if (g_str_equal (request->parts[i].id, choice))
      return &request->parts[i];
  return &request->parts[0];
}

static gboolean
is_png_path (const char *path)
{
  const char *dot = strrchr (path, '.');

  return dot != NULL && g_ascii_strcasecmp (dot, ".png") == 0;
}

/* Writes the chosen size preset into width and height. PNG sizes are
 * pixels and SVG or PDF sizes points, so A4 depends on the format. */
static void
get_chosen_size (ExportRequest *request, const ExportPart *part, const char *path, int *width,
                 int *height)
{
  const char *choice = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (request->chooser),
                                                    SIZE_CHOICE);
  gboolean is_png = is_png_path (path);

  *width = CLAMP (part->width, MIN_SIDE, MAX_SIDE);
  *height = CLAMP (part->height, MIN_SIDE, MAX_SIDE);
  if (g_strcmp0 (choice, SIZE_800) == 0)
    {
      *width = 800;
      *height = 600;
    }
  else if (g_strcmp0 (choice, SIZE_1600) == 0)
    {
      *width = 1600;
      *height = 1200;
    }
  else if (g_strcmp0 (choice, SIZE_A4) == 0)
    {
      *width = is_png ? NRT_EXPORT_A4_LANDSCAPE_PIXELS_WIDTH : NRT_EXPORT_A4_LANDSCAPE_POINTS_WIDTH;
      *height = is_png ? NRT_EXPORT_A4_LANDSCAPE_PIXELS_HEIGHT
                       : NRT_EXPORT_A4_LANDSCAPE_POINTS_HEIGHT;
    }
}

/* Reads the scale and theme choices into options and remembers them for
 * the next dialog. SVG and PDF are vector formats, so they get scale 1
 * whatever the choice. */
static void
get_chosen_options (ExportRequest *request, const char *path, NrtPlotExportOptions *options)
{
  GtkFileChooser *chooser = GTK_FILE_CHOOSER (request->chooser);
  const char *scale = gtk_file_chooser_get_choice (chooser, SCALE_CHOICE);
  const char *theme = gtk_file_chooser_get_choice (chooser, THEME_CHOICE);
  guint64 scale_value = 1;

  if (scale != NULL && g_ascii_string_to_unsigned (scale, 10, 1, MAX_CHOICE_SCALE, &scale_value,
                                                   NULL))
    last_scale = (int) scale_value;
  if (theme != NULL)
    last_theme = g_str_equal (theme, THEME_DARK) ? NRT_PLOT_THEME_DARK : NRT_PLOT_THEME_LIGHT;

  options->scale = is_png_path (path) ? last_scale : 1;
  options->theme = last_theme;
}

/* The extension that a name without one gets: the selected filter's. */
static const char *
get_filter_extension (ExportRequest *request)
{
  GtkFileFilter *filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (request->chooser));

  if (filter == request->svg_filter)
    return ".svg";
  if (filter == request->pdf_filter)
    return ".pdf";
  return ".png";
}

static void
export_response_cb (GtkNativeDialog *dialog, int response, gpointer user_data)
{
  ExportRequest *request = user_data;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *full_path = NULL;
  const ExportPart *part;
  NrtPlotExportOptions options = { 0 };

  if (response != GTK_RESPONSE_ACCEPT)
    {
      export_request_free (request);
      return;
    }

  /* Step 1: a local file name with an extension. */
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  path = file != NULL ? g_file_get_path (file) : NULL;
  if (path == NULL)
    {
      g_autofree char *uri = file != NULL ? g_file_get_uri (file) : g_strdup ("");
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("Could not write “%s”: only local files can be written. "
                                   "Choose a folder on this computer."), uri);
      show_error (request, message);
      export_request_free (request);
      return;
    }
  full_path = ensure_extension (path, get_filter_extension (request));

  /* Step 2: render the chosen part at the chosen size, scale and theme. */
  part = get_chosen_part (request);
  get_chosen_size (request, part, full_path, &options.width, &options.height);
  get_chosen_options (request, full_path, &options);
  if (!nrt_plot_export_with_options (full_path, &options, part->draw_func, request->data,
                                     &error))
    {
      g_warning ("Exporting to %s failed: %s", full_path, error->message);
      show_error (request, error->message);
    }
  else
    g_debug ("Exported %s at %d × %d, scale %g, to %s", part->id, options.width, options.height,
             options.scale, full_path);

  export_request_free (request);
}

static GtkFileFilter *
add_filter (GtkFileChooser *chooser, const char *name, const char *mime_type,
            const char *suffix)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_filter_add_suffix (filter, suffix);
  gtk_file_chooser_add_filter (chooser, filter);
  return filter;
}

static void
add_size_choice (GtkFileChooser *chooser, int width, int height)
{
  g_autofree char *view_label = NULL;
  const char *options[] = { SIZE_VIEW, SIZE_800, SIZE_1600, SIZE_A4, NULL };
  const char *labels[5];

  /* TRANSLATORS: the size of the view on screen, in pixels, such as "View size (640 × 480)". */
  view_label = g_strdup_printf (_("View size (%d × %d)"), width, height);
  labels[0] = view_label;
  labels[1] = _("800 × 600");
  labels[2] = _("1600 × 1200");
  labels[3] = _("A4 landscape");
  labels[4] = NULL;
  gtk_file_chooser_add_choice (chooser, SIZE_CHOICE, _("Size"), options, labels);
  gtk_file_chooser_set_choice (chooser, SIZE_CHOICE, SIZE_VIEW);
}

static void
add_scale_choice (GtkFileChooser *chooser)
{
  const char *options[] = { "1", "2", "3", "4", NULL };
  const char *labels[] = { N_("1×"), N_("2×"), N_("3×"), N_("4×"), NULL };
  const char *translated[G_N_ELEMENTS (labels)];
  g_autofree char *last = g_strdup_printf ("%d", last_scale);

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    translated[i] = labels[i] != NULL ? _(labels[i]) : NULL;
  /* TRANSLATORS: how many image pixels a PNG gets per pixel of the view. */
  gtk_file_chooser_add_choice (chooser, SCALE_CHOICE, _("PNG scale"), options, translated);
  gtk_file_chooser_set_choice (chooser, SCALE_CHOICE, last);
}

static void
add_theme_choice (GtkFileChooser *chooser)
{
  const char *options[] = { THEME_LIGHT, THEME_DARK, NULL };
  const char *labels[] = { _("Light"), _("Dark"), NULL };

  gtk_file_chooser_add_choice (chooser, THEME_CHOICE, _("Theme"), options, labels);
  gtk_file_chooser_set_choice (chooser, THEME_CHOICE,
                               last_theme == NRT_PLOT_THEME_DARK ? THEME_DARK : THEME_LIGHT);
}

/* Offers the parts' labels when there are several. */
static void
add_content_choice (GtkFileChooser *chooser, const NrtExportPart *parts, int n_parts)
{
  g_autofree const char **options = g_new0 (const char *, n_parts + 1);
  g_autofree const char **labels = g_new0 (const char *, n_parts + 1);

  for (int i = 0; i < n_parts; i++)
    {
      options[i] = parts[i].id;
      labels[i] = parts[i].label;
    }
  gtk_file_chooser_add_choice (chooser, CONTENT_CHOICE, _("Content"), options, labels);
  gtk_file_chooser_set_choice (chooser, CONTENT_CHOICE, parts[0].id);
}

void
nrt_export_view (GtkWindow *parent, const char *suggested_name, int width, int height,
                 NrtPlotDrawFunc draw_func, gpointer data, GDestroyNotify data_free)
{
  NrtExportPart part = { "view", NULL, suggested_name, width, height, draw_func };

  g_return_if_fail (draw_func != NULL);

  nrt_export_view_parts (parent, &part, 1, data, data_free);
}

void
nrt_export_view_parts (GtkWindow *parent, const NrtExportPart *parts, int n_parts,
                       gpointer data, GDestroyNotify data_free)
{
  ExportRequest *request;
  GtkFileChooser *chooser;
  GtkFileFilter *all_filter;
  const char *suggested_name;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (parts != NULL && n_parts > 0);

  /* Step 1: the request, which owns data from here on. */
  request = g_new0 (ExportRequest, 1);
  g_weak_ref_init (&request->parent, parent);
  request->parts = g_new0 (ExportPart, n_parts);
  request->n_parts = n_parts;
  for (int i = 0; i < n_parts; i++)
    {
      g_warn_if_fail (parts[i].draw_func != NULL);
      request->parts[i].id = g_strdup (parts[i].id);
      request->parts[i].file_name = g_strdup (parts[i].file_name);
      request->parts[i].width = CLAMP (parts[i].width, MIN_SIDE, MAX_SIDE);
      request->parts[i].height = CLAMP (parts[i].height, MIN_SIDE, MAX_SIDE);
      request->parts[i].draw_func = parts[i].draw_func;
    }
  request->data = data;
  request->data_free = data_free;
  suggested_name = request->parts[0].file_name;

  /* Step 2: the dialog, its filters and the choices. */
  request->chooser = gtk_file_chooser_native_new (_("Export View"), parent,
                                                  GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                                  _("_Cancel"));
  chooser = GTK_FILE_CHOOSER (request->chooser);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (request->chooser), TRUE);
  gtk_file_chooser_set_current_name (chooser, suggested_name != NULL ? suggested_name
                                                                     : "view.png");

  all_filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (all_filter, _("All supported formats"));
  gtk_file_filter_add_suffix (all_filter, "png");
  gtk_file_filter_add_suffix (all_filter, "svg");
  gtk_file_filter_add_suffix (all_filter, "pdf");
  gtk_file_chooser_add_filter (chooser, all_filter);
  request->png_filter = add_filter (chooser, _("PNG image"), "image/png", "png");
  request->svg_filter = add_filter (chooser, _("SVG image"), "image/svg+xml", "svg");
  request->pdf_filter = add_filter (chooser, _("PDF document"), "application/pdf", "pdf");
  gtk_file_chooser_set_filter (chooser, all_filter);
  g_object_unref (all_filter);

  if (n_parts > 1)
    add_content_choice (chooser, parts, n_parts);
  add_size_choice (chooser, request->parts[0].width, request->parts[0].height);
  add_scale_choice (chooser);
  add_theme_choice (chooser);

  /* Step 3: the response writes the file and frees the request. */
  g_signal_connect (request->chooser, "response", G_CALLBACK (export_response_cb), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (request->chooser));
}
