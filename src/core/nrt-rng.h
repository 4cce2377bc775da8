/* nrt-rng.h: a seeded pseudo-random generator (xoshiro256**).
 *
 * Every random choice of the core (data generation, splits, shuffles,
 * initial weights) draws from an NrtRng the caller owns, so one seed fixes
 * them all and two models in two threads never share state.
 */
#pragma once

#include <stdint.h>

typedef struct {
  uint64_t state[4];
} NrtRng;

/* Seeds rng; the same seed always gives the same sequence. */
void nrt_rng_init (NrtRng *rng, uint64_t seed);

/* Derives an independent seed from seed and a stream number, so that, for
 * example, epoch 7's shuffle does not depend on how many epochs ran before. */
uint64_t nrt_rng_derive_seed (uint64_t seed, uint64_t stream);

uint64_t nrt_rng_next_u64 (NrtRng *rng);

/* Returns a double uniform in [0, 1). */
double nrt_rng_uniform (NrtRng *rng);

/* Returns a double uniform in [low, high). */
double nrt_rng_uniform_range (NrtRng *rng, double low, double high);

/* Returns a normal deviate with the given mean and standard deviation. */
double nrt_rng_normal (NrtRng *rng, double mean, double stddev);

/* Returns an integer uniform in [0, n); n must be positive. */
uint64_t nrt_rng_below (NrtRng *rng, uint64_t n);

/* Shuffles indices[0..n) in place (Fisher-Yates). */
void nrt_rng_shuffle (NrtRng *rng, int *indices, int n);
