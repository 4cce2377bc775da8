/* nrt-network-view.c: the network diagram widget.
 *
 * The structure (sizes, titles, offsets into the flat parameter buffer)
 * comes from the UI thread's copy of the model. The numbers come from the
 * worker's snapshots. Hit-testing uses the renderer's own layout, so the
 * pointer finds exactly what the diagram draws under it. */
#define G_LOG_DOMAIN "neurite-network-view"

#include "config.h"

#include <errno.h>
#include <math.h>

#include <glib/gi18n-lib.h>

#include "plot/nrt-plot-network.h"

#include "nrt-network-view.h"

/* Size of the diagram at zoom 1 when the scrolled window is not allocated. */
#define BASE_WIDTH 480
#define BASE_HEIGHT 320

struct _NrtNetworkView
{
  GtkDrawingArea parent_instance;

  int n_columns;               /* inputs, then one per layer; 0 without a model */
  int *sizes;                  /* n_columns */
  char **titles;               /* n_columns, NULL-terminated */
  char **input_names;          /* sizes[0], NULL-terminated, or NULL */
  gsize *kernel_offsets;       /* n_columns - 1, into the flat parameter buffer */
  gssize *bias_offsets;        /* n_columns - 1, -1 for a layer without bias */
  gsize n_params;

  NrtTrainerWeights *weights;  /* NULL before the first snapshot */
  const float **kernels;       /* n_columns - 1 views into weights */
  const float **biases;
  const float **kernel_grads;
  const float **bias_grads;
  const float ***heatmaps;     /* per column, sizes[c] views into weights->heatmaps */

  int hover_column, hover_index;
  double zoom;

  GtkPopover *popover;
  GtkLabel *popover_label;
  GtkEntry *popover_entry;
  GtkLabel *popover_error;
  gsize edit_index;            /* the parameter the popover edits */
};

G_DEFINE_FINAL_TYPE (NrtNetworkView, nrt_network_view, GTK_TYPE_DRAWING_AREA)

enum {
  SIGNAL_PARAMETER_EDITED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
free_structure (NrtNetworkView *self)
{
  if (self->heatmaps != NULL)
    for (int c = 0; c < self->n_columns; c++)
      g_free (self->heatmaps[c]);
  g_clear_pointer (&self->heatmaps, g_free);
  g_clear_pointer (&self->sizes, g_free);
  g_clear_pointer (&self->titles, g_strfreev);
  g_clear_pointer (&self->input_names, g_strfreev);
  g_clear_pointer (&self->kernel_offsets, g_free);
  g_clear_pointer (&self->bias_offsets, g_free);
  g_clear_pointer (&self->kernels, g_free);
  g_clear_pointer (&self->biases, g_free);
  g_clear_pointer (&self->kernel_grads, g_free);
  g_clear_pointer (&self->bias_grads, g_free);
  g_clear_pointer (&self->weights, nrt_trainer_weights_unref);
  self->n_columns = 0;
}

/* Fills plot from the structure and the newest weights; returns FALSE when
 * there is nothing to draw yet. */
static gboolean
fill_plot (NrtNetworkView *self, NrtNetworkPlot *plot)
{
  *plot = (NrtNetworkPlot) { 0 };
  if (self->n_columns == 0 || self->weights == NULL)
    return FALSE;

  plot->n_columns = self->n_columns;
  plot->sizes = self->sizes;
  plot->titles = (const char *const *) self->titles;
  plot->input_names = (const char *const *) self->input_names;
  plot->kernels = self->kernels;
  plot->biases = self->biases;
  plot->kernel_grads = self->weights->has_grads ? self->kernel_grads : NULL;
  plot->bias_grads = self->weights->has_grads ? self->bias_grads : NULL;
  plot->heatmaps = self->weights->heatmaps != NULL
                   ? (const float *const *const *) self->heatmaps : NULL;
  plot->heatmap_size = self->weights->heatmap_size;
  plot->hover_column = self->hover_column;
  plot->hover_index = self->hover_index;
  return TRUE;
}

static void
draw_message (NrtNetworkView *self, cairo_t *cr, int width, int height, const char *message)
{
  g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), message);
  GdkRGBA color;
  int text_width, text_height;

  pango_layout_get_pixel_size (layout, &text_width, &text_height);
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &color);
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_move_to (cr, (width - text_width) / 2.0, (height - text_height) / 2.0);
  pango_cairo_show_layout (cr, layout);
}

