package org.grad4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.grad4j.DType;
import org.grad4j.Tensor;
import org.junit.jupiter.api.Test;

/** Module registration, names, repr, state dicts and conversion; expected strings come from PyTorch 1.13. */
class ModuleTest {
    /** A module with its own parameter, a buffer and a child, to pin PyTorch's state-dict order. */
    static final class WithBuffer extends Module {
        final Linear child;

        WithBuffer() {
            registerParameter("w", Parameter.of(Tensor.ones(2)));
            registerBuffer("running", Tensor.zeros(2));
            registerBuffer("scratch", Tensor.zeros(1), false);
            child = registerModule("child", new Linear(2, 1));
        }

        @Override
        public Tensor forward(Tensor input) {
            return child.forward(input.mul(parameter("w")));
        }
    }

    private static Sequential nested() {
        return new Sequential(new Flatten(), new Sequential(new Linear(4, 3, false), new Tanh()), new Sigmoid(),
                new Identity(), new Linear(3, 2));
    }

    @Test
    void reprMatchesPyTorch() {
        assertEquals("Sequential(\n"
                + "  (0): Linear(in_features=784, out_features=256, bias=True)\n"
                + "  (1): ReLU()\n"
                + "  (2): Linear(in_features=256, out_features=10, bias=True)\n"
                + ")", new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 10)).toString());
        assertEquals("Sequential(\n"
                + "  (0): Flatten(start_dim=1, end_dim=-1)\n"
                + "  (1): Sequential(\n"
                + "    (0): Linear(in_features=4, out_features=3, bias=False)\n"
                + "    (1): Tanh()\n"
                + "  )\n"
                + "  (2): Sigmoid()\n"
                + "  (3): Identity()\n"
                + "  (4): Linear(in_features=3, out_features=2, bias=True)\n"
                + ")", nested().toString());
    }

    @Test
    void dottedNamesAsPyTorch() {
        Sequential m = nested();
        assertEquals(List.of("1.0.weight", "4.weight", "4.bias"), List.copyOf(m.namedParameters().keySet()));
        assertEquals(List.of("1.0.weight", "4.weight", "4.bias"), List.copyOf(m.stateDict().keySet()));
        assertEquals(List.of("", "0", "1", "1.0", "1.1", "2", "3", "4"), List.copyOf(m.namedModules().keySet()));
        assertEquals(5, m.children().size());
        assertEquals(3, m.parameters().size());
        assertSame(m.get(4), m.getSubmodule("4"));
        assertSame(((Linear) m.get(4)).bias(), m.getParameter("4.bias"));
        assertSame(m.get(-1), m.get(4));
    }

    @Test
    void stateDictOrderAndSharing() {
        WithBuffer m = new WithBuffer();
        Map<String, Tensor> sd = m.stateDict();
        assertEquals(List.of("w", "running", "child.weight", "child.bias"), List.copyOf(sd.keySet()));
        assertEquals(List.of("running", "scratch"), List.copyOf(m.namedBuffers().keySet()));
        // Detached, but the same storage: writing through the state dict changes the parameter.
        assertFalse(sd.get("w").requiresGrad());
        sd.get("w").fill_(3.0);
        assertEquals(3.0, m.getParameter("w").index(0).item());
    }

    @Test
    void sharedModulesAreCountedOnce() {
        Linear shared = new Linear(2, 2);
        Sequential m = new Sequential(shared, shared);
        assertEquals(2, m.parameters().size());
        assertEquals(List.of("0.weight", "0.bias"), List.copyOf(m.namedParameters().keySet()));
        assertEquals(1, m.children().size());
    }

    @Test
    void loadStateDictCopiesValues() {
        Linear l = new Linear(3, 2);
        Map<String, Tensor> sd = new LinkedHashMap<>();
        sd.put("weight", Tensor.of(new double[][] {{1, 2, 3}, {0, -1, 0.5}}, DType.FLOAT64));
        sd.put("bias", Tensor.of(0.5, -2.0));
        Module.IncompatibleKeys keys = l.loadStateDict(sd);
        assertTrue(keys.missingKeys().isEmpty() && keys.unexpectedKeys().isEmpty());
        assertEquals(DType.FLOAT32, l.weight().dtype());
        assertTrue(l.weight().isLeaf() && l.weight().requiresGrad());
        // y = x W^T + b with x = [1, 1, 2]: [1+2+6+0.5, 0-1+1-2]
        Tensor y = l.forward(Tensor.of(new double[][] {{1, 1, 2}}));
        assertArrayEquals(new double[] {9.5, -2.0}, y.toDoubleArray(), 1e-6);
        assertArrayEquals(new long[] {1, 2}, y.shape());
    }

    @Test
    void loadStateDictErrorsAsPyTorchAndNothingChanges() {
        Linear l = new Linear(4, 3);
        double[] before = l.weight().toDoubleArray();
        Map<String, Tensor> sd = new LinkedHashMap<>();
        sd.put("weight", Tensor.zeros(2, 4));
        sd.put("foo", Tensor.zeros(1));
        var e = assertThrows(IllegalArgumentException.class, () -> l.loadStateDict(sd));
        assertEquals("Error(s) in loading state_dict for Linear:\n\tMissing key(s) in state_dict: \"bias\". \n\t"
                + "Unexpected key(s) in state_dict: \"foo\". \n\tsize mismatch for weight: copying a param with shape "
                + "torch.Size([2, 4]) from checkpoint, the shape in current model is torch.Size([3, 4]).", e.getMessage());
        var nonStrict = assertThrows(IllegalArgumentException.class, () -> l.loadStateDict(sd, false));
        assertEquals("Error(s) in loading state_dict for Linear:\n\tsize mismatch for weight: copying a param with "
                + "shape torch.Size([2, 4]) from checkpoint, the shape in current model is torch.Size([3, 4]).",
                nonStrict.getMessage());
        assertArrayEquals(before, l.weight().toDoubleArray());

        Map<String, Tensor> partial = new LinkedHashMap<>();
        partial.put("weight", Tensor.ones(3, 4));
        partial.put("foo", Tensor.zeros(1));
        Module.IncompatibleKeys keys = l.loadStateDict(partial, false);
        assertEquals(List.of("bias"), keys.missingKeys());
        assertEquals(List.of("foo"), keys.unexpectedKeys());
        assertEquals(12.0, l.weight().sum().item());
    }

    @Test
    void registrationChecks() {
        WithBuffer m = new WithBuffer();
        assertEquals("parameter name can't contain \".\"",
                assertThrows(IllegalArgumentException.class, () -> m.registerParameter("a.b", null)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.registerBuffer("w", Tensor.zeros(1)));
        Tensor nonLeaf = Tensor.ones(2).requiresGrad_().mul(2);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> m.registerParameter("p", nonLeaf))
                .getMessage().startsWith("Cannot assign non-leaf Tensor to parameter 'p'"));
    }

    @Test
    void trainEvalRecurse() {
        Sequential m = nested();
        assertTrue(m.get(1).isTraining());
        m.eval();
        assertFalse(((Sequential) m.get(1)).get(0).isTraining());
        m.train();
        assertTrue(((Sequential) m.get(1)).get(0).isTraining());
    }

    @Test
    void zeroGradKeepsZeroTensorsOrSetsNone() {
        Linear l = new Linear(3, 2);
        l.forward(Tensor.ones(4, 3)).sum().backward();
        assertArrayEquals(new double[] {4, 4}, l.bias().grad().toDoubleArray());
        l.zeroGrad();
        assertArrayEquals(new double[] {0, 0}, l.bias().grad().toDoubleArray());
        l.zeroGrad(true);
        assertNull(l.bias().grad());
        assertNull(l.weight().grad());
    }

    @Test
    void toConvertsFloatingTensors() {
        WithBuffer m = new WithBuffer();
        m.forward(Tensor.ones(1, 2)).sum().backward();
        assertSame(m, m.to(DType.FLOAT64));
        for (Tensor p : m.parameters()) {
            assertEquals(DType.FLOAT64, p.dtype());
            assertTrue(p.isLeaf() && p.requiresGrad());
            assertEquals(DType.FLOAT64, p.grad().dtype());
        }
        assertEquals(DType.FLOAT64, m.namedBuffers().get("running").dtype());
        assertEquals(DType.FLOAT64, m.forward(Tensor.ones(new long[] {1, 2}, DType.FLOAT64)).dtype());
        assertEquals("nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=torch.int64",
                assertThrows(IllegalArgumentException.class, () -> m.to(DType.INT64)).getMessage());
    }

    @Test
    void parameterSharesStorage() {
        Tensor data = Tensor.zeros(3);
        Tensor p = Parameter.of(data);
        assertTrue(p.isLeaf() && p.requiresGrad());
        assertFalse(data.requiresGrad());
        assertTrue(p.sharesStorageWith(data));
        assertThrows(IllegalArgumentException.class, () -> Parameter.of(Tensor.of(1L, 2L)));
    }

    @Test
    void linearDefaultInitBounds() {
        Tensor.manualSeed(7);
        Linear l = new Linear(50, 40);
        double bound = 1 / Math.sqrt(50);
        double[] w = l.weight().toDoubleArray();
        double sumSq = 0;
        for (double v : w) {
            assertTrue(Math.abs(v) <= bound);
            sumSq += v * v;
        }
        // Variance of U(-b, b) is b^2 / 3; 2000 draws put the sample within a few percent.
        assertEquals(bound * bound / 3, sumSq / w.length, 0.1 * bound * bound / 3);
        for (double v : l.bias().toDoubleArray()) {
            assertTrue(Math.abs(v) <= bound);
        }
    }
}
