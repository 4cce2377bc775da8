/* test-optimizer.c: SGD and Adam against NumPy and PyTorch.
 *
 * The expected values come from NumPy in float64 running Keras's update rules
 * as nrt-optimizer.h states them, from parameters [1, 2, 3, 4] and the
 * gradients of the steps below. PyTorch 1.13's torch.optim.SGD with momentum
 * gives the same SGD values. Its Adam adds eps to sqrt(v) / sqrt(1 - b2^t)
 * instead of to sqrt(v), so it differs from Keras's by up to 5.3e-7 on the
 * three-step case.
 */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/nrt-optimizer.h"

#define N_PARAMS 4

static const float start_params[N_PARAMS] = { 1.0f, 2.0f, 3.0f, 4.0f };
static const float step_grads[3][N_PARAMS] = {
  { 1.0f, 6.0f, 7.0f, 2.0f },
  { 0.5f, -1.0f, 2.0f, -3.0f },
  { -2.0f, 0.25f, 1.0f, 4.0f },
};

static void
assert_close (const float *actual, const double *expected, int n, double tolerance)
{
  double max_diff = 0.0;

  for (int i = 0; i < n; i++)
    max_diff = fmax (max_diff, fabs ((double) actual[i] - expected[i]));
  /* On failure, GLib prints the max difference beside the tolerance. */
  g_assert_cmpfloat (max_diff, <=, tolerance);
}

/* Runs n_steps steps of config from start_params; returns the parameters. */
static void
run_steps (const NrtOptimizerConfig *config, int n_steps, float *params)
{
  NrtError err = { 0 };
  NrtOptimizer *optimizer;

  optimizer = nrt_optimizer_new (config, N_PARAMS, &err);
  g_assert_nonnull (optimizer);
  memcpy (params, start_params, sizeof start_params);
  for (int t = 0; t < n_steps; t++)
    nrt_optimizer_step (optimizer, params, step_grads[t]);
  g_assert_cmpint (nrt_optimizer_get_iterations (optimizer), ==, n_steps);
  nrt_optimizer_free (optimizer);
}

static void
test_defaults (void)
{
  NrtOptimizerConfig sgd = nrt_optimizer_config_default (NRT_OPTIMIZER_SGD);
  NrtOptimizerConfig adam = nrt_optimizer_config_default (NRT_OPTIMIZER_ADAM);

  /* Keras's defaults: SGD(learning_rate=0.01, momentum=0.0),
   * Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7). */
  g_assert_cmpfloat (sgd.learning_rate, ==, 0.01f);
  g_assert_cmpfloat (sgd.momentum, ==, 0.0f);
  g_assert_cmpfloat (adam.learning_rate, ==, 0.001f);
  g_assert_cmpfloat (adam.beta_1, ==, 0.9f);
  g_assert_cmpfloat (adam.beta_2, ==, 0.999f);
  g_assert_cmpfloat (adam.epsilon, ==, 1e-7f);
}

static void
test_names (void)
{
  g_assert_cmpstr (nrt_optimizer_name (NRT_OPTIMIZER_SGD), ==, "sgd");
  g_assert_cmpstr (nrt_optimizer_name (NRT_OPTIMIZER_ADAM), ==, "adam");
  g_assert_cmpint (nrt_optimizer_from_name ("adam"), ==, NRT_OPTIMIZER_ADAM);
  g_assert_cmpint (nrt_optimizer_from_name ("SGD"), ==, NRT_OPTIMIZER_SGD);
  g_assert_cmpint (nrt_optimizer_from_name ("rmsprop"), ==, -1);
  g_assert_cmpint (nrt_optimizer_from_name (NULL), ==, -1);
  g_assert_null (nrt_optimizer_name (NRT_OPTIMIZER_COUNT));
}

static void
test_sgd_one_step (void)
{
  NrtOptimizerConfig config = nrt_optimizer_config_default (NRT_OPTIMIZER_SGD);
  /* Hand calculation: p - 0.5 g. */
  const double expected[N_PARAMS] = { 0.5, -1.0, -0.5, 3.0 };
  float params[N_PARAMS];

  config.learning_rate = 0.5f;
  run_steps (&config, 1, params);
  assert_close (params, expected, N_PARAMS, 1e-6);
}

static void
test_sgd_momentum (void)
{
  NrtOptimizerConfig config = nrt_optimizer_config_default (NRT_OPTIMIZER_SGD);
  /* By hand: v1 = -0.1 g1 = [-0.1, -0.6, -0.7, -0.2]; v2 = 0.9 v1 - 0.1 g2 =
   * [-0.14, -0.44, -0.83, 0.12]; p2 = p0 + v1 + v2. NumPy and torch.optim.SGD
   * (lr 0.1, momentum 0.9) agree. */
  const double expected[N_PARAMS] = { 0.76, 0.96, 1.47, 3.92 };
  float params[N_PARAMS];

  config.learning_rate = 0.1f;
  config.momentum = 0.9f;
  run_steps (&config, 2, params);
  assert_close (params, expected, N_PARAMS, 1e-6);
}

