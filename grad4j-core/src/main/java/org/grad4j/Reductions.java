package org.grad4j;

import java.util.Arrays;
import org.grad4j.internal.kernel.DoubleKernels;
import org.grad4j.internal.kernel.FloatKernels;
import org.grad4j.internal.kernel.LongKernels;
import org.grad4j.internal.kernel.Parallel;
import org.grad4j.internal.kernel.ReduceKernels;
import org.grad4j.internal.kernel.StridedCopy;
import org.grad4j.internal.tensor.Shapes;
import org.grad4j.internal.tensor.Storage;

/** Reductions (sum, mean, norm, max, min) and scans (cumsum) with their derivatives. */
final class Reductions {
    private Reductions() {
    }

    /** Sum over {@code dims} (all when null); integral inputs sum to INT64, as in PyTorch. */
    static Tensor sum(Tensor x, int[] dims, boolean keepdim) {
        boolean[] reduced = reducedDims(x, dims);
        Tensor out = sumForward(x, reduced, keepdim);
        if (!OpNode.shouldRecord(x)) {
            return out;
        }
        long[] inputShape = x.shape();
        if (dims == null) {
            return OpNode.record(out, "SumBackward0", (node, g, s) -> new Tensor[] {g.expand(inputShape)},
                    new Tensor[] {x});
        }
        return OpNode.record(out, "SumBackward1",
                (node, g, s) -> new Tensor[] {unsqueezeReduced(g, reduced, keepdim).expand(inputShape)},
                new Tensor[] {x});
    }

