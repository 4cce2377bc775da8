/* nrt-layer-row.c: a list row editing one hidden Dense layer: its units,
 * activation and bias. */
#define G_LOG_DOMAIN "neurite-layer-row"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "nrt-layer-row.h"

struct _NrtLayerRow
{
  GtkListBoxRow parent_instance;

  /* Template children, in alphabetical order. */
  GtkDropDown *activation_dropdown;
  GtkCheckButton *bias_check;
  GtkButton *down_button;
  GtkLabel *title_label;
  GtkSpinButton *units_spin;
  GtkButton *up_button;

  int position;               /* 1-based, among the hidden layers */
};

G_DEFINE_FINAL_TYPE (NrtLayerRow, nrt_layer_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  SIGNAL_CHANGED,
  SIGNAL_MOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
nrt_layer_row_value_changed_cb (NrtLayerRow *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* Titles the row "Dense N", with a second line "no bias" for a layer
 * without bias, whose check box alone would not say what it sets. */
static void
nrt_layer_row_update_title (NrtLayerRow *self)
{
  g_autofree char *title = NULL;

  if (gtk_check_button_get_active (self->bias_check))
    /* TRANSLATORS: a hidden layer's title, such as "Dense 1". */
    title = g_strdup_printf (_("Dense %d"), self->position);
  else
    /* TRANSLATORS: the title of a hidden layer without bias, on two lines. */
    title = g_strdup_printf (_("Dense %d\nno bias"), self->position);
  gtk_label_set_label (self->title_label, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title, -1);
}

static void
nrt_layer_row_bias_toggled_cb (NrtLayerRow *self)
{
  nrt_layer_row_update_title (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
nrt_layer_row_up_clicked_cb (NrtLayerRow *self)
{
  g_signal_emit (self, signals[SIGNAL_MOVE], 0, -1);
}

static void
nrt_layer_row_down_clicked_cb (NrtLayerRow *self)
{
  g_signal_emit (self, signals[SIGNAL_MOVE], 0, 1);
}

static void
nrt_layer_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), NRT_TYPE_LAYER_ROW);

  G_OBJECT_CLASS (nrt_layer_row_parent_class)->dispose (object);
}

static void
nrt_layer_row_class_init (NrtLayerRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nrt_layer_row_dispose;

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_MOVE] =
    g_signal_new ("move", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/neurite/Neurite/nrt-layer-row.ui");
  gtk_widget_class_bind_template_child (widget_class, NrtLayerRow, activation_dropdown);
  gtk_widget_class_bind_template_child (widget_class, NrtLayerRow, bias_check);
  gtk_widget_class_bind_template_child (widget_class, NrtLayerRow, down_button);
  gtk_widget_class_bind_template_child (widget_class, NrtLayerRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, NrtLayerRow, units_spin);
  gtk_widget_class_bind_template_child (widget_class, NrtLayerRow, up_button);
  gtk_widget_class_bind_template_callback (widget_class, nrt_layer_row_bias_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, nrt_layer_row_down_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, nrt_layer_row_up_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, nrt_layer_row_value_changed_cb);
}

static void
nrt_layer_row_init (NrtLayerRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
nrt_layer_row_new (int units, NrtActivation activation)
{
  NrtLayerRow *self = g_object_new (NRT_TYPE_LAYER_ROW, NULL);

  /* Set before the caller connects to "changed", so nothing is emitted to it. */
  gtk_spin_button_set_value (self->units_spin, units);
  gtk_drop_down_set_selected (self->activation_dropdown, (guint) activation);
  return GTK_WIDGET (self);
}

void
nrt_layer_row_set_position (NrtLayerRow *self, int position, int n_rows)
{
  g_return_if_fail (NRT_IS_LAYER_ROW (self));

  self->position = position;
  nrt_layer_row_update_title (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->up_button), position > 1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->down_button), position < n_rows);
}

NrtDenseConfig
nrt_layer_row_get_config (NrtLayerRow *self)
{
  NrtDenseConfig config = nrt_dense_config_default (1);

  g_return_val_if_fail (NRT_IS_LAYER_ROW (self), config);

  config.units = gtk_spin_button_get_value_as_int (self->units_spin);
  config.activation = (NrtActivation) gtk_drop_down_get_selected (self->activation_dropdown);
  config.use_bias = gtk_check_button_get_active (self->bias_check);
  return config;
}

void
nrt_layer_row_set_use_bias (NrtLayerRow *self, gboolean use_bias)
{
  g_return_if_fail (NRT_IS_LAYER_ROW (self));

  /* Layers have a bias unless an opened project sets use_bias to false, so
   * the check box appears only then, and stays for the person to undo it. */
  if (!use_bias)
    gtk_widget_set_visible (GTK_WIDGET (self->bias_check), TRUE);
  gtk_check_button_set_active (self->bias_check, use_bias);
}
