package org.fedsynth.fl.detect.feature;

import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.strategy.Aggregate;
import org.fedsynth.fl.strategy.Norms;

/**
 * {@code update_distance} (not in the paper): the L2 distance of the client's generator from the
 * coordinate-wise median of this round's generators, how far the update strays from the consensus.
 */
public final class UpdateDistanceFeature implements DetectorFeature {

    @Override
    public double[] values(FeatureInput in) {
        ModelWeights median = Aggregate.coordinateMedian(Aggregate.generators(in.updates()));
        double[] out = new double[in.updates().size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Norms.l2Distance(in.updates().get(i).generator(), median);
        }
        return out;
    }
}
