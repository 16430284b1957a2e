package org.fedsynth.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A whole run's configuration, validated at construction. Sections that belong to pluggable
 * parts ({@code strategy}, {@code attack}) stay as JSON objects here and are validated by the
 * factories of those parts when the run is assembled.
 *
 * @param seed the root seed; every other random stream derives from it
 * @param data where the images come from
 * @param federation clients, rounds, partition and weighting
 * @param training local GAN training
 * @param strategy the server's aggregation strategy ({@code name} plus its parameters)
 * @param attack the backdoor attack, or {@code null} for none
 * @param output what the run writes and how often
 */
public record RunConfig(
        @JsonPropertyDescription("root seed (default 42)") Long seed,
        @JsonPropertyDescription("dataset section") DataConfig data,
        @JsonPropertyDescription("federation section") FederationConfig federation,
        @JsonPropertyDescription("local training section") TrainingConfig training,
        @JsonPropertyDescription("aggregation strategy: {name: fedavg|median|trimmed_mean|krum|bulyan|geometric_median|flame|foolsgold|feddetect, ...; clip_bound/noise_sigma wrap any}") ObjectNode strategy,
        @JsonPropertyDescription("backdoor attack section (omit for none)") ObjectNode attack,
        @JsonPropertyDescription("output section") OutputConfig output) {

    /** Fills defaults. */
    public RunConfig {
        seed = seed == null ? 42L : seed;
        data = data == null ? DataConfig.defaults() : data;
        federation = federation == null ? FederationConfig.defaults() : federation;
        training = training == null ? TrainingConfig.defaults() : training;
        if (strategy == null) {
            strategy = JsonNodeFactory.instance.objectNode().put("name", "fedavg");
        }
        output = output == null ? OutputConfig.defaults() : output;
        if (!data.format().equals("imagefolder") && federation.partition().equals("folders")) {
            throw new ConfigException("federation.partition: folders reads each client's own folder, so data.format must be"
                    + " imagefolder (found " + data.format() + ")");
        }
    }

    /** All defaults: phantom chest data, 4 clients, FedAvg, no attack. */
    public static RunConfig defaults() {
        return new RunConfig(null, null, null, null, null, null, null);
    }

    /** The strategy's name. */
    public String strategyName() {
        return strategy.path("name").asText("fedavg");
    }

    /**
     * The {@code strategy} section, typed: bound to the strategy plug-in's settings record and the
     * defense wrapper's ({@link org.fedsynth.fl.strategy.StrategySection#bind}). The section itself
     * stays stored as written, so config.resolved.yaml round-trips unchanged.
     *
     * @throws ConfigException naming {@code strategy.<key>}, the bad value and what is allowed
     */
    public org.fedsynth.fl.strategy.StrategySection strategySettings() {
        try {
            return org.fedsynth.fl.strategy.StrategySection.bind(strategy);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }
}
