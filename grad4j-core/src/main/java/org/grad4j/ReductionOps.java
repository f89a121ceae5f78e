package org.grad4j;

import org.grad4j.autograd.Autograd;
import org.grad4j.internal.kernel.StridedCopy;
import org.grad4j.internal.tensor.Shapes;
import org.grad4j.internal.tensor.Storage;

/**
 * Value reductions beyond sum/mean (prod, var, std, logsumexp, p-norms) and the cumulative product.
 * Forward values are computed without recording (kernels, or Tensor ops under no-grad); each op
 * then records PyTorch's node with a backward rule written in differentiable Tensor ops.
 */
final class ReductionOps {
    private ReductionOps() {
    }

    // ---------------------------------------------------------------- prod

    /** Product over one dim, or all elements when {@code dim} is null; integral inputs give INT64. */
    static Tensor prod(Tensor x, Integer dim, boolean keepdim) {
        boolean all = dim == null;
        Tensor input = all ? x.detach().reshape(-1) : x;
        int d = all ? 0 : Shapes.wrapDim(dim, x.dim());
        DType type = x.dtype().isFloatingPoint() ? x.dtype() : DType.INT64;
        Storage data = StridedCopy.cast(Compute.dense(input), Shapes.numel(input.shape), type);
        AlongDim rows = new AlongDim(input.shape, d);
        Storage result = Storage.allocate(type, rows.rows());
        for (int r = 0; r < rows.rows(); r++) {
            int start = rows.start(r);
            int step = rows.inner;
            int n = input.dim() == 0 ? 1 : rows.length;
            switch (type) {
                case FLOAT32: {
                    float[] a = data.floats();
                    float p = 1;
                    for (int j = 0; j < n; j++) {
                        p *= a[start + j * step];
                    }
                    result.floats()[r] = p;
                    break;
                }
                case FLOAT64: {
                    double[] a = data.doubles();
                    double p = 1;
                    for (int j = 0; j < n; j++) {
                        p *= a[start + j * step];
                    }
                    result.doubles()[r] = p;
                    break;
                }
                default: {
                    long[] a = data.longs();
                    long p = 1;
                    for (int j = 0; j < n; j++) {
                        p *= a[start + j * step];
                    }
                    result.longs()[r] = p;
                    break;
                }
            }
        }
        ReduceDims r = ReduceDims.of(x, all ? null : new int[] {d}, keepdim);
        Tensor out = new Tensor(result, all ? Shapes.SCALAR : r.outShape);
        if (!OpNode.shouldRecord(x)) {
            return out;
        }
        OpNode.BackwardRule rule = (node, g, s) -> {
            if (all) {
                Tensor flat = s[0].reshape(-1);
                return new Tensor[] {prodGradient(flat, s[1].reshape(1), g.reshape(1), 0).reshape(s[0].shape())};
            }
            return new Tensor[] {prodGradient(s[0], r.toKept(s[1]), r.toKept(g), d)};
        };
        return OpNode.record(out, all ? "ProdBackward0" : "ProdBackward1", rule, new Tensor[] {x}, x, out);
    }

    /**
     * d prod / d x_k = prod of the other elements: out / x_k in rows without zeros; in a row with one
     * zero only that element gets the product of the rest; rows with two or more zeros get none.
     * {@code out} and {@code g} have size 1 along {@code dim}.
     */
    private static Tensor prodGradient(Tensor x, Tensor out, Tensor g, int dim) {
        Tensor isZero = x.eq(0.0).to(x.dtype());
        Tensor zerosInRow = isZero.sum(dim, true);
        Tensor noZero = zerosInRow.eq(0.0).to(x.dtype());
        Tensor oneZero = zerosInRow.eq(1.0).to(x.dtype());
        Tensor zeroFree = x.add(isZero);
        Tensor withoutZeros = out.div(zeroFree).mul(noZero);
        Tensor atTheZero = isZero.mul(oneZero).mul(zeroFree.prod(dim, true));
        return g.mul(withoutZeros.add(atTheZero));
    }

    // ---------------------------------------------------------------- cumprod

