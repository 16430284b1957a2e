package org.fedsynth.eval.backdoor;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.fedsynth.attack.Trigger;
import org.fedsynth.attack.TriggerSpec;
import org.fedsynth.data.ImageSet;
import org.fedsynth.data.Phantoms;
import org.junit.jupiter.api.Test;

/**
 * The trigger classifier sees patch and blended triggers, calls clean images clean (a generator that
 * draws the data is a vanilla one), and reports per class.
 */
class TriggerClassifierTest {

    private static final ImageSet TRAIN = Phantoms.generate("cxr", 600, 32, 1);
    private static final ImageSet TEST = Phantoms.generate("cxr", 300, 32, 2);
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    /** {@code set} with the trigger on the images of {@code classes} (every class when empty). */
    private static ImageSet poisoned(ImageSet set, Trigger t, List<Integer> classes) {
        List<byte[]> out = new ArrayList<>();
        int per = set.channels() * set.height() * set.width();
        Random r = new Random(4);
        for (int i = 0; i < set.size(); i++) {
            byte[] img = set.images().get(i);
            if (!classes.isEmpty() && !classes.contains(set.label(i))) {
                out.add(img);
                continue;
            }
            float[] x = new float[per];
            for (int k = 0; k < per; k++) {
                x[k] = ImageSet.pixelToUnit(img[k]);
            }
            t.apply(x, 0, set.channels(), set.height(), r);
            byte[] b = new byte[per];
            for (int k = 0; k < per; k++) {
                b[k] = ImageSet.unitToPixel(x[k]);
            }
            out.add(b);
        }
        return set.withImages(set.channels(), set.height(), set.width(), out, set.source() + " poisoned");
    }

    @Test
    void seesPatchAndBlendedTriggersAndCallsCleanImagesClean() {
        for (Map<String, Object> trig : List.of(Map.<String, Object>of("type", "pattern"),
                Map.<String, Object>of("type", "blend", "alpha", 0.15))) {
            Trigger t = Trigger.build(TriggerSpec.fromMap(trig), 32, 1);
            TriggerClassifier.Result clean = TriggerClassifier.measure(TRAIN, TEST, t, TEST, 11, QUIET);
            assertTrue(clean.accuracy() > 0.9, trig + ": held-out accuracy " + clean.accuracy());
            assertTrue(clean.rate() < 0.05, trig + ": clean images called poisoned: " + clean.rate());
            TriggerClassifier.Result all = TriggerClassifier.measure(TRAIN, TEST, t, poisoned(TEST, t, List.of()), 11, QUIET);
            assertTrue(all.rate() > 0.9, trig + ": poisoned images found: " + all.rate());
        }
    }

    @Test
    void reportsTheRatePerClassForAClassTargetedAttack() {
        Trigger t = Trigger.build(TriggerSpec.fromMap(Map.of("type", "pattern", "size", 0.2)), 32, 1);
        TriggerClassifier.Result r = TriggerClassifier.measure(TRAIN, TEST, t, poisoned(TEST, t, List.of(1)), 5, QUIET);
        String c0 = TEST.classNames().get(0);
        String c1 = TEST.classNames().get(1);
        assertTrue(r.perClass().get(c1) > 0.9, "targeted class: " + r.perClass());
        assertTrue(r.perClass().get(c0) < 0.1, "other class: " + r.perClass());
        assertEquals(TEST.size() * 2, r.heldOut(), "each held-out image clean and poisoned");
    }

    @Test
    void theSameSeedGivesTheSameMeasure() {
        Trigger t = Trigger.build(TriggerSpec.defaults(), 32, 1);
        ImageSet gen = poisoned(TEST, t, List.of(0));
        TriggerClassifier.Result a = TriggerClassifier.measure(TRAIN, TEST, t, gen, 3, QUIET);
        TriggerClassifier.Result b = TriggerClassifier.measure(TRAIN, TEST, t, gen, 3, QUIET);
        assertEquals(a, b);
    }
}
