package org.grad4j;

import java.util.List;
import org.grad4j.autograd.Autograd;
import org.grad4j.internal.tensor.Shapes;

/**
 * Linear algebra beyond the matrix products of {@link LinearAlgebra}: outer, addmm, baddbmm, kron,
 * cross, diagonal, diag and trace (LU-based ops are in {@link LuOps}, norms in {@link NormOps}).
 * Each op records PyTorch's node (or, where PyTorch composes the op, composes the same ops) and
 * writes its backward rule with differentiable Tensor ops, so double backward works.
 */
final class LinalgOps {
    private LinalgOps() {
    }

    // ---------------------------------------------------------------- products

    /** {@code torch.outer}: composed as PyTorch does, {@code a.reshape(n, 1) * b} (MulBackward0). */
    static Tensor outer(Tensor a, Tensor b) {
        requireVector("self", a);
        requireVector("vec2", b);
        return a.reshape(a.shape[0], 1).mul(b);
    }

    private static void requireVector(String name, Tensor t) {
        if (t.dim() != 1) {
            throw new IllegalArgumentException("outer: Expected 1-D argument " + name + ", but got " + t.dim() + "-D");
        }
    }

    /** {@code torch.addmm}: beta * input + alpha * (mat1 @ mat2), input broadcast to the product's shape. */
    static Tensor addmm(Tensor input, Tensor mat1, Tensor mat2, double beta, double alpha) {
        if (mat1.dim() != 2) {
            throw new IllegalArgumentException("mat1 must be a matrix, got " + mat1.dim() + "-D tensor");
        }
        if (mat2.dim() != 2) {
            throw new IllegalArgumentException("mat2 must be a matrix, got " + mat2.dim() + "-D tensor");
        }
        if (mat1.shape[1] != mat2.shape[0]) {
            throw new IllegalArgumentException("mat1 and mat2 shapes cannot be multiplied (" + mat1.shape[0] + "x"
                    + mat1.shape[1] + " and " + mat2.shape[0] + "x" + mat2.shape[1] + ")");
        }
        if (mat1.dtype() != mat2.dtype()) {
            throw new IllegalArgumentException("mat1 and mat2 must have the same dtype");
        }
        if (input.dtype() != mat2.dtype()) {
            throw new IllegalArgumentException("self and mat2 must have the same dtype");
        }
        requireExpandable(input, new int[] {mat1.shape[0], mat2.shape[1]});
        Tensor out;
        try (var off = Autograd.noGrad()) {
            out = fused(input, mat1.mm(mat2), beta, alpha);
        }
        return recordFused(out, "AddmmBackward0", input, mat1, mat2, beta, alpha, false);
    }

    /** {@code torch.baddbmm}: beta * input + alpha * (batch1 @ batch2), input broadcast to the product's shape. */
    static Tensor baddbmm(Tensor input, Tensor batch1, Tensor batch2, double beta, double alpha) {
        // PyTorch expands input to the result's size before it looks at the batches' ranks.
        requireExpandable(input, new int[] {(int) batch1.size(0), (int) batch1.size(1), (int) batch2.size(2)});
        if (batch1.dim() != 3) {
            throw new IllegalArgumentException("batch1 must be a 3D tensor");
        }
        if (batch2.dim() != 3) {
            throw new IllegalArgumentException("batch2 must be a 3D tensor");
        }
        if (batch2.shape[0] != batch1.shape[0] || batch2.shape[1] != batch1.shape[2]) {
            throw new IllegalArgumentException("Expected size for first two dimensions of batch2 tensor to be: ["
                    + batch1.shape[0] + ", " + batch1.shape[2] + "] but got: [" + batch2.shape[0] + ", "
                    + batch2.shape[1] + "].");
        }
        if (input.dtype() != batch1.dtype() || batch1.dtype() != batch2.dtype()) {
            throw new IllegalArgumentException("expected scalar type " + batch1.dtype().scalarTypeName() + " but found "
                    + (input.dtype() != batch1.dtype() ? input.dtype() : batch2.dtype()).scalarTypeName());
        }
        Tensor out;
        try (var off = Autograd.noGrad()) {
            out = fused(input, batch1.bmm(batch2), beta, alpha);
        }
        return recordFused(out, "BaddbmmBackward0", input, batch1, batch2, beta, alpha, true);
    }

    private static void requireExpandable(Tensor t, int[] target) {
        if (t.dim() > target.length) {
            throw new IllegalArgumentException("expand(torch." + t.dtype().scalarTypeName() + "Tensor{" + Shapes.format(t.shape)
                    + "}, size=" + Shapes.format(target) + "): the number of sizes provided (" + target.length
                    + ") must be greater or equal to the number of dimensions in the tensor (" + t.dim() + ")");
        }
        Shapes.expandedStrides(t.shape, t.strides, target);
    }

    /** beta * input + alpha * product, skipping input when beta is 0 (so its NaNs do not leak, as in PyTorch). */
    private static Tensor fused(Tensor input, Tensor product, double beta, double alpha) {
        Tensor scaled = scale(product, alpha);
        if (beta == 0) {
            return scaled == product ? product : scaled;
        }
        return scaled.add(scale(input, beta));
    }