static void
nrt_network_view_draw (GtkDrawingArea *area, cairo_t *cr, int width, int height,
                       gpointer user_data)
{
  NrtNetworkView *self = NRT_NETWORK_VIEW (area);
  NrtNetworkPlot plot;

  if (!fill_plot (self, &plot))
    {
      draw_message (self, cr, width, height, _("The network appears with the first weights."));
      return;
    }
  nrt_plot_network (cr, width, height, &plot);
}

void
nrt_network_view_draw_export (cairo_t *cr, double width, double height, gpointer view)
{
  NrtNetworkView *self = NRT_NETWORK_VIEW (view);
  NrtNetworkPlot plot;

  /* An exported picture shows no hovered neuron. */
  if (!fill_plot (self, &plot))
    return;
  plot.hover_column = plot.hover_index = -1;
  nrt_plot_network (cr, width, height, &plot);
}

static NrtNetworkHit
hit_test (NrtNetworkView *self, double x, double y)
{
  NrtNetworkPlot plot;
  NrtNetworkHit none = { NRT_NETWORK_HIT_NONE, -1, -1, -1 };

  if (!fill_plot (self, &plot))
    return none;
  return nrt_plot_network_hit_test (&plot, gtk_widget_get_width (GTK_WIDGET (self)),
                                    gtk_widget_get_height (GTK_WIDGET (self)), x, y);
}

/* Returns the flat parameter index of a weight or bias hit, or -1. */
static gssize
hit_parameter_index (NrtNetworkView *self, const NrtNetworkHit *hit)
{
  int layer = hit->column - 1;

  if (layer < 0 || layer >= self->n_columns - 1)
    return -1;
  if (hit->kind == NRT_NETWORK_HIT_WEIGHT)
    return (gssize) (self->kernel_offsets[layer]
                     + (gsize) hit->from * self->sizes[hit->column] + hit->index);
  if (hit->kind == NRT_NETWORK_HIT_BIAS && self->bias_offsets[layer] >= 0)
    return self->bias_offsets[layer] + hit->index;
  return -1;
}

/* Writes "value 0.123, gradient -0.004" for flat parameter index. */
static char *
format_parameter (NrtNetworkView *self, gsize index)
{
  float value = self->weights->params[index];

  if (!self->weights->has_grads)
    return g_strdup_printf (_("value %.4g; its gradient appears after the first step"), value);
  return g_strdup_printf (_("value %.4g, gradient of the last batch %.4g"), value,
                          self->weights->grads[index]);
}

/* Describes a neuron: its place, and its bias for a layer's neuron. */
static char *
describe_neuron (NrtNetworkView *self, const NrtNetworkHit *hit)
{
  g_autofree char *bias = NULL;
  int layer = hit->column - 1;

  if (hit->column == 0)
    {
      const char *name = self->input_names != NULL ? self->input_names[hit->index] : "";

      return g_strdup_printf (_("Input %d, %s\nIts map shows the feature over the plane."),
                              hit->index + 1, name);
    }
  if (self->bias_offsets[layer] < 0)
    return g_strdup_printf (_("%s, neuron %d\nThis layer has no bias."),
                            self->titles[hit->column], hit->index + 1);

  bias = format_parameter (self, (gsize) self->bias_offsets[layer] + hit->index);
  return g_strdup_printf (_("%s, neuron %d\nBias: %s\nIts map shows its activation over the "
                            "plane, scaled to [−1, 1] per layer."),
                          self->titles[hit->column], hit->index + 1, bias);
}

