package org.grad4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.function.Executable;

/**
 * What the fixture-driven tests share: reading PyTorch's JSON numbers and dtypes, the comparison
 * with tolerances, and the deterministic float64 inputs the gradient checks run on.
 */
public final class FixtureSupport {
    private FixtureSupport() {
    }

    public static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    public static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }

    /**
     * Runs {@code call}, which must fail as the error fixture {@code c} records (an {@code IndexError}
     * is an {@link IndexOutOfBoundsException}, anything else an {@link IllegalArgumentException}, with
     * PyTorch's exact message), and checks that no leaf changed: values, version, and no gradient.
     */
    public static void assertFailsAsPyTorchChangingNothing(JsonNode c, List<Tensor> leaves, Executable call) {
        String name = c.get("name").asText();
        List<double[]> before = new ArrayList<>();
        List<Integer> versions = new ArrayList<>();
        for (Tensor leaf : leaves) {
            before.add(leaf.toDoubleArray());
            versions.add(leaf.version());
        }
        Class<? extends RuntimeException> type = c.get("type").asText().equals("IndexError")
                ? IndexOutOfBoundsException.class : IllegalArgumentException.class;
        RuntimeException e = assertThrows(type, call, name);
        assertEquals(c.get("message").asText(), e.getMessage(), name);
        for (int i = 0; i < leaves.size(); i++) {
            assertArrayEquals(before.get(i), leaves.get(i).toDoubleArray(), name + ": input " + i + " changed");
            assertEquals(versions.get(i), leaves.get(i).version(), name + ": input " + i + " written");
            assertNull(leaves.get(i).grad(), name);
        }
    }

    /** A PyTorch dtype name as the generators write it ("float32", "float64"; anything else is int64). */
    public static DType dtype(String name) {
        switch (name) {
            case "float32": return DType.FLOAT32;
            case "float64": return DType.FLOAT64;
            default: return DType.INT64;
        }
    }

    /** A float64 constant drawn from its own seed, so specs do not depend on each other's order. */
    public static Tensor constant(long seed, long... shape) {
        Tensor.manualSeed(seed);
        return Tensor.randn(shape).to(DType.FLOAT64);
    }

    /** Float64 values in ±[0.2, 2.2] that require grad: away from the kinks at 0 of abs, sign, relu. */
    public static Tensor input(long[] shape) {
        Tensor.manualSeed(42);
        Tensor magnitude = Tensor.rand(shape).to(DType.FLOAT64).mul(2.0).add(0.2);
        return magnitude.mul(Tensor.randn(shape).to(DType.FLOAT64).sign()).requiresGrad_();
    }

    /**
     * Element-wise |expected - actual| <= atol + rtol |expected|; NaN must meet NaN and an infinity
     * the same infinity (a NaN never slips through a tolerance comparison).
     */
    public static void assertClose(String what, double[] expected, double[] actual, double rtol, double atol) {
        assertEquals(expected.length, actual.length, what + ": size");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            boolean ok = Double.isNaN(e) ? Double.isNaN(a)
                    : Double.isInfinite(e) ? a == e : Math.abs(a - e) <= atol + rtol * Math.abs(e);
            if (!ok) {
                fail(what + ": element " + i + " expected " + e + " but was " + a);
            }
        }
    }
}
