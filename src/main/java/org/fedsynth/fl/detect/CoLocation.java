package org.fedsynth.fl.detect;

/**
 * FedDetect's {@code pool_co_located} (not in the paper), a refinement of {@code scale_by_share}
 * ({@link ShareScaling}): clients whose images deviate from the others' at one place act on the average together,
 * so each is weighed by the summed share of its group, not by its own. A client is in a group when its
 * {@code output_deviation} is at least {@code min_ratio} times the other clients' median (before any weighting)
 * and its strongest window intersects the strongest window of another such client. Colluders who stamp one
 * trigger draw it at one place; small honest sites deviate where their own few images differ from the rest, which
 * is seldom the place where another small site deviates. The groups are connected components of that relation.
 */
public final class CoLocation {

    private CoLocation() {}

    /**
     * The groups of one round.
     *
     * @param pooled per client, the summed weight of its group (its own outside any group)
     * @param group per client, the smallest index of its group's members (its own index when alone)
     */
    public record Groups(double[] pooled, int[] group) {

        /** The indices of the clients in client {@code i}'s group other than {@code i}, in order. */
        public java.util.List<Integer> partners(int i) {
            java.util.List<Integer> out = new java.util.ArrayList<>();
            for (int j = 0; j < group.length; j++) {
                if (j != i && group[j] == group[i]) {
                    out.add(j);
                }
            }
            return out;
        }
    }

    /**
     * Groups the co-located deviating clients.
     *
     * @param weights per client, its base weight (any scale: the pooled weights are sums of them)
     * @param deviating per client, whether its window feature reaches the ratio
     * @param windows per client, the top-left pixel {@code y * res + x} of its strongest window (-1: none)
     * @param res image side
     * @param window window side
     */
    public static Groups group(double[] weights, boolean[] deviating, int[] windows, int res, int window) {
        int n = weights.length;
        if (deviating.length != n || windows.length != n) {
            throw new IllegalArgumentException("pool_co_located: " + n + " weights, " + deviating.length
                    + " deviation flags and " + windows.length + " windows");
        }
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (deviating[i] && deviating[j] && intersect(windows[i], windows[j], res, window)) {
                    int a = find(parent, i);
                    int b = find(parent, j);
                    parent[Math.max(a, b)] = Math.min(a, b); // the root is the smallest member
                }
            }
        }
        double[] groupWeight = new double[n];
        int[] group = new int[n];
        for (int i = 0; i < n; i++) {
            group[i] = find(parent, i);
            groupWeight[group[i]] += weights[i];
        }
        double[] pooled = new double[n];
        for (int i = 0; i < n; i++) {
            pooled[i] = groupWeight[group[i]];
        }
        return new Groups(pooled, group);
    }

    /** Whether two {@code window x window} squares at top-left pixels {@code a} and {@code b} overlap. */
    static boolean intersect(int a, int b, int res, int window) {
        if (a < 0 || b < 0) {
            return false;
        }
        return Math.abs(a / res - b / res) < window && Math.abs(a % res - b % res) < window;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
