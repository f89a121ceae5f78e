package org.grad4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.grad4j.Tensor;
import org.junit.jupiter.api.Test;

/** nn.init: gains as PyTorch 1.13 prints them, bounds and spreads from the closed forms, errors. */
class InitTest {
    @Test
    void gainsMatchPyTorch() {
        assertEquals(1.0, Init.calculateGain("linear"));
        assertEquals(1.0, Init.calculateGain("conv2d"));
        assertEquals(1.0, Init.calculateGain("sigmoid"));
        assertEquals(1.6666666666666667, Init.calculateGain("tanh"));
        assertEquals(1.4142135623730951, Init.calculateGain("relu"));
        assertEquals(1.4141428569978354, Init.calculateGain("leaky_relu"));
        assertEquals(1.3867504905630728, Init.calculateGain("leaky_relu", 0.2));
        assertEquals(0.75, Init.calculateGain("selu"));
        assertEquals("Unsupported nonlinearity gelu",
                assertThrows(IllegalArgumentException.class, () -> Init.calculateGain("gelu")).getMessage());
    }

    @Test
    void uniformInitialisersStayInTheirBounds() {
        Tensor.manualSeed(1);
        Tensor w = Tensor.zeros(30, 20).requiresGrad_();
        Init.xavierUniform_(w);
        assertTrue(w.isLeaf());
        double a = Math.sqrt(6.0 / 50);
        assertTrue(w.abs().max().item() <= a);
        assertTrue(w.abs().max().item() > 0.9 * a);
        Init.kaimingUniform_(w, 0, "fan_out", "relu");
        double b = Math.sqrt(2.0) * Math.sqrt(3.0 / 30);
        assertTrue(w.abs().max().item() <= b && w.abs().max().item() > 0.9 * b);
        Init.uniform_(w, 2, 3);
        assertTrue(w.min().item() >= 2 && w.max().item() < 3);
    }

    @Test
    void normalInitialisersHaveTheirSpread() {
        Tensor.manualSeed(2);
        Tensor w = Tensor.zeros(200, 100, 2);
        Init.kaimingNormal_(w);  // fan_in = 100 * 2, gain of leaky_relu(0)= sqrt(2)
        assertEquals(Math.sqrt(2.0 / 200), w.std().item(), 0.02 * Math.sqrt(2.0 / 200));
        Init.xavierNormal_(w, 2.0);  // fan_in + fan_out = 200 + 400
        assertEquals(2.0 * Math.sqrt(2.0 / 600), w.std().item(), 0.02 * 2.0 * Math.sqrt(2.0 / 600));
        Init.normal_(w, 5, 0.5);
        assertEquals(5.0, w.mean().item(), 0.01);
    }

    @Test
    void constantsAndErrors() {
        Tensor w = Tensor.zeros(2, 2).requiresGrad_();
        assertEquals(4.0, Init.ones_(w).sum().item());
        assertEquals(-6.0, Init.constant_(w, -1.5).sum().item());
        assertEquals(0.0, Init.zeros_(w).abs().sum().item());
        assertEquals("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions",
                assertThrows(IllegalArgumentException.class, () -> Init.xavierUniform_(Tensor.zeros(3))).getMessage());
        assertEquals("Mode fan_x not supported, please use one of ['fan_in', 'fan_out']",
                assertThrows(IllegalArgumentException.class,
                        () -> Init.kaimingUniform_(Tensor.zeros(3, 3), 0, "fan_x", "leaky_relu")).getMessage());
    }
}
