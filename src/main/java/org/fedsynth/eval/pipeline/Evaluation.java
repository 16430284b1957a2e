package org.fedsynth.eval.pipeline;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.fedsynth.attack.Trigger;
import org.fedsynth.attack.TriggerSpec;
import org.fedsynth.attack.TriggerScore;
import org.fedsynth.config.ConfigException;
import org.fedsynth.config.RunConfig;
import org.fedsynth.data.ImageSet;
import org.fedsynth.eval.backdoor.TriggerClassifier;
import org.fedsynth.eval.FeatureIO;
import org.fedsynth.eval.FidelityMetrics;
import org.fedsynth.eval.MetricSet;
import org.fedsynth.eval.features.DomainEvaluator;
import org.fedsynth.eval.features.FeatureNetwork;
import org.fedsynth.eval.features.TorchScriptFeatureNetwork;
import org.fedsynth.eval.utility.UtilityStudy;
import org.fedsynth.fl.server.RunParts;
import org.fedsynth.gan.GanWorkbench;
import org.fedsynth.gan.TrainSettings;
import org.fedsynth.run.Checkpoint;
import org.fedsynth.run.RunDirectory;
import org.fedsynth.util.Seeds;

/**
 * {@code fedsynth evaluate}: every metric for a finished run, written to {@code RUN/eval.json}.
 *
 * <ol>
 *   <li>Read {@code config.resolved.yaml} and the newest readable checkpoint's published generator ({@code Checkpoint.sampleGenerator}).</li>
 *   <li>Load the real data and its train/test split ({@link EvalData}).</li>
 *   <li>Pick the feature network: {@code --torchscript}, {@code --evaluator} (its data fingerprint must
 *       match), or the default domain evaluator cached in {@code <run parent>/.evaluator-<fp16>/},
 *       trained on first use (so a sweep shares one evaluator per dataset).</li>
 *   <li>Generate N images, classes balanced, from a seeded noise stream, quantised to 8 bits as
 *       {@code fedsynth generate} would save them; score the trigger on them when the run has an
 *       {@code attack} section.</li>
 *   <li>Features of the real test split and of the generated images, exported as
 *       {@code features-real.csv} / {@code features-fake.csv} ({@link FeatureIO}, with labels).</li>
 *   <li>{@link FidelityMetrics#perClass}: FD, KID, precision, recall, density, coverage; one k for
 *       all four (as the {@code prdc} reference's {@code nearest_k}).</li>
 *   <li>The privacy audit ({@link EvalPrivacy}): DCR, NNDR and membership inference of the training
 *       images against the test split, overall and per client, and the nearest-copies picture; unless disabled.</li>
 *   <li>The utility study ({@link UtilityStudy}), unless disabled.</li>
 * </ol>
 *
 * <p>One responsibility, the order of the evaluation's phases; each phase's work is elsewhere
 * ({@link EvalData}, the feature networks, {@link FidelityMetrics}, {@link EvalDiversity},
 * {@link UtilityStudy}, {@link EvalResult}).
 */
public final class Evaluation {

    /** Real features CSV in the run folder. */
    public static final String FEATURES_REAL = "features-real.csv";
    /** Generated features CSV in the run folder. */
    public static final String FEATURES_FAKE = "features-fake.csv";
    private static final int GEN_BATCH = 64;

    private Evaluation() {}

