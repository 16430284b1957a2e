package org.fedsynth.fl.detect;

import java.util.List;
import org.fedsynth.fl.detect.feature.DetectorFeature;

/**
 * FedDetect's {@code corroborate c} (not in the paper), between the ratios and the {@code min_ratio} veto: a
 * client's ratio on a feature that {@linkplain DetectorFeature#needsCorroboration() needs corroboration}
 * ({@code update_redundancy}) counts only if its ratio on some image feature
 * ({@linkplain DetectorFeature#corroborates() output_deviation, output_deviation_global}, after
 * {@code scale_by_share}) is at least {@code c}, or if its value is at the feature's
 * {@linkplain DetectorFeature#standsAloneFrom() stand-alone level} (a near-duplicate update); else it is set
 * to 0.
 *
 * <p>Why: under label skew two honest sites of one class mix have residual updates that resemble each other
 * (cosines up to 0.35 on DermaMNIST, 10 clients), as much as colluders with their own data and one trigger do
 * (0.2-0.5), so resemblance alone cannot tell them apart; what differs is that a colluder's generator also draws
 * something the others do not. Sybils, whose updates coincide, need no corroboration. And a ratio to a median
 * of 0 (early rounds, when most residual cosines are 0) is infinite for any small positive value: this removes
 * those flags too.
 */
public final class Corroboration {

    /**
     * The ratios after the stage.
     *
     * @param ratios per client and feature, the ratio the {@code min_ratio} veto reads
     * @param discounted per client, the largest ratio the stage set to 0 (0 if none)
     */
    public record Result(double[][] ratios, double[] discounted) {}

    private Corroboration() {}

    /**
     * @param features the feature names, in the columns' order
     * @param x per client and feature, the values
     * @param ratios per client and feature, the ratios before this stage (not changed)
     * @param corroborate {@code c}, the image-feature ratio a resemblance needs beside it
     */
    public static Result apply(List<String> features, double[][] x, double[][] ratios, double corroborate) {
        List<DetectorFeature> plugins = FeatureMatrix.plugins(features);
        int d = plugins.size();
        boolean[] needs = new boolean[d];
        boolean[] image = new boolean[d];
        double[] alone = new double[d];
        for (int f = 0; f < d; f++) {
            DetectorFeature feature = plugins.get(f);
            needs[f] = feature.needsCorroboration();
            image[f] = feature.corroborates();
            alone[f] = feature.standsAloneFrom();
        }
        int n = ratios.length;
        double[][] out = new double[n][];
        double[] discounted = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = ratios[i].clone();
            double best = 0;
            for (int f = 0; f < d; f++) {
                if (image[f]) {
                    best = Math.max(best, ratios[i][f]);
                }
            }
            if (best >= corroborate) {
                continue;
            }
            for (int f = 0; f < d; f++) {
                if (needs[f] && !(x[i][f] >= alone[f]) && out[i][f] > 0) {
                    discounted[i] = Math.max(discounted[i], out[i][f]);
                    out[i][f] = 0;
                }
            }
        }
        return new Result(out, discounted);
    }

    /**
     * Why the stage cannot run on {@code features} (no feature it acts on, or none to corroborate with), as a message
     * naming the key and the fix; {@code null} when it can.
     */
    public static String refusal(List<String> features) {
        boolean needs = false;
        boolean image = false;
        for (DetectorFeature f : FeatureMatrix.plugins(features)) {
            needs |= f.needsCorroboration();
            image |= f.corroborates();
        }
        if (!needs) {
            return "strategy.corroborate acts on update_redundancy or update_duplicate, and features " + features
                    + " lists neither; add one or remove corroborate";
        }
        if (!image) {
            return "strategy.corroborate needs an image feature to corroborate with, and features " + features
                    + " lists none; add output_deviation or output_deviation_global, or remove corroborate";
        }
        return null;
    }
}
