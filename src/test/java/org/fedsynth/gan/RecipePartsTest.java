package org.fedsynth.gan;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.fedsynth.fl.LocalStats;
import org.junit.jupiter.api.Test;

/** The parts of the small-data recipe, each against a value worked out by hand or by a reference. */
class RecipePartsTest {

    static final DiscriminatorDesign SNGAN_D =
            new DiscriminatorDesign(false, true, DiscriminatorDesign.Conditioning.PROJECTION, true);
    static final Augmentation ALL_AUGMENTATIONS = new Augmentation(true, true, true, 1f);

    private static float[] randn(int n, long seed) {
        return GanWorkbench.gaussian(n, new Random(seed));
    }

    private static PhaseTensors scores(NDManager m, float[] real, float[] fake) {
        return new PhaseTensors(m, null, null, null, m.create(real), m.create(fake), null, null, null);
    }

    @Test
    void hingeLossByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            PhaseTensors t = scores(m, new float[] {2f, 0.5f, -1f}, new float[] {-2f, 0f, 1f});
            // relu(1 - [2, .5, -1]) = [0, .5, 2] -> 5/6; relu(1 + [-2, 0, 1]) = [0, 1, 2] -> 1.
            assertEquals(5.0 / 6 + 1, new HingeLoss().discriminatorLoss(t).getFloat(), 1e-6);
            assertEquals(1.0 / 3, new HingeLoss().generatorLoss(t).getFloat(), 1e-6);
        }
    }

    /** A critic D(x) = 0.5 |x|^2 has grad_x D = x, so R1 is the batch mean of |x_i|^2. */
    private static Critic quadratic() {
        return new Critic() {
            @Override
            public NDArray score(NDArray images, NDArray onehot) {
                long b = images.getShape().get(0);
                return images.square().reshape(b, -1).sum(new int[] {1}).mul(0.5f);
            }

            @Override
            public void zeroGradients() {}
        };
    }

    @Test
    void r1PenaltyByHandAndItsLazyCoin() {
        float[] x = randn(3 * 4, 5);
        double expected = 0;
        for (int i = 0; i < 3; i++) {
            double s = 0;
            for (int j = 0; j < 4; j++) {
                s += x[i * 4 + j] * x[i * 4 + j];
            }
            expected += s / 3;
        }
        try (NDManager m = NDManager.newBaseManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray real = m.create(x, new Shape(3, 1, 2, 2));
            NDArray dReal = m.create(new float[] {0f, 0f, 0f});
            NDArray dFake = m.create(new float[] {0f, 0f, 0f});
            float hinge = 2f; // relu(1 - 0) + relu(1 + 0)
            for (float[] coin : new float[][] {{0.1f}, {0.3f}}) {
                PhaseTensors t = new PhaseTensors(m, real, null, null, dReal, dFake, coin, quadratic(), null);
                float every4 = new R1Penalty(new HingeLoss(), 2f, 4).discriminatorLoss(t).getFloat();
                // gamma / 2 * every * R1 when the coin falls under 1/4, nothing otherwise.
                assertEquals(coin[0] < 0.25f ? hinge + 4 * expected : hinge, every4, 1e-4, "coin " + coin[0]);
            }
            PhaseTensors t = new PhaseTensors(m, real, null, null, dReal, dFake, new float[] {0.9f}, quadratic(), null);
            assertEquals(hinge + 0.5 * 10 * expected, new R1Penalty(new HingeLoss(), 10f, 1).discriminatorLoss(t).getFloat(),
                    1e-4, "every 1 applies always");
            assertEquals(0f, new R1Penalty(new HingeLoss(), 10f, 1).generatorLoss(t).getFloat(), 1e-6, "G loss is the base's");
        }
        GanObjective wrapped = new R1Penalty(new WganGp(10f), 1f, 4);
        assertEquals(5, wrapped.draws(4, new Random(1)).length, "the base's draws, then the coin");
        assertFalse(wrapped.discriminatorBatchNorm());
        assertThrows(IllegalArgumentException.class, () -> new R1Penalty(new HingeLoss(), 0f, 1));
    }

    /**
     * Four images in two pairs, (0, 2) with the same label and (1, 3) with different labels: only the
     * first pair counts. Its image distance is mean|a - c| = 0.5, its noise distance mean|z0 - z2| = 2.
     */
    @Test
    void modeSeekingTermByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray fake = m.create(new float[] {0f, 0f, 1f, 1f, 0.5f, 0.5f, 9f, 9f}, new Shape(4, 1, 1, 2));
            NDArray noise = m.create(new float[] {0f, 0f, 5f, 5f, 2f, 2f, 0f, 0f}, new Shape(4, 2));
            NDArray onehot = m.create(new float[] {1f, 0f, 1f, 0f, 1f, 0f, 0f, 1f}, new Shape(4, 2));
            PhaseTensors t = new PhaseTensors(m, null, fake, onehot, null, null, null, null, noise);
            float got = new ModeSeeking(2f).generatorTerm(t).getFloat();
            assertEquals(2f / (0.5f / 2f + 1e-5f), got, 1e-3);
            NDArray apart = m.create(new float[] {1f, 0f, 0f, 1f, 0f, 1f, 1f, 0f}, new Shape(4, 2));
            assertNull(new ModeSeeking(2f).generatorTerm(new PhaseTensors(m, null, fake, apart, null, null, null, null,
                    noise)), "no pair shares a label: nothing to add");
            assertNull(new ModeSeeking(2f).discriminatorTerm(t), "G's loss only");
        }
        assertThrows(IllegalArgumentException.class, () -> new ModeSeeking(0f));
    }

    @Test
    void spectralNormMatchesTheLargestSingularValue() {
        try (NDManager m = NDManager.newBaseManager()) {
            SpectralConv2d conv = new SpectralConv2d(6, 2, 1);
            conv.initialize(m, DataType.FLOAT32, new Shape(2, 3, 8, 8));
            float[] w = randn(6 * 3 * 16, 9);
            conv.getParameters().get("weight").getArray().set(w);
            double[][] mat = new double[6][48];
            for (int o = 0; o < 6; o++) {
                for (int k = 0; k < 48; k++) {
                    mat[o][k] = w[o * 48 + k];
                }
            }
            double sigma = new SingularValueDecomposition(new Array2DRowRealMatrix(mat)).getSingularValues()[0];
            NDArray x = m.create(randn(2 * 3 * 8 * 8, 4), new Shape(2, 3, 8, 8));
            NDArray y = null;
            for (int i = 0; i < 60; i++) {
                try (NDManager step = m.newSubManager()) {
                    NDArray xi = x.duplicate();
                    xi.attach(step);
                    NDArray out = conv.forward(new ParameterStore(step, false), new NDList(xi), true).singletonOrThrow();
                    if (i == 59) {
                        y = out.duplicate();
                        y.attach(m);
                    }
                }
            }
            assertEquals(sigma, conv.sigmaEstimate(), 1e-3 * sigma, "power iteration converges to the top singular value");
            NDArray ref = ai.djl.nn.convolutional.Conv2d.conv2d(x, m.create(w, new Shape(6, 3, 4, 4)).div((float) sigma),
                    null, new Shape(2, 2), new Shape(1, 1)).singletonOrThrow();
            assertArrayEquals(ref.toFloatArray(), y.toFloatArray(), 1e-3f, "the output is the convolution with W / sigma");
        }
    }

    private static float[] augmented(float[] x, Shape s, Augmentation a, long seed) {
        try (NDManager m = NDManager.newBaseManager()) {
            return DiffAugment.apply(m.create(x, s), a, new Random(seed)).toFloatArray();
        }
    }

    @Test
    void augmentationIsTheIdentityAtStrengthZero() {
        Shape s = new Shape(4, 3, 16, 16);
        float[] x = randn(4 * 3 * 256, 2);
        assertArrayEquals(x, augmented(x, s, new Augmentation(true, true, true, 0f), 1));
        assertArrayEquals(x, augmented(x, s, Augmentation.NONE, 1));
        assertFalse(java.util.Arrays.equals(x, augmented(x, s, new Augmentation(true, true, true, 1f), 1)));
    }

    @Test
    void translationMovesAPixelByAtMostAnEighthOfTheSide() {
        Shape s = new Shape(8, 1, 32, 32);
        float[] x = new float[8 * 32 * 32];
        for (int i = 0; i < 8; i++) {
            x[i * 1024 + 16 * 32 + 16] = 1f;
        }
        float[] y = augmented(x, s, new Augmentation(true, false, false, 1f), 3);
        boolean moved = false;
        for (int i = 0; i < 8; i++) {
            int at = -1;
            double sum = 0;
            for (int j = 0; j < 1024; j++) {
                sum += y[i * 1024 + j];
                if (y[i * 1024 + j] == 1f) {
                    at = j;
                }
            }
            assertEquals(1.0, sum, 1e-6, "a shift keeps the centre pixel inside the image");
            int dy = at / 32 - 16;
            int dx = at % 32 - 16;
            assertTrue(Math.abs(dy) <= 4 && Math.abs(dx) <= 4, "shift " + dy + ", " + dx);
            moved |= dy != 0 || dx != 0;
        }
        assertTrue(moved);
    }

    /**
     * For a fixed draw every transform is affine in the image, {@code f(x) = A x + c}, so the gradient
     * of {@code <r, f(x)>} is {@code A^T r} and must predict {@code <r, f(x + d) - f(x)>} exactly.
     */
    @Test
    void augmentationIsDifferentiableThroughEveryTransform() {
        Shape s = new Shape(3, 3, 16, 16);
        int n = 3 * 3 * 256;
        float[] x = randn(n, 1);
        float[] r = randn(n, 2);
        float[] d = randn(n, 3);
        Augmentation all = new Augmentation(true, true, true, 1f);
        float[] grad;
        try (NDManager m = NDManager.newBaseManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray xa = m.create(x, s);
            xa.setRequiresGradient(true);
            NDArray loss = DiffAugment.apply(xa, all, new Random(8)).mul(m.create(r, s)).sum();
            gc.backward(loss);
            grad = xa.getGradient().toFloatArray();
        }
        float[] xd = new float[n];
        for (int i = 0; i < n; i++) {
            xd[i] = x[i] + d[i];
        }
        float[] f0 = augmented(x, s, all, 8);
        float[] f1 = augmented(xd, s, all, 8);
        double predicted = 0;
        double actual = 0;
        double gnorm = 0;
        for (int i = 0; i < n; i++) {
            predicted += grad[i] * d[i];
            actual += r[i] * (f1[i] - f0[i]);
            gnorm += grad[i] * grad[i];
        }
        assertTrue(gnorm > 1, "gradient reaches the input");
        assertEquals(actual, predicted, 1e-3 * Math.abs(actual) + 1e-2);
    }

    @Test
    void minibatchStddevSeesABatchOfCopies() {
        try (NDManager m = NDManager.newBaseManager()) {
            MinibatchStddev layer = new MinibatchStddev();
            float[] one = randn(2 * 4 * 4, 1);
            float[] copies = new float[4 * one.length];
            for (int i = 0; i < 4; i++) {
                System.arraycopy(one, 0, copies, i * one.length, one.length);
            }
            ParameterStore ps = new ParameterStore(m, false);
            NDArray same = layer.forward(ps, new NDList(m.create(copies, new Shape(4, 2, 4, 4))), true).singletonOrThrow();
            assertEquals(new Shape(4, 3, 4, 4), same.getShape());
            assertEquals(1e-4, same.get(":, 2").max().getFloat(), 1e-6, "sqrt(0 + 1e-8)");
            NDArray varied = layer.forward(ps, new NDList(m.create(randn(copies.length, 2), new Shape(4, 2, 4, 4))), true)
                    .singletonOrThrow();
            float sd = varied.get(":, 2").max().getFloat();
            assertTrue(sd > 0.5 && sd < 1.5, "unit Gaussians have a standard deviation near 1, found " + sd);
        }
    }

    @Test
    void theSmallDataDiscriminatorTrainsWithoutLeaksAndUsesTheLabel() {
        GanSpec spec = GanSpec.of(32, 1, 2, 8);
        TrainSettings sd = new TrainSettings(8, 2e-4f, 4e-4f, 0.5f, 0.999f, GanLoss.HINGE, 10f, 1f, 2, 1f,
                SNGAN_D, ALL_AUGMENTATIONS);
        try (GanWorkbench wb = new GanWorkbench(spec, sd)) {
            wb.loadGenerator(wb.initialGenerator(1));
            wb.loadDiscriminator(wb.initialDiscriminator(2));
            assertTrue(wb.discriminatorWeights().names().stream().anyMatch(k -> k.contains("projection")));
            BatchSource src = GanWorkbenchTest.randomSource(1, 32, 32);
            wb.train(src, 1, new Random(1));
            int before = wb.liveArrays();
            float[] d0 = wb.discriminatorWeights().flatten();
            LocalStats st = wb.train(src, 4, new Random(2));
            assertEquals(before, wb.liveArrays(), "NDArrays leaked into long-lived managers");
            assertTrue(Double.isFinite(st.lossDMean()) && Double.isFinite(st.lossGMean()));
            assertFalse(java.util.Arrays.equals(d0, wb.discriminatorWeights().flatten()), "D moved");
        }
    }

    @Test
    void aStepIsReproducibleFromItsSeeds() {
        GanSpec spec = GanSpec.of(32, 1, 2, 8);
        TrainSettings sd = new TrainSettings(4, 2e-4f, 4e-4f, 0.5f, 0.999f, GanLoss.HINGE, 10f, 0f, 1, 1f,
                SNGAN_D, ALL_AUGMENTATIONS);
        float[][] g = new float[3][];
        for (int run = 0; run < 3; run++) {
            try (GanWorkbench wb = new GanWorkbench(spec, sd)) {
                wb.loadGenerator(wb.initialGenerator(1));
                wb.loadDiscriminator(wb.initialDiscriminator(2));
                wb.train(GanWorkbenchTest.randomSource(1, 32, 16), 2, new Random(run == 2 ? 8 : 7));
                g[run] = wb.generatorWeights().flatten();
            }
        }
        assertArrayEquals(g[0], g[1]);
        assertFalse(java.util.Arrays.equals(g[0], g[2]));
    }

    @Test
    void aBatchNormDiscriminatorCannotTakeAPerImagePenalty() {
        assertThrows(IllegalArgumentException.class, () -> new TrainSettings(4, 2e-4f, 2e-4f, 0.5f, 0.999f,
                GanLoss.BCE, 10f, 1f, 1, 0f, DiscriminatorDesign.dcgan(true), Augmentation.NONE));
    }
}
