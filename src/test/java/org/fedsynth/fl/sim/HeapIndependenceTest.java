package org.fedsynth.fl.sim;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run does not depend on when the JVM collects garbage: the same config trained by {@code fedsynth train} in a
 * child JVM with a roomy heap and with a 96 MB heap whose 2 MB young generation collects every few steps gives the
 * same {@code metrics.jsonl}, timings aside. The config is the networked test's (FedDetect's preset against a
 * mimicry attacker that stays inside the clip bound and spoofs its losses, the default recipe's mode-seeking term),
 * so the local steps, the attacker's terms and the server's probe are all covered. Before {@code gan.Scalars} the
 * small heap gave other detector inputs from the first rounds on, or a diverged attacker, in 3 of 3 runs.
 */
class HeapIndependenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRunUnderConstantCollectionsEqualsOneWithARoomyHeap(@TempDir Path tmp) throws Exception {
        Path cfg = tmp.resolve("run.yaml");
        Files.writeString(cfg, """
                seed: 7
                data: {format: phantom, phantom_count: 128, resolution: 32}
                federation: {clients: 4, rounds: 3}
                training: {batch_size: 8, local_steps: 2, base_width: 8}
                strategy: {name: feddetect, preset: recommended, clip_bound: 40.0}
                output: {sample_every: 3, checkpoint_keep: 2}
                attack: {malicious: [0], trigger: {type: pattern, size: 0.25}, mimicry: 2.0, norm_bound: announced,
                         spoof_losses: {loss_g: 1.5, loss_d: 0.9}}
                """);
        List<JsonNode> roomy = train(tmp, cfg, "roomy", "-Xmx1g");
        List<JsonNode> tight = train(tmp, cfg, "tight", "-Xmx96m", "-Xmn2m");
        assertEquals(12, roomy.stream().filter(r -> "client".equals(r.path("type").asText())).count(),
                "4 clients x 3 rounds, none diverged");
        assertEquals(roomy.size(), tight.size(), "records");
        for (int i = 0; i < roomy.size(); i++) {
            assertEquals(roomy.get(i), tight.get(i), "record " + i + " differs under constant collections");
        }
    }

    /** {@code fedsynth train} in a child JVM with the given heap options: the records of its metrics, timings removed. */
    private static List<JsonNode> train(Path tmp, Path cfg, String name, String... heap) throws IOException, InterruptedException {
        Path out = tmp.resolve(name);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        cmd.addAll(List.of(heap));
        cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1", "-Dfedsynth.adaptive_threads=false", "-Dfedsynth.workers=2",
                "org.fedsynth.cli.Main", "train", "--config", cfg.toString(), "--out", out.toString()));
        Path log = tmp.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        Process p = pb.start();
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(name + ": training did not finish in 240 s; log:\n" + Files.readString(log));
        }
        assertEquals(0, p.exitValue(), name + ": " + Files.readString(log));
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("metrics.jsonl"))) {
            ObjectNode r = (ObjectNode) JSON.readTree(line);
            List<String> timing = new ArrayList<>();
            r.fieldNames().forEachRemaining(k -> {
                if (k.endsWith("_ms") || k.endsWith("_mb")) {
                    timing.add(k);
                }
            });
            r.remove(timing);
            records.add(r);
        }
        return records;
    }
}
