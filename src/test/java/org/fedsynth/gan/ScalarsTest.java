package org.fedsynth.gan;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import ai.djl.ndarray.NDArray;
import org.fedsynth.attack.AttackSchedule;
import org.fedsynth.attack.OutputMimicry;
import org.fedsynth.fl.ModelWeights;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every loss the workbench differentiates gives the same local steps whether or not the JVM collects garbage
 * between the loss's forward and backward pass ({@link Scalars} says why it once did not). Between the two, a
 * term added after every other collects the heap, waits for the direct buffers to be freed and fills freshly
 * allocated small direct buffers with {@code 0x7f}, so that freed memory a backward pass still read would hold
 * values it cannot mistake. Before the fix the mode-seeking, mimicry, R1, hinge and WGAN-GP cases failed here.
 */
class ScalarsTest {

    private static final List<ByteBuffer> HELD = new ArrayList<>();

    /** Collects the heap, lets the freed direct buffers go, and reuses their memory with a fixed pattern. */
    private static void collectAndOverwrite() {
        for (int k = 0; k < 2; k++) {
            System.gc();
            try {
                Thread.sleep(25); // the buffers are freed by the reference-handling thread after the collection
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (int i = 0; i < 4000; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4 + (i % 16) * 4);
            while (b.hasRemaining()) {
                b.put((byte) 0x7f);
            }
            HELD.add(b);
        }
    }

    /** A term that adds nothing and collects the heap where it is computed: after the losses, before backward. */
    private static final LossTerm COLLECTING = new LossTerm() {
        @Override
        public NDArray discriminatorTerm(PhaseTensors t) {
            collectAndOverwrite();
            return null;
        }

        @Override
        public NDArray generatorTerm(PhaseTensors t) {
            collectAndOverwrite();
            return null;
        }
    };

    private static TrainSettings settings(GanLoss loss, float r1, float modeSeeking, DiscriminatorDesign design) {
        return new TrainSettings(8, 2e-4f, 2e-4f, 0.5f, 0.999f, loss, 10f, r1, 1, modeSeeking, design, Augmentation.NONE);
    }

    static Stream<Arguments> objectives() {
        DiscriminatorDesign bn = DiscriminatorDesign.dcgan(true);
        DiscriminatorDesign plain = DiscriminatorDesign.dcgan(false);
        DiscriminatorDesign modern = new DiscriminatorDesign(false, true, DiscriminatorDesign.Conditioning.PROJECTION, true);
        UnaryOperator<GanObjective> same = o -> o;
        UnaryOperator<GanObjective> mimicry = o -> o.plus(new OutputMimicry(2f, AttackSchedule.from(1)).term(1));
        return Stream.of(
                Arguments.of("the default recipe (BCE, mode seeking)", Recipe.SMALL_DATA.defaults(), same),
                Arguments.of("hinge", settings(GanLoss.HINGE, 0f, 0f, bn), same),
                Arguments.of("WGAN-GP", settings(GanLoss.WGAN_GP, 0f, 0f, plain), same),
                Arguments.of("R1 every step", settings(GanLoss.BCE, 1f, 0f, plain), same),
                Arguments.of("spectral norm, projection, minibatch stddev", settings(GanLoss.BCE, 0f, 0f, modern), same),
                Arguments.of("the mimicry attacker's term", Recipe.SMALL_DATA.defaults(), mimicry));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("objectives")
    void stepsDoNotDependOnWhenTheHeapIsCollected(String what, TrainSettings settings, UnaryOperator<GanObjective> extra) {
        try (GanWorkbench wb = new GanWorkbench(GanSpec.of(32, 1, 2, 8), settings)) {
            ModelWeights g0 = wb.initialGenerator(1);
            ModelWeights d0 = wb.initialDiscriminator(2);
            GanObjective objective = extra.apply(wb.objective());
            float[] plain = steps(wb, g0, d0, objective);
            float[] collected = steps(wb, g0, d0, objective.plus(COLLECTING));
            float[] again = steps(wb, g0, d0, objective);
            assertArrayEquals(plain, again, what + ": two runs of the same steps differ even without collections");
            int differ = 0;
            for (int i = 0; i < plain.length; i++) {
                if (Float.floatToIntBits(plain[i]) != Float.floatToIntBits(collected[i])) {
                    differ++;
                }
            }
            assertEquals(0, differ, what + ": " + differ + " of " + plain.length + " weights changed when the heap was"
                    + " collected between forward and backward (a backward pass read freed memory)");
        } finally {
            HELD.clear();
        }
    }

    /** Three local steps from the given weights (the mimicry anchor is the starting generator): G's and D's weights after. */
    private static float[] steps(GanWorkbench wb, ModelWeights g0, ModelWeights d0, GanObjective objective) {
        wb.loadGenerator(g0);
        wb.loadAnchor(g0);
        wb.loadDiscriminator(d0);
        wb.loadOptimizers(null, null);
        wb.train(GanWorkbenchTest.randomSource(1, 32, 64), 3, new Random(3), objective);
        HELD.clear();
        float[] g = wb.generatorWeights().flatten();
        float[] d = wb.discriminatorWeights().flatten();
        float[] out = Arrays.copyOf(g, g.length + d.length);
        System.arraycopy(d, 0, out, g.length, d.length);
        return out;
    }
}
