package org.fedsynth.bench;

import java.io.IOException;
import java.nio.file.Path;
import org.fedsynth.run.MetricsLog;
import org.fedsynth.util.Memory;

/** Figure {@code memory}: 50 rounds of 4 clients at 32px through the real simulation: RSS after round 5 and 50, and the peak. */
final class MemoryWorkload implements Workload {

    @Override
    public void run(BenchContext ctx) throws IOException {
        int rounds = ctx.quick() ? 6 : 50;
        String yaml = """
                seed: 1
                data: {format: phantom, phantom_count: 256, resolution: 32}
                federation: {clients: 4, rounds: %d}
                training: {batch_size: 32, local_steps: %d}
                output: {sample_every: %d, checkpoint_keep: 1}
                """.formatted(rounds, ctx.quick() ? 2 : 10, rounds);
        Path runDir = ctx.dir().resolve("bench-memory-run");
        QuietRun.clear(runDir);
        QuietRun.train(yaml, "bench-memory", runDir);
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
        ctx.emit(ctx.figure("memory").put("rounds", rounds).put("clients", 4)
                .put("rss_round5_mb", rss5).put("rss_last_mb", rssLast)
                .put("growth_pct", 100 * (rssLast - rss5) / rss5)
                .put("peak_rss_round_records_mb", peak)
                .put("peak_rss_process_mb", Memory.peakRssMb()));
    }
}
