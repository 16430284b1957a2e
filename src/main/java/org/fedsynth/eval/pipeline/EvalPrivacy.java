package org.fedsynth.eval.pipeline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.fedsynth.config.RunConfig;
import org.fedsynth.data.Datasets;
import org.fedsynth.data.ImageSet;
import org.fedsynth.data.NpzLoader;
import org.fedsynth.data.Phantoms;
import org.fedsynth.data.Preprocess;
import org.fedsynth.eval.FeatureIO;
import org.fedsynth.eval.features.FeatureNetwork;
import org.fedsynth.eval.privacy.MembershipAuc;
import org.fedsynth.eval.privacy.NearestCopiesStrip;
import org.fedsynth.eval.privacy.PrivacyAudit;
import org.fedsynth.util.AtomicFiles;
import org.fedsynth.util.Seeds;

/**
 * The privacy step of {@code fedsynth evaluate}: gathers the members (the training split, each image
 * tagged with the client or clients that held it, by the simulation's own partition rule), the held-out
 * test split and the generated images, runs {@link PrivacyAudit}, prints its figures and findings,
 * writes the nearest-copies picture ({@value #STRIP}) and the members' and reference's features
 * ({@value #FEATURES_TRAIN}, {@value #CLIENTS}, {@value #FEATURES_REFERENCE}) for an independent recomputation
 * ({@code bench/check_privacy.py}), and renders {@code eval.json}'s {@code privacy} section.
 *
 * <p>A reference ({@link #reference}) is audited beside the generator where the data has one: real images the
 * federation never saw from the members' own source, in the generated images' place; the membership
 * finding is then relative to it.
 *
 * <p>ImageFolder and CSV data are not audited: the federation trained on every image of the folder,
 * so there are no held-out non-members to compare with; the section then says so.
 */
public final class EvalPrivacy {

    /** The nearest-copies picture in the run folder. */
    public static final String STRIP = "privacy-nearest.png";
    /** The members' features in the run folder. */
    public static final String FEATURES_TRAIN = "features-train.csv";
    /** The reference images' features in the run folder (when there is a reference). */
    public static final String FEATURES_REFERENCE = "features-reference.csv";
    /** Which client held each member: {@code row,client}, one line per pair. */
    public static final String CLIENTS = "privacy-clients.csv";
    /** Members shown in the strip. */
    static final int STRIP_ROWS = 8;
    /** Generated images beside each. */
    static final int STRIP_K = 5;

    private EvalPrivacy() {}

    /**
     * What the step produced.
     *
     * @param result     the audit, or {@code null} when skipped
     * @param skipped    why it was skipped, or {@code null}
     * @param classNames the class names, by label
     */
    public record Outcome(PrivacyAudit.Result result, String skipped, List<String> classNames) {}

