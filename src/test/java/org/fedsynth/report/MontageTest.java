package org.fedsynth.report;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MontageTest {

    @Test
    void stacksImagesUnderCaptions(@TempDir Path tmp) throws IOException {
        Path a = tmp.resolve("a.png");
        Path b = tmp.resolve("b.png");
        ImageIO.write(new BufferedImage(30, 10, BufferedImage.TYPE_INT_RGB), "png", a.toFile());
        ImageIO.write(new BufferedImage(20, 5, BufferedImage.TYPE_INT_RGB), "png", b.toFile());
        Path out = tmp.resolve("m.png");
        Montage.stack(List.of(a, b), List.of("first", "second"), out);
        BufferedImage m = ImageIO.read(out.toFile());
        assertEquals(30, m.getWidth());
        assertEquals(10 + 5 + 2 * 22, m.getHeight());
    }

    @Test
    void unreadableImageIsNamed(@TempDir Path tmp) throws IOException {
        Path bad = tmp.resolve("bad.png");
        Files.writeString(bad, "not a png");
        IOException e = assertThrows(IOException.class, () -> Montage.stack(List.of(bad), List.of("x"), tmp.resolve("m.png")));
        assertTrue(e.getMessage().contains("bad.png"));
    }
}
