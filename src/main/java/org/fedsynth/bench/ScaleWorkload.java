package org.fedsynth.bench;

import java.io.IOException;
import java.nio.file.Path;
import org.fedsynth.util.Memory;

/** Figure {@code scale}: 100 clients at 32px, 10 sampled per round, 20 rounds, idle clients spilled to disk: time and peak RSS. */
final class ScaleWorkload implements Workload {

    @Override
    public void run(BenchContext ctx) throws IOException {
        boolean quick = ctx.quick();
        int clients = quick ? 10 : 100;
        int rounds = quick ? 2 : 20;
        String yaml = """
                seed: 1
                data: {format: phantom, phantom_count: %d, resolution: 32}
                federation: {clients: %d, rounds: %d, clients_per_round: %d, client_state: disk}
                training: {batch_size: 32, local_steps: %d}
                output: {sample_every: %d, checkpoint_keep: 1}
                """.formatted(clients * 20, clients, rounds, quick ? 2 : 10, quick ? 2 : 10, rounds);
        Path runDir = ctx.dir().resolve("bench-scale-run");
        QuietRun.clear(runDir);
        double rssBefore = Memory.rssMb();
        long t = System.nanoTime();
        QuietRun.train(yaml, "bench-scale", runDir);
        double seconds = (System.nanoTime() - t) / 1e9;
        ctx.emit(ctx.figure("scale").put("clients", clients).put("clients_per_round", quick ? 2 : 10)
                .put("rounds", rounds).put("seconds", seconds).put("seconds_per_round", seconds / rounds)
                .put("rss_before_mb", rssBefore).put("rss_after_mb", Memory.rssMb())
                .put("peak_rss_process_mb", Memory.peakRssMb()).put("max_heap_mb", Runtime.getRuntime().maxMemory() / 1048576.0)
                .put("note", "peak_rss_process_mb covers the whole process: run with --only scale for the scale peak"));
    }
}
