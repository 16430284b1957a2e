/**
 * Server-side aggregation strategies for the federated conditional GAN of Jin and Li, "Backdoor
 * attack and defense in federated GAN-based medical image synthesis" (Medical Image Analysis 2023):
 * {@link org.fedsynth.fl.strategy.FedAvg}, the robust baselines
 * {@link org.fedsynth.fl.strategy.CoordinateMedian}, {@link org.fedsynth.fl.strategy.TrimmedMean},
 * {@link org.fedsynth.fl.strategy.Krum}, the {@link org.fedsynth.fl.strategy.NormClipping} wrapper,
 * and the paper's defense {@link org.fedsynth.fl.strategy.FedDetect} (its stages live in
 * {@code org.fedsynth.fl.detect}). Each strategy has a settings record implementing
 * {@link org.fedsynth.fl.strategy.StrategySettings}, registered in
 * {@link org.fedsynth.plugin.PluginRegistry}; {@link org.fedsynth.fl.strategy.StrategySection} binds
 * a config's {@code strategy} section to them ({@link org.fedsynth.fl.strategy.Strategies} is a thin
 * facade). The maths lives in the pure functions of {@link org.fedsynth.fl.strategy.Aggregate}
 * (coordinate-wise reducers), {@link org.fedsynth.fl.strategy.KrumScores} and
 * {@link org.fedsynth.fl.strategy.Norms}. Strategies assume updates the server round has validated
 * (same layout as the global model, base weights summing to 1) and check only their own
 * preconditions.
 */
package org.fedsynth.fl.strategy;
