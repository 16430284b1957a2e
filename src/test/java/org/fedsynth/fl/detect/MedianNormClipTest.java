package org.fedsynth.fl.detect;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.Tensor;
import org.fedsynth.fl.strategy.Norms;
import org.junit.jupiter.api.Test;

/** Median-norm clipping by hand: delta norms 1, 2, 3 and 12 (a 4x replacement of 3) around a global model. */
class MedianNormClipTest {

    private static ModelWeights w(float... v) {
        return new ModelWeights(List.of(new Tensor("w", new long[] {v.length}, v)));
    }

    @Test
    void everyDeltaIsShortenedToTheMedianNormAndKeepsItsDirection() {
        ModelWeights global = w(1, 1);
        // deltas (1, 0), (0, 2), (3, 0) * 0.6 / 0.6 = norm 3 along (0.6, 0.8), and 4 x that: norm 12
        List<ModelWeights> gs = List.of(w(2, 1), w(1, 3), w(1 + 1.8f, 1 + 2.4f), w(1 + 7.2f, 1 + 9.6f));
        MedianNormClip.Clipped c = MedianNormClip.apply(global, gs);
        assertEquals(2.5, c.median(), 1e-6);
        assertArrayEquals(new double[] {1, 2, 3, 12}, c.norms(), 1e-5);
        assertArrayEquals(new double[] {1, 1, 2.5 / 3, 2.5 / 12}, c.factors(), 1e-6);
        assertSame(gs.get(0), c.generators().get(0), "an update below the median is passed on as it is");
        for (int i = 0; i < 4; i++) {
            assertTrue(Norms.l2Distance(c.generators().get(i), global) <= 2.5 + 1e-5);
        }
        // the replaced update now equals the clipped honest one along the same direction
        assertArrayEquals(c.generators().get(2).get("w").data(), c.generators().get(3).get("w").data(), 1e-5f);
        assertArrayEquals(new float[] {1 + 1.5f, 1 + 2f}, c.generators().get(3).get("w").data(), 1e-5f);
    }

    @Test
    void aZeroMedianClipsNothing() {
        ModelWeights global = w(0, 0);
        MedianNormClip.Clipped c = MedianNormClip.apply(global, List.of(w(0, 0), w(0, 0), w(5, 0)));
        assertEquals(0.0, c.median());
        assertArrayEquals(new double[] {1, 1, 1}, c.factors());
    }
}
