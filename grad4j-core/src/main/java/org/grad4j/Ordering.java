package org.grad4j;

import org.grad4j.autograd.Autograd;
import org.grad4j.internal.kernel.OrderKernels;
import org.grad4j.internal.tensor.Shapes;
import org.grad4j.internal.tensor.Storage;

/**
 * Order-based ops: max/min along a dim, argmax/argmin, amax/amin, sort, argsort, topk, median, mode,
 * cummax/cummin. Each finds positions with {@link OrderKernels} on sort keys, gathers the values, and
 * records a backward rule that routes the gradient back to those positions (a scatter-add), or, for
 * amax/amin and the whole-tensor median, shares it evenly among tied elements as PyTorch does.
 */
final class Ordering {
    private Ordering() {
    }

    /** What one row of keys turns into: {@code k} positions written to {@code out}. */
    @FunctionalInterface
    private interface RowKernel {
        void apply(long[] row, int n, int[] out);
    }

    /** INT64 positions along {@code dim} (size k there), one kernel call per row. */
    private static Tensor rowPositions(Tensor x, int dim, int k, boolean nanLargest, RowKernel kernel) {
        AlongDim rows = new AlongDim(x.shape, dim);
        long[] keys = OrderKernels.keys(Compute.dense(x), Shapes.numel(x.shape), nanLargest);
        int[] outShape = x.shape.clone();
        if (outShape.length > 0) {
            outShape[dim] = k;
        }
        long[] out = new long[rows.outer * k * rows.inner];
        long[] row = new long[rows.length];
        int[] positions = new int[Math.max(rows.length, k)];
        for (int r = 0; r < rows.rows() && rows.length > 0; r++) {
            int start = rows.start(r);
            for (int j = 0; j < rows.length; j++) {
                row[j] = keys[start + j * rows.inner];
            }
            kernel.apply(row, rows.length, positions);
            int outStart = (r / rows.inner) * k * rows.inner + r % rows.inner;
            for (int j = 0; j < k; j++) {
                out[outStart + j * rows.inner] = positions[j];
            }
        }
        return new Tensor(Storage.of(out), outShape);
    }

    /** The values at {@code positions}, without recording (the caller records the op's own node). */
    private static Tensor valuesAt(Tensor x, int dim, Tensor positions) {
        try (var off = Autograd.noGrad()) {
            return AlongDim.gather(x, dim, positions);
        }
    }

    /** Records {@code name} on values whose gradient is scattered back to {@code positions} of x. */
    private static Tensor recordSelecting(Tensor values, String name, Tensor x, int dim, Tensor positions,
                                          boolean squeezed) {
        if (!OpNode.shouldRecord(x)) {
            return values;
        }
        int[] shape = x.shape;
        int[] keptShape = positions.shape;
        return OpNode.record(values, name, (node, g, s) -> new Tensor[] {
            AlongDim.scatterAdd(shape, dim, s[0], squeezed ? g.reshape(Shapes.toLongs(keptShape)) : g)},
                new Tensor[] {x}, positions);
    }

    private static ValuesAndIndices selectAlong(Tensor x, int dim, boolean keepdim, String name, Tensor positions) {
        Tensor values = valuesAt(x, dim, positions);
        boolean squeeze = !keepdim && x.dim() > 0;
        int[] outShape = squeeze ? dropDim(x.shape, dim) : positions.shape;
        Tensor indices = new Tensor(positions.storage, outShape);
        Tensor out = new Tensor(values.storage, outShape);
        return new ValuesAndIndices(recordSelecting(out, name, x, dim, positions, squeeze), indices);
    }

    // ---------------------------------------------------------------- max / min / argmax / argmin

    static ValuesAndIndices maxAlong(Tensor x, int dim, boolean keepdim, boolean largest) {
        String op = largest ? "max" : "min";
        int d = Shapes.wrapDim(dim, x.dim());
        requireNonEmptyDim(x, d, op);
        Tensor positions = rowPositions(x, d, 1, largest, (row, n, out) -> out[0] = OrderKernels.argExtreme(row, n, largest));
        return selectAlong(x, d, keepdim, largest ? "MaxBackward0" : "MinBackward0", positions);
    }

