package org.fedsynth.fl.detect.feature;

import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.detect.LossStatistic;

/** {@code lossG}: the client's local generator loss, its round mean or last step (the paper's feature). */
public final class LossGFeature implements DetectorFeature {

    @Override
    public double[] values(FeatureInput in) {
        double[] out = new double[in.updates().size()];
        for (int i = 0; i < out.length; i++) {
            ClientUpdate u = in.updates().get(i);
            FeatureInput.requireStats(u);
            out[i] = in.statistic() == LossStatistic.MEAN ? u.stats().lossGMean() : u.stats().lossGLast();
        }
        return out;
    }
}
