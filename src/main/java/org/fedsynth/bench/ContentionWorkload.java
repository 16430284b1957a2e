package org.fedsynth.bench;

import java.io.IOException;
import org.fedsynth.gan.EngineThreads;
import org.fedsynth.util.Memory;

/**
 * Figure {@code contention}: a round (4 clients x 10 local steps at 32px) on an idle machine, then
 * with a competing CPU-bound process that the bench starts and stops itself: a thread spinning on
 * one core ({@code spin}), and a second FedSynth training rounds ({@code engine}). Each condition
 * is timed with the engine threads fitted to the free cores (the default, {@link EngineThreads})
 * and held fixed at the configured number (what an engine does by itself). Last, whole simulated
 * rounds with the default workers, idle and beside the spinner ({@code "what": "simulation"}). The
 * target is a round under contention within 2.5x of the idle round.
 */
final class ContentionWorkload implements Workload {

    @Override
    public void run(BenchContext ctx) throws IOException {
        int reps = ctx.quick() ? 2 : 5;
        int warm = ctx.quick() ? 1 : 2;
        // long enough for the threads to be fitted at least twice after a change
        double settle = 2.5 * EngineThreads.INTERVAL_NS / 1e9;
        int steps = ctx.quick() ? 2 : 10;
        boolean wasAdaptive = EngineThreads.adaptive();
        try (RoundLoop loop = new RoundLoop(4, steps)) {
            EngineThreads.setAdaptive(true);
            double idle = Timing.median(loop.time(warm, reps));
            EngineThreads.setAdaptive(false);
            double idleFixed = Timing.median(loop.time(warm, reps));
            for (String kind : new String[] {"spin", "engine"}) {
                Process p = Competitor.start(kind, EngineThreads.maximum());
                try {
                    EngineThreads.setAdaptive(true);
                    loop.warmFor(settle);
                    double[] fitted = loop.time(0, reps);
                    int threadsFitted = EngineThreads.fit();
                    EngineThreads.setAdaptive(false);
                    double[] fixed = loop.time(warm, reps);
                    ctx.emit(ctx.figure("contention").put("competitor", kind)
                            .put("clients", 4).put("local_steps", steps).put("resolution", 32).put("repetitions", reps)
                            .put("idle_ms", idle).put("idle_fixed_ms", idleFixed)
                            .put("contended_ms", Timing.median(fitted)).put("contended_min_ms", Timing.min(fitted))
                            .put("threads_fitted", threadsFitted)
                            .put("contended_fixed_ms", Timing.median(fixed)).put("contended_fixed_min_ms", Timing.min(fixed))
                            .put("slowdown", Timing.median(fitted) / idle)
                            .put("slowdown_fixed", Timing.median(fixed) / idleFixed)
                            .put("threads_max", EngineThreads.maximum())
                            .put("peak_rss_process_mb", Memory.peakRssMb()));
                } finally {
                    Competitor.stop(p);
                }
            }
        } finally {
            EngineThreads.setAdaptive(wasAdaptive);
        }
        simulation(ctx, steps);
    }

    /**
     * Whole simulated rounds with the default workers (4 clients, trained two at a time on 2 cores,
     * one engine thread each), idle and beside the spinning competitor.
     */
    private static void simulation(BenchContext ctx, int steps) throws IOException {
        int rounds = ctx.quick() ? 1 : 3;
        String yaml = """
                seed: 1
                data: {format: phantom, phantom_count: 160, resolution: 32}
                federation: {clients: 4, rounds: %d}
                training: {batch_size: 32, local_steps: %d}
                output: {sample_every: %d, checkpoint_keep: 1}
                """.formatted(rounds, steps, rounds);
        java.nio.file.Path runDir = ctx.dir().resolve("bench-contention-run");
        double[] seconds = new double[2];
        for (int mode = -1; mode < 2; mode++) { // -1: untimed warm-up, 0: idle, 1: with the competitor
            Process p = mode == 1 ? Competitor.start("spin", 1) : null;
            try {
                QuietRun.clear(runDir);
                long t = System.nanoTime();
                QuietRun.train(yaml, "bench-contention", runDir);
                if (mode >= 0) {
                    seconds[mode] = (System.nanoTime() - t) / 1e9 / rounds;
                }
            } finally {
                if (p != null) {
                    Competitor.stop(p);
                }
                QuietRun.clear(runDir);
            }
        }
        ctx.emit(ctx.figure("contention").put("competitor", "spin").put("what", "simulation")
                .put("clients", 4).put("local_steps", steps).put("rounds", rounds)
                .put("workers", org.fedsynth.fl.sim.Simulations.workersFor(4))
                .put("idle_s_per_round", seconds[0]).put("contended_s_per_round", seconds[1])
                .put("slowdown", seconds[1] / seconds[0]));
    }
}
