package org.grad4j.internal.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * FLOAT32 sigmoid and tanh written with Vector API arithmetic, for the router VectorApiUnaryKernels.
 * Both divide by 1 + exp(...), where a float exp's error (up to ~0.8 ulp) would pass into the result
 * next to the division's own rounding; so each float is widened and the whole formula runs in
 * FLOAT64 lanes with an exp accurate to ~2^-46, leaving the final rounding to float as the only
 * sizeable error: within 1 ulp of the plain kernel's {@code (float) (1 / (1 + Math.exp(-x)))} and
 * {@code (float) Math.tanh(x)}. A group of lanes with any input outside the safe range (or NaN) is
 * computed with the plain formula, bit-identical to it. Coefficients:
 * tools/gen_vector_exp_log_coefficients.py.
 */
final class VectorSigmoidTanh {
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    /** Floats as many as DOUBLES has lanes: each group of them widens into one double vector. */
    private static final VectorSpecies<Float> FLOATS =
            FloatVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2));
    private static final int LANES = DOUBLES.length();

    /** ln 2 = LN2_HI + LN2_LO: the double nearest ln 2 and the double nearest the rest. */
    private static final double LN2_HI = Math.log(2);
    private static final double LN2_LO = 2.3190468138462996e-17;
    private static final double LOG2_E = 1 / Math.log(2);
    /**
     * 1.5 * 2^52 + 1023: adding it to x / ln 2 rounds to an integer k held in the low mantissa bits,
     * as k + 1023, which shifted up by 52 is the exponent field of 2^k.
     */
    private static final double EXP_SHIFT = 0x1.8p52 + 1023;
    /** exp(r) = 1 + r + r^2 (E0 + E1 r + ... + E7 r^7) on |r| <= ln2 / 2. */
    private static final double E0 = 0.49999999999664607;
    private static final double E1 = 0.1666666666726524;
    private static final double E2 = 0.04166666696208196;
    private static final double E3 = 0.008333333094999678;
    private static final double E4 = 0.0013888811172609117;
    private static final double E5 = 0.00019841539309749896;
    private static final double E6 = 2.4880795660448787e-05;
    private static final double E7 = 2.7492935380760857e-06;

    /** Sigmoid's safe inputs: sigmoid(x) is a normal float (sigmoid(-87.3) > 2^-126), exp(-x) normal. */
    private static final float SIGMOID_MIN = -87.3f;
    private static final float SIGMOID_MAX = 700f;
    /** Tanh's safe inputs: |x| <= 40 keeps exp(2x) far from overflow (tanh rounds to +-1 from 9.1). */
    private static final float TANH_LIMIT = 40f;
    /** Below this |x|, tanh(x) = x (1 - x^2/3 + 2x^4/15 - 17x^6/315) to far below a float ulp. */
    private static final double TANH_SERIES_LIMIT = 0x1p-10;

    private VectorSigmoidTanh() {
    }

    /** out[i] = 1 / (1 + exp(-x[i])) for i in [from, to). */
    static void sigmoid(float[] x, float[] out, int from, int to) {
        int i = from;
        for (int bound = from + FLOATS.loopBound(to - from); i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(FLOATS, x, i);
            if (v.compare(VectorOperators.GE, SIGMOID_MIN).and(v.compare(VectorOperators.LE, SIGMOID_MAX)).allTrue()) {
                DoubleVector d = widen(v);
                DoubleVector sigmoid = splat(1).div(expOfSafe(d.neg()).add(1));
                narrow(sigmoid).intoArray(out, i);
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
                DoubleVector d = widen(v);
                narrow(tanhOfSafe(d)).intoArray(out, i);
            } else {
                plainTanh(x, out, i, i + LANES);
            }
        }
        plainTanh(x, out, i, to);
    }

    /**
     * tanh(d) = (e - 1) / (e + 1) with e = exp(2d); near 0, where e - 1 would lose the digits of
     * 2d to cancellation, the series (written as d times a factor, so tanh(-0) = -0).
     */
    private static DoubleVector tanhOfSafe(DoubleVector d) {
        DoubleVector e = expOfSafe(d.add(d));
        DoubleVector viaExp = e.sub(1).div(e.add(1));
        DoubleVector square = d.mul(d);
        DoubleVector series = square.fma(-17.0 / 315, 2.0 / 15).fma(square, splat(-1.0 / 3)).fma(square, splat(1)).mul(d);
        return viaExp.blend(series, d.abs().compare(VectorOperators.LT, TANH_SERIES_LIMIT));
    }

    /** exp(v) for lanes whose result is a normal double: 2^k exp(r), v = k ln2 + r, |r| <= ln2 / 2. */
    private static DoubleVector expOfSafe(DoubleVector v) {
        DoubleVector shifted = v.fma(LOG2_E, EXP_SHIFT);
        DoubleVector k = shifted.sub(EXP_SHIFT);
        DoubleVector r = k.fma(splat(-LN2_HI), v);
        r = k.fma(splat(-LN2_LO), r);
        DoubleVector q = r.fma(E7, E6).fma(r, splat(E5)).fma(r, splat(E4)).fma(r, splat(E3))
                .fma(r, splat(E2)).fma(r, splat(E1)).fma(r, splat(E0));
        DoubleVector one = splat(1);
        DoubleVector expR = q.fma(r, one).fma(r, one);
        DoubleVector twoToK = shifted.reinterpretAsLongs().lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        return expR.mul(twoToK);
    }

    private static DoubleVector widen(FloatVector v) {
        return (DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLES, 0);
    }

    /** Each lane rounded to float: the one rounding that matters. */
    private static FloatVector narrow(DoubleVector v) {
        return (FloatVector) v.convertShape(VectorOperators.D2F, FLOATS, 0);
    }

    /** c in every lane (C2 hoists the broadcast out of the caller's loop). */
    private static DoubleVector splat(double c) {
        return DoubleVector.broadcast(DOUBLES, c);
    }

    private static void plainSigmoid(float[] x, float[] out, int from, int to) {
        for (int i = from; i < to; i++) out[i] = (float) (1 / (1 + Math.exp(-x[i])));
    }

    private static void plainTanh(float[] x, float[] out, int from, int to) {
        for (int i = from; i < to; i++) out[i] = (float) Math.tanh(x[i]);
    }
}
