package org.fedsynth.report;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunNameTest {

    @Test
    void encodesTheLastKeyPartAndASafeValueThenDecodesTheFolder() {
        Map<String, String> axes = new LinkedHashMap<>();
        axes.put("attack.trigger.size", "0.2");
        axes.put("strategy.loss", "w gan/gp");
        String folder = new RunName("no_attack", axes, -3L).folder();

        assertEquals("no_attack__size=0.2__loss=w_gan_gp__seed-3", folder);
        RunName back = RunName.parse(folder);
        assertEquals("no_attack", back.variant());
        assertEquals(-3L, back.seed());
        assertEquals(Map.of("size", "0.2", "loss", "w_gan_gp"), back.axes());
        assertEquals(folder, back.folder(), "a decoded name encodes to the same folder");
    }

    @Test
    void aFolderThatIsNotASweepsIsAllVariant() {
        assertEquals(new RunName("my-run", Map.of(), null), RunName.parse("my-run"));
        assertEquals(new RunName("a__b", Map.of(), 7L), RunName.parse("a__b__seed7"));
        assertEquals(new RunName("seed1", Map.of(), null), RunName.parse("seed1"), "the first part is never the seed");
    }
}
