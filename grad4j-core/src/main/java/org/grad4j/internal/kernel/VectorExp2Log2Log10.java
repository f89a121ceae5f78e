package org.grad4j.internal.kernel;

import static org.grad4j.internal.kernel.DoubleLaneMath.FLOATS;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * FLOAT32 exp2, log2 and log10 written with Vector API arithmetic, for the router
 * VectorApiUnaryKernels. They run in FLOAT64 lanes (DoubleLaneMath), where the change of base costs
 * no visible rounding, and round once to float: within 1 ulp of the plain kernel's
 * {@code (float) Math.pow(2, x)}, {@code (float) SpecialFunctions.log2(x)} and
 * {@code (float) Math.log10(x)}. A group of lanes with any input outside the safe range (or NaN) is
 * computed with the plain formula, bit-identical to it.
 */
final class VectorExp2Log2Log10 {
    private static final int LANES = FLOATS.length();
    /** exp2's safe inputs: 2^x is a normal, finite float. */
    private static final float EXP2_MIN = -126f;
    private static final float EXP2_MAX = 127.9f;
    private static final double LOG2_E = 1 / Math.log(2);
    private static final double LOG10_E = 1 / Math.log(10);

    private VectorExp2Log2Log10() {
    }

    /** out[i] = 2^x[i] for i in [from, to). */
    static void exp2(float[] x, float[] out, int from, int to) {
        int i = from;
        for (int bound = from + FLOATS.loopBound(to - from); i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(FLOATS, x, i);
            if (v.compare(VectorOperators.GE, EXP2_MIN).and(v.compare(VectorOperators.LE, EXP2_MAX)).allTrue()) {
                DoubleLaneMath.narrow(DoubleLaneMath.exp2(DoubleLaneMath.widen(v))).intoArray(out, i);
            } else {
                for (int j = i; j < i + LANES; j++) out[j] = plainExp2(x[j]);
            }
        }
        for (; i < to; i++) out[i] = plainExp2(x[i]);
    }

    /** out[i] = log2(x[i]) for i in [from, to). */
    static void log2(float[] x, float[] out, int from, int to) {
        int i = from;
        for (int bound = from + FLOATS.loopBound(to - from); i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(FLOATS, x, i);
            if (positiveFinite(v).allTrue()) {
                DoubleLaneMath.narrow(DoubleLaneMath.log(DoubleLaneMath.widen(v)).mul(LOG2_E)).intoArray(out, i);
            } else {
                for (int j = i; j < i + LANES; j++) out[j] = plainLog2(x[j]);
            }
        }
        for (; i < to; i++) out[i] = plainLog2(x[i]);
    }

    /** out[i] = log10(x[i]) for i in [from, to). */
    static void log10(float[] x, float[] out, int from, int to) {
        int i = from;
        for (int bound = from + FLOATS.loopBound(to - from); i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(FLOATS, x, i);
            if (positiveFinite(v).allTrue()) {
                DoubleLaneMath.narrow(DoubleLaneMath.log(DoubleLaneMath.widen(v)).mul(LOG10_E)).intoArray(out, i);
            } else {
                for (int j = i; j < i + LANES; j++) out[j] = plainLog10(x[j]);
            }
        }
        for (; i < to; i++) out[i] = plainLog10(x[i]);
    }

    /** Lanes in (0, Float.MAX_VALUE]: subnormal floats too, as doubles they are normal. */
    private static VectorMask<Float> positiveFinite(FloatVector v) {
        return v.compare(VectorOperators.GT, 0f).and(v.compare(VectorOperators.LE, Float.MAX_VALUE));
    }

    private static float plainExp2(float x) {
        return (float) Math.pow(2, x);
    }

    private static float plainLog2(float x) {
        return (float) SpecialFunctions.log2(x);
    }

    private static float plainLog10(float x) {
        return (float) Math.log10(x);
    }
}
