/* nrt-code-view.c: the Code page's widget: the framework buttons, the
 * script in a read-only text view and the Copy button. Saving lives in
 * nrt-code-view-save.c. */
#define G_LOG_DOMAIN "neurite-code-view"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "io/nrt-codegen-keras.h"
#include "io/nrt-codegen-numpy.h"
#include "io/nrt-codegen-pytorch.h"

#include "nrt-code-view-private.h"

/* How long the status label shows a notice such as "Copied 80 lines", in
 * seconds. */
#define COPIED_NOTICE_SECONDS 4

G_DEFINE_FINAL_TYPE (NrtCodeView, nrt_code_view, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_FRAMEWORK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *const framework_ids[NRT_CODE_FRAMEWORK_COUNT] = {
  [NRT_CODE_FRAMEWORK_KERAS] = "keras",
  [NRT_CODE_FRAMEWORK_PYTORCH] = "pytorch",
  [NRT_CODE_FRAMEWORK_NUMPY] = "numpy",
};

const char *
nrt_code_framework_get_id (NrtCodeFramework framework)
{
  g_return_val_if_fail (framework < NRT_CODE_FRAMEWORK_COUNT, NULL);

  return framework_ids[framework];
}

int
nrt_code_framework_from_id (const char *id)
{
  for (int i = 0; id != NULL && i < NRT_CODE_FRAMEWORK_COUNT; i++)
    if (g_str_equal (framework_ids[i], id))
      return i;
  return -1;
}

GString *
nrt_code_view_generate (NrtCodeView *self, const char *weights_name)
{
  g_return_val_if_fail (self->project != NULL, NULL);

  switch (self->framework)
    {
    case NRT_CODE_FRAMEWORK_KERAS:
      return nrt_codegen_keras (self->project, weights_name);
    case NRT_CODE_FRAMEWORK_PYTORCH:
      return nrt_codegen_pytorch (self->project, weights_name);
    case NRT_CODE_FRAMEWORK_NUMPY:
    case NRT_CODE_FRAMEWORK_COUNT:
    default:
      return nrt_codegen_numpy (self->project, weights_name);
    }
}

static char *
dup_buffer_text (NrtCodeView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Replaces the text when it differs, keeping the scroll position, so that
 * a reader does not lose their place while training changes a number. */
static void
set_text (NrtCodeView *self, const char *text)
{
  g_autofree char *old_text = dup_buffer_text (self);
  GtkAdjustment *vertical = gtk_scrolled_window_get_vadjustment (self->scroll);
  GtkAdjustment *horizontal = gtk_scrolled_window_get_hadjustment (self->scroll);
  double top = gtk_adjustment_get_value (vertical);
  double left = gtk_adjustment_get_value (horizontal);

  if (g_strcmp0 (old_text, text) == 0)
    return;

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text, -1);
  gtk_adjustment_set_value (vertical, top);
  gtk_adjustment_set_value (horizontal, left);
}

static void
show_default_status (NrtCodeView *self)
{
  g_autofree char *status = NULL;

  if (self->project == NULL)
    {
      gtk_label_set_label (self->status_label, "");
      return;
    }
  /* TRANSLATORS: %s is the weights file, such as "model.npz". */
  status = g_strdup_printf (_("The script loads its weights from %s. Save… writes both files."),
                            NRT_CODE_VIEW_WEIGHTS_NAME);
  gtk_label_set_label (self->status_label, status);
}

static void
update_text (NrtCodeView *self)
{
  g_autoptr (GString) code = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "code.copy", self->project != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "code.save", self->project != NULL);
  if (self->project == NULL)
    {
      set_text (self, self->reason != NULL ? self->reason : "");
      return;
    }

  code = nrt_code_view_generate (self, NRT_CODE_VIEW_WEIGHTS_NAME);
  set_text (self, code->str);
}

void
nrt_code_view_set_framework (NrtCodeView *self, NrtCodeFramework framework)
{
  g_return_if_fail (NRT_IS_CODE_VIEW (self));
  g_return_if_fail (framework < NRT_CODE_FRAMEWORK_COUNT);

  if (self->framework == framework)
    return;

  self->framework = framework;
  update_text (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAMEWORK]);
}

NrtCodeFramework
nrt_code_view_get_framework (NrtCodeView *self)
{
  g_return_val_if_fail (NRT_IS_CODE_VIEW (self), NRT_CODE_FRAMEWORK_KERAS);

  return self->framework;
}

void
nrt_code_view_take_project (NrtCodeView *self, NrtProject *project, const char *reason)
{
  g_return_if_fail (NRT_IS_CODE_VIEW (self));

  g_clear_pointer (&self->project, nrt_project_free);
  g_clear_pointer (&self->reason, g_free);
  self->project = project;
  self->reason = g_strdup (reason);
  update_text (self);
  if (self->status_timeout == 0)
    show_default_status (self);
}

