package org.grad4j;

import java.util.Arrays;
import org.grad4j.internal.kernel.BinaryKernel;
import org.grad4j.internal.kernel.IndexKernels;
import org.grad4j.internal.kernel.StridedCopy;
import org.grad4j.internal.tensor.Shapes;
import org.grad4j.internal.tensor.Storage;

/**
 * The gather/scatter family: index_select, index_add, gather, scatter, scatter_add, masked_fill(_),
 * masked_select, take and nonzero. Each computes the storage positions it reads or writes, then
 * moves elements with {@link IndexKernels}; the backward rules pair gathers with scatters.
 */
final class IndexOps {
    private static final String NOT_IMPLEMENTED = "torch::autograd::NotImplemented";
    /** masked_fill's rule; s[0] is the mask. The value tensor, when there is one, gets the sum of the filled gradient. */
    private static final OpNode.BackwardRule FILL_RULE = (node, g, s) -> new Tensor[] {
        node.needs(0) ? g.maskedFill(s[0], 0.0) : null,
        node.nextFunctions().size() > 1 && node.needs(1) ? g.mul(s[0].to(g.dtype())).sum() : null};

    private IndexOps() {
    }

    /** {@code torch.nonzero}: the coordinates of the nonzero elements, INT64 of shape (count, dim). */
    static Tensor nonzero(Tensor x) {
        Storage dense = Compute.dense(x);
        int n = (int) x.numel();
        int[] hits = new int[n];
        int count = 0;
        switch (dense.dtype()) {
            case FLOAT32: {
                float[] a = dense.floats();
                for (int i = 0; i < n; i++) {
                    if (a[i] != 0) {
                        hits[count++] = i;
                    }
                }
                break;
            }
            case FLOAT64: {
                double[] a = dense.doubles();
                for (int i = 0; i < n; i++) {
                    if (a[i] != 0) {
                        hits[count++] = i;
                    }
                }
                break;
            }
            case INT64: {
                long[] a = dense.longs();
                for (int i = 0; i < n; i++) {
                    if (a[i] != 0) {
                        hits[count++] = i;
                    }
                }
                break;
            }
            default: {
                boolean[] a = dense.bools();
                for (int i = 0; i < n; i++) {
                    if (a[i]) {
                        hits[count++] = i;
                    }
                }
                break;
            }
        }
        int rank = x.dim();
        long[] out = new long[count * rank];
        for (int k = 0; k < count; k++) {
            int rest = hits[k];
            for (int d = rank - 1; d >= 0; d--) {
                out[k * rank + d] = rest % x.shape[d];
                rest /= x.shape[d];
            }
        }
        return new Tensor(Storage.of(out), new int[] {count, rank});
    }

