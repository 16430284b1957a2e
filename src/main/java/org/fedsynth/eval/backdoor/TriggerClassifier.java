package org.fedsynth.eval.backdoor;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.fedsynth.attack.Trigger;
import org.fedsynth.data.ImageSet;
import org.fedsynth.eval.features.CnnClassifier;
import org.fedsynth.eval.features.CnnSpec;
import org.fedsynth.util.Seeds;

/**
 * The backdoor measure for every trigger type: a small CNN trained, per run, to tell the attacker's
 * poisoned real images from clean ones; {@code backdoor_rate} is the share of generated images it
 * calls poisoned, overall and per class (the classes of a class-targeted attack stand out there).
 *
 * <p>Training set: up to {@link #MAX_TRAIN} training images, each once clean (label 0) and once with
 * the run's full trigger (label 1, under DBA the whole trigger, not one piece; random locations drawn
 * per image), both quantised to 8 bits as generated images are. Half of each kind, drawn at random, also get
 * i.i.d. Gaussian pixel noise of a standard deviation drawn from U(0, {@link #NOISE} ) (in the [-1, 1] range):
 * generated images are noisier than real ones, and without it a classifier may call any noisy image poisoned
 * (a blended noise pattern is itself noise). Half of the pairs, also at random, first have their contrast
 * lowered around the image mean by a factor drawn from U({@link #MIN_CONTRAST}, 1), the same for the clean
 * and the poisoned image: a blend lowers contrast too, and contrast alone must not read as the trigger
 * (an immature generator draws flat, low-contrast images). Held out: the same for up to
 * {@link #MAX_TEST} test images; the accuracy there is recorded beside the rate, so a trigger the
 * classifier cannot see (accuracy near 0.5) is not read as "no backdoor". A CNN of width
 * {@link CnnSpec#UTILITY_WIDTH}, {@link #STEPS} Adam steps of batch 64 at learning rate 1e-3.
 */
public final class TriggerClassifier {

    /** Training images used (each clean and poisoned). */
    public static final int MAX_TRAIN = 2000;
    /** Held-out images used (each clean and poisoned). */
    public static final int MAX_TEST = 500;
    /** Adam steps. */
    public static final int STEPS = 600;
    /** The lowest contrast factor of the jitter applied to half of the image pairs. */
    public static final double MIN_CONTRAST = 0.3;
    /** The largest standard deviation of the pixel noise added to half of the training images. */
    public static final double NOISE = 0.3;
    private static final List<String> CLASSES = List.of("clean", "poisoned");

    private TriggerClassifier() {}

    /**
     * What it measured.
     *
     * @param accuracy accuracy on the held-out clean and poisoned real images
     * @param rate share of the generated images called poisoned
     * @param perClass that share among the generated images of each class, by class name
     * @param heldOut held-out images scored (clean plus poisoned)
     */
    public record Result(double accuracy, double rate, Map<String, Double> perClass, int heldOut) {}

    /**
     * Trains the classifier for {@code trigger} on {@code train}, checks it on {@code test}, and scores
     * {@code generated}.
     */
    public static Result measure(ImageSet train, ImageSet test, Trigger trigger, ImageSet generated, long seed,
            PrintStream progress) {
        ImageSet trainPairs = pairs(train, trigger, MAX_TRAIN, Seeds.rng(seed, "trigger-classifier-train"));
        ImageSet testPairs = pairs(test, trigger, MAX_TEST, Seeds.rng(seed, "trigger-classifier-test"));
        CnnSpec spec = new CnnSpec(train.channels(), train.height(), 2, CnnSpec.UTILITY_WIDTH);
        try (CnnClassifier c = new CnnClassifier(spec, Seeds.derive(seed, "trigger-classifier-init"))) {
            c.train(trainPairs, STEPS, 64, 1e-3f, Seeds.rng(seed, "trigger-classifier-batches"), null);
            double acc = c.accuracy(testPairs);
            ImageSet asTwo = new ImageSet(CLASSES, generated.channels(), generated.height(), generated.width(),
                    generated.images(), new int[generated.size()], generated.source());
            double[][] p = c.probabilities(asTwo);
            int[] called = new int[generated.numClasses()];
            int[] seen = new int[generated.numClasses()];
            int all = 0;
            for (int i = 0; i < p.length; i++) {
                int k = generated.label(i);
                seen[k]++;
                if (p[i][1] > 0.5) {
                    called[k]++;
                    all++;
                }
            }
            Map<String, Double> per = new LinkedHashMap<>();
            for (int k = 0; k < seen.length; k++) {
                per.put(generated.classNames().get(k), seen[k] == 0 ? Double.NaN : called[k] / (double) seen[k]);
            }
            double rate = p.length == 0 ? Double.NaN : all / (double) p.length;
            progress.printf("trigger classifier: held-out accuracy %.3f on %d real images; backdoor_rate %.3f of %d"
                    + " generated%n", acc, testPairs.size(), rate, p.length);
            if (acc < 0.75) {
                progress.printf("warning: the trigger classifier tells poisoned from clean real images only %.0f%% of the"
                        + " time; backdoor_rate says little for this trigger%n", 100 * acc);
            }
            return new Result(acc, rate, per, testPairs.size());
        }
    }

    /** Up to {@code max} images of {@code set}, each clean (label 0) and with the trigger (label 1). */
    static ImageSet pairs(ImageSet set, Trigger trigger, int max, Random rng) {
        int n = Math.min(max, set.size());
        int[] pick = sample(set.size(), n, rng);
        int c = set.channels();
        int res = set.height();
        int per = c * res * res;
        List<byte[]> images = new ArrayList<>(2 * n);
        int[] labels = new int[2 * n];
        float[] x = new float[per];
        for (int k = 0; k < n; k++) {
            byte[] img = set.images().get(pick[k]);
            boolean jitter = rng.nextBoolean();
            double contrast = MIN_CONTRAST + (1 - MIN_CONTRAST) * rng.nextDouble();
            double mean = 0;
            for (int i = 0; i < per; i++) {
                mean += ImageSet.pixelToUnit(img[i]);
            }
            mean /= per;
            for (int kind = 0; kind < 2; kind++) {
                for (int i = 0; i < per; i++) {
                    x[i] = ImageSet.pixelToUnit(img[i]);
                    if (jitter) {
                        x[i] = (float) (mean + contrast * (x[i] - mean));
                    }
                }
                if (kind == 1) {
                    trigger.apply(x, 0, c, res, rng);
                }
                if (rng.nextBoolean()) {
                    double sd = NOISE * rng.nextDouble();
                    for (int i = 0; i < per; i++) {
                        x[i] += (float) (sd * rng.nextGaussian());
                    }
                }
                byte[] out = new byte[per];
                for (int i = 0; i < per; i++) {
                    out[i] = ImageSet.unitToPixel(x[i]);
                }
                images.add(out);
                labels[2 * k + kind] = kind;
            }
        }
        return new ImageSet(CLASSES, c, res, set.width(), images, labels, set.source() + " (clean and poisoned)");
    }

    private static int[] sample(int size, int n, Random rng) {
        int[] idx = new int[size];
        for (int i = 0; i < size; i++) {
            idx[i] = i;
        }
        for (int i = 0; i < n; i++) {
            int j = i + rng.nextInt(size - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return java.util.Arrays.copyOf(idx, n);
    }
}
