package org.fedsynth.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.fedsynth.util.AtomicFiles;

/** Stacks images (for example the sample grids of several runs) vertically, each under a caption. */
public final class Montage {

    private Montage() {}

    /** Writes the images at {@code pngs} one under another, each captioned, into {@code out}. */
    public static void stack(List<Path> pngs, List<String> captions, Path out) throws IOException {
        List<BufferedImage> imgs = new ArrayList<>();
        for (Path p : pngs) {
            BufferedImage i = ImageIO.read(p.toFile());
            if (i == null) {
                throw new IOException(p + ": not a readable image");
            }
            imgs.add(i);
        }
        int caption = 22;
        int w = imgs.stream().mapToInt(BufferedImage::getWidth).max().orElse(1);
        int h = imgs.stream().mapToInt(i -> i.getHeight() + caption).sum();
        BufferedImage m = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = m.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        int y = 0;
        for (int k = 0; k < imgs.size(); k++) {
            g.setColor(Color.BLACK);
            g.drawString(k < captions.size() ? captions.get(k) : "", 6, y + 16);
            g.drawImage(imgs.get(k), 0, y + caption, null);
            y += imgs.get(k).getHeight() + caption;
        }
        g.dispose();
        AtomicFiles.write(out, o -> ImageIO.write(m, "png", o));
    }
}