    /** Inclusive running products along {@code dim}; integral inputs give INT64. */
    static Tensor cumprod(Tensor x, int dim) {
        int d = Shapes.wrapDim(dim, x.dim());
        DType type = x.dtype().isFloatingPoint() ? x.dtype() : DType.INT64;
        int n = Shapes.numel(x.shape);
        Storage data = StridedCopy.cast(StridedCopy.gather(x.storage, x.shape, x.strides, x.offset), n, type);
        AlongDim rows = new AlongDim(x.shape, d);
        for (int r = 0; r < rows.rows() && n > 0; r++) {
            int start = rows.start(r);
            int step = rows.inner;
            switch (type) {
                case FLOAT32: {
                    float[] a = data.floats();
                    for (int j = 1; j < rows.length; j++) {
                        a[start + j * step] *= a[start + (j - 1) * step];
                    }
                    break;
                }
                case FLOAT64: {
                    double[] a = data.doubles();
                    for (int j = 1; j < rows.length; j++) {
                        a[start + j * step] *= a[start + (j - 1) * step];
                    }
                    break;
                }
                default: {
                    long[] a = data.longs();
                    for (int j = 1; j < rows.length; j++) {
                        a[start + j * step] *= a[start + (j - 1) * step];
                    }
                    break;
                }
            }
        }
        Tensor out = new Tensor(data, x.shape);
        if (!OpNode.shouldRecord(x)) {
            return out;
        }
        OpNode.BackwardRule rule = (node, g, s) -> new Tensor[] {
            x.dim() == 0 ? g : cumprodGradient(s[0], s[1], g, d)};
        return OpNode.record(out, "CumprodBackward0", rule, new Tensor[] {x}, x, out);
    }

    /**
     * d/dx_k of sum_i g_i out_i = sum_{i>=k} g_i prod_{j<=i, j!=k} x_j. Before a row's first zero z that
     * is reverse-cumsum(g out)_k / x_k; at z it is prod_{j<z} x_j * sum_{i>=z} g_i prod_{z<j<=i} x_j;
     * after z it is 0. Every piece is a differentiable op, so double backward works.
     */
    private static Tensor cumprodGradient(Tensor x, Tensor out, Tensor g, int dim) {
        DType type = x.dtype();
        Tensor isZero = x.eq(0.0).to(type);
        Tensor zerosSoFar = isZero.cumsum(dim);
        Tensor before = zerosSoFar.eq(0.0).to(type);
        Tensor atFirst = isZero.mul(zerosSoFar.eq(1.0).to(type));
        Tensor after = zerosSoFar.ge(1.0).to(type).sub(atFirst);
        Tensor leading = reverseCumsum(g.mul(out), dim).div(x.add(before.rsub(1))).mul(before);
        Tensor prefix = x.mul(before).add(before.rsub(1)).cumprod(dim);
        Tensor suffix = reverseCumsum(g.mul(x.mul(after).add(after.rsub(1)).cumprod(dim)), dim);
        return leading.add(atFirst.mul(prefix).mul(suffix));
    }

    private static Tensor reverseCumsum(Tensor t, int dim) {
        return Views.flip(Views.flip(t, dim).cumsum(dim), dim);
    }

    // ---------------------------------------------------------------- var / std

