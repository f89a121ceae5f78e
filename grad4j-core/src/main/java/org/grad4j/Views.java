package org.grad4j;

import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.grad4j.internal.kernel.StridedCopy;
import org.grad4j.internal.tensor.Shapes;
import org.grad4j.internal.tensor.Storage;

/**
 * Ops whose result shares the input's storage (transpose, permute, view, reshape when possible,
 * (un)squeeze, select, slice, narrow, expand, as_strided), plus flip, which copies.
 *
 * <p>Note [View history]: a view remembers its base. When the storage is written in place after the
 * view's gradFn was built, the gradFn is stale (it describes the old values); like PyTorch, the
 * view then regenerates it as an AsStridedBackward0 of the base, whose history the in-place op
 * updated (see InPlace).
 */
final class Views {
    private Views() {
    }

    static Tensor detach(Tensor x) {
        return new Tensor(x.storage, x.shape, x.strides, x.offset, null);
    }

    static Tensor transpose(Tensor x, int dim0, int dim1) {
        int rank = x.dim();
        int a = Shapes.wrapDim(dim0, rank);
        int b = Shapes.wrapDim(dim1, rank);
        int[] shape = x.shape.clone();
        int[] strides = x.strides.clone();
        if (rank > 0) {
            swap(shape, a, b);
            swap(strides, a, b);
        }
        return record(x, shape, strides, x.offset, "TransposeBackward0", g -> g.transpose(a, b));
    }

    static Tensor t(Tensor x) {
        if (x.dim() > 2) {
            throw new IllegalArgumentException("t() expects a tensor with <= 2 dimensions, but self is " + x.dim() + "D");
        }
        int[] shape = x.shape.clone();
        int[] strides = x.strides.clone();
        if (x.dim() == 2) {
            swap(shape, 0, 1);
            swap(strides, 0, 1);
        }
        return record(x, shape, strides, x.offset, "TBackward0", Tensor::t);
    }

    static Tensor reverseDims(Tensor x) {
        int[] dims = new int[x.dim()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = dims.length - 1 - i;
        }
        return permute(x, dims);
    }