    /** Runs the step; {@code realF} and {@code fakeF} are the test split's and the generated images' features. */
    static Outcome run(Path runDir, RunConfig cfg, EvalData data, FeatureNetwork net, double[][] realF, ImageSet fake,
                       double[][] fakeF, List<String> classes, PrintStream progress) throws IOException {
        String format = cfg.data().format();
        if (!format.equals("npz") && !format.equals("phantom")) {
            String why = "data.format: " + format + " trains on every image of the set, so there are no held-out"
                    + " non-members to audit against; convert the data to npz with separate train and test splits"
                    + " to audit it";
            progress.println("privacy: skipped (" + why + ")");
            return new Outcome(null, why, classes);
        }
        ImageSet train = data.train();
        double[][] trainF = net.features(train);
        PrivacyAudit.Reference reference = reference(cfg, train, fake.size(), net, progress);
        List<int[]> parts = Datasets.clientIndices(train, cfg.federation(), cfg.seed());
        int[][] clientsOf = clientsOf(train.size(), parts);
        double[][] trainPx = EvalDiversity.pixels(train);
        double[][] fakePx = EvalDiversity.pixels(fake);
        PrivacyAudit.Inputs in = new PrivacyAudit.Inputs(
                new PrivacyAudit.Space(trainPx, EvalDiversity.pixels(data.test()), fakePx),
                new PrivacyAudit.Space(trainF, realF, fakeF), train.labels(), data.test().labels(), fake.labels(),
                clientsOf, parts.size(), STRIP_ROWS, STRIP_K, reference);
        progress.printf("privacy: nearest training images of %d generated and %d held-out images among %d training"
                + " images of %d client%s, in pixels and features...%n", fake.size(), data.test().size(), train.size(),
                parts.size(), parts.size() == 1 ? "" : "s");
        PrivacyAudit.Result r = PrivacyAudit.run(in);

        FeatureIO.write(runDir.resolve(FEATURES_TRAIN), trainF, train.labels());
        if (reference != null) {
            FeatureIO.write(runDir.resolve(FEATURES_REFERENCE), reference.feature(), reference.labels());
        } else {
            java.nio.file.Files.deleteIfExists(runDir.resolve(FEATURES_REFERENCE));
        }
        StringBuilder csv = new StringBuilder("row,client\n");
        for (int j = 0; j < clientsOf.length; j++) {
            for (int c : clientsOf[j]) {
                csv.append(j).append(',').append(c).append('\n');
            }
        }
        AtomicFiles.writeString(runDir.resolve(CLIENTS), csv.toString());
        var img = NearestCopiesStrip.render(r.nearest(), trainPx, fakePx, train.channels(), train.height(), classes,
                String.format(Locale.ROOT, "for scale: held-out real images lie %.3f (median), %.3f (p5) from a training image",
                        r.overall().dcrPixel().holdoutMedian(), r.overall().dcrPixel().holdoutP5()));
        AtomicFiles.write(runDir.resolve(STRIP), o -> ImageIO.write(img, "png", o));

        PrivacyAudit.Figures o = r.overall();
        progress.printf("privacy (%d training, %d held-out, %d generated images): DCR ratio pixel %.3f (p5 %.3f), feature"
                + " %.3f (p5 %.3f); NNDR ratio pixel %.3f, feature %.3f; membership AUC pixel %s, feature %s%n",
                o.members(), r.holdout(), r.generated(), o.dcrPixel().ratio(), o.dcrPixel().ratioP5(), o.dcrFeature().ratio(),
                o.dcrFeature().ratioP5(), o.nndrPixel().ratio(), o.nndrFeature().ratio(), auc(o.membershipPixel()),
                auc(o.membershipFeature()));
        if (r.reference() != null) {
            PrivacyAudit.Figures ref = r.reference().overall();
            progress.printf("  reference (%d %s): DCR ratio pixel %.3f, feature %.3f; membership AUC pixel %s, feature %s;"
                    + " generator over reference: paired z pixel %.1f, feature %.1f%n",
                    r.reference().images(), r.reference().source(), ref.dcrPixel().ratio(), ref.dcrFeature().ratio(),
                    auc(ref.membershipPixel()), auc(ref.membershipFeature()), r.reference().z()[0], r.reference().z()[1]);
        }
        for (int c = 0; c < r.perClient().size(); c++) {
            PrivacyAudit.Figures f = r.perClient().get(c);
            if (f != null) {
                progress.printf("  client %d (%d images): DCR ratio pixel %.3f, feature %.3f; membership AUC pixel %s%n", c,
                        f.members(), f.dcrPixel().ratio(), f.dcrFeature().ratio(), auc(f.membershipPixel()));
            }
        }
        if (r.findings().isEmpty()) {
            progress.println("privacy: no sign of memorisation (generated images no closer to training images than"
                    + " held-out real ones, membership AUC within 3 standard errors of " + (r.reference() == null ? "0.5"
                    : "the reference's") + "); nearest copies in " + runDir.resolve(STRIP));
        }
        for (String f : r.findings()) {
            progress.println("warning: privacy: " + f + "; look at " + runDir.resolve(STRIP));
        }
        return new Outcome(r, null, classes);
    }

