/**
 * Server-side aggregation strategies for the federated conditional GAN of Jin and Li, "Backdoor
 * attack and defense in federated GAN-based medical image synthesis" (Medical Image Analysis 2023):
 * {@link org.fedsynth.fl.strategy.FedAvg}, the robust baselines
 * {@link org.fedsynth.fl.strategy.CoordinateMedian}, {@link org.fedsynth.fl.strategy.TrimmedMean},
 * {@link org.fedsynth.fl.strategy.Krum}, the {@link org.fedsynth.fl.strategy.NormClipping} wrapper,
 * and the paper's defense {@link org.fedsynth.fl.strategy.FedDetect}. The maths lives in the pure
 * functions of {@link org.fedsynth.fl.strategy.Aggregate}; {@link org.fedsynth.fl.strategy.Strategies}
 * builds strategies from a config section.
 */
package org.fedsynth.fl.strategy;
