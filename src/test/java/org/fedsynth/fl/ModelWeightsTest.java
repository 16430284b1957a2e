package org.fedsynth.fl;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelWeightsTest {

    static ModelWeights w(float a, float b, float mean) {
        return new ModelWeights(List.of(new Tensor("conv_weight", new long[] {2}, new float[] {a, b}),
                new Tensor("bn_runningMean", new long[] {1}, new float[] {mean})));
    }

    @Test
    void movingAverageBlendsEveryTensorIncludingRunningStatistics() {
        ModelWeights avg = w(1f, -2f, 10f).movingAverage(w(3f, 2f, 0f), 0.75);
        assertArrayEquals(new float[] {1.5f, -1f, 7.5f}, avg.flatten(), 1e-6f);
        assertEquals(List.of("conv_weight", "bn_runningMean"), avg.names());
        // decay 0 takes the new weights, decay 1 keeps the average
        assertArrayEquals(new float[] {3f, 2f, 0f}, w(1f, -2f, 10f).movingAverage(w(3f, 2f, 0f), 0).flatten());
        assertArrayEquals(new float[] {1f, -2f, 10f}, w(1f, -2f, 10f).movingAverage(w(3f, 2f, 0f), 1).flatten());
    }

    @Test
    void movingAverageRefusesOtherLayoutsAndBadDecay() {
        ModelWeights other = new ModelWeights(List.of(new Tensor("conv_weight", new long[] {3}, new float[3]),
                new Tensor("bn_runningMean", new long[] {1}, new float[1])));
        var e = assertThrows(IllegalArgumentException.class, () -> w(1f, 2f, 3f).movingAverage(other, 0.5));
        assertTrue(e.getMessage().contains("conv_weight"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> w(1f, 2f, 3f).movingAverage(w(1f, 2f, 3f), 1.5));
        assertThrows(IllegalArgumentException.class, () -> w(1f, 2f, 3f).movingAverage(w(1f, 2f, 3f), Double.NaN));
    }
}
