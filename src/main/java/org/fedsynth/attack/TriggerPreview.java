package org.fedsynth.attack;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.fedsynth.data.ImageSet;

/**
 * Writes a PNG strip showing each trigger type, for documentation (triggers of Jin and Li, Medical
 * Image Analysis 2023, and the FIBA frequency trigger of Feng et al., CVPR 2022).
 *
 * <p>Tiles, left to right: pattern, noise, solid, checkerboard, image (only when a PNG is given),
 * then frequency. Each patch tile is the trigger pasted (with its alpha) at the centre of a mid-gray
 * square of side {@code 2 * size}. The frequency tile shows the perturbation FIBA adds to a smooth
 * gradient image of the same side, {@code 0.5 + 5 * (x' - x)} in [0, 1] intensity, since the
 * perturbation itself is nearly invisible. Tiles are separated by 2 px of white and magnified
 * {@code scale} times (nearest neighbour).
 */
public final class TriggerPreview {

    private TriggerPreview() {
    }

    /**
     * Renders the strip and writes it as a PNG (creating parent folders).
     *
     * @param out the PNG to write
     * @param size the patch side in pixels
     * @param channels 1 (grayscale, luminance) or 3 (RGB)
     * @param seed the trigger seed
     * @param imagePng a PNG for the {@code image} tile, or {@code null} to leave it out
     * @param scale magnification, at least 1
     * @return the rendered image
     */
    public static BufferedImage write(Path out, int size, int channels, long seed, Path imagePng, int scale) {
        BufferedImage img = render(size, channels, seed, imagePng, scale);
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (!ImageIO.write(img, "png", out.toFile())) {
                throw new IOException("no PNG writer available");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write trigger preview '" + out + "'", e);
        }
        return img;
    }

    /** Renders the strip described in the class comment without writing it. */
    public static BufferedImage render(int size, int channels, long seed, Path imagePng, int scale) {
        if (size < 1 || scale < 1) {
            throw new IllegalArgumentException("preview size and scale must be >= 1; found " + size + ", " + scale);
        }
        int tile = 2 * size;
        List<float[]> tiles = new ArrayList<>();
        int offset = (tile - size) / 2;
        for (TriggerType type : TriggerType.values()) {
            if (type == TriggerType.IMAGE && imagePng == null) {
                continue;
            }
            TriggerSpec spec = new TriggerSpec(type, TriggerSize.pixels(size), TriggerLocation.at(offset, offset),
                    type == TriggerType.IMAGE ? imagePng : null, seed, TriggerSpec.DEFAULT_ALPHA,
                    TriggerSpec.DEFAULT_BETA);
            Trigger trigger = Trigger.build(spec, tile, channels);
            float[] canvas = new float[channels * tile * tile];
            if (type == TriggerType.FREQUENCY) {
                for (int c = 0; c < channels; c++) {
                    for (int y = 0; y < tile; y++) {
                        for (int x = 0; x < tile; x++) {
                            canvas[(c * tile + y) * tile + x] = -0.6f + 1.2f * (x + y) / (2f * tile);
                        }
                    }
                }
                float[] before = canvas.clone();
                trigger.apply(canvas, 0, channels, tile, null);
                for (int i = 0; i < canvas.length; i++) {
                    double diff01 = (canvas[i] - before[i]) / 2.0;
                    canvas[i] = (float) Math.max(-1, Math.min(1, (0.5 + 5 * diff01) * 2 - 1));
                }
            } else {
                trigger.apply(canvas, 0, channels, tile, null);
            }
            tiles.add(canvas);
        }
        int gap = 2;
        int w = (tiles.size() * tile + (tiles.size() + 1) * gap) * scale;
        int h = (tile + 2 * gap) * scale;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, 0xFFFFFF);
            }
        }
        int plane = tile * tile;
        for (int t = 0; t < tiles.size(); t++) {
            float[] canvas = tiles.get(t);
            int x0 = gap + t * (tile + gap);
            for (int y = 0; y < tile; y++) {
                for (int x = 0; x < tile; x++) {
                    int r = ImageSet.unitToPixel(canvas[y * tile + x]) & 0xFF;
                    int g = channels == 3 ? ImageSet.unitToPixel(canvas[plane + y * tile + x]) & 0xFF : r;
                    int b = channels == 3 ? ImageSet.unitToPixel(canvas[2 * plane + y * tile + x]) & 0xFF : r;
                    int rgb = (r << 16) | (g << 8) | b;
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            img.setRGB((x0 + x) * scale + dx, (gap + y) * scale + dy, rgb);
                        }
                    }
                }
            }
        }
        return img;
    }
}
