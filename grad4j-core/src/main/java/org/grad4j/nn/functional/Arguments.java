package org.grad4j.nn.functional;

import java.util.Arrays;
import org.grad4j.Tensor;
import org.grad4j.internal.tensor.Shapes;

/**
 * Argument checks and small helpers shared by {@link F}'s ops: reduction names, ATen's dtype
 * failures, broadcasting and Python's spelling of sizes and numbers in messages.
 */
final class Arguments {
    private Arguments() {
    }

    static Tensor reduce(Tensor loss, String reduction) {
        switch (reduction) {
            case "mean": return loss.mean();
            case "sum": return loss.sum();
            default: return loss;
        }
    }

    static void requireReduction(String reduction) {
        if (!reduction.equals("mean") && !reduction.equals("sum") && !reduction.equals("none")) {
            throw new IllegalArgumentException(reduction + " is not a valid value for reduction");
        }
    }

    /** ATen's dispatch failure for integer inputs to floating-only kernels. */
    static void requireFloating(Tensor x, String kernel) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("\"" + kernel + "\" not implemented for '" + x.dtype().scalarTypeName()
                    + "'");
        }
    }

    /** {@code torch.broadcast_tensors(a, b)}: unchanged when the shapes already agree. */
    static Tensor[] broadcastTensors(Tensor a, Tensor b) {
        if (Arrays.equals(a.shape(), b.shape())) {
            return new Tensor[] {a, b};
        }
        long[] shape = broadcastShape(a, b);
        return new Tensor[] {a.expand(shape), b.expand(shape)};
    }

    static long[] broadcastShape(Tensor a, Tensor b) {
        return Shapes.toLongs(Shapes.broadcast(Shapes.toInts(a.shape()), Shapes.toInts(b.shape())));
    }

    /** A shape of {@code rank} ones with {@code size} at {@code dim}: a per-class vector lined up for broadcasting. */
    static long[] classShape(int rank, int dim, long size) {
        long[] shape = new long[rank];
        Arrays.fill(shape, 1);
        shape[dim] = size;
        return shape;
    }

    static String torchSize(Tensor t) {
        return "torch.Size(" + Shapes.format(t.shape()) + ")";
    }

    /** A double as Python prints it in these messages (1.5, 2.0). */
    static String number(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v) ? String.valueOf((long) v) + ".0" : String.valueOf(v);
    }
}
