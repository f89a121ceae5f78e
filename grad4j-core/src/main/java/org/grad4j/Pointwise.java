package org.grad4j;

import org.grad4j.internal.kernel.BinaryKernel;
import org.grad4j.internal.kernel.CompareKernel;
import org.grad4j.internal.tensor.Storage;

/**
 * Elementwise ops with their derivatives: each op computes its result with Compute, then records
 * its node with a backward rule written in Tensor ops. Broadcasting is undone by the engine, so
 * rules return gradients of the broadcast shape.
 */
final class Pointwise {
    private static final OpNode.BackwardRule ADD_RULE = (node, g, s) -> new Tensor[] {g, g};
    private static final OpNode.BackwardRule SUB_RULE = (node, g, s) ->
            new Tensor[] {g, node.needs(1) ? g.neg() : null};
    private static final OpNode.BackwardRule MUL_RULE = (node, g, s) -> new Tensor[] {
        node.needs(0) ? g.mul(s[1]) : null,
        node.needs(1) ? g.mul(s[0]) : null};
    private static final OpNode.BackwardRule DIV_RULE = (node, g, s) -> new Tensor[] {
        node.needs(0) ? g.div(s[1]) : null,
        node.needs(1) ? g.neg().mul(s[0]).div(s[1].mul(s[1])) : null};
    private static final OpNode.BackwardRule SCALAR_ADD_RULE = (node, g, s) -> new Tensor[] {g, null};
    private static final OpNode.BackwardRule IDENTITY_RULE = (node, g, s) -> new Tensor[] {g};

    private Pointwise() {
    }

    static Tensor unary(Tensor x, UnaryOp op) {
        Tensor input = x.dtype().isFloatingPoint() || op.keepsIntegers ? x : Compute.convert(x, DType.FLOAT32);
        Tensor y = Compute.unary(op.kernel, input);
        if (OpNode.shouldRecord(x)) {
            OpNode.record(y, op.nodeName, op.rule, new Tensor[] {x},
                    op.needs == UnaryOp.Needs.INPUT ? x : null, op.needs == UnaryOp.Needs.OUTPUT ? y : null);
        }
        return y;
    }

    static Tensor add(Tensor a, Tensor b) {
        Tensor out = Compute.binary(BinaryKernel.ADD, a, b, resultType(a, b));
        return OpNode.shouldRecord(a, b) ? OpNode.record(out, "AddBackward0", ADD_RULE, new Tensor[] {a, b}) : out;
    }

    static Tensor sub(Tensor a, Tensor b) {
        requireNotBool(a, b);
        Tensor out = Compute.binary(BinaryKernel.SUB, a, b, resultType(a, b));
        return OpNode.shouldRecord(a, b) ? OpNode.record(out, "SubBackward0", SUB_RULE, new Tensor[] {a, b}) : out;
    }

    static Tensor mul(Tensor a, Tensor b) {
        Tensor out = Compute.binary(BinaryKernel.MUL, a, b, resultType(a, b));
        if (!OpNode.shouldRecord(a, b)) {
            return out;
        }
        return OpNode.record(out, "MulBackward0", MUL_RULE, new Tensor[] {a, b},
                OpNode.differentiable(b) ? a : null, OpNode.differentiable(a) ? b : null);
    }

    static Tensor div(Tensor a, Tensor b) {
        Tensor out = Compute.binary(BinaryKernel.DIV, a, b, floating(resultType(a, b)));
        if (!OpNode.shouldRecord(a, b)) {
            return out;
        }
        return OpNode.record(out, "DivBackward0", DIV_RULE, new Tensor[] {a, b}, OpNode.differentiable(b) ? a : null, b);
    }

    static Tensor pow(Tensor a, Tensor b) {
        Tensor out = Compute.binary(BinaryKernel.POW, a, b, resultType(a, b));
        if (!OpNode.shouldRecord(a, b)) {
            return out;
        }
        OpNode.BackwardRule rule = (node, g, s) -> new Tensor[] {
            node.needs(0) ? powBaseGradient(g, s[0], s[1]) : null,
            node.needs(1) ? powExponentGradient(g, s[0], s[1], s[2]) : null};
        return OpNode.record(out, "PowBackward1", rule, new Tensor[] {a, b}, a, b, OpNode.differentiable(b) ? out : null);
    }

