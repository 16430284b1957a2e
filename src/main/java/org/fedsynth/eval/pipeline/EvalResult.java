package org.fedsynth.eval.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedsynth.eval.backdoor.TriggerClassifier;
import org.fedsynth.eval.FidelityMetrics;
import org.fedsynth.eval.MetricSet;
import org.fedsynth.eval.features.FeatureNetwork;
import org.fedsynth.eval.utility.UtilityStudy;
import org.fedsynth.util.AtomicFiles;

/**
 * Everything {@code fedsynth evaluate} measured for one run; {@link #toJson()} is the
 * {@code eval.json} schema (documented in docs/DESIGN.md; the HTML report reads it). Metrics that are
 * undefined for the sample sizes ({@code NaN}) are written as JSON {@code null}.
 *
 * @param run            the run folder's name
 * @param featureNetwork the feature network used
 * @param nGenerated     generated images
 * @param nReal          real test images
 * @param seed           evaluation seed
 * @param fidelity       {@code overall} then one entry per class name
 * @param diversity      the diversity ratios ({@link org.fedsynth.eval.Diversity}), keyed like {@code fidelity}
 * @param triggerScore   mean trigger score of the generated images, or {@code null} (no attack section, or a
 *                       trigger without a score)
 * @param backdoorRate   fraction of generated images whose trigger score is above 0.5 (patch triggers), or {@code null};
 *                       {@code trigger_backdoor_rate} in the file
 * @param backdoor       the trigger classifier's measure ({@code backdoor_rate} and {@code backdoor} in the file), or
 *                       {@code null} without an attack section
 * @param utility        the utility study, or {@code null} when skipped
 * @param privacy        the privacy audit, or {@code null} when disabled
 * @param checkpointRound the round of the evaluated generator
 * @param finished       whether the run has {@code summary.json}
 * @param dataFingerprint the run data's fingerprint
 * @param dataRule       how the train and test splits were drawn
 * @param timings        seconds per phase
 * @param elapsedS       total seconds
 */
