package org.grad4j.internal.kernel;

/**
 * Scalar special functions that {@code java.lang.Math} lacks (erf, erfc, inverse hyperbolics, log2,
 * trunc), in double precision. The kernels call them per element; the FLOAT32 kernels round the
 * double result once.
 *
 * <p>erf and erfc use two classical expansions, each where it converges fast and without
 * cancellation (relative error a few ulp; checked against PyTorch in ElementwiseOpsTest):
 * <ul>
 *   <li>|x| &lt; 2: the positive-term series of Abramowitz and Stegun, Handbook of Mathematical
 *       Functions (1964), eq. 7.1.6: erf(x) = 2/sqrt(pi) exp(-x^2) sum_n 2^n x^(2n+1) / (1*3*...*(2n+1));</li>
 *   <li>x &gt;= 0.5 (erfc) and |x| &gt;= 2 (erf): the continued fraction of A&amp;S eq. 7.1.14 in its even
 *       (contracted) form, erfc(x) = 2x/sqrt(pi) exp(-x^2) / (2x^2+1 - 1*2/(2x^2+5 - 3*4/(2x^2+9 - ...))),
 *       evaluated from a fixed depth backwards.</li>
 * </ul>
 */
public final class SpecialFunctions {
    private static final double LN2 = 0.6931471805599453;
    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    private static final double SQRT2 = 1.4142135623730951;
    /** Above this size x^2 + 1 == x^2 in double, so the inverse hyperbolics reduce to log(2x). */
    private static final double HUGE = 0x1p28;

    private SpecialFunctions() {
    }

    public static double trunc(double x) {
        return x < 0 ? Math.ceil(x) : Math.floor(x);
    }

    /** log2 with exact results at powers of two: split x = m 2^e with m in [sqrt(1/2), sqrt(2)). */
    public static double log2(double x) {
        if (!(x >= Double.MIN_NORMAL) || x == Double.POSITIVE_INFINITY) {
            return Math.log(x) / LN2;
        }
        int e = Math.getExponent(x);
        double m = Math.scalb(x, -e);
        if (m > SQRT2) {
            m *= 0.5;
            e++;
        }
        return e + Math.log(m) / LN2;
    }

    public static double asinh(double x) {
        double a = Math.abs(x);
        double r;
        if (a > HUGE) {
            r = Math.log(a) + LN2;
        } else if (a > 2) {
            r = Math.log(2 * a + 1 / (Math.sqrt(a * a + 1) + a));
        } else {
            // log1p form keeps full relative accuracy for small |x|
            r = Math.log1p(a + a * a / (1 + Math.sqrt(1 + a * a)));
        }
        return Math.copySign(r, x);
    }

    public static double acosh(double x) {
        if (x > HUGE) {
            return Math.log(x) + LN2;
        }
        if (x > 2) {
            return Math.log(2 * x - 1 / (x + Math.sqrt(x * x - 1)));
        }
        double t = x - 1;
        return Math.log1p(t + Math.sqrt(2 * t + t * t)); // NaN below 1
    }

    public static double atanh(double x) {
        double a = Math.abs(x);
        return Math.copySign(0.5 * Math.log1p(2 * a / (1 - a)), x); // +-inf at +-1, NaN beyond
    }

    public static double erf(double x) {
        double a = Math.abs(x);
        if (a < 2) {
            return erfSeries(x);
        }
        if (a != a) {
            return x;
        }
        double r = a >= 6 ? 1 : 1 - erfcFraction(a);
        return Math.copySign(r, x);
    }

    public static double erfc(double x) {
        if (x < 0.5) {
            return 1 - erf(x); // erfc > 0.47 here, so no digits are lost
        }
        if (x != x || x > 27.3) {
            return x != x ? x : 0; // exp(-x^2) underflows past 27.3
        }
        return erfcFraction(x);
    }

    /** A&amp;S 7.1.6 for |x| &lt; 2 (at most ~35 terms); every term has the sign of x. */
    private static double erfSeries(double x) {
        double x2 = x * x;
        double term = x;
        double sum = x;
        for (int n = 1; n < 60 && Math.abs(term) > Math.abs(sum) * 1e-17; n++) {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
        }
        return TWO_OVER_SQRT_PI * expMinusSquare(x) * sum;
    }

    /**
     * The even continued fraction of A&amp;S 7.1.14 for x &gt;= 0.5, summed backwards from a fixed
     * depth (stable, a few ulp in all). The depth 120/x^2 + 15 exceeds the terms needed for full
     * double precision at every x &gt;= 0.5 (about 310 at x = 0.5, 95 at x = 1, 28 at x = 2, 9 at x = 5).
     */
    private static double erfcFraction(double x) {
        double b0 = 2 * x * x + 1;
        int depth = (int) (120 / (x * x)) + 15;
        double f = b0 + 4.0 * depth;
        for (int n = depth; n > 0; n--) {
            f = b0 + 4.0 * (n - 1) - (2.0 * n - 1) * (2.0 * n) / f;
        }
        return TWO_OVER_SQRT_PI * x * expMinusSquare(x) / f;
    }

    /**
     * exp(-x^2) without the rounding error of x*x, which exp would magnify by x^2: with hi = x cut to
     * 26 significant bits, hi*hi is exact and x^2 = hi^2 + (x - hi)(x + hi).
     */
    private static double expMinusSquare(double x) {
        double hi = Double.longBitsToDouble(Double.doubleToRawLongBits(x) & 0xFFFFFFFFF8000000L);
        return Math.exp(-hi * hi) * Math.exp(-(x - hi) * (x + hi));
    }
}
