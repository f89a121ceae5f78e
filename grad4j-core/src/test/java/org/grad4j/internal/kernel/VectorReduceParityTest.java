package org.grad4j.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Vector API sums (512-bit and 256-bit) against the scalar loop of Note [Thirty-two partial
 * sums]: the same bits on random runs of every length around the 32-element chunk and the parallel
 * block, at nonzero offsets, and on NaN, infinities and signed zeros; each within the note's error
 * bound of the exact (BigDecimal) sum; the blocked parallel sum the same for any split into
 * threads; the column sums the bits of each column's own sum; and max/min the plain scan's
 * values, with the scalar loop's NaN and signed zero. Surefire adds jdk.incubator.vector.
 */
class VectorReduceParityTest {
    private static final VectorApiReduceKernels WIDE = new VectorApiReduceKernels(512);
    private static final VectorApiReduceKernels NARROW = new VectorApiReduceKernels(256);

    static Stream<Arguments> runs() {
        IntStream small = IntStream.rangeClosed(0, 100);
        IntStream large = IntStream.of(127, 128, 129, 1000, 1023, 4097, Parallel.GRAIN - 1, Parallel.GRAIN,
                2 * Parallel.GRAIN + 31, 5 * Parallel.GRAIN + 77);
        return IntStream.concat(small, large).boxed()
                .flatMap(n -> IntStream.of(0, 1, 3, 17).mapToObj(offset -> Arguments.of(n, offset)));
    }

    @ParameterizedTest(name = "n={0} offset={1}")
    @MethodSource("runs")
    void floatSumsMatchTheScalarLoopAndTheExactSum(int n, int offset) {
        float[] x = randomFloats(offset + n + 5, n * 31L + offset);
        double scalar = ReduceKernels.scalarSumRun(x, offset, n);
        assertBitsEqual(scalar, WIDE.sum(x, offset, n), "512-bit");
        assertBitsEqual(scalar, NARROW.sum(x, offset, n), "256-bit");
        BigDecimal exact = BigDecimal.ZERO;
        double magnitude = 0;
        for (int i = offset; i < offset + n; i++) {
            exact = exact.add(new BigDecimal(x[i]));
            magnitude += Math.abs(x[i]);
        }
        assertWithinBound(exact, magnitude, n, scalar);
        assertWithinBound(exact, magnitude, n, ReduceKernels.sum(x, offset, n));
    }

    @ParameterizedTest(name = "n={0} offset={1}")
    @MethodSource("runs")
    void doubleSumsMatchTheScalarLoopAndTheExactSum(int n, int offset) {
        double[] x = randomDoubles(offset + n + 5, n * 37L + offset);
        double scalar = ReduceKernels.scalarSumRun(x, offset, n);
        assertBitsEqual(scalar, WIDE.sum(x, offset, n), "512-bit");
        assertBitsEqual(scalar, NARROW.sum(x, offset, n), "256-bit");
        BigDecimal exact = BigDecimal.ZERO;
        double magnitude = 0;
        for (int i = offset; i < offset + n; i++) {
            exact = exact.add(new BigDecimal(x[i]));
            magnitude += Math.abs(x[i]);
        }
        assertWithinBound(exact, magnitude, n, scalar);
        assertWithinBound(exact, magnitude, n, ReduceKernels.sum(x, offset, n));
    }

