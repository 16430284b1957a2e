package org.fedsynth.fl.strategy;

import java.util.ArrayList;
import java.util.List;
import org.fedsynth.fl.ClientUpdate;
import org.fedsynth.fl.LocalStats;
import org.fedsynth.fl.ModelWeights;
import org.fedsynth.fl.Tensor;

/** Tiny hand-made networks for tests. */
final class W {

    private W() {}

    /** One tensor "w" with these values. */
    static ModelWeights of(float... w) {
        return new ModelWeights(List.of(new Tensor("w", new long[] {w.length}, w.clone())));
    }

    /** Tensor "w" and a BatchNorm-like tensor "bn.running_mean". */
    static ModelWeights two(float[] w, float[] running) {
        return new ModelWeights(List.of(new Tensor("w", new long[] {w.length}, w.clone()),
                new Tensor("bn.running_mean", new long[] {running.length}, running.clone())));
    }

    static float[] f(double... v) {
        float[] o = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = (float) v[i];
        }
        return o;
    }

    /** All values flattened. */
    static float[] flat(ModelWeights m) {
        return m.flatten();
    }

    static LocalStats loss(double g) {
        return new LocalStats(g, g, 1.0, 1.0, 10);
    }

    static ClientUpdate update(int id, ModelWeights g, ModelWeights d, double lossG) {
        return new ClientUpdate(id, 1, g, d, 100, loss(lossG));
    }

    static List<ClientUpdate> updates(List<ModelWeights> gs) {
        List<ClientUpdate> out = new ArrayList<>();
        for (int i = 0; i < gs.size(); i++) {
            out.add(update(i, gs.get(i), null, 1.0));
        }
        return out;
    }

    static double[] uniform(int n) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0 / n);
        return w;
    }
}
