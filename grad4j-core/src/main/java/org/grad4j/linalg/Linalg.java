package org.grad4j.linalg;

import org.grad4j.Tensor;

/**
 * {@code torch.linalg}: static functions over (batches of) matrices and vectors. Each delegates to
 * the Tensor method that implements it.
 *
 * <pre>{@code
 * Tensor a = Tensor.of(new double[][] {{4, 7}, {2, 6}});
 * Linalg.inv(a);                       // tensor([[ 0.6000, -0.7000], [-0.2000,  0.4000]])
 * Linalg.det(a);                       // tensor(10.)
 * Linalg.solve(a, Tensor.of(1.0, 2.0)); // x with a @ x = b
 * Linalg.svdvals(a);                   // singular values, descending
 * }</pre>
 */
public final class Linalg {
    private Linalg() {
    }

    /** {@code torch.linalg.inv(A)}; fails with PyTorch's message when a matrix is singular. */
    public static Tensor inv(Tensor a) {
        return a.inverse();
    }

    /** {@code torch.linalg.det(A)}. */
    public static Tensor det(Tensor a) {
        return a.det();
    }

    /** {@code torch.linalg.solve(A, B)}: X with A X = B (B a batch of vectors or of matrices). */
    public static Tensor solve(Tensor a, Tensor b) {
        return a.linalgSolve(b);
    }

    /** {@code torch.linalg.vector_norm(x)}: the 2-norm of all elements. */
    public static Tensor vectorNorm(Tensor x) {
        return x.linalgVectorNorm(2, null, false);
    }

    /** {@code torch.linalg.vector_norm(x, ord)} over all elements (ord may be infinite or 0). */
    public static Tensor vectorNorm(Tensor x, double ord) {
        return x.linalgVectorNorm(ord, null, false);
    }

    /** {@code torch.linalg.vector_norm(x, ord, dim, keepdim)}; null dims reduce over all. */
    public static Tensor vectorNorm(Tensor x, double ord, int[] dims, boolean keepdim) {
        return x.linalgVectorNorm(ord, dims, keepdim);
    }

    /** {@code torch.linalg.matrix_norm(A)}: the Frobenius norm over the last two dims. */
    public static Tensor matrixNorm(Tensor a) {
        return a.linalgMatrixNorm("fro", new int[] {-2, -1}, false);
    }

    /** {@code torch.linalg.matrix_norm(A, ord)} for ord 1, -1, 2, -2, inf, -inf over the last two dims. */
    public static Tensor matrixNorm(Tensor a, double ord) {
        return a.linalgMatrixNorm(ord, new int[] {-2, -1}, false);
    }

    /** {@code torch.linalg.matrix_norm(A, ord, dim, keepdim)} for ord 1, -1, 2, -2, inf, -inf (2, -2: largest, smallest singular value). */
    public static Tensor matrixNorm(Tensor a, double ord, int[] dims, boolean keepdim) {
        return a.linalgMatrixNorm(ord, dims, keepdim);
    }

    /** {@code torch.linalg.matrix_norm(A, "fro" | "nuc")} over the last two dims ("nuc": the sum of the singular values). */
    public static Tensor matrixNorm(Tensor a, String ord) {
        return a.linalgMatrixNorm(ord, new int[] {-2, -1}, false);
    }

    /** {@code torch.linalg.matrix_norm(A, "fro" | "nuc", dim, keepdim)}. */
    public static Tensor matrixNorm(Tensor a, String ord, int[] dims, boolean keepdim) {
        return a.linalgMatrixNorm(ord, dims, keepdim);
    }

    /** {@code torch.linalg.norm(x)}: the 2-norm of all elements. */
    public static Tensor norm(Tensor x) {
        return x.linalgNorm((Double) null, null, false);
    }

    /** {@code torch.linalg.norm(x, ord)}: a vector norm of a 1-D x, a matrix norm of a 2-D one. */
    public static Tensor norm(Tensor x, double ord) {
        return x.linalgNorm(ord, null, false);
    }

    /** {@code torch.linalg.norm(A, "fro" | "nuc")} of a 2-D A. */
    public static Tensor norm(Tensor x, String ord) {
        return x.linalgNorm(ord, null, false);
    }

    /** {@code torch.linalg.norm(x, dim=dims, keepdim=keepdim)} (ord None): the 2-norm over one or two dims (null: all). */
    public static Tensor norm(Tensor x, int[] dims, boolean keepdim) {
        return x.linalgNorm((Double) null, dims, keepdim);
    }

    /** {@code torch.linalg.norm(x, ord, dim, keepdim)}: a matrix norm over two dims, a vector norm over one. */
    public static Tensor norm(Tensor x, double ord, int[] dims, boolean keepdim) {
        return x.linalgNorm(ord, dims, keepdim);
    }

    /** {@code torch.linalg.norm(A, "fro" | "nuc", dim, keepdim)}. */
    public static Tensor norm(Tensor x, String ord, int[] dims, boolean keepdim) {
        return x.linalgNorm(ord, dims, keepdim);
    }

    /**
     * {@code torch.linalg.svdvals(A)}: the singular values of each m x n matrix of a batch, descending,
     * shape (*, min(m, n)). Differentiable everywhere (the gradient is U diag(gS) Vh; LinalgSvdBackward0).
     */
    public static Tensor svdvals(Tensor a) {
        return a.linalgSvdvals();
    }

    /** {@code torch.linalg.svd(A)}: full_matrices=True, so U is (*, m, m) and Vh (*, n, n). */
    public static Svd svd(Tensor a) {
        return a.linalgSvd(true);
    }

    /**
     * {@code torch.linalg.svd(A, full_matrices)}: A = U diag(S) Vh; reduced (U (*, m, k), Vh (*, k, n),
     * k = min(m, n)) when fullMatrices is false. Singular vectors may differ from LAPACK's in sign; the
     * gradient through U or Vh is ill-defined where singular values repeat, as in PyTorch (see {@link Svd}).
     */
    public static Svd svd(Tensor a, boolean fullMatrices) {
        return a.linalgSvd(fullMatrices);
    }

    /** {@code torch.linalg.cross(a, b)}: along the last dim. */
    public static Tensor cross(Tensor a, Tensor b) {
        return a.cross(b, -1);
    }

    /** {@code torch.linalg.cross(a, b, dim)}. */
    public static Tensor cross(Tensor a, Tensor b, int dim) {
        return a.cross(b, dim);
    }

    /** {@code torch.linalg.matrix_power(A, n)} = {@code A.matrix_power(n)}. */
    public static Tensor matrixPower(Tensor a, long n) {
        return a.matrixPower(n);
    }

    /** {@code torch.linalg.vecdot(x, y)}: the dot product along the last dim, batch dims broadcast. */
    public static Tensor vecdot(Tensor x, Tensor y) {
        return vecdot(x, y, -1);
    }

    /** {@code torch.linalg.vecdot(x, y, dim=dim)}: {@code (x * y).sum(dim)} for real tensors of one dtype. */
    public static Tensor vecdot(Tensor x, Tensor y, int dim) {
        if (x.dtype() != y.dtype()) {
            throw new IllegalArgumentException("linalg.vecdot: Expected x and y to have the same dtype, but found x of type "
                    + x.dtype().scalarTypeName() + " and y of type " + y.dtype().scalarTypeName() + " instead");
        }
        return x.mul(y).sum(dim);
    }

    /** {@code torch.linalg.matmul(a, b)} = {@code a @ b}. */
    public static Tensor matmul(Tensor a, Tensor b) {
        return a.matmul(b);
    }
}
