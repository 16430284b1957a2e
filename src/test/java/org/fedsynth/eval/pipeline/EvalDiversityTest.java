package org.fedsynth.eval.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedsynth.data.ImageSet;
import org.fedsynth.data.Phantoms;
import org.fedsynth.eval.FidelityMetrics;
import org.junit.jupiter.api.Test;

/** The diversity measure of {@code fedsynth evaluate} on real phantoms (pixel space doubles as features here). */
class EvalDiversityTest {

    /** Images 0, 1, 4, 5, 8, ... or 2, 3, 6, 7, ... (the phantoms alternate classes, so both halves hold both). */
    private static ImageSet half(ImageSet s, int parity) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            if ((i / 2) % 2 == parity) {
                idx.add(i);
            }
        }
        return s.subset(idx.stream().mapToInt(Integer::intValue).toArray(), "half " + parity);
    }

    @Test
    void twoHalvesOfTheRealSetAreAboutOneAndSayNothing() {
        ImageSet all = Phantoms.generate("cxr", 400, 32, 3);
        ImageSet a = half(all, 0);
        ImageSet b = half(all, 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, EvalResult.DiversityScores> d = EvalDiversity.of(a, EvalDiversity.pixels(a), b, EvalDiversity.pixels(b),
                all.classNames(), 1, new PrintStream(out, true));
        assertEquals(3, d.size(), "overall and both classes");
        for (var e : d.entrySet()) {
            assertEquals(1.0, e.getValue().pixel(), 0.1, e.getKey());
            assertEquals(1.0, e.getValue().feature(), 0.1, e.getKey());
        }
        assertFalse(out.toString().contains("mode collapse"), out.toString());
    }

    @Test
    void aGeneratorOfOneImagePerClassIsAboutZeroAndWarned() {
        ImageSet real = Phantoms.generate("cxr", 200, 32, 4);
        List<byte[]> copies = new ArrayList<>();
        int[] labels = real.labels().clone();
        for (int i = 0; i < real.size(); i++) {
            // every image of a class is the class's first image
            int first = 0;
            while (real.labels()[first] != labels[i]) {
                first++;
            }
            copies.add(real.images().get(first).clone());
        }
        ImageSet collapsed = new ImageSet(real.classNames(), real.channels(), real.height(), real.width(), copies, labels,
                "one image per class");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, EvalResult.DiversityScores> d = EvalDiversity.of(real, EvalDiversity.pixels(real), collapsed,
                EvalDiversity.pixels(collapsed), real.classNames(), 1, new PrintStream(out, true));
        assertEquals(0.0, d.get(FidelityMetrics.OVERALL).pixel(), 1e-12);
        for (String c : real.classNames()) {
            assertEquals(0.0, d.get(c).feature(), 1e-12, c);
            assertTrue(out.toString().contains("mode collapse in class " + c), out.toString());
        }
    }
}
