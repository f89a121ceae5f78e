package org.grad4j;

import java.util.Arrays;
import org.grad4j.autograd.Autograd;
import org.grad4j.internal.kernel.IndexKernels;
import org.grad4j.internal.kernel.StridedCopy;
import org.grad4j.internal.tensor.Shapes;
import org.grad4j.internal.tensor.Storage;

/**
 * Shape ops built on the view machinery of {@link Views}: flatten, unflatten, movedim, diagonal
 * (views), and the copying rearrangements roll, repeat/tile, triu/tril and multi-dim flip, each
 * recorded under PyTorch's node name with its backward rule in Tensor ops.
 */
final class ShapeOps {
    private ShapeOps() {
    }

    /** {@code torch.flatten}: a reshape of dims start..end into one (0-d gives shape [1]). */
    static Tensor flatten(Tensor x, int startDim, int endDim) {
        int start = Shapes.wrapDim(startDim, x.dim());
        int end = Shapes.wrapDim(endDim, x.dim());
        if (start > end) {
            throw new IllegalArgumentException("flatten() has invalid args: start_dim cannot come after end_dim");
        }
        if (x.dim() == 0) {
            return Views.record(x, new int[] {1}, new int[] {1}, x.offset, "ReshapeAliasBackward0",
                    g -> g.reshape(new long[0]));
        }
        if (start == end) {
            return x;
        }
        long[] shape = new long[x.dim() - (end - start)];
        long merged = 1;
        for (int d = start; d <= end; d++) {
            merged *= x.shape[d];
        }
        for (int d = 0, j = 0; d < x.dim(); d++) {
            if (d < start || d > end) {
                shape[j++] = x.shape[d];
            } else if (d == start) {
                shape[j++] = merged;
            }
        }
        return x.reshape(shape);
    }

    /** {@code torch.unflatten}: splits dim into {@code sizes} (one may be -1); a view. */
    static Tensor unflatten(Tensor x, int dim, long[] sizes) {
        requireDims(x, dim);
        int d = Shapes.wrapDim(dim, x.dim());
        if (sizes.length == 0) {
            throw new IllegalArgumentException("unflatten: sizes must be non-empty");
        }
        int[] resolved;
        try {
            resolved = Shapes.inferSize(sizes, x.shape[d]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unflatten: Provided sizes " + Shapes.format(sizes)
                    + " don't multiply up to the size of dim " + d + " (" + x.shape[d] + ") in the input tensor");
        }
        long[] shape = new long[x.dim() - 1 + resolved.length];
        for (int i = 0, j = 0; i < x.dim(); i++) {
            if (i == d) {
                for (int r : resolved) {
                    shape[j++] = r;
                }
            } else {
                shape[j++] = x.shape[i];
            }
        }
        return x.view(shape);
    }

    /** {@code torch.movedim}: moves dims {@code source} to positions {@code destination}, the rest keep their order. */
    static Tensor movedim(Tensor x, int[] source, int[] destination) {
        int rank = x.dim();
        if (source.length != destination.length) {
            throw new IllegalArgumentException("movedim: Invalid source or destination dims: source ("
                    + Arrays.toString(source) + " dims) should contain the same number of dims as destination ("
                    + Arrays.toString(destination) + " dims)");
        }
        int[] src = wrapAll(source, rank);
        int[] dst = wrapAll(destination, rank);
        requireDistinct(src, source, "source");
        requireDistinct(dst, destination, "destination");
        if (rank == 0) {
            return Indexing.alias(x);
        }
        int[] order = new int[rank];
        Arrays.fill(order, -1);
        boolean[] moved = new boolean[rank];
        for (int i = 0; i < src.length; i++) {
            order[dst[i]] = src[i];
            moved[src[i]] = true;
        }
        for (int d = 0, next = 0; d < rank; d++) {
            if (order[d] >= 0) {
                continue;
            }
            while (moved[next]) {
                next++;
            }
            order[d] = next++;
        }
        return x.permute(order);
    }

