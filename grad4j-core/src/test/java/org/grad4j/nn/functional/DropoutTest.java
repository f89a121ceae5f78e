package org.grad4j.nn.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.grad4j.DType;
import org.grad4j.Tensor;
import org.junit.jupiter.api.Test;

/** {@link F#dropout}: what survives, by how much it is scaled, and that a seed fixes the mask. */
class DropoutTest {
    @Test
    void outOfTrainingOrWithPZeroTheInputComesBackUntouched() {
        Tensor x = Tensor.randn(3, 4).requiresGrad_();
        assertSame(x, F.dropout(x, 0.5, false));
        assertSame(x, F.dropout(x, 0.0, true));
    }

    @Test
    void trainingZeroesAboutPOfTheElementsAndScalesTheRestByOneOverOneMinusP() {
        Tensor.manualSeed(11);
        double p = 0.25;
        Tensor out = F.dropout(Tensor.ones(new long[] {200, 100}, DType.FLOAT64), p, true);
        int zeros = 0;
        for (double v : out.toDoubleArray()) {
            assertTrue(v == 0.0 || v == 1 / (1 - p), "element " + v);
            zeros += v == 0.0 ? 1 : 0;
        }
        // 20000 Bernoulli(0.25) draws: the share of zeros lies within 0.25 +- 0.02 (over 6 standard deviations).
        assertEquals(p, zeros / 20000.0, 0.02);
    }

    @Test
    void theGradientIsTheScaledMask() {
        Tensor.manualSeed(12);
        Tensor x = Tensor.randn(5, 6).requiresGrad_();
        Tensor out = F.dropout(x, 0.4, true);
        assertEquals("MulBackward0", out.gradFn().name());
        out.sum().backward();
        float[] values = x.toFloatArray();
        float[] dropped = out.toFloatArray();
        float[] grad = x.grad().toFloatArray();
        for (int i = 0; i < grad.length; i++) {
            assertTrue(grad[i] == 0f || Math.abs(grad[i] - 1 / 0.6f) < 1e-6f, "grad " + grad[i]);
            assertEquals(values[i] * grad[i], dropped[i], 1e-6f);
        }
    }

    @Test
    void theSameSeedGivesTheSameMask() {
        Tensor x = Tensor.ones(50);
        Tensor.manualSeed(3);
        Tensor first = F.dropout(x, 0.5, true);
        Tensor.manualSeed(3);
        Tensor second = F.dropout(x, 0.5, true);
        Tensor.manualSeed(4);
        Tensor other = F.dropout(x, 0.5, true);
        assertArrayEquals(first.toFloatArray(), second.toFloatArray());
        assertFalse(first.equal(other));
    }

    @Test
    void pOneZeroesEverythingAndStillRecordsTheProduct() {
        Tensor x = Tensor.randn(2, 3).to(DType.FLOAT64).requiresGrad_();
        Tensor out = F.dropout(x, 1.0, true);
        for (double v : out.toDoubleArray()) {
            assertEquals(0.0, Math.abs(v), "x * 0 is 0 (or -0 for negative x, as in PyTorch)");
        }
        assertEquals("MulBackward0", out.gradFn().name());
        out.sum().backward();
        assertArrayEquals(new double[6], x.grad().toDoubleArray());
    }

    @Test
    void aProbabilityOutsideZeroToOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> F.dropout(Tensor.ones(2), 1.5, true));
        assertEquals("dropout probability has to be between 0 and 1, but got 1.5", e.getMessage());
    }
}
