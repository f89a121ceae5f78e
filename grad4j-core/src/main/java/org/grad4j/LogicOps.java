package org.grad4j;

import org.grad4j.internal.kernel.DoubleKernels;
import org.grad4j.internal.kernel.FloatKernels;
import org.grad4j.internal.tensor.Shapes;
import org.grad4j.internal.tensor.Storage;

/**
 * Ops with BOOL results and no gradient: logical and/or/xor/not (any dtype, non-zero is true),
 * isnan/isinf/isfinite, any/all (whole tensor or along one dim), and isclose/allclose with
 * PyTorch's tolerance rule.
 */
final class LogicOps {
    private enum Logical { AND, OR, XOR }

    private enum Check { NAN, INF, FINITE }

    private LogicOps() {
    }

    static Tensor logicalAnd(Tensor a, Tensor b) {
        return logical(a, b, Logical.AND);
    }

    static Tensor logicalOr(Tensor a, Tensor b) {
        return logical(a, b, Logical.OR);
    }

    static Tensor logicalXor(Tensor a, Tensor b) {
        return logical(a, b, Logical.XOR);
    }

    private static Tensor logical(Tensor a, Tensor b, Logical op) {
        int[] shape = Shapes.broadcast(a.shape, b.shape);
        int n = Shapes.numel(shape);
        boolean[] x = Compute.denseAs(a, shape, DType.BOOL).bools();
        boolean[] y = Compute.denseAs(b, shape, DType.BOOL).bools();
        boolean[] out = new boolean[n];
        switch (op) {
            case AND:
                for (int i = 0; i < n; i++) out[i] = x[i] & y[i];
                break;
            case OR:
                for (int i = 0; i < n; i++) out[i] = x[i] | y[i];
                break;
            default:
                for (int i = 0; i < n; i++) out[i] = x[i] ^ y[i];
                break;
        }
        return new Tensor(Storage.of(out), shape);
    }

    static Tensor logicalNot(Tensor x) {
        int n = Shapes.numel(x.shape);
        boolean[] in = Compute.denseAs(x, x.shape, DType.BOOL).bools();
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) out[i] = !in[i];
        return new Tensor(Storage.of(out), x.shape);
    }

    static Tensor isnan(Tensor x) {
        return classify(x, Check.NAN);
    }

    static Tensor isinf(Tensor x) {
        return classify(x, Check.INF);
    }

    static Tensor isfinite(Tensor x) {
        return classify(x, Check.FINITE);
    }

    /** Integers and bools are never NaN or infinite. */
    private static Tensor classify(Tensor x, Check kind) {
        int n = Shapes.numel(x.shape);
        boolean[] out = new boolean[n];
        if (x.dtype().isFloatingPoint()) {
            Storage in = Compute.dense(x);
            if (x.dtype() == DType.FLOAT32) {
                float[] v = in.floats();
                switch (kind) {
                    case NAN: FloatKernels.isnan(v, out, n); break;
                    case INF: FloatKernels.isinf(v, out, n); break;
                    default: FloatKernels.isfinite(v, out, n); break;
                }
            } else {
                double[] v = in.doubles();
                switch (kind) {
                    case NAN: DoubleKernels.isnan(v, out, n); break;
                    case INF: DoubleKernels.isinf(v, out, n); break;
                    default: DoubleKernels.isfinite(v, out, n); break;
                }
            }
        } else if (kind == Check.FINITE) {
            java.util.Arrays.fill(out, true);
        }
        return new Tensor(Storage.of(out), x.shape);
    }

    /** {@code x.any()} / {@code x.all()}: a 0-d BOOL (all() of an empty tensor is true). */
    static Tensor anyAll(Tensor x, boolean any) {
        int n = Shapes.numel(x.shape);
        boolean[] v = Compute.denseAs(x, x.shape, DType.BOOL).bools();
        boolean result = !any;
        for (int i = 0; i < n; i++) {
            if (v[i] == any) {
                result = any;
                break;
            }
        }
        return new Tensor(Storage.of(new boolean[] {result}), Shapes.SCALAR);
    }

    /** {@code x.any(dim, keepdim)} / {@code x.all(dim, keepdim)}. */
    static Tensor anyAll(Tensor x, int dim, boolean keepdim, boolean any) {
        int d = Shapes.wrapDim(dim, x.dim());
        if (x.dim() == 0) {
            return anyAll(x, any);
        }
        boolean[] v = Compute.denseAs(x, x.shape, DType.BOOL).bools();
        int size = x.shape[d];
        int outer = 1;
        for (int k = 0; k < d; k++) {
            outer *= x.shape[k];
        }
        int inner = 1;
        for (int k = d + 1; k < x.dim(); k++) {
            inner *= x.shape[k];
        }
        boolean[] out = new boolean[outer * inner];
        java.util.Arrays.fill(out, !any);
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < size; j++) {
                int from = (o * size + j) * inner;
                int to = o * inner;
                // any: set once a true is seen; all: cleared once a false is seen
                if (any) {
                    for (int i = 0; i < inner; i++) out[to + i] |= v[from + i];
                } else {
                    for (int i = 0; i < inner; i++) out[to + i] &= v[from + i];
                }
            }
        }
        return new Tensor(Storage.of(out), reducedShape(x.shape, d, keepdim));
    }

    private static int[] reducedShape(int[] shape, int d, boolean keepdim) {
        int[] out = new int[keepdim ? shape.length : shape.length - 1];
        for (int k = 0, j = 0; k < shape.length; k++) {
            if (k == d) {
                if (keepdim) {
                    out[j++] = 1;
                }
            } else {
                out[j++] = shape[k];
            }
        }
        return out;
    }

    /**
     * {@code torch.isclose}: a == b, or (for equalNan) both NaN, or |a - b| finite and at most
     * atol + |rtol * b|, computed in the tensors' own dtype as PyTorch does.
     */
    static Tensor isclose(Tensor a, Tensor b, double rtol, double atol, boolean equalNan) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(a.dtype().scalarTypeName() + " did not match "
                    + b.dtype().scalarTypeName());
        }
        if (rtol < 0) {
            throw new IllegalArgumentException("rtol must be greater than or equal to zero, but got " + number(rtol));
        }
        if (atol < 0) {
            throw new IllegalArgumentException("atol must be greater than or equal to zero, but got " + number(atol));
        }
        try (var off = org.grad4j.autograd.Autograd.noGrad()) {
            Tensor close = a.eq(b);
            if (equalNan && a.dtype().isFloatingPoint()) {
                close = close.logicalOr(a.isnan().logicalAnd(b.isnan()));
            }
            if (rtol == 0 && atol == 0) {
                return close;
            }
            Tensor x = a.dtype() == DType.BOOL ? a.to(DType.FLOAT32) : a;
            Tensor y = b.dtype() == DType.BOOL ? b.to(DType.FLOAT32) : b;
            Tensor allowed = y.mul(rtol).abs().add(atol);
            Tensor actual = x.sub(y).abs();
            return close.logicalOr(actual.isfinite().logicalAnd(actual.le(allowed)));
        }
    }

    static boolean allclose(Tensor a, Tensor b, double rtol, double atol, boolean equalNan) {
        return isclose(a, b, rtol, atol, equalNan).all().item() != 0;
    }

    /** Python's str of a number that came in as a double: -1.0 prints as -1 when integral, as PyTorch echoes it. */
    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
