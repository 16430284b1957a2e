package org.fedsynth.fl.detect;

import java.util.List;
import java.util.stream.IntStream;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.strategy.Norms;

/**
 * Bounds every client's influence before the reduce (FedDetect's {@code clip_to_median}; FLAME's clipping
 * step, Nguyen et al. 2022): each generator's delta from the global generator is scaled down to at most
 * the median of the round's delta norms. A scaled-up (model replacement) update then moves the aggregate
 * no further than an honest one from its first round, before any detector has seen it; honest updates
 * above the median are shortened a little.
 */
public final class MedianNormClip {

    /**
     * The clipped generators.
     *
     * @param generators per client, {@code global + factor * delta}
     * @param factors per client, {@code min(1, median / norm)} (1 when the median is 0)
     * @param norms per client, the L2 norm of the delta before clipping
     * @param median the median of {@code norms}
     */
    public record Clipped(List<ModelWeights> generators, double[] factors, double[] norms, double median) {}

    private MedianNormClip() {}

    /** Clips every generator's delta from {@code global} to the median delta norm. */
    public static Clipped apply(ModelWeights global, List<ModelWeights> generators) {
        int n = generators.size();
        // each client's norm and scaled delta is its own pass, so the clients are taken on the common pool's
        // threads: the same bits as one after another
        double[] norms = new double[n];
        IntStream.range(0, n).parallel().forEach(i -> norms[i] = Norms.l2Distance(generators.get(i), global));
        double median = Vetoes.median(norms);
        double[] factors = new double[n];
        ModelWeights[] out = new ModelWeights[n];
        for (int i = 0; i < n; i++) {
            factors[i] = median > 0 ? Norms.clipFactor(norms[i], median) : 1.0;
        }
        IntStream.range(0, n).parallel().forEach(i -> out[i] = Norms.scaleDelta(global, generators.get(i), factors[i]));
        return new Clipped(List.of(out), factors, norms, median);
    }
}