static void
test_adam_one_step (void)
{
  NrtOptimizerConfig config = nrt_optimizer_config_default (NRT_OPTIMIZER_ADAM);
  /* The first Adam step moves each parameter by about lr against the sign of
   * its gradient; eps adds the last digits (NumPy). */
  const double expected[N_PARAMS] = { 0.5000015811, 1.5000002635, 2.5000002259, 3.5000007906 };
  float params[N_PARAMS];

  config.learning_rate = 0.5f;
  run_steps (&config, 1, params);
  assert_close (params, expected, N_PARAMS, 2e-6);
}

static void
test_adam_three_steps (void)
{
  NrtOptimizerConfig config = nrt_optimizer_config_default (NRT_OPTIMIZER_ADAM);
  /* NumPy, Keras's form with lr 0.1 and the default betas and eps. */
  const double expected[N_PARAMS] = { 0.8274182903, 1.8019265451, 2.7414217712, 3.8901217691 };
  float params[N_PARAMS];

  config.learning_rate = 0.1f;
  run_steps (&config, 3, params);
  assert_close (params, expected, N_PARAMS, 2e-6);
}

static void
test_reset_and_learning_rate (void)
{
  NrtOptimizerConfig config = nrt_optimizer_config_default (NRT_OPTIMIZER_ADAM);
  const double expected[N_PARAMS] = { 0.5000015811, 1.5000002635, 2.5000002259, 3.5000007906 };
  NrtOptimizer *optimizer;
  float params[N_PARAMS];

  /* After a reset, a step equals the first step of a new optimizer. */
  optimizer = nrt_optimizer_new (&config, N_PARAMS, NULL);
  g_assert_nonnull (optimizer);
  memcpy (params, start_params, sizeof params);
  nrt_optimizer_step (optimizer, params, step_grads[1]);
  nrt_optimizer_reset (optimizer);
  g_assert_cmpint (nrt_optimizer_get_iterations (optimizer), ==, 0);
  nrt_optimizer_set_learning_rate (optimizer, 0.5f);
  nrt_optimizer_set_learning_rate (optimizer, -1.0f);
  nrt_optimizer_set_learning_rate (optimizer, NAN);
  g_assert_cmpfloat (nrt_optimizer_get_config (optimizer)->learning_rate, ==, 0.5f);
  memcpy (params, start_params, sizeof params);
  nrt_optimizer_step (optimizer, params, step_grads[0]);
  assert_close (params, expected, N_PARAMS, 2e-6);
  nrt_optimizer_free (optimizer);
}

typedef struct {
  const char *field;
  NrtOptimizerKind kind;
  float learning_rate, momentum, beta_1, beta_2, epsilon;
} InvalidCase;

static void
test_invalid_config (void)
{
  const InvalidCase cases[] = {
    { "learning rate", NRT_OPTIMIZER_SGD, 0.0f, 0.0f, 0.9f, 0.999f, 1e-7f },
    { "learning rate", NRT_OPTIMIZER_ADAM, -0.1f, 0.0f, 0.9f, 0.999f, 1e-7f },
    { "learning rate", NRT_OPTIMIZER_SGD, INFINITY, 0.0f, 0.9f, 0.999f, 1e-7f },
    { "learning rate", NRT_OPTIMIZER_ADAM, NAN, 0.0f, 0.9f, 0.999f, 1e-7f },
    { "momentum", NRT_OPTIMIZER_SGD, 0.1f, 1.0f, 0.9f, 0.999f, 1e-7f },
    { "momentum", NRT_OPTIMIZER_SGD, 0.1f, -0.5f, 0.9f, 0.999f, 1e-7f },
    { "beta_1", NRT_OPTIMIZER_ADAM, 0.1f, 0.0f, 1.0f, 0.999f, 1e-7f },
    { "beta_2", NRT_OPTIMIZER_ADAM, 0.1f, 0.0f, 0.9f, -0.1f, 1e-7f },
    { "epsilon", NRT_OPTIMIZER_ADAM, 0.1f, 0.0f, 0.9f, 0.999f, 0.0f },
    { "optimizer kind", NRT_OPTIMIZER_COUNT, 0.1f, 0.0f, 0.9f, 0.999f, 1e-7f },
  };

  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      NrtOptimizerConfig config = {
        cases[i].kind, cases[i].learning_rate, cases[i].momentum,
        cases[i].beta_1, cases[i].beta_2, cases[i].epsilon,
      };
      NrtError err = { 0 };

      g_assert_null (nrt_optimizer_new (&config, N_PARAMS, &err));
      g_assert_cmpint (err.status, ==, NRT_ERROR_INVALID);
      g_assert_nonnull (strstr (err.message, cases[i].field));
    }
}

