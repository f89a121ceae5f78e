package org.grad4j.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Parallel loops cover each index exactly once, propagate failures, and leave large kernels' results unchanged. */
class ParallelTest {
    @ParameterizedTest
    @CsvSource({"0, 10", "1, 10", "19, 10", "20, 10", "21, 10", "1000, 7", "100000, 32768", "5, 1"})
    void forRangeRunsEveryIndexOnce(int n, int grain) {
        AtomicIntegerArray hits = new AtomicIntegerArray(n);
        Parallel.forRange(n, grain, (from, to) -> {
            for (int i = from; i < to; i++) {
                hits.incrementAndGet(i);
            }
        });
        for (int i = 0; i < n; i++) {
            assertEquals(1, hits.get(i), "index " + i);
        }
    }

    @Test
    void nestedLoopsRunEveryIndexOnce() {
        int outer = 64;
        int inner = 1000;
        AtomicIntegerArray hits = new AtomicIntegerArray(outer * inner);
        Parallel.forRange(outer, 1, (o0, o1) -> {
            for (int o = o0; o < o1; o++) {
                int base = o * inner;
                Parallel.forRange(inner, 10, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        hits.incrementAndGet(base + i);
                    }
                });
            }
        });
        for (int i = 0; i < outer * inner; i++) {
            assertEquals(1, hits.get(i), "index " + i);
        }
    }

    @Test
    void aFailingChunkFailsTheLoop() {
        int n = 4 * Parallel.GRAIN;
        assertThrows(IllegalStateException.class, () -> Parallel.forRange(n, Parallel.GRAIN, (from, to) -> {
            if (to == n) {
                throw new IllegalStateException("last chunk");
            }
        }));
    }

    @Test
    void largeElementwiseKernelsMatchElementByElement() {
        int n = 5 * Parallel.GRAIN + 3;
        float[] a = new float[n];
        float[] b = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) Math.sin(i * 0.37);
            b[i] = (float) Math.cos(i * 0.11);
        }
        // sin: the kernel over the whole range in one piece (the Vector API one is within 1 ulp of
        // Math.sin, see VectorTrigTest), which splitting must not change
        float[] expectedSin = new float[n];
        FloatKernels.unary(UnaryKernel.SIN, a, expectedSin, 0, n);
        float[] expectedFma = new float[n];
        for (int i = 0; i < n; i++) {
            expectedFma[i] = a[i] * b[i] + 0.5f;
        }
        float[] sin = new float[n];
        FloatKernels.unary(UnaryKernel.SIN, a, sin, n);
        float[] product = new float[n];
        FloatKernels.binary(BinaryKernel.MUL, a, b, product, n);
        float[] fma = new float[n];
        FloatKernels.binaryScalarRight(BinaryKernel.ADD, product, 0.5f, fma, n);
        assertArrayEquals(expectedSin, sin);
        assertArrayEquals(expectedFma, fma);
    }

    @Test
    void largeSumsMatchAnExactReference() {
        int n = 3 * Parallel.GRAIN + 11;
        float[] x = new float[n];
        double[] y = new double[n];
        java.math.BigDecimal exact = java.math.BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            x[i] = (float) (Math.sin(i) * 1000);
            y[i] = x[i];
            exact = exact.add(new java.math.BigDecimal(x[i]));
        }
        double expected = exact.doubleValue();
        // double accumulation of n terms: relative error well under n * 2^-53 of the sum of magnitudes
        double bound = n * 0x1p-53 * 1000 * n;
        assertEquals(expected, ReduceKernels.sum(x, 0, n), bound);
        assertEquals(expected, ReduceKernels.sum(y, 0, n), bound);
        assertEquals(ReduceKernels.sum(y, 5, n - 5), ReduceKernels.sum(x, 5, n - 5), 0.0);
    }
}
