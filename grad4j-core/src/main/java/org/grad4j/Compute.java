package org.grad4j;

import org.grad4j.internal.kernel.BinaryKernel;
import org.grad4j.internal.kernel.CompareKernel;
import org.grad4j.internal.kernel.DoubleGemm;
import org.grad4j.internal.kernel.DoubleKernels;
import org.grad4j.internal.kernel.FloatGemm;
import org.grad4j.internal.kernel.FloatKernels;
import org.grad4j.internal.kernel.LongKernels;
import org.grad4j.internal.kernel.StridedCopy;
import org.grad4j.internal.kernel.UnaryKernel;
import org.grad4j.internal.tensor.Shapes;
import org.grad4j.internal.tensor.Storage;

/**
 * Forward computation without autograd: brings operands into the layout the dtype kernels want
 * (dense from index 0, or a single broadcast value) and picks the kernel once per call.
 */
final class Compute {
    private Compute() {
    }

    /** The tensor's elements as a dense storage starting at 0: its own storage when already so, else a copy. */
    static Storage dense(Tensor t) {
        if (t.offset == 0 && Shapes.isContiguous(t.shape, t.strides)) {
            return t.storage;
        }
        return StridedCopy.gather(t.storage, t.shape, t.strides, t.offset);
    }

    /** Dense elements of {@code t} read as if broadcast to {@code shape}, converted to {@code dtype}. */
    static Storage denseAs(Tensor t, int[] shape, DType dtype) {
        Storage s;
        if (java.util.Arrays.equals(t.shape, shape)) {
            s = dense(t);
        } else {
            int[] strides = Shapes.expandedStrides(t.shape, t.strides, shape);
            s = StridedCopy.gather(t.storage, shape, strides, t.offset);
        }
        return StridedCopy.cast(s, Shapes.numel(shape), dtype);
    }

    static Tensor unary(UnaryKernel op, Tensor x) {
        int n = Shapes.numel(x.shape);
        Storage in = dense(x);
        Storage out = Storage.allocate(x.dtype(), n);
        switch (x.dtype()) {
            case FLOAT32: FloatKernels.unary(op, in.floats(), out.floats(), n); break;
            case FLOAT64: DoubleKernels.unary(op, in.doubles(), out.doubles(), n); break;
            case INT64: LongKernels.unary(op, in.longs(), out.longs(), n); break;
            default: throw new IllegalArgumentException("\"" + op.name().toLowerCase() + "\" not implemented for 'Bool'");
        }
        return new Tensor(out, x.shape);
    }

    /** a op b broadcast, computed in {@code type}. */
    static Tensor binary(BinaryKernel op, Tensor a, Tensor b, DType type) {
        int[] shape = Shapes.broadcast(a.shape, b.shape);
        int n = Shapes.numel(shape);
        Storage out = Storage.allocate(type, n);
        boolean aSingle = a.shape.length == 0 || (Shapes.numel(a.shape) == 1 && n != 1);
        boolean bSingle = b.shape.length == 0 || (Shapes.numel(b.shape) == 1 && n != 1);
        if (bSingle && !aSingle) {
            binaryScalarRight(op, denseAs(a, shape, type), b.storage.getAsDouble(b.offset), out, n);
        } else if (aSingle && !bSingle) {
            binaryScalarLeft(op, a.storage.getAsDouble(a.offset), denseAs(b, shape, type), out, n);
        } else {
            Storage x = denseAs(a, shape, type);
            Storage y = denseAs(b, shape, type);
            switch (type) {
                case FLOAT32: FloatKernels.binary(op, x.floats(), y.floats(), out.floats(), n); break;
                case FLOAT64: DoubleKernels.binary(op, x.doubles(), y.doubles(), out.doubles(), n); break;
                case INT64: LongKernels.binary(op, x.longs(), 1, y.longs(), 1, out.longs(), n); break;
                default: throw notForBool(op);
            }
        }
        return new Tensor(out, shape);
    }

    /** a op s, for a Python scalar s; the result has dtype {@code type}. */
    static Tensor binaryScalar(BinaryKernel op, Tensor a, double s, DType type) {
        int n = Shapes.numel(a.shape);
        Storage out = Storage.allocate(type, n);
        binaryScalarRight(op, denseAs(a, a.shape, type), s, out, n);
        return new Tensor(out, a.shape);
    }

    /** s op b, for a Python scalar s. */
    static Tensor scalarBinary(BinaryKernel op, double s, Tensor b, DType type) {
        int n = Shapes.numel(b.shape);
        Storage out = Storage.allocate(type, n);
        binaryScalarLeft(op, s, denseAs(b, b.shape, type), out, n);
        return new Tensor(out, b.shape);
    }

