package org.grad4j.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import jdk.incubator.vector.FloatVector;
import org.grad4j.DType;
import org.grad4j.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parity of the Vector API FLOAT32 exp-family kernels (VectorExpLog: exp, log;
 * VectorDoubleLaneKernels: sigmoid, tanh, expm1, log1p, exp2, log2, log10) with the plain kernel's
 * formula, e.g. {@code (float) Math.exp(x)}: at most 1 ulp apart over random floats of every
 * exponent that matters and every float of the critical intervals, bit-identical wherever an input
 * is outside the kernel's safe range, each result independent of how the range is cut, and wired
 * into the public API through VectorApiUnaryKernels.
 */
class VectorExpFamilyTest {
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
    record Op(String name, UnaryKernel primitive, UnaryOperator<Tensor> tensorOp, Kernel kernel, DoubleUnaryOperator formula,
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
                new Op("exp", UnaryKernel.EXP, Tensor::exp, VectorExpLog::exp, Math::exp, -104f, 90f,
                        new float[][] {{-0.4f, -0.3f}, {0.3f, 0.4f}, {-87.5f, -87.2f}, {88.2f, 88.8f}, {20f, 20.5f}},
                        new float[] {-87.33655f, -87.33654f, 88.72283f, 88.72284f, -103.97208f, -103.97209f, -150f,
                                89f, 1e30f, -1e30f, Float.MAX_VALUE, -Float.MAX_VALUE},
                        new float[] {-87.33f, 88.3f, 0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 0x1p-24f, -0x1p-25f,
                                1f, -1f}),
                new Op("log", UnaryKernel.LOG, Tensor::log, VectorExpLog::log, Math::log, Float.MIN_NORMAL, Float.MAX_VALUE,
                        new float[][] {{0.5f, 2.5f}, {0.2f, 0.21f}, {1e30f, 1.00001e30f}},
                        new float[] {0f, -0f, Float.MIN_VALUE, Math.nextDown(Float.MIN_NORMAL), 1e-40f, -1f,
                                -Float.MIN_VALUE, -Float.MAX_VALUE},
                        new float[] {Float.MIN_NORMAL, Float.MAX_VALUE, 1f, Math.nextUp(1f), Math.nextDown(1f), 2f, 0.5f,
                                0.70710677f, 1.4142135f, 1e30f}),
                new Op("sigmoid", UnaryKernel.SIGMOID, Tensor::sigmoid, doubleLane(UnaryKernel.SIGMOID),
                        x -> 1 / (1 + Math.exp(-x)), -90f, 800f,
                        new float[][] {{0.25f, 1f}, {-1f, -0.25f}, {-87.5f, -87.1f}, {15f, 17f}},
                        new float[] {-87.31f, -88f, -100f, 701f, 1e30f, -1e30f, Float.MAX_VALUE, -Float.MAX_VALUE},
                        new float[] {-87.3f, 700f, 0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1f, -1f}),
                new Op("tanh", UnaryKernel.TANH, Tensor::tanh, doubleLane(UnaryKernel.TANH), Math::tanh, -45f, 45f,
                        new float[][] {{0x1p-11f, 0x1p-9f}, {-0x1p-9f, -0x1p-11f}, {0.5f, 1f}, {8.5f, 9.5f},
                                {-40.5f, -39.5f}},
                        new float[] {40.001f, -41f, 1e30f, -1e30f, Float.MAX_VALUE, -Float.MAX_VALUE},
                        new float[] {40f, -40f, 0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 0x1p-10f,
                                Math.nextDown(0x1p-10f), -0x1p-10f, 1e-20f, 9.1f}),
                new Op("expm1", UnaryKernel.EXPM1, Tensor::expm1, doubleLane(UnaryKernel.EXPM1), Math::expm1, -110f, 90f,
                        new float[][] {{0x1p-11f, 0x1p-9f}, {-0x1p-9f, -0x1p-11f}, {0.3f, 0.4f}, {-0.4f, -0.3f},
                                {-0.75f, -0.6f}, {88.5f, 88.8f}},
                        new float[] {-100.01f, 88.71f, 88.72284f, -1e30f, 1e30f, Float.MAX_VALUE, -Float.MAX_VALUE},
                        new float[] {-100f, 88.7f, 0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-20f, -1e-20f, 1f, -1f}),
                new Op("log1p", UnaryKernel.LOG1P, Tensor::log1p, doubleLane(UnaryKernel.LOG1P), Math::log1p, -1f, Float.MAX_VALUE,
                        new float[][] {{0x1p-11f, 0x1p-9f}, {-0x1p-9f, -0x1p-11f}, {-0.35f, -0.25f}, {0.35f, 0.5f},
                                {-1f, -0.99f}, {1e30f, 1.00001e30f}},
                        new float[] {-1f, -1.5f, -Float.MAX_VALUE, Math.nextDown(-1f)},
                        new float[] {Math.nextUp(-1f), Float.MAX_VALUE, 0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE,
                                1e-20f, -1e-20f, 1f, -0.5f}),
                new Op("exp2", UnaryKernel.EXP2, Tensor::exp2, doubleLane(UnaryKernel.EXP2), x -> Math.pow(2, x), -160f, 130f,
                        new float[][] {{0.25f, 0.5f}, {-0.5f, -0.25f}, {-126.5f, -125.5f}, {127.5f, 128.5f}},
                        new float[] {-126.01f, -149f, -150f, 127.95f, 128f, 1e30f, -1e30f, Float.MAX_VALUE},
                        new float[] {-126f, 127.9f, 0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1f, -1f, 10f, 0.5f}),
                new Op("log2", UnaryKernel.LOG2, Tensor::log2, doubleLane(UnaryKernel.LOG2), SpecialFunctions::log2, 0f,
                        Float.MAX_VALUE, new float[][] {{0.5f, 2.5f}, {1e-40f, 1.1e-40f}, {1e30f, 1.00001e30f}},
                        new float[] {0f, -0f, -1f, -Float.MIN_VALUE, -Float.MAX_VALUE},
                        new float[] {Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, 1f, Math.nextUp(1f),
                                Math.nextDown(1f), 2f, 0.5f, 0x1p-140f, 0x1p100f}),
                new Op("log10", UnaryKernel.LOG10, Tensor::log10, doubleLane(UnaryKernel.LOG10), Math::log10, 0f,
                        Float.MAX_VALUE, new float[][] {{0.5f, 2.5f}, {1e-40f, 1.1e-40f}, {9.99f, 10.01f}},
                        new float[] {0f, -0f, -1f, -Float.MIN_VALUE, -Float.MAX_VALUE},
                        new float[] {Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, 1f, Math.nextUp(1f),
                                Math.nextDown(1f), 10f, 100f, 1e-30f, 1e30f}));
    }

    static Stream<Op> opsInFloatLanes() {
        return ops().filter(op -> op.primitive() == UnaryKernel.EXP || op.primitive() == UnaryKernel.LOG);
    }

    private static Kernel doubleLane(UnaryKernel op) {
        return (x, out, from, to) -> VectorDoubleLaneKernels.apply(op, x, out, from, to);
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

    /** An unsafe lane gets the plain formula bit for bit, in any lane; its neighbours keep their results. */
    @ParameterizedTest
    @MethodSource("ops")
    void unsafeInputsAreBitIdenticalInEveryLane(Op op) {
        float[] ordinary = new float[3 * LANES];
        Arrays.fill(ordinary, 0.75f);
        float[] ordinaryOut = kernelOutput(op, ordinary);
        for (float special : withNonFinite(op.unsafe())) {
            for (int lane = 0; lane < LANES; lane++) {
                float[] x = ordinary.clone();
                int at = LANES + lane;
                x[at] = special;
                float[] out = kernelOutput(op, x);
                for (int i = 0; i < x.length; i++) {
                    float expected = i == at ? op.plain(special) : ordinaryOut[i];
                    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(out[i]),
                            op + " at " + i + " with " + special + " in lane " + lane);
                }
            }
        }
        assertWithinOneUlp(op, ordinary);
    }

    /** Cut into pieces at any points (as Parallel does), in place or not: the same bits as in one piece. */
    @ParameterizedTest
    @MethodSource("ops")
    void eachResultDependsOnItsValueOnly(Op op) {
        SplittableRandom random = new SplittableRandom(5);
        float[] x = new float[40 * LANES + 7];
        float[] unsafe = withNonFinite(op.unsafe());
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(10) == 0 ? unsafe[random.nextInt(unsafe.length)]
                    : randomFloatOfAnyExponent(random, op.randomMin(), op.randomMax());
        }
        float[] whole = kernelOutput(op, x);
        for (int trial = 0; trial < 20; trial++) {
            float[] pieces = new float[x.length];
            float[] inPlace = x.clone();
            for (int from = 0; from < x.length; ) {
                int to = Math.min(x.length, from + 1 + random.nextInt(3 * LANES));
                op.kernel().apply(x, pieces, from, to);
                op.kernel().apply(inPlace, inPlace, from, to);
                from = to;
            }
            assertArrayEquals(whole, pieces, op.toString());
            assertArrayEquals(whole, inPlace, op + " in place");
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

    /** The router takes the op and writes the vector kernel's results. */
    @ParameterizedTest
    @MethodSource("ops")
    void theRouterRunsTheVectorKernel(Op op) {
        float[] x = randomInputs(5 * LANES + 3);
        float[] routed = new float[x.length];
        assertTrue(VectorUnaryKernels.INSTANCE.apply(op.primitive(), x, routed, 0, x.length));
        assertArrayEquals(kernelOutput(op, x), routed, op.toString());
    }

    /** Tensor.op on a FLOAT32 tensor big enough to be split across threads gives the vector kernel's results. */
    @ParameterizedTest
    @MethodSource("ops")
    void thePublicApiGivesTheVectorKernelsResults(Op op) {
        float[] x = randomInputs(3 * Parallel.GRAIN + 5);
        assertArrayEquals(kernelOutput(op, x), op.tensorOp().apply(floatTensor(x)).toFloatArray(), op.toString());
    }

    /**
     * Tensor.exp and Tensor.log are not the plain formula: they round some results the other way
     * (the ops computed in double lanes do so too rarely to see here).
     */
    @ParameterizedTest
    @MethodSource("opsInFloatLanes")
    void thePublicApiIsNotThePlainFormula(Op op) {
        float[] x = randomInputs(3 * Parallel.GRAIN + 5);
        float[] actual = op.tensorOp().apply(floatTensor(x)).toFloatArray();
        int differFromPlain = 0;
        for (int i = 0; i < x.length; i++) {
            assertTrue(ulpDistance(op.plain(x[i]), actual[i]) <= 1, op + " at " + i);
            if (op.plain(x[i]) != actual[i]) differFromPlain++;
        }
        assertTrue(differFromPlain > 0, op + " gave the plain results only");
    }

    private static float[] randomInputs(int n) {
        SplittableRandom random = new SplittableRandom(99);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextDouble(0.01, 20);
        }
        return x;
    }

    private static float[] kernelOutput(Op op, float[] x) {
        float[] out = new float[x.length];
        op.kernel().apply(x, out, 0, x.length);
        return out;
    }

    private static Tensor floatTensor(float[] x) {
        double[] values = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            values[i] = x[i];
        }
        return Tensor.of(values, DType.FLOAT32);
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
