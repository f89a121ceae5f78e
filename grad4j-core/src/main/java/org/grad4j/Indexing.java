package org.grad4j;

import java.util.Arrays;
import org.grad4j.internal.kernel.IndexKernels;
import org.grad4j.internal.tensor.Shapes;
import org.grad4j.internal.tensor.Storage;

/**
 * Subscripts with {@link Index} entries, reading ({@code x[...]}) and writing ({@code x[...] = v},
 * {@code index_put_}), with PyTorch's semantics: integers, slices, None and the ellipsis become
 * views (select, slice, unsqueeze); the tensor entries left over are "advanced" indices, broadcast
 * together, which gather into a fresh tensor (IndexBackward0) or scatter into the view in place
 * (IndexPutBackward0).
 *
 * <p>Note [Advanced index layout]: the broadcast index shape B replaces the indexed dims. When the
 * indexed dims are adjacent, B stands where they stood; otherwise B comes first (NumPy's rule).
 */
final class Indexing {
    private Indexing() {
    }

    /** The basic part of a subscript applied as views, and the tensor index left for each dim of that view (or null). */
    private record Applied(Tensor view, Tensor[] advanced) {
        boolean hasAdvanced() {
            for (Tensor t : advanced) {
                if (t != null) {
                    return true;
                }
            }
            return false;
        }
    }

    static Tensor index(Tensor x, Index[] indices) {
        Applied applied = apply(x, indices);
        if (!applied.hasAdvanced()) {
            return applied.view() == x ? alias(x) : applied.view();
        }
        return gather(applied.view(), applied.advanced());
    }

    /** {@code x[indices] = values} (or {@code +=} with accumulate); values broadcast to the indexed shape. */
    static Tensor indexPut(Tensor x, Index[] indices, Tensor values, boolean accumulate) {
        Applied applied = apply(x, indices);
        Tensor view = applied.view();
        if (!applied.hasAdvanced()) {
            return accumulate ? view.add_(values) : view.copy_(values);
        }
        put(view, applied.advanced(), values, accumulate);
        return x;
    }

    /** {@code x[...]} with nothing to do: a fresh view of all of x (AliasBackward0). */
    static Tensor alias(Tensor x) {
        return Views.record(x, x.shape, x.strides, x.offset, "AliasBackward0", g -> g);
    }

    private static Applied apply(Tensor x, Index[] indices) {
        int consumed = 0;
        for (Index index : indices) {
            if (index == null) {
                throw new IllegalArgumentException("an index must not be null; use Index.NONE for a new axis");
            }
            switch (index.kind) {
                case INTEGER:
                case SLICE:
                    consumed++;
                    break;
                case TENSOR:
                    consumed += index.tensor.dtype() == DType.BOOL ? index.tensor.dim() : 1;
                    break;
                default:
                    break;
            }
        }
        if (consumed > x.dim()) {
            throw new IndexOutOfBoundsException("too many indices for tensor of dimension " + x.dim());
        }
        Tensor view = x;
        Tensor[] advanced = new Tensor[x.dim() + indices.length];
        int dim = 0;
        for (Index index : indices) {
            switch (index.kind) {
                case INTEGER:
                    view = view.select(dim, index.integer);
                    break;
                case SLICE:
                    view = slice(view, dim, index);
                    dim++;
                    break;
                case NONE:
                    view = view.unsqueeze(dim);
                    dim++;
                    break;
                case ELLIPSIS:
                    dim += x.dim() - consumed;
                    break;
                default:
                    Tensor t = index.tensor;
                    if (t.dtype() == DType.INT64 && t.dim() == 0) {
                        // Like Python, a 0-d integer tensor indexes as an integer.
                        view = view.select(dim, (long) t.item());
                    } else if (t.dtype() == DType.INT64) {
                        advanced[dim++] = t;
                    } else if (t.dtype() == DType.BOOL) {
                        dim = mask(view, dim, t, advanced);
                        if (t.dim() == 0) {
                            view = view.unsqueeze(dim - 1);
                        }
                    } else {
                        throw new IndexOutOfBoundsException("tensors used as indices must be long, byte or bool tensors");
                    }
                    break;
            }
        }
        return new Applied(view, Arrays.copyOf(advanced, view.dim()));
    }

