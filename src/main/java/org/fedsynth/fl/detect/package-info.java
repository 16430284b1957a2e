/**
 * FedDetect's decision pipeline (Jin and Li, Medical Image Analysis 2023), one class per stage:
 * features ({@link org.fedsynth.fl.detect.FeatureMatrix} over the
 * {@link org.fedsynth.fl.detect.feature.DetectorFeature} plug-ins) → scores
 * ({@link org.fedsynth.fl.detect.ForestRule}: a plain-Java isolation forest whose scores match
 * scikit-learn's, and {@link org.fedsynth.fl.detect.Contamination}) → flags
 * ({@link org.fedsynth.fl.detect.Vetoes}, on ratios weighed by {@link org.fedsynth.fl.detect.ShareScaling} and
 * {@link org.fedsynth.fl.detect.Corroboration}) → weights ({@link org.fedsynth.fl.detect.TrackRecord});
 * the strategy {@link org.fedsynth.fl.strategy.FedDetect} runs them and reduces. The state codec is
 * {@link org.fedsynth.fl.detect.FedDetectState}; {@link org.fedsynth.fl.detect.DeviationMemory}
 * carries {@code output_deviation}'s maps across rounds.
 */
package org.fedsynth.fl.detect;
