package org.grad4j;

import java.util.Arrays;
import org.grad4j.autograd.Autograd;
import org.grad4j.internal.kernel.BinaryKernel;
import org.grad4j.internal.kernel.DoubleKernels;
import org.grad4j.internal.kernel.FloatKernels;
import org.grad4j.internal.kernel.StridedCopy;
import org.grad4j.internal.tensor.Shapes;
import org.grad4j.internal.tensor.Storage;

/**
 * In-place ops (add_, sub_, mul_, div_, zero_, fill_, copy_). Each one checks everything first,
 * writes, bumps the storage version (Note [Version counter sharing]) and then, when the graph is
 * being recorded, rebases the history of the modified tensor as PyTorch does: its gradFn becomes
 * the op's node; a modified view instead gives its base a CopySlices node (Note [View history]).
 */
final class InPlace {
    enum Kind {
        ADD(BinaryKernel.ADD, "AddBackward0"),
        SUB(BinaryKernel.SUB, "SubBackward0"),
        MUL(BinaryKernel.MUL, "MulBackward0"),
        DIV(BinaryKernel.DIV, "DivBackward0");

        final BinaryKernel kernel;
        final String nodeName;

        Kind(BinaryKernel kernel, String nodeName) {
            this.kernel = kernel;
            this.nodeName = nodeName;
        }
    }

    private InPlace() {
    }

    static Tensor binary(Tensor self, Tensor other, Kind kind) {
        checkWritable(self);
        Dual.requireNoTangent(other);
        int[] broadcast = Shapes.broadcast(self.shape, other.shape);
        if (!Arrays.equals(broadcast, self.shape)) {
            throw new IllegalArgumentException("output with shape " + Shapes.format(self.shape)
                    + " doesn't match the broadcast shape " + Shapes.format(broadcast));
        }
        DType computeType = Pointwise.resultType(self, other);
        if (kind == Kind.DIV && !computeType.isFloatingPoint()) {
            computeType = DType.FLOAT32;
        }
        requireCastable(computeType, self.dtype());
        // The node (and what it saves) is made before the write, so it sees the old history and versions.
        OpNode node = null;
        if (OpNode.recordsBackward(self, other)) {
            Tensor selfBefore = other.requiresGrad() && (kind == Kind.MUL || kind == Kind.DIV) ? self.clone() : null;
            node = OpNode.create(kind.nodeName, binaryRule(kind), new Tensor[] {self, other}, null,
                    saves(kind, other, selfBefore));
        }
        if (!writeDirectly(self, other, kind, computeType)) {
            write(self, Compute.binary(kind.kernel, self, other, computeType));
        }
        self.storage.bumpVersion();
        if (node != null) {
            rebaseHistory(self, node, other);
        }
        return self;
    }

    static Tensor scalar(Tensor self, double s, Kind kind) {
        checkWritable(self);
        boolean integral = s == Math.rint(s) && kind != Kind.DIV;
        DType computeType = self.dtype().isFloatingPoint() ? self.dtype() : integral ? DType.INT64 : DType.FLOAT32;
        requireCastable(computeType, self.dtype());
        OpNode node = null;
        if (OpNode.recordsBackward(self)) {
            OpNode.BackwardRule rule = (n, g, saved) -> new Tensor[] {
                kind == Kind.MUL ? g.mul(s) : kind == Kind.DIV ? g.div(s) : g, null};
            node = OpNode.create(kind.nodeName, rule, new Tensor[] {self, null}, null);
        }
        write(self, Compute.binaryScalar(kind.kernel, self, s, computeType));
        self.storage.bumpVersion();
        if (node != null) {
            rebaseHistory(self, node, (Tensor) null);
        }
        return self;
    }

    static Tensor fill(Tensor self, double value, String nodeName) {
        checkWritable(self);
        OpNode node = null;
        if (OpNode.recordsBackward(self)) {
            node = OpNode.create(nodeName, (n, g, saved) -> new Tensor[] {Tensor.zerosLike(g)}, new Tensor[] {self}, null);
        }
        write(self, Factories.full(value, self.shape, self.dtype()));
        self.storage.bumpVersion();
        if (node != null) {
            rebaseHistory(self, node);
        }
        return self;
    }

    static Tensor copy(Tensor self, Tensor src) {
        checkWritable(self);
        Dual.requireNoTangent(src);
        Shapes.expandedStrides(src.shape, src.strides, self.shape);
        boolean record = OpNode.recordsBackward(self, src);
        if (record && !self.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("only Tensors of floating point dtype can require gradients");
        }
        OpNode node = null;
        if (record) {
            DType srcType = src.dtype();
            OpNode.BackwardRule rule = (n, g, saved) -> new Tensor[] {
                n.needs(0) ? Tensor.zerosLike(g) : null, n.needs(1) ? g.to(srcType) : null};
            node = OpNode.create("CopyBackwards", rule, new Tensor[] {self, src}, null);
        }
        write(self, new Tensor(Compute.denseAs(src, self.shape, self.dtype()), self.shape));
        self.storage.bumpVersion();
        if (node != null) {
            rebaseHistory(self, node, src);
        }
        return self;
    }