    private static Tensor slice(Tensor view, int dim, Index index) {
        long step = index.step == null ? 1 : index.step;
        if (step == 0) {
            throw new IllegalArgumentException("slice step cannot be zero");
        }
        if (step < 0) {
            throw new IllegalArgumentException("step must be greater than zero");
        }
        if (view.dim() <= dim) {
            throw new IndexOutOfBoundsException("too many indices for tensor of dimension " + view.dim());
        }
        long start = index.start == null ? 0 : index.start;
        long stop = index.stop == null ? Long.MAX_VALUE : index.stop;
        return view.slice(dim, start, stop, step);
    }

    /** A BOOL mask over dims dim.. of view becomes one INT64 index per masked dim (its nonzero coordinates). */
    private static int mask(Tensor view, int dim, Tensor mask, Tensor[] advanced) {
        if (mask.dim() == 0) {
            // x[True] adds a dim of size 1 and keeps it; x[False] keeps none of it.
            advanced[dim] = mask.item() != 0 ? Tensor.of(0L) : new Tensor(Storage.of(new long[0]), new int[] {0});
            return dim + 1;
        }
        for (int k = 0; k < mask.dim(); k++) {
            if (mask.shape[k] != view.shape[dim + k]) {
                throw new IndexOutOfBoundsException("The shape of the mask " + Shapes.format(mask.shape) + " at index "
                        + k + " does not match the shape of the indexed tensor " + Shapes.format(view.shape)
                        + " at index " + (dim + k));
            }
        }
        Tensor coordinates = IndexOps.nonzero(mask);
        for (int k = 0; k < mask.dim(); k++) {
            advanced[dim + k] = coordinates.select(1, k);
        }
        return dim + mask.dim();
    }

    /** Where the elements of {@code view[advanced]} live in view's storage, and the result shape. */
    record Plan(int[] shape, int[] positions) {
    }

    /** Plans {@code view[advanced]}; see Note [Advanced index layout]. Fails on bad indices before anything is written. */
    static Plan plan(Tensor view, Tensor[] advanced) {
        int rank = view.dim();
        int[] indexed = new int[rank];
        int count = 0;
        int[] broadcast = Shapes.SCALAR;
        for (int d = 0; d < rank; d++) {
            if (advanced[d] != null) {
                indexed[count++] = d;
            }
        }
        indexed = Arrays.copyOf(indexed, count);
        for (int d : indexed) {
            try {
                broadcast = Shapes.broadcast(broadcast, advanced[d].shape);
            } catch (IllegalArgumentException e) {
                StringBuilder shapes = new StringBuilder();
                for (int k : indexed) {
                    shapes.append(shapes.length() == 0 ? "" : ", ").append(Shapes.format(advanced[k].shape));
                }
                throw new IndexOutOfBoundsException("shape mismatch: indexing tensors could not be broadcast together "
                        + "with shapes " + shapes);
            }
        }
        int n = Shapes.numel(broadcast);
        int[] picked = new int[n];
        for (int d : indexed) {
            long[] values = Compute.denseAs(advanced[d], broadcast, DType.INT64).longs();
            int size = view.shape[d];
            int stride = view.strides[d];
            for (int i = 0; i < n; i++) {
                long v = values[i];
                if (v < -size || v >= size) {
                    throw new IndexOutOfBoundsException("index " + v + " is out of bounds for dimension " + d
                            + " with size " + size);
                }
                picked[i] += (int) (v < 0 ? v + size : v) * stride;
            }
        }
        boolean adjacent = count == 0 || indexed[count - 1] - indexed[0] == count - 1;
        int split = adjacent && count > 0 ? indexed[0] : 0;
        int[] beforeShape = new int[split];
        int[] beforeStrides = new int[split];
        int[] afterShape = new int[rank - count - split];
        int[] afterStrides = new int[afterShape.length];
        for (int d = 0, b = 0, a = 0; d < rank; d++) {
            if (advanced[d] != null) {
                continue;
            }
            if (b < split) {
                beforeShape[b] = view.shape[d];
                beforeStrides[b++] = view.strides[d];
            } else {
                afterShape[a] = view.shape[d];
                afterStrides[a++] = view.strides[d];
            }
        }
        int[] shape = new int[split + broadcast.length + afterShape.length];
        System.arraycopy(beforeShape, 0, shape, 0, split);
        System.arraycopy(broadcast, 0, shape, split, broadcast.length);
        System.arraycopy(afterShape, 0, shape, split + broadcast.length, afterShape.length);
        int[] before = IndexKernels.positions(beforeShape, beforeStrides, view.offset);
        int[] after = IndexKernels.positions(afterShape, afterStrides, 0);
        int[] positions = new int[Shapes.numel(shape)];
        int k = 0;
        for (int b : before) {
            for (int p : picked) {
                int at = b + p;
                for (int a : after) {
                    positions[k++] = at + a;
                }
            }
        }
        return new Plan(shape, positions);
    }