    static Tensor permute(Tensor x, int[] dims) {
        int rank = x.dim();
        if (dims.length != rank) {
            throw new IllegalArgumentException("permute(sparse_coo): number of dimensions in the tensor input does not "
                    + "match the length of the desired ordering of dimensions i.e. input.dim() = " + rank
                    + " is not equal to len(dims) = " + dims.length);
        }
        int[] shape = new int[rank];
        int[] strides = new int[rank];
        int[] inverse = new int[rank];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            int d = Shapes.wrapDim(dims[i], rank);
            if (seen[d]) {
                throw new IllegalArgumentException("permute(): duplicate dims are not allowed.");
            }
            seen[d] = true;
            shape[i] = x.shape[d];
            strides[i] = x.strides[d];
            inverse[d] = i;
        }
        return record(x, shape, strides, x.offset, "PermuteBackward0", g -> g.permute(inverse));
    }

    static Tensor view(Tensor x, long[] requested) {
        int[] shape = Shapes.inferSize(requested, Shapes.numel(x.shape));
        int[] strides = Shapes.viewStrides(x.shape, x.strides, shape);
        if (strides == null) {
            throw new IllegalArgumentException("view size is not compatible with input tensor's size and stride (at least "
                    + "one dimension spans across two contiguous subspaces). Use .reshape(...) instead.");
        }
        long[] inputShape = x.shape();
        return record(x, shape, strides, x.offset, "ViewBackward0", g -> g.reshape(inputShape));
    }

    static Tensor reshape(Tensor x, long[] requested) {
        int[] shape = Shapes.inferSize(requested, Shapes.numel(x.shape));
        int[] strides = Shapes.viewStrides(x.shape, x.strides, shape);
        if (strides != null) {
            long[] inputShape = x.shape();
            return record(x, shape, strides, x.offset, "ReshapeAliasBackward0", g -> g.reshape(inputShape));
        }
        return unsafeView(x.clone(), shape);
    }

    /**
     * ATen's {@code _unsafe_view}: reshapes a dense tensor that nothing else aliases (a fresh result),
     * recorded as UnsafeViewBackward0 rather than as a view.
     */
    static Tensor unsafeView(Tensor fresh, int[] shape) {
        Tensor out = new Tensor(fresh.storage, shape);
        if (!OpNode.shouldRecord(fresh)) {
            return out;
        }
        long[] inputShape = fresh.shape();
        return OpNode.record(out, "UnsafeViewBackward0", (node, g, s) -> new Tensor[] {g.reshape(inputShape)},
                new Tensor[] {fresh});
    }

    static Tensor unsqueeze(Tensor x, int dim) {
        int d = Shapes.wrapDim(dim, x.dim() + 1);
        int rank = x.dim();
        int[] shape = new int[rank + 1];
        int[] strides = new int[rank + 1];
        for (int i = 0, j = 0; i <= rank; i++) {
            if (i == d) {
                shape[i] = 1;
                strides[i] = d < rank ? x.strides[d] * x.shape[d] : 1;
            } else {
                shape[i] = x.shape[j];
                strides[i] = x.strides[j];
                j++;
            }
        }
        return record(x, shape, strides, x.offset, "UnsqueezeBackward0", g -> g.squeeze(d));
    }

    static Tensor squeeze(Tensor x) {
        int rank = 0;
        int[] shape = new int[x.dim()];
        int[] strides = new int[x.dim()];
        for (int d = 0; d < x.dim(); d++) {
            if (x.shape[d] != 1) {
                shape[rank] = x.shape[d];
                strides[rank] = x.strides[d];
                rank++;
            }
        }
        long[] inputShape = x.shape();
        return record(x, Arrays.copyOf(shape, rank), Arrays.copyOf(strides, rank), x.offset, "SqueezeBackward0",
                g -> g.reshape(inputShape));
    }

    static Tensor squeeze(Tensor x, int dim) {
        int d = Shapes.wrapDim(dim, x.dim());
        if (x.dim() == 0 || x.shape[d] != 1) {
            return record(x, x.shape, x.strides, x.offset, "SqueezeBackward1", g -> g);
        }
        int[] shape = new int[x.dim() - 1];
        int[] strides = new int[x.dim() - 1];
        for (int i = 0, j = 0; i < x.dim(); i++) {
            if (i != d) {
                shape[j] = x.shape[i];
                strides[j] = x.strides[i];
                j++;
            }
        }
        return record(x, shape, strides, x.offset, "SqueezeBackward1", g -> g.unsqueeze(d));
    }

    static Tensor select(Tensor x, int dim, long index) {
        if (x.dim() == 0) {
            throw new IndexOutOfBoundsException("select() cannot be applied to a 0-dim tensor.");
        }
        int d = Shapes.wrapDim(dim, x.dim());
        int size = x.shape[d];
        if (index < -size || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + " is out of bounds for dimension " + d + " with size "
                    + size);
        }
        int i = (int) (index < 0 ? index + size : index);
        int[] shape = new int[x.dim() - 1];
        int[] strides = new int[x.dim() - 1];
        for (int k = 0, j = 0; k < x.dim(); k++) {
            if (k != d) {
                shape[j] = x.shape[k];
                strides[j] = x.strides[k];
                j++;
            }
        }
        long[] inputShape = x.shape();
        return record(x, shape, strides, x.offset + i * x.strides[d], "SelectBackward0",
                g -> placeInZeros(Tensor.zeros(inputShape, g.dtype()), zeros -> zeros.select(d, i), g));
    }

    /** Python slicing {@code x[start:end:step]} along dim: out-of-range bounds are clamped. */
    static Tensor slice(Tensor x, int dim, long start, long end, long step) {
        if (x.dim() == 0) {
            throw new IndexOutOfBoundsException("slice() cannot be applied to a 0-dim tensor.");
        }
        if (step <= 0) {
            throw new IllegalArgumentException("slice step must be positive");
        }
        int d = Shapes.wrapDim(dim, x.dim());
        int size = x.shape[d];
        long from = clamp(start < 0 ? start + size : start, size);
        long to = clamp(end < 0 ? end + size : end, size);
        int length = to <= from ? 0 : (int) ((to - from + step - 1) / step);
        int[] shape = x.shape.clone();
        int[] strides = x.strides.clone();
        shape[d] = length;
        strides[d] = (int) (x.strides[d] * step);
        long[] inputShape = x.shape();
        int first = (int) from;
        return record(x, shape, strides, x.offset + first * x.strides[d], "SliceBackward0",
                g -> placeInZeros(Tensor.zeros(inputShape, g.dtype()),
                        zeros -> zeros.slice(d, first, first + (long) length * step, step), g));
    }

    static Tensor narrow(Tensor x, int dim, long start, long length) {
        int d = Shapes.wrapDim(dim, x.dim());
        long begin = start < 0 ? start + x.shape[d] : start;
        if (begin < 0 || length < 0 || begin + length > x.shape[d]) {
            throw new IndexOutOfBoundsException("start (" + start + ") + length (" + length + ") exceeds dimension size ("
                    + x.shape[d] + ").");
        }
        return slice(x, d, begin, begin + length, 1);
    }

    static Tensor expand(Tensor x, long[] sizes) {
        if (sizes.length < x.dim()) {
            throw new IllegalArgumentException("expand(torch.FloatTensor{" + Shapes.format(x.shape) + "}, size="
                    + Shapes.format(sizes) + "): the number of sizes provided (" + sizes.length + ") must be greater or "
                    + "equal to the number of dimensions in the tensor (" + x.dim() + ")");
        }
        int[] target = new int[sizes.length];
        int lead = sizes.length - x.dim();
        for (int i = 0; i < sizes.length; i++) {
            target[i] = sizes[i] == -1 && i >= lead ? x.shape[i - lead] : (int) sizes[i];
        }
        int[] strides = Shapes.expandedStrides(x.shape, x.strides, target);
        long[] inputShape = x.shape();
        return record(x, target, strides, x.offset, "ExpandBackward0", g -> g.sumToSize(inputShape));
    }

    static Tensor asStrided(Tensor x, int[] shape, int[] strides, int offset) {
        Tensor geometry = x;
        return record(x, shape, strides, offset, "AsStridedBackward0", g -> asStridedGradient(geometry, g, shape, strides, offset));
    }

    /** The gradient of the base given that of a strided view of it: zeros with the view's region set to g. */
    static Tensor asStridedGradient(Tensor base, Tensor g, int[] shape, int[] strides, int offset) {
        Tensor zeros = new Tensor(Storage.allocate(g.dtype(), base.storage.length()),
                base.shape, base.strides, base.offset, null);
        return placeInZeros(zeros, z -> asStrided(z, shape, strides, offset), g);
    }

    /** Reverses the order of elements along {@code dim}; a copy, as in PyTorch. */
    static Tensor flip(Tensor x, int dim) {
        int d = Shapes.wrapDim(dim, x.dim());
        Tensor out;
        if (x.dim() == 0) {
            out = new Tensor(StridedCopy.gather(x.storage, x.shape, x.strides, x.offset), x.shape);
        } else {
            int[] strides = x.strides.clone();
            strides[d] = -strides[d];
            int offset = x.offset + (x.shape[d] - 1) * x.strides[d];
            out = new Tensor(StridedCopy.gather(x.storage, x.shape, strides, offset), x.shape);
        }
        if (!OpNode.shouldRecord(x)) {
            return out;
        }
        return OpNode.record(out, "FlipBackward0", (node, g, s) -> new Tensor[] {flip(g, d)}, new Tensor[] {x});
    }

    /** Regenerates a view's gradFn when the storage was written since it was built; see Note [View history]. */
    static void refreshViewHistory(Tensor view) {
        if (view.viewHistoryVersion != view.storage.version() && view.base.requiresGrad()) {
            regenerateViewHistory(view);
        }
    }

    /** Rebuilds a view's gradFn as an AsStridedBackward0 of its base's current history. */
    static void regenerateViewHistory(Tensor view) {
        Tensor regenerated = asStrided(view.base, view.shape, view.strides, view.offset);
        view.viewHistoryVersion = view.storage.version();
        view.setHistory(regenerated.gradFn(), 0);
    }

    /**
     * Writes g into the region of a zero tensor that {@code region} selects and returns the whole
     * tensor; under createGraph the write is recorded (CopySlices), so the result stays differentiable in g.
     */
    private static Tensor placeInZeros(Tensor zeros, UnaryOperator<Tensor> region, Tensor g) {
        region.apply(zeros).copy_(g);
        return zeros;
    }

    interface ViewBackward {
        Tensor apply(Tensor grad);
    }

    static Tensor record(Tensor x, int[] shape, int[] strides, int offset, String nodeName, ViewBackward backward) {
        Tensor root = x.base != null ? x.base : x;
        Tensor out = new Tensor(x.storage, shape, strides, offset, root);
        out.viewHistoryVersion = x.storage.version();
        if (!OpNode.shouldRecord(x)) {
            return out;
        }
        return OpNode.record(out, nodeName, (node, g, s) -> new Tensor[] {backward.apply(g)}, new Tensor[] {x});
    }

    private static long clamp(long v, int size) {
        return Math.max(0, Math.min(v, size));
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
