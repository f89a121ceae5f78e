package org.grad4j;

import org.grad4j.internal.tensor.Shapes;

/**
 * The forward pass of the norm-like reductions of {@link NormOps} (vector norms, amax, amin):
 * the kept dims are moved to the front, the reduced ones to the back, and each row of the dense
 * float64 copy is reduced by one plain loop; the result takes the input's dtype.
 */
final class RowReduction {
    /** What a row reduces to. */
    enum Kind {
        SUM_ABS, SUM_SQUARES_SQRT, MAX_ABS, MIN_ABS, COUNT_NONZERO, POWER_SUM, MAX, MIN;

        /** The kind that computes the vector norm of order ord. */
        static Kind forNorm(double ord) {
            if (ord == 1) {
                return SUM_ABS;
            }
            if (ord == 2) {
                return SUM_SQUARES_SQRT;
            }
            if (ord == 0) {
                return COUNT_NONZERO;
            }
            if (ord == Double.POSITIVE_INFINITY) {
                return MAX_ABS;
            }
            if (ord == Double.NEGATIVE_INFINITY) {
                return MIN_ABS;
            }
            return POWER_SUM;
        }
    }

    private RowReduction() {
    }

    /** Reduces x over the dims flagged in reduced; p is the order for POWER_SUM. */
    static Tensor reduce(Tensor x, boolean[] reduced, boolean keepdim, Kind kind, double p) {
        int rank = x.dim();
        int[] perm = new int[rank];
        int at = 0;
        int keptCount = 0;
        for (int d = 0; d < rank; d++) {
            if (!reduced[d]) {
                perm[at++] = d;
                keptCount++;
            }
        }
        for (int d = 0; d < rank; d++) {
            if (reduced[d]) {
                perm[at++] = d;
            }
        }
        int[] shape = new int[rank];
        int[] strides = new int[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = x.shape[perm[i]];
            strides[i] = x.strides[perm[i]];
        }
        Tensor moved = new Tensor(x.storage, shape, strides, x.offset, null);
        double[] values = Compute.denseAs(moved, shape, DType.FLOAT64).doubles();
        int rows = 1;
        for (int i = 0; i < keptCount; i++) {
            rows *= shape[i];
        }
        int length = rows == 0 ? 0 : Shapes.numel(shape) / rows;
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            out[r] = reduceRow(values, r * length, length, kind, p);
        }
        int[] outShape = new int[keepdim ? rank : keptCount];
        for (int d = 0, j = 0; d < rank; d++) {
            if (keepdim) {
                outShape[d] = reduced[d] ? 1 : x.shape[d];
            } else if (!reduced[d]) {
                outShape[j++] = x.shape[d];
            }
        }
        return Factories.fromDoubles(out, outShape, x.dtype());
    }

    private static double reduceRow(double[] v, int from, int length, Kind kind, double p) {
        int end = from + length;
        double acc;
        switch (kind) {
            case SUM_ABS:
                acc = 0;
                for (int i = from; i < end; i++) acc += Math.abs(v[i]);
                return acc;
            case SUM_SQUARES_SQRT:
                acc = 0;
                for (int i = from; i < end; i++) acc += v[i] * v[i];
                return Math.sqrt(acc);
            case COUNT_NONZERO:
                acc = 0;
                for (int i = from; i < end; i++) acc += v[i] != 0 ? 1 : 0;
                return acc;
            case POWER_SUM:
                acc = 0;
                for (int i = from; i < end; i++) acc += Math.pow(Math.abs(v[i]), p);
                return Math.pow(acc, 1.0 / p);
            case MAX_ABS:
                acc = Double.NEGATIVE_INFINITY;
                for (int i = from; i < end; i++) acc = Math.max(acc, Math.abs(v[i]));
                return acc;
            case MIN_ABS:
                acc = Double.POSITIVE_INFINITY;
                for (int i = from; i < end; i++) acc = Math.min(acc, Math.abs(v[i]));
                return acc;
            case MAX:
                acc = Double.NEGATIVE_INFINITY;
                for (int i = from; i < end; i++) acc = Math.max(acc, v[i]);
                return acc;
            default:
                acc = Double.POSITIVE_INFINITY;
                for (int i = from; i < end; i++) acc = Math.min(acc, v[i]);
                return acc;
        }
    }
}
