package org.fedsynth.eval.features;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.fedsynth.data.ImageSet;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.run.TensorZip;
import org.fedsynth.util.AtomicFiles;
import org.fedsynth.util.Seeds;

/**
 * The domain feature network: a {@link CnnClassifier} trained to classify the real training split,
 * whose pooled penultimate activations are the feature space of the fidelity metrics. It stands in
 * for Inception-v3 where no pretrained weights can be downloaded; its FD is therefore "FD on domain
 * features", comparable between runs of one dataset (one evaluator), not with published FIDs.
 *
 * <p>On disk, a folder: {@value #WEIGHTS_FILE} (the weights, a zip of {@code .npy} tensors) and
 * {@value #INFO_FILE} (the {@link Info}: data fingerprint, architecture, accuracies, seed), each
 * written atomically, the info last (it marks a complete evaluator).
 */
public final class DomainEvaluator implements FeatureNetwork {

    /** The description file. */
    public static final String INFO_FILE = "evaluator.json";
    /** The weights file. */
    public static final String WEIGHTS_FILE = "weights.zip";
    private static final String FORMAT = "fedsynth-evaluator";
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * What {@value #INFO_FILE} holds.
     *
     * @param format        {@code fedsynth-evaluator}
     * @param version       file format version
     * @param fingerprint   the data fingerprint ({@code sha256:...}) of the data it was trained on
     * @param dataRule      how train and test were drawn
     * @param classNames    class names, index = label
     * @param channels      image channels
     * @param resolution    image side
     * @param architecture  {@link CnnSpec#describe()}
     * @param width         {@link CnnSpec#width()}
     * @param featureDims   feature dimension
     * @param trainImages   training images
     * @param testImages    test images
     * @param trainAccuracy accuracy on the training split
     * @param testAccuracy  accuracy on the test split
     * @param epochs        epochs trained
     * @param steps         Adam steps
     * @param batchSize     images per step
     * @param learningRate  Adam learning rate
     * @param seed          seed of initialisation and batches
     * @param elapsedS      training time in seconds
     */
    public record Info(String format, int version, String fingerprint, String dataRule, List<String> classNames,
                       int channels, int resolution, String architecture, int width, int featureDims, int trainImages,
                       int testImages, double trainAccuracy, double testAccuracy, int epochs, int steps, int batchSize,
                       double learningRate, long seed, @JsonProperty("elapsed_s") double elapsedS) {
        /** Copies the list. */
        public Info {
            classNames = List.copyOf(classNames);
        }

        /** The classifier architecture. */
        public CnnSpec spec() {
            return new CnnSpec(channels, resolution, classNames.size(), width);
        }
    }

    /**
     * Training settings.
     *
     * @param epochs passes over the training split (default 3)
     * @param batchSize images per step (default 64)
     * @param learningRate Adam learning rate (default 1e-3)
     * @param seed seed of initialisation and batch order (default 1)
     */
    public record TrainOptions(int epochs, int batchSize, double learningRate, long seed) {
        /** Validates. */
        public TrainOptions {
            if (epochs < 1 || epochs > 1000) {
                throw new IllegalArgumentException("--epochs must be in [1, 1000], found " + epochs);
            }
            if (batchSize < 2 || batchSize > 4096) {
                throw new IllegalArgumentException("--batch-size must be in [2, 4096], found " + batchSize);
            }
            if (!(learningRate > 0 && learningRate < 1)) {
                throw new IllegalArgumentException("--lr must be in (0, 1), found " + learningRate);
            }
        }

        /** The defaults: 3 epochs of batch 64, Adam 1e-3, seed 1. */
        public static TrainOptions defaults() {
            return new TrainOptions(3, 64, 1e-3, 1L);
        }
    }

    private final Info info;
    private final CnnClassifier net;
    private final Path dir;

    private DomainEvaluator(Info info, CnnClassifier net, Path dir) {
        this.info = info;
        this.net = net;
        this.dir = dir;
    }

    /**
     * Trains a domain evaluator on {@code train}, measures it on {@code test}, and returns it
     * (not yet saved), printing one line per epoch.
     */
    public static DomainEvaluator train(ImageSet train, ImageSet test, String fingerprint, String dataRule,
                                        TrainOptions o, PrintStream progress) {
        long t0 = System.nanoTime();
        CnnSpec spec = new CnnSpec(train.channels(), train.height(), train.numClasses(), CnnSpec.EVALUATOR_WIDTH);
        CnnClassifier net = new CnnClassifier(spec, Seeds.derive(o.seed(), "evaluator-init"));
        try {
            int stepsPerEpoch = Math.max(1, (train.size() + o.batchSize() - 1) / o.batchSize());
            int steps = stepsPerEpoch * o.epochs();
            progress.println("evaluator: training " + spec.describe() + " on " + train.size() + " images, " + o.epochs()
                    + " epochs x " + stepsPerEpoch + " steps");
            net.train(train, steps, o.batchSize(), (float) o.learningRate(), Seeds.rng(o.seed(), "evaluator-batches"),
                    (epoch, loss) -> progress.printf("evaluator: epoch %d/%d  loss %.4f  (%.1f s)%n", epoch, o.epochs(), loss,
                            (System.nanoTime() - t0) / 1e9));
            double trainAcc = net.accuracy(train);
            double testAcc = net.accuracy(test);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            progress.printf("evaluator: train accuracy %.3f, test accuracy %.3f (%d test images), %.1f s%n", trainAcc,
                    testAcc, test.size(), elapsed);
            Info info = new Info(FORMAT, VERSION, fingerprint, dataRule, train.classNames(), spec.channels(),
                    spec.resolution(), spec.describe(), spec.width(), spec.featureDims(), train.size(), test.size(), trainAcc,
                    testAcc, o.epochs(), steps, o.batchSize(), o.learningRate(), o.seed(), Math.round(elapsed * 10) / 10.0);
            return new DomainEvaluator(info, net, null);
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    /** Writes {@value #WEIGHTS_FILE} then {@value #INFO_FILE} into {@code dir} (created), atomically each. */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        new TensorZip.Builder().add("classifier/", net.weights())
                .write(dir.resolve(WEIGHTS_FILE), JSON.createObjectNode().put("format", FORMAT).put("version", VERSION));
        AtomicFiles.writeString(dir.resolve(INFO_FILE), JSON.writeValueAsString(info) + "\n");
    }

    /** Loads an evaluator folder, with errors that name the file and the fix. */
    public static DomainEvaluator load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir + ": evaluator folder not found (train one with: fedsynth evaluator train"
                    + " --run RUN --out " + dir + ")");
        }
        Path infoFile = dir.resolve(INFO_FILE);
        if (!Files.isRegularFile(infoFile)) {
            throw new NoSuchFileException(infoFile + ": missing, so " + dir + " is not a complete evaluator folder"
                    + " (train one with: fedsynth evaluator train --run RUN --out " + dir + ")");
        }
        Info info;
        try {
            info = JSON.readValue(infoFile.toFile(), Info.class);
        } catch (JsonProcessingException e) {
            throw new IOException(infoFile + ": corrupt (" + e.getOriginalMessage() + "); delete " + dir
                    + " and train it again with fedsynth evaluator train", e);
        }
        if (!FORMAT.equals(info.format()) || info.version() != VERSION) {
            throw new IOException(infoFile + ": format '" + info.format() + "' v" + info.version() + " is not "
                    + FORMAT + " v" + VERSION + "; train the evaluator again with this build");
        }
        if (info.fingerprint() == null || info.classNames().size() < 2) {
            throw new IOException(infoFile + ": missing field 'fingerprint' or 'class_names'; train the evaluator again");
        }
        CnnSpec spec;
        try {
            spec = info.spec();
        } catch (IllegalArgumentException e) {
            throw new IOException(infoFile + ": " + e.getMessage(), e);
        }
        ModelWeights w = TensorZip.read(dir.resolve(WEIGHTS_FILE)).weights("classifier/");
        CnnClassifier net = new CnnClassifier(spec, 0L);
        try {
            net.load(w);
        } catch (IllegalArgumentException e) {
            net.close();
            throw new IOException(dir.resolve(WEIGHTS_FILE) + ": does not match " + INFO_FILE + " (" + e.getMessage()
                    + "); train the evaluator again", e);
        }
        return new DomainEvaluator(info, net, dir);
    }

    /**
     * Refuses an evaluator trained on other data: the message names both fingerprints and the fix.
     * With {@code force}, prints a warning instead.
     */
    public void requireFingerprint(String dataFingerprint, String what, boolean force, PrintStream warn) {
        if (info.fingerprint().equals(dataFingerprint)) {
            return;
        }
        String msg = "evaluator " + (dir == null ? "(unsaved)" : dir) + " was trained on data with fingerprint "
                + info.fingerprint() + ", but " + what + " has data fingerprint " + dataFingerprint
                + "; its features are not comparable. Train an evaluator for this data (fedsynth evaluator train --run RUN"
                + " --out DIR), or omit --evaluator to use the cached default, or pass --force to use it anyway";
        if (force) {
            warn.println("warning (--force): " + msg);
        } else {
            throw new EvaluatorMismatchException(msg);
        }
    }

    /** An evaluator used on data it was not trained on. */
    public static final class EvaluatorMismatchException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        EvaluatorMismatchException(String message) {
            super(message);
        }
    }

    /** The description in {@value #INFO_FILE}. */
    public Info info() {
        return info;
    }

    /** The classifier (for accuracy checks). */
    public CnnClassifier classifier() {
        return net;
    }

    @Override
    public Description describe() {
        return new Description("domain", dir == null ? "" : dir.toString(), info.fingerprint(), info.featureDims());
    }

    @Override
    public double[][] features(float[] images, int count, int channels, int resolution) {
        FeatureNetwork.checkShape(images, count, channels, resolution);
        if (channels != info.channels() || resolution != info.resolution()) {
            throw new IllegalArgumentException("the evaluator takes " + info.channels() + "x" + info.resolution() + "x"
                    + info.resolution() + " images, found " + channels + "x" + resolution + "x" + resolution);
        }
        return net.features(images, count);
    }

    @Override
    public void close() {
        net.close();
    }
}
