package org.fedsynth.eval.privacy;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.fedsynth.data.ImageSet;
import org.fedsynth.data.Phantoms;
import org.junit.jupiter.api.Test;

/**
 * The audit on phantom images: a "generator" that returns its training images (with 8-bit noise) is
 * flagged, an independent draw from the same distribution is not, and a generator that copies one
 * client only is caught in that client's figures.
 */
class PrivacyAuditTest {

    static final int RES = 32;
    static final double[][] PROJECTION = projection(RES * RES, 24, 7);

    @Test
    void aGeneratorThatReturnsItsTrainingImagesIsFlagged() {
        double[][] members = pixels(Phantoms.generate("cxr", 300, RES, 1));
        double[][] holdout = pixels(Phantoms.generate("cxr", 150, RES, 2));
        double[][] copies = jitter(members, 2 / 255.0, 3);
        PrivacyAudit.Result r = PrivacyAudit.run(inputs(members, holdout, copies, oneClient(members.length), 1));
        PrivacyAudit.Figures o = r.overall();
        // DCR about 0 against the held-out images' distance, in both spaces.
        assertTrue(o.dcrPixel().ratio() < 0.1, "pixel DCR ratio " + o.dcrPixel().ratio());
        assertTrue(o.dcrPixel().ratioP5() < 0.1, "pixel DCR p5 ratio " + o.dcrPixel().ratioP5());
        assertTrue(o.dcrFeature().ratio() < 0.2, "feature DCR ratio " + o.dcrFeature().ratio());
        assertTrue(o.nndrPixel().median() < 0.5 * o.nndrPixel().holdoutMedian(), o.nndrPixel().toString());
        // Membership inference near 1, its interval above 0.5.
        assertTrue(o.membershipPixel().auc() > 0.95, "AUC " + o.membershipPixel());
        assertTrue(o.membershipPixel().signal());
        assertTrue(o.membershipFeature().auc() > 0.9, "feature AUC " + o.membershipFeature());
        assertTrue(r.flagged());
        assertTrue(r.findings().stream().anyMatch(f -> f.startsWith("copies (pixel space)")), r.findings().toString());
        assertTrue(r.findings().stream().anyMatch(f -> f.startsWith("membership (pixel space)")), r.findings().toString());
        // The strip's nearest copy is far nearer than any held-out image comes to a training image.
        assertEquals(8, r.nearest().size());
        assertTrue(r.nearest().get(0).distances()[0] < 0.2 * o.dcrPixel().holdoutP5(), Arrays.toString(r.nearest().get(0).distances()));
    }

    @Test
    void anIndependentRealSplitIsNotFlagged() {
        double[][] members = pixels(Phantoms.generate("cxr", 400, RES, 11));
        double[][] holdout = pixels(Phantoms.generate("cxr", 200, RES, 12));
        double[][] fresh = pixels(Phantoms.generate("cxr", 300, RES, 13));
        PrivacyAudit.Result r = PrivacyAudit.run(inputs(members, holdout, fresh, oneClient(members.length), 1));
        PrivacyAudit.Figures o = r.overall();
        assertEquals(1.0, o.dcrPixel().ratio(), 0.15, "pixel DCR ratio");
        assertEquals(1.0, o.dcrFeature().ratio(), 0.15, "feature DCR ratio");
        assertEquals(1.0, o.nndrPixel().ratio(), 0.15, "pixel NNDR ratio");
        // About 0.5: within 3 standard errors (a 95% interval misses 0.5 in one split of twenty by design).
        MembershipAuc a = o.membershipPixel();
        assertTrue(Math.abs(a.auc() - 0.5) < 3 * a.se(), a.toString());
        assertTrue(a.se() > 0.01 && a.se() < 0.05, "standard error " + a.se());
        MembershipAuc f = o.membershipFeature();
        assertTrue(Math.abs(f.auc() - 0.5) < 3 * f.se(), f.toString());
        assertFalse(r.flagged(), r.findings().toString());
    }

