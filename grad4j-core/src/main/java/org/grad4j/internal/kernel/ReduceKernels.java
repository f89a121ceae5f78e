package org.grad4j.internal.kernel;

/**
 * Sums of contiguous runs, FLOAT32 runs accumulated in double so that long float sums lose no more
 * than one rounding. The Vector API kernels (VectorReduceKernels) do the work where the JVM has
 * them; the loops here are the fallback and define the order of the additions.
 *
 * <p>Note [Deterministic chunks]: a long run is summed in blocks of {@link Parallel#GRAIN}
 * elements, in parallel, and the block sums are then added in order. The block boundaries depend
 * only on the run's length, never on the number of threads, so a sum gives the same bits on any
 * machine and under any {@code grad4j.threads} setting.
 *
 * <p>Note [Thirty-two partial sums]: within a run, element {@code from + i} of the first
 * {@code 32 * (n / 32)} elements is added to partial sum {@code i % 32} (independent sums break the
 * add latency chain and are what the vector lanes hold); the partial sums are then combined by a
 * halving tree (sum j += sum j + 16, then j + 8, 4, 2, 1) and the last {@code n % 32} elements are
 * added one by one. The vector kernels follow this order exactly, so the vector and scalar paths
 * give the same bits, and sums stay deterministic whether or not the Vector API is on. Every
 * partial sum starts at +0.0, so a sum of -0.0s is +0.0, as in PyTorch. Each element passes through
 * at most n / 32 + 36 roundings per run, which bounds the error by about
 * {@code (n / 32 + 36) * 2^-53 * sum(|x|)}.
 */
public final class ReduceKernels {
    /** The number of interleaved partial sums of Note [Thirty-two partial sums]. */
    static final int PARTIAL_SUMS = 32;

    private static final int BLOCK = Parallel.GRAIN;
    private static final VectorReduceKernels VECTOR = VectorReduceKernels.INSTANCE;

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
        return VECTOR != null && n >= PARTIAL_SUMS ? VECTOR.sum(x, from, n) : scalarSumRun(x, from, n);
    }

    private static double sumRun(double[] x, int from, int n) {
        return VECTOR != null && n >= PARTIAL_SUMS ? VECTOR.sum(x, from, n) : scalarSumRun(x, from, n);
    }

    /** One run in the order of Note [Thirty-two partial sums], without the Vector API. */
    static double scalarSumRun(float[] x, int from, int n) {
        int chunked = from + n / PARTIAL_SUMS * PARTIAL_SUMS;
        double sum = 0;
        if (chunked > from) {
            double[] partial = new double[PARTIAL_SUMS];
            for (int i = from; i < chunked; i += PARTIAL_SUMS) {
                for (int j = 0; j < PARTIAL_SUMS; j++) {
                    partial[j] += x[i + j];
                }
            }
            sum = halvingTree(partial);
        }
        for (int i = chunked; i < from + n; i++) {
            sum += x[i];
        }
        return sum;
    }

    /** {@link #scalarSumRun(float[], int, int)} for FLOAT64. */
    static double scalarSumRun(double[] x, int from, int n) {
        int chunked = from + n / PARTIAL_SUMS * PARTIAL_SUMS;
        double sum = 0;
        if (chunked > from) {
            double[] partial = new double[PARTIAL_SUMS];
            for (int i = from; i < chunked; i += PARTIAL_SUMS) {
                for (int j = 0; j < PARTIAL_SUMS; j++) {
                    partial[j] += x[i + j];
                }
            }
            sum = halvingTree(partial);
        }
        for (int i = chunked; i < from + n; i++) {
            sum += x[i];
        }
        return sum;
    }

    private static double halvingTree(double[] partial) {
        for (int width = PARTIAL_SUMS / 2; width >= 1; width /= 2) {
            for (int j = 0; j < width; j++) {
                partial[j] += partial[j + width];
            }
        }
        return partial[0];
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
