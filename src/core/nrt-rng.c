/* nrt-rng.c: xoshiro256** seeded through splitmix64.
 *
 * Both algorithms are by D. Blackman and S. Vigna (2018), public domain,
 * described at prng.di.unimi.it.
 */
#include "nrt-rng.h"

#include <math.h>

static uint64_t
splitmix64 (uint64_t *x)
{
  uint64_t z;

  z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static inline uint64_t
rotl (uint64_t x, int k)
{
  return (x << k) | (x >> (64 - k));
}

void
nrt_rng_init (NrtRng *rng, uint64_t seed)
{
  uint64_t x = seed;

  for (int i = 0; i < 4; i++)
    rng->state[i] = splitmix64 (&x);
}

uint64_t
nrt_rng_derive_seed (uint64_t seed, uint64_t stream)
{
  uint64_t x = seed ^ (stream * 0xd1342543de82ef95ULL);

  splitmix64 (&x);
  return splitmix64 (&x);
}

uint64_t
nrt_rng_next_u64 (NrtRng *rng)
{
  uint64_t *s = rng->state;
  uint64_t result = rotl (s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

double
nrt_rng_uniform (NrtRng *rng)
{
  /* The top 53 bits fill a double's mantissa exactly. */
  return (double) (nrt_rng_next_u64 (rng) >> 11) * 0x1.0p-53;
}

double
nrt_rng_uniform_range (NrtRng *rng, double low, double high)
{
  return low + (high - low) * nrt_rng_uniform (rng);
}

double
nrt_rng_normal (NrtRng *rng, double mean, double stddev)
{
  double u1, u2;

  /* Box-Muller; u1 is kept away from 0 so that log stays finite. */
  do
    u1 = nrt_rng_uniform (rng);
  while (u1 <= 0.0);
  u2 = nrt_rng_uniform (rng);
  return mean + stddev * sqrt (-2.0 * log (u1)) * cos (2.0 * M_PI * u2);
}

uint64_t
nrt_rng_below (NrtRng *rng, uint64_t n)
{
  uint64_t limit, x;

  /* Rejection keeps the result unbiased when n does not divide 2^64. */
  limit = UINT64_MAX - UINT64_MAX % n;
  do
    x = nrt_rng_next_u64 (rng);
  while (x >= limit);
  return x % n;
}

void
nrt_rng_shuffle (NrtRng *rng, int *indices, int n)
{
  for (int i = n - 1; i > 0; i--)
    {
      int j = (int) nrt_rng_below (rng, (uint64_t) i + 1);
      int tmp = indices[i];

      indices[i] = indices[j];
      indices[j] = tmp;
    }
}
