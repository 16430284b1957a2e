package org.fedsynth.bench;

import java.util.Random;
import org.fedsynth.gan.BatchSource;
import org.fedsynth.gan.RealBatch;

/** Random real batches of one resolution and channel count (the step cost does not depend on content). */
final class RandomImages implements BatchSource {

    private final int channels;
    private final int res;

    RandomImages(int channels, int res) {
        this.channels = channels;
        this.res = res;
    }

    @Override
    public int size() {
        return 1024;
    }

    @Override
    public RealBatch next(int b, Random rng) {
        float[] px = new float[b * channels * res * res];
        int[] labels = new int[b];
        for (int i = 0; i < px.length; i++) {
            px[i] = rng.nextFloat() * 2 - 1;
        }
        for (int i = 0; i < b; i++) {
            labels[i] = rng.nextInt(2);
        }
        return new RealBatch(px, labels);
    }
}