static gboolean
nrt_network_view_query_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard,
                                GtkTooltip *tooltip)
{
  NrtNetworkView *self = NRT_NETWORK_VIEW (widget);
  NrtNetworkHit hit = hit_test (self, x, y);
  g_autofree char *text = NULL;
  g_autofree char *parameter = NULL;
  gssize index;

  switch (hit.kind)
    {
    case NRT_NETWORK_HIT_NEURON:
      text = describe_neuron (self, &hit);
      break;

    case NRT_NETWORK_HIT_WEIGHT:
      index = hit_parameter_index (self, &hit);
      if (index < 0)
        return FALSE;
      parameter = format_parameter (self, (gsize) index);
      text = g_strdup_printf (_("Weight from neuron %d to neuron %d of %s\n%s\n"
                                "Click to change it."),
                              hit.from + 1, hit.index + 1, self->titles[hit.column], parameter);
      break;

    case NRT_NETWORK_HIT_BIAS:
      index = hit_parameter_index (self, &hit);
      if (index < 0)
        return FALSE;
      parameter = format_parameter (self, (gsize) index);
      text = g_strdup_printf (_("Bias of neuron %d of %s\n%s\nClick to change it."),
                              hit.index + 1, self->titles[hit.column], parameter);
      break;

    case NRT_NETWORK_HIT_NONE:
    default:
      return FALSE;
    }
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
set_hover (NrtNetworkView *self, int column, int index)
{
  if (column == self->hover_column && index == self->hover_index)
    return;
  self->hover_column = column;
  self->hover_index = index;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
motion_cb (GtkEventControllerMotion *controller, double x, double y, NrtNetworkView *self)
{
  NrtNetworkHit hit = hit_test (self, x, y);

  if (hit.kind == NRT_NETWORK_HIT_NEURON)
    set_hover (self, hit.column, hit.index);
  else
    set_hover (self, -1, -1);
}

static void
leave_cb (GtkEventControllerMotion *controller, NrtNetworkView *self)
{
  set_hover (self, -1, -1);
}

/* Checks the popover's text and sends it on as the new value. */
static void
popover_entry_activate_cb (GtkEntry *entry, NrtNetworkView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  char *end = NULL;
  double value;

  errno = 0;
  value = g_ascii_strtod (stripped, &end);
  if (*stripped == '\0' || end == NULL || *end != '\0' || !isfinite (value)
      || fabs (value) > G_MAXFLOAT)
    {
      g_autofree char *message = NULL;
      /* "1e99" parses to a finite double and "1e999" overflows with ERANGE:
       * both are numbers, just too large for the float32 weights. */
      gboolean out_of_range = *stripped != '\0' && end != NULL && *end == '\0'
                              && (isfinite (value) || errno == ERANGE);

      if (out_of_range)
        message = g_strdup_printf (_("“%s” is outside the float32 range (±3.4e38) of the "
                                     "weights. Type a value such as 0.5 or -1.2e-3."),
                                   text);
      else
        message = g_strdup_printf (_("“%s” is not a finite number. Type a value such as 0.5 or "
                                     "-1.2e-3."),
                                   text);
      gtk_label_set_label (self->popover_error, message);
      gtk_widget_set_visible (GTK_WIDGET (self->popover_error), TRUE);
      return;
    }

  gtk_popover_popdown (self->popover);
  g_signal_emit (self, signals[SIGNAL_PARAMETER_EDITED], 0, (guint64) self->edit_index, value);
}

static void
open_popover (NrtNetworkView *self, gsize index, const char *title, double x, double y)
{
  char value[G_ASCII_DTOSTR_BUF_SIZE];
  GdkRectangle point = { (int) x, (int) y, 1, 1 };

  self->edit_index = index;
  gtk_label_set_label (self->popover_label, title);
  g_ascii_formatd (value, sizeof value, "%.6g", self->weights->params[index]);
  gtk_editable_set_text (GTK_EDITABLE (self->popover_entry), value);
  gtk_widget_set_visible (GTK_WIDGET (self->popover_error), FALSE);
  gtk_popover_set_pointing_to (self->popover, &point);
  gtk_popover_popup (self->popover);
  gtk_widget_grab_focus (GTK_WIDGET (self->popover_entry));
}

static void
pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y, NrtNetworkView *self)
{
  NrtNetworkHit hit = hit_test (self, x, y);
  gssize index = hit_parameter_index (self, &hit);
  g_autofree char *title = NULL;

  if (index < 0)
    return;

  if (hit.kind == NRT_NETWORK_HIT_WEIGHT)
    title = g_strdup_printf (_("Weight from neuron %d to neuron %d of %s"), hit.from + 1,
                            hit.index + 1, self->titles[hit.column]);
  else
    title = g_strdup_printf (_("Bias of neuron %d of %s"), hit.index + 1,
                             self->titles[hit.column]);
  open_popover (self, (gsize) index, title, x, y);
}

/* Ctrl + scroll zooms; plain scrolling is left to the scrolled window. */
static gboolean
scroll_cb (GtkEventControllerScroll *controller, double dx, double dy, NrtNetworkView *self)
{
  GdkModifierType state;

  state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  if ((state & GDK_CONTROL_MASK) == 0)
    return FALSE;
  nrt_network_view_set_zoom (self, self->zoom * (dy < 0 ? 1.25 : 0.8));
  return TRUE;
}

static void
build_popover (NrtNetworkView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  self->popover_label = GTK_LABEL (gtk_label_new (NULL));
  self->popover_entry = GTK_ENTRY (gtk_entry_new ());
  self->popover_error = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->popover_error, TRUE);
  gtk_label_set_max_width_chars (self->popover_error, 30);
  gtk_widget_add_css_class (GTK_WIDGET (self->popover_error), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->popover_error), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->popover_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("New value"), -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->popover_entry),
                               _("Press Enter to set this value before the next epoch"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->popover_label));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->popover_entry));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->popover_error));
  g_signal_connect (self->popover_entry, "activate", G_CALLBACK (popover_entry_activate_cb), self);

  self->popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (self->popover, box);
  gtk_widget_set_parent (GTK_WIDGET (self->popover), GTK_WIDGET (self));
}

