package org.fedsynth.net;

import java.util.List;
import org.fedsynth.config.TrainingConfig;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.net.proto.ModelSpec;
import org.fedsynth.net.proto.TrainingSettings;

/**
 * The model and training settings in a {@code HelloReply}, both ways: the server writes its
 * {@link GanSpec} and {@link TrainingConfig} with {@link #spec(GanSpec, List)} and {@link
 * #training(TrainingConfig)}, the site reads them back with {@link #spec(ModelSpec)} and {@link
 * #training(TrainingSettings, int)}. Keeping both directions here keeps the wire mapping in one
 * place, as {@link TensorCodec} does for the weights.
 */
public final class HelloMessages {

    private HelloMessages() {}

    /** The wire form of {@code spec}, with the federation's class list. */
    public static ModelSpec spec(GanSpec spec, List<String> classNames) {
        return ModelSpec.newBuilder().setResolution(spec.resolution()).setChannels(spec.channels())
                .setNumClasses(spec.numClasses()).setZDim(spec.zDim()).setEmbedDim(spec.embedDim())
                .setBaseWidth(spec.baseWidth()).addAllClassNames(classNames).build();
    }

    /** The model a {@link ModelSpec} describes (the sizes as sent, not this build's defaults). */
    public static GanSpec spec(ModelSpec m) {
        return new GanSpec(m.getResolution(), m.getChannels(), m.getNumClasses(), m.getZDim(), m.getEmbedDim(),
                m.getBaseWidth());
    }

    /** The wire form of the run's training section (0 stands for an unset local_steps / local_epochs). */
    public static TrainingSettings training(TrainingConfig t) {
        return TrainingSettings.newBuilder().setBatchSize(t.batchSize())
                .setLocalSteps(t.localSteps() == null ? 0 : t.localSteps())
                .setLocalEpochs(t.localEpochs() == null ? 0 : t.localEpochs())
                .setLrG(t.lrG()).setLrD(t.lrD()).setBeta1(t.beta1()).setBeta2(t.beta2())
                .setLoss(t.loss()).setGpLambda(t.gpLambda())
                .setRecipe(t.recipe()).setAugment(t.augment()).setAugmentP(t.augmentP())
                .setSpectralNorm(t.spectralNorm()).setConditioning(t.conditioning())
                .setMinibatchStddev(t.minibatchStddev()).setR1Gamma(t.r1Gamma()).setR1Every(t.r1Every())
                .setModeSeeking(t.modeSeeking()).setFakeLabels(t.fakeLabels()).build();
    }

    /**
     * The training section a site trains with; {@code baseWidth} comes from the {@link ModelSpec}.
     * A server that sends no recipe (an older build) trained with the paper's.
     */
    public static TrainingConfig training(TrainingSettings t, int baseWidth) {
        if (t.getRecipe().isEmpty()) {
            return new TrainingConfig("paper", t.getBatchSize(), t.getLocalSteps() == 0 ? null : t.getLocalSteps(),
                    t.getLocalEpochs() == 0 ? null : t.getLocalEpochs(), t.getLrG(), t.getLrD(), t.getBeta1(),
                    t.getBeta2(), t.getLoss(), t.getGpLambda(), baseWidth, null, null, null, null, null, null, null, null, null);
        }
        return new TrainingConfig(t.getRecipe(), t.getBatchSize(), t.getLocalSteps() == 0 ? null : t.getLocalSteps(),
                t.getLocalEpochs() == 0 ? null : t.getLocalEpochs(), t.getLrG(), t.getLrD(), t.getBeta1(), t.getBeta2(),
                t.getLoss(), t.getGpLambda(), baseWidth, t.getAugment(), t.getAugmentP(), t.getSpectralNorm(),
                t.getConditioning(), t.getMinibatchStddev(), t.getR1Gamma(), t.getR1Every(), t.getModeSeeking(),
                t.getFakeLabels().isEmpty() ? null : t.getFakeLabels());
    }
}
