package org.fedsynth.run;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.fedsynth.util.AtomicFiles;

/**
 * Writes image grids as PNG: one row per class, labelled with the class name, images scaled up
 * so that 32px samples are easy to see.
 */
public final class SampleGrid {

    private SampleGrid() {}

    /**
     * Writes a grid.
     *
     * @param images {@code rows*cols} images, CHW, values in [-1, 1], row-major (row = class)
     * @param rows number of rows
     * @param cols images per row
     * @param channels 1 or 3
     * @param res image side in pixels
     * @param rowNames a label per row
     * @param file the PNG to write (atomically)
     */
    public static void write(float[] images, int rows, int cols, int channels, int res, List<String> rowNames, Path file)
            throws IOException {
        BufferedImage img = render(images, rows, cols, channels, res, rowNames);
        AtomicFiles.write(file, out -> ImageIO.write(img, "png", out));
    }

    /** Renders a grid into an image (see {@link #write}). */
    public static BufferedImage render(float[] images, int rows, int cols, int channels, int res, List<String> rowNames) {
        int scale = Math.max(1, 96 / res);
        int cell = res * scale;
        int gap = 2;
        int labelW = 90;
        int w = labelW + cols * (cell + gap) + gap;
        int h = rows * (cell + gap) + gap;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(32, 32, 32));
        g.fillRect(0, 0, w, h);
        int per = channels * res * res;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int off = (r * cols + c) * per;
                int x0 = labelW + gap + c * (cell + gap);
                int y0 = gap + r * (cell + gap);
                for (int y = 0; y < res; y++) {
                    for (int x = 0; x < res; x++) {
                        int rgb = Images.rgb(images, off, channels, res, y, x);
                        for (int dy = 0; dy < scale; dy++) {
                            for (int dx = 0; dx < scale; dx++) {
                                img.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, rgb);
                            }
                        }
                    }
                }
            }
        }
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (int r = 0; r < rows && r < rowNames.size(); r++) {
                String name = rowNames.get(r);
                g.drawString(name.length() > 12 ? name.substring(0, 12) : name, 4, gap + r * (cell + gap) + cell / 2 + 4);
            }
        } catch (Throwable noFonts) {
            // headless machine without fonts: the grid is still written, rows in class order
        } finally {
            g.dispose();
        }
        return img;
    }

}
