package org.fedsynth.util;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    /** A resource that records how many jobs hold it at once. */
    static final class Bench {
        final AtomicInteger holders = new AtomicInteger();
        volatile int most;

        int use(int x) throws InterruptedException {
            int now = holders.incrementAndGet();
            most = Math.max(most, now);
            Thread.sleep(2);
            holders.decrementAndGet();
            return x * x;
        }
    }

    @Test
    void resultsComeInTheJobsOrderAndAResourceServesOneJobAtATime() throws Exception {
        List<Bench> benches = List.of(new Bench(), new Bench(), new Bench());
        Seen threads = new Seen();
        try (WorkerPool<Bench> pool = new WorkerPool<>(benches, "t", () -> threads.started.incrementAndGet())) {
            List<WorkerPool.Job<Bench, Integer>> jobs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int x = i;
                jobs.add(b -> {
                    threads.names.put(Thread.currentThread().getName(), true);
                    return b.use(x);
                });
            }
            List<Integer> out = pool.runAll(jobs);
            for (int i = 0; i < 40; i++) {
                assertEquals(i * i, out.get(i));
            }
            assertEquals(3, pool.size());
        }
        for (Bench b : benches) {
            assertEquals(1, b.most, "a resource held by two jobs at once");
        }
        assertEquals(List.of("t"), List.copyOf(threads.names.keySet()));
        assertTrue(threads.started.get() >= 1 && threads.started.get() <= 3, "onThreadStart ran once per thread");
    }

    @Test
    void severalJobsRunAtOnce() throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        try (WorkerPool<String> pool = new WorkerPool<>(List.of("a", "b"), "t", null)) {
            List<WorkerPool.Job<String, Boolean>> jobs = List.of(
                    r -> {
                        both.countDown();
                        return both.await(10, TimeUnit.SECONDS);
                    },
                    r -> {
                        both.countDown();
                        return both.await(10, TimeUnit.SECONDS);
                    });
            assertEquals(List.of(true, true), pool.runAll(jobs), "the two jobs did not meet: they ran one at a time");
        }
    }

    @Test
    void everyThreadRunsItsStartUpBeforeAnyJob() throws Exception {
        // a thread's start-up (the engine's thread count) must never run while another thread of the pool computes
        AtomicInteger started = new AtomicInteger();
        List<String> names = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (WorkerPool<Integer> pool = new WorkerPool<>(List.of(0, 1, 2), "start-up-test", () -> {
            started.incrementAndGet();
            names.add(Thread.currentThread().getName());
        })) {
            assertEquals(3, started.get(), "all three threads ran their start-up before the constructor returned");
            List<WorkerPool.Job<Integer, Integer>> jobs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                jobs.add(r -> started.get());
            }
            for (int seen : pool.runAll(jobs)) {
                assertEquals(3, seen, "no job ran before every start-up");
            }
            assertEquals(3, started.get(), "a start-up runs once per thread, not per job");
            assertTrue(names.stream().allMatch("start-up-test"::equals), names.toString());
        }
    }

    @Test
    void aPoolOfOneRunsOnTheCallersThread() throws Exception {
        Thread caller = Thread.currentThread();
        try (WorkerPool<String> pool = new WorkerPool<>(List.of("only"), "t", () -> fail("no thread for a pool of one"))) {
            List<WorkerPool.Job<String, String>> jobs = List.of(r -> {
                assertSame(caller, Thread.currentThread());
                return r;
            });
            assertEquals(List.of("only"), pool.runAll(jobs));
            assertEquals("only", pool.first());
        }
    }

    @Test
    void theFirstFailureInJobOrderFailsTheCallAfterTheOthersFinish() throws Exception {
        AtomicInteger finished = new AtomicInteger();
        try (WorkerPool<String> pool = new WorkerPool<>(List.of("a", "b"), "t", null)) {
            List<WorkerPool.Job<String, Integer>> jobs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int x = i;
                jobs.add(r -> {
                    if (x == 2 || x == 4) {
                        throw new IllegalArgumentException("job " + x);
                    }
                    Thread.sleep(5);
                    finished.incrementAndGet();
                    return x;
                });
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.runAll(jobs));
            assertEquals("job 2", e.getMessage());
            assertEquals(4, finished.get(), "the call returned before the other jobs finished");
            // the pool still works after a failed call: the failing jobs gave their resources back
            List<WorkerPool.Job<String, String>> again = List.of(r -> r, r -> r, r -> r);
            assertEquals(3, pool.runAll(again).size());
        }
    }

    @Test
    void refusesAnEmptyPool() {
        assertThrows(IllegalArgumentException.class, () -> new WorkerPool<>(List.of(), "t", null));
    }

    static final class Seen {
        final ConcurrentHashMap<String, Boolean> names = new ConcurrentHashMap<>();
        final AtomicInteger started = new AtomicInteger();
    }
}
