package org.grad4j.internal.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.grad4j.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * VectorTrig against the plain kernels' formulas, {@code (float) Math.sin(x)}, cos and tan, element by
 * element: at most 1 ulp on the vector path (dense random sweeps over the safe range and over all
 * magnitudes, every float of a binade, every float near multiples of pi/4), bit-identical special
 * values (NaN, infinities, signed zeros, tiny and huge arguments) wherever they sit in a vector,
 * ranges of any length and offset; and Tensor.sin / cos / tan reaching the kernel through the router.
 */
class VectorTrigTest {
    /** The ops VectorTrig computes, each with its kernel and the plain kernel's formula. */
    enum Op {
        SIN(VectorTrig::sin, Math::sin, Tensor::sin),
        COS(VectorTrig::cos, Math::cos, Tensor::cos),
        TAN(VectorTrig::tan, Math::tan, Tensor::tan);

        final RangeKernel kernel;
        final DoubleUnaryOperator reference;
        final UnaryOperator<Tensor> tensorOp;

        Op(RangeKernel kernel, DoubleUnaryOperator reference, UnaryOperator<Tensor> tensorOp) {
            this.kernel = kernel;
            this.reference = reference;
            this.tensorOp = tensorOp;
        }

        float expected(float x) {
            return (float) reference.applyAsDouble(x);
        }

        float[] apply(float[] x) {
            float[] out = new float[x.length];
            kernel.apply(x, out, 0, x.length);
            return out;
        }
    }

    @FunctionalInterface
    interface RangeKernel {
        void apply(float[] x, float[] out, int from, int to);
    }

    private static final float BOUND = VectorTrig.SAFE_BOUND;
    /**
     * Inputs where, for one of the ops, the vector kernel rounds 1 ulp away from the scalar formula
     * (found by the exhaustive check of the safe range): they tell the two paths apart.
     */
    private static final float[] ROUNDED_APART =
        {0.03279201f, 0.7808942f, 0.27851295f, 0.78586173f, 0.022612192f, 0.78022224f};

    @ParameterizedTest
    @EnumSource(Op.class)
    void withinOneUlpOverTheSafeRange(Op op) {
        Random random = new Random(11);
        float[] x = new float[1_000_003];
        for (int i = 0; i < x.length; i++) {
            x[i] = (random.nextFloat() * 2 - 1) * BOUND;
        }
        assertWithinOneUlp(op, x);
    }

    /** Magnitudes from the smallest subnormal to the bound, log-uniformly, with random signs. */
    @ParameterizedTest
    @EnumSource(Op.class)
    void withinOneUlpOverAllMagnitudes(Op op) {
        Random random = new Random(12);
        int boundBits = Float.floatToRawIntBits(BOUND);
        float[] x = new float[1_000_003];
        for (int i = 0; i < x.length; i++) {
            float magnitude = Float.intBitsToFloat(random.nextInt(boundBits + 1));
            x[i] = random.nextBoolean() ? magnitude : -magnitude;
        }
        assertWithinOneUlp(op, x);
    }

    /** Every float in [1, 2), a binade whose reduction uses the quadrants 1 and 2. */
    @ParameterizedTest
    @EnumSource(Op.class)
    void withinOneUlpOnEveryFloatOfABinade(Op op) {
        assertWithinOneUlp(op, floatsFrom(1f, 1 << 23));
    }

    /**
     * Every float within 2^16 ulps of k*pi/4: near the multiples of pi/2 the reduced argument
     * nearly cancels, between them the quadrant switches and |r| reaches pi/4.
     */
    @ParameterizedTest
    @EnumSource(Op.class)
    void withinOneUlpAroundMultiplesOfQuarterPi(Op op) {
        double[] multiples = {1, 2, 3, 4, 5, 6, 7, 8, 9, 63, 64, 65, 1001, 40_000, 823_549, 1_335_000};
        for (double multiple : multiples) {
            float center = (float) (multiple * Math.PI / 4);
            assertTrue(center <= BOUND, "inside the safe range");
            float start = Float.intBitsToFloat(Float.floatToRawIntBits(center) - (1 << 16));
            assertWithinOneUlp(op, floatsFrom(start, 1 << 17));
            assertWithinOneUlp(op, negated(floatsFrom(start, 1 << 17)));
        }
    }