    /** d(a^b)/da = b a^(b-1), taken as 0 where b == 0 (so 0^0 has gradient 0, as in PyTorch). */
    private static Tensor powBaseGradient(Tensor g, Tensor a, Tensor b) {
        return Tensor.where(b.eq(0.0), Tensor.scalar(0.0, g.dtype()), g.mul(b.mul(a.pow(b.sub(1.0)))));
    }

    /** d(a^b)/db = a^b log a, taken as 0 where a == 0 and b &gt;= 0 (PyTorch's pow_backward_exponent). */
    private static Tensor powExponentGradient(Tensor g, Tensor a, Tensor b, Tensor result) {
        Tensor zeroBase = a.eq(0.0).logicalAnd(b.ge(0.0));
        return g.mul(Tensor.where(zeroBase, Tensor.scalar(0.0, g.dtype()), result.mul(a.log())));
    }

    static Tensor powScalar(Tensor x, double p) {
        DType type = x.dtype().isFloatingPoint() || isIntegral(p) && p >= 0 ? x.dtype() : DType.FLOAT32;
        if (type == DType.BOOL) {
            type = DType.INT64;
        }
        Tensor out = Compute.binaryScalar(BinaryKernel.POW, x, p, type);
        if (!OpNode.shouldRecord(x)) {
            return out;
        }
        OpNode.BackwardRule rule = (node, g, s) -> new Tensor[] {
            p == 0 ? Tensor.zerosLike(g) : g.mul(p).mul(s[0].pow(p - 1))};
        return OpNode.record(out, "PowBackward0", rule, new Tensor[] {x}, x);
    }

    static Tensor addScalar(Tensor x, double s) {
        return addScalar(x, s, "AddBackward0");
    }

    static Tensor addScalar(Tensor x, double s, String nodeName) {
        Tensor out = Compute.binaryScalar(BinaryKernel.ADD, x, s, scalarResultType(x));
        return OpNode.shouldRecord(x) ? OpNode.record(out, nodeName, SCALAR_ADD_RULE, new Tensor[] {x, null}) : out;
    }

    static Tensor addScalar(Tensor x, long n) {
        if (x.dtype().isFloatingPoint()) {
            return addScalar(x, (double) n);
        }
        return Compute.binaryScalar(BinaryKernel.ADD, x, n, DType.INT64);
    }

    static Tensor subScalar(Tensor x, long n) {
        if (x.dtype().isFloatingPoint()) {
            return addScalar(x, (double) -n, "SubBackward0");
        }
        requireNotBool(x, x);
        return Compute.binaryScalar(BinaryKernel.SUB, x, n, DType.INT64);
    }

    static Tensor rsub(Tensor x, double s) {
        Tensor out = Compute.scalarBinary(BinaryKernel.SUB, s, x, scalarResultType(x));
        if (!OpNode.shouldRecord(x)) {
            return out;
        }
        return OpNode.record(out, "RsubBackward1", (node, g, saved) -> new Tensor[] {g.neg()}, new Tensor[] {x});
    }

    static Tensor mulScalar(Tensor x, double s) {
        Tensor out = Compute.binaryScalar(BinaryKernel.MUL, x, s, scalarResultType(x));
        if (!OpNode.shouldRecord(x)) {
            return out;
        }
        return OpNode.record(out, "MulBackward0", (node, g, saved) -> new Tensor[] {g.mul(s), null},
                new Tensor[] {x, null});
    }

    static Tensor mulScalar(Tensor x, long n) {
        if (x.dtype().isFloatingPoint()) {
            return mulScalar(x, (double) n);
        }
        return Compute.binaryScalar(BinaryKernel.MUL, x, n, DType.INT64);
    }

    static Tensor divScalar(Tensor x, double s) {
        Tensor out = Compute.binaryScalar(BinaryKernel.DIV, x, s, scalarResultType(x));
        if (!OpNode.shouldRecord(x)) {
            return out;
        }
        return OpNode.record(out, "DivBackward0", (node, g, saved) -> new Tensor[] {g.div(s), null},
                new Tensor[] {x, null});
    }

    static Tensor maximum(Tensor a, Tensor b) {
        return extremum(a, b, BinaryKernel.MAXIMUM, "MaximumBackward0");
    }

    static Tensor minimum(Tensor a, Tensor b) {
        return extremum(a, b, BinaryKernel.MINIMUM, "MinimumBackward0");
    }

