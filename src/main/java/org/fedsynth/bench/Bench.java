package org.fedsynth.bench;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedsynth.config.ConfigException;

/**
 * The benchmark of {@code fedsynth bench}: the environment, then the selected workloads in a fixed
 * order (each its own {@link Workload} class), each printing one JSON line per figure; all go into
 * {@code bench.json}. Timed figures report the median and the minimum over at least 5 repetitions
 * after warm-up ({@code --quick} runs fewer, as a smoke test only).
 */
public final class Bench {

    /** The workloads by name, in the order they run. */
    private static final Map<String, Workload> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("sgemm", new SgemmWorkload());
        BY_NAME.put("step64", new StepWorkload(64, 3, "step64"));
        BY_NAME.put("step32", new StepWorkload(32, 1, "step32"));
        BY_NAME.put("recipes", new RecipeWorkload());
        BY_NAME.put("round", new RoundWorkload());
        BY_NAME.put("aggregate", new AggregateWorkload());
        BY_NAME.put("defense", new DefenseCostWorkload());
        BY_NAME.put("memory", new MemoryWorkload());
        BY_NAME.put("growth", new GrowthWorkload());
        BY_NAME.put("scale", new ScaleWorkload());
        BY_NAME.put("contention", new ContentionWorkload());
        BY_NAME.put("throughput", new ThroughputWorkload());
        BY_NAME.put("dicom", new DicomLoadWorkload());
    }

    /** The workloads, in the order they run. */
    public static final List<String> WORKLOADS = List.copyOf(BY_NAME.keySet());

    private Bench() {}

    /** Runs the selected workloads (all when {@code only} is empty) and writes {@code bench.json} into {@code dir}. */
    public static ObjectNode run(boolean quick, Set<String> only, Path dir, PrintStream out) throws IOException {
        return run(quick, only, dir, out, null);
    }

    /**
     * As {@link #run(boolean, Set, Path, PrintStream)}; with {@code python} set, also runs the PyTorch
     * eager reference of the step figures right after them ({@link PyTorchReference}).
     */
    public static ObjectNode run(boolean quick, Set<String> only, Path dir, PrintStream out, String python)
            throws IOException {
        for (String w : only) {
            if (!WORKLOADS.contains(w)) {
                throw new ConfigException("--only: unknown workload '" + w + "'; choose from " + WORKLOADS);
            }
        }
        BenchContext ctx = new BenchContext(quick, dir, out);
        ObjectNode environment = ctx.emit(environment(ctx, quick));
        for (Map.Entry<String, Workload> w : BY_NAME.entrySet()) {
            if (only.isEmpty() || only.contains(w.getKey())) {
                w.getValue().run(ctx);
            }
            if (python != null && w.getKey().equals("step32")) {
                PyTorchReference.run(ctx, python);
            }
        }
        return ctx.writeBenchJson(environment);
    }

    /** The {@code environment} figure: mode, CPU, threads, JVM, engine. */
    private static ObjectNode environment(BenchContext ctx, boolean quick) {
        return ctx.figure("environment")
                .put("quick", quick)
                .put("cpu", cpuModel())
                .put("cores", Runtime.getRuntime().availableProcessors())
                .put("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"))
                .put("adaptive_threads", org.fedsynth.gan.EngineThreads.adaptive())
                .put("omp_wait_policy", String.valueOf(System.getenv("OMP_WAIT_POLICY")))
                .put("cpu_flags", cpuFlags())
                .put("isa_cap", isaCap())
                .put("interop_threads", System.getProperty("ai.djl.pytorch.num_interop_threads", "default"))
                .put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
                .put("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion())
                .put("djl", Engine.getDjlVersion());
    }

    /**
     * The instruction-set caps set in the environment ({@code ATEN_CPU_CAPABILITY} for ATen's kernels,
     * {@code ONEDNN_MAX_CPU_ISA} or {@code DNNL_MAX_CPU_ISA} for oneDNN's), for example
     * {@code "ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2"} when an AVX-512 machine is run as an AVX2 one;
     * {@code "none"} when none is set. The PyTorch reference inherits the same environment.
     */
    static String isaCap() {
        java.util.List<String> set = new java.util.ArrayList<>();
        for (String k : java.util.List.of("ATEN_CPU_CAPABILITY", "ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA")) {
            String v = System.getenv(k);
            if (v != null && !v.isBlank()) {
                set.add(k + "=" + v.trim());
            }
        }
        return set.isEmpty() ? "none" : String.join(" ", set);
    }

    /** The vector-instruction flags of the CPU that matter to the engine's kernels (from /proc/cpuinfo). */
    static String cpuFlags() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    java.util.List<String> keep = new java.util.ArrayList<>();
                    for (String f : line.substring(line.indexOf(':') + 1).trim().split("\\s+")) {
                        if (f.startsWith("avx") || f.equals("fma") || f.startsWith("sse4") || f.equals("amx_tile")
                                || f.startsWith("avx512")) {
                            keep.add(f);
                        }
                    }
                    return String.join(" ", keep);
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
        return "unknown";
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
