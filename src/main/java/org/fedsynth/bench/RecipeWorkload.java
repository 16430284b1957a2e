package org.fedsynth.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.fedsynth.config.TrainingConfig;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.gan.GanWorkbench;
import org.fedsynth.gan.Recipe;
import org.fedsynth.gan.TrainSettings;

/**
 * Figure {@code recipes}: one local step at 32px (batch 32, base width 64, grayscale) for each
 * training recipe and option, as a ratio to the paper recipe's step in the same run. The
 * workbenches take their steps in turn, one of each per repetition, so a slow spell of a shared
 * machine falls on all of them alike. Each step draws its augmentation and R1 coin as in training.
 */
final class RecipeWorkload implements Workload {

    /** The settings compared, by name; the first is the reference. */
    static Map<String, TrainSettings> variants() {
        Map<String, TrainSettings> v = new LinkedHashMap<>();
        v.put("paper", TrainingConfig.of(Recipe.PAPER).settings());
        v.put("small-data", TrainingConfig.of(Recipe.SMALL_DATA).settings());
        v.put("small-data + DiffAugment", with("augment", "'color,translation,cutout'"));
        v.put("small-data + SNGAN D (spectral norm, projection, mbstd)", with("spectral_norm", "true",
                "conditioning", "projection", "minibatch_stddev", "true"));
        v.put("small-data + hinge + R1 every 4", with("loss", "hinge", "r1_gamma", "1"));
        v.put("small-data + hinge + R1 every step", with("loss", "hinge", "r1_gamma", "1", "r1_every", "1"));
        return v;
    }

    private static TrainSettings with(String... kv) {
        StringBuilder yaml = new StringBuilder("training: {recipe: small-data");
        for (int i = 0; i < kv.length; i += 2) {
            yaml.append(", ").append(kv[i]).append(": ").append(kv[i + 1]);
        }
        yaml.append("}\n");
        return org.fedsynth.config.ConfigIO.parse(yaml.toString(), "bench").training().settings();
    }

    @Override
    public void run(BenchContext ctx) {
        GanSpec spec = GanSpec.standard(32, 1, 2);
        Map<String, TrainSettings> variants = variants();
        List<String> names = List.copyOf(variants.keySet());
        GanWorkbench[] wbs = new GanWorkbench[names.size()];
        try {
            for (int k = 0; k < wbs.length; k++) {
                wbs[k] = new GanWorkbench(spec, variants.get(names.get(k)));
                wbs[k].loadGenerator(wbs[k].initialGenerator(1));
                wbs[k].loadDiscriminator(wbs[k].initialDiscriminator(2));
            }
            RandomImages src = new RandomImages(1, 32);
            Random rng = new Random(3);
            int reps = ctx.reps() * 2;
            double[][] ms = new double[wbs.length][reps];
            for (int i = -ctx.warmup(); i < reps; i++) {
                for (int k = 0; k < wbs.length; k++) {
                    long t = System.nanoTime();
                    wbs[k].train(src, 1, rng);
                    if (i >= 0) {
                        ms[k][i] = Timing.msSince(t);
                    }
                }
            }
            double ref = Timing.median(ms[0]);
            for (int k = 0; k < wbs.length; k++) {
                double median = Timing.median(ms[k]);
                ctx.emit(ctx.figure("recipes").put("recipe", names.get(k)).put("resolution", 32).put("batch", 32)
                        .put("repetitions", reps).put("median_ms", median).put("min_ms", Timing.min(ms[k]))
                        .put("ratio_to_paper", median / ref));
            }
        } finally {
            for (GanWorkbench wb : wbs) {
                if (wb != null) {
                    wb.close();
                }
            }
        }
    }
}
