/* nrt-window-data.c: the controls of the data a run trains on. They set
 * the validation and test splits, normalization, TensorFlow Playground's
 * derived features of two-feature data, and the plane of the regions for
 * data of more features. Changing the plane redraws the regions of the same
 * run, and every other control here starts a new run. */
#define G_LOG_DOMAIN "neurite-window"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "core/nrt-features.h"

#include "nrt-window-private.h"

/* The test split of the generated 2-D examples: 30%, the share that the
 * window's former training ratio of 0.7 held out, so the opening example
 * trains as before. Files hold out 20% for the test, a common choice, and
 * no validation part until a person sets one. */
#define GENERATED_TEST_FRACTION 0.3
#define FILE_TEST_FRACTION 0.2

/* The training part keeps at least this share of the rows. */
#define MIN_TRAIN_FRACTION 0.1

/* The plane drop-downs show at most this many characters of a feature name
 * and ellipsize longer ones, so that long column names of a file do not
 * widen the Training page. */
#define AXIS_NAME_MAX_CHARS 14

typedef struct {
  GtkToggleButton *toggle;
  NrtDerivedFeatures flag;
} DerivedToggle;

static unsigned
get_derived_features (NrtWindow *self)
{
  const DerivedToggle toggles[] = {
    { self->x1_squared_toggle, NRT_DERIVED_X1_SQUARED },
    { self->x2_squared_toggle, NRT_DERIVED_X2_SQUARED },
    { self->x1_times_x2_toggle, NRT_DERIVED_X1_TIMES_X2 },
    { self->sin_x1_toggle, NRT_DERIVED_SIN_X1 },
    { self->sin_x2_toggle, NRT_DERIVED_SIN_X2 },
  };
  unsigned flags = 0;

  for (guint i = 0; i < G_N_ELEMENTS (toggles); i++)
    if (gtk_toggle_button_get_active (toggles[i].toggle))
      flags |= toggles[i].flag;
  return flags;
}

/* Shows under the split controls how the parts are drawn when it is not
 * the window's own random split. */
static void
update_split_note (NrtWindow *self)
{
  g_autofree char *note = NULL;
  double validation = gtk_spin_button_get_value (self->validation_spin);

  if (self->split_kind != NRT_TRAINER_SPLIT_LAST_ROWS)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->split_note_label), FALSE);
      return;
    }

  if (validation > 0)
    /* TRANSLATORS: %g is a percentage, such as 20. */
    note = g_strdup_printf (_("Validation: the last %g %% of the rows, as saved (Keras’s "
                              "validation_split). Changing a split draws random, stratified "
                              "parts."),
                            round (validation * 1000) / 10);
  else
    note = g_strdup (_("Every row trains, as saved. Changing a split draws random, stratified "
                       "parts."));
  gtk_label_set_label (self->split_note_label, note);
  gtk_widget_set_visible (GTK_WIDGET (self->split_note_label), TRUE);
}

void
nrt_window_data_set_split_kind (NrtWindow *self, NrtTrainerSplitKind split_kind)
{
  self->split_kind = split_kind;
  update_split_note (self);
}

/* Keeps the validation and test parts below 1 - MIN_TRAIN_FRACTION
 * together by lowering the other spin button, then restarts. A person's
 * change returns to the window's random split. */
static void
fraction_changed_cb (GtkSpinButton *spin, NrtWindow *self)
{
  GtkSpinButton *other = spin == self->validation_spin ? self->test_spin : self->validation_spin;
  double excess;

  if (self->updating > 0)
    return;

  nrt_window_data_set_split_kind (self, NRT_TRAINER_SPLIT_RANDOM);

  excess = gtk_spin_button_get_value (self->validation_spin)
           + gtk_spin_button_get_value (self->test_spin) - (1 - MIN_TRAIN_FRACTION);
  if (excess > 1e-9)
    {
      self->updating++;
      gtk_spin_button_set_value (other, MAX (0, gtk_spin_button_get_value (other) - excess));
      self->updating--;
    }
  nrt_window_restart (self);
}

static void
data_setting_changed_cb (NrtWindow *self)
{
  nrt_window_restart (self);
}

/* Reads the plane controls into self->plane and win.plane's state, and
 * sends the plane to the worker, which redraws the regions without
 * restarting. */
static void
send_plane (NrtWindow *self)
{
  gboolean pca = gtk_check_button_get_active (self->pca_check);
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "plane");
  g_autofree char *state = NULL;

  self->plane.kind = pca ? NRT_PLANE_PCA : NRT_PLANE_FEATURES;
  self->plane.feature_u = (int) gtk_drop_down_get_selected (self->plane_u_dropdown);
  self->plane.feature_v = (int) gtk_drop_down_get_selected (self->plane_v_dropdown);
  gtk_widget_set_sensitive (GTK_WIDGET (self->plane_u_dropdown), !pca);
  gtk_widget_set_sensitive (GTK_WIDGET (self->plane_v_dropdown), !pca);

  if (pca)
    state = g_strdup ("pca");
  else
    state = g_strdup_printf ("%d,%d", self->plane.feature_u, self->plane.feature_v);
  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (state));

  if (self->updating > 0 || self->trainer == NULL)
    return;
  nrt_trainer_set_plane (self->trainer, &self->plane);
}

