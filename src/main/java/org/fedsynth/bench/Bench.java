package org.fedsynth.bench;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.fl.AggregationStrategy;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.LocalStats;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.RoundContext;
import org.fedsynth.fl.Tensor;
import org.fedsynth.fl.client.ClientState;
import org.fedsynth.fl.client.LocalClient;
import org.fedsynth.fl.server.RoundAggregator;
import org.fedsynth.fl.server.WorkbenchProbe;
import org.fedsynth.fl.sim.Simulations;
import org.fedsynth.fl.strategy.CoordinateMedian;
import org.fedsynth.fl.strategy.FedAvg;
import org.fedsynth.fl.strategy.FedDetect;
import org.fedsynth.fl.strategy.FedDetectSettings;
import org.fedsynth.gan.BatchSource;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.gan.GanWorkbench;
import org.fedsynth.gan.RealBatch;
import org.fedsynth.gan.TrainSettings;
import org.fedsynth.run.MetricsLog;
import org.fedsynth.util.AtomicFiles;
import org.fedsynth.util.Memory;

/**
 * The benchmark workloads of {@code fedsynth bench}. Each prints one JSON line per figure and all
 * go into {@code bench.json}. Timed figures report the median and the minimum over at least 5
 * repetitions after warm-up ({@code --quick} runs fewer, as a smoke test only).
 */
public final class Bench {

    /** GFLOP per image per local step of the 64px reference model (G fwd 210 + D fwd 212 MFLOP). */
    static final double GFLOP_PER_IMAGE_STEP64 = 2.54;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final boolean quick;
    private final PrintStream out;
    private final ArrayNode figures = JSON.createArrayNode();

    private Bench(boolean quick, PrintStream out) {
        this.quick = quick;
        this.out = out;
    }

    /** The workloads, in the order they run. */
    public static final List<String> WORKLOADS = List.of("step64", "step32", "round", "aggregate", "memory", "growth", "scale");

