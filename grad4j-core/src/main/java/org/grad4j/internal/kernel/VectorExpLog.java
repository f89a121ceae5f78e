package org.grad4j.internal.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * FLOAT32 exp and log written with Vector API arithmetic (range reduction + polynomial), for the
 * router VectorApiUnaryKernels. Each result is within 1 ulp of the plain kernel's
 * {@code (float) Math.exp(x)} / {@code (float) Math.log(x)}. A lane outside the op's safe range
 * (finite, normal result) takes the plain kernel's own formula instead, so NaN, infinities, zeros,
 * subnormal results and overflow come out bit-identical to it; each element's result depends on its
 * own value only. Polynomial coefficients: tools/gen_vector_exp_log_coefficients.py.
 */
final class VectorExpLog {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    /** ln 2 = LN2_HI + LN2_LO: LN2_HI is the float nearest ln 2, LN2_LO the float nearest the rest. */
    private static final float LN2_HI = (float) Math.log(2);
    private static final float LN2_LO = (float) (Math.log(2) - LN2_HI);
    private static final float LOG2_E = (float) (1 / Math.log(2));

    /**
     * exp's safe inputs: round(x / ln 2) = k stays in [-126, 127], so 2^k is a normal float, and
     * exp(x) itself is normal (exp(-87.33) > 2^-126) and finite.
     */
    private static final float EXP_MIN = -87.33f;
    private static final float EXP_MAX = 88.3f;
    /**
     * 1.5 * 2^23 + 127: adding it to x / ln 2 rounds to an integer k held in the low mantissa bits,
     * as k + 127, which shifted up by 23 is the exponent field of 2^k.
     */
    private static final float EXP_SHIFT = 0x1.8p23f + 127;
    /** exp(r) = 1 + r + r^2 * (E0 + E1 r + E2 r^2 + E3 r^3 + E4 r^4) on |r| <= ln2 / 2. */
    private static final float E0 = 0.49999994f;
    private static final float E1 = 0.16666521f;
    private static final float E2 = 0.04166839f;
    private static final float E3 = 0.00836871f;
    private static final float E4 = 0.00138146f;

    /** Bits of the float nearest sqrt(1/2): mantissas are reduced into [sqrt(1/2), sqrt(2)). */
    private static final int SQRT_HALF_BITS = Float.floatToRawIntBits(0.70710677f);
    /** log1p(f) = 2s + s z (L0 + L1 z + L2 z^2 + L3 z^3), s = f / (2 + f), z = s^2, |s| <= 0.1716. */
    private static final float L0 = 0.6666666f;
    private static final float L1 = 0.40000334f;
    private static final float L2 = 0.2853731f;
    private static final float L3 = 0.23582132f;

    private VectorExpLog() {
    }

