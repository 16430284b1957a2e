package org.fedsynth.data;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/**
 * One image as unsigned bytes in CHW order, with the pixel operations the loaders and
 * {@link Preprocess} share: channel conversion, center crop and resizing.
 *
 * <p>Resizing: an axis that shrinks is area-averaged (each output pixel is the coverage-weighted
 * mean of the source pixels under it, so 224 to 64 does not alias); an axis that grows is then
 * interpolated bilinearly with java.awt {@link Graphics2D} (pixel centres at half-integers, edges
 * clamped).
 *
 * @param channels 1 or 3
 * @param height rows
 * @param width columns
 * @param pixels {@code channels * height * width} bytes, CHW
 */
record Picture(int channels, int height, int width, byte[] pixels) {

    Picture {
        if (pixels.length != channels * height * width) {
            throw new IllegalArgumentException(
                    pixels.length + " bytes for a " + channels + "x" + height + "x" + width + " picture");
        }
    }

    /** Image {@code i} of a set, sharing its pixel array (never mutated). */
    static Picture of(ImageSet set, int i) {
        return new Picture(set.channels(), set.height(), set.width(), set.images().get(i));
    }

    // ---- channels ----

    /** This picture with {@code target} channels: RGB to gray by ITU-R BT.601 luma, gray to RGB by replication. */
    Picture withChannels(int target) {
        if (target == channels) {
            return this;
        }
        int plane = height * width;
        if (target == 3) {
            byte[] out = new byte[3 * plane];
            for (int c = 0; c < 3; c++) {
                System.arraycopy(pixels, 0, out, c * plane, plane);
            }
            return new Picture(3, height, width, out);
        }
        if (target != 1) {
            throw new IllegalArgumentException("channels must be 1 or 3, found " + target);
        }
        byte[] out = new byte[plane];
        for (int p = 0; p < plane; p++) {
            double y = 0.299 * (pixels[p] & 0xFF) + 0.587 * (pixels[plane + p] & 0xFF)
                    + 0.114 * (pixels[2 * plane + p] & 0xFF);
            out[p] = (byte) Math.min(255, (int) Math.round(y));
        }
        return new Picture(1, height, width, out);
    }

    // ---- geometry ----