    /** Evaluates the run in {@code runDir}, writes {@code eval.json} there, and returns the result. */
    public static EvalResult run(Path runDir, EvalOptions o, PrintStream progress) throws IOException {
        long t0 = System.nanoTime();
        Map<String, Double> timings = new LinkedHashMap<>();
        if (!Files.isDirectory(runDir)) {
            throw new NoSuchFileException(runDir + ": run folder not found (give the --out folder of fedsynth train)");
        }
        RunConfig cfg = RunDirectory.readConfig(runDir);
        Path configFile = runDir.resolve(RunDirectory.CONFIG_FILE);
        if (cfg.federation().partition().equals("folders")) {
            throw new ConfigException(configFile + ": federation.partition: folders is not supported by evaluate yet"
                    + " (merge the client folders into one ImageFolder and evaluate a run on it)");
        }
        Checkpoint ckpt = newestCheckpoint(runDir, progress);
        boolean finished = Files.isRegularFile(runDir.resolve("summary.json"));
        if (!finished) {
            progress.println("warning: " + runDir + " has no summary.json (unfinished run); evaluating round " + ckpt.round());
        }
        long t = System.nanoTime();
        EvalData data = EvalData.load(cfg.data(), cfg.seed());
        if (data.train().channels() != ckpt.spec().channels() || data.train().numClasses() != ckpt.spec().numClasses()
                || data.train().height() != ckpt.spec().resolution()) {
            throw new IllegalStateException(runDir + ": the checkpoint's generator makes " + ckpt.spec().channels() + "x"
                    + ckpt.spec().resolution() + " images of " + ckpt.spec().numClasses() + " classes, but the data in "
                    + configFile + " is " + data.train().channels() + "x" + data.train().height() + " with "
                    + data.train().numClasses() + " classes; was the data changed after training?");
        }
        progress.println("data: " + data.rule() + "; fingerprint " + data.fingerprint());
        timings.put("data", secs(t));

        t = System.nanoTime();
        try (FeatureNetwork net = featureNetwork(runDir, data, o, progress)) {
            timings.put("feature_network", secs(t));
            FeatureNetwork.Description desc = net.describe();
            progress.println("features: " + desc.kind() + " network, " + desc.dims() + " dimensions"
                    + (desc.path().isEmpty() ? "" : " (" + desc.path() + ")"));

            t = System.nanoTime();
            List<String> classes = ckpt.classNames();
            int[] perClass = perClass(o, classes.size());
            TriggerScore scorer = triggerScorer(cfg, ckpt);
            List<double[]> scores = new ArrayList<>();
            ImageSet fake = generate(ckpt, perClass, Seeds.rng(o.seed(), "eval-generate"), scorer, scores);
            Double triggerScore = null;
            Double backdoorRate = null;
            if (scorer != null) {
                double[] all = scores.stream().flatMapToDouble(Arrays::stream).toArray();
                triggerScore = Arrays.stream(all).average().orElse(Double.NaN);
                backdoorRate = Arrays.stream(all).filter(v -> v > scorer.threshold()).count() / (double) all.length;
                progress.printf("trigger_score of %d generated images: %.4f (backdoor_rate %.3f)%n", all.length, triggerScore,
                        backdoorRate);
            }
            timings.put("generate", secs(t));

            TriggerClassifier.Result backdoor = null;
            if (cfg.attack() != null) {
                t = System.nanoTime();
                Trigger full = Trigger.build(RunParts.attack(cfg).trigger(), ckpt.spec().resolution(), ckpt.spec().channels());
                backdoor = TriggerClassifier.measure(data.train(), data.test(), full, fake,
                        Seeds.derive(o.seed(), "eval-backdoor"), progress);
                timings.put("backdoor", secs(t));
            }

            t = System.nanoTime();
            double[][] realF = net.features(data.test());
            double[][] fakeF = net.features(fake);
            FeatureIO.write(runDir.resolve(FEATURES_REAL), realF, data.test().labels());
            FeatureIO.write(runDir.resolve(FEATURES_FAKE), fakeF, fake.labels());
            timings.put("features", secs(t));

            t = System.nanoTime();
            FidelityMetrics.Options mo = new FidelityMetrics.Options(o.k(), o.k(), o.kidSubsets(), o.kidSubsetSize(),
                    Seeds.derive(o.seed(), "eval-kid"));
            Map<String, MetricSet> byLabel = FidelityMetrics.perClass(realF, data.test().labels(), fakeF, fake.labels(), mo);
            Map<String, MetricSet> fidelity = new LinkedHashMap<>();
            for (Map.Entry<String, MetricSet> e : byLabel.entrySet()) {
                String key = e.getKey().equals(FidelityMetrics.OVERALL) ? e.getKey() : classes.get(Integer.parseInt(e.getKey()));
                fidelity.put(key, e.getValue());
            }
            Map<String, EvalResult.DiversityScores> diversity = EvalDiversity.of(data.test(), realF, fake, fakeF, classes,
                    Seeds.derive(o.seed(), "eval-diversity"), progress);
            MetricSet ov = fidelity.get(FidelityMetrics.OVERALL);
            progress.printf("fidelity (%d real, %d generated): FD %.4f  KID %.5f  precision %.3f  recall %.3f  density %.3f"
                    + "  coverage %.3f%n", realF.length, fakeF.length, ov.fd(), ov.kidMean(), ov.precision(), ov.recall(),
                    ov.density(), ov.coverage());
            progress.printf("diversity (generated / real mean pairwise distance, 1 = as varied as the data): feature %.3f"
                    + "  pixel %.3f%n", diversity.get(FidelityMetrics.OVERALL).feature(),
                    diversity.get(FidelityMetrics.OVERALL).pixel());
            timings.put("metrics", secs(t));

            EvalPrivacy.Outcome privacy = null;
            if (o.privacy()) {
                t = System.nanoTime();
                privacy = EvalPrivacy.run(runDir, cfg, data, net, realF, fake, fakeF, classes, progress);
                timings.put("privacy", secs(t));
            }

            EvalResult.Utility utility = null;
            if (o.utility()) {
                t = System.nanoTime();
                List<Long> seeds = new ArrayList<>();
                for (int i = 0; i < o.utilitySeeds(); i++) {
                    seeds.add(o.seed() + i);
                }
                int rebalanceTo = UtilityStudy.rebalanceTarget(data.train(), o.utilityRebalance());
                UtilityStudy.Options uo = new UtilityStudy.Options(o.utilityNs(), o.utilityM(), seeds, o.utilitySteps(), 32, 1e-3,
                        rebalanceTo);
                List<UtilityStudy.Row> rows = UtilityStudy.run(data.train(), data.test(),
                        (s, counts) -> generate(ckpt, counts, Seeds.rng(s, "utility-synthetic"), null, null), uo, progress);
                utility = new EvalResult.Utility(o.utilityM(), seeds, classes, o.utilitySteps(), rows);
                timings.put("utility", secs(t));
            }
            EvalResult r = new EvalResult(runDir.toAbsolutePath().normalize().getFileName().toString(), desc, fake.size(),
                    data.test().size(), o.seed(), fidelity, diversity, triggerScore, backdoorRate, backdoor, utility, privacy, ckpt.round(), finished,
                    data.fingerprint(), data.rule(), timings, secs(t0));
            Path file = r.write(runDir);
            progress.printf("wrote %s (%.1f s)%n", file, r.elapsedS());
            return r;
        }
    }

