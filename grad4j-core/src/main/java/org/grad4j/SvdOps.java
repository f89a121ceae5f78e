package org.grad4j;

import java.util.Arrays;
import java.util.List;
import org.grad4j.autograd.ForwardAD;
import org.grad4j.autograd.SavedTensor;
import org.grad4j.internal.kernel.SvdKernels;
import org.grad4j.internal.tensor.Shapes;
import org.grad4j.linalg.Svd;

/**
 * torch.linalg's svd and svdvals over batches of m x n matrices, on the Jacobi SVD of
 * {@link SvdKernels} (in float64 whatever the input dtype, rounded once at the end), recorded as
 * PyTorch's three-output {@code LinalgSvdBackward0} node with PyTorch's svd_backward written in
 * Tensor ops (so double backward and forward mode work as in PyTorch).
 *
 * <p>Note [SVD gradients]: the gradient through S alone is U diag(gS) Vh, defined everywhere. The
 * gradient through U or Vh divides by s_j^2 - s_i^2 and, for a rectangular matrix, by the singular
 * values themselves: it is infinite or NaN where singular values repeat or (rectangular) vanish,
 * exactly as PyTorch's. Singular vectors are only defined up to sign, so only losses that do not
 * depend on that choice (|U|, U diag(w) U^T, U diag(S) Vh, ...) have a meaningful gradient; like
 * PyTorch for real inputs, grad4j does not check that. With full matrices the extra columns of U
 * (rows of Vh) are an arbitrary completion, and their gradients are ignored, as in PyTorch.
 */
final class SvdOps {
    private static final String NAME = "LinalgSvdBackward0";

    private SvdOps() {
    }

    /** {@code torch.linalg.svdvals(A)}: the singular values, descending, shape (*, min(m, n)). */
    static Tensor svdvals(Tensor a) {
        requireMatrices(a);
        boolean record = OpNode.shouldRecord(a);
        // U and Vh are needed only for the gradient, as in PyTorch (compute_uv = A may need a gradient).
        Tensor[] usv = decompose(a, record, false);
        if (record) {
            record(a, usv, false, true);
        }
        return usv[1];
    }

    /** {@code torch.linalg.svd(A, full_matrices)}. */
    static Svd svd(Tensor a, boolean fullMatrices) {
        requireMatrices(a);
        Tensor[] usv = decompose(a, true, fullMatrices);
        if (OpNode.shouldRecord(a)) {
            record(a, usv, fullMatrices, false);
        }
        return new Svd(usv[0], usv[1], usv[2]);
    }

    private static void requireMatrices(Tensor a) {
        if (a.dim() < 2) {
            throw new IllegalArgumentException("linalg.svd: The input tensor A must have at least 2 dimensions.");
        }
        LinalgOps.requireFloating("linalg.svd", a);
    }

    /** U, S, Vh of every matrix of the batch (U and Vh null unless {@code vectors}). */
    private static Tensor[] decompose(Tensor a, boolean vectors, boolean full) {
        int d = a.dim();
        int m = a.shape[d - 2];
        int n = a.shape[d - 1];
        int k = Math.min(m, n);
        int uCols = full ? m : k;
        int vhRows = full ? n : k;
        int[] batchShape = Arrays.copyOf(a.shape, d - 2);
        int batch = Shapes.numel(batchShape);
        double[] x = Compute.denseAs(a, a.shape, DType.FLOAT64).doubles(); // only read
        double[] s = new double[batch * k];
        double[] u = vectors ? new double[batch * m * uCols] : null;
        double[] vh = vectors ? new double[batch * vhRows * n] : null;
        for (int b = 0; b < batch; b++) {
            if (!SvdKernels.allFinite(x, b * m * n, m * n)) {
                // LAPACK's wording; it reports NaN this way (and an infinity at times, at times gives NaN results).
                throw new IllegalArgumentException("linalg.svd: " + (d > 2 ? "(Batch element " + b + "): " : "")
                        + "The algorithm failed to converge because the input matrix contained non-finite values.");
            }
        }
        for (int b = 0; b < batch; b++) {
            SvdKernels.decompose(x, b * m * n, m, n, s, b * k, u, b * m * uCols, vh, b * vhRows * n, full);
        }
        Tensor sTensor = Factories.fromDoubles(s, withTail(batchShape, k), a.dtype());
        if (!vectors) {
            return new Tensor[] {null, sTensor, null};
        }
        return new Tensor[] {Factories.fromDoubles(u, withTail(batchShape, m, uCols), a.dtype()), sTensor,
            Factories.fromDoubles(vh, withTail(batchShape, vhRows, n), a.dtype())};
    }