    private static Tensor recordFused(Tensor out, String name, Tensor input, Tensor m1, Tensor m2, double beta,
            double alpha, boolean batched) {
        if (!(input.requiresGrad() || m1.requiresGrad() || m2.requiresGrad()) || !Tensor.gradModeEnabled()) {
            return out;
        }
        OpNode.BackwardRule rule = (node, g, s) -> new Tensor[] {
            node.needs(0) ? scale(g, beta) : null,
            node.needs(1) ? scale(batched ? g.bmm(s[1].transpose(1, 2)) : g.mm(s[1].t()), alpha) : null,
            node.needs(2) ? scale(batched ? s[0].transpose(1, 2).bmm(g) : s[0].t().mm(g), alpha) : null};
        return OpNode.record(out, name, rule, new Tensor[] {input, m1, m2},
                OpNode.differentiable(m2) ? m1 : null, OpNode.differentiable(m1) ? m2 : null);
    }

    /** t * s, keeping integer tensors integral for integral s and returning t itself for s == 1. */
    private static Tensor scale(Tensor t, double s) {
        if (s == 1) {
            return t;
        }
        if (t.dtype() == DType.INT64 && s == Math.rint(s)) {
            return t.mul((long) s);
        }
        return t.mul(s);
    }

    /** {@code torch.kron}: composed as PyTorch does (interleaved reshapes, mul, UnsafeViewBackward0). */
    static Tensor kron(Tensor a, Tensor b) {
        int rank = Math.max(a.dim(), b.dim());
        int padA = rank - a.dim();
        int padB = rank - b.dim();
        long[] aShape = new long[2 * rank];
        long[] bShape = new long[2 * rank];
        int[] outShape = new int[rank];
        for (int i = 0; i < rank; i++) {
            int sa = i >= padA ? a.shape[i - padA] : 1;
            int sb = i >= padB ? b.shape[i - padB] : 1;
            aShape[2 * i] = sa;
            aShape[2 * i + 1] = 1;
            bShape[2 * i] = 1;
            bShape[2 * i + 1] = sb;
            outShape[i] = sa * sb;
        }
        return Views.unsafeView(a.reshape(aShape).mul(b.reshape(bShape)), outShape);
    }

    /** {@code torch.linalg.cross(a, b, dim)}: the 3-vector cross product along dim, batch dims broadcast. */
    static Tensor cross(Tensor a, Tensor b, int dim) {
        if (a.dim() != b.dim()) {
            throw new IllegalArgumentException("linalg.cross: inputs must have the same number of dimensions.");
        }
        int d = Shapes.wrapDim(dim, a.dim());
        if (a.dim() == 0 || a.shape[d] != 3 || b.shape[d] != 3) {
            throw new IllegalArgumentException("linalg.cross: inputs dimension " + dim + " must have length 3. Got "
                    + (a.dim() == 0 ? 1 : a.shape[d]) + " and " + (b.dim() == 0 ? 1 : b.shape[d]));
        }
        Shapes.broadcast(a.shape, b.shape);
        Tensor out;
        try (var off = Autograd.noGrad()) {
            Tensor[] x = {a.narrow(d, 0, 1), a.narrow(d, 1, 1), a.narrow(d, 2, 1)};
            Tensor[] y = {b.narrow(d, 0, 1), b.narrow(d, 1, 1), b.narrow(d, 2, 1)};
            out = Tensor.cat(List.of(
                    x[1].mul(y[2]).sub(x[2].mul(y[1])),
                    x[2].mul(y[0]).sub(x[0].mul(y[2])),
                    x[0].mul(y[1]).sub(x[1].mul(y[0]))), d);
        }
        if (!OpNode.shouldRecord(a, b)) {
            return out;
        }
        return OpNode.record(out, "LinalgCrossBackward0", (node, g, s) -> new Tensor[] {
            node.needs(0) ? cross(s[1], g, d) : null,
            node.needs(1) ? cross(g, s[0], d) : null}, new Tensor[] {a, b},
                OpNode.differentiable(b) ? a : null, OpNode.differentiable(a) ? b : null);
    }

    /**
     * {@code torch.linalg.matrix_power(A, n)}, composed as PyTorch does: n = 0 copies the identity into
     * a clone of A, a negative n inverts first, and larger powers square and multiply by binary decomposition.
     */
    static Tensor matrixPower(Tensor a, long n) {
        if (a.dim() < 2) {
            throw new IllegalArgumentException("linalg.matrix_power: The input tensor A must have at least 2 dimensions.");
        }
        int rows = a.shape[a.dim() - 2];
        int cols = a.shape[a.dim() - 1];
        if (rows != cols) {
            throw new IllegalArgumentException("linalg.matrix_power: A must be batches of square matrices, but they are "
                    + rows + " by " + cols + " matrices");
        }
        if (n == 0) {
            // the identity, still connected to a's graph (with zero gradient), as in PyTorch
            return Dual.withoutTangents(() -> a.clone().copy_(Factories.eye(rows, rows, a.dtype())));
        }
        Tensor base = n < 0 ? a.inverse() : a;
        long k = Math.abs(n);
        if (k == 1) {
            return n > 0 ? a.clone() : base;
        }
        if (k == 2) {
            return base.matmul(base);
        }
        if (k == 3) {
            return base.matmul(base).matmul(base);
        }
        Tensor z = null;
        Tensor result = null;
        while (k > 0) {
            boolean bit = k % 2 == 1;
            k /= 2;
            z = z == null ? base : z.matmul(z);
            if (bit) {
                result = result == null ? z : result.matmul(z);
            }
        }
        return result;
    }

