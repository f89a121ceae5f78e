package org.grad4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.grad4j.autograd.Autograd;
import org.grad4j.internal.kernel.LuKernels;
import org.grad4j.internal.tensor.Shapes;

/**
 * Linear algebra beyond the matrix products of {@link LinearAlgebra}: outer, addmm, baddbmm, diag,
 * diagonal, trace, kron, cross, and the LU-based inv, det and solve, plus vector and matrix norms.
 * Each op records PyTorch's node (or, where PyTorch composes the op, composes the same ops) and
 * writes its backward rule with differentiable Tensor ops, so double backward works.
 *
 * <p>inv, det and solve factor in float64 (see {@link LuKernels}) whatever the input dtype; float32
 * results are rounded once at the end, which stays within float32 tolerance of LAPACK's results.
 */
final class LinalgOps {
    private static final double INF = Double.POSITIVE_INFINITY;

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
            throw new IllegalArgumentException("expected scalar type " + typeWord(batch1.dtype()) + " but found "
                    + typeWord(input.dtype() != batch1.dtype() ? input.dtype() : batch2.dtype()));
        }
        Tensor out;
        try (var off = Autograd.noGrad()) {
            out = fused(input, batch1.bmm(batch2), beta, alpha);
        }
        return recordFused(out, "BaddbmmBackward0", input, batch1, batch2, beta, alpha, true);
    }

    private static void requireExpandable(Tensor t, int[] target) {
        if (t.dim() > target.length) {
            throw new IllegalArgumentException("expand(torch." + typeWord(t.dtype()) + "Tensor{" + Shapes.format(t.shape)
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
                m2.requiresGrad() ? m1 : null, m1.requiresGrad() ? m2 : null);
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
                b.requiresGrad() ? a : null, a.requiresGrad() ? b : null);
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
                diagonal(out, offset, 0, 1).copy_(x);
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

    // ---------------------------------------------------------------- LU-based: inv, det, solve

    /** {@code torch.linalg.inv} of a batch of square matrices. */
    static Tensor inv(Tensor a) {
        int n = requireSquareFloating("linalg.inv", a);
        int batch = Shapes.numel(Arrays.copyOf(a.shape, a.dim() - 2));
        double[] lu = doubles(a);
        double[] out = new double[lu.length];
        int[] pivots = new int[n];
        for (int b = 0; b < batch; b++) {
            int off = b * n * n;
            int info = LuKernels.factor(lu, off, n, pivots);
            if (info != 0) {
                throw new IllegalArgumentException("linalg.inv: " + batchPrefix(a.dim() > 2, b) + "The diagonal element "
                        + info + " is zero, the inversion could not be completed because the input matrix is singular.");
            }
            for (int i = 0; i < n; i++) {
                out[off + i * n + i] = 1.0;
            }
            LuKernels.solve(lu, off, n, pivots, out, off, n);
        }
        Tensor result = Factories.fromDoubles(out, a.shape.clone(), a.dtype());
        if (!OpNode.shouldRecord(a)) {
            return result;
        }
        // d(A^-1) = -A^-1 dA A^-1, so the gradient is -A^-T g A^-T.
        return OpNode.record(result, "LinalgInvExBackward0", (node, g, s) -> new Tensor[] {
            s[0].mT().matmul(g).matmul(s[0].mT()).neg()}, new Tensor[] {a}, result);
    }

    /** {@code torch.linalg.det} of a batch of square matrices. */
    static Tensor det(Tensor a) {
        int n = requireSquareFloating("linalg.det", a);
        int batch = Shapes.numel(Arrays.copyOf(a.shape, a.dim() - 2));
        double[] lu = doubles(a);
        double[] out = new double[batch];
        int[] pivots = new int[n];
        for (int b = 0; b < batch; b++) {
            LuKernels.factor(lu, b * n * n, n, pivots);
            out[b] = LuKernels.determinant(lu, b * n * n, n, pivots);
        }
        Tensor result = Factories.fromDoubles(out, Arrays.copyOf(a.shape, a.dim() - 2), a.dtype());
        if (!OpNode.shouldRecord(a)) {
            return result;
        }
        return OpNode.record(result, "LinalgDetBackward0",
                (node, g, s) -> new Tensor[] {detGradient(g, s[0], s[1])}, new Tensor[] {a}, a, result);
    }

    /**
     * g * adj(A)^T: g * det * A^-T while every matrix is invertible; when one is exactly singular the
     * cofactor matrix is built from the determinants of the minors instead (still differentiable),
     * which gives the true gradient where PyTorch 1.13 returns zeros.
     */
    private static Tensor detGradient(Tensor g, Tensor a, Tensor det) {
        if (a.size(-1) == 0) {
            return null; // det of a 0x0 matrix is the constant 1; PyTorch gives no gradient
        }
        Tensor gu = g.unsqueeze(-1).unsqueeze(-1);
        boolean singular = false;
        for (double d : det.toDoubleArray()) {
            singular |= d == 0.0;
        }
        if (!singular) {
            return gu.mul(det.unsqueeze(-1).unsqueeze(-1)).mul(a.inverse().mT());
        }
        return gu.mul(cofactors(a));
    }

    /** The cofactor matrices C[i][j] = (-1)^(i+j) det(minor_ij) of a batch, composed of differentiable ops. */
    private static Tensor cofactors(Tensor a) {
        int n = a.shape[a.dim() - 1];
        if (n == 1) {
            return Tensor.onesLike(a);
        }
        List<Tensor> minors = new ArrayList<>(n * n);
        double[] signs = new double[n * n];
        for (int i = 0; i < n; i++) {
            Tensor rows = without(a, -2, i, n);
            for (int j = 0; j < n; j++) {
                minors.add(without(rows, -1, j, n));
                signs[i * n + j] = (i + j) % 2 == 0 ? 1 : -1;
            }
        }
        long[] shape = a.shape();
        Tensor dets = Tensor.stack(minors, -3).det().reshape(shape);
        return dets.mul(Factories.fromDoubles(signs, new int[] {n, n}, a.dtype()));
    }

    /** a with index i of dimension dim (of size n) left out. */
    private static Tensor without(Tensor a, int dim, int i, int n) {
        if (i == 0) {
            return a.narrow(dim, 1, n - 1);
        }
        if (i == n - 1) {
            return a.narrow(dim, 0, n - 1);
        }
        return Tensor.cat(List.of(a.narrow(dim, 0, i), a.narrow(dim, i + 1, n - 1 - i)), dim);
    }

    /**
     * {@code torch.linalg.solve(A, B)}: X with A X = B. B is a batch of vectors when it is 1-D or has
     * A's shape minus the last dim (PyTorch's rule), else a batch of matrices; batch dims broadcast.
     */
    static Tensor solve(Tensor a, Tensor b) {
        int n = requireSquare("linalg.solve", a);
        if (b.dim() == 0) {
            throw new IllegalArgumentException("linalg.solve: The input tensor B must have at least 2 dimensions.");
        }
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException("linalg.solve: Expected A and B to have the same dtype, but found A of type "
                    + typeWord(a.dtype()) + " and B of type " + typeWord(b.dtype()) + " instead");
        }
        requireFloating("linalg.solve", a);
        boolean vector = isVectorCase(a, b);
        int[] bShape = vector ? Arrays.copyOf(b.shape, b.dim() + 1) : b.shape;
        if (vector) {
            bShape[b.dim()] = 1;
        }
        int rhsRows = bShape[bShape.length - 2];
        int k = bShape[bShape.length - 1];
        if (rhsRows != n) {
            throw new IllegalArgumentException("linalg.solve: Incompatible shapes of A and B for the equation AX = B ("
                    + n + "x" + n + " and " + rhsRows + "x" + k + ")");
        }
        int[] batchShape = Shapes.broadcast(Arrays.copyOf(a.shape, a.dim() - 2),
                Arrays.copyOf(bShape, bShape.length - 2));
        int batch = Shapes.numel(batchShape);
        double[] lu = doublesAs(a, withTail(batchShape, n, n));
        Tensor bMatrix = new Tensor(b.storage, bShape, vector ? Arrays.copyOf(b.strides, b.dim() + 1) : b.strides,
                b.offset, null);
        double[] x = doublesAs(bMatrix, withTail(batchShape, n, k));
        int[] pivots = new int[n];
        for (int i = 0; i < batch; i++) {
            if (LuKernels.factor(lu, i * n * n, n, pivots) != 0) {
                throw new IllegalArgumentException("torch.linalg.solve: " + batchPrefix(batchShape.length > 0, i)
                        + "The solver failed because the input matrix is singular.");
            }
            LuKernels.solve(lu, i * n * n, n, pivots, x, i * n * k, k);
        }
        Tensor result = Factories.fromDoubles(x, vector ? withTail(batchShape, n) : withTail(batchShape, n, k), a.dtype());
        if (!OpNode.shouldRecord(a, b)) {
            return result;
        }
        // X = A^-1 B: gB = A^-T g, gA = -gB X^T (the engine sums broadcast batch dims away).
        return OpNode.record(result, "LinalgSolveExBackward0", (node, g, s) -> {
            Tensor gb = solve(s[0].mT(), g);
            Tensor ga = null;
            if (node.needs(0)) {
                ga = vector ? gb.unsqueeze(-1).matmul(s[1].unsqueeze(-2)) : gb.matmul(s[1].mT());
                ga = ga.neg();
            }
            return new Tensor[] {ga, node.needs(1) ? gb : null};
        }, new Tensor[] {a, b}, a, result);
    }

    private static boolean isVectorCase(Tensor a, Tensor b) {
        if (b.dim() == 1) {
            return true;
        }
        return b.dim() == a.dim() - 1 && Arrays.equals(b.shape, Arrays.copyOf(a.shape, a.dim() - 1));
    }

    private static int requireSquareFloating(String op, Tensor a) {
        int n = requireSquare(op, a);
        requireFloating(op, a);
        return n;
    }

    private static int requireSquare(String op, Tensor a) {
        if (a.dim() < 2) {
            throw new IllegalArgumentException(op + ": The input tensor A must have at least 2 dimensions.");
        }
        int rows = a.shape[a.dim() - 2];
        int cols = a.shape[a.dim() - 1];
        if (rows != cols) {
            throw new IllegalArgumentException(op + ": A must be batches of square matrices, but they are " + rows
                    + " by " + cols + " matrices");
        }
        return rows;
    }

    private static void requireFloating(String op, Tensor t) {
        if (!t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": Expected a floating point or complex tensor as input. Got "
                    + typeWord(t.dtype()));
        }
    }

    private static String batchPrefix(boolean batched, int index) {
        return batched ? "(Batch element " + index + "): " : "";
    }

    /** A fresh row-major float64 copy of t's elements. */
    private static double[] doubles(Tensor t) {
        return doublesAs(t, t.shape);
    }

    /** A fresh row-major float64 copy of t's elements broadcast to shape. */
    private static double[] doublesAs(Tensor t, int[] shape) {
        // denseAs may hand back t's own array; the LU kernels work in place, so always copy.
        return Compute.denseAs(t, shape, DType.FLOAT64).doubles().clone();
    }

    private static int[] withTail(int[] batch, int... tail) {
        int[] out = Arrays.copyOf(batch, batch.length + tail.length);
        System.arraycopy(tail, 0, out, batch.length, tail.length);
        return out;
    }

    // ---------------------------------------------------------------- norms

    /** {@code torch.linalg.vector_norm(x, ord, dim, keepdim)}; null or empty dims reduce over every dim. */
    static Tensor vectorNorm(Tensor x, double ord, int[] dims, boolean keepdim) {
        requireFloating("linalg.vector_norm", x);
        boolean[] reduced = reducedDims(x, dims);
        if (Double.isInfinite(ord) && hasEmptyReduction(x, reduced)) {
            throw new IllegalArgumentException("linalg.vector_norm cannot compute the " + (ord > 0 ? "" : "-")
                    + "inf norm on an empty tensor because the operation does not have an identity");
        }
        Tensor out = RowReduction.reduce(x, reduced, keepdim, RowReduction.Kind.forNorm(ord), ord);
        if (!OpNode.shouldRecord(x)) {
            return out;
        }
        return OpNode.record(out, "LinalgVectorNormBackward0",
                (node, g, s) -> new Tensor[] {vectorNormGradient(g, s[0], s[1], ord, reduced, keepdim)},
                new Tensor[] {x}, x, out);
    }

    private static Tensor vectorNormGradient(Tensor g, Tensor x, Tensor norm, double ord, boolean[] reduced,
            boolean keepdim) {
        Tensor gu = unsqueezeReduced(g, reduced, keepdim);
        Tensor nu = unsqueezeReduced(norm, reduced, keepdim);
        if (ord == 0) {
            return null; // PyTorch gives no gradient at all for the 0 "norm" (a count)
        }
        if (ord == 1) {
            return x.sign().mul(gu);
        }
        if (Double.isInfinite(ord)) {
            // The gradient is shared evenly by the elements that attain the extreme |x|.
            Tensor hits = x.abs().eq(nu).to(x.dtype());
            return x.sign().mul(hits).div(hits.sum(reducedIndices(reduced), true)).mul(gu);
        }
        Tensor zero = nu.eq(0).to(x.dtype());
        Tensor notZero = nu.ne(0).to(x.dtype());
        Tensor scaled;
        if (ord == 2) {
            return x.mul(gu.div(nu.add(zero)).mul(notZero));
        }
        if (ord < 2) {
            // sign(x) |x|^(p-1), with 0 where x == 0 (|x| is shifted to 1 there so no inf * 0 arises).
            Tensor xZero = x.eq(0).to(x.dtype());
            scaled = x.sign().mul(x.abs().add(xZero).pow(ord - 1));
        } else {
            scaled = x.mul(x.abs().pow(ord - 2));
        }
        return scaled.mul(gu.div(nu.pow(ord - 1).add(zero)).mul(notZero));
    }

    /**
     * {@code torch.linalg.matrix_norm(A, ord, dim, keepdim)} for ord 1, -1, inf, -inf (composed as
     * PyTorch does: abs, sum over one dim, amax/amin over the other). Orders 2 and -2 need singular
     * values, which grad4j does not compute yet.
     */
    static Tensor matrixNorm(Tensor a, double ord, int[] dims, boolean keepdim) {
        int[] d = matrixNormDims(a, dims);
        double abs = Math.abs(ord);
        if (abs != 1 && abs != INF) {
            if (abs == 2) {
                throw new UnsupportedOperationException("linalg.matrix_norm: Order " + formatOrder(ord)
                        + " needs singular values, which grad4j does not compute yet");
            }
            throw new IllegalArgumentException("linalg.matrix_norm: Order " + formatOrder(ord) + " not supported.");
        }
        int d0 = d[0];
        int d1 = d[1];
        if (abs == INF) {
            d0 = d[1];
            d1 = d[0];
        }
        if (!keepdim && d0 < d1) {
            d1--;
        }
        Tensor sums = a.abs().sum(d0, keepdim);
        return ord > 0 ? extreme(sums, d1, keepdim, true) : extreme(sums, d1, keepdim, false);
    }

    /** {@code torch.linalg.matrix_norm(A, "fro" | "nuc", dim, keepdim)}; "nuc" needs singular values. */
    static Tensor matrixNorm(Tensor a, String ord, int[] dims, boolean keepdim) {
        int[] d = matrixNormDims(a, dims);
        if (ord.equals("fro")) {
            return vectorNorm(a, 2, d, keepdim);
        }
        if (ord.equals("nuc")) {
            throw new UnsupportedOperationException("linalg.matrix_norm: Order nuc needs singular values, which grad4j "
                    + "does not compute yet");
        }
        throw new IllegalArgumentException("linalg.matrix_norm: Order " + ord + " not supported.");
    }

    private static int[] matrixNormDims(Tensor a, int[] dims) {
        if (a.dim() < 2) {
            throw new IllegalArgumentException("linalg.matrix_norm: The input tensor A must have at least 2 dimensions.");
        }
        requireFloating("linalg.matrix_norm", a);
        if (dims.length != 2) {
            StringBuilder got = new StringBuilder();
            for (int dim : dims) {
                got.append(got.length() == 0 ? "" : " ").append(dim);
            }
            throw new IllegalArgumentException("linalg.matrix_norm: dim must be a 2-tuple. Got " + got);
        }
        int d0 = Shapes.wrapDim(dims[0], a.dim());
        int d1 = Shapes.wrapDim(dims[1], a.dim());
        if (d0 == d1) {
            throw new IllegalArgumentException("linalg.matrix_norm: dims must be different. Got (" + dims[0] + ", "
                    + dims[1] + ")");
        }
        return new int[] {d0, d1};
    }

    private static String formatOrder(double ord) {
        if (Double.isInfinite(ord)) {
            return ord > 0 ? "inf" : "-inf";
        }
        return ord == Math.rint(ord) ? Long.toString((long) ord) : Double.toString(ord);
    }

    /** {@code x.amax(dim, keepdim)} / {@code x.amin(dim, keepdim)} (AmaxBackward0 / AminBackward0). */
    static Tensor extreme(Tensor x, int dim, boolean keepdim, boolean largest) {
        boolean[] reduced = reducedDims(x, new int[] {dim});
        if (hasEmptyReduction(x, reduced)) {
            throw new IllegalArgumentException((largest ? "amax" : "amin") + "(): Expected reduction dim " + dim
                    + " to have non-zero size.");
        }
        Tensor out = RowReduction.reduce(x, reduced, keepdim, largest ? RowReduction.Kind.MAX : RowReduction.Kind.MIN, 0);
        if (!OpNode.shouldRecord(x)) {
            return out;
        }
        return OpNode.record(out, largest ? "AmaxBackward0" : "AminBackward0", (node, g, s) -> {
            // Ties share the gradient evenly, as in PyTorch.
            Tensor hits = s[0].eq(unsqueezeReduced(s[1], reduced, keepdim)).to(g.dtype());
            return new Tensor[] {hits.div(hits.sum(reducedIndices(reduced), true)).mul(unsqueezeReduced(g, reduced, keepdim))};
        }, new Tensor[] {x}, x, out);
    }

    private static boolean[] reducedDims(Tensor x, int[] dims) {
        boolean[] reduced = new boolean[x.dim()];
        if (dims == null || dims.length == 0) {
            Arrays.fill(reduced, true);
            return reduced;
        }
        for (int dim : dims) {
            int d = Shapes.wrapDim(dim, x.dim());
            if (x.dim() == 0) {
                continue;
            }
            if (reduced[d]) {
                throw new IllegalArgumentException("dim " + d + " appears multiple times in the list of dims");
            }
            reduced[d] = true;
        }
        return reduced;
    }

    private static boolean hasEmptyReduction(Tensor x, boolean[] reduced) {
        for (int d = 0; d < reduced.length; d++) {
            if (reduced[d] && x.shape[d] == 0) {
                return true;
            }
        }
        return false;
    }

    private static int[] reducedIndices(boolean[] reduced) {
        int count = 0;
        for (boolean r : reduced) {
            count += r ? 1 : 0;
        }
        int[] out = new int[count];
        for (int d = 0, j = 0; d < reduced.length; d++) {
            if (reduced[d]) {
                out[j++] = d;
            }
        }
        return out;
    }

    private static Tensor unsqueezeReduced(Tensor t, boolean[] reduced, boolean keepdim) {
        if (keepdim) {
            return t;
        }
        Tensor out = t;
        for (int d = 0; d < reduced.length; d++) {
            if (reduced[d]) {
                out = out.unsqueeze(d);
            }
        }
        return out;
    }

    static String typeWord(DType type) {
        switch (type) {
            case FLOAT32: return "Float";
            case FLOAT64: return "Double";
            case INT64: return "Long";
            default: return "Bool";
        }
    }
}
