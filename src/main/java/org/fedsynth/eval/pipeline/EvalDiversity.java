package org.fedsynth.eval.pipeline;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedsynth.data.ImageSet;
import org.fedsynth.eval.Diversity;
import org.fedsynth.eval.FidelityMetrics;

/** The diversity step of {@code fedsynth evaluate} ({@link Diversity} on features and on pixels). */
final class EvalDiversity {

    private EvalDiversity() {}

    /**
     * The diversity ratios per class and overall, in feature and pixel space, keyed like the
     * fidelity map; prints a warning for every class whose feature-space ratio says it collapsed.
     */
    static Map<String, EvalResult.DiversityScores> of(ImageSet real, double[][] realF, ImageSet fake,
            double[][] fakeF, List<String> classes, long seed, PrintStream progress) {
        Map<String, Double> feature = Diversity.perClass(realF, real.labels(), fakeF, fake.labels(), seed);
        Map<String, Double> pixel = Diversity.perClass(pixels(real), real.labels(), pixels(fake), fake.labels(), seed);
        Map<String, EvalResult.DiversityScores> out = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : feature.entrySet()) {
            boolean overall = e.getKey().equals(FidelityMetrics.OVERALL);
            String key = overall ? e.getKey() : classes.get(Integer.parseInt(e.getKey()));
            out.put(key, new EvalResult.DiversityScores(e.getValue(), pixel.get(e.getKey())));
            if (!overall && Diversity.collapsed(e.getValue())) {
                progress.printf("warning: mode collapse in class %s: diversity %.3f (generated images of the class are"
                        + " %.0f%% as far apart as real ones; below %.1f means near-copies whatever the noise)%n", key,
                        e.getValue(), 100 * e.getValue(), Diversity.COLLAPSE_BELOW);
            }
        }
        return out;
    }

    /** Each image's pixels in [0, 1], one row per image. */
    static double[][] pixels(ImageSet set) {
        double[][] out = new double[set.size()][];
        for (int i = 0; i < out.length; i++) {
            byte[] b = set.images().get(i);
            double[] row = new double[b.length];
            for (int j = 0; j < b.length; j++) {
                row[j] = (b[j] & 0xff) / 255.0;
            }
            out[i] = row;
        }
        return out;
    }
}
