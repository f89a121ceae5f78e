package org.grad4j;

import org.grad4j.internal.kernel.BinaryKernel;
import org.grad4j.internal.kernel.DoubleKernels;
import org.grad4j.internal.kernel.FloatKernels;
import org.grad4j.internal.kernel.LongKernels;
import org.grad4j.internal.tensor.Shapes;
import org.grad4j.internal.tensor.Storage;

/**
 * Elementwise math with parameters or several inputs (where, clamp, lerp, atan2, hypot, remainder,
 * fmod, pow with a scalar base) and the dtype rules of the parameterless rounding ops. Each op
 * computes its result with the dtype kernels and records PyTorch's node with a backward rule written
 * in Tensor ops (derivatives.yaml of PyTorch 1.13), so double backward works. Broadcasting is undone
 * by the engine.
 */
final class ElementwiseOps {
    private ElementwiseOps() {
    }

    // ---------------------------------------------------------------- unary ops with dtype rules

    /** floor, ceil, round, trunc: INT64 stays INT64 (a copy); BOOL is rejected as in PyTorch. */
    static Tensor rounding(Tensor x, UnaryOp op) {
        if (x.dtype() == DType.BOOL) {
            throw notImplemented(op.name().toLowerCase() + "_vml_cpu", x.dtype());
        }
        return Pointwise.unary(x, op);
    }

    /** frac is defined for floating tensors only. */
    static Tensor frac(Tensor x) {
        if (!x.dtype().isFloatingPoint()) {
            throw notImplemented("frac_cpu", x.dtype());
        }
        return Pointwise.unary(x, UnaryOp.FRAC);
    }

    /**
     * {@code torch.pow(s, exponent)}: a Python scalar base (PowBackward2). {@code pythonInt} says the
     * scalar was an int (Java {@code long}), which keeps integral exponents integral.
     */
    static Tensor pow(double base, Tensor exponent, boolean pythonInt) {
        DType type = scalarOpType(exponent, pythonInt);
        Tensor out = Compute.scalarBinary(BinaryKernel.POW, base, exponent, type);
        if (!OpNode.shouldRecord(exponent)) {
            return out;
        }
        // d(s^e)/de = s^e log s, taken as 0 where s == 0 and e >= 0 (PyTorch's pow_backward_exponent)
        OpNode.BackwardRule rule = (node, g, s) -> {
            Tensor grad = g.mul(s[1]).mul(Math.log(base));
            return new Tensor[] {base == 0 ? Tensor.where(s[0].ge(0.0), zero(g), grad) : grad};
        };
        return OpNode.record(out, "PowBackward2", rule, new Tensor[] {exponent}, base == 0 ? exponent : null, out);
    }

    // ---------------------------------------------------------------- where

    static Tensor where(Tensor condition, Tensor a, Tensor b) {
        if (condition.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("where expected condition to be a boolean tensor, but got a tensor "
                    + "with dtype " + condition.dtype().scalarTypeName());
        }
        DType type = Pointwise.resultType(a, b);
        int[] shape = Shapes.broadcast(Shapes.broadcast(condition.shape, a.shape), b.shape);
        int n = Shapes.numel(shape);
        boolean[] c = Compute.denseAs(condition, shape, DType.BOOL).bools();
        Storage x = Compute.denseAs(a, shape, type);
        Storage y = Compute.denseAs(b, shape, type);
        Storage out = Storage.allocate(type, n);
        switch (type) {
            case FLOAT32: FloatKernels.where(c, x.floats(), y.floats(), out.floats(), n); break;
            case FLOAT64: DoubleKernels.where(c, x.doubles(), y.doubles(), out.doubles(), n); break;
            case INT64: LongKernels.where(c, x.longs(), y.longs(), out.longs(), n); break;
            default: whereBool(c, x.bools(), y.bools(), out.bools(), n); break;
        }
        Tensor result = new Tensor(out, shape);
        if (!OpNode.shouldRecord(a, b)) {
            return result;
        }
        OpNode.BackwardRule rule = (node, g, s) -> new Tensor[] {
            node.needs(0) ? Tensor.where(s[0], g, zero(g)) : null,
            node.needs(1) ? Tensor.where(s[0], zero(g), g) : null};
        return OpNode.record(result, "WhereBackward0", rule, new Tensor[] {a, b}, condition);
    }

    /** {@code torch.where(cond, a, s)}: the scalar takes part in type promotion as a Python number. */
    static Tensor where(Tensor condition, Tensor a, double s, boolean pythonInt) {
        return where(condition, a, Tensor.scalar(s, scalarOpType(a, pythonInt)));
    }

