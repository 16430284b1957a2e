package org.fedsynth.eval.backdoor;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.fedsynth.attack.Trigger;
import org.fedsynth.attack.TriggerType;
import org.fedsynth.data.ImageSet;
import org.fedsynth.eval.features.CnnClassifier;
import org.fedsynth.eval.features.CnnSpec;
import org.fedsynth.util.Seeds;

/**
 * The backdoor measure for every trigger type: a small CNN trained, per run, to tell the attacker's
 * poisoned real images from clean ones; {@code backdoor_rate} is the share of generated images it
 * calls poisoned, overall and per class (the classes of a class-targeted attack stand out there).
 *
 * <p>Training set: up to {@link #MAX_TRAIN} training images, each once clean (label 0) and once with the
 * run's full trigger (label 1; under DBA the whole trigger, not one piece; random locations drawn per image),
 * quantised to 8 bits as generated images are, and augmented so that the classifier answers "is the trigger
 * there?" rather than "does this look like a pasted real image?":
 * <ul>
 *   <li>the trigger at a strength in U({@link #MIN_STRENGTH}, 1), its difference blurred (3x3) half of the
 *       time: a generator draws a learnt trigger fainter and softer than a pasted one (on PneumoniaMNIST at 20
 *       rounds a classifier trained on crisp triggers called 3% of the images poisoned where the patch score
 *       found the trigger on 50%);
 *   <li>half of the pairs with their contrast lowered around the image mean by a factor in
 *       U({@link #MIN_CONTRAST}, 1), the same for both images (a blend lowers contrast too, and an immature
 *       generator draws flat images; without it a 3-round phantom generator's grey images were all "poisoned"
 *       under a blend trigger); not for a frequency trigger, which is itself a change of low-frequency amplitude;
 *   <li>half of the images with pixel noise of a standard deviation in U(0, {@link #NOISE}).
 * </ul>
 * Held out: up to {@link #MAX_TEST} test images, each clean and with the trigger as pasted; the accuracy
 * there is recorded beside the rate, so a trigger the classifier cannot see (accuracy near 0.5) is not read
 * as "no backdoor". A CNN of width {@link CnnSpec#UTILITY_WIDTH}, {@link #STEPS} Adam steps of batch 64 at
 * learning rate 1e-3. The rate on a vanilla generator (no attack) is this measure's false-positive floor;
 * {@code fedsynth robustness} reports each cell beside it.
 */
public final class TriggerClassifier {

