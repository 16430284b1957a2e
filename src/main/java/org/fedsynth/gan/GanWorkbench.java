package org.fedsynth.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.fedsynth.fl.LocalStats;
import org.fedsynth.fl.ModelWeights;

/**
 * One generator and one discriminator in native memory, with their optimizers, on which clients
 * take turns: load a client's weights and optimizer state, train its local steps, export the
 * result. Because DJL allows one gradient collector per JVM, simulated clients in one process
 * train one after another on a single workbench, and native memory stays flat however many
 * clients there are.
 *
 * <p>The workbench runs a step's {@link Phase}s (data: which network a phase updates, how it sees
 * the fake batch) and asks a {@link GanObjective} for each phase's loss; it holds no loss of its
 * own, so a new recipe is a new objective or phase list, not an edit of the step loop. Weight I/O
 * is in {@link NetworkWeights}. (The class is one job, the networks and optimizers in native
 * memory and the phase loop over them; its length is the javadoc of that API.)
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
    private final GanObjective objective;
    private final List<Phase> phases;
    /** The frozen copy of the round's global generator for client terms that compare against it; built on first use. */
    private ConditionalGenerator anchor;
    private boolean anchorLoaded;

    /**
     * Builds and initializes both networks (weights are then replaced by {@link #loadGenerator}) for
     * the objective {@code training.loss} selects and the DCGAN step.
     */
    public GanWorkbench(GanSpec spec, TrainSettings settings) {
        this(spec, settings, GanObjective.of(settings), Phase.DCGAN_STEP);
    }

    /**
     * Builds and initializes both networks for a given objective and step.
     *
     * @param objective the default loss of {@link #train} (it must permit the discriminator {@code settings} design)
     * @param phases the phases of every local step, in order (at least one)
     */
    public GanWorkbench(GanSpec spec, TrainSettings settings, GanObjective objective, List<Phase> phases) {
        if (phases.isEmpty()) {
            throw new IllegalArgumentException("a local step needs at least one phase");
        }
        this.spec = spec;
        this.settings = settings;
        this.phases = List.copyOf(phases);
        this.root = NDManager.newBaseManager();
        this.generator = new ConditionalGenerator(spec);
        this.objective = objective;
        this.discriminator = new ConditionalDiscriminator(spec, settings.design());
        checkCompatible(objective);
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

    /** The objective {@code training.loss} selects (the default of {@link #train}). */
    public GanObjective objective() {
        return objective;
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
        return NetworkWeights.initial(generator, seed);
    }

    /** Fresh discriminator weights with DCGAN initialization. */
    public ModelWeights initialDiscriminator(long seed) {
        return NetworkWeights.initial(discriminator, seed);
    }

    /** Copies generator weights (including BatchNorm running statistics) into the network. */
    public void loadGenerator(ModelWeights w) {
        NetworkWeights.load(generator, w, "generator");
    }

    /**
     * Loads {@code w} into the frozen anchor generator that {@link PhaseTensors#anchor} evaluates (built on
     * first use; its parameters never get gradients).
     */
    public void loadAnchor(ModelWeights w) {
        if (anchor == null) {
            anchor = new ConditionalGenerator(spec);
            anchor.initialize(root, DataType.FLOAT32, new Shape(2, spec.zDim()), new Shape(2, spec.numClasses()));
        }
        NetworkWeights.load(anchor, w, "anchor generator");
        for (var p : anchor.getParameters()) {
            p.getValue().getArray().setRequiresGradient(false);
        }
        anchorLoaded = true;
    }

    /** Steps without an anchor ({@link PhaseTensors#anchor} is {@code null}). */
    public void clearAnchor() {
        anchorLoaded = false;
    }

    /** Copies discriminator weights into the network. */
    public void loadDiscriminator(ModelWeights w) {
        NetworkWeights.load(discriminator, w, "discriminator");
    }

    /** The generator's current weights, copied out of native memory. */
    public ModelWeights generatorWeights() {
        return NetworkWeights.export(generator);
    }

    /** The discriminator's current weights, copied out of native memory. */
    public ModelWeights discriminatorWeights() {
        return NetworkWeights.export(discriminator);
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

    // ---------------------------------------------------------------- training

    /**
     * Runs {@code steps} local steps on the loaded weights with the configured objective (see
     * {@link #train(BatchSource, int, Random, GanObjective)}).
     */
    public LocalStats train(BatchSource source, int steps, Random rng) {
        return train(source, steps, rng, objective);
    }

    /**
     * Runs {@code steps} local steps on the loaded weights. Each step runs the {@link #phases()}: one
     * discriminator update on a real and a fake batch, then one generator update through the same
     * fake batch. Fake labels are the real batch's labels, so fakes follow the client's label
     * distribution (the recipe that keeps D from winning on imbalanced data). Per step the stream
     * {@code rng} gives the real batch, then the noise, then the objective's draws, then (only when
     * the settings augment) the seed of the step's augmentations.
     *
     * @param source the client's real batches
     * @param steps number of local steps
     * @param rng randomness for batches and noise
     * @param objective the loss (the configured one, possibly with a client's {@link LossTerm} added)
     * @return the round's losses
     * @throws IllegalArgumentException if {@code objective} needs another discriminator architecture
     */
    public LocalStats train(BatchSource source, int steps, Random rng, GanObjective objective) {
        checkCompatible(objective);
        double sumG = 0;
        double sumD = 0;
        double lastG = Double.NaN;
        double lastD = Double.NaN;
        for (int s = 0; s < steps; s++) {
            RealBatch batch = source.next(settings.batchSize(), rng);
            float[] z = gaussian(batch.size() * spec.zDim(), rng);
            float[] draws = objective.draws(batch.size(), rng);
            long augmentSeed = settings.augmentation().active() ? rng.nextLong() : 0L;
            int[] fakeLabels = settings.balancedFakeLabels() ? balancedLabels(batch.size(), source.classesHeld(), rng)
                    : null;
            float[] losses = step(batch, z, draws, augmentSeed, objective, fakeLabels);
            lastD = losses[0];
            lastG = losses[1];
            if (!Double.isFinite(lastD) || !Double.isFinite(lastG)) {
                throw new TrainingDivergedException(s + 1, lastD, lastG);
            }
            sumD += lastD;
            sumG += lastG;
        }
        return new LocalStats(sumG / steps, lastG, sumD / steps, lastD, steps);
    }

    /**
     * One local step on a given real batch and noise with the configured objective: returns
     * {@code {lossD, lossG}}. Exposed so tests and benchmarks can drive exact steps. {@code draws}
     * holds the objective's draws (WGAN-GP: one interpolation factor per image; ignored, and may be
     * {@code null}, for BCE).
     */
    public float[] step(RealBatch batch, float[] z, float[] draws) {
        return step(batch, z, draws, 0L, objective, null);
    }

    /**
     * One local step as {@link #step(RealBatch, float[], float[])}, with the seed of the step's
     * augmentations: every image D scores in the step goes through its own draw of
     * {@code settings.augmentation()} from {@code new Random(augmentSeed)}, in scoring order.
     */
    public float[] step(RealBatch batch, float[] z, float[] draws, long augmentSeed) {
        return step(batch, z, draws, augmentSeed, objective, null);
    }

    /**
     * {@code b} labels drawn uniformly from {@code classes} (every class of the model when null), for
     * {@code training.fake_labels: balanced}: the labels of the fakes the generator's update is computed on,
     * so that a generator trained on a skewed class mix still learns its rare classes (the discriminator's
     * fakes keep the real batch's labels). Drawn from the step's stream after everything else.
     */
    int[] balancedLabels(int b, int[] classes, Random rng) {
        int[] pool = classes != null && classes.length > 0 ? classes
                : java.util.stream.IntStream.range(0, spec.numClasses()).toArray();
        int[] out = new int[b];
        for (int i = 0; i < b; i++) {
            out[i] = pool[rng.nextInt(pool.length)];
        }
        return out;
    }

    /** One step; {@code fakeLabels} null means the fakes take the real batch's labels. */
    private float[] step(RealBatch batch, float[] z, float[] draws, long augmentSeed, GanObjective obj, int[] fakeLabels) {
        EngineThreads.fit();
        int b = batch.size();
        int res = spec.resolution();
        float[] losses = {Float.NaN, Float.NaN};
        try (NDManager m = root.newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            NDArray real = m.create(batch.pixels(), new Shape(b, spec.channels(), res, res));
            NDArray onehot = m.create(oneHot(batch.labels(), spec.numClasses()), new Shape(b, spec.numClasses()));
            NDArray fakeOnehot = fakeLabels == null ? onehot
                    : m.create(oneHot(fakeLabels, spec.numClasses()), new Shape(b, spec.numClasses()));
            NDArray noise = m.create(z, new Shape(b, spec.zDim()));
            Augmentation augment = settings.augmentation();
            Random augmentRng = augment.active() ? new Random(augmentSeed) : null;
            Critic critic = new Critic() {
                @Override
                public NDArray score(NDArray images, NDArray labels) {
                    NDArray seen = augment.active() ? DiffAugment.apply(images, augment, augmentRng) : images;
                    return discriminator.forward(ps, new NDList(seen, labels), true).singletonOrThrow();
                }

                @Override
                public void zeroGradients() {
                    for (Parameter p : dTrainable.values()) {
                        JniUtils.zeroGrad((PtNDArray) p.getArray());
                    }
                }
            };
            // The discriminator always judges fakes made for the real batch's labels, so it cannot tell a fake by its
            // label's frequency; with balanced fake labels the generator's update is on fakes of uniformly drawn classes.
            NDArray fake = null;
            NDArray balancedFake = null;
            for (Phase phase : phases) {
                boolean updatesD = phase.updates() == Phase.Network.DISCRIMINATOR;
                NDArray labelsOfFake = updatesD ? onehot : fakeOnehot;
                if (!updatesD) {
                    setRequiresGrad(dTrainable, false);
                }
                try (GradientScope gc = new GradientScope()) {
                    NDArray f;
                    if (labelsOfFake == onehot) {
                        if (fake == null) {
                            fake = generator.forward(ps, new NDList(noise, onehot), true).singletonOrThrow();
                        }
                        f = fake;
                    } else {
                        if (balancedFake == null) {
                            balancedFake = generator.forward(ps, new NDList(noise, fakeOnehot), true).singletonOrThrow();
                        }
                        f = balancedFake;
                    }
                    NDArray input = updatesD ? f.stopGradient() : f;
                    NDArray dReal = phase.scoresReal() ? critic.score(real, onehot) : null;
                    NDArray dFake = critic.score(input, labelsOfFake);
                    PhaseTensors t = new PhaseTensors(m, real, input, onehot, dReal, dFake, draws, critic, noise, labelsOfFake,
                            anchorOf(ps));
                    NDArray loss = updatesD ? obj.discriminatorLoss(t) : obj.generatorLoss(t);
                    gc.backward(loss);
                    losses[updatesD ? 0 : 1] = loss.getFloat();
                } finally {
                    if (!updatesD) {
                        setRequiresGrad(dTrainable, true);
                    }
                }
                (updatesD ? optD : optG).step();
            }
            return losses;
        }
    }

    /** The anchor of a step, or {@code null} when none is loaded. */
    private PhaseTensors.Anchor anchorOf(ParameterStore ps) {
        if (!anchorLoaded) {
            return null;
        }
        return (z, onehot) -> anchor.forward(ps, new NDList(z, onehot), true).singletonOrThrow().stopGradient();
    }

    /** The phases of one local step, in order. */
    public List<Phase> phases() {
        return phases;
    }

    private void checkCompatible(GanObjective obj) {
        if (settings.design().batchNorm() && !obj.discriminatorBatchNorm()) {
            throw new IllegalArgumentException("the objective needs a discriminator without BatchNorm; this workbench"
                    + " was built with one (for " + settings.loss() + ")");
        }
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
            return GradientScope.withoutRecording(() ->
                    generator.forward(ps, new NDList(noise, onehot), batchStatistics).singletonOrThrow().toFloatArray());
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
