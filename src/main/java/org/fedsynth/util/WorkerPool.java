package org.fedsynth.util;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A fixed set of resources (workbenches, renderers) and as many threads: {@link #runAll} hands each
 * job an idle resource, so a resource serves one job at a time, and returns the results in the jobs'
 * order. With one resource the jobs run one after another on the caller's thread.
 *
 * <p>The pool owns its threads, not the resources: its owner closes those after {@link #close}.
 * The simulation's client trainers and the server's probe share it.
 *
 * @param <R> the resource a job runs on
 */
public final class WorkerPool<R> implements AutoCloseable {

    /** One job on a given resource. */
    @FunctionalInterface
    public interface Job<R, T> {
        T run(R resource) throws Exception;
    }

    private final List<R> all;
    private final LinkedBlockingQueue<R> idle;
    private final ExecutorService threads;

    /**
     * A pool over {@code resources} (at least one). With more than one, its daemon threads are named
     * {@code threadName}, and each runs {@code onThreadStart} (may be null), for per-thread settings such as the
     * engine's thread count, before the constructor returns, so before any job of any thread.
     */
    public WorkerPool(List<R> resources, String threadName, Runnable onThreadStart) {
        if (resources.isEmpty()) {
            throw new IllegalArgumentException("a worker pool needs at least one resource");
        }
        this.all = List.copyOf(resources);
        this.idle = new LinkedBlockingQueue<>(all);
        if (all.size() == 1) {
            this.threads = null;
            return;
        }
        CountDownLatch started = new CountDownLatch(all.size());
        ThreadPoolExecutor pool = new ThreadPoolExecutor(all.size(), all.size(), 0L, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(() -> {
                        try {
                            if (onThreadStart != null) {
                                onThreadStart.run();
                            }
                        } finally {
                            started.countDown();
                        }
                        r.run();
                    }, threadName);
                    t.setDaemon(true);
                    return t;
                });
        // Every thread runs its start-up before any job: a per-thread engine setting (the engine's thread
        // count, whose change also resets native kernel caches) is then never changed while another thread of
        // the pool computes. (Runs that differed under load were first put down to a change at a worker's first step;
        // their cause was another, gan.Scalars.) (The engine
        // also applies a thread's count lazily at its first operator; EngineThreads makes that happen before it sets
        // one, so that no other thread's count replaces it there.)
        pool.prestartAllCoreThreads();
        try {
            started.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
            throw new IllegalStateException("interrupted while the worker threads started", e);
        }
        this.threads = pool;
    }

    /** How many jobs run at once at most. */
    public int size() {
        return all.size();
    }

    /** The first resource (the one a pool of one runs every job on). */
    public R first() {
        return all.get(0);
    }

    /**
     * Runs the jobs, up to {@link #size()} at once, and returns their results in the jobs' order. The
     * first job to fail (in the jobs' order) fails the call with its own exception, after the others
     * have finished; an interrupted caller gets {@link InterruptedException}.
     */
    public <T> List<T> runAll(List<? extends Job<R, T>> jobs) throws Exception {
        List<T> out = new ArrayList<>(jobs.size());
        if (threads == null) {
            for (Job<R, T> j : jobs) {
                out.add(j.run(all.get(0)));
            }
            return out;
        }
        List<Future<T>> futures = new ArrayList<>(jobs.size());
        for (Job<R, T> j : jobs) {
            futures.add(threads.submit(() -> {
                R r = idle.take();
                try {
                    return j.run(r);
                } finally {
                    idle.add(r);
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

    /** Stops the threads (waiting up to 30 s for running jobs); the resources stay open. */
    @Override
    public void close() {
        if (threads != null) {
            threads.shutdownNow();
            try {
                threads.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
