package org.fedsynth.fl.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.fedsynth.config.RunConfig;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.gan.GanWorkbench;
import org.fedsynth.run.Checkpoint;

/**
 * The server's state between rounds (round 0 = the initial models): what a checkpoint stores and
 * what the next round starts from.
 *
 * @param round the last completed round
 * @param generator the global generator
 * @param discriminator the global discriminator, or {@code null} when discriminators stay private
 * @param published the published generator (moving average of the global one over rounds), or
 *     {@code null} when the global generator is published itself or no round has completed
 * @param strategyState the strategy's carried state
 */
public record GlobalState(int round, ModelWeights generator, ModelWeights discriminator, ModelWeights published,
        JsonNode strategyState) {

    /** The state stored in a checkpoint. */
    public static GlobalState of(Checkpoint c) {
        return new GlobalState(c.round(), c.globalG(), c.globalD(), c.publishedG(), c.strategyState());
    }

    /** The initial global models of a run, drawn from its root seed. */
    public static GlobalState initial(GanWorkbench wb, RunConfig cfg) {
        return new GlobalState(0, wb.initialGenerator(RunSeeds.initialGenerator(cfg)),
                cfg.federation().averageDiscriminator() ? wb.initialDiscriminator(RunSeeds.initialDiscriminator(cfg, 0)) : null,
                null, JsonNodeFactory.instance.objectNode());
    }

    /** The generator to sample from: the published one if kept, else the global one. */
    public ModelWeights sampleGenerator() {
        return published != null ? published : generator;
    }

    /**
     * The next published generator: the moving average {@code decay * previous + (1 - decay) * global}
     * (it starts at the first round's global generator), or {@code null} when {@code decay} is 0.
     * Averaging the iterates damps the round-to-round oscillation of GAN training (Yazici et al.
     * 2019); the trainers never see it.
     */
    static ModelWeights published(ModelWeights previous, ModelWeights global, double decay) {
        if (decay == 0) {
            return null;
        }
        return previous == null ? global : previous.movingAverage(global, decay);
    }
}