/* Sets the plane controls from text, as win.plane receives it: "pca", or
 * the 0-based indices of the horizontal and vertical features, such as
 * "0,2". Returns FALSE with error set for text of another form, for an
 * index out of range and for two equal indices. */
gboolean
nrt_window_data_set_plane (NrtWindow *self, const char *text, GError **error)
{
  g_auto (GStrv) indices = NULL;
  guint64 u = 0;
  guint64 v = 0;
  guint64 max_index;

  if (self->dataset == NULL || self->dataset->n_features <= 2)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "the plane of the regions applies to data of more than 2 features");
      return FALSE;
    }
  if (g_str_equal (text, "pca"))
    {
      gtk_check_button_set_active (self->pca_check, TRUE);
      return TRUE;
    }

  max_index = (guint64) self->dataset->n_features - 1;
  indices = g_strsplit (text, ",", -1);
  if (g_strv_length (indices) != 2
      || !g_ascii_string_to_unsigned (indices[0], 10, 0, max_index, &u, error)
      || !g_ascii_string_to_unsigned (indices[1], 10, 0, max_index, &v, error))
    {
      g_clear_error (error);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "invalid plane “%s”: expected pca, or two feature indices from 0 to %"
                   G_GUINT64_FORMAT " such as 0,1", text, max_index);
      return FALSE;
    }
  if (u == v)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "invalid plane “%s”: the two axes need different features", text);
      return FALSE;
    }

  /* One update of the controls, so that the worker gets one plane. */
  self->updating++;
  gtk_drop_down_set_selected (self->plane_u_dropdown, (guint) u);
  gtk_drop_down_set_selected (self->plane_v_dropdown, (guint) v);
  gtk_check_button_set_active (self->pca_check, FALSE);
  self->updating--;
  send_plane (self);
  return TRUE;
}

/* Picking on one axis the feature of the other axis swaps the two, so the
 * plane always spans two different features. */
static void
plane_axis_changed_cb (GtkDropDown *dropdown, GParamSpec *pspec, NrtWindow *self)
{
  gboolean horizontal = dropdown == self->plane_u_dropdown;
  GtkDropDown *other = horizontal ? self->plane_v_dropdown : self->plane_u_dropdown;
  int previous = horizontal ? self->plane.feature_u : self->plane.feature_v;
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->updating > 0 || selected == GTK_INVALID_LIST_POSITION)
    return;

  if (selected == gtk_drop_down_get_selected (other))
    {
      self->updating++;
      gtk_drop_down_set_selected (other, (guint) previous);
      self->updating--;
    }
  send_plane (self);
}

static void
pca_toggled_cb (NrtWindow *self)
{
  send_plane (self);
}

/* Returns whether the plane drop-downs list the features of the data. */
static gboolean
lists_features (NrtWindow *self)
{
  GListModel *items = G_LIST_MODEL (self->feature_items);

  if (g_list_model_get_n_items (items) != (guint) self->dataset->n_features)
    return FALSE;
  for (int i = 0; i < self->dataset->n_features; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->feature_items, (guint) i),
                   self->dataset->feature_names[i]) != 0)
      return FALSE;
  return TRUE;
}

/* Lists the features of new data in the plane drop-downs and starts from
 * the first two principal components: of all planes through the
 * standardized data, theirs keeps the most variance. */
static void
reset_plane_controls (NrtWindow *self)
{
  g_autofree const char **names = g_new0 (const char *, self->dataset->n_features + 1);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->feature_items));

  for (int i = 0; i < self->dataset->n_features; i++)
    names[i] = self->dataset->feature_names[i];
  gtk_string_list_splice (self->feature_items, 0, n_items, names);

  self->plane = (NrtPlane) { NRT_PLANE_PCA, 0, 1 };
  if (self->dataset->n_features > 1)
    {
      gtk_drop_down_set_selected (self->plane_u_dropdown, 0);
      gtk_drop_down_set_selected (self->plane_v_dropdown, 1);
    }
  gtk_check_button_set_active (self->pca_check, TRUE);
  send_plane (self);
}

/* Adapts the data controls to self->dataset, which has just replaced the
 * previous data. kind_changed is TRUE for the first data and when the data
 * changed from generated to a file or back. The split and normalization
 * then return to the defaults of that kind. Starts no run by itself. */
