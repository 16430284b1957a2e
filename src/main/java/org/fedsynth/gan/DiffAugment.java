package org.fedsynth.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * The transforms of an {@link Augmentation} as differentiable array operations on a batch
 * {@code [B, C, H, W]} in [-1, 1]: per-image colour factors, a translation as two batched
 * products with shift matrices ({@code S_y x S_x^T}, exact integer shifts with zero padding), and a
 * cutout as a mask product. Gradients reach the input through every one. The random parameters
 * are drawn from the given stream, the same number of draws whatever is applied, in a fixed
 * order (per transform, per image: the coin, then the parameters).
 */
final class DiffAugment {

    private DiffAugment() {}

    /** {@code x} augmented; {@code x} itself when the augmentation is not {@link Augmentation#active}. */
    static NDArray apply(NDArray x, Augmentation a, Random rng) {
        if (!a.active()) {
            return x;
        }
        NDManager m = x.getManager();
        Shape s = x.getShape();
        int b = Math.toIntExact(s.get(0));
        int c = Math.toIntExact(s.get(1));
        int h = Math.toIntExact(s.get(2));
        int w = Math.toIntExact(s.get(3));
        NDArray out = x;
        if (a.color()) {
            float[] bright = new float[b];
            float[] sat = new float[b];
            float[] con = new float[b];
            for (int i = 0; i < b; i++) {
                boolean on = rng.nextFloat() < a.probability();
                float r = rng.nextFloat();
                bright[i] = on ? r - 0.5f : 0f;
                on = rng.nextFloat() < a.probability();
                r = rng.nextFloat();
                sat[i] = on ? 2f * r : 1f;
                on = rng.nextFloat() < a.probability();
                r = rng.nextFloat();
                con[i] = on ? r + 0.5f : 1f;
            }
            Shape per = new Shape(b, 1, 1, 1);
            out = out.add(m.create(bright, per));
            if (c == 3) {
                NDArray mean = out.mean(new int[] {1}, true);
                out = out.sub(mean).mul(m.create(sat, per)).add(mean);
            }
            NDArray mean = out.reshape(b, -1).mean(new int[] {1}, true).reshape(b, 1, 1, 1);
            out = out.sub(mean).mul(m.create(con, per)).add(mean);
        }
        if (a.translation()) {
            int maxY = Math.round(h / 8f);
            int maxX = Math.round(w / 8f);
            float[] sy = new float[b * h * h];
            float[] sxT = new float[b * w * w];
            for (int i = 0; i < b; i++) {
                boolean on = rng.nextFloat() < a.probability();
                int dy = rng.nextInt(2 * maxY + 1) - maxY;
                int dx = rng.nextInt(2 * maxX + 1) - maxX;
                if (!on) {
                    dy = 0;
                    dx = 0;
                }
                // out[r] = in[r - dy]: row r of S_y has its one at column r - dy.
                for (int r = 0; r < h; r++) {
                    int src = r - dy;
                    if (src >= 0 && src < h) {
                        sy[(i * h + r) * h + src] = 1f;
                    }
                }
                // out[., j] = in[., j - dx]: column j of S_x^T has its one at row j - dx.
                for (int j = 0; j < w; j++) {
                    int src = j - dx;
                    if (src >= 0 && src < w) {
                        sxT[(i * w + src) * w + j] = 1f;
                    }
                }
            }
            out = m.create(sy, new Shape(b, 1, h, h)).matMul(out).matMul(m.create(sxT, new Shape(b, 1, w, w)));
        }
        if (a.cutout()) {
            int ch = h / 2;
            int cw = w / 2;
            float[] mask = new float[b * h * w];
            java.util.Arrays.fill(mask, 1f);
            for (int i = 0; i < b; i++) {
                boolean on = rng.nextFloat() < a.probability();
                int cy = rng.nextInt(h + 1);
                int cx = rng.nextInt(w + 1);
                if (!on) {
                    continue;
                }
                for (int r = Math.max(0, cy - ch / 2); r < Math.min(h, cy + (ch + 1) / 2); r++) {
                    for (int j = Math.max(0, cx - cw / 2); j < Math.min(w, cx + (cw + 1) / 2); j++) {
                        mask[(i * h + r) * w + j] = 0f;
                    }
                }
            }
            out = out.mul(m.create(mask, new Shape(b, 1, h, w)));
        }
        return out;
    }
}