    static Tensor where(Tensor condition, double s, Tensor b, boolean pythonInt) {
        return where(condition, Tensor.scalar(s, scalarOpType(b, pythonInt)), b);
    }

    private static void whereBool(boolean[] c, boolean[] a, boolean[] b, boolean[] out, int n) {
        for (int i = 0; i < n; i++) out[i] = c[i] ? a[i] : b[i];
    }

    // ---------------------------------------------------------------- clamp

    /**
     * {@code torch.clamp(x, min, max)} with Python scalars; either may be null. {@code nodeName} is
     * ClampBackward1 (clamp), ClampMinBackward0 (clamp_min) or ClampMaxBackward0 (clamp_max).
     */
    static Tensor clamp(Tensor x, Double min, Double max, String nodeName, boolean pythonInts) {
        if (min == null && max == null) {
            throw new IllegalArgumentException("torch.clamp: At least one of 'min' or 'max' must not be None");
        }
        DType type = scalarOpType(x, pythonInts);
        Tensor out = min == null ? x : Compute.binaryScalar(BinaryKernel.MAXIMUM, x, min, type);
        if (max != null) {
            out = Compute.binaryScalar(BinaryKernel.MINIMUM, out, max, type);
        }
        if (!OpNode.shouldRecord(x)) {
            return out;
        }
        OpNode.BackwardRule rule = (node, g, s) -> new Tensor[] {Tensor.where(inRange(s[0], min, max), g, zero(g))};
        return OpNode.record(out, nodeName, rule, new Tensor[] {x}, x);
    }

    /** x >= min and x <= max, for whichever bound is given: where clamp passes the gradient through. */
    private static Tensor inRange(Tensor x, Double min, Double max) {
        Tensor aboveMin = min == null ? null : x.ge(min);
        Tensor belowMax = max == null ? null : x.le(max);
        return aboveMin == null ? belowMax : belowMax == null ? aboveMin : aboveMin.logicalAnd(belowMax);
    }

    /**
     * {@code torch.clamp(x, min, max)} with tensor bounds (either may be null), broadcasting and
     * promoting all three. One bound alone records ClampMinBackward1 / ClampMaxBackward1 when
     * {@code oneBoundNames} is set (clamp_min / clamp_max), else ClampBackward0 (clamp).
     */
    static Tensor clamp(Tensor x, Tensor min, Tensor max, boolean oneBoundNames) {
        if (min == null && max == null) {
            throw new IllegalArgumentException("torch.clamp: At least one of 'min' or 'max' must not be None");
        }
        DType type = resultType(x, min, max);
        Tensor out = min == null ? x : Compute.binary(BinaryKernel.MAXIMUM, x, min, type);
        if (max != null) {
            out = Compute.binary(BinaryKernel.MINIMUM, out, max, type);
        }
        if (!OpNode.shouldRecord(x, min) && !OpNode.shouldRecord(x, max)) {
            return out;
        }
        String name = "ClampBackward0";
        if (oneBoundNames) {
            name = min == null ? "ClampMaxBackward1" : "ClampMinBackward1";
        }
        // PyTorch's clamp_backward_min_max: x gets the gradient inside [min, max]; a bound gets it
        // where it is the active one (with min > max, max wins everywhere).
        OpNode.BackwardRule rule = (node, g, s) -> {
            Tensor xs = s[0];
            Tensor lo = s[1];
            Tensor hi = s[2];
            Tensor gx = null;
            Tensor gMin = null;
            Tensor gMax = null;
            if (node.needs(0)) {
                Tensor pass = lo == null ? xs.le(hi) : hi == null ? xs.ge(lo) : xs.ge(lo).logicalAnd(xs.le(hi));
                gx = Tensor.where(pass, g, zero(g));
            }
            if (lo != null && node.needs(1)) {
                Tensor active = hi == null ? xs.lt(lo) : xs.lt(lo).logicalAnd(lo.lt(hi));
                gMin = Tensor.where(active, g, zero(g));
            }
            if (hi != null && node.needs(2)) {
                Tensor active = lo == null ? xs.gt(hi) : xs.gt(hi).logicalOr(hi.lt(lo));
                gMax = Tensor.where(active, g, zero(g));
            }
            return new Tensor[] {gx, gMin, gMax};
        };
        return OpNode.record(out, name, rule, new Tensor[] {x, min, max}, x, min, max);
    }