public record EvalResult(String run, FeatureNetwork.Description featureNetwork, int nGenerated, int nReal, long seed,
                         Map<String, MetricSet> fidelity, Map<String, DiversityScores> diversity, Double triggerScore, Double backdoorRate,
                         TriggerClassifier.Result backdoor, Utility utility,
                         EvalPrivacy.Outcome privacy,
                         int checkpointRound, boolean finished, String dataFingerprint, String dataRule,
                         Map<String, Double> timings, double elapsedS) {

    /** The file name inside the run folder. */
    public static final String FILE = "eval.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Copies the maps. */
    public EvalResult {
        fidelity = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fidelity));
        diversity = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(diversity));
        timings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(timings));
    }

    /**
     * The diversity ratios of one class (or overall): generated over real mean pairwise distance.
     *
     * @param feature in the evaluator's feature space
     * @param pixel   in pixel space (values in [0, 1])
     */
    public record DiversityScores(double feature, double pixel) {}

    /**
     * The utility study's result.
     *
     * @param m       synthetic images per class
     * @param seeds   repetition seeds
     * @param classes class names
     * @param steps   Adam steps per classifier
     * @param rows    one row per (n, with/without synthetic)
     */
    public record Utility(int m, List<Long> seeds, List<String> classes, int steps, List<UtilityStudy.Row> rows) {
        /** Copies the lists. */
        public Utility {
            seeds = List.copyOf(seeds);
            classes = List.copyOf(classes);
            rows = List.copyOf(rows);
        }
    }

    /** The overall metrics. */
    public MetricSet overall() {
        return fidelity.get(FidelityMetrics.OVERALL);
    }

    /** The {@code eval.json} tree. */
    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("run", run);
        ObjectNode fn = o.putObject("feature_network");
        fn.put("kind", featureNetwork.kind()).put("path", featureNetwork.path()).put("fingerprint", featureNetwork.fingerprint())
                .put("dims", featureNetwork.dims());
        o.put("n_generated", nGenerated).put("n_real", nReal).put("seed", seed);
        ObjectNode fid = o.putObject("fidelity");
        ObjectNode per = JSON.createObjectNode();
        for (Map.Entry<String, MetricSet> e : fidelity.entrySet()) {
            ObjectNode m = metrics(e.getValue(), diversity.get(e.getKey()));
            if (e.getKey().equals(FidelityMetrics.OVERALL)) {
                fid.set("overall", m);
            } else {
                per.set(e.getKey(), m);
            }
        }
        fid.set("per_class", per);
        num(o, "trigger_score", triggerScore == null ? Double.NaN : triggerScore);
        num(o, "trigger_backdoor_rate", backdoorRate == null ? Double.NaN : backdoorRate);
        num(o, "backdoor_rate", backdoor == null ? Double.NaN : backdoor.rate());
        if (backdoor == null) {
            o.putNull("backdoor");
        } else {
            ObjectNode b = o.putObject("backdoor");
            num(b, "rate", backdoor.rate());
            num(b, "classifier_accuracy", backdoor.accuracy());
            b.put("held_out", backdoor.heldOut());
            ObjectNode pc = b.putObject("per_class");
            backdoor.perClass().forEach((k, v) -> num(pc, k, v));
        }
        if (utility == null) {
            o.putNull("utility");
        } else {
            ObjectNode u = o.putObject("utility");
            u.put("m", utility.m());
            ArrayNode seeds = u.putArray("seeds");
            utility.seeds().forEach(seeds::add);
            ArrayNode cls = u.putArray("classes");
            utility.classes().forEach(cls::add);
            u.put("steps", utility.steps());
            ArrayNode rows = u.putArray("rows");
            for (UtilityStudy.Row r : utility.rows()) {
                ObjectNode row = rows.addObject();
                row.put("n", r.n());
                if (r.all()) {
                    row.put("n_label", "all");
                }
                row.put("synthetic", r.synthetic());
                if (r.rebalanced()) {
                    row.put("rebalanced", true);
                }
                num(row, "accuracy_mean", UtilityStudy.mean(r.accuracy()));
                num(row, "accuracy_sd", UtilityStudy.sd(r.accuracy()));
                num(row, "balanced_accuracy_mean", UtilityStudy.mean(r.balancedAccuracy()));
                num(row, "balanced_accuracy_sd", UtilityStudy.sd(r.balancedAccuracy()));
                num(row, "auc_mean", UtilityStudy.mean(r.auc()));
                num(row, "auc_sd", UtilityStudy.sd(r.auc()));
                row.put("real_images", r.realImages()).put("synthetic_images", r.syntheticImages());
                ObjectNode rec = row.putObject("recall_mean");
                double[] rm = r.recallMean();
                for (int c = 0; c < rm.length && c < utility.classes().size(); c++) {
                    num(rec, utility.classes().get(c), rm[c]);
                }
                ArrayNode a = row.putArray("accuracy");
                for (double v : r.accuracy()) {
                    a.add(v);
                }
            }
        }
        if (privacy == null) {
            o.putNull("privacy");
        } else {
            o.set("privacy", EvalPrivacy.toJson(privacy));
        }
        o.put("checkpoint_round", checkpointRound).put("finished", finished);
        o.put("data_fingerprint", dataFingerprint).put("data_rule", dataRule);
        ObjectNode t = o.putObject("timings_s");
        timings.forEach((k, v) -> t.put(k, Math.round(v * 100) / 100.0));
        o.put("elapsed_s", Math.round(elapsedS * 100) / 100.0);
        return o;
    }

    private static ObjectNode metrics(MetricSet m, DiversityScores d) {
        ObjectNode o = JSON.createObjectNode();
        num(o, "fd", m.fd());
        num(o, "kid", m.kidMean());
        num(o, "kid_sd", m.kidStd());
        num(o, "precision", m.precision());
        num(o, "recall", m.recall());
        num(o, "density", m.density());
        num(o, "coverage", m.coverage());
        num(o, "diversity_feature", d == null ? Double.NaN : d.feature());
        num(o, "diversity_pixel", d == null ? Double.NaN : d.pixel());
        o.put("n_real", m.nReal()).put("n_fake", m.nFake()).put("k", m.kDensityCoverage());
        o.put("kid_subsets", m.kidSubsets()).put("kid_subset_size", m.kidSubsetSize());
        return o;
    }

    /** Puts {@code v}, or JSON null when it is not finite (the eval.json convention). */
    static void num(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    /** Writes {@code eval.json} atomically into {@code runDir}; returns its path. */
    public Path write(Path runDir) throws IOException {
        Path file = runDir.resolve(FILE);
        AtomicFiles.writeString(file, JSON.writeValueAsString(toJson()) + "\n");
        return file;
    }
}
