package org.fedsynth.fl.detect;

import java.util.TreeMap;
import org.fedsynth.fl.strategy.Aggregate;

/**
 * FedDetect's fourth stage: whether this round's flags are applied, and each client's weight from
 * its track record (Jin and Li, Medical Image Analysis 2023).
 *
 * <ul>
 *   <li><b>Warm-up</b>: in rounds {@code round <= warmup} (1-based) flags are reported, not applied.
 *   <li><b>Majority guard</b>: if at least half the clients are flagged ({@code 2 * flagged >= n}),
 *       no flag is applied this round.
 *   <li><b>Track record</b>: each applied flag adds 1 to the client's count {@code c_i} (clients
 *       absent this round keep theirs); every round each weight is {@code base_i * decay^(c_i)}, 0
 *       once {@code c_i >= block_after}, renormalized to sum 1; all 0: the base weights are used.
 *   <li><b>Exclusion</b> ({@code exclude_flagged}): a client whose flag is applied this round gets weight 0
 *       in this round as well. The track record decays a flagged client's weight only geometrically, so
 *       without it an attacker keeps most of its weight for the first rounds it is caught in.
 * </ul>
 */
public final class TrackRecord {

    /**
     * The weights of one round.
     *
     * @param weights per client, summing to 1
     * @param counts per client, its count after this round
     * @param blocked per client, whether its count reached {@code block_after}
     * @param excluded per client, whether it got weight 0 this round for its applied flag ({@code exclude_flagged})
     * @param warm whether the round is in the warm-up
     * @param guard whether the majority guard held the flags back
     * @param fallback whether every weight would have been 0 (base weights used)
     * @param record every client's count after this round (for the state)
     */
    public record Weights(double[] weights, int[] counts, boolean[] blocked, boolean[] excluded, boolean warm, boolean guard, boolean fallback,
            TreeMap<Integer, Integer> record) {

        /** Whether this round's flags are applied (neither warm-up nor guard). */
        public boolean applied() {
            return !warm && !guard;
        }
    }

    private TrackRecord() {}

    /**
     * @param ids the clients' ids, in update order
     * @param baseWeights their base weights (sum 1)
     * @param flagged the flags after the vetoes
     * @param nFlagged how many are flagged
     * @param round the 1-based round
     * @param warmup the warm-up length
     * @param decay the weight factor per applied flag
     * @param blockAfter the count giving weight 0, or {@code null} for never
     * @param before the counts before this round, by client id (not modified)
     * @param excludeFlagged whether a client whose flag is applied gets weight 0 this round
     */
    public static Weights apply(int[] ids, double[] baseWeights, boolean[] flagged, int nFlagged, int round, int warmup,
            double decay, Integer blockAfter, TreeMap<Integer, Integer> before, boolean excludeFlagged) {
        int n = ids.length;
        boolean warm = round <= warmup;
        boolean guard = nFlagged > 0 && 2 * nFlagged >= n;
        boolean apply = !warm && !guard;
        TreeMap<Integer, Integer> record = new TreeMap<>(before);
        int[] counts = new int[n];
        double[] w = new double[n];
        boolean[] blocked = new boolean[n];
        boolean[] excluded = new boolean[n];
        for (int i = 0; i < n; i++) {
            int c = record.getOrDefault(ids[i], 0);
            if (apply && flagged[i]) {
                c++;
                record.put(ids[i], c);
            }
            counts[i] = c;
            blocked[i] = blockAfter != null && c >= blockAfter;
            excluded[i] = excludeFlagged && apply && flagged[i];
            w[i] = blocked[i] || excluded[i] ? 0.0 : baseWeights[i] * Math.pow(decay, c);
        }
        double sum = 0;
        for (double v : w) {
            sum += v;
        }
        boolean fallback = !(sum > 0);
        w = fallback ? baseWeights.clone() : Aggregate.normalize(w);
        return new Weights(w, counts, blocked, excluded, warm, guard, fallback, record);
    }
}
