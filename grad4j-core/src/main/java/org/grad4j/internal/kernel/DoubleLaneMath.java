package org.grad4j.internal.kernel;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp, exp2, expm1 and log of FLOAT64 lanes with a relative error near 2^-45, for FLOAT32 kernels
 * whose formula would let a float exp's or log's own error (up to ~0.8 ulp) pass into the result
 * next to further roundings (sigmoid, tanh, expm1, log1p, exp2, log2, log10): they widen each float,
 * compute in double and round once at the end, which leaves them within 1 ulp of the plain kernel's
 * double formula. Coefficients: tools/gen_vector_exp_log_coefficients.py.
 */
final class DoubleLaneMath {
    static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    /**
     * Floats at the doubles' width (twice their lanes): no narrower float shape, see Note [One vector
     * shape] in VectorSupport. A step widens a FLOATS vector's lower half only.
     */
    static final VectorSpecies<Float> FLOATS = VectorSpecies.of(float.class, DOUBLES.vectorShape());
    /** Floats per step: one DOUBLES vector's worth. */
    static final int STEP = DOUBLES.length();
    private static final VectorMask<Float> UPPER_HALF = FLOATS.indexInRange(-STEP, STEP);

    /** ln 2 = LN2_HI + LN2_LO: the double nearest ln 2 and the double nearest the rest. */
    private static final double LN2_HI = Math.log(2);
    private static final double LN2_LO = 2.3190468138462996e-17;
    private static final double LOG2_E = 1 / Math.log(2);
    /**
     * 1.5 * 2^52 + 1023: adding it to x / ln 2 rounds to an integer k held in the low mantissa bits,
     * as k + 1023, which shifted up by 52 is the exponent field of 2^k.
     */
    private static final double EXP_SHIFT = 0x1.8p52 + 1023;
    /** expm1(r) = r + r^2 (E0 + E1 r + ... + E7 r^7) on |r| <= ln2 / 2. */
    private static final double E0 = 0.49999999999664607;
    private static final double E1 = 0.1666666666726524;
    private static final double E2 = 0.04166666696208196;
    private static final double E3 = 0.008333333094999678;
    private static final double E4 = 0.0013888811172609117;
    private static final double E5 = 0.00019841539309749896;
    private static final double E6 = 2.4880795660448787e-05;
    private static final double E7 = 2.7492935380760857e-06;

    /** Bits of the double nearest sqrt(1/2): mantissas are reduced into [sqrt(1/2), sqrt(2)). */
    private static final long SQRT_HALF_BITS = Double.doubleToRawLongBits(Math.sqrt(0.5));
    /** log1p(f) = 2s + s z (L0 + L1 z + ... + L4 z^4), s = f / (2 + f), z = s^2, |s| <= 0.1716. */
    private static final double L0 = 0.6666666667579977;
    private static final double L1 = 0.39999995622594064;
    private static final double L2 = 0.28572109045361443;
    private static final double L3 = 0.22176194614173428;
    private static final double L4 = 0.19584050934309646;

    private DoubleLaneMath() {
    }

    /** One step of a double-lane kernel: out[i .. i + STEP) from x[i .. i + STEP), see {@link #forEachStep}. */
    interface Step {
        void run(float[] x, float[] out, int i);
    }

    /**
     * Runs {@code step} over [from, to), STEP floats at a time; out may be x. A step loads a whole
     * FLOATS vector from i and stores one back ({@link #store}): its lower half the results, its
     * upper half the inputs it loaded there, which the next step reads (out may be x) and overwrites
     * with their results. So steps run while that vector ends by {@code to} (never touching a
     * neighbouring thread's range), and the rest (fewer than FLOATS' lanes) goes through a copy padded
     * with {@code pad}: each element's result depends on its own value only, not on where Parallel
     * cuts the range.
     */
    static void forEachStep(float[] x, float[] out, int from, int to, float pad, Step step) {
        int i = from;
        for (; i + FLOATS.length() <= to; i += STEP) {
            step.run(x, out, i);
        }
        if (i < to) {
            float[] padded = new float[FLOATS.length() + STEP];
            Arrays.fill(padded, pad);
            System.arraycopy(x, i, padded, 0, to - i);
            for (int p = 0; p < to - i; p += STEP) {
                step.run(padded, padded, p);
            }
            System.arraycopy(padded, 0, out, i, to - i);
        }
    }

    /** The lower half of v as doubles (exact). */
    static DoubleVector lowerHalf(FloatVector v) {
        return (DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLES, 0);
    }

