package org.fedsynth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.fedsynth.config.ConfigException;
import org.fedsynth.gan.EngineThreads;

/**
 * {@code fedsynth bench --pytorch PYTHON}: the PyTorch eager reference of the {@code step64} and
 * {@code step32} figures (bench/pytorch_reference.py, carried in the jar), run by the given Python
 * right after FedSynth's own steps with the same threads, so that the ratio compares two
 * measurements of one run on one machine. A development aid: FedSynth never needs Python.
 */
final class PyTorchReference {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCRIPT = "pytorch_reference.py";

    private PyTorchReference() {}

    /** Runs the reference and emits a {@code pytorch} figure per step figure, with {@code ratio} = FedSynth / PyTorch medians. */
    static void run(BenchContext ctx, String python) throws IOException {
        byte[] script;
        try (InputStream in = PyTorchReference.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IOException("bench: " + SCRIPT + " is missing from the jar; rebuild with mvn package");
            }
            script = in.readAllBytes();
        }
        int threads = EngineThreads.maximum();
        List<String> cmd = List.of(python, "-", "--threads", String.valueOf(threads), "--reps", String.valueOf(ctx.reps()),
                "--warmup", String.valueOf(ctx.warmup()));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new ConfigException("--pytorch: cannot run '" + python + "' (" + e.getMessage()
                    + "); give a Python 3 with torch, e.g. --pytorch /usr/bin/python3 (Debian: apt-get install python3-torch)");
        }
        try (OutputStream o = p.getOutputStream()) {
            o.write(script);
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.startsWith("{")) {
                    continue;
                }
                JsonNode ref = JSON.readTree(line);
                String name = ref.path("figure").asText();
                JsonNode ours = ctx.find(name);
                var fig = ctx.figure("pytorch").put("step", name).put("impl", ref.path("impl").asText())
                        .put("threads", ref.path("threads").asInt())
                        .put("cpu_capability", ref.path("cpu_capability").asText("unknown"))
                        .put("blas", ref.path("blas").asText("unknown"))
                        .put("blas_threads", ref.path("blas_threads").asText("unknown"))
                        .put("median_ms", ref.path("median_ms").asDouble()).put("min_ms", ref.path("min_ms").asDouble());
                if (ours != null) {
                    fig.put("fedsynth_median_ms", ours.path("median_ms").asDouble())
                            .put("ratio", ours.path("median_ms").asDouble() / ref.path("median_ms").asDouble())
                            .put("ratio_min", ours.path("min_ms").asDouble() / ref.path("min_ms").asDouble());
                }
                ctx.emit(fig);
            }
        }
        try {
            int rc = p.waitFor();
            if (rc != 0) {
                throw new ConfigException("--pytorch: '" + python + "' exited with status " + rc
                        + " running the reference (is torch installed? Debian: apt-get install python3-torch)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("bench: interrupted waiting for the PyTorch reference", e);
        }
    }
}
