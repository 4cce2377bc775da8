/* nrt-export.c: the save dialog that exports a view through nrt_plot_export. */
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

typedef struct {
  GtkFileChooserNative *chooser;
  GWeakRef parent;                 /* GtkWindow, for the error dialog */
  GtkFileFilter *png_filter;
  GtkFileFilter *svg_filter;
  GtkFileFilter *pdf_filter;
  int width;                       /* the view's size, the default choice */
  int height;
  NrtPlotDrawFunc draw_func;
  gpointer data;
  GDestroyNotify data_free;
} ExportRequest;

static void
export_request_free (ExportRequest *request)
{
  if (request->data_free != NULL)
    request->data_free (request->data);
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

/* Writes the chosen size preset into width and height. PNG sizes are
 * pixels and SVG or PDF sizes points, so A4 depends on the format. */
static void
get_chosen_size (ExportRequest *request, const char *path, int *width, int *height)
{
  const char *choice = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (request->chooser),
                                                    SIZE_CHOICE);
  const char *dot = strrchr (path, '.');
  gboolean is_png = dot != NULL && g_ascii_strcasecmp (dot, ".png") == 0;

  *width = CLAMP (request->width, MIN_SIDE, MAX_SIDE);
  *height = CLAMP (request->height, MIN_SIDE, MAX_SIDE);
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
  int width, height;

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

  /* Step 2: render at the chosen size. */
  get_chosen_size (request, full_path, &width, &height);
  if (!nrt_plot_export (full_path, width, height, request->draw_func, request->data, &error))
    {
      g_warning ("Exporting to %s failed: %s", full_path, error->message);
      show_error (request, error->message);
    }
  else
    g_debug ("Exported %d × %d to %s", width, height, full_path);

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

void
nrt_export_view (GtkWindow *parent, const char *suggested_name, int width, int height,
                 NrtPlotDrawFunc draw_func, gpointer data, GDestroyNotify data_free)
{
  ExportRequest *request;
  GtkFileChooser *chooser;
  GtkFileFilter *all_filter;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (draw_func != NULL);

  /* Step 1: the request, which owns data from here on. */
  request = g_new0 (ExportRequest, 1);
  g_weak_ref_init (&request->parent, parent);
  request->width = CLAMP (width, MIN_SIDE, MAX_SIDE);
  request->height = CLAMP (height, MIN_SIDE, MAX_SIDE);
  request->draw_func = draw_func;
  request->data = data;
  request->data_free = data_free;

  /* Step 2: the dialog, its filters and the size presets. */
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

  add_size_choice (chooser, request->width, request->height);

  /* Step 3: the response writes the file and frees the request. */
  g_signal_connect (request->chooser, "response", G_CALLBACK (export_response_cb), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (request->chooser));
}