    /** PyTorch's check_inplace, plus the overlap check: fails before anything is written. */
    static void checkWritable(Tensor self) {
        Dual.requireNoTangent(self);
        if (Autograd.isGradEnabled()) {
            if (self.isLeaf() && self.requiresGrad()) {
                throw new IllegalStateException("a leaf Variable that requires grad is being used in an in-place operation.");
            }
            if (self.base != null && self.base.isLeaf() && self.base.requiresGrad()) {
                throw new IllegalStateException("a view of a leaf Variable that requires grad is being used in an "
                        + "in-place operation.");
            }
            Splitting.requireNotMultiOutputView(self);
        }
        for (int d = 0; d < self.shape.length; d++) {
            if (self.strides[d] == 0 && self.shape[d] > 1) {
                throw new IllegalArgumentException("unsupported operation: more than one element of the written-to "
                        + "tensor refers to a single memory location. Please clone() the tensor before performing the "
                        + "operation.");
            }
        }
    }

    private static void requireCastable(DType result, DType target) {
        boolean narrowsCategory = (result.isFloatingPoint() && !target.isFloatingPoint())
                || (result == DType.INT64 && target == DType.BOOL);
        if (narrowsCategory) {
            throw new IllegalArgumentException("result type " + result.scalarTypeName() + " can't be cast to the desired output "
                    + "type " + target.scalarTypeName());
        }
    }

    /** Same-index kernel straight into self's array when both operands are dense, of self's dtype and shape. */
    private static boolean writeDirectly(Tensor self, Tensor other, Kind kind, DType computeType) {
        boolean dense = self.offset == 0 && self.isContiguous() && other.offset == 0 && other.isContiguous()
                && Arrays.equals(self.shape, other.shape);
        if (!dense || computeType != self.dtype() || other.dtype() != self.dtype()) {
            return false;
        }
        int n = Shapes.numel(self.shape);
        switch (self.dtype()) {
            case FLOAT32:
                FloatKernels.binary(kind.kernel, self.storage.floats(), other.storage.floats(), self.storage.floats(), n);
                return true;
            case FLOAT64:
                DoubleKernels.binary(kind.kernel, self.storage.doubles(), other.storage.doubles(), self.storage.doubles(), n);
                return true;
            default:
                return false;
        }
    }

    /** Copies a dense value of self's shape into self's (possibly strided) elements, converting its dtype. */
    private static void write(Tensor self, Tensor value) {
        Storage data = StridedCopy.cast(value.storage, Shapes.numel(value.shape), self.dtype());
        StridedCopy.copy(data, Shapes.contiguousStrides(self.shape), 0, self.storage, self.strides, self.offset,
                self.shape);
    }

    private static OpNode.BackwardRule binaryRule(Kind kind) {
        switch (kind) {
            case ADD:
                return (node, g, s) -> new Tensor[] {g, g};
            case SUB:
                return (node, g, s) -> new Tensor[] {g, node.needs(1) ? g.neg() : null};
            case MUL:
                return (node, g, s) -> new Tensor[] {
                    node.needs(0) ? g.mul(s[0]) : null, node.needs(1) ? g.mul(s[1]) : null};
            default:
                // s[0] = other, s[1] = self before the write: d(a/b)/db = -a/b^2
                return (node, g, s) -> new Tensor[] {
                    node.needs(0) ? g.div(s[0]) : null, node.needs(1) ? g.neg().mul(s[1]).div(s[0].mul(s[0])) : null};
        }
    }

    /** Saved tensors for the binary rules: [other, self before the write]. */
    private static Tensor[] saves(Kind kind, Tensor other, Tensor selfBefore) {
        if (kind == Kind.MUL || kind == Kind.DIV) {
            return new Tensor[] {other, selfBefore};
        }
        return new Tensor[0];
    }

    /**
     * Points the modified tensor's history at {@code node}, recorded over (self, others...). For a
     * view, the base gets a CopySlices node instead and the view's history is rebuilt from it.
     */
    static void rebaseHistory(Tensor self, OpNode node, Tensor... others) {
        Tensor base = self.base;
        if (base == null || !(base.requiresGrad() || anyRequiresGrad(others))) {
            self.setHistory(node, 0);
            return;
        }
        base.setHistory(new CopySlices(base, self, node, others), 0);
        Views.regenerateViewHistory(self);
    }

    private static boolean anyRequiresGrad(Tensor[] tensors) {
        for (Tensor t : tensors) {
            if (t != null && t.requiresGrad()) {
                return true;
            }
        }
        return false;
    }
}
