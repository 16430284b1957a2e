package org.fedsynth.attack;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code attack.spoof_losses: {loss_g: 1.2, loss_d: 0.6}}: in its attacked rounds a malicious client
 * reports these losses (as both the mean and the last step's) instead of its true ones, so that a
 * detector reading the reported losses sees benign-looking values. Pick values near the honest
 * clients' (the run's {@code metrics.jsonl} shows them).
 *
 * @param lossG the generator loss reported, finite
 * @param lossD the discriminator loss reported, finite
 */
public record LossSpoof(double lossG, double lossD) {

    /** Validates. */
    public LossSpoof {
        if (!Double.isFinite(lossG) || !Double.isFinite(lossD)) {
            throw new IllegalArgumentException("attack.spoof_losses.loss_g and loss_d must be finite numbers; found "
                    + lossG + ", " + lossD);
        }
    }

    @JsonCreator
    static LossSpoof bind(@JsonProperty("loss_g") Double lossG, @JsonProperty("loss_d") Double lossD) {
        if (lossG == null || lossD == null) {
            throw new IllegalArgumentException("attack.spoof_losses needs both loss_g and loss_d (the losses to report),"
                    + " e.g. {loss_g: 1.2, loss_d: 0.6}");
        }
        return new LossSpoof(lossG, lossD);
    }
}