    /**
     * Gradient goes to the winner; ties split it in half; where a comparison is undecided (NaN) both
     * inputs get it (PyTorch: where(a == b, g / 2, g).masked_fill_(a loses, 0)).
     */
    private static Tensor extremum(Tensor a, Tensor b, BinaryKernel kernel, String nodeName) {
        Tensor out = Compute.binary(kernel, a, b, resultType(a, b));
        if (!OpNode.shouldRecord(a, b)) {
            return out;
        }
        boolean isMax = kernel == BinaryKernel.MAXIMUM;
        OpNode.BackwardRule rule = (node, g, s) -> {
            Tensor zero = Tensor.scalar(0.0, g.dtype());
            Tensor shared = Tensor.where(s[0].eq(s[1]), g.div(2.0), g);
            Tensor aLoses = isMax ? s[0].lt(s[1]) : s[0].gt(s[1]);
            Tensor bLoses = isMax ? s[0].gt(s[1]) : s[0].lt(s[1]);
            return new Tensor[] {
                node.needs(0) ? Tensor.where(aLoses, zero, shared) : null,
                node.needs(1) ? Tensor.where(bLoses, zero, shared) : null};
        };
        return OpNode.record(out, nodeName, rule, new Tensor[] {a, b}, a, b);
    }

    static Tensor clone(Tensor x) {
        Storage copy = org.grad4j.internal.kernel.StridedCopy.gather(x.storage, x.shape, x.strides, x.offset);
        Tensor out = new Tensor(copy, x.shape);
        return OpNode.shouldRecord(x) ? OpNode.record(out, "CloneBackward0", IDENTITY_RULE, new Tensor[] {x}) : out;
    }

    static Tensor toDType(Tensor x, DType type) {
        Tensor out = Compute.convert(x, type);
        if (!OpNode.shouldRecord(x) || !type.isFloatingPoint()) {
            return out;
        }
        return OpNode.record(out, "ToCopyBackward0", IDENTITY_RULE, new Tensor[] {x});
    }

    static Tensor compare(Tensor a, Tensor b, CompareKernel op) {
        return Compute.compare(op, a, b, resultType(a, b));
    }

    static Tensor compare(Tensor a, double s, CompareKernel op) {
        DType type = a.dtype().isFloatingPoint() ? a.dtype() : isIntegral(s) ? DType.INT64 : DType.FLOAT64;
        return Compute.compare(op, a, Tensor.scalar(s, type), type);
    }

    static boolean allclose(Tensor a, Tensor b, double rtol, double atol) {
        return LogicOps.allclose(a, b, rtol, atol, false);
    }

    static boolean allEqual(Tensor a, Tensor b) {
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        for (int i = 0; i < x.length; i++) {
            if (x[i] != y[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * PyTorch's result_type for two tensors: the higher category (bool &lt; integer &lt; floating)
     * wins, but within a category a 0-d tensor does not widen a dimensioned one
     * ({@code float32[3] + float64 0-d -> float32}).
     */
    static DType resultType(Tensor a, Tensor b) {
        boolean aHasDims = a.dim() > 0;
        if (aHasDims == (b.dim() > 0) || a.dtype() == b.dtype()) {
            return DType.promote(a.dtype(), b.dtype());
        }
        Tensor dimensioned = aHasDims ? a : b;
        Tensor zeroDim = aHasDims ? b : a;
        return category(zeroDim.dtype()) > category(dimensioned.dtype()) ? zeroDim.dtype() : dimensioned.dtype();
    }

    /** A Python float scalar never widens a floating tensor, and makes integral tensors FLOAT32. */
    private static DType scalarResultType(Tensor x) {
        return x.dtype().isFloatingPoint() ? x.dtype() : DType.FLOAT32;
    }

    private static DType floating(DType type) {
        return type.isFloatingPoint() ? type : DType.FLOAT32;
    }

    private static int category(DType type) {
        return type == DType.BOOL ? 0 : type == DType.INT64 ? 1 : 2;
    }

    private static boolean isIntegral(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v);
    }

    private static void requireNotBool(Tensor a, Tensor b) {
        if (a.dtype() == DType.BOOL && b.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("Subtraction, the `-` operator, with two bool tensors is not supported. "
                    + "Use the `^` or `logical_xor()` operator instead.");
        }
    }
}
