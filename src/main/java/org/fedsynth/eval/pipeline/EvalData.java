package org.fedsynth.eval.pipeline;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.fedsynth.config.ConfigException;
import org.fedsynth.config.DataConfig;
import org.fedsynth.data.Datasets;
import org.fedsynth.data.ImageSet;
import org.fedsynth.data.NpzLoader;
import org.fedsynth.data.Phantoms;
import org.fedsynth.data.Preprocess;
import org.fedsynth.util.Seeds;

/**
 * The real data an evaluation uses, at the run's resolution and channel count: a training split
 * (the domain evaluator and the utility study's real images are drawn from it) and a test split
 * (every metric is measured against it), plus the data fingerprint that ties a domain evaluator to
 * its data.
 *
 * <p><b>Split rule</b>, by {@code data.format}:
 * <ul>
 *   <li>{@code npz}: train = the configured {@code data.split}; test = the file's {@code test}
 *       arrays ({@code val} when the run itself trained on {@code test}).</li>
 *   <li>{@code imagefolder}, {@code csv}, {@code dicom}: the whole set, split per class by a fixed seeded
 *       permutation (independent of the run's seed, so every run of one dataset shares it):
 *       {@code round(0.2 n_c)} images of each class with {@code n_c >= 2} (at least one) are held
 *       out as test, the rest are train. The federated GAN saw the held-out images (it trains on the
 *       whole folder), so for these formats the test split is held out from the evaluator and the
 *       diagnostic classifier only. When the data names each image's patient (DICOM Patient ID, or a
 *       CSV's {@code patient_column}), the split is by patient: see {@link #holdOut}.</li>
 *   <li>{@code phantom}: train = the run's own phantoms (seeded by the run's seed); test = a
 *       separate draw of {@code max(100, phantom_count / 4)} phantoms from a fixed seed.</li>
 * </ul>
 *
 * <p><b>Fingerprint</b>: {@code sha256:} + SHA-256 over class names, channels, resolution, and the
 * pixels and labels of the train then the test split, exactly as the networks see them; so moving
 * or re-encoding a file keeps it, and any change to the images, the split, the resolution or the
 * channels changes it. Phantom data is procedural, so its fingerprint hashes the description
 * ({@code kind}, count, resolution, channels) instead: one evaluator serves phantom runs of every seed.
 *
 * @param train       the training split
 * @param test        the test split
 * @param fingerprint {@code sha256:<64 hex digits>}
 * @param rule        a one-line description of the split, for {@code eval.json} and logs
 */
public record EvalData(ImageSet train, ImageSet test, String fingerprint, String rule) {

    /** Fraction of each class held out as test for ImageFolder and CSV data. */
    public static final double HOLDOUT_FRACTION = 0.2;
    private static final long HOLDOUT_SEED = 0L;

    /** Loads the evaluation data of a run's {@code data} section ({@code seed}: the run's root seed). */
    public static EvalData load(DataConfig data, long seed) {
        int res = data.resolution();
        return switch (data.format()) {
            case "phantom" -> {
                ImageSet train = Datasets.load(data, seed);
                int testCount = Math.max(100, data.phantomCount() / 4);
                ImageSet test = Phantoms.generate(data.phantomKind(), testCount, res,
                        Seeds.derive(HOLDOUT_SEED, "eval-phantom-test"));
                int ch = data.channels() != null ? data.channels() : test.channels();
                test = Preprocess.toResolution(test, res, ch);
                String desc = "phantom kind=" + data.phantomKind() + " count=" + data.phantomCount() + " resolution=" + res
                        + " channels=" + ch + " classes=" + train.classNames();
                yield new EvalData(train, test, "sha256:" + sha256(desc.getBytes(StandardCharsets.UTF_8)),
                        "phantom: train = the run's " + train.size() + " phantoms; test = " + testCount
                                + " phantoms from a fixed seed");
            }
            case "npz" -> {
                String testSplit = data.split().equals("test") ? "val" : "test";
                ImageSet train = Datasets.load(data, seed);
                ImageSet test = NpzLoader.load(Path.of(data.path()), testSplit);
                test = Preprocess.toResolution(test, res, train.channels());
                if (!test.classNames().equals(train.classNames())) {
                    throw new ConfigException(data.path() + ": split '" + testSplit + "' has classes " + test.classNames()
                            + " but '" + data.split() + "' has " + train.classNames());
                }
                yield of(train, test, "npz: train = split '" + data.split() + "' (" + train.size() + "), test = split '"
                        + testSplit + "' (" + test.size() + ")");
            }
            case "imagefolder", "csv", "dicom" -> {
                ImageSet all = Datasets.load(data, seed);
                ImageSet[] parts = holdOut(all);
                String rule = all.hasPatients()
                        ? data.format() + ": by patient, " + Math.round(HOLDOUT_FRACTION * 100) + "% of each class's patients"
                                + " held out as test by a fixed seed, with all their images (train " + parts[0].size() + ", test "
                                + parts[1].size() + " images)"
                        : data.format() + ": per class, " + Math.round(HOLDOUT_FRACTION * 100)
                                + "% held out as test by a fixed seed (train " + parts[0].size() + ", test " + parts[1].size() + ")";
                yield new EvalData(parts[0], parts[1], contentFingerprint(parts[0], parts[1],
                        all.hasPatients() ? SPLIT_BY_PATIENT : SPLIT_BY_IMAGE), rule);
            }
            default -> throw new ConfigException("data.format: evaluation does not support '" + data.format() + "'");
        };
    }

