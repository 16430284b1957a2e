package org.fedsynth.eval;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Fréchet distance between two Gaussians fitted to feature sets: the quantity behind FID (Heusel,
 * Ramsauer, Unterthiner, Nessler and Hochreiter, "GANs Trained by a Two Time-Scale Update Rule
 * Converge to a Local Nash Equilibrium", NeurIPS 2017):
 *
 * <pre>
 *   FD = ||mu1 - mu2||^2 + Tr(S1 + S2 - 2 (S1 S2)^{1/2})
 * </pre>
 *
 * <p><b>Matrix square root.</b> {@code S1 S2} is not symmetric, so its square root is not computed
 * directly (scipy's {@code sqrtm}, used by pytorch-fid, can return complex noise there). Instead
 * {@code Tr((S1 S2)^{1/2}) = Tr((S1^{1/2} S2 S1^{1/2})^{1/2})}, because {@code S1 S2} is similar to
 * the symmetric positive semi-definite {@code A = S1^{1/2} S2 S1^{1/2}}
 * ({@code S1 S2 = S1^{1/2} A S1^{-1/2}} when {@code S1} is invertible, and by continuity otherwise).
 * {@code S1^{1/2} = V diag(sqrt(max(l, 0))) V^T} comes from the symmetric eigendecomposition of
 * {@code S1}; the trace is the sum of {@code sqrt(max(l, 0))} over the eigenvalues {@code l} of
 * {@code A} (symmetrised as {@code (A + A^T) / 2} against round-off). Eigenvalues that round-off
 * makes slightly negative are clamped to 0, and so are positive ones below the numerical-rank
 * tolerance {@code d * 2^-52 * max|l|} (numpy's {@code matrix_rank} rule): they are round-off, and
 * their square roots (of order {@code 1e-8} times the scale) would otherwise leak into the trace.
 * This makes singular covariances (fewer samples than dimensions) safe: FD of a rank-deficient set
 * against itself is 0 to round-off (without the tolerance, about {@code -5e-8} on a 3 x 6 example). Eigendecompositions are EJML's
 * symmetric QR algorithm.
 *
 * <p><b>Covariance.</b> The unbiased estimate (divide by {@code n - 1}), like {@code np.cov} and
 * pytorch-fid. The result is not clamped: identical inputs give 0 up to round-off (of order
 * {@code 1e-12} times the feature scale squared, possibly slightly negative).
 */
public final class FrechetDistance {

    private FrechetDistance() {}

    /** Fréchet distance between Gaussians fitted to {@code x} and {@code y} (each needs 2 or more rows). */
    public static double of(double[][] x, double[][] y) {
        Features.checkPair("x", x, 2, "y", y, 2);
        return of(mean(x), covariance(x), mean(y), covariance(y));
    }

    /**
     * Fréchet distance between N(mu1, s1) and N(mu2, s2), from exact moments. The covariances must
     * be symmetric positive semi-definite (symmetry is checked to a relative 1e-9; the
     * symmetrised matrix is used).
     */
    public static double of(double[] mu1, double[][] s1, double[] mu2, double[][] s2) {
        int d = mu1.length;
        if (d == 0 || mu2.length != d) {
            throw new IllegalArgumentException("means have lengths " + d + " and " + mu2.length);
        }
        DMatrixRMaj a = symmetric("s1", s1, d);
        DMatrixRMaj b = symmetric("s2", s2, d);
        double meanTerm = 0;
        for (int i = 0; i < d; i++) {
            double t = mu1[i] - mu2[i];
            meanTerm += t * t;
        }
        return meanTerm + CommonOps_DDRM.trace(a) + CommonOps_DDRM.trace(b) - 2 * traceSqrtProduct(a, b);
    }

    /**
     * {@code Tr((S1 S2)^{1/2})} for symmetric positive semi-definite {@code s1}, {@code s2}, computed
     * as described in the class comment.
     */
    public static double traceSqrtProduct(double[][] s1, double[][] s2) {
        int d = s1.length;
        return traceSqrtProduct(symmetric("s1", s1, d), symmetric("s2", s2, d));
    }

    private static double traceSqrtProduct(DMatrixRMaj s1, DMatrixRMaj s2) {
        int d = s1.numRows;
        DMatrixRMaj root = sqrtPsd(s1);
        DMatrixRMaj tmp = new DMatrixRMaj(d, d);
        DMatrixRMaj a = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(root, s2, tmp);
        CommonOps_DDRM.mult(tmp, root, a);
        symmetrise(a);
        double[] l = symmetricEigenvalues(a);
        double tol = rankTolerance(l);
        double s = 0;
        for (double v : l) {
            if (v > tol) {
                s += Math.sqrt(v);
            }
        }
        return s;
    }

    /** Symmetric PSD square root {@code V diag(sqrt(l)) V^T}, eigenvalues at or below {@link #rankTolerance} as 0. */
    static DMatrixRMaj sqrtPsd(DMatrixRMaj s) {
        int d = s.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(s.copy())) {
            throw new ArithmeticException("symmetric eigendecomposition failed");
        }
        double[] l = new double[eig.getNumberOfEigenvalues()];
        for (int k = 0; k < l.length; k++) {
            l[k] = eig.getEigenvalue(k).getReal();
        }
        double tol = rankTolerance(l);
        DMatrixRMaj out = new DMatrixRMaj(d, d);
        double[] o = out.data;
        for (int k = 0; k < l.length; k++) {
            if (!(l[k] > tol)) {
                continue;
            }
            double root = Math.sqrt(l[k]);
            double[] v = eig.getEigenVector(k).data;
            for (int i = 0; i < d; i++) {
                double vi = root * v[i];
                int row = i * d;
                for (int j = 0; j < d; j++) {
                    o[row + j] += vi * v[j];
                }
            }
        }
        symmetrise(out);
        return out;
    }

    /** Eigenvalues at or below this are treated as 0: {@code n * 2^-52 * max|l|}. */
    static double rankTolerance(double[] l) {
        double max = 0;
        for (double v : l) {
            max = Math.max(max, Math.abs(v));
        }
        return l.length * Math.ulp(1.0) * max;
    }

    /** Eigenvalues of a symmetric matrix (EJML symmetric QR, no eigenvectors). */
    static double[] symmetricEigenvalues(DMatrixRMaj a) {
        int d = a.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, false, true);
        if (!eig.decompose(a.copy())) {
            throw new ArithmeticException("symmetric eigendecomposition failed");
        }
        double[] l = new double[eig.getNumberOfEigenvalues()];
        for (int k = 0; k < l.length; k++) {
            l[k] = eig.getEigenvalue(k).getReal();
        }
        return l;
    }

    /** Column means of {@code x}. */
    public static double[] mean(double[][] x) {
        int d = Features.check("x", x, 1);
        double[] mu = new double[d];
        for (double[] r : x) {
            for (int j = 0; j < d; j++) {
                mu[j] += r[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mu[j] /= x.length;
        }
        return mu;
    }

    /** Unbiased covariance of the columns of {@code x} (divide by {@code n - 1}, like {@code np.cov(x, rowvar=False)}). */
    public static double[][] covariance(double[][] x) {
        int d = Features.check("x", x, 2);
        int n = x.length;
        double[] mu = mean(x);
        // Centred data as an n x d EJML matrix, then C = X^T X / (n - 1).
        DMatrixRMaj c = new DMatrixRMaj(n, d);
        for (int i = 0; i < n; i++) {
            double[] r = x[i];
            int row = i * d;
            for (int j = 0; j < d; j++) {
                c.data[row + j] = r[j] - mu[j];
            }
        }
        DMatrixRMaj cov = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransA(c, c, cov);
        CommonOps_DDRM.scale(1.0 / (n - 1), cov);
        symmetrise(cov);
        double[][] out = new double[d][d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(cov.data, i * d, out[i], 0, d);
        }
        return out;
    }

    private static DMatrixRMaj symmetric(String name, double[][] s, int d) {
        if (s.length != d) {
            throw new IllegalArgumentException(name + " has " + s.length + " rows, expected " + d);
        }
        DMatrixRMaj m = new DMatrixRMaj(d, d);
        double scale = 0;
        for (int i = 0; i < d; i++) {
            if (s[i].length != d) {
                throw new IllegalArgumentException(name + " row " + i + " has length " + s[i].length + ", expected " + d);
            }
            for (int j = 0; j < d; j++) {
                double v = s[i][j];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(name + "[" + i + "][" + j + "] is not finite");
                }
                m.data[i * d + j] = v;
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                if (Math.abs(s[i][j] - s[j][i]) > 1e-9 * Math.max(scale, Double.MIN_NORMAL)) {
                    throw new IllegalArgumentException(name + " is not symmetric at (" + i + ", " + j + ")");
                }
            }
        }
        symmetrise(m);
        return m;
    }

    private static void symmetrise(DMatrixRMaj a) {
        int d = a.numRows;
        double[] o = a.data;
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                double v = 0.5 * (o[i * d + j] + o[j * d + i]);
                o[i * d + j] = v;
                o[j * d + i] = v;
            }
        }
    }
}
