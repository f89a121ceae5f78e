package org.grad4j.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import jdk.incubator.vector.FloatVector;
import org.grad4j.DType;
import org.grad4j.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parity of the Vector API FLOAT32 exp/log kernels (VectorExpLog) with the plain kernel's formula
 * {@code (float) Math.f(x)}: at most 1 ulp apart over random floats of every exponent that matters
 * and every float of the critical intervals, bit-identical on special values, and wired into the
 * public API through VectorApiUnaryKernels.
 */
class VectorExpLogTest {
    private static final int LANES = FloatVector.SPECIES_PREFERRED.length();
    private static final int RANDOM_SAMPLES = 1 << 21;

    /** A vector kernel under test and the plain formula it must match. */
    interface Kernel {
        void apply(float[] x, float[] out, int from, int to);
    }

    /**
     * One op: its kernel, its plain formula, where its random inputs are drawn, intervals checked
     * float by float, inputs outside the kernel's safe range (their whole vector must take the plain
     * formula: bit-identical) and inputs at the edges inside it (within 1 ulp).
     */
    record Op(String name, UnaryKernel primitive, Kernel kernel, DoubleUnaryOperator formula,
              float randomMin, float randomMax, float[][] denseIntervals, float[] unsafe, float[] edges) {
        float plain(float x) {
            return (float) formula.applyAsDouble(x);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Op> ops() {
        return Stream.of(
                new Op("exp", UnaryKernel.EXP, VectorExpLog::exp, Math::exp, -104f, 90f,
                        new float[][] {{-0.4f, -0.3f}, {0.3f, 0.4f}, {-87.5f, -87.2f}, {88.2f, 88.8f}, {20f, 20.5f}},
                        new float[] {-87.33655f, -87.33654f, 88.72283f, 88.72284f, -103.97208f, -103.97209f, -150f,
                                89f, 1e30f, -1e30f, Float.MAX_VALUE, -Float.MAX_VALUE},
                        new float[] {-87.33f, 88.3f, 0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 0x1p-24f, -0x1p-25f,
                                1f, -1f}),
                new Op("log", UnaryKernel.LOG, VectorExpLog::log, Math::log, Float.MIN_NORMAL, Float.MAX_VALUE,
                        new float[][] {{0.5f, 2.5f}, {0.2f, 0.21f}, {1e30f, 1.00001e30f}},
                        new float[] {0f, -0f, Float.MIN_VALUE, Math.nextDown(Float.MIN_NORMAL), 1e-40f, -1f,
                                -Float.MIN_VALUE, -Float.MAX_VALUE},
                        new float[] {Float.MIN_NORMAL, Float.MAX_VALUE, 1f, Math.nextUp(1f), Math.nextDown(1f), 2f, 0.5f,
                                0.70710677f, 1.4142135f, 1e30f}));
    }

    @ParameterizedTest
    @MethodSource("ops")
    void withinOneUlpOfThePlainFormulaOnRandomFloats(Op op) {
        SplittableRandom random = new SplittableRandom(20261206L);
        float[] x = new float[RANDOM_SAMPLES];
        for (int i = 0; i < x.length; i++) {
            x[i] = randomFloatOfAnyExponent(random, op.randomMin(), op.randomMax());
        }
        assertWithinOneUlp(op, x);
    }

    @ParameterizedTest
    @MethodSource("ops")
    void withinOneUlpOnEveryFloatOfTheCriticalIntervals(Op op) {
        for (float[] interval : op.denseIntervals()) {
            assertWithinOneUlp(op, everyFloat(interval[0], interval[1]));
        }
    }

    /** One unsafe lane sends its whole vector to the plain formula, whichever lane it is in. */
    @ParameterizedTest
    @MethodSource("ops")
    void unsafeInputsAreBitIdenticalInEveryLane(Op op) {
        float[] unsafe = withNonFinite(op.unsafe());
        for (float special : unsafe) {
            for (int lane = 0; lane < LANES; lane++) {
                float[] x = new float[3 * LANES];
                Arrays.fill(x, 0.75f);
                x[LANES + lane] = special;
                float[] out = new float[x.length];
                op.kernel().apply(x, out, 0, x.length);
                for (int i = LANES; i < 2 * LANES; i++) {
                    assertEquals(Float.floatToRawIntBits(op.plain(x[i])), Float.floatToRawIntBits(out[i]),
                            op + "(" + x[i] + ") next to " + special + " in lane " + lane);
                }
                assertWithinOneUlp(op, x);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("ops")
    void edgesOfTheSafeRangeAreWithinOneUlp(Op op) {
        float[] x = new float[op.edges().length * LANES];
        for (int i = 0; i < x.length; i++) {
            x[i] = op.edges()[i / LANES];
        }
        assertWithinOneUlp(op, x);
    }

    @ParameterizedTest
    @MethodSource("ops")
    void writesExactlyTheRangeItIsGivenAlsoInPlace(Op op) {
        SplittableRandom random = new SplittableRandom(7);
        for (int length : new int[] {0, 1, LANES - 1, LANES, LANES + 1, 5 * LANES + 3}) {
            for (int from : new int[] {0, 1, 3, LANES + 2}) {
                float[] x = new float[from + length + 4];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) random.nextDouble(0.01, 10);
                }
                float[] out = new float[x.length];
                Arrays.fill(out, -7f);
                op.kernel().apply(x, out, from, from + length);
                float[] inPlace = x.clone();
                op.kernel().apply(inPlace, inPlace, from, from + length);
                for (int i = 0; i < x.length; i++) {
                    boolean inRange = i >= from && i < from + length;
                    float expected = inRange ? op.plain(x[i]) : -7f;
                    assertTrue(ulpDistance(expected, out[i]) <= 1, op + " at " + i + " of [" + from + ", " + (from + length) + ")");
                    assertEquals(inRange ? out[i] : x[i], inPlace[i], op + " in place at " + i);
                }
            }
        }
    }

    /** Tensor.op on a FLOAT32 tensor big enough to be split across threads runs the vector kernel. */
    @ParameterizedTest
    @MethodSource("ops")
    void thePublicApiRunsTheVectorKernel(Op op) {
        SplittableRandom random = new SplittableRandom(99);
        int n = 3 * Parallel.GRAIN + 5;
        double[] values = new double[n];
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextDouble(0.01, 20);
            values[i] = x[i];
        }
        Tensor input = Tensor.of(values, DType.FLOAT32);
        float[] actual = (op.primitive() == UnaryKernel.EXP ? input.exp() : input.log()).toFloatArray();
        float[] vector = new float[n];
        op.kernel().apply(x, vector, 0, n);
        int differFromPlain = 0;
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToRawIntBits(vector[i]), Float.floatToRawIntBits(actual[i]), op + " at " + i);
            assertTrue(ulpDistance(op.plain(x[i]), actual[i]) <= 1, op + " at " + i);
            if (op.plain(x[i]) != actual[i]) differFromPlain++;
        }
        // the vector kernel rounds a few results the other way: seeing one proves it ran
        assertTrue(differFromPlain > 0, op + " gave the plain results only");
    }

