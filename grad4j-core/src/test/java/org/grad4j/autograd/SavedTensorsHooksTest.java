package org.grad4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.grad4j.DType;
import org.grad4j.Tensor;
import org.junit.jupiter.api.Test;

/**
 * torch.autograd.graph.saved_tensors_hooks: pack runs when an op saves, unpack when backward needs
 * the value; error wording from PyTorch 1.13 (saved_variable.cpp and python_saved_variable_hooks).
 */
class SavedTensorsHooksTest {
    private static Tensor leaf(double... values) {
        return Tensor.of(values, DType.FLOAT64).requiresGrad_();
    }

    @Test
    void packRunsAtSaveTimeUnpackAtBackwardAndGradientsAreUnchanged() {
        List<long[]> packedShapes = new ArrayList<>();
        int[] unpacked = {0};
        Tensor x = leaf(1, 2, 3);
        Tensor loss;
        // Offload-style hooks: keep a plain Java copy of the values, rebuild a tensor from it.
        try (var hooks = Autograd.savedTensorsHooks(t -> {
            packedShapes.add(t.shape());
            return t.toDoubleArray();
        }, (double[] values) -> {
            unpacked[0]++;
            return Tensor.of(values, DType.FLOAT64);
        })) {
            loss = x.mul(x).sum();   // MulBackward0 saves both operands
        }
        assertEquals(2, packedShapes.size());
        assertArrayEquals(new long[] {3}, packedShapes.get(0));
        assertEquals(0, unpacked[0]);
        loss.backward();
        assertEquals(2, unpacked[0]);
        assertArrayEquals(new double[] {2, 4, 6}, x.grad().toDoubleArray());
    }

    @Test
    void tensorsSavedOutsideTheScopeAreNotPacked() {
        int[] packed = {0};
        Tensor x = leaf(1, 2);
        Tensor before = x.exp();
        try (var hooks = Autograd.savedTensorsHooks(t -> {
            packed[0]++;
            return t;
        }, t -> t)) {
            assertEquals(0, packed[0]);
            before.sin();   // SinBackward0 saves its input inside the scope
            assertEquals(1, packed[0]);
        }
        x.exp();
        assertEquals(1, packed[0]);
    }

    @Test
    void innermostScopeApplies() {
        List<String> calls = new ArrayList<>();
        Tensor x = leaf(1, 2);
        try (var outer = Autograd.savedTensorsHooks(t -> {
            calls.add("outer");
            return t;
        }, t -> t)) {
            try (var inner = Autograd.savedTensorsHooks(t -> {
                calls.add("inner");
                return t;
            }, t -> t)) {
                x.exp();
            }
            x.sin();
        }
        assertEquals(List.of("inner", "outer"), calls);
    }

    @Test
    void inPlaceChangesAreStillDetectedThroughThePackedForm() {
        Tensor x = leaf(1, 2);
        Tensor y;
        Tensor loss;
        try (var hooks = Autograd.savedTensorsHooks(Tensor::toDoubleArray,
                (double[] v) -> Tensor.of(v, DType.FLOAT64))) {
            y = x.exp();
            loss = y.sum();
        }
        try (var off = Autograd.noGrad()) {
            y.add_(1);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().startsWith("one of the variables needed for gradient computation has been modified"));
    }

    @Test
    void hookMisuseFailsWithPyTorchsMessages() {
        Tensor x = leaf(1, 2);
        try (var hooks = Autograd.savedTensorsHooks(t -> t.mul_(2), t -> t)) {
            Tensor y = x.mul(1.0);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.exp());
            assertTrue(e.getMessage().startsWith("A saved tensor pack hook is modifying its input in place."),
                    e.getMessage());
        }
        Tensor loss;
        try (var hooks = Autograd.savedTensorsHooks(t -> t, t -> null)) {
            loss = x.exp().sum();
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertEquals("Output of saved tensor unpack_hook expected to be a Tensor but got result of type NoneType",
                e.getMessage());
    }
}