static void
nrt_network_view_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  NrtNetworkView *self = NRT_NETWORK_VIEW (widget);

  GTK_WIDGET_CLASS (nrt_network_view_parent_class)->size_allocate (widget, width, height, baseline);
  gtk_popover_present (self->popover);
}

static void
nrt_network_view_dispose (GObject *object)
{
  NrtNetworkView *self = NRT_NETWORK_VIEW (object);

  if (self->popover != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->popover));
      self->popover = NULL;
    }

  G_OBJECT_CLASS (nrt_network_view_parent_class)->dispose (object);
}

static void
nrt_network_view_finalize (GObject *object)
{
  free_structure (NRT_NETWORK_VIEW (object));

  G_OBJECT_CLASS (nrt_network_view_parent_class)->finalize (object);
}

static void
nrt_network_view_class_init (NrtNetworkViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = nrt_network_view_dispose;
  object_class->finalize = nrt_network_view_finalize;
  widget_class->query_tooltip = nrt_network_view_query_tooltip;
  widget_class->size_allocate = nrt_network_view_size_allocate;

  /* Emitted when a person types a new value for a weight or a bias:
   * (flat index into the parameter buffer, value). */
  signals[SIGNAL_PARAMETER_EDITED] =
    g_signal_new ("parameter-edited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_DOUBLE);

  gtk_widget_class_set_css_name (widget_class, "networkview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
nrt_network_view_init (NrtNetworkView *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  GtkGesture *click = gtk_gesture_click_new ();

  self->hover_column = self->hover_index = -1;
  self->zoom = 1.0;
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self), BASE_WIDTH);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self), BASE_HEIGHT);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), nrt_network_view_draw, NULL, NULL);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);

  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  build_popover (self);
}

GtkWidget *
nrt_network_view_new (void)
{
  return g_object_new (NRT_TYPE_NETWORK_VIEW, NULL);
}

