package org.grad4j.linalg;

import org.grad4j.Tensor;

/**
 * The three results of {@code torch.linalg.svd(A)} (PyTorch's {@code torch.return_types.linalg_svd}):
 * A = U diag(S) Vh, with S descending and U, Vh orthonormal. Each singular vector is unique only up
 * to sign (and repeated singular values share a whole subspace), so grad4j's U and Vh may differ
 * from LAPACK's by such choices while U diag(S) Vh is the same matrix.
 *
 * <pre>{@code
 * Svd r = Linalg.svd(a, false);
 * r.U().mul(r.S().unsqueeze(-2)).matmul(r.Vh()); // U diag(S) Vh: a again, up to rounding
 * }</pre>
 */
public record Svd(Tensor U, Tensor S, Tensor Vh) {
}