    /** {@code view[advanced]}: a fresh tensor (IndexBackward0). */
    static Tensor gather(Tensor view, Tensor[] advanced) {
        Plan plan = plan(view, advanced);
        Tensor out = new Tensor(IndexKernels.take(view.storage, plan.positions()), plan.shape());
        if (!OpNode.shouldRecord(view)) {
            return out;
        }
        long[] inputShape = view.shape();
        return OpNode.record(out, "IndexBackward0", (node, g, s) -> {
            Tensor zeros = Tensor.zeros(inputShape, g.dtype());
            put(zeros, advanced, g, true);
            return new Tensor[] {zeros};
        }, new Tensor[] {view}, present(advanced));
    }

    /** {@code view[advanced] = values} in place (IndexPutBackward0); values broadcast to the indexed shape. */
    static Tensor put(Tensor view, Tensor[] advanced, Tensor values, boolean accumulate) {
        InPlace.checkWritable(view);
        if (values.dtype() != view.dtype()) {
            throw new IllegalArgumentException("Index put requires the source and destination dtypes match, got "
                    + view.dtype().scalarTypeName() + " for the destination and " + values.dtype().scalarTypeName() + " for the source.");
        }
        Plan plan = plan(view, advanced);
        if (!broadcastable(values.shape, plan.shape())) {
            throw new IllegalArgumentException("shape mismatch: value tensor of shape " + Shapes.format(values.shape)
                    + " cannot be broadcast to indexing result of shape " + Shapes.format(plan.shape()));
        }
        Dual.requireNoTangent(values);
        OpNode node = null;
        if (OpNode.recordsBackward(view, values)) {
            node = OpNode.create("IndexPutBackward0", (n, g, s) -> new Tensor[] {
                n.needs(0) ? (accumulate ? g : cleared(g, advanced)) : null,
                n.needs(1) ? gather(g, advanced) : null}, new Tensor[] {view, values}, null, present(advanced));
        }
        Storage data = Compute.denseAs(values, plan.shape(), view.dtype());
        IndexKernels.put(view.storage, plan.positions(), data,
                accumulate ? IndexKernels.Mode.ADD : IndexKernels.Mode.SET);
        view.storage.bumpVersion();
        if (node != null) {
            InPlace.rebaseHistory(view, node, values);
        }
        return view;
    }

    /** The index tensors of a plan, saved by its nodes so that modifying one in place fails their backward as in PyTorch. */
    private static Tensor[] present(Tensor[] advanced) {
        return Arrays.stream(advanced).filter(t -> t != null).toArray(Tensor[]::new);
    }

    /** True when a tensor of shape {@code from} expands to {@code to}. */
    private static boolean broadcastable(int[] from, int[] to) {
        if (from.length > to.length) {
            return false;
        }
        for (int i = 1; i <= from.length; i++) {
            int size = from[from.length - i];
            if (size != 1 && size != to[to.length - i]) {
                return false;
            }
        }
        return true;
    }

    /** g with the indexed elements zeroed: what an overwriting put passes back to the tensor it wrote into. */
    private static Tensor cleared(Tensor g, Tensor[] advanced) {
        Tensor out = g.clone();
        put(out, advanced, Tensor.zeros(new long[0], g.dtype()), false);
        return out;
    }
}
