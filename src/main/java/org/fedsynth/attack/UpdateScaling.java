package org.fedsynth.attack;

import java.util.ArrayList;
import java.util.List;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.Tensor;
import org.fedsynth.fl.client.UpdateBehaviour;

/**
 * The update-scaling attack ({@code attack.update_scale}, "model replacement" after Bagdasaryan et
 * al., "How to backdoor federated learning", AISTATS 2020): in its scheduled rounds a malicious
 * client sends {@code global + gamma * (trained - global)} instead of its trained model, for the
 * generator and, when discriminators are averaged, the discriminator. BatchNorm running statistics
 * (tensors named {@code running...} or {@code num_batches...}) are sent as trained: they are not
 * learned by gradient, and a scaled variance could become negative. Losses and sample count are
 * unchanged. {@code gamma = 1} is the identity.
 *
 * @param gamma the factor on the delta, {@code > 0}
 * @param schedule the rounds it acts in
 */
public record UpdateScaling(double gamma, AttackSchedule schedule) implements UpdateBehaviour {

    /** Validates. */
    public UpdateScaling {
        check(gamma);
        java.util.Objects.requireNonNull(schedule, "schedule");
    }

    /** Every round from {@code startRound} on. */
    public UpdateScaling(double gamma, int startRound) {
        this(gamma, AttackSchedule.from(startRound));
    }

    static void check(double gamma) {
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("attack.update_scale must be a finite number > 0 (1.0 = off, e.g. 5.0 to"
                    + " scale the update delta five times); found " + gamma);
        }
    }

    @Override
    public ClientUpdate apply(ClientUpdate update, ModelWeights globalG, ModelWeights globalD) {
        if (!schedule.isActive(update.round()) || gamma == 1.0) {
            return update;
        }
        return DeltaTransform.eachModel(update, globalG, globalD, this::scale);
    }

    /** {@code global + gamma * (trained - global)}, tensor by tensor, running statistics as trained. */
    ModelWeights scale(ModelWeights trained, ModelWeights global) {
        String mismatch = trained.layoutMismatch(global);
        if (mismatch != null) {
            throw new IllegalArgumentException("update scaling: the trained model does not match the global one: " + mismatch);
        }
        List<Tensor> out = new ArrayList<>(trained.size());
        for (Tensor t : trained) {
            if (t.name().contains("running") || t.name().contains("num_batches")) {
                out.add(t);
                continue;
            }
            float[] g = global.get(t.name()).data();
            float[] v = t.data();
            float[] s = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                s[i] = (float) (g[i] + gamma * ((double) v[i] - g[i]));
            }
            out.add(t.withData(s));
        }
        return new ModelWeights(out);
    }
}
