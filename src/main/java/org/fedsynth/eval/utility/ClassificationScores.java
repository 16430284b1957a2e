package org.fedsynth.eval.utility;

import org.fedsynth.eval.features.CnnClassifier;

/**
 * Scores of a classifier's predicted class probabilities against true labels: accuracy, balanced
 * accuracy (mean per-class recall, over the classes present), and ROC AUC (two classes: the AUC of
 * the class-1 probability; more classes: the macro average of one-vs-rest AUCs over classes that
 * have both positives and negatives). AUC is the Mann-Whitney statistic with tied scores counted
 * half, like scikit-learn's {@code roc_auc_score}.
 *
 * @param accuracy         fraction of argmax predictions equal to the label
 * @param balancedAccuracy mean over present classes of the per-class recall
 * @param auc              ROC AUC as above, {@code NaN} when undefined
 * @param recall           per class, the fraction of its test images predicted as it ({@code NaN} for a class
 *                         with none)
 */
public record ClassificationScores(double accuracy, double balancedAccuracy, double auc, double[] recall) {

    /** Scores of {@code probabilities} (one row per sample, one column per class) against {@code labels}. */
    public static ClassificationScores of(double[][] probabilities, int[] labels) {
        int n = labels.length;
        if (probabilities.length != n || n == 0) {
            throw new IllegalArgumentException("need one probability row per label, found " + probabilities.length + " rows for "
                    + n + " labels");
        }
        int k = probabilities[0].length;
        int[] total = new int[k];
        int[] hit = new int[k];
        int correct = 0;
        for (int i = 0; i < n; i++) {
            int pred = CnnClassifier.argmax(probabilities[i]);
            total[labels[i]]++;
            if (pred == labels[i]) {
                hit[labels[i]]++;
                correct++;
            }
        }
        double bal = 0;
        int present = 0;
        double[] recall = new double[k];
        for (int c = 0; c < k; c++) {
            recall[c] = total[c] > 0 ? (double) hit[c] / total[c] : Double.NaN;
            if (total[c] > 0) {
                bal += recall[c];
                present++;
            }
        }
        double auc;
        if (k == 2) {
            auc = auc(column(probabilities, 1), labels, 1);
        } else {
            double s = 0;
            int m = 0;
            for (int c = 0; c < k; c++) {
                double a = auc(column(probabilities, c), labels, c);
                if (!Double.isNaN(a)) {
                    s += a;
                    m++;
                }
            }
            auc = m == 0 ? Double.NaN : s / m;
        }
        return new ClassificationScores((double) correct / n, bal / present, auc, recall);
    }

    /**
     * ROC AUC of {@code score} for "label == positive" against the rest: the probability that a random
     * positive scores above a random negative, ties counting half; {@code NaN} without both kinds.
     */
    public static double auc(double[] score, int[] labels, int positive) {
        int n = score.length;
        double[] rank = org.fedsynth.eval.Ranks.midranks(score);
        long pos = 0;
        double sumPos = 0;
        for (int i = 0; i < n; i++) {
            if (labels[i] == positive) {
                pos++;
                sumPos += rank[i];
            }
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (sumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    private static double[] column(double[][] p, int c) {
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = p[i][c];
        }
        return out;
    }

}
