package org.fedsynth.attack;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * The pixel content of triggers, in [0, 1] RGB planes: the seeded pattern mosaic, the smooth
 * frequency donor, PNG files, and the conversion to the model's [-1, 1] range with the channel
 * count of the data (see {@link Trigger} for the definitions).
 */
final class TriggerContent {

    private TriggerContent() {}

    /** Eight saturated RGB colours for the {@code pattern} mosaic: red, green, blue, yellow, magenta, cyan, orange, violet. */
    static final double[][] PALETTE = {
        {1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 0}, {1, 0, 1}, {0, 1, 1}, {1, 0.5, 0}, {0.5, 0, 1},
    };

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

}
