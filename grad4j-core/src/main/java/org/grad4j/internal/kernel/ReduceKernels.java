package org.grad4j.internal.kernel;

/**
 * Sums of contiguous runs. Eight independent accumulators break the add dependency chain, and
 * FLOAT32 runs are accumulated in double, so long float sums lose no more than one rounding.
 *
 * <p>Note [Deterministic chunks]: a long run is summed in blocks of {@link Parallel#GRAIN}
 * elements, in parallel, and the block sums are then added in order. The block boundaries depend
 * only on the run's length, never on the number of threads, so a sum gives the same bits on any
 * machine and under any {@code grad4j.threads} setting.
 */
public final class ReduceKernels {
    private static final int BLOCK = Parallel.GRAIN;

    private ReduceKernels() {
    }

    public static double sum(float[] x, int from, int n) {
        if (!Parallel.worthSplitting(n, BLOCK)) {
            return sumRun(x, from, n);
        }
        double[] blockSums = new double[(n + BLOCK - 1) / BLOCK];
        Parallel.forRange(blockSums.length, 1, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                blockSums[b] = sumRun(x, from + b * BLOCK, Math.min(BLOCK, n - b * BLOCK));
            }
        });
        return sumRun(blockSums, 0, blockSums.length);
    }

    public static double sum(double[] x, int from, int n) {
        if (!Parallel.worthSplitting(n, BLOCK)) {
            return sumRun(x, from, n);
        }
        double[] blockSums = new double[(n + BLOCK - 1) / BLOCK];
        Parallel.forRange(blockSums.length, 1, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                blockSums[b] = sumRun(x, from + b * BLOCK, Math.min(BLOCK, n - b * BLOCK));
            }
        });
        return sumRun(blockSums, 0, blockSums.length);
    }

    private static double sumRun(float[] x, int from, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        int i = from;
        int end = from + n;
        for (; i + 7 < end; i += 8) {
            s0 += x[i];
            s1 += x[i + 1];
            s2 += x[i + 2];
            s3 += x[i + 3];
            s4 += x[i + 4];
            s5 += x[i + 5];
            s6 += x[i + 6];
            s7 += x[i + 7];
        }
        for (; i < end; i++) {
            s0 += x[i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    private static double sumRun(double[] x, int from, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        int i = from;
        int end = from + n;
        for (; i + 7 < end; i += 8) {
            s0 += x[i];
            s1 += x[i + 1];
            s2 += x[i + 2];
            s3 += x[i + 3];
            s4 += x[i + 4];
            s5 += x[i + 5];
            s6 += x[i + 6];
            s7 += x[i + 7];
        }
        for (; i < end; i++) {
            s0 += x[i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
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
