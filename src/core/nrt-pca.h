/* nrt-pca.h: principal component analysis of a feature table, for drawing
 * data of many features on a plane.
 *
 * The features are standardized first (centred and divided by their
 * population standard deviation, or by 1 when that is 0), since raw
 * features often differ in scale by orders of magnitude. The components are
 * the unit eigenvectors of the covariance of the standardized data, in
 * order of decreasing eigenvalue, each signed so that its largest
 * coordinate in absolute value is positive (a stable choice for the tests).
 */
#pragma once

#include "nrt-error.h"

typedef struct {
  int n_features;
  int n_components;
  double *mean;          /* (n_features) */
  double *scale;         /* (n_features) the standard deviations used, 1 for a constant feature */
  double *components;    /* (n_components, n_features), row k is component k */
  double *variance;      /* (n_components) the eigenvalues: variance along each component */
  double total_variance; /* sum of all eigenvalues, n_features minus the constant features */
} NrtPca;

/* Fits n_components (1 <= n_components <= n_features) components to x (n,
 * n_features), n >= 1, with the Jacobi eigenvalue method in double
 * precision. Free the result with nrt_pca_free. */
NrtPca *nrt_pca_fit (const float *x, int n, int n_features, int n_components, NrtError *err);
void nrt_pca_free (NrtPca *pca);

/* Projects rows x (n, n_features) to z (n, n_components). */
void nrt_pca_transform (const NrtPca *pca, const float *x, int n, float *z);

/* Maps rows z (n, n_components) back to feature space x (n, n_features):
 * x = mean + scale * (z · components). Points of the component plane map to
 * the inputs the decision regions evaluate. */
void nrt_pca_inverse (const NrtPca *pca, const float *z, int n, float *x);
