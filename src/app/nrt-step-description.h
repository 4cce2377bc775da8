/* nrt-step-description.h: the numbers behind one step of the graph view's
 * step-through, in words: for a forward step the op, its inputs and its
 * output; for a backward step the incoming gradient, the local derivative
 * and the chain-rule product that flows to each input. */
#pragma once

#include <glib.h>

#include "nrt-inspector.h"

G_BEGIN_DECLS

/* Elements shown per tensor. */
#define NRT_STEP_SHOWN_ELEMENTS 4

/* Returns the one-line position of the step-through, such as "Backward:
 * dense/matmul, 5 of 9". Free with g_free. */
char *nrt_step_describe_position (NrtInspector *inspector);

/* Returns the plain-text explanation of the node computed last, for a
 * monospace label. Free with g_free. */
char *nrt_step_describe_node (NrtInspector *inspector);

G_END_DECLS
