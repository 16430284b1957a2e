package org.fedsynth.fl.detect.feature;

import org.fedsynth.fl.detect.OutputDeviation;

/**
 * {@code output_deviation} (not in the paper): every client's generator draws the same probe batch
 * ({@link org.fedsynth.fl.RoundContext#probe()}) and the feature is the strongest consistent,
 * localized difference of its images from the clients' pixel-wise median ({@link OutputDeviation}),
 * after blending each client's map with its remembered one ({@link org.fedsynth.fl.detect.DeviationMemory}):
 * the largest mean over a window of one eighth of the side. It sees patch triggers.
 */
public final class OutputDeviationFeature implements DetectorFeature {

    @Override
    public double[] values(FeatureInput in) {
        ProbeDeviations.Maps m = in.deviations().maps(in, "output_deviation");
        double[] out = new double[m.perClient().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = OutputDeviation.score(m.perClient()[i], m.channels(), m.res(), OutputDeviation.defaultWindow(m.res()));
        }
        return out;
    }

    @Override
    public boolean scaledByShare() {
        return true;
    }

    @Override
    public boolean corroborates() {
        return true;
    }
}
