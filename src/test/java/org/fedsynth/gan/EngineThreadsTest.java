package org.fedsynth.gan;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;

class EngineThreadsTest {

    @Test
    void threadsAreTheFreeCoresClampedToOneAndTheMaximum() {
        assertEquals(2, EngineThreads.threadsFor(2, 2, 0.05), "idle: all");
        assertEquals(2, EngineThreads.threadsFor(2, 2, 0.4), "background noise is not a competitor");
        assertEquals(1, EngineThreads.threadsFor(2, 2, 0.5));
        assertEquals(1, EngineThreads.threadsFor(2, 2, 1.0), "one core busy: one thread");
        assertEquals(1, EngineThreads.threadsFor(2, 2, 3.0), "never fewer than one");
        assertEquals(7, EngineThreads.threadsFor(8, 8, 1.0));
        assertEquals(4, EngineThreads.threadsFor(4, 8, 1.0), "never more than the maximum");
        assertEquals(2, EngineThreads.threadsFor(2, 2, -0.2), "a negative reading (clock skew) counts as idle");
    }

    @Test
    void busyCoresCountEverythingButIdleAndIowait() {
        long[] a = {100, 0, 50, 1000, 10, 0, 0, 0, 0, 0};
        // +150 user, +50 system, +180 idle, +20 iowait, +0 steal: 200 busy of 400 -> half of 2 cores
        long[] b = {250, 0, 100, 1180, 30, 0, 0, 0, 0, 0};
        assertEquals(1.0, EngineThreads.busyCores(a, b, 2), 1e-12);
        long[] stolen = {250, 0, 100, 1180, 30, 0, 0, 100, 0, 0};
        assertEquals(2 * 300.0 / 500, EngineThreads.busyCores(a, stolen, 2), 1e-12, "steal is time the machine did not give us");
        assertEquals(0.0, EngineThreads.busyCores(a, a, 2), "no time passed");
    }

    @Test
    void theMachineLoadIsReadFromProcStat() {
        long[] s = EngineThreads.readStat();
        if (!System.getProperty("os.name").toLowerCase().contains("linux")) {
            return;
        }
        assertNotNull(s);
        assertTrue(s.length >= 8, "user nice system idle iowait irq softirq steal");
        assertTrue(s[3] > 0, "idle time");
    }

    @Test
    void fixedThreadsAreTheConfiguredMaximum() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.ones(new Shape(1)).getFloat(0); // the engine is loaded
            boolean was = EngineThreads.adaptive();
            EngineThreads.setAdaptive(false);
            try {
                assertEquals(EngineThreads.maximum(), EngineThreads.fit());
                assertEquals(EngineThreads.maximum(), JniUtils.getNumThreads());
                EngineThreads.pin(1);
                assertEquals(1, EngineThreads.fit(), "a pinned thread keeps its threads");
                assertEquals(1, JniUtils.getNumThreads());
                EngineThreads.pin(0);
                assertEquals(EngineThreads.maximum(), EngineThreads.fit());
            } finally {
                EngineThreads.pin(0);
                EngineThreads.setAdaptive(was);
            }
        }
    }

    /**
     * The engine sets a thread's count lazily, at its first operator, from the count any thread set last. A worker
     * pinned before it computed used to take another thread's count there (and summed in another order; found on
     * 2026-12-07 while looking for a larger run-to-run divergence that it does not explain).
     */
    @Test
    void aThreadPinnedBeforeItsFirstOperatorKeepsItsPinWhateverAnotherThreadSets() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            m.ones(new Shape(1)).getFloat(0); // the engine is loaded
            java.util.concurrent.CyclicBarrier pinned = new java.util.concurrent.CyclicBarrier(2);
            java.util.concurrent.CyclicBarrier changed = new java.util.concurrent.CyclicBarrier(2);
            int[] seen = new int[2];
            Thread worker = new Thread(() -> {
                try {
                    EngineThreads.pin(1); // as a WorkerPool thread does at its start, before any operator
                    pinned.await();
                    changed.await();
                    try (NDManager w = m.newSubManager()) {
                        NDArray a = w.ones(new Shape(512, 512));
                        a.matMul(a).sum().getFloat(); // its first operators
                    }
                    seen[0] = JniUtils.getNumThreads();
                    seen[1] = EngineThreads.fit();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    EngineThreads.pin(0);
                }
            }, "pinned-worker");
            Thread other = new Thread(() -> {
                try {
                    pinned.await();
                    JniUtils.setNumThreads(3); // another thread sets a count of its own meanwhile
                    changed.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "other");
            worker.start();
            other.start();
            worker.join();
            other.join();
            // the engine's last count back to the default, for the threads that start after this test
            Thread restore = new Thread(() -> JniUtils.setNumThreads(EngineThreads.maximum()));
            restore.start();
            restore.join();
            assertEquals(1, seen[0], "the pinned worker computes on one engine thread, not on the count set last");
            assertEquals(1, seen[1], "and its setting says so");
        }
    }

    @Test
    void theServersDrawsRunOnOneThreadAndGiveTheSettingBack() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.ones(new Shape(1)).getFloat(0);
            boolean was = EngineThreads.adaptive();
            EngineThreads.setAdaptive(false);
            try {
                int max = EngineThreads.fit();
                assertEquals(1, (int) EngineThreads.onOneThread(JniUtils::getNumThreads));
                assertEquals(max, JniUtils.getNumThreads(), "the thread's own setting is back");
                EngineThreads.pin(1);
                EngineThreads.fit();
                assertEquals(1, (int) EngineThreads.onOneThread(JniUtils::getNumThreads));
                assertEquals(1, EngineThreads.fit(), "a pinned thread stays pinned");
                EngineThreads.pin(0);
                assertThrows(IllegalStateException.class, () -> EngineThreads.onOneThread(() -> {
                    throw new IllegalStateException("a failed draw");
                }));
                assertEquals(max, EngineThreads.fit(), "restored after a failure too");
                assertEquals(max, JniUtils.getNumThreads());
            } finally {
                EngineThreads.pin(0);
                EngineThreads.setAdaptive(was);
            }
        }
    }

    @Test
    void aBusyCoreElsewhereTakesAThreadAway() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        if (EngineThreads.readStat() == null || cores < 2 || EngineThreads.maximum() < 2) {
            return; // nothing to fit: not Linux, or one core
        }
        Process spinner = new ProcessBuilder(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.fedsynth.bench.Competitor", "spin")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        boolean was = EngineThreads.adaptive();
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals("ready", new String(spinner.getInputStream().readNBytes(5), java.nio.charset.StandardCharsets.US_ASCII));
            EngineThreads.setAdaptive(true);
            NDArray a = m.randomNormal(new Shape(256, 256));
            int threads = EngineThreads.fit();
            long until = System.nanoTime() + 3 * EngineThreads.INTERVAL_NS;
            while (System.nanoTime() < until) {
                a.matMul(a).close();
                threads = EngineThreads.fit();
            }
            assertTrue(threads <= Math.min(EngineThreads.maximum(), cores - 1),
                    "one core spinning in another process leaves at most " + (cores - 1) + " threads, got " + threads);
            assertEquals(threads, JniUtils.getNumThreads(), "the engine runs the fitted threads");
        } finally {
            spinner.getOutputStream().close();
            spinner.destroyForcibly().waitFor();
            EngineThreads.setAdaptive(was);
        }
    }
}
