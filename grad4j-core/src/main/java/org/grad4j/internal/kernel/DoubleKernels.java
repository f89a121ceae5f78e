package org.grad4j.internal.kernel;

/**
 * FLOAT64 elementwise and matrix kernels over dense arrays: the hand-written source of truth.
 * FloatKernels is generated from this file by text substitution (KernelSourceGenerator in the
 * tests checks it is fresh), so write every expression so that it still compiles with double
 * replaced by float: cast each {@code Math} call's result with {@code (double)}.
 *
 * <p>Every loop reads and writes the same index of its arrays, the only shape HotSpot
 * auto-vectorises; elementwise kernels take an index range so that Parallel can split them. The
 * op switch sits outside the loops so each loop stays monomorphic.
 */
public final class DoubleKernels {
    private DoubleKernels() {
    }

    /** out[i] = op(x[i]) for i in [0, n), split across cores when n is large. */
    public static void unary(UnaryKernel op, double[] x, double[] out, int n) {
        if (!Parallel.worthSplitting(n, Parallel.GRAIN)) {
            unary(op, x, out, 0, n);
        } else {
            Parallel.forRange(n, Parallel.GRAIN, (from, to) -> unary(op, x, out, from, to));
        }
    }

    /** out[i] = a[i] op b[i] for i in [0, n), split across cores when n is large. */
    public static void binary(BinaryKernel op, double[] a, double[] b, double[] out, int n) {
        if (!Parallel.worthSplitting(n, Parallel.GRAIN)) {
            binary(op, a, b, out, 0, n);
        } else {
            Parallel.forRange(n, Parallel.GRAIN, (from, to) -> binary(op, a, b, out, from, to));
        }
    }

    /** out[i] = a[i] op s for i in [0, n), split across cores when n is large. */
    public static void binaryScalarRight(BinaryKernel op, double[] a, double s, double[] out, int n) {
        if (!Parallel.worthSplitting(n, Parallel.GRAIN)) {
            binaryScalarRight(op, a, s, out, 0, n);
        } else {
            Parallel.forRange(n, Parallel.GRAIN, (from, to) -> binaryScalarRight(op, a, s, out, from, to));
        }
    }

    /** out[i] = s op b[i] for i in [0, n), split across cores when n is large. */
    public static void binaryScalarLeft(BinaryKernel op, double s, double[] b, double[] out, int n) {
        if (!Parallel.worthSplitting(n, Parallel.GRAIN)) {
            binaryScalarLeft(op, s, b, out, 0, n);
        } else {
            Parallel.forRange(n, Parallel.GRAIN, (from, to) -> binaryScalarLeft(op, s, b, out, from, to));
        }
    }