    /** Makes U, S, Vh the outputs of one LinalgSvdBackward0 node; under forward AD gives them tangents. */
    private static void record(Tensor a, Tensor[] usv, boolean full, boolean valuesOnly) {
        if (OpNode.recordsBackward(a)) {
            SvdNode node = new SvdNode(a, usv, full);
            for (int i = 0; i < 3; i++) {
                usv[i].setHistory(node, i);
            }
        }
        if (ForwardAD.isActive()) {
            Tensor u = usv[0];
            Tensor s = usv[1];
            Tensor vh = usv[2];
            if (valuesOnly) {
                // svdvals hands out S only: U and Vh need no tangent (and their rule terms would divide by gaps).
                Dual.propagate(List.of(s), g -> backward(null, g[0], null, u, s, vh, false), a);
            } else {
                Dual.propagate(List.of(u, s, vh), g -> backward(g[0], g[1], g[2], u, s, vh, full), a);
            }
        }
    }

    /**
     * PyTorch's svd_backward: the gradient of A given those of U, S and Vh (null where none arrived).
     * See Note [SVD gradients] for where it is defined.
     */
    static Tensor backward(Tensor gU, Tensor gS, Tensor gVh, Tensor u, Tensor s, Tensor vh, boolean full) {
        if (gU == null && gS == null && gVh == null) {
            return null;
        }
        int k = (int) s.size(-1);
        if (full) {
            // The completion beyond the first k vectors is arbitrary, so its gradient is dropped.
            u = u.narrow(-1, 0, k);
            vh = vh.narrow(-2, 0, k);
            gU = gU == null ? null : gU.narrow(-1, 0, k);
            gVh = gVh == null ? null : gVh.narrow(-2, 0, k);
        }
        long m = u.size(-2);
        long n = vh.size(-1);
        if (gU == null && gVh == null) {
            return m >= n ? u.matmul(gS.unsqueeze(-1).mul(vh)) : u.mul(gS.unsqueeze(-2)).matmul(vh);
        }
        Tensor s2 = s.mul(s);
        // e[i][j] = s_j^2 - s_i^2 off the diagonal; 1 on it, where the numerators below are exactly 0.
        Tensor e = s2.unsqueeze(-2).sub(s2.unsqueeze(-1)).add(Factories.eye(k, k, s.dtype()));
        Tensor inner = null;
        if (gU != null) {
            inner = skew(u.mT().matmul(gU)).mul(s.unsqueeze(-2));
        }
        if (gVh != null) {
            Tensor term = s.unsqueeze(-1).mul(skew(vh.matmul(gVh.mT())));
            inner = inner == null ? term : inner.add(term);
        }
        inner = inner.div(e);
        if (gS != null) {
            inner = inner.add(gS.unsqueeze(-1).mul(Factories.eye(k, k, s.dtype())));
        }
        if (m > k && gU != null) {
            // The part of gU outside U's column space: (I - U U^T) gU S^-1.
            Tensor gUSinv = gU.div(s.unsqueeze(-2));
            Tensor ga = u.matmul(inner).add(gUSinv).sub(u.matmul(u.mT().matmul(gUSinv)));
            return ga.matmul(vh);
        }
        if (n > k && gVh != null) {
            Tensor sinvgVh = gVh.div(s.unsqueeze(-1));
            Tensor ga = inner.matmul(vh).add(sinvgVh).sub(sinvgVh.matmul(vh.mT()).matmul(vh));
            return u.matmul(ga);
        }
        return m >= n ? u.matmul(inner.matmul(vh)) : u.matmul(inner).matmul(vh);
    }

    private static Tensor skew(Tensor x) {
        return x.sub(x.mT());
    }

    private static int[] withTail(int[] batch, int... tail) {
        int[] out = Arrays.copyOf(batch, batch.length + tail.length);
        System.arraycopy(tail, 0, out, batch.length, tail.length);
        return out;
    }

    /** PyTorch's LinalgSvdBackward0: one node for the three outputs, saving them for svd_backward. */
    private static final class SvdNode extends RecordedNode {
        private final SavedTensor[] saved = new SavedTensor[3];
        private final boolean full;

        SvdNode(Tensor a, Tensor[] usv, boolean full) {
            super(3);
            this.full = full;
            for (int i = 0; i < 3; i++) {
                saved[i] = new SavedTensor(usv[i], NAME);
            }
            connect(a);
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        protected Tensor[] apply(Tensor[] gradOutputs) {
            Tensor u = saved[0].unpack();
            Tensor s = saved[1].unpack();
            Tensor vh = saved[2].unpack();
            return new Tensor[] {backward(gradOutputs[0], gradOutputs[1], gradOutputs[2], u, s, vh, full)};
        }

        @Override
        public List<SavedTensor> savedTensors() {
            return List.of(saved);
        }

        @Override
        protected void checkSavedTensors() {
            for (SavedTensor t : saved) {
                t.check();
            }
        }

        @Override
        protected void releaseSaved() {
            for (SavedTensor t : saved) {
                t.release();
            }
        }
    }
}
