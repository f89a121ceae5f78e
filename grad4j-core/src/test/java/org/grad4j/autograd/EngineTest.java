package org.grad4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.grad4j.DType;
import org.grad4j.Tensor;
import org.junit.jupiter.api.Test;

/** The backward engine's contract: accumulation, freeing, hooks, grad mode, version checks, depth. */
class EngineTest {
    private static Tensor leaf(double... values) {
        return Tensor.of(values, DType.FLOAT64).requiresGrad_();
    }

    @Test
    void gradientsAccumulateAcrossBackwardCallsUntilZeroed() {
        Tensor x = leaf(0, 1, 2, 3);
        x.mul(x).sum().backward();
        x.mul(x).sum().backward();
        assertArrayEquals(new double[] {0, 4, 8, 12}, x.grad().toDoubleArray());
        x.grad().zero_();
        x.sum().backward();
        assertArrayEquals(new double[] {1, 1, 1, 1}, x.grad().toDoubleArray());
    }

    @Test
    void gradientsFromSeveralUsesAreSummed() {
        Tensor x = leaf(3);
        x.mul(x).add(x.mul(2.0)).add(x.sin()).sum().backward();
        assertEquals(2 * 3 + 2 + Math.cos(3), x.grad().item(), 1e-12);
    }

    @Test
    void secondBackwardFailsOnceTheGraphIsFreedAndChangesNothing() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(x).sum();
        y.backward(null, true);
        y.backward();
        assertArrayEquals(new double[] {4, 8}, x.grad().toDoubleArray());
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("Trying to backward through the graph a second time"));
        assertArrayEquals(new double[] {4, 8}, x.grad().toDoubleArray());
    }

    @Test
    void nonScalarOutputsNeedAGradient() {
        Tensor x = leaf(1, 2, 3);
        Tensor y = x.mul(x);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, y::backward);
        assertEquals("grad can be implicitly created only for scalar outputs", e.getMessage());
        assertNull(x.grad());
        y.backward(Tensor.of(new double[] {1, 0.5, 2}, DType.FLOAT64));
        assertArrayEquals(new double[] {2, 2, 12}, x.grad().toDoubleArray());
    }

    @Test
    void backwardOfATensorWithoutHistoryFails() {
        Tensor c = Tensor.of(1.0, 2.0).sum();
        IllegalStateException e = assertThrows(IllegalStateException.class, c::backward);
        assertEquals("element 0 of tensors does not require grad and does not have a grad_fn", e.getMessage());
    }

    @Test
    void broadcastGradientsAreSummedBackToEachInputShape() {
        Tensor a = Tensor.ones(new long[] {3, 1}, DType.FLOAT64).requiresGrad_();
        Tensor b = Tensor.ones(new long[] {1, 4}, DType.FLOAT64).requiresGrad_();
        Tensor s = Tensor.scalar(2.0, DType.FLOAT64).requiresGrad_();
        a.add(b).mul(s).sum().backward();
        assertArrayEquals(new long[] {3, 1}, a.grad().shape());
        assertArrayEquals(new double[] {8, 8, 8}, a.grad().toDoubleArray());
        assertArrayEquals(new double[] {6, 6, 6, 6}, b.grad().toDoubleArray());
        assertEquals(24, s.grad().item());
    }

    @Test
    void createGraphGivesSecondDerivatives() {
        Tensor x = leaf(2);
        Tensor y = x.pow(3).sum();
        Tensor dydx = Autograd.grad(List.of(y), List.of(x), null, true, true, false).get(0);
        assertEquals(12, dydx.item(), 1e-12);
        Tensor d2ydx2 = Autograd.grad(dydx.sum(), x).get(0);
        assertEquals(12, d2ydx2.item(), 1e-12);
        assertNull(x.grad(), "autograd.grad leaves .grad alone");
    }

    @Test
    void backwardWithCreateGraphRecordsTheGradient() {
        Tensor x = leaf(0.5);
        x.pow(3).sum().backward(null, true, true);
        Tensor first = x.grad();
        assertTrue(first.requiresGrad());
        assertEquals(3 * 0.25, first.item(), 1e-12);
        x.setGrad(null);
        first.sum().backward();
        assertEquals(6 * 0.5, x.grad().item(), 1e-12);
    }

    @Test
    void gradReportsUnusedInputsOnlyWhenAllowed() {
        Tensor x = leaf(1);
        Tensor unused = leaf(5);
        Tensor y = x.mul(3.0).sum();
        List<Tensor> grads = Autograd.grad(List.of(y), List.of(x, unused), null, true, false, true);
        assertEquals(3, grads.get(0).item());
        assertNull(grads.get(1));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Autograd.grad(List.of(y), List.of(x, unused), null, true, false, false));
        assertTrue(e.getMessage().contains("appears to not have been used in the graph"));
    }

    @Test
    void gradOfAnIntermediateStopsThere() {
        Tensor x = leaf(2);
        Tensor h = x.mul(x);
        Tensor y = h.mul(3.0).sum();
        assertEquals(3, Autograd.grad(y, h).get(0).item());
    }

    @Test
    void hooksSeeAndMayReplaceGradients() {
        Tensor x = leaf(1, 2);
        Tensor h = x.mul(2.0);
        double[] seen = new double[2];
        h.registerHook(g -> {
            System.arraycopy(g.toDoubleArray(), 0, seen, 0, 2);
            return g.mul(10.0);
        });
        x.registerHook(g -> g.add(1.0));
        h.sum().backward();
        assertArrayEquals(new double[] {1, 1}, seen);
        assertArrayEquals(new double[] {21, 21}, x.grad().toDoubleArray());
    }

    @Test
    void retainGradKeepsAnIntermediateGradient() {
        Tensor x = leaf(1, 2);
        Tensor h = x.mul(x);
        h.retainGrad();
        h.mul(3.0).sum().backward();
        assertArrayEquals(new double[] {3, 3}, h.grad().toDoubleArray());
        assertArrayEquals(new double[] {6, 12}, x.grad().toDoubleArray());
    }

    @Test
    void noGradScopesNestAndRestoreEvenOnException() {
        Tensor x = leaf(1);
        try (var outer = Autograd.noGrad()) {
            assertFalse(x.mul(2.0).requiresGrad());
            try (var inner = Autograd.enableGrad()) {
                assertTrue(x.mul(2.0).requiresGrad());
            }
            assertFalse(Autograd.isGradEnabled());
        }
        assertThrows(IllegalArgumentException.class, () -> {
            try (var g = Autograd.noGrad()) {
                throw new IllegalArgumentException("boom");
            }
        });
        assertTrue(Autograd.isGradEnabled());
        try (var g = Autograd.setGradEnabled(false)) {
            assertFalse(Autograd.isGradEnabled());
        }
        assertTrue(Autograd.isGradEnabled());
    }

    @Test
    void gradModeIsPerThread() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch bothInside = new CountDownLatch(2);
        try {
            Future<Boolean> disabled = pool.submit(() -> {
                try (var g = Autograd.noGrad()) {
                    bothInside.countDown();
                    bothInside.await(10, TimeUnit.SECONDS);
                    return leaf(1).mul(2.0).requiresGrad();
                }
            });
            Future<Boolean> enabled = pool.submit(() -> {
                bothInside.countDown();
                bothInside.await(10, TimeUnit.SECONDS);
                return leaf(1).mul(2.0).requiresGrad();
            });
            assertFalse(disabled.get(10, TimeUnit.SECONDS));
            assertTrue(enabled.get(10, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void modifyingASavedTensorInPlaceFailsBackwardAndChangesNothing() {
        Tensor a = leaf(1, 2);
        Tensor b = leaf(3, 4);
        Tensor y = a.exp();
        Tensor z = b.mul(2.0);
        Tensor loss = y.add(z).sum();
        y.add_(1.0);
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains(
                "one of the variables needed for gradient computation has been modified by an inplace operation"),
                e.getMessage());
        assertTrue(e.getMessage().contains("[torch.DoubleTensor [2]], which is output 0 of ExpBackward0, is at version 1; "
                + "expected version 0 instead."), e.getMessage());
        assertNull(a.grad());
        assertNull(b.grad());
    }

    @Test
    void inPlaceOnALeafThatRequiresGradFailsUnlessGradIsOff() {
        Tensor x = leaf(1, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.add_(1.0));
        assertEquals("a leaf Variable that requires grad is being used in an in-place operation.", e.getMessage());
        assertArrayEquals(new double[] {1, 2}, x.toDoubleArray());
        assertEquals(0, x.version());
        try (var g = Autograd.noGrad()) {
            x.mul_(3.0);
        }
        assertArrayEquals(new double[] {3, 6}, x.toDoubleArray());
        assertEquals(1, x.version());
    }

    @Test
    void inPlaceOnANonLeafBecomesItsGradFn() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(x);
        y.mul_(3.0);
        assertEquals("MulBackward0", y.gradFn().name());
        y.add_(x);
        assertEquals("AddBackward0", y.gradFn().name());
        y.sum().backward();
        assertArrayEquals(new double[] {6 * 1 + 1, 6 * 2 + 1}, x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void inPlaceOnAViewRewritesTheBaseHistory() {
        Tensor x = leaf(1, 2, 3);
        Tensor y = x.mul(2.0);
        Tensor v = y.slice(0, 0, 2);
        v.mul_(3.0);
        assertEquals("CopySlices", y.gradFn().name());
        assertEquals("AsStridedBackward0", v.gradFn().name());
        assertEquals("MulBackward0", y.gradFn().nextFunctions().get(0).name());
        assertArrayEquals(new double[] {6, 12, 6}, y.toDoubleArray());
        y.sum().backward();
        assertArrayEquals(new double[] {6, 6, 2}, x.grad().toDoubleArray());
    }

    @Test
    void writingALeafIntoAPlainTensorsViewConnectsTheGraph() {
        Tensor s = Tensor.scalar(2.0, DType.FLOAT64).requiresGrad_();
        Tensor z = Tensor.zeros(new long[] {3}, DType.FLOAT64);
        z.index(1).copy_(s.mul(5.0));
        assertEquals("CopySlices", z.gradFn().name());
        z.mul(z).sum().backward();
        assertEquals(2 * 10 * 5, s.grad().item(), 1e-12);
    }

    @Test
    void viewsShareStorageAndVersionWithTheirBase() {
        Tensor x = Tensor.arange(6.0).reshape(2, 3);
        Tensor row = x.index(1);
        row.fill_(100.0);
        assertArrayEquals(new double[] {0, 1, 2, 100, 100, 100}, x.toDoubleArray());
        assertEquals(1, x.version());
        Tensor d = x.detach();
        d.index(0).zero_();
        assertEquals(0, x.toDoubleArray()[1]);
        assertEquals(2, x.version());
    }

    @Test
    void aChainOfAMillionOpsBackpropagatesWithoutRecursion() {
        Tensor x = Tensor.scalar(1.0, DType.FLOAT64).requiresGrad_();
        Tensor y = x;
        for (int i = 0; i < 1_000_000; i++) {
            y = y.add(1.0);
        }
        y.backward();
        assertEquals(1.0, x.grad().item());
        assertEquals(1_000_001.0, y.item());
    }

    @Test
    void requiresGradOnlyForFloatingTensors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.arange(3).requiresGrad_());
        assertEquals("only Tensors of floating point dtype can require gradients", e.getMessage());
    }

    @Test
    void detachCutsTheGraph() {
        Tensor x = leaf(1, 2, 3);
        Tensor y = x.mul(x);
        Tensor u = y.detach();
        Tensor z = u.mul(x);
        z.sum().backward();
        assertArrayEquals(u.toDoubleArray(), x.grad().toDoubleArray());
        assertFalse(u.requiresGrad());
        assertTrue(u.sharesStorageWith(y));
    }

    @Test
    void nextFunctionsExposeTheGraphWithNullsForConstants() {
        Tensor w = leaf(4);
        Tensor y = w.mul(2.0).add(Tensor.of(new double[] {1}, DType.FLOAT64));
        assertEquals("AddBackward0", y.gradFn().name());
        Node mul = y.gradFn().nextFunctions().get(0);
        assertNull(y.gradFn().nextFunctions().get(1));
        assertEquals("MulBackward0", mul.name());
        assertEquals("AccumulateGrad", mul.nextFunctions().get(0).name());
        assertNull(mul.nextFunctions().get(1));
    }
}