    static Tensor argmax(Tensor x, Integer dim, boolean keepdim, boolean largest) {
        String op = largest ? "argmax" : "argmin";
        if (x.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("\"" + op + "_cpu\" not implemented for 'Bool'");
        }
        if (dim == null) {
            if (x.numel() == 0) {
                throw new IndexOutOfBoundsException(op + "(): Expected reduction dim to be specified for "
                        + "input.numel() == 0.");
            }
            Tensor flat = x.detach().reshape(-1);
            Tensor p = rowPositions(flat, 0, 1, largest, (row, n, out) -> out[0] = OrderKernels.argExtreme(row, n, largest));
            int[] shape = keepdim ? ones(x.dim()) : Shapes.SCALAR;
            return new Tensor(p.storage, shape);
        }
        int d = Shapes.wrapDim(dim, x.dim());
        requireNonEmptyDim(x, d, op);
        Tensor p = rowPositions(x, d, 1, largest, (row, n, out) -> out[0] = OrderKernels.argExtreme(row, n, largest));
        return keepdim || x.dim() == 0 ? p : new Tensor(p.storage, dropDim(x.shape, d));
    }

    // ---------------------------------------------------------------- amax / amin

    /** amax/amin over dims (all when null or empty); the gradient is split evenly among ties. */
    static Tensor amax(Tensor x, int[] dims, boolean keepdim, boolean largest) {
        String op = largest ? "amax" : "amin";
        ReduceDims r = ReduceDims.of(x, dims, keepdim);
        if (x.numel() == 0 && r.dims == null) {
            throw new IllegalArgumentException(op + "(): Expected reduction dim to be specified for input.numel() == 0. "
                    + "Specify the reduction dim with the 'dim' argument.");
        }
        int empty = r.firstEmptyDim(x);
        if (empty >= 0) {
            throw new IndexOutOfBoundsException(op + "(): Expected reduction dim " + empty + " to have non-zero size.");
        }
        Tensor kept = extremeKept(x, r, largest);
        Tensor out = new Tensor(kept.storage, r.outShape);
        if (!OpNode.shouldRecord(x)) {
            return out;
        }
        OpNode.BackwardRule rule = (node, g, s) -> {
            Tensor mask = s[0].eq(r.toKept(s[1])).to(g.dtype());
            return new Tensor[] {r.toKept(g).mul(mask).div(r.sumKept(mask))};
        };
        return OpNode.record(out, largest ? "AmaxBackward0" : "AminBackward0", rule, new Tensor[] {x}, x, out);
    }

    /** The extreme over the reduced dims, as a dense tensor of the kept shape (NaN propagates). */
    static Tensor extremeKept(Tensor x, ReduceDims r, boolean largest) {
        Tensor v = x.detach();
        for (int d : r.list()) {
            Tensor p = rowPositions(v, d, 1, largest, (row, n, out) -> out[0] = OrderKernels.argExtreme(row, n, largest));
            v = valuesAt(v, d, p);
        }
        return x.dim() == 0 ? new Tensor(Compute.dense(v), Shapes.SCALAR) : v;
    }

    // ---------------------------------------------------------------- sort / argsort / topk

    static ValuesAndIndices sort(Tensor x, int dim, boolean descending) {
        int d = Shapes.wrapDim(dim, x.dim());
        Tensor positions = sortedPositions(x, d, descending, dimSize(x, d));
        Tensor values = valuesAt(x, d, positions);
        return new ValuesAndIndices(recordSelecting(values, "SortBackward0", x, d, positions, false), positions);
    }

    static Tensor argsort(Tensor x, int dim, boolean descending) {
        int d = Shapes.wrapDim(dim, x.dim());
        return sortedPositions(x, d, descending, dimSize(x, d));
    }

    /** topk returns its k results sorted whatever {@code sorted} says (PyTorch leaves the order unspecified). */
    static ValuesAndIndices topk(Tensor x, long k, int dim, boolean largest) {
        int d = Shapes.wrapDim(dim, x.dim());
        requireNotBool(x, "topk");
        if (k < 0 || k > dimSize(x, d)) {
            throw new IllegalArgumentException("selected index k out of range");
        }
        Tensor positions = sortedPositions(x, d, largest, (int) k);
        Tensor values = valuesAt(x, d, positions);
        return new ValuesAndIndices(recordSelecting(values, "TopkBackward0", x, d, positions, false), positions);
    }