    /**
     * Real images from the members' source that no client trained on, as many as were generated (a fixed-seed
     * subset when there are more): npz, the {@code val} split of a run trained on {@code train} (and {@code train}
     * of one trained on {@code val}), both carved from the original training set in MedMNIST; phantom, a separate
     * fixed-seed draw. Null (with a note) for a run trained on {@code test} or an npz file without that split.
     */
    static PrivacyAudit.Reference reference(RunConfig cfg, ImageSet train, int n, FeatureNetwork net, PrintStream progress) {
        var d = cfg.data();
        ImageSet ref;
        String source;
        if (d.format().equals("phantom")) {
            ref = Phantoms.generate(d.phantomKind(), n, d.resolution(), Seeds.derive(0L, "privacy-reference"));
            source = "phantoms from a separate fixed seed";
        } else {
            String split = switch (d.split()) {
                case "train" -> "val";
                case "val" -> "train";
                default -> null;
            };
            if (split == null) {
                progress.println("privacy: no reference (the run trained on split 'test'; no other split shares its source)");
                return null;
            }
            try {
                ref = NpzLoader.load(Path.of(d.path()), split);
            } catch (RuntimeException e) {
                progress.println("privacy: no reference (" + e.getMessage() + ")");
                return null;
            }
            source = "images of split '" + split + "', from the source of the training split '" + d.split() + "'";
        }
        ref = Preprocess.toResolution(ref, train.height(), train.channels());
        if (ref.size() > n) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < ref.size(); i++) {
                idx.add(i);
            }
            java.util.Collections.shuffle(idx, new java.util.Random(Seeds.derive(0L, "privacy-reference-subset")));
            ref = ref.subset(idx.subList(0, n).stream().mapToInt(Integer::intValue).sorted().toArray(), ref.source());
        }
        return new PrivacyAudit.Reference(source, EvalDiversity.pixels(ref), net.features(ref), ref.labels());
    }

    static int[][] clientsOf(int n, List<int[]> parts) {
        List<List<Integer>> of = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            of.add(new ArrayList<>());
        }
        for (int c = 0; c < parts.size(); c++) {
            for (int j : parts.get(c)) {
                of.get(j).add(c);
            }
        }
        int[][] out = new int[n][];
        for (int j = 0; j < n; j++) {
            out[j] = of.get(j).stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    private static String auc(MembershipAuc a) {
        return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", a.auc(), a.lower(), a.upper());
    }

    /** The {@code privacy} section of {@code eval.json}. */
    static ObjectNode toJson(Outcome out) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (out.skipped() != null) {
            o.put("skipped", out.skipped());
            return o;
        }
        PrivacyAudit.Result r = out.result();
        o.put("members", r.overall().members()).put("holdout", r.holdout()).put("generated", r.generated());
        o.put("membership_attack", "GAN-Leaks full black-box (Chen et al. 2020): score = -(Euclidean distance to the"
                + " nearest generated image); AUC of training members against held-out non-members, DeLong 95% interval");
        figures(o, r.overall());
        perClient(o, r.perClient());
        if (r.reference() == null) {
            o.putNull("reference");
        } else {
            ObjectNode ref = o.putObject("reference");
            ref.put("source", r.reference().source()).put("images", r.reference().images());
            figures(ref, r.reference().overall());
            EvalResult.num(ref, "membership_z", r.reference().z()[0]);
            EvalResult.num(ref, "membership_feature_z", r.reference().z()[1]);
            perClient(ref, r.reference().perClient());
            ArrayNode per = (ArrayNode) ref.get("per_client");
            for (int c = 0; c < per.size(); c++) {
                double[] z = r.reference().zPerClient().get(c);
                if (z != null) {
                    EvalResult.num((ObjectNode) per.get(c), "membership_z", z[0]);
                    EvalResult.num((ObjectNode) per.get(c), "membership_feature_z", z[1]);
                }
            }
        }
        ObjectNode nc = o.putObject("nearest_copies");
        nc.put("image", STRIP);
        ArrayNode rows = nc.putArray("rows");
        for (PrivacyAudit.NearestCopy c : r.nearest()) {
            ObjectNode row = rows.addObject();
            row.put("training_index", c.member());
            ArrayNode cl = row.putArray("clients");
            for (int v : c.clients()) {
                cl.add(v);
            }
            row.put("class", c.label() < out.classNames().size() ? out.classNames().get(c.label()) : String.valueOf(c.label()));
            ArrayNode g = row.putArray("generated_index");
            for (int v : c.generated()) {
                g.add(v);
            }
            ArrayNode d = row.putArray("distances");
            for (double v : c.distances()) {
                d.add(v);
            }
        }
        ArrayNode f = o.putArray("findings");
        r.findings().forEach(f::add);
        o.put("flagged", r.flagged());
        return o;
    }

    private static void perClient(ObjectNode o, List<PrivacyAudit.Figures> perClient) {
        ArrayNode per = o.putArray("per_client");
        for (int c = 0; c < perClient.size(); c++) {
            ObjectNode e = per.addObject();
            e.put("client", c);
            if (perClient.get(c) == null) {
                e.put("members", 0).put("skipped", "fewer than 2 training images");
            } else {
                e.put("members", perClient.get(c).members());
                figures(e, perClient.get(c));
            }
        }
    }

    private static void figures(ObjectNode o, PrivacyAudit.Figures f) {
        ObjectNode dcr = o.putObject("dcr");
        distances(dcr.putObject("pixel"), f.dcrPixel());
        distances(dcr.putObject("feature"), f.dcrFeature());
        ObjectNode nndr = o.putObject("nndr");
        distances(nndr.putObject("pixel"), f.nndrPixel());
        distances(nndr.putObject("feature"), f.nndrFeature());
        auc(o, "membership_auc", f.membershipPixel());
        auc(o, "membership_auc_feature", f.membershipFeature());
    }

    private static void distances(ObjectNode o, PrivacyAudit.Distances d) {
        EvalResult.num(o, "p5", d.p5());
        EvalResult.num(o, "median", d.median());
        EvalResult.num(o, "ratio", d.ratio());
        EvalResult.num(o, "ratio_p5", d.ratioP5());
        EvalResult.num(o, "holdout_p5", d.holdoutP5());
        EvalResult.num(o, "holdout_median", d.holdoutMedian());
    }

    private static void auc(ObjectNode o, String key, MembershipAuc a) {
        EvalResult.num(o, key, a.auc());
        EvalResult.num(o, key + "_se", a.se());
        ArrayNode ci = o.putArray(key + "_ci");
        if (Double.isFinite(a.lower())) {
            ci.add(a.lower()).add(a.upper());
        }
    }
}
