package org.grad4j;

import org.grad4j.internal.kernel.ReduceKernels;
import org.grad4j.internal.tensor.Shapes;
import org.grad4j.internal.tensor.Storage;

/**
 * Sums over dims that lie above contiguous kept dims ({@code x.sum(0)} of a matrix, the bias
 * gradient that sumToSize takes over the batch) straight from the input's rows, instead of copying
 * the input transposed so that each output's elements are adjacent. Each output gets the same
 * bits as that copy would (see ReduceKernels.sumColumns).
 */
final class ColumnSums {
    private ColumnSums() {
    }

    /**
     * The sums of floating contiguous {@code x} over the {@code reduced} dims, in output order, or
     * null when the layout is not (kept outer dims, reduced dims, kept inner dims) with inner dims
     * present, or the column is long enough to be summed in blocks.
     */
    static Storage sum(Tensor x, boolean[] reduced) {
        if (!x.dtype().isFloatingPoint() || Shapes.numel(x.shape) == 0 || !Shapes.isContiguous(x.shape, x.strides)) {
            return null;
        }
        int first = -1;
        int last = -1;
        for (int d = 0; d < reduced.length; d++) {
            if (reduced[d] && x.shape[d] != 1) {
                first = first < 0 ? d : first;
                last = d;
            }
        }
        if (first < 0) {
            return null;
        }
        int outer = 1;
        int rows = 1;
        int cols = 1;
        for (int d = 0; d < reduced.length; d++) {
            if (d < first) {
                outer *= x.shape[d];
            } else if (d > last) {
                cols *= x.shape[d];
            } else if (reduced[d] || x.shape[d] == 1) {
                rows *= x.shape[d];
            } else {
                return null; // a kept dim between reduced ones
            }
        }
        if (cols == 1 || rows >= ReduceKernels.BLOCKED_FROM) {
            return null;
        }
        Storage out = Storage.allocate(x.dtype(), outer * cols);
        double[] sums = x.dtype() == DType.FLOAT64 ? out.doubles() : new double[outer * cols];
        for (int o = 0; o < outer; o++) {
            int from = x.offset + o * rows * cols;
            if (x.dtype() == DType.FLOAT64) {
                ReduceKernels.sumColumns(x.storage.doubles(), from, rows, cols, sums, o * cols);
            } else {
                ReduceKernels.sumColumns(x.storage.floats(), from, rows, cols, sums, o * cols);
            }
        }
        if (x.dtype() == DType.FLOAT32) {
            float[] floats = out.floats();
            for (int i = 0; i < sums.length; i++) {
                floats[i] = (float) sums[i];
            }
        }
        return out;
    }
}
