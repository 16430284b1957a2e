/**
 * Feature networks for the fidelity metrics: {@link org.fedsynth.eval.features.FeatureNetwork} (images in
 * [-1, 1] to feature vectors), the trained and fingerprinted {@link org.fedsynth.eval.features.DomainEvaluator}
 * (a small {@link org.fedsynth.eval.features.CnnClassifier}), and
 * {@link org.fedsynth.eval.features.TorchScriptFeatureNetwork} for a user-supplied network such as
 * Inception-v3 (standard FID, Heusel et al. 2017).
 */
package org.fedsynth.eval.features;
