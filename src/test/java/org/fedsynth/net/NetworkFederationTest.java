package org.fedsynth.net;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.fl.sim.Simulations;
import org.fedsynth.run.Checkpoint;
import org.fedsynth.run.MetricsLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The networked federation end to end with real processes on loopback (one server JVM, one JVM per
 * site, TLS on), compared with the in-process simulation of the same config and seed: the sites'
 * folders are the simulation's {@code partition: folders} client paths, in the same order.
 */
class NetworkFederationTest {

    static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());
    static final String TRAINING = "training: {batch_size: 8, local_steps: 2, base_width: 8}\n";

    static String serverYaml(int rounds, int minClients, String strategy, String tls) {
        return "seed: 7\n"
                + "data: {resolution: 32, channels: 1}\n"
                + "federation: {rounds: " + rounds + "}\n"
                + TRAINING
                + "strategy: " + strategy + "\n"
                + "output: {sample_every: " + rounds + ", checkpoint_keep: 10}\n"
                + "server:\n"
                + "  port: 0\n"
                + "  out: run\n"
                + "  tls: " + tls + "\n"
                + "  class_names: [normal, opacity]\n"
                + "  clients_file: certs/clients.yaml\n"
                + "  min_clients: " + minClients + "\n"
                + "  round_timeout_s: 120\n";
    }

    static String simYaml(List<Path> sites, int rounds, String strategy, String attack) {
        StringBuilder paths = new StringBuilder();
        for (Path p : sites) {
            paths.append(paths.length() == 0 ? "" : ", ").append(p.toAbsolutePath());
        }
        return "seed: 7\n"
                + "data: {format: imagefolder, path: " + sites.get(0).toAbsolutePath() + ", resolution: 32, channels: 1}\n"
                + "federation: {clients: " + sites.size() + ", rounds: " + rounds + ", partition: folders, client_paths: [" + paths + "]}\n"
                + TRAINING
                + "strategy: " + strategy + "\n"
                + "output: {sample_every: " + rounds + ", checkpoint_keep: 10}\n"
                + (attack == null ? "" : "attack: " + attack + "\n");
    }

    @Test
    void happyPathOverTlsEqualsSimulation(@TempDir Path tmp) throws Exception {
        List<String> ids = List.of("hospital-a", "hospital-b", "hospital-c");
        try (NetFixture f = new NetFixture(tmp, ids)) {
            List<Path> sites = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                sites.add(f.siteData(i, 24 + 8 * i));
            }
            Path cfg = f.write("server.yaml", serverYaml(3, 3, "{name: fedavg}", "{cert: certs/server.pem, key: certs/server.key}"));
            NetFixture.Proc server = f.serve("server", cfg);
            int port = NetFixture.port(server);
            List<NetFixture.Proc> clients = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                clients.add(f.join(ids.get(i), port, sites.get(i)));
            }
            assertEquals(0, server.exit(180), server.text());
            for (NetFixture.Proc c : clients) {
                assertEquals(0, c.exit(30), c.text());
                assertTrue(c.text().contains("federation complete"), c.text());
            }

            Checkpoint net = Checkpoint.read(tmp.resolve("run/checkpoints/round-0003.ckpt"));
            Checkpoint sim = Simulations.train(ConfigIO.parse(simYaml(sites, 3, "{name: fedavg}", null), "sim.yaml"),
                    tmp.resolve("sim"), false, QUIET, false);
            assertEquals(3, net.round());
            assertArrayEquals(sim.globalG().flatten(), net.globalG().flatten(), 1e-5f,
                    "the networked global generator equals the simulation's");
            List<JsonNode> recs = MetricsLog.readAll(tmp.resolve("run/metrics.jsonl"));
            assertEquals(9, recs.stream().filter(r -> r.get("type").asText().equals("client")).count());
            assertTrue(Files.exists(tmp.resolve("run/summary.json")));
            assertTrue(Files.exists(tmp.resolve("run/samples/round-0003.png")));

            // One server round in both transports: the same record fields, trigger_score included.
            List<JsonNode> netRounds = roundRecords(tmp.resolve("run/metrics.jsonl"));
            List<JsonNode> simRounds = roundRecords(tmp.resolve("sim/metrics.jsonl"));
            assertEquals(3, netRounds.size());
            for (int k = 0; k < 3; k++) {
                JsonNode a = simRounds.get(k);
                JsonNode b = netRounds.get(k);
                assertEquals(fieldNames(a), fieldNames(b), "round record fields, round " + (k + 1));
                assertTrue(b.has("trigger_score"), "networked runs log trigger_score: " + b);
                assertEquals(a.get("trigger_score").asDouble(), b.get("trigger_score").asDouble(), 1e-5);
                assertEquals(a.get("backdoor_rate").asDouble(), b.get("backdoor_rate").asDouble(), 1e-9);
                assertEquals(0, b.get("dropped").size());
                assertEquals(0, a.get("rejections").size());
            }
        }
    }

    private static List<JsonNode> roundRecords(Path metrics) throws Exception {
        return MetricsLog.readAll(metrics).stream().filter(r -> r.get("type").asText().equals("round")).toList();
    }

    private static java.util.Set<String> fieldNames(JsonNode n) {
        java.util.Set<String> s = new java.util.TreeSet<>();
        n.fieldNames().forEachRemaining(s::add);
        return s;
    }

    @Test
    void fedDetectOverMutualTlsMatchesSimulation(@TempDir Path tmp) throws Exception {
        List<String> ids = List.of("site-0", "site-1", "site-2", "site-3");
        // the shipped configuration (a preset), clipping at a bound the server announces: the server draws every
        // site's generator on its probe batch; the attacker mimics the global generator, stays inside the announced
        // bound and spoofs its losses, exactly as in the simulation
        String strategy = "{name: feddetect, preset: recommended, clip_bound: 40.0}";
        String trigger = "{type: pattern, size: 0.25}";
        String adaptive = "mimicry: 2.0, norm_bound: announced, spoof_losses: {loss_g: 1.5, loss_d: 0.9}";
        int rounds = 3;
        try (NetFixture f = new NetFixture(tmp, ids)) {
            List<Path> sites = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                sites.add(f.siteData(i, 32));
            }
            Path attack = f.write("attack.yaml", "{trigger: " + trigger + ", " + adaptive + "}\n");
            Path cfg = f.write("server.yaml", serverYaml(rounds, 4, strategy,
                    "{cert: certs/server.pem, key: certs/server.key, client_ca: certs/ca.pem}"));
            NetFixture.Proc server = f.serve("server", cfg);
            int port = NetFixture.port(server);
            List<NetFixture.Proc> clients = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                List<String> extra = new ArrayList<>(List.of("--tls-cert", f.certs.resolve(id + ".pem").toString(),
                        "--tls-key", f.certs.resolve(id + ".key").toString()));
                if (i == 0) {
                    extra.addAll(List.of("--attack", attack.toString()));
                }
                clients.add(f.join(id, port, sites.get(i), extra.toArray(String[]::new)));
            }
            assertEquals(0, server.exit(240), server.text());
            for (NetFixture.Proc c : clients) {
                assertEquals(0, c.exit(30), c.text());
            }
            assertTrue(clients.get(0).text().contains("ATTACK ENABLED"), "the attacker says so loudly");

            Path simDir = tmp.resolve("sim");
            Checkpoint sim = Simulations.train(ConfigIO.parse(simYaml(sites, rounds, strategy,
                    "{malicious: [0], trigger: " + trigger + ", " + adaptive + "}"), "sim.yaml"), simDir, false, QUIET, false);
            Checkpoint net = Checkpoint.read(tmp.resolve("run/checkpoints/round-000" + rounds + ".ckpt"));
            assertEquals(sim.strategyState().toString().length() > 0, true);

            List<JsonNode> a = clientRecords(simDir.resolve("metrics.jsonl"));
            List<JsonNode> b = clientRecords(tmp.resolve("run/metrics.jsonl"));
            assertEquals(a.size(), b.size());
            for (int k = 0; k < a.size(); k++) {
                String where = "record " + k + ": " + a.get(k) + " vs " + b.get(k);
                assertEquals(a.get(k).get("client").asInt(), b.get(k).get("client").asInt(), where);
                assertEquals(a.get(k).get("weight").asDouble(), b.get(k).get("weight").asDouble(), 1e-6, where);
                assertEquals(a.get(k).get("flagged").asBoolean(), b.get(k).get("flagged").asBoolean(), where);
                assertEquals(a.get(k).get("applied").asBoolean(), b.get(k).get("applied").asBoolean(), where);
                assertEquals(a.get(k).get("malicious").asBoolean(), b.get(k).get("malicious").asBoolean(), where);
                assertEquals(a.get(k).path("score").asDouble(), b.get(k).path("score").asDouble(), 1e-6, where);
                assertEquals(a.get(k).path("detector_input").path("output_deviation").asDouble(),
                        b.get(k).path("detector_input").path("output_deviation").asDouble(), 1e-5, where);
                assertTrue(b.get(k).path("detector_input").has("output_deviation"), where);
                if (b.get(k).get("client").asInt() == 0) {
                    assertEquals(1.5, b.get(k).path("lossG").asDouble(), 1e-9, "the spoofed loss reached the server: " + where);
                }
            }
            // the same decisions (above), then the same generator to float rounding: 1e-5 relative. Before the
            // gan.Scalars fix one run in about ten differed (by 1.2e-5 on a weight of 1.65 after 3 rounds, or in the
            // attacker's detector inputs): the simulation's mimicry and mode-seeking gradients read freed memory when a
            // collection came between forward and backward. Since the fix the gap was 0 in 6 of 6 runs, 3 of them under
            // the SSE4.1 cap of .ci/run; the tolerance stays for CPUs this was not run on
            assertSameWeights(sim.globalG().flatten(), net.globalG().flatten());
        }
    }

    private static void assertSameWeights(float[] sim, float[] net) {
        assertEquals(sim.length, net.length, "generator sizes");
        int worst = 0;
        double worstGap = 0;
        for (int i = 0; i < sim.length; i++) {
            double gap = Math.abs((double) sim[i] - net[i]) / (1 + Math.abs(sim[i]));
            assertFalse(Double.isNaN(gap), "not a number at " + i + ": " + sim[i] + " vs " + net[i]);
            if (gap > worstGap) {
                worst = i;
                worstGap = gap;
            }
        }
        assertTrue(worstGap <= 1e-5, "the networked generator differs from the simulation's at " + worst + ": "
                + sim[worst] + " vs " + net[worst]);
    }

    private static List<JsonNode> clientRecords(Path metrics) throws Exception {
        return MetricsLog.readAll(metrics).stream().filter(r -> r.get("type").asText().equals("client")).toList();
    }
}
