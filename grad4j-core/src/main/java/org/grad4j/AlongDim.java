package org.grad4j;

import org.grad4j.internal.tensor.Shapes;
import org.grad4j.internal.tensor.Storage;

/**
 * A dense tensor seen as rows along one dim: {@code outer} blocks of {@code length} x {@code inner}
 * elements, row r starting at {@code (r / inner) * length * inner + r % inner} with stride {@code inner}.
 * Also holds the differentiable gather / scatter-add pair along a dim that the backward rules of
 * index-returning ops (max(dim), sort, topk, median, mode, cummax) are written with: each is the
 * other's gradient, so double backward works.
 */
final class AlongDim {
    final int outer;
    final int length;
    final int inner;

    AlongDim(int[] shape, int dim) {
        int o = 1;
        for (int d = 0; d < dim; d++) {
            o *= shape[d];
        }
        int in = 1;
        for (int d = dim + 1; d < shape.length; d++) {
            in *= shape[d];
        }
        outer = o;
        length = shape.length == 0 ? 1 : shape[dim];
        inner = in;
    }

    int rows() {
        return outer * inner;
    }

    int start(int row) {
        return (row / inner) * length * inner + row % inner;
    }

    /** {@code x.gather(dim, index)} for an index of x's shape except along dim; records GatherBackward0. */
    static Tensor gather(Tensor x, int dim, Tensor index) {
        Tensor out = new Tensor(gatherData(Compute.dense(x), x.shape, dim, Compute.dense(index).longs(), index.shape),
                index.shape);
        if (!OpNode.shouldRecord(x)) {
            return out;
        }
        int[] shape = x.shape;
        return OpNode.record(out, "GatherBackward0",
                (node, g, s) -> new Tensor[] {scatterAdd(shape, dim, s[0], g)}, new Tensor[] {x}, index);
    }

    /** Zeros of {@code shape} with {@code src} added at {@code index} along dim; records ScatterAddBackward0. */
    static Tensor scatterAdd(int[] shape, int dim, Tensor index, Tensor src) {
        Storage data = Storage.allocate(src.dtype(), Shapes.numel(shape));
        AlongDim target = new AlongDim(shape, dim);
        int k = index.shape.length == 0 ? 1 : index.shape[dim];
        long[] idx = Compute.dense(index).longs();
        Storage from = Compute.dense(src);
        int n = idx.length;
        for (int p = 0; p < n; p++) {
            int o = p / (k * target.inner);
            int i = p % target.inner;
            int at = (o * target.length + (int) idx[p]) * target.inner + i;
            switch (data.dtype()) {
                case FLOAT32: data.floats()[at] += from.floats()[p]; break;
                case FLOAT64: data.doubles()[at] += from.doubles()[p]; break;
                default: throw new IllegalArgumentException("scatter_add(): expected a floating point source");
            }
        }
        Tensor out = new Tensor(data, shape);
        if (!OpNode.shouldRecord(src)) {
            return out;
        }
        return OpNode.record(out, "ScatterAddBackward0",
                (node, g, s) -> new Tensor[] {gather(g, dim, s[0])}, new Tensor[] {src}, index);
    }

    /** out[o, j, i] = x[o, index[o, j, i], i] over dense arrays. */
    private static Storage gatherData(Storage x, int[] xShape, int dim, long[] index, int[] indexShape) {
        AlongDim source = new AlongDim(xShape, dim);
        int k = indexShape.length == 0 ? 1 : indexShape[dim];
        int n = index.length;
        Storage out = Storage.allocate(x.dtype(), n);
        int block = k * source.inner;
        switch (x.dtype()) {
            case FLOAT32: {
                float[] a = x.floats();
                float[] b = out.floats();
                for (int p = 0; p < n; p++) {
                    b[p] = a[((p / block) * source.length + (int) index[p]) * source.inner + p % source.inner];
                }
                break;
            }
            case FLOAT64: {
                double[] a = x.doubles();
                double[] b = out.doubles();
                for (int p = 0; p < n; p++) {
                    b[p] = a[((p / block) * source.length + (int) index[p]) * source.inner + p % source.inner];
                }
                break;
            }
            case INT64: {
                long[] a = x.longs();
                long[] b = out.longs();
                for (int p = 0; p < n; p++) {
                    b[p] = a[((p / block) * source.length + (int) index[p]) * source.inner + p % source.inner];
                }
                break;
            }
            default: {
                boolean[] a = x.bools();
                boolean[] b = out.bools();
                for (int p = 0; p < n; p++) {
                    b[p] = a[((p / block) * source.length + (int) index[p]) * source.inner + p % source.inner];
                }
                break;
            }
        }
        return out;
    }
}
