package org.fedsynth.attack;

import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.client.UpdateBehaviour;
import org.fedsynth.fl.strategy.Norms;

/**
 * The norm-bounded update ({@code attack.norm_bound}, after Sun et al., "Can you really backdoor
 * federated learning?", 2019): in its scheduled rounds a malicious client projects its update delta
 * onto the L2 ball of radius {@code bound}, {@code global + min(1, bound / ||delta||) * delta}, over
 * all tensors (BatchNorm statistics included), the generator and, when discriminators are averaged,
 * the discriminator separately: exactly the server's norm clipping, so a bound at or below the
 * server's clip bound passes it unchanged. Losses and sample count are unchanged.
 *
 * @param bound the radius, {@code > 0}
 * @param schedule the rounds it acts in
 */
public record NormProjection(double bound, AttackSchedule schedule) implements UpdateBehaviour {

    /** Validates. */
    public NormProjection {
        if (!(bound > 0) || Double.isInfinite(bound)) {
            throw new IllegalArgumentException(NormBound.FIELD + " must be a finite number > 0; found " + bound);
        }
        java.util.Objects.requireNonNull(schedule, "schedule");
    }

    @Override
    public ClientUpdate apply(ClientUpdate update, ModelWeights globalG, ModelWeights globalD) {
        if (!schedule.isActive(update.round())) {
            return update;
        }
        return DeltaTransform.eachModel(update, globalG, globalD, this::project);
    }

    /** {@code trained} with its delta from {@code global} projected onto the ball. */
    ModelWeights project(ModelWeights trained, ModelWeights global) {
        double norm = Norms.l2Distance(trained, global);
        return norm <= bound ? trained : Norms.scaleDelta(global, trained, bound / norm);
    }
}
