package org.grad4j;

import java.util.Arrays;
import java.util.List;
import org.grad4j.internal.kernel.StridedCopy;
import org.grad4j.internal.tensor.Shapes;
import org.grad4j.internal.tensor.Storage;

/** torch.cat and torch.stack: each input is copied once, straight into its region of the result. */
final class Joining {
    private Joining() {
    }

    static Tensor cat(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("torch.cat(): expected a non-empty list of Tensors");
        }
        for (int i = 0; i < tensors.size(); i++) {
            if (tensors.get(i).dim() == 0) {
                throw new IllegalArgumentException("zero-dimensional tensor (at position " + i + ") cannot be concatenated");
            }
        }
        Tensor reference = tensors.get(0);
        for (Tensor t : tensors) {
            if (!isLegacyEmpty(t)) {
                reference = t;
                break;
            }
        }
        int d = Shapes.wrapDim(dim, reference.dim());
        int[] shape = reference.shape.clone();
        shape[d] = 0;
        DType type = tensors.get(0).dtype();
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            type = DType.promote(type, t.dtype());
            if (isLegacyEmpty(t) && reference.dim() != 1) {
                continue;
            }
            if (t.dim() != reference.dim()) {
                throw new IllegalArgumentException("Tensors must have same number of dimensions: got "
                        + reference.dim() + " and " + t.dim());
            }
            for (int k = 0; k < shape.length; k++) {
                if (k != d && t.shape[k] != reference.shape[k]) {
                    throw new IllegalArgumentException("Sizes of tensors must match except in dimension " + d
                            + ". Expected size " + reference.shape[k] + " but got size " + t.shape[k]
                            + " for tensor number " + i + " in the list.");
                }
            }
            shape[d] += t.shape[d];
        }
        Tensor out = new Tensor(Storage.allocate(type, Shapes.numel(shape)), shape);
        long[] starts = new long[tensors.size()];
        long start = 0;
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            starts[i] = start;
            if (isLegacyEmpty(t) && reference.dim() != 1) {
                continue;
            }
            copyInto(out, out.strides, start * out.strides[d], t);
            start += t.shape[d];
        }
        Tensor[] inputs = tensors.toArray(new Tensor[0]);
        if (!OpNode.shouldRecord(inputs)) {
            return out;
        }
        boolean skipsEmpty = reference.dim() != 1;
        return OpNode.record(out, "CatBackward0", (node, g, s) -> {
            Tensor[] grads = new Tensor[inputs.length];
            for (int i = 0; i < grads.length; i++) {
                boolean skipped = skipsEmpty && inputs[i].numel() == 0 && inputs[i].dim() == 1;
                if (node.needs(i) && !skipped) {
                    grads[i] = g.narrow(d, starts[i], inputs[i].shape[d]);
                }
            }
            return grads;
        }, inputs);
    }

    static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("stack expects a non-empty TensorList");
        }
        Tensor first = tensors.get(0);
        int d = Shapes.wrapDim(dim, first.dim() + 1);
        DType type = first.dtype();
        for (int i = 1; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (!Arrays.equals(t.shape, first.shape)) {
                throw new IllegalArgumentException("stack expects each tensor to be equal size, but got "
                        + Shapes.format(first.shape) + " at entry 0 and " + Shapes.format(t.shape) + " at entry " + i);
            }
            type = DType.promote(type, t.dtype());
        }
        int[] shape = new int[first.dim() + 1];
        for (int k = 0, j = 0; k < shape.length; k++) {
            shape[k] = k == d ? tensors.size() : first.shape[j++];
        }
        Tensor out = new Tensor(Storage.allocate(type, Shapes.numel(shape)), shape);
        int[] regionStrides = new int[first.dim()];
        for (int k = 0, j = 0; k < shape.length; k++) {
            if (k != d) {
                regionStrides[j++] = out.strides[k];
            }
        }
        for (int i = 0; i < tensors.size(); i++) {
            copyInto(out, regionStrides, (long) i * out.strides[d], tensors.get(i));
        }
        Tensor[] inputs = tensors.toArray(new Tensor[0]);
        if (!OpNode.shouldRecord(inputs)) {
            return out;
        }
        return OpNode.record(out, "StackBackward0", (node, g, s) -> {
            Tensor[] grads = new Tensor[inputs.length];
            for (int i = 0; i < grads.length; i++) {
                grads[i] = node.needs(i) ? g.select(d, i) : null;
            }
            return grads;
        }, inputs);
    }

    /** Copies {@code part} into the region of dense {@code out} at {@code offset} with strides {@code dstStrides}. */
    private static void copyInto(Tensor out, int[] dstStrides, long offset, Tensor part) {
        if (part.numel() == 0) {
            return;
        }
        Tensor src = part.dtype() == out.dtype() ? part : Compute.convert(part, out.dtype());
        StridedCopy.copy(src.storage, src.strides, src.offset, out.storage, dstStrides, (int) offset, part.shape);
    }

    private static boolean isLegacyEmpty(Tensor t) {
        return t.dim() == 1 && t.shape[0] == 0;
    }
}