    /** Note [Deterministic chunks]: the parallel sum is the blocks' sums added in order, whatever the threads. */
    @Test
    void blockedSumsGiveTheSameBitsOnAnyThreadCount() throws Exception {
        int n = 7 * Parallel.GRAIN + 1234;
        float[] floats = randomFloats(n + 2, 11);
        double[] doubles = randomDoubles(n + 2, 12);
        double[] floatBlocks = new double[(n + Parallel.GRAIN - 1) / Parallel.GRAIN];
        double[] doubleBlocks = new double[floatBlocks.length];
        for (int b = 0; b < floatBlocks.length; b++) {
            int length = Math.min(Parallel.GRAIN, n - b * Parallel.GRAIN);
            floatBlocks[b] = ReduceKernels.scalarSumRun(floats, 2 + b * Parallel.GRAIN, length);
            doubleBlocks[b] = ReduceKernels.scalarSumRun(doubles, 2 + b * Parallel.GRAIN, length);
        }
        double floatSum = ReduceKernels.scalarSumRun(floatBlocks, 0, floatBlocks.length);
        double doubleSum = ReduceKernels.scalarSumRun(doubleBlocks, 0, doubleBlocks.length);

        assertBitsEqual(floatSum, ReduceKernels.sum(floats, 2, n), "all threads");
        assertBitsEqual(doubleSum, ReduceKernels.sum(doubles, 2, n), "all threads");
        // on a pool thread Parallel runs the whole loop on that one thread
        ForkJoinPool single = new ForkJoinPool(1);
        try {
            assertBitsEqual(floatSum, single.submit(() -> ReduceKernels.sum(floats, 2, n)).get(), "one thread");
            assertBitsEqual(doubleSum, single.submit(() -> ReduceKernels.sum(doubles, 2, n)).get(), "one thread");
        } finally {
            single.shutdown();
        }
    }

    static Stream<Arguments> matrices() {
        int[] rows = {0, 1, 5, 31, 32, 33, 64, 100, 1000, 2 * Parallel.GRAIN - 1};
        int[] cols = {1, 2, 7, 8, 9, 100, 1023, 1024, 1025, 3000};
        return IntStream.range(0, rows.length).boxed().flatMap(r -> IntStream.range(0, cols.length)
                .filter(c -> (long) rows[r] * cols[c] <= 4_000_000)
                .mapToObj(c -> Arguments.of(rows[r], cols[c], (r + c) % 3)));
    }

    /** sumColumns gives each column the bits of that column gathered into a run and summed. */
    @ParameterizedTest(name = "{0} x {1} at {2}")
    @MethodSource("matrices")
    void columnSumsMatchTheSumsOfTheColumns(int rows, int cols, int offset) {
        float[] floats = randomFloats(offset + rows * cols, rows * 7L + cols);
        double[] doubles = randomDoubles(offset + rows * cols, rows * 5L + cols);
        double[] floatSums = new double[cols + 2];
        double[] doubleSums = new double[cols + 2];
        ReduceKernels.sumColumns(floats, offset, rows, cols, floatSums, 2);
        ReduceKernels.sumColumns(doubles, offset, rows, cols, doubleSums, 2);
        float[] floatColumn = new float[rows];
        double[] doubleColumn = new double[rows];
        for (int c = 0; c < cols; c++) {
            for (int r = 0; r < rows; r++) {
                floatColumn[r] = floats[offset + r * cols + c];
                doubleColumn[r] = doubles[offset + r * cols + c];
            }
            assertBitsEqual(ReduceKernels.scalarSumRun(floatColumn, 0, rows), floatSums[2 + c], "float column " + c);
            assertBitsEqual(ReduceKernels.scalarSumRun(doubleColumn, 0, rows), doubleSums[2 + c], "double column " + c);
        }
    }

    @Test
    void columnSumsRefuseColumnsLongEnoughForBlocks() {
        float[] x = new float[ReduceKernels.BLOCKED_FROM];
        assertThrows(IllegalArgumentException.class,
                () -> ReduceKernels.sumColumns(x, 0, ReduceKernels.BLOCKED_FROM, 1, new double[1], 0));
    }

