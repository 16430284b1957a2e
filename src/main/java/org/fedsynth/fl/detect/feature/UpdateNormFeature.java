package org.fedsynth.fl.detect.feature;

import org.fedsynth.fl.strategy.Norms;

/** {@code update_norm}: the L2 norm of the client's generator minus the global generator, over all tensors. */
public final class UpdateNormFeature implements DetectorFeature {

    @Override
    public double[] values(FeatureInput in) {
        if (in.context().globalGenerator() == null) {
            throw new IllegalArgumentException("feddetect: feature update_norm needs RoundContext.globalGenerator()");
        }
        double[] out = new double[in.updates().size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Norms.l2Distance(in.updates().get(i).generator(), in.context().globalGenerator());
        }
        return out;
    }
}
