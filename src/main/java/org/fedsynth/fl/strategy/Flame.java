package org.fedsynth.fl.strategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.fedsynth.fl.AggregationResult;
import org.fedsynth.fl.AggregationStrategy;
import org.fedsynth.fl.ClientDecision;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.RoundContext;
import org.fedsynth.fl.detect.MedianNormClip;

/**
 * FLAME (Nguyen et al., USENIX Security 2022, "FLAME: Taming backdoors in federated learning"):
 * cluster, clip, add noise.
 *
 * <ol>
 *   <li><b>Cluster.</b> HDBSCAN over the clients' pairwise cosine distances ({@code 1 - cos} of the
 *   flattened local generators, as in the paper, or of their updates), with the paper's
 *   {@code min_cluster_size = n/2 + 1}, {@code min_samples = 1} and a single cluster allowed. With
 *   a minimum cluster size above half the clients no split can leave two clusters, so HDBSCAN's
 *   condensed tree has the root as its only cluster and its answer is: follow the single-linkage
 *   dendrogram down from the root, always into the part with at least {@code n/2 + 1} clients (the
 *   others fall out as noise), until the cluster splits into two smaller parts; the clients still in
 *   it then are the cluster (the points whose lambda reaches the largest lambda of the root's
 *   children, as the {@code hdbscan} library labels a single cluster). Written out here, see
 *   {@link #admitted}, rather than through a general HDBSCAN: that is all FLAME asks of it.</li>
 *   <li><b>Clip.</b> Every admitted update is scaled down to at most the median of all clients'
 *   update norms {@code S}.</li>
 *   <li><b>Noise.</b> Gaussian noise of standard deviation {@code lambda * S} is added to every
 *   trained coordinate of the aggregate (BatchNorm running statistics are left alone), drawn from
 *   the round's seed ({@link NormClipping#addNoise}). The paper's {@code lambda} for image
 *   classification is 0.001.</li>
 * </ol>
 * The admitted clients are averaged with their base weights renormalised (the paper averages
 * uniformly: set {@code federation.weighting: uniform} for that); the others get weight 0 and are
 * flagged. The discriminator, when present, is averaged over the admitted clients, unclipped.
 */
public final class Flame implements AggregationStrategy {

    private static final long NOISE_SALT = 0x464C414D45L;

    private final FlameSettings settings;

    public Flame(FlameSettings settings) {
        this.settings = settings;
    }

    @Override
    public String refuseAttackers(int attackers, int n) {
        return AggregationStrategy.honestMajority("strategy flame: FLAME (its majority cluster)", attackers, n);
    }

    @Override
    public String name() {
        return "flame";
    }

