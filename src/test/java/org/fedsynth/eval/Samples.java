package org.fedsynth.eval;

import java.util.SplittableRandom;

/** Small deterministic test inputs. */
final class Samples {

    private Samples() {}

    /** n x d standard normal draws (Box-Muller on a seeded generator), scaled per column and shifted. */
    static double[][] gaussian(int n, int d, double[] mean, double[] std, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double u1 = 1.0 - rng.nextDouble();
                double u2 = rng.nextDouble();
                double z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
                x[i][j] = (mean == null ? 0 : mean[j]) + (std == null ? 1 : std[j]) * z;
            }
        }
        return x;
    }

    static double[][] gaussian(int n, int d, long seed) {
        return gaussian(n, d, null, null, seed);
    }

    static double[][] shift(double[][] x, double by) {
        double[][] y = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i].clone();
            for (int j = 0; j < y[i].length; j++) {
                y[i][j] += by;
            }
        }
        return y;
    }

    /** Points on a line, as 1-d rows. */
    static double[][] line(double... v) {
        double[][] x = new double[v.length][1];
        for (int i = 0; i < v.length; i++) {
            x[i][0] = v[i];
        }
        return x;
    }

    /*
     * Fixed reference data and reference values, computed once during development with numpy 1.24.2 /
     * scipy 1.10.1 (not a test dependency):
     *   rng = np.random.default_rng(7)
     *   R = np.round(rng.normal(size=(12, 3)), 3); F = np.round(rng.normal(0.3, 1.2, size=(10, 3)), 3)
     *   FD   = |mu1 - mu2|^2 + trace(s1 + s2 - 2 * scipy.linalg.sqrtm(s1 @ s2).real), s = np.cov(., rowvar=False)
     *   MMD2 = unbiased cubic-kernel MMD^2 of all of R against all of F (kernel (A @ B.T / d + 1) ** 3)
     *   PRDC = the formulas of prdc.compute_prdc (radii np.sort(dist, axis=1)[:, k], strict <)
     */
    static final double[][] REF_REAL = {
            {0.001, 0.299, -0.274},
            {-0.891, -0.455, -0.992},
            {0.06, 1.34, -0.492},
            {-0.62, 0.49, 0.357},
            {0.105, -0.93, -0.029},
            {0.695, -1.344, -0.458},
            {-1.901, -1.29, -1.842},
            {-0.235, -1.267, 0.271},
            {0.157, -0.187, -2.517},
            {-0.539, -0.049, 0.113},
            {-1.53, -0.478, -0.979},
            {-0.809, 1.061, -0.808}};
    static final double[][] REF_FAKE = {
            {0.261, 1.361, -0.4},
            {0.166, 0.433, 0.377},
            {-1.17, 0.391, 1.931},
            {-1.557, 1.331, 0.443},
            {-0.47, 2.7, 1.215},
            {-1.139, 0.389, 0.992},
            {0.073, 1.119, 0.22},
            {1.101, 2.026, -0.511},
            {0.544, -0.256, 0.453},
            {-1.125, -0.395, 0.065}};
    static final double REF_FD = 2.893122653293457;
    static final double REF_MMD2 = 3.3299952833966637;
    /** precision, recall, density, coverage with k = 3. */
    static final double[] REF_PRDC_K3 = {0.8, 0.8333333333333334, 0.7, 0.9166666666666666};
    /** precision, recall, density, coverage with k = 5. */
    static final double[] REF_PRDC_K5 = {0.8, 0.8333333333333334, 0.66, 0.9166666666666666};
    /** k = 3 radii of REF_REAL. */
    static final double[] REF_RADII_K3 = {1.0652164099374364, 1.3710229757374601, 1.3804712963332486,
            1.311101445350435, 1.1004821670522427, 1.7930256551427255, 2.430555080634874, 1.2652683509833003,
            2.3013244012959144, 1.1004821670522427, 1.535768862817579, 1.311101445350435};
}
