package org.grad4j.examples.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The from-scratch linear regression recovers the generating parameters (w = [2, -3.4], b = 4.2). */
class LinearRegressionScratchTest {
    @Test
    void recoversTheTrueParametersWithinOneHundredth() {
        LinearRegressionScratch.Result r = LinearRegressionScratch.train(1000, 10, 0.03, 3, 7, false);
        assertEquals(2.0, r.w()[0], 0.01);
        assertEquals(-3.4, r.w()[1], 0.01);
        assertEquals(4.2, r.b(), 0.01);
        assertTrue(r.epochLoss()[2] < r.epochLoss()[0], "loss falls across epochs");
        // The noise has std 0.01, so the best reachable mean squared loss / 2 is about 5e-5.
        assertTrue(r.epochLoss()[2] < 1e-3, "final loss " + r.epochLoss()[2]);
    }
}
