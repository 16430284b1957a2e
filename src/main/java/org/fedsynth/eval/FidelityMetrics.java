package org.fedsynth.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Entry point of the fidelity metrics: computes a {@link MetricSet} (Fréchet distance, KID,
 * precision, recall, density, coverage) of a fake feature set against a real one, overall or per
 * class. Pure functions of the inputs and {@link Options} (KID's subsets are seeded).
 *
 * <p>References: Heusel et al. 2017 (FID, {@link FrechetDistance}); Bińkowski et al. 2018 (KID,
 * {@link KernelInceptionDistance}); Kynkäänniemi et al. 2019 (precision and recall) and Naeem et al.
 * 2020 (density and coverage), both in {@link ManifoldMetrics}.
 */
public final class FidelityMetrics {

    /** Key of the all-classes entry in {@link #perClass}. */
    public static final String OVERALL = "overall";

    private FidelityMetrics() {}

    /**
     * Settings of {@link #compute}.
     *
     * @param kPrecisionRecall k of the k-NN radii for precision and recall (default 3)
     * @param kDensityCoverage k of the k-NN radii for density and coverage (default 5)
     * @param kidSubsets       number of KID subsets (default 100)
     * @param kidSubsetSize    requested KID subset size, capped by both set sizes (default 1000)
     * @param seed             seed of the KID subset sampler
     */
    public record Options(int kPrecisionRecall, int kDensityCoverage, int kidSubsets, int kidSubsetSize, long seed) {
        /** Validates the settings. */
        public Options {
            if (kPrecisionRecall < 1 || kDensityCoverage < 1) {
                throw new IllegalArgumentException("k must be >= 1");
            }
            if (kidSubsets < 1 || kidSubsetSize < 2) {
                throw new IllegalArgumentException("kidSubsets must be >= 1 and kidSubsetSize >= 2");
            }
        }

        /** The papers' defaults: k = 3 (P/R), k = 5 (D/C), 100 KID subsets of up to 1000, seed 0. */
        public static Options defaults() {
            return new Options(ManifoldMetrics.DEFAULT_K_PRECISION_RECALL, ManifoldMetrics.DEFAULT_K_DENSITY_COVERAGE,
                    KernelInceptionDistance.DEFAULT_SUBSETS, KernelInceptionDistance.DEFAULT_SUBSET_SIZE, 0L);
        }

        /** A copy with another seed. */
        public Options withSeed(long s) {
            return new Options(kPrecisionRecall, kDensityCoverage, kidSubsets, kidSubsetSize, s);
        }

        /** A copy with other KID subset settings. */
        public Options withKid(int subsets, int subsetSize) {
            return new Options(kPrecisionRecall, kDensityCoverage, subsets, subsetSize, seed);
        }
    }

    /**
     * All metrics of {@code fake} against {@code real}. Both sets must be non-empty with the same
     * dimension. A metric is {@code NaN} when the sizes do not allow it: FD and KID need 2 or more
     * rows in each set; precision and recall need more than {@code kPrecisionRecall} rows in each
     * set; density and coverage need more than {@code kDensityCoverage} real rows.
     */
    public static MetricSet compute(double[][] real, double[][] fake, Options o) {
        int d = Features.checkPair("real", real, 1, "fake", fake, 1);
        int n = real.length;
        int m = fake.length;
        double fd = Double.NaN;
        double kidMean = Double.NaN;
        double kidStd = Double.NaN;
        int kidSize = 0;
        if (n >= 2 && m >= 2) {
            fd = FrechetDistance.of(real, fake);
            KernelInceptionDistance.Result kid = KernelInceptionDistance.of(real, fake, o.kidSubsets(),
                    o.kidSubsetSize(), o.seed());
            kidMean = kid.mean();
            kidStd = kid.std();
            kidSize = kid.subsetSize();
        }
        double precision = Double.NaN;
        double recall = Double.NaN;
        double density = Double.NaN;
        double coverage = Double.NaN;
        boolean pr = n > o.kPrecisionRecall() && m > o.kPrecisionRecall();
        boolean dc = n > o.kDensityCoverage();
        if (pr && dc) {
            ManifoldMetrics.Prdc p = ManifoldMetrics.prdc(real, fake, o.kPrecisionRecall(), o.kDensityCoverage());
            precision = p.precision();
            recall = p.recall();
            density = p.density();
            coverage = p.coverage();
        } else if (pr) {
            ManifoldMetrics.PrecisionRecall p = ManifoldMetrics.precisionRecall(real, fake, o.kPrecisionRecall());
            precision = p.precision();
            recall = p.recall();
        } else if (dc) {
            ManifoldMetrics.DensityCoverage c = ManifoldMetrics.densityCoverage(real, fake, o.kDensityCoverage());
            density = c.density();
            coverage = c.coverage();
        }
        return new MetricSet(n, m, d, fd, kidMean, kidStd, o.kidSubsets(), kidSize, precision, recall,
                o.kPrecisionRecall(), density, coverage, o.kDensityCoverage());
    }

    /**
     * Metrics overall and for every class label found in either set. Keys: {@link #OVERALL} first,
     * then each label as {@code String.valueOf(label)} in ascending numeric order. A class present
     * in only one set gets a {@link MetricSet} with its counts and every metric {@code NaN} (a class
     * the generator never produces is visible as {@code nFake = 0}).
     */
    public static Map<String, MetricSet> perClass(double[][] real, int[] realLabels, double[][] fake, int[] fakeLabels,
                                                  Options o) {
        int d = Features.checkPair("real", real, 1, "fake", fake, 1);
        if (realLabels.length != real.length || fakeLabels.length != fake.length) {
            throw new IllegalArgumentException("label arrays must match the row counts");
        }
        Map<String, MetricSet> out = new LinkedHashMap<>();
        out.put(OVERALL, compute(real, fake, o));
        TreeMap<Integer, List<double[]>> r = group(real, realLabels);
        TreeMap<Integer, List<double[]>> f = group(fake, fakeLabels);
        TreeSet<Integer> labels = new TreeSet<>(r.keySet());
        labels.addAll(f.keySet());
        for (int label : labels) {
            List<double[]> rl = r.getOrDefault(label, List.of());
            List<double[]> fl = f.getOrDefault(label, List.of());
            MetricSet ms;
            if (rl.isEmpty() || fl.isEmpty()) {
                ms = new MetricSet(rl.size(), fl.size(), d, Double.NaN, Double.NaN, Double.NaN, o.kidSubsets(), 0,
                        Double.NaN, Double.NaN, o.kPrecisionRecall(), Double.NaN, Double.NaN, o.kDensityCoverage());
            } else {
                ms = compute(rl.toArray(new double[0][]), fl.toArray(new double[0][]), o);
            }
            out.put(String.valueOf(label), ms);
        }
        return out;
    }

    /** The rows of {@code x} grouped by label, labels ascending. */
    static TreeMap<Integer, List<double[]>> group(double[][] x, int[] labels) {
        TreeMap<Integer, List<double[]>> g = new TreeMap<>();
        for (int i = 0; i < x.length; i++) {
            g.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(x[i]);
        }
        return g;
    }
}
