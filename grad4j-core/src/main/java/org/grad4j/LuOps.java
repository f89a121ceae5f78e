package org.grad4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.grad4j.internal.kernel.LuKernels;
import org.grad4j.internal.tensor.Shapes;

/**
 * torch.linalg's inv, det and solve over batches of square matrices, on the LU factorisation of
 * {@link LuKernels}, with PyTorch's node names, derivatives written with Tensor ops, and PyTorch's
 * singular-matrix errors.
 *
 * <p>The factorisation runs in float64 whatever the input dtype; float32 results are rounded once at
 * the end, which stays within float32 tolerance of PyTorch's (LAPACK's) float32 results.
 */
final class LuOps {
    private LuOps() {
    }

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
                    + a.dtype().scalarTypeName() + " and B of type " + b.dtype().scalarTypeName() + " instead");
        }
        LinalgOps.requireFloating("linalg.solve", a);
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
        LinalgOps.requireFloating(op, a);
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
}
