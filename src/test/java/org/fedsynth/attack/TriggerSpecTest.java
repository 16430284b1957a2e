package org.fedsynth.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config parsing and validation of the trigger section. */
class TriggerSpecTest {

    @Test
    void sizeIntegersArePixelsAndDecimalsAtMostOneAreFractions() {
        assertEquals(TriggerSize.pixels(16), TriggerSize.parse(16, "f"));
        assertEquals(TriggerSize.pixels(1), TriggerSize.parse(1, "f"));
        assertEquals(TriggerSize.pixels(16), TriggerSize.parse("16", "f"));
        assertEquals(TriggerSize.pixels(16), TriggerSize.parse("16px", "f"));
        assertEquals(TriggerSize.pixels(16), TriggerSize.parse(16.0, "f"));
        assertEquals(TriggerSize.fractionOf(0.125), TriggerSize.parse(0.125, "f"));
        assertEquals(TriggerSize.fractionOf(1.0), TriggerSize.parse(1.0, "f"));
        assertEquals(TriggerSize.fractionOf(1.0), TriggerSize.parse("1.0", "f"));
        assertEquals(TriggerSize.fractionOf(0.25), TriggerSize.parse("25%", "f"));
    }

    @Test
    void sizeInPixelsAtResolution() {
        assertEquals(4, TriggerSize.fractionOf(0.125).pixelsAt(32));
        assertEquals(16, TriggerSize.fractionOf(0.125).pixelsAt(128));
        assertEquals(3, TriggerSize.fractionOf(0.1).pixelsAt(32));
        assertEquals(1, TriggerSize.fractionOf(0.001).pixelsAt(32));
        assertEquals(32, TriggerSize.fractionOf(1.0).pixelsAt(32));
        assertEquals(7, TriggerSize.pixels(7).pixelsAt(32));
    }

    @Test
    void badSizesNameFieldAndValue() {
        for (Object bad : new Object[] {0, -3, 2.5, "abc", "0px", "0%", 0.0, List.of(1)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TriggerSize.parse(bad, "attack.trigger.size"));
            assertTrue(e.getMessage().contains("attack.trigger.size"), e.getMessage());
            assertTrue(e.getMessage().contains(String.valueOf(bad)), e.getMessage());
        }
    }

    @Test
    void sizeLargerThanImageIsAnError() {
        TriggerSpec spec = TriggerSpec.of(TriggerType.SOLID, TriggerSize.pixels(40), TriggerLocation.bottomRight());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trigger.build(spec, 32, 3));

        assertTrue(e.getMessage().contains("attack.trigger.size"), e.getMessage());
        assertTrue(e.getMessage().contains("40"), e.getMessage());
    }

    @Test
    void fixedLocationOutsideImageIsAnError() {
        TriggerSpec spec = TriggerSpec.of(TriggerType.SOLID, TriggerSize.pixels(8), TriggerLocation.at(30, 0));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trigger.build(spec, 32, 1));

        assertTrue(e.getMessage().contains("attack.trigger.location"), e.getMessage());
        assertTrue(e.getMessage().contains("[30, 0]"), e.getMessage());
    }

    @Test
    void typeTypoNamesFieldValueAndAllowedValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TriggerSpec.fromMap(Map.of("type", "patern")));

        assertEquals("attack.trigger.type must be one of pattern, noise, solid, checkerboard, image, frequency, blend;"
                + " found 'patern'", e.getMessage());
    }

    @Test
    void locationParsesAllForms() {
        assertEquals(TriggerLocation.bottomRight(), TriggerLocation.parse("bottom-right", "f"));
        assertEquals(TriggerLocation.random(), TriggerLocation.parse("Random", "f"));
        assertEquals(TriggerLocation.at(3, 5), TriggerLocation.parse(List.of(3, 5), "f"));
        assertEquals(TriggerLocation.at(3, 5), TriggerLocation.parse("[3, 5]", "f"));
        assertEquals(TriggerLocation.at(3, 5), TriggerLocation.parse(Map.of("x", 3, "y", 5), "f"));
        for (Object bad : new Object[] {"top-left", List.of(1), List.of(1, 2, 3), "-1,2", List.of(1.5, 2)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TriggerLocation.parse(bad, "attack.trigger.location"));
            assertTrue(e.getMessage().contains("attack.trigger.location"), e.getMessage());
        }
    }

    @Test
    void bottomRightMarginScalesWithResolution() {
        assertEquals(1, TriggerLocation.bottomRightMargin(32));
        assertEquals(1, TriggerLocation.bottomRightMargin(64));
        assertEquals(3, TriggerLocation.bottomRightMargin(128));
        assertEquals(5, TriggerLocation.bottomRightMargin(256));
    }

    @Test
    void fromMapUsesDefaultsForMissingKeys() {
        TriggerSpec spec = TriggerSpec.fromMap(Map.of());

        assertEquals(TriggerSpec.defaults(), spec);
        assertEquals(TriggerType.PATTERN, spec.type());
        assertEquals(TriggerSize.fractionOf(0.125), spec.size());
        assertEquals(TriggerLocation.bottomRight(), spec.location());
        assertNull(spec.imagePath());
        assertEquals(0L, spec.seed());
        assertEquals(0.2, spec.alpha());
        assertEquals(0.1, spec.beta());
    }

    @Test
    void fromMapReadsEveryKey() {
        Map<String, Object> m = new HashMap<>();
        m.put("type", "frequency");
        m.put("size", 8);
        m.put("location", List.of(1, 2));
        m.put("seed", 9);
        m.put("alpha", 0.15);
        m.put("beta", "0.2");

        TriggerSpec spec = TriggerSpec.fromMap(m);

        assertEquals(new TriggerSpec(TriggerType.FREQUENCY, TriggerSize.pixels(8), TriggerLocation.at(1, 2), null, 9L,
                0.15, 0.2), spec);
    }

    @Test
    void badScalarsAndUnknownKeysAreErrors() {
        assertMessage(Map.of("alpha", 1.5), "attack.trigger.alpha", "1.5");
        assertMessage(Map.of("beta", 0.5), "attack.trigger.beta", "0.5");
        assertMessage(Map.of("seed", "x"), "attack.trigger.seed", "x");
        assertMessage(Map.of("colour", "red"), "attack.trigger.colour", "allowed");
        assertMessage(Map.of("type", "image"), "attack.trigger.image_path", "required");
    }

    @Test
    void imagePathMustExistAndBelongToImageOrFrequency(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.png");
        assertMessage(Map.of("type", "image", "image_path", missing.toString()), "attack.trigger.image_path",
                missing.toString());
        Path file = Files.writeString(dir.resolve("t.png"), "not a png");
        assertMessage(Map.of("type", "solid", "image_path", file.toString()), "attack.trigger.image_path", "solid");

        TriggerSpec unreadable = TriggerSpec.fromMap(Map.of("type", "image", "image_path", file.toString(), "size", 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trigger.build(unreadable, 32, 3));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }

    private static void assertMessage(Map<String, ?> map, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TriggerSpec.fromMap(map));
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should mention '" + p + "'");
        }
    }
}
