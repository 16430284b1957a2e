package org.fedsynth.attack;

import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.fedsynth.gan.BatchSource;
import org.fedsynth.gan.RealBatch;

/**
 * The backdoor attack of Jin and Li (Medical Image Analysis 2023) as a decorator: wraps a malicious
 * client's {@link BatchSource} and pastes a {@link Trigger} on its real images before its
 * discriminator sees them. Generated images and benign clients are never touched: this class is the
 * only place the attack changes anything, and it only changes the batches it returns.
 *
 * <p>On every {@link #next}, the wrapped batch's pixel and label arrays are copied first (so data the
 * wrapped source may share with its store is never mutated), then each image independently gets
 * the trigger with probability {@code poisonRate}. Randomness comes from the caller's {@code rng},
 * after the wrapped source has drawn its batch: one {@code rng.nextDouble() < poisonRate} draw per
 * image (skipped when the rate is 0 or 1, so rate 0 leaves the rng stream and the batches exactly
 * as without the attack), then the trigger's own draws for {@code random} locations.
 *
 * <p>Not thread-safe: it keeps running counts of images seen and poisoned (for logs).
 */
public final class PoisonedBatchSource implements BatchSource {

    private final BatchSource benign;
    private final Trigger trigger;
    private final double poisonRate;
    private final Set<Integer> targetClasses;
    private long seen;
    private long poisoned;

    /**
     * Wraps {@code benign}.
     *
     * @param poisonRate the probability that each real image gets the trigger, in [0, 1]
     */
    public PoisonedBatchSource(BatchSource benign, Trigger trigger, double poisonRate) {
        this(benign, trigger, poisonRate, Set.of());
    }

    /**
     * Wraps {@code benign}, poisoning only images whose label is in {@code targetClasses} (empty: every
     * image); images of other classes take no random draw.
     *
     * @param poisonRate the probability that each eligible real image gets the trigger, in [0, 1]
     */
    public PoisonedBatchSource(BatchSource benign, Trigger trigger, double poisonRate, Set<Integer> targetClasses) {
        this.benign = Objects.requireNonNull(benign, "benign");
        this.trigger = Objects.requireNonNull(trigger, "trigger");
        if (!(poisonRate >= 0 && poisonRate <= 1)) {
            throw new IllegalArgumentException("attack.poison_rate must be in [0, 1]; found " + poisonRate);
        }
        this.poisonRate = poisonRate;
        this.targetClasses = Set.copyOf(targetClasses);
    }

    @Override
    public int size() {
        return benign.size();
    }

    @Override
    public int[] classesHeld() {
        return benign.classesHeld();
    }

    @Override
    public RealBatch next(int batchSize, Random rng) {
        RealBatch clean = benign.next(batchSize, rng);
        float[] pixels = clean.pixels().clone();
        int[] labels = clean.labels().clone();
        int n = labels.length;
        int c = trigger.channels();
        int res = trigger.resolution();
        int per = c * res * res;
        if (pixels.length != (long) n * per) {
            throw new IllegalArgumentException("batch of " + n + " images has " + pixels.length
                    + " values; the trigger expects " + c + "x" + res + "x" + res + " images");
        }
        for (int i = 0; i < n; i++) {
            if (!targetClasses.isEmpty() && !targetClasses.contains(labels[i])) {
                continue;
            }
            boolean hit = poisonRate >= 1 || (poisonRate > 0 && rng.nextDouble() < poisonRate);
            if (hit) {
                trigger.apply(pixels, i * per, c, res, rng);
                poisoned++;
            }
        }
        seen += n;
        return new RealBatch(pixels, labels);
    }

    /** The trigger pasted. */
    public Trigger trigger() {
        return trigger;
    }

    /** The per-image poisoning probability. */
    public double poisonRate() {
        return poisonRate;
    }

    /** Real images returned so far. */
    public long imagesSeen() {
        return seen;
    }

    /** Real images that got the trigger so far. */
    public long imagesPoisoned() {
        return poisoned;
    }
}