    /** out[i] = op(x[i]) for i in [from, to) (a range, so that Parallel can split the work). */
    public static void unary(UnaryKernel op, double[] x, double[] out, int from, int to) {
        if (VectorUnaryKernels.INSTANCE != null && VectorUnaryKernels.INSTANCE.apply(op, x, out, from, to)) {
            return;
        }
        switch (op) {
            case NEG:
                for (int i = from; i < to; i++) out[i] = -x[i];
                break;
            case EXP:
                for (int i = from; i < to; i++) out[i] = (double) Math.exp(x[i]);
                break;
            case LOG:
                for (int i = from; i < to; i++) out[i] = (double) Math.log(x[i]);
                break;
            case SIN:
                for (int i = from; i < to; i++) out[i] = (double) Math.sin(x[i]);
                break;
            case COS:
                for (int i = from; i < to; i++) out[i] = (double) Math.cos(x[i]);
                break;
            case TANH:
                for (int i = from; i < to; i++) out[i] = (double) Math.tanh(x[i]);
                break;
            case SIGMOID:
                for (int i = from; i < to; i++) out[i] = (double) (1 / (1 + Math.exp(-x[i])));
                break;
            case RELU:
                // written so that NaN passes through, as in PyTorch
                for (int i = from; i < to; i++) out[i] = x[i] <= 0 ? 0 : x[i];
                break;
            case ABS:
                for (int i = from; i < to; i++) out[i] = Math.abs(x[i]);
                break;
            case SQRT:
                for (int i = from; i < to; i++) out[i] = (double) Math.sqrt(x[i]);
                break;
            case SIGN:
                for (int i = from; i < to; i++) out[i] = Math.signum(x[i]);
                break;
            case RECIPROCAL:
                for (int i = from; i < to; i++) out[i] = 1 / x[i];
                break;
            case RSQRT:
                for (int i = from; i < to; i++) out[i] = (double) (1 / Math.sqrt(x[i]));
                break;
            case EXP2:
                for (int i = from; i < to; i++) out[i] = (double) Math.pow(2, x[i]);
                break;
            case EXPM1:
                for (int i = from; i < to; i++) out[i] = (double) Math.expm1(x[i]);
                break;
            case LOG1P:
                for (int i = from; i < to; i++) out[i] = (double) Math.log1p(x[i]);
                break;
            case LOG2:
                for (int i = from; i < to; i++) out[i] = (double) SpecialFunctions.log2(x[i]);
                break;
            case LOG10:
                for (int i = from; i < to; i++) out[i] = (double) Math.log10(x[i]);
                break;
            case TAN:
                for (int i = from; i < to; i++) out[i] = (double) Math.tan(x[i]);
                break;
            case ASIN:
                for (int i = from; i < to; i++) out[i] = (double) Math.asin(x[i]);
                break;
            case ACOS:
                for (int i = from; i < to; i++) out[i] = (double) Math.acos(x[i]);
                break;
            case ATAN:
                for (int i = from; i < to; i++) out[i] = (double) Math.atan(x[i]);
                break;
            case SINH:
                for (int i = from; i < to; i++) out[i] = (double) Math.sinh(x[i]);
                break;
            case COSH:
                for (int i = from; i < to; i++) out[i] = (double) Math.cosh(x[i]);
                break;
            case ASINH:
                for (int i = from; i < to; i++) out[i] = (double) SpecialFunctions.asinh(x[i]);
                break;
            case ACOSH:
                for (int i = from; i < to; i++) out[i] = (double) SpecialFunctions.acosh(x[i]);
                break;
            case ATANH:
                for (int i = from; i < to; i++) out[i] = (double) SpecialFunctions.atanh(x[i]);
                break;
            case ERF:
                for (int i = from; i < to; i++) out[i] = (double) SpecialFunctions.erf(x[i]);
                break;
            case ERFC:
                for (int i = from; i < to; i++) out[i] = (double) SpecialFunctions.erfc(x[i]);
                break;
            case FLOOR:
                for (int i = from; i < to; i++) out[i] = (double) Math.floor(x[i]);
                break;
            case CEIL:
                for (int i = from; i < to; i++) out[i] = (double) Math.ceil(x[i]);
                break;
            case ROUND:
                // half to even, as PyTorch (std::nearbyint)
                for (int i = from; i < to; i++) out[i] = (double) Math.rint(x[i]);
                break;
            case TRUNC:
                for (int i = from; i < to; i++) out[i] = (double) SpecialFunctions.trunc(x[i]);
                break;
            case FRAC:
                for (int i = from; i < to; i++) out[i] = x[i] - (double) SpecialFunctions.trunc(x[i]);
                break;
            default:
                throw new AssertionError(op);
        }
    }

    /** out[i] = a[i] op b[i] for i in [from, to). */
    public static void binary(BinaryKernel op, double[] a, double[] b, double[] out, int from, int to) {
        switch (op) {
            case ADD:
                for (int i = from; i < to; i++) out[i] = a[i] + b[i];
                break;
            case SUB:
                for (int i = from; i < to; i++) out[i] = a[i] - b[i];
                break;
            case MUL:
                for (int i = from; i < to; i++) out[i] = a[i] * b[i];
                break;
            case DIV:
                for (int i = from; i < to; i++) out[i] = a[i] / b[i];
                break;
            case POW:
                for (int i = from; i < to; i++) out[i] = (double) Math.pow(a[i], b[i]);
                break;
            case MAXIMUM:
                for (int i = from; i < to; i++) out[i] = Math.max(a[i], b[i]);
                break;
            case MINIMUM:
                for (int i = from; i < to; i++) out[i] = Math.min(a[i], b[i]);
                break;
            case ATAN2:
                for (int i = from; i < to; i++) out[i] = (double) Math.atan2(a[i], b[i]);
                break;
            case HYPOT:
                for (int i = from; i < to; i++) out[i] = (double) Math.hypot(a[i], b[i]);
                break;
            case REMAINDER:
                for (int i = from; i < to; i++) out[i] = remainder(a[i], b[i]);
                break;
            case FMOD:
                // Java's % on floating values is C's fmod: the result takes the sign of the dividend
                for (int i = from; i < to; i++) out[i] = a[i] % b[i];
                break;
            default:
                throw new AssertionError(op);
        }
    }

