/* nrt-features.h: TensorFlow Playground's derived input features of a
 * two-feature dataset, and the input rows of a plane through the feature
 * space.
 */
#pragma once

#include "nrt-dataset.h"
#include "nrt-error.h"

/* Derived features, appended after x1 and x2 in this order. */
typedef enum {
  NRT_DERIVED_X1_SQUARED = 1 << 0,   /* x1^2, named "x1²" after the first feature's name */
  NRT_DERIVED_X2_SQUARED = 1 << 1,   /* x2^2 */
  NRT_DERIVED_X1_TIMES_X2 = 1 << 2,  /* x1 * x2 */
  NRT_DERIVED_SIN_X1 = 1 << 3,       /* sin(x1), x1 in radians */
  NRT_DERIVED_SIN_X2 = 1 << 4,       /* sin(x2) */
  NRT_DERIVED_ALL = (1 << 5) - 1
} NrtDerivedFeatures;

/* The number of features after adding flags to two base features. */
int nrt_derived_features_count (unsigned flags);

/* Writes the rows of xy (n, 2) extended by flags into out (n,
 * nrt_derived_features_count (flags)); xy and out may not overlap. */
void nrt_derived_features_apply (unsigned flags, const float *xy, int n, float *out);

/* Returns a copy of dataset, which must have two features, with the derived
 * features of flags appended. Their names are built from the base features'
 * names, such as "x1²", "x1·x2" and "sin x1". Free with nrt_dataset_free. */
NrtDataset *nrt_dataset_with_derived_features (const NrtDataset *dataset, unsigned flags,
                                               NrtError *err);

/* Fills out (n_u * n_v, n_features) with the rows of a plane through
 * feature space, for decision regions over any two features. Every feature
 * is set to base[f] (such as the training mean), except feature u, which runs
 * over u_values[0..n_u), and feature v over v_values[0..n_v). Row r = j *
 * n_u + i has u_values[i] and v_values[j]. */
void nrt_features_fill_plane (const float *base, int n_features, int u, const float *u_values,
                              int n_u, int v, const float *v_values, int n_v, float *out);

/* Computes each feature's mean over the dataset into mean[0..n_features). */
void nrt_dataset_feature_means (const NrtDataset *dataset, float *mean);
