package org.grad4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.grad4j.DType;
import org.grad4j.Tensor;
import org.junit.jupiter.api.Test;

/**
 * What the fixtures cannot pin: random layers (Dropout's mask, default initialisation) checked
 * against closed forms, train/eval switching, and the errors PyTorch raises (its wording).
 */
class LayerBehaviourTest {
    @Test
    void dropoutInTrainingZeroesAboutPAndScalesTheRest() {
        Tensor.manualSeed(7);
        Dropout dropout = new Dropout(0.3);
        Tensor x = Tensor.rand(200, 100).add(1.0).requiresGrad_();
        Tensor y = dropout.forward(x);
        assertEquals("MulBackward0", y.gradFn().name());
        double[] in = x.toDoubleArray();
        double[] out = y.toDoubleArray();
        int dropped = 0;
        for (int i = 0; i < in.length; i++) {
            if (out[i] == 0) {
                dropped++;
            } else {
                assertEquals(in[i] / 0.7, out[i], 1e-5 * out[i]);
            }
        }
        // 20000 Bernoulli(0.3) draws: the share dropped is 0.3 within 5 standard deviations (0.0032 each).
        assertEquals(0.3, dropped / 20000.0, 0.017);
        y.sum().backward();
        double[] grad = x.grad().toDoubleArray();
        for (int i = 0; i < in.length; i++) {
            assertEquals(out[i] == 0 ? 0 : 1 / 0.7, grad[i], 1e-6);
        }
    }

    @Test
    void dropoutInEvalModeReturnsTheInputAndPOneDropsAll() {
        Tensor x = Tensor.randn(4, 5);
        Sequential model = new Sequential(new Dropout(0.5));
        model.eval();
        assertSame(x, model.forward(x));
        model.train();
        Tensor dropped = new Dropout(1.0).forward(x);
        assertEquals(0.0, dropped.abs().sum().item());
    }

    @Test
    void dropoutRejectsProbabilitiesOutsideTheUnitInterval() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
        assertEquals("dropout probability has to be between 0 and 1, but got 1.5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dropout(-0.1));
    }

    @Test
    void aLossCalledWithoutTargetFailsAsInPyTorch() {
        var e = assertThrows(IllegalArgumentException.class, () -> new MSELoss().forward(Tensor.ones(2)));
        assertEquals("MSELoss.forward() missing 1 required positional argument: 'target'", e.getMessage());
    }

    @Test
    void lossWeightsAreBuffersThatFollowTheDtype() {
        CrossEntropyLoss loss = new CrossEntropyLoss(Tensor.of(0.5, 1.5, 1.0), -100, "mean", 0.0);
        assertEquals(List.of("weight"), List.copyOf(loss.stateDict().keySet()));
        assertTrue(loss.parameters().isEmpty());
        loss.to(DType.FLOAT64);
        assertEquals(DType.FLOAT64, loss.weight().dtype());
        BCEWithLogitsLoss logits = new BCEWithLogitsLoss(null, "mean", Tensor.of(2.0));
        assertEquals(List.of("pos_weight"), List.copyOf(logits.stateDict().keySet()));
        assertTrue(new MSELoss().stateDict().isEmpty());
    }

    @Test
    void hardtanhNeedsMaxAboveMin() {
        assertThrows(IllegalArgumentException.class, () -> new Hardtanh(1.0, 1.0));
    }

    @Test
    void embeddingStartsFromAStandardNormalWithAZeroPaddingRow() {
        Tensor.manualSeed(3);
        Embedding embedding = new Embedding(2000, 10, 7L);
        Tensor w = embedding.weight();
        assertTrue(w.requiresGrad() && w.isLeaf());
        assertEquals(0.0, w.select(0, 7).abs().sum().item());
        // 19990 N(0, 1) draws: mean within 5 sd (0.0071), variance 1 within 5 sd (0.01).
        double[] v = w.toDoubleArray();
        double mean = java.util.Arrays.stream(v).sum() / v.length;
        double var = java.util.Arrays.stream(v).map(x -> x * x).sum() / (v.length - 10) - mean * mean;
        assertEquals(0.0, mean, 0.036);
        assertEquals(1.0, var, 0.05);
    }

