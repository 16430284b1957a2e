package org.fedsynth.eval.utility;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Random;
import org.fedsynth.data.ImageSet;
import org.fedsynth.eval.pipeline.PatientSplitTestAccess;
import org.junit.jupiter.api.Test;

/** The utility study's n real images per class come from n different patients when patients are known. */
class PatientSamplingTest {

    @Test
    void nImagesPerClassComeFromNDifferentPatients() {
        ImageSet all = PatientSplitTestAccess.withPatients(true);
        for (int seed = 0; seed < 20; seed++) {
            ImageSet s = UtilityStudy.perClass(all, 8, new Random(seed));
            assertEquals(16, s.size());
            assertEquals(16, new HashSet<>(s.patients()).size(), "one image per patient");
        }
        // without patients, images are drawn freely: some draws take two images of one (hidden) patient
        ImageSet unknown = PatientSplitTestAccess.withPatients(false);
        assertEquals(16, UtilityStudy.perClass(unknown, 8, new Random(1)).size());
    }
}
