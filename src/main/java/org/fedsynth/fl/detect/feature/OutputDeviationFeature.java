package org.fedsynth.fl.detect.feature;

import java.util.List;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.GeneratorProbe;
import org.fedsynth.fl.detect.OutputDeviation;

/**
 * {@code output_deviation} (not in the paper): every client's generator draws the same fixed probe
 * batch ({@link org.fedsynth.fl.RoundContext#probe()}) and the feature is the strongest consistent,
 * localized difference of its images from the clients' pixel-wise median ({@link OutputDeviation}),
 * after blending each client's map with its remembered one ({@link org.fedsynth.fl.detect.DeviationMemory}).
 */
public final class OutputDeviationFeature implements DetectorFeature {

    @Override
    public double[] values(FeatureInput in) {
        List<ClientUpdate> updates = in.updates();
        if (in.context().probe() == null) {
            throw new IllegalArgumentException("feddetect: feature output_deviation needs a generator probe, and this"
                    + " runner offers none; use another feature (update_distance, lossG) here");
        }
        if (updates.size() < 2) {
            throw new IllegalArgumentException("feddetect: feature output_deviation needs at least 2 clients per round");
        }
        float[][] images = new float[updates.size()][];
        GeneratorProbe.Images first = null;
        for (int i = 0; i < updates.size(); i++) {
            GeneratorProbe.Images im = in.context().probe().render(updates.get(i).generator(), in.probeSamples());
            first = first == null ? im : first;
            images[i] = im.pixels();
        }
        int c = first.channels();
        int res = first.res();
        double[][] maps = OutputDeviation.meanDifferences(images, first.batch(), c, res);
        in.memory().begin();
        double[] out = new double[maps.length];
        for (int i = 0; i < maps.length; i++) {
            double[] m = in.memory().blend(updates.get(i).clientId(), maps[i]);
            out[i] = OutputDeviation.score(m, c, res, OutputDeviation.defaultWindow(res));
        }
        return out;
    }
}