    /** {@code torch.diagonal}: the view of the diagonal of dims (dim1, dim2), appended as the last dim. */
    static Tensor diagonal(Tensor x, long offset, int dim1, int dim2) {
        int a = Shapes.wrapDim(dim1, x.dim());
        int b = Shapes.wrapDim(dim2, x.dim());
        if (a == b) {
            throw new IllegalArgumentException("diagonal dimensions cannot be identical " + dim1 + ", " + dim2);
        }
        long length = offset >= 0 ? Math.min(x.shape[a], x.shape[b] - offset) : Math.min(x.shape[a] + offset, x.shape[b]);
        length = Math.max(length, 0);
        int start = x.offset;
        if (length > 0) {
            start += offset >= 0 ? (int) offset * x.strides[b] : (int) -offset * x.strides[a];
        }
        int[] shape = new int[x.dim() - 1];
        int[] strides = new int[x.dim() - 1];
        for (int d = 0, j = 0; d < x.dim(); d++) {
            if (d != a && d != b) {
                shape[j] = x.shape[d];
                strides[j++] = x.strides[d];
            }
        }
        shape[shape.length - 1] = (int) length;
        strides[shape.length - 1] = x.strides[a] + x.strides[b];
        long[] inputShape = x.shape();
        return Views.record(x, shape, strides, start, "DiagonalBackward0", g -> {
            Tensor zeros = Tensor.zeros(inputShape, g.dtype());
            zeros.diagonal(offset, a, b).copy_(g);
            return zeros;
        });
    }

    /** {@code torch.roll}: shifts elements along dims, wrapping around; without dims, over the flattened tensor. */
    static Tensor roll(Tensor x, long[] shifts, int[] dims) {
        if (shifts.length == 0) {
            throw new IllegalArgumentException("`shifts` required");
        }
        if (dims.length == 0 && shifts.length == 1) {
            Tensor out;
            try (var off = Autograd.noGrad()) {
                out = rollAlong(x.reshape(-1), shifts[0], 0).view(x.shape());
            }
            return recordRoll(x, out, shifts, dims);
        }
        if (shifts.length != dims.length) {
            throw new IllegalArgumentException("shifts and dimensions must align. shifts: " + shifts.length + ", dims:"
                    + dims.length);
        }
        for (int d : dims) {
            Shapes.wrapDim(d, x.dim());
        }
        Tensor out = x;
        try (var off = Autograd.noGrad()) {
            for (int i = 0; i < dims.length; i++) {
                out = rollAlong(out, shifts[i], Shapes.wrapDim(dims[i], x.dim()));
            }
        }
        return recordRoll(x, out, shifts, dims);
    }

    private static Tensor recordRoll(Tensor x, Tensor out, long[] shifts, int[] dims) {
        // A roll by whole turns leaves a view of x; the result must own its elements.
        Storage data = out.storage == x.storage ? StridedCopy.gather(out.storage, out.shape, out.strides, out.offset)
                : Compute.dense(out);
        Tensor result = new Tensor(data, out.shape);
        if (!OpNode.shouldRecord(x)) {
            return result;
        }
        long[] back = new long[shifts.length];
        for (int i = 0; i < shifts.length; i++) {
            back[i] = -shifts[i];
        }
        return OpNode.record(result, "RollBackward0", (node, g, s) -> new Tensor[] {roll(g, back, dims)},
                new Tensor[] {x});
    }

    /** One dim's roll as the concatenation of its two wrapped parts (no history: called under no-grad). */
    private static Tensor rollAlong(Tensor x, long shift, int d) {
        int n = x.dim() == 0 ? 1 : x.shape[d];
        if (n <= 1) {
            return x;
        }
        long s = ((shift % n) + n) % n;
        if (s == 0) {
            return x;
        }
        return Joining.cat(java.util.List.of(x.narrow(d, n - s, s), x.narrow(d, 0, n - s)), d);
    }

    /** {@code x.repeat(repeats)}: tiles the tensor, leading repeats adding new dims. */
    static Tensor repeat(Tensor x, long[] repeats) {
        if (repeats.length < x.dim()) {
            throw new IllegalArgumentException("Number of dimensions of repeat dims can not be smaller than number of "
                    + "dimensions of tensor");
        }
        int lead = repeats.length - x.dim();
        long[] resultShape = new long[repeats.length];
        int[] pairShape = new int[2 * repeats.length];
        int[] pairStrides = new int[2 * repeats.length];
        for (int i = 0; i < repeats.length; i++) {
            int size = i < lead ? 1 : x.shape[i - lead];
            resultShape[i] = repeats[i] * size;
            pairShape[2 * i] = (int) repeats[i];
            pairShape[2 * i + 1] = size;
            pairStrides[2 * i + 1] = i < lead ? 0 : x.strides[i - lead];
        }
        int[] shape = Shapes.toInts(resultShape);
        Tensor out = new Tensor(StridedCopy.gather(x.storage, pairShape, pairStrides, x.offset), shape);
        if (!OpNode.shouldRecord(x)) {
            return out;
        }
        long[] pairs = Shapes.toLongs(pairShape);
        int[] repeatDims = new int[repeats.length];
        for (int i = 0; i < repeats.length; i++) {
            repeatDims[i] = 2 * i;
        }
        long[] inputShape = x.shape();
        return OpNode.record(out, "RepeatBackward0",
                (node, g, s) -> new Tensor[] {g.reshape(pairs).sum(repeatDims, false).reshape(inputShape)},
                new Tensor[] {x});
    }