    /**
     * Stores at out[i] the whole FLOATS vector: result rounded to float (the one rounding that
     * matters), then the upper half of {@code input}, the vector the step loaded from x[i].
     */
    static void store(DoubleVector result, FloatVector input, float[] out, int i) {
        FloatVector rounded = (FloatVector) result.convertShape(VectorOperators.D2F, FLOATS, 0);
        rounded.blend(input, UPPER_HALF).intoArray(out, i);
    }

    /** exp(v) for lanes in [-700, 700]: 2^k (1 + expm1(r)), v = k ln2 + r, |r| <= ln2 / 2. */
    static DoubleVector exp(DoubleVector v) {
        DoubleVector shifted = v.fma(LOG2_E, EXP_SHIFT);
        DoubleVector twoToK = twoToK(shifted);
        return twoToK.fma(expm1OfReduced(reduce(v, shifted)), twoToK);
    }

    /** 2^v for lanes in [-1000, 1000]: 2^k (1 + expm1(f ln2)), v = k + f, |f| <= 1/2 (f exact). */
    static DoubleVector exp2(DoubleVector v) {
        DoubleVector shifted = v.add(EXP_SHIFT);
        DoubleVector fraction = v.sub(shifted.sub(EXP_SHIFT));
        DoubleVector twoToK = twoToK(shifted);
        return twoToK.fma(expm1OfReduced(fraction.mul(LN2_HI)), twoToK);
    }

    /** expm1(v) for lanes in [-700, 700]: 2^k expm1(r) + (2^k - 1), no cancellation near v = 0. */
    static DoubleVector expm1(DoubleVector v) {
        DoubleVector shifted = v.fma(LOG2_E, EXP_SHIFT);
        DoubleVector twoToK = twoToK(shifted);
        DoubleVector expm1R = expm1OfReduced(reduce(v, shifted));
        // k = 0: expm1(r) itself, which also keeps the sign of a zero
        return twoToK.fma(expm1R, twoToK.sub(1)).blend(expm1R, twoToK.compare(VectorOperators.EQ, 1));
    }

    /**
     * log(v) for positive normal lanes: v = 2^e m with m in [sqrt(1/2), sqrt(2)), f = m - 1,
     * log(v) = e ln2 + log1p(f), log1p(f) = f - (f^2/2 - s (f^2/2 + R)), R = s z (L0 + ...) / s.
     */
    static DoubleVector log(DoubleVector v) {
        LongVector bits = v.reinterpretAsLongs();
        LongVector e = bits.sub(SQRT_HALF_BITS).lanewise(VectorOperators.ASHR, 52);
        DoubleVector f = bits.sub(e.lanewise(VectorOperators.LSHL, 52)).reinterpretAsDoubles().sub(1);
        DoubleVector s = f.div(f.add(2));
        DoubleVector z = s.mul(s);
        DoubleVector rest = z.fma(L4, L3).fma(z, splat(L2)).fma(z, splat(L1)).fma(z, splat(L0)).mul(z);
        DoubleVector halfSquare = f.mul(f).mul(0.5);
        DoubleVector log1pF = f.sub(s.neg().fma(halfSquare.add(rest), halfSquare));
        DoubleVector ek = (DoubleVector) e.convertShape(VectorOperators.L2D, DOUBLES, 0);
        return ek.fma(splat(LN2_HI), ek.fma(splat(LN2_LO), log1pF));
    }

    /** r = v - k ln2 for k = shifted - EXP_SHIFT: one rounding (the first fma is exact for a float v). */
    private static DoubleVector reduce(DoubleVector v, DoubleVector shifted) {
        DoubleVector k = shifted.sub(EXP_SHIFT);
        return k.fma(splat(-LN2_LO), k.fma(splat(-LN2_HI), v));
    }

    /** expm1(r) = r (1 + r Q(r)) for |r| <= ln2 / 2 (written as r (...) to keep the sign of -0). */
    private static DoubleVector expm1OfReduced(DoubleVector r) {
        DoubleVector q = r.fma(E7, E6).fma(r, splat(E5)).fma(r, splat(E4)).fma(r, splat(E3))
                .fma(r, splat(E2)).fma(r, splat(E1)).fma(r, splat(E0));
        return q.fma(r, splat(1)).mul(r);
    }

    /** 2^k from the exponent field held in shifted's low bits (see EXP_SHIFT). */
    private static DoubleVector twoToK(DoubleVector shifted) {
        return shifted.reinterpretAsLongs().lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
    }

    /** c in every lane (C2 hoists the broadcast out of the caller's loop). */
    private static DoubleVector splat(double c) {
        return DoubleVector.broadcast(DOUBLES, c);
    }
}