    /** Values the vector path must not round: each sits alone among ordinary lanes, at every position. */
    @ParameterizedTest
    @EnumSource(Op.class)
    void specialValuesAreBitIdenticalAnywhereInAVector(Op op) {
        float[] specials = {
            Float.NaN, Float.intBitsToFloat(0x7fc12345), Float.intBitsToFloat(0xffc00001),
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
            Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL, 0x1p-140f, -0x1.8p-130f,
            1e-20f, -1e-20f, 0x1p-12f, -0x1p-12f, 0x1.fffffep-13f,
            BOUND, -BOUND, Math.nextUp(BOUND), -Math.nextUp(BOUND), 1e7f, -1e7f, 0x1p30f, 1e30f,
            Float.MAX_VALUE, -Float.MAX_VALUE};
        int lanes = 16;
        for (float special : specials) {
            for (int position = 0; position < lanes; position++) {
                float[] x = new float[2 * lanes + 3];
                for (int i = 0; i < x.length; i++) {
                    x[i] = 0.3f * (i + 1);
                }
                x[position] = special;
                x[lanes + 3 + position] = special;
                float[] out = op.apply(x);
                for (int i = 0; i < x.length; i++) {
                    if (x[i] == special || Float.isNaN(x[i])) {
                        assertEquals(Float.floatToRawIntBits(op.expected(x[i])), Float.floatToRawIntBits(out[i]),
                                op + "(" + x[i] + ") at " + i);
                    } else {
                        assertTrue(ulps(op.expected(x[i]), out[i]) <= 1, op + "(" + x[i] + ") = " + out[i]);
                    }
                }
            }
        }
    }

