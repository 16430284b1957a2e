package org.fedsynth.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Set;
import org.fedsynth.gan.GanLoss;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.gan.TrainSettings;

/**
 * The {@code training} section: local GAN training on each client.
 *
 * @param batchSize images per batch
 * @param localSteps local steps per round (one D and one G update each); exclusive with localEpochs
 * @param localEpochs local epochs per round over the client's data; exclusive with localSteps
 * @param lrG generator learning rate
 * @param lrD discriminator learning rate
 * @param beta1 Adam beta1
 * @param beta2 Adam beta2
 * @param loss bce (non-saturating DCGAN) or wgan-gp (local regularization defense)
 * @param gpLambda WGAN-GP penalty weight
 * @param baseWidth width of the shallowest conv layer
 */
public record TrainingConfig(
        @JsonPropertyDescription("images per batch (default 32)") Integer batchSize,
        @JsonPropertyDescription("local steps per round (default 10); exclusive with local_epochs") Integer localSteps,
        @JsonPropertyDescription("local epochs per round; exclusive with local_steps") Integer localEpochs,
        @JsonPropertyDescription("generator learning rate (default 0.0002)") Double lrG,
        @JsonPropertyDescription("discriminator learning rate (default 0.0002)") Double lrD,
        @JsonPropertyDescription("Adam beta1 (default 0.5)") Double beta1,
        @JsonPropertyDescription("Adam beta2 (default 0.999)") Double beta2,
        @JsonPropertyDescription("bce | wgan-gp (default bce)") String loss,
        @JsonPropertyDescription("WGAN-GP penalty weight lambda (default 10)") Double gpLambda,
        @JsonPropertyDescription("width of the shallowest conv layer (default 64)") Integer baseWidth) {

    /** Fills defaults and validates each field. */
    public TrainingConfig {
        if (localSteps != null && localEpochs != null) {
            throw new ConfigException("training.local_steps and training.local_epochs are exclusive: set one of them"
                    + " (found local_steps=" + localSteps + ", local_epochs=" + localEpochs + ")");
        }
        batchSize = batchSize == null ? 32 : batchSize;
        localSteps = localSteps == null && localEpochs == null ? Integer.valueOf(10) : localSteps;
        lrG = lrG == null ? 2e-4 : lrG;
        lrD = lrD == null ? 2e-4 : lrD;
        beta1 = beta1 == null ? 0.5 : beta1;
        beta2 = beta2 == null ? 0.999 : beta2;
        loss = loss == null ? "bce" : loss;
        gpLambda = gpLambda == null ? 10.0 : gpLambda;
        baseWidth = baseWidth == null ? GanSpec.DEFAULT_BASE_WIDTH : baseWidth;
        ConfigException.require(batchSize >= 1 && batchSize <= 4096, "training.batch_size", "in [1, 4096]", batchSize);
        ConfigException.require(localSteps == null || localSteps >= 1, "training.local_steps", "at least 1", localSteps);
        ConfigException.require(localEpochs == null || localEpochs >= 1, "training.local_epochs", "at least 1", localEpochs);
        ConfigException.require(lrG > 0 && lrG < 1, "training.lr_g", "in (0, 1)", lrG);
        ConfigException.require(lrD > 0 && lrD < 1, "training.lr_d", "in (0, 1)", lrD);
        ConfigException.require(beta1 >= 0 && beta1 < 1, "training.beta1", "in [0, 1)", beta1);
        ConfigException.require(beta2 >= 0 && beta2 < 1, "training.beta2", "in [0, 1)", beta2);
        ConfigException.require(Set.of("bce", "wgan-gp").contains(loss), "training.loss", "bce or wgan-gp", "'" + loss + "'");
        ConfigException.require(gpLambda >= 0, "training.gp_lambda", "non-negative", gpLambda);
        ConfigException.require(baseWidth >= 4 && baseWidth <= 512, "training.base_width", "in [4, 512]", baseWidth);
    }

    /** The DCGAN recipe with 10 local steps per round. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(null, null, null, null, null, null, null, null, null, null);
    }

    /** The optimizer and loss settings for the GAN workbench. */
    public TrainSettings settings() {
        return new TrainSettings(batchSize, lrG.floatValue(), lrD.floatValue(), beta1.floatValue(), beta2.floatValue(),
                loss.equals("wgan-gp") ? GanLoss.WGAN_GP : GanLoss.BCE, gpLambda.floatValue());
    }

    /** Local steps for a client holding {@code samples} images. */
    public int stepsFor(int samples) {
        if (localSteps != null) {
            return localSteps;
        }
        return localEpochs * Math.max(1, (samples + batchSize - 1) / batchSize);
    }
}