    static Tensor mean(Tensor x, int[] dims, boolean keepdim) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("mean(): could not infer output dtype. Input dtype must be either a "
                    + "floating point or complex dtype. Got: " + x.dtype().scalarTypeName());
        }
        boolean[] reduced = reducedDims(x, dims);
        long count = 1;
        for (int d = 0; d < reduced.length; d++) {
            if (reduced[d]) {
                count *= x.shape[d];
            }
        }
        Tensor out = sumForward(x, reduced, keepdim).div((double) count);
        if (!OpNode.shouldRecord(x)) {
            return out;
        }
        long[] inputShape = x.shape();
        double n = count;
        OpNode.BackwardRule rule = (node, g, s) ->
                new Tensor[] {unsqueezeReduced(g, reduced, keepdim).expand(inputShape).div(n)};
        return OpNode.record(out, dims == null ? "MeanBackward0" : "MeanBackward1", rule, new Tensor[] {x});
    }

    /** Sums broadcast dims away so that the result has {@code size} (the reverse of expand). */
    static Tensor sumToSize(Tensor x, int[] size) {
        if (Arrays.equals(x.shape, size)) {
            return x;
        }
        Shapes.expandedStrides(size, Shapes.contiguousStrides(size), x.shape);
        int lead = x.shape.length - size.length;
        int[] dims = new int[x.shape.length];
        int count = 0;
        for (int d = 0; d < x.shape.length; d++) {
            if (d < lead || (size[d - lead] == 1 && x.shape[d] != 1)) {
                dims[count++] = d;
            }
        }
        Tensor summed = count == 0 ? x : x.sum(Arrays.copyOf(dims, count), true);
        return lead == 0 ? summed : summed.view(Shapes.toLongs(size));
    }

    /** Inclusive prefix sums along {@code dim}; integral inputs give INT64. */
    static Tensor cumsum(Tensor x, int dim) {
        int d = Shapes.wrapDim(dim, x.dim());
        DType type = x.dtype().isFloatingPoint() ? x.dtype() : DType.INT64;
        Storage data = StridedCopy.cast(
                StridedCopy.gather(x.storage, x.shape, x.strides, x.offset), Shapes.numel(x.shape), type);
        Tensor out = new Tensor(data, x.shape);
        if (x.dim() > 0 && Shapes.numel(x.shape) > 0) {
            scanInPlace(out, d);
        }
        if (!OpNode.shouldRecord(x)) {
            return out;
        }
        // The gradient of a prefix sum is a suffix sum: flip, prefix-sum, flip back.
        return OpNode.record(out, "CumsumBackward0",
                (node, g, s) -> new Tensor[] {Views.flip(Views.flip(g, d).cumsum(d), d)}, new Tensor[] {x});
    }

    private static void scanInPlace(Tensor dense, int dim) {
        int length = dense.shape[dim];
        int stride = dense.strides[dim];
        int n = Shapes.numel(dense.shape);
        int block = stride * length;
        for (int outer = 0; outer < n; outer += block) {
            for (int inner = 0; inner < stride; inner++) {
                int start = outer + inner;
                switch (dense.dtype()) {
                    case FLOAT32: FloatKernels.cumsumInPlace(dense.storage.floats(), start, stride, length); break;
                    case FLOAT64: DoubleKernels.cumsumInPlace(dense.storage.doubles(), start, stride, length); break;
                    default: LongKernels.cumsumInPlace(dense.storage.longs(), start, stride, length); break;
                }
            }
        }
    }

    /** {@code x.norm()}: sqrt of the sum of squares; its gradient is x / norm, and 0 where the norm is 0. */
    static Tensor norm(Tensor x) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("linalg.vector_norm: Expected a floating point or complex tensor as "
                    + "input. Got " + x.dtype().scalarTypeName());
        }
        Tensor out;
        try (var off = org.grad4j.autograd.Autograd.noGrad()) {
            out = x.mul(x).sum().sqrt();
        }
        if (!OpNode.shouldRecord(x)) {
            return out;
        }
        OpNode.BackwardRule rule = (node, g, s) -> {
            Tensor norm = s[1];
            Tensor isZero = norm.eq(0.0).to(norm.dtype());
            Tensor scale = g.div(norm.add(isZero)).mul(isZero.rsub(1));
            return new Tensor[] {s[0].mul(scale)};
        };
        return OpNode.record(out, "NormBackward1", rule, new Tensor[] {x}, x, out);
    }

    /** {@code x.max()} / {@code x.min()}: the gradient is shared evenly between tied extremes. */
    static Tensor extreme(Tensor x, boolean largest) {
        int n = Shapes.numel(x.shape);
        if (n == 0) {
            throw new IllegalArgumentException((largest ? "max" : "min") + "(): Expected reduction dim to be specified "
                    + "for input.numel() == 0. Specify the reduction dim with the 'dim' argument.");
        }
        Storage data = Compute.dense(x);
        Storage result = Storage.allocate(x.dtype(), 1);
        switch (x.dtype()) {
            case FLOAT32:
                result.floats()[0] = largest ? ReduceKernels.max(data.floats(), n) : ReduceKernels.min(data.floats(), n);
                break;
            case FLOAT64:
                result.doubles()[0] = largest ? ReduceKernels.max(data.doubles(), n) : ReduceKernels.min(data.doubles(), n);
                break;
            case INT64:
                result.longs()[0] = Arrays.stream(data.longs(), 0, n).reduce(largest ? Math::max : Math::min).getAsLong();
                break;
            default:
                boolean any = ReduceKernels.count(data.bools(), 0, n) > 0;
                boolean all = ReduceKernels.count(data.bools(), 0, n) == n;
                result.bools()[0] = largest ? any : all;
                break;
        }
        Tensor out = new Tensor(result, Shapes.SCALAR);
        if (!OpNode.shouldRecord(x)) {
            return out;
        }
        OpNode.BackwardRule rule = (node, g, s) -> {
            Tensor hits = s[0].eq(s[1]).to(g.dtype());
            return new Tensor[] {hits.mul(g.div(hits.sum()))};
        };
        return OpNode.record(out, largest ? "MaxBackward1" : "MinBackward1", rule, new Tensor[] {x}, x, out);
    }

    private static Tensor sumForward(Tensor x, boolean[] reduced, boolean keepdim) {
        Storage columns = ColumnSums.sum(x, reduced);
        if (columns != null) {
            return new Tensor(columns, reducedShape(x.shape, reduced, keepdim));
        }
        int rank = x.shape.length;
        int[] order = new int[rank];
        int kept = 0;
        for (int d = 0; d < rank; d++) {
            if (!reduced[d]) {
                order[kept++] = d;
            }
        }
        int next = kept;
        for (int d = 0; d < rank; d++) {
            if (reduced[d]) {
                order[next++] = d;
            }
        }
        int[] permutedShape = new int[rank];
        int[] permutedStrides = new int[rank];
        int outCount = 1;
        for (int i = 0; i < rank; i++) {
            permutedShape[i] = x.shape[order[i]];
            permutedStrides[i] = x.strides[order[i]];
            if (i < kept) {
                outCount *= permutedShape[i];
            }
        }
        int total = Shapes.numel(x.shape);
        int run = outCount == 0 ? 0 : total / outCount;
        boolean inOrder = x.offset == 0 && Shapes.isContiguous(permutedShape, permutedStrides);
        Storage data = inOrder ? x.storage : StridedCopy.gather(x.storage, permutedShape, permutedStrides, x.offset);
        DType type = x.dtype().isFloatingPoint() ? x.dtype() : DType.INT64;
        Storage out = Storage.allocate(type, outCount);
        // each output's sum is independent of the split, so outputs of short runs go to the cores together
        Parallel.forRange(outCount, Math.max(1, Parallel.GRAIN / Math.max(run, 1)), (o0, o1) -> {
            for (int o = o0; o < o1; o++) {
                int from = o * run;
                switch (x.dtype()) {
                    case FLOAT32: out.floats()[o] = (float) ReduceKernels.sum(data.floats(), from, run); break;
                    case FLOAT64: out.doubles()[o] = ReduceKernels.sum(data.doubles(), from, run); break;
                    case INT64: out.longs()[o] = ReduceKernels.sum(data.longs(), from, run); break;
                    default: out.longs()[o] = ReduceKernels.count(data.bools(), from, run); break;
                }
            }
        });
        return new Tensor(out, reducedShape(x.shape, reduced, keepdim));
    }

    /** Marks the dims to reduce (all when {@code dims} is null), wrapping negatives and rejecting repeats. */
    private static boolean[] reducedDims(Tensor x, int[] dims) {
        boolean[] reduced = new boolean[x.dim()];
        if (dims == null) {
            Arrays.fill(reduced, true);
            return reduced;
        }
        for (int dim : dims) {
            int d = Shapes.wrapDim(dim, x.dim());
            if (x.dim() == 0) {
                continue;
            }
            if (reduced[d]) {
                throw new IllegalArgumentException("dim " + d + " appears multiple times in the list of dims");
            }
            reduced[d] = true;
        }
        return reduced;
    }

    private static int[] reducedShape(int[] shape, boolean[] reduced, boolean keepdim) {
        int[] out = new int[shape.length];
        int rank = 0;
        for (int d = 0; d < shape.length; d++) {
            if (!reduced[d]) {
                out[rank++] = shape[d];
            } else if (keepdim) {
                out[rank++] = 1;
            }
        }
        return Arrays.copyOf(out, rank);
    }

    /** Puts back, as size-1 dims, the dims a reduction without keepdim removed. */
    private static Tensor unsqueezeReduced(Tensor g, boolean[] reduced, boolean keepdim) {
        if (keepdim) {
            return g;
        }
        Tensor out = g;
        for (int d = 0; d < reduced.length; d++) {
            if (reduced[d]) {
                out = out.unsqueeze(d);
            }
        }
        return out;
    }
}
