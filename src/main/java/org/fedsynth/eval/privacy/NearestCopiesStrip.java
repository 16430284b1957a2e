package org.fedsynth.eval.privacy;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * The nearest-copies picture: one row per training image (those nearest to any generated image,
 * nearest first), the training image at the left, then its nearest generated images with their pixel
 * distances, and the held-out images' median distance to the training set for scale. A generator
 * that copies shows the same image twice in a row; one that does not shows relatives.
 */
public final class NearestCopiesStrip {

    private static final int GAP = 4;
    private static final int SEP = 14;
    private static final int LABEL_H = 28;
    private static final int HEADER_H = 36;

    private NearestCopiesStrip() {}

    /**
     * Renders the strip.
     *
     * @param rows       the audit's nearest copies
     * @param members    member pixels in [0, 1], CHW rows
     * @param generated  generated pixels in [0, 1], CHW rows
     * @param channels   1 or 3
     * @param res        image side
     * @param classNames class names, by label
     * @param scaleNote  the header's note on scale (for example the held-out median distance)
     */
    public static BufferedImage render(List<PrivacyAudit.NearestCopy> rows, double[][] members, double[][] generated,
                                       int channels, int res, List<String> classNames, String scaleNote) {
        int scale = Math.max(1, 72 / res);
        int cell = res * scale;
        int k = rows.stream().mapToInt(r -> r.generated().length).max().orElse(0);
        int cellW = Math.max(cell, 84);
        int w = Math.max(470, GAP + cellW + SEP + k * (cellW + GAP) + GAP);
        int rowH = cell + LABEL_H + GAP;
        int h = HEADER_H + Math.max(1, rows.size()) * rowH + GAP;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.drawString("training image | the generated images nearest to it (pixel distance d)", GAP, 14);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString(scaleNote, GAP, 29);
        if (rows.isEmpty()) {
            g.drawString("(no training images)", GAP, HEADER_H + 14);
        }
        for (int r = 0; r < rows.size(); r++) {
            PrivacyAudit.NearestCopy row = rows.get(r);
            int y = HEADER_H + r * rowH;
            draw(img, members[row.member()], channels, res, scale, GAP, y);
            g.setColor(Color.BLACK);
            String who = row.clients().length == 1 ? "client " + row.clients()[0] : row.clients().length + " clients";
            String cls = row.label() < classNames.size() ? classNames.get(row.label()) : String.valueOf(row.label());
            cls = cls.matches("\\d+") ? "class " + cls : cls;
            // who and the class on lines of their own, each cut to the cell's width (not to a count of letters)
            g.drawString(clip(g, who, cellW), GAP, y + cell + 12);
            g.drawString(clip(g, cls, cellW), GAP, y + cell + 25);
            for (int t = 0; t < row.generated().length; t++) {
                int x = GAP + cellW + SEP + t * (cellW + GAP);
                draw(img, generated[row.generated()[t]], channels, res, scale, x, y);
                g.setColor(Color.BLACK);
                g.drawString(String.format(Locale.ROOT, "d %.3f", row.distances()[t]), x, y + cell + 12);
            }
        }
        g.setColor(new Color(150, 150, 150));
        g.fillRect(GAP + cellW + SEP / 2 - 1, HEADER_H, 2, h - HEADER_H - GAP);
        g.dispose();
        return img;
    }

    /** {@code s}, or its longest start that fits {@code width} pixels with an ellipsis. */
    static String clip(Graphics2D g, String s, int width) {
        java.awt.FontMetrics fm = g.getFontMetrics();
        if (fm.stringWidth(s) <= width) {
            return s;
        }
        int n = s.length();
        while (n > 1 && fm.stringWidth(s.substring(0, n - 1) + "…") > width) {
            n--;
        }
        return s.substring(0, n - 1) + "…";
    }

    private static void draw(BufferedImage img, double[] px, int channels, int res, int scale, int x0, int y0) {
        int plane = res * res;
        for (int y = 0; y < res; y++) {
            for (int x = 0; x < res; x++) {
                int i = y * res + x;
                int r = level(px[i]);
                int gr = channels == 3 ? level(px[plane + i]) : r;
                int b = channels == 3 ? level(px[2 * plane + i]) : r;
                int rgb = (r << 16) | (gr << 8) | b;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        img.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, rgb);
                    }
                }
            }
        }
    }

    private static int level(double v) {
        return (int) Math.round(Math.max(0, Math.min(1, v)) * 255);
    }
}
