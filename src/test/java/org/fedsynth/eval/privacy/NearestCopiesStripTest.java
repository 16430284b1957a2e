package org.fedsynth.eval.privacy;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class NearestCopiesStripTest {

    @Test
    void captionsAreCutToTheCellsWidthNotToACountOfLetters() {
        Graphics2D g = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB).createGraphics();
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        assertEquals("pneumonia", NearestCopiesStrip.clip(g, "pneumonia", 84), "a class name that fits is whole");
        assertEquals("normal", NearestCopiesStrip.clip(g, "normal", 84));
        String long_ = "melanocytic nevi (benign keratosis-like lesions)";
        String cut = NearestCopiesStrip.clip(g, long_, 84);
        assertTrue(cut.endsWith("…") && cut.length() < long_.length(), cut);
        assertTrue(g.getFontMetrics().stringWidth(cut) <= 84, cut);
        assertTrue(long_.startsWith(cut.substring(0, cut.length() - 1)), cut);
    }

    @Test
    void theStripHasARowPerCopyWithRoomForTwoCaptionLines() {
        var row = new PrivacyAudit.NearestCopy(0, new int[] {0}, 1, new int[] {0, 1}, new double[] {0.1, 0.2});
        double[][] members = {new double[16 * 16]};
        double[][] generated = {new double[16 * 16], new double[16 * 16]};
        BufferedImage one = NearestCopiesStrip.render(List.of(row), members, generated, 1, 16, List.of("normal", "pneumonia"), "note");
        BufferedImage two = NearestCopiesStrip.render(List.of(row, row), members, generated, 1, 16, List.of("normal", "pneumonia"), "note");
        int rowH = two.getHeight() - one.getHeight();
        assertTrue(rowH >= 64 + 26, "a 64px cell (16px at 4x) and two caption lines: " + rowH);
    }
}
