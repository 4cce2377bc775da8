/* nrt-pca.c: principal component analysis by the cyclic Jacobi eigenvalue
 * method on the covariance of the standardized features.
 *
 * Each Jacobi rotation zeroes one off-diagonal entry (p, q) of the
 * symmetric matrix A by A <- J^T A J, where J is the identity except for
 * J_pp = J_qq = c, J_pq = s and J_qp = -s, with t = s / c the smaller root
 * of t^2 + 2 theta t - 1 = 0 and theta = (a_qq - a_pp) / (2 a_pq). The
 * product of the rotations collects the eigenvectors in its columns.
 */
#include "nrt-pca.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Cyclic Jacobi converges quadratically once the off-diagonal entries are
 * small, so this bound only ends a loop that fails to converge. */
#define MAX_SWEEPS 100

void
nrt_pca_free (NrtPca *pca)
{
  if (pca == NULL)
    return;

  free (pca->mean);
  free (pca->scale);
  free (pca->components);
  free (pca->variance);
  free (pca);
}

/* Computes mean and population standard deviation (1 for a constant
 * feature) of every column of x (n, d), in two passes. */
static void
standardization (const float *x, int n, int d, double *mean, double *scale)
{
  for (int f = 0; f < d; f++)
    {
      mean[f] = 0.0;
      scale[f] = 0.0;
    }
  for (int i = 0; i < n; i++)
    for (int f = 0; f < d; f++)
      mean[f] += x[(size_t) i * d + f];
  for (int f = 0; f < d; f++)
    mean[f] /= n;
  for (int i = 0; i < n; i++)
    for (int f = 0; f < d; f++)
      {
        double deviation = x[(size_t) i * d + f] - mean[f];

        scale[f] += deviation * deviation;
      }
  for (int f = 0; f < d; f++)
    {
      scale[f] = sqrt (scale[f] / n);
      if (scale[f] == 0.0)
        scale[f] = 1.0;
    }
}

/* Fills a (d, d) with the covariance Z^T Z / n of the standardized rows z,
 * using row (d) as scratch. */
static void
covariance (const float *x, int n, int d, const double *mean, const double *scale, double *a,
            double *row)
{
  memset (a, 0, (size_t) d * d * sizeof (double));
  for (int i = 0; i < n; i++)
    {
      for (int f = 0; f < d; f++)
        row[f] = (x[(size_t) i * d + f] - mean[f]) / scale[f];
      for (int f = 0; f < d; f++)
        for (int g = f; g < d; g++)
          a[(size_t) f * d + g] += row[f] * row[g];
    }
  for (int f = 0; f < d; f++)
    for (int g = f; g < d; g++)
      {
        a[(size_t) f * d + g] /= n;
        a[(size_t) g * d + f] = a[(size_t) f * d + g];
      }
}

/* Diagonalizes the symmetric a (d, d) in place, leaving the eigenvalues on
 * its diagonal, and writes the eigenvectors into the columns of v (d, d). */
static void
jacobi_eigen (double *a, double *v, int d)
{
  double total = 0.0;

  for (int i = 0; i < d; i++)
    for (int j = 0; j < d; j++)
      {
        v[(size_t) i * d + j] = i == j;
        total += a[(size_t) i * d + j] * a[(size_t) i * d + j];
      }

  for (int sweep = 0; sweep < MAX_SWEEPS; sweep++)
    {
      double off = 0.0;

      for (int p = 0; p < d; p++)
        for (int q = p + 1; q < d; q++)
          off += a[(size_t) p * d + q] * a[(size_t) p * d + q];
      /* Stop when the off-diagonal sum of squares is below 1e-30 of the
       * matrix's, so the off-diagonal norm is near 1e-15 of the matrix's,
       * the limit of double precision. */
      if (off <= 1e-30 * total)
        break;

      for (int p = 0; p < d; p++)
        for (int q = p + 1; q < d; q++)
          {
            double apq = a[(size_t) p * d + q];
            double theta, t, c, s;

            if (apq == 0.0)
              continue;
            theta = (a[(size_t) q * d + q] - a[(size_t) p * d + p]) / (2.0 * apq);
            t = (theta >= 0.0 ? 1.0 : -1.0) / (fabs (theta) + sqrt (theta * theta + 1.0));
            c = 1.0 / sqrt (t * t + 1.0);
            s = t * c;

            /* A <- A J, then A <- J^T A, and V <- V J. */
            for (int k = 0; k < d; k++)
              {
                double akp = a[(size_t) k * d + p], akq = a[(size_t) k * d + q];

                a[(size_t) k * d + p] = c * akp - s * akq;
                a[(size_t) k * d + q] = s * akp + c * akq;
              }
            for (int k = 0; k < d; k++)
              {
                double apk = a[(size_t) p * d + k], aqk = a[(size_t) q * d + k];

                a[(size_t) p * d + k] = c * apk - s * aqk;
                a[(size_t) q * d + k] = s * apk + c * aqk;
              }
            for (int k = 0; k < d; k++)
              {
                double vkp = v[(size_t) k * d + p], vkq = v[(size_t) k * d + q];

                v[(size_t) k * d + p] = c * vkp - s * vkq;
                v[(size_t) k * d + q] = s * vkp + c * vkq;
              }
          }
    }
}

