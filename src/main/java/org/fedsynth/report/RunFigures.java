package org.fedsynth.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of a run that the results tables ({@link ResultsTable}), the report and
 * {@code fedsynth demo}'s summary quote, computed in this one place from a {@link RunFiles}: its
 * recomputed detection summary, its round records and its {@code eval.json}.
 */
public final class RunFigures {

    private RunFigures() {}

    /**
     * The figures of one run, keyed by {@link ResultsTable.Column#key} (NaN where not defined):
     * trigger_score and backdoor_rate over the last five rounds, TPR, FPR, first detection and weights
     * from the detection summary, the mean final losses, fidelity, privacy and utility from {@code eval.json}.
     */
    public static Map<String, Double> of(RunFiles r) {
        Map<String, Double> f = new LinkedHashMap<>();
        JsonNode d = r.summary().path("detection");
        f.put("trigger_score", r.triggerScore());
        f.put("backdoor_rate", r.tailMean("backdoor_rate"));
        f.put("tpr", num(d.path("tpr")));
        f.put("fpr", num(d.path("fpr")));
        int first = d.path("first_detection_round").asInt(-1);
        f.put("first_detection_round", first < 0 ? Double.NaN : first);
        f.put("malicious_weight", num(d.path("malicious_final_weight_share")));
        f.put("min_benign_weight", num(d.path("min_benign_final_weight")));
        double g = 0;
        double dl = 0;
        int n = 0;
        for (JsonNode c : r.summary().path("clients")) {
            g += c.path("lossG").asDouble();
            dl += c.path("lossD").asDouble();
            n++;
        }
        f.put("lossG", n == 0 ? Double.NaN : g / n);
        f.put("lossD", n == 0 ? Double.NaN : dl / n);
        JsonNode overall = r.eval().map(e -> e.path("fidelity").path("overall")).orElse(MissingNode.getInstance());
        for (String k : List.of("fd", "kid", "precision", "recall", "density", "coverage", "diversity_feature",
                "diversity_pixel")) {
            f.put(k, num(overall.path(k)));
        }
        JsonNode p = r.eval().map(e -> e.path("privacy")).orElse(MissingNode.getInstance());
        f.put("dcr_ratio_pixel", num(p.path("dcr").path("pixel").path("ratio")));
        f.put("dcr_ratio_p5_pixel", num(p.path("dcr").path("pixel").path("ratio_p5")));
        f.put("dcr_ratio_feature", num(p.path("dcr").path("feature").path("ratio")));
        f.put("membership_auc", num(p.path("membership_auc")));
        f.put("membership_auc_feature", num(p.path("membership_auc_feature")));
        double maxClient = Double.NaN;
        for (JsonNode c : p.path("per_client")) {
            double a = num(c.path("membership_auc"));
            maxClient = Double.isNaN(maxClient) || a > maxClient ? a : maxClient;
        }
        f.put("membership_auc_max_client", maxClient);
        double[] u = utility(r.eval().map(e -> e.path("utility")).orElse(null));
        f.put("utility_accuracy", u[0]);
        f.put("utility_delta", u[1]);
        double[] rb = rebalanced(r.eval().map(e -> e.path("utility")).orElse(null));
        f.put("rebalanced_balanced_accuracy", rb[0]);
        f.put("rebalanced_delta", rb[1]);
        return f;
    }

    /**
     * Accuracy with synthetic images at the largest n that has a synthetic row, and its difference
     * from the real-only row of the same n (NaN, NaN when not available).
     */
    static double[] utility(JsonNode utility) {
        if (utility == null || !utility.path("rows").isArray()) {
            return new double[] {Double.NaN, Double.NaN};
        }
        JsonNode best = null;
        for (JsonNode row : utility.get("rows")) {
            if (row.path("rebalanced").asBoolean()) {
                continue;
            }
            if (row.path("synthetic").asBoolean() && (best == null || row.path("n").asDouble() > best.path("n").asDouble())) {
                best = row;
            }
        }
        if (best == null) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double acc = num(best.path("accuracy_mean"));
        double delta = Double.NaN;
        for (JsonNode row : utility.get("rows")) {
            if (!row.path("synthetic").asBoolean() && !row.path("rebalanced").asBoolean()
                    && row.path("n").asDouble() == best.path("n").asDouble()) {
                delta = acc - num(row.path("accuracy_mean"));
            }
        }
        return new double[] {acc, delta};
    }

    /**
     * Mean accuracy of a run's utility row with {@code n} real images per class (not the "all" row),
     * with or without the run's synthetic images; NaN when the run has no such row.
     */
    public static double utilityAccuracy(RunFiles r, int n, boolean synthetic) {
        for (JsonNode row : r.eval().map(e -> e.path("utility").path("rows")).orElse(MissingNode.getInstance())) {
            if (row.path("n").asInt() == n && !"all".equals(row.path("n_label").asText()) && !row.path("rebalanced").asBoolean()
                    && row.path("synthetic").asBoolean() == synthetic) {
                return num(row.path("accuracy_mean"));
            }
        }
        return Double.NaN;
    }

    /**
     * The rebalancing pair's balanced accuracy with the rare classes topped up with synthetic images, and its
     * difference from every real image alone (NaN, NaN when the run has no such pair).
     */
    static double[] rebalanced(JsonNode utility) {
        double with = Double.NaN;
        double without = Double.NaN;
        if (utility != null) {
            for (JsonNode row : utility.path("rows")) {
                if (row.path("rebalanced").asBoolean()) {
                    if (row.path("synthetic").asBoolean()) {
                        with = num(row.path("balanced_accuracy_mean"));
                    } else {
                        without = num(row.path("balanced_accuracy_mean"));
                    }
                }
            }
        }
        return new double[] {with, with - without};
    }

    private static double num(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }
}
