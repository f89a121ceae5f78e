package org.grad4j.internal.kernel;

import org.grad4j.internal.tensor.Storage;

/**
 * Order-based kernels (sort, arg-extremes, running extremes, median, mode) over one row of
 * {@code long} sort keys. Every dtype is first mapped to keys whose signed order is PyTorch's order
 * of the values (see {@link #keys}), so each kernel is written once and INT64 stays exact.
 * Kernels return positions within the row; values are then gathered from the original data.
 */
public final class OrderKernels {
    private OrderKernels() {
    }

    /**
     * Sort keys of a dense storage: INT64 and BOOL as they are; floating values by their IEEE bits
     * made monotone, with -0.0 equal to 0.0 and NaN the largest key ({@code nanLargest}) or the
     * smallest (used by min-type ops, for which PyTorch also propagates NaN).
     */
    public static long[] keys(Storage dense, int n, boolean nanLargest) {
        long[] out = new long[n];
        switch (dense.dtype()) {
            case FLOAT32: {
                float[] x = dense.floats();
                for (int i = 0; i < n; i++) {
                    out[i] = floatKey(x[i], nanLargest);
                }
                break;
            }
            case FLOAT64: {
                double[] x = dense.doubles();
                for (int i = 0; i < n; i++) {
                    out[i] = floatKey(x[i], nanLargest);
                }
                break;
            }
            case INT64:
                System.arraycopy(dense.longs(), 0, out, 0, n);
                break;
            default: {
                boolean[] x = dense.bools();
                for (int i = 0; i < n; i++) {
                    out[i] = x[i] ? 1 : 0;
                }
                break;
            }
        }
        return out;
    }

    private static long floatKey(double v, boolean nanLargest) {
        if (v != v) {
            return nanLargest ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        long bits = Double.doubleToLongBits(v == 0 ? 0.0 : v);
        return bits >= 0 ? bits : bits ^ Long.MAX_VALUE;
    }

    /** Position of the first largest (or smallest) key. */
    public static int argExtreme(long[] row, int n, boolean largest) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (largest ? row[i] > row[best] : row[i] < row[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Running arg-extreme: a later key equal to the current extreme takes over its index (PyTorch's cummax). */
    public static void cumArgExtreme(long[] row, int n, boolean largest, int[] out) {
        int best = 0;
        for (int i = 0; i < n; i++) {
            if (largest ? row[i] >= row[best] : row[i] <= row[best]) {
                best = i;
            }
            out[i] = best;
        }
    }

    /** Stable argsort of the row into {@code order} (length n); {@code buffer} is scratch of length n. */
    public static void argsort(long[] row, int n, boolean descending, int[] order, int[] buffer) {
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int[] from = order;
        int[] to = buffer;
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int a = lo;
                int b = mid;
                int k = lo;
                while (a < mid && b < hi) {
                    long ka = row[from[a]];
                    long kb = row[from[b]];
                    boolean takeB = descending ? kb > ka : kb < ka;
                    to[k++] = takeB ? from[b++] : from[a++];
                }
                while (a < mid) {
                    to[k++] = from[a++];
                }
                while (b < hi) {
                    to[k++] = from[b++];
                }
            }
            int[] swap = from;
            from = to;
            to = swap;
        }
        if (from != order) {
            System.arraycopy(from, 0, order, 0, n);
        }
    }

    /**
     * Lower median's position (the element of rank (n-1)/2); a row holding NaN (key Long.MAX_VALUE
     * from nanLargest keys) gives its first NaN, since PyTorch's median propagates NaN.
     */
    public static int median(long[] row, int n, int[] order, int[] buffer) {
        for (int i = 0; i < n; i++) {
            if (row[i] == Long.MAX_VALUE) {
                return i;
            }
        }
        argsort(row, n, false, order, buffer);
        return order[(n - 1) / 2];
    }

    /** Most frequent key (the smallest among equally frequent ones) and its last position, as PyTorch's mode. */
    public static int mode(long[] row, int n, int[] order, int[] buffer) {
        argsort(row, n, false, order, buffer);
        int bestCount = 0;
        int bestPosition = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && row[order[j + 1]] == row[order[i]]) {
                j++;
            }
            int count = j - i + 1;
            if (count > bestCount) {
                bestCount = count;
                bestPosition = order[j];
            }
            i = j + 1;
        }
        return bestPosition;
    }
}
