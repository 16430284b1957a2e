package org.fedsynth.gan;

import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The engine's intra-op threads, fitted to the cores other processes leave free.
 *
 * <p>The engine splits every operator statically over its OpenMP threads and waits at a barrier for
 * the slowest. When another process keeps a core busy, the thread that shares that core runs only
 * part of the time and every operator waits for it: beside one spinning thread, a round of 4
 * clients x 10 steps took 2.4-3.9x its idle time on 2 cores with 2 threads, and 1.5-1.65x with the
 * threads fitted (docs/PERFORMANCE.md, "contention"). So before each training step {@link #fit()} looks, at most once per
 * {@link #INTERVAL_NS}, at how much CPU the rest of the machine used since the last look (from
 * {@code /proc/stat}, less this process's own CPU time) and sets the calling thread's engine
 * threads to the cores left, between 1 and the configured maximum
 * ({@code ai.djl.pytorch.num_threads}). Two FedSynth processes on one machine settle at one thread
 * each; when the other one ends, the next look gives the cores back.
 *
 * <p>Set {@code -Dfedsynth.adaptive_threads=false} to keep the configured number fixed (the
 * {@code contention} bench does, to measure the difference). Where {@code /proc/stat} cannot be
 * read (not Linux), the number stays fixed.
 */
public final class EngineThreads {

    /** The shortest time between two looks at the machine's load. */
    public static final long INTERVAL_NS = 1_000_000_000L;

    /** A free share of a core within this of a whole core counts as one (so 1.6 free cores give 2 threads, 1.5 give 1): the background of a shared machine is not a competitor. */
    static final double ROUND_UP = 0.4;

    private static final Path PROC_STAT = Path.of("/proc/stat");
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static volatile boolean adaptive =
            !"false".equalsIgnoreCase(System.getProperty("fedsynth.adaptive_threads", "true"));

    private static final Object LOCK = new Object();
    private static long lastWall;
    private static long lastOwnCpu;
    private static long[] lastStat;
    private static int chosen;
    private static final ThreadLocal<Integer> APPLIED = new ThreadLocal<>();
    private static final ThreadLocal<Integer> PINNED = new ThreadLocal<>();

    private EngineThreads() {}

    /**
     * The threads for the free cores: {@code cores - othersBusy}, rounded down unless within
     * {@link #ROUND_UP} of the next core, clamped to {@code [1, max]}.
     */
    static int threadsFor(int max, int cores, double othersBusy) {
        double free = cores - Math.max(0, othersBusy);
        int n = (int) Math.floor(free + ROUND_UP);
        return Math.max(1, Math.min(max, n));
    }

    /**
     * The busy share of the machine's cores between two {@code /proc/stat} cpu lines (user, nice,
     * system, idle, iowait, irq, softirq, steal, ...): everything but idle and iowait, as cores.
     * Steal counts as busy: the hypervisor gave that time to someone else.
     */
    static double busyCores(long[] before, long[] after, int cores) {
        long total = 0;
        long idle = 0;
        for (int i = 0; i < Math.min(before.length, after.length) && i < 8; i++) {
            long d = after[i] - before[i];
            total += d;
            if (i == 3 || i == 4) {
                idle += d;
            }
        }
        return total <= 0 ? 0 : cores * (double) (total - idle) / total;
    }

    /** The numbers of the aggregate {@code cpu} line of {@code /proc/stat}, or null where it cannot be read. */
    static long[] readStat() {
        try {
            for (String line : Files.readAllLines(PROC_STAT)) {
                if (line.startsWith("cpu ")) {
                    String[] f = line.trim().split("\\s+");
                    long[] v = new long[f.length - 1];
                    for (int i = 1; i < f.length; i++) {
                        v[i - 1] = Long.parseLong(f[i]);
                    }
                    return v;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    private static long ownCpuNs() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /** The configured maximum ({@code ai.djl.pytorch.num_threads}, else the cores). */
    public static int maximum() {
        try {
            return Math.max(1, Integer.parseInt(System.getProperty("ai.djl.pytorch.num_threads", String.valueOf(CORES))));
        } catch (NumberFormatException e) {
            return CORES;
        }
    }

    /** Whether the threads follow the machine's load (the default) or stay fixed. */
    public static boolean adaptive() {
        return adaptive && loadVisible();
    }

    /** Whether this machine's load can be read ({@code /proc/stat}, Linux), so that fitting is possible at all. */
    public static boolean loadVisible() {
        return readStat() != null;
    }

    /**
     * Turns the fitting on or off for this process (the {@code contention} bench compares both);
     * off, the next {@link #fit()} restores the configured maximum.
     */
    public static void setAdaptive(boolean on) {
        synchronized (LOCK) {
            adaptive = on;
            lastStat = null;
        }
    }

    /**
     * Fixes the calling thread's engine threads at {@code threads}, whatever the load: a worker that
     * trains one client while others train theirs on threads of their own ({@code ClientTrainers})
     * runs one engine thread, so that its results do not depend on the machine's load or on how
     * many workers there are. {@code threads <= 0} unpins.
     */
    public static void pin(int threads) {
        if (threads <= 0) {
            PINNED.remove();
        } else {
            PINNED.set(threads);
            // applied now, not at the first step: a change of the engine's threads also resets oneDNN's prepared
            // convolutions, so it is made while this thread's pool starts (WorkerPool), not while another computes
            apply(threads);
        }
    }

    /**
     * Runs {@code body} on one engine thread, whatever this thread's setting or the machine's load,
     * and restores the setting after. The server's draws go through here ({@code GeneratorRenderer}):
     * the detector's probe images are a decision input, and an operator split over two threads sums
     * in another order than over one, which on some CPUs changes the last bit of a score and, through
     * a track-record weight, the averaged generator. On one thread they are the same bits in the
     * simulation and on a networked server, on any machine and under any load.
     */
    public static <T> T onOneThread(java.util.function.Supplier<T> body) {
        return onThreads(1, body);
    }

    /**
     * Runs {@code body} on {@code threads} engine threads, whatever this thread's setting or the machine's load,
     * and restores the setting after. The evaluation's classifiers train and infer through here at
     * {@link #maximum()} ({@link #onConfiguredThreads}, {@code CnnClassifier}): a classifier's weights, unlike one
     * operator's output, carry a difference in the last bit of a sum through every later step, so a domain
     * evaluator trained while fitting had picked one thread for a busy machine gave other features, and other FD
     * and backdoor rates, than the same evaluator trained idle.
     */
    public static <T> T onThreads(int threads, java.util.function.Supplier<T> body) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, found " + threads);
        }
        Integer pinned = PINNED.get();
        Integer applied = APPLIED.get();
        PINNED.set(threads);
        apply(threads);
        try {
            return body.get();
        } finally {
            if (pinned == null) {
                PINNED.remove();
            } else {
                PINNED.set(pinned);
            }
            // back to what the thread ran before (the engine's configured default if nothing was set)
            apply(applied != null ? applied : maximum());
        }
    }

    /** {@link #onThreads} at the configured maximum ({@code ai.djl.pytorch.num_threads}), whatever the load. */
    public static <T> T onConfiguredThreads(java.util.function.Supplier<T> body) {
        return onThreads(maximum(), body);
    }

    /**
     * Looks at the machine's load if the last look is older than {@link #INTERVAL_NS} and sets the
     * calling thread's engine threads to the cores left; cheap otherwise. Returns the threads now set.
     */
    public static int fit() {
        Integer pinned = PINNED.get();
        if (pinned != null) {
            apply(pinned);
            return pinned;
        }
        int max = maximum();
        int want = max;
        synchronized (LOCK) {
            long now = System.nanoTime();
            long[] stat = adaptive && max > 1 && (lastStat == null || now - lastWall >= INTERVAL_NS) ? readStat() : null;
            long own = stat == null ? -1 : ownCpuNs();
            if (stat != null && own >= 0) {
                if (lastStat != null) {
                    double busy = busyCores(lastStat, stat, CORES);
                    double ownCores = (own - lastOwnCpu) / (double) (now - lastWall);
                    chosen = threadsFor(max, CORES, busy - ownCores);
                } else {
                    chosen = max;
                }
                lastStat = stat;
                lastOwnCpu = own;
                lastWall = now;
            }
            if (adaptive && max > 1 && lastStat != null) {
                want = chosen;
            }
        }
        apply(want);
        return want;
    }

    /**
     * Sets the calling thread's engine threads. The engine gives every thread its thread count lazily, at the
     * thread's first parallel operator, from the count that any thread set last: a thread that set its own count
     * before its first operator got another thread's count as soon as it computed, whenever another thread had set
     * one in between (a worker pinned to one thread then ran on two, and summed in another order, depending on which
     * thread got there first; {@code EngineThreadsTest} reproduces it. It moves a loss in its sixth digit; the larger
     * divergence that README's "Speed" paragraph describes was another bug, {@code Scalars}). So the
     * first call on a thread asks the engine for its count first, which makes that lazy start-up happen now, and
     * only then sets the count, which nothing overrides after that.
     */
    private static void apply(int want) {
        Integer applied = APPLIED.get();
        if (applied == null) {
            JniUtils.getNumThreads(); // the engine's lazy per-thread start-up, before the count is set
        }
        if (applied == null || applied != want) {
            JniUtils.setNumThreads(want);
            APPLIED.set(want);
        }
    }
}
