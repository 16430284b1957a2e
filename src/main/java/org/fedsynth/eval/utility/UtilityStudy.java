package org.fedsynth.eval.utility;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongFunction;
import org.fedsynth.data.ImageSet;
import org.fedsynth.eval.features.CnnClassifier;
import org.fedsynth.eval.features.CnnSpec;
import org.fedsynth.util.Seeds;

/**
 * The utility of synthetic data (the paper's Fig. 7): a diagnostic classifier is trained on
 * {@code n} real images per class, with and without {@code m} synthetic images per class from a
 * run's generator, and scored on the real test split; repeated over seeds, for each {@code n}.
 *
 * <p>Per (n, seed): the real images are drawn per class without replacement from the training split
 * ({@code min(n, class size)} each; {@link #ALL} takes every image); the synthetic images for that
 * seed come from {@code synthetic.apply(seed)}; both classifiers start from the same seeded weights
 * and see the same number of Adam steps, so the pair differs only by the synthetic images. The
 * classifier is a {@link CnnClassifier} of width {@link CnnSpec#UTILITY_WIDTH}.
 *
 * <p><b>Rebalancing</b> (the paper's motivation on imbalanced data such as ISIC): with
 * {@code rebalanceTo > 0}, one more pair is trained on every real training image, without and with
 * {@code max(0, rebalanceTo - n_c)} synthetic images of each class c, so only the rare classes are
 * augmented; both arms report balanced accuracy and per-class recall.
 */
public final class UtilityStudy {

    /** The {@code n} meaning "every real training image". */
    public static final int ALL = -1;

    private UtilityStudy() {}

    /**
     * Settings.
     *
     * @param ns         images per class; {@link #ALL} for all
     * @param m          synthetic images per class added in the "with" arm
     * @param seeds      repetition seeds
     * @param steps      Adam steps per classifier
     * @param batchSize  images per step
     * @param lr         Adam learning rate
     */
    public record Options(List<Integer> ns, int m, List<Long> seeds, int steps, int batchSize, double lr, int rebalanceTo) {

        /** Without the rebalancing arm. */
        public Options(List<Integer> ns, int m, List<Long> seeds, int steps, int batchSize, double lr) {
            this(ns, m, seeds, steps, batchSize, lr, 0);
        }

        /** Validates. */
        public Options {
            if (rebalanceTo < 0) {
                throw new IllegalArgumentException("rebalance target must be >= 0, found " + rebalanceTo);
            }
            ns = List.copyOf(ns);
            seeds = List.copyOf(seeds);
            if (ns.isEmpty() || seeds.isEmpty()) {
                throw new IllegalArgumentException("--utility-n and the seeds must not be empty");
            }
            for (int n : ns) {
                if (n != ALL && n < 1) {
                    throw new IllegalArgumentException("--utility-n values must be >= 1 or 'all', found " + n);
                }
            }
            if (m < 0) {
                throw new IllegalArgumentException("--utility-m must be >= 0, found " + m);
            }
            if (steps < 1 || batchSize < 2 || !(lr > 0 && lr < 1)) {
                throw new IllegalArgumentException("utility steps >= 1, batch >= 2, lr in (0, 1) required");
            }
        }
    }

    /**
     * One (n, with/without) cell, aggregated over seeds (sd with divisor {@code seeds - 1}; 0 for one seed).
     *
     * @param n          images per class asked for, or for {@link #ALL} the total real images
     * @param all        whether this is the "all" row
     * @param synthetic  whether synthetic images were added
     * @param realImages real training images used (per seed, the same count)
     * @param syntheticImages synthetic images added
     * @param accuracy   per-seed accuracies
     * @param balancedAccuracy per-seed balanced accuracies
     * @param auc        per-seed AUCs
     * @param rebalanced whether this is the rebalancing pair (every real image; synthetic only up to the target)
     * @param recall     per seed, per class recall on the test split ({@code NaN} for a class without test images)
     */
    public record Row(int n, boolean all, boolean synthetic, int realImages, int syntheticImages, double[] accuracy,
                      double[] balancedAccuracy, double[] auc, boolean rebalanced, double[][] recall) {

        /** Per class, the recall's mean over seeds. */
        public double[] recallMean() {
            int k = recall.length == 0 ? 0 : recall[0].length;
            double[] out = new double[k];
            for (int c = 0; c < k; c++) {
                double s = 0;
                for (double[] r : recall) {
                    s += r[c];
                }
                out[c] = s / recall.length;
            }
            return out;
        }
    }

