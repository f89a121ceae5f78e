package org.grad4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The default generator: java.util.Random's stream, plus a state that can be read and restored. */
class GeneratorTest {
    @Test
    void streamIsJavaUtilRandomsForEverySamplingMethod() {
        for (long seed : new long[] {0, 1, 42, -7}) {
            Generator ours = new Generator(seed);
            Random reference = new Random(seed);
            for (int i = 0; i < 101; i++) {
                assertEquals(reference.nextGaussian(), ours.nextGaussian());
                assertEquals(reference.nextDouble(), ours.nextDouble());
                assertEquals(reference.nextLong(-5, 1L << 40), ours.nextLong(-5, 1L << 40));
                assertEquals(reference.nextInt(17), ours.nextInt(17));
            }
            ours.setSeed(seed + 1);
            reference.setSeed(seed + 1);
            assertEquals(reference.nextGaussian(), ours.nextGaussian());
        }
    }

    @Test
    void rngStateRoundTripsIncludingACachedNormalSample() {
        Tensor.manualSeed(3);
        Tensor.randn(3);   // odd count: the second sample of the last pair is cached
        Tensor state = Tensor.getRngState();
        double[] first = Tensor.randn(5).toDoubleArray();
        double[] uniform = Tensor.rand(2).toDoubleArray();
        Tensor.setRngState(state);
        assertArrayEquals(first, Tensor.randn(5).toDoubleArray());
        assertArrayEquals(uniform, Tensor.rand(2).toDoubleArray());
        assertFalse(java.util.Arrays.equals(first, Tensor.randn(5).toDoubleArray()));
    }

    @Test
    void malformedStateIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.setRngState(Tensor.of(1.0, 2.0, 3.0)));
        assertThrows(IllegalArgumentException.class, () -> Tensor.setRngState(Tensor.of(1L, 2L)));
    }
}
