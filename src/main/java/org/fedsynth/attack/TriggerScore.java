package org.fedsynth.attack;

import java.util.Arrays;
import java.util.Objects;

/**
 * How strongly generated images carry the backdoor trigger: the {@code trigger_score} (mean
 * per-image score) and the backdoor rate (fraction of images scoring above a threshold, default
 * 0.5), as used to measure the attack of Jin and Li (Medical Image Analysis 2023).
 *
 * <p>Per-image score, by {@link Mode}:
 * <ul>
 *   <li>{@link Mode#NCC} (triggers whose patch varies: pattern, noise, checkerboard, most images):
 *       Pearson correlation over all channels' values between the image region and the trigger
 *       patch, using only the patch's opaque pixels (alpha 1; the pattern's feathered ring is
 *       excluded, so a pasted trigger scores exactly 1; if no pixel is opaque, those with alpha &gt; 0).
 *       NCC is 0 when the image region has zero variance. In [-1, 1]; clean images score about 0.
 *   <li>{@link Mode#SURROUND_MATCH} (triggers with zero variance: solid, a one-cell checkerboard, a
 *       flat image), where NCC is undefined: the patch is compared with its surroundings. With
 *       {@code t} the trigger's constant value per channel, {@code d_in} the mean {@code |x - t|}
 *       over the patch and {@code d_out} the same over a ring of width {@code max(1, s / 2)} around
 *       it (clipped to the image), the score is {@code clamp(1 - d_in / d_out, -1, 1)}: 1 when the
 *       patch is exactly the trigger but its surroundings are not, about 0 when the region looks
 *       like its surroundings (clean images), negative when the surroundings are closer to the
 *       trigger than the patch is. {@code d_out = 0} scores 0 if {@code d_in = 0} too (nothing to
 *       tell apart), else -1. Without a ring (patch = whole image): {@code clamp(1 - d_in, -1, 1)}.
 *   <li>{@link Mode#UNDEFINED} ({@code frequency}): the FIBA trigger blends amplitude spectra and
 *       leaves no template to match without the clean image, so the score is {@code NaN} (as are
 *       the trigger score and backdoor rate). Measure frequency backdoors by other means.
 * </ul>
 *
 * <p>Location: the score is measured at the configured position (bottom-right or [x, y]); for
 * {@code random} locations it is the maximum over all positions (stride 1), which biases clean
 * images' scores upwards (a maximum of many correlations).
 */
public final class TriggerScore {

    /** Default backdoor-rate threshold. */
    public static final double DEFAULT_THRESHOLD = 0.5;

    /** How the per-image score is computed. */
    public enum Mode {
        /** Normalised cross-correlation with the patch. */
        NCC,
        /** Patch-versus-surroundings match, for zero-variance triggers. */
        SURROUND_MATCH,
        /** Not defined ({@code frequency}): scores are NaN. */
        UNDEFINED
    }

    /**
     * Scores of a set of images.
     *
     * @param triggerScore the mean per-image score ({@code trigger_score}); NaN if undefined or no images
     * @param backdoorRate the fraction of images scoring strictly above the threshold; NaN if undefined
     * @param perImage each image's score
     */
    public record Result(double triggerScore, double backdoorRate, double[] perImage) {

        /** Copies the scores. */
        public Result {
            perImage = perImage.clone();
        }

        /** A copy of the per-image scores. */
        @Override
        public double[] perImage() {
            return perImage.clone();
        }

        /** Number of images scored. */
        public int count() {
            return perImage.length;
        }
    }

    private final Trigger trigger;
    /** The trigger as a patch, or {@code null} when it has none (mode UNDEFINED). */
    private final PatchTrigger placed;
    private final double threshold;
    private final Mode mode;
    private final int res;
    private final int channels;
    private final int s;
    /** Patch pixel indices ({@code i*s + j}) that are scored. */
    private final int[] mask;
    /** Centred template values, {@code C * mask.length}, channel-major; or the constants per channel. */
    private final double[] template;
    private final double templateNorm2;

    /** A scorer with the default threshold 0.5. */
    public TriggerScore(Trigger trigger) {
        this(trigger, DEFAULT_THRESHOLD);
    }

