package org.grad4j.internal.kernel;

import static org.grad4j.internal.kernel.DoubleLaneMath.STEP;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * FLOAT32 sigmoid, tanh, expm1, log1p, exp2, log2 and log10 written with Vector API arithmetic, for
 * the router VectorApiUnaryKernels. Their formulas divide by 1 + exp(...), or must stay accurate
 * relative to a result far below the 1 it is measured from, or change base; so each float is
 * widened and the formula runs in FLOAT64 lanes (DoubleLaneMath), rounding once to float at the
 * end: within 1 ulp of the plain kernel's formula ({@link #plain}). A lane outside the op's safe
 * range (or NaN) takes the plain formula instead, bit-identical to it; each element's result
 * depends on its own value only, not on where Parallel cuts the range.
 */
final class VectorDoubleLaneKernels {
    /** Sigmoid's safe inputs: sigmoid(x) is a normal float (sigmoid(-87.3) > 2^-126), exp(-x) normal. */
    private static final float SIGMOID_MIN = -87.3f;
    private static final float SIGMOID_MAX = 700f;
    /** Tanh's safe inputs: |x| <= 40 keeps expm1(2x) in range (tanh rounds to +-1 from |x| = 9.1). */
    private static final float TANH_LIMIT = 40f;
    /** expm1's safe inputs: below -100 the result is -1 anyway; above 88.7 it overflows. */
    private static final float EXPM1_MIN = -100f;
    private static final float EXPM1_MAX = 88.7f;
    /** exp2's safe inputs: 2^x is a normal, finite float. */
    private static final float EXP2_MIN = -126f;
    private static final float EXP2_MAX = 127.9f;
    private static final double LOG2_E = 1 / Math.log(2);
    private static final double LOG10_E = 1 / Math.log(10);

    private VectorDoubleLaneKernels() {
    }

    /** out[i] = op(x[i]) for i in [from, to), op one of the ops above; out may be x. */
    static void apply(UnaryKernel op, float[] x, float[] out, int from, int to) {
        // padding with 1s: safe for every op
        DoubleLaneMath.forEachStep(x, out, from, to, 1f, (in, result, i) -> oneStep(op, in, result, i));
    }

    /** The plain kernel's formula for op, which the vector path stays within 1 ulp of. */
    static float plain(UnaryKernel op, float x) {
        return switch (op) {
            case SIGMOID -> (float) (1 / (1 + Math.exp(-x)));
            case TANH -> (float) Math.tanh(x);
            case EXPM1 -> (float) Math.expm1(x);
            case LOG1P -> (float) Math.log1p(x);
            case EXP2 -> (float) Math.pow(2, x);
            case LOG2 -> (float) SpecialFunctions.log2(x);
            case LOG10 -> (float) Math.log10(x);
            default -> throw new IllegalArgumentException("no double-lane kernel for " + op);
        };
    }

    /** out[i .. i + STEP) = op(x[i .. i + STEP)); lanes outside the safe range take the plain formula. */
    private static void oneStep(UnaryKernel op, float[] x, float[] out, int i) {
        FloatVector v = FloatVector.fromArray(DoubleLaneMath.FLOATS, x, i);
        DoubleVector d = DoubleLaneMath.lowerHalf(v);
        VectorMask<Double> safe = safe(op, d);
        DoubleVector result = ofSafe(op, d);
        if (safe.allTrue()) {
            DoubleLaneMath.store(result, v, out, i);
        } else {
            // the inputs first: out may be x
            float[] inputs = Arrays.copyOfRange(x, i, i + STEP);
            DoubleLaneMath.store(result, v, out, i);
            for (int lane = 0; lane < STEP; lane++) {
                if (!safe.laneIsSet(lane)) {
                    out[i + lane] = plain(op, inputs[lane]);
                }
            }
        }
    }

    /**
     * Lanes whose result the vector path gets within 1 ulp: NaN and infinities are never among them.
     * The bounds are floats, compared exactly with the widened inputs.
     */
    private static VectorMask<Double> safe(UnaryKernel op, DoubleVector d) {
        return switch (op) {
            case SIGMOID -> within(d, SIGMOID_MIN, SIGMOID_MAX);
            case TANH -> within(d, -TANH_LIMIT, TANH_LIMIT);
            case EXPM1 -> within(d, EXPM1_MIN, EXPM1_MAX);
            case LOG1P -> d.compare(VectorOperators.GT, -1.0).and(d.compare(VectorOperators.LE, Float.MAX_VALUE));
            case EXP2 -> within(d, EXP2_MIN, EXP2_MAX);
            // subnormal floats too: as doubles they are normal
            case LOG2, LOG10 -> d.compare(VectorOperators.GT, 0.0).and(d.compare(VectorOperators.LE, Float.MAX_VALUE));
            default -> throw new IllegalArgumentException("no double-lane kernel for " + op);
        };
    }

    private static VectorMask<Double> within(DoubleVector d, float min, float max) {
        return d.compare(VectorOperators.GE, min).and(d.compare(VectorOperators.LE, max));
    }

    /** op(d) for safe lanes, in double. */
    private static DoubleVector ofSafe(UnaryKernel op, DoubleVector d) {
        return switch (op) {
            case SIGMOID -> {
                DoubleVector one = DoubleVector.broadcast(DoubleLaneMath.DOUBLES, 1);
                yield one.div(DoubleLaneMath.exp(d.neg()).add(one));
            }
            case TANH -> {
                // tanh(x) = t / (t + 2), t = expm1(2x): no cancellation near 0, and tanh(-0) = -0
                DoubleVector t = DoubleLaneMath.expm1(d.add(d));
                yield t.div(t.add(2));
            }
            case EXPM1 -> DoubleLaneMath.expm1(d);
            case LOG1P -> log1p(d);
            case EXP2 -> DoubleLaneMath.exp2(d);
            case LOG2 -> DoubleLaneMath.log(d).mul(LOG2_E);
            case LOG10 -> DoubleLaneMath.log(d).mul(LOG10_E);
            default -> throw new IllegalArgumentException("no double-lane kernel for " + op);
        };
    }

    /**
     * log1p(d) = log(u) + (d - (u - 1)) / u with u = 1 + d rounded: the second term puts back what
     * the rounding of u lost (exactly d when u = 1). A zero keeps its sign.
     */
    private static DoubleVector log1p(DoubleVector d) {
        DoubleVector u = d.add(1);
        DoubleVector lost = d.sub(u.sub(1)).div(u);
        return DoubleLaneMath.log(u).add(lost).blend(d, d.compare(VectorOperators.EQ, 0));
    }
}
