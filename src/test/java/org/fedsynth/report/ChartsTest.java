package org.fedsynth.report;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

    @Test
    void writesChartsSideBySide(@TempDir Path tmp) throws Exception {
        BufferedImage a = Charts.line("a", "x", "y", List.of(new Charts.Line("s", new double[] {1, 2}, new double[] {3, Double.NaN})), 200, 150);
        BufferedImage b = Charts.line("b", "x", "y", List.of(new Charts.Line("s", new double[] {1, 2}, new double[] {1, 2})), 300, 120);
        Path png = tmp.resolve("c.png");
        Charts.writeRow(png, List.of(a, b));
        BufferedImage back = ImageIO.read(png.toFile());
        assertEquals(500, back.getWidth());
        assertEquals(150, back.getHeight());
    }
}
