package org.fedsynth.attack;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A backdoor trigger built for one image resolution and channel count, ready to paste into real
 * images in place (Jin and Li, "Backdoor attack and defense in federated GAN-based medical image
 * synthesis", Medical Image Analysis 2023; {@code frequency} after Feng et al., "FIBA:
 * Frequency-Injection based Backdoor Attack in Medical Image Analysis", CVPR 2022).
 *
 * <p><b>Value range.</b> Trigger content is defined as RGB intensities in [0, 1]. It is converted
 * to the model's [-1, 1] range ({@code v * 2 - 1}) and pasted <em>after</em> normalisation, into
 * the {@code float} CHW images the discriminator sees. On grayscale data ({@code C = 1}) each
 * colour is first converted to luminance {@code 0.299 R + 0.587 G + 0.114 B} (clamped to [0, 1]),
 * so a white trigger is exactly {@code +1.0} in every channel at any {@code C}.
 *
 * <p><b>Pasting.</b> Opaque pixels (alpha 1) replace the image pixels. Soft-edged pixels blend:
 * {@code x' = a * t + (1 - a) * x}. Only {@code pattern} (feathered border) and {@code image}
 * (a PNG alpha channel) have alpha below 1. {@code frequency} is additive in the spectrum instead:
 * see below.
 *
 * <p><b>Types</b> (patch side {@code s} from {@link TriggerSize#pixelsAt}):
 * <ul>
 *   <li>{@code pattern}: a {@code g x g} mosaic, {@code g = min(4, s)}, pixel {@code (i, j)} in cell
 *       {@code (i g / s, j g / s)}; each cell a saturated colour from a fixed palette of eight
 *       (red, green, blue, yellow, magenta, cyan, orange, violet), drawn with {@code new Random(seed)} so that no cell repeats its left or upper neighbour. For
 *       {@code s >= 4} the outermost 1-pixel ring is feathered: alpha 0.5 on edges, 0.25 at corners.
 *   <li>{@code noise}: i.i.d. uniform [0, 1] RGB values from {@code new Random(seed)}, channel by channel.
 *   <li>{@code solid}: white.
 *   <li>{@code checkerboard}: cells of {@code max(1, s / 4)} pixels, white where
 *       {@code (i / cell + j / cell)} is even (so white at the top-left), black elsewhere.
 *   <li>{@code image}: the PNG at {@code image_path}, resized to {@code s x s} with java.awt
 *       bilinear interpolation; grayscale PNGs are read by value (no colour-space gamma); a PNG
 *       alpha channel becomes the paste alpha.
 *   <li>{@code frequency} (FIBA): per channel, with {@code u = (x + 1) / 2} in [0, 1] as in FIBA,
 *       the amplitude spectrum over the centred low-frequency square with half-width
 *       {@code h = max(1, floor(beta * res / 2))} (side {@code 2h + 1}, about {@code beta * res},
 *       DC included) becomes {@code (1 - alpha) A_img + alpha A_donor}; the image's phase is kept,
 *       the edit is inverse transformed, added, and the result clamped to [-1, 1]. The donor is the
 *       {@code image_path} PNG resized to the full image, or else a smooth seeded pattern of a few
 *       low-frequency colour waves around mid-gray (see {@code smoothDonor}). Because the window
 *       includes DC, the mean intensity moves by {@code alpha * (donor mean - image mean)}. {@code alpha = 0} is exactly the identity.
 * </ul>
 *
 * <p>Instances are immutable and thread-safe; randomness comes only from the {@code Random}
 * passed to {@link #apply} (for {@code random} locations).
 */
public final class Trigger {

    /** Where a patch was pasted: top-left column {@code x} and row {@code y}. */
    public record Placement(int x, int y) {
    }

    /** Eight saturated RGB colours for the {@code pattern} mosaic: red, green, blue, yellow, magenta, cyan, orange, violet. */
    static final double[][] PALETTE = {
        {1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 0}, {1, 0, 1}, {0, 1, 1}, {1, 0.5, 0}, {0.5, 0, 1},
    };

    private final TriggerSpec spec;
    private final int resolution;
    private final int channels;
    private final int size;
    /** {@code C*s*s} values in [-1, 1]; for frequency the {@code C*res*res} donor image. */
    private final float[] patch;
    /** {@code s*s} paste alpha in [0, 1]. */
    private final float[] alpha;
    private final LowFrequencyDft dft;
    /** For frequency: {@code C} arrays of window amplitudes of the donor ([0, 1] domain). */
    private final double[][] donorAmplitude;

    private Trigger(TriggerSpec spec, int resolution, int channels, int size, float[] patch, float[] alpha,
            LowFrequencyDft dft, double[][] donorAmplitude) {
        this.spec = spec;
        this.resolution = resolution;
        this.channels = channels;
        this.size = size;
        this.patch = patch;
        this.alpha = alpha;
        this.dft = dft;
        this.donorAmplitude = donorAmplitude;
    }

    /**
     * Builds the trigger for {@code resolution x resolution} images with {@code channels} channels.
     *
     * @throws IllegalArgumentException if the patch does not fit the image (naming the field and
     *     value), or the trigger PNG cannot be read (naming the file)
     */
    public static Trigger build(TriggerSpec spec, int resolution, int channels) {
        Objects.requireNonNull(spec, "spec");
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("trigger channels must be 1 or 3, found " + channels);
        }
        if (resolution < 1) {
            throw new IllegalArgumentException("trigger resolution must be positive, found " + resolution);
        }
        if (spec.type() == TriggerType.FREQUENCY) {
            return buildFrequency(spec, resolution, channels);
        }
        int s = spec.size().pixelsAt(resolution);
        TriggerLocation loc = spec.location();
        if (loc.kind() == TriggerLocation.Kind.FIXED && (loc.x() + s > resolution || loc.y() + s > resolution)) {
            throw new IllegalArgumentException(TriggerLocation.FIELD + " " + loc + " with a " + s
                    + " px patch does not fit in " + resolution + "x" + resolution + " images (need x, y <= "
                    + (resolution - s) + ")");
        }
        double[][] rgb = new double[3][s * s];
        float[] a = new float[s * s];
        Arrays.fill(a, 1f);
        switch (spec.type()) {
            case PATTERN -> mosaic(rgb, a, s, spec.seed(), true);
            case NOISE -> {
                Random r = new Random(spec.seed());
                for (double[] plane : rgb) {
                    for (int i = 0; i < plane.length; i++) {
                        plane[i] = r.nextDouble();
                    }
                }
            }
            case SOLID -> {
                for (double[] plane : rgb) {
                    Arrays.fill(plane, 1.0);
                }
            }
            case CHECKERBOARD -> {
                int cell = Math.max(1, s / 4);
                for (int i = 0; i < s; i++) {
                    for (int j = 0; j < s; j++) {
                        double v = ((i / cell + j / cell) % 2 == 0) ? 1.0 : 0.0;
                        for (double[] plane : rgb) {
                            plane[i * s + j] = v;
                        }
                    }
                }
            }
            case IMAGE -> loadPng(spec.imagePath(), s, rgb, a);
            default -> throw new AssertionError(spec.type());
        }
        return new Trigger(spec, resolution, channels, s, toModelRange(rgb, channels), a, null, null);
    }

    private static Trigger buildFrequency(TriggerSpec spec, int res, int channels) {
        double[][] rgb = new double[3][res * res];
        if (spec.imagePath() != null) {
            loadPng(spec.imagePath(), res, rgb, new float[res * res]);
        } else {
            smoothDonor(rgb, res, spec.seed());
        }
        float[] donor = toModelRange(rgb, channels);
        int half = Math.max(1, (int) Math.floor(spec.beta() * res / 2.0));
        half = Math.min(half, (res - 1) / 2);
        LowFrequencyDft dft = new LowFrequencyDft(res, half);
        int plane = res * res;
        double[][] amp = new double[channels][];
        double[] u = new double[plane];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < plane; i++) {
                u[i] = (donor[c * plane + i] + 1.0) * 0.5;
            }
            double[] f = dft.forward(u);
            amp[c] = new double[f.length / 2];
            for (int k = 0; k < amp[c].length; k++) {
                amp[c][k] = Math.hypot(f[2 * k], f[2 * k + 1]);
            }
        }
        float[] ones = new float[plane];
        Arrays.fill(ones, 1f);
        return new Trigger(spec, res, channels, res, donor, ones, dft, amp);
    }

    /** Fills a seeded {@code min(4, s)}-grid colour mosaic; feathers a 1-px border when asked and {@code s >= 4}. */
    static void mosaic(double[][] rgb, float[] a, int s, long seed, boolean feather) {
        Random r = new Random(seed);
        int g = Math.min(4, s);
        int[] cell = new int[g * g];
        for (int cy = 0; cy < g; cy++) {
            for (int cx = 0; cx < g; cx++) {
                int left = cx > 0 ? cell[cy * g + cx - 1] : -1;
                int up = cy > 0 ? cell[(cy - 1) * g + cx] : -1;
                int pick;
                do {
                    pick = r.nextInt(PALETTE.length);
                } while (pick == left || pick == up);
                cell[cy * g + cx] = pick;
            }
        }
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                double[] col = PALETTE[cell[(i * g / s) * g + (j * g / s)]];
                for (int c = 0; c < 3; c++) {
                    rgb[c][i * s + j] = col[c];
                }
                float ai = (feather && s >= 4 && (i == 0 || i == s - 1)) ? 0.5f : 1f;
                float aj = (feather && s >= 4 && (j == 0 || j == s - 1)) ? 0.5f : 1f;
                a[i * s + j] = ai * aj;
            }
        }
    }

    /**
     * The procedural frequency donor: per RGB channel, {@code 0.5 + (0.35 / 3) * sum of 3 cosines}
     * {@code cos(2 pi (fx x + fy y) / res + phi)} with integer {@code fx, fy} in [-2, 2] (not both 0)
     * and phase {@code phi} uniform, all drawn from {@code new Random(seed)}; values in [0.15, 0.85].
     */
    static void smoothDonor(double[][] rgb, int res, long seed) {
        Random r = new Random(seed);
        for (double[] plane : rgb) {
            int[] fx = new int[3];
            int[] fy = new int[3];
            double[] ph = new double[3];
            for (int k = 0; k < 3; k++) {
                do {
                    fx[k] = r.nextInt(5) - 2;
                    fy[k] = r.nextInt(5) - 2;
                } while (fx[k] == 0 && fy[k] == 0);
                ph[k] = 2 * Math.PI * r.nextDouble();
            }
            for (int y = 0; y < res; y++) {
                for (int x = 0; x < res; x++) {
                    double v = 0.5;
                    for (int k = 0; k < 3; k++) {
                        v += 0.35 / 3 * Math.cos(2 * Math.PI * (fx[k] * x + fy[k] * y) / res + ph[k]);
                    }
                    plane[y * res + x] = v;
                }
            }
        }
    }

    /** [0, 1] RGB planes to [-1, 1] CHW with {@code channels} channels (luminance for 1). */
    static float[] toModelRange(double[][] rgb, int channels) {
        int n = rgb[0].length;
        float[] out = new float[channels * n];
        for (int i = 0; i < n; i++) {
            if (channels == 1) {
                double lum = 0.299 * rgb[0][i] + 0.587 * rgb[1][i] + 0.114 * rgb[2][i];
                out[i] = (float) (Math.min(1.0, Math.max(0.0, lum)) * 2.0 - 1.0);
            } else {
                for (int c = 0; c < 3; c++) {
                    out[c * n + i] = (float) (Math.min(1.0, Math.max(0.0, rgb[c][i])) * 2.0 - 1.0);
                }
            }
        }
        return out;
    }

    /** Reads a PNG into [0, 1] RGB planes and alpha, resized bilinearly to {@code s x s}. */
    static void loadPng(Path path, int s, double[][] rgb, float[] a) {
        String field = "attack.trigger.image_path";
        BufferedImage src;
        try {
            src = ImageIO.read(path.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(field + ": cannot read '" + path + "': " + e.getMessage(), e);
        }
        if (src == null) {
            throw new IllegalArgumentException(field + ": '" + path + "' is not a readable image (PNG expected)");
        }
        int w = src.getWidth();
        int h = src.getHeight();
        BufferedImage argb = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        if (src.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            // Read gray values as stored: converting CS_GRAY to sRGB would apply a gamma curve.
            Raster ras = src.getRaster();
            int bands = ras.getNumBands();
            double maxV = (1 << src.getColorModel().getComponentSize(0)) - 1;
            double maxA = bands > 1 ? (1 << src.getColorModel().getComponentSize(1)) - 1 : 1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int gv = (int) Math.round(ras.getSample(x, y, 0) / maxV * 255);
                    int av = bands > 1 ? (int) Math.round(ras.getSample(x, y, 1) / maxA * 255) : 255;
                    argb.setRGB(x, y, (av << 24) | (gv << 16) | (gv << 8) | gv);
                }
            }
        } else {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    argb.setRGB(x, y, src.getRGB(x, y));
                }
            }
        }
        BufferedImage out;
        if (w == s && h == s) {
            out = argb;
        } else {
            out = new BufferedImage(s, s, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = out.createGraphics();
            try {
                g.setComposite(AlphaComposite.Src);
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.drawImage(argb, 0, 0, s, s, null);
            } finally {
                g.dispose();
            }
        }
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                int p = out.getRGB(x, y);
                int i = y * s + x;
                a[i] = ((p >>> 24) & 0xFF) / 255f;
                rgb[0][i] = ((p >> 16) & 0xFF) / 255.0;
                rgb[1][i] = ((p >> 8) & 0xFF) / 255.0;
                rgb[2][i] = (p & 0xFF) / 255.0;
            }
        }
    }

    /** The spec this trigger was built from. */
    public TriggerSpec spec() {
        return spec;
    }

    /** The trigger type. */
    public TriggerType type() {
        return spec.type();
    }

    /** The image side it was built for. */
    public int resolution() {
        return resolution;
    }

    /** The channel count it was built for. */
    public int channels() {
        return channels;
    }

    /** The patch side in pixels ({@code resolution} for {@code frequency}). */
    public int size() {
        return size;
    }

    /** Whether this is the whole-image {@code frequency} trigger. */
    public boolean isFrequency() {
        return spec.type() == TriggerType.FREQUENCY;
    }

    /**
     * A copy of the patch, {@code C*s*s} in [-1, 1], CHW; for {@code frequency}, the
     * {@code C*res*res} spectrum donor image.
     */
    public float[] patch() {
        return patch.clone();
    }

    /** A copy of the paste alpha, {@code s*s} in [0, 1] (1 = opaque; all 1 for {@code frequency}). */
    public float[] alpha() {
        return alpha.clone();
    }

    /** The frequency window side {@code 2h + 1}, or 0 for patch triggers. */
    public int frequencyWindow() {
        return dft == null ? 0 : dft.windowSide();
    }

    float[] patchView() {
        return patch;
    }

    float[] alphaView() {
        return alpha;
    }

    /**
     * Where the next patch goes: fixed for {@code bottom-right} and {@code [x, y]}; for
     * {@code random}, two draws {@code rng.nextInt(res - s + 1)} (x, then y). {@code (0, 0)} for
     * {@code frequency}.
     */
    public Placement placement(Random rng) {
        if (isFrequency()) {
            return new Placement(0, 0);
        }
        TriggerLocation loc = spec.location();
        return switch (loc.kind()) {
            case BOTTOM_RIGHT -> {
                int p = Math.max(0, resolution - size - TriggerLocation.bottomRightMargin(resolution));
                yield new Placement(p, p);
            }
            case FIXED -> new Placement(loc.x(), loc.y());
            case RANDOM -> {
                int x = rng.nextInt(resolution - size + 1);
                int y = rng.nextInt(resolution - size + 1);
                yield new Placement(x, y);
            }
        };
    }

    /**
     * Pastes the trigger in place into the image starting at {@code offset} of {@code images}
     * ({@code channels*res*res} values, CHW, [-1, 1]).
     *
     * @param rng used only by {@code random} locations
     * @return where the patch went ({@code (0, 0)} for {@code frequency})
     * @throws IllegalArgumentException if {@code channels}/{@code res} differ from the build or the
     *     image lies outside the array
     */
    public Placement apply(float[] images, int offset, int channels, int res, Random rng) {
        checkImage(images, offset, channels, res);
        if (isFrequency()) {
            applyFrequency(images, offset);
            return new Placement(0, 0);
        }
        Placement p = placement(rng);
        pasteAt(images, offset, p.x(), p.y());
        return p;
    }

    /** Pastes the patch with its top-left corner at column {@code x}, row {@code y} (patch triggers only). */
    public void pasteAt(float[] images, int offset, int x, int y) {
        if (isFrequency()) {
            throw new IllegalStateException("a frequency trigger has no patch to paste; use apply");
        }
        checkImage(images, offset, channels, resolution);
        if (x < 0 || y < 0 || x + size > resolution || y + size > resolution) {
            throw new IllegalArgumentException("patch of " + size + " px at [" + x + ", " + y
                    + "] does not fit in " + resolution + "x" + resolution);
        }
        int plane = resolution * resolution;
        int pp = size * size;
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < size; i++) {
                int dst = offset + c * plane + (y + i) * resolution + x;
                int src = c * pp + i * size;
                for (int j = 0; j < size; j++) {
                    float a = alpha[i * size + j];
                    float t = patch[src + j];
                    images[dst + j] = a == 1f ? t : a * t + (1f - a) * images[dst + j];
                }
            }
        }
    }

    private void applyFrequency(float[] images, int offset) {
        double al = spec.alpha();
        if (al == 0) {
            return;
        }
        int plane = resolution * resolution;
        double[] u = new double[plane];
        for (int c = 0; c < channels; c++) {
            int base = offset + c * plane;
            for (int i = 0; i < plane; i++) {
                u[i] = (images[base + i] + 1.0) * 0.5;
            }
            double[] f = dft.forward(u);
            double[] amp = donorAmplitude[c];
            double[] delta = new double[f.length];
            for (int k = 0; k < amp.length; k++) {
                double re = f[2 * k];
                double im = f[2 * k + 1];
                double a = Math.hypot(re, im);
                double target = (1 - al) * a + al * amp[k];
                if (a > 0) {
                    double scale = (target - a) / a;
                    delta[2 * k] = re * scale;
                    delta[2 * k + 1] = im * scale;
                } else {
                    delta[2 * k] = target; // phase of a zero coefficient is taken as 0, as numpy's angle(0)
                }
            }
            double[] du = dft.inverseReal(delta);
            for (int i = 0; i < plane; i++) {
                double v = images[base + i] + 2.0 * du[i];
                images[base + i] = (float) Math.max(-1.0, Math.min(1.0, v));
            }
        }
    }

    private void checkImage(float[] images, int offset, int c, int res) {
        if (c != channels || res != resolution) {
            throw new IllegalArgumentException("trigger built for " + channels + "x" + resolution + "x" + resolution
                    + " images, asked to apply to " + c + "x" + res + "x" + res);
        }
        int len = channels * resolution * resolution;
        if (offset < 0 || offset > images.length - len) {
            throw new IllegalArgumentException("image at offset " + offset + " (" + len
                    + " values) lies outside an array of " + images.length);
        }
    }

    @Override
    public String toString() {
        return "Trigger[" + spec.type() + ", " + (isFrequency() ? "alpha " + spec.alpha() + ", window "
                + frequencyWindow() : size + " px at " + spec.location()) + ", " + channels + "x" + resolution
                + "x" + resolution + "]";
    }
}
