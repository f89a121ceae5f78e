package org.grad4j.internal.kernel;

import static org.grad4j.internal.kernel.DoubleLaneMath.FLOATS;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * FLOAT32 sigmoid and tanh written with Vector API arithmetic, for the router VectorApiUnaryKernels.
 * Both divide by 1 + exp(...) or 2 + expm1(...), so they run in FLOAT64 lanes (DoubleLaneMath) and
 * round once to float: within 1 ulp of the plain kernel's {@code (float) (1 / (1 + Math.exp(-x)))}
 * and {@code (float) Math.tanh(x)}. A group of lanes with any input outside the safe range (or NaN)
 * is computed with the plain formula, bit-identical to it.
 */
final class VectorSigmoidTanh {
    private static final int LANES = FLOATS.length();
    /** Sigmoid's safe inputs: sigmoid(x) is a normal float (sigmoid(-87.3) > 2^-126), exp(-x) normal. */
    private static final float SIGMOID_MIN = -87.3f;
    private static final float SIGMOID_MAX = 700f;
    /** Tanh's safe inputs: |x| <= 40 keeps expm1(2x) in range (tanh rounds to +-1 from |x| = 9.1). */
    private static final float TANH_LIMIT = 40f;

    private VectorSigmoidTanh() {
    }

    /** out[i] = 1 / (1 + exp(-x[i])) for i in [from, to). */
    static void sigmoid(float[] x, float[] out, int from, int to) {
        int i = from;
        for (int bound = from + FLOATS.loopBound(to - from); i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(FLOATS, x, i);
            if (v.compare(VectorOperators.GE, SIGMOID_MIN).and(v.compare(VectorOperators.LE, SIGMOID_MAX)).allTrue()) {
                DoubleVector expOfMinusX = DoubleLaneMath.exp(DoubleLaneMath.widen(v).neg());
                DoubleVector one = DoubleVector.broadcast(DoubleLaneMath.DOUBLES, 1);
                DoubleLaneMath.narrow(one.div(expOfMinusX.add(one))).intoArray(out, i);
            } else {
                plainSigmoid(x, out, i, i + LANES);
            }
        }
        plainSigmoid(x, out, i, to);
    }

    /** out[i] = tanh(x[i]) for i in [from, to). */
    static void tanh(float[] x, float[] out, int from, int to) {
        int i = from;
        for (int bound = from + FLOATS.loopBound(to - from); i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(FLOATS, x, i);
            if (v.abs().compare(VectorOperators.LE, TANH_LIMIT).allTrue()) {
                DoubleVector d = DoubleLaneMath.widen(v);
                // tanh(x) = t / (t + 2), t = expm1(2x): no cancellation near 0, and tanh(-0) = -0
                DoubleVector t = DoubleLaneMath.expm1(d.add(d));
                DoubleLaneMath.narrow(t.div(t.add(2))).intoArray(out, i);
            } else {
                plainTanh(x, out, i, i + LANES);
            }
        }
        plainTanh(x, out, i, to);
    }

    private static void plainSigmoid(float[] x, float[] out, int from, int to) {
        for (int i = from; i < to; i++) out[i] = (float) (1 / (1 + Math.exp(-x[i])));
    }

    private static void plainTanh(float[] x, float[] out, int from, int to) {
        for (int i = from; i < to; i++) out[i] = (float) Math.tanh(x[i]);
    }
}
