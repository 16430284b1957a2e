package org.fedsynth.attack;

/**
 * A 2-D discrete Fourier transform restricted to a centred low-frequency window, for the FIBA
 * frequency trigger (Feng et al., CVPR 2022).
 *
 * <p>For an {@code n x n} real image {@code u}, {@link #forward} computes
 * {@code F(k, l) = sum_{m, c} u(m, c) exp(-2 pi i (k m + l c) / n)} for the window frequencies
 * {@code k, l in {-half, ..., half}} only (the centred square of side {@code 2 half + 1} after an
 * fftshift), separably in {@code O(n^2 w)} with {@code w = 2 half + 1} and precomputed twiddles.
 * {@link #inverseReal} is the matching inverse of a spectrum that is zero outside the window:
 * {@code u(m, c) = Re (1 / n^2) sum_{k, l in window} F(k, l) exp(+2 pi i (k m + l c) / n)}. The
 * window is symmetric about the origin, so Hermitian-symmetric edits stay real.
 */
final class LowFrequencyDft {

    private final int n;
    private final int w;
    private final int[] freqs;
    private final double[] cos;
    private final double[] sin;

    LowFrequencyDft(int n, int half) {
        if (half < 0 || 2 * half >= n) {
            throw new IllegalArgumentException("window half-width " + half + " must be in [0, " + n + "/2)");
        }
        this.n = n;
        this.w = 2 * half + 1;
        this.freqs = new int[w];
        for (int j = 0; j < w; j++) {
            freqs[j] = Math.floorMod(j - half, n);
        }
        this.cos = new double[n];
        this.sin = new double[n];
        for (int t = 0; t < n; t++) {
            double ang = 2 * Math.PI * t / n;
            cos[t] = Math.cos(ang);
            sin[t] = Math.sin(ang);
        }
    }

    /** Window side {@code 2 half + 1}. */
    int windowSide() {
        return w;
    }

    /** The window spectrum of {@code u} ({@code n*n}, row-major): {@code [re, im]} pairs at {@code (a*w + b)*2}. */
    double[] forward(double[] u) {
        double[] gRe = new double[n * w];
        double[] gIm = new double[n * w];
        for (int m = 0; m < n; m++) {
            int row = m * n;
            for (int b = 0; b < w; b++) {
                int l = freqs[b];
                double sr = 0;
                double si = 0;
                int idx = 0;
                for (int c = 0; c < n; c++) {
                    double v = u[row + c];
                    sr += v * cos[idx];
                    si -= v * sin[idx];
                    idx += l;
                    if (idx >= n) {
                        idx -= n;
                    }
                }
                gRe[m * w + b] = sr;
                gIm[m * w + b] = si;
            }
        }
        double[] out = new double[2 * w * w];
        for (int a = 0; a < w; a++) {
            int k = freqs[a];
            for (int b = 0; b < w; b++) {
                double sr = 0;
                double si = 0;
                int idx = 0;
                for (int m = 0; m < n; m++) {
                    double gr = gRe[m * w + b];
                    double gi = gIm[m * w + b];
                    sr += gr * cos[idx] + gi * sin[idx];
                    si += gi * cos[idx] - gr * sin[idx];
                    idx += k;
                    if (idx >= n) {
                        idx -= n;
                    }
                }
                out[(a * w + b) * 2] = sr;
                out[(a * w + b) * 2 + 1] = si;
            }
        }
        return out;
    }

    /** The real part of the inverse transform of a window spectrum (zero elsewhere), {@code n*n} row-major. */
    double[] inverseReal(double[] spec) {
        double[] hRe = new double[n * w];
        double[] hIm = new double[n * w];
        for (int m = 0; m < n; m++) {
            for (int b = 0; b < w; b++) {
                double sr = 0;
                double si = 0;
                for (int a = 0; a < w; a++) {
                    int idx = (int) ((long) freqs[a] * m % n);
                    double fr = spec[(a * w + b) * 2];
                    double fi = spec[(a * w + b) * 2 + 1];
                    sr += fr * cos[idx] - fi * sin[idx];
                    si += fi * cos[idx] + fr * sin[idx];
                }
                hRe[m * w + b] = sr;
                hIm[m * w + b] = si;
            }
        }
        double norm = 1.0 / ((double) n * n);
        double[] out = new double[n * n];
        for (int m = 0; m < n; m++) {
            for (int c = 0; c < n; c++) {
                double s = 0;
                for (int b = 0; b < w; b++) {
                    int idx = (int) ((long) freqs[b] * c % n);
                    s += hRe[m * w + b] * cos[idx] - hIm[m * w + b] * sin[idx];
                }
                out[m * n + c] = s * norm;
            }
        }
        return out;
    }
}
