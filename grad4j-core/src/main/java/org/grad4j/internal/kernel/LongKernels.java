package org.grad4j.internal.kernel;

/**
 * INT64 kernels: the integer arithmetic PyTorch keeps integral (add, sub, mul, pow, max/min, remainder,
 * fmod, neg, abs, sign, rounding, where, comparisons, prefix sums). Ops that PyTorch computes in floating point (true
 * division, exp, ...) cast their integer inputs to FLOAT32 first and never reach this class.
 */
public final class LongKernels {
    private LongKernels() {
    }

    public static void unary(UnaryKernel op, long[] x, long[] out, int n) {
        switch (op) {
            case NEG:
                for (int i = 0; i < n; i++) out[i] = -x[i];
                break;
            case ABS:
                for (int i = 0; i < n; i++) out[i] = Math.abs(x[i]);
                break;
            case SIGN:
                for (int i = 0; i < n; i++) out[i] = Long.signum(x[i]);
                break;
            case RELU:
                for (int i = 0; i < n; i++) out[i] = Math.max(x[i], 0);
                break;
            case FLOOR:
            case CEIL:
            case ROUND:
            case TRUNC:
                // integers are already whole: PyTorch returns a copy
                for (int i = 0; i < n; i++) out[i] = x[i];
                break;
            default:
                throw new IllegalArgumentException("\"" + op.name().toLowerCase() + "\" not implemented for 'Long'");
        }
    }

    /** out[i] = a[i * aStride] op b[i * bStride]; a stride of 0 repeats a single value. */
    public static void binary(BinaryKernel op, long[] a, int aStride, long[] b, int bStride, long[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = apply(op, a[i * aStride], b[i * bStride]);
        }
    }

    // Integer tensors are rare and small next to floating ones, so one switch per element is fine here.
    private static long apply(BinaryKernel op, long x, long y) {
        switch (op) {
            case ADD: return x + y;
            case SUB: return x - y;
            case MUL: return x * y;
            case POW: return power(x, y);
            case MAXIMUM: return Math.max(x, y);
            case MINIMUM: return Math.min(x, y);
            case REMAINDER: return Math.floorMod(x, nonzeroDivisor(y));
            case FMOD: return x % nonzeroDivisor(y);
            default: throw new AssertionError(op);
        }
    }

    private static long nonzeroDivisor(long y) {
        if (y == 0) {
            throw new IllegalArgumentException("ZeroDivisionError");
        }
        return y;
    }

    private static long power(long base, long exponent) {
        if (exponent < 0) {
            if (base == 1) {
                return 1;
            }
            if (base == -1) {
                return (exponent & 1) == 0 ? 1 : -1;
            }
            throw new IllegalArgumentException("Integers to negative integer powers are not allowed.");
        }
        long result = 1;
        for (long b = base, e = exponent; e > 0; e >>= 1, b *= b) {
            if ((e & 1) == 1) {
                result *= b;
            }
        }
        return result;
    }

    public static void compare(CompareKernel op, long[] a, long[] b, int bStride, boolean[] out, int n) {
        for (int i = 0; i < n; i++) {
            long x = a[i];
            long y = b[i * bStride];
            switch (op) {
                case EQ: out[i] = x == y; break;
                case NE: out[i] = x != y; break;
                case GT: out[i] = x > y; break;
                case GE: out[i] = x >= y; break;
                case LT: out[i] = x < y; break;
                default: out[i] = x <= y; break;
            }
        }
    }

    /** out[i] = c[i] ? a[i] : b[i] (torch.where on operands already broadcast). */
    public static void where(boolean[] c, long[] a, long[] b, long[] out, int n) {
        for (int i = 0; i < n; i++) out[i] = c[i] ? a[i] : b[i];
    }

    public static void cumsumInPlace(long[] x, int start, int stride, int length) {
        for (int i = 1, at = start + stride; i < length; i++, at += stride) {
            x[at] += x[at - stride];
        }
    }

    /** c[cOff..] += a[aOff..] (m x k) @ b[bOff..] (k x n), all dense row-major. */
    public static void matmul(long[] a, int aOff, long[] b, int bOff, long[] c, int cOff, int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            int cRow = cOff + i * n;
            for (int p = 0; p < k; p++) {
                long aip = a[aOff + i * k + p];
                int bRow = bOff + p * n;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += aip * b[bRow + j];
                }
            }
        }
    }
}
