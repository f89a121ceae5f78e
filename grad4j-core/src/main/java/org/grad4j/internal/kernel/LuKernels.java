package org.grad4j.internal.kernel;

/**
 * LU factorisation with partial pivoting (LAPACK's getrf, unblocked) and the solves built on it,
 * over square row-major float64 matrices stored at an offset of a larger array (one batch element).
 * Used for inv, det and solve; float32 inputs are factored in float64 and rounded once at the end.
 */
public final class LuKernels {
    private LuKernels() {
    }

    /**
     * Factors the n x n matrix at {@code a[off..]} in place into L (unit lower, below the diagonal)
     * and U (upper), recording row swaps in {@code pivots} (pivots[k] = row swapped with row k).
     * Returns LAPACK's info: 0, or the 1-based index of the first exactly zero pivot U[i][i].
     */
    public static int factor(double[] a, int off, int n, int[] pivots) {
        int info = 0;
        for (int k = 0; k < n; k++) {
            int p = k;
            double best = Math.abs(a[off + k * n + k]);
            for (int i = k + 1; i < n; i++) {
                double v = Math.abs(a[off + i * n + k]);
                if (v > best) {
                    best = v;
                    p = i;
                }
            }
            pivots[k] = p;
            if (best == 0.0) {
                // The column below the diagonal is all zero: nothing to eliminate (LAPACK goes on too).
                if (info == 0) {
                    info = k + 1;
                }
                continue;
            }
            if (p != k) {
                swapRows(a, off, n, k, p);
            }
            double inv = 1.0 / a[off + k * n + k];
            for (int i = k + 1; i < n; i++) {
                int row = off + i * n;
                double l = a[row + k] * inv;
                a[row + k] = l;
                if (l != 0.0) {
                    int pivotRow = off + k * n;
                    for (int j = k + 1; j < n; j++) {
                        a[row + j] -= l * a[pivotRow + j];
                    }
                }
            }
        }
        return info;
    }

    /** The determinant from a factorisation: the product of U's diagonal, negated once per row swap. */
    public static double determinant(double[] lu, int off, int n, int[] pivots) {
        double det = 1.0;
        for (int k = 0; k < n; k++) {
            det *= lu[off + k * n + k];
            if (pivots[k] != k) {
                det = -det;
            }
        }
        return det;
    }

    /**
     * Overwrites the n x m right-hand sides at {@code b[bOff..]} (row-major) with the solution X of
     * A X = B, given A's factorisation (which must have no zero pivot).
     */
    public static void solve(double[] lu, int off, int n, int[] pivots, double[] b, int bOff, int m) {
        for (int k = 0; k < n; k++) {
            if (pivots[k] != k) {
                swapRows(b, bOff, m, k, pivots[k]);
            }
        }
        // L y = P b (unit diagonal), then U x = y.
        for (int i = 0; i < n; i++) {
            int row = bOff + i * m;
            for (int k = 0; k < i; k++) {
                double l = lu[off + i * n + k];
                if (l != 0.0) {
                    int src = bOff + k * m;
                    for (int j = 0; j < m; j++) {
                        b[row + j] -= l * b[src + j];
                    }
                }
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            int row = bOff + i * m;
            for (int k = i + 1; k < n; k++) {
                double u = lu[off + i * n + k];
                if (u != 0.0) {
                    int src = bOff + k * m;
                    for (int j = 0; j < m; j++) {
                        b[row + j] -= u * b[src + j];
                    }
                }
            }
            double inv = 1.0 / lu[off + i * n + i];
            for (int j = 0; j < m; j++) {
                b[row + j] *= inv;
            }
        }
    }

    private static void swapRows(double[] a, int off, int width, int r1, int r2) {
        int x = off + r1 * width;
        int y = off + r2 * width;
        for (int j = 0; j < width; j++) {
            double t = a[x + j];
            a[x + j] = a[y + j];
            a[y + j] = t;
        }
    }
}