/* Copies the step count and every slot of source into target. */
static void
copy_state (NrtOptimizer *source, NrtOptimizer *target)
{
  NrtError err = { 0 };

  g_assert_cmpint (nrt_optimizer_get_n_slots (target), ==, nrt_optimizer_get_n_slots (source));
  for (int i = 0; i < nrt_optimizer_get_n_slots (source); i++)
    {
      g_assert_cmpstr (nrt_optimizer_get_slot_name (target, i), ==,
                       nrt_optimizer_get_slot_name (source, i));
      memcpy (nrt_optimizer_get_slot (target, i), nrt_optimizer_get_slot (source, i),
              nrt_optimizer_get_n_params (source) * sizeof (float));
    }
  g_assert_cmpint (nrt_optimizer_set_iterations (target, nrt_optimizer_get_iterations (source),
                                                 &err), ==, NRT_OK);
}

/* A new optimizer that receives the state of another after two steps takes
 * the same third step, bit for bit. Without the state its step differs. */
static void
test_state_restore (void)
{
  NrtOptimizerConfig configs[2];
  int n_slots[2] = { 1, 2 };
  const char *first_slot[2] = { "velocity", "m" };

  configs[0] = nrt_optimizer_config_default (NRT_OPTIMIZER_SGD);
  configs[0].momentum = 0.9f;
  configs[1] = nrt_optimizer_config_default (NRT_OPTIMIZER_ADAM);

  for (int c = 0; c < 2; c++)
    {
      NrtError err = { 0 };
      NrtOptimizer *saved = nrt_optimizer_new (&configs[c], N_PARAMS, &err);
      NrtOptimizer *restored = nrt_optimizer_new (&configs[c], N_PARAMS, &err);
      NrtOptimizer *fresh = nrt_optimizer_new (&configs[c], N_PARAMS, &err);
      float params[N_PARAMS], restored_params[N_PARAMS], fresh_params[N_PARAMS];

      g_assert_nonnull (saved);
      g_assert_cmpint (nrt_optimizer_get_n_slots (saved), ==, n_slots[c]);
      g_assert_cmpstr (nrt_optimizer_get_slot_name (saved, 0), ==, first_slot[c]);
      g_assert_null (nrt_optimizer_get_slot (saved, n_slots[c]));
      g_assert_cmpuint (nrt_optimizer_get_n_params (saved), ==, N_PARAMS);

      memcpy (params, start_params, sizeof params);
      nrt_optimizer_step (saved, params, step_grads[0]);
      nrt_optimizer_step (saved, params, step_grads[1]);
      memcpy (restored_params, params, sizeof params);
      memcpy (fresh_params, params, sizeof params);
      copy_state (saved, restored);
      g_assert_cmpint (nrt_optimizer_get_iterations (restored), ==, 2);

      nrt_optimizer_step (saved, params, step_grads[2]);
      nrt_optimizer_step (restored, restored_params, step_grads[2]);
      nrt_optimizer_step (fresh, fresh_params, step_grads[2]);
      g_assert_cmpmem (restored_params, sizeof restored_params, params, sizeof params);
      g_assert_true (memcmp (fresh_params, params, sizeof params) != 0);

      nrt_optimizer_free (saved);
      nrt_optimizer_free (restored);
      nrt_optimizer_free (fresh);
    }
}

static void
test_state_errors (void)
{
  NrtOptimizerConfig config = nrt_optimizer_config_default (NRT_OPTIMIZER_SGD);
  NrtError err = { 0 };
  NrtOptimizer *optimizer = nrt_optimizer_new (&config, N_PARAMS, &err);

  /* Plain SGD keeps no moments. */
  g_assert_cmpint (nrt_optimizer_get_n_slots (optimizer), ==, 0);
  g_assert_null (nrt_optimizer_get_slot_name (optimizer, 0));
  g_assert_cmpint (nrt_optimizer_set_iterations (optimizer, -1, &err), ==, NRT_ERROR_INVALID);
  g_assert_nonnull (strstr (err.message, "-1"));
  g_assert_cmpint (nrt_optimizer_get_iterations (optimizer), ==, 0);
  nrt_optimizer_free (optimizer);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/optimizer/defaults", test_defaults);
  g_test_add_func ("/core/optimizer/names", test_names);
  g_test_add_func ("/core/optimizer/sgd-one-step", test_sgd_one_step);
  g_test_add_func ("/core/optimizer/sgd-momentum", test_sgd_momentum);
  g_test_add_func ("/core/optimizer/adam-one-step", test_adam_one_step);
  g_test_add_func ("/core/optimizer/adam-three-steps", test_adam_three_steps);
  g_test_add_func ("/core/optimizer/reset-and-learning-rate", test_reset_and_learning_rate);
  g_test_add_func ("/core/optimizer/invalid-config", test_invalid_config);
  g_test_add_func ("/core/optimizer/state-restore", test_state_restore);
  g_test_add_func ("/core/optimizer/state-errors", test_state_errors);
  return g_test_run ();
}
