package org.fedsynth.attack;

import ai.djl.ndarray.NDArray;
import org.fedsynth.fl.client.ObjectiveBehaviour;
import org.fedsynth.gan.LossTerm;
import org.fedsynth.gan.PhaseTensors;
import org.fedsynth.gan.Scalars;

/**
 * Output mimicry ({@code attack.mimicry}), the detector-aware attacker: in its scheduled rounds a
 * malicious client adds {@code lambda * mean((G(z) - G_global(z))^2)} to its generator loss, the mean
 * over the batch and every pixel, on the step's own fresh noise and labels. Its generator then stays
 * close to the global one on noise in general, and a detector that compares the clients' generators
 * on random noise sees little, while its discriminator still teaches the trigger. It is the
 * image-space analogue of the anomaly term of constrain-and-scale (Bagdasaryan et al., "How to
 * backdoor federated learning", AISTATS 2020). {@code G_global} is the round's global generator,
 * frozen, evaluated with batch statistics like the step's fakes ({@link PhaseTensors#anchor}).
 *
 * @param lambda the weight, {@code > 0}
 * @param schedule the rounds it acts in
 */
public record OutputMimicry(float lambda, AttackSchedule schedule) implements ObjectiveBehaviour {

    /** Validates. */
    public OutputMimicry {
        if (!(lambda > 0) || !Float.isFinite(lambda)) {
            throw new IllegalArgumentException("attack.mimicry must be a finite number > 0 here; found " + lambda);
        }
        java.util.Objects.requireNonNull(schedule, "schedule");
    }

    @Override
    public boolean needsGlobalGenerator() {
        return true;
    }

    @Override
    public LossTerm term(int round) {
        if (!schedule.isActive(round)) {
            return null;
        }
        return new LossTerm() {
            @Override
            public NDArray generatorTerm(PhaseTensors t) {
                if (t.anchor() == null) {
                    throw new IllegalStateException("attack.mimicry needs the global generator of the round, and the"
                            + " local trainer did not load it");
                }
                NDArray target = t.anchor().images(t.noise(), t.fakeOnehot());
                return Scalars.mul(t.fake().sub(target).square().mean(), lambda);
            }
        };
    }
}
