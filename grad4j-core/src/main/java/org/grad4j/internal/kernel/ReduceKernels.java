package org.grad4j.internal.kernel;

/**
 * Sums of contiguous runs. Four independent accumulators break the add dependency chain, and
 * FLOAT32 runs are accumulated in double, so long float sums lose no more than one rounding.
 */
public final class ReduceKernels {
    private ReduceKernels() {
    }

    public static double sum(float[] x, int from, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += x[from + i];
            s1 += x[from + i + 1];
            s2 += x[from + i + 2];
            s3 += x[from + i + 3];
        }
        for (; i < n; i++) {
            s0 += x[from + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    public static double sum(double[] x, int from, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += x[from + i];
            s1 += x[from + i + 1];
            s2 += x[from + i + 2];
            s3 += x[from + i + 3];
        }
        for (; i < n; i++) {
            s0 += x[from + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    public static long sum(long[] x, int from, int n) {
        long s = 0;
        for (int i = 0; i < n; i++) {
            s += x[from + i];
        }
        return s;
    }

    public static long count(boolean[] x, int from, int n) {
        long s = 0;
        for (int i = 0; i < n; i++) {
            if (x[from + i]) {
                s++;
            }
        }
        return s;
    }
}
