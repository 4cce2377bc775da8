/* nrt-code-view-save.c: Save… on the Code page, which writes the script
 * and the .npz archive of the weights it loads side by side. */
#define G_LOG_DOMAIN "neurite-code-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "io/nrt-npz-model.h"

#include "nrt-code-view-private.h"
#include "nrt-dialogs.h"

/* Returns the weights file beside script_path: ".npz" in place of a final
 * ".py", or appended to any other name. Free with g_free. */
static char *
build_weights_path (const char *script_path)
{
  if (g_str_has_suffix (script_path, ".py"))
    {
      g_autofree char *stem = g_strndup (script_path, strlen (script_path) - strlen (".py"));

      return g_strconcat (stem, ".npz", NULL);
    }
  return g_strconcat (script_path, ".npz", NULL);
}

/* Writes contents to path atomically, with an error naming the file. */
static gboolean
write_file (const char *path, const char *contents, gsize length, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *display_name = g_filename_display_name (path);
  g_autofree char *folder = g_path_get_dirname (path);

  /* g_file_set_contents_full writes a temporary file first, and its error
   * names that file, so a missing folder is reported here by its name. */
  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *folder_name = g_filename_display_name (folder);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("Could not write “%s”: the folder “%s” does not exist. Choose an "
                     "existing folder."), display_name, folder_name);
      return FALSE;
    }

  /* NOTE: other failures, such as a folder without write permission, still
   * name the temporary file in local_error's message. */
  if (g_file_set_contents_full (path, contents, (gssize) length,
                                G_FILE_SET_CONTENTS_CONSISTENT, 0666, &local_error))
    return TRUE;

  g_set_error (error, local_error->domain, local_error->code, _("Could not write “%s”: %s"),
               display_name, local_error->message);
  return FALSE;
}

void
nrt_code_view_set_project_path (NrtCodeView *self, const char *project_path)
{
  g_return_if_fail (NRT_IS_CODE_VIEW (self));

  g_free (self->project_path);
  self->project_path = g_strdup (project_path);
}

/* Rejects, with an error naming the file, a script or weights path that is
 * the model's CSV data file or the window's open project file. */
static gboolean
check_targets (NrtCodeView *self, const char *script_path, const char *weights_path,
               GError **error)
{
  const char *data_path = self->project->dataset.kind == NRT_PROJECT_DATASET_CSV
                          ? self->project->dataset.path : NULL;

  if (data_path != NULL
      && (nrt_is_same_file (script_path, data_path) || nrt_is_same_file (weights_path, data_path)))
    {
      g_autofree char *data_name = g_filename_display_name (data_path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("“%s” is the CSV data file of the model, so writing the code or its "
                     "weights there would overwrite the data. Choose another file."),
                   data_name);
      return FALSE;
    }
  if (self->project_path != NULL
      && (nrt_is_same_file (script_path, self->project_path)
          || nrt_is_same_file (weights_path, self->project_path)))
    {
      g_autofree char *project_name = g_filename_display_name (self->project_path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("“%s” is the open project file, so writing the code or its weights "
                     "there would overwrite the project. Choose another file."),
                   project_name);
      return FALSE;
    }
  return TRUE;
}

gboolean
nrt_code_view_save (NrtCodeView *self, const char *script_path, GError **error)
{
  g_autofree char *weights_path = NULL;
  g_autofree char *weights_name = NULL;
  g_autoptr (GBytes) archive = NULL;
  g_autoptr (GString) code = NULL;
  g_autoptr (GError) local_error = NULL;
  gsize length;
  const char *contents;

  g_return_val_if_fail (NRT_IS_CODE_VIEW (self), FALSE);
  g_return_val_if_fail (script_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->project == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                   _("There is no model to write as code: %s"),
                   self->reason != NULL ? self->reason : _("no data is loaded"));
      return FALSE;
    }

  /* Step 1: the weights, so that the script never names a missing file. */
  weights_path = build_weights_path (script_path);
  if (!check_targets (self, script_path, weights_path, error))
    return FALSE;
  archive = nrt_npz_format_model (self->project->model, &local_error);
  if (archive == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not build the weights archive: %s"), local_error->message);
      return FALSE;
    }
  contents = g_bytes_get_data (archive, &length);
  if (!write_file (weights_path, contents, length, error))
    return FALSE;

  /* Step 2: the script, which names the archive by its base name. The
   * scripts open it relative to the current folder, so the pair runs from
   * its folder, wherever that folder is moved. */
  weights_name = g_path_get_basename (weights_path);
  code = nrt_code_view_generate (self, weights_name);
  if (!write_file (script_path, code->str, code->len, error))
    return FALSE;

  g_debug ("Wrote %s code to %s and its weights to %s",
           nrt_code_framework_get_id (self->framework), script_path, weights_path);
  return TRUE;
}

static void
show_error (NrtCodeView *self, const char *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  nrt_show_error_dialog (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                         _("Could not save the code"), message);
}

/* Returns path with ".py" appended when its base name has no extension.
 * Free with g_free. */
static char *
ensure_python_extension (const char *path)
{
  g_autofree char *basename = g_path_get_basename (path);

  if (strchr (basename + 1, '.') != NULL)
    return g_strdup (path);
  return g_strconcat (path, ".py", NULL);
}

static void
chooser_response_cb (GtkNativeDialog *dialog, int response, NrtCodeView *self)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *script_path = NULL;
  g_autofree char *notice = NULL;
  g_autofree char *script_name = NULL;
  g_autofree char *weights_path = NULL;
  g_autofree char *weights_name = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    goto done;

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  path = file != NULL ? g_file_get_path (file) : NULL;
  if (path == NULL)
    {
      show_error (self, _("Only local files can be written. Choose a folder on this computer."));
      goto done;
    }

  script_path = ensure_python_extension (path);
  if (!nrt_code_view_save (self, script_path, &error))
    {
      g_warning ("Saving the code failed: %s", error->message);
      show_error (self, error->message);
      goto done;
    }

  script_name = g_path_get_basename (script_path);
  weights_path = build_weights_path (script_path);
  weights_name = g_path_get_basename (weights_path);
  /* TRANSLATORS: the files just written, such as "model.py" and "model.npz". */
  notice = g_strdup_printf (_("Saved %s and %s."), script_name, weights_name);
  nrt_code_view_show_notice (self, notice);

done:
  gtk_native_dialog_destroy (dialog);
  g_clear_object (&self->chooser);
}

void
nrt_code_view_save_with_dialog (NrtCodeView *self)
{
  g_autoptr (GtkFileFilter) python_filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  GtkRoot *root;

  g_return_if_fail (NRT_IS_CODE_VIEW (self));

  if (self->project == NULL)
    return;
  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  root = gtk_widget_get_root (GTK_WIDGET (self));
  self->chooser = gtk_file_chooser_native_new (_("Save Code"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  name = g_strdup_printf ("model_%s.py", nrt_code_framework_get_id (self->framework));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_file_filter_set_name (python_filter, _("Python scripts"));
  gtk_file_filter_add_suffix (python_filter, "py");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), python_filter);

  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}
