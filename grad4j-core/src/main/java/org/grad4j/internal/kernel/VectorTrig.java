package org.grad4j.internal.kernel;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * FLOAT32 sin, cos and tan with the Vector API, within 1 ulp of the plain kernels'
 * {@code (float) Math.sin(x)}, {@code (float) Math.cos(x)}, {@code (float) Math.tan(x)}.
 *
 * <p>Each float lane is widened to double, so that the reduction and the polynomials carry far more
 * bits than the float result needs: k = round(x * 2/pi), r = x - k*pi/2 with pi/2 split in two
 * doubles (fma; the first product's difference is exact, see {@link #reduce}), then sin and cos of
 * |r| <= pi/4 by polynomials fitted in tools/fit_trig_polynomials.py (relative error below 2^-35),
 * picked and sign-flipped by the quadrant k mod 4 (tan: their quotient). Rounding that double to
 * float is then the only error that matters. Lanes outside {@link #SAFE_BOUND}, NaN and
 * infinities get the scalar formula instead.
 */
final class VectorTrig {
    /**
     * Largest |x| the vector path takes. The reduction holds far beyond it (pi/2's two doubles
     * leave an error of k * 1.5e-33); up to this bound, every float has been checked against the
     * plain formulas (a one-off exhaustive run; VectorTrigTest keeps dense sweeps of it).
     */
    static final float SAFE_BOUND = 0x1p20f;

    private static final VectorSpecies<Double> DOUBLES = DoubleLaneMath.DOUBLES;

    private static final double TWO_OVER_PI = 0x1.45f306dc9c883p-1;
    /** pi/2 = PI_OVER_2_HIGH + PI_OVER_2_LOW + O(1.5e-33). */
    private static final DoubleVector PI_OVER_2_HIGH = DoubleVector.broadcast(DOUBLES, 0x1.921fb54442d18p+0);
    private static final DoubleVector PI_OVER_2_LOW = DoubleVector.broadcast(DOUBLES, 0x1.1a62633145c07p-54);
    /** 1.5 * 2^52: adding it rounds a double of magnitude below 2^51 to an integer, held in the low bits. */
    private static final double ROUNDER = 0x1.8p52;

    /** sin(r) ~ r + r^3 * (S0 + S1 r^2 + S2 r^4 + S3 r^6) on |r| <= pi/4. */
    private static final DoubleVector S0 = DoubleVector.broadcast(DOUBLES, -0x1.555555545e0acp-3);
    private static final DoubleVector S1 = DoubleVector.broadcast(DOUBLES, 0x1.11110def2e1c9p-7);
    private static final DoubleVector S2 = DoubleVector.broadcast(DOUBLES, -0x1.a013a793b98cep-13);
    private static final DoubleVector S3 = DoubleVector.broadcast(DOUBLES, 0x1.6dbe0838a06e9p-19);
    /** cos(r) ~ 1 + r^2 * (C0 + C1 r^2 + C2 r^4 + C3 r^6 + C4 r^8) on |r| <= pi/4. */
    private static final DoubleVector C0 = DoubleVector.broadcast(DOUBLES, -0x1.fffffffffe697p-2);
    private static final DoubleVector C1 = DoubleVector.broadcast(DOUBLES, 0x1.555555514f774p-5);
    private static final DoubleVector C2 = DoubleVector.broadcast(DOUBLES, -0x1.6c16bae5ef6d4p-10);
    private static final DoubleVector C3 = DoubleVector.broadcast(DOUBLES, 0x1.a01298d866458p-16);
    private static final DoubleVector C4 = DoubleVector.broadcast(DOUBLES, -0x1.2474e1a97d143p-22);

    private static final DoubleVector ONE = DoubleVector.broadcast(DOUBLES, 1.0);

    private static final int SIN = 0;
    private static final int COS = 1;
    private static final int TAN = 2;

    private VectorTrig() {
    }

    /** out[i] = (float) Math.sin(x[i]) within 1 ulp, for i in [from, to). */
    static void sin(float[] x, float[] out, int from, int to) {
        apply(SIN, x, out, from, to);
    }

    /** out[i] = (float) Math.cos(x[i]) within 1 ulp, for i in [from, to). */
    static void cos(float[] x, float[] out, int from, int to) {
        apply(COS, x, out, from, to);
    }

    /** out[i] = (float) Math.tan(x[i]) within 1 ulp, for i in [from, to). */
    static void tan(float[] x, float[] out, int from, int to) {
        apply(TAN, x, out, from, to);
    }

    /** Padding with zeros, which are safe: see DoubleLaneMath.forEachStep. */
    private static void apply(int op, float[] x, float[] out, int from, int to) {
        DoubleLaneMath.forEachStep(x, out, from, to, 0f, (in, result, i) -> oneStep(op, in, result, i));
    }

    /** out[i .. i + STEP) from x[i .. i + STEP); out may be x. */
    private static void oneStep(int op, float[] x, float[] out, int i) {
        FloatVector v = FloatVector.fromArray(DoubleLaneMath.FLOATS, x, i);
        DoubleVector wide = DoubleLaneMath.lowerHalf(v);
        // cos(x) = sin(x + pi/2): one quadrant further
        DoubleVector result = op == TAN ? tan(wide) : sinOfQuadrant(wide, op == COS ? 1 : 0);
        // false for NaN and infinities too
        VectorMask<Double> safe = wide.abs().compare(VectorOperators.LE, SAFE_BOUND);
        if (safe.allTrue()) {
            DoubleLaneMath.store(result, v, out, i);
        } else {
            float[] inputs = Arrays.copyOfRange(x, i, i + DoubleLaneMath.STEP);
            DoubleLaneMath.store(result, v, out, i);
            for (int lane = 0; lane < inputs.length; lane++) {
                if (!safe.laneIsSet(lane)) {
                    out[i + lane] = scalar(op, inputs[lane]);
                }
            }
        }
    }

    /** The plain kernels' formulas. */
    private static float scalar(int op, float x) {
        switch (op) {
            case SIN:
                return (float) Math.sin(x);
            case COS:
                return (float) Math.cos(x);
            default:
                return (float) Math.tan(x);
        }
    }

    /** sin(x + quadrantOffset * pi/2) for |x| <= SAFE_BOUND. */
    private static DoubleVector sinOfQuadrant(DoubleVector x, int quadrantOffset) {
        DoubleVector shifted = shiftedQuotient(x);
        DoubleVector r = reduce(x, shifted);
        DoubleVector r2 = r.mul(r);
        LongVector quadrant = shifted.reinterpretAsLongs().add(quadrantOffset);
        LongVector sinR = sinOfReduced(r, r2).reinterpretAsLongs();
        LongVector cosR = cosOfReduced(r2).reinterpretAsLongs();
        // picked and signed on the bits, where the quadrant's mask lives
        VectorMask<Long> odd = quadrant.and(1L).compare(VectorOperators.NE, 0L);
        LongVector signFlip = quadrant.and(2L).lanewise(VectorOperators.LSHL, 62);
        return sinR.blend(cosR, odd).lanewise(VectorOperators.XOR, signFlip).reinterpretAsDoubles();
    }

    /** tan(x) = sin(r) / cos(r) for even k, -cos(r) / sin(r) for odd k; for |x| <= SAFE_BOUND. */
    private static DoubleVector tan(DoubleVector x) {
        DoubleVector shifted = shiftedQuotient(x);
        DoubleVector r = reduce(x, shifted);
        DoubleVector r2 = r.mul(r);
        DoubleVector sinR = sinOfReduced(r, r2);
        DoubleVector cosR = cosOfReduced(r2);
        VectorMask<Long> odd = shifted.reinterpretAsLongs().and(1L).compare(VectorOperators.NE, 0L);
        LongVector numerator = sinR.reinterpretAsLongs().blend(cosR.neg().reinterpretAsLongs(), odd);
        LongVector denominator = cosR.reinterpretAsLongs().blend(sinR.reinterpretAsLongs(), odd);
        return numerator.reinterpretAsDoubles().div(denominator.reinterpretAsDoubles());
    }

    /**
     * x * 2/pi + 1.5 * 2^52: the addition rounds the quotient to the nearest integer k, which the
     * low bits of the result hold in two's complement (so its last two bits are k mod 4).
     */
    private static DoubleVector shiftedQuotient(DoubleVector x) {
        return x.fma(TWO_OVER_PI, ROUNDER);
    }

    /**
     * r = x - k*pi/2, |r| <= pi/4. For k != 0, |x| >= pi/4 is a multiple of 2^-24 and
     * k * PI_OVER_2_HIGH one of 2^-52, so their difference, below 1 in magnitude, is exact in a
     * double; the fma with the low part then rounds only once. k = 0 keeps x, the sign of zero included.
     */
    private static DoubleVector reduce(DoubleVector x, DoubleVector shiftedQuotient) {
        DoubleVector negativeK = shiftedQuotient.sub(ROUNDER).neg();
        return negativeK.fma(PI_OVER_2_LOW, negativeK.fma(PI_OVER_2_HIGH, x));
    }

    /** r * (1 + r^2 S(r^2)), not r + r^3 S: the product keeps the sign of r = -0 (S < 0 would flip it). */
    private static DoubleVector sinOfReduced(DoubleVector r, DoubleVector r2) {
        DoubleVector tail = S3.fma(r2, S2).fma(r2, S1).fma(r2, S0);
        return r.mul(r2.fma(tail, ONE));
    }

    private static DoubleVector cosOfReduced(DoubleVector r2) {
        DoubleVector tail = C4.fma(r2, C3).fma(r2, C2).fma(r2, C1).fma(r2, C0);
        return r2.fma(tail, ONE);
    }
}
