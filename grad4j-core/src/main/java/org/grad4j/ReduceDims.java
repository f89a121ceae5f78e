package org.grad4j;

import java.util.Arrays;
import org.grad4j.internal.tensor.Shapes;

/** Which dims a multi-dim reduction removes, and the shapes before and after (keepdim or not). */
final class ReduceDims {
    /** reduced[d] is true when dim d is reduced. */
    final boolean[] reduced;
    /** The dims as given (wrapped), or null for "all dims". */
    final int[] dims;
    /** Number of elements each output element reduces. */
    final long count;
    final int[] keptShape;
    final int[] outShape;

    private ReduceDims(boolean[] reduced, int[] dims, long count, int[] keptShape, int[] outShape) {
        this.reduced = reduced;
        this.dims = dims;
        this.count = count;
        this.keptShape = keptShape;
        this.outShape = outShape;
    }

    /** {@code dims} null or empty means every dim, as PyTorch's {@code dim=None} / {@code dim=()}. */
    static ReduceDims of(Tensor x, int[] dims, boolean keepdim) {
        int rank = x.dim();
        boolean[] reduced = new boolean[rank];
        int[] wrapped = null;
        if (dims == null || dims.length == 0) {
            Arrays.fill(reduced, true);
        } else {
            wrapped = new int[dims.length];
            for (int i = 0; i < dims.length; i++) {
                int d = Shapes.wrapDim(dims[i], rank);
                wrapped[i] = d;
                if (rank == 0) {
                    continue;
                }
                if (reduced[d]) {
                    throw new IllegalArgumentException("dim " + d + " appears multiple times in the list of dims");
                }
                reduced[d] = true;
            }
        }
        long count = 1;
        int[] kept = x.shape.clone();
        int[] out = new int[rank];
        int outRank = 0;
        for (int d = 0; d < rank; d++) {
            if (reduced[d]) {
                count *= x.shape[d];
                kept[d] = 1;
                if (keepdim) {
                    out[outRank++] = 1;
                }
            } else {
                out[outRank++] = x.shape[d];
            }
        }
        return new ReduceDims(reduced, wrapped, count, kept, Arrays.copyOf(out, outRank));
    }

    /** The first reduced dim whose size is 0, or -1. */
    int firstEmptyDim(Tensor x) {
        for (int d = 0; d < reduced.length; d++) {
            if (reduced[d] && x.shape[d] == 0) {
                return d;
            }
        }
        return -1;
    }

    /** The reduced dims in ascending order (every dim for "all"). */
    int[] list() {
        int[] out = new int[reduced.length];
        int n = 0;
        for (int d = 0; d < reduced.length; d++) {
            if (reduced[d]) {
                out[n++] = d;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** A result of the kept shape (size 1 at reduced dims) viewed with the output shape. */
    Tensor toOut(Tensor kept) {
        return Arrays.equals(kept.shape, outShape) ? kept : kept.reshape(Shapes.toLongs(outShape));
    }

    /** An output-shaped tensor (e.g. the incoming gradient) viewed with size 1 at the reduced dims. */
    Tensor toKept(Tensor out) {
        return Arrays.equals(out.shape, keptShape) ? out : out.reshape(Shapes.toLongs(keptShape));
    }

    /** {@code t.sum(dims, keepdim=True)} over these dims (differentiable). */
    Tensor sumKept(Tensor t) {
        int[] all = list();
        if (all.length == 0) {
            return t;
        }
        return t.sum(all, true);
    }
}
