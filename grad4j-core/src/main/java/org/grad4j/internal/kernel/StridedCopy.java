package org.grad4j.internal.kernel;

import org.grad4j.DType;
import org.grad4j.internal.tensor.Shapes;
import org.grad4j.internal.tensor.Storage;

/**
 * Moves elements between strided layouts of one dtype, and converts dense arrays between dtypes.
 * Dimensions are merged first (size-1 dims dropped, adjacent dims that are contiguous in both
 * operands fused), so most copies become one flat loop over rows.
 */
public final class StridedCopy {
    private StridedCopy() {
    }

    /** A dense, offset-0 copy of a strided tensor. */
    public static Storage gather(Storage src, int[] shape, int[] strides, int offset) {
        Storage out = Storage.allocate(src.dtype(), Shapes.numel(shape));
        copy(src, strides, offset, out, Shapes.contiguousStrides(shape), 0, shape);
        return out;
    }

    /** Copies every element of a strided source into a strided destination of the same dtype and shape. */
    public static void copy(Storage src, int[] srcStrides, int srcOffset, Storage dst, int[] dstStrides, int dstOffset,
                            int[] shape) {
        if (Shapes.numel(shape) == 0) {
            return;
        }
        Geometry g = Geometry.merge(shape, srcStrides, dstStrides);
        int rank = g.shape.length;
        int rowLength = rank == 0 ? 1 : g.shape[rank - 1];
        int srcStep = rank == 0 ? 0 : g.strideA[rank - 1];
        int dstStep = rank == 0 ? 0 : g.strideB[rank - 1];
        if (rank == 2 && srcStep != 1 && g.strideA[0] == 1) {
            transposeInTiles(src, srcOffset, g.strideA[0], srcStep, dst, dstOffset, g.strideB[0], dstStep,
                    g.shape[0], rowLength);
            return;
        }
        int[] counter = new int[Math.max(rank - 1, 0)];
        int s = srcOffset;
        int d = dstOffset;
        while (true) {
            copyRow(src, s, srcStep, dst, d, dstStep, rowLength);
            int dim = rank - 2;
            while (dim >= 0) {
                counter[dim]++;
                s += g.strideA[dim];
                d += g.strideB[dim];
                if (counter[dim] < g.shape[dim]) {
                    break;
                }
                s -= g.strideA[dim] * g.shape[dim];
                d -= g.strideB[dim] * g.shape[dim];
                counter[dim] = 0;
                dim--;
            }
            if (dim < 0) {
                return;
            }
        }
    }

    /** Rows and columns of a tile of transposeInTiles: 16 x 16 elements, a few KiB of each side. */
    private static final int TILE = 16;

    /**
     * A 2-D copy whose source runs along the other dimension (a transpose, such as a weight's
     * gradient {@code (x^T g)^T} accumulated into a row-major {@code .grad}): row by row it would read
     * one element per cache line; in TILE x TILE tiles each cache line read is used TILE times.
     */
    private static void transposeInTiles(Storage src, int srcOffset, int srcRowStride, int srcStep, Storage dst,
                                         int dstOffset, int dstRowStride, int dstStep, int rows, int cols) {
        for (int r0 = 0; r0 < rows; r0 += TILE) {
            int r1 = Math.min(r0 + TILE, rows);
            for (int c0 = 0; c0 < cols; c0 += TILE) {
                int n = Math.min(TILE, cols - c0);
                for (int r = r0; r < r1; r++) {
                    copyRow(src, srcOffset + r * srcRowStride + c0 * srcStep, srcStep,
                            dst, dstOffset + r * dstRowStride + c0 * dstStep, dstStep, n);
                }
            }
        }
    }

    private static void copyRow(Storage src, int s, int sStep, Storage dst, int d, int dStep, int n) {
        if (sStep == 1 && dStep == 1) {
            System.arraycopy(arrayOf(src), s, arrayOf(dst), d, n);
            return;
        }
        switch (src.dtype()) {
            case FLOAT32: {
                float[] a = src.floats();
                float[] b = dst.floats();
                for (int i = 0; i < n; i++) b[d + i * dStep] = a[s + i * sStep];
                break;
            }
            case FLOAT64: {
                double[] a = src.doubles();
                double[] b = dst.doubles();
                for (int i = 0; i < n; i++) b[d + i * dStep] = a[s + i * sStep];
                break;
            }
            case INT64: {
                long[] a = src.longs();
                long[] b = dst.longs();
                for (int i = 0; i < n; i++) b[d + i * dStep] = a[s + i * sStep];
                break;
            }
            default: {
                boolean[] a = src.bools();
                boolean[] b = dst.bools();
                for (int i = 0; i < n; i++) b[d + i * dStep] = a[s + i * sStep];
                break;
            }
        }
    }

    private static Object arrayOf(Storage s) {
        switch (s.dtype()) {
            case FLOAT32: return s.floats();
            case FLOAT64: return s.doubles();
            case INT64: return s.longs();
            default: return s.bools();
        }
    }

    /** Converts the first n elements of a dense storage to another dtype (float to int truncates, as C casts). */
    public static Storage cast(Storage src, int n, DType to) {
        if (src.dtype() == to) {
            return src;
        }
        if (src.dtype() == DType.INT64 && to == DType.FLOAT64) {
            long[] a = src.longs();
            double[] out = new double[n];
            for (int i = 0; i < n; i++) out[i] = a[i];
            return Storage.of(out);
        }
        Storage out = Storage.allocate(to, n);
        switch (to) {
            case FLOAT32: {
                float[] b = out.floats();
                for (int i = 0; i < n; i++) b[i] = (float) src.getAsDouble(i);
                break;
            }
            case FLOAT64: {
                double[] b = out.doubles();
                for (int i = 0; i < n; i++) b[i] = src.getAsDouble(i);
                break;
            }
            case INT64: {
                long[] b = out.longs();
                for (int i = 0; i < n; i++) b[i] = (long) src.getAsDouble(i);
                break;
            }
            default: {
                boolean[] b = out.bools();
                for (int i = 0; i < n; i++) b[i] = src.getAsDouble(i) != 0;
                break;
            }
        }
        return out;
    }

    /** Shape with two operands' strides after dropping size-1 dims and fusing contiguous neighbours. */
    static final class Geometry {
        final int[] shape;
        final int[] strideA;
        final int[] strideB;

        private Geometry(int[] shape, int[] strideA, int[] strideB) {
            this.shape = shape;
            this.strideA = strideA;
            this.strideB = strideB;
        }

        static Geometry merge(int[] shape, int[] strideA, int[] strideB) {
            int[] s = new int[shape.length];
            int[] a = new int[shape.length];
            int[] b = new int[shape.length];
            int rank = 0;
            for (int d = 0; d < shape.length; d++) {
                if (shape[d] == 1) {
                    continue;
                }
                boolean fuses = rank > 0 && a[rank - 1] == strideA[d] * shape[d] && b[rank - 1] == strideB[d] * shape[d];
                if (fuses) {
                    s[rank - 1] *= shape[d];
                    a[rank - 1] = strideA[d];
                    b[rank - 1] = strideB[d];
                } else {
                    s[rank] = shape[d];
                    a[rank] = strideA[d];
                    b[rank] = strideB[d];
                    rank++;
                }
            }
            return new Geometry(java.util.Arrays.copyOf(s, rank), java.util.Arrays.copyOf(a, rank),
                    java.util.Arrays.copyOf(b, rank));
        }
    }
}