    /** Runs the selected workloads (all when {@code only} is empty) and writes {@code bench.json} into {@code dir}. */
    public static ObjectNode run(boolean quick, java.util.Set<String> only, Path dir, PrintStream out) throws IOException {
        for (String w : only) {
            if (!WORKLOADS.contains(w)) {
                throw new org.fedsynth.config.ConfigException("--only: unknown workload '" + w + "'; choose from " + WORKLOADS);
            }
        }
        java.util.function.Predicate<String> on = w -> only.isEmpty() || only.contains(w);
        Bench b = new Bench(quick, out);
        ObjectNode meta = b.emit(JSON.createObjectNode().put("figure", "environment")
                .put("quick", quick)
                .put("cpu", cpuModel())
                .put("cores", Runtime.getRuntime().availableProcessors())
                .put("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"))
                .put("interop_threads", System.getProperty("ai.djl.pytorch.num_interop_threads", "default"))
                .put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
                .put("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion())
                .put("djl", Engine.getDjlVersion()));
        if (on.test("step64")) {
            b.step(64, 3, "step64");
        }
        if (on.test("step32")) {
            b.step(32, 1, "step32");
        }
        if (on.test("round")) {
            b.round();
        }
        if (on.test("aggregate")) {
            b.aggregate();
        }
        if (on.test("memory")) {
            b.memory(dir);
        }
        if (on.test("growth")) {
            b.growth(dir);
        }
        if (on.test("scale")) {
            b.scale(dir);
        }
        ObjectNode all = JSON.createObjectNode();
        all.set("environment", meta);
        all.set("figures", b.figures);
        Files.createDirectories(dir);
        AtomicFiles.writeString(dir.resolve("bench.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(all));
        return all;
    }

    private ObjectNode emit(ObjectNode o) {
        figures.add(o);
        out.println(o.toString());
        out.flush();
        return o;
    }

    private int reps() {
        return quick ? 2 : 7;
    }

    private int warmup() {
        return quick ? 1 : 3;
    }

    /** Random real batches of one resolution and channel count (the step cost does not depend on content). */
    static BatchSource randomImages(int channels, int res) {
        return new BatchSource() {
            @Override
            public int size() {
                return 1024;
            }

            @Override
            public RealBatch next(int b, Random rng) {
                float[] px = new float[b * channels * res * res];
                int[] labels = new int[b];
                for (int i = 0; i < px.length; i++) {
                    px[i] = rng.nextFloat() * 2 - 1;
                }
                for (int i = 0; i < b; i++) {
                    labels[i] = rng.nextInt(2);
                }
                return new RealBatch(px, labels);
            }
        };
    }

    /** One local step (D update on 32 real + 32 fake, then G update) at batch 32. */
    private void step(int res, int channels, String name) {
        GanSpec spec = GanSpec.standard(res, channels, 2);
        try (GanWorkbench wb = new GanWorkbench(spec, TrainSettings.dcgan(32))) {
            wb.loadGenerator(wb.initialGenerator(1));
            wb.loadDiscriminator(wb.initialDiscriminator(2));
            BatchSource src = randomImages(channels, res);
            Random rng = new Random(3);
            double[] ms = new double[reps()];
            for (int i = -warmup(); i < reps(); i++) {
                RealBatch batch = src.next(32, rng);
                float[] z = GanWorkbench.gaussian(32 * spec.zDim(), rng);
                long t = System.nanoTime();
                wb.step(batch, z, null);
                if (i >= 0) {
                    ms[i] = (System.nanoTime() - t) / 1e6;
                }
            }
            double median = median(ms);
            ObjectNode o = JSON.createObjectNode().put("figure", name)
                    .put("resolution", res).put("channels", channels).put("batch", 32)
                    .put("repetitions", ms.length)
                    .put("median_ms", median).put("min_ms", Arrays.stream(ms).min().orElseThrow())
                    .put("images_per_s", 32 * 1000 / median);
            if (res == 64) {
                o.put("gflops", GFLOP_PER_IMAGE_STEP64 * 32 / (median / 1000));
            }
            emit(o);
        }
    }

    /** 4 clients x 10 local steps at 32px, then FedAvg; FedDetect's extra cost measured on the same updates. */
    private void round() {
        GanSpec spec = GanSpec.standard(32, 1, 2);
        int clients = 4;
        int steps = quick ? 2 : 10;
        try (GanWorkbench wb = new GanWorkbench(spec, TrainSettings.dcgan(32))) {
            ModelWeights global = wb.initialGenerator(1);
            List<ClientState> states = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                states.add(new ClientState(i, wb.initialDiscriminator(10 + i), null, null));
            }
            BatchSource src = randomImages(1, 32);
            double[] roundMs = new double[reps()];
            double[] aggMs = new double[reps()];
            double[] detectMs = new double[reps()];
            FedAvg fedAvg = new FedAvg();
            FedDetect fedDetect = new FedDetect(FedDetectSettings.defaults().withWarmup(0));
            // the configuration the project ships: output-space detector with memory (renders 4 generators)
            FedDetect shipped = new FedDetect(FedDetectSettings.defaults().withWarmup(1).withDecay(0.8)
                    .withFeatures(List.of("output_deviation")).withUpperTail(true).withMemory(0.5)
                    .withMinRatio(2.5));
            WorkbenchProbe probe = new WorkbenchProbe(wb, 1);
            double[] shippedMs = new double[reps()];
            com.fasterxml.jackson.databind.JsonNode shippedState = null;
            for (int r = -warmup(); r < reps(); r++) {
                int round = Math.max(1, r + 1);
                long t0 = System.nanoTime();
                List<ClientUpdate> updates = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    LocalClient.Result res = LocalClient.trainRound(wb, states.get(i), round, global, null, src, steps,
                            new Random(100L * round + i));
                    states.set(i, res.state());
                    updates.add(res.update());
                }
                RoundContext ctx = new RoundContext(round, global, null, null, round);
                long t1 = System.nanoTime();
                RoundAggregator.aggregate(fedAvg, ctx, updates, RoundAggregator.Weighting.SAMPLES);
                long t2 = System.nanoTime();
                RoundAggregator.aggregate(fedDetect, ctx, updates, RoundAggregator.Weighting.SAMPLES);
                long t3 = System.nanoTime();
                RoundContext ctxProbe = new RoundContext(round, global, null, shippedState, round, probe);
                shippedState = RoundAggregator.aggregate(shipped, ctxProbe, updates, RoundAggregator.Weighting.SAMPLES).state();
                long t4 = System.nanoTime();
                if (r >= 0) {
                    shippedMs[r] = Math.max(0, (t4 - t3) - (t2 - t1)) / 1e6;
                    aggMs[r] = (t2 - t1) / 1e6;
                    detectMs[r] = Math.max(0, (t3 - t2) - (t2 - t1)) / 1e6;
                    roundMs[r] = (t2 - t0) / 1e6 + detectMs[r];
                }
            }
            double round = median(roundMs);
            emit(JSON.createObjectNode().put("figure", "round")
                    .put("clients", clients).put("local_steps", steps).put("resolution", 32)
                    .put("repetitions", roundMs.length)
                    .put("median_ms", round).put("min_ms", Arrays.stream(roundMs).min().orElseThrow())
                    .put("aggregation_ms", median(aggMs)).put("detection_ms", median(detectMs))
                    .put("aggregation_share", median(aggMs) / round)
                    .put("detection_share", median(detectMs) / round)
                    .put("detection_output_ms", median(shippedMs))
                    .put("detection_output_share", median(shippedMs) / round)
                    .put("peak_rss_process_mb", Memory.peakRssMb()));
        }
    }