    private static void binaryScalarRight(BinaryKernel op, Storage a, double s, Storage out, int n) {
        switch (out.dtype()) {
            case FLOAT32: FloatKernels.binaryScalarRight(op, a.floats(), (float) s, out.floats(), n); break;
            case FLOAT64: DoubleKernels.binaryScalarRight(op, a.doubles(), s, out.doubles(), n); break;
            case INT64: LongKernels.binary(op, a.longs(), 1, new long[] {(long) s}, 0, out.longs(), n); break;
            default: throw notForBool(op);
        }
    }

    private static void binaryScalarLeft(BinaryKernel op, double s, Storage b, Storage out, int n) {
        switch (out.dtype()) {
            case FLOAT32: FloatKernels.binaryScalarLeft(op, (float) s, b.floats(), out.floats(), n); break;
            case FLOAT64: DoubleKernels.binaryScalarLeft(op, s, b.doubles(), out.doubles(), n); break;
            case INT64: LongKernels.binary(op, new long[] {(long) s}, 0, b.longs(), 1, out.longs(), n); break;
            default: throw notForBool(op);
        }
    }

    private static IllegalArgumentException notForBool(BinaryKernel op) {
        return new IllegalArgumentException("\"" + op.name().toLowerCase() + "\" not implemented for 'Bool'");
    }

    /** a cmp b broadcast, compared in the promoted type; BOOL result. */
    static Tensor compare(CompareKernel op, Tensor a, Tensor b, DType type) {
        int[] shape = Shapes.broadcast(a.shape, b.shape);
        int n = Shapes.numel(shape);
        Storage x = denseAs(a, shape, type == DType.BOOL ? DType.INT64 : type);
        Storage y = denseAs(b, shape, x.dtype());
        boolean[] out = new boolean[n];
        switch (x.dtype()) {
            case FLOAT32: FloatKernels.compare(op, x.floats(), y.floats(), 1, out, n); break;
            case FLOAT64: DoubleKernels.compare(op, x.doubles(), y.doubles(), 1, out, n); break;
            default: LongKernels.compare(op, x.longs(), y.longs(), 1, out, n); break;
        }
        return new Tensor(Storage.of(out), shape);
    }

    /** c = a @ b for 2-d operands, in their common dtype. */
    static Tensor matmul(Tensor a, Tensor b) {
        int m = a.shape[0];
        int n = b.shape[1];
        return new Tensor(matmulBatches(1, m, a.shape[1], n, a, 0, b, 0), new int[] {m, n});
    }

    /** c[i] = a[i] @ b[i] for 3-d operands (batch, m, k) and (batch, k, n). */
    static Tensor bmm(Tensor a, Tensor b) {
        int batch = a.shape[0];
        int m = a.shape[1];
        int n = b.shape[2];
        return new Tensor(matmulBatches(batch, m, a.shape[2], n, a, a.strides[0], b, b.strides[0]),
                new int[] {batch, m, n});
    }

    /** Floating operands are read through their strides by the gemm kernels, so transposed views are not copied. */
    private static Storage matmulBatches(int batch, int m, int k, int n, Tensor a, int aBatchStride, Tensor b,
                                         int bBatchStride) {
        Storage out = Storage.allocate(a.dtype(), batch * m * n);
        if (a.dtype() == DType.INT64) {
            Storage x = dense(a);
            Storage y = dense(b);
            for (int i = 0; i < batch; i++) {
                LongKernels.matmul(x.longs(), i * m * k, y.longs(), i * k * n, out.longs(), i * m * n, m, k, n);
            }
            return out;
        }
        int aRowStride = a.strides[a.dim() - 2];
        int aColStride = a.strides[a.dim() - 1];
        int bRowStride = b.strides[b.dim() - 2];
        int bColStride = b.strides[b.dim() - 1];
        for (int i = 0; i < batch; i++) {
            int aOff = a.offset + i * aBatchStride;
            int bOff = b.offset + i * bBatchStride;
            if (a.dtype() == DType.FLOAT32) {
                FloatGemm.gemm(m, n, k, a.storage.floats(), aOff, aRowStride, aColStride,
                        b.storage.floats(), bOff, bRowStride, bColStride, out.floats(), i * m * n, n);
            } else {
                DoubleGemm.gemm(m, n, k, a.storage.doubles(), aOff, aRowStride, aColStride,
                        b.storage.doubles(), bOff, bRowStride, bColStride, out.doubles(), i * m * n, n);
            }
        }
        return out;
    }

    /** A dense copy of {@code t} converted to {@code type}. */
    static Tensor convert(Tensor t, DType type) {
        return new Tensor(denseAs(t, t.shape, type), t.shape);
    }
}
