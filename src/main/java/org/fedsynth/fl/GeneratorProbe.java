package org.fedsynth.fl;

/**
 * Renders a generator's images on a seeded probe batch (the same noise and labels for every generator
 * of one draw), so the server can compare what clients' generators draw without seeing any client
 * data. Draw 0 is the fixed probe of every round; any other draw (FedDetect's {@code probe: fresh}
 * uses the round number) is fresh noise from the same server-side seed, which no site is ever sent.
 * Implemented by whoever holds the engine (the simulation, the network server); strategies stay
 * engine-free.
 */
public interface GeneratorProbe {

    /**
     * Images of one generator on the probe batch.
     *
     * @param pixels   {@code batch * channels * res * res} values in [-1, 1], sample-major (NCHW)
     * @param batch    number of images
     * @param channels image channels
     * @param res      image side
     */
    record Images(float[] pixels, int batch, int channels, int res) {
        public Images {
            if (pixels.length != (long) batch * channels * res * res) {
                throw new IllegalArgumentException("probe images: " + pixels.length + " values, expected "
                        + batch + "x" + channels + "x" + res + "x" + res);
            }
        }
    }

    /** Renders {@code batch} probe images with {@code generator}; the noise and labels depend only on {@code batch}. */
    Images render(ModelWeights generator, int batch);

    /**
     * Renders {@code batch} images of draw {@code draw}: the noise depends on {@code batch} and {@code draw}
     * (draw 0 is {@link #render(ModelWeights, int)}). A probe without noise of its own (a test's) ignores the draw.
     */
    default Images render(ModelWeights generator, int batch, long draw) {
        return render(generator, batch);
    }

    /**
     * The images of every generator of a round on draw {@code draw}, in the generators' order: the same
     * images as {@link #render(ModelWeights, int, long)} of each, bit for bit. A probe with more than one
     * renderer may draw several at once.
     */
    default java.util.List<Images> renderAll(java.util.List<ModelWeights> generators, int batch, long draw) {
        java.util.List<Images> out = new java.util.ArrayList<>(generators.size());
        for (ModelWeights g : generators) {
            out.add(render(g, batch, draw));
        }
        return out;
    }
}
