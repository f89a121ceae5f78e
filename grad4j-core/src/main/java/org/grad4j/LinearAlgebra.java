package org.grad4j;

import java.util.Arrays;
import org.grad4j.internal.kernel.ReduceKernels;
import org.grad4j.internal.tensor.Shapes;
import org.grad4j.internal.tensor.Storage;

/** dot, mv, mm, bmm and matmul (every rank combination torch.matmul accepts), with their derivatives. */
final class LinearAlgebra {
    private static final OpNode.BackwardRule DOT_RULE = (node, g, s) -> new Tensor[] {
        node.needs(0) ? g.mul(s[1]) : null,
        node.needs(1) ? g.mul(s[0]) : null};
    private static final OpNode.BackwardRule MV_RULE = (node, g, s) -> new Tensor[] {
        node.needs(0) ? g.unsqueeze(1).mm(s[1].unsqueeze(0)) : null,
        node.needs(1) ? s[0].t().mv(g) : null};
    private static final OpNode.BackwardRule MM_RULE = (node, g, s) -> new Tensor[] {
        node.needs(0) ? g.mm(s[1].t()) : null,
        node.needs(1) ? s[0].t().mm(g) : null};
    private static final OpNode.BackwardRule BMM_RULE = (node, g, s) -> new Tensor[] {
        node.needs(0) ? g.bmm(s[1].transpose(1, 2)) : null,
        node.needs(1) ? s[0].transpose(1, 2).bmm(g) : null};

    private LinearAlgebra() {
    }