    /** {@code o.generated()} images spread over {@code k} classes, the first classes one more when it does not divide. */
    private static int[] perClass(EvalOptions o, int k) {
        int[] perClass = new int[k];
        for (int c = 0; c < k; c++) {
            perClass[c] = o.generated() / k + (c < o.generated() % k ? 1 : 0);
        }
        return perClass;
    }

    /**
     * The trigger classifier of another trigger on these runs' generators: the same generated images, data and
     * classifier seed as {@link #run} uses, and one classifier for all of them, so that runs without an attack
     * measured under an attack's trigger give that measure's false-positive floor (used by {@code fedsynth
     * robustness}). The runs must share their data.
     */
    public static List<TriggerClassifier.Result> backdoorUnder(List<Path> runDirs, TriggerSpec trigger, EvalOptions o,
            PrintStream progress) throws IOException {
        EvalData data = null;
        Checkpoint first = null;
        List<ImageSet> fakes = new ArrayList<>();
        for (Path runDir : runDirs) {
            RunConfig cfg = RunDirectory.readConfig(runDir);
            Checkpoint ckpt = newestCheckpoint(runDir, progress);
            if (data == null) {
                data = EvalData.load(cfg.data(), cfg.seed());
                first = ckpt;
            }
            fakes.add(generate(ckpt, perClass(o, ckpt.classNames().size()), Seeds.rng(o.seed(), "eval-generate"), null,
                    null));
        }
        Trigger full = Trigger.build(trigger, first.spec().resolution(), first.spec().channels());
        return TriggerClassifier.measureAll(data.train(), data.test(), full, fakes, Seeds.derive(o.seed(), "eval-backdoor"),
                progress);
    }

