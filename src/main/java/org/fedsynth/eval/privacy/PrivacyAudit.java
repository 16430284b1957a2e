package org.fedsynth.eval.privacy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The privacy audit of a generator from its samples alone: does it reproduce the images it was
 * trained on? Three sets, each in two representations (pixels in [0, 1] and the evaluator's
 * features): the members (the training images the clients held, each tagged with its client or
 * clients), a held-out real split (non-members from the same distribution), and the generated
 * images.
 *
 * <ul>
 *   <li><b>DCR</b>, distance to closest record: each generated image's Euclidean distance to its
 *       nearest member, against each held-out image's distance to its nearest member. A generator that
 *       samples the distribution (and not its training images) is as close to the members as fresh
 *       real images are: ratio ≈ 1. One that copies them is closer: ratio → 0, p5 → 0. The held-out
 *       distances are weighted to the generated images' class mix (the generated set is
 *       class-balanced; the real one need not be), so that a class imbalance is not read as privacy.</li>
 *   <li><b>NNDR</b>, nearest-neighbour distance ratio: d(nearest member) / d(second-nearest member),
 *       per image, generated against held-out (weighted the same way). Near 0: the image sits on one
 *       training record; near 1: between records. An image whose two nearest members are both at
 *       distance 0 (a copy of a duplicated record) has NNDR 0.</li>
 *   <li><b>Membership inference</b>, the full black-box attack of GAN-Leaks (Chen et al., CCS 2020):
 *       a real image's score is minus its distance to the nearest generated image; the AUC of members
 *       against held-out non-members, with DeLong's 95% interval ({@link MembershipAuc}). 0.5: the
 *       samples say nothing about membership; → 1: members are recognisable.</li>
 *   <li><b>Per client</b>, each figure again with one client's images as the members.</li>
 *   <li><b>Nearest copies</b>: the members nearest to any generated image (pixel space), each with
 *       its nearest generated images, for a person to judge.</li>
 *
 *   <li><b>Reference</b> (optional): the same figures with real images the federation never saw, from
 *       the members' own source, in the generated images' place. A held-out split from another source (as
 *       MedMNIST's {@code test}, the original test set) is not exchangeable with the members, and then even
 *       a generator that samples the training distribution perfectly scores AUC ≠ 0.5; the reference is
 *       that level, measured.</li>
 * </ul>
 *
 * <p>Findings: a DCR p5 ratio below {@link #COPY_RATIO} (in either space), or a membership AUC
 * {@link MembershipAuc#SIGNAL_Z} standard errors above the reference's AUC by DeLong's paired test
 * ({@link MembershipAuc#pairedZ}: both AUCs are on the same members and non-members), or above 0.5
 * without a reference; in either space, overall or for one client. Pure: no I/O, no randomness.
 */
public final class PrivacyAudit {

    /** A p5 DCR ratio below this is reported as copying. */
    public static final double COPY_RATIO = 0.5;

    private PrivacyAudit() {}

    /**
     * One representation of the three sets, rows = images.
     *
     * @param members   the training images
     * @param holdout   the held-out real images
     * @param generated the generated images
     */
    public record Space(double[][] members, double[][] holdout, double[][] generated) {}

    /**
     * What the audit reads.
     *
     * @param pixel           pixels in [0, 1]
     * @param feature         the evaluator's features
     * @param holdoutLabels   class of each held-out image
     * @param generatedLabels class of each generated image
     * @param clientsOf       per member, the clients that held it (one for iid and Dirichlet splits, all for {@code shared})
     * @param clients         the number of clients
     * @param memberLabels    class of each member (for the nearest-copies captions)
     * @param nearestRows     members shown in the nearest-copies strip
     * @param nearestK        generated images shown beside each
     * @param reference       real images the federation never saw, from the members' own source, audited in the
     *                        generated images' place (the level a generator that samples the training distribution
     *                        would score when the held-out split is not from quite the same distribution); or null
     */
    public record Inputs(Space pixel, Space feature, int[] memberLabels, int[] holdoutLabels, int[] generatedLabels,
                         int[][] clientsOf, int clients, int nearestRows, int nearestK, Reference reference) {
        /** Checks the sizes agree. */
        public Inputs {
            int m = pixel.members().length;
            int h = pixel.holdout().length;
            int g = pixel.generated().length;
            if (feature.members().length != m || feature.holdout().length != h || feature.generated().length != g) {
                throw new IllegalArgumentException("pixel and feature sets differ in size: members " + m + "/"
                        + feature.members().length + ", held-out " + h + "/" + feature.holdout().length + ", generated " + g
                        + "/" + feature.generated().length);
            }
            if (memberLabels.length != m || holdoutLabels.length != h || generatedLabels.length != g || clientsOf.length != m) {
                throw new IllegalArgumentException("labels or client lists do not match the sets' sizes");
            }
            if (m < 2 || h < 2 || g < 1) {
                throw new IllegalArgumentException("the privacy audit needs at least 2 members, 2 held-out and 1 generated"
                        + " image (have " + m + ", " + h + ", " + g + ")");
            }
        }
    }

    /**
     * Real non-member images from the members' source (for MedMNIST, the {@code val} split of a run trained on
     * {@code train}), audited as if they were generated.
     *
     * @param source  where they come from, for the report
     * @param pixel   pixels in [0, 1]
     * @param feature the evaluator's features
     * @param labels  their classes
     */
    public record Reference(String source, double[][] pixel, double[][] feature, int[] labels) {
        /** Checks the sizes agree. */
        public Reference {
            if (pixel.length != feature.length || pixel.length != labels.length || pixel.length < 1) {
                throw new IllegalArgumentException("reference: " + pixel.length + " pixel rows, " + feature.length
                        + " feature rows, " + labels.length + " labels (need the same number, at least 1)");
            }
        }
    }

    /**
     * The reference's figures.
     *
     * @param source    where the reference images come from
     * @param images    how many
     * @param overall   all members
     * @param perClient per client, as {@link Result#perClient()}
     * @param z         DeLong's paired z of the generator's membership AUC over the reference's, {pixel, feature}
     * @param zPerClient the same per client ({@code null} where the client has no figures)
     */
    public record ReferenceFigures(String source, int images, Figures overall, List<Figures> perClient, double[] z,
                                   List<double[]> zPerClient) {
        /** Copies the lists. */
        public ReferenceFigures {
            perClient = java.util.Collections.unmodifiableList(new ArrayList<>(perClient));
            zPerClient = java.util.Collections.unmodifiableList(new ArrayList<>(zPerClient));
        }
    }

    /**
     * A distance's distribution over the generated images against that over the held-out images.
     *
     * @param p5            5th percentile over the generated images
     * @param median        median over the generated images
     * @param holdoutP5     5th percentile over the held-out images (class-mix weighted)
     * @param holdoutMedian median over the held-out images (class-mix weighted)
     */
    public record Distances(double p5, double median, double holdoutP5, double holdoutMedian) {
        /** median / holdout median: ≈ 1 safe, → 0 copies. */
        public double ratio() {
            return median / holdoutMedian;
        }

        /** p5 / holdout p5: the tail, where a few copies show first. */
        public double ratioP5() {
            return p5 / holdoutP5;
        }
    }

    /**
     * The figures for one set of members (all of them, or one client's).
     *
     * @param members           how many members
     * @param dcrPixel          DCR in pixel space
     * @param dcrFeature        DCR in feature space
     * @param nndrPixel         NNDR in pixel space
     * @param nndrFeature       NNDR in feature space
     * @param membershipPixel   the GAN-Leaks AUC in pixel space (as published)
     * @param membershipFeature the same attack in feature space
     */
    public record Figures(int members, Distances dcrPixel, Distances dcrFeature, Distances nndrPixel,
                          Distances nndrFeature, MembershipAuc membershipPixel, MembershipAuc membershipFeature) {}

    /**
     * One row of the nearest-copies strip.
     *
     * @param member    the member's index
     * @param clients   the clients that held it
     * @param label     its class
     * @param generated the nearest generated images' indices, nearest first
     * @param distances their pixel distances
     */
    public record NearestCopy(int member, int[] clients, int label, int[] generated, double[] distances) {}

    /**
     * The audit.
     *
     * @param overall   all members
     * @param perClient one entry per client (its own images as the members; {@code null} for a client with fewer than 2)
     * @param nearest   the nearest-copies rows, nearest first
     * @param findings  what a reviewer should look at, one sentence each; empty when nothing was found
     * @param generated generated images audited
     * @param holdout   held-out images
     * @param reference the reference's figures, or null without a reference
     */
    public record Result(Figures overall, List<Figures> perClient, List<NearestCopy> nearest, List<String> findings,
                         int generated, int holdout, ReferenceFigures reference) {
        /** Copies the lists. */
        public Result {
            perClient = java.util.Collections.unmodifiableList(new ArrayList<>(perClient));
            nearest = List.copyOf(nearest);
            findings = List.copyOf(findings);
        }

        /** Whether anything was found. */
        public boolean flagged() {
            return !findings.isEmpty();
        }
    }

    /** Runs the audit. */
    public static Result run(Inputs in) {
        int clients = in.clients();
        int[][] groups = in.clientsOf();
        NearestNeighbours.Scan holdPx = NearestNeighbours.scan(in.pixel().holdout(), in.pixel().members(), groups, clients);
        NearestNeighbours.Scan holdFt = NearestNeighbours.scan(in.feature().holdout(), in.feature().members(), groups, clients);
        SpaceScans px = scans(in.pixel().generated(), in.pixel(), holdPx, groups, clients);
        SpaceScans ft = scans(in.feature().generated(), in.feature(), holdFt, groups, clients);
        boolean[][] mine = membership(groups, clients);
        double[] weights = classMixWeights(in.holdoutLabels(), in.generatedLabels());
        Strata strata = new Strata(in.memberLabels(), in.holdoutLabels());
        Figures overall = figures(in.pixel().members().length, null, -1, px, ft, weights, strata);
        List<Figures> perClient = perClient(mine, px, ft, weights, strata);
        ReferenceFigures ref = null;
        if (in.reference() != null) {
            Reference r = in.reference();
            SpaceScans rpx = scans(r.pixel(), in.pixel(), holdPx, groups, clients);
            SpaceScans rft = scans(r.feature(), in.feature(), holdFt, groups, clients);
            double[] rw = classMixWeights(in.holdoutLabels(), r.labels());
            List<double[]> zPer = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                zPer.add(perClient.get(c) == null ? null : pairedZ(px, ft, rpx, rft, mine[c], strata));
            }
            ref = new ReferenceFigures(r.source(), r.pixel().length,
                    figures(in.pixel().members().length, null, -1, rpx, rft, rw, strata),
                    perClient(mine, rpx, rft, rw, strata), pairedZ(px, ft, rpx, rft, null, strata), zPer);
        }
        List<NearestCopy> nearest = nearestCopies(in, px.gen().refMin());
        return new Result(overall, perClient, nearest, findings(overall, perClient, ref), in.pixel().generated().length,
                in.pixel().holdout().length, ref);
    }

    /** Per client, which members it held. */
    private static boolean[][] membership(int[][] groups, int clients) {
        boolean[][] mine = new boolean[clients][groups.length];
        for (int j = 0; j < groups.length; j++) {
            for (int g : groups[j]) {
                mine[g][j] = true;
            }
        }
        return mine;
    }

    /** The class of each member and of each held-out image, for the per-client membership strata. */
    private record Strata(int[] memberLabels, int[] holdoutLabels) {

        /** The classes of the members selected by {@code mine}, in member order. */
        int[] members(boolean[] mine) {
            int k = 0;
            for (boolean b : mine) {
                k += b ? 1 : 0;
            }
            int[] out = new int[k];
            int i = 0;
            for (int j = 0; j < mine.length; j++) {
                if (mine[j]) {
                    out[i++] = memberLabels[j];
                }
            }
            return out;
        }
    }

    private static List<Figures> perClient(boolean[][] mine, SpaceScans px, SpaceScans ft, double[] weights, Strata strata) {
        List<Figures> out = new ArrayList<>();
        for (int c = 0; c < mine.length; c++) {
            int n = 0;
            for (boolean b : mine[c]) {
                n += b ? 1 : 0;
            }
            out.add(n < 2 ? null : figures(n, mine[c], c, px, ft, weights, strata));
        }
        return out;
    }

    /** The scans of one generated set in one space: generated → members, held-out → members (given), held-out → generated. */
    private record SpaceScans(NearestNeighbours.Scan gen, NearestNeighbours.Scan hold, NearestNeighbours.Scan holdToGen) {}

    private static SpaceScans scans(double[][] generated, Space s, NearestNeighbours.Scan hold, int[][] groups, int clients) {
        return new SpaceScans(NearestNeighbours.scan(generated, s.members(), groups, clients), hold,
                NearestNeighbours.scan(s.holdout(), generated, null, 0));
    }

    /**
     * The figures with the members selected by {@code mine} (all when null), from client {@code c}'s group scans.
     * A client's membership AUC is class-stratified ({@link MembershipAuc#stratified}): its members are compared
     * with the held-out images of their own class, so a client holding mostly one class is not measured against a
     * held-out split of another mix. The overall AUC pools all members and all held-out images (both follow the
     * population's mix).
     */
    private static Figures figures(int n, boolean[] mine, int c, SpaceScans px, SpaceScans ft, double[] weights,
            Strata strata) {
        return new Figures(n, dcr(px, c, weights), dcr(ft, c, weights), nndr(px, c, weights), nndr(ft, c, weights),
                membership(px, mine, strata), membership(ft, mine, strata));
    }

    private static Distances dcr(SpaceScans s, int c, double[] weights) {
        double[] gen = c < 0 ? s.gen().d1() : s.gen().groupD1()[c];
        double[] hold = c < 0 ? s.hold().d1() : s.hold().groupD1()[c];
        return distances(gen, hold, weights);
    }

    private static Distances nndr(SpaceScans s, int c, double[] weights) {
        double[] gen = ratios(c < 0 ? s.gen().d1() : s.gen().groupD1()[c], c < 0 ? s.gen().d2() : s.gen().groupD2()[c]);
        double[] hold = ratios(c < 0 ? s.hold().d1() : s.hold().groupD1()[c], c < 0 ? s.hold().d2() : s.hold().groupD2()[c]);
        return distances(gen, hold, weights);
    }

    private static Distances distances(double[] gen, double[] hold, double[] weights) {
        return new Distances(Quantiles.of(gen, 0.05), Quantiles.of(gen, 0.5), Quantiles.weighted(hold, weights, 0.05),
                Quantiles.weighted(hold, weights, 0.5));
    }

    /** d1 / d2 per image; 0 where both are 0. */
    static double[] ratios(double[] d1, double[] d2) {
        double[] r = new double[d1.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = d2[i] > 0 ? d1[i] / d2[i] : 0;
        }
        return r;
    }

    /** The GAN-Leaks AUC: score = −(distance to the nearest generated image), members against held-out. */
    private static MembershipAuc membership(SpaceScans s, boolean[] mine, Strata strata) {
        double[][] sc = scores(s, mine);
        return mine == null ? MembershipAuc.of(sc[0], sc[1])
                : MembershipAuc.stratified(sc[0], strata.members(mine), sc[1], strata.holdoutLabels());
    }

    /** The GAN-Leaks scores {members (selected by {@code mine}, all when null), held-out}. */
    private static double[][] scores(SpaceScans s, boolean[] mine) {
        double[] refMin = s.gen().refMin();
        int m = 0;
        for (int j = 0; j < refMin.length; j++) {
            m += mine == null || mine[j] ? 1 : 0;
        }
        double[] member = new double[m];
        int k = 0;
        for (int j = 0; j < refMin.length; j++) {
            if (mine == null || mine[j]) {
                member[k++] = -refMin[j];
            }
        }
        return new double[][] {member, Arrays.stream(s.holdToGen().d1()).map(d -> -d).toArray()};
    }

    /** DeLong's paired z of the generator's AUC over the reference's, {pixel, feature}. */
    private static double[] pairedZ(SpaceScans px, SpaceScans ft, SpaceScans rpx, SpaceScans rft, boolean[] mine,
            Strata strata) {
        double[][] g = scores(px, mine);
        double[][] r = scores(rpx, mine);
        double[][] gf = scores(ft, mine);
        double[][] rf = scores(rft, mine);
        if (mine == null) {
            return new double[] {MembershipAuc.pairedZ(g[0], g[1], r[0], r[1]), MembershipAuc.pairedZ(gf[0], gf[1], rf[0], rf[1])};
        }
        int[] ms = strata.members(mine);
        int[] hs = strata.holdoutLabels();
        return new double[] {MembershipAuc.stratifiedPairedZ(g[0], g[1], r[0], r[1], ms, hs),
            MembershipAuc.stratifiedPairedZ(gf[0], gf[1], rf[0], rf[1], ms, hs)};
    }

    /**
     * Weight of each held-out image so that the held-out set has the generated set's class mix:
     * share of its class among the generated images over its share among the held-out ones.
     */
    static double[] classMixWeights(int[] holdoutLabels, int[] generatedLabels) {
        int k = 1 + Math.max(Arrays.stream(holdoutLabels).max().orElse(0), Arrays.stream(generatedLabels).max().orElse(0));
        double[] h = new double[k];
        double[] g = new double[k];
        for (int l : holdoutLabels) {
            h[l]++;
        }
        for (int l : generatedLabels) {
            g[l]++;
        }
        double[] w = new double[holdoutLabels.length];
        for (int i = 0; i < w.length; i++) {
            int l = holdoutLabels[i];
            w[i] = (g[l] / generatedLabels.length) / (h[l] / holdoutLabels.length);
        }
        return w;
    }

    /** The {@code nearestRows} members nearest to a generated image, each with its {@code nearestK} nearest. */
    private static List<NearestCopy> nearestCopies(Inputs in, double[] memberMin) {
        Integer[] order = new Integer[memberMin.length];
        for (int j = 0; j < order.length; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (a, b) -> memberMin[a] != memberMin[b] ? Double.compare(memberMin[a], memberMin[b])
                : Integer.compare(a, b));
        List<NearestCopy> out = new ArrayList<>();
        double[][] gen = in.pixel().generated();
        for (int r = 0; r < Math.min(in.nearestRows(), order.length); r++) {
            int j = order[r];
            int[] idx = NearestNeighbours.kNearest(in.pixel().members()[j], gen, in.nearestK());
            double[] d = new double[idx.length];
            for (int t = 0; t < idx.length; t++) {
                d[t] = NearestNeighbours.distance(in.pixel().members()[j], gen[idx[t]]);
            }
            out.add(new NearestCopy(j, in.clientsOf()[j].clone(), in.memberLabels()[j], idx, d));
        }
        return out;
    }

    /** Overall, then per client (with more than one client; one client's figures are the overall ones). */
    private static List<String> findings(Figures overall, List<Figures> perClient, ReferenceFigures ref) {
        List<String> out = new ArrayList<>();
        findings(overall, ref == null ? null : ref.overall(), ref == null ? null : ref.z(), "", out);
        for (int c = 0; perClient.size() > 1 && c < perClient.size(); c++) {
            if (perClient.get(c) != null) {
                findings(perClient.get(c), ref == null ? null : ref.perClient().get(c), ref == null ? null
                        : ref.zPerClient().get(c), "client " + c + ": ", out);
            }
        }
        return out;
    }

    private static void findings(Figures f, Figures ref, double[] z, String who, List<String> out) {
        findings(who, "pixel", f.dcrPixel(), f.membershipPixel(), ref == null ? null : ref.membershipPixel(),
                z == null ? Double.NaN : z[0], out);
        findings(who, "feature", f.dcrFeature(), f.membershipFeature(), ref == null ? null : ref.membershipFeature(),
                z == null ? Double.NaN : z[1], out);
    }

    private static void findings(String who, String space, Distances d, MembershipAuc a, MembershipAuc ref, double z,
                                 List<String> out) {
        if (d.ratioP5() < COPY_RATIO) {
            out.add(String.format(Locale.ROOT, "%scopies (%s space): the nearest 5%% of generated images are %.3f from a"
                    + " training image, against %.3f for held-out real images (p5 ratio %.2f < %.1f)", who, space,
                    d.p5(), d.holdoutP5(), d.ratioP5(), COPY_RATIO));
        }
        if (ref == null && a.signal()) {
            out.add(String.format(Locale.ROOT, "%smembership (%s space): the GAN-Leaks attack tells training images"
                    + " from held-out ones with AUC %.3f [%.3f, %.3f], %.1f standard errors above 0.5", who, space, a.auc(),
                    a.lower(), a.upper(), (a.auc() - 0.5) / a.se()));
        }
        if (ref != null && z > MembershipAuc.SIGNAL_Z) {
            out.add(String.format(Locale.ROOT, "%smembership (%s space): the GAN-Leaks attack tells training images"
                    + " from held-out ones with AUC %.3f [%.3f, %.3f], against %.3f for unseen real images of the training"
                    + " source (DeLong paired z %.1f > %.0f)", who, space, a.auc(), a.lower(), a.upper(), ref.auc(), z,
                    MembershipAuc.SIGNAL_Z));
        }
    }
}
