/* nrt-step-description.c: the step-through's explanations in numbers.
 *
 * The local derivatives follow the op table's backward formulas: sigmoid
 * y (1 - y), tanh 1 - y², relu 1 where x > 0, matmul's dL/dx = dL/dy · Wᵀ
 * and dL/dW = xᵀ · dL/dy, bias_add's dL/db = Σ over the batch of dL/dy. */
#define G_LOG_DOMAIN "neurite-step"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "nrt-step-description.h"

/* Appends "(32, 6) [0.1, -0.2, 0.3, 0.4, …]". */
static void
append_tensor (GString *text, const NrtTensor *tensor)
{
  char shape[64];
  gsize shown;

  if (tensor == NULL)
    {
      g_string_append (text, _("none: data inputs get no gradient"));
      return;
    }
  nrt_shape_format (tensor->ndim, tensor->shape, shape, sizeof shape);
  shown = MIN (tensor->size, NRT_STEP_SHOWN_ELEMENTS);
  g_string_append_printf (text, "%s [", shape);
  for (gsize i = 0; i < shown; i++)
    g_string_append_printf (text, "%s%.4g", i > 0 ? ", " : "", tensor->data[i]);
  g_string_append (text, tensor->size > shown ? ", …]" : "]");
}

/* Appends the first elements of the local derivative dy/dx of an
 * element-wise activation, computed from its input x and output y. */
static void
append_local_derivative (GString *text, NrtOpId op, const NrtTensor *x, const NrtTensor *y)
{
  gsize shown = MIN (y->size, NRT_STEP_SHOWN_ELEMENTS);

  g_string_append (text, "[");
  for (gsize i = 0; i < shown; i++)
    {
      double d;

      switch (op)
        {
        case NRT_OP_SIGMOID: d = y->data[i] * (1.0 - y->data[i]); break;
        case NRT_OP_TANH: d = 1.0 - (double) y->data[i] * y->data[i]; break;
        case NRT_OP_RELU: d = x->data[i] > 0.0f ? 1.0 : 0.0; break;
        case NRT_OP_EXP: d = y->data[i]; break;
        case NRT_OP_NEG: d = -1.0; break;
        case NRT_OP_LOG: d = 1.0 / x->data[i]; break;
        case NRT_OP_SQRT: d = 0.5 / y->data[i]; break;
        case NRT_OP_ABS: d = x->data[i] > 0.0f ? 1.0 : (x->data[i] < 0.0f ? -1.0 : 0.0); break;
        case NRT_OP_LINEAR:
        default: d = 1.0; break;
        }
      g_string_append_printf (text, "%s%.4g", i > 0 ? ", " : "", d);
    }
  g_string_append (text, y->size > shown ? ", …]" : "]");
}

/* Returns the local derivative's formula of an element-wise activation. */
static const char *
activation_formula (NrtOpId op)
{
  switch (op)
    {
    case NRT_OP_SIGMOID: return "dy/dx = y (1 − y)";
    case NRT_OP_TANH: return "dy/dx = 1 − y²";
    case NRT_OP_RELU: return "dy/dx = 1 if x > 0, else 0";
    case NRT_OP_EXP: return "dy/dx = y";
    case NRT_OP_NEG: return "dy/dx = −1";
    case NRT_OP_LOG: return "dy/dx = 1 / x";
    case NRT_OP_SQRT: return "dy/dx = 1 / (2 y)";
    case NRT_OP_ABS: return "dy/dx = sign(x)";
    case NRT_OP_LINEAR:
    default: return "dy/dx = 1";
    }
}

static gboolean
is_elementwise_unary (NrtOpId op)
{
  return op == NRT_OP_LINEAR || op == NRT_OP_SIGMOID || op == NRT_OP_TANH || op == NRT_OP_RELU
         || op == NRT_OP_EXP || op == NRT_OP_NEG || op == NRT_OP_LOG || op == NRT_OP_SQRT
         || op == NRT_OP_ABS;
}

char *
nrt_step_describe_position (NrtInspector *inspector)
{
  NrtGraph *graph = nrt_inspector_get_graph (inspector);
  int active = nrt_inspector_step_get_active (inspector);
  int done, total;

  nrt_inspector_step_get_progress (inspector, &done, &total);
  switch (nrt_inspector_step_get_phase (inspector))
    {
    case NRT_STEP_IDLE:
      return g_strdup_printf (_("Ready: press Forward to compute the first of %d ops"), total);
    case NRT_STEP_FORWARD:
      return g_strdup_printf (_("Forward: %s, %d of %d"),
                              nrt_graph_get_node (graph, active)->name, done, total);
    case NRT_STEP_LOSS:
      return g_strdup_printf (_("Forward: %s, %d of %d; press Backward"),
                              nrt_graph_get_node (graph, active)->name, done, total);
    case NRT_STEP_BACKWARD:
      return g_strdup_printf (_("Backward: %s, %d of %d"),
                              nrt_graph_get_node (graph, active)->name, done, total);
    case NRT_STEP_DONE:
    default:
      return g_strdup_printf (_("Backward: %s, %d of %d, done"),
                              nrt_graph_get_node (graph, active)->name, done, total);
    }
}