    /**
     * PyTorch's result_type over several tensors (nulls skipped): the promoted type of the
     * dimensioned ones, unless the 0-d ones reach a higher category (bool &lt; integer &lt; floating).
     */
    private static DType resultType(Tensor... tensors) {
        DType dimensioned = null;
        DType zeroDim = null;
        for (Tensor t : tensors) {
            if (t == null) {
                continue;
            }
            if (t.dim() > 0) {
                dimensioned = dimensioned == null ? t.dtype() : DType.promote(dimensioned, t.dtype());
            } else {
                zeroDim = zeroDim == null ? t.dtype() : DType.promote(zeroDim, t.dtype());
            }
        }
        if (dimensioned == null || zeroDim == null) {
            return dimensioned == null ? zeroDim : dimensioned;
        }
        return category(zeroDim) > category(dimensioned) ? zeroDim : dimensioned;
    }

    private static int category(DType type) {
        return type == DType.BOOL ? 0 : type == DType.INT64 ? 1 : 2;
    }

    // ---------------------------------------------------------------- lerp

    /** {@code torch.lerp(a, end, w)} with a Python scalar weight (LerpBackward0). */
    static Tensor lerp(Tensor a, Tensor end, double weight) {
        requireLerpTypes(a, end, null, "lerp_kernel_scalar");
        Tensor out = lerpForward(a, end, Tensor.scalar(weight, a.dtype()));
        if (!OpNode.shouldRecord(a, end)) {
            return out;
        }
        OpNode.BackwardRule rule = (node, g, s) -> new Tensor[] {
            node.needs(0) ? g.mul(1 - weight) : null,
            node.needs(1) ? g.mul(weight) : null};
        return OpNode.record(out, "LerpBackward0", rule, new Tensor[] {a, end});
    }

    /** {@code torch.lerp(a, end, weight)} with a tensor weight (LerpBackward1). */
    static Tensor lerp(Tensor a, Tensor end, Tensor weight) {
        requireLerpTypes(a, end, weight, "lerp_kernel_tensor");
        Tensor out = lerpForward(a, end, weight);
        if (!OpNode.shouldRecord(a, end) && !OpNode.shouldRecord(weight)) {
            return out;
        }
        OpNode.BackwardRule rule = (node, g, s) -> new Tensor[] {
            node.needs(0) ? g.mul(s[2].rsub(1)) : null,
            node.needs(1) ? g.mul(s[2]) : null,
            node.needs(2) ? g.mul(s[1].sub(s[0])) : null};
        boolean needsEnds = OpNode.differentiable(weight);
        return OpNode.record(out, "LerpBackward1", rule, new Tensor[] {a, end, weight},
                needsEnds ? a : null, needsEnds ? end : null, weight);
    }

    private static Tensor lerpForward(Tensor a, Tensor end, Tensor weight) {
        DType type = a.dtype();
        int[] shape = Shapes.broadcast(Shapes.broadcast(a.shape, end.shape), weight.shape);
        int n = Shapes.numel(shape);
        Storage x = Compute.denseAs(a, shape, type);
        Storage y = Compute.denseAs(end, shape, type);
        Storage w = Compute.denseAs(weight, shape, type);
        Storage out = Storage.allocate(type, n);
        if (type == DType.FLOAT32) {
            FloatKernels.lerp(x.floats(), y.floats(), w.floats(), out.floats(), n);
        } else {
            DoubleKernels.lerp(x.doubles(), y.doubles(), w.doubles(), out.doubles(), n);
        }
        return new Tensor(out, shape);
    }

    private static void requireLerpTypes(Tensor a, Tensor end, Tensor weight, String kernel) {
        if (end.dtype() != a.dtype()) {
            throw new IllegalArgumentException("expected dtype " + cTypeName(a.dtype()) + " for `end` but got dtype "
                    + cTypeName(end.dtype()));
        }
        if (weight != null && weight.dtype() != a.dtype()) {
            throw new IllegalArgumentException("expected dtype " + cTypeName(a.dtype())
                    + " for `weight` but got dtype " + cTypeName(weight.dtype()));
        }
        if (!a.dtype().isFloatingPoint()) {
            throw notImplemented(kernel, a.dtype());
        }
    }

    // ---------------------------------------------------------------- binary math

    /** {@code torch.atan2(a, b)}: integral inputs compute in FLOAT32. */
    static Tensor atan2(Tensor a, Tensor b) {
        Tensor out = Compute.binary(BinaryKernel.ATAN2, a, b, floating(Pointwise.resultType(a, b)));
        if (!OpNode.shouldRecord(a, b)) {
            return out;
        }
        OpNode.BackwardRule rule = (node, g, s) -> {
            Tensor recip = s[0].mul(s[0]).add(s[1].mul(s[1])).reciprocal();
            return new Tensor[] {
                node.needs(0) ? g.mul(s[1]).mul(recip) : null,
                node.needs(1) ? g.mul(s[0].neg()).mul(recip) : null};
        };
        return OpNode.record(out, "Atan2Backward0", rule, new Tensor[] {a, b}, a, b);
    }