    /** Train and test sets, fingerprinted by content. */
    static EvalData of(ImageSet train, ImageSet test, String rule) {
        return new EvalData(train, test, contentFingerprint(train, test), rule);
    }

    /**
     * The stratified, fixed-seed hold-out of ImageFolder, CSV and DICOM data: {train, test}. When the
     * set knows its patients, whole patients are held out: each patient counts for the class most of
     * its images have, and {@code round(0.2 p_c)} of the {@code p_c} patients of each class (at least
     * one when {@code p_c >= 2}) go to test with every image they have.
     */
    static ImageSet[] holdOut(ImageSet all) {
        if (all.hasPatients()) {
            return holdOutPatients(all);
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int c = 0; c < all.numClasses(); c++) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                if (all.label(i) == c) {
                    idx.add(i);
                }
            }
            java.util.Collections.shuffle(idx, new Random(Seeds.derive(HOLDOUT_SEED, "eval-holdout", c)));
            int k = idx.size() < 2 ? 0 : Math.max(1, (int) Math.round(HOLDOUT_FRACTION * idx.size()));
            test.addAll(idx.subList(0, k));
            train.addAll(idx.subList(k, idx.size()));
        }
        return new ImageSet[] {
            all.subset(train.stream().mapToInt(Integer::intValue).sorted().toArray(), all.source() + " (eval train)"),
            all.subset(test.stream().mapToInt(Integer::intValue).sorted().toArray(), all.source() + " (eval test)")
        };
    }

    private static ImageSet[] holdOutPatients(ImageSet all) {
        java.util.Map<String, List<Integer>> byPatient = new java.util.TreeMap<>();
        for (int i = 0; i < all.size(); i++) {
            byPatient.computeIfAbsent(all.patient(i), k -> new ArrayList<>()).add(i);
        }
        List<List<String>> patientsOf = new ArrayList<>();
        for (int c = 0; c < all.numClasses(); c++) {
            patientsOf.add(new ArrayList<>());
        }
        for (var e : byPatient.entrySet()) {
            int[] counts = new int[all.numClasses()];
            e.getValue().forEach(i -> counts[all.label(i)]++);
            int best = 0;
            for (int c = 1; c < counts.length; c++) {
                if (counts[c] > counts[best]) {
                    best = c;
                }
            }
            patientsOf.get(best).add(e.getKey());
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int c = 0; c < all.numClasses(); c++) {
            List<String> ps = patientsOf.get(c);
            java.util.Collections.shuffle(ps, new Random(Seeds.derive(HOLDOUT_SEED, "eval-holdout-patients", c)));
            int k = ps.size() < 2 ? 0 : Math.max(1, (int) Math.round(HOLDOUT_FRACTION * ps.size()));
            for (int j = 0; j < ps.size(); j++) {
                (j < k ? test : train).addAll(byPatient.get(ps.get(j)));
            }
        }
        return new ImageSet[] {
            all.subset(train.stream().mapToInt(Integer::intValue).sorted().toArray(), all.source() + " (eval train, by patient)"),
            all.subset(test.stream().mapToInt(Integer::intValue).sorted().toArray(), all.source() + " (eval test, by patient)")
        };
    }

    /** The split rule by images (recorded in the fingerprint). */
    static final String SPLIT_BY_IMAGE = "image";
    /** The split rule by patients (recorded in the fingerprint). */
    static final String SPLIT_BY_PATIENT = "patient";

    /** {@code sha256:} of class names, channels, resolution, and each split's labels and pixels. */
    static String contentFingerprint(ImageSet train, ImageSet test) {
        return contentFingerprint(train, test, SPLIT_BY_IMAGE);
    }

    /**
     * {@code sha256:} of class names, channels, resolution, the split rule (a by-patient split adds
     * {@code split=patient}; a by-image split keeps the version-1 text, so existing evaluators stay valid),
     * and each split's labels and pixels.
     */
    static String contentFingerprint(ImageSet train, ImageSet test, String splitRule) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(("fedsynth-eval-data v1\n" + train.classNames() + "\n" + train.channels() + "x" + train.height() + "x"
                    + train.width() + "\n" + (splitRule.equals(SPLIT_BY_IMAGE) ? "" : "split=" + splitRule + "\n"))
                    .getBytes(StandardCharsets.UTF_8));
            for (ImageSet s : List.of(train, test)) {
                md.update(("split " + s.size() + "\n").getBytes(StandardCharsets.UTF_8));
                for (int i = 0; i < s.size(); i++) {
                    int l = s.label(i);
                    md.update(new byte[] {(byte) (l >>> 24), (byte) (l >>> 16), (byte) (l >>> 8), (byte) l});
                    md.update(s.images().get(i));
                }
            }
            return "sha256:" + HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first 16 hex digits of the fingerprint, for folder names. */
    public String shortFingerprint() {
        return fingerprint.substring("sha256:".length(), "sha256:".length() + 16);
    }
}