    @Test
    void aGeneratorThatCopiesOneClientIsCaughtInThatClientsFigures() {
        double[][] members = pixels(Phantoms.generate("cxr", 400, RES, 21));
        double[][] holdout = pixels(Phantoms.generate("cxr", 200, RES, 22));
        int[][] clientsOf = new int[members.length][];
        for (int j = 0; j < members.length; j++) {
            clientsOf[j] = new int[] {j < 300 ? 0 : 1};
        }
        // Client 1 (100 images, the small site) is copied; the rest of the samples are fresh.
        double[][] copiesOf1 = jitter(Arrays.copyOfRange(members, 300, 400), 2 / 255.0, 5);
        double[][] fresh = pixels(Phantoms.generate("cxr", 200, RES, 23));
        double[][] gen = concat(fresh, copiesOf1);
        PrivacyAudit.Result r = PrivacyAudit.run(inputs(members, holdout, gen, clientsOf, 2));
        PrivacyAudit.Figures c0 = r.perClient().get(0);
        PrivacyAudit.Figures c1 = r.perClient().get(1);
        assertEquals(300, c0.members());
        assertEquals(100, c1.members());
        assertTrue(c1.membershipPixel().auc() > 0.95, "client 1 " + c1.membershipPixel());
        assertTrue(c0.membershipPixel().lower() <= 0.5 + 0.02, "client 0 " + c0.membershipPixel());
        assertTrue(c1.dcrPixel().ratioP5() < 0.1, "client 1 p5 ratio " + c1.dcrPixel().ratioP5());
        assertTrue(r.findings().stream().anyMatch(f -> f.startsWith("client 1: membership (pixel space)")),
                r.findings().toString());
        assertFalse(r.findings().stream().anyMatch(f -> f.startsWith("client 0: membership")), r.findings().toString());
        // The strip shows client 1's images first.
        for (PrivacyAudit.NearestCopy c : r.nearest()) {
            assertArrayEquals(new int[] {1}, c.clients());
        }
    }

