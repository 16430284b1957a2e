package org.fedsynth.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KernelInceptionDistanceTest {

    @Test
    void handComputedOneDimensional() {
        // d = 1, k(x, y) = (x y + 1)^3. X = {0, 1}, Y = {1, 2}.
        // XX: 2 k(0,1) / (2*1) = 1.  YY: 2 k(1,2) / 2 = 27.
        // XY: k(0,1) + k(0,2) + k(1,1) + k(1,2) = 1 + 1 + 8 + 27 = 37, 2 * 37 / 4 = 18.5.
        // MMD^2 = 1 + 27 - 18.5 = 9.5
        double[][] x = Samples.line(0, 1);
        double[][] y = Samples.line(1, 2);
        assertEquals(9.5, KernelInceptionDistance.mmd2Unbiased(x, y), 1e-12);
        // A subset of the whole set is a permutation of it: every subset gives 9.5, std 0.
        KernelInceptionDistance.Result r = KernelInceptionDistance.of(x, y, 5, 1000, 42);
        assertEquals(9.5, r.mean(), 1e-12);
        assertEquals(0.0, r.std(), 1e-12);
        assertEquals(2, r.subsetSize());
        assertEquals(5, r.subsets());
    }

    @Test
    void handComputedTwoDimensionalCanBeNegative() {
        // d = 2, k(x, y) = (x.y / 2 + 1)^3. X = {(1,0), (0,1)}, Y = {(1,1), (0,0)}.
        // XX: x1.x2 = 0 -> 1, term 1.  YY: 0 -> 1, term 1.
        // XY: dots 1, 0, 1, 0 -> 1.5^3 + 1 + 1.5^3 + 1 = 8.75, 2 * 8.75 / 4 = 4.375.
        // MMD^2 = 2 - 4.375 = -2.375 (the unbiased estimate can be negative)
        double[][] x = {{1, 0}, {0, 1}};
        double[][] y = {{1, 1}, {0, 0}};
        assertEquals(-2.375, KernelInceptionDistance.mmd2Unbiased(x, y), 1e-12);
        assertEquals(3.375, KernelInceptionDistance.kernel(new double[] {1, 0}, new double[] {1, 1}), 1e-15);
    }

    @Test
    void unequalSizesUseTheirOwnNormalisers() {
        // d = 1, X = {0, 1, 2}, Y = {0, 1}.
        // XX: 2 (k01 + k02 + k12) / 6 = 2 (1 + 1 + 27) / 6 = 29/3.  YY: 2 k01 / 2 = 1.
        // XY: k00 + k01 + k10 + k11 + k20 + k21 = 1 + 1 + 1 + 8 + 1 + 27 = 39, 2 * 39 / 6 = 13.
        // MMD^2 = 29/3 + 1 - 13 = -7/3
        assertEquals(-7.0 / 3, KernelInceptionDistance.mmd2Unbiased(Samples.line(0, 1, 2), Samples.line(0, 1)), 1e-12);
    }

    @Test
    void nearZeroForOneDistribution() {
        // Under the null the unbiased estimate's standard deviation shrinks like 1/n; for N(0, I_8)
        // and this kernel it is about 0.04 at subset size 100, so use 1000 samples, subsets of 500.
        double[][] x = Samples.gaussian(1000, 8, 21);
        double[][] y = Samples.gaussian(1000, 8, 22);
        KernelInceptionDistance.Result r = KernelInceptionDistance.of(x, y, 10, 500, 1);
        assertTrue(Math.abs(r.mean()) < 0.01, "kid " + r);
        assertEquals(500, r.subsetSize());
        KernelInceptionDistance.Result shifted = KernelInceptionDistance.of(x, Samples.shift(y, 1.0), 10, 500, 1);
        assertTrue(shifted.mean() > 100 * Math.abs(r.mean()), "kid " + shifted + " vs " + r);
    }

    @Test
    void clearlyPositiveForShiftedDistribution() {
        double[][] x = Samples.gaussian(200, 8, 21);
        double[][] y = Samples.shift(Samples.gaussian(200, 8, 22), 1.0);
        KernelInceptionDistance.Result r = KernelInceptionDistance.of(x, y, 20, 100, 1);
        assertTrue(r.mean() > 0.1 && r.mean() > 10 * r.std(), "kid " + r);
        // A smaller shift scores lower.
        KernelInceptionDistance.Result half = KernelInceptionDistance.of(x, Samples.shift(y, -0.5), 20, 100, 1);
        assertTrue(half.mean() < r.mean(), "kid " + half + " vs " + r);
    }

    @Test
    void seededAndCapped() {
        double[][] x = Samples.gaussian(30, 4, 31);
        double[][] y = Samples.gaussian(20, 4, 32);
        KernelInceptionDistance.Result a = KernelInceptionDistance.of(x, y, 10, 15, 7);
        assertEquals(a, KernelInceptionDistance.of(x, y, 10, 15, 7));
        assertNotEquals(a.mean(), KernelInceptionDistance.of(x, y, 10, 15, 8).mean());
        assertTrue(a.std() > 0);
        KernelInceptionDistance.Result d = KernelInceptionDistance.of(x, y, 7);
        assertEquals(20, d.subsetSize());
        assertEquals(KernelInceptionDistance.DEFAULT_SUBSETS, d.subsets());
    }

    @Test
    void matchesNumpyReference() {
        assertEquals(Samples.REF_MMD2, KernelInceptionDistance.mmd2Unbiased(Samples.REF_REAL, Samples.REF_FAKE), 1e-12);
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> KernelInceptionDistance.mmd2Unbiased(Samples.line(1), Samples.line(1, 2)));
        assertThrows(IllegalArgumentException.class, () -> KernelInceptionDistance.of(Samples.line(1, 2), Samples.line(1, 2), 0, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> KernelInceptionDistance.of(Samples.line(1, 2), Samples.line(1, 2), 1, 1, 0));
    }
}