    /**
     * Closed forms, on whole vectors: for tiny x (|x|^2 / 3 below half an ulp) sin(x) = tan(x) = x,
     * the sign of zero included, and cos(x) = 1; sin(pi/6) = cos(pi/3) = 1/2 and tan(pi/4) = 1.
     */
    @ParameterizedTest
    @EnumSource(Op.class)
    void closedForms(Op op) {
        float[] tiny = {-0f, 0f, 1e-10f, -3e-9f, 0x1p-13f, -0x1p-13f, 1e-38f, -1e-42f, Float.MIN_VALUE};
        float[] x = new float[4 * tiny.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = tiny[i % tiny.length];
        }
        float[] out = op.apply(x);
        for (int i = 0; i < x.length; i++) {
            float expected = op == Op.COS ? 1f : x[i];
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(out[i]), op + "(" + x[i] + ")");
        }
        double angle = op == Op.SIN ? Math.PI / 6 : op == Op.COS ? Math.PI / 3 : Math.PI / 4;
        float[] angles = new float[32];
        Arrays.fill(angles, (float) angle);
        for (float value : op.apply(angles)) {
            assertEquals(op == Op.TAN ? 1f : 0.5f, value, 1.2e-7f);
        }
    }

    /**
     * Any range [from, to) of any length: nothing written outside it, and each element exactly as
     * the whole array's call computes it (so Parallel's split cannot change a result), special
     * values included.
     */
    @ParameterizedTest
    @EnumSource(Op.class)
    void anyRangeLengthAndOffsetGivesTheWholeArraysResults(Op op) {
        Random random = new Random(13);
        float[] x = new float[80];
        for (int i = 0; i < x.length; i++) {
            // every other one an input whose vector result is 1 ulp off the scalar formula's
            x[i] = i % 2 == 0 ? ROUNDED_APART[i / 2 % ROUNDED_APART.length] : (float) (random.nextGaussian() * 10);
        }
        x[29] = Float.NaN;
        x[50] = 3e9f;
        float[] whole = op.apply(x);
        int apart = 0;
        for (int i = 0; i < x.length; i++) {
            assertTrue(ulps(op.expected(x[i]), whole[i]) <= 1, op + "(" + x[i] + ") = " + whole[i]);
            apart += whole[i] == op.expected(x[i]) || Float.isNaN(x[i]) ? 0 : 1;
        }
        assertTrue(apart > 0, "no element tells the vector path from the scalar formula");
        for (int from = 0; from < 10; from++) {
            for (int to = from; to <= x.length; to++) {
                float[] out = new float[x.length];
                Arrays.fill(out, -7f);
                op.kernel.apply(x, out, from, to);
                for (int i = 0; i < x.length; i++) {
                    float expected = i < from || i >= to ? -7f : whole[i];
                    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(out[i]),
                            op + " over [" + from + ", " + to + ") at " + i);
                }
            }
        }
    }

    /** In place (out == x), as the whole array's call into a separate output computes it. */
    @ParameterizedTest
    @EnumSource(Op.class)
    void inPlace(Op op) {
        float[] x = new float[37];
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.7f * i - 9f;
        }
        x[3] = Float.POSITIVE_INFINITY;
        x[20] = -1e25f;
        x[36] = Float.NaN;
        float[] expected = op.apply(x);
        op.kernel.apply(x, x, 0, x.length);
        assertArrayEquals(expected, x);
        assertTrue(Float.isNaN(x[3]) && Float.isNaN(x[36]) && x[20] == op.expected(-1e25f));
    }

    /**
     * Tensor.sin / cos / tan on a large FLOAT32 tensor (split across threads) take the vector kernel:
     * within 1 ulp of the scalar formula and, where the kernel's rounding differs from it, the kernel's.
     */
    @ParameterizedTest
    @EnumSource(Op.class)
    void tensorOpsReachTheKernel(Op op) {
        Random random = new Random(14);
        double[] values = new double[1_000_001];
        float[] x = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            x[i] = (float) (random.nextGaussian() * 100);
            values[i] = x[i];
        }
        Tensor input = Tensor.of(values);
        float[] out = op.tensorOp.apply(input).toFloatArray();
        float[] kernelOut = op.apply(x);
        int differingFromScalar = 0;
        for (int i = 0; i < x.length; i++) {
            assertTrue(ulps(op.expected(x[i]), out[i]) <= 1, op + "(" + x[i] + ") = " + out[i]);
            if (out[i] != op.expected(x[i])) {
                differingFromScalar++;
            }
        }
        assertArrayEquals(kernelOut, out);
        assertTrue(differingFromScalar > 0, "the result is the scalar formula's: the vector kernel did not run");
    }

    private static void assertWithinOneUlp(Op op, float[] x) {
        float[] out = op.apply(x);
        for (int i = 0; i < x.length; i++) {
            float expected = op.expected(x[i]);
            if (ulps(expected, out[i]) > 1) {
                assertEquals(expected, out[i], op + "(" + x[i] + ") more than 1 ulp off");
            }
        }
    }

    /** How many floats lie between a and b (0 when equal, signed zeros apart by 0). */
    static long ulps(float a, float b) {
        return Math.abs(orderedBits(a) - orderedBits(b));
    }

    private static long orderedBits(float f) {
        int bits = Float.floatToRawIntBits(f);
        return bits < 0 ? -(long) (bits & 0x7fffffff) : bits;
    }

    private static float[] floatsFrom(float start, int count) {
        float[] x = new float[count];
        int bits = Float.floatToRawIntBits(start);
        for (int i = 0; i < count; i++) {
            x[i] = Float.intBitsToFloat(bits + i);
        }
        return x;
    }

    private static float[] negated(float[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = -x[i];
        }
        return out;
    }
}
