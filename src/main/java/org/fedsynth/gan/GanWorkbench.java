package org.fedsynth.gan;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.fedsynth.fl.LocalStats;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.Tensor;

/**
 * One generator and one discriminator in native memory, with their optimizers, on which clients
 * take turns: load a client's weights and optimizer state, train its local steps, export the
 * result. Because DJL allows one gradient collector per JVM, simulated clients in one process
 * train one after another on a single workbench, and native memory stays flat however many
 * clients there are.
 *
 * <p>Every NDArray created by a step lives in a per-step sub-manager closed at the end of the step.
 */
public final class GanWorkbench implements AutoCloseable {

    private final GanSpec spec;
    private final TrainSettings settings;
    private final NDManager root;
    private final ConditionalGenerator generator;
    private final ConditionalDiscriminator discriminator;
    private final Map<String, Parameter> gTrainable;
    private final Map<String, Parameter> dTrainable;
    private final AdamOptimizer optG;
    private final AdamOptimizer optD;

    /** Builds and initializes both networks (weights are then replaced by {@link #loadGenerator}). */
    public GanWorkbench(GanSpec spec, TrainSettings settings) {
        this.spec = spec;
        this.settings = settings;
        this.root = NDManager.newBaseManager();
        this.generator = new ConditionalGenerator(spec);
        this.discriminator = new ConditionalDiscriminator(spec, settings.loss() != GanLoss.WGAN_GP);
        generator.initialize(root, DataType.FLOAT32, new Shape(2, spec.zDim()), new Shape(2, spec.numClasses()));
        discriminator.initialize(root, DataType.FLOAT32,
                new Shape(2, spec.channels(), spec.resolution(), spec.resolution()), new Shape(2, spec.numClasses()));
        this.gTrainable = trainable(generator);
        this.dTrainable = trainable(discriminator);
        this.optG = new AdamOptimizer(root, gTrainable, settings.lrG(), settings.beta1(), settings.beta2());
        this.optD = new AdamOptimizer(root, dTrainable, settings.lrD(), settings.beta1(), settings.beta2());
    }

