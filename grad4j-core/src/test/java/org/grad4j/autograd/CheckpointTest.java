package org.grad4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.grad4j.DType;
import org.grad4j.Tensor;
import org.junit.jupiter.api.Test;

/** torch.utils.checkpoint.checkpoint: same gradients as without it, inputs-only saving, replayed randomness. */
class CheckpointTest {
    private static final int DEPTH = 6;
    private static final int WIDTH = 4;

    private static List<Tensor> weights() {
        Tensor.manualSeed(11);
        List<Tensor> ws = new ArrayList<>();
        for (int i = 0; i < DEPTH; i++) {
            ws.add(Tensor.randn(WIDTH, WIDTH).to(DType.FLOAT64).div(2).detach().requiresGrad_());
        }
        return ws;
    }

    private static Tensor input() {
        Tensor.manualSeed(5);
        return Tensor.randn(3, WIDTH).to(DType.FLOAT64).requiresGrad_();
    }

    /** One MLP layer with a dropout-like random mask (p = 0.5, scaled by 2) when {@code dropout} is set. */
    private static UnaryOperator<Tensor> layer(Tensor w, boolean dropout) {
        return h -> {
            Tensor out = h.matmul(w).tanh();
            return dropout ? out.mul(Tensor.rand(out.shape()).lt(0.5).to(DType.FLOAT64)).mul(2) : out;
        };
    }

    /** Runs the chain (checkpointing every layer when asked), backpropagates, and returns every gradient. */
    private static List<double[]> gradients(List<Tensor> ws, Tensor x, boolean checkpointed, boolean dropout) {
        Tensor h = x;
        for (Tensor w : ws) {
            h = checkpointed ? Checkpoint.checkpoint(layer(w, dropout), h) : layer(w, dropout).apply(h);
        }
        h.pow(2).sum().backward();
        List<double[]> grads = new ArrayList<>();
        grads.add(x.grad().toDoubleArray());
        for (Tensor w : ws) {
            grads.add(w.grad().toDoubleArray());
        }
        return grads;
    }

    private static void assertSameGradients(List<double[]> expected, List<double[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), 1e-12, "gradient " + i);
        }
    }

    @Test
    void gradientsEqualTheUncheckpointedOnes() {
        List<double[]> plain = gradients(weights(), input(), false, false);
        List<double[]> checkpointed = gradients(weights(), input(), true, false);
        assertSameGradients(plain, checkpointed);
    }

    @Test
    void randomnessInsideTheSegmentIsReplayedAndTheStreamAfterwardsIsUnchanged() {
        List<Tensor> ws = weights();
        Tensor x = input();
        Tensor.manualSeed(99);
        List<double[]> plain = gradients(ws, x, false, true);
        double[] nextPlain = Tensor.rand(4).toDoubleArray();

        List<Tensor> ws2 = weights();
        Tensor x2 = input();
        Tensor.manualSeed(99);
        List<double[]> checkpointed = gradients(ws2, x2, true, true);
        double[] nextCheckpointed = Tensor.rand(4).toDoubleArray();

        assertSameGradients(plain, checkpointed);
        assertArrayEquals(nextPlain, nextCheckpointed, "the replay leaves the generator where the forward left it");
    }

    @Test
    void withoutPreservingTheRngStateTheReplayDrawsOtherMasks() {
        Tensor.manualSeed(99);
        Tensor x = input();
        Tensor w = weights().get(0);
        UnaryOperator<Tensor> f = layer(w, true);
        Tensor.manualSeed(1);
        f.apply(x).sum().backward();
        double[] plain = x.grad().toDoubleArray();

        Tensor x2 = input();
        Tensor.manualSeed(1);
        Checkpoint.checkpoint(in -> f.apply(in.get(0)), false, x2).sum().backward();
        assertFalse(Arrays.equals(plain, x2.grad().toDoubleArray()));
    }

    @Test
    void forwardSavesOnlyTheInputsAndBackwardRunsTheSegmentOnceMore() {
        AtomicInteger runs = new AtomicInteger();
        Tensor a = Tensor.of(new double[] {0.5, 1.0}, DType.FLOAT64).requiresGrad_();
        Tensor b = Tensor.of(new double[] {2.0, -1.0}, DType.FLOAT64).requiresGrad_();
        Tensor out = Checkpoint.checkpoint(in -> {
            runs.incrementAndGet();
            return in.get(0).mul(in.get(1)).sin().exp();
        }, a, b);
        assertEquals(1, runs.get());
        Graph graph = Autograd.graph(out);
        assertEquals(List.of("CheckpointFunctionBackward", "AccumulateGrad", "AccumulateGrad"),
                graph.nodes().stream().map(Node::name).toList());
        assertEquals(2, graph.root().savedTensors().size());

        out.sum().backward();
        assertEquals(2, runs.get());
        double[] av = {0.5, 1.0};
        double[] bv = {2.0, -1.0};
        for (int i = 0; i < 2; i++) {
            double common = Math.exp(Math.sin(av[i] * bv[i])) * Math.cos(av[i] * bv[i]);
            assertEquals(common * bv[i], a.grad().toDoubleArray()[i], 1e-12);
            assertEquals(common * av[i], b.grad().toDoubleArray()[i], 1e-12);
        }
    }

    @Test
    void aCheckpointedChainKeepsFarFewerSavedTensors() {
        List<Tensor> ws = weights();
        Tensor plain = input();
        Tensor checkpointed = input();
        for (Tensor w : ws) {
            plain = layer(w, false).apply(plain);
            checkpointed = Checkpoint.checkpoint(layer(w, false), checkpointed);
        }
        // Each plain layer saves the matmul's two operands and tanh's output; a checkpoint its input.
        assertEquals(3 * DEPTH, savedCount(plain));
        assertEquals(DEPTH, savedCount(checkpointed));
    }

    private static int savedCount(Tensor root) {
        int n = 0;
        for (Node node : Autograd.graph(root).nodes()) {
            n += node.savedTensors().size();
        }
        return n;
    }

    /**
     * W is used before the segment and inside it: when the checkpoint node runs, W's AccumulateGrad
     * still waits for the earlier MmBackward0 in the outer pass, and the replay's own backward
     * reaches it too (Note [Reentrant passes]). Both contributions must arrive.
     */
    @Test
    void aParameterUsedBeforeAndInsideTheSegmentGetsBothContributions() {
        Tensor w = weights().get(0);
        Tensor x = input();
        x.matmul(w).tanh().matmul(w).sin().sum().backward();
        double[] plainW = w.grad().toDoubleArray();
        double[] plainX = x.grad().toDoubleArray();

        Tensor w2 = weights().get(0);
        Tensor x2 = input();
        Tensor h = x2.matmul(w2).tanh();
        Checkpoint.checkpoint(in -> in.matmul(w2).sin(), h).sum().backward();
        assertArrayEquals(plainW, w2.grad().toDoubleArray(), 1e-12);
        assertArrayEquals(plainX, x2.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void autogradGradIsRefusedWithPyTorchsMessage() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad_();
        Tensor loss = Checkpoint.checkpoint(Tensor::exp, x).sum();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Autograd.grad(loss, x));
        assertEquals("Checkpointing is not compatible with .grad() or when an `inputs` parameter is passed to "
                + ".backward(). Please use .backward() and do not pass its `inputs` argument.", e.getMessage());
        assertTrue(x.grad() == null);
    }
}