    /**
     * FLAME's HDBSCAN answer on a distance matrix: which clients are in the single cluster of at
     * least {@code minCluster} (see the class comment). Single linkage by Kruskal on all pairs.
     */
    static boolean[] admitted(double[][] dist, int minCluster) {
        int n = dist.length;
        boolean[] in = new boolean[n];
        if (n <= 1) {
            Arrays.fill(in, true);
            return in;
        }
        // Kruskal: merges in ascending distance build the dendrogram; node ids n.. are merges
        List<int[]> edges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                edges.add(new int[] {i, j});
            }
        }
        edges.sort((a, b) -> {
            int c = Double.compare(dist[a[0]][a[1]], dist[b[0]][b[1]]);
            return c != 0 ? c : Integer.compare(a[0] * n + a[1], b[0] * n + b[1]);
        });
        int[] parent = new int[2 * n - 1];
        int[] top = new int[n]; // union-find over points; top[root point] = its dendrogram node
        for (int i = 0; i < n; i++) {
            top[i] = i;
        }
        int[] uf = new int[n];
        for (int i = 0; i < n; i++) {
            uf[i] = i;
        }
        int[] left = new int[2 * n - 1];
        int[] right = new int[2 * n - 1];
        int[] size = new int[2 * n - 1];
        Arrays.fill(size, 0, n, 1);
        Arrays.fill(parent, -1);
        int next = n;
        for (int[] e : edges) {
            int a = find(uf, e[0]);
            int b = find(uf, e[1]);
            if (a == b) {
                continue;
            }
            left[next] = top[a];
            right[next] = top[b];
            size[next] = size[top[a]] + size[top[b]];
            uf[b] = a;
            top[a] = next;
            next++;
        }
        int node = next - 1; // the root: all points
        while (node >= n) {
            if (size[left[node]] >= minCluster) {
                node = left[node];
            } else if (size[right[node]] >= minCluster) {
                node = right[node];
            } else {
                break; // the cluster dies here: everything still in it is the cluster
            }
        }
        markLeaves(node, n, left, right, in);
        return in;
    }

    private static int find(int[] uf, int x) {
        while (uf[x] != x) {
            uf[x] = uf[uf[x]];
            x = uf[x];
        }
        return x;
    }

    private static void markLeaves(int node, int n, int[] left, int[] right, boolean[] in) {
        if (node < n) {
            in[node] = true;
            return;
        }
        markLeaves(left[node], n, left, right, in);
        markLeaves(right[node], n, left, right, in);
    }

    @Override
    public AggregationResult aggregate(RoundContext context, List<ClientUpdate> updates, double[] baseWeights) {
        List<ModelWeights> gs = Aggregate.generators(updates);
        Aggregate.requireSameLayout(gs, "flame");
        List<ModelWeights> ds = Aggregate.discriminators(updates);
        int n = updates.size();
        ModelWeights global = context.globalGenerator();
        float[] flatGlobal = global.flatten();
        float[][] vectors = new float[n][];
        for (int i = 0; i < n; i++) {
            vectors[i] = gs.get(i).flatten();
            if (settings.space().equals("updates")) {
                for (int k = 0; k < vectors[i].length; k++) {
                    vectors[i][k] -= flatGlobal[k];
                }
            }
        }
        int minCluster = n / 2 + 1;
        boolean[] in = admitted(Norms.cosineDistances(vectors), minCluster);
        // every update clipped to the median norm (the excluded get weight 0 below and are not read)
        MedianNormClip.Clipped clipped = MedianNormClip.apply(global, gs);
        double[] norms = clipped.norms();
        double[] clip = clipped.factors();
        double median = clipped.median();
        double[] w = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (in[i]) {
                w[i] = baseWeights[i];
                sum += w[i];
            }
        }
        if (sum <= 0) { // admitted clients all have base weight 0: uniform over them
            for (int i = 0; i < n; i++) {
                w[i] = in[i] ? 1 : 0;
            }
        }
        w = Aggregate.normalize(w);
        double sigma = settings.lambda() * median;
        ModelWeights g = Aggregate.weightedMean(clipped.generators(), w);
        if (sigma > 0) {
            g = NormClipping.addNoise(g, sigma, new SplittableRandom(context.seed() ^ NOISE_SALT));
        }
        ModelWeights dAgg = ds == null ? null : Aggregate.weightedMean(ds, w);
        int admittedCount = 0;
        for (boolean b : in) {
            admittedCount += b ? 1 : 0;
        }
        List<ClientDecision> decisions = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String reason = in[i]
                    ? String.format(Locale.ROOT, "flame: in the cluster (%d of %d, min %d); update norm %.4g, clipped x%.3f to the"
                            + " median %.4g; noise sd %.3g", admittedCount, n, minCluster, norms[i], clip[i], median, sigma)
                    : String.format(Locale.ROOT, "flame: outside the cluster of %d (min %d): excluded", admittedCount, minCluster);
            decisions.add(new ClientDecision(updates.get(i).clientId(), baseWeights[i], w[i], Map.of(), norms[i],
                    !in[i], !in[i], 0, reason));
        }
        return new AggregationResult(g, dAgg, decisions, context.strategyState());
    }
}
