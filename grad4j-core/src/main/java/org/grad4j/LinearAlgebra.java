package org.grad4j;

import org.grad4j.internal.kernel.ReduceKernels;
import org.grad4j.internal.tensor.Shapes;
import org.grad4j.internal.tensor.Storage;

/** dot, mv, mm and matmul for 1-d and 2-d operands, with their derivatives. */
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
        requireSameDType("dot", a, b);
        Tensor out = new Tensor(dotProduct(a, b), Shapes.SCALAR);
        if (!OpNode.shouldRecord(a, b)) {
            return out;
        }
        return OpNode.record(out, "DotBackward0", DOT_RULE, new Tensor[] {a, b},
                b.requiresGrad() ? a : null, a.requiresGrad() ? b : null);
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
            throw new IllegalArgumentException("size mismatch, got input (" + matrix.shape[0] + "), mat ("
                    + matrix.shape[0] + "x" + matrix.shape[1] + "), vec (" + vector.shape[0] + ")");
        }
        requireSameDType("mv", matrix, vector);
        Tensor column = new Tensor(vector.storage, new int[] {vector.shape[0], 1},
                new int[] {vector.strides[0], 1}, vector.offset, null);
        Tensor product = Compute.matmul(matrix, column);
        Tensor out = new Tensor(product.storage, new int[] {matrix.shape[0]});
        if (!OpNode.shouldRecord(matrix, vector)) {
            return out;
        }
        return OpNode.record(out, "MvBackward0", MV_RULE, new Tensor[] {matrix, vector},
                vector.requiresGrad() ? matrix : null, matrix.requiresGrad() ? vector : null);
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
        requireSameDType("mm", a, b);
        Tensor out = Compute.matmul(a, b);
        if (!OpNode.shouldRecord(a, b)) {
            return out;
        }
        return OpNode.record(out, "MmBackward0", MM_RULE, new Tensor[] {a, b},
                b.requiresGrad() ? a : null, a.requiresGrad() ? b : null);
    }

    /** {@code a @ b} for operands of 1 or 2 dimensions, dispatching as torch.matmul does. */
    static Tensor matmul(Tensor a, Tensor b) {
        if (a.dim() == 0 || b.dim() == 0) {
            throw new IllegalArgumentException("both arguments to matmul need to be at least 1D, but they are "
                    + a.dim() + "D and " + b.dim() + "D");
        }
        if (a.dim() > 2 || b.dim() > 2) {
            throw new IllegalArgumentException("matmul of " + a.dim() + "D and " + b.dim()
                    + "D tensors: batched matmul is not supported yet; use operands of at most 2 dimensions");
        }
        if (a.dim() == 1 && b.dim() == 1) {
            return dot(a, b);
        }
        if (a.dim() == 2 && b.dim() == 1) {
            return mv(a, b);
        }
        if (a.dim() == 1) {
            return a.unsqueeze(0).mm(b).squeeze(0);
        }
        return mm(a, b);
    }

    private static void requireSameDType(String op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException("expected scalar type " + typeWord(a.dtype()) + " but found "
                    + typeWord(b.dtype()) + " (" + op + " requires both operands to have the same dtype)");
        }
    }

    private static String typeWord(DType type) {
        switch (type) {
            case FLOAT32: return "Float";
            case FLOAT64: return "Double";
            case INT64: return "Long";
            default: return "Bool";
        }
    }
}
