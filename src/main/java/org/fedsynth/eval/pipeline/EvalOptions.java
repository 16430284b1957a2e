package org.fedsynth.eval.pipeline;

import java.nio.file.Path;
import java.util.List;
import org.fedsynth.config.ConfigException;
import org.fedsynth.eval.utility.UtilityStudy;

/**
 * Settings of {@link Evaluation#run}; validated at construction (errors name the CLI flag).
 *
 * @param evaluator    a domain evaluator folder, or {@code null} for the cached default
 * @param torchscript  a TorchScript feature network file (exclusive with {@code evaluator}), or {@code null}
 * @param force        use an evaluator whose data fingerprint differs (with a warning)
 * @param generated    generated images N, balanced over classes (default 1000)
 * @param k            k of the k-NN radii of precision, recall, density and coverage (default 5)
 * @param kidSubsets   KID subsets (default 100)
 * @param kidSubsetSize KID subset size, capped by both set sizes (default 1000)
 * @param utility      run the utility study
 * @param utilityNs    images per class, {@link UtilityStudy#ALL} for all (default 10, 50, 100, all)
 * @param utilityM     synthetic images per class (default 100)
 * @param utilitySeeds number of seeds, {@code seed, seed + 1, ...} (default 3)
 * @param utilitySteps Adam steps per diagnostic classifier (default 150)
 * @param seed         seed of generation, KID subsets and the utility seeds (default 1)
 * @param evaluatorTraining settings for training the default evaluator when it is missing
 * @param privacy      run the privacy audit ({@link EvalPrivacy})
 * @param utilityRebalance the utility study's rebalancing arm: every class with fewer real training images than
 *                     this gets synthetic ones up to it; {@link #REBALANCE_AUTO} (the default) = the median class
 *                     count when the largest class is at least 3x the smallest, else off; 0 = off
 */
public record EvalOptions(Path evaluator, Path torchscript, boolean force, int generated, int k, int kidSubsets,
                          int kidSubsetSize, boolean utility, List<Integer> utilityNs, int utilityM, int utilitySeeds,
                          int utilitySteps, long seed,
                          org.fedsynth.eval.features.DomainEvaluator.TrainOptions evaluatorTraining, boolean privacy,
                          int utilityRebalance) {

    /** {@code utilityRebalance}: the median class count on imbalanced data, else off. */
    public static final int REBALANCE_AUTO = -1;

    /** Validates. */
    public EvalOptions {
        utilityNs = List.copyOf(utilityNs);
        if (evaluator != null && torchscript != null) {
            throw new ConfigException("--evaluator and --torchscript are exclusive: give one feature network");
        }
        ConfigException.require(generated >= 2 && generated <= 1_000_000, "--n", "in [2, 1000000]", generated);
        ConfigException.require(k >= 1 && k <= 1000, "--k", "in [1, 1000]", k);
        ConfigException.require(kidSubsets >= 1, "--kid-subsets", ">= 1", kidSubsets);
        ConfigException.require(kidSubsetSize >= 2, "--kid-subset-size", ">= 2", kidSubsetSize);
        ConfigException.require(utilityM >= 0, "--utility-m", ">= 0", utilityM);
        ConfigException.require(utilitySeeds >= 1 && utilitySeeds <= 100, "--utility-seeds", "in [1, 100]", utilitySeeds);
        ConfigException.require(utilitySteps >= 1, "--utility-steps", ">= 1", utilitySteps);
        ConfigException.require(!utilityNs.isEmpty(), "--utility-n", "a non-empty list", utilityNs);
        ConfigException.require(utilityRebalance >= REBALANCE_AUTO, "--utility-rebalance", "auto, off or a count >= 1",
                utilityRebalance);
        for (int n : utilityNs) {
            ConfigException.require(n == UtilityStudy.ALL || n >= 1, "--utility-n", "numbers >= 1 or 'all'", utilityNs);
        }
    }

    /** The defaults (the CLI's). */
    public static EvalOptions defaults() {
        return new EvalOptions(null, null, false, 1000, 5, 100, 1000, true, List.of(10, 50, 100, UtilityStudy.ALL), 100, 3,
                150, 1L, org.fedsynth.eval.features.DomainEvaluator.TrainOptions.defaults(), true, REBALANCE_AUTO);
    }

    /** Parses {@code 10,50,100,all}. */
    public static List<Integer> parseNs(String s) {
        List<Integer> out = new java.util.ArrayList<>();
        for (String t : s.split(",")) {
            t = t.trim();
            if (t.equalsIgnoreCase("all")) {
                out.add(UtilityStudy.ALL);
            } else {
                try {
                    out.add(Integer.parseInt(t));
                } catch (NumberFormatException e) {
                    throw new ConfigException("--utility-n must be a comma-separated list of numbers or 'all', found '" + s + "'");
                }
            }
        }
        return out;
    }

    /** A copy with other utility settings. */
    public EvalOptions withUtility(boolean on, List<Integer> ns, int m, int seeds, int steps) {
        return new EvalOptions(evaluator, torchscript, force, generated, k, kidSubsets, kidSubsetSize, on, ns, m, seeds, steps,
                seed, evaluatorTraining, privacy, utilityRebalance);
    }

    /** A copy with another feature network choice. */
    public EvalOptions withFeatures(Path evaluatorDir, Path torchscriptFile, boolean forceIt) {
        return new EvalOptions(evaluatorDir, torchscriptFile, forceIt, generated, k, kidSubsets, kidSubsetSize, utility,
                utilityNs, utilityM, utilitySeeds, utilitySteps, seed, evaluatorTraining, privacy, utilityRebalance);
    }

    /** A copy with other sizes and seed. */
    public EvalOptions withSizes(int n, int kNn, int subsets, int subsetSize, long s) {
        return new EvalOptions(evaluator, torchscript, force, n, kNn, subsets, subsetSize, utility, utilityNs, utilityM,
                utilitySeeds, utilitySteps, s, evaluatorTraining, privacy, utilityRebalance);
    }

    /** A copy with another rebalancing target ({@link #REBALANCE_AUTO}, 0 for off). */
    public EvalOptions withRebalance(int target) {
        return new EvalOptions(evaluator, torchscript, force, generated, k, kidSubsets, kidSubsetSize, utility, utilityNs,
                utilityM, utilitySeeds, utilitySteps, seed, evaluatorTraining, privacy, target);
    }

    /** Parses {@code auto}, {@code off} or a count. */
    public static int parseRebalance(String s) {
        String t = s.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("auto")) {
            return REBALANCE_AUTO;
        }
        if (t.equals("off") || t.equals("0")) {
            return 0;
        }
        try {
            int v = Integer.parseInt(t);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ConfigException("--utility-rebalance must be auto, off or a count >= 1, found '" + s + "'");
    }

    /** A copy with the privacy audit on or off. */
    public EvalOptions withPrivacy(boolean on) {
        return new EvalOptions(evaluator, torchscript, force, generated, k, kidSubsets, kidSubsetSize, utility, utilityNs,
                utilityM, utilitySeeds, utilitySteps, seed, evaluatorTraining, on, utilityRebalance);
    }

    /** A copy with other evaluator training settings. */
    public EvalOptions withEvaluatorTraining(org.fedsynth.eval.features.DomainEvaluator.TrainOptions t) {
        return new EvalOptions(evaluator, torchscript, force, generated, k, kidSubsets, kidSubsetSize, utility, utilityNs,
                utilityM, utilitySeeds, utilitySteps, seed, t, privacy, utilityRebalance);
    }
}
