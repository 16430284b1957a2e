package org.fedsynth.fl.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fedsynth.fl.AggregationResult;
import org.fedsynth.fl.AggregationStrategy;
import org.fedsynth.fl.ClientDecision;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.RoundContext;

/**
 * Bulyan (El Mhamdi et al. 2018, "The hidden vulnerability of distributed learning in Byzantium"),
 * a robust baseline: Krum picks {@code theta = n - 2f} generators one at a time (each time the one
 * with the lowest Krum score among those left, its {@code max(1, left - f - 2)} nearest neighbours
 * counted), then every coordinate is the mean of the {@code beta = theta - 2f} selected values
 * closest to their median. Needs {@code n >= 4f + 3}. Unweighted, as in the paper: a selected
 * client's reported weight is {@code 1 / theta}, the others get 0 and are flagged. The
 * discriminator, when present, goes through the same rule on the same selection.
 */
public final class Bulyan implements AggregationStrategy {

    private final int f;

    /** @param f the assumed number of Byzantine clients, {@code >= 0} */
    public Bulyan(int f) {
        this.f = new BulyanSettings(f).f();
    }

    @Override
    public String refuseAttackers(int attackers, int n) {
        return AggregationStrategy.honestMajority("strategy bulyan: Bulyan", attackers, n);
    }

    @Override
    public String name() {
        return "bulyan";
    }

    /** Refuses too few clients for {@code f}, saying how many are needed. */
    static void require(int n, int f) {
        if (n < 4 * f + 3) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "bulyan needs n >= 4f + 3 clients in a round: f = %d needs %d, this round has %d;"
                            + " lower strategy.f or train more clients per round", f, 4 * f + 3, n));
        }
    }

    /** The indices Krum selects one after another, {@code theta} of them, from the squared distances. */
    static int[] select(double[][] sq, int f, int theta) {
        int n = sq.length;
        boolean[] taken = new boolean[n];
        int[] out = new int[theta];
        for (int s = 0; s < theta; s++) {
            int left = n - s;
            int k = Math.max(1, left - f - 2);
            int best = -1;
            double bestScore = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (taken[i]) {
                    continue;
                }
                double[] d = new double[left - 1];
                int m = 0;
                for (int j = 0; j < n; j++) {
                    if (j != i && !taken[j]) {
                        d[m++] = sq[i][j];
                    }
                }
                java.util.Arrays.sort(d, 0, m);
                double score = 0;
                for (int t = 0; t < Math.min(k, m); t++) {
                    score += d[t];
                }
                if (score < bestScore) {
                    bestScore = score;
                    best = i;
                }
            }
            taken[best] = true;
            out[s] = best;
        }
        return out;
    }

    @Override
    public AggregationResult aggregate(RoundContext context, List<ClientUpdate> updates, double[] baseWeights) {
        int n = updates.size();
        require(n, f);
        List<ModelWeights> gs = Aggregate.generators(updates);
        List<ModelWeights> ds = Aggregate.discriminators(updates);
        int theta = n - 2 * f;
        int beta = theta - 2 * f;
        int[] chosen = select(KrumScores.pairwiseSquaredDistances(gs), f, theta);
        boolean[] selected = new boolean[n];
        List<ModelWeights> gSel = new ArrayList<>(theta);
        List<ModelWeights> dSel = ds == null ? null : new ArrayList<>(theta);
        int[] rank = new int[n];
        for (int s = 0; s < theta; s++) {
            selected[chosen[s]] = true;
            rank[chosen[s]] = s + 1;
            gSel.add(gs.get(chosen[s]));
            if (dSel != null) {
                dSel.add(ds.get(chosen[s]));
            }
        }
        ModelWeights g = Aggregate.closestToMedianMean(gSel, beta);
        ModelWeights d = dSel == null ? null : Aggregate.closestToMedianMean(dSel, beta);
        List<ClientDecision> decisions = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String reason = selected[i]
                    ? String.format(Locale.ROOT, "bulyan: selected %d of %d by Krum; per coordinate the %d values closest to the median",
                            rank[i], theta, beta)
                    : String.format(Locale.ROOT, "bulyan: not among the %d that Krum selected (f = %d)", theta, f);
            decisions.add(new ClientDecision(updates.get(i).clientId(), baseWeights[i], selected[i] ? 1.0 / theta : 0.0,
                    Map.of(), selected[i] ? rank[i] : Double.NaN, !selected[i], !selected[i], 0, reason));
        }
        return new AggregationResult(g, d, decisions, context.strategyState());
    }
}