    /** {@code torch.hypot(a, b)}: floating results only (integral pairs fail as in PyTorch). */
    static Tensor hypot(Tensor a, Tensor b) {
        DType type = Pointwise.resultType(a, b);
        if (!type.isFloatingPoint()) {
            throw notImplemented("hypot_cpu", type);
        }
        Tensor out = Compute.binary(BinaryKernel.HYPOT, a, b, type);
        if (!OpNode.shouldRecord(a, b)) {
            return out;
        }
        OpNode.BackwardRule rule = (node, g, s) -> new Tensor[] {
            node.needs(0) ? g.mul(s[0]).div(s[2]) : null,
            node.needs(1) ? g.mul(s[1]).div(s[2]) : null};
        return OpNode.record(out, "HypotBackward0", rule, new Tensor[] {a, b}, a, b, out);
    }

    /** {@code torch.remainder(a, b)} (Python's %: sign of the divisor); d/db = -floor(a / b). */
    static Tensor remainder(Tensor a, Tensor b) {
        return modulo(a, b, BinaryKernel.REMAINDER, "remainder_cpu", "RemainderBackward1");
    }

    /** {@code torch.fmod(a, b)} (C's fmod: sign of the dividend); d/db = -trunc(a / b). */
    static Tensor fmod(Tensor a, Tensor b) {
        return modulo(a, b, BinaryKernel.FMOD, "fmod_cpu", "FmodBackward1");
    }

    static Tensor remainder(Tensor a, double s, boolean pythonInt) {
        return moduloScalar(a, s, pythonInt, BinaryKernel.REMAINDER, "RemainderBackward0");
    }

    static Tensor fmod(Tensor a, double s, boolean pythonInt) {
        return moduloScalar(a, s, pythonInt, BinaryKernel.FMOD, "FmodBackward0");
    }

    private static Tensor modulo(Tensor a, Tensor b, BinaryKernel kernel, String kernelName, String nodeName) {
        DType type = Pointwise.resultType(a, b);
        if (type == DType.BOOL) {
            throw notImplemented(kernelName, type);
        }
        Tensor out = Compute.binary(kernel, a, b, type);
        if (!OpNode.shouldRecord(a, b)) {
            return out;
        }
        boolean floor = kernel == BinaryKernel.REMAINDER;
        OpNode.BackwardRule rule = (node, g, s) -> {
            Tensor quotient = node.needs(1) ? s[0].div(s[1]) : null;
            return new Tensor[] {
                node.needs(0) ? g : null,
                node.needs(1) ? g.neg().mul(floor ? quotient.floor() : quotient.trunc()) : null};
        };
        return OpNode.record(out, nodeName, rule, new Tensor[] {a, b},
                OpNode.differentiable(b) ? a : null, OpNode.differentiable(b) ? b : null);
    }

    private static Tensor moduloScalar(Tensor a, double s, boolean pythonInt, BinaryKernel kernel, String nodeName) {
        DType type = scalarOpType(a, pythonInt);
        Tensor out = Compute.binaryScalar(kernel, a, s, type);
        if (!OpNode.shouldRecord(a)) {
            return out;
        }
        return OpNode.record(out, nodeName, (node, g, saved) -> new Tensor[] {g, null}, new Tensor[] {a, null});
    }

    // ---------------------------------------------------------------- helpers

    /**
     * The result type of an op between a tensor and a Python scalar: a floating tensor keeps its
     * dtype; an integral or bool one becomes INT64 with a Python int (Java {@code long}) and FLOAT32
     * with a Python float (Java {@code double}).
     */
    private static DType scalarOpType(Tensor t, boolean pythonInt) {
        return t.dtype().isFloatingPoint() ? t.dtype() : pythonInt ? DType.INT64 : DType.FLOAT32;
    }

    private static Tensor zero(Tensor like) {
        return Tensor.scalar(0.0, like.dtype());
    }

    private static DType floating(DType type) {
        return type.isFloatingPoint() ? type : DType.FLOAT32;
    }

    /** The C type name PyTorch prints in dtype-mismatch errors ("float", "long int", ...). */
    private static String cTypeName(DType type) {
        switch (type) {
            case FLOAT32: return "float";
            case FLOAT64: return "double";
            case INT64: return "long int";
            default: return "bool";
        }
    }

    static IllegalArgumentException notImplemented(String kernel, DType type) {
        return new IllegalArgumentException("\"" + kernel + "\" not implemented for '" + type.scalarTypeName() + "'");
    }
}