    /** FedAvg, median and FedDetect over N updates of the 64px generator's size. */
    private void aggregate() {
        ModelWeights layout;
        try (GanWorkbench wb = new GanWorkbench(GanSpec.standard(64, 3, 2), TrainSettings.dcgan(32))) {
            layout = wb.initialGenerator(1);
        }
        int[] ns = quick ? new int[] {4, 16} : new int[] {4, 16, 64, 256};
        Random rng = new Random(5);
        List<ClientUpdate> pool = new ArrayList<>();
        for (int n : ns) {
            double needGb = 1.25 * 4.0 * layout.numel() * n / 1e9;
            if (needGb * 1e9 > Runtime.getRuntime().maxMemory()) {
                emit(JSON.createObjectNode().put("figure", "aggregate").put("clients", n)
                        .put("skipped", String.format("needs about %.1f GB of heap for %d updates; run with"
                                + " FEDSYNTH_JAVA_OPTS=-Xmx%dg", needGb, n, (int) Math.ceil(needGb) + 2)));
                continue;
            }
            while (pool.size() < n) {
                pool.add(new ClientUpdate(pool.size(), 1, perturbed(layout, rng), null, 100,
                        new LocalStats(1 + rng.nextGaussian() * 0.1, 1, 1, 1, 1)));
            }
            List<ClientUpdate> updates = pool.subList(0, n);
            RoundContext ctx = new RoundContext(1, layout, null, null, 1);
            double bytes = 4.0 * layout.numel() * n;
            Map<String, AggregationStrategy> strategies = new java.util.LinkedHashMap<>();
            strategies.put("fedavg", new FedAvg());
            strategies.put("median", new CoordinateMedian());
            strategies.put("feddetect", new FedDetect(FedDetectSettings.defaults().withWarmup(0)));
            for (Map.Entry<String, AggregationStrategy> e : strategies.entrySet()) {
                int reps = quick || (n >= 64 && !e.getKey().equals("fedavg")) ? 1 : 5;
                double[] ms = new double[reps];
                for (int i = -1; i < reps; i++) {
                    long t = System.nanoTime();
                    RoundAggregator.aggregate(e.getValue(), ctx, updates, RoundAggregator.Weighting.SAMPLES);
                    if (i >= 0) {
                        ms[i] = (System.nanoTime() - t) / 1e6;
                    }
                }
                double med = median(ms);
                emit(JSON.createObjectNode().put("figure", "aggregate").put("strategy", e.getKey()).put("clients", n)
                        .put("parameters", layout.numel()).put("repetitions", reps)
                        .put("median_ms", med).put("min_ms", Arrays.stream(ms).min().orElseThrow())
                        .put("effective_gb_per_s", bytes / 1e9 / (med / 1000)));
            }
        }
    }