    private static double secs(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** The newest checkpoint that reads back (corrupt ones skipped with a warning). */
    static Checkpoint newestCheckpoint(Path runDir, PrintStream warn) throws IOException {
        List<Path> files = RunDirectory.listCheckpoints(runDir.resolve("checkpoints"));
        for (Path p : files) {
            try {
                return Checkpoint.read(p);
            } catch (IOException | RuntimeException e) {
                warn.println("warning: skipping unreadable checkpoint " + p + ": " + e.getMessage());
            }
        }
        throw new NoSuchFileException(runDir.resolve("checkpoints") + ": no readable checkpoint (round-NNNN.ckpt), so there"
                + " is no generator to evaluate; train the run first (fedsynth train --out " + runDir + ")");
    }

    /** A trigger scorer when the run has an {@code attack} section and its trigger has a score; else null. */
    private static TriggerScore triggerScorer(RunConfig cfg, Checkpoint ckpt) {
        if (cfg.attack() == null) {
            return null;
        }
        Trigger trigger = Trigger.build(RunParts.attack(cfg).trigger(), ckpt.spec().resolution(), ckpt.spec().channels());
        TriggerScore s = new TriggerScore(trigger);
        return s.mode() == TriggerScore.Mode.UNDEFINED ? null : s;
    }

    /**
     * {@code perClass[c]} images of each class from the checkpoint's generator, quantised to bytes;
     * when {@code scorer} is given, each batch's per-image trigger scores are added to {@code scores}.
     */
    static ImageSet generate(Checkpoint ckpt, int[] perClass, Random rng, TriggerScore scorer, List<double[]> scores) {
        var spec = ckpt.spec();
        int per = spec.channels() * spec.resolution() * spec.resolution();
        List<byte[]> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (GanWorkbench wb = new GanWorkbench(spec, TrainSettings.dcgan(GEN_BATCH))) {
            wb.loadGenerator(ckpt.sampleGenerator());
            for (int c = 0; c < perClass.length; c++) {
                for (int done = 0; done < perClass[c]; ) {
                    int b = Math.min(GEN_BATCH, perClass[c] - done);
                    int[] lab = new int[b];
                    Arrays.fill(lab, c);
                    float[] x = wb.generate(GanWorkbench.gaussian(b * spec.zDim(), rng), lab);
                    if (scorer != null) {
                        scores.add(scorer.score(x).perImage());
                    }
                    for (int i = 0; i < b; i++) {
                        byte[] img = new byte[per];
                        for (int j = 0; j < per; j++) {
                            img[j] = ImageSet.unitToPixel(x[i * per + j]);
                        }
                        images.add(img);
                        labels.add(c);
                    }
                    done += b;
                }
            }
        }
        return new ImageSet(ckpt.classNames(), spec.channels(), spec.resolution(), spec.resolution(), images,
                labels.stream().mapToInt(Integer::intValue).toArray(), "generator of round " + ckpt.round());
    }

    /** The feature network the options ask for; see the class comment. */
    static FeatureNetwork featureNetwork(Path runDir, EvalData data, EvalOptions o, PrintStream progress) throws IOException {
        if (o.torchscript() != null) {
            return TorchScriptFeatureNetwork.load(o.torchscript());
        }
        if (o.evaluator() != null) {
            DomainEvaluator ev = DomainEvaluator.load(o.evaluator());
            try {
                ev.requireFingerprint(data.fingerprint(), "run " + runDir, o.force(), progress);
            } catch (RuntimeException e) {
                ev.close();
                throw e;
            }
            return ev;
        }
        return defaultEvaluator(defaultEvaluatorDir(runDir, data), data, o.evaluatorTraining(), progress);
    }

    /** {@code <run parent>/.evaluator-<first 16 hex digits of the data fingerprint>}. */
    public static Path defaultEvaluatorDir(Path runDir, EvalData data) {
        Path parent = runDir.toAbsolutePath().normalize().getParent();
        return parent.resolve(".evaluator-" + data.shortFingerprint());
    }

    /**
     * Loads the evaluator in {@code dir}, or trains one on {@code data} and saves it there first. The
     * new evaluator is written to a temporary folder and renamed, so concurrent evaluations of one
     * sweep never see half an evaluator; when two train at once, the first rename wins.
     */
    public static DomainEvaluator defaultEvaluator(Path dir, EvalData data, DomainEvaluator.TrainOptions t,
                                                   PrintStream progress) throws IOException {
        if (Files.isRegularFile(dir.resolve(DomainEvaluator.INFO_FILE))) {
            DomainEvaluator ev = DomainEvaluator.load(dir);
            try {
                ev.requireFingerprint(data.fingerprint(), "this data", false, progress);
            } catch (RuntimeException e) {
                ev.close();
                throw e;
            }
            progress.println("evaluator: using cached " + dir);
            return ev;
        }
        progress.println("evaluator: none cached for this data; training one into " + dir);
        Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try (DomainEvaluator trained = DomainEvaluator.train(data.train(), data.test(), data.fingerprint(), data.rule(), t,
                progress)) {
            trained.save(tmp);
        }
        try {
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            progress.println("evaluator: another process saved " + dir + " first; using it");
            deleteTree(tmp);
        } catch (AtomicMoveNotSupportedException e) {
            deleteTree(tmp);
            throw new IOException(dir.getParent() + ": cannot rename folders atomically here; train an evaluator with"
                    + " fedsynth evaluator train and pass --evaluator", e);
        }
        return DomainEvaluator.load(dir);
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
