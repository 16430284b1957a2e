package org.fedsynth.fl.detect;

import java.util.List;
import org.fedsynth.fl.detect.feature.DetectorFeature;
import org.fedsynth.fl.detect.feature.FeatureInput;
import org.fedsynth.plugin.PluginRegistry;

/**
 * FedDetect's first stage: the detector input, one row per client and one column per configured
 * feature (looked up by name in {@link PluginRegistry}, kind {@code feature}), every value finite.
 */
public final class FeatureMatrix {

    private FeatureMatrix() {}

    /** The feature plug-ins named by {@code features}, in order. */
    public static List<DetectorFeature> plugins(List<String> features) {
        return features.stream()
                .map(name -> PluginRegistry.instance(PluginRegistry.FEATURE, name, DetectorFeature.class))
                .toList();
    }

    /** The matrix {@code x[client][feature]}; an error naming the client and feature of a non-finite value. */
    public static double[][] of(List<String> features, FeatureInput in) {
        int n = in.updates().size();
        List<DetectorFeature> plugins = plugins(features);
        double[][] cols = new double[features.size()][];
        for (int f = 0; f < features.size(); f++) {
            cols[f] = plugins.get(f).values(in);
        }
        double[][] x = new double[n][features.size()];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < features.size(); f++) {
                double v = cols[f][i];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("feddetect: client " + in.updates().get(i).clientId() + " feature "
                            + features.get(f) + " is not finite: " + v);
                }
                x[i][f] = v;
            }
        }
        return x;
    }
}
