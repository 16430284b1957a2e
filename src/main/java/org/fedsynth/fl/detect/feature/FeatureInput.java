package org.fedsynth.fl.detect.feature;

import java.util.List;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.RoundContext;
import org.fedsynth.fl.detect.DeviationMemory;
import org.fedsynth.fl.detect.LossStatistic;
import org.fedsynth.fl.detect.ProbeDraw;

/**
 * What a detector feature may read in one round.
 *
 * @param context the round (global model, probe, state, seed)
 * @param updates the clients' updates, in order
 * @param statistic which loss summary the loss features read
 * @param deviations the round's output-space evidence, shared by the output features
 */
public record FeatureInput(RoundContext context, List<ClientUpdate> updates, LossStatistic statistic,
        ProbeDeviations deviations) {

    /** An input whose output features draw {@code probeSamples} images on the fixed probe with {@code memory}. */
    public FeatureInput(RoundContext context, List<ClientUpdate> updates, LossStatistic statistic, int probeSamples,
            DeviationMemory memory) {
        this(context, updates, statistic, new ProbeDeviations(probeSamples, ProbeDraw.FIXED, memory));
    }

    /** The input with the default statistic ({@code mean}), 8 probe samples and no memory. */
    public static FeatureInput of(RoundContext context, List<ClientUpdate> updates) {
        return new FeatureInput(context, updates, LossStatistic.MEAN, 8, DeviationMemory.none());
    }

    /**
     * Client {@code i}'s generator as one flat vector, checked against the global generator's length
     * ({@code feature} names the caller in the error).
     */
    float[] flatGenerator(int i, int globalLength, String feature) {
        float[] g = updates.get(i).generator().flatten();
        if (g.length != globalLength) {
            throw new IllegalArgumentException("feddetect: " + feature + ": client " + updates.get(i).clientId()
                    + " sent " + g.length + " generator values, the global generator has " + globalLength);
        }
        return g;
    }

    /** Checks that a client sent its local losses. */
    static void requireStats(ClientUpdate u) {
        if (u.stats() == null) {
            throw new IllegalArgumentException("feddetect: client " + u.clientId() + " sent no local stats");
        }
    }
}
