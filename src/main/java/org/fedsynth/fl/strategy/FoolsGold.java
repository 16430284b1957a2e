package org.fedsynth.fl.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * FoolsGold (Fung, Yoon and Beschastnikh 2020, "The limitations of federated learning in sybil
 * settings"): clients whose update histories point the same way (sybils, colluders pushing one
 * backdoor) lose weight, since honest clients with their own data differ.
 *
 * <p>Each client's history is the sum of its generator updates ({@code client - global}) over the
 * rounds it took part in. With {@code cs[i][j]} the cosine similarity of two histories and
 * {@code v[i] = max_j cs[i][j]}: pardoning scales {@code cs[i][j]} by {@code v[i] / v[j]} where
 * {@code v[j] > v[i]}; {@code a[i] = 1 - max_j cs[i][j]} clipped to [0, 1], divided by its maximum,
 * and mapped through the logit {@code kappa (ln(a / (1 - a)) + 0.5)} clipped to [0, 1] (0.99 stands
 * in for 1, as in the authors' code). The aggregate is the weighted mean with {@code a[i]} times the
 * base weights, normalised (the authors scale the summed update instead; here the weights sum to 1
 * as every strategy's do). A client whose weight becomes 0 is reported as flagged.
 *
 * <p>The histories live in the strategy state, so they survive checkpoints and resumes. To keep
 * that state small, a history is a count sketch of the update ({@code sketch_dim} buckets, each
 * coordinate added with a fixed pseudo-random sign to a fixed pseudo-random bucket), which keeps
 * inner products, hence cosines, in expectation (error about {@code 1 / sqrt(sketch_dim)} of the
 * norms' product). This differs from the paper, which keeps the full vectors.
 */
public final class FoolsGold implements AggregationStrategy {

    private final FoolsGoldSettings settings;

    public FoolsGold(FoolsGoldSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "foolsgold";
    }

    /** FoolsGold's weights in [0, 1] from the clients' history vectors (rows), confidence {@code kappa}. */
    static double[] weights(double[][] h, double kappa) {
        int n = h.length;
        double[] norm = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (double v : h[i]) {
                s += v * v;
            }
            norm[i] = Math.sqrt(s);
        }
        double[][] cs = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double dot = 0;
                for (int k = 0; k < h[i].length; k++) {
                    dot += h[i][k] * h[j][k];
                }
                double c = norm[i] == 0 || norm[j] == 0 ? 0 : dot / (norm[i] * norm[j]);
                cs[i][j] = c;
                cs[j][i] = c;
            }
        }
        double[] maxCs = new double[n];
        for (int i = 0; i < n; i++) {
            maxCs[i] = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    maxCs[i] = Math.max(maxCs[i], cs[i][j]);
                }
            }
            if (n == 1) {
                maxCs[i] = 0;
            }
        }
        // pardoning: an honest client that merely resembles a sybil keeps more of its weight
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (j != i && maxCs[i] < maxCs[j] && maxCs[j] > 0) {
                    cs[i][j] *= maxCs[i] / maxCs[j];
                }
            }
        }
        double[] a = new double[n];
        double top = 0;
        for (int i = 0; i < n; i++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    m = Math.max(m, cs[i][j]);
                }
            }
            a[i] = Math.min(1, Math.max(0, 1 - (n == 1 ? 0 : m)));
            top = Math.max(top, a[i]);
        }
        for (int i = 0; i < n; i++) {
            double v = top > 0 ? a[i] / top : 0;
            if (v >= 1) {
                v = 0.99;
            }
            double logit = v <= 0 ? Double.NEGATIVE_INFINITY : kappa * (Math.log(v / (1 - v)) + 0.5);
            a[i] = Double.isNaN(logit) ? 0 : Math.min(1, Math.max(0, logit));
        }
        return a;
    }

    @Override
    public AggregationResult aggregate(RoundContext context, List<ClientUpdate> updates, double[] baseWeights) {
        List<ModelWeights> gs = Aggregate.generators(updates);
        Aggregate.requireSameLayout(gs, "foolsgold");
        List<ModelWeights> ds = Aggregate.discriminators(updates);
        int n = updates.size();
        int dim = settings.sketchDim();
        JsonNode old = context.strategyState().path("history");
        if (context.strategyState().has("sketch_dim") && context.strategyState().path("sketch_dim").asInt() != dim) {
            throw new IllegalStateException("foolsgold: the checkpoint's histories have sketch_dim "
                    + context.strategyState().path("sketch_dim").asInt() + " but the config says " + dim
                    + "; resume with the sketch_dim the run started with");
        }
        float[] global = context.globalGenerator().flatten();
        double[][] h = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] sketch = new double[dim];
            JsonNode prev = old.path(String.valueOf(updates.get(i).clientId()));
            if (prev.isArray()) {
                for (int k = 0; k < dim && k < prev.size(); k++) {
                    sketch[k] = prev.get(k).asDouble();
                }
            }
            Norms.countSketchAdd(gs.get(i).flatten(), global, sketch);
            h[i] = sketch;
        }
        double[] alpha = weights(h, settings.kappa());
        double[] w = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            w[i] = alpha[i] * baseWeights[i];
            sum += w[i];
        }
        boolean fallback = sum <= 0;
        w = fallback ? Aggregate.normalize(baseWeights.clone()) : Aggregate.normalize(w);
        ModelWeights g = Aggregate.weightedMean(gs, w);
        ModelWeights d = ds == null ? null : Aggregate.weightedMean(ds, w);
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        state.put("sketch_dim", dim);
        ObjectNode hist = state.putObject("history");
        old.fields().forEachRemaining(e -> hist.set(e.getKey(), e.getValue()));
        for (int i = 0; i < n; i++) {
            ArrayNode arr = hist.putArray(String.valueOf(updates.get(i).clientId()));
            for (double v : h[i]) {
                arr.add((float) v);
            }
        }
        List<ClientDecision> decisions = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            boolean zero = alpha[i] == 0 && !fallback;
            String reason = String.format(Locale.ROOT, "foolsgold: history similarity weight %.3f%s", alpha[i],
                    fallback ? " (every weight 0: base weights used this round)" : zero ? ", excluded" : "");
            decisions.add(new ClientDecision(updates.get(i).clientId(), baseWeights[i], w[i], Map.of(), 1 - alpha[i],
                    zero, zero, 0, reason));
        }
        return new AggregationResult(g, d, decisions, state);
    }
}
