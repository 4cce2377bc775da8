/* gradcheck.h: small graphs that end in a scalar loss, and the
 * finite-difference check of their parameter gradients.
 *
 * check_gradients takes the analytic gradient of every parameter from
 * nrt_graph_backward and compares it with the central difference
 * (L(x + h) - L(x - h)) / 2h.
 *
 * Tolerance: h = 1e-3 in float32. The truncation error of the central
 * difference is about h^2 |f'''| / 6, near 1e-7 for smooth functions; the
 * rounding error is about eps_f32 |L| / h = 6e-8 |L| / 1e-3, near 1e-4 for
 * losses of order 1. A check passes when
 * |analytic - numeric| <= 1e-2 * max(|analytic|, |numeric|) + 5e-4, so the
 * absolute term covers rounding and the 1% relative term catches any wrong
 * formula, which would be off by a factor, a sign or a missing term.
 */
#ifndef GRADCHECK_H
#define GRADCHECK_H

#include <stddef.h>
#include <stdint.h>

#include "core/nrt-graph.h"
#include "core/nrt-rng.h"

#define FD_STEP 1e-3f
#define FD_RTOL 1e-2
#define FD_ATOL 5e-4

#define MAX_PARAMS 4

/* A graph under test, with the parameter buffers it views. */
typedef struct {
  NrtGraph *graph;
  int loss;
  int n_params;
  float *values[MAX_PARAMS];
  float *grads[MAX_PARAMS];
  size_t sizes[MAX_PARAMS];
  const char *names[MAX_PARAMS];
  NrtRng rng;
} Case;

void case_init (Case *c, uint64_t seed);
void case_clear (Case *c);

/* Adds a parameter filled uniformly from [low, high) and returns its node id. */
int case_add_parameter (Case *c, const char *name, int ndim, const int *shape,
                        double low, double high);

/* As case_add_parameter, but a positive flip_every k negates every k-th
 * value, so the inputs lie on both sides of 0. */
int case_add_parameter_flipped (Case *c, const char *name, int ndim, const int *shape,
                                double low, double high, int flip_every);

/* Adds a constant filled uniformly from [low, high). */
int case_add_constant (Case *c, const char *name, int ndim, const int *shape,
                       double low, double high);

int case_add_op (Case *c, NrtOpId op, const char *name, int a, int b, int from_logits);

/* Runs the forward pass and returns the loss. */
float case_loss (Case *c);

/* Builds the graph for a batch of 1 and compares the analytic gradient of
 * every parameter with central differences. */
void check_gradients (Case *c);

/* Compares the gradients as check_gradients does, on a graph already built
 * for any batch size and run forward. */
void check_gradients_built (Case *c);

#endif /* GRADCHECK_H */