    /** {@code torch.tile}: repeat with missing leading repeats taken as 1. */
    static Tensor tile(Tensor x, long[] reps) {
        if (reps.length >= x.dim()) {
            return repeat(x, reps);
        }
        long[] padded = new long[x.dim()];
        Arrays.fill(padded, 1);
        System.arraycopy(reps, 0, padded, x.dim() - reps.length, reps.length);
        return repeat(x, padded);
    }

    /** {@code torch.triu} ({@code upper}) / {@code torch.tril}: zeros outside the triangle of the last two dims. */
    static Tensor triangle(Tensor x, long diagonal, boolean upper) {
        requireDims(x, -2);
        Shapes.wrapDim(-2, x.dim());
        int rows = x.shape[x.dim() - 2];
        int cols = x.shape[x.dim() - 1];
        Storage data = StridedCopy.gather(x.storage, x.shape, x.strides, x.offset);
        int matrices = rows * cols == 0 ? 0 : Shapes.numel(x.shape) / (rows * cols);
        int perMatrix = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                perMatrix += outside(i, j, diagonal, upper) ? 1 : 0;
            }
        }
        int[] zeroAt = new int[perMatrix * matrices];
        for (int m = 0, k = 0; m < matrices; m++) {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    if (outside(i, j, diagonal, upper)) {
                        zeroAt[k++] = (m * rows + i) * cols + j;
                    }
                }
            }
        }
        IndexKernels.fill(data, zeroAt, 0);
        Tensor out = new Tensor(data, x.shape);
        if (!OpNode.shouldRecord(x)) {
            return out;
        }
        return OpNode.record(out, upper ? "TriuBackward0" : "TrilBackward0",
                (node, g, s) -> new Tensor[] {triangle(g, diagonal, upper)}, new Tensor[] {x});
    }

    private static boolean outside(int i, int j, long diagonal, boolean upper) {
        return upper ? j - i < diagonal : j - i > diagonal;
    }

    /** {@code torch.flip(dims)}: reverses every listed dim at once; a copy. */
    static Tensor flip(Tensor x, int[] dims) {
        int[] wrapped = new int[dims.length];
        boolean[] seen = new boolean[Math.max(x.dim(), 1)];
        int[] strides = x.strides.clone();
        int offset = x.offset;
        for (int i = 0; i < dims.length; i++) {
            int d = Shapes.wrapDim(dims[i], x.dim());
            if (seen[d]) {
                throw new IllegalArgumentException("dim " + d + " appears multiple times in the list of dims");
            }
            seen[d] = true;
            wrapped[i] = d;
        }
        for (int d : wrapped) {
            if (x.dim() > 0 && x.shape[d] > 0) {
                offset += (x.shape[d] - 1) * x.strides[d];
                strides[d] = -strides[d];
            }
        }
        Tensor out = new Tensor(StridedCopy.gather(x.storage, x.shape, strides, offset), x.shape);
        if (!OpNode.shouldRecord(x)) {
            return out;
        }
        return OpNode.record(out, "FlipBackward0", (node, g, s) -> new Tensor[] {flip(g, wrapped)}, new Tensor[] {x});
    }

    /** PyTorch's refusal of a dim argument on a 0-d tensor. */
    private static void requireDims(Tensor x, int dim) {
        if (x.dim() == 0) {
            throw new IndexOutOfBoundsException("Dimension specified as " + dim + " but tensor has no dimensions");
        }
    }

    private static int[] wrapAll(int[] dims, int rank) {
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = Shapes.wrapDim(dims[i], rank);
        }
        return out;
    }

    private static void requireDistinct(int[] wrapped, int[] given, String which) {
        for (int i = 0; i < wrapped.length; i++) {
            for (int j = i + 1; j < wrapped.length; j++) {
                if (wrapped[i] == wrapped[j]) {
                    throw new IllegalArgumentException("movedim: repeated dim in `" + which + "` ("
                            + Arrays.toString(given) + ")");
                }
            }
        }
    }
}
