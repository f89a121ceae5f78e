package org.grad4j.internal.kernel;

import java.util.Arrays;

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

    /** Runs from this length on are summed in blocks (Note [Deterministic chunks]), whatever the thread count. */
    public static final int BLOCKED_FROM = 2 * BLOCK;

    private static final VectorReduceKernels VECTOR = VectorReduceKernels.INSTANCE;

    private ReduceKernels() {
    }

    public static double sum(float[] x, int from, int n) {
        if (n < BLOCKED_FROM) {
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

    // The float and double twins are written out, not shared through a lambda per block: with that
    // indirection HotSpot 17 compiled the vector sum badly (10M floats: 0.6 ms -> 16 ms, measured).
    public static double sum(double[] x, int from, int n) {
        if (n < BLOCKED_FROM) {
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

    /**
     * Sums each column of the {@code rows x cols} row-major matrix at {@code x[from ..]} into
     * {@code sums[to + c]}, reading the matrix row by row (no transposed copy). Each column is added
     * in the order of Note [Thirty-two partial sums] (row r into partial sum r % 32), so a column
     * gets the bits that {@link #sum(float[], int, int)} gives for it gathered into a run; hence
     * {@code rows} must be below {@link #BLOCKED_FROM}.
     */
    public static void sumColumns(float[] x, int from, int rows, int cols, double[] sums, int to) {
        forColumnStrips(rows, cols, (c0, width, partial) -> {
            int chunkedRows = rows / PARTIAL_SUMS * PARTIAL_SUMS;
            for (int r = 0; r < chunkedRows; r++) {
                addRow(x, from + r * cols + c0, partial, r % PARTIAL_SUMS * width, width);
            }
            halvingTree(partial, width);
            for (int r = chunkedRows; r < rows; r++) {
                addRow(x, from + r * cols + c0, partial, 0, width);
            }
            System.arraycopy(partial, 0, sums, to + c0, width);
        });
    }

    /** {@link #sumColumns(float[], int, int, int, double[], int)} for FLOAT64. */
    public static void sumColumns(double[] x, int from, int rows, int cols, double[] sums, int to) {
        forColumnStrips(rows, cols, (c0, width, partial) -> {
            int chunkedRows = rows / PARTIAL_SUMS * PARTIAL_SUMS;
            for (int r = 0; r < chunkedRows; r++) {
                addRow(x, from + r * cols + c0, partial, r % PARTIAL_SUMS * width, width);
            }
            halvingTree(partial, width);
            for (int r = chunkedRows; r < rows; r++) {
                addRow(x, from + r * cols + c0, partial, 0, width);
            }
            System.arraycopy(partial, 0, sums, to + c0, width);
        });
    }

    /**
     * Most columns summed together: their 32 partial sums (256 KB of doubles) stay in the core's
     * cache while the rows are read straight through.
     */
    private static final int STRIP = 1024;

    /** The body of a column sum: sums columns [c0, c0 + width) using {@code partial}, zeroed, of 32 rows of width. */
    @FunctionalInterface
    private interface ColumnStrip {
        void sum(int c0, int width, double[] partial);
    }

    private static void forColumnStrips(int rows, int cols, ColumnStrip strip) {
        if (rows >= BLOCKED_FROM) {
            throw new IllegalArgumentException("column sums of " + rows + " rows would need blocks");
        }
        if (cols == 0) {
            return;
        }
        // one strip per thread when the work is worth splitting: columns sum alike in any strip
        int threads = (long) rows * cols >= 2L * Parallel.GRAIN ? Parallel.threads() : 1;
        int width = Math.min(STRIP, (cols + threads - 1) / threads);
        int strips = (cols + width - 1) / width;
        int grain = (int) Math.max(1, Parallel.GRAIN / Math.max(1L, (long) rows * width));
        Parallel.forRange(strips, grain, (s0, s1) -> {
            double[] partial = new double[PARTIAL_SUMS * width];
            for (int s = s0; s < s1; s++) {
                int c0 = s * width;
                Arrays.fill(partial, 0.0);
                strip.sum(c0, Math.min(width, cols - c0), partial);
            }
        });
    }

    private static void addRow(float[] x, int at, double[] partial, int p, int width) {
        if (VECTOR != null) {
            VECTOR.addTo(x, at, partial, p, width);
            return;
        }
        for (int c = 0; c < width; c++) {
            partial[p + c] += x[at + c];
        }
    }

    private static void addRow(double[] x, int at, double[] partial, int p, int width) {
        if (VECTOR != null) {
            VECTOR.addTo(x, at, partial, p, width);
            return;
        }
        for (int c = 0; c < width; c++) {
            partial[p + c] += x[at + c];
        }
    }

    /** The halving tree of Note [Thirty-two partial sums] on 32 rows of {@code width} partial sums, into row 0. */
    private static void halvingTree(double[] partial, int width) {
        for (int half = PARTIAL_SUMS / 2; half >= 1; half /= 2) {
            for (int j = 0; j < half; j++) {
                for (int c = 0; c < width; c++) {
                    partial[j * width + c] += partial[(j + half) * width + c];
                }
            }
        }
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
            halvingTree(partial, 1);
            sum = partial[0];
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
            halvingTree(partial, 1);
            sum = partial[0];
        }
        for (int i = chunked; i < from + n; i++) {
            sum += x[i];
        }
        return sum;
    }

    /** The largest element of {@code x[0 .. n)}, n >= 1: NaN if any is NaN, as PyTorch's max; see {@link #min}. */
    public static float max(float[] x, int n) {
        float found = Float.NaN;
        if (VECTOR != null && n >= EXTREME_VECTOR_FROM) {
            found = (float) parallelExtreme(n, (from, length) -> VECTOR.extreme(x, from, length, true), true);
        }
        return exactExtreme(found) ? found : FloatKernels.max(x, n);
    }

    /**
     * The smallest element of {@code x[0 .. n)}, n >= 1: NaN if any is NaN, as PyTorch's min. The
     * vector kernels fold {@code Math.min}, so a NaN or zero they find is handed to the scalar loop,
     * which picks the first NaN and the sign of the first zero; any other extreme has one value.
     */
    public static float min(float[] x, int n) {
        float found = Float.NaN;
        if (VECTOR != null && n >= EXTREME_VECTOR_FROM) {
            found = (float) parallelExtreme(n, (from, length) -> VECTOR.extreme(x, from, length, false), false);
        }
        return exactExtreme(found) ? found : FloatKernels.min(x, n);
    }

    /** {@link #max(float[], int)} for FLOAT64. */
    public static double max(double[] x, int n) {
        double found = Double.NaN;
        if (VECTOR != null && n >= EXTREME_VECTOR_FROM) {
            found = parallelExtreme(n, (from, length) -> VECTOR.extreme(x, from, length, true), true);
        }
        return exactExtreme(found) ? found : DoubleKernels.max(x, n);
    }

    /** {@link #min(float[], int)} for FLOAT64. */
    public static double min(double[] x, int n) {
        double found = Double.NaN;
        if (VECTOR != null && n >= EXTREME_VECTOR_FROM) {
            found = parallelExtreme(n, (from, length) -> VECTOR.extreme(x, from, length, false), false);
        }
        return exactExtreme(found) ? found : DoubleKernels.min(x, n);
    }

    /** Elements from which the vector extremes pay for their call. */
    private static final int EXTREME_VECTOR_FROM = 64;

    /** An extreme of part of the input: {@code x[from .. from + length)}. */
    @FunctionalInterface
    private interface PartExtreme {
        double of(int from, int length);
    }

    /** The extreme of blocks of {@link #BLOCK} elements found in parallel (any order: max and min are exact). */
    private static double parallelExtreme(int n, PartExtreme part, boolean largest) {
        if (n < BLOCKED_FROM) {
            return part.of(0, n);
        }
        double[] blockExtremes = new double[(n + BLOCK - 1) / BLOCK];
        Parallel.forRange(blockExtremes.length, 1, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                blockExtremes[b] = part.of(b * BLOCK, Math.min(BLOCK, n - b * BLOCK));
            }
        });
        double result = blockExtremes[0];
        for (double e : blockExtremes) {
            result = largest ? Math.max(result, e) : Math.min(result, e);
        }
        return result;
    }

    /** True unless {@code found} is NaN or a zero, the two cases where the vector fold may differ from the scalar loop. */
    private static boolean exactExtreme(double found) {
        return found == found && found != 0;
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
