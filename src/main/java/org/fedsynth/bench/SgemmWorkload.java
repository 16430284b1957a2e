package org.fedsynth.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.fedsynth.gan.EngineThreads;

/**
 * Figure {@code sgemm}: the machine's matrix-multiply peak through the engine, a 2048 x 2048 float
 * product with the same threads as training; {@code step64} reports its median GFLOP/s as a
 * fraction of this median ({@code peak_gflops} is the best repetition).
 */
final class SgemmWorkload implements Workload {

    static final int N = 2048;

    @Override
    public void run(BenchContext ctx) {
        int threads = EngineThreads.maximum();
        ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomNormal(new Shape(N, N));
            NDArray b = m.randomNormal(new Shape(N, N));
            int reps = ctx.quick() ? 2 : 7;
            double[] ms = new double[reps];
            for (int i = -ctx.warmup(); i < reps; i++) {
                long t = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    c.getFloat(0, 0); // forces the product
                }
                if (i >= 0) {
                    ms[i] = Timing.msSince(t);
                }
            }
            double median = Timing.median(ms);
            double gflops = 2.0 * N * N * N / (median / 1000) / 1e9;
            double best = 2.0 * N * N * N / (Timing.min(ms) / 1000) / 1e9;
            ctx.peakGflops(gflops);
            ctx.emit(ctx.figure("sgemm").put("n", N).put("threads", threads).put("repetitions", reps)
                    .put("median_ms", median).put("min_ms", Timing.min(ms))
                    .put("gflops", gflops).put("peak_gflops", best));
        }
    }
}
