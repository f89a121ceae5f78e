package org.grad4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
