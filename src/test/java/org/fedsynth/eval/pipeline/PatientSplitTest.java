package org.fedsynth.eval.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fedsynth.data.ImageSet;
import org.junit.jupiter.api.Test;

/** The evaluation hold-out keeps each patient's images on one side, and the fingerprint records the rule. */
class PatientSplitTest {

    /** 60 patients with 1..5 images each; a patient's images share a class. */
    static ImageSet withPatients(boolean known) {
        List<byte[]> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> patients = new ArrayList<>();
        for (int p = 0; p < 60; p++) {
            for (int k = 0; k <= p % 5; k++) {
                images.add(new byte[] {(byte) p, (byte) k, 0, 0});
                labels.add(p % 3 == 0 ? 1 : 0);
                patients.add("patient-" + p);
            }
        }
        return new ImageSet(List.of("a", "b"), 1, 2, 2, images, labels.stream().mapToInt(Integer::intValue).toArray(), "test",
                known ? patients : List.of());
    }

    @Test
    void noPatientFallsOnBothSidesOfTheSplit() {
        ImageSet all = withPatients(true);
        ImageSet[] parts = EvalData.holdOut(all);
        Set<String> train = new HashSet<>(parts[0].patients());
        Set<String> test = new HashSet<>(parts[1].patients());
        assertTrue(train.stream().noneMatch(test::contains), "a patient on both sides");
        assertEquals(all.size(), parts[0].size() + parts[1].size());
        // a fifth of each class's patients, with all their images
        assertEquals(12, test.size());
        long testB = test.stream().filter(p -> Integer.parseInt(p.substring(8)) % 3 == 0).count();
        assertEquals(4, testB);
    }

    @Test
    void withoutPatientsEveryImageIsItsOwnUnitAndTheFingerprintsDiffer() {
        ImageSet known = withPatients(true);
        ImageSet unknown = withPatients(false);
        ImageSet[] a = EvalData.holdOut(known);
        ImageSet[] b = EvalData.holdOut(unknown);
        assertEquals(Math.round(0.2 * 100), Math.round(0.2 * 100));
        String fa = EvalData.contentFingerprint(a[0], a[1], EvalData.SPLIT_BY_PATIENT);
        String fb = EvalData.contentFingerprint(b[0], b[1], EvalData.SPLIT_BY_IMAGE);
        assertNotEquals(fa, fb);
        // the rule alone changes the fingerprint: the same splits hashed under another rule
        assertNotEquals(EvalData.contentFingerprint(a[0], a[1], EvalData.SPLIT_BY_IMAGE), fa);
        // and the by-image hash is the version-1 one existing evaluators were trained on
        assertEquals(EvalData.contentFingerprint(b[0], b[1]), fb);
    }
}