    private static void assertWithinOneUlp(Op op, float[] x) {
        float[] out = new float[x.length];
        op.kernel().apply(x, out, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            float expected = op.plain(x[i]);
            if (ulpDistance(expected, out[i]) > 1) {
                throw new AssertionError(op + "(" + x[i] + " = " + Float.toHexString(x[i]) + ") = " + out[i]
                        + ", plain formula " + expected);
            }
        }
    }

    /** Floats with a uniformly random exponent (and mantissa) in [min, max]. */
    private static float randomFloatOfAnyExponent(SplittableRandom random, float min, float max) {
        while (true) {
            float candidate = Float.intBitsToFloat(random.nextInt());
            if (candidate >= min && candidate <= max) {
                return candidate;
            }
        }
    }

    private static float[] everyFloat(float from, float to) {
        int count = (int) (ulpOrder(to) - ulpOrder(from)) + 1;
        float[] x = new float[count];
        float value = from;
        for (int i = 0; i < count; i++, value = Math.nextUp(value)) {
            x[i] = value;
        }
        return x;
    }

    private static float[] withNonFinite(float[] opSpecials) {
        float[] common = {Float.NaN, Float.intBitsToFloat(0x7fc00001), Float.intBitsToFloat(0xffc00000),
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        float[] all = Arrays.copyOf(common, common.length + opSpecials.length);
        System.arraycopy(opSpecials, 0, all, common.length, opSpecials.length);
        return all;
    }

    /**
     * Distance in representable floats; NaN is 0 from NaN and far from anything else, and so is a
     * zero from the zero of the other sign.
     */
    private static long ulpDistance(float a, float b) {
        if (Float.isNaN(a) || Float.isNaN(b)) {
            return Float.isNaN(a) && Float.isNaN(b) ? 0 : Long.MAX_VALUE;
        }
        if (a == 0 && b == 0) {
            return Float.floatToRawIntBits(a) == Float.floatToRawIntBits(b) ? 0 : Long.MAX_VALUE;
        }
        return Math.abs(ulpOrder(a) - ulpOrder(b));
    }

    /** Position of f on the number line of floats (-0 and +0 share 0, see ulpDistance). */
    private static long ulpOrder(float f) {
        int bits = Float.floatToRawIntBits(f);
        return bits >= 0 ? bits : -(long) (bits & 0x7fffffff);
    }
}
