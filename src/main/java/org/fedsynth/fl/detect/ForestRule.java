package org.fedsynth.fl.detect;

/**
 * FedDetect's second stage: an {@link IsolationForest} fitted on the detector input with the
 * round's seed, the same rows scored, and {@link Contamination} turning scores into outlier flags.
 */
public final class ForestRule {

    /**
     * The forest's verdict.
     *
     * @param scores the anomaly score per client
     * @param threshold the score a client must exceed to be an outlier
     * @param outlier per client, {@code score > threshold}
     */
    public record Scores(double[] scores, double threshold, boolean[] outlier) {}

    private ForestRule() {}

    /**
     * @param x the detector input, one row per client
     * @param trees number of trees
     * @param maxSamples subsample size per tree before {@code min(., n)}
     * @param contamination the flagging rule
     * @param seed the round's seed
     */
    public static Scores apply(double[][] x, int trees, int maxSamples, Contamination contamination, long seed) {
        IsolationForest forest = IsolationForest.fit(x, trees, maxSamples, seed);
        double[] scores = forest.score(x);
        double threshold = contamination.threshold(scores);
        boolean[] outlier = new boolean[x.length];
        for (int i = 0; i < x.length; i++) {
            outlier[i] = scores[i] > threshold;
        }
        return new Scores(scores, threshold, outlier);
    }
}
