package org.fedsynth.fl.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.fedsynth.gan.EngineThreads;
import org.fedsynth.gan.GanWorkbench;
import org.fedsynth.util.WorkerPool;

/**
 * The workbenches that simulated clients train on, and how many train at once.
 *
 * <p>With one worker, clients train one after another on one workbench with the engine threads
 * fitted to the free cores ({@link EngineThreads}). With {@code w > 1} workers, up to {@code w}
 * clients train at once, each on a thread and a workbench of its own with one engine thread: on 2
 * cores two clients at once, one thread each, did 1.15-1.36x the client-rounds of one client at a
 * time with two threads (docs/PERFORMANCE.md, {@code throughput}), since small 32px operators do
 * not split well over threads. A client's result depends only on its inputs (its state, the global model, its
 * seeded draws) and on running one engine thread, never on which worker ran it or when: any
 * {@code w > 1} gives the same run, bit for bit.
 *
 * <p>The default ({@link #forMachine}) is one worker per core when at least two clients train per
 * round, else one; {@code -Dfedsynth.workers=N} sets it (1 = one client at a time).
 */
final class ClientTrainers implements AutoCloseable {

    /** One client's local round on a given workbench. */
    @FunctionalInterface
    interface Job<T> extends WorkerPool.Job<GanWorkbench, T> {
    }

    private final List<GanWorkbench> all = new ArrayList<>();
    private final WorkerPool<GanWorkbench> pool;

    ClientTrainers(int workers, Supplier<GanWorkbench> workbench) {
        for (int i = 0; i < Math.max(1, workers); i++) {
            all.add(workbench.get());
        }
        pool = new WorkerPool<>(all, "client-trainer", () -> EngineThreads.pin(1));
    }

    /** The workers for a simulation that trains {@code perRound} clients a round on this machine. */
    static int forMachine(int perRound) {
        String set = System.getProperty("fedsynth.workers", "auto").trim();
        if (!set.equals("auto")) {
            try {
                int n = Integer.parseInt(set);
                if (n >= 1) {
                    return Math.min(n, Math.max(1, perRound));
                }
            } catch (NumberFormatException e) {
                // falls through to the error
            }
            throw new org.fedsynth.config.ConfigException("-Dfedsynth.workers must be auto or a whole number >= 1, got '"
                    + set + "' (set in FEDSYNTH_JAVA_OPTS or on the java command line)");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return perRound >= 2 ? Math.min(cores, perRound) : 1;
    }

    /** How many clients train at once. */
    int workers() {
        return pool.size();
    }

    /** The first workbench (the one a single worker trains on). */
    GanWorkbench first() {
        return pool.first();
    }

    /**
     * Runs the jobs, up to {@link #workers()} at once, and returns their results in the jobs' order.
     * The first job to fail (in the jobs' order) fails the call with its own exception, after the
     * others have finished.
     */
    <T> List<T> runAll(List<Job<T>> jobs) throws Exception {
        return pool.runAll(jobs);
    }

    @Override
    public void close() {
        pool.close();
        for (GanWorkbench wb : all) {
            wb.close();
        }
    }
}
