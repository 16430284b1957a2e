package org.fedsynth.fl.detect.feature;

import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.detect.LossStatistic;

/** {@code lossD}: the client's local discriminator loss, its round mean or last step. */
public final class LossDFeature implements DetectorFeature {

    @Override
    public double[] values(FeatureInput in) {
        double[] out = new double[in.updates().size()];
        for (int i = 0; i < out.length; i++) {
            ClientUpdate u = in.updates().get(i);
            FeatureInput.requireStats(u);
            out[i] = in.statistic() == LossStatistic.MEAN ? u.stats().lossDMean() : u.stats().lossDLast();
        }
        return out;
    }
}