    /** The first {@code k} positions of a stable sort along d (NaN sorts as the largest value). */
    private static Tensor sortedPositions(Tensor x, int d, boolean descending, int k) {
        int n = dimSize(x, d);
        int[] order = new int[n];
        int[] buffer = new int[n];
        return rowPositions(x, d, k, true, (row, len, out) -> {
            OrderKernels.argsort(row, len, descending, order, buffer);
            System.arraycopy(order, 0, out, 0, k);
        });
    }

    // ---------------------------------------------------------------- median / mode

    static ValuesAndIndices medianAlong(Tensor x, int dim, boolean keepdim) {
        int d = Shapes.wrapDim(dim, x.dim());
        requireNotBool(x, "median");
        requireNonEmptyDim(x, d, "median");
        int n = dimSize(x, d);
        int[] order = new int[n];
        int[] buffer = new int[n];
        Tensor positions = rowPositions(x, d, 1, true, (row, len, out) -> out[0] = OrderKernels.median(row, len, order, buffer));
        return selectAlong(x, d, keepdim, "MedianBackward1", positions);
    }

    /** The lower median of all elements (NaN when empty or when any element is NaN); ties share the gradient. */
    static Tensor median(Tensor x) {
        requireNotBool(x, "median");
        Tensor out;
        if (x.numel() == 0) {
            // PyTorch's NaN; an integral median of nothing is the smallest long, as PyTorch prints it
            out = x.dtype() == DType.INT64 ? new Tensor(Storage.of(new long[] {Long.MIN_VALUE}), Shapes.SCALAR)
                    : Tensor.scalar(Double.NaN, x.dtype());
        } else {
            Tensor flat = x.detach().reshape(-1);
            int n = (int) x.numel();
            int[] order = new int[n];
            int[] buffer = new int[n];
            Tensor p = rowPositions(flat, 0, 1, true, (row, len, o) -> o[0] = OrderKernels.median(row, len, order, buffer));
            out = new Tensor(Compute.dense(valuesAt(flat, 0, p)), Shapes.SCALAR);
        }
        if (!OpNode.shouldRecord(x)) {
            return out;
        }
        OpNode.BackwardRule rule = (node, g, s) -> {
            Tensor mask = s[0].eq(s[1]).to(g.dtype());
            return new Tensor[] {mask.mul(g.div(mask.sum()))};
        };
        return OpNode.record(out, "MedianBackward0", rule, new Tensor[] {x}, x, out);
    }

    static ValuesAndIndices mode(Tensor x, int dim, boolean keepdim) {
        int d = Shapes.wrapDim(dim, x.dim());
        requireNonEmptyDim(x, d, "mode");
        int n = dimSize(x, d);
        int[] order = new int[n];
        int[] buffer = new int[n];
        Tensor positions = rowPositions(x, d, 1, true, (row, len, out) -> out[0] = OrderKernels.mode(row, len, order, buffer));
        return selectAlong(x, d, keepdim, "ModeBackward0", positions);
    }

    // ---------------------------------------------------------------- cummax / cummin

    static ValuesAndIndices cumExtreme(Tensor x, int dim, boolean largest) {
        int d = Shapes.wrapDim(dim, x.dim());
        int n = dimSize(x, d);
        int[] running = new int[n];
        Tensor positions = rowPositions(x, d, n, largest, (row, len, out) -> {
            OrderKernels.cumArgExtreme(row, len, largest, running);
            System.arraycopy(running, 0, out, 0, len);
        });
        Tensor values = valuesAt(x, d, positions);
        String name = largest ? "CummaxBackward0" : "CumminBackward0";
        return new ValuesAndIndices(recordSelecting(values, name, x, d, positions, false), positions);
    }

    // ---------------------------------------------------------------- helpers

    private static int dimSize(Tensor x, int d) {
        return x.dim() == 0 ? 1 : x.shape[d];
    }

    private static void requireNonEmptyDim(Tensor x, int d, String op) {
        if (x.dim() > 0 && x.shape[d] == 0) {
            throw new IndexOutOfBoundsException(op + "(): Expected reduction dim " + d + " to have non-zero size.");
        }
    }

    private static void requireNotBool(Tensor x, String op) {
        if (x.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("\"" + op + "_cpu\" not implemented for 'Bool'");
        }
    }

    private static int[] dropDim(int[] shape, int d) {
        int[] out = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != d) {
                out[j++] = shape[i];
            }
        }
        return out;
    }

    private static int[] ones(int rank) {
        int[] out = new int[rank];
        java.util.Arrays.fill(out, 1);
        return out;
    }
}
