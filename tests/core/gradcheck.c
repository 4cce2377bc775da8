/* gradcheck.c: small graphs that end in a scalar loss, and the
 * finite-difference check of their parameter gradients (see gradcheck.h
 * for the tolerance).
 */
#include "gradcheck.h"

#include <glib.h>
#include <math.h>
#include <string.h>

void
case_init (Case *c, uint64_t seed)
{
  memset (c, 0, sizeof *c);
  c->graph = nrt_graph_new ();
  c->loss = -1;
  nrt_rng_init (&c->rng, seed);
}

void
case_clear (Case *c)
{
  nrt_graph_free (c->graph);
  for (int i = 0; i < c->n_params; i++)
    {
      g_free (c->values[i]);
      g_free (c->grads[i]);
    }
}

int
case_add_parameter_flipped (Case *c, const char *name, int ndim, const int *shape,
                            double low, double high, int flip_every)
{
  NrtError err = { 0 };
  size_t size = nrt_shape_size (ndim, shape);
  int i = c->n_params++;
  int id;

  g_assert_cmpint (c->n_params, <=, MAX_PARAMS);
  c->values[i] = g_new0 (float, size);
  c->grads[i] = g_new0 (float, size);
  c->sizes[i] = size;
  c->names[i] = name;
  for (size_t k = 0; k < size; k++)
    {
      c->values[i][k] = (float) nrt_rng_uniform_range (&c->rng, low, high);
      if (flip_every > 0 && k % (size_t) flip_every == 0)
        c->values[i][k] = -c->values[i][k];
    }

  id = nrt_graph_add_parameter (c->graph, name, ndim, shape, c->values[i], c->grads[i], &err);
  if (id < 0)
    g_error ("adding parameter %s: %s", name, err.message);
  return id;
}

int
case_add_parameter (Case *c, const char *name, int ndim, const int *shape,
                    double low, double high)
{
  return case_add_parameter_flipped (c, name, ndim, shape, low, high, 0);
}

int
case_add_constant (Case *c, const char *name, int ndim, const int *shape,
                   double low, double high)
{
  NrtError err = { 0 };
  size_t size = nrt_shape_size (ndim, shape);
  float *value = g_new0 (float, size);
  int id;

  for (size_t k = 0; k < size; k++)
    value[k] = (float) nrt_rng_uniform_range (&c->rng, low, high);
  id = nrt_graph_add_constant (c->graph, name, ndim, shape, value, &err);
  g_free (value);
  if (id < 0)
    g_error ("adding constant %s: %s", name, err.message);
  return id;
}

int
case_add_op (Case *c, NrtOpId op, const char *name, int a, int b, int from_logits)
{
  NrtError err = { 0 };
  int inputs[2] = { a, b };
  int id;

  id = nrt_graph_add_op (c->graph, op, name, inputs, nrt_op_n_inputs (op), from_logits, &err);
  if (id < 0)
    g_error ("adding op %s: %s", name, err.message);
  return id;
}

float
case_loss (Case *c)
{
  nrt_graph_forward (c->graph);
  return nrt_graph_get_node (c->graph, c->loss)->value->data[0];
}

void
check_gradients_built (Case *c)
{
  double max_excess = 0.0, max_diff = 0.0;
  int n_checked = 0;

  nrt_graph_backward (c->graph, c->loss);

  for (int p = 0; p < c->n_params; p++)
    {
      float *analytic = g_memdup2 (c->grads[p], c->sizes[p] * sizeof (float));

      for (size_t k = 0; k < c->sizes[p]; k++)
        {
          float saved = c->values[p][k];
          double plus, minus, numeric, diff, allowed;

          c->values[p][k] = saved + FD_STEP;
          plus = case_loss (c);
          c->values[p][k] = saved - FD_STEP;
          minus = case_loss (c);
          c->values[p][k] = saved;
          numeric = (plus - minus) / (2.0 * FD_STEP);

          diff = fabs (analytic[k] - numeric);
          allowed = FD_RTOL * fmax (fabs (analytic[k]), fabs (numeric)) + FD_ATOL;
          max_diff = fmax (max_diff, diff);
          if (diff > allowed)
            {
              g_test_message ("%s[%zu]: analytic %.6g, numeric %.6g, difference %.3g > %.3g",
                              c->names[p], k, analytic[k], numeric, diff, allowed);
              max_excess = fmax (max_excess, diff - allowed);
            }
          n_checked++;
        }
      g_free (analytic);
    }

  g_test_message ("%d gradient entries checked, max |analytic - numeric| = %.3g",
                  n_checked, max_diff);
  if (max_excess > 0.0)
    g_test_fail_printf ("gradient check failed: max |analytic - numeric| = %.3g", max_diff);
}

void
check_gradients (Case *c)
{
  NrtError err = { 0 };

  if (nrt_graph_build (c->graph, 1, &err) != NRT_OK)
    g_error ("building: %s", err.message);

  g_assert_true (isfinite (case_loss (c)));
  check_gradients_built (c);
}
