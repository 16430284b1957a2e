package org.fedsynth.fl.strategy;

import java.util.Locale;
import org.fedsynth.fl.detect.ForestRule;
import org.fedsynth.fl.detect.TrackRecord;
import org.fedsynth.fl.detect.Vetoes;

/** The reason text of each FedDetect decision, built from the pipeline's stage results. */
final class FedDetectReasons {

    private FedDetectReasons() {}

    /** The reason for client {@code i} of a round of {@code n}. */
    static String of(FedDetectSettings config, int round, int i, int n, ForestRule.Scores forest, Vetoes.Flags flags,
            TrackRecord.Weights weights) {
        double score = forest.scores()[i];
        double threshold = forest.threshold();
        boolean outlier = forest.outlier()[i];
        double separation = flags.separation()[i];
        double ratio = flags.ratio()[i];
        StringBuilder sb = new StringBuilder();
        if (flags.flagged()[i]) {
            sb.append(fmt("flagged: score %.4f > %.4f", score, threshold));
            if (config.minRatio() != null) {
                sb.append(fmt(" (ratio %.3g >= %.3g)", ratio, config.minRatio()));
            }
            if (config.minSeparation() != null) {
                sb.append(fmt(" (separation %.3g >= %.3g)", separation, config.minSeparation()));
            }
            if (weights.warm()) {
                sb.append(fmt("; not applied: warm-up (round %d <= %d)", round, config.warmup()));
            } else if (weights.guard()) {
                sb.append(fmt("; not applied: majority guard (%d of %d flagged)", flags.count(), n));
            } else {
                sb.append("; applied");
            }
        } else if (outlier && config.minSeparation() != null && separation < config.minSeparation()) {
            sb.append(fmt("kept: score %.4f > %.4f but separation %.3g < min_separation %.3g", score, threshold,
                    separation, config.minSeparation()));
        } else if (outlier && !flags.aboveMedian()[i]) {
            sb.append(fmt("kept: score %.4f > %.4f but not above the median on any feature (tail: upper)", score,
                    threshold));
        } else if (outlier) {
            sb.append(fmt("kept: score %.4f > %.4f but ratio to the others' median %.3g < min_ratio %.3g", score,
                    threshold, ratio, config.minRatio()));
        } else {
            sb.append(fmt("kept: score %.4f <= %.4f", score, threshold));
        }
        int count = weights.counts()[i];
        sb.append(fmt("; track record %d", count));
        if (weights.blocked()[i]) {
            sb.append(fmt(": blocked (>= block_after %d), weight 0", config.blockAfter()));
        } else if (weights.excluded()[i]) {
            sb.append(fmt(": weight 0 this round (exclude_flagged), base * %s^%d after", config.decay(), count));
        } else if (count > 0) {
            sb.append(fmt(": weight = base * %s^%d", config.decay(), count));
        }
        if (weights.fallback()) {
            sb.append("; all weights would be 0: fell back to base weights");
        }
        return sb.toString();
    }

    private static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }
}
