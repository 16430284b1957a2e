package org.fedsynth.eval.features;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.fedsynth.data.ImageSet;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.Tensor;
import org.fedsynth.gan.EngineThreads;

/**
 * A small CNN image classifier ({@link CnnSpec}) in native memory: the domain evaluator's feature
 * network and the utility study's diagnostic classifier. Trained with Adam on cross-entropy over
 * seeded minibatches; weights are initialised in Java from a seed (He normal), so training is
 * reproducible. Every step's arrays live in a sub-manager closed at the end of the step.
 *
 * <p>Not thread-safe; DJL allows one gradient collector per JVM, so train one at a time.
 *
 * <p>Longer than most classes here because it is one network and its whole life (weights in and out,
 * training, inference); its parts share the same native blocks and would only pass them around if split.
 */
public final class CnnClassifier implements AutoCloseable {

    /** Images per inference batch. */
    private static final int INFER_BATCH = 256;

    private final CnnSpec spec;
    private final NDManager root;
    private final SequentialBlock body;
    private final Linear head;

    /** Builds the network with weights from {@code seed}. */
    public CnnClassifier(CnnSpec spec, long seed) {
        this.spec = spec;
        this.root = NDManager.newBaseManager();
        int w = spec.width();
        this.body = new SequentialBlock()
                .add(conv(w, true)).add(Activation.leakyReluBlock(0.2f))
                .add(conv(2 * w, false)).add(BatchNorm.builder().build()).add(Activation.leakyReluBlock(0.2f))
                .add(conv(4 * w, false)).add(BatchNorm.builder().build()).add(Activation.leakyReluBlock(0.2f))
                .add(Pool.globalAvgPool2dBlock());
        this.head = Linear.builder().setUnits(spec.numClasses()).build();
        int r = spec.resolution();
        body.initialize(root, DataType.FLOAT32, new Shape(2, spec.channels(), r, r));
        head.initialize(root, DataType.FLOAT32, new Shape(2, spec.featureDims()));
        load(initialWeights(seed));
    }

    private static Block conv(int filters, boolean bias) {
        return Conv2d.builder().setKernelShape(new Shape(4, 4)).optStride(new Shape(2, 2)).optPadding(new Shape(1, 1))
                .setFilters(filters).optBias(bias).build();
    }

    /** The architecture. */
    public CnnSpec spec() {
        return spec;
    }

    private List<Parameter> parameters() {
        List<Parameter> out = new ArrayList<>();
        body.getParameters().forEach(p -> out.add(p.getValue()));
        head.getParameters().forEach(p -> out.add(p.getValue()));
        return out;
    }

    private List<String> names() {
        List<String> out = new ArrayList<>();
        body.getParameters().forEach(p -> out.add("body." + p.getKey()));
        head.getParameters().forEach(p -> out.add("head." + p.getKey()));
        return out;
    }