void
nrt_window_data_dataset_changed (NrtWindow *self, gboolean kind_changed)
{
  gboolean generated = self->dataset_is_generated;
  int n_features = self->dataset->n_features;

  self->updating++;
  if (kind_changed)
    {
      nrt_window_data_set_split_kind (self, NRT_TRAINER_SPLIT_RANDOM);
      gtk_spin_button_set_value (self->validation_spin, 0);
      gtk_spin_button_set_value (self->test_spin,
                                 generated ? GENERATED_TEST_FRACTION : FILE_TEST_FRACTION);
      /* Generated points already lie within a few units of 0, and their
       * regions read best in the features' own units. */
      gtk_switch_set_active (self->normalize_switch, !generated);
    }
  if (!lists_features (self))
    reset_plane_controls (self);
  self->updating--;

  gtk_widget_set_visible (self->derived_box, n_features == 2);
  gtk_widget_set_visible (self->plane_box, n_features > 2);
}

/* Fills the split, normalization, derived features and plane of config
 * from the controls. */
void
nrt_window_data_fill_config (NrtWindow *self, NrtTrainerConfig *config)
{
  int n_features = self->dataset->n_features;

  config->split_kind = self->split_kind;
  config->validation_fraction = gtk_spin_button_get_value (self->validation_spin);
  config->test_fraction = gtk_spin_button_get_value (self->test_spin);
  config->normalize = gtk_switch_get_active (self->normalize_switch);
  config->derived_features = n_features == 2 ? get_derived_features (self) : 0;
  if (n_features > 2)
    config->plane = self->plane;
  else
    config->plane = (NrtPlane) { NRT_PLANE_FEATURES, 0, 1 };
}

/* max_chars is the maximum width of the label in characters, or 0 for
 * labels that show the whole string. */
static void
setup_string_label_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer max_chars)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (max_chars) > 0)
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), GPOINTER_TO_INT (max_chars));
    }
  gtk_list_item_set_child (item, label);
}

static void
bind_string_label_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       gtk_string_object_get_string (string));
}

static GtkListItemFactory *
string_label_factory_new (int max_chars)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_string_label_cb),
                    GINT_TO_POINTER (max_chars));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_string_label_cb), NULL);
  return factory;
}

/* Makes dropdown, whose model must be a GtkStringList, show at most
 * max_chars characters of the selected string, ellipsizing longer ones,
 * while its list shows whole strings. GTK sizes a drop-down to its
 * selected string, so this keeps a long string from widening the window. */
void
nrt_window_ellipsize_dropdown (GtkDropDown *dropdown, int max_chars)
{
  g_autoptr (GtkListItemFactory) button_factory = string_label_factory_new (max_chars);
  g_autoptr (GtkListItemFactory) list_factory = string_label_factory_new (0);

  gtk_drop_down_set_factory (dropdown, button_factory);
  gtk_drop_down_set_list_factory (dropdown, list_factory);
}

/* Sets up the plane drop-downs and connects the data controls, which
 * restart the run (the plane only redraws it). */
void
nrt_window_data_init (NrtWindow *self)
{
  GtkToggleButton *derived_toggles[] = {
    self->x1_squared_toggle, self->x2_squared_toggle, self->x1_times_x2_toggle,
    self->sin_x1_toggle, self->sin_x2_toggle,
  };

  self->feature_items = gtk_string_list_new (NULL);
  self->plane = (NrtPlane) { NRT_PLANE_PCA, 0, 1 };
  nrt_window_ellipsize_dropdown (self->plane_u_dropdown, AXIS_NAME_MAX_CHARS);
  nrt_window_ellipsize_dropdown (self->plane_v_dropdown, AXIS_NAME_MAX_CHARS);
  gtk_drop_down_set_model (self->plane_u_dropdown, G_LIST_MODEL (self->feature_items));
  gtk_drop_down_set_model (self->plane_v_dropdown, G_LIST_MODEL (self->feature_items));

  g_signal_connect_object (self->validation_spin, "value-changed",
                           G_CALLBACK (fraction_changed_cb), self, 0);
  g_signal_connect_object (self->test_spin, "value-changed",
                           G_CALLBACK (fraction_changed_cb), self, 0);
  g_signal_connect_object (self->normalize_switch, "notify::active",
                           G_CALLBACK (data_setting_changed_cb), self, G_CONNECT_SWAPPED);
  for (guint i = 0; i < G_N_ELEMENTS (derived_toggles); i++)
    g_signal_connect_object (derived_toggles[i], "toggled",
                             G_CALLBACK (data_setting_changed_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->plane_u_dropdown, "notify::selected",
                           G_CALLBACK (plane_axis_changed_cb), self, 0);
  g_signal_connect_object (self->plane_v_dropdown, "notify::selected",
                           G_CALLBACK (plane_axis_changed_cb), self, 0);
  g_signal_connect_object (self->pca_check, "toggled",
                           G_CALLBACK (pca_toggled_cb), self, G_CONNECT_SWAPPED);
}
