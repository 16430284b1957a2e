package org.fedsynth.fl.client;

import java.util.Random;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.LocalStats;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.gan.BatchSource;
import org.fedsynth.gan.GanObjective;
import org.fedsynth.gan.GanWorkbench;

/**
 * The local trainer: one round of a client's work, the same in simulation and over the network.
 * Start from the global generator (and the global discriminator when discriminators are averaged),
 * train locally on the client's own data, and report parameters, sample count and losses. A
 * client's {@link ClientBehaviours} act at three points: on the batches, on the objective, and on
 * the outgoing update; the state the client keeps is always the one it trained.
 */
public final class LocalClient {

    private LocalClient() {}

    /** The update sent to the server and the state the client keeps. */
    public record Result(ClientUpdate update, ClientState state) {}

    /** Trains one round as an honest client (no behaviours). */
    public static Result trainRound(GanWorkbench wb, ClientState state, int round, ModelWeights globalG,
            ModelWeights globalD, BatchSource data, int steps, Random rng) {
        return trainRound(wb, state, round, globalG, globalD, data, steps, rng, ClientBehaviours.none());
    }

    /**
     * Trains one round.
     *
     * @param wb the workbench to train on (its current contents are replaced)
     * @param state the client's private state
     * @param round the round number
     * @param globalG the global generator
     * @param globalD the global discriminator, or {@code null} when discriminators stay private
     * @param data the client's own real batches
     * @param steps local steps
     * @param rng the client's random stream for this round
     * @param behaviours what the client does differently (none for an honest client)
     */
    public static Result trainRound(GanWorkbench wb, ClientState state, int round, ModelWeights globalG,
            ModelWeights globalD, BatchSource data, int steps, Random rng, ClientBehaviours behaviours) {
        BatchSource batches = behaviours.data(round, data);
        GanObjective objective = behaviours.objective(round, wb.objective());
        wb.loadGenerator(globalG);
        if (behaviours.needsGlobalGenerator()) {
            wb.loadAnchor(globalG);
        } else {
            wb.clearAnchor();
        }
        wb.loadDiscriminator(globalD != null ? globalD : state.discriminator());
        wb.loadOptimizers(state.optG(), state.optD());
        LocalStats stats = wb.train(batches, steps, rng, objective);
        ModelWeights g = wb.generatorWeights();
        ModelWeights d = wb.discriminatorWeights();
        ClientUpdate trained = new ClientUpdate(state.clientId(), round, g, globalD != null ? d : null, batches.size(), stats);
        ClientState next = new ClientState(state.clientId(), d, wb.generatorOptimizer(), wb.discriminatorOptimizer());
        return new Result(behaviours.update(trained, globalG, globalD), next);
    }
}