    /** Generated images for the utility study: {@code perClass[c]} images of class c, seeded by {@code seed}. */
    @FunctionalInterface
    public interface SyntheticSource {
        /** The images. */
        ImageSet generate(long seed, int[] perClass);
    }

    /**
     * The rebalancing target of {@code requested} ({@code -1}: auto) for {@code train}: auto is the median
     * class count when the largest class holds at least 3 times the smallest, else 0 (off).
     */
    public static int rebalanceTarget(ImageSet train, int requested) {
        if (requested >= 0) {
            return requested;
        }
        int[] counts = java.util.Arrays.stream(train.classCounts()).filter(c -> c > 0).sorted().toArray();
        if (counts.length < 2 || counts[counts.length - 1] < 3 * counts[0]) {
            return 0;
        }
        return counts[counts.length / 2];
    }

    /** Runs the study with {@code m} synthetic images per class from {@code synthetic.apply(seed)} (no rebalancing). */
    public static List<Row> run(ImageSet train, ImageSet test, LongFunction<ImageSet> synthetic, Options o, PrintStream progress) {
        return run(train, test, (seed, perClass) -> synthetic.apply(seed), o, progress);
    }

    /** Runs the study; {@code synthetic.generate(seed, counts)} gives the generated images. */
    public static List<Row> run(ImageSet train, ImageSet test, SyntheticSource synthetic, Options o, PrintStream progress) {
        List<Row> rows = new ArrayList<>();
        int s = o.seeds().size();
        CnnSpec spec = new CnnSpec(train.channels(), train.height(), train.numClasses(), CnnSpec.UTILITY_WIDTH);
        List<ImageSet> synth = new ArrayList<>();
        if (o.m() > 0) {
            int[] perClass = new int[train.numClasses()];
            java.util.Arrays.fill(perClass, o.m());
            for (long seed : o.seeds()) {
                synth.add(synthetic.generate(seed, perClass));
            }
        }
        for (int n : o.ns()) {
            ClassificationScores[][] sc = new ClassificationScores[2][s];
            int realCount = 0;
            int synthCount = 0;
            for (int si = 0; si < s; si++) {
                long seed = o.seeds().get(si);
                ImageSet real = n == ALL ? train : perClass(train, n, Seeds.rng(seed, "utility-sample", n));
                realCount = real.size();
                for (int arm = 0; arm < (o.m() > 0 ? 2 : 1); arm++) {
                    ImageSet data = arm == 0 ? real : concat(real, synth.get(si));
                    if (arm == 1) {
                        synthCount = synth.get(si).size();
                    }
                    sc[arm][si] = trainAndScore(spec, data, test, seed, n, arm, o);
                }
                progress.printf("utility: n=%s seed %d: accuracy %.3f real only%s%n", n == ALL ? "all" : n, seed,
                        sc[0][si].accuracy(), o.m() > 0 ? String.format(", %.3f with %d synthetic per class", sc[1][si].accuracy(),
                                o.m()) : "");
            }
            int nOut = n == ALL ? realCount : n;
            rows.add(row(nOut, n == ALL, false, realCount, 0, sc[0], false));
            if (o.m() > 0) {
                rows.add(row(nOut, n == ALL, true, realCount, synthCount, sc[1], false));
            }
        }
        if (o.rebalanceTo() > 0) {
            rows.addAll(rebalance(train, test, synthetic, o, spec, progress));
        }
        return rows;
    }

    /** Key of the rebalancing pair's classifier seeds (the n arms use n, and {@link #ALL} is -1). */
    private static final int REBALANCE_KEY = -2;