void
nrt_network_view_set_model (NrtNetworkView *self, NrtModel *model,
                            const char *const *input_names)
{
  const float *params;
  int n_layers;

  g_return_if_fail (NRT_IS_NETWORK_VIEW (self));

  free_structure (self);
  self->hover_column = self->hover_index = -1;
  gtk_popover_popdown (self->popover);
  if (model == NULL)
    {
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  /* The offsets come from the model's own pointers into its flat buffer. */
  n_layers = nrt_model_get_n_layers (model);
  params = nrt_model_get_params (model);
  self->n_columns = n_layers + 1;
  self->n_params = nrt_model_get_n_params (model);
  self->sizes = g_new (int, self->n_columns);
  self->titles = g_new0 (char *, self->n_columns + 1);
  self->kernel_offsets = g_new (gsize, n_layers);
  self->bias_offsets = g_new (gssize, n_layers);
  self->kernels = g_new0 (const float *, n_layers);
  self->biases = g_new0 (const float *, n_layers);
  self->kernel_grads = g_new0 (const float *, n_layers);
  self->bias_grads = g_new0 (const float *, n_layers);
  self->heatmaps = g_new0 (const float **, self->n_columns);

  self->sizes[0] = nrt_model_get_n_inputs (model);
  self->titles[0] = g_strdup (_("Input"));
  /* A dataset's feature names are not NULL-terminated, so copy one per input. */
  if (input_names != NULL)
    {
      self->input_names = g_new0 (char *, self->sizes[0] + 1);
      for (int i = 0; i < self->sizes[0]; i++)
        self->input_names[i] = g_strdup (input_names[i]);
    }
  for (int l = 0; l < n_layers; l++)
    {
      const NrtDenseConfig *layer = nrt_model_get_layer (model, l);
      float *bias = nrt_model_get_bias (model, l);

      self->sizes[l + 1] = layer->units;
      self->titles[l + 1] = g_strdup_printf ("%s (%s)", nrt_model_get_layer_name (model, l),
                                             nrt_activation_name (layer->activation));
      self->kernel_offsets[l] = (gsize) (nrt_model_get_kernel (model, l) - params);
      self->bias_offsets[l] = bias != NULL ? bias - params : -1;
    }
  for (int c = 0; c < self->n_columns; c++)
    self->heatmaps[c] = g_new0 (const float *, self->sizes[c]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
nrt_network_view_set_weights (NrtNetworkView *self, NrtTrainerWeights *weights)
{
  gsize n_cells;
  const float *map;

  g_return_if_fail (NRT_IS_NETWORK_VIEW (self));

  if (self->n_columns == 0 || weights == NULL || weights->n_params != self->n_params)
    return;

  g_clear_pointer (&self->weights, nrt_trainer_weights_unref);
  self->weights = nrt_trainer_weights_ref (weights);
  for (int l = 0; l < self->n_columns - 1; l++)
    {
      gssize bias = self->bias_offsets[l];

      self->kernels[l] = weights->params + self->kernel_offsets[l];
      self->kernel_grads[l] = weights->grads + self->kernel_offsets[l];
      self->biases[l] = bias >= 0 ? weights->params + bias : NULL;
      self->bias_grads[l] = bias >= 0 ? weights->grads + bias : NULL;
    }

  /* The maps follow one another: the inputs, then each layer's units. */
  n_cells = (gsize) weights->heatmap_size * weights->heatmap_size;
  map = weights->heatmaps;
  for (int c = 0; c < self->n_columns && map != NULL; c++)
    for (int i = 0; i < self->sizes[c]; i++, map += n_cells)
      self->heatmaps[c][i] = map;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
nrt_network_view_set_zoom (NrtNetworkView *self, double zoom)
{
  GtkWidget *viewport = gtk_widget_get_parent (GTK_WIDGET (self));
  int width = BASE_WIDTH, height = BASE_HEIGHT;

  g_return_if_fail (NRT_IS_NETWORK_VIEW (self));

  self->zoom = CLAMP (zoom, NRT_VIEW_MIN_ZOOM, NRT_VIEW_MAX_ZOOM);

  /* Zoom 1 fits the scrolled window; larger zooms grow the drawing from the
   * size the scrolled window shows. */
  if (viewport != NULL && gtk_widget_get_width (viewport) > 0)
    {
      width = gtk_widget_get_width (viewport);
      height = gtk_widget_get_height (viewport);
    }
  if (self->zoom <= NRT_VIEW_MIN_ZOOM)
    {
      width = BASE_WIDTH;
      height = BASE_HEIGHT;
    }
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self), (int) (width * self->zoom));
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self), (int) (height * self->zoom));
}

double
nrt_network_view_get_zoom (NrtNetworkView *self)
{
  g_return_val_if_fail (NRT_IS_NETWORK_VIEW (self), 1.0);

  return self->zoom;
}
