package org.fedsynth.gan;

import ai.djl.ndarray.NDArray;
import java.util.Objects;
import java.util.Random;

/**
 * The adversarial loss of local training as an object: the discriminator's loss in the D phase
 * and the generator's loss in the G phase of a step (see {@link Phase}). The workbench runs the
 * phases and calls these; a new recipe (hinge loss, an R1 penalty) is a new implementation, chosen
 * by {@link #of}, and the step loop does not change. A client's objective behaviour adds a
 * {@link LossTerm} with {@link #plus}.
 */
public interface GanObjective {

    /** Whether the discriminator may use BatchNorm (not with a per-image gradient penalty: WGAN-GP, R1). */
    boolean discriminatorBatchNorm();

    /**
     * The objective's own random draws for one step of {@code batchSize} images, taken from the
     * step's stream right after the noise; {@code null} when it needs none (which leaves the stream
     * untouched).
     */
    default float[] draws(int batchSize, Random rng) {
        return null;
    }

    /** The discriminator's loss, a scalar, in a D phase. */
    NDArray discriminatorLoss(PhaseTensors t);

    /** The generator's loss, a scalar, in a G phase. */
    NDArray generatorLoss(PhaseTensors t);

    /**
     * The objective that {@code training.loss} selects, with the R1 penalty when
     * {@code training.r1_gamma > 0} and the mode-seeking term when {@code training.mode_seeking > 0}.
     */
    static GanObjective of(TrainSettings settings) {
        GanObjective base = switch (settings.loss()) {
            case BCE -> new NonSaturatingBce();
            case HINGE -> new HingeLoss();
            case WGAN_GP -> new WganGp(settings.gpLambda());
        };
        GanObjective o = settings.r1Gamma() > 0 ? new R1Penalty(base, settings.r1Gamma(), settings.r1Every()) : base;
        return settings.modeSeeking() > 0 ? o.plus(new ModeSeeking(settings.modeSeeking())) : o;
    }

    /** This objective with {@code term} added to both losses (the term returns {@code null} where it adds nothing). */
    default GanObjective plus(LossTerm term) {
        Objects.requireNonNull(term, "term");
        GanObjective base = this;
        return new GanObjective() {
            @Override
            public boolean discriminatorBatchNorm() {
                return base.discriminatorBatchNorm();
            }

            @Override
            public float[] draws(int batchSize, Random rng) {
                return base.draws(batchSize, rng);
            }

            @Override
            public NDArray discriminatorLoss(PhaseTensors t) {
                NDArray loss = base.discriminatorLoss(t);
                NDArray extra = term.discriminatorTerm(t);
                return extra == null ? loss : loss.add(extra);
            }

            @Override
            public NDArray generatorLoss(PhaseTensors t) {
                NDArray loss = base.generatorLoss(t);
                NDArray extra = term.generatorTerm(t);
                return extra == null ? loss : loss.add(extra);
            }
        };
    }
}