    /** {@code torch.index_select}: the entries of a 1-d INT64 index along dim. */
    static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        if (index.dtype() != DType.INT64) {
            throw new IllegalArgumentException("index_select(): Expected dtype int32 or int64 for index");
        }
        if (index.dim() > 1) {
            throw new IndexOutOfBoundsException("index_select(): Index is supposed to be a vector");
        }
        Tensor geometry = atLeast1d(x);
        int d = Shapes.wrapDim(dim, x.dim());
        long[] values = Compute.dense(index).longs();
        for (int i = 0; i < index.numel(); i++) {
            if (values[i] < 0 || values[i] >= geometry.shape[d]) {
                throw new IllegalArgumentException("INDICES element is out of DATA bounds, id=" + values[i]
                        + " axis_dim=" + geometry.shape[d]);
            }
        }
        Tensor[] advanced = new Tensor[geometry.dim()];
        advanced[d] = flat(index);
        Indexing.Plan plan = Indexing.plan(geometry, advanced);
        // As in PyTorch, a 0-d input gives a 0-d result whatever the index holds.
        int[] positions = x.dim() == 0 ? new int[] {x.offset} : plan.positions();
        int[] shape = x.dim() == 0 ? Shapes.SCALAR : plan.shape();
        Tensor out = new Tensor(IndexKernels.take(x.storage, positions), shape);
        if (!OpNode.shouldRecord(x)) {
            return out;
        }
        long[] inputShape = x.shape();
        return OpNode.record(out, "IndexSelectBackward0", (node, g, s) -> new Tensor[] {
            inputShape.length == 0 ? g.sum() : Tensor.zeros(inputShape, g.dtype()).indexAdd(d, s[0], g)},
                new Tensor[] {x}, index);
    }

    /** {@code torch.index_add}: x with {@code alpha * source[i]} added at index[i] along dim (out of place). */
    static Tensor indexAdd(Tensor x, int dim, Tensor index, Tensor source, double alpha) {
        if (index.dtype() != DType.INT64) {
            throw new IllegalArgumentException("index_add_(): Expected dtype int32/int64 for index");
        }
        if (index.dim() > 1) {
            throw new IndexOutOfBoundsException("index_add_(): Index is supposed to be a vector");
        }
        Tensor geometry = atLeast1d(x);
        Tensor sourceGeometry = atLeast1d(source);
        int d = Shapes.wrapDim(dim, x.dim());
        if (index.numel() != sourceGeometry.shape[d]) {
            throw new IllegalArgumentException("index_add_(): Number of indices (" + index.numel()
                    + ") should be equal to source.size(dim): (" + sourceGeometry.shape[d] + "), for dim: " + d);
        }
        if (source.dtype() != x.dtype()) {
            throw new IllegalArgumentException("index_add_(): self (" + x.dtype().scalarTypeName() + ") and source ("
                    + source.dtype().scalarTypeName() + ") must have the same scalar type");
        }
        int[] selfRest = without(geometry.shape, d);
        int[] sourceRest = without(sourceGeometry.shape, d);
        if (!Arrays.equals(selfRest, sourceRest)) {
            Shapes.broadcast(selfRest, sourceRest);
            throw new IllegalArgumentException("source tensor shape must match self tensor shape, excluding the "
                    + "specified dimension. Got self.shape = " + Shapes.format(x.shape) + " source.shape = "
                    + Shapes.format(source.shape));
        }
        requireInRange(index, geometry.shape[d]);
        Storage data = StridedCopy.gather(x.storage, geometry.shape, geometry.strides, geometry.offset);
        Tensor dense = new Tensor(data, geometry.shape);
        Tensor[] advanced = new Tensor[dense.dim()];
        advanced[d] = flat(index);
        Indexing.Plan plan = Indexing.plan(dense, advanced);
        Tensor scaled = alpha == 1 ? source : Compute.binaryScalar(BinaryKernel.MUL, source, alpha, source.dtype());
        IndexKernels.put(data, plan.positions(), Compute.denseAs(scaled, plan.shape(), x.dtype()), IndexKernels.Mode.ADD);
        Tensor out = new Tensor(data, x.shape);
        if (!OpNode.shouldRecord(x, source)) {
            return out;
        }
        long[] sourceShape = source.shape();
        return OpNode.record(out, "IndexAddBackward0", (node, g, s) -> {
            Tensor sourceGrad = null;
            if (node.needs(1)) {
                sourceGrad = g.indexSelect(d, s[0]).reshape(sourceShape);
                sourceGrad = alpha == 1 ? sourceGrad : sourceGrad.mul(alpha);
            }
            return new Tensor[] {g, sourceGrad};
        }, new Tensor[] {x, source}, index);
    }

    /** {@code torch.gather}: {@code out[p] = x[p with dim replaced by index[p]]}. */
    static Tensor gather(Tensor x, int dim, Tensor index) {
        if (index.dtype() != DType.INT64) {
            throw new IllegalArgumentException("gather(): Expected dtype int64 for index");
        }
        int d = Shapes.wrapDim(dim, x.dim());
        if (Math.max(index.dim(), 1) != Math.max(x.dim(), 1)) {
            throw new IllegalArgumentException("Index tensor must have the same number of dimensions as input tensor");
        }
        Tensor self = atLeast1d(x);
        Tensor idx = atLeast1d(index);
        for (int k = 0; k < self.dim(); k++) {
            if (k != d && idx.shape[k] > self.shape[k]) {
                throw new IllegalArgumentException("Size does not match at dimension " + k + " expected index "
                        + Shapes.format(index.shape) + " to be smaller than self " + Shapes.format(x.shape)
                        + " apart from dimension " + d);
            }
        }
        int[] positions = alongDim(self.strides, self.offset, self.shape[d], d, idx);
        Tensor out = new Tensor(IndexKernels.take(x.storage, positions), index.shape);
        if (!OpNode.shouldRecord(x)) {
            return out;
        }
        long[] inputShape = x.shape();
        return OpNode.record(out, "GatherBackward0", (node, g, s) -> new Tensor[] {
            Tensor.zeros(inputShape, g.dtype()).scatterAdd(d, s[0], g)}, new Tensor[] {x}, index);
    }

    /**
     * {@code torch.scatter} (src, or value when src is null; reduce null, "add" or "multiply") and
     * {@code torch.scatter_add} ({@code add} true): x with elements written at index along dim, out of place.
     */
    static Tensor scatter(Tensor x, int dim, Tensor index, Tensor src, double value, String reduce, boolean add) {
        if (index.dtype() != DType.INT64) {
            throw new IllegalArgumentException("scatter(): Expected dtype int64 for index");
        }
        if (src != null && src.dtype() != x.dtype()) {
            throw new IllegalArgumentException("scatter(): Expected self.dtype to be equal to src.dtype");
        }
        if (reduce != null && !reduce.equals("add") && !reduce.equals("multiply")) {
            throw new IllegalArgumentException("reduce argument must be either add or multiply.");
        }
        int d = Shapes.wrapDim(dim, x.dim());
        if (Math.max(index.dim(), 1) != Math.max(x.dim(), 1)) {
            throw new IllegalArgumentException("Index tensor must have the same number of dimensions as self tensor");
        }
        if (src != null && Math.max(index.dim(), 1) != Math.max(src.dim(), 1)) {
            throw new IllegalArgumentException("Index tensor must have the same number of dimensions as src tensor");
        }
        Tensor self = atLeast1d(x);
        Tensor idx = atLeast1d(index);
        Tensor from = src == null ? null : atLeast1d(src);
        for (int k = 0; k < self.dim(); k++) {
            boolean tooBig = (k != d && idx.shape[k] > self.shape[k]) || (from != null && idx.shape[k] > from.shape[k]);
            if (tooBig) {
                throw new IllegalArgumentException("Expected index " + Shapes.format(index.shape)
                        + " to be smaller than self " + Shapes.format(x.shape) + " apart from dimension " + d
                        + (src == null ? "" : " and to be smaller size than src " + Shapes.format(src.shape)));
            }
        }
        Storage data = StridedCopy.gather(self.storage, self.shape, self.strides, self.offset);
        int[] positions = alongDim(Shapes.contiguousStrides(self.shape), 0, self.shape[d], d, idx);
        if (src == null) {
            Storage values = Factories.full(value, new int[] {positions.length}, x.dtype()).storage;
            IndexKernels.put(data, positions, values, mode(reduce, add));
        } else {
            Storage values = IndexKernels.take(src.storage, IndexKernels.positions(idx.shape, from.strides, from.offset));
            IndexKernels.put(data, positions, values, mode(reduce, add));
        }
        Tensor out = new Tensor(data, x.shape);
        if (!OpNode.shouldRecord(x, src)) {
            return out;
        }
        Tensor[] inputs = src == null ? new Tensor[] {x} : new Tensor[] {x, src};
        if (reduce != null) {
            return OpNode.record(out, NOT_IMPLEMENTED, (node, g, s) -> {
                throw new IllegalStateException("derivative for aten::scatter is not implemented");
            }, inputs);
        }
        if (add) {
            return OpNode.record(out, "ScatterAddBackward0", (node, g, s) -> new Tensor[] {
                g, node.needs(1) ? g.gather(d, s[0]) : null}, inputs, index);
        }
        if (src == null) {
            return OpNode.record(out, "ScatterBackward1", (node, g, s) -> new Tensor[] {g.scatter(d, s[0], 0.0)},
                    inputs, index);
        }
        return OpNode.record(out, "ScatterBackward0", (node, g, s) -> new Tensor[] {
            node.needs(0) ? g.scatter(d, s[0], 0.0) : null, node.needs(1) ? g.gather(d, s[0]) : null}, inputs, index);
    }

    /** {@code torch.masked_fill} (value is {@code valueTensor.item()} when that is not null): x and mask broadcast. */
    static Tensor maskedFill(Tensor x, Tensor givenMask, double value, Tensor valueTensor) {
        requireValue(valueTensor);
        Tensor mask = fillMask(givenMask);
        int[] shape = Shapes.broadcast(mask.shape, x.shape);
        Storage data = StridedCopy.gather(x.storage, shape, Shapes.expandedStrides(x.shape, x.strides, shape), x.offset);
        IndexKernels.fill(data, selected(Shapes.contiguousStrides(shape), 0, mask, shape),
                valueTensor == null ? value : valueTensor.item());
        Tensor out = new Tensor(data, shape);
        if (!OpNode.shouldRecord(x, valueTensor)) {
            return out;
        }
        return OpNode.record(out, valueTensor == null ? "MaskedFillBackward0" : "MaskedFillBackward1",
                FILL_RULE, valueTensor == null ? new Tensor[] {x} : new Tensor[] {x, valueTensor}, mask);
    }

    /** {@code x.masked_fill_(mask, value)}: mask broadcast to x's shape. */
    static Tensor maskedFillInPlace(Tensor x, Tensor givenMask, double value, Tensor valueTensor) {
        InPlace.checkWritable(x);
        requireValue(valueTensor);
        Tensor mask = fillMask(givenMask);
        int[] shape = Shapes.broadcast(x.shape, mask.shape);
        if (!Arrays.equals(shape, x.shape)) {
            throw new IllegalArgumentException("output with shape " + Shapes.format(x.shape)
                    + " doesn't match the broadcast shape " + Shapes.format(shape));
        }
        int[] at = selected(x.strides, x.offset, mask, shape);
        OpNode node = null;
        if (OpNode.recordsBackward(x, valueTensor)) {
            node = OpNode.create(valueTensor == null ? "MaskedFillBackward0" : "MaskedFillBackward1", FILL_RULE,
                    valueTensor == null ? new Tensor[] {x} : new Tensor[] {x, valueTensor}, null, mask);
        }
        IndexKernels.fill(x.storage, at, valueTensor == null ? value : valueTensor.item());
        x.storage.bumpVersion();
        if (node != null) {
            if (valueTensor == null) {
                InPlace.rebaseHistory(x, node);
            } else {
                InPlace.rebaseHistory(x, node, valueTensor);
            }
        }
        return x;
    }


    /** {@code torch.masked_select}: the elements where the (broadcast) mask is true, 1-d. */
    static Tensor maskedSelect(Tensor x, Tensor mask) {
        if (mask.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("masked_select: expected BoolTensor or ByteTensor for mask");
        }
        int[] shape = Shapes.broadcast(x.shape, mask.shape);
        int[] at = selected(Shapes.expandedStrides(x.shape, x.strides, shape), x.offset, mask, shape);
        Tensor out = new Tensor(IndexKernels.take(x.storage, at), new int[] {at.length});
        if (!OpNode.shouldRecord(x)) {
            return out;
        }
        Tensor fullMask = new Tensor(Compute.denseAs(mask, shape, DType.BOOL), shape);
        long[] gradShape = Shapes.toLongs(shape);
        return OpNode.record(out, "MaskedSelectBackward0", (node, g, s) -> {
            Tensor zeros = Tensor.zeros(gradShape, g.dtype());
            Indexing.indexPut(zeros, new Index[] {Index.of(fullMask)}, g, false);
            return new Tensor[] {zeros};
        }, new Tensor[] {x}, mask);
    }

    /** {@code torch.take}: elements of x read as 1-d at the INT64 indices; the result has index's shape. */
    static Tensor take(Tensor x, Tensor index) {
        if (index.dtype() != DType.INT64) {
            throw new IllegalArgumentException("take(): Expected a long tensor for index, but got "
                    + index.dtype().scalarTypeName());
        }
        int[] all = IndexKernels.positions(x.shape, x.strides, x.offset);
        long[] wanted = Compute.dense(index).longs();
        int n = all.length;
        int[] at = new int[(int) index.numel()];
        for (int i = 0; i < at.length; i++) {
            long v = wanted[i];
            if (v < -n || v >= n) {
                throw new IndexOutOfBoundsException("out of range: tried to access index " + v + " on a tensor of " + n
                        + " elements.");
            }
            at[i] = all[(int) (v < 0 ? v + n : v)];
        }
        Tensor out = new Tensor(IndexKernels.take(x.storage, at), index.shape);
        if (!OpNode.shouldRecord(x)) {
            return out;
        }
        long[] inputShape = x.shape();
        return OpNode.record(out, "TakeBackward0", (node, g, s) -> {
            Tensor zeros = Tensor.zeros(new long[] {n}, g.dtype());
            Indexing.put(zeros, new Tensor[] {flat(s[0])}, g.reshape(-1), true);
            return new Tensor[] {zeros.view(inputShape)};
        }, new Tensor[] {x}, index);
    }

    /**
     * The mask as BOOL: like PyTorch 1.13 (which still takes byte masks), a mask of another dtype is
     * accepted when it holds only 0 and 1.
     */
    private static Tensor fillMask(Tensor mask) {
        if (mask.dtype() == DType.BOOL) {
            return mask;
        }
        for (double v : mask.toDoubleArray()) {
            if (v != 0 && v != 1) {
                throw new IllegalArgumentException("Mask tensor can take 0 and 1 values only");
            }
        }
        return mask.ne(0.0);
    }

    private static void requireValue(Tensor valueTensor) {
        if (valueTensor != null && valueTensor.dim() != 0) {
            throw new IllegalArgumentException("masked_fill_ only supports a 0-dimensional value tensor, but got tensor "
                    + "with " + valueTensor.dim() + " dimension(s).");
        }
    }

    /** Storage positions (geometry strides/offset over {@code shape}) where the mask, broadcast to shape, is true. */
    private static int[] selected(int[] strides, int offset, Tensor mask, int[] shape) {
        int[] all = IndexKernels.positions(shape, strides, offset);
        boolean[] keep = Compute.denseAs(mask, shape, DType.BOOL).bools();
        int count = 0;
        for (int i = 0; i < all.length; i++) {
            if (keep[i]) {
                all[count++] = all[i];
            }
        }
        return Arrays.copyOf(all, count);
    }

    /** Positions of {@code base + index[p] * strides[d]} over index's shape, the other coordinates as in index. */
    private static int[] alongDim(int[] strides, int offset, int size, int d, Tensor index) {
        int[] zeroed = strides.clone();
        zeroed[d] = 0;
        int[] at = IndexKernels.positions(index.shape, zeroed, offset);
        long[] values = Compute.dense(index).longs();
        for (int i = 0; i < at.length; i++) {
            long v = values[i];
            if (v < 0 || v >= size) {
                throw new IllegalArgumentException("index " + v + " is out of bounds for dimension " + d + " with size "
                        + size);
            }
            at[i] += (int) v * strides[d];
        }
        return at;
    }

    private static IndexKernels.Mode mode(String reduce, boolean add) {
        if (add || "add".equals(reduce)) {
            return IndexKernels.Mode.ADD;
        }
        return "multiply".equals(reduce) ? IndexKernels.Mode.MULTIPLY : IndexKernels.Mode.SET;
    }

    private static void requireInRange(Tensor index, int size) {
        long[] values = Compute.dense(index).longs();
        for (int i = 0; i < index.numel(); i++) {
            if (values[i] < 0 || values[i] >= size) {
                throw new IndexOutOfBoundsException("index out of range in self");
            }
        }
    }

    /** A 0-d tensor seen as shape [1] (same storage, no history); others as they are. */
    private static Tensor atLeast1d(Tensor t) {
        return t.dim() > 0 ? t : new Tensor(t.storage, new int[] {1}, new int[] {1}, t.offset, null);
    }

    private static Tensor flat(Tensor index) {
        return new Tensor(Compute.dense(index), new int[] {(int) index.numel()});
    }

    private static int[] without(int[] shape, int d) {
        int[] out = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != d) {
                out[j++] = shape[i];
            }
        }
        return out;
    }
}
