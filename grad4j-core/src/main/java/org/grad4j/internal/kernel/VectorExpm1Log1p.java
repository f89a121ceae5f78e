package org.grad4j.internal.kernel;

import static org.grad4j.internal.kernel.DoubleLaneMath.FLOATS;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * FLOAT32 expm1 and log1p written with Vector API arithmetic, for the router VectorApiUnaryKernels.
 * Both must stay accurate relative to a result far smaller than the 1 they are measured from, so
 * they run in FLOAT64 lanes (DoubleLaneMath) and round once to float: within 1 ulp of the plain
 * kernel's {@code (float) Math.expm1(x)} and {@code (float) Math.log1p(x)}. A group of lanes with
 * any input outside the safe range (or NaN) is computed with the plain formula, bit-identical to it.
 */
final class VectorExpm1Log1p {
    private static final int LANES = FLOATS.length();
    /** expm1's safe inputs: below -100 the result is -1 anyway; above 88.7 it overflows. */
    private static final float EXPM1_MIN = -100f;
    private static final float EXPM1_MAX = 88.7f;

    private VectorExpm1Log1p() {
    }

    /** out[i] = expm1(x[i]) for i in [from, to). */
    static void expm1(float[] x, float[] out, int from, int to) {
        int i = from;
        for (int bound = from + FLOATS.loopBound(to - from); i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(FLOATS, x, i);
            if (v.compare(VectorOperators.GE, EXPM1_MIN).and(v.compare(VectorOperators.LE, EXPM1_MAX)).allTrue()) {
                DoubleLaneMath.narrow(DoubleLaneMath.expm1(DoubleLaneMath.widen(v))).intoArray(out, i);
            } else {
                plainExpm1(x, out, i, i + LANES);
            }
        }
        plainExpm1(x, out, i, to);
    }

    /** out[i] = log1p(x[i]) for i in [from, to). */
    static void log1p(float[] x, float[] out, int from, int to) {
        int i = from;
        for (int bound = from + FLOATS.loopBound(to - from); i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(FLOATS, x, i);
            if (v.compare(VectorOperators.GT, -1f).and(v.compare(VectorOperators.LE, Float.MAX_VALUE)).allTrue()) {
                DoubleLaneMath.narrow(log1pOfSafe(DoubleLaneMath.widen(v))).intoArray(out, i);
            } else {
                plainLog1p(x, out, i, i + LANES);
            }
        }
        plainLog1p(x, out, i, to);
    }

    /**
     * log1p(d) = log(u) + (d - (u - 1)) / u with u = 1 + d rounded: the second term puts back what
     * the rounding of u lost (exactly d when u = 1). A zero keeps its sign.
     */
    private static DoubleVector log1pOfSafe(DoubleVector d) {
        DoubleVector u = d.add(1);
        DoubleVector lost = d.sub(u.sub(1)).div(u);
        return DoubleLaneMath.log(u).add(lost).blend(d, d.compare(VectorOperators.EQ, 0));
    }

    private static void plainExpm1(float[] x, float[] out, int from, int to) {
        for (int i = from; i < to; i++) out[i] = (float) Math.expm1(x[i]);
    }

    private static void plainLog1p(float[] x, float[] out, int from, int to) {
        for (int i = from; i < to; i++) out[i] = (float) Math.log1p(x[i]);
    }
}
