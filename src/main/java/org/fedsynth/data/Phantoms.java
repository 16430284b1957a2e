package org.fedsynth.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Built-in procedural datasets, FedSynth's embedded default data: the demo and the tests run
 * without any download. Images are drawn in floating point directly at the requested resolution,
 * one pixel at a time, with edges smoothed over about one pixel (no aliasing at any size), plus
 * per-image random variation and noise. Same arguments give identical bytes; image {@code i}
 * depends only on the seed and {@code i}, not on {@code count}. Labels alternate 0, 1, 0, 1, ...
 * so the classes are balanced.
 *
 * <p>Kinds:
 *
 * <ul>
 *   <li>{@code cxr}: grayscale chest-X-ray-like images: dark background, soft-tissue torso, bright
 *       rib-cage outline with faint ribs, spine and heart shadow, two dark lung fields. Class 0
 *       "normal" has clear lungs; class 1 "opacity" has bright cloudy blobs inside the lungs (as in
 *       pneumonia consolidation).
 *   <li>{@code derm}: RGB dermoscopy-like images: textured skin-toned background with a lesion.
 *       Class 0 "benign": a regular, round, uniformly brown lesion; class 1 "malignant": an
 *       irregular lesion with a ragged border and dark-brown, black, blue-grey and red patches
 *       (the asymmetry, border and colour cues of the dermoscopic ABCD rule, Stolz et al. 1994).
 * </ul>
 *
 * <p>These are sanity-check data with an obvious class signal, not a substitute for real images.
 */
public final class Phantoms {

    /** The available kinds. */
    public static final List<String> KINDS = List.of("cxr", "derm");

    private static final int MIN_RESOLUTION = 8;
    private static final int MAX_RESOLUTION = 2048;

    private Phantoms() {
    }

    /** The class names of {@code kind} (label = index). */
    public static List<String> classNames(String kind) {
        return switch (kind) {
            case "cxr" -> List.of("normal", "opacity");
            case "derm" -> List.of("benign", "malignant");
            default -> throw new IllegalArgumentException("unknown phantom kind '" + kind + "' (known: "
                    + String.join(", ", KINDS) + ")");
        };
    }