    // ---------------------------------------------------------------- diagonals

    /** {@code x.diagonal(offset, dim1, dim2)}: a view (DiagonalBackward0) with the diagonal as its last dim. */
    static Tensor diagonal(Tensor x, int offset, int dim1, int dim2) {
        int d1 = Shapes.wrapDim(dim1, x.dim());
        int d2 = Shapes.wrapDim(dim2, x.dim());
        if (d1 == d2) {
            throw new IllegalArgumentException("diagonal dimensions cannot be identical " + dim1 + ", " + dim2);
        }
        int length = offset >= 0
                ? Math.max(0, Math.min(x.shape[d1], x.shape[d2] - offset))
                : Math.max(0, Math.min(x.shape[d1] + offset, x.shape[d2]));
        int start = x.offset;
        if (length > 0) {
            start += offset >= 0 ? offset * x.strides[d2] : -offset * x.strides[d1];
        }
        int[] shape = new int[x.dim() - 1];
        int[] strides = new int[x.dim() - 1];
        for (int i = 0, j = 0; i < x.dim(); i++) {
            if (i != d1 && i != d2) {
                shape[j] = x.shape[i];
                strides[j++] = x.strides[i];
            }
        }
        shape[shape.length - 1] = length;
        strides[strides.length - 1] = x.strides[d1] + x.strides[d2];
        // A view shares its base's storage and version; see Note [View history] in Views.
        Tensor out = new Tensor(x.storage, shape, strides, start, x.base != null ? x.base : x);
        out.viewHistoryVersion = x.storage.version();
        if (!OpNode.shouldRecord(x)) {
            return out;
        }
        int[] inputShape = x.shape;
        return OpNode.record(out, "DiagonalBackward0",
                (node, g, s) -> new Tensor[] {diagonalScatter(g, inputShape, offset, d1, d2)}, new Tensor[] {x});
    }

    /** Zeros of {@code shape} with g written on the given diagonal: the gradient of diagonal (differentiable in g). */
    private static Tensor diagonalScatter(Tensor g, int[] shape, int offset, int d1, int d2) {
        Tensor zeros = Factories.full(0.0, shape, g.dtype());
        diagonal(zeros, offset, d1, d2).copy_(g);
        return zeros;
    }

    /** {@code torch.diag}: a 1-D tensor becomes a square matrix with it on a diagonal; a matrix gives its diagonal. */
    static Tensor diag(Tensor x, int offset) {
        if (x.dim() != 1 && x.dim() != 2) {
            throw new IllegalArgumentException("matrix or a vector expected");
        }
        Tensor out;
        if (x.dim() == 1) {
            int n = x.shape[0] + Math.abs(offset);
            out = Factories.full(0.0, new int[] {n, n}, x.dtype());
            try (var off = Autograd.noGrad()) {
                Tensor matrix = out;
                Dual.withoutTangents(() -> diagonal(matrix, offset, 0, 1).copy_(x));
            }
        } else {
            try (var off = Autograd.noGrad()) {
                out = diagonal(x, offset, 0, 1).clone();
            }
        }
        if (!OpNode.shouldRecord(x)) {
            return out;
        }
        int[] inputShape = x.shape;
        OpNode.BackwardRule rule = x.dim() == 1
                ? (node, g, s) -> new Tensor[] {diagonal(g, offset, 0, 1)}
                : (node, g, s) -> new Tensor[] {diagonalScatter(g, inputShape, offset, 0, 1)};
        return OpNode.record(out, "DiagBackward0", rule, new Tensor[] {x});
    }

    /** {@code torch.trace}: the sum of a matrix's main diagonal. */
    static Tensor trace(Tensor x) {
        if (x.dim() != 2) {
            throw new IllegalArgumentException("trace: expected a matrix, but got tensor with dim " + x.dim());
        }
        Tensor out;
        try (var off = Autograd.noGrad()) {
            out = diagonal(x, 0, 0, 1).sum();
        }
        if (!OpNode.shouldRecord(x)) {
            return out;
        }
        int rows = x.shape[0];
        int cols = x.shape[1];
        return OpNode.record(out, "TraceBackward0",
                (node, g, s) -> new Tensor[] {Factories.eye(rows, cols, g.dtype()).mul(g)}, new Tensor[] {x});
    }

    static void requireFloating(String op, Tensor t) {
        if (!t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": Expected a floating point or complex tensor as input. Got "
                    + t.dtype().scalarTypeName());
        }
    }
}
