package org.fedsynth.gan;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import java.util.Random;
import org.fedsynth.fl.LocalStats;
import org.junit.jupiter.api.Test;

class GanObjectiveTest {

    @Test
    void trainingLossSelectsTheObjective() {
        assertInstanceOf(NonSaturatingBce.class, GanObjective.of(TrainSettings.dcgan(4)));
        GanObjective w = GanObjective.of(new TrainSettings(4, 2e-4f, 2e-4f, 0.5f, 0.999f, GanLoss.WGAN_GP, 10f));
        assertInstanceOf(WganGp.class, w);
        assertFalse(w.discriminatorBatchNorm());
        assertEquals(3, w.draws(3, new Random(1)).length);
        assertNull(new NonSaturatingBce().draws(3, new Random(1)), "BCE leaves the stream untouched");
    }

    @Test
    void theDcganStepIsADUpdateThenAGUpdate() {
        assertEquals(Phase.Network.DISCRIMINATOR, Phase.DCGAN_STEP.get(0).updates());
        assertTrue(Phase.DCGAN_STEP.get(0).scoresReal());
        assertEquals(Phase.Network.GENERATOR, Phase.DCGAN_STEP.get(1).updates());
        assertFalse(Phase.DCGAN_STEP.get(1).scoresReal());
    }

    /** A constant term shifts the reported losses by exactly that constant and leaves the gradients alone. */
    @Test
    void anAddedTermEntersTheLossOfItsPhaseOnly() {
        GanSpec spec = GanSpec.standard(32, 1, 2);
        LocalStats[] st = new LocalStats[2];
        float[][] g = new float[2][];
        for (int run = 0; run < 2; run++) {
            try (GanWorkbench wb = new GanWorkbench(spec, TrainSettings.dcgan(4))) {
                wb.loadGenerator(wb.initialGenerator(1));
                wb.loadDiscriminator(wb.initialDiscriminator(2));
                GanObjective obj = wb.objective();
                if (run == 1) {
                    obj = obj.plus(new LossTerm() {
                        @Override
                        public NDArray generatorTerm(PhaseTensors t) {
                            assertNull(t.dReal(), "the G phase does not score real images");
                            return t.manager().create(5f);
                        }
                    });
                }
                st[run] = wb.train(GanWorkbenchTest.randomSource(1, 32, 16), 2, new Random(7), obj);
                g[run] = wb.generatorWeights().flatten();
            }
        }
        assertEquals(st[0].lossGMean() + 5, st[1].lossGMean(), 1e-5);
        assertEquals(st[0].lossDMean(), st[1].lossDMean(), 1e-6);
        assertArrayEquals(g[0], g[1], 1e-6f, "a constant has no gradient");
    }

    @Test
    void anObjectiveForAnotherCriticIsRefused() {
        try (GanWorkbench wb = new GanWorkbench(GanSpec.standard(32, 1, 2), TrainSettings.dcgan(4))) {
            assertThrows(IllegalArgumentException.class,
                    () -> wb.train(GanWorkbenchTest.randomSource(1, 32, 16), 1, new Random(1), new WganGp(10f)));
        }
    }
}
