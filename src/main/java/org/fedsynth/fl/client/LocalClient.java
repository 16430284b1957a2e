package org.fedsynth.fl.client;

import java.util.Random;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.LocalStats;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.gan.BatchSource;
import org.fedsynth.gan.GanWorkbench;

/**
 * One round of a client's work, the same in simulation and over the network: start from the
 * global generator (and the global discriminator when discriminators are averaged), train
 * locally on the client's own data, and report parameters, sample count and losses.
 */
public final class LocalClient {

    private LocalClient() {}

    /** The update sent to the server and the state the client keeps. */
    public record Result(ClientUpdate update, ClientState state) {}

    /**
     * Trains one round.
     *
     * @param wb the workbench to train on (its current contents are replaced)
     * @param state the client's private state
     * @param round the round number
     * @param globalG the global generator
     * @param globalD the global discriminator, or {@code null} when discriminators stay private
     * @param data the client's real batches (possibly poisoned, for an attack experiment)
     * @param steps local steps
     * @param rng the client's random stream for this round
     */
    public static Result trainRound(GanWorkbench wb, ClientState state, int round, ModelWeights globalG,
            ModelWeights globalD, BatchSource data, int steps, Random rng) {
        wb.loadGenerator(globalG);
        wb.loadDiscriminator(globalD != null ? globalD : state.discriminator());
        wb.loadOptimizers(state.optG(), state.optD());
        LocalStats stats = wb.train(data, steps, rng);
        ModelWeights g = wb.generatorWeights();
        ModelWeights d = wb.discriminatorWeights();
        ClientUpdate update = new ClientUpdate(state.clientId(), round, g, globalD != null ? d : null, data.size(), stats);
        ClientState next = new ClientState(state.clientId(), d, wb.generatorOptimizer(), wb.discriminatorOptimizer());
        return new Result(update, next);
    }
}
