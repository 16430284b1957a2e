package org.fedsynth.fl.detect;

import java.util.ArrayList;
import java.util.List;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.LocalStats;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.Tensor;

/** Scripted inputs for the FedDetect stage tests. */
final class StagesFixture {

    private StagesFixture() {}

    static ModelWeights w(float... v) {
        return new ModelWeights(List.of(new Tensor("w", new long[] {v.length}, v.clone())));
    }

    /** Clients with generator (g_i), loss G mean/last and loss D mean/last as given. */
    static List<ClientUpdate> updates(float[] g, double[] lossGMean, double[] lossGLast) {
        List<ClientUpdate> out = new ArrayList<>();
        for (int i = 0; i < g.length; i++) {
            out.add(new ClientUpdate(i, 1, w(g[i], 0), null, 10,
                    new LocalStats(lossGMean[i], lossGLast[i], 0.5 + i, 0.7 + i, 10)));
        }
        return out;
    }
}
