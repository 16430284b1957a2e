package org.fedsynth.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Splits one dataset across federated clients. Each client gets an array of indices into the set
 * (sorted ascending); {@link #subsets} turns them into per-client {@link ImageSet}s. All schemes
 * are deterministic given the seed.
 *
 * <ul>
 *   <li>{@code iid}: a random permutation cut into equal parts (sizes differ by at most one).
 *   <li>{@code dirichlet}: label skew as in Hsu et al., "Measuring the Effects of Non-Identical
 *       Data Distribution for Federated Visual Classification" (2019): for each class, client
 *       proportions are drawn from Dir(alpha) and that class's (shuffled) images are cut
 *       accordingly. Small alpha (0.1) gives clients dominated by one class; large alpha (100)
 *       approaches iid. A client left empty is then given one image taken at random from the
 *       currently largest client, repeated until no client is empty (a deterministic fix-up rather
 *       than resampling, so it always terminates).
 *   <li>{@code shared}: every client gets the full set, as in the released code of the paper this
 *       project reproduces.
 *   <li>{@code folders}: one image folder per client, loaded by {@link #fromFolders}.
 * </ul>
 */
public final class Partitioner {

    /** Scheme names accepted by {@link #partition}. */
    public static final List<String> SCHEMES = List.of("iid", "dirichlet", "shared");

    private Partitioner() {
    }

    /**
     * Partitions by scheme name ({@code iid}, {@code dirichlet} or {@code shared}, any case);
     * {@code alpha} is used by {@code dirichlet} only.
     *
     * @throws IllegalArgumentException for an unknown scheme or invalid arguments (see each scheme)
     */
    public static List<int[]> partition(ImageSet set, String scheme, int clients, double alpha, long seed) {
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "iid" -> iid(set, clients, seed);
            case "dirichlet" -> dirichlet(set, clients, alpha, seed);
            case "shared" -> shared(set, clients);
            default -> throw new IllegalArgumentException("unknown partition scheme '" + scheme + "' (known: "
                    + String.join(", ", SCHEMES) + "; for one folder per client use Partitioner.fromFolders)");
        };
    }

    /**
     * Equal random split: every index exactly once, client sizes differ by at most one.
     *
     * @throws IllegalArgumentException if clients &lt; 1 or clients &gt; set.size()
     */
    public static List<int[]> iid(ImageSet set, int clients, long seed) {
        checkClients(set, clients);
        int[] perm = permutation(set.size(), new SplittableRandom(seed));
        List<int[]> out = new ArrayList<>(clients);
        int n = set.size();
        for (int k = 0; k < clients; k++) {
            int from = (int) ((long) n * k / clients);
            int to = (int) ((long) n * (k + 1) / clients);
            int[] part = Arrays.copyOfRange(perm, from, to);
            Arrays.sort(part);
            out.add(part);
        }
        return List.copyOf(out);
    }

    /**
     * Dirichlet label-skew split (see the class comment): every index exactly once, every client
     * at least one image.
     *
     * @throws IllegalArgumentException if clients &lt; 1, clients &gt; set.size(), or alpha is
     *     not a positive finite number
     */
    public static List<int[]> dirichlet(ImageSet set, int clients, double alpha, long seed) {
        checkClients(set, clients);
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("dirichlet alpha must be a positive number, found " + alpha
                    + " (small, e.g. 0.1, = strong label skew; large, e.g. 100, = nearly iid)");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<List<Integer>> parts = new ArrayList<>(clients);
        for (int k = 0; k < clients; k++) {
            parts.add(new ArrayList<>());
        }
        int[] labels = set.labels();
        for (int c = 0; c < set.numClasses(); c++) {
            final int cls = c;
            int[] members = java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] == cls).toArray();
            shuffle(members, rng);
            double[] p = dirichletSample(clients, alpha, rng);
            double cum = 0;
            int from = 0;
            for (int k = 0; k < clients; k++) {
                cum += p[k];
                int to = k == clients - 1 ? members.length : (int) Math.min(members.length, Math.round(cum * members.length));
                for (int i = from; i < to; i++) {
                    parts.get(k).add(members[i]);
                }
                from = Math.max(from, to);
            }
        }
        fillEmptyClients(parts, rng);
        List<int[]> out = new ArrayList<>(clients);
        for (List<Integer> part : parts) {
            out.add(part.stream().mapToInt(Integer::intValue).sorted().toArray());
        }
        return List.copyOf(out);
    }

    /**
     * Every client gets every index.
     *
     * @throws IllegalArgumentException if clients &lt; 1
     */
    public static List<int[]> shared(ImageSet set, int clients) {
        if (clients < 1) {
            throw new IllegalArgumentException("number of clients must be >= 1, found " + clients);
        }
        int[] all = java.util.stream.IntStream.range(0, set.size()).toArray();
        List<int[]> out = new ArrayList<>(clients);
        for (int k = 0; k < clients; k++) {
            out.add(all.clone());
        }
        return List.copyOf(out);
    }

    /** The per-client image sets for a partition, with sources like {@code "<source> [client 2/5]"}. */
    public static List<ImageSet> subsets(ImageSet set, List<int[]> parts) {
        List<ImageSet> out = new ArrayList<>(parts.size());
        for (int k = 0; k < parts.size(); k++) {
            out.add(set.subset(parts.get(k), set.source() + " [client " + (k + 1) + "/" + parts.size() + "]"));
        }
        return List.copyOf(out);
    }

    /**
     * The {@code folders} scheme: loads one {@link ImageFolderLoader image folder} per client and
     * gives all clients the same class list, the union of their class folder names in the
     * loader's order, so label {@code i} means the same class on every client even when a client
     * lacks some classes. Image sizes and channels may differ between clients; bring them to a
     * common resolution with {@link Preprocess#toResolution}.
     *
     * @throws DatasetException as {@link ImageFolderLoader#load}
     * @throws IllegalArgumentException if the list is empty
     */
    public static List<ImageSet> fromFolders(List<Path> clientRoots) {
        if (clientRoots.isEmpty()) {
            throw new IllegalArgumentException("fromFolders needs at least one client folder");
        }
        List<ImageSet> loaded = clientRoots.stream().map(ImageFolderLoader::load).toList();
        LinkedHashSet<String> all = new LinkedHashSet<>();
        loaded.forEach(s -> all.addAll(s.classNames()));
        List<String> union = ClassOrder.sortedDistinct(all);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < union.size(); i++) {
            index.put(union.get(i), i);
        }
        List<ImageSet> out = new ArrayList<>(loaded.size());
        for (ImageSet s : loaded) {
            int[] labels = s.labels();
            for (int i = 0; i < labels.length; i++) {
                labels[i] = index.get(s.classNames().get(labels[i]));
            }
            out.add(new ImageSet(union, s.channels(), s.height(), s.width(), s.images(), labels, s.source(), s.patients()));
        }
        return List.copyOf(out);
    }

    // ---------------------------------------------------------------- sampling

    /** One draw from the symmetric Dirichlet(alpha) over {@code k} categories, via normalised Gamma draws. */
    static double[] dirichletSample(int k, double alpha, SplittableRandom rng) {
        double[] g = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            g[i] = gamma(alpha, rng);
            sum += g[i];
        }
        if (!(sum > 0)) { // every draw underflowed (tiny alpha): all mass on one random category
            Arrays.fill(g, 0);
            g[rng.nextInt(k)] = 1;
            return g;
        }
        for (int i = 0; i < k; i++) {
            g[i] /= sum;
        }
        return g;
    }

    /**
     * A Gamma(shape, 1) draw by Marsaglia and Tsang, "A Simple Method for Generating Gamma
     * Variables" (ACM TOMS 2000); for shape &lt; 1 it uses Gamma(shape + 1) * U^(1/shape).
     */
    static double gamma(double shape, SplittableRandom rng) {
        if (shape < 1) {
            double u = rng.nextDouble();
            return gamma(shape + 1, rng) * Math.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = rng.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = rng.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    private static void fillEmptyClients(List<List<Integer>> parts, SplittableRandom rng) {
        for (List<Integer> empty : parts) {
            if (!empty.isEmpty()) {
                continue;
            }
            List<Integer> largest = parts.get(0);
            for (List<Integer> p : parts) {
                if (p.size() > largest.size()) {
                    largest = p;
                }
            }
            empty.add(largest.remove(rng.nextInt(largest.size())));
        }
    }

    private static void checkClients(ImageSet set, int clients) {
        if (clients < 1) {
            throw new IllegalArgumentException("number of clients must be >= 1, found " + clients);
        }
        if (clients > set.size()) {
            throw new IllegalArgumentException("cannot give each of " + clients + " clients an image: "
                    + set.source() + " has only " + set.size() + " (use fewer clients or the 'shared' scheme)");
        }
    }

    private static int[] permutation(int n, SplittableRandom rng) {
        int[] p = java.util.stream.IntStream.range(0, n).toArray();
        shuffle(p, rng);
        return p;
    }

    private static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
