package org.grad4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The Tensor section "optimizer helpers": fused arithmetic checked against hand-computed values. */
class OptimizerHelpersTest {
    @Test
    void fusedArithmetic() {
        Tensor x = Tensor.of(1.0, 2.0, 3.0);
        Tensor a = Tensor.of(2.0, -1.0, 0.5);
        Tensor b = Tensor.of(4.0, 4.0, -2.0);
        assertArrayEquals(new double[] {0, 2.5, 2.75}, x.add(a, -0.5).toDoubleArray());
        assertArrayEquals(new double[] {5, 0, 2.5}, x.addcmul(a, b, 0.5).toDoubleArray());
        assertArrayEquals(new double[] {2, 1.5, 2.5}, x.addcdiv(a, b, 2).toDoubleArray());
        Tensor y = x.clone();
        assertSame(y, y.addcdiv_(a, b, 2).addcmul_(a, b, -1).add_(a, 3));
        // [2, 1.5, 2.5] - [8, -4, -1] + 3 * [2, -1, 0.5]
        assertArrayEquals(new double[] {0, 2.5, 5}, y.toDoubleArray());
        assertArrayEquals(new double[] {0, Math.sqrt(2.5), Math.sqrt(5)}, y.sqrt_().toDoubleArray(), 1e-7);
        assertArrayEquals(new double[] {0.5, 1.5, 1.5}, y.clamp_(0.5, 1.5).toDoubleArray());
        assertEquals(1.0, x.toDoubleArray()[0]);
    }

    @Test
    void inPlaceHelpersRefuseLeavesUnderGrad() {
        Tensor p = Tensor.ones(2).requiresGrad_();
        assertThrows(IllegalStateException.class, () -> p.add_(Tensor.ones(2), 2.0));
        assertArrayEquals(new double[] {1, 1}, p.toDoubleArray());
    }

    @Test
    void fromBlobSharesTheArray() {
        float[] data = {1, 2, 3, 4, 5, 6};
        Tensor t = Tensor.fromBlob(data, 2, 3);
        assertArrayEquals(new long[] {2, 3}, t.shape());
        assertEquals(DType.FLOAT32, t.dtype());
        data[5] = 60;
        assertEquals(60.0, t.index(1).index(2).item());
        assertEquals(DType.INT64, Tensor.fromBlob(new long[] {1, 2}, 2).dtype());
        assertEquals(DType.BOOL, Tensor.fromBlob(new boolean[] {true}, 1).dtype());
        assertEquals(DType.FLOAT64, Tensor.fromBlob(new double[] {1}).dtype());
        assertThrows(IllegalArgumentException.class, () -> Tensor.fromBlob(new float[5], 2, 3));
    }

    @Test
    void exactLongs() {
        long big = (1L << 62) + 1;
        Tensor t = Tensor.fromBlob(new long[] {big, -big, 7, 8}, 2, 2).t();
        assertArrayEquals(new long[] {big, 7, -big, 8}, t.toLongArrayExact());
        assertThrows(IllegalArgumentException.class, () -> Tensor.ones(2).toLongArrayExact());
    }
}
