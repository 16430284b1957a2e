package org.fedsynth.attack;

import java.util.function.BinaryOperator;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.ModelWeights;

/** What update scaling and the norm projection share: a transform of each sent model against its global one. */
final class DeltaTransform {

    private DeltaTransform() {}

    /**
     * {@code update} with {@code f(trained, global)} applied to its generator and, when it carries one and the
     * discriminators are averaged, to its discriminator; sample count and losses unchanged.
     */
    static ClientUpdate eachModel(ClientUpdate update, ModelWeights globalG, ModelWeights globalD,
            BinaryOperator<ModelWeights> f) {
        ModelWeights d = update.discriminator() == null || globalD == null
                ? update.discriminator() : f.apply(update.discriminator(), globalD);
        return new ClientUpdate(update.clientId(), update.round(), f.apply(update.generator(), globalG), d,
                update.samples(), update.stats());
    }
}
