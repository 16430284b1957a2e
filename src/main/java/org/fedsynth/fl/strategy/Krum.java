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
 * Krum and Multi-Krum (Blanchard et al. 2017, "Machine learning with adversaries: Byzantine tolerant
 * gradient descent"), robust baselines in Jin and Li (Medical Image Analysis 2023).
 *
 * <p>Each client's score is the sum of squared Euclidean distances from its flattened generator
 * (all tensors) to its {@code n - f - 2} nearest other generators. The {@code m} lowest-scoring
 * clients (ties by position) are averaged with their base weights renormalized to sum 1; the others
 * get weight 0 and are reported as flagged and applied. {@code m = 1} is Krum. The discriminator,
 * when present, is averaged with the same weights. Needs {@code n > 2f + 2} and
 * {@code 1 <= m <= n - f}.
 */
public final class Krum implements AggregationStrategy {

    private final int f;
    private final int m;

    /**
     * @param f the assumed number of Byzantine clients, {@code >= 0}
     * @param m how many lowest-score clients to average, {@code >= 1} (1 = Krum)
     */
    public Krum(int f, int m) {
        new KrumSettings(f, m); // validates
        this.f = f;
        this.m = m;
    }

    /** The assumed number of Byzantine clients. */
    public int f() {
        return f;
    }

    /** The number of clients averaged. */
    public int m() {
        return m;
    }

    @Override
    public String refuseAttackers(int attackers, int n) {
        return AggregationStrategy.honestMajority("strategy krum: Krum", attackers, n);
    }

    @Override
    public String name() {
        return m == 1 ? "krum" : "multikrum";
    }

    @Override
    public AggregationResult aggregate(RoundContext context, List<ClientUpdate> updates, double[] baseWeights) {
        List<ModelWeights> gs = Aggregate.generators(updates);
        int n = updates.size();
        KrumScores.requireKrum(n, f);
        List<ModelWeights> ds = Aggregate.discriminators(updates);
        double[] scores = KrumScores.krumScores(gs, f);
        int[] chosen = KrumScores.lowest(scores, f, m);
        boolean[] selected = new boolean[n];
        double[] w = new double[n];
        for (int i : chosen) {
            selected[i] = true;
            w[i] = baseWeights[i];
        }
        boolean fallback = false;
        double sum = 0;
        for (double v : w) {
            sum += v;
        }
        if (sum <= 0) {
            // all selected clients have base weight 0: average the selected ones uniformly
            fallback = true;
            for (int i : chosen) {
                w[i] = 1.0;
            }
        }
        w = Aggregate.normalize(w);
        ModelWeights g = Aggregate.weightedMean(gs, w);
        ModelWeights d = ds == null ? null : Aggregate.weightedMean(ds, w);
        List<ClientDecision> decisions = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String reason = selected[i]
                    ? String.format(Locale.ROOT, "%s: selected, score %.6g among %d lowest%s", name(), scores[i], m,
                            fallback ? " (selected base weights all 0: uniform over selected)" : "")
                    : String.format(Locale.ROOT, "%s: rejected, score %.6g not among %d lowest", name(), scores[i], m);
            decisions.add(new ClientDecision(updates.get(i).clientId(), baseWeights[i], w[i], Map.of(), scores[i],
                    !selected[i], !selected[i], 0, reason));
        }
        return new AggregationResult(g, d, decisions, context.strategyState());
    }
}
