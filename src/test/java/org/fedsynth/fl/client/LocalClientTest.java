package org.fedsynth.fl.client;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.gan.BatchSource;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.gan.GanWorkbench;
import org.fedsynth.gan.LossTerm;
import org.fedsynth.gan.PhaseTensors;
import org.fedsynth.gan.RealBatch;
import org.fedsynth.gan.TrainSettings;
import org.junit.jupiter.api.Test;

/** The local trainer applies a client's data, objective and update behaviours at their points. */
class LocalClientTest {

    private static final GanSpec SPEC = GanSpec.standard(32, 1, 2);

    static BatchSource source(int n) {
        return new BatchSource() {
            public int size() {
                return n;
            }

            public RealBatch next(int b, Random rng) {
                float[] px = new float[b * 32 * 32];
                int[] lab = new int[b];
                for (int i = 0; i < b; i++) {
                    lab[i] = rng.nextInt(2);
                    for (int j = 0; j < 32 * 32; j++) {
                        px[i * 32 * 32 + j] = lab[i] == 0 ? -0.5f : 0.5f;
                    }
                }
                return new RealBatch(px, lab);
            }
        };
    }

    private static LocalClient.Result run(ClientBehaviours behaviours, int round) {
        try (GanWorkbench wb = new GanWorkbench(SPEC, TrainSettings.dcgan(4))) {
            ClientState state = new ClientState(0, wb.initialDiscriminator(2), null, null);
            return LocalClient.trainRound(wb, state, round, wb.initialGenerator(1), null, source(16), 2, new Random(3),
                    behaviours);
        }
    }

    @Test
    void noBehavioursIsTheHonestRound() {
        LocalClient.Result a = run(ClientBehaviours.none(), 1);
        LocalClient.Result b;
        try (GanWorkbench wb = new GanWorkbench(SPEC, TrainSettings.dcgan(4))) {
            ClientState state = new ClientState(0, wb.initialDiscriminator(2), null, null);
            b = LocalClient.trainRound(wb, state, 1, wb.initialGenerator(1), null, source(16), 2, new Random(3));
        }
        assertArrayEquals(a.update().generator().flatten(), b.update().generator().flatten());
        assertEquals(a.update().stats(), b.update().stats());
    }

    @Test
    void aScriptedObjectiveTermEntersTheGeneratorLossInItsRoundsOnly() {
        List<Integer> asked = new ArrayList<>();
        ObjectiveBehaviour term = round -> {
            asked.add(round);
            return round < 2 ? null : new LossTerm() {
                @Override
                public NDArray generatorTerm(PhaseTensors t) {
                    return t.dFake().mean().mul(0f).add(3f); // 3, through the graph, zero gradient
                }
            };
        };
        LocalClient.Result honest = run(ClientBehaviours.none(), 2);
        LocalClient.Result inactive = run(ClientBehaviours.of(term), 1);
        LocalClient.Result active = run(ClientBehaviours.of(term), 2);
        assertEquals(List.of(1, 2), asked);
        assertEquals(honest.update().stats().lossGMean(), inactive.update().stats().lossGMean(), 1e-6);
        assertEquals(honest.update().stats().lossGMean() + 3, active.update().stats().lossGMean(), 1e-5);
        assertEquals(honest.update().stats().lossDMean(), active.update().stats().lossDMean(), 1e-6);
    }

    @Test
    void dataBehavioursWrapTheBatchesAndUpdateBehavioursChangeOnlyWhatIsSent() {
        int[] drawn = {0};
        DataBehaviour counting = (round, data) -> new BatchSource() {
            public int size() {
                return data.size();
            }

            public RealBatch next(int b, Random rng) {
                drawn[0]++;
                return data.next(b, rng);
            }
        };
        ModelWeights[] seenGlobal = new ModelWeights[1];
        UpdateBehaviour zeroLosses = (u, g, d) -> {
            seenGlobal[0] = g;
            assertNull(d, "discriminators stay private here");
            return new ClientUpdate(u.clientId(), u.round(), g, null, u.samples(), u.stats());
        };
        LocalClient.Result honest = run(ClientBehaviours.none(), 1);
        LocalClient.Result res = run(ClientBehaviours.of(counting, zeroLosses), 1);
        assertEquals(2, drawn[0], "one batch per local step");
        assertArrayEquals(seenGlobal[0].flatten(), res.update().generator().flatten(), "sent the global model back");
        assertArrayEquals(honest.state().discriminator().flatten(), res.state().discriminator().flatten(),
                "the kept state is the trained one");
        assertEquals(honest.state().optG().step(), res.state().optG().step());
    }

    @Test
    void updateBehavioursApplyInListOrder() {
        List<String> order = new ArrayList<>();
        UpdateBehaviour a = (u, g, d) -> {
            order.add("a");
            return u;
        };
        UpdateBehaviour b = (u, g, d) -> {
            order.add("b");
            return u;
        };
        ClientBehaviours.of(a).with(b).update(run(ClientBehaviours.none(), 1).update(), null, null);
        assertEquals(List.of("a", "b"), order);
    }
}