    /** The rebalancing pair: every real image, then the rare classes topped up to the target with synthetic ones. */
    private static List<Row> rebalance(ImageSet train, ImageSet test, SyntheticSource synthetic, Options o, CnnSpec spec,
            PrintStream progress) {
        int s = o.seeds().size();
        int[] counts = train.classCounts();
        int[] deficit = new int[counts.length];
        int added = 0;
        for (int c = 0; c < counts.length; c++) {
            deficit[c] = Math.max(0, o.rebalanceTo() - counts[c]);
            added += deficit[c];
        }
        ClassificationScores[][] sc = new ClassificationScores[2][s];
        for (int si = 0; si < s; si++) {
            long seed = o.seeds().get(si);
            ImageSet extra = added == 0 ? null : synthetic.generate(Seeds.derive(seed, "utility-rebalance"), deficit);
            for (int arm = 0; arm < 2; arm++) {
                ImageSet data = arm == 0 || extra == null ? train : concat(train, extra);
                sc[arm][si] = trainAndScore(spec, data, test, seed, REBALANCE_KEY, arm, o);
            }
            progress.printf("utility: rebalanced to %d per class (%d synthetic images) seed %d: balanced accuracy %.3f real"
                    + " only, %.3f rebalanced%n", o.rebalanceTo(), added, seed, sc[0][si].balancedAccuracy(),
                    sc[1][si].balancedAccuracy());
        }
        return List.of(row(train.size(), true, false, train.size(), 0, sc[0], true),
                row(train.size(), true, true, train.size(), added, sc[1], true));
    }

    /** One diagnostic classifier: seeded weights and batches for (seed, key, arm), trained on {@code data}, scored on {@code test}. */
    private static ClassificationScores trainAndScore(CnnSpec spec, ImageSet data, ImageSet test, long seed, int key, int arm,
            Options o) {
        try (CnnClassifier c = new CnnClassifier(spec, Seeds.derive(seed, "utility-init", key))) {
            c.train(data, o.steps(), o.batchSize(), (float) o.lr(), Seeds.rng(seed, "utility-batches", key, arm), null);
            return ClassificationScores.of(c.probabilities(test), test.labels());
        }
    }

    /** A row from the per-seed scores of one arm. */
    private static Row row(int n, boolean all, boolean synthetic, int realImages, int syntheticImages,
            ClassificationScores[] perSeed, boolean rebalanced) {
        return new Row(n, all, synthetic, realImages, syntheticImages,
                java.util.Arrays.stream(perSeed).mapToDouble(ClassificationScores::accuracy).toArray(),
                java.util.Arrays.stream(perSeed).mapToDouble(ClassificationScores::balancedAccuracy).toArray(),
                java.util.Arrays.stream(perSeed).mapToDouble(ClassificationScores::auc).toArray(), rebalanced,
                java.util.Arrays.stream(perSeed).map(ClassificationScores::recall).toArray(double[][]::new));
    }

    /**
     * {@code min(n, class size)} images of each class, drawn without replacement. When the set knows
     * its patients, the n images of a class come from n different patients (one image each), so that
     * correlated images of one patient are not counted as independent samples.
     */
    static ImageSet perClass(ImageSet set, int n, Random rng) {
        List<Integer> picked = new ArrayList<>();
        for (int c = 0; c < set.numClasses(); c++) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < set.size(); i++) {
                if (set.label(i) == c) {
                    idx.add(i);
                }
            }
            java.util.Collections.shuffle(idx, rng);
            if (set.hasPatients()) {
                java.util.Set<String> seen = new java.util.HashSet<>();
                List<Integer> one = new ArrayList<>();
                for (int i : idx) {
                    if (one.size() < n && seen.add(set.patient(i))) {
                        one.add(i);
                    }
                }
                picked.addAll(one);
            } else {
                picked.addAll(idx.subList(0, Math.min(n, idx.size())));
            }
        }
        return set.subset(picked.stream().mapToInt(Integer::intValue).toArray(), set.source() + " (" + n + " per class"
                + (set.hasPatients() ? ", one image per patient" : "") + ")");
    }

    /** Real followed by synthetic images (same classes and shape required). */
    static ImageSet concat(ImageSet a, ImageSet b) {
        if (!a.classNames().equals(b.classNames()) || a.channels() != b.channels() || a.height() != b.height()) {
            throw new IllegalArgumentException("synthetic images " + b + " do not match real images " + a);
        }
        List<byte[]> imgs = new ArrayList<>(a.images());
        imgs.addAll(b.images());
        int[] labels = new int[a.size() + b.size()];
        System.arraycopy(a.labels(), 0, labels, 0, a.size());
        System.arraycopy(b.labels(), 0, labels, a.size(), b.size());
        return new ImageSet(a.classNames(), a.channels(), a.height(), a.width(), imgs, labels, a.source() + " + synthetic");
    }

    /** Mean of {@code v}. */
    public static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** Sample standard deviation (divisor {@code n - 1}; 0 for one value). */
    public static double sd(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }
}
