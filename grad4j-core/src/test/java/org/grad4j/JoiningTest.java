package org.grad4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** torch.cat / torch.stack layout, promotion and PyTorch's error wording (values worked out by hand). */
class JoiningTest {
    @Test
    void catsAlongADimensionFromNonContiguousParts() {
        Tensor a = Tensor.arange(6.0).reshape(2, 3);
        Tensor b = Tensor.arange(4.0).reshape(2, 2).t();
        Tensor out = Tensor.cat(List.of(a, b), 1);
        assertArrayEquals(new long[] {2, 5}, out.shape());
        assertArrayEquals(new double[] {0, 1, 2, 0, 2, 3, 4, 5, 1, 3}, out.toDoubleArray());
    }

    @Test
    void catPromotesAndSkipsLegacyEmptyTensors() {
        Tensor out = Tensor.cat(List.of(Tensor.of(1, 2), Tensor.zeros(0), Tensor.of(0.5, 1.5)), 0);
        assertEquals(DType.FLOAT32, out.dtype());
        assertArrayEquals(new double[] {1, 2, 0.5, 1.5}, out.toDoubleArray());
        Tensor matrix = Tensor.cat(List.of(Tensor.zeros(0), Tensor.ones(2, 2)), 0);
        assertArrayEquals(new long[] {2, 2}, matrix.shape());
    }

    @Test
    void stackInsertsADimension() {
        Tensor out = Tensor.stack(List.of(Tensor.of(1.0, 2.0), Tensor.of(3.0, 4.0)), 1);
        assertArrayEquals(new long[] {2, 2}, out.shape());
        assertArrayEquals(new double[] {1, 3, 2, 4}, out.toDoubleArray());
    }

    @Test
    void gradientsFlowBackToEachPart() {
        Tensor a = Tensor.of(1.0, 2.0).requiresGrad_(true);
        Tensor b = Tensor.of(3.0).requiresGrad_(true);
        Tensor joined = Tensor.cat(List.of(a, b, a), 0);
        assertEquals("CatBackward0", joined.gradFn().name());
        joined.mul(Tensor.of(1.0, 2.0, 3.0, 4.0, 5.0)).sum().backward();
        assertArrayEquals(new double[] {5, 7}, a.grad().toDoubleArray());
        assertArrayEquals(new double[] {3}, b.grad().toDoubleArray());
        Tensor s = Tensor.stack(List.of(a, a), 0);
        assertEquals("StackBackward0", s.gradFn().name());
    }

    @Test
    void errorsUsePyTorchsWording() {
        assertEquals("torch.cat(): expected a non-empty list of Tensors",
                assertThrows(IllegalArgumentException.class, () -> Tensor.cat(List.of(), 0)).getMessage());
        assertEquals("Sizes of tensors must match except in dimension 1. Expected size 2 but got size 3 for tensor "
                + "number 1 in the list.", assertThrows(IllegalArgumentException.class,
                () -> Tensor.cat(List.of(Tensor.ones(2, 2), Tensor.ones(3, 3)), 1)).getMessage());
        assertEquals("Tensors must have same number of dimensions: got 2 and 3", assertThrows(
                IllegalArgumentException.class, () -> Tensor.cat(List.of(Tensor.ones(2, 2), Tensor.ones(2, 2, 2)), 1))
                .getMessage());
        assertEquals("zero-dimensional tensor (at position 0) cannot be concatenated", assertThrows(
                IllegalArgumentException.class, () -> Tensor.cat(List.of(Tensor.scalar(1.0)), 0)).getMessage());
        assertEquals("stack expects each tensor to be equal size, but got [2, 3] at entry 0 and [2, 4] at entry 1",
                assertThrows(IllegalArgumentException.class,
                        () -> Tensor.stack(List.of(Tensor.ones(2, 3), Tensor.ones(2, 4)), 0)).getMessage());
        assertEquals("stack expects a non-empty TensorList",
                assertThrows(IllegalArgumentException.class, () -> Tensor.stack(List.of(), 0)).getMessage());
    }
}
