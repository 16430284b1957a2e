package org.fedsynth.data;

import java.util.LinkedHashSet;
import java.util.Random;
import java.util.Set;
import org.fedsynth.gan.BatchSource;
import org.fedsynth.gan.RealBatch;

/**
 * Real batches from a client's {@link ImageSet}: each batch is {@code min(B, n)} distinct images
 * drawn uniformly with Floyd's algorithm, scaled to [-1, 1]. Sampling is stateless (it depends only
 * on the random stream), so a resumed run draws exactly the batches an uninterrupted one would.
 */
public final class ImageBatchSource implements BatchSource {

    private final ImageSet images;

    /** Batches from {@code images}. */
    public ImageBatchSource(ImageSet images) {
        if (images.size() == 0) {
            throw new IllegalArgumentException(images.source() + ": a client needs at least one image");
        }
        this.images = images;
    }

    /** The underlying images. */
    public ImageSet images() {
        return images;
    }

    @Override
    public int size() {
        return images.size();
    }

    @Override
    public int[] classesHeld() {
        int[] counts = images.classCounts();
        return java.util.stream.IntStream.range(0, counts.length).filter(c -> counts[c] > 0).toArray();
    }

    @Override
    public RealBatch next(int batchSize, Random rng) {
        int n = images.size();
        int b = Math.min(batchSize, n);
        Set<Integer> chosen = new LinkedHashSet<>();
        for (int j = n - b; j < n; j++) {
            int t = rng.nextInt(j + 1);
            if (!chosen.add(t)) {
                chosen.add(j);
            }
        }
        int per = images.channels() * images.height() * images.width();
        float[] px = new float[b * per];
        int[] labels = new int[b];
        int k = 0;
        for (int idx : chosen) {
            byte[] src = images.images().get(idx);
            for (int i = 0; i < per; i++) {
                px[k * per + i] = ImageSet.pixelToUnit(src[i]);
            }
            labels[k] = images.label(idx);
            k++;
        }
        return new RealBatch(px, labels);
    }
}