static void
describe_forward (GString *text, NrtGraph *graph, const NrtNode *node)
{
  g_string_append_printf (text, _("Forward through %s (%s)\n\n"), node->name,
                          nrt_op_name (node->op));
  for (int i = 0; i < node->n_inputs; i++)
    {
      const NrtNode *input = nrt_graph_get_node (graph, node->inputs[i]);

      g_string_append_printf (text, _("input %s\n  "), input->name);
      append_tensor (text, input->value);
      g_string_append (text, "\n");
    }
  g_string_append (text, _("output\n  "));
  append_tensor (text, node->value);
  g_string_append (text, "\n");

  if (node->op == NRT_OP_MATMUL)
    g_string_append (text, _("\ny = x · W: row i of y is row i of x times W.\n"));
  else if (node->op == NRT_OP_BIAS_ADD)
    g_string_append (text, _("\ny = x + b, with b added to every row.\n"));
  else if (nrt_op_is_loss (node->op))
    g_string_append (text, _("\nThe loss is the mean over the batch.\n"));
}

/* Explains the gradient flowing to input i of a matmul node. */
static void
describe_matmul_input (GString *text, NrtGraph *graph, const NrtNode *node, int i)
{
  const NrtNode *x = nrt_graph_get_node (graph, node->inputs[0]);
  const NrtNode *w = nrt_graph_get_node (graph, node->inputs[1]);
  const NrtNode *target = i == 0 ? x : w;
  int batch = node->value->shape[0];
  int n = w->value->shape[0], m = w->value->shape[1];

  if (i == 0)
    g_string_append_printf (text, "dL/d(%s) = dL/dy · Wᵀ: (%d, %d) · (%d, %d) = (%d, %d)\n  ",
                            x->name, batch, m, m, n, batch, n);
  else
    g_string_append_printf (text, "dL/d(%s) = xᵀ · dL/dy: (%d, %d) · (%d, %d) = (%d, %d)\n  ",
                            w->name, n, batch, batch, m, n, m);
  append_tensor (text, target->grad);
  g_string_append (text, "\n");
}

static void
describe_backward (GString *text, NrtGraph *graph, const NrtNode *node)
{
  g_string_append_printf (text, _("Backward through %s (%s)\n\n"), node->name,
                          nrt_op_name (node->op));
  g_string_append (text, _("incoming gradient dL/dy\n  "));
  append_tensor (text, node->grad);
  g_string_append (text, "\n\n");

  /* Step 1: the local derivative. */
  if (is_elementwise_unary (node->op))
    {
      const NrtNode *x = nrt_graph_get_node (graph, node->inputs[0]);

      g_string_append_printf (text, _("local derivative %s\n  "), activation_formula (node->op));
      append_local_derivative (text, node->op, x->value, node->value);
      g_string_append (text, "\n\n");
      g_string_append_printf (text, _("chain rule, element by element:\n"
                                      "dL/dx = dL/dy ⊙ dy/dx, to %s\n  "), x->name);
      append_tensor (text, x->grad);
      g_string_append (text, "\n");
      return;
    }

  /* Step 2: the product flowing to each input. */
  switch (node->op)
    {
    case NRT_OP_MATMUL:
      g_string_append (text, _("local derivatives: dy/dx = W, dy/dW = x\n\n"));
      for (int i = 0; i < 2; i++)
        describe_matmul_input (text, graph, node, i);
      break;

    case NRT_OP_BIAS_ADD:
      g_string_append (text, _("local derivatives: dy/dx = 1, dy/db = 1\n\n"));
      g_string_append_printf (text, "dL/d(%s) = dL/dy\n  ",
                              nrt_graph_get_node (graph, node->inputs[0])->name);
      append_tensor (text, nrt_graph_get_node (graph, node->inputs[0])->grad);
      g_string_append_printf (text, _("\ndL/d(%s) = Σ over the batch of dL/dy\n  "),
                              nrt_graph_get_node (graph, node->inputs[1])->name);
      append_tensor (text, nrt_graph_get_node (graph, node->inputs[1])->grad);
      g_string_append (text, "\n");
      break;

    case NRT_OP_SOFTMAX:
      g_string_append (text, _("local derivative: the softmax Jacobian, so\n"
                               "dL/dx = y ⊙ (dL/dy − Σⱼ dL/dyⱼ yⱼ)\n  "));
      append_tensor (text, nrt_graph_get_node (graph, node->inputs[0])->grad);
      g_string_append (text, "\n");
      break;

    default:
      if (nrt_op_is_loss (node->op))
        {
          g_string_append (text, _("The backward pass starts here with dL/dL = 1.\n"));
          if (node->op == NRT_OP_MEAN_SQUARED_ERROR)
            g_string_append (text, "dL/dp = 2 (p − t) / size\n  ");
          else if (node->from_logits)
            g_string_append (text, "dL/dz = (softmax or σ(z) − t) / size\n  ");
          else
            g_string_append (text, "dL/dp = (−t / p + (1 − t) / (1 − p)) / size\n  ");
        }
      else
        g_string_append (text, _("gradient to the first input\n  "));
      append_tensor (text, nrt_graph_get_node (graph, node->inputs[0])->grad);
      g_string_append (text, "\n");
      break;
    }
}

char *
nrt_step_describe_node (NrtInspector *inspector)
{
  NrtGraph *graph = nrt_inspector_get_graph (inspector);
  int active = nrt_inspector_step_get_active (inspector);
  NrtStepPhase phase = nrt_inspector_step_get_phase (inspector);
  GString *text = g_string_new (NULL);

  if (active < 0)
    {
      g_string_append (text, _("The step-through runs one training batch, the first of the "
                               "training split, op by op on a copy of the model.\n\n"
                               "Forward computes the next op. Once the loss is known, "
                               "Backward sends its gradient back, op by op."));
      return g_string_free (text, FALSE);
    }

  if (phase == NRT_STEP_BACKWARD || phase == NRT_STEP_DONE)
    describe_backward (text, graph, nrt_graph_get_node (graph, active));
  else
    describe_forward (text, graph, nrt_graph_get_node (graph, active));
  return g_string_free (text, FALSE);
}
