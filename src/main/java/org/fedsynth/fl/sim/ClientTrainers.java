package org.fedsynth.fl.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.fedsynth.gan.EngineThreads;
import org.fedsynth.gan.GanWorkbench;

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
    interface Job<T> {
        T run(GanWorkbench wb) throws Exception;
    }

    private final int workers;
    private final LinkedBlockingQueue<GanWorkbench> idle = new LinkedBlockingQueue<>();
    private final List<GanWorkbench> all = new ArrayList<>();
    private final ExecutorService pool;

    ClientTrainers(int workers, Supplier<GanWorkbench> workbench) {
        this.workers = Math.max(1, workers);
        for (int i = 0; i < this.workers; i++) {
            GanWorkbench wb = workbench.get();
            all.add(wb);
            idle.add(wb);
        }
        pool = this.workers == 1 ? null : Executors.newFixedThreadPool(this.workers, r -> {
            Thread t = new Thread(() -> {
                EngineThreads.pin(1);
                r.run();
            }, "client-trainer");
            t.setDaemon(true);
            return t;
        });
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
        return workers;
    }

    /** The first workbench (the one a single worker trains on). */
    GanWorkbench first() {
        return all.get(0);
    }

    /**
     * Runs the jobs, up to {@link #workers()} at once, and returns their results in the jobs' order.
     * The first job to fail (in the jobs' order) fails the call with its own exception, after the
     * others have finished.
     */
    <T> List<T> runAll(List<Job<T>> jobs) throws Exception {
        List<T> out = new ArrayList<>(jobs.size());
        if (pool == null) {
            for (Job<T> j : jobs) {
                out.add(j.run(all.get(0)));
            }
            return out;
        }
        List<Future<T>> futures = new ArrayList<>(jobs.size());
        for (Job<T> j : jobs) {
            futures.add(pool.submit(() -> {
                GanWorkbench wb = idle.take();
                try {
                    return j.run(wb);
                } finally {
                    idle.add(wb);
                }
            }));
        }
        Exception first = null;
        for (Future<T> f : futures) {
            try {
                out.add(f.get());
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause() instanceof Exception ex ? ex : new IllegalStateException(e.getCause());
                }
                out.add(null);
            }
        }
        if (first != null) {
            throw first;
        }
        return out;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
            try {
                pool.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (GanWorkbench wb : all) {
            wb.close();
        }
    }
}