    /** out[i] = exp(x[i]) for i in [from, to); out may be x. */
    static void exp(float[] x, float[] out, int from, int to) {
        int i = from;
        for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += LANES) {
            expVector(x, out, i);
        }
        if (i < to) {
            float[] padded = paddedTail(x, i, to);
            expVector(padded, padded, 0);
            System.arraycopy(padded, 0, out, i, to - i);
        }
    }

    /** out[i] = log(x[i]) for i in [from, to); out may be x. */
    static void log(float[] x, float[] out, int from, int to) {
        int i = from;
        for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += LANES) {
            logVector(x, out, i);
        }
        if (i < to) {
            float[] padded = paddedTail(x, i, to);
            logVector(padded, padded, 0);
            System.arraycopy(padded, 0, out, i, to - i);
        }
    }

    /**
     * x[i .. to) followed by 1s (safe for both ops) up to one vector: the last, partial vector runs
     * through the vector path too, so each element's result depends on its value only, not on
     * where Parallel cuts the range.
     */
    private static float[] paddedTail(float[] x, int i, int to) {
        float[] padded = new float[LANES];
        Arrays.fill(padded, 1f);
        System.arraycopy(x, i, padded, 0, to - i);
        return padded;
    }

    /** out[i .. i + LANES) = exp(x[i .. i + LANES)); lanes outside the safe range take the plain formula. */
    private static void expVector(float[] x, float[] out, int i) {
        FloatVector v = FloatVector.fromArray(SPECIES, x, i);
        VectorMask<Float> safe = v.compare(VectorOperators.GE, EXP_MIN).and(v.compare(VectorOperators.LE, EXP_MAX));
        FloatVector result = expOfSafe(v);
        if (safe.allTrue()) {
            result.intoArray(out, i);
        } else {
            // the inputs first: out may be x
            float[] inputs = Arrays.copyOfRange(x, i, i + LANES);
            result.intoArray(out, i);
            for (int lane = 0; lane < LANES; lane++) {
                if (!safe.laneIsSet(lane)) {
                    out[i + lane] = (float) Math.exp(inputs[lane]);
                }
            }
        }
    }

    /** out[i .. i + LANES) = log(x[i .. i + LANES)); lanes outside the safe range take the plain formula. */
    private static void logVector(float[] x, float[] out, int i) {
        FloatVector v = FloatVector.fromArray(SPECIES, x, i);
        VectorMask<Float> safe =
                v.compare(VectorOperators.GE, Float.MIN_NORMAL).and(v.compare(VectorOperators.LE, Float.MAX_VALUE));
        FloatVector result = logOfSafe(v);
        if (safe.allTrue()) {
            result.intoArray(out, i);
        } else {
            // the inputs first: out may be x
            float[] inputs = Arrays.copyOfRange(x, i, i + LANES);
            result.intoArray(out, i);
            for (int lane = 0; lane < LANES; lane++) {
                if (!safe.laneIsSet(lane)) {
                    out[i + lane] = (float) Math.log(inputs[lane]);
                }
            }
        }
    }

    /** exp(v) for lanes in [EXP_MIN, EXP_MAX]: exp(x) = 2^k exp(r), x = k ln2 + r, |r| <= ln2 / 2. */
    private static FloatVector expOfSafe(FloatVector v) {
        FloatVector shifted = v.fma(LOG2_E, EXP_SHIFT);
        FloatVector k = shifted.sub(EXP_SHIFT);
        // x - k * LN2_HI is exact (fma, and the difference needs no more bits than x has), so r
        // carries a single rounding
        FloatVector r = k.fma(splat(-LN2_HI), v);
        r = k.fma(splat(-LN2_LO), r);
        FloatVector q = r.fma(E4, E3).fma(r, splat(E2)).fma(r, splat(E1)).fma(r, splat(E0));
        // 1 + r + r^2 q as 1 + r (1 + r q): the last rounding dominates the error
        FloatVector one = splat(1f);
        FloatVector expR = q.fma(r, one).fma(r, one);
        FloatVector twoToK = shifted.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return expR.mul(twoToK);
    }

    /**
     * log(v) for positive normal finite lanes: v = 2^e m with m in [sqrt(1/2), sqrt(2)), f = m - 1
     * (exact), log(v) = e ln2 + log1p(f), log1p(f) = 2s + s R = f - c with s = f / (2 + f),
     * R = 2s^2/3 + 2s^4/5 + ... and c = f^2/2 - s (f^2/2 + R): c is small next to f, so f enters
     * unrounded and c's rounding errors shrink with it.
     */
    private static FloatVector logOfSafe(FloatVector v) {
        IntVector bits = v.reinterpretAsInts();
        IntVector e = bits.sub(SQRT_HALF_BITS).lanewise(VectorOperators.ASHR, 23);
        FloatVector m = bits.sub(e.lanewise(VectorOperators.LSHL, 23)).reinterpretAsFloats();
        FloatVector f = m.sub(1f);
        FloatVector s = f.div(f.add(2f));
        FloatVector z = s.mul(s);
        FloatVector rest = z.fma(L3, L2).fma(z, splat(L1)).fma(z, splat(L0)).mul(z);
        FloatVector halfSquare = f.mul(f).mul(0.5f);
        FloatVector c = s.neg().fma(halfSquare.add(rest), halfSquare);
        FloatVector ek = (FloatVector) e.convertShape(VectorOperators.I2F, SPECIES, 0);
        FloatVector cWithLow = ek.fma(splat(-LN2_LO), c);
        // |e| <= 1: e LN2_HI + f is exact (both are multiples of 2^-24 below 1 in size), which
        // avoids rounding log1p(f) before it partly cancels against -ln2 or ln2
        FloatVector nearOne = ek.fma(splat(LN2_HI), f).sub(cWithLow);
        // |e| >= 2: log1p(f) is small next to e ln2, so its rounding costs at most 1/8 ulp
        FloatVector farFromOne = ek.fma(splat(LN2_HI), f.sub(cWithLow));
        VectorMask<Float> near = ek.abs().compare(VectorOperators.LE, 1f);
        return farFromOne.blend(nearOne, near);
    }

    /** c in every lane (C2 hoists the broadcast out of the caller's loop). */
    private static FloatVector splat(float c) {
        return FloatVector.broadcast(SPECIES, c);
    }
}