    private static ModelWeights perturbed(ModelWeights base, Random rng) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : base) {
            float[] src = t.data();
            float[] d = new float[src.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = src[i] + (rng.nextFloat() - 0.5f) * 0.01f;
            }
            out.add(t.withData(d));
        }
        return new ModelWeights(out);
    }

    /** 50 rounds of 4 clients at 32px through the real simulation: RSS after round 5 and 50, and the peak. */
    private void memory(Path dir) throws IOException {
        int rounds = quick ? 6 : 50;
        String yaml = """
                seed: 1
                data: {format: phantom, phantom_count: 256, resolution: 32}
                federation: {clients: 4, rounds: %d}
                training: {batch_size: 32, local_steps: %d}
                output: {sample_every: %d, checkpoint_keep: 1}
                """.formatted(rounds, quick ? 2 : 10, rounds);
        Path runDir = dir.resolve("bench-memory-run");
        deleteTree(runDir);
        Simulations.train(ConfigIO.parse(yaml, "bench-memory"), runDir, false, new PrintStream(java.io.OutputStream.nullOutputStream()), false);
        double rss5 = Double.NaN;
        double rssLast = Double.NaN;
        double peak = 0;
        for (var r : MetricsLog.readAll(runDir.resolve("metrics.jsonl"))) {
            if (r.path("type").asText().equals("round")) {
                double rss = r.path("rss_mb").asDouble();
                peak = Math.max(peak, rss);
                if (r.path("round").asInt() == 5) {
                    rss5 = rss;
                }
                rssLast = rss;
            }
        }
        emit(JSON.createObjectNode().put("figure", "memory").put("rounds", rounds).put("clients", 4)
                .put("rss_round5_mb", rss5).put("rss_last_mb", rssLast)
                .put("growth_pct", 100 * (rssLast - rss5) / rss5)
                .put("peak_rss_round_records_mb", peak)
                .put("peak_rss_process_mb", Memory.peakRssMb()));
    }

    /** Milliseconds of one round of {@code clients} clients x {@code steps} local steps (median of reps). */
    private double roundMs(int res, int channels, int clients, int steps) {
        GanSpec spec = GanSpec.standard(res, channels, 2);
        try (GanWorkbench wb = new GanWorkbench(spec, TrainSettings.dcgan(32))) {
            ModelWeights global = wb.initialGenerator(1);
            ClientState state = new ClientState(0, wb.initialDiscriminator(2), null, null);
            BatchSource src = randomImages(channels, res);
            FedAvg fedAvg = new FedAvg();
            int reps = quick ? 1 : 3;
            double[] ms = new double[reps];
            for (int r = -1; r < reps; r++) {
                long t = System.nanoTime();
                List<ClientUpdate> updates = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    LocalClient.Result res2 = LocalClient.trainRound(wb, state, 1, global, null, src, steps, new Random(i));
                    updates.add(new ClientUpdate(i, 1, res2.update().generator(), null, 100, res2.update().stats()));
                }
                RoundAggregator.aggregate(fedAvg, new RoundContext(1, global, null, null, 1), updates,
                        RoundAggregator.Weighting.SAMPLES);
                if (r >= 0) {
                    ms[r] = (System.nanoTime() - t) / 1e6;
                }
            }
            return median(ms);
        }
    }

    /** Round time against clients per round (1, 2, 4, 8 at 32px) and resolution (32, 64, 128); writes bench-growth.png. */
    private void growth(Path dir) throws IOException {
        int steps = quick ? 1 : 10;
        int[] ks = quick ? new int[] {1, 2} : new int[] {1, 2, 4, 8};
        double[] kx = new double[ks.length];
        double[] ky = new double[ks.length];
        for (int i = 0; i < ks.length; i++) {
            kx[i] = ks[i];
            ky[i] = roundMs(32, 1, ks[i], steps) / 1000;
            emit(JSON.createObjectNode().put("figure", "growth_clients").put("clients_per_round", ks[i])
                    .put("local_steps", steps).put("resolution", 32).put("round_s", ky[i]));
        }
        int[] res = quick ? new int[] {32, 64} : new int[] {32, 64, 128};
        int resSteps = quick ? 1 : 2;
        double[] rx = new double[res.length];
        double[] ry = new double[res.length];
        for (int i = 0; i < res.length; i++) {
            rx[i] = res[i];
            ry[i] = roundMs(res[i], 3, 4, resSteps) / 1000;
            emit(JSON.createObjectNode().put("figure", "growth_resolution").put("resolution", res[i]).put("channels", 3)
                    .put("clients_per_round", 4).put("local_steps", resSteps).put("round_s", ry[i]));
        }
        Files.createDirectories(dir);
        org.fedsynth.report.Charts.writeRow(dir.resolve("bench-growth.png"), List.of(
                org.fedsynth.report.Charts.line("Round time vs clients per round (32px, " + steps + " local steps)",
                        "clients per round", "seconds per round", List.of(new org.fedsynth.report.Charts.Line("round", kx, ky)), 560, 400),
                org.fedsynth.report.Charts.line("Round time vs resolution (RGB, 4 clients x " + resSteps + " steps)",
                        "resolution (px)", "seconds per round", List.of(new org.fedsynth.report.Charts.Line("round", rx, ry)), 560, 400)));
    }

    /** 100 clients at 32px, 10 sampled per round, 20 rounds, idle clients spilled to disk: time and peak RSS. */
    private void scale(Path dir) throws IOException {
        int clients = quick ? 10 : 100;
        int rounds = quick ? 2 : 20;
        String yaml = """
                seed: 1
                data: {format: phantom, phantom_count: %d, resolution: 32}
                federation: {clients: %d, rounds: %d, clients_per_round: %d, client_state: disk}
                training: {batch_size: 32, local_steps: %d}
                output: {sample_every: %d, checkpoint_keep: 1}
                """.formatted(clients * 20, clients, rounds, quick ? 2 : 10, quick ? 2 : 10, rounds);
        Path runDir = dir.resolve("bench-scale-run");
        deleteTree(runDir);
        double rssBefore = Memory.rssMb();
        long t = System.nanoTime();
        Simulations.train(ConfigIO.parse(yaml, "bench-scale"), runDir, false, new PrintStream(java.io.OutputStream.nullOutputStream()), false);
        double seconds = (System.nanoTime() - t) / 1e9;
        emit(JSON.createObjectNode().put("figure", "scale").put("clients", clients).put("clients_per_round", quick ? 2 : 10)
                .put("rounds", rounds).put("seconds", seconds).put("seconds_per_round", seconds / rounds)
                .put("rss_before_mb", rssBefore).put("rss_after_mb", Memory.rssMb())
                .put("peak_rss_process_mb", Memory.peakRssMb()).put("max_heap_mb", Runtime.getRuntime().maxMemory() / 1048576.0)
                .put("note", "peak_rss_process_mb covers the whole process: run with --only scale for the scale peak"));
    }

    private static void deleteTree(Path p) throws IOException {
        if (Files.exists(p)) {
            try (var s = Files.walk(p)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
        return System.getProperty("os.arch");
    }
}
