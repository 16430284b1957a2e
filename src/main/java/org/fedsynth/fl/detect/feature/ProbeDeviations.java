package org.fedsynth.fl.detect.feature;

import java.util.ArrayList;
import java.util.List;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.GeneratorProbe;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.detect.DeviationMemory;
import org.fedsynth.fl.detect.OutputDeviation;
import org.fedsynth.fl.detect.ProbeDraw;

/**
 * The output-space evidence of one round, computed once and shared by every output feature
 * ({@code output_deviation}, {@code output_deviation_global}): each client's generator draws the round's
 * probe batch, and {@link OutputDeviation#meanDifferences} gives each client's signed mean difference
 * from the pixel-wise median, blended with its remembered map ({@link DeviationMemory}).
 */
public final class ProbeDeviations {

    /**
     * The maps of one round, CHW per client in update order.
     *
     * @param perClient blended with the client's remembered map ({@code memory})
     * @param current this round's own maps, before the blend (the same arrays when nothing was remembered)
     * @param channels image channels
     * @param res image side
     */
    public record Maps(double[][] perClient, double[][] current, int channels, int res) {}

    private final int samples;
    private final ProbeDraw draw;
    private final DeviationMemory memory;
    private Maps maps;

    /**
     * @param samples images each generator draws
     * @param draw fixed or fresh probe noise ({@code fresh} draws noise number {@code round})
     * @param memory the per-client memory of maps
     */
    public ProbeDeviations(int samples, ProbeDraw draw, DeviationMemory memory) {
        this.samples = samples;
        this.draw = draw;
        this.memory = memory;
    }

    /** The round's blended maps, rendered on first use; {@code feature} names the caller in errors. */
    public Maps maps(FeatureInput in, String feature) {
        if (maps != null) {
            return maps;
        }
        List<ClientUpdate> updates = in.updates();
        if (in.context().probe() == null) {
            throw new IllegalArgumentException("feddetect: feature " + feature + " needs a generator probe, and this"
                    + " runner offers none; use another feature (update_distance, lossG) here");
        }
        if (updates.size() < 2) {
            throw new IllegalArgumentException("feddetect: feature " + feature + " needs at least 2 clients per round");
        }
        long drawNumber = draw == ProbeDraw.FRESH ? in.context().round() : 0;
        List<ModelWeights> generators = new ArrayList<>(updates.size());
        for (ClientUpdate u : updates) {
            generators.add(u.generator());
        }
        List<GeneratorProbe.Images> drawn = in.context().probe().renderAll(generators, samples, drawNumber);
        float[][] images = new float[updates.size()][];
        for (int i = 0; i < updates.size(); i++) {
            images[i] = drawn.get(i).pixels();
        }
        GeneratorProbe.Images first = drawn.get(0);
        double[][] raw = OutputDeviation.meanDifferences(images, first.batch(), first.channels(), first.res());
        memory.begin();
        double[][] blended = new double[raw.length][];
        double[][] current = new double[raw.length][];
        for (int i = 0; i < raw.length; i++) {
            current[i] = memory.blends() ? raw[i].clone() : raw[i];
            blended[i] = memory.blend(updates.get(i).clientId(), raw[i]);
        }
        maps = new Maps(blended, current, first.channels(), first.res());
        return maps;
    }
}