char *
nrt_code_view_dup_text (NrtCodeView *self)
{
  g_return_val_if_fail (NRT_IS_CODE_VIEW (self), NULL);

  return dup_buffer_text (self);
}

static gboolean
copied_notice_done_cb (gpointer user_data)
{
  NrtCodeView *self = NRT_CODE_VIEW (user_data);

  self->status_timeout = 0;
  show_default_status (self);
  return G_SOURCE_REMOVE;
}

void
nrt_code_view_show_notice (NrtCodeView *self, const char *notice)
{
  gtk_label_set_label (self->status_label, notice);
  g_clear_handle_id (&self->status_timeout, g_source_remove);
  self->status_timeout = g_timeout_add_seconds (COPIED_NOTICE_SECONDS, copied_notice_done_cb,
                                                self);
}

void
nrt_code_view_copy (NrtCodeView *self)
{
  g_autofree char *text = NULL;
  g_autofree char *notice = NULL;
  int n_lines;

  g_return_if_fail (NRT_IS_CODE_VIEW (self));

  if (self->project == NULL)
    return;

  text = dup_buffer_text (self);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  n_lines = gtk_text_buffer_get_line_count (gtk_text_view_get_buffer (self->text_view));
  notice = g_strdup_printf (ngettext ("Copied %d line to the clipboard.",
                                      "Copied %d lines to the clipboard.", n_lines), n_lines);
  nrt_code_view_show_notice (self, notice);
  g_debug ("Copied %d lines of %s code", n_lines, framework_ids[self->framework]);
}

static void
copy_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  nrt_code_view_copy (NRT_CODE_VIEW (widget));
}

static void
save_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  nrt_code_view_save_with_dialog (NRT_CODE_VIEW (widget));
}

static void
nrt_code_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  NrtCodeView *self = NRT_CODE_VIEW (object);

  switch (prop_id)
    {
    case PROP_FRAMEWORK:
      g_value_set_string (value, framework_ids[self->framework]);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nrt_code_view_set_property (GObject *object, guint prop_id, const GValue *value,
                            GParamSpec *pspec)
{
  NrtCodeView *self = NRT_CODE_VIEW (object);
  int framework;

  switch (prop_id)
    {
    case PROP_FRAMEWORK:
      framework = nrt_code_framework_from_id (g_value_get_string (value));
      if (framework < 0)
        g_warning ("Unknown framework “%s”: expected keras, pytorch or numpy",
                   g_value_get_string (value));
      else
        nrt_code_view_set_framework (self, (NrtCodeFramework) framework);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
nrt_code_view_dispose (GObject *object)
{
  NrtCodeView *self = NRT_CODE_VIEW (object);

  g_clear_handle_id (&self->status_timeout, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), NRT_TYPE_CODE_VIEW);

  G_OBJECT_CLASS (nrt_code_view_parent_class)->dispose (object);
}

static void
nrt_code_view_finalize (GObject *object)
{
  NrtCodeView *self = NRT_CODE_VIEW (object);

  g_clear_pointer (&self->project, nrt_project_free);
  g_free (self->reason);
  g_free (self->project_path);

  G_OBJECT_CLASS (nrt_code_view_parent_class)->finalize (object);
}

static void
nrt_code_view_class_init (NrtCodeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = nrt_code_view_get_property;
  object_class->set_property = nrt_code_view_set_property;
  object_class->dispose = nrt_code_view_dispose;
  object_class->finalize = nrt_code_view_finalize;

  properties[PROP_FRAMEWORK] =
    g_param_spec_string ("framework", NULL, NULL, "keras",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/neurite/Neurite/nrt-code-view.ui");
  gtk_widget_class_bind_template_child (widget_class, NrtCodeView, copy_button);
  gtk_widget_class_bind_template_child (widget_class, NrtCodeView, save_button);
  gtk_widget_class_bind_template_child (widget_class, NrtCodeView, scroll);
  gtk_widget_class_bind_template_child (widget_class, NrtCodeView, status_label);
  gtk_widget_class_bind_template_child (widget_class, NrtCodeView, text_view);

  gtk_widget_class_install_property_action (widget_class, "code.framework", "framework");
  gtk_widget_class_install_action (widget_class, "code.copy", NULL, copy_activated);
  gtk_widget_class_install_action (widget_class, "code.save", NULL, save_activated);
}

static void
nrt_code_view_init (NrtCodeView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->framework = NRT_CODE_FRAMEWORK_KERAS;
  update_text (self);
}

GtkWidget *
nrt_code_view_new (void)
{
  return g_object_new (NRT_TYPE_CODE_VIEW, NULL);
}
