package org.fedsynth.gan;

import java.util.Arrays;
import java.util.Random;

/**
 * Measures one local step (D update + G update) at batch 32, for docs/PERFORMANCE.md. Not a test:
 * run with {@code java -cp target/classes:target/test-classes:target/lib/* org.fedsynth.gan.StepCostProbe}.
 * The full benchmark command is future work (issue: benchmarks).
 */
public final class StepCostProbe {

    private StepCostProbe() {}

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        for (int[] cfg : new int[][] {{32, 1}, {64, 3}}) {
            GanSpec spec = GanSpec.standard(cfg[0], cfg[1], 2);
            try (GanWorkbench wb = new GanWorkbench(spec, TrainSettings.dcgan(32))) {
                wb.loadGenerator(wb.initialGenerator(1));
                wb.loadDiscriminator(wb.initialDiscriminator(2));
                BatchSource src = GanWorkbenchTest.randomSource(cfg[1], cfg[0], 256);
                Random rng = new Random(3);
                double[] ms = new double[reps];
                for (int i = -3; i < reps; i++) {
                    RealBatch b = src.next(32, rng);
                    float[] z = GanWorkbench.gaussian(32 * spec.zDim(), rng);
                    long t = System.nanoTime();
                    wb.step(b, z, null);
                    if (i >= 0) {
                        ms[i] = (System.nanoTime() - t) / 1e6;
                    }
                }
                Arrays.sort(ms);
                System.out.printf("step%d (%dx%dx%d, batch 32): median %.1f ms, min %.1f ms, %.0f images/s%n",
                        cfg[0], cfg[1], cfg[0], cfg[0], ms[reps / 2], ms[0], 32 * 1000 / ms[reps / 2]);
            }
        }
    }
}