    private static Map<String, Parameter> trainable(Block block) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (var p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                out.put(p.getKey(), p.getValue());
            }
        }
        return out;
    }

    /** The architecture. */
    public GanSpec spec() {
        return spec;
    }

    /** The training settings. */
    public TrainSettings settings() {
        return settings;
    }

    // ---------------------------------------------------------------- weights in and out

    /**
     * Fresh generator weights with DCGAN initialization (Radford et al. 2016): convolutions
     * N(0, 0.02), BatchNorm scale N(1, 0.02) and shift 0, label embedding N(0, 1).
     */
    public ModelWeights initialGenerator(long seed) {
        return initial(generator, seed);
    }

    /** Fresh discriminator weights with DCGAN initialization. */
    public ModelWeights initialDiscriminator(long seed) {
        return initial(discriminator, seed);
    }

    private static ModelWeights initial(Block block, long seed) {
        Random rng = new Random(seed);
        List<Tensor> out = new ArrayList<>();
        for (var p : block.getParameters()) {
            Parameter param = p.getValue();
            long[] shape = param.getArray().getShape().getShape();
            float[] v = new float[Math.toIntExact(param.getArray().size())];
            switch (param.getType()) {
                case GAMMA -> fillGaussian(v, rng, 1f, 0.02f);
                case RUNNING_VAR -> java.util.Arrays.fill(v, 1f);
                case BETA, RUNNING_MEAN, BIAS -> { }
                default -> fillGaussian(v, rng, 0f, p.getKey().contains("embed") ? 1f : 0.02f);
            }
            out.add(new Tensor(p.getKey(), shape, v));
        }
        return new ModelWeights(out);
    }

    private static void fillGaussian(float[] v, Random rng, float mean, float sd) {
        for (int i = 0; i < v.length; i++) {
            v[i] = mean + sd * (float) rng.nextGaussian();
        }
    }

    /** Copies generator weights (including BatchNorm running statistics) into the network. */
    public void loadGenerator(ModelWeights w) {
        load(generator, w, "generator");
    }

    /** Copies discriminator weights into the network. */
    public void loadDiscriminator(ModelWeights w) {
        load(discriminator, w, "discriminator");
    }

    /** The generator's current weights, copied out of native memory. */
    public ModelWeights generatorWeights() {
        return export(generator);
    }

    /** The discriminator's current weights, copied out of native memory. */
    public ModelWeights discriminatorWeights() {
        return export(discriminator);
    }

    /** The generator optimizer's state. */
    public AdamState generatorOptimizer() {
        return optG.export();
    }

    /** The discriminator optimizer's state. */
    public AdamState discriminatorOptimizer() {
        return optD.export();
    }

    /** Loads both optimizers' states, or resets them to fresh ones where a state is {@code null}. */
    public void loadOptimizers(AdamState g, AdamState d) {
        if (g == null) {
            optG.reset();
        } else {
            optG.load(g);
        }
        if (d == null) {
            optD.reset();
        } else {
            optD.load(d);
        }
    }

    private static void load(Block block, ModelWeights w, String what) {
        var params = block.getParameters();
        if (params.size() != w.size()) {
            throw new IllegalArgumentException(what + ": expected " + params.size() + " tensors, found " + w.size()
                    + " (was the checkpoint made with another resolution, channel count or class count?)");
        }
        for (var p : params) {
            Tensor t = w.get(p.getKey());
            NDArray a = p.getValue().getArray();
            if (!java.util.Arrays.equals(t.shape(), a.getShape().getShape())) {
                throw new IllegalArgumentException(what + " tensor " + p.getKey() + ": expected shape "
                        + a.getShape() + ", found " + java.util.Arrays.toString(t.shape()));
            }
            a.set(FloatBuffer.wrap(t.data()));
        }
    }

    private static ModelWeights export(Block block) {
        List<Tensor> out = new ArrayList<>();
        for (var p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            out.add(new Tensor(p.getKey(), a.getShape().getShape(), a.toFloatArray()));
        }
        return new ModelWeights(out);
    }

    // ---------------------------------------------------------------- training

    /**
     * Runs {@code steps} local steps on the loaded weights. Each step is one discriminator update on
     * a real and a fake batch, then one generator update through the same fake batch. Fake labels
     * are the real batch's labels, so fakes follow the client's label distribution (the recipe
     * that keeps D from winning on imbalanced data).
     *
     * @param source the client's real batches
     * @param steps number of local steps
     * @param rng randomness for batches and noise
     * @return the round's losses
     */
    public LocalStats train(BatchSource source, int steps, Random rng) {
        double sumG = 0;
        double sumD = 0;
        double lastG = Double.NaN;
        double lastD = Double.NaN;
        for (int s = 0; s < steps; s++) {
            RealBatch batch = source.next(settings.batchSize(), rng);
            float[] z = gaussian(batch.size() * spec.zDim(), rng);
            float[] eps = null;
            if (settings.loss() == GanLoss.WGAN_GP) {
                eps = new float[batch.size()];
                for (int i = 0; i < eps.length; i++) {
                    eps[i] = rng.nextFloat();
                }
            }
            float[] losses = step(batch, z, eps);
            lastD = losses[0];
            lastG = losses[1];
            if (!Double.isFinite(lastD) || !Double.isFinite(lastG)) {
                throw new IllegalStateException("local training diverged at step " + (s + 1) + ": lossD=" + lastD
                        + ", lossG=" + lastG + " (try a lower learning rate)");
            }
            sumD += lastD;
            sumG += lastG;
        }
        return new LocalStats(sumG / steps, lastG, sumD / steps, lastD, steps);
    }

    /**
     * One local step on a given real batch and noise: returns {@code {lossD, lossG}}. Exposed so
     * tests and benchmarks can drive exact steps. {@code eps} holds the WGAN-GP interpolation
     * factors, one per image (ignored, and may be {@code null}, for BCE).
     */
    public float[] step(RealBatch batch, float[] z, float[] eps) {
        int b = batch.size();
        int res = spec.resolution();
        try (NDManager m = root.newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            NDArray real = m.create(batch.pixels(), new Shape(b, spec.channels(), res, res));
            NDArray onehot = m.create(oneHot(batch.labels(), spec.numClasses()), new Shape(b, spec.numClasses()));
            NDArray noise = m.create(z, new Shape(b, spec.zDim()));
            float lossD;
            float lossG;
            NDArray fake;
            // Phase D: update the discriminator on real and (detached) fake images.
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                fake = generator.forward(ps, new NDList(noise, onehot), true).singletonOrThrow();
                NDArray fakeDetached = fake.stopGradient();
                NDArray dReal = discriminator.forward(ps, new NDList(real, onehot), true).singletonOrThrow();
                NDArray dFake = discriminator.forward(ps, new NDList(fakeDetached, onehot), true).singletonOrThrow();
                NDArray loss;
                if (settings.loss() == GanLoss.WGAN_GP) {
                    NDArray gp = gradientPenalty(m, ps, real, fakeDetached, onehot, eps);
                    loss = dFake.mean().sub(dReal.mean()).add(gp.mul(settings.gpLambda()));
                } else {
                    loss = dReal.neg().getNDArrayInternal().softPlus().mean()
                            .add(dFake.getNDArrayInternal().softPlus().mean());
                }
                gc.backward(loss);
                lossD = loss.getFloat();
            }
            optD.step();
            // Phase G: update the generator through the same fake batch, with D frozen.
            setRequiresGrad(dTrainable, false);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray dFake = discriminator.forward(ps, new NDList(fake, onehot), true).singletonOrThrow();
                NDArray loss = settings.loss() == GanLoss.WGAN_GP
                        ? dFake.mean().neg()
                        : dFake.neg().getNDArrayInternal().softPlus().mean();
                gc.backward(loss);
                lossG = loss.getFloat();
            } finally {
                setRequiresGrad(dTrainable, true);
            }
            optG.step();
            return new float[] {lossD, lossG};
        }
    }

    /**
     * The WGAN-GP penalty {@code E[(||grad_x D(x_hat)||_2 - 1)^2]} on random interpolates between
     * real and fake images of the same label (Gulrajani et al. 2017). Needs a second-order graph,
     * which DJL exposes only through the PyTorch JNI.
     */
    private NDArray gradientPenalty(NDManager m, ParameterStore ps, NDArray real, NDArray fake, NDArray onehot, float[] e) {
        long b = real.getShape().get(0);
        NDArray eps = m.create(e, new Shape(b, 1, 1, 1));
        NDArray xHat = real.mul(eps).add(fake.mul(eps.neg().add(1f))).stopGradient();
        xHat.setRequiresGradient(true);
        NDArray out = discriminator.forward(ps, new NDList(xHat, onehot), true).singletonOrThrow().sum();
        JniUtils.backward((PtNDArray) out, (PtNDArray) m.ones(out.getShape()), true, true);
        NDArray grad = xHat.getGradient();
        for (Parameter p : dTrainable.values()) {
            JniUtils.zeroGrad((PtNDArray) p.getArray());
        }
        NDArray norm = grad.reshape(b, -1).square().sum(new int[] {1}).add(1e-12f).sqrt();
        return norm.sub(1f).square().mean();
    }

    private static void setRequiresGrad(Map<String, Parameter> params, boolean on) {
        for (Parameter p : params.values()) {
            p.getArray().setRequiresGradient(on);
        }
    }

    /**
     * Generates images for the given noise and labels with the generator in inference mode
     * (BatchNorm uses running statistics). Returns {@code B*C*H*W} values in [-1, 1].
     */
    public float[] generate(float[] z, int[] labels) {
        return generate(z, labels, false);
    }

    /**
     * Generates images; with {@code batchStatistics} BatchNorm normalizes with the statistics of this
     * batch instead of the running ones (and updates the running statistics, which the caller
     * reloads). Comparing generators on one noise batch this way compares their learned weights
     * only, not the running statistics their last local batches left behind.
     */
    public float[] generate(float[] z, int[] labels, boolean batchStatistics) {
        int b = labels.length;
        try (NDManager m = root.newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            NDArray noise = m.create(z, new Shape(b, spec.zDim()));
            NDArray onehot = m.create(oneHot(labels, spec.numClasses()), new Shape(b, spec.numClasses()));
            return generator.forward(ps, new NDList(noise, onehot), batchStatistics).singletonOrThrow().toFloatArray();
        }
    }

    /** Standard-normal noise from {@code rng}. */
    public static float[] gaussian(int n, Random rng) {
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
            z[i] = (float) rng.nextGaussian();
        }
        return z;
    }

    static float[] oneHot(int[] labels, int k) {
        float[] out = new float[labels.length * k];
        for (int i = 0; i < labels.length; i++) {
            out[i * k + labels[i]] = 1f;
        }
        return out;
    }

    /** Number of NDArrays alive in the workbench's managers (for leak tests: constant across steps). */
    int liveArrays() {
        return root.getManagedArrays().size();
    }

    @Override
    public void close() {
        optG.close();
        optD.close();
        root.close();
    }
}
