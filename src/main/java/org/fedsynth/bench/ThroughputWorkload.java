package org.fedsynth.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.fedsynth.gan.EngineThreads;

/**
 * Figures {@code throughput} and {@code parallel}. {@code throughput}: client-rounds per minute of
 * whole simulated runs at 32px (phantom data, 10 local steps, all of the pipeline: batches,
 * aggregation, checkpoints) for federations of 4, 10 and 100 clients (the 100 with 10 sampled per
 * round and idle clients on disk), with the default workers (clients at once, one engine thread
 * each) and with one client at a time on all threads. {@code parallel}: the same question asked of
 * two processes, one thread each, against one process with all threads, on bare rounds.
 */
final class ThroughputWorkload implements Workload {

    @Override
    public void run(BenchContext ctx) throws IOException {
        boolean quick = ctx.quick();
        int[][] feds = quick ? new int[][] {{4, 4, 1}} : new int[][] {{4, 4, 3}, {10, 10, 2}, {100, 10, 3}};
        int steps = quick ? 2 : 10;
        // an untimed run first: the JVM and the engine warm up before either mode is timed
        QuietRun.clear(ctx.dir().resolve("bench-throughput-run"));
        QuietRun.train(yaml(4, 1, 4, steps), "bench-throughput-warmup", ctx.dir().resolve("bench-throughput-run"));
        for (int[] f : feds) {
            int clients = f[0];
            int perRound = f[1];
            int rounds = f[2];
            String yaml = yaml(clients, rounds, perRound, steps);
            Path runDir = ctx.dir().resolve("bench-throughput-run");
            double[] perMin = new double[2];
            String configured = System.getProperty("fedsynth.workers");
            try {
                for (int mode = 0; mode < 2; mode++) {
                    // mode 0: one client at a time, all threads; mode 1: the default (clients at once, one thread each)
                    System.setProperty("fedsynth.workers", mode == 0 ? "1" : "auto");
                    QuietRun.clear(runDir);
                    long t = System.nanoTime();
                    QuietRun.train(yaml, "bench-throughput", runDir);
                    perMin[mode] = perRound * rounds / ((System.nanoTime() - t) / 6e10);
                    QuietRun.clear(runDir);
                }
            } finally {
                if (configured == null) {
                    System.clearProperty("fedsynth.workers");
                } else {
                    System.setProperty("fedsynth.workers", configured);
                }
            }
            ctx.emit(ctx.figure("throughput").put("clients", clients).put("clients_per_round", perRound)
                    .put("rounds", rounds).put("local_steps", steps).put("resolution", 32)
                    .put("client_rounds_per_min", perMin[1])
                    .put("workers", org.fedsynth.fl.sim.Simulations.workersFor(perRound))
                    .put("one_at_a_time_client_rounds_per_min", perMin[0])
                    .put("gain", perMin[1] / perMin[0])
                    .put("threads_max", EngineThreads.maximum()));
        }
        parallel(ctx, steps);
    }

    private static String yaml(int clients, int rounds, int perRound, int steps) {
        return """
                seed: 1
                data: {format: phantom, phantom_count: %d, resolution: 32}
                federation: {clients: %d, rounds: %d, clients_per_round: %d, client_state: %s}
                training: {batch_size: 32, local_steps: %d}
                output: {sample_every: %d, checkpoint_keep: 1}
                """.formatted(clients * 40, clients, rounds, perRound, clients > 10 ? "disk" : "memory", steps, rounds);
    }

    /** One process with all threads against two processes with one thread each, on the same 1-client rounds. */
    private static void parallel(BenchContext ctx, int steps) throws IOException {
        int max = EngineThreads.maximum();
        if (max < 2) {
            return;
        }
        int reps = ctx.quick() ? 2 : 8;
        boolean wasAdaptive = EngineThreads.adaptive();
        try (RoundLoop loop = new RoundLoop(1, steps)) {
            EngineThreads.setAdaptive(false);
            double[] together = loop.time(2, reps);
            double seqPerMin = 60000 / Timing.median(together);
            EngineThreads.pin(1); // this thread, like the competitor, on one engine thread
            Process p = Competitor.start("engine-fixed", 1);
            AtomicInteger otherRounds = new AtomicInteger();
            Thread counter = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        if (line.equals("round")) {
                            otherRounds.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    // the competitor stopped
                }
            }, "bench-parallel-counter");
            counter.setDaemon(true);
            counter.start();
            double[] alone;
            double windowMs;
            int other;
            try {
                loop.time(2, 0);
                int before = otherRounds.get();
                long t = System.nanoTime();
                alone = loop.time(0, reps);
                windowMs = Timing.msSince(t);
                other = otherRounds.get() - before;
            } finally {
                Competitor.stop(p);
            }
            double parPerMin = (reps + other) / (windowMs / 60000);
            ctx.emit(ctx.figure("parallel").put("local_steps", steps).put("resolution", 32).put("repetitions", reps)
                    .put("one_process_threads", max)
                    .put("one_process_client_rounds_per_min", seqPerMin)
                    .put("two_processes_client_rounds_per_min", parPerMin)
                    .put("two_processes_this_ms", Timing.median(alone))
                    .put("two_processes_other_rounds", other)
                    .put("gain", parPerMin / seqPerMin));
        } finally {
            EngineThreads.pin(0);
            EngineThreads.setAdaptive(wasAdaptive);
        }
    }
}
