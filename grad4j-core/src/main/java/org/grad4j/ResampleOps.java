package org.grad4j;

/**
 * Padding and resampling of the trailing (spatial) dims: constant_pad_nd (ConstantPadNdBackward0)
 * and the ops that are a fixed linear map along each of the last one or two dims, {@code y = R x C^T}
 * with R (out_h x h) and C (out_w x w): reflection and replication padding, adaptive average
 * pooling, nearest and bilinear upsampling. Their gradient is the transposed map {@code R^T g C},
 * itself differentiable, so every derivative order works.
 */
final class ResampleOps {
    private ResampleOps() {
    }

    /**
     * constant_pad_nd: {@code pad} holds (before, after) pairs starting from the last dim; negative
     * entries crop. The gradient is the input-sized crop of g, i.e. the opposite padding.
     */
    static Tensor constantPad(Tensor x, long[] pad, double value) {
        long[] outShape = x.shape();
        for (int i = 0; i < pad.length / 2; i++) {
            int d = x.dim() - 1 - i;
            outShape[d] += pad[2 * i] + pad[2 * i + 1];
        }
        long[] opposite = new long[pad.length];
        for (int i = 0; i < pad.length; i++) {
            opposite[i] = -pad[i];
        }
        OpNode.BackwardRule rule = (node, g, s) -> new Tensor[] {constantPad(g, opposite, 0.0)};
        return Composite.op("ConstantPadNdBackward0", () -> {
            Tensor out = Tensor.full(value, outShape, x.dtype());
            Tensor target = out;
            Tensor source = x;
            for (int i = 0; i < pad.length / 2; i++) {
                int d = x.dim() - 1 - i;
                long before = pad[2 * i];
                long after = pad[2 * i + 1];
                long kept = x.size(d) - Math.max(0, -before) - Math.max(0, -after);
                source = source.narrow(d, Math.max(0, -before), Math.max(0, kept));
                target = target.narrow(d, Math.max(0, before), Math.max(0, kept));
            }
            target.copy_(source);
            return out;
        }, rule, new Tensor[] {x});
    }

    /**
     * {@code y = R x C^T} over the last two dims (R null: the last dim only, C null: the
     * second-to-last only), recorded as {@code name}.
     */
    static Tensor separable(String name, Tensor x, Tensor rows, Tensor cols) {
        Tensor r = rows == null ? null : rows.to(x.dtype());
        Tensor c = cols == null ? null : cols.to(x.dtype());
        OpNode.BackwardRule rule = (node, g, s) -> new Tensor[] {apply(g, r == null ? null : r.t(), c == null ? null : c.t())};
        return Composite.op(name, () -> apply(x, r, c), rule, new Tensor[] {x});
    }

    private static Tensor apply(Tensor x, Tensor rows, Tensor cols) {
        Tensor y = cols == null ? x : x.matmul(cols.t());
        return rows == null ? y : y.transpose(-1, -2).matmul(rows.t()).transpose(-1, -2);
    }

    /** The (in + before + after) x in matrix that reads each padded position from a reflected or clamped one. */
    static Tensor padMatrix(long in, long before, long after, boolean reflect) {
        int n = (int) in;
        int out = (int) (in + before + after);
        double[] m = new double[out * n];
        for (int j = 0; j < out; j++) {
            long src = j - before;
            if (reflect) {
                src = src < 0 ? -src : src >= n ? 2L * (n - 1) - src : src;
            } else {
                src = Math.min(Math.max(src, 0), n - 1);
            }
            m[j * n + (int) src] = 1;
        }
        return matrix(m, out, n);
    }

    /** adaptive_avg_pool's out x in averaging matrix: row i averages [floor(i in / out), ceil((i + 1) in / out)). */
    static Tensor adaptiveAverageMatrix(long in, long out) {
        int n = (int) in;
        double[] m = new double[(int) out * n];
        for (int i = 0; i < out; i++) {
            int start = (int) Math.floorDiv(i * in, out);
            int end = (int) -Math.floorDiv(-(i + 1) * in, out);
            for (int j = start; j < end; j++) {
                m[i * n + j] = 1.0 / (end - start);
            }
        }
        return matrix(m, (int) out, n);
    }

    /**
     * upsample_nearest's out x in selection matrix: {@code src = min(floor(dst scale), in - 1)} in
     * float arithmetic, as ATen's nearest_idx computes it; scale is 1 / scaleFactor when one was
     * given, else in / out.
     */
    static Tensor nearestMatrix(long in, long out, Double scaleFactor) {
        int n = (int) in;
        double[] m = new double[(int) out * n];
        float scale = scaleFactor != null && scaleFactor > 0 ? (float) (1.0 / scaleFactor) : (float) in / out;
        for (int dst = 0; dst < out; dst++) {
            long src;
            if (out == in) {
                src = dst;
            } else if (out == 2 * in) {
                src = dst >> 1;
            } else {
                src = Math.min((long) Math.floor((float) (dst * scale)), in - 1);
            }
            m[dst * n + (int) src] = 1;
        }
        return matrix(m, (int) out, n);
    }

    /** upsample_bilinear's out x in interpolation matrix along one dim (ATen's area_pixel_compute_source_index). */
    static Tensor linearMatrix(long in, long out, boolean alignCorners, Double scaleFactor) {
        int n = (int) in;
        double[] m = new double[(int) out * n];
        double scale;
        if (alignCorners) {
            scale = out > 1 ? (double) (in - 1) / (out - 1) : 0;
        } else {
            scale = scaleFactor != null && scaleFactor > 0 ? 1.0 / scaleFactor : (double) in / out;
        }
        for (int dst = 0; dst < out; dst++) {
            double src = alignCorners ? scale * dst : Math.max(scale * (dst + 0.5) - 0.5, 0);
            int low = (int) src;
            int step = low < n - 1 ? 1 : 0;
            double upperWeight = src - low;
            m[dst * n + low] += 1 - upperWeight;
            m[dst * n + low + step] += upperWeight;
        }
        return matrix(m, (int) out, n);
    }

    private static Tensor matrix(double[] values, int rows, int cols) {
        return Tensor.of(values, DType.FLOAT64).reshape(rows, cols);
    }
}
