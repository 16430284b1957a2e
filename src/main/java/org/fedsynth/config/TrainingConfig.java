package org.fedsynth.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.fedsynth.gan.Augmentation;
import org.fedsynth.gan.DiscriminatorDesign;
import org.fedsynth.gan.GanLoss;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.gan.Recipe;
import org.fedsynth.gan.TrainSettings;

/**
 * The {@code training} section: local GAN training on each client. {@code recipe} names a set of
 * defaults ({@link Recipe}); every other field left unset takes the recipe's value, so a config
 * can start from a recipe and change one part of it.
 *
 * @param recipe small-data (the default), paper, or small-data-2026-12-02 (the default until 2026-12-04)
 * @param batchSize images per batch
 * @param localSteps local steps per round (one D and one G update each); exclusive with localEpochs
 * @param localEpochs local epochs per round over the client's data; exclusive with localSteps
 * @param lrG generator learning rate
 * @param lrD discriminator learning rate
 * @param beta1 Adam beta1
 * @param beta2 Adam beta2
 * @param loss bce (non-saturating DCGAN), hinge, or wgan-gp (local regularization defense)
 * @param gpLambda WGAN-GP penalty weight
 * @param baseWidth width of the shallowest conv layer
 * @param augment DiffAugment transforms on everything D sees: a comma list of color, translation,
 *     cutout, or none
 * @param augmentP the probability each transform is applied to an image
 * @param spectralNorm spectral normalization of D's convolutions
 * @param conditioning how D sees the label: channels or projection
 * @param minibatchStddev a minibatch standard-deviation channel in D
 * @param r1Gamma R1 penalty weight on real images, 0 for none
 * @param r1Every mean interval, in steps, of the lazy R1 penalty
 * @param modeSeeking weight of the mode-seeking term in G's loss, 0 for none
 * @param fakeLabels data (fakes take the real batch's labels, the client's class mix) or balanced (drawn
 *     uniformly over the classes the client holds, so rare classes get as many generator updates as common ones)
 */