    static Tensor var(Tensor x, int[] dims, long correction, boolean keepdim, boolean std) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("std and var only support floating point and complex dtypes");
        }
        ReduceDims r = ReduceDims.of(x, dims, keepdim);
        double divisor = Math.max(0, r.count - correction);
        Tensor out;
        try (var off = Autograd.noGrad()) {
            Tensor deviation = x.sub(meanKept(x, r));
            Tensor variance = r.sumKept(deviation.mul(deviation)).div(divisor);
            out = r.toOut(std ? variance.sqrt() : variance).contiguous().detach();
        }
        if (!OpNode.shouldRecord(x)) {
            return out;
        }
        OpNode.BackwardRule rule = (node, g, s) -> {
            Tensor gradVar = r.toKept(g);
            if (std) {
                // d sqrt(v) = dv / (2 sqrt(v)), taken as 0 where the std is 0 (as PyTorch's std_backward)
                Tensor result = r.toKept(s[1]);
                Tensor isZero = result.eq(0.0).to(g.dtype());
                gradVar = gradVar.div(result.mul(2.0).add(isZero)).mul(isZero.rsub(1));
            }
            return new Tensor[] {gradVar.mul(s[0].sub(meanKept(s[0], r))).mul(2.0 / divisor)};
        };
        return OpNode.record(out, std ? "StdBackward0" : "VarBackward0", rule, new Tensor[] {x}, x, std ? out : null);
    }

    private static Tensor meanKept(Tensor x, ReduceDims r) {
        return r.sumKept(x).div((double) r.count);
    }

    // ---------------------------------------------------------------- logsumexp

    /** log(sum(exp(x))) over dims, computed as m + log(sum(exp(x - m))) with m the (finite) max. */
    static Tensor logsumexp(Tensor x, int[] dims, boolean keepdim) {
        Tensor input = x.dtype().isFloatingPoint() ? x : x.to(DType.FLOAT32);
        ReduceDims r = ReduceDims.of(input, dims, keepdim);
        Tensor out;
        try (var off = Autograd.noGrad()) {
            Tensor shift = Tensor.zeros(Shapes.toLongs(r.keptShape), input.dtype());
            if (r.firstEmptyDim(input) < 0 && input.numel() > 0) {
                shift = finiteOrZero(Ordering.extremeKept(input, r, true));
            }
            out = r.toOut(r.sumKept(input.sub(shift).exp()).log().add(shift)).contiguous().detach();
        }
        if (!OpNode.shouldRecord(x)) {
            return out;
        }
        OpNode.BackwardRule rule = (node, g, s) ->
                new Tensor[] {r.toKept(g).mul(s[0].sub(r.toKept(s[1])).exp())};
        return OpNode.record(out, "LogsumexpBackward0", rule, new Tensor[] {x}, x, out);
    }

    /** A dense floating tensor with its infinite and NaN elements set to 0 (in place; for fresh results). */
    private static Tensor finiteOrZero(Tensor fresh) {
        int n = Shapes.numel(fresh.shape);
        if (fresh.dtype() == DType.FLOAT32) {
            float[] a = fresh.storage.floats();
            for (int i = 0; i < n; i++) {
                a[i] = Float.isFinite(a[i]) ? a[i] : 0f;
            }
        } else {
            double[] a = fresh.storage.doubles();
            for (int i = 0; i < n; i++) {
                a[i] = Double.isFinite(a[i]) ? a[i] : 0.0;
            }
        }
        return fresh;
    }

    // ---------------------------------------------------------------- norm

    /**
     * {@code x.norm(p, dims, keepdim)}: sum(|x|^p)^(1/p), with p = 0 (count of non-zeros), 1, 2, +-inf
     * (max / min of |x|) and any other p. The gradient is 0 where the norm is 0, as in PyTorch.
     */
    static Tensor norm(Tensor x, double p, int[] dims, boolean keepdim) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("norm(): input dtype should be either floating point or complex. Got "
                    + (x.dtype() == DType.INT64 ? "Long" : "Bool") + " instead.");
        }
        ReduceDims r = ReduceDims.of(x, dims, keepdim);
        Tensor out;
        try (var off = Autograd.noGrad()) {
            Tensor a = x.abs();
            Tensor kept;
            if (Double.isInfinite(p)) {
                boolean empty = r.firstEmptyDim(x) >= 0 || x.numel() == 0;
                kept = empty ? Tensor.zeros(Shapes.toLongs(r.keptShape), x.dtype()) : Ordering.extremeKept(a, r, p > 0);
            } else if (p == 0) {
                kept = r.sumKept(x.ne(0.0).to(x.dtype()));
            } else if (p == 1) {
                kept = r.sumKept(a);
            } else if (p == 2) {
                kept = r.sumKept(x.mul(x)).sqrt();
            } else {
                kept = r.sumKept(a.pow(p)).pow(1.0 / p);
            }
            out = r.toOut(kept).contiguous().detach();
        }
        if (!OpNode.shouldRecord(x)) {
            return out;
        }
        OpNode.BackwardRule rule = (node, g, s) -> new Tensor[] {normGradient(s[0], r.toKept(s[1]), r.toKept(g), p, r)};
        return OpNode.record(out, "NormBackward1", rule, new Tensor[] {x}, x, out);
    }

    private static Tensor normGradient(Tensor x, Tensor norm, Tensor g, double p, ReduceDims r) {
        if (p == 0) {
            return Tensor.zerosLike(x).mul(g);
        }
        if (p == 1) {
            return x.sign().mul(g);
        }
        if (Double.isInfinite(p)) {
            Tensor mask = x.abs().eq(norm).to(x.dtype());
            return x.sign().mul(mask).mul(g.div(r.sumKept(mask)));
        }
        Tensor isZero = norm.eq(0.0).to(x.dtype());
        Tensor scale = g.div(p == 2 ? norm.add(isZero) : norm.pow(p - 1).add(isZero)).mul(isZero.rsub(1));
        // sign(x) |x|^(p-1) for p < 2, taken as 0 where x is 0 (PyTorch masks it there too)
        Tensor scaled = p == 2 ? x : p < 2 ? x.sign().mul(x.abs().add(x.eq(0.0).to(x.dtype())).pow(p - 1))
                : x.mul(x.abs().pow(p - 2));
        return scaled.mul(scale);
    }

    /**
     * {@code x.norm("fro", dims, keepdim)}: the 2-norm; over two dims PyTorch computes it as the
     * composite sqrt(sum(x * x)) (SqrtBackward0, NaN gradient at 0), which this follows.
     */
    static Tensor frobenius(Tensor x, int[] dims, boolean keepdim) {
        if (dims == null || dims.length == 1) {
            return norm(x, 2, dims, keepdim);
        }
        if (dims.length > 2) {
            throw new IllegalArgumentException("Expected at most 2 dimensions, but got " + dims.length
                    + " dimensions instead.");
        }
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("norm(): input dtype should be either floating point or complex. Got "
                    + (x.dtype() == DType.INT64 ? "Long" : "Bool") + " instead.");
        }
        return x.mul(x).sum(dims, keepdim).sqrt();
    }
}
