package org.fedsynth.fl.sim;

import static org.junit.jupiter.api.Assertions.*;

import org.fedsynth.fl.client.ClientState;
import org.fedsynth.fl.client.LocalClient;
import org.fedsynth.gan.TrainingDivergedException;
import org.junit.jupiter.api.Test;

/** What a failed local round does to the run: an attacker's divergence is its own; anything else stops the run. */
class ClientFailureTest {

    private static final ClientState BEFORE = new ClientState(3, null, null, null);
    private static final IllegalStateException DIVERGED = new TrainingDivergedException(10, Double.NaN, Double.NaN);

    @Test
    void aDivergedAttackerSendsNothingAndKeepsItsState() {
        LocalClient.Result r = FederatedSimulation.afterFailure(DIVERGED, true, BEFORE, 7, 3);
        assertNull(r.update(), "no update from a diverged attacker");
        assertSame(BEFORE, r.state(), "its state is the one from before the round");
    }

    @Test
    void aDivergedHonestClientStopsTheRunWithWhatToDo() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> FederatedSimulation.afterFailure(DIVERGED, false, BEFORE, 7, 3));
        assertTrue(e.getMessage().startsWith("round 7, client 3: local training diverged at step 10"), e.getMessage());
        assertTrue(e.getMessage().contains("the run stopped after round 6 (checkpointed)"), e.getMessage());
        assertSame(DIVERGED, e.getCause());
    }

    @Test
    void anAttackersOtherFailuresStillStopTheRun() {
        IllegalStateException other = new IllegalStateException("attack.mimicry needs the global generator of the round");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> FederatedSimulation.afterFailure(other, true, BEFORE, 2, 0));
        assertTrue(e.getMessage().startsWith("round 2, client 0: attack.mimicry needs"), e.getMessage());
    }
}