    /** The lane-wise row add of the column sums: each element widened and added once, whatever the width. */
    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {0, 1, 3, 4, 7, 8, 9, 15, 16, 17, 100})
    void addToAddsEachElementOnce(int n) {
        float[] floats = randomFloats(n + 3, n);
        double[] doubles = randomDoubles(n + 3, n + 1000L);
        for (VectorApiReduceKernels vector : new VectorApiReduceKernels[] {WIDE, NARROW}) {
            double[] start = randomDoubles(n + 1, n + 2000L);
            double[] fromFloats = start.clone();
            double[] fromDoubles = start.clone();
            vector.addTo(floats, 3, fromFloats, 1, n);
            vector.addTo(doubles, 3, fromDoubles, 1, n);
            assertBitsEqual(start[0], fromFloats[0], "untouched");
            for (int c = 0; c < n; c++) {
                assertBitsEqual(start[1 + c] + (double) floats[3 + c], fromFloats[1 + c], "float lane " + c);
                assertBitsEqual(start[1 + c] + doubles[3 + c], fromDoubles[1 + c], "double lane " + c);
            }
        }
    }

    static Stream<Arguments> extremeRuns() {
        return IntStream.of(1, 2, 31, 63, 64, 65, 127, 1000, 4099, 2 * Parallel.GRAIN + 5, 3 * Parallel.GRAIN + 1).boxed()
                .flatMap(n -> IntStream.of(0, 3).mapToObj(offset -> Arguments.of(n, offset)));
    }

    /** The vector extremes (any width) and ReduceKernels' max/min against a plain scan with Math.max/min. */
    @ParameterizedTest(name = "n={0} offset={1}")
    @MethodSource("extremeRuns")
    void extremesMatchAPlainScan(int n, int offset) {
        float[] floats = randomFloats(offset + n, n + 17L);
        double[] doubles = randomDoubles(offset + n, n + 19L);
        float floatMax = Float.NEGATIVE_INFINITY;
        float floatMin = Float.POSITIVE_INFINITY;
        double doubleMax = Double.NEGATIVE_INFINITY;
        double doubleMin = Double.POSITIVE_INFINITY;
        for (int i = offset; i < offset + n; i++) {
            floatMax = Math.max(floatMax, floats[i]);
            floatMin = Math.min(floatMin, floats[i]);
            doubleMax = Math.max(doubleMax, doubles[i]);
            doubleMin = Math.min(doubleMin, doubles[i]);
        }
        for (VectorApiReduceKernels vector : new VectorApiReduceKernels[] {WIDE, NARROW}) {
            assertEquals(floatMax, vector.extreme(floats, offset, n, true));
            assertEquals(floatMin, vector.extreme(floats, offset, n, false));
            assertEquals(doubleMax, vector.extreme(doubles, offset, n, true));
            assertEquals(doubleMin, vector.extreme(doubles, offset, n, false));
        }
        float[] floatsFromZero = Arrays.copyOfRange(floats, offset, offset + n);
        double[] doublesFromZero = Arrays.copyOfRange(doubles, offset, offset + n);
        assertEquals(floatMax, ReduceKernels.max(floatsFromZero, n));
        assertEquals(floatMin, ReduceKernels.min(floatsFromZero, n));
        assertEquals(doubleMax, ReduceKernels.max(doublesFromZero, n));
        assertEquals(doubleMin, ReduceKernels.min(doublesFromZero, n));
    }

    /**
     * Where Math.max and the scalar loop part ways (which NaN, which signed zero) ReduceKernels gives
     * the scalar loop's answer: the first NaN, and the first of tied zeros (PyTorch 1.13:
     * torch.tensor([-0.0] * 40 + [0.0] + [-0.0] * 40).max() is -0.0, and with the signs swapped +0.0).
     */
    @Test
    void extremesKeepTheFirstNaNAndTheFirstZero() {
        int n = 3 * Parallel.GRAIN;
        float quietNaN = Float.intBitsToFloat(0x7fc00001);
        float otherNaN = Float.intBitsToFloat(0x7fc00002);
        float[] floats = randomFloats(n, 5);
        floats[100] = quietNaN;
        floats[n - 3] = otherNaN;
        assertEquals(0x7fc00001, Float.floatToRawIntBits(ReduceKernels.max(floats, n)));
        assertEquals(0x7fc00001, Float.floatToRawIntBits(ReduceKernels.min(floats, n)));
        double[] doubles = randomDoubles(n, 6);
        doubles[n - 1] = Double.longBitsToDouble(0x7ff8000000000005L);
        assertEquals(0x7ff8000000000005L, Double.doubleToRawLongBits(ReduceKernels.max(doubles, n)));

        float[] zeros = new float[81];
        Arrays.fill(zeros, -0.0f);
        zeros[40] = 0.0f;
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(ReduceKernels.max(zeros, 81)));
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(ReduceKernels.min(zeros, 81)));
        double[] positiveFirst = new double[81];
        positiveFirst[40] = -0.0;
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(ReduceKernels.max(positiveFirst, 81)));
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(ReduceKernels.min(positiveFirst, 81)));
    }

    static Stream<Arguments> specialValues() {
        double nan = Double.NaN;
        double inf = Double.POSITIVE_INFINITY;
        return Stream.of(
                // value planted among 1.5s, where (in a chunk or in the tail; -1: all -0.0), expected sum
                Arguments.of(nan, 5, nan), Arguments.of(nan, 70, nan),
                Arguments.of(inf, 5, inf), Arguments.of(-inf, 70, -inf),
                Arguments.of(-0.0, -1, 0.0)); // all -0.0: torch.full((n,), -0.0).sum() is +0.0
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("specialValues")
    void specialValuesAsTheScalarLoop(double planted, int at, double expected) {
        int n = 75;
        float[] floats = new float[n];
        double[] doubles = new double[n];
        if (at < 0) {
            Arrays.fill(floats, -0.0f);
            Arrays.fill(doubles, -0.0);
        } else {
            Arrays.fill(floats, 1.5f);
            Arrays.fill(doubles, 1.5);
            floats[at] = (float) planted;
            doubles[at] = planted;
        }
        for (VectorApiReduceKernels vector : new VectorApiReduceKernels[] {WIDE, NARROW}) {
            assertBitsEqual(expected, vector.sum(floats, 0, n), "float");
            assertBitsEqual(expected, vector.sum(doubles, 0, n), "double");
        }
        assertBitsEqual(expected, ReduceKernels.scalarSumRun(floats, 0, n), "scalar float");
        assertBitsEqual(expected, ReduceKernels.scalarSumRun(doubles, 0, n), "scalar double");
    }

    @Test
    void oppositeInfinitiesSumToNaN() {
        float[] x = new float[64];
        x[3] = Float.POSITIVE_INFINITY;
        x[40] = Float.NEGATIVE_INFINITY;
        assertTrue(Double.isNaN(WIDE.sum(x, 0, 64)));
        assertTrue(Double.isNaN(NARROW.sum(x, 0, 64)));
        assertTrue(Double.isNaN(ReduceKernels.scalarSumRun(x, 0, 64)));
    }

    /** Float sums are kept in double: 40 copies of Float.MAX_VALUE do not overflow before the final cast. */
    @Test
    void floatSumsDoNotOverflowInTheAccumulator() {
        float[] x = new float[40];
        Arrays.fill(x, Float.MAX_VALUE);
        x[39] = -Float.MAX_VALUE;
        double expected = 38.0 * Float.MAX_VALUE;
        assertEquals(expected, WIDE.sum(x, 0, 40));
        assertEquals(expected, NARROW.sum(x, 0, 40));
        assertEquals(expected, ReduceKernels.scalarSumRun(x, 0, 40));
    }

    @Test
    void theProviderLoadsAndRefusesNarrowVectors() {
        assertNotNull(VectorReduceKernels.INSTANCE, "no Vector API kernel: run with --add-modules jdk.incubator.vector");
        assertThrows(UnsupportedOperationException.class, () -> new VectorApiReduceKernels(128));
    }

    private static void assertWithinBound(BigDecimal exact, double magnitude, int n, double actual) {
        // Note [Thirty-two partial sums], twice over for the blocked sum (blocks, then their sums)
        double bound = 2 * (n / 32.0 + 36) * 0x1p-53 * magnitude;
        double error = new BigDecimal(actual).subtract(exact).abs().doubleValue();
        assertTrue(error <= bound, "error " + error + " above bound " + bound);
    }

    private static void assertBitsEqual(double expected, double actual, String what) {
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                what + ": expected " + expected + " but was " + actual);
    }

    private static float[] randomFloats(int length, long seed) {
        Random random = new Random(seed);
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            // mixed signs and magnitudes, so that the order of the additions shows in the low bits
            x[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3));
        }
        return x;
    }

    private static double[] randomDoubles(int length, long seed) {
        Random random = new Random(seed);
        double[] x = new double[length];
        for (int i = 0; i < length; i++) {
            x[i] = random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3);
        }
        return x;
    }
}
