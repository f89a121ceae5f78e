package org.grad4j.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The packed gemm kernels against a plain triple loop in double precision, over sizes that hit
 * every edge of the blocking (0, 1, odd, one past the micro-tile and the KC/NC blocks, big enough
 * to run in parallel, one lane and one three-vector tile either side of the Vector API widths for
 * 8 doubles and 16 floats) and over row-major, transposed and sliced operands; each with the plain
 * Java micro-kernel and the Vector API one (surefire adds jdk.incubator.vector).
 */
class GemmParityTest {
    /** A matrix view into a larger array: element (i, j) at offset + i * rowStride + j * colStride. */
    private record Layout(int offset, int rowStride, int colStride, int length) {
        static Layout of(String kind, int rows, int cols) {
            switch (kind) {
                case "rowMajor": return new Layout(0, cols, 1, rows * cols);
                // stored as its transpose: the view a.t() of a (cols x rows) row-major matrix
                case "transposed": return new Layout(0, 1, rows, rows * cols);
                // every other column of a wider matrix, starting at a nonzero offset
                default: return new Layout(3, 2 * cols + 1, 2, 3 + rows * (2 * cols + 1));
            }
        }

        int at(int i, int j) {
            return offset + i * rowStride + j * colStride;
        }
    }

    static Stream<Arguments> cases() {
        int[][] sizes = {
            {0, 5, 3}, {4, 0, 3}, {3, 4, 0}, {1, 1, 1}, {1, 7, 1}, {7, 1, 9}, {3, 5, 7}, {4, 8, 16}, {5, 9, 17},
            {13, 31, 29}, {64, 64, 64}, {65, 257, 3}, {6, 300, 257}, {130, 70, 520}, {97, 513, 260},
            // around 1 and 3 vectors of 8 doubles and 16 floats; m * n * k large enough to be packed
            {4, 7, 200}, {4, 8, 200}, {5, 9, 200}, {4, 15, 100}, {7, 16, 100}, {4, 17, 100},
            {4, 23, 60}, {4, 24, 60}, {6, 25, 60}, {4, 47, 30}, {4, 48, 30}, {9, 49, 30}, {4, 65, 300}};
        String[] kernels = {"scalar", "vector"};
        String[] layouts = {"rowMajor", "transposed", "sliced"};
        Stream.Builder<Arguments> out = Stream.builder();
        int seed = 0;
        for (int[] s : sizes) {
            for (String la : layouts) {
                for (String lb : layouts) {
                    for (String kernel : kernels) {
                        out.add(Arguments.of(s[0], s[1], s[2], la, lb, kernel, seed));
                    }
                    seed++;
                }
            }
        }
        return out.build();
    }

    @ParameterizedTest(name = "{0}x{2} @ {2}x{1}, A {3}, B {4}, {5}")
    @MethodSource("cases")
    void float64MatchesTripleLoop(int m, int n, int k, String aKind, String bKind, String kernel, int seed) {
        Random random = new Random(seed);
        Layout la = Layout.of(aKind, m, k);
        Layout lb = Layout.of(bKind, k, n);
        double[] a = randomDoubles(random, la.length());
        double[] b = randomDoubles(random, lb.length());
        double[] c = new double[2 + m * n];
        DoubleGemm.gemm(doubleKernel(kernel), m, n, k, a, la.offset(), la.rowStride(), la.colStride(),
                b, lb.offset(), lb.rowStride(), lb.colStride(), c, 2, n);
        assertClose(m, n, k, (i, p) -> a[la.at(i, p)], (p, j) -> b[lb.at(p, j)], c, 0x1p-52);
    }

    @ParameterizedTest(name = "{0}x{2} @ {2}x{1}, A {3}, B {4}, {5}")
    @MethodSource("cases")
    void float32MatchesTripleLoopInDouble(int m, int n, int k, String aKind, String bKind, String kernel, int seed) {
        Random random = new Random(seed);
        Layout la = Layout.of(aKind, m, k);
        Layout lb = Layout.of(bKind, k, n);
        float[] a = randomFloats(random, la.length());
        float[] b = randomFloats(random, lb.length());
        float[] c = new float[2 + m * n];
        FloatGemm.gemm(floatKernel(kernel), m, n, k, a, la.offset(), la.rowStride(), la.colStride(),
                b, lb.offset(), lb.rowStride(), lb.colStride(), c, 2, n);
        double[] widened = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            widened[i] = c[i];
        }
        assertClose(m, n, k, (i, p) -> a[la.at(i, p)], (p, j) -> b[lb.at(p, j)], widened, 0x1p-23);
    }

    private static DoubleGemm.MicroKernel doubleKernel(String kind) {
        DoubleGemm.MicroKernel kernel = kind.equals("vector") ? DoubleGemm.VECTOR_KERNEL : DoubleGemm.SCALAR_KERNEL;
        assertNotNull(kernel, "no Vector API kernel: run with --add-modules jdk.incubator.vector");
        return kernel;
    }

    private static FloatGemm.MicroKernel floatKernel(String kind) {
        FloatGemm.MicroKernel kernel = kind.equals("vector") ? FloatGemm.VECTOR_KERNEL : FloatGemm.SCALAR_KERNEL;
        assertNotNull(kernel, "no Vector API kernel: run with --add-modules jdk.incubator.vector");
        return kernel;
    }

    @FunctionalInterface
    private interface Element {
        double get(int row, int col);
    }

    /**
     * |c - ref| &lt;= 2 k eps sum_p |a_ip b_pj| for every element (the classic bound on a dot
     * product's rounding error), and the two guard elements before C untouched.
     */
    private static void assertClose(int m, int n, int k, Element a, Element b, double[] c, double eps) {
        assertTrue(c[0] == 0 && c[1] == 0, "wrote outside C");
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double ref = 0;
                double magnitude = 0;
                for (int p = 0; p < k; p++) {
                    ref += a.get(i, p) * b.get(p, j);
                    magnitude += Math.abs(a.get(i, p) * b.get(p, j));
                }
                double got = c[2 + i * n + j];
                double bound = 2 * Math.max(k, 1) * eps * magnitude;
                assertTrue(Math.abs(got - ref) <= bound,
                        "C[" + i + "][" + j + "] = " + got + ", expected " + ref + " within " + bound);
            }
        }
    }

    private static double[] randomDoubles(Random random, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = random.nextGaussian();
        }
        return out;
    }

    private static float[] randomFloats(Random random, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) random.nextGaussian();
        }
        return out;
    }
}
