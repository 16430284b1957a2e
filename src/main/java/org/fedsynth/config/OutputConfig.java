package org.fedsynth.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The {@code output} section: what a run writes and how often.
 *
 * @param sampleEvery write a sample grid every this many rounds (and at the last round)
 * @param samplesPerClass columns per class row in sample grids
 * @param checkpointKeep how many recent checkpoints to keep
 * @param scoreEvery log the attack's trigger_score every this many rounds
 */
public record OutputConfig(
        @JsonPropertyDescription("sample grid every K rounds (default 5)") Integer sampleEvery,
        @JsonPropertyDescription("images per class row in grids (default 8)") Integer samplesPerClass,
        @JsonPropertyDescription("recent checkpoints to keep (default 2)") Integer checkpointKeep,
        @JsonPropertyDescription("log trigger_score/backdoor_rate every K rounds (default 1)") Integer scoreEvery) {

    /** Fills defaults and validates each field. */
    public OutputConfig {
        sampleEvery = sampleEvery == null ? 5 : sampleEvery;
        samplesPerClass = samplesPerClass == null ? 8 : samplesPerClass;
        checkpointKeep = checkpointKeep == null ? 2 : checkpointKeep;
        scoreEvery = scoreEvery == null ? 1 : scoreEvery;
        ConfigException.require(sampleEvery >= 1, "output.sample_every", "at least 1", sampleEvery);
        ConfigException.require(samplesPerClass >= 1 && samplesPerClass <= 64, "output.samples_per_class", "in [1, 64]", samplesPerClass);
        ConfigException.require(checkpointKeep >= 1, "output.checkpoint_keep", "at least 1", checkpointKeep);
        ConfigException.require(scoreEvery >= 1, "output.score_every", "at least 1", scoreEvery);
    }

    /** Grids every 5 rounds, 8 per class, keep 2 checkpoints. */
    public static OutputConfig defaults() {
        return new OutputConfig(null, null, null, null);
    }
}
