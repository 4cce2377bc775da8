/* nrt-node-dialog.h: one graph node's tensors, as heatmaps of its value
 * and gradient and as a table of their elements, copied when the dialog
 * opens. */
#pragma once

#include <gtk/gtk.h>

#include "core/nrt-graph.h"

G_BEGIN_DECLS

#define NRT_TYPE_NODE_DIALOG (nrt_node_dialog_get_type ())
G_DECLARE_FINAL_TYPE (NrtNodeDialog, nrt_node_dialog, NRT, NODE_DIALOG, GtkWindow)

/* Rows of the element table; larger tensors show their first elements
 * with a note. */
#define NRT_NODE_DIALOG_MAX_ROWS 300

/* Copies node's value and gradient; the dialog is transient for parent and
 * destroys itself when closed. */
GtkWidget *nrt_node_dialog_new (GtkWindow *parent, const NrtNode *node);

G_END_DECLS
