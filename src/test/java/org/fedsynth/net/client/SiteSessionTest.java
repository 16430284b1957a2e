package org.fedsynth.net.client;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.fedsynth.config.ConfigException;
import org.fedsynth.data.ImageSet;
import org.junit.jupiter.api.Test;

class SiteSessionTest {

    private static ImageSet site(List<String> classes, int... labels) {
        List<byte[]> images = new java.util.ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            images.add(new byte[4]);
        }
        return new ImageSet(classes, 1, 2, 2, images, labels, "site-data");
    }

    @Test
    void relabelsTheSitesFoldersOntoTheFederationsClasses() {
        ImageSet r = SiteSession.relabel(site(List.of("opacity"), 0, 0), List.of("normal", "opacity"));
        assertEquals(List.of("normal", "opacity"), r.classNames());
        assertArrayEquals(new int[] {1, 1}, r.labels());
    }

    @Test
    void refusesAClassTheFederationDoesNotKnow() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> SiteSession.relabel(site(List.of("normal", "cat"), 0, 1), List.of("normal", "opacity")));
        assertTrue(e.getMessage().contains("site-data: class folder 'cat'"), e.getMessage());
    }
}
