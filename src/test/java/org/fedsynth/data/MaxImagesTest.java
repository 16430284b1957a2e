package org.fedsynth.data;

import static org.junit.jupiter.api.Assertions.*;

import org.fedsynth.config.ConfigException;
import org.fedsynth.config.ConfigIO;
import org.fedsynth.config.RunConfig;
import org.junit.jupiter.api.Test;

/** {@code data.max_images}: a fixed, class-stratified subset. */
class MaxImagesTest {

    @Test
    void keepsEachClassShareInOrderAndTheSameForEverySeed() {
        RunConfig a = ConfigIO.parse("data: {format: phantom, phantom_count: 200, max_images: 50}", "a.yaml");
        ImageSet all = Phantoms.generate("cxr", 200, 32, 42);
        ImageSet sub = Datasets.stratifiedSubset(all, 50);
        assertEquals(50, sub.size());
        int[] n = all.classCounts();
        int[] m = sub.classCounts();
        for (int c = 0; c < n.length; c++) {
            assertEquals(50.0 * n[c] / 200, m[c], 1.0, "class " + c);
        }
        // A subset of the original images, in their order, the same on a second call.
        ImageSet again = Datasets.stratifiedSubset(all, 50);
        int j = 0;
        for (int i = 0; i < sub.size(); i++) {
            assertArrayEquals(again.images().get(i), sub.images().get(i));
            while (!java.util.Arrays.equals(all.images().get(j), sub.images().get(i))) {
                j++;
            }
            j++;
        }
        assertSame(all, Datasets.stratifiedSubset(all, 500), "max beyond the set keeps it whole");
        assertEquals(50, Datasets.load(a.data(), a.seed()).size());
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigIO.parse("data: {format: phantom, max_images: 1}", "b.yaml"));
        assertTrue(e.getMessage().contains("data.max_images"), e.getMessage());
    }
}
