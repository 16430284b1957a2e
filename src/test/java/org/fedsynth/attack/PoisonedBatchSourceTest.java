package org.fedsynth.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.fedsynth.gan.BatchSource;
import org.fedsynth.gan.RealBatch;
import org.junit.jupiter.api.Test;

/** The attack decorator: poisons only what it returns, at the configured rate. */
class PoisonedBatchSourceTest {

    private static final int RES = 16;
    private static final int C = 3;
    private static final int PER = C * RES * RES;

    /** A source that draws images by index with the rng and returns arrays aliasing its store when it can. */
    static final class StoredSource implements BatchSource {
        final float[] store;
        final int[] labels;

        StoredSource(int n, long seed) {
            store = Images.random(n, C, RES, seed);
            labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = i % 3;
            }
        }

        @Override
        public int size() {
            return labels.length;
        }

        @Override
        public RealBatch next(int batchSize, Random rng) {
            if (batchSize == labels.length) {
                return new RealBatch(store, labels); // worst case: hands out its own arrays
            }
            float[] px = new float[batchSize * PER];
            int[] lab = new int[batchSize];
            for (int b = 0; b < batchSize; b++) {
                int i = rng.nextInt(labels.length);
                System.arraycopy(store, i * PER, px, b * PER, PER);
                lab[b] = labels[i];
            }
            return new RealBatch(px, lab);
        }
    }

    private static Trigger solid() {
        return Trigger.build(TriggerSpec.of(TriggerType.SOLID, TriggerSize.pixels(4), TriggerLocation.bottomRight()), RES, C);
    }

    private static boolean hasPatch(float[] px, int img) {
        int p = RES - 4 - TriggerLocation.bottomRightMargin(RES);
        for (int c = 0; c < C; c++) {
            for (int y = p; y < p + 4; y++) {
                for (int x = p; x < p + 4; x++) {
                    if (Images.at(px, img, c, C, RES, y, x) != 1f) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    @Test
    void rateZeroIsIdenticalToTheBenignSourceBitForBit() {
        StoredSource benign = new StoredSource(50, 1);
        PoisonedBatchSource poisoned = new PoisonedBatchSource(new StoredSource(50, 1), solid(), 0.0);
        Random r1 = new Random(7);
        Random r2 = new Random(7);

        for (int step = 0; step < 5; step++) {
            RealBatch a = benign.next(8, r1);
            RealBatch b = poisoned.next(8, r2);

            assertArrayEquals(a.pixels(), b.pixels());
            assertArrayEquals(a.labels(), b.labels());
        }
        assertEquals(r1.nextLong(), r2.nextLong(), "the rng stream is untouched at rate 0");
        assertEquals(0, poisoned.imagesPoisoned());
        assertEquals(40, poisoned.imagesSeen());
    }

    @Test
    void neverMutatesTheWrappedSourcesStoredData() {
        StoredSource benign = new StoredSource(10, 2);
        float[] storeBefore = benign.store.clone();
        int[] labelsBefore = benign.labels.clone();
        PoisonedBatchSource poisoned = new PoisonedBatchSource(benign, solid(), 1.0);

        RealBatch b = poisoned.next(10, new Random(3)); // the source returns its own arrays here

        assertNotSame(benign.store, b.pixels());
        assertNotSame(benign.labels, b.labels());
        assertArrayEquals(storeBefore, benign.store);
        assertArrayEquals(labelsBefore, benign.labels);
        for (int i = 0; i < 10; i++) {
            assertTrue(hasPatch(b.pixels(), i), "image " + i + " poisoned at rate 1");
        }
        assertArrayEquals(labelsBefore, b.labels(), "labels unchanged");
    }

    @Test
    void rateOnePoisonsEveryImageAndOnlyThePatch() {
        StoredSource benign = new StoredSource(30, 4);
        PoisonedBatchSource poisoned = new PoisonedBatchSource(benign, solid(), 1.0);
        Random r1 = new Random(5);
        Random r2 = new Random(5);

        RealBatch clean = new StoredSource(30, 4).next(12, r1);
        RealBatch dirty = poisoned.next(12, r2);

        int p = RES - 4 - TriggerLocation.bottomRightMargin(RES);
        for (int i = 0; i < 12; i++) {
            assertTrue(hasPatch(dirty.pixels(), i));
            Images.assertOutsideUnchanged(clean.pixels(), dirty.pixels(), i, C, RES, p, p, 4);
        }
        assertEquals(12, poisoned.imagesPoisoned());
        assertEquals(30, poisoned.size());
    }

    @Test
    void poisonRateIsHonouredWithinSamplingError() {
        StoredSource benign = new StoredSource(100, 6);
        PoisonedBatchSource poisoned = new PoisonedBatchSource(benign, solid(), 0.3);
        Random rng = new Random(8);
        int hits = 0;

        for (int step = 0; step < 40; step++) {
            RealBatch b = poisoned.next(50, rng);
            for (int i = 0; i < 50; i++) {
                hits += hasPatch(b.pixels(), i) ? 1 : 0;
            }
        }

        assertEquals(2000, poisoned.imagesSeen());
        assertEquals(hits, poisoned.imagesPoisoned());
        assertEquals(0.3, hits / 2000.0, 0.04);
    }

    @Test
    void rejectsBadRateAndMismatchedImages() {
        StoredSource benign = new StoredSource(4, 9);
        Trigger wrongRes = Trigger.build(TriggerSpec.defaults(), 32, C);

        assertThrows(IllegalArgumentException.class, () -> new PoisonedBatchSource(benign, solid(), 1.5));
        assertThrows(IllegalArgumentException.class, () -> new PoisonedBatchSource(benign, solid(), Double.NaN));
        assertThrows(IllegalArgumentException.class,
                () -> new PoisonedBatchSource(benign, wrongRes, 1.0).next(2, new Random(0)));
    }

    @Test
    void planWrapsOnlyActiveMaliciousClients() {
        AttackSpec spec = new AttackSpec(MaliciousClients.ids(java.util.List.of(2)), 1.0, 3,
                TriggerSpec.of(TriggerType.SOLID, TriggerSize.pixels(4), TriggerLocation.bottomRight()));
        AttackPlan plan = spec.resolve(5, 0);
        Trigger trig = Trigger.build(spec.trigger(), RES, C);
        StoredSource benign = new StoredSource(4, 10);

        assertSame(benign, plan.sourceFor(3, 1, benign, trig), "benign client untouched");
        assertSame(benign, plan.sourceFor(2, 2, benign, trig), "before start_round untouched");
        BatchSource wrapped = plan.sourceFor(3, 2, benign, trig);
        assertTrue(wrapped instanceof PoisonedBatchSource);
        assertTrue(hasPatch(wrapped.next(2, new Random(1)).pixels(), 1));
        assertThrows(IllegalArgumentException.class,
                () -> plan.sourceFor(3, 2, benign, Trigger.build(TriggerSpec.defaults(), RES, C)));
    }
}
