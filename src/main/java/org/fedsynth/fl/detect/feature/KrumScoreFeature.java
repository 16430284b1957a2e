package org.fedsynth.fl.detect.feature;

import org.fedsynth.fl.strategy.Aggregate;
import org.fedsynth.fl.strategy.KrumScores;

/**
 * {@code krum_score} (not in the paper): the client's Krum score (Blanchard et al. 2017) among this
 * round's generators with f = 0, the sum of squared distances to its n - 2 nearest neighbours.
 */
public final class KrumScoreFeature implements DetectorFeature {

    @Override
    public double[] values(FeatureInput in) {
        if (in.updates().size() <= 2) {
            throw new IllegalArgumentException("feddetect: feature krum_score needs at least 3 clients per round");
        }
        return KrumScores.krumScores(Aggregate.generators(in.updates()), 0);
    }
}
