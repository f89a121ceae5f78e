package org.grad4j.openblas;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.grad4j.DType;
import org.grad4j.Tensor;
import org.grad4j.internal.kernel.Gemm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The OpenBLAS backend against a triple loop in double precision, and core picking it up. */
class OpenBlasGemmTest {
    private final OpenBlasGemm blas = new OpenBlasGemm();

    @Test
    void coreFindsTheBackendOnTheClassPath() {
        assertInstanceOf(OpenBlasGemm.class, Gemm.backend());
    }

    @ParameterizedTest(name = "{0}x{2} @ {2}x{1}, A transposed {3}, B transposed {4}")
    @CsvSource({"1, 1, 1, false, false", "5, 7, 3, false, false", "64, 33, 17, true, false", "31, 65, 40, false, true",
        "100, 90, 80, true, true", "1, 50, 30, false, false", "50, 1, 30, true, true",
        // enough rows to be split across two threads (at least twice 2^22 / (n k) rows), each copying its own
        "2100, 64, 64, false, false", "2050, 65, 63, true, true", "2050, 65, 63, false, true"})
    void sgemmAndDgemmMatchTripleLoop(int m, int n, int k, boolean aTransposed, boolean bTransposed) {
        Random random = new Random(m * 31 + n * 7 + k);
        int aOff = 3;
        int bOff = 5;
        double[] a = gaussians(random, aOff + m * k);
        double[] b = gaussians(random, bOff + k * n);
        // a transposed operand is stored as its transpose, row-major: unit row stride
        int aRow = aTransposed ? 1 : k;
        int aCol = aTransposed ? m : 1;
        int bRow = bTransposed ? 1 : n;
        int bCol = bTransposed ? k : 1;
        double[] c64 = new double[1 + m * n];
        assertTrue(blas.dgemm(m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c64, 1, n));
        float[] c32 = new float[1 + m * n];
        assertTrue(blas.sgemm(m, n, k, floats(a), aOff, aRow, aCol, floats(b), bOff, bRow, bCol, c32, 1, n));
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double ref = 0;
                double magnitude = 0;
                for (int p = 0; p < k; p++) {
                    double term = a[aOff + i * aRow + p * aCol] * b[bOff + p * bRow + j * bCol];
                    ref += term;
                    magnitude += Math.abs(term);
                }
                // C started at 0, so after C += A B it holds the product
                assertTrue(Math.abs(c64[1 + i * n + j] - ref) <= 2 * k * 0x1p-52 * magnitude, "f64 at " + i + "," + j);
                assertTrue(Math.abs(c32[1 + i * n + j] - ref) <= 2 * k * 0x1p-23 * magnitude, "f32 at " + i + "," + j);
            }
        }
        assertTrue(c64[0] == 0 && c32[0] == 0, "wrote before C");
    }

    @Test
    void accumulatesIntoC() {
        double[] a = {1, 2, 3, 4};
        double[] b = {5, 6, 7, 8};
        double[] c = {1, 1, 1, 1};
        assertTrue(blas.dgemm(2, 2, 2, a, 0, 2, 1, b, 0, 2, 1, c, 0, 2));
        // [[1,2],[3,4]] @ [[5,6],[7,8]] = [[19,22],[43,50]], plus the ones already there
        assertTrue(c[0] == 20 && c[1] == 23 && c[2] == 44 && c[3] == 51, java.util.Arrays.toString(c));
    }

    @Test
    void declinesLayoutsBlasCannotRead() {
        double[] a = new double[100];
        double[] c = new double[100];
        // every other column: neither stride is 1
        assertFalse(blas.dgemm(3, 3, 3, a, 0, 8, 2, a, 0, 8, 2, c, 0, 3));
        assertTrue(c[0] == 0);
    }

    @Test
    void tensorMmThroughTheBackendMatchesTripleLoop() {
        Tensor.manualSeed(0);
        Tensor x = Tensor.randn(70, 90).to(DType.FLOAT64);
        Tensor y = Tensor.randn(60, 90).to(DType.FLOAT64);
        Tensor product = x.mm(y.t());
        double[] xs = x.toDoubleArray();
        double[] ys = y.toDoubleArray();
        double[] got = product.toDoubleArray();
        for (int i = 0; i < 70; i++) {
            for (int j = 0; j < 60; j++) {
                double ref = 0;
                for (int p = 0; p < 90; p++) {
                    ref += xs[i * 90 + p] * ys[j * 90 + p];
                }
                assertTrue(Math.abs(got[i * 60 + j] - ref) <= 1e-12 * 90 * 10, "at " + i + "," + j);
            }
        }
    }

    private static double[] gaussians(Random random, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) random.nextGaussian(); // representable in float, so both dtypes multiply the same values
        }
        return out;
    }

    private static float[] floats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