    /** {@code n} points of class {@code y}: class 0 compact around 0, class 1 spread around 3, in 16 dimensions. */
    static double[][] blob(int n, int y, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] out = new double[n][16];
        for (double[] row : out) {
            for (int j = 0; j < 16; j++) {
                double g = Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
                row[j] = y == 0 ? 0.3 * g : 3 + 1.5 * g;
            }
        }
        return out;
    }

    static int[] labels(int n0, int n1) {
        int[] l = new int[n0 + n1];
        Arrays.fill(l, n0, n0 + n1, 1);
        return l;
    }

    @Test
    void aLabelSkewedClientIsComparedClassByClassNotWithTheHeldOutMix() {
        // Client 0 holds mostly the compact class, client 1 mostly the spread one; the "generator" is fresh draws of both
        // classes. Pooled, client 0's members sit closer to generated images than the mixed held-out split does: the class
        // mix alone would read as membership. Within each class nothing tells members apart.
        double[][] members = concat(concat(blob(180, 0, 1), blob(20, 1, 2)), concat(blob(20, 0, 3), blob(180, 1, 4)));
        int[] memberLabels = new int[400];
        int[][] clientsOf = new int[400][];
        for (int j = 0; j < 400; j++) {
            memberLabels[j] = (j >= 180 && j < 200) || j >= 220 ? 1 : 0;
            clientsOf[j] = new int[] {j < 200 ? 0 : 1};
        }
        double[][] holdout = concat(blob(150, 0, 5), blob(150, 1, 6));
        double[][] gen = concat(blob(300, 0, 7), blob(300, 1, 8));
        PrivacyAudit.Result r = PrivacyAudit.run(new PrivacyAudit.Inputs(new PrivacyAudit.Space(members, holdout, gen),
                new PrivacyAudit.Space(members, holdout, gen), memberLabels, labels(150, 150), labels(300, 300), clientsOf, 2, 8, 5,
                null));
        for (int c = 0; c < 2; c++) {
            MembershipAuc a = r.perClient().get(c).membershipPixel();
            assertTrue(Math.abs(a.auc() - 0.5) < 3 * a.se(), "client " + c + " stratified " + a);
        }
        assertFalse(r.findings().stream().anyMatch(f -> f.contains("membership")), r.findings().toString());
        // the pooled AUC of client 0's members against the whole held-out split is far from 0.5
        double[] memberScore = new double[200];
        for (int j = 0; j < 200; j++) {
            double best = Double.MAX_VALUE;
            for (double[] g : gen) {
                best = Math.min(best, NearestNeighbours.distance(members[j], g));
            }
            memberScore[j] = -best;
        }
        double[] holdScore = new double[holdout.length];
        for (int i = 0; i < holdout.length; i++) {
            double best = Double.MAX_VALUE;
            for (double[] g : gen) {
                best = Math.min(best, NearestNeighbours.distance(holdout[i], g));
            }
            holdScore[i] = -best;
        }
        MembershipAuc pooled = MembershipAuc.of(memberScore, holdScore);
        assertTrue(pooled.auc() > 0.65, "pooled " + pooled);
        MembershipAuc strat = MembershipAuc.stratified(memberScore, Arrays.copyOf(memberLabels, 200), holdScore, labels(150, 150));
        assertEquals(r.perClient().get(0).membershipPixel().auc(), strat.auc(), 1e-12);
        // one stratum: the stratified AUC is the plain one
        MembershipAuc plain = MembershipAuc.of(memberScore, holdScore);
        assertEquals(plain.auc(), MembershipAuc.stratified(memberScore, new int[200], holdScore, new int[300]).auc(), 1e-12);
        assertEquals(plain.se(), MembershipAuc.stratified(memberScore, new int[200], holdScore, new int[300]).se(), 1e-12);
        double[] otherM = Arrays.stream(memberScore).map(v -> v * 0.9 + Math.sin(v)).toArray();
        double[] otherH = Arrays.stream(holdScore).map(v -> v * 0.9 + Math.sin(v)).toArray();
        assertEquals(MembershipAuc.pairedZ(memberScore, holdScore, otherM, otherH),
                MembershipAuc.stratifiedPairedZ(memberScore, holdScore, otherM, otherH, new int[200], new int[300]), 1e-9);
    }

    @Test
    void aShiftedHeldOutSplitIsReadAgainstTheReferenceNotAgainstHalf() {
        // The held-out split comes from a shifted source (brighter by 0.04): fresh draws from the members' own
        // source are then closer to the members than to it, so without a reference a safe generator is flagged.
        double[][] members = pixels(Phantoms.generate("cxr", 400, RES, 31));
        double[][] holdout = brighter(pixels(Phantoms.generate("cxr", 200, RES, 32)), 0.04);
        double[][] fresh = pixels(Phantoms.generate("cxr", 300, RES, 33));
        double[][] unseen = pixels(Phantoms.generate("cxr", 300, RES, 34));
        PrivacyAudit.Result bare = PrivacyAudit.run(inputs(members, holdout, fresh, oneClient(members.length), 1));
        assertTrue(bare.overall().membershipPixel().signal(), "the shift alone: " + bare.overall().membershipPixel());
        assertTrue(bare.flagged());

        PrivacyAudit.Inputs in = inputs(members, holdout, fresh, oneClient(members.length), 1);
        PrivacyAudit.Inputs withRef = new PrivacyAudit.Inputs(in.pixel(), in.feature(), in.memberLabels(), in.holdoutLabels(),
                in.generatedLabels(), in.clientsOf(), 1, 8, 5,
                new PrivacyAudit.Reference("unseen draws", unseen, project(unseen), new int[unseen.length]));
        PrivacyAudit.Result r = PrivacyAudit.run(withRef);
        MembershipAuc g = r.overall().membershipPixel();
        MembershipAuc ref = r.reference().overall().membershipPixel();
        assertEquals(ref.auc(), g.auc(), 3 * Math.hypot(g.se(), ref.se()), "the generator scores what unseen real images score");
        assertTrue(ref.auc() > 0.55, "the reference measures the shift: " + ref);
        assertFalse(r.findings().stream().anyMatch(f -> f.contains("membership")), r.findings().toString());
        assertEquals(300, r.reference().images());
        assertEquals(1, r.reference().perClient().size());
        // A copying generator is still flagged against the reference.
        PrivacyAudit.Result copied = PrivacyAudit.run(new PrivacyAudit.Inputs(new PrivacyAudit.Space(members, holdout,
                jitter(members, 2 / 255.0, 3)), new PrivacyAudit.Space(project(members), project(holdout),
                project(jitter(members, 2 / 255.0, 3))), new int[400], new int[200], new int[400], oneClient(400), 1, 8, 5,
                withRef.reference()));
        assertTrue(copied.findings().stream().anyMatch(f -> f.startsWith("membership (pixel space)") && f.contains("reference")
                || f.startsWith("membership (pixel space)") && f.contains("unseen real")), copied.findings().toString());
    }

    static double[][] brighter(double[][] x, double by) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = java.util.Arrays.stream(x[i]).map(v -> Math.min(1, v + by)).toArray();
        }
        return out;
    }

    @Test
    void heldOutDistancesAreWeightedToTheGeneratedClassMix() {
        // Held-out: 3 of class 0 and 1 of class 1; generated: balanced. Weights 2/3 and 2.
        double[] w = PrivacyAudit.classMixWeights(new int[] {0, 0, 0, 1}, new int[] {0, 1, 0, 1});
        assertArrayEquals(new double[] {0.5 / 0.75, 0.5 / 0.75, 0.5 / 0.75, 0.5 / 0.25}, w, 1e-12);
        // d2 = 0 (a copy of a duplicated record) gives NNDR 0.
        assertArrayEquals(new double[] {0.5, 0}, PrivacyAudit.ratios(new double[] {1, 0}, new double[] {2, 0}), 0);
    }

    @Test
    void badInputsNameTheProblem() {
        double[][] m = {{0, 0}, {1, 1}};
        PrivacyAudit.Space s = new PrivacyAudit.Space(m, m, m);
        PrivacyAudit.Space tooShort = new PrivacyAudit.Space(m, m, new double[][] {{0, 0}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PrivacyAudit.Inputs(s, tooShort,
                new int[2], new int[2], new int[2], new int[][] {{0}, {0}}, 1, 1, 1, null));
        assertTrue(e.getMessage().contains("generated 2/1"), e.getMessage());
        PrivacyAudit.Space one = new PrivacyAudit.Space(new double[][] {{0, 0}}, m, m);
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> new PrivacyAudit.Inputs(one, one,
                new int[1], new int[2], new int[2], new int[][] {{0}}, 1, 1, 1, null));
        assertTrue(e2.getMessage().contains("at least 2 members"), e2.getMessage());
    }

    static PrivacyAudit.Inputs inputs(double[][] members, double[][] holdout, double[][] gen, int[][] clientsOf, int clients) {
        return new PrivacyAudit.Inputs(new PrivacyAudit.Space(members, holdout, gen),
                new PrivacyAudit.Space(project(members), project(holdout), project(gen)), new int[members.length],
                new int[holdout.length], new int[gen.length], clientsOf, clients, 8, 5, null);
    }

    static int[][] oneClient(int n) {
        int[][] c = new int[n][];
        for (int j = 0; j < n; j++) {
            c[j] = new int[] {0};
        }
        return c;
    }

    static double[][] pixels(ImageSet s) {
        double[][] out = new double[s.size()][];
        for (int i = 0; i < out.length; i++) {
            byte[] b = s.images().get(i);
            out[i] = new double[b.length];
            for (int j = 0; j < b.length; j++) {
                out[i][j] = (b[j] & 0xff) / 255.0;
            }
        }
        return out;
    }

    /** Each pixel moved by up to ±{@code amp}, clipped to [0, 1]: a copy as an 8-bit re-encoding would leave it. */
    static double[][] jitter(double[][] x, double amp, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = new double[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                out[i][j] = Math.max(0, Math.min(1, x[i][j] + (rng.nextDouble() * 2 - 1) * amp));
            }
        }
        return out;
    }

    static double[][] concat(double[][] a, double[][] b) {
        double[][] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A fixed Gaussian projection with a ReLU: a stand-in feature network. */
    static double[][] project(double[][] x) {
        double[][] out = new double[x.length][PROJECTION.length];
        for (int i = 0; i < x.length; i++) {
            for (int f = 0; f < PROJECTION.length; f++) {
                double s = 0;
                for (int j = 0; j < x[i].length; j++) {
                    s += PROJECTION[f][j] * x[i][j];
                }
                out[i][f] = Math.max(0, s);
            }
        }
        return out;
    }

    static double[][] projection(int in, int out, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] w = new double[out][in];
        for (double[] row : w) {
            for (int j = 0; j < in; j++) {
                row[j] = (rng.nextDouble() * 2 - 1) / Math.sqrt(in);
            }
        }
        return w;
    }
}
