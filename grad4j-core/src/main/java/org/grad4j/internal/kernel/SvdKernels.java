package org.grad4j.internal.kernel;

/**
 * The singular value decomposition A = U diag(S) Vh of one row-major float64 m x n matrix, by
 * one-sided Jacobi rotations (Hestenes): rotate pairs of columns until every pair is orthogonal;
 * the column norms are then the singular values, the normalised columns the left singular
 * vectors and the accumulated rotations the right ones. Slower than LAPACK's bidiagonalisation for
 * big matrices, but short, and about as accurate.
 *
 * <p>Singular values come in descending order. Singular vectors are unique only up to sign (and
 * up to a rotation within a repeated singular value), so they may differ from LAPACK's; where a
 * singular value is (numerically) zero, or a full U or Vh needs more vectors than there are
 * singular values, the missing vectors are an orthonormal completion.
 */
public final class SvdKernels {
    private static final int MAX_SWEEPS = 80;
    private static final double EPS = 0x1p-52;

    private SvdKernels() {
    }

    /**
     * Decomposes the m x n matrix at {@code a[aOff..]}; writes the k = min(m, n) singular values at
     * {@code s[sOff..]}, and when {@code u} is not null U (m x m if full, else m x k) at
     * {@code u[uOff..]} and Vh (n x n if full, else k x n) at {@code vh[vhOff..]}, row-major.
     */
    public static void decompose(double[] a, int aOff, int m, int n, double[] s, int sOff, double[] u, int uOff,
            double[] vh, int vhOff, boolean full) {
        boolean tall = m >= n;
        int rows = tall ? m : n; // the Jacobi sweep works on the tall one of A and A^T
        int cols = tall ? n : m;
        // Work on A / max|a_ij| so that squared column norms neither overflow nor underflow.
        double scale = 0;
        for (int i = 0; i < m * n; i++) {
            scale = Math.max(scale, Math.abs(a[aOff + i]));
        }
        if (scale == 0) {
            scale = 1; // a zero matrix: nothing to scale
        }
        // w[j] is column j of the tall matrix; v[j] is column j of its right factor (starts as the identity).
        double[][] w = new double[cols][rows];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double x = a[aOff + i * n + j] / scale;
                if (tall) {
                    w[j][i] = x;
                } else {
                    w[i][j] = x;
                }
            }
        }
        boolean vectors = u != null;
        double[][] v = vectors ? identity(cols) : null;
        sweep(w, v);
        double[] norms = new double[cols];
        for (int j = 0; j < cols; j++) {
            norms[j] = Math.sqrt(dot(w[j], w[j]));
        }
        int[] order = descending(norms);
        for (int j = 0; j < cols; j++) {
            s[sOff + j] = norms[order[j]] * scale;
        }
        if (!vectors) {
            return;
        }
        // Left vectors of the tall matrix: its normalised columns, completed where a value is ~0 or more are wanted.
        int leftCount = full ? rows : cols;
        double[][] left = new double[leftCount][];
        double negligible = norms.length == 0 ? 0 : norms[order[0]] * rows * EPS;
        boolean[] missing = new boolean[leftCount];
        for (int j = 0; j < leftCount; j++) {
            if (j < cols && norms[order[j]] > negligible && norms[order[j]] > 0) {
                left[j] = scaled(w[order[j]], 1.0 / norms[order[j]]);
            } else {
                missing[j] = true;
            }
        }
        complete(left, missing, rows);
        double[][] right = new double[cols][];
        for (int j = 0; j < cols; j++) {
            right[j] = v[order[j]];
        }
        // Tall: U = left (columns), Vh = right^T. Wide: A^T = L S R^T, so U = R and Vh = L^T.
        double[][] uColumns = tall ? left : right;
        double[][] vhRows = tall ? right : left;
        int uCount = full ? m : Math.min(m, n);
        int vhCount = full ? n : Math.min(m, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < uCount; j++) {
                u[uOff + i * uCount + j] = uColumns[j][i];
            }
        }
        for (int i = 0; i < vhCount; i++) {
            System.arraycopy(vhRows[i], 0, vh, vhOff + i * n, n);
        }
    }

    /** True when the count values at {@code a[off..]} are all finite (the decomposition needs that). */
    public static boolean allFinite(double[] a, int off, int count) {
        for (int i = off; i < off + count; i++) {
            if (!Double.isFinite(a[i])) {
                return false;
            }
        }
        return true;
    }

    /** Cyclic sweeps of plane rotations over all column pairs of w (applied to v too) until all are orthogonal. */
    private static void sweep(double[][] w, double[][] v) {
        int cols = w.length;
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            boolean rotated = false;
            for (int p = 0; p < cols - 1; p++) {
                for (int q = p + 1; q < cols; q++) {
                    double alpha = dot(w[p], w[p]);
                    double beta = dot(w[q], w[q]);
                    double gamma = dot(w[p], w[q]);
                    if (gamma == 0 || Math.abs(gamma) <= EPS * Math.sqrt(alpha) * Math.sqrt(beta)) {
                        continue;
                    }
                    rotated = true;
                    // The rotation that zeroes the off-diagonal entry of the 2x2 Gram matrix [[alpha, gamma], [gamma, beta]].
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = Math.signum(zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
                    if (zeta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(1 + t * t);
                    rotate(w[p], w[q], c, c * t);
                    if (v != null) {
                        rotate(v[p], v[q], c, c * t);
                    }
                }
            }
            if (!rotated) {
                return;
            }
        }
    }

    private static void rotate(double[] x, double[] y, double c, double s) {
        for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            double yi = y[i];
            x[i] = c * xi - s * yi;
            y[i] = s * xi + c * yi;
        }
    }

    /**
     * Fills the missing vectors with unit vectors orthogonal to all others: the standard basis
     * vector that keeps most of its length after two Gram-Schmidt passes against the present ones.
     */
    private static void complete(double[][] vectors, boolean[] missing, int length) {
        for (int j = 0; j < vectors.length; j++) {
            if (!missing[j]) {
                continue;
            }
            double[] best = null;
            double bestNorm = -1;
            for (int e = 0; e < length; e++) {
                double[] candidate = new double[length];
                candidate[e] = 1;
                for (int pass = 0; pass < 2; pass++) {
                    for (int i = 0; i < vectors.length; i++) {
                        if (vectors[i] != null) {
                            axpy(-dot(vectors[i], candidate), vectors[i], candidate);
                        }
                    }
                }
                double norm = Math.sqrt(dot(candidate, candidate));
                if (norm > bestNorm) {
                    bestNorm = norm;
                    best = candidate;
                }
                if (norm > 0.5) {
                    break; // good enough: at most half the length was lost, so the vector is well determined
                }
            }
            vectors[j] = scaled(best, 1.0 / bestNorm);
        }
    }

    /** Positions of values by descending value (stable, so equal values keep their order). */
    private static int[] descending(double[] values) {
        Integer[] boxed = new Integer[values.length];
        for (int i = 0; i < boxed.length; i++) {
            boxed[i] = i;
        }
        java.util.Arrays.sort(boxed, (x, y) -> Double.compare(values[y], values[x]));
        int[] out = new int[boxed.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = boxed[i];
        }
        return out;
    }

    private static double[][] identity(int n) {
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            out[i][i] = 1;
        }
        return out;
    }

    private static double dot(double[] x, double[] y) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += x[i] * y[i];
        }
        return sum;
    }

    private static void axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += alpha * x[i];
        }
    }

    private static double[] scaled(double[] x, double factor) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * factor;
        }
        return out;
    }
}