    /** Training images used (each clean and poisoned). */
    public static final int MAX_TRAIN = 2000;
    /** Held-out images used (each clean and poisoned). */
    public static final int MAX_TEST = 500;
    /** Adam steps. */
    public static final int STEPS = 600;
    /** The weakest trigger strength in training: generators draw a learnt trigger fainter and blurrier than pasted. */
    public static final double MIN_STRENGTH = 0.4;
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
        return measureAll(train, test, trigger, List.of(generated), seed, progress).get(0);
    }

    /**
     * One classifier for {@code trigger}, trained and checked as {@link #measure} does, scoring several generators'
     * images (the same classifier for each, so their rates compare).
     */
    public static List<Result> measureAll(ImageSet train, ImageSet test, Trigger trigger, List<ImageSet> generatedSets,
            long seed, PrintStream progress) {
        ImageSet trainPairs = pairs(train, trigger, MAX_TRAIN, Seeds.rng(seed, "trigger-classifier-train"), true);
        ImageSet testPairs = pairs(test, trigger, MAX_TEST, Seeds.rng(seed, "trigger-classifier-test"), false);
        CnnSpec spec = new CnnSpec(train.channels(), train.height(), 2, CnnSpec.UTILITY_WIDTH);
        try (CnnClassifier c = new CnnClassifier(spec, Seeds.derive(seed, "trigger-classifier-init"))) {
            c.train(trainPairs, STEPS, 64, 1e-3f, Seeds.rng(seed, "trigger-classifier-batches"), null);
            double acc = c.accuracy(testPairs);
            if (acc < 0.75) {
                progress.printf("warning: the trigger classifier tells poisoned from clean real images only %.0f%% of the"
                        + " time; backdoor_rate says little for this trigger%n", 100 * acc);
            }
            List<Result> out = new ArrayList<>();
            for (ImageSet generated : generatedSets) {
                out.add(score(c, acc, testPairs.size(), generated, progress));
            }
            return out;
        }
    }

    private static Result score(CnnClassifier c, double acc, int heldOut, ImageSet generated, PrintStream progress) {
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
                + " generated%n", acc, heldOut, rate, p.length);
        return new Result(acc, rate, per, heldOut);
    }

    /**
     * Up to {@code max} images of {@code set}, each clean (label 0) and with the trigger (label 1). With
     * {@code augment} (the training pairs) the poisoned image carries the trigger at a strength drawn from
     * U({@link #MIN_STRENGTH}, 1), its difference from the clean image blurred (3x3 box) half of the time, and
     * both images of a pair get the same contrast jitter (except under a frequency trigger, which is itself a
     * change of low-frequency amplitude) and, independently, pixel noise; the held-out pairs are as poisoned.
     */
    static ImageSet pairs(ImageSet set, Trigger trigger, int max, Random rng, boolean augment) {
        int n = Math.min(max, set.size());
        int[] pick = sample(set.size(), n, rng);
        int c = set.channels();
        int res = set.height();
        int per = c * res * res;
        List<byte[]> images = new ArrayList<>(2 * n);
        int[] labels = new int[2 * n];
        float[] x = new float[per];
        float[] clean = new float[per];
        boolean contrastJitter = augment && trigger.type() != TriggerType.FREQUENCY;
        for (int k = 0; k < n; k++) {
            byte[] img = set.images().get(pick[k]);
            boolean jitter = contrastJitter && rng.nextBoolean();
            double contrast = MIN_CONTRAST + (1 - MIN_CONTRAST) * rng.nextDouble();
            double mean = 0;
            for (int i = 0; i < per; i++) {
                mean += ImageSet.pixelToUnit(img[i]);
            }
            mean /= per;
            for (int i = 0; i < per; i++) {
                clean[i] = ImageSet.pixelToUnit(img[i]);
                if (jitter) {
                    clean[i] = (float) (mean + contrast * (clean[i] - mean));
                }
            }
            for (int kind = 0; kind < 2; kind++) {
                System.arraycopy(clean, 0, x, 0, per);
                if (kind == 1) {
                    trigger.apply(x, 0, c, res, rng);
                    if (augment) {
                        weaken(x, clean, c, res, MIN_STRENGTH + (1 - MIN_STRENGTH) * rng.nextDouble(), rng.nextBoolean());
                    }
                }
                if (augment && rng.nextBoolean()) {
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

    /** {@code x = clean + strength * d}, {@code d = x - clean} (3x3 box-blurred per channel when {@code blur}). */
    static void weaken(float[] x, float[] clean, int c, int res, double strength, boolean blur) {
        int plane = res * res;
        float[] d = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i] - clean[i];
        }
        if (blur) {
            float[] b = new float[d.length];
            for (int ch = 0; ch < c; ch++) {
                for (int yy = 0; yy < res; yy++) {
                    for (int xx = 0; xx < res; xx++) {
                        double s = 0;
                        int cnt = 0;
                        for (int dy = -1; dy <= 1; dy++) {
                            for (int dx = -1; dx <= 1; dx++) {
                                int y2 = yy + dy;
                                int x2 = xx + dx;
                                if (y2 >= 0 && y2 < res && x2 >= 0 && x2 < res) {
                                    s += d[ch * plane + y2 * res + x2];
                                    cnt++;
                                }
                            }
                        }
                        b[ch * plane + yy * res + xx] = (float) (s / cnt);
                    }
                }
            }
            d = b;
        }
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (clean[i] + strength * d[i]);
        }
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
