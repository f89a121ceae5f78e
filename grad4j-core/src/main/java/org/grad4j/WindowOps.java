package org.grad4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sliding-window ops over the last two dims of an (N, C, H, W) tensor: convolution
 * (ConvolutionBackward0, as im2col + matmul), max pooling (MaxPool2DWithIndicesBackward0) and
 * average pooling (AvgPool2DBackward0). {@link #windows} gathers every window position into a
 * (N, C, kh*kw, out_h, out_w) tensor with differentiable slicing; {@link #fold} is its adjoint,
 * adding window entries back where they came from. Backward rules are written with these two and
 * matmul, so second derivatives work.
 */
final class WindowOps {
    private WindowOps() {
    }

    /** Kernel, stride, padding and dilation per spatial dim (index 0: height, 1: width) and the output size. */
    record Geometry(long[] kernel, long[] stride, long[] padding, long[] dilation, long[] out) {
        long windowSize() {
            return kernel[0] * kernel[1];
        }

        /** The input extent that the last window reaches, padding included. */
        long reach(int d) {
            return (out[d] - 1) * stride[d] + (kernel[d] - 1) * dilation[d] + 1;
        }
    }

    /** The windows of x (N, C, H, W), padded with {@code padValue}, as (N, C, kh*kw, out_h, out_w). */
    static Tensor windows(Tensor x, Geometry geo, double padValue) {
        long extraH = Math.max(0, geo.reach(0) - x.size(2) - 2 * geo.padding()[0]);
        long extraW = Math.max(0, geo.reach(1) - x.size(3) - 2 * geo.padding()[1]);
        long[] pad = {geo.padding()[1], geo.padding()[1] + extraW, geo.padding()[0], geo.padding()[0] + extraH};
        Tensor padded = Arrays.stream(pad).allMatch(p -> p == 0) ? x : ResampleOps.constantPad(x, pad, padValue);
        List<Tensor> taps = new ArrayList<>();
        for (long i = 0; i < geo.kernel()[0]; i++) {
            long top = i * geo.dilation()[0];
            Tensor rows = padded.slice(2, top, top + (geo.out()[0] - 1) * geo.stride()[0] + 1, geo.stride()[0]);
            for (long j = 0; j < geo.kernel()[1]; j++) {
                long left = j * geo.dilation()[1];
                taps.add(rows.slice(3, left, left + (geo.out()[1] - 1) * geo.stride()[1] + 1, geo.stride()[1]));
            }
        }
        return Tensor.stack(taps, 2);
    }

    /** The adjoint of {@link #windows}: sums (N, C, kh*kw, out_h, out_w) entries back into an (N, C, H, W) tensor. */
    static Tensor fold(Tensor columns, Geometry geo, long height, long width) {
        OpNode.BackwardRule rule = (node, g, s) -> new Tensor[] {windows(g, geo, 0.0)};
        return Composite.op("Col2ImBackward0", () -> {
            long ph = geo.padding()[0];
            long pw = geo.padding()[1];
            long[] paddedShape = {columns.size(0), columns.size(1), Math.max(height + 2 * ph, geo.reach(0)),
                Math.max(width + 2 * pw, geo.reach(1))};
            Tensor padded = Tensor.zeros(paddedShape, columns.dtype());
            int k = 0;
            for (long i = 0; i < geo.kernel()[0]; i++) {
                long top = i * geo.dilation()[0];
                Tensor rows = padded.slice(2, top, top + (geo.out()[0] - 1) * geo.stride()[0] + 1, geo.stride()[0]);
                for (long j = 0; j < geo.kernel()[1]; j++) {
                    long left = j * geo.dilation()[1];
                    rows.slice(3, left, left + (geo.out()[1] - 1) * geo.stride()[1] + 1, geo.stride()[1])
                            .add_(columns.select(2, k++));
                }
            }
            return padded.narrow(2, ph, height).narrow(3, pw, width);
        }, rule, new Tensor[] {columns});
    }

    /** Views a 3-D (1-d convolution) tensor as 4-D with height 1; 4-D tensors pass through. */
    private static Tensor as4d(Tensor t, boolean oneDimensional) {
        return oneDimensional ? t.unsqueeze(2) : t;
    }

    private static Tensor from4d(Tensor t, boolean oneDimensional) {
        return oneDimensional ? t.squeeze(2) : t;
    }

    /**
     * convolution of a batched input (N, C, L) or (N, C, H, W) with weight (O, C / groups, k...) and
     * an optional bias (O); {@code geo} is in 2-D form (height 1 for 1-d convolutions).
     */
    static Tensor convolution(Tensor x, Tensor weight, Tensor bias, Geometry geo, long groups) {
        boolean oneDimensional = x.dim() == 3;
        long n = x.size(0);
        long channels = x.size(1);
        long outChannels = weight.size(0);
        long positions = geo.out()[0] * geo.out()[1];
        long[] columnShape = {n, groups, channels / groups * geo.windowSize(), positions};
        long[] groupedWeight = {groups, outChannels / groups, channels / groups * geo.windowSize()};
        long[] outShape = {n, outChannels, geo.out()[0], geo.out()[1]};
        long height = oneDimensional ? 1 : x.size(2);
        long width = x.size(-1);
        long[] weightShape = weight.shape();
        OpNode.BackwardRule rule = (node, g, s) -> {
            Tensor grouped = as4d(g, oneDimensional).reshape(n, groups, outChannels / groups, positions);
            Tensor gx = null;
            Tensor gw = null;
            Tensor gb = null;
            if (node.needs(0)) {
                Tensor columns = s[1].reshape(groupedWeight).transpose(-1, -2).matmul(grouped);
                Tensor folded = fold(columns.reshape(n, channels, geo.windowSize(), geo.out()[0], geo.out()[1]), geo,
                        height, width);
                gx = from4d(folded, oneDimensional);
            }
            if (node.needs(1)) {
                Tensor columns = windows(as4d(s[0], oneDimensional), geo, 0.0).reshape(columnShape);
                gw = grouped.matmul(columns.transpose(-1, -2)).sum(0).reshape(weightShape);
            }
            if (node.needs(2)) {
                gb = oneDimensional ? g.sum(new int[] {0, 2}, false) : g.sum(new int[] {0, 2, 3}, false);
            }
            return new Tensor[] {gx, gw, gb};
        };
        Tensor[] inputs = {x, weight, bias};
        return Composite.op("ConvolutionBackward0", () -> {
            Tensor columns = windows(as4d(x, oneDimensional), geo, 0.0).reshape(columnShape);
            Tensor out = weight.reshape(groupedWeight).matmul(columns).reshape(outShape);
            if (bias != null) {
                out = out.add(bias.view(1, outChannels, 1, 1));
            }
            return from4d(out, oneDimensional);
        }, rule, inputs, OpNode.differentiable(weight) ? x : null, OpNode.differentiable(x) ? weight : null);
    }

    /**
     * ATen's pooling output size: {@code floor((in + 2 pad - dilation (kernel - 1) - 1 [+ stride - 1]) / stride) + 1},
     * the bracket with ceilMode, where the last window must still start inside the input or its left padding.
     */
    static long poolingOutputSize(long in, long kernel, long pad, long stride, long dilation, boolean ceilMode) {
        long out = Math.floorDiv(in + 2 * pad - dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0), stride) + 1;
        if (ceilMode && (out - 1) * stride >= in + pad) {
            out--;
        }
        return out;
    }

    /**
     * avg_pool2d's divisor for each output position (out_h, out_w): the divisor override if given,
     * else the window's area clipped to the padded input (countIncludePad) or to the input itself.
     */
    static Tensor averageDivisors(Geometry geo, long height, long width, boolean countIncludePad, Long divisorOverride) {
        int outH = (int) geo.out()[0];
        int outW = (int) geo.out()[1];
        double[] divisors = new double[outH * outW];
        for (int i = 0; i < outH; i++) {
            long top = i * geo.stride()[0] - geo.padding()[0];
            long bottom = Math.min(top + geo.kernel()[0], height + geo.padding()[0]);
            for (int j = 0; j < outW; j++) {
                long left = j * geo.stride()[1] - geo.padding()[1];
                long right = Math.min(left + geo.kernel()[1], width + geo.padding()[1]);
                long area = (bottom - top) * (right - left);
                long inside = (Math.min(bottom, height) - Math.max(top, 0)) * (Math.min(right, width) - Math.max(left, 0));
                divisors[i * outW + j] = divisorOverride != null ? divisorOverride : countIncludePad ? area : inside;
            }
        }
        return Tensor.of(divisors, DType.FLOAT64).reshape(outH, outW);
    }

    /** Views an unbatched (C, H, W) pooling input as (1, C, H, W). */
    private static Tensor batched(Tensor t, boolean unbatched) {
        return unbatched ? t.unsqueeze(0) : t;
    }

    private static Tensor unbatched(Tensor t, boolean unbatched) {
        return unbatched ? t.squeeze(0) : t;
    }

    /** max_pool2d of a (C, H, W) or (N, C, H, W) input: padding never wins; the gradient goes to the first maximum of each window. */
    static Tensor maxPool2d(Tensor x, Geometry geo) {
        boolean single = x.dim() == 3;
        Tensor[] firstMax = new Tensor[1];
        Tensor out = Composite.untracked(() -> {
            Tensor windows = windows(batched(x, single), geo, Double.NEGATIVE_INFINITY);
            ValuesAndIndices max = windows.max(2);
            firstMax[0] = max.indices().unsqueeze(2)
                    .eq(Tensor.arange(geo.windowSize()).view(1, 1, geo.windowSize(), 1, 1)).to(x.dtype());
            return unbatched(max.values(), single);
        }, x);
        if (!OpNode.shouldRecord(x)) {
            return out;
        }
        Tensor mask = firstMax[0];
        long height = x.size(-2);
        long width = x.size(-1);
        OpNode.BackwardRule rule = (node, g, s) ->
                new Tensor[] {unbatched(fold(mask.mul(batched(g, single).unsqueeze(2)), geo, height, width), single)};
        return OpNode.record(out, "MaxPool2DWithIndicesBackward0", rule, new Tensor[] {x});
    }

    /**
     * avg_pool2d of a (C, H, W) or (N, C, H, W) input: each window's sum divided by
     * {@code divisors} (out_h, out_w), which the caller works out as ATen does.
     */
    static Tensor avgPool2d(Tensor x, Geometry geo, Tensor divisors) {
        boolean single = x.dim() == 3;
        Tensor divisor = divisors.to(x.dtype());
        long height = x.size(-2);
        long width = x.size(-1);
        OpNode.BackwardRule rule = (node, g, s) -> {
            Tensor spread = batched(g, single).div(divisor).unsqueeze(2);
            long[] shape = spread.shape();
            shape[2] = geo.windowSize();
            return new Tensor[] {unbatched(fold(spread.expand(shape), geo, height, width), single)};
        };
        return Composite.op("AvgPool2DBackward0",
                () -> unbatched(windows(batched(x, single), geo, 0.0).sum(2).div(divisor), single), rule,
                new Tensor[] {x});
    }
}