    /** A scorer; images score "backdoored" when strictly above {@code threshold}. */
    public TriggerScore(Trigger trigger, double threshold) {
        this.trigger = Objects.requireNonNull(trigger, "trigger");
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("trigger score threshold must be finite; found " + threshold);
        }
        this.threshold = threshold;
        this.res = trigger.resolution();
        this.channels = trigger.channels();
        this.s = trigger.size();
        if (!(trigger instanceof PatchTrigger patchTrigger) || !trigger.type().isPatch()) {
            // a frequency or blend trigger has no local patch to correlate with
            this.placed = null;
            this.mode = Mode.UNDEFINED;
            this.mask = new int[0];
            this.template = new double[0];
            this.templateNorm2 = 0;
            return;
        }
        this.placed = patchTrigger;
        float[] alpha = patchTrigger.alphaView();
        float[] patch = patchTrigger.patchView();
        int[] m = indicesWhere(alpha, 1f);
        if (m.length == 0) {
            m = indicesWhere(alpha, Float.MIN_VALUE);
        }
        if (m.length == 0) {
            m = indicesWhere(new float[alpha.length], 0f);
        }
        this.mask = m;
        int pp = s * s;
        double[] t = new double[channels * m.length];
        double sum = 0;
        for (int c = 0; c < channels; c++) {
            for (int k = 0; k < m.length; k++) {
                t[c * m.length + k] = patch[c * pp + m[k]];
                sum += t[c * m.length + k];
            }
        }
        double mean = sum / t.length;
        double norm2 = 0;
        for (int i = 0; i < t.length; i++) {
            t[i] -= mean;
            norm2 += t[i] * t[i];
        }
        if (norm2 <= 1e-9 * t.length) {
            this.mode = Mode.SURROUND_MATCH;
            double[] consts = new double[channels];
            for (int c = 0; c < channels; c++) {
                consts[c] = patch[c * pp + m[0]];
            }
            this.template = consts;
            this.templateNorm2 = 0;
        } else {
            this.mode = Mode.NCC;
            this.template = t;
            this.templateNorm2 = norm2;
        }
    }

    private static int[] indicesWhere(float[] a, float atLeast) {
        return java.util.stream.IntStream.range(0, a.length).filter(i -> a[i] >= atLeast).toArray();
    }

    /** The scoring mode for this trigger. */
    public Mode mode() {
        return mode;
    }

    /** The backdoor-rate threshold. */
    public double threshold() {
        return threshold;
    }

    /** The trigger scored against. */
    public Trigger trigger() {
        return trigger;
    }

    /** Scores every image in {@code images} ({@code B*C*res*res}, CHW, [-1, 1]). */
    public Result score(float[] images) {
        int per = channels * res * res;
        if (images.length % per != 0) {
            throw new IllegalArgumentException(images.length + " values is not a whole number of " + channels + "x"
                    + res + "x" + res + " images");
        }
        int n = images.length / per;
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            scores[i] = scoreImage(images, i * per);
        }
        if (mode == Mode.UNDEFINED || n == 0) {
            return new Result(Double.NaN, Double.NaN, scores);
        }
        double mean = Arrays.stream(scores).average().orElse(Double.NaN);
        long above = Arrays.stream(scores).filter(v -> v > threshold).count();
        return new Result(mean, (double) above / n, scores);
    }

    /** The score of the image at {@code offset}; NaN for {@code frequency}. */
    public double scoreImage(float[] images, int offset) {
        int per = channels * res * res;
        if (offset < 0 || offset > images.length - per) {
            throw new IllegalArgumentException("image at offset " + offset + " lies outside an array of " + images.length);
        }
        if (mode == Mode.UNDEFINED) {
            return Double.NaN;
        }
        if (trigger.spec().location().kind() != TriggerLocation.Kind.RANDOM) {
            Trigger.Placement p = placed.placement(null);
            return scoreAt(images, offset, p.x(), p.y());
        }
        double best = Double.NEGATIVE_INFINITY;
        for (int y = 0; y + s <= res; y++) {
            for (int x = 0; x + s <= res; x++) {
                best = Math.max(best, scoreAt(images, offset, x, y));
            }
        }
        return best;
    }

    /** The score with the patch's top-left corner at column {@code x}, row {@code y}. */
    public double scoreAt(float[] images, int offset, int x, int y) {
        if (mode == Mode.UNDEFINED) {
            return Double.NaN;
        }
        if (x < 0 || y < 0 || x + s > res || y + s > res) {
            throw new IllegalArgumentException("patch of " + s + " px at [" + x + ", " + y + "] does not fit in "
                    + res + "x" + res);
        }
        return mode == Mode.NCC ? ncc(images, offset, x, y) : surround(images, offset, x, y);
    }

    private double ncc(float[] img, int off, int x, int y) {
        int plane = res * res;
        int n = channels * mask.length;
        double sum = 0;
        double sum2 = 0;
        double dot = 0;
        for (int c = 0; c < channels; c++) {
            int base = off + c * plane + y * res + x;
            for (int k = 0; k < mask.length; k++) {
                int i = mask[k] / s;
                int j = mask[k] % s;
                double v = img[base + i * res + j];
                sum += v;
                sum2 += v * v;
                dot += v * template[c * mask.length + k];
            }
        }
        double var = sum2 - sum * sum / n;
        if (var <= 1e-9 * Math.max(1.0, sum2)) {
            return 0;
        }
        return Math.max(-1, Math.min(1, dot / Math.sqrt(var * templateNorm2)));
    }

    private double surround(float[] img, int off, int x, int y) {
        int plane = res * res;
        double din = 0;
        for (int c = 0; c < channels; c++) {
            int base = off + c * plane + y * res + x;
            for (int k = 0; k < mask.length; k++) {
                din += Math.abs(img[base + (mask[k] / s) * res + mask[k] % s] - template[c]);
            }
        }
        din /= channels * mask.length;
        int r = Math.max(1, s / 2);
        int y0 = Math.max(0, y - r);
        int y1 = Math.min(res, y + s + r);
        int x0 = Math.max(0, x - r);
        int x1 = Math.min(res, x + s + r);
        double dout = 0;
        long count = 0;
        for (int c = 0; c < channels; c++) {
            for (int yy = y0; yy < y1; yy++) {
                for (int xx = x0; xx < x1; xx++) {
                    if (yy >= y && yy < y + s && xx >= x && xx < x + s) {
                        continue;
                    }
                    dout += Math.abs(img[off + c * plane + yy * res + xx] - template[c]);
                    count++;
                }
            }
        }
        if (count == 0) {
            return Math.max(-1, Math.min(1, 1 - din));
        }
        dout /= count;
        if (dout < 1e-12) {
            return din < 1e-12 ? 0 : -1;
        }
        return Math.max(-1, Math.min(1, 1 - din / dout));
    }

    /** Scores {@code images} against {@code trigger} with the default threshold. */
    public static Result evaluate(Trigger trigger, float[] images) {
        return new TriggerScore(trigger).score(images);
    }
}
