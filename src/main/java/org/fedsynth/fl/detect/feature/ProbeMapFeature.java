package org.fedsynth.fl.detect.feature;

import org.fedsynth.fl.detect.OutputDeviation;

/**
 * The image features: each reads one of the round's deviation maps ({@link ProbeDeviations}, one rendering for all
 * of them) per client, over a window of a given side, as {@link OutputDeviation#score}. They are evidence of the
 * client's own data, so they are share-scaled and corroborate a resemblance between updates.
 */
abstract class ProbeMapFeature implements DetectorFeature {

    private final String name;
    private final boolean current;
    private final boolean wholeImage;

    /**
     * @param name the feature's config name, for errors
     * @param current read this round's own maps (else the maps blended with the remembered ones)
     * @param wholeImage one window of the whole image (else the default window of one eighth of the side)
     */
    ProbeMapFeature(String name, boolean current, boolean wholeImage) {
        this.name = name;
        this.current = current;
        this.wholeImage = wholeImage;
    }

    @Override
    public final double[] values(FeatureInput in) {
        ProbeDeviations.Maps m = in.deviations().maps(in, name);
        double[][] maps = current ? m.current() : m.perClient();
        int window = wholeImage ? m.res() : OutputDeviation.defaultWindow(m.res());
        double[] out = new double[maps.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = OutputDeviation.score(maps[i], m.channels(), m.res(), window);
        }
        return out;
    }

    @Override
    public final boolean scaledByShare() {
        return true;
    }

    @Override
    public final boolean corroborates() {
        return true;
    }
}
