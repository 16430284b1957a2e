package org.fedsynth.attack;

import java.util.Arrays;
import java.util.Random;

/**
 * A trigger pasted as a small patch ({@code pattern}, {@code noise}, {@code solid},
 * {@code checkerboard}, {@code image}; see {@link Trigger} for each type's pixels): {@code C*s*s}
 * values in [-1, 1] and an {@code s*s} paste alpha, placed at a fixed or random location.
 */
public final class PatchTrigger implements Trigger {

    private final TriggerSpec spec;
    private final int resolution;
    private final int channels;
    private final int size;
    /** {@code C*s*s} values in [-1, 1]. */
    private final float[] patch;
    /** {@code s*s} paste alpha in [0, 1]. */
    private final float[] alpha;

    private PatchTrigger(TriggerSpec spec, int resolution, int channels, int size, float[] patch, float[] alpha) {
        this.spec = spec;
        this.resolution = resolution;
        this.channels = channels;
        this.size = size;
        this.patch = patch;
        this.alpha = alpha;
    }

    /** Builds a patch trigger (checked arguments; see {@link Trigger#build}). */
    static PatchTrigger build(TriggerSpec spec, int resolution, int channels) {
        if (spec.type() == TriggerType.BLEND) {
            return blend(spec, resolution, channels);
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
            case PATTERN -> TriggerContent.mosaic(rgb, a, s, spec.seed(), true);
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
            case IMAGE -> TriggerContent.loadPng(spec.imagePath(), s, rgb, a);
            default -> throw new AssertionError(spec.type());
        }
        return new PatchTrigger(spec, resolution, channels, s, TriggerContent.toModelRange(rgb, channels), a);
    }

    /**
     * The {@code blend} trigger as a patch over the whole image at {@code (0, 0)}: content a seeded
     * uniform-noise picture (or the {@code image_path} PNG resized to the image), alpha {@code spec.alpha()}
     * everywhere (times the PNG's own alpha).
     */
    private static PatchTrigger blend(TriggerSpec spec, int resolution, int channels) {
        int s = resolution;
        double[][] rgb = new double[3][s * s];
        float[] a = new float[s * s];
        Arrays.fill(a, 1f);
        if (spec.imagePath() != null) {
            TriggerContent.loadPng(spec.imagePath(), s, rgb, a);
        } else {
            Random r = new Random(spec.seed());
            for (double[] plane : rgb) {
                for (int i = 0; i < plane.length; i++) {
                    plane[i] = r.nextDouble();
                }
            }
        }
        for (int i = 0; i < a.length; i++) {
            a[i] *= (float) spec.alpha();
        }
        return new PatchTrigger(spec, resolution, channels, s, TriggerContent.toModelRange(rgb, channels), a);
    }

    /**
     * Piece {@code part} of {@code parts} for the distributed backdoor (DBA, Xie et al. 2020): the
     * patch is cut into a grid of {@code rows = ceil(sqrt(parts))} by {@code cols = ceil(parts / rows)}
     * cells of near-equal size, and piece {@code p} keeps the cells {@code j} with {@code j mod parts == p}
     * (row-major), with alpha 0 elsewhere. The pieces are disjoint and together are the full trigger.
     *
     * @throws IllegalArgumentException if {@code part} is not in {@code [0, parts)}, or the patch has fewer
     *     pixels per side than the grid needs
     */
    public PatchTrigger part(int part, int parts) {
        if (parts < 1 || part < 0 || part >= parts) {
            throw new IllegalArgumentException("DBA piece " + part + " of " + parts + ": need 0 <= part < parts");
        }
        int rows = (int) Math.ceil(Math.sqrt(parts));
        int cols = (int) Math.ceil(parts / (double) rows);
        if (size < Math.max(rows, cols)) {
            throw new IllegalArgumentException("attack.dba: a " + size + " px trigger cannot be cut into " + parts
                    + " pieces (" + rows + "x" + cols + " cells); use a larger attack.trigger.size");
        }
        float[] a = new float[alpha.length];
        for (int i = 0; i < size; i++) {
            int cellRow = i * rows / size;
            for (int j = 0; j < size; j++) {
                int cell = cellRow * cols + j * cols / size;
                if (cell % parts == part) {
                    a[i * size + j] = alpha[i * size + j];
                }
            }
        }
        return new PatchTrigger(spec, resolution, channels, size, patch, a);
    }

    @Override
    public TriggerSpec spec() {
        return spec;
    }

    @Override
    public int resolution() {
        return resolution;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int size() {
        return size;
    }

    /** A copy of the patch, {@code C*s*s} in [-1, 1], CHW. */
    public float[] patch() {
        return patch.clone();
    }

    /** A copy of the paste alpha, {@code s*s} in [0, 1] (1 = opaque). */
    public float[] alpha() {
        return alpha.clone();
    }

    float[] patchView() {
        return patch;
    }

    float[] alphaView() {
        return alpha;
    }

    /**
     * Where the next patch goes: fixed for {@code bottom-right} and {@code [x, y]}; for
     * {@code random}, two draws {@code rng.nextInt(res - s + 1)} (x, then y).
     */
    public Placement placement(Random rng) {
        if (spec.type() == TriggerType.BLEND) {
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

    @Override
    public Placement apply(float[] images, int offset, int channels, int res, Random rng) {
        checkImage(images, offset, channels, res);
        Placement p = placement(rng);
        pasteAt(images, offset, p.x(), p.y());
        return p;
    }

    /** Pastes the patch with its top-left corner at column {@code x}, row {@code y} . */
    public void pasteAt(float[] images, int offset, int x, int y) {
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
                    if (a == 0f) {
                        continue;
                    }
                    float t = patch[src + j];
                    images[dst + j] = a == 1f ? t : a * t + (1f - a) * images[dst + j];
                }
            }
        }
    }

    @Override
    public String toString() {
        return "Trigger[" + spec.type() + ", " + size + " px at " + spec.location() + ", " + channels + "x" + resolution
                + "x" + resolution + "]";
    }
}
