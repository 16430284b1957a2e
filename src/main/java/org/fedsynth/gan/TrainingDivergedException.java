package org.fedsynth.gan;

/** A local training step produced a non-finite loss ({@link GanWorkbench#train}); the message says which step and what to try. */
public final class TrainingDivergedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** With the step (1-based) and the losses it produced. */
    public TrainingDivergedException(int step, double lossD, double lossG) {
        super("local training diverged at step " + step + ": lossD=" + lossD + ", lossG=" + lossG
                + " (try a lower learning rate)");
    }
}