    @Test
    void embeddingPaddingIndexAndPretrainedWeights() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Embedding(3, 2, 3L));
        assertEquals("Padding_idx must be within num_embeddings", e.getMessage());
        assertEquals(Long.valueOf(2), new Embedding(3, 2, -1L).paddingIdx());
        Tensor table = Tensor.of(new double[][] {{1, 2}, {3, 4}, {5, 6}});
        Embedding frozen = Embedding.fromPretrained(table, true, null);
        assertEquals("Embedding(3, 2)", frozen.toString());
        assertFalse(frozen.weight().requiresGrad());
        assertEquals(Tensor.of(new double[][] {{5, 6}, {1, 2}}).toString(), frozen.forward(Tensor.of(2, 0)).toString());
        assertTrue(Embedding.fromPretrained(table, false, null).weight().requiresGrad());
    }

    @Test
    void batchNormStartsWithUnitWeightZeroBiasAndNeutralRunningStats() {
        BatchNorm2d bn = new BatchNorm2d(3);
        assertEquals("[1.0, 1.0, 1.0]", java.util.Arrays.toString(bn.weight().toDoubleArray()));
        assertEquals("[0.0, 0.0, 0.0]", java.util.Arrays.toString(bn.bias().toDoubleArray()));
        assertEquals("[0.0, 0.0, 0.0]", java.util.Arrays.toString(bn.runningMean().toDoubleArray()));
        assertEquals("[1.0, 1.0, 1.0]", java.util.Arrays.toString(bn.runningVar().toDoubleArray()));
        assertEquals(DType.INT64, bn.numBatchesTracked().dtype());
        assertEquals(0, bn.numBatchesTracked().dim());
        assertEquals(List.of("weight", "bias"), List.copyOf(bn.namedParameters().keySet()));
        bn.to(DType.FLOAT64);
        assertEquals(DType.FLOAT64, bn.runningMean().dtype());
        assertEquals(DType.INT64, bn.numBatchesTracked().dtype());
        bn.forward(Tensor.randn(2, 3, 2, 2).to(DType.FLOAT64));
        bn.forward(Tensor.randn(2, 3, 2, 2).to(DType.FLOAT64));
        assertEquals(2.0, bn.numBatchesTracked().item());
        bn.resetRunningStats();
        assertEquals(0.0, bn.numBatchesTracked().item());
        assertEquals(0.0, bn.runningMean().abs().sum().item());
    }

    @Test
    void batchNormRejectsTheWrongRankAndAFailingCallCountsNothing() {
        var e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3).forward(Tensor.ones(2, 3)));
        assertEquals("expected 4D input (got 2D input)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(3).forward(Tensor.ones(2, 3, 4, 5)));
        assertEquals("expected 2D or 3D input (got 4D input)", e.getMessage());
        BatchNorm1d bn = new BatchNorm1d(3);
        e = assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.ones(1, 3)));
        assertTrue(e.getMessage().startsWith("Expected more than 1 value per channel when training"));
        assertEquals(0.0, bn.numBatchesTracked().item());
        assertEquals("[1.0, 1.0, 1.0]", java.util.Arrays.toString(bn.runningVar().toDoubleArray()));
    }

    @Test
    void normLayersWithoutAffineOrRunningStatsHaveNoSuchState() {
        BatchNorm2d bn = new BatchNorm2d(4, 1e-5, null, false, false);
        assertTrue(bn.stateDict().isEmpty());
        assertEquals("BatchNorm2d(4, eps=1e-05, momentum=None, affine=False, track_running_stats=False)", bn.toString());
        LayerNorm ln = new LayerNorm(new long[] {2, 3}, 1e-5, false);
        assertTrue(ln.stateDict().isEmpty());
        assertEquals("[1.0, 1.0]", java.util.Arrays.toString(new LayerNorm(2).weight().toDoubleArray()));
    }

    /** Asserts draws from U(-bound, bound): all inside, the extremes near the bounds, mean and variance within 5 sd. */
    private static void assertUniform(double[] v, double bound) {
        double max = 0;
        double sum = 0;
        double squares = 0;
        for (double x : v) {
            max = Math.max(max, Math.abs(x));
            sum += x;
            squares += x * x;
        }
        int n = v.length;
        assertTrue(max <= bound, "max |w| " + max + " above the bound " + bound);
        assertTrue(max > bound * (1 - 10.0 / n), "max |w| " + max + " far below the bound " + bound);
        double variance = bound * bound / 3;
        assertEquals(0.0, sum / n, 5 * Math.sqrt(variance / n));
        // Var(x^2) for U(-b, b) is 4 b^4 / 45.
        assertEquals(variance, squares / n, 5 * Math.sqrt(4 * Math.pow(bound, 4) / 45 / n));
    }

    @Test
    void conv2dStartsFromKaimingUniformWithASqrt5WhichIsUniformOverOneOverSqrtFanIn() {
        Tensor.manualSeed(11);
        Conv2d conv = new Conv2d(16, 32, 3);
        assertEquals(List.of(32L, 16L, 3L, 3L), java.util.Arrays.stream(conv.weight().shape()).boxed().toList());
        // gain sqrt(2 / (1 + 5)) times sqrt(3 / fan_in) is 1 / sqrt(fan_in); fan_in = 16 * 3 * 3.
        assertUniform(conv.weight().toDoubleArray(), 1 / Math.sqrt(144));
        for (double b : conv.bias().toDoubleArray()) {
            assertTrue(Math.abs(b) <= 1 / Math.sqrt(144));
        }
        Conv2d grouped = new Conv2d(64, 96, new long[] {3, 2}, new long[] {1, 1}, new long[] {0, 0},
                new long[] {1, 1}, 4, true);
        assertEquals(List.of(96L, 16L, 3L, 2L), java.util.Arrays.stream(grouped.weight().shape()).boxed().toList());
        assertUniform(grouped.weight().toDoubleArray(), 1 / Math.sqrt(16 * 6));
        assertUniform(new Conv1d(8, 500, 5).weight().toDoubleArray(), 1 / Math.sqrt(40));
    }

    @Test
    void conv2dChecksChannelsAgainstGroups() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 4, 3, 1, 0, 1, 2, true));
        assertEquals("in_channels must be divisible by groups", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(4, 3, 3, 1, 0, 1, 2, true));
        assertEquals("out_channels must be divisible by groups", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(4, 4, 3, 1, 0, 1, 0, true));
        assertEquals("groups must be a positive integer", e.getMessage());
        assertEquals(List.of("weight"), List.copyOf(new Conv2d(2, 2, 3, 1, 0, 1, 1, false).stateDict().keySet()));
    }

    @Test
    void poolingWithoutStrideUsesTheKernelSize() {
        assertEquals("MaxPool2d(kernel_size=(3, 2), stride=(3, 2), padding=(0, 0), dilation=(1, 1), ceil_mode=False)",
                new MaxPool2d(new long[] {3, 2}, null, new long[] {0, 0}, new long[] {1, 1}, false).toString());
        assertEquals("AvgPool2d(kernel_size=3, stride=3, padding=0)", new AvgPool2d(3).toString());
        Tensor x = Tensor.arange(16.0).reshape(1, 1, 4, 4);
        assertEquals("[5.0, 7.0, 13.0, 15.0]", java.util.Arrays.toString(new MaxPool2d(2).forward(x).toDoubleArray()));
        assertEquals("[2.5, 4.5, 10.5, 12.5]", java.util.Arrays.toString(new AvgPool2d(2).forward(x).toDoubleArray()));
    }

    @Test
    void aSmallConvNetWithBatchNormAndDropoutFitsAFixedBatch() {
        Tensor.manualSeed(5);
        Sequential model = new Sequential(new Conv2d(1, 4, 3, 1, 1), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Dropout(0.1), new Linear(4 * 4 * 4, 3));
        Tensor x = Tensor.randn(6, 1, 8, 8);
        Tensor y = Tensor.of(0, 1, 2, 0, 1, 2);
        Loss criterion = new CrossEntropyLoss();
        var optimizer = new org.grad4j.optim.SGD(model.parameters(), 0.1);
        double first = 0;
        for (int step = 0; step < 40; step++) {
            optimizer.zeroGrad();
            Tensor loss = criterion.forward(model.forward(x), y);
            loss.backward();
            optimizer.step();
            first = step == 0 ? loss.item() : first;
        }
        model.eval();
        double last = criterion.forward(model.forward(x), y).item();
        // Six samples, 243 parameters: training drives the loss far below its start near log(3).
        assertTrue(last < first / 4, "loss went from " + first + " to " + last);
        assertEquals(40.0, ((BatchNorm2d) model.get(1)).numBatchesTracked().item());
    }
}