    static Tensor dot(Tensor a, Tensor b) {
        if (a.dim() != 1 || b.dim() != 1) {
            throw new IllegalArgumentException("1D tensors expected, but got " + a.dim() + "D and " + b.dim() + "D tensors");
        }
        if (a.shape[0] != b.shape[0]) {
            throw new IllegalArgumentException("inconsistent tensor size, expected tensor [" + a.shape[0] + "] and src ["
                    + b.shape[0] + "] to have the same number of elements, but got " + a.shape[0] + " and "
                    + b.shape[0] + " elements respectively");
        }
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException("dot : expected both vectors to have same dtype, but found "
                    + a.dtype().scalarTypeName() + " and " + b.dtype().scalarTypeName());
        }
        Tensor out = new Tensor(dotProduct(a, b), Shapes.SCALAR);
        if (!OpNode.shouldRecord(a, b)) {
            return out;
        }
        return OpNode.record(out, "DotBackward0", DOT_RULE, new Tensor[] {a, b},
                OpNode.differentiable(b) ? a : null, OpNode.differentiable(a) ? b : null);
    }

    private static Storage dotProduct(Tensor a, Tensor b) {
        int n = a.shape[0];
        Storage x = Compute.dense(a);
        Storage y = Compute.dense(b);
        Storage out = Storage.allocate(a.dtype(), 1);
        switch (a.dtype()) {
            case FLOAT32: {
                float[] p = new float[n];
                for (int i = 0; i < n; i++) p[i] = x.floats()[i] * y.floats()[i];
                out.floats()[0] = (float) ReduceKernels.sum(p, 0, n);
                break;
            }
            case FLOAT64: {
                double[] p = new double[n];
                for (int i = 0; i < n; i++) p[i] = x.doubles()[i] * y.doubles()[i];
                out.doubles()[0] = ReduceKernels.sum(p, 0, n);
                break;
            }
            case INT64: {
                long sum = 0;
                for (int i = 0; i < n; i++) sum += x.longs()[i] * y.longs()[i];
                out.longs()[0] = sum;
                break;
            }
            default:
                throw new IllegalArgumentException("\"dot\" not implemented for 'Bool'");
        }
        return out;
    }

    static Tensor mv(Tensor matrix, Tensor vector) {
        if (matrix.dim() != 2 || vector.dim() != 1) {
            throw new IllegalArgumentException("vector + matrix @ vector expected, got 1, " + matrix.dim() + ", "
                    + vector.dim());
        }
        if (matrix.shape[1] != vector.shape[0]) {
            throw new IllegalArgumentException("size mismatch, got " + matrix.shape[0] + ", " + matrix.shape[0] + "x"
                    + matrix.shape[1] + "," + vector.shape[0]);
        }
        requireSameDType(matrix, vector);
        requireNotBool("addmv_impl_cpu", matrix);
        Tensor column = new Tensor(vector.storage, new int[] {vector.shape[0], 1},
                new int[] {vector.strides[0], 1}, vector.offset, null);
        Tensor product = Compute.matmul(matrix, column);
        Tensor out = new Tensor(product.storage, new int[] {matrix.shape[0]});
        if (!OpNode.shouldRecord(matrix, vector)) {
            return out;
        }
        return OpNode.record(out, "MvBackward0", MV_RULE, new Tensor[] {matrix, vector},
                OpNode.differentiable(vector) ? matrix : null, OpNode.differentiable(matrix) ? vector : null);
    }

    static Tensor mm(Tensor a, Tensor b) {
        if (a.dim() != 2) {
            throw new IllegalArgumentException("self must be a matrix");
        }
        if (b.dim() != 2) {
            throw new IllegalArgumentException("mat2 must be a matrix");
        }
        if (a.shape[1] != b.shape[0]) {
            throw new IllegalArgumentException("mat1 and mat2 shapes cannot be multiplied (" + a.shape[0] + "x"
                    + a.shape[1] + " and " + b.shape[0] + "x" + b.shape[1] + ")");
        }
        requireSameDType(a, b);
        requireNotBool("addmm_impl_cpu_", a);
        Tensor out = Compute.matmul(a, b);
        if (!OpNode.shouldRecord(a, b)) {
            return out;
        }
        return OpNode.record(out, "MmBackward0", MM_RULE, new Tensor[] {a, b},
                OpNode.differentiable(b) ? a : null, OpNode.differentiable(a) ? b : null);
    }

    static Tensor bmm(Tensor a, Tensor b) {
        if (a.dim() != 3) {
            throw new IllegalArgumentException("batch1 must be a 3D tensor");
        }
        if (b.dim() != 3) {
            throw new IllegalArgumentException("batch2 must be a 3D tensor");
        }
        if (b.shape[0] != a.shape[0] || b.shape[1] != a.shape[2]) {
            throw new IllegalArgumentException("Expected size for first two dimensions of batch2 tensor to be: ["
                    + a.shape[0] + ", " + a.shape[2] + "] but got: [" + b.shape[0] + ", " + b.shape[1] + "].");
        }
        requireSameDType(a, b);
        requireNotBool("bmm", a);
        Tensor out = Compute.bmm(a, b);
        if (!OpNode.shouldRecord(a, b)) {
            return out;
        }
        return OpNode.record(out, "BmmBackward0", BMM_RULE, new Tensor[] {a, b},
                OpNode.differentiable(b) ? a : null, OpNode.differentiable(a) ? b : null);
    }

    /** {@code a @ b}, decomposed into dot, mv, mm and bmm exactly as torch.matmul does (so the graph has its nodes). */
    static Tensor matmul(Tensor a, Tensor b) {
        int da = a.dim();
        int db = b.dim();
        if (da == 0 || db == 0) {
            throw new IllegalArgumentException("both arguments to matmul need to be at least 1D, but they are "
                    + da + "D and " + db + "D");
        }
        if (da == 1 && db == 1) {
            return dot(a, b);
        }
        if (da == 2 && db == 1) {
            return mv(a, b);
        }
        if (da == 1 && db == 2) {
            return a.unsqueeze(0).mm(b).squeeze(0);
        }
        if (da == 2 && db == 2) {
            return mm(a, b);
        }
        if (da >= 3 && db <= 2) {
            return foldedMatmul(a, b);
        }
        if (db >= 3 && da <= 2) {
            // (a @ b) = (b^T @ a^T)^T, which lets the batch of b fold into one mm.
            Tensor out = foldedMatmul(b.mT(), da == 2 ? a.t() : a);
            return da == 2 ? out.mT().contiguous() : out;
        }
        return broadcastBatchedMatmul(a, b);
    }

    /** a has 3+ dims and b 1 or 2: fold a's batch into the rows of one mm (or mv). */
    private static Tensor foldedMatmul(Tensor a, Tensor b) {
        int k = a.shape[a.dim() - 1];
        int rows = 1;
        for (int d = 0; d < a.dim() - 1; d++) {
            rows *= a.shape[d];
        }
        int[] outShape = Arrays.copyOf(a.shape, b.dim() == 2 ? a.dim() : a.dim() - 1);
        if (b.dim() == 2) {
            outShape[a.dim() - 1] = b.shape[1];
        }
        Tensor folded = a.reshape(rows, k);
        Tensor product = b.dim() == 2 ? folded.mm(b) : folded.mv(b);
        return Views.unsafeView(product, outShape);
    }

    /** Both operands batched: broadcast the batch dims, flatten them, one bmm. */
    private static Tensor broadcastBatchedMatmul(Tensor a, Tensor b) {
        int da = a.dim();
        int db = b.dim();
        int n = da > 1 ? a.shape[da - 2] : 1;
        int k = a.shape[da - 1];
        int k2 = db > 1 ? b.shape[db - 2] : b.shape[0];
        int p = db > 1 ? b.shape[db - 1] : 1;
        int[] batch = Shapes.broadcast(Arrays.copyOf(a.shape, Math.max(da - 2, 0)), Arrays.copyOf(b.shape, Math.max(db - 2, 0)));
        long batchSize = Shapes.numel(batch);
        Tensor left = a.expand(withTail(batch, n, k)).reshape(batchSize, n, k);
        Tensor right = db == 1
                ? b.expand(withTail(batch, k2)).reshape(batchSize, k2).unsqueeze(2)
                : b.expand(withTail(batch, k2, p)).reshape(batchSize, k2, p);
        int[] outShape = Arrays.copyOf(batch, batch.length + (da > 1 ? 1 : 0) + (db > 1 ? 1 : 0));
        int at = batch.length;
        if (da > 1) {
            outShape[at++] = n;
        }
        if (db > 1) {
            outShape[at] = p;
        }
        Tensor product = left.bmm(right);
        return Views.unsafeView(db == 1 ? product.squeeze(-1) : product, outShape);
    }

    private static long[] withTail(int[] batch, int... tail) {
        long[] out = new long[batch.length + tail.length];
        for (int i = 0; i < batch.length; i++) {
            out[i] = batch[i];
        }
        for (int i = 0; i < tail.length; i++) {
            out[batch.length + i] = tail[i];
        }
        return out;
    }

    private static void requireSameDType(Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException("expected scalar type " + a.dtype().scalarTypeName() + " but found "
                    + b.dtype().scalarTypeName());
        }
    }

    private static void requireNotBool(String kernel, Tensor t) {
        if (t.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("\"" + kernel + "\" not implemented for 'Bool'");
        }
    }
}
