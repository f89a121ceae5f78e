package org.grad4j;

import java.util.Arrays;
import org.grad4j.internal.tensor.Shapes;

/**
 * torch.linalg's vector_norm and matrix_norm, and the amax/amin they compose with: forward by
 * {@link RowReduction}, PyTorch's node names, derivatives written with Tensor ops.
 */
final class NormOps {
    private static final double INF = Double.POSITIVE_INFINITY;

    private NormOps() {
    }

    /** {@code torch.linalg.vector_norm(x, ord, dim, keepdim)}; null or empty dims reduce over every dim. */
    static Tensor vectorNorm(Tensor x, double ord, int[] dims, boolean keepdim) {
        LinalgOps.requireFloating("linalg.vector_norm", x);
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
     * {@code torch.linalg.norm(x, ord, dim, keepdim)}: a matrix norm when ord is given and there are two
     * dims (named, or those of a 2-D input), else a vector norm (ord null means 2, dims null all dims).
     */
    static Tensor norm(Tensor x, Double ord, int[] dims, boolean keepdim) {
        requireNormDims(x, dims, ord != null);
        if (ord != null && ((dims != null && dims.length == 2) || (dims == null && x.dim() == 2))) {
            return matrixNorm(x, ord, dims == null ? new int[] {0, 1} : dims, keepdim);
        }
        return vectorNorm(x, ord == null ? 2 : ord, dims, keepdim);
    }

    /** {@code torch.linalg.norm(A, "fro", dim, keepdim)}: always a matrix norm. */
    static Tensor norm(Tensor x, String ord, int[] dims, boolean keepdim) {
        requireNormDims(x, dims, true);
        return matrixNorm(x, ord, dims == null ? new int[] {0, 1} : dims, keepdim);
    }

    private static void requireNormDims(Tensor x, int[] dims, boolean hasOrd) {
        if (dims != null && dims.length != 1 && dims.length != 2) {
            throw new IllegalArgumentException("linalg.norm: If dim is specified, it must be of length 1 or 2. Got "
                    + Arrays.toString(dims));
        }
        if (dims == null && hasOrd && x.dim() != 1 && x.dim() != 2) {
            throw new IllegalArgumentException("linalg.norm: If dim is not specified but ord is, the input must be 1D "
                    + "or 2D. Got " + x.dim() + "D.");
        }
    }

    /**
     * {@code torch.linalg.matrix_norm(A, ord, dim, keepdim)}, composed as PyTorch does: for ord 1, -1,
     * inf, -inf abs, sum over one dim, amax/amin over the other; for 2 and -2 the largest / smallest
     * singular value (see {@link #overSingularValues}).
     */
    static Tensor matrixNorm(Tensor a, double ord, int[] dims, boolean keepdim) {
        int[] d = matrixNormDims(a, dims);
        double abs = Math.abs(ord);
        if (abs == 2) {
            return overSingularValues(a, d, keepdim, ord > 0 ? SingularValues.LARGEST : SingularValues.SMALLEST);
        }
        if (abs != 1 && abs != INF) {
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

    /** {@code torch.linalg.matrix_norm(A, "fro" | "nuc", dim, keepdim)}; "nuc" is the sum of the singular values. */
    static Tensor matrixNorm(Tensor a, String ord, int[] dims, boolean keepdim) {
        int[] d = matrixNormDims(a, dims);
        if (ord.equals("fro")) {
            return vectorNorm(a, 2, d, keepdim);
        }
        if (ord.equals("nuc")) {
            return overSingularValues(a, d, keepdim, SingularValues.SUM);
        }
        throw new IllegalArgumentException("linalg.matrix_norm: Order " + ord + " not supported.");
    }

    /**
     * {@code torch.norm(A, "nuc", dim, keepdim)} (ATen's nuclear_norm): the nuclear norm over two dims,
     * or over the only two of a 2-D A when dims is null; composed as matrix_norm's "nuc" (with keepdim,
     * PyTorch's in-place {@code unsqueeze_} records UnsqueezeBackward1 where grad4j records UnsqueezeBackward0).
     */
    static Tensor nuclearNorm(Tensor a, int[] dims, boolean keepdim) {
        if (dims == null) {
            if (a.dim() != 2) {
                throw new IllegalArgumentException("Expected a tensor with 2 dimensions, but got a tensor with " + a.dim()
                        + (a.dim() == 1 ? " dimension" : " dimensions") + " instead.");
            }
            dims = new int[] {0, 1};
        }
        if (dims.length != 2) {
            throw new IllegalArgumentException("nuclear norm requires a 'dim' argument of size 2");
        }
        int d0 = Shapes.wrapDim(dims[0], a.dim());
        int d1 = Shapes.wrapDim(dims[1], a.dim());
        if (d0 == d1) {
            throw new IllegalArgumentException("duplicate or invalid dimensions");
        }
        return overSingularValues(a, new int[] {d0, d1}, keepdim, SingularValues.SUM);
    }

    /** What a singular-value matrix norm keeps: ord 2 (amax), ord -2 (amin) or "nuc" (sum). */
    private enum SingularValues {
        LARGEST, SMALLEST, SUM
    }

    /**
     * amax, amin or sum of the singular values of the matrices spanned by dims d, as PyTorch composes
     * it: permute d to the end, svdvals, reduce the last dim, and with keepdim unsqueeze and permute back
     * (so the grad_fn chain is PyTorch's: [Permute, Unsqueeze,] Amax/Amin/Sum, LinalgSvd, Permute).
     */
    private static Tensor overSingularValues(Tensor a, int[] d, boolean keepdim, SingularValues reduction) {
        int[] permutation = new int[a.dim()];
        for (int i = 0, j = 0; i < a.dim(); i++) {
            if (i != d[0] && i != d[1]) {
                permutation[j++] = i;
            }
        }
        permutation[a.dim() - 2] = d[0];
        permutation[a.dim() - 1] = d[1];
        Tensor values = SvdOps.svdvals(a.permute(permutation));
        Tensor out;
        if (reduction == SingularValues.SUM) {
            out = values.sum(-1, keepdim);
        } else {
            boolean largest = reduction == SingularValues.LARGEST;
            if (values.size(-1) == 0) {
                // PyTorch reports the dim as passed (-1), which grad4j's amax would print wrapped.
                throw new IndexOutOfBoundsException((largest ? "amax" : "amin")
                        + "(): Expected reduction dim -1 to have non-zero size.");
            }
            out = largest ? values.amax(-1, keepdim) : values.amin(-1, keepdim);
        }
        if (!keepdim) {
            return out;
        }
        int[] inverse = new int[permutation.length];
        for (int i = 0; i < permutation.length; i++) {
            inverse[permutation[i]] = i;
        }
        return out.unsqueeze(-1).permute(inverse);
    }

    private static int[] matrixNormDims(Tensor a, int[] dims) {
        if (a.dim() < 2) {
            throw new IllegalArgumentException("linalg.matrix_norm: The input tensor A must have at least 2 dimensions.");
        }
        LinalgOps.requireFloating("linalg.matrix_norm", a);
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
}
