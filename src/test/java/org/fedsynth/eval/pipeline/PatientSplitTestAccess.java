package org.fedsynth.eval.pipeline;

import org.fedsynth.data.ImageSet;

/** Test fixture access from other packages. */
public final class PatientSplitTestAccess {
    private PatientSplitTestAccess() {
    }

    /** See {@link PatientSplitTest#withPatients}. */
    public static ImageSet withPatients(boolean known) {
        return PatientSplitTest.withPatients(known);
    }
}