    /**
     * Generates {@code count} images of {@code kind} at {@code resolution x resolution}.
     *
     * @throws IllegalArgumentException for an unknown kind, a negative count or a resolution
     *     outside 8..2048
     */
    public static ImageSet generate(String kind, int count, int resolution, long seed) {
        List<String> classes = classNames(kind);
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, found " + count);
        }
        if (resolution < MIN_RESOLUTION || resolution > MAX_RESOLUTION) {
            throw new IllegalArgumentException("resolution must be in " + MIN_RESOLUTION + ".." + MAX_RESOLUTION
                    + ", found " + resolution);
        }
        boolean rgb = kind.equals("derm");
        SplittableRandom master = new SplittableRandom(seed);
        List<byte[]> images = new ArrayList<>(count);
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            SplittableRandom rng = master.split();
            labels[i] = i % classes.size();
            images.add(rgb ? derm(labels[i] == 1, resolution, rng) : cxr(labels[i] == 1, resolution, rng));
        }
        return new ImageSet(classes, rgb ? 3 : 1, resolution, resolution, images, labels,
                "phantom:" + kind + " (seed " + seed + ")");
    }

    // ---------------------------------------------------------------- chest X-ray

    private static byte[] cxr(boolean opacity, int res, SplittableRandom r) {
        double aa = 2.0 / res; // one pixel in [-1, 1] coordinates: the edge softness
        double s = uniform(r, 0.9, 1.05);
        double cx = uniform(r, -0.05, 0.05);
        double cy = uniform(r, -0.05, 0.05);
        double contrast = uniform(r, 0.85, 1.15);
        double offset = uniform(r, -0.04, 0.04);
        double noise = uniform(r, 0.01, 0.035);
        double lungGap = uniform(r, 0.30, 0.36) * s;
        double lungRx = uniform(r, 0.22, 0.27) * s;
        double lungRy = uniform(r, 0.46, 0.54) * s;
        double lungCy = cy - 0.04 * s;
        double ribFreq = uniform(r, 5.5, 7.0);
        double ribPhase = uniform(r, 0, 2 * Math.PI);
        ValueNoise tissue = new ValueNoise(6, r);
        // Opacities: Gaussian blobs inside a lung, modulated by cloud-like noise.
        int blobs = opacity ? 2 + r.nextInt(3) : 0;
        double[][] blob = new double[blobs][];
        for (int b = 0; b < blobs; b++) {
            double side = r.nextBoolean() ? 1 : -1;
            double ang = uniform(r, 0, 2 * Math.PI);
            double rad = Math.sqrt(r.nextDouble()) * 0.6;
            blob[b] = new double[] {
                cx + side * lungGap + rad * Math.cos(ang) * lungRx,
                lungCy + rad * Math.sin(ang) * lungRy,
                uniform(r, 0.09, 0.17) * s,
                uniform(r, 0.45, 0.7)};
        }
        ValueNoise cloud = new ValueNoise(9, r);

        byte[] out = new byte[res * res];
        for (int y = 0; y < res; y++) {
            double v = (y + 0.5) * aa - 1;
            for (int x = 0; x < res; x++) {
                double u = (x + 0.5) * aa - 1;
                double du = u - cx;
                // Soft tissue: torso filling most of the frame, shoulders at the top.
                double torso = ellipse(du, v - cy - 0.2 * s, 0.9 * s, 1.15 * s, aa);
                double val = 0.06 + 0.30 * torso * (0.9 + 0.2 * tissue.at(u, v));
                // Rib-cage outline.
                double thorax = Math.hypot(du / (0.72 * s), (v - cy - 0.02 * s) / (0.8 * s));
                val += 0.28 * torso * pulse(thorax - 1, 0.035 / s + aa / 2);
                // Lungs: dark, with faint ribs that arc downwards laterally.
                double lungL = ellipse(du + lungGap, v - lungCy, lungRx, lungRy, aa);
                double lungR = ellipse(du - lungGap, v - lungCy, lungRx, lungRy, aa);
                double heart = ellipse(du - 0.12 * s, v - cy - 0.3 * s, 0.22 * s, 0.17 * s, aa);
                double lung = Math.max(lungL, lungR) * (1 - 0.85 * heart);
                double ribs = 0.5 + 0.5 * Math.sin(2 * Math.PI * ribFreq * (v - 0.35 * du * du) + ribPhase);
                val = val * (1 - lung) + lung * (0.10 + 0.07 * ribs * ribs);
                // Mediastinum: spine and heart shadow.
                double spine = ellipse(du, v - cy, 0.075 * s, 1.2 * s, aa) * torso;
                val += 0.3 * spine + 0.12 * heart * (1 - spine);
                // Opacities, only where there is lung.
                double op = 0;
                for (double[] b : blob) {
                    double d2 = ((u - b[0]) * (u - b[0]) + (v - b[1]) * (v - b[1])) / (b[2] * b[2]);
                    op += b[3] * Math.exp(-d2);
                }
                if (blobs > 0) {
                    val += Math.min(0.7, op) * (0.55 + 0.45 * cloud.at(u, v)) * lung;
                }
                val = offset + contrast * val + noise * r.nextGaussian();
                out[y * res + x] = toByte(val);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- dermoscopy

    private static final double[][] MALIGNANT_COLOURS = {
        {0.30, 0.17, 0.10}, // dark brown
        {0.07, 0.05, 0.05}, // black
        {0.42, 0.47, 0.58}, // blue-grey
        {0.72, 0.27, 0.27}, // red
    };

    private static byte[] derm(boolean malignant, int res, SplittableRandom r) {
        double aa = 2.0 / res;
        double tone = r.nextDouble();
        double[] skin = {lerp(0.95, 0.80, tone), lerp(0.78, 0.58, tone), lerp(0.68, 0.46, tone)};
        double noise = uniform(r, 0.01, 0.025);
        ValueNoise texture = new ValueNoise(7, r);
        ValueNoise fine = new ValueNoise(23, r);
        double cx = uniform(r, -0.1, 0.1);
        double cy = uniform(r, -0.1, 0.1);
        double r0 = uniform(r, 0.26, 0.40) * (malignant ? 1.15 : 1);
        double tilt = uniform(r, 0, Math.PI);
        double aspect = malignant ? uniform(r, 0.7, 1.0) : uniform(r, 0.9, 1.0);
        // Border: a circle for benign lesions, a sum of random harmonics (ragged) for malignant ones.
        int harmonics = malignant ? 14 : 0;
        double[] amp = new double[harmonics];
        double[] phase = new double[harmonics];
        for (int k = 0; k < harmonics; k++) {
            amp[k] = k < 4 ? uniform(r, 0.04, 0.11) : uniform(r, 0.005, 0.025);
            phase[k] = uniform(r, 0, 2 * Math.PI);
        }
        double dark = uniform(r, 0.75, 1.1);
        double[] brown = {0.50 * dark, 0.31 * dark, 0.20 * dark};
        int patches = malignant ? 4 + r.nextInt(3) : 0;
        double[][] patch = new double[patches][];
        for (int p = 0; p < patches; p++) {
            double ang = uniform(r, 0, 2 * Math.PI);
            double rad = Math.sqrt(r.nextDouble()) * 0.7 * r0;
            int colour = p < MALIGNANT_COLOURS.length ? p : r.nextInt(MALIGNANT_COLOURS.length);
            patch[p] = new double[] {cx + rad * Math.cos(ang), cy + rad * Math.sin(ang),
                uniform(r, 0.3, 0.5) * r0, colour};
        }
        double cos = Math.cos(tilt);
        double sin = Math.sin(tilt);
        int plane = res * res;
        byte[] out = new byte[3 * plane];
        double[] col = new double[3];
        for (int y = 0; y < res; y++) {
            double v = (y + 0.5) * aa - 1;
            for (int x = 0; x < res; x++) {
                double u = (x + 0.5) * aa - 1;
                double shade = 1 + 0.08 * (texture.at(u, v) - 0.5) + 0.05 * (fine.at(u, v) - 0.5);
                for (int c = 0; c < 3; c++) {
                    col[c] = skin[c] * shade;
                }
                double du = u - cx;
                double dv = v - cy;
                double a = (du * cos + dv * sin);
                double b = (-du * sin + dv * cos) / aspect;
                double rho = Math.hypot(a, b);
                double theta = Math.atan2(b, a);
                double edge = r0;
                for (int k = 0; k < harmonics; k++) {
                    edge += r0 * amp[k] * Math.cos((k + 2) * theta + phase[k]);
                }
                double inside = clamp01((edge - rho) / (malignant ? 2 * aa : aa) + 0.5);
                if (inside > 0) {
                    double centre = 1 - 0.12 * clamp01(1 - rho / r0); // slightly darker centre
                    double[] lesion = {brown[0] * centre, brown[1] * centre, brown[2] * centre};
                    for (double[] p : patch) {
                        double d2 = ((u - p[0]) * (u - p[0]) + (v - p[1]) * (v - p[1])) / (p[2] * p[2]);
                        double w = 0.9 * Math.exp(-d2) * (0.75 + 0.5 * fine.at(v, u));
                        double[] pc = MALIGNANT_COLOURS[(int) p[3]];
                        for (int c = 0; c < 3; c++) {
                            lesion[c] = lerp(lesion[c], pc[c], clamp01(w));
                        }
                    }
                    for (int c = 0; c < 3; c++) {
                        col[c] = lerp(col[c], lesion[c] * (0.95 + 0.1 * fine.at(u, v)), inside);
                    }
                }
                for (int c = 0; c < 3; c++) {
                    out[c * plane + y * res + x] = toByte(col[c] + noise * r.nextGaussian());
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

    /** Smooth lattice value noise in [0, 1] over [-1, 1]^2, a {@code g x g} grid of random values. */
    private static final class ValueNoise {
        private final int g;
        private final double[] grid;

        ValueNoise(int g, SplittableRandom r) {
            this.g = g;
            this.grid = new double[(g + 1) * (g + 1)];
            for (int i = 0; i < grid.length; i++) {
                grid[i] = r.nextDouble();
            }
        }

        double at(double u, double v) {
            double fx = clamp01((u + 1) / 2) * g;
            double fy = clamp01((v + 1) / 2) * g;
            int ix = Math.min(g - 1, (int) fx);
            int iy = Math.min(g - 1, (int) fy);
            double tx = smooth(fx - ix);
            double ty = smooth(fy - iy);
            int i = iy * (g + 1) + ix;
            double top = lerp(grid[i], grid[i + 1], tx);
            double bottom = lerp(grid[i + g + 1], grid[i + g + 2], tx);
            return lerp(top, bottom, ty);
        }
    }

    /** Coverage of an axis-aligned ellipse at offset (du, dv), with an edge about {@code aa} wide. */
    private static double ellipse(double du, double dv, double rx, double ry, double aa) {
        double d = Math.hypot(du / rx, dv / ry);
        return clamp01((1 - d) * Math.min(rx, ry) / aa + 0.5);
    }

    /** A smooth bump of half-width {@code w} around 0. */
    private static double pulse(double t, double w) {
        double q = t / w;
        return Math.exp(-q * q);
    }

    private static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }

    private static double clamp01(double t) {
        return t < 0 ? 0 : t > 1 ? 1 : t;
    }

    private static double uniform(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    private static byte toByte(double v) {
        return (byte) Math.max(0, Math.min(255, (int) Math.round(v * 255)));
    }
}
