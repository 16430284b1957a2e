package org.fedsynth.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PhantomsTest {

    @Test
    void sameSeedGivesIdenticalBytesAndPrefixesAreStable() {
        ImageSet a = Phantoms.generate("derm", 6, 24, 42);
        ImageSet b = Phantoms.generate("derm", 6, 24, 42);
        ImageSet prefix = Phantoms.generate("derm", 3, 24, 42);
        ImageSet other = Phantoms.generate("derm", 6, 24, 43);

        for (int i = 0; i < 6; i++) {
            assertArrayEquals(a.images().get(i), b.images().get(i));
        }
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(a.images().get(i), prefix.images().get(i), "image i does not depend on count");
        }
        assertFalse(java.util.Arrays.equals(a.images().get(0), other.images().get(0)));
    }

    @Test
    void shapesClassesAndBalance() {
        ImageSet cxr = Phantoms.generate("cxr", 7, 32, 1);
        ImageSet derm = Phantoms.generate("derm", 8, 64, 1);

        assertEquals(List.of("normal", "opacity"), cxr.classNames());
        assertEquals(1, cxr.channels());
        assertEquals(32, cxr.height());
        assertArrayEquals(new int[] {4, 3}, cxr.classCounts());
        assertEquals(List.of("benign", "malignant"), derm.classNames());
        assertEquals(3, derm.channels());
        assertArrayEquals(new int[] {4, 4}, derm.classCounts());
    }

    @Test
    void cxrOpacityClassHasBrighterLungs() {
        ImageSet set = Phantoms.generate("cxr", 60, 32, 5);
        int res = 32;
        // Lung fields: two boxes left and right of the spine, mid-height.
        double[] mean = new double[2];
        double[] background = new double[2];
        for (int i = 0; i < set.size(); i++) {
            byte[] img = set.images().get(i);
            double lungs = 0;
            int n = 0;
            for (int y = 10; y < 20; y++) {
                for (int x : new int[] {8, 9, 10, 11, 20, 21, 22, 23}) {
                    lungs += img[y * res + x] & 0xFF;
                    n++;
                }
            }
            mean[set.label(i)] += lungs / n / 30;
            background[set.label(i)] += (img[0] & 0xFF) / 30.0;
        }

        assertTrue(mean[0] < 60, "normal lungs are dark: " + mean[0]);
        assertTrue(mean[1] - mean[0] > 25, "opacities brighten the lungs: " + mean[1] + " vs " + mean[0]);
        assertTrue(Math.abs(background[1] - background[0]) < 10, "outside the lungs the classes agree");
    }

    @Test
    void dermMalignantLesionsAreMoreVariedAndBluer() {
        ImageSet set = Phantoms.generate("derm", 40, 32, 9);
        int plane = 32 * 32;
        double[] spread = new double[2];
        double[] blueShare = new double[2];
        double[] corner = new double[2];
        for (int i = 0; i < set.size(); i++) {
            byte[] img = set.images().get(i);
            double skin = lum(img, plane, 0);
            // Lesion pixels: clearly darker than the skin in the corner.
            double sum = 0;
            double sumSq = 0;
            double blue = 0;
            int n = 0;
            for (int p = 0; p < plane; p++) {
                double l = lum(img, plane, p);
                if (l < 0.7 * skin) {
                    sum += l;
                    sumSq += l * l;
                    blue += (img[2 * plane + p] & 0xFF) / (3 * l + 1);
                    n++;
                }
            }
            assertTrue(n > 20, "image " + i + " has a lesion");
            spread[set.label(i)] += Math.sqrt(sumSq / n - (sum / n) * (sum / n)) / 20;
            blueShare[set.label(i)] += blue / n / 20;
            corner[set.label(i)] += skin / 20;
        }

        assertTrue(spread[1] > 1.5 * spread[0], "malignant lesions vary in colour: " + spread[1] + " vs " + spread[0]);
        assertTrue(blueShare[1] > blueShare[0] + 0.03, "blue-grey patches: " + blueShare[1] + " vs " + blueShare[0]);
        assertTrue(corner[0] > 150 && corner[1] > 150, "skin-toned background: " + corner[0] + ", " + corner[1]);
    }

    private static double lum(byte[] img, int plane, int p) {
        return ((img[p] & 0xFF) + (img[plane + p] & 0xFF) + (img[2 * plane + p] & 0xFF)) / 3.0;
    }

    @Test
    void badArgumentsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Phantoms.generate("mri", 1, 32, 0));

        assertTrue(e.getMessage().contains("known: cxr, derm"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Phantoms.generate("cxr", -1, 32, 0));
        assertThrows(IllegalArgumentException.class, () -> Phantoms.generate("cxr", 1, 4, 0));
    }
}
