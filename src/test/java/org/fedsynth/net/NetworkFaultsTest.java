package org.fedsynth.net;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fedsynth.run.MetricsLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults with real processes on loopback: a site killed (kill -9) mid-round is dropped and the
 * round completes with the others at the deadline; the restarted site joins a later round; the
 * server killed (kill -9) and started again resumes after the last complete round while the sites
 * reconnect by themselves; no completed round is lost or repeated in the metrics.
 */
class NetworkFaultsTest {

    @Test
    void killedSiteIsDroppedAndKilledServerResumes(@TempDir Path tmp) throws Exception {
        List<String> ids = List.of("a", "b", "c");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (NetFixture f = new NetFixture(tmp, ids)) {
            Path cfg = f.write("server.yaml", """
                    seed: 3
                    data: {resolution: 32, channels: 1}
                    federation: {rounds: 10}
                    training: {batch_size: 8, local_steps: 1, base_width: 8}
                    output: {sample_every: 5, checkpoint_keep: 2}
                    server:
                      port: %d
                      out: run
                      tls: {cert: certs/server.pem, key: certs/server.key}
                      class_names: [normal, opacity]
                      clients_file: certs/clients.yaml
                      min_clients: 2
                      round_timeout_s: 8
                      liveness_s: 4
                    """.formatted(port));
            NetFixture.Proc server = f.serve("server-1", cfg);
            NetFixture.port(server);
            // a and b pace the rounds (1 s each) so the restarted c finds rounds left to join
            NetFixture.Proc a = f.join("a", port, f.siteData(0, 24), "--stall-ms", "1000");
            NetFixture.Proc b = f.join("b", port, f.siteData(1, 24), "--stall-ms", "1000");
            NetFixture.Proc c = f.join("c", port, f.siteData(2, 24), "--stall-ms", "5000");

            // c is killed while it holds round 2's task: the round completes with a and b at the deadline
            c.await("round 2 of \\d+: training.*\\n.*stalling", 120);
            c.process().destroyForcibly().waitFor();
            server.await("round 2: c dropped", 60);
            server.await("round 2 complete", 30);
            // c comes back (no stall) and joins a later round
            NetFixture.Proc c2 = f.join("c", port, f.siteData(2, 24));
            String joined = c2.await("round (\\d+): update accepted", 120);
            assertTrue(Integer.parseInt(joined) >= 3, "c rejoins after round 2, in round " + joined);

            // the server is killed after a complete round and started again: it resumes, the sites reconnect
            server.await("round " + joined + " complete", 120);
            server.process().destroyForcibly().waitFor();
            NetFixture.Proc server2 = f.serve("server-2", cfg);
            String resumed = server2.await("resuming .* after round (\\d+)", 120);
            assertTrue(Integer.parseInt(resumed) >= Integer.parseInt(joined), server2.text());
            assertEquals(0, server2.exit(240), server2.text());
            for (NetFixture.Proc p : List.of(a, b, c2)) {
                assertEquals(0, p.exit(30), p.text());
                assertTrue(p.text().contains("unreachable"), "the site noticed the server was gone: " + p.text());
                assertTrue(p.text().contains("retrying in"), p.text());
            }

            List<JsonNode> recs = MetricsLog.readAll(tmp.resolve("run/metrics.jsonl"));
            for (int r = 1; r <= 10; r++) {
                final int round = r;
                assertEquals(1, recs.stream().filter(x -> x.get("type").asText().equals("round") && x.get("round").asInt() == round)
                        .count(), "exactly one record of round " + r + " (none lost, none repeated)");
            }
            JsonNode r2 = recs.stream().filter(x -> x.get("type").asText().equals("round") && x.get("round").asInt() == 2)
                    .findFirst().orElseThrow();
            assertEquals(2, r2.get("clients").asInt());
            assertEquals("c", r2.get("dropped").get(0).asText());
            assertTrue(recs.stream().anyMatch(x -> x.get("type").asText().equals("client") && x.get("client").asInt() == 2
                    && x.get("round").asInt() >= 3), "c is aggregated again after its restart");
            assertTrue(Files.exists(tmp.resolve("run/checkpoints/round-0010.ckpt")));
            assertTrue(Files.exists(tmp.resolve("run/summary.json")));
        }
    }
}
