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
 * Robust federated aggregation, RFA (Pillutla, Kakade and Harchaoui 2022, "Robust aggregation for
 * federated learning"): the weighted geometric median of the clients' generators, the point
 * {@code v} that minimises {@code sum_i a_i ||v - x_i||} with {@code a_i} the base weights, by the
 * smoothed Weiszfeld iteration {@code v <- sum_i b_i x_i / sum_i b_i},
 * {@code b_i = a_i / max(nu, ||v - x_i||)}, from the weighted mean, until the objective improves by
 * less than {@code ftol} of itself or {@code max_iterations} pass. The aggregate is the weighted mean
 * with the last {@code b} (normalised), which are the decisions' weights, so a far-away client's
 * weight shrinks with its distance; no client is flagged. The discriminator, when present, is
 * averaged with the same weights.
 */
public final class GeometricMedian implements AggregationStrategy {

    private final GeometricMedianSettings settings;

    public GeometricMedian(GeometricMedianSettings settings) {
        this.settings = settings;
    }

    @Override
    public String refuseAttackers(int attackers, int n) {
        return AggregationStrategy.honestMajority("strategy geometric_median: the geometric median (RFA)", attackers, n);
    }

    @Override
    public String name() {
        return "geometric_median";
    }

    /** The result of the iteration: the normalised weights, the iterations run, the objective at the end. */
    record Solution(double[] weights, int iterations, double objective) {}

    /**
     * Smoothed Weiszfeld on flat points with weights {@code a} (summing to 1).
     */
    static Solution weiszfeld(float[][] x, double[] a, int maxIterations, double nu, double ftol) {
        int n = x.length;
        int d = x[0].length;
        double[] v = new double[d];
        mean(x, a, v);
        double[] dist = distances(x, v);
        double objective = objective(a, dist);
        double[] b = a.clone();
        int it = 0;
        while (it < maxIterations) {
            double[] nb = new double[n];
            double sum = 0;
            for (int i = 0; i < n; i++) {
                nb[i] = a[i] / Math.max(nu, dist[i]);
                sum += nb[i];
            }
            for (int i = 0; i < n; i++) {
                nb[i] /= sum;
            }
            mean(x, nb, v);
            it++;
            b = nb;
            dist = distances(x, v);
            double next = objective(a, dist);
            boolean done = Math.abs(objective - next) <= ftol * next;
            objective = next;
            if (done) {
                break;
            }
        }
        return new Solution(b, it, objective);
    }

    private static void mean(float[][] x, double[] w, double[] out) {
        java.util.Arrays.fill(out, 0);
        for (int i = 0; i < x.length; i++) {
            if (w[i] == 0) {
                continue;
            }
            float[] xi = x[i];
            double wi = w[i];
            for (int j = 0; j < out.length; j++) {
                out[j] += wi * xi[j];
            }
        }
    }

    private static double[] distances(float[][] x, double[] v) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double s = 0;
            float[] xi = x[i];
            for (int j = 0; j < v.length; j++) {
                double t = xi[j] - v[j];
                s += t * t;
            }
            out[i] = Math.sqrt(s);
        }
        return out;
    }

    private static double objective(double[] a, double[] dist) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * dist[i];
        }
        return s;
    }

    @Override
    public AggregationResult aggregate(RoundContext context, List<ClientUpdate> updates, double[] baseWeights) {
        List<ModelWeights> gs = Aggregate.generators(updates);
        Aggregate.requireSameLayout(gs, "geometric_median");
        List<ModelWeights> ds = Aggregate.discriminators(updates);
        int n = updates.size();
        float[][] x = new float[n][];
        for (int i = 0; i < n; i++) {
            x[i] = gs.get(i).flatten();
        }
        double[] a = Aggregate.normalize(baseWeights.clone());
        Solution sol = weiszfeld(x, a, settings.maxIterations(), settings.nu(), settings.ftol());
        double[] w = sol.weights();
        ModelWeights g = Aggregate.weightedMean(gs, w);
        ModelWeights d = ds == null ? null : Aggregate.weightedMean(ds, w);
        List<ClientDecision> decisions = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String reason = String.format(Locale.ROOT,
                    "geometric_median: weight %.4f of base %.4f after %d smoothed Weiszfeld iterations", w[i], baseWeights[i],
                    sol.iterations());
            decisions.add(new ClientDecision(updates.get(i).clientId(), baseWeights[i], w[i], Map.of(), Double.NaN,
                    false, false, 0, reason));
        }
        return new AggregationResult(g, d, decisions, context.strategyState());
    }
}