    /** The largest centred square (the extra rows or columns are cut evenly, the odd one from the end). */
    Picture centerCropSquare() {
        int side = Math.min(height, width);
        if (height == width) {
            return this;
        }
        int top = (height - side) / 2;
        int left = (width - side) / 2;
        byte[] out = new byte[channels * side * side];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < side; y++) {
                System.arraycopy(pixels, (c * height + top + y) * width + left, out, (c * side + y) * side, side);
            }
        }
        return new Picture(channels, side, side, out);
    }

    /** This picture resized to {@code newHeight x newWidth} (see the class comment for the filters). */
    Picture resize(int newHeight, int newWidth) {
        if (newHeight <= 0 || newWidth <= 0) {
            throw new IllegalArgumentException("target size must be positive, found " + newHeight + "x" + newWidth);
        }
        Picture p = this;
        if (newHeight < height || newWidth < width) {
            p = p.areaAverage(Math.min(newHeight, height), Math.min(newWidth, width));
        }
        if (newHeight > p.height || newWidth > p.width) {
            p = p.bilinear(newHeight, newWidth);
        }
        return p;
    }

    private Picture areaAverage(int nh, int nw) {
        if (nh == height && nw == width) {
            return this;
        }
        Weights rows = Weights.box(height, nh);
        Weights cols = Weights.box(width, nw);
        byte[] out = new byte[channels * nh * nw];
        float[] tmp = new float[nh * width];
        for (int c = 0; c < channels; c++) {
            int base = c * height * width;
            java.util.Arrays.fill(tmp, 0f);
            for (int oy = 0; oy < nh; oy++) {
                for (int k = rows.start[oy]; k < rows.start[oy + 1]; k++) {
                    int sy = rows.index[k];
                    float wgt = rows.weight[k];
                    int src = base + sy * width;
                    int dst = oy * width;
                    for (int x = 0; x < width; x++) {
                        tmp[dst + x] += wgt * (pixels[src + x] & 0xFF);
                    }
                }
            }
            for (int oy = 0; oy < nh; oy++) {
                for (int ox = 0; ox < nw; ox++) {
                    float acc = 0f;
                    for (int k = cols.start[ox]; k < cols.start[ox + 1]; k++) {
                        acc += cols.weight[k] * tmp[oy * width + cols.index[k]];
                    }
                    out[(c * nh + oy) * nw + ox] = (byte) Math.max(0, Math.min(255, Math.round(acc)));
                }
            }
        }
        return new Picture(channels, nh, nw, out);
    }

    /** Per output pixel, the source pixels it covers and their normalised coverage weights (CSR layout). */
    private record Weights(int[] start, int[] index, float[] weight) {
        static Weights box(int from, int to) {
            double scale = (double) from / to;
            int[] start = new int[to + 1];
            int[] index = new int[to * ((int) Math.ceil(scale) + 1)];
            float[] weight = new float[index.length];
            int n = 0;
            for (int o = 0; o < to; o++) {
                start[o] = n;
                double lo = o * scale;
                double hi = (o + 1) * scale;
                for (int s = (int) Math.floor(lo); s < Math.min(from, (int) Math.ceil(hi)); s++) {
                    double cover = Math.min(hi, s + 1) - Math.max(lo, s);
                    if (cover > 1e-9) {
                        index[n] = s;
                        weight[n++] = (float) (cover / scale);
                    }
                }
            }
            start[to] = n;
            return new Weights(start, index, weight);
        }
    }

    private Picture bilinear(int nh, int nw) {
        byte[] out = new byte[channels * nh * nw];
        BufferedImage src = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage dst = new BufferedImage(nw, nh, BufferedImage.TYPE_BYTE_GRAY);
        int plane = height * width;
        int[] samples = new int[plane];
        for (int c = 0; c < channels; c++) {
            for (int p = 0; p < plane; p++) {
                samples[p] = pixels[c * plane + p] & 0xFF;
            }
            src.getRaster().setSamples(0, 0, width, height, 0, samples);
            Graphics2D g = dst.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.setComposite(AlphaComposite.Src);
                g.drawImage(src, 0, 0, nw, nh, null);
            } finally {
                g.dispose();
            }
            int[] res = dst.getRaster().getSamples(0, 0, nw, nh, 0, (int[]) null);
            for (int p = 0; p < res.length; p++) {
                out[c * nh * nw + p] = (byte) res[p];
            }
        }
        return new Picture(channels, nh, nw, out);
    }

    // ---- java.awt interop ----

    /**
     * Reads a decoded image: gray (with or without alpha, 8 or 16 bit) stays one channel, read from
     * the raster so no colour-space conversion alters the values; everything else (RGB, RGBA,
     * indexed) becomes RGB via {@link BufferedImage#getRGB}, alpha discarded.
     */
    static Picture fromBufferedImage(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        boolean gray = img.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY
                && !(img.getColorModel() instanceof java.awt.image.IndexColorModel);
        if (gray) {
            Raster r = img.getRaster();
            int bits = r.getSampleModel().getSampleSize(0);
            int[] s = r.getSamples(0, 0, w, h, 0, (int[]) null);
            byte[] out = new byte[w * h];
            for (int p = 0; p < s.length; p++) {
                out[p] = (byte) (bits > 8 ? s[p] >>> (bits - 8) : s[p]);
            }
            return new Picture(1, h, w, out);
        }
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        int plane = w * h;
        byte[] out = new byte[3 * plane];
        for (int p = 0; p < plane; p++) {
            out[p] = (byte) (argb[p] >> 16);
            out[plane + p] = (byte) (argb[p] >> 8);
            out[2 * plane + p] = (byte) argb[p];
        }
        return new Picture(3, h, w, out);
    }

    /** This picture as a TYPE_BYTE_GRAY or TYPE_3BYTE_BGR image (exact values, for PNG writing). */
    BufferedImage toBufferedImage() {
        BufferedImage img = new BufferedImage(width, height,
                channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        int plane = height * width;
        int[] samples = new int[plane];
        for (int c = 0; c < channels; c++) {
            for (int p = 0; p < plane; p++) {
                samples[p] = pixels[c * plane + p] & 0xFF;
            }
            img.getRaster().setSamples(0, 0, width, height, c, samples);
        }
        return img;
    }
}
