package org.fedsynth.net;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.fedsynth.config.TrainingConfig;
import org.fedsynth.gan.GanSpec;
import org.fedsynth.net.proto.ModelSpec;
import org.junit.jupiter.api.Test;

class HelloMessagesTest {

    @Test
    void theSpecCrossesTheWireUnchanged() {
        GanSpec spec = GanSpec.of(64, 3, 4, 16);
        assertEquals(GanSpec.Z_DIM, spec.zDim());
        assertEquals(GanSpec.EMBED_DIM, spec.embedDim());
        ModelSpec m = HelloMessages.spec(spec, List.of("a", "b", "c", "d"));
        assertEquals(100, m.getZDim());
        assertEquals(50, m.getEmbedDim());
        assertEquals(List.of("a", "b", "c", "d"), m.getClassNamesList());
        assertEquals(spec, HelloMessages.spec(m));
        assertEquals(new GanSpec(32, 1, 2, 100, 50, 64), GanSpec.standard(32, 1, 2));
    }

    @Test
    void trainingSettingsRoundTripWithUnsetStepsOrEpochs() {
        TrainingConfig steps = new TrainingConfig("paper", 8, 3, null, 1e-3, 2e-3, 0.4, 0.9, "wgan-gp", 5.0, 16,
                null, null, null, null, null, null, null, null, null);
        TrainingConfig back = HelloMessages.training(HelloMessages.training(steps), 16);
        assertEquals(steps, back);
        TrainingConfig epochs = new TrainingConfig(null, 8, null, 2, null, null, null, null, null, null, 32,
                null, null, null, null, null, null, null, null, null);
        assertEquals(0, HelloMessages.training(epochs).getLocalSteps());
        assertEquals(epochs, HelloMessages.training(HelloMessages.training(epochs), 32));
    }

    @Test
    void everyRecipeSettingReachesTheSite() {
        TrainingConfig custom = new TrainingConfig("small-data", 16, 4, null, null, null, null, null, "bce", null, 8,
                "translation", 0.3, false, "channels", false, 2.5, 8, 0.5, "balanced");
        TrainingConfig back = HelloMessages.training(HelloMessages.training(custom), 8);
        assertEquals(custom, back);
        assertEquals(custom.settings(), back.settings());
    }

    @Test
    void aServerThatSendsNoRecipeTrainedWithThePapers() {
        var old = org.fedsynth.net.proto.TrainingSettings.newBuilder().setBatchSize(32).setLocalSteps(10)
                .setLrG(2e-4).setLrD(2e-4).setBeta1(0.5).setBeta2(0.999).setLoss("bce").setGpLambda(10).build();
        assertEquals(TrainingConfig.of(org.fedsynth.gan.Recipe.PAPER).settings(), HelloMessages.training(old, 64).settings());
    }
}