    /** out[i] = a[i] op s for i in [from, to). */
    public static void binaryScalarRight(BinaryKernel op, double[] a, double s, double[] out, int from, int to) {
        switch (op) {
            case ADD:
                for (int i = from; i < to; i++) out[i] = a[i] + s;
                break;
            case SUB:
                for (int i = from; i < to; i++) out[i] = a[i] - s;
                break;
            case MUL:
                for (int i = from; i < to; i++) out[i] = a[i] * s;
                break;
            case DIV:
                for (int i = from; i < to; i++) out[i] = a[i] / s;
                break;
            case POW:
                powScalarExponent(a, s, out, from, to);
                break;
            case MAXIMUM:
                for (int i = from; i < to; i++) out[i] = Math.max(a[i], s);
                break;
            case MINIMUM:
                for (int i = from; i < to; i++) out[i] = Math.min(a[i], s);
                break;
            case ATAN2:
                for (int i = from; i < to; i++) out[i] = (double) Math.atan2(a[i], s);
                break;
            case HYPOT:
                for (int i = from; i < to; i++) out[i] = (double) Math.hypot(a[i], s);
                break;
            case REMAINDER:
                for (int i = from; i < to; i++) out[i] = remainder(a[i], s);
                break;
            case FMOD:
                // Java's % on floating values is C's fmod: the result takes the sign of the dividend
                for (int i = from; i < to; i++) out[i] = a[i] % s;
                break;
            default:
                throw new AssertionError(op);
        }
    }

    /** out[i] = s op b[i] for i in [from, to). */
    public static void binaryScalarLeft(BinaryKernel op, double s, double[] b, double[] out, int from, int to) {
        switch (op) {
            case ADD:
                for (int i = from; i < to; i++) out[i] = s + b[i];
                break;
            case SUB:
                for (int i = from; i < to; i++) out[i] = s - b[i];
                break;
            case MUL:
                for (int i = from; i < to; i++) out[i] = s * b[i];
                break;
            case DIV:
                for (int i = from; i < to; i++) out[i] = s / b[i];
                break;
            case POW:
                for (int i = from; i < to; i++) out[i] = (double) Math.pow(s, b[i]);
                break;
            case MAXIMUM:
                for (int i = from; i < to; i++) out[i] = Math.max(s, b[i]);
                break;
            case MINIMUM:
                for (int i = from; i < to; i++) out[i] = Math.min(s, b[i]);
                break;
            case ATAN2:
                for (int i = from; i < to; i++) out[i] = (double) Math.atan2(s, b[i]);
                break;
            case HYPOT:
                for (int i = from; i < to; i++) out[i] = (double) Math.hypot(s, b[i]);
                break;
            case REMAINDER:
                for (int i = from; i < to; i++) out[i] = remainder(s, b[i]);
                break;
            case FMOD:
                // Java's % on floating values is C's fmod: the result takes the sign of the dividend
                for (int i = from; i < to; i++) out[i] = s % b[i];
                break;
            default:
                throw new AssertionError(op);
        }
    }

    // Squares and square roots are exact and much faster than Math.pow; PyTorch special-cases them too.
    private static void powScalarExponent(double[] a, double s, double[] out, int from, int to) {
        if (s == 2) {
            for (int i = from; i < to; i++) out[i] = a[i] * a[i];
        } else if (s == 1) {
            System.arraycopy(a, from, out, from, to - from);
        } else if (s == 0.5) {
            for (int i = from; i < to; i++) out[i] = (double) Math.sqrt(a[i]);
        } else {
            for (int i = from; i < to; i++) out[i] = (double) Math.pow(a[i], s);
        }
    }

