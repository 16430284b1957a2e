package org.fedsynth.attack;

import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.LocalStats;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.client.UpdateBehaviour;

/**
 * Loss spoofing ({@code attack.spoof_losses}): in its scheduled rounds a malicious client reports
 * the configured losses, as both the round's mean and its last step's, instead of its true ones.
 * A detector that reads only reported losses then sees whatever the attacker chose; the parameters
 * are sent as trained.
 *
 * @param losses the losses to report
 * @param schedule the rounds it acts in
 */
public record LossSpoofing(LossSpoof losses, AttackSchedule schedule) implements UpdateBehaviour {

    @Override
    public ClientUpdate apply(ClientUpdate update, ModelWeights globalG, ModelWeights globalD) {
        if (!schedule.isActive(update.round())) {
            return update;
        }
        LocalStats honest = update.stats();
        LocalStats spoofed = new LocalStats(losses.lossG(), losses.lossG(), losses.lossD(), losses.lossD(),
                honest == null ? 0 : honest.steps());
        return new ClientUpdate(update.clientId(), update.round(), update.generator(), update.discriminator(),
                update.samples(), spoofed);
    }
}