/* Copies the n_components columns of v (d, d) with the largest eigenvalues
 * (the diagonal of a) into pca, as rows, each signed so that its largest
 * coordinate in absolute value is positive. */
static void
take_components (NrtPca *pca, const double *a, const double *v, int *order)
{
  int d = pca->n_features;

  /* Insertion sort by decreasing eigenvalue, which keeps equal ones in
   * their order. */
  for (int i = 0; i < d; i++)
    {
      int j = i;

      order[i] = i;
      while (j > 0 && a[(size_t) order[j - 1] * d + order[j - 1]] < a[(size_t) i * d + i])
        {
          order[j] = order[j - 1];
          j--;
        }
      order[j] = i;
    }

  pca->total_variance = 0.0;
  for (int i = 0; i < d; i++)
    pca->total_variance += a[(size_t) i * d + i];

  for (int k = 0; k < pca->n_components; k++)
    {
      int column = order[k];
      double *component = pca->components + (size_t) k * d;
      int largest = 0;

      for (int f = 0; f < d; f++)
        {
          component[f] = v[(size_t) f * d + column];
          if (fabs (component[f]) > fabs (component[largest]))
            largest = f;
        }
      if (component[largest] < 0.0)
        for (int f = 0; f < d; f++)
          component[f] = -component[f];

      /* A covariance has no negative eigenvalues, but rounding can leave
       * -1e-17 where the true value is 0. */
      pca->variance[k] = fmax (a[(size_t) column * d + column], 0.0);
    }
}

NrtPca *
nrt_pca_fit (const float *x, int n, int n_features, int n_components, NrtError *err)
{
  NrtPca *pca = NULL;
  double *a = NULL, *v = NULL, *row = NULL;
  int *order = NULL;
  int d = n_features;

  if (x == NULL || n < 1)
    {
      nrt_error_set (err, NRT_ERROR_INVALID, "PCA needs at least 1 sample, got %d", n);
      return NULL;
    }
  if (d < 1 || n_components < 1 || n_components > d)
    {
      nrt_error_set (err, NRT_ERROR_INVALID,
                     "invalid PCA of %d components of %d features: expected 1 to %d components",
                     n_components, d, d);
      return NULL;
    }
  if ((size_t) d > SIZE_MAX / sizeof (double) / (size_t) d)
    {
      nrt_error_set (err, NRT_ERROR_NO_MEMORY,
                     "the covariance of %d features does not fit in memory", d);
      return NULL;
    }

  pca = calloc (1, sizeof *pca);
  if (pca == NULL)
    goto no_memory;
  pca->n_features = d;
  pca->n_components = n_components;
  pca->mean = calloc ((size_t) d, sizeof (double));
  pca->scale = calloc ((size_t) d, sizeof (double));
  pca->components = calloc ((size_t) n_components * d, sizeof (double));
  pca->variance = calloc ((size_t) n_components, sizeof (double));
  a = malloc ((size_t) d * d * sizeof (double));
  v = malloc ((size_t) d * d * sizeof (double));
  row = malloc ((size_t) d * sizeof (double));
  order = malloc ((size_t) d * sizeof (int));
  if (pca->mean == NULL || pca->scale == NULL || pca->components == NULL
      || pca->variance == NULL || a == NULL || v == NULL || row == NULL || order == NULL)
    goto no_memory;

  standardization (x, n, d, pca->mean, pca->scale);
  covariance (x, n, d, pca->mean, pca->scale, a, row);
  jacobi_eigen (a, v, d);
  take_components (pca, a, v, order);

  free (a);
  free (v);
  free (row);
  free (order);
  return pca;

no_memory:
  nrt_pca_free (pca);
  free (a);
  free (v);
  free (row);
  free (order);
  nrt_error_set (err, NRT_ERROR_NO_MEMORY, "out of memory for the PCA of %d features", d);
  return NULL;
}

void
nrt_pca_transform (const NrtPca *pca, const float *x, int n, float *z)
{
  int d, m;

  if (pca == NULL || x == NULL || z == NULL)
    return;

  d = pca->n_features;
  m = pca->n_components;
  for (int i = 0; i < n; i++)
    for (int k = 0; k < m; k++)
      {
        const double *component = pca->components + (size_t) k * d;
        double sum = 0.0;

        for (int f = 0; f < d; f++)
          sum += component[f] * (x[(size_t) i * d + f] - pca->mean[f]) / pca->scale[f];
        z[(size_t) i * m + k] = (float) sum;
      }
}

void
nrt_pca_inverse (const NrtPca *pca, const float *z, int n, float *x)
{
  int d, m;

  if (pca == NULL || z == NULL || x == NULL)
    return;

  d = pca->n_features;
  m = pca->n_components;
  for (int i = 0; i < n; i++)
    for (int f = 0; f < d; f++)
      {
        double sum = 0.0;

        for (int k = 0; k < m; k++)
          sum += z[(size_t) i * m + k] * pca->components[(size_t) k * d + f];
        x[(size_t) i * d + f] = (float) (pca->mean[f] + pca->scale[f] * sum);
      }
}