public record TrainingConfig(
        @JsonPropertyDescription("small-data | paper | small-data-2026-12-02 (default small-data): the defaults of every field below") String recipe,
        @JsonPropertyDescription("images per batch (default 32)") Integer batchSize,
        @JsonPropertyDescription("local steps per round (default 10); exclusive with local_epochs") Integer localSteps,
        @JsonPropertyDescription("local epochs per round; exclusive with local_steps") Integer localEpochs,
        @JsonPropertyDescription("generator learning rate (default 0.0002)") Double lrG,
        @JsonPropertyDescription("discriminator learning rate (default 0.0002)") Double lrD,
        @JsonPropertyDescription("Adam beta1 (default 0.5)") Double beta1,
        @JsonPropertyDescription("Adam beta2 (default 0.999)") Double beta2,
        @JsonPropertyDescription("bce | hinge | wgan-gp (default bce)") String loss,
        @JsonPropertyDescription("WGAN-GP penalty weight lambda (default 10)") Double gpLambda,
        @JsonPropertyDescription("width of the shallowest conv layer (default 64)") Integer baseWidth,
        @JsonPropertyDescription("DiffAugment on all D inputs: comma list of color, translation, cutout, or none"
                + " (default none)") String augment,
        @JsonPropertyDescription("probability each augmentation is applied to an image (default 1)") Double augmentP,
        @JsonPropertyDescription("spectral normalization in D, replacing its BatchNorm (default false)") Boolean spectralNorm,
        @JsonPropertyDescription("channels | projection: how D sees the label (default channels)")
                String conditioning,
        @JsonPropertyDescription("minibatch standard-deviation channel in D (default false)")
                Boolean minibatchStddev,
        @JsonPropertyDescription("R1 penalty weight on real images, 0 for none (default 0)") Double r1Gamma,
        @JsonPropertyDescription("mean interval in steps of the lazy R1 penalty (default 4)") Integer r1Every,
        @JsonPropertyDescription("weight of the mode-seeking term in G's loss, 0 for none (small-data 0.5, small-data-2026-12-02 0.3, paper 0)")
                Double modeSeeking,
        @JsonPropertyDescription("data | balanced: fake labels follow the client's class mix, or are uniform over its classes"
                + " (default data)") String fakeLabels) {

    /** The recipe of a config that names none. */
    public static final Recipe DEFAULT_RECIPE = Recipe.SMALL_DATA;

    /** Fills defaults from the recipe and validates each field. */
    public TrainingConfig {
        if (localSteps != null && localEpochs != null) {
            throw new ConfigException("training.local_steps and training.local_epochs are exclusive: set one of them"
                    + " (found local_steps=" + localSteps + ", local_epochs=" + localEpochs + ")");
        }
        recipe = recipe == null ? DEFAULT_RECIPE.configName() : recipe;
        Recipe r = Recipe.fromConfig(recipe);
        ConfigException.require(r != null, "training.recipe", oneOf(Arrays.stream(Recipe.values())
                .map(Recipe::configName).toArray(String[]::new)), "'" + recipe + "'");
        TrainSettings d = r.defaults();
        batchSize = batchSize == null ? 32 : batchSize;
        localSteps = localSteps == null && localEpochs == null ? Integer.valueOf(10) : localSteps;
        lrG = lrG == null ? exact(d.lrG()) : lrG;
        lrD = lrD == null ? exact(d.lrD()) : lrD;
        beta1 = beta1 == null ? exact(d.beta1()) : beta1;
        beta2 = beta2 == null ? exact(d.beta2()) : beta2;
        loss = loss == null ? d.loss().configName() : loss;
        gpLambda = gpLambda == null ? 10.0 : gpLambda;
        baseWidth = baseWidth == null ? GanSpec.DEFAULT_BASE_WIDTH : baseWidth;
        augment = augment == null ? d.augmentation().policy() : augment;
        augmentP = augmentP == null ? 1.0 : augmentP;
        spectralNorm = spectralNorm == null ? d.design().spectralNorm() : spectralNorm;
        conditioning = conditioning == null ? d.design().conditioning().configName() : conditioning;
        minibatchStddev = minibatchStddev == null ? d.design().minibatchStddev() : minibatchStddev;
        r1Gamma = r1Gamma == null ? exact(d.r1Gamma()) : r1Gamma;
        r1Every = r1Every == null ? 4 : r1Every;
        modeSeeking = modeSeeking == null ? exact(d.modeSeeking()) : modeSeeking;
        fakeLabels = fakeLabels == null ? "data" : fakeLabels;
        ConfigException.require(batchSize >= 1 && batchSize <= 4096, "training.batch_size", "in [1, 4096]", batchSize);
        ConfigException.require(localSteps == null || localSteps >= 1, "training.local_steps", "at least 1", localSteps);
        ConfigException.require(localEpochs == null || localEpochs >= 1, "training.local_epochs", "at least 1", localEpochs);
        ConfigException.require(lrG > 0 && lrG < 1, "training.lr_g", "in (0, 1)", lrG);
        ConfigException.require(lrD > 0 && lrD < 1, "training.lr_d", "in (0, 1)", lrD);
        ConfigException.require(beta1 >= 0 && beta1 < 1, "training.beta1", "in [0, 1)", beta1);
        ConfigException.require(beta2 >= 0 && beta2 < 1, "training.beta2", "in [0, 1)", beta2);
        ConfigException.require(GanLoss.fromConfig(loss) != null, "training.loss", oneOf(Arrays.stream(GanLoss.values())
                .map(GanLoss::configName).toArray(String[]::new)), "'" + loss + "'");
        ConfigException.require(gpLambda >= 0, "training.gp_lambda", "non-negative", gpLambda);
        ConfigException.require(baseWidth >= 4 && baseWidth <= 512, "training.base_width", "in [4, 512]", baseWidth);
        try {
            Augmentation.parse(augment, 1f);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("training.augment: " + e.getMessage() + " (found '" + augment + "')");
        }
        ConfigException.require(augmentP >= 0 && augmentP <= 1, "training.augment_p", "in [0, 1]", augmentP);
        ConfigException.require(DiscriminatorDesign.Conditioning.fromConfig(conditioning) != null,
                "training.conditioning", "channels or projection",
                "'" + conditioning + "'");
        ConfigException.require(r1Gamma >= 0 && Double.isFinite(r1Gamma), "training.r1_gamma", "non-negative", r1Gamma);
        ConfigException.require(r1Every >= 1, "training.r1_every", "at least 1", r1Every);
        ConfigException.require(modeSeeking >= 0 && Double.isFinite(modeSeeking), "training.mode_seeking", "non-negative",
                modeSeeking);
        ConfigException.require(fakeLabels.equals("data") || fakeLabels.equals("balanced"), "training.fake_labels",
                "data or balanced", "'" + fakeLabels + "'");
        if (fakeLabels.equals("balanced") && GanLoss.fromConfig(loss) == GanLoss.WGAN_GP) {
            throw new ConfigException("training.fake_labels: balanced cannot be used with training.loss: wgan-gp (its gradient"
                    + " penalty interpolates a real and a fake image of the same label); use bce or hinge, or fake_labels: data");
        }
    }

    /** The double a float default is written as (2e-4f as 2.0E-4, not 2.0000000949949026E-4). */
    private static double exact(float f) {
        return Double.parseDouble(Float.toString(f));
    }

    private static String oneOf(String... names) {
        return "one of " + Arrays.stream(names).collect(Collectors.joining(", "));
    }

    /** The default recipe with 10 local steps per round. */
    public static TrainingConfig defaults() {
        return of(DEFAULT_RECIPE);
    }

    /** {@code recipe} with 10 local steps per round and every other field its default. */
    public static TrainingConfig of(Recipe recipe) {
        return new TrainingConfig(recipe.configName(), null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null);
    }

    /** The recipe this section starts from. */
    public Recipe recipeKind() {
        return Recipe.fromConfig(recipe);
    }

    /**
     * The optimizer, loss, discriminator and augmentation settings for the GAN workbench. The
     * discriminator keeps the recipe's BatchNorm unless a per-image penalty (WGAN-GP, R1) rules it
     * out or spectral normalization replaces it (as in SNGAN).
     */
    public TrainSettings settings() {
        GanLoss l = GanLoss.fromConfig(loss);
        boolean batchNorm = recipeKind().defaults().design().batchNorm() && l != GanLoss.WGAN_GP && r1Gamma == 0
                && !spectralNorm;
        DiscriminatorDesign design = new DiscriminatorDesign(batchNorm, spectralNorm,
                DiscriminatorDesign.Conditioning.fromConfig(conditioning),
                minibatchStddev);
        return new TrainSettings(batchSize, lrG.floatValue(), lrD.floatValue(), beta1.floatValue(), beta2.floatValue(),
                l, gpLambda.floatValue(), r1Gamma.floatValue(), r1Every, modeSeeking.floatValue(), design,
                Augmentation.parse(augment, augmentP.floatValue()), fakeLabels.equals("balanced"));
    }

    /** Local steps for a client holding {@code samples} images. */
    public int stepsFor(int samples) {
        if (localSteps != null) {
            return localSteps;
        }
        return localEpochs * Math.max(1, (samples + batchSize - 1) / batchSize);
    }
}