    /** Python's modulo: the result takes the sign of the divisor (PyTorch's remainder). */
    private static double remainder(double a, double b) {
        double mod = a % b;
        return mod != 0 && (b < 0) != (mod < 0) ? mod + b : mod;
    }

    /** out[i] = c[i] ? a[i] : b[i] (torch.where on operands already broadcast). */
    public static void where(boolean[] c, double[] a, double[] b, double[] out, int n) {
        for (int i = 0; i < n; i++) out[i] = BitSelect.select(c[i], a[i], b[i]);
    }

    /** out[i] = a[i] + w[i] (b[i] - a[i]) in PyTorch's two-sided form, exact at w = 0 and w = 1. */
    public static void lerp(double[] a, double[] b, double[] w, double[] out, int n) {
        for (int i = 0; i < n; i++) out[i] = Math.abs(w[i]) < 0.5 ? a[i] + w[i] * (b[i] - a[i]) : b[i] - (b[i] - a[i]) * (1 - w[i]);
    }

    public static void isnan(double[] x, boolean[] out, int n) {
        for (int i = 0; i < n; i++) out[i] = x[i] != x[i];
    }

    public static void isinf(double[] x, boolean[] out, int n) {
        for (int i = 0; i < n; i++) out[i] = Math.abs(x[i]) == Double.POSITIVE_INFINITY;
    }

    public static void isfinite(double[] x, boolean[] out, int n) {
        for (int i = 0; i < n; i++) out[i] = Math.abs(x[i]) <= Double.MAX_VALUE;
    }

    /** out[i] = a[i] cmp b[i]; pass {@code bStride} 0 to compare against the single value b[0]. */
    public static void compare(CompareKernel op, double[] a, double[] b, int bStride, boolean[] out, int n) {
        if (bStride == 0) {
            compareScalar(op, a, b[0], out, n);
            return;
        }
        switch (op) {
            case EQ:
                for (int i = 0; i < n; i++) out[i] = a[i] == b[i];
                break;
            case NE:
                for (int i = 0; i < n; i++) out[i] = a[i] != b[i];
                break;
            case GT:
                for (int i = 0; i < n; i++) out[i] = a[i] > b[i];
                break;
            case GE:
                for (int i = 0; i < n; i++) out[i] = a[i] >= b[i];
                break;
            case LT:
                for (int i = 0; i < n; i++) out[i] = a[i] < b[i];
                break;
            case LE:
                for (int i = 0; i < n; i++) out[i] = a[i] <= b[i];
                break;
            default:
                throw new AssertionError(op);
        }
    }

    private static void compareScalar(CompareKernel op, double[] a, double s, boolean[] out, int n) {
        switch (op) {
            case EQ:
                for (int i = 0; i < n; i++) out[i] = a[i] == s;
                break;
            case NE:
                for (int i = 0; i < n; i++) out[i] = a[i] != s;
                break;
            case GT:
                for (int i = 0; i < n; i++) out[i] = a[i] > s;
                break;
            case GE:
                for (int i = 0; i < n; i++) out[i] = a[i] >= s;
                break;
            case LT:
                for (int i = 0; i < n; i++) out[i] = a[i] < s;
                break;
            case LE:
                for (int i = 0; i < n; i++) out[i] = a[i] <= s;
                break;
            default:
                throw new AssertionError(op);
        }
    }

    /** Inclusive prefix sums along runs of {@code length} elements spaced {@code stride} apart, in place. */
    public static void cumsumInPlace(double[] x, int start, int stride, int length) {
        for (int i = 1, at = start + stride; i < length; i++, at += stride) {
            x[at] += x[at - stride];
        }
    }

    /** The largest element (NaN if any is NaN, as PyTorch's max). */
    public static double max(double[] x, int n) {
        double best = x[0];
        for (int i = 1; i < n; i++) {
            double v = x[i];
            if (v > best || v != v) {
                best = v;
                if (v != v) {
                    break;
                }
            }
        }
        return best;
    }

    /** The smallest element (NaN if any is NaN, as PyTorch's min). */
    public static double min(double[] x, int n) {
        double best = x[0];
        for (int i = 1; i < n; i++) {
            double v = x[i];
            if (v < best || v != v) {
                best = v;
                if (v != v) {
                    break;
                }
            }
        }
        return best;
    }
}