    /** He-normal weights ({@code sd = sqrt(2 / fan_in)}), zero biases, BatchNorm scale 1, from {@code seed}. */
    private ModelWeights initialWeights(long seed) {
        Random rng = new Random(seed);
        List<Parameter> ps = parameters();
        List<String> ns = names();
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            Parameter p = ps.get(i);
            long[] shape = p.getArray().getShape().getShape();
            float[] v = new float[Math.toIntExact(p.getArray().size())];
            switch (p.getType()) {
                case GAMMA, RUNNING_VAR -> Arrays.fill(v, 1f);
                case BETA, RUNNING_MEAN, BIAS -> { }
                default -> {
                    long fanIn = 1;
                    for (int k = 1; k < shape.length; k++) {
                        fanIn *= shape[k];
                    }
                    double sd = Math.sqrt(2.0 / fanIn);
                    for (int k = 0; k < v.length; k++) {
                        v[k] = (float) (sd * rng.nextGaussian());
                    }
                }
            }
            out.add(new Tensor(ns.get(i), shape, v));
        }
        return new ModelWeights(out);
    }

    /** Copies weights (BatchNorm running statistics included) into the network; layouts must match. */
    public void load(ModelWeights w) {
        List<Parameter> ps = parameters();
        List<String> ns = names();
        if (w.size() != ps.size()) {
            throw new IllegalArgumentException("classifier weights: expected " + ps.size() + " tensors, found " + w.size()
                    + " (saved with another architecture?)");
        }
        for (int i = 0; i < ps.size(); i++) {
            Tensor t = w.get(ns.get(i));
            NDArray a = ps.get(i).getArray();
            if (!Arrays.equals(t.shape(), a.getShape().getShape())) {
                throw new IllegalArgumentException("classifier tensor " + ns.get(i) + ": expected shape " + a.getShape()
                        + ", found " + Arrays.toString(t.shape()));
            }
            a.set(FloatBuffer.wrap(t.data()));
        }
    }

    /** The current weights, copied out of native memory. */
    public ModelWeights weights() {
        List<Parameter> ps = parameters();
        List<String> ns = names();
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            NDArray a = ps.get(i).getArray();
            out.add(new Tensor(ns.get(i), a.getShape().getShape(), a.toFloatArray()));
        }
        return new ModelWeights(out);
    }

    /** Called after each epoch of {@link #train} with the epoch (1-based) and its mean loss. */
    @FunctionalInterface
    public interface EpochListener {
        /** One finished epoch. */
        void epoch(int epoch, double meanLoss);
    }

    /**
     * Trains for {@code steps} Adam steps on minibatches of {@code batch} images drawn by epochs (a
     * fresh seeded permutation of {@code data} each epoch; a set smaller than a batch is cycled).
     * Returns the mean loss of the last epoch (or of all steps when fewer than one epoch ran). It runs on
     * the configured maximum of engine threads whatever the machine's load or the caller's setting
     * ({@link EngineThreads#onConfiguredThreads}), so the weights are the same on a busy machine as on an idle one; so
     * does inference.
     */
    public double train(ImageSet data, int steps, int batch, float lr, Random rng, EpochListener listener) {
        return EngineThreads.onConfiguredThreads(() -> trainSteps(data, steps, batch, lr, rng, listener));
    }

    private double trainSteps(ImageSet data, int steps, int batch, float lr, Random rng, EpochListener listener) {
        check(data);
        if (steps < 1 || batch < 2) {
            throw new IllegalArgumentException("steps must be >= 1 and batch >= 2, found " + steps + ", " + batch);
        }
        int n = data.size();
        int b = Math.min(batch, Math.max(2, n));
        int per = spec.channels() * spec.resolution() * spec.resolution();
        int stepsPerEpoch = Math.max(1, (n + b - 1) / b);
        List<Parameter> ps = parameters();
        List<String> ns = names();
        // cosine decay to 1% of lr: the final weights are not those of one noisy late step
        Tracker schedule = Tracker.cosine().setBaseValue(lr).optFinalValue(lr * 0.01f).setMaxUpdates(steps).build();
        Optimizer adam = Optimizer.adam().optLearningRateTracker(schedule).optBeta1(0.9f).optBeta2(0.999f).build();
        int[] order = permutation(n, rng);
        int cursor = 0;
        double epochLoss = 0;
        int epochSteps = 0;
        int epoch = 0;
        double last = Double.NaN;
        float[] x = new float[b * per];
        float[] y = new float[b * spec.numClasses()];
        for (int s = 0; s < steps; s++) {
            Arrays.fill(y, 0f);
            for (int i = 0; i < b; i++) {
                if (cursor == n) {
                    order = permutation(n, rng);
                    cursor = 0;
                }
                int idx = order[cursor++];
                toUnit(data.images().get(idx), x, i * per);
                y[i * spec.numClasses() + data.label(idx)] = 1f;
            }
            float loss;
            try (NDManager m = root.newSubManager()) {
                ParameterStore store = new ParameterStore(m, false);
                NDArray xa = m.create(x, new Shape(b, spec.channels(), spec.resolution(), spec.resolution()));
                NDArray ya = m.create(y, new Shape(b, spec.numClasses()));
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = logits(store, xa, true);
                    NDArray l = logits.logSoftmax(1).mul(ya).sum(new int[] {1}).neg().mean();
                    gc.backward(l);
                    loss = l.getFloat();
                }
                for (int i = 0; i < ps.size(); i++) {
                    NDArray w = ps.get(i).getArray();
                    if (!ps.get(i).requiresGradient()) {
                        continue;
                    }
                    try (NDArray g = w.getGradient()) {
                        adam.update(ns.get(i), w, g);
                    }
                }
            }
            if (!Float.isFinite(loss)) {
                throw new IllegalStateException("classifier training diverged at step " + (s + 1) + " (loss " + loss + ")");
            }
            epochLoss += loss;
            epochSteps++;
            if (epochSteps == stepsPerEpoch || s == steps - 1) {
                last = epochLoss / epochSteps;
                if (epochSteps == stepsPerEpoch) {
                    epoch++;
                    if (listener != null) {
                        listener.epoch(epoch, last);
                    }
                }
                epochLoss = 0;
                epochSteps = 0;
            }
        }
        return last;
    }

    private NDArray logits(ParameterStore store, NDArray x, boolean training) {
        NDArray f = body.forward(store, new NDList(x), training).singletonOrThrow();
        return head.forward(store, new NDList(f), training).singletonOrThrow();
    }

    /** Pooled features ({@link CnnSpec#featureDims()} per image), inference mode. */
    public double[][] features(ImageSet data) {
        return infer(data, true);
    }

    /** Pooled features of {@code count} images given as {@code C*H*W} floats each in [-1, 1], inference mode. */
    public double[][] features(float[] images, int count) {
        return EngineThreads.onConfiguredThreads(() -> featuresOf(images, count));
    }

    private double[][] featuresOf(float[] images, int count) {
        int per = spec.channels() * spec.resolution() * spec.resolution();
        if (images.length != count * per) {
            throw new IllegalArgumentException("expected " + count + " x " + per + " values, found " + images.length);
        }
        double[][] out = new double[count][];
        for (int start = 0; start < count; start += INFER_BATCH) {
            int b = Math.min(INFER_BATCH, count - start);
            float[] x = Arrays.copyOfRange(images, start * per, (start + b) * per);
            double[][] f = forward(x, b, true);
            System.arraycopy(f, 0, out, start, b);
        }
        return out;
    }

    /** Class probabilities (softmax) per image, inference mode. */
    public double[][] probabilities(ImageSet data) {
        return infer(data, false);
    }

    /** Inference on the configured maximum of engine threads, like training: the outputs must not follow the load. */
    private double[][] infer(ImageSet data, boolean features) {
        return EngineThreads.onConfiguredThreads(() -> inferAll(data, features));
    }

    private double[][] inferAll(ImageSet data, boolean features) {
        check(data);
        int per = spec.channels() * spec.resolution() * spec.resolution();
        int n = data.size();
        double[][] out = new double[n][];
        for (int start = 0; start < n; start += INFER_BATCH) {
            int b = Math.min(INFER_BATCH, n - start);
            float[] x = new float[b * per];
            for (int i = 0; i < b; i++) {
                toUnit(data.images().get(start + i), x, i * per);
            }
            double[][] f = forward(x, b, features);
            System.arraycopy(f, 0, out, start, b);
        }
        return out;
    }

    private double[][] forward(float[] x, int b, boolean features) {
        try (NDManager m = root.newSubManager()) {
            ParameterStore store = new ParameterStore(m, false);
            NDArray xa = m.create(x, new Shape(b, spec.channels(), spec.resolution(), spec.resolution()));
            NDArray f = body.forward(store, new NDList(xa), false).singletonOrThrow();
            NDArray o = features ? f : head.forward(store, new NDList(f), false).singletonOrThrow().softmax(1);
            int d = Math.toIntExact(o.getShape().get(1));
            float[] v = o.toFloatArray();
            double[][] out = new double[b][d];
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < d; j++) {
                    out[i][j] = v[i * d + j];
                }
            }
            return out;
        }
    }

    /** Fraction of {@code data} whose most probable class is its label. */
    public double accuracy(ImageSet data) {
        double[][] p = probabilities(data);
        int ok = 0;
        for (int i = 0; i < p.length; i++) {
            if (argmax(p[i]) == data.label(i)) {
                ok++;
            }
        }
        return p.length == 0 ? Double.NaN : (double) ok / p.length;
    }

    /** Index of the largest value (the first on ties). */
    public static int argmax(double[] v) {
        int best = 0;
        for (int j = 1; j < v.length; j++) {
            if (v[j] > v[best]) {
                best = j;
            }
        }
        return best;
    }

    private void check(ImageSet data) {
        if (data.channels() != spec.channels() || data.height() != spec.resolution() || data.width() != spec.resolution()) {
            throw new IllegalArgumentException(data.source() + ": images are " + data.channels() + "x" + data.height() + "x"
                    + data.width() + " but the classifier expects " + spec.channels() + "x" + spec.resolution() + "x"
                    + spec.resolution());
        }
        if (data.numClasses() != spec.numClasses()) {
            throw new IllegalArgumentException(data.source() + ": " + data.numClasses() + " classes but the classifier has "
                    + spec.numClasses());
        }
    }

    private static void toUnit(byte[] img, float[] dst, int off) {
        for (int k = 0; k < img.length; k++) {
            dst[off + k] = ImageSet.pixelToUnit(img[k]);
        }
    }

    private static int[] permutation(int n, Random rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Number of NDArrays alive (for leak tests: constant across steps). */
    int liveArrays() {
        return root.getManagedArrays().size();
    }

    @Override
    public void close() {
        root.close();
    }
}
